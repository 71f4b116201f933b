/* The command-line program (src/cli/) end to end, from C: determinism — the
 * same input and thread count give bit-identical outputs (the CLI runs
 * `assign` twice with 2 threads for every method and the link_performance.csv
 * files must be byte for byte equal, convergence.csv too except its
 * wall-clock column; likewise the scenario tables); the analysis commands on
 * a plain GMNS network with hand-checked answers; every analysis subcommand on
 * data/eurasia with its outputs and errors.  The shell tests tests/cli_*.sh
 * cover the rest of the CLI (bad input, signals, report, install). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

static const char *const METHODS[] = {"fw", "cfw", "bfw", "bush"};


/* Removes the column named `name` (wall clock: "seconds") from CSV text in
 * place; fields are split on commas (no quoted commas in these tables). */
static void strip_column(char *s, const char *name)
{
    int col = -1, k = 0;
    size_t nl = strlen(name);
    for (const char *p = s; *p && *p != '\n'; k++) {
        const char *e = p + strcspn(p, ",\n");
        if ((size_t)(e - p) == nl && !strncmp(p, name, nl)) col = k;
        p = *e == ',' ? e + 1 : e;
    }
    if (col < 0) return;
    char *w = s;
    for (char *line = s; *line;) {
        char *end = line + strcspn(line, "\n");
        int f = 0;
        char *p = line;
        while (p <= end) {
            char *e = p + strcspn(p, ",\n");
            if (e > end) e = end;
            if (f != col) {
                if (w != s && w[-1] != '\n' && f > 0 && !(col == 0 && f == 1)) *w++ = ',';
                memmove(w, p, (size_t)(e - p));
                w += e - p;
            }
            f++;
            if (e == end) break;
            p = e + 1;
        }
        if (*end == '\n') *w++ = '\n';
        line = *end ? end + 1 : end;
    }
    *w = '\0';
}

static void run_twice(const char *net, const char *trips, const char *method, const char *extra)
{
    char *dir = tu_tmpdir();
    char *lp[2], *cv[2];
    size_t ll[2], cl[2];
    int rc[2];
    for (int i = 0; i < 2; i++) {
        char *out = NULL;
        rc[i] = tu_cli(&out, "assign '%s' --demand '%s' --method %s --threads 2 %s --out '%s/run%d'",
                       net, trips, method, extra, dir, i);
        if (rc[i] != 0 && rc[i] != 3) fail_msg("%s: exit %d: %s", method, rc[i], out);
        free(out);
        char p[4200];
        snprintf(p, sizeof p, "%s/run%d/link_performance.csv", dir, i);
        lp[i] = tu_slurp(p, &ll[i]);
        assert_non_null(lp[i]);
        snprintf(p, sizeof p, "%s/run%d/convergence.csv", dir, i);
        cv[i] = tu_slurp(p, &cl[i]);
        assert_non_null(cv[i]);
    }
    assert_int_equal(rc[0], rc[1]);
    assert_true(ll[0] > 100);
    if (ll[0] != ll[1] || memcmp(lp[0], lp[1], ll[0]) != 0) {
        size_t k = 0;
        while (k < ll[0] && k < ll[1] && lp[0][k] == lp[1][k]) k++;
        fail_msg("%s: link_performance.csv differs between two runs at byte %zu", method, k);
    }
    strip_column(cv[0], "seconds");
    strip_column(cv[1], "seconds");
    assert_true(strlen(cv[0]) > 30);
    if (strcmp(cv[0], cv[1]) != 0) fail_msg("%s: convergence.csv differs (besides seconds)", method);
    print_message("  %s: %zu bytes identical, exit %d\n", method, ll[0], rc[0]);
    for (int i = 0; i < 2; i++) { free(lp[i]); free(cv[i]); }
    tu_rmtree(dir);
    free(dir);
}

static void cli_grid_every_method(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), *net, *trips;
    tu_grid(dir, &net, &trips);
    for (size_t i = 0; i < sizeof METHODS / sizeof *METHODS; i++)
        run_twice(net, trips, METHODS[i], "--gap 1e-6 --max-iter 25");
    free(net);
    free(trips);
    tu_rmtree(dir);
    free(dir);
}

/* The bush solver runs small problems on one thread; the CLI's tuning
 * variables (negative thresholds: always) force the threaded phases (2
 * threads, staged shifts) on the grid. */
static void cli_grid_bush_threaded(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), *net, *trips;
    tu_grid(dir, &net, &trips);
    setenv("COR_BUSH_SERIAL_WORK", "-1", 1);
    setenv("COR_BUSH_PAR_WORK", "-1", 1);
    run_twice(net, trips, "bush", "--gap 1e-8 --max-iter 30");
    unsetenv("COR_BUSH_SERIAL_WORK");
    unsetenv("COR_BUSH_PAR_WORK");
    free(net);
    free(trips);
    tu_rmtree(dir);
    free(dir);
}

