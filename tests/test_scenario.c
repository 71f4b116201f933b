/* Tests of scenario files (parsing, inheritance, errors, edits) and sanity
 * checks of the shipped data/eurasia scenarios and analysis commands. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

#define COR_FUZZ_REPLAY 1
#include "fuzz/fuzz_scenario.c"
#include "corridor/analysis.h"

/* Nodes 1..4 (zones 1, 2), links with country/mode/corridor/status. */
static cor_network *mknet(void)
{
    cor_netbuilder *b = cor_netbuilder_create();
    const char *ids[] = {"1", "2", "3", "4"};
    for (int i = 0; i < 4; i++) assert_int_equal(cor_netbuilder_add_node(b, ids[i], NAN, NAN, NULL), i);
    assert_int_equal(cor_netbuilder_add_zone(b, 0, "1", NULL), COR_OK);
    assert_int_equal(cor_netbuilder_add_zone(b, 1, "2", NULL), COR_OK);
    const char *lc[] = {"country", "mode", "corridor", "status"};
    assert_int_equal(cor_netbuilder_link_extra_cols(b, 4, lc, NULL), COR_OK);
    const char *nc[] = {"country"};
    assert_int_equal(cor_netbuilder_node_extra_cols(b, 1, nc, NULL), COR_OK);
    const char *ncv[] = {"KZ", "TR", "RU", "AM"};
    for (int i = 0; i < 4; i++) assert_int_equal(cor_netbuilder_node_extra_set(b, i, 0, ncv[i], NULL), COR_OK);
    struct { int f, t; const char *id, *c, *m, *cor, *st; } L[] = {
        {1, 3, "A", "KZ-RU", "rail", "northern", "open"},
        {3, 2, "B", "RU-TR", "rail", "northern", "open"},
        {1, 4, "C", "KZ-AM", "ferry", "middle;tripp", "planned"},
        {4, 2, "D", "AM-TR", "rail", "middle;tripp", "closed"},
        {1, 2, "E", "ZZ", "sea", "suez", "open"},
    };
    for (int k = 0; k < 5; k++) {
        cor_link_spec s = {.from = L[k].f - 1, .to = L[k].t - 1, .id = L[k].id, .fftime = 10 + k,
                           .capacity = 100, .alpha = 0.15, .beta = 4, .vdf = COR_VDF_BPR};
        assert_int_equal(cor_netbuilder_add_link(b, &s, NULL), COR_OK);
        assert_int_equal(cor_netbuilder_link_extra_set(b, k, 0, L[k].c, NULL), COR_OK);
        assert_int_equal(cor_netbuilder_link_extra_set(b, k, 1, L[k].m, NULL), COR_OK);
        assert_int_equal(cor_netbuilder_link_extra_set(b, k, 2, L[k].cor, NULL), COR_OK);
        assert_int_equal(cor_netbuilder_link_extra_set(b, k, 3, L[k].st, NULL), COR_OK);
    }
    cor_network *net = NULL;
    assert_int_equal(cor_netbuilder_finish(b, &net, NULL), COR_OK);
    return net;
}

static int32_t L(const cor_network *n, const char *id)
{
    int32_t a = cor_network_find_link(n, id);
    assert_true(a >= 0);
    return a;
}

