/* corridor tests — determinism: the same input and thread count give
 * bit-identical outputs.  The CLI runs `assign` twice with 2 threads for
 * every method and the link_performance.csv files must be byte for byte
 * equal (convergence.csv too, except its wall-clock column); the library
 * gives bit-identical flows on repeated calls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static const char *const METHODS[] = {"fw", "cfw", "bfw", "bush"};

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    size_t cap = 1 << 16, n = 0, r;
    char *b = malloc(cap + 1);
    assert_non_null(b);
    while ((r = fread(b + n, 1, cap - n, fp)) > 0) {
        n += r;
        if (n == cap) {
            cap *= 2;
            b = realloc(b, cap + 1);
            assert_non_null(b);
        }
    }
    fclose(fp);
    b[n] = '\0';
    *len = n;
    return b;
}

/* A 30 x 30 grid with 100 zones (TNTP zones are nodes 1..100, spread over
 * the grid) and demand between every pair: large enough that the
 * all-or-nothing sweeps really run on 2 threads (small ones run on one). */
static void write_grid(const char *dir, char **net_path, char **trips_path)
{
    enum { N = 30 };
    int id[N][N], z = 0, k;
    for (int r = 0; r < N; r++)
        for (int c = 0; c < N; c++) id[r][c] = (r % 3 == 0 && c % 3 == 0) ? ++z : 0;
    k = z;
    for (int r = 0; r < N; r++)
        for (int c = 0; c < N; c++)
            if (!id[r][c]) id[r][c] = ++k;
    size_t cap = 1 << 22, len = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    int m = 4 * N * (N - 1);
    len += (size_t)snprintf(t + len, cap - len,
                            "<NUMBER OF ZONES> %d\n<NUMBER OF NODES> %d\n<FIRST THRU NODE> 1\n"
                            "<NUMBER OF LINKS> %d\n<END OF METADATA>\n", z, N * N, m);
    for (int r = 0; r < N; r++)
        for (int c = 0; c < N; c++) {
            int nb[2][2] = {{r, c + 1}, {r + 1, c}};
            for (int e = 0; e < 2; e++) {
                int r2 = nb[e][0], c2 = nb[e][1];
                if (r2 >= N || c2 >= N) continue;
                double cap1 = 300 + ((r * 7 + c * 13) % 10) * 60, fft = 1 + (r + c) % 3 + 0.1 * e;
                len += (size_t)snprintf(t + len, cap - len, "%d %d %g 1 %g 0.15 4 0 0 1 ;\n%d %d %g 1 %g 0.15 4 0 0 1 ;\n",
                                        id[r][c], id[r2][c2], cap1, fft, id[r2][c2], id[r][c], cap1 * 1.1, fft);
            }
        }
    *net_path = tu_write(dir, "grid_net.tntp", t);
    len = 0;
    len += (size_t)snprintf(t + len, cap - len, "<NUMBER OF ZONES> %d\n<END OF METADATA>\n", z);
    for (int o = 1; o <= z; o++) {
        len += (size_t)snprintf(t + len, cap - len, "Origin %d\n", o);
        for (int d = 1; d <= z; d++)
            if (d != o) len += (size_t)snprintf(t + len, cap - len, "%d : %d.%d ;\n", d, 40 + (o * d) % 90, o % 7);
    }
    *trips_path = tu_write(dir, "grid_trips.tntp", t);
    free(t);
}

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
        lp[i] = slurp(p, &ll[i]);
        assert_non_null(lp[i]);
        snprintf(p, sizeof p, "%s/run%d/convergence.csv", dir, i);
        cv[i] = slurp(p, &cl[i]);
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
    write_grid(dir, &net, &trips);
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
    write_grid(dir, &net, &trips);
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
        char *a = slurp(p0, &l0), *b = slurp(p1, &l1);
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

/* The library: repeated calls with 2 threads give bit-identical flows. */
static void library_repeat(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), *np, *tp;
    write_grid(dir, &np, &tp);
    cor_network *net = NULL;
    cor_demand *dem = NULL;
    cor_error err = {0};
    assert_int_equal(cor_read_tntp_net(np, &net, &err), COR_OK);
    assert_int_equal(cor_read_tntp_trips(tp, net, &dem, &err), COR_OK);
    cor_class c = {.name = "all", .demand = dem->od, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    for (int m = 0; m <= COR_METHOD_BUSH; m++) {
        cor_solution *s[2];
        for (int i = 0; i < 2; i++) {
            cor_assign_params par;
            cor_assign_params_default(&par);
            par.method = (cor_method)m;
            par.gap = 1e-7;
            par.max_iter = 15;
            par.threads = 2;
            cor_status st = cor_assign(&p, &par, &s[i], &err);
            assert_true(st == COR_OK || st == COR_E_NOCONV);
        }
        assert_int_equal(s[0]->iterations, s[1]->iterations);
        assert_memory_equal(s[0]->flow, s[1]->flow, sizeof(double) * (size_t)net->n_links);
        assert_memory_equal(s[0]->time, s[1]->time, sizeof(double) * (size_t)net->n_links);
        assert_memory_equal(&s[0]->relative_gap, &s[1]->relative_gap, sizeof(double));
        assert_memory_equal(&s[0]->objective, &s[1]->objective, sizeof(double));
        cor_solution_destroy(s[0]);
        cor_solution_destroy(s[1]);
    }
    cor_demand_destroy(dem);
    cor_network_destroy(net);
    free(np);
    free(tp);
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
        cmocka_unit_test(library_repeat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