static void cli_siouxfalls_every_method(void **state)
{
    (void)state;
    const char *net = tu_shared("tntp/SiouxFalls_net.tntp");
    const char *trips = tu_shared("tntp/SiouxFalls_trips.tntp");
    if (!net || !trips) skip();
    char n[4096], t[4096];
    snprintf(n, sizeof n, "%s", net);
    snprintf(t, sizeof t, "%s", trips);
    for (size_t i = 0; i < sizeof METHODS / sizeof *METHODS; i++) run_twice(n, t, METHODS[i], "--gap 1e-5 --max-iter 500");
}

/* The freight data (GMNS + class.csv): assign per method, and a scenario
 * run whose every table must repeat byte for byte. */
static void cli_eurasia(void **state)
{
    (void)state;
    const char *data = tu_src("data/eurasia");
    char eu[4096];
    snprintf(eu, sizeof eu, "%s", data);
    char dem[4200];
    snprintf(dem, sizeof dem, "%s/demand.csv", eu);
    FILE *fp = fopen(dem, "r");
    if (!fp) skip();
    fclose(fp);
    for (size_t i = 0; i < sizeof METHODS / sizeof *METHODS; i++)
        run_twice(eu, dem, METHODS[i], "--gap 1e-7 --max-iter 200");
    char *dir = tu_tmpdir();
    /* every table byte for byte, but for the wall-clock "seconds" column */
    static const char *const tables[] = {"summary.csv", "corridors.csv", "od.csv", "unserved.csv"};
    for (int r = 0; r < 2; r++) {
        char *out = NULL;
        int rc = tu_cli(&out, "scenario '%s' --scenario '%s/scenarios/tripp-open.scenario' --threads 2 --out '%s/sc%d'",
                        eu, eu, dir, r);
        if (rc != 0 && rc != 3) fail_msg("scenario: exit %d: %s", rc, out);
        free(out);
    }
    int compared = 0;
    for (size_t t = 0; t < sizeof tables / sizeof *tables; t++) {
        char p0[4400], p1[4400];
        snprintf(p0, sizeof p0, "%s/sc0/%s", dir, tables[t]);
        snprintf(p1, sizeof p1, "%s/sc1/%s", dir, tables[t]);
        size_t l0, l1;
        char *a = tu_slurp(p0, &l0), *b = tu_slurp(p1, &l1);
        if (!a && !b) continue; /* a table this version does not write */
        assert_non_null(a);
        assert_non_null(b);
        strip_column(a, "seconds");
        strip_column(b, "seconds");
        if (strcmp(a, b) != 0) fail_msg("scenario: %s differs between two runs:\n%s\n%s", tables[t], a, b);
        compared++;
        free(a);
        free(b);
    }
    assert_true(compared >= 2);
    tu_rmtree(dir);
    free(dir);
}

static void test_cli_plain_gmns(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    free(tu_write(dir, "node.csv",
                  "node_id,zone_id,country\n1,1,AA\n2,2,BB\n3,3,CC\n4,,XX\n5,,YY\n"));
    /* 1->2 only by L12; 1->3 over two equal congested branches via 4 (XX)
     * and via 5 (YY): half of it crosses XX */
    free(tu_write(dir, "link.csv",
                  "link_id,from_node_id,to_node_id,free_flow_time,capacity,vdf_alpha,vdf_beta,country\n"
                  "L12,1,2,1,1000,0,4,AA-BB\n"
                  "L14,1,4,1,10,1,1,AA-XX\n"
                  "L43,4,3,1,10,1,1,XX-CC\n"
                  "L15,1,5,1,10,1,1,AA-YY\n"
                  "L53,5,3,1,10,1,1,YY-CC\n"));
    free(tu_write(dir, "demand.csv", "o_zone_id,d_zone_id,volume\n1,2,30\n1,3,10\n"));
    char *out = NULL;
    int rc = tu_cli(&out, "select-link '%s' --link L14 --json --gap 1e-10", dir);
    if (rc) fail_msg("select-link exit %d: %s", rc, out);
    assert_non_null(strstr(out, "\"origin\": \"1\", \"destination\": \"3\", \"served_t\": 10, \"select_t\": 5"));
    assert_null(strstr(out, "\"destination\": \"2\""));
    free(out);
    rc = tu_cli(&out, "exposure '%s' --json --gap 1e-10", dir);
    if (rc) fail_msg("exposure exit %d: %s", rc, out);
    /* XX carries 5 of the 40 t served: share 0.125; of OD 1->3: 0.5 */
    assert_non_null(strstr(out, "\"country\": \"XX\", \"transit_t\": 5, \"share_t\": 0.1250"));
    assert_non_null(strstr(out, "\"destination_country\": \"CC\", \"served_t\": 10, \"country\": \"XX\", \"transit_t\": 5, \"share\": 0.5000"));
    assert_null(strstr(out, "\"country\": \"AA\", \"transit_t\": 5"));
    free(out);
    rc = tu_cli(&out, "criticality '%s' --json --gap 1e-10", dir);
    if (rc) fail_msg("criticality exit %d: %s", rc, out);
    assert_non_null(strstr(out, "\"rank\": 1, \"link\": \"L12\""));
    assert_non_null(strstr(out, "\"delta_unserved_t\": 30"));
    free(out);
    /* a scenario closing L12 disconnects 1->2: exactly its 30 unserved */
    char *sc = tu_write(dir, "close.scenario", "close link L12\nscale-demand 2 to 3\n");
    rc = tu_cli(&out, "scenario '%s' --scenario '%s' --out '%s/out' --json --gap 1e-10", dir, sc, dir);
    if (rc) fail_msg("scenario exit %d: %s", rc, out);
    assert_non_null(strstr(out, "{\"scenario\": \"close\", \"class\": \"all\", \"origin\": \"1\", \"destination\": \"2\", \"unserved_t\": 30, \"base_unserved_t\": 0}"));
    /* 1->3 doubled to 20: 10 per branch, time 1+10/10 = 2 per link: 4 h */
    assert_non_null(strstr(out, "\"origin\": \"1\", \"destination\": \"3\", \"demand_t\": 20, \"served_t\": 20, \"unserved_t\": 0, \"base_served_t\": 10"));
    free(out);
    free(sc);
    tu_rmtree(dir);
    free(dir);
}