static void test_parse_inherit_apply(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    free(tu_write(dir, "base.scenario", "# base\nname base-case\nyear 2026\nclose country RU\nscale-capacity mode rail 2\n"));
    char *p = tu_write(dir, "child.scenario",
                       "base base.scenario   # relative to this file\n"
                       "name child\n"
                       "description \"a child scenario\"\n"
                       "year 2030\n"
                       "open corridor tripp\n"
                       "open link B\n"
                       "set-time link E 50\n"
                       "add-time mode ferry 2.5\n"
                       "scale-cost link A 3\n"
                       "set-cost link B 7\n"
                       "scale-demand 2 class a from 1 to 2\n"
                       "scale-demand 0.5 to-country TR\n"
                       "set-demand 2 1 b 9\n");
    cor_scenario *s = NULL;
    cor_error err = {0};
    assert_int_equal(cor_scenario_load(p, &s, &err), COR_OK);
    assert_string_equal(cor_scenario_name(s), "child");
    assert_string_equal(cor_scenario_description(s), "a child scenario");
    assert_int_equal(cor_scenario_year(s), 2030);
    assert_int_equal(cor_scenario_n_edits(s), 11);
    cor_network *net = mknet();
    double cost[5] = {1, 2, 3, 4, 5};
    const char *cn[] = {"a", "b"};
    cor_demand *dem = cor_demand_create(2, 2, cn);
    dem->od[0 * 4 + 0 * 2 + 1] = 10; /* a 1->2 */
    dem->od[1 * 4 + 0 * 2 + 1] = 4;  /* b 1->2 */
    cor_scenario_effect eff;
    assert_int_equal(cor_scenario_edit(s, net, cost, dem, &eff, &err), COR_OK);
    /* close country RU: A and B; then open link B (by id: even if closed) */
    assert_int_equal(eff.open_override[L(net, "A")], 0);
    assert_int_equal(eff.open_override[L(net, "B")], 1);
    /* open corridor tripp: C (planned) but not D (status closed) */
    assert_int_equal(eff.open_override[L(net, "C")], 1);
    assert_int_equal(eff.open_override[L(net, "D")], -1);
    assert_int_equal(eff.open_override[L(net, "E")], -1);
    assert_int_equal(eff.n_closed, 1);
    assert_int_equal(eff.n_opened, 2);
    tu_close(net->capacity[L(net, "A")], 200, 1e-12); /* rail x2 from the base */
    tu_close(net->capacity[L(net, "C")], 100, 1e-12); /* ferry untouched */
    tu_close(net->fftime[L(net, "E")], 50, 1e-12);
    tu_close(net->fftime[L(net, "C")], 12 + 2.5, 1e-12);
    tu_close(cost[L(net, "A")], 3 * 1, 1e-12);
    tu_close(cost[L(net, "B")], 7, 1e-12);
    /* a 1->2: x2 then x0.5 (zone 2 is in TR); b 1->2: x0.5; b 2->1 set 9 */
    tu_close(dem->od[0 * 4 + 1], 10, 1e-12);
    tu_close(dem->od[4 + 1], 2, 1e-12);
    tu_close(dem->od[4 + 2], 9, 1e-12);
    cor_scenario_effect_free(&eff);
    cor_demand_destroy(dem);
    cor_network_destroy(net);
    cor_scenario_destroy(s);
    free(p);
    tu_rmtree(dir);
    free(dir);
}

static void expect_error(const char *dir, const char *name, const char *text, const char *needle)
{
    char *p = tu_write(dir, name, text);
    cor_scenario *s = NULL;
    cor_error err = {0};
    cor_status st = cor_scenario_load(p, &s, &err);
    if (st == COR_OK) {
        /* errors found only when applied to a network */
        cor_network *net = mknet();
        double cost[5] = {0};
        cor_scenario_effect eff;
        st = cor_scenario_edit(s, net, cost, NULL, &eff, &err);
        if (!st) cor_scenario_effect_free(&eff);
        cor_network_destroy(net);
        cor_scenario_destroy(s);
    }
    assert_int_equal(st, COR_E_INPUT);
    if (!strstr(err.msg, needle)) fail_msg("error '%s' lacks '%s'", err.msg, needle);
    free(p);
}