/* The CLI end to end: every subcommand on data/eurasia, outputs written. */
static void test_eurasia_cli(void **state)
{
    (void)state;
    if (!tu_have_eurasia()) skip();
    char *dir = tu_tmpdir();
    char *out = NULL;
    const char *src = tu_src("");
    int rc = tu_cli(&out, "scenario '%sdata/eurasia' --scenario '%sdata/eurasia/scenarios/red-sea-closed.scenario' "
                    "--scenario '%sdata/eurasia/scenarios/2030-tripp-russia-closed.scenario' --out '%s/s'",
                    src, src, src, dir);
    if (rc) fail_msg("scenario exit %d: %s", rc, out);
    assert_non_null(strstr(out, "red-sea-closed"));
    assert_non_null(strstr(out, "cape"));
    free(out);
    char path[4096];
    const char *files[] = {"summary.csv", "corridors.csv", "od.csv", "unserved.csv"};
    for (int i = 0; i < 4; i++) {
        struct stat sb;
        snprintf(path, sizeof path, "%s/s/%s", dir, files[i]);
        assert_int_equal(stat(path, &sb), 0);
    }
    rc = tu_cli(&out, "exposure '%sdata/eurasia' --json", src);
    if (rc) fail_msg("exposure exit %d: %s", rc, out);
    assert_non_null(strstr(out, "\"exposure_headline\""));
    assert_non_null(strstr(out, "\"country\": \"RU\""));
    free(out);
    /* a solve stopped at its iteration limit: exit 3 with the message (the
     * exposure computation used to overwrite the solve's status: exit 0) */
    rc = tu_cli(&out, "exposure '%sdata/eurasia' --max-iter 1", src);
    assert_int_equal(rc, 3);
    assert_non_null(strstr(out, "corridor exposure: the solve stopped at its limit before the gap target"));
    free(out);
    rc = tu_cli(&out, "select-link '%sdata/eurasia' --link L031 --out '%s/sl'", src, dir);
    if (rc) fail_msg("select-link exit %d: %s", rc, out);
    assert_non_null(strstr(out, "kz_astana"));
    free(out);
    rc = tu_cli(&out, "criticality '%sdata/eurasia' --by country --top 3 --out '%s/c'", src, dir);
    if (rc) fail_msg("criticality exit %d: %s", rc, out);
    assert_non_null(strstr(out, "rank"));
    free(out);
    /* errors: unknown link, bad scenario, missing --out */
    rc = tu_cli(&out, "select-link '%sdata/eurasia' --link NOPE", src);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(out, "NOPE"));
    free(out);
    char *bad = tu_write(dir, "bad.scenario", "close link L999\n");
    rc = tu_cli(&out, "scenario '%sdata/eurasia' --scenario '%s' --out '%s/x'", src, bad, dir);
    assert_int_equal(rc, 2);
    assert_non_null(strstr(out, "bad.scenario:1: field link"));
    free(out);
    free(bad);
    rc = tu_cli(&out, "scenario '%sdata/eurasia' --scenario '%sdata/eurasia/scenarios/base.scenario'", src, src);
    assert_int_equal(rc, 1);
    free(out);
    tu_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cli_grid_every_method),
        cmocka_unit_test(cli_grid_bush_threaded),
        cmocka_unit_test(cli_siouxfalls_every_method),
        cmocka_unit_test(cli_eurasia),
        cmocka_unit_test(test_cli_plain_gmns),
        cmocka_unit_test(test_eurasia_cli),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