static void test_errors_name_file_line_field(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char want[512];
    snprintf(want, sizeof want, "%s/bad1.scenario:3: field factor", dir);
    expect_error(dir, "bad1.scenario", "# x\nclose link A\nscale-capacity link A two\n", want);
    snprintf(want, sizeof want, "%s/bad2.scenario:1:", dir);
    expect_error(dir, "bad2.scenario", "shut link A\n", want);
    snprintf(want, sizeof want, "%s/bad3.scenario:2: field link: selects no link ('ZZZ')", dir);
    expect_error(dir, "bad3.scenario", "\nclose link ZZZ\n", want);
    expect_error(dir, "bad4.scenario", "close colour red\n", "field colour: unknown selector");
    expect_error(dir, "bad5.scenario", "year 20x0\n", ":1: field year");
    expect_error(dir, "bad6.scenario", "close link A\nbase other.scenario\n", ":2: field base");
    expect_error(dir, "bad7.scenario", "base missing.scenario\n", "cannot open base scenario 'missing.scenario'");
    expect_error(dir, "bad8.scenario", "scale-demand -1\n", "field factor");
    expect_error(dir, "bad9.scenario", "scale-capacity link A 0\n", "field factor");
    /* cycles: a -> b -> a, and a file that is its own base */
    free(tu_write(dir, "cyc_b.scenario", "base cyc_a.scenario\n"));
    expect_error(dir, "cyc_a.scenario", "base cyc_b.scenario\n", "scenario base cycle");
    expect_error(dir, "self.scenario", "base self.scenario\n", "scenario base cycle");
    /* a bad line in a base names the base file and its line */
    free(tu_write(dir, "badbase.scenario", "close link A\n\nopen nowhere X\n"));
    snprintf(want, sizeof want, "%s/badbase.scenario:3: field nowhere", dir);
    expect_error(dir, "usesbad.scenario", "base badbase.scenario\nclose link B\n", want);
    tu_rmtree(dir);
    free(dir);
}

/* Random directive soup: every file parses to OK or an input error naming
 * the file, and every parsed file applies to OK or an input error; nothing
 * else (under the sanitizers: no crash, no leak). */
static void test_random_files(void **state)
{
    (void)state;
    static const char *const W[] = {
        "close", "open", "scale-capacity", "set-capacity", "scale-time", "set-time", "add-time",
        "scale-cost", "set-cost", "add-cost", "scale-demand", "set-demand", "base", "year", "name",
        "description", "link", "node", "country", "mode", "corridor", "status", "all", "from", "to",
        "class", "from-country", "to-country", "A", "B", "RU", "TR", "1", "2", "a", "b", "rail",
        "tripp", "0", "-3", "2.5", "1e400", "nan", "\"x y\"", "\"open", "#", "2030", "self.scenario", ""};
    const int nw = (int)(sizeof W / sizeof *W);
    char *dir = tu_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/self.scenario", dir);
    unsigned seed = 12345;
    int ok = 0, bad = 0;
    for (int it = 0; it < 400; it++) {
        FILE *fp = fopen(path, "w");
        assert_non_null(fp);
        int nl = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 5;
        for (int l = 0; l < nl; l++) {
            int nt = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 6;
            for (int t = 0; t < nt; t++)
                fprintf(fp, "%s%s", t ? " " : "", W[((seed = seed * 1103515245u + 12345u) >> 16) % (unsigned)nw]);
            fputc('\n', fp);
        }
        fclose(fp);
        cor_scenario *sc = NULL;
        cor_error err = {0};
        cor_status st = cor_scenario_load(path, &sc, &err);
        if (st) {
            assert_int_equal(st, COR_E_INPUT);
            assert_non_null(strstr(err.msg, "self.scenario"));
            bad++;
            continue;
        }
        cor_network *net = mknet();
        double cost[5] = {1, 1, 1, 1, 1};
        const char *cn[] = {"a", "b"};
        cor_demand *dem = cor_demand_create(2, 2, cn);
        cor_scenario_effect eff;
        st = cor_scenario_edit(sc, net, cost, dem, &eff, &err);
        if (st) assert_int_equal(st, COR_E_INPUT);
        else { cor_scenario_effect_free(&eff); ok++; }
        cor_demand_destroy(dem);
        cor_network_destroy(net);
        cor_scenario_destroy(sc);
    }
    assert_true(ok > 20 && bad > 20);
    tu_rmtree(dir);
    free(dir);
}

typedef struct solved {
    cor_freight *f;
    const cor_problem *p;
    cor_od_solution *s;
} solved;

static cor_freight *g_base;
static cor_od_solution *g_base_sol;

static int setup_eurasia(void **state)
{
    (void)state;
    if (!tu_have_eurasia()) return 0;
    cor_freight_opts fo = {0};
    cor_error err = {0};
    if (cor_freight_load(tu_src("data/eurasia"), &fo, &g_base, &err)) {
        fprintf(stderr, "data/eurasia: %s\n", err.msg);
        return -1;
    }
    const cor_problem *p = cor_freight_problem(g_base, &err);
    cor_assign_params par;
    cor_assign_params_default(&par);
    par.gap = 1e-8;
    par.threads = 1;
    if (!p || (cor_od_solve(p, &par, NULL, &g_base_sol, &err) && !g_base_sol)) {
        fprintf(stderr, "data/eurasia: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int teardown_eurasia(void **state)
{
    (void)state;
    cor_od_solution_destroy(g_base_sol);
    cor_freight_destroy(g_base);
    return 0;
}

static solved solve_scenario(const char *file)
{
    solved r = {0};
    cor_error err = {0};
    cor_scenario *sc = NULL;
    if (cor_scenario_load(tu_src(file), &sc, &err)) fail_msg("%s", err.msg);
    r.f = cor_freight_clone(g_base);
    assert_non_null(r.f);
    if (cor_scenario_apply_freight(sc, r.f, &err)) fail_msg("%s", err.msg);
    cor_scenario_destroy(sc);
    r.p = cor_freight_problem(r.f, &err);
    assert_non_null(r.p);
    cor_assign_params par;
    cor_assign_params_default(&par);
    par.gap = 1e-8;
    par.threads = 1;
    cor_status st = cor_od_solve(r.p, &par, g_base_sol, &r.s, &err);
    if (st && st != COR_E_NOCONV) fail_msg("%s: %s", file, err.msg);
    return r;
}

static void solved_free(solved *r)
{
    cor_od_solution_destroy(r->s);
    cor_freight_destroy(r->f);
}

/* Volume of class-all flow whose links are all tagged `middle` among its
 * tagged non-feeder links: measured here as the flow on the Caspian
 * crossings, the Middle Corridor's defining links. */
/* Highlight set `set` of the data (highlights.csv), -1 when absent. */
static int hl_set(const cor_freight *f, const char *set)
{
    const cor_vocab *v = cor_freight_vocab(f);
    for (int h = 0; h < cor_vocab_n_highlights(v); h++)
        if (!strcmp(cor_vocab_highlight(v, h)->set, set)) return h;
    return -1;
}

static double caspian_flow(cor_freight *f, const cor_od_solution *s)
{
    int h = hl_set(f, "caspian");
    assert_true(h >= 0);
    const cor_network *net = cor_freight_network(f);
    double v = 0;
    for (int32_t a = 0; a < net->n_links; a++)
        if (cor_freight_in_highlight(f, h, a)) v += s->flow[a];
    return v;
}

static cor_corridor_mask classify(void *ud, const int32_t *links, int32_t n)
{
    return cor_freight_path_corridors((const cor_freight *)ud, links, n);
}

static void test_eurasia_russia_closed_middle_not_down(void **state)
{
    (void)state;
    if (!g_base) skip();
    solved r = solve_scenario("data/eurasia/scenarios/russia-transit-closed.scenario");
    /* no Russian link carries flow, nothing disconnected */
    const cor_network *net = cor_freight_network(r.f);
    int ccol = cor_network_link_col(net, "country");
    assert_true(ccol >= 0);
    for (int32_t a = 0; a < net->n_links; a++)
        if (cor_tag_has(net->link_extra.values[ccol][a], "RU", "-;") && strcmp(net->link_id[a], "L078"))
            tu_close(r.s->flow[a], 0, 1e-9);
    tu_close(r.s->unserved_total, 0, 1e-12);
    double base = caspian_flow(g_base, g_base_sol), now = caspian_flow(r.f, r.s);
    if (!(now >= base * (1 - 1e-6))) fail_msg("Caspian crossings %.0f t < base %.0f t", now, base);
    /* the middle corridor (by tag) does not lose tonnes */
    cor_corridor_acc *a0 = NULL, *a1 = NULL;
    assert_int_equal(cor_corridor_accounting(g_base_sol, cor_freight_network(g_base),
                     cor_freight_vocab(g_base), classify, g_base,
                     g_base_sol->time, cor_freight_cost_usd(g_base), &a0, NULL), COR_OK);
    assert_int_equal(cor_corridor_accounting(r.s, net, cor_freight_vocab(r.f), classify,
                     r.f, r.s->time, cor_freight_cost_usd(r.f), &a1, NULL), COR_OK);
    double m0 = 0, m1 = 0;
    size_t mid = (size_t)cor_vocab_find(cor_freight_vocab(g_base), "middle");
    for (int k = 0; k < a0->n_classes; k++) {
        m0 += a0->tag[(size_t)k * (size_t)a0->n_corridors + mid];
        m1 += a1->tag[(size_t)k * (size_t)a1->n_corridors + mid];
    }
    if (!(m1 >= m0 * (1 - 1e-6))) fail_msg("middle corridor %.0f t < base %.0f t", m1, m0);
    assert_true(m0 > 0);
    cor_corridor_acc_destroy(a0);
    cor_corridor_acc_destroy(a1);
    solved_free(&r);
}

/* The corridor accounting reproduces the freight model's own decomposition
 * (cor_freight_solve) on the base year: tonnes and days per primary corridor. */
static void test_eurasia_accounting_matches_freight(void **state)
{
    (void)state;
    if (!g_base) skip();
    cor_freight *f = cor_freight_clone(g_base);
    cor_assign_params par;
    cor_assign_params_default(&par);
    par.gap = 1e-8;
    par.threads = 1;
    cor_freight_result *res = NULL;
    cor_error err = {0};
    cor_status st = cor_freight_solve(f, &par, &res, &err);
    if (!res) fail_msg("cor_freight_solve: %s", err.msg);
    (void)st;
    cor_corridor_acc *acc = NULL;
    assert_int_equal(cor_corridor_accounting(g_base_sol, cor_freight_network(g_base), cor_freight_vocab(g_base),
                                             classify, g_base,
                                             g_base_sol->time, cor_freight_cost_usd(g_base), &acc, &err), COR_OK);
    int K = acc->n_classes;
    size_t zz = (size_t)acc->n_zones * acc->n_zones;
    for (int c = 0; c < COR_ACC_NC(acc); c++)
        for (int k = 0; k < K; k++) {
            double v = 0, h = 0;
            for (size_t od = 0; od < zz; od++) {
                size_t i = ((size_t)k * zz + od) * COR_ACC_NC(acc) + c;
                v += acc->prim[i];
                h += acc->prim_h[i];
            }
            cor_freight_stat fs = res->by_primary[(size_t)c * K + k];
            if (fabs(v - fs.tonnes) > 1e-4 * (fs.tonnes > 1 ? fs.tonnes : 1))
                fail_msg("corridor %s class %d: %.1f t here, %.1f t in the freight model",
                         cor_vocab_tag(cor_freight_vocab(g_base), c), k, v, fs.tonnes);
            if (fs.tonnes > 1000) tu_close(h / v / 24, fs.mean_days, 1e-3);
        }
    cor_corridor_acc_destroy(acc);
    cor_freight_result_destroy(res);
    cor_freight_destroy(f);
}

/* Select-link identities on the real network, for every loaded link a: the
 * OD volumes using a sum to its flow (each path crosses a once: the flows
 * are acyclic), and its own select-link volume is its flow. */
static void test_eurasia_select_link_identities(void **state)
{
    (void)state;
    if (!g_base) skip();
    const cor_network *net = cor_freight_network(g_base);
    int K = g_base_sol->n_classes;
    int32_t Z = net->n_zones, m = net->n_links;
    size_t kzz = (size_t)K * Z * Z;
    uint8_t *set = calloc((size_t)m, 1);
    double *od = malloc(kzz * sizeof *od), *lv = malloc((size_t)K * m * sizeof *lv);
    int checked = 0;
    for (int32_t a = 0; a < m; a++) {
        if (!(g_base_sol->flow[a] > 1)) continue;
        set[a] = 1;
        double dropped = -1;
        assert_int_equal(cor_touch(g_base_sol, net, set, 0, NULL, NULL, od, NULL, NULL, &dropped, NULL), COR_OK);
        assert_int_equal(cor_select_link_volumes(g_base_sol, net, set, lv, NULL), COR_OK);
        double sum = 0, own = 0;
        for (size_t i = 0; i < kzz; i++) sum += od[i];
        for (int k = 0; k < K; k++) own += lv[(size_t)k * m + a];
        tu_close(dropped, 0, 1e-12);
        tu_close(sum, g_base_sol->flow[a], 1e-9);
        tu_close(own, g_base_sol->flow[a], 1e-9);
        set[a] = 0;
        checked++;
    }
    assert_true(checked > 50);
    free(set);
    free(od);
    free(lv);
}

static double shortest_hours(cor_freight *f, const double *time, const char *from, const char *to)
{
    const cor_network *net = cor_freight_network(f);
    int32_t u = cor_network_find_node(net, from), v = cor_network_find_node(net, to);
    assert_true(u >= 0 && v >= 0);
    const uint8_t *open = cor_freight_link_open(f);
    const uint8_t *mode = cor_freight_link_mode(f);
    uint8_t *mask = malloc((size_t)net->n_links);
    for (int32_t a = 0; a < net->n_links; a++) mask[a] = open[a] && mode[a] != COR_MODE_PIPELINE;
    cor_sp *sp = cor_sp_create(net);
    double *dist = malloc(sizeof(double) * (size_t)net->n_nodes);
    int32_t *pred = malloc(sizeof(int32_t) * (size_t)net->n_nodes);
    double d = cor_sp_to(sp, u, v, time, mask, dist, pred);
    free(dist); free(pred); free(mask);
    cor_sp_destroy(sp);
    return d;
}

static void test_eurasia_tripp_baku_kars(void **state)
{
    (void)state;
    if (!g_base) skip();
    solved r = solve_scenario("data/eurasia/scenarios/tripp-open.scenario");
    const cor_network *net = cor_freight_network(r.f);
    double b_ff = shortest_hours(g_base, cor_freight_network(g_base)->fftime, "az_baku_alat", "tr_kars");
    double t_ff = shortest_hours(r.f, net->fftime, "az_baku_alat", "tr_kars");
    double b_eq = shortest_hours(g_base, g_base_sol->time, "az_baku_alat", "tr_kars");
    double t_eq = shortest_hours(r.f, r.s->time, "az_baku_alat", "tr_kars");
    assert_true(isfinite(b_ff) && isfinite(t_ff));
    if (!(t_ff <= b_ff + 1e-9)) fail_msg("free-flow Baku-Kars %.3f h > base %.3f h", t_ff, b_ff);
    if (!(t_eq <= b_eq + 1e-6)) fail_msg("equilibrium Baku-Kars %.3f h > base %.3f h", t_eq, b_eq);
    /* TRIPP links carry flow once open */
    double tripp = 0;
    int ht = hl_set(r.f, "tripp");
    assert_true(ht >= 0);
    for (int32_t a = 0; a < net->n_links; a++)
        if (cor_freight_in_highlight(r.f, ht, a)) tripp += r.s->flow[a];
    assert_true(tripp > 0);
    solved_free(&r);
}

/* transfer-at TYPE: exactly the transfer links touching a node of that
 * node_type (counted independently from the columns) */
static void test_eurasia_transfer_at(void **state)
{
    (void)state;
    if (!g_base) skip();
    const cor_network *net = cor_freight_network(g_base);
    int mc = cor_network_link_col(net, "mode"), tc = cor_network_node_col(net, "node_type");
    assert_true(mc >= 0 && tc >= 0);
    const char *types[] = {"port", "border"};
    for (int t = 0; t < 2; t++) {
        int want = 0, got = 0;
        for (int32_t a = 0; a < net->n_links; a++) {
            int tr = !strcmp(net->link_extra.values[mc][a], "transfer");
            int at = !strcmp(net->node_extra.values[tc][net->link_from[a]], types[t]) ||
                     !strcmp(net->node_extra.values[tc][net->link_to[a]], types[t]);
            want += tr && at;
            got += cor_link_matches(net, a, "transfer-at", types[t]);
            if (cor_link_matches(net, a, "transfer-at", types[t])) assert_true(tr && at);
        }
        assert_true(want > 4);
        assert_int_equal(got, want);
    }
    int32_t l102 = cor_network_find_link(net, "L102"); /* Shanghai port handling */
    assert_true(l102 >= 0 && cor_link_matches(net, l102, "TRANSFER-AT", "Port"));
}

static void test_eurasia_all_scenarios_solve(void **state)
{
    (void)state;
    if (!g_base) skip();
    const char *files[] = {"base", "tripp-open", "russia-transit-closed", "red-sea-closed",
                           "caspian-ferry-x2", "forecast-2030", "2030-tripp-russia-closed"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[256];
        snprintf(path, sizeof path, "data/eurasia/scenarios/%s.scenario", files[i]);
        solved r = solve_scenario(path);
        /* every scenario keeps every OD connected (no unserved) */
        if (r.s->unserved_total != 0) fail_msg("%s: %g t unserved", files[i], r.s->unserved_total);
        if (!strcmp(files[i], "red-sea-closed")) {
            const cor_network *net = cor_freight_network(r.f);
            int32_t suez = cor_network_find_node(net, "eg_suez");
            for (int32_t a = 0; a < net->n_links; a++)
                if (net->link_from[a] == suez || net->link_to[a] == suez) tu_close(r.s->flow[a], 0, 1e-12);
        }
        if (!strcmp(files[i], "forecast-2030")) {
            double dem = 0, d0 = 0;
            for (int k = 0; k < r.p->n_classes; k++) {
                size_t zz = (size_t)r.s->n_zones * r.s->n_zones;
                for (size_t j = 0; j < zz; j++) {
                    dem += r.p->classes[k].demand[j];
                    d0 += cor_freight_problem(g_base, NULL)->classes[k].demand[j];
                }
            }
            assert_true(dem > d0);
        }
        solved_free(&r);
    }
}

/* A closure that disconnects OD pairs on the real network: closing the CPC
 * pipeline leaves exactly its 63.01 Mt of Tengiz-Novorossiysk crude unserved. */
static void test_eurasia_cpc_closure_unserved(void **state)
{
    (void)state;
    if (!g_base) skip();
    char *dir = tu_tmpdir();
    char *p = tu_write(dir, "cpc.scenario", "close link L078\n");
    cor_scenario *sc = NULL;
    cor_error err = {0};
    assert_int_equal(cor_scenario_load(p, &sc, &err), COR_OK);
    cor_freight *f = cor_freight_clone(g_base);
    assert_int_equal(cor_scenario_apply_freight(sc, f, &err), COR_OK);
    const cor_problem *pr = cor_freight_problem(f, &err);
    cor_assign_params par;
    cor_assign_params_default(&par);
    par.threads = 1;
    cor_od_solution *s = NULL;
    cor_status st = cor_od_solve(pr, &par, g_base_sol, &s, &err);
    assert_true(st == COR_OK || st == COR_E_NOCONV);
    const cor_network *net = cor_freight_network(f);
    assert_int_equal(s->n_unserved, 1);
    assert_string_equal(net->zone_id[s->unserved[0].o], "kz_tengiz");
    assert_string_equal(net->zone_id[s->unserved[0].d], "ru_novorossiysk");
    tu_close(s->unserved_total, 63010000, 1e-12);
    cor_od_solution_destroy(s);
    cor_freight_destroy(f);
    cor_scenario_destroy(sc);
    free(p);
    tu_rmtree(dir);
    free(dir);
}

static void test_replay_scenario(void **state) { (void)state; tu_replay("scenario", fuzz_entry_scenario); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_inherit_apply),
        cmocka_unit_test(test_errors_name_file_line_field),
        cmocka_unit_test(test_random_files),
        cmocka_unit_test(test_eurasia_russia_closed_middle_not_down),
        cmocka_unit_test(test_eurasia_tripp_baku_kars),
        cmocka_unit_test(test_eurasia_accounting_matches_freight),
        cmocka_unit_test(test_eurasia_select_link_identities),
        cmocka_unit_test(test_eurasia_transfer_at),
        cmocka_unit_test(test_eurasia_all_scenarios_solve),
        cmocka_unit_test(test_eurasia_cpc_closure_unserved),
        cmocka_unit_test(test_replay_scenario),
    };
    return cmocka_run_group_tests(tests, setup_eurasia, teardown_eurasia);
}
