/* Tests of the analysis engine (per-origin solve, decomposition, exposure,
 * select-link, criticality) on small hand-checkable networks. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "corridor/analysis.h"

/* A link row: from, to (1-based), fftime, capacity, alpha (0 = constant),
 * country, mode, corridor. */
typedef struct lrow {
    int from, to;
    double t0, cap, alpha;
    const char *country, *mode, *corridor;
} lrow;

/* Nodes "1".."n", zones 1..nz; node_country[i] for node i+1 (may be NULL). */
static cor_network *mknet(int n, int nz, const char *const *node_country, int m, const lrow *l)
{
    cor_netbuilder *b = cor_netbuilder_create();
    char id[32];
    for (int i = 1; i <= n; i++) {
        snprintf(id, sizeof id, "%d", i);
        assert_int_equal(cor_netbuilder_add_node(b, id, NAN, NAN, NULL), i - 1);
    }
    for (int z = 1; z <= nz; z++) {
        snprintf(id, sizeof id, "%d", z);
        assert_int_equal(cor_netbuilder_add_zone(b, z - 1, id, NULL), COR_OK);
    }
    const char *lc[] = {"country", "mode", "corridor", "status"};
    assert_int_equal(cor_netbuilder_link_extra_cols(b, 4, lc, NULL), COR_OK);
    const char *nc[] = {"country"};
    assert_int_equal(cor_netbuilder_node_extra_cols(b, 1, nc, NULL), COR_OK);
    for (int i = 0; i < n; i++)
        assert_int_equal(cor_netbuilder_node_extra_set(b, i, 0, node_country ? node_country[i] : "", NULL), COR_OK);
    for (int k = 0; k < m; k++) {
        snprintf(id, sizeof id, "L%d", k + 1);
        cor_link_spec s = {.from = l[k].from - 1, .to = l[k].to - 1, .id = id, .fftime = l[k].t0,
                           .capacity = l[k].cap, .alpha = l[k].alpha, .beta = 1,
                           .vdf = l[k].alpha == 0 ? COR_VDF_CONSTANT : COR_VDF_BPR};
        assert_int_equal(cor_netbuilder_add_link(b, &s, NULL), COR_OK);
        assert_int_equal(cor_netbuilder_link_extra_set(b, k, 0, l[k].country ? l[k].country : "", NULL), COR_OK);
        assert_int_equal(cor_netbuilder_link_extra_set(b, k, 1, l[k].mode ? l[k].mode : "rail", NULL), COR_OK);
        assert_int_equal(cor_netbuilder_link_extra_set(b, k, 2, l[k].corridor ? l[k].corridor : "", NULL), COR_OK);
        assert_int_equal(cor_netbuilder_link_extra_set(b, k, 3, "open", NULL), COR_OK);
    }
    cor_network *net = NULL;
    assert_int_equal(cor_netbuilder_finish(b, &net, NULL), COR_OK);
    return net;
}

static int32_t L(const cor_network *net, const char *id)
{
    int32_t a = cor_network_find_link(net, id);
    assert_true(a >= 0);
    return a;
}

/* The solver method: bush (per-origin flows from the solver) or bi-conjugate
 * Frank-Wolfe (one class per origin, sanitized flow warm starts). */
static cor_method g_method = COR_METHOD_BUSH;

static cor_od_solution *solve(const cor_network *net, int K, const double *dem, const uint8_t *open,
                              const cor_od_solution *warm)
{
    cor_class cls[4];
    size_t zz = (size_t)net->n_zones * net->n_zones;
    for (int k = 0; k < K; k++)
        cls[k] = (cor_class){.name = k ? "b" : "a", .demand = dem + zz * k, .vot = 1};
    cor_problem p = {.net = net, .n_classes = K, .classes = cls, .link_open = open};
    cor_assign_params par;
    cor_assign_params_default(&par);
    par.method = g_method;
    par.gap = 1e-10;
    par.max_iter = 2000;
    par.threads = 1;
    cor_od_solution *s = NULL;
    cor_error err = {0};
    cor_status st = cor_od_solve(&p, &par, warm, &s, &err);
    if (st && st != COR_E_NOCONV) fail_msg("cor_od_solve: %s", err.msg);
    assert_non_null(s);
    return s;
}

/* Zones 1, 2, 3; nodes 4, 5.  1->3 goes 1-4-5-3 (cost 3; 1-3 direct costs
 * 10, 1-4-3 costs 6); 2->3 goes 2-4-5-3 (cost 3; 2-5-3 costs 4); 1->2 goes
 * directly 1-2 (cost 1). */
static const lrow SL[] = {
    {1, 4, 1, 1, 0, "AA", 0, 0}, {2, 4, 1, 1, 0, "BB", 0, 0}, {4, 3, 5, 1, 0, 0, 0, 0},
    {4, 5, 1, 1, 0, 0, 0, 0},    {5, 3, 1, 1, 0, 0, 0, 0},    {1, 3, 10, 1, 0, 0, 0, 0},
    {2, 5, 3, 1, 0, 0, 0, 0},    {1, 2, 1, 1, 0, 0, 0, 0},
};

static void test_select_link_subset(void **state)
{
    (void)state;
    cor_network *net = mknet(5, 3, NULL, 8, SL);
    double dem[9] = {0};
    dem[0 * 3 + 2] = 100; /* 1->3 */
    dem[1 * 3 + 2] = 50;  /* 2->3 */
    dem[0 * 3 + 1] = 7;   /* 1->2 */
    cor_od_solution *s = solve(net, 1, dem, NULL, NULL);
    uint8_t *set = calloc((size_t)net->n_links, 1);
    double od[9], lv[8];
    /* link 1->4 is used by 1->3 only */
    set[L(net, "L1")] = 1;
    assert_int_equal(cor_touch(s, net, set, 0, NULL, NULL, od, NULL, NULL, NULL, NULL), COR_OK);
    tu_close(od[0 * 3 + 2], 100, 1e-9);
    tu_close(od[1 * 3 + 2], 0, 1e-9);
    tu_close(od[0 * 3 + 1], 0, 1e-9);
    assert_int_equal(cor_select_link_volumes(s, net, set, lv, NULL), COR_OK);
    tu_close(lv[L(net, "L1")], 100, 1e-9);
    tu_close(lv[L(net, "L4")], 100, 1e-9); /* 4->5 carries 150, 100 of it ours */
    tu_close(lv[L(net, "L5")], 100, 1e-9);
    tu_close(lv[L(net, "L2")], 0, 1e-9);
    tu_close(lv[L(net, "L8")], 0, 1e-9);
    tu_close(s->flow[L(net, "L4")], 150, 1e-9);
    /* link 4->5 is used by 1->3 and 2->3, not by 1->2 */
    memset(set, 0, (size_t)net->n_links);
    set[L(net, "L4")] = 1;
    assert_int_equal(cor_touch(s, net, set, 0, NULL, NULL, od, NULL, NULL, NULL, NULL), COR_OK);
    tu_close(od[0 * 3 + 2], 100, 1e-9);
    tu_close(od[1 * 3 + 2], 50, 1e-9);
    tu_close(od[0 * 3 + 1], 0, 1e-9);
    assert_int_equal(cor_select_link_volumes(s, net, set, lv, NULL), COR_OK);
    tu_close(lv[L(net, "L2")], 50, 1e-9);
    tu_close(lv[L(net, "L1")], 100, 1e-9);
    tu_close(lv[L(net, "L8")], 0, 1e-9);
    free(set);
    cor_od_solution_destroy(s);
    cor_network_destroy(net);
}

/* Zone 1 (country AA) to zone 2 (BB) over two identical congested paths, via
 * node 3 in XX and node 4 in YY: half the flow crosses XX, half YY. */
static const char *const EX_NODE[] = {"AA", "BB", "XX", "YY"};
static const lrow EX[] = {
    {1, 3, 1, 10, 1, "AA;XX", 0, "middle"}, {3, 2, 1, 10, 1, "XX-BB", 0, "middle"},
    {1, 4, 1, 10, 1, "AA;YY", 0, "northern"}, {4, 2, 1, 10, 1, "YY;BB", 0, "northern"},
};

static void test_exposure_half(void **state)
{
    (void)state;
    cor_network *net = mknet(4, 2, EX_NODE, 4, EX);
    double dem[4] = {0, 10, 0, 0};
    cor_od_solution *s = solve(net, 1, dem, NULL, NULL);
    tu_close(s->flow[L(net, "L1")], 5, 1e-6);
    cor_exposure *e = NULL;
    double value[1] = {2000};
    assert_int_equal(cor_exposure_compute(s, net, value, &e, NULL), COR_OK);
    assert_int_equal(e->n_countries, 4);
    int xx = cor_exposure_find(e, "XX"), yy = cor_exposure_find(e, "YY");
    int aa = cor_exposure_find(e, "AA"), bb = cor_exposure_find(e, "BB");
    assert_true(xx >= 0 && yy >= 0 && aa >= 0 && bb >= 0);
    tu_close(e->tonnes_share[xx], 0.5, 1e-6);
    tu_close(e->tonnes_share[yy], 0.5, 1e-6);
    tu_close(e->value_share[xx], 0.5, 1e-6);
    tu_close(e->tonnes_share[aa], 0, 1e-12); /* origin country is not transit */
    tu_close(e->tonnes_share[bb], 0, 1e-12); /* nor the destination */
    tu_close(e->total_tonnes, 10, 1e-9);
    tu_close(e->total_value, 20000, 1e-9);
    tu_close(e->transit[(size_t)xx * 4 + 0 * 2 + 1], 5, 1e-6);
    cor_exposure_destroy(e);

    /* mean time over the OD flow and over the part through XX */
    double *q[1] = {NULL};
    const double *qq[1] = {s->time};
    double all[4], in[4], qa[4], qi[4];
    double *qal[1] = {qa}, *qin[1] = {qi};
    uint8_t set[4] = {0};
    set[L(net, "L1")] = 1;
    (void)q;
    assert_int_equal(cor_touch(s, net, set, 1, qq, all, in, qal, qin, NULL, NULL), COR_OK);
    tu_close(all[1], 10, 1e-9);
    tu_close(in[1], 5, 1e-6);
    /* each link: 1 * (1 + 5/10) = 1.5, path 3.0 */
    tu_close(qa[1] / all[1], 3.0, 1e-6);
    tu_close(qi[1] / in[1], 3.0, 1e-6);
    cor_od_solution_destroy(s);
    cor_network_destroy(net);
}

/* cor_link_select: a link id marks that link, FIELD=VALUE every matching
 * link, an unknown id or value nothing; marks accumulate. */
static void test_link_select(void **state)
{
    (void)state;
    cor_network *net = mknet(4, 2, EX_NODE, 4, EX);
    uint8_t set[4] = {0};
    assert_int_equal(cor_link_select(net, "L1", set), 1);
    assert_int_equal(set[L(net, "L1")], 1);
    assert_int_equal(cor_link_select(net, "NOPE", set), 0);
    assert_int_equal(cor_link_select(net, "corridor=nowhere", set), 0);
    assert_int_equal(cor_link_select(net, "corridor=northern", set), 2);
    assert_int_equal(set[L(net, "L3")] + set[L(net, "L4")], 2);
    assert_int_equal(set[L(net, "L2")], 0);
    cor_network_destroy(net);
}

/* L1 is the only link to zone 2 (test_compare_tables, test_unserved_and_criticality). */
static const lrow UN[] = {
    {1, 2, 1, 1, 0, "AA", 0, 0},   /* L1: the only way to zone 2 */
    {1, 3, 2, 10, 1, "AA", 0, 0},  /* L2 */
    {1, 4, 1, 1, 0, "AA", 0, 0},   /* L3 */
    {4, 3, 2, 10, 1, "BB", 0, 0},  /* L4 */
};

/* ---- the result tables of solved cases (src/analysis/tables.c) ---- */

/* Cell of table t in row r, column col (by name, without the '#'). */
static const char *cell(const cor_table *t, int r, const char *col)
{
    assert_true(r >= 0 && r < t->n_rows);
    for (int c = 0; c < t->n_cols; c++)
        if (!strcmp(t->cols[c], col)) return t->rows[r][c];
    fail_msg("table %s has no column %s", t->name, col);
    return NULL;
}

/* First row whose column col is v (and, when col2, column col2 is v2), or -1. */
static int row_where(const cor_table *t, const char *col, const char *v, const char *col2, const char *v2)
{
    for (int r = 0; r < t->n_rows; r++)
        if (!strcmp(cell(t, r, col), v) && (!col2 || !strcmp(cell(t, r, col2), v2))) return r;
    return -1;
}

/* A solved case of the EX network (one class "a", 10 from zone 1 to 2),
 * with the edit `line` when given (scenario "cut"). */
static cor_case *ex_case(const cor_network *net, const char *line)
{
    const char *names[] = {"a"};
    cor_demand *d = cor_demand_create(2, 1, names);
    assert_non_null(d);
    d->od[0 * 2 + 1] = 10;
    cor_case *c = NULL;
    cor_error err = {0};
    assert_int_equal(cor_case_from_network(net, d, 0, 0, &c, &err), COR_OK);
    cor_demand_destroy(d);
    if (line) {
        cor_scenario *sc = cor_scenario_new("cut");
        assert_non_null(sc);
        assert_int_equal(cor_scenario_add_line(sc, line, "cut.scenario", 1, &err), COR_OK);
        assert_int_equal(cor_case_apply_scenario(c, sc, &err), COR_OK);
        cor_scenario_destroy(sc);
    }
    cor_assign_params *par = cor_case_params(c);
    par->method = g_method;
    par->gap = 1e-12;
    par->max_iter = 5000;
    par->threads = 1;
    cor_status st = cor_case_solve(c, &err);
    if (st) fail_msg("cor_case_solve: %s", err.msg);
    return c;
}

/* The scenario comparison (cor_compare): the base row against itself and
 * "close link L1" against the base.  Base: 5 t on each path, every link
 * 1 (1 + 5/10) h, 3 h per tonne (0.125 days), system cost 30; cut: all 10 t
 * on L3-L4 at 2 h per link, 4 h (0.167 days), cost 40.  A plain network has
 * no corridors: everything is under "none". */
static void test_compare_tables(void **state)
{
    (void)state;
    cor_network *net = mknet(4, 2, EX_NODE, 4, EX);
    cor_case *base = ex_case(net, NULL), *cut = ex_case(net, "close link L1");
    cor_compare t = {0};
    cor_error err = {0};
    assert_int_equal(cor_compare_init(&t, &err), COR_OK);
    assert_int_equal(t.summary->n_rows + t.corridors->n_rows + t.od->n_rows + t.unserved->n_rows, 0);
    assert_int_equal(cor_compare_add(&t, base, base, &err), COR_OK);
    assert_int_equal(cor_compare_add(&t, cut, base, &err), COR_OK);
    const cor_table *s = t.summary;
    assert_string_equal(s->name, "summary");
    assert_int_equal(s->n_rows, 2);
    assert_string_equal(cell(s, 0, "scenario"), "base");
    assert_string_equal(cell(s, 1, "scenario"), "cut");
    assert_string_equal(cell(s, 0, "served_t"), "10");
    assert_string_equal(cell(s, 1, "unserved_t"), "0");
    assert_string_equal(cell(s, 0, "system_cost_usd"), "30");
    assert_string_equal(cell(s, 1, "system_cost_usd"), "40");
    assert_string_equal(cell(s, 1, "delta_system_cost_usd"), "10");
    assert_string_equal(cell(s, 0, "delta_system_cost_usd"), "0");
    assert_string_equal(cell(s, 0, "mean_days"), "0.125");
    assert_string_equal(cell(s, 1, "mean_days"), "0.167");
    assert_string_equal(cell(s, 1, "delta_days"), "0.042");
    assert_string_equal(cell(s, 0, "links_closed"), "0");
    assert_string_equal(cell(s, 1, "links_closed"), "1");
    /* corridors: per class and all classes, primary and tag basis */
    const cor_table *c = t.corridors;
    int r = row_where(c, "scenario", "cut", "class", "a");
    assert_true(r >= 0);
    assert_string_equal(cell(c, r, "corridor"), "none");
    assert_string_equal(cell(c, r, "basis"), "primary");
    assert_string_equal(cell(c, r, "tonnes"), "10");
    assert_string_equal(cell(c, r, "base_tonnes"), "10");
    assert_string_equal(cell(c, r, "mean_days"), "0.167");
    assert_string_equal(cell(c, r, "base_mean_days"), "0.125");
    assert_true(row_where(c, "scenario", "base", "class", "all") >= 0);
    /* od: one OD pair per case, its main corridor; nothing unserved */
    assert_int_equal(t.od->n_rows, 2);
    r = row_where(t.od, "scenario", "cut", NULL, NULL);
    assert_string_equal(cell(t.od, r, "origin"), "1");
    assert_string_equal(cell(t.od, r, "destination"), "2");
    assert_string_equal(cell(t.od, r, "demand_t"), "10");
    assert_string_equal(cell(t.od, r, "days"), "0.167");
    assert_string_equal(cell(t.od, r, "base_days"), "0.125");
    assert_string_equal(cell(t.od, r, "main_corridor"), "none");
    assert_int_equal(t.unserved->n_rows, 0);
    /* the printed digest: primary basis, all classes */
    cor_table *tp = cor_compare_primary(&t);
    assert_non_null(tp);
    assert_string_equal(tp->name, "corridors_primary");
    assert_int_equal(tp->n_rows, 2);
    assert_string_equal(cell(tp, 1, "scenario"), "cut");
    assert_string_equal(cell(tp, 1, "tonnes"), "10");
    assert_string_equal(cell(tp, 1, "delta_days"), "0.042");
    cor_table_free(tp);
    cor_compare_free(&t);
    cor_compare_free(&t); /* freed tables are NULL: harmless twice */
    cor_case_destroy(cut);

    /* closing the only link to zone 2 of the UN network: the OD pair is
     * unserved in the case (30 t), served in the base */
    cor_network *un = mknet(4, 3, NULL, 4, UN);
    const char *names[] = {"a"};
    cor_demand *d = cor_demand_create(3, 1, names);
    d->od[0 * 3 + 1] = 30;
    d->od[0 * 3 + 2] = 40;
    cor_case *ub = NULL, *uc = NULL;
    assert_int_equal(cor_case_from_network(un, d, 0, 0, &ub, &err), COR_OK);
    cor_case_params(ub)->method = g_method;
    cor_case_params(ub)->gap = 1e-10;
    cor_case_params(ub)->threads = 1;
    assert_non_null(uc = cor_case_clone(ub));
    cor_scenario *sc = cor_scenario_new("no-L1");
    assert_int_equal(cor_scenario_add_line(sc, "close link L1", "no-L1.scenario", 1, &err), COR_OK);
    assert_int_equal(cor_case_apply_scenario(uc, sc, &err), COR_OK);
    cor_scenario_destroy(sc);
    assert_int_equal(cor_case_solve(ub, &err), COR_OK);
    assert_int_equal(cor_case_solve(uc, &err), COR_OK);
    assert_int_equal(cor_compare_init(&t, &err), COR_OK);
    assert_int_equal(cor_compare_add(&t, uc, ub, &err), COR_OK);
    assert_string_equal(cell(t.summary, 0, "scenario"), "no-L1");
    assert_string_equal(cell(t.summary, 0, "unserved_t"), "30");
    assert_string_equal(cell(t.summary, 0, "delta_unserved_t"), "30");
    assert_int_equal(t.unserved->n_rows, 1);
    assert_string_equal(cell(t.unserved, 0, "destination"), "2");
    assert_string_equal(cell(t.unserved, 0, "unserved_t"), "30");
    assert_string_equal(cell(t.unserved, 0, "base_unserved_t"), "0");
    r = row_where(t.od, "destination", "2", NULL, NULL);
    assert_string_equal(cell(t.od, r, "served_t"), "0");
    assert_string_equal(cell(t.od, r, "base_served_t"), "30");
    cor_compare_free(&t);
    cor_case_destroy(uc);
    cor_case_destroy(ub);
    cor_demand_destroy(d);
    cor_network_destroy(un);
    cor_case_destroy(base);
    cor_network_destroy(net);
}

/* Values per tonne, the exposure tables and the select-link tables of the
 * base EX case: half the 10 t crosses XX, half YY. */
static void test_exposure_and_select_tables(void **state)
{
    (void)state;
    cor_network *net = mknet(4, 2, EX_NODE, 4, EX);
    cor_case *c = ex_case(net, NULL);
    cor_error err = {0};
    double v[1] = {0};
    const char *src = NULL;
    /* no file: a plain network's proxy is 1 per tonne; a required file must exist */
    assert_int_equal(cor_case_class_values(c, "/nonexistent/values.csv", 0, v, &src, &err), COR_OK);
    tu_close(v[0], 1, 0);
    assert_string_equal(src, "none (value share = tonnes share)");
    assert_int_equal(cor_case_class_values(c, "/nonexistent/values.csv", 1, v, &src, &err), COR_E_IO);
    char *dir = tu_tmpdir();
    char *vp = tu_write(dir, "values.csv", "class,value_usd_t\na,2000\n");
    assert_int_equal(cor_case_class_values(c, vp, 1, v, &src, &err), COR_OK);
    tu_close(v[0], 2000, 0);
    assert_string_equal(src, vp);

    cor_exposure *e = NULL;
    assert_int_equal(cor_exposure_compute(cor_case_od(c), cor_case_network(c), v, &e, &err), COR_OK);
    cor_exposure_tables et;
    assert_int_equal(cor_exposure_tables_build(c, e, v, &et, &err), COR_OK);
    assert_int_equal(et.headline->n_rows, 0); /* no vocabulary, no headline countries */
    assert_string_equal(et.country_title, "All countries");
    assert_int_equal(et.country->n_rows, 4);
    int r = row_where(et.country, "country", "XX", NULL, NULL);
    assert_string_equal(cell(et.country, r, "transit_t"), "5");
    assert_string_equal(cell(et.country, r, "share_t"), "0.5000");
    assert_string_equal(cell(et.country, r, "transit_value_usd"), "10000");
    r = row_where(et.country, "country", "AA", NULL, NULL); /* origin: not transit */
    assert_string_equal(cell(et.country, r, "transit_t"), "0");
    assert_int_equal(et.by_class->n_rows, 2); /* only countries crossed */
    r = row_where(et.by_class, "country", "YY", "class", "a");
    assert_string_equal(cell(et.by_class, r, "class_served_t"), "10");
    assert_string_equal(cell(et.by_class, r, "share_t"), "0.5000");
    assert_int_equal(et.origin->n_rows, 2);
    r = row_where(et.origin, "origin_country", "AA", "country", "XX");
    assert_string_equal(cell(et.origin, r, "origin_served_t"), "10");
    assert_string_equal(cell(et.origin, r, "share_value"), "0.5000");
    assert_int_equal(et.od->n_rows, 2);
    r = row_where(et.od, "country", "YY", NULL, NULL);
    assert_string_equal(cell(et.od, r, "origin_country"), "AA");
    assert_string_equal(cell(et.od, r, "destination_country"), "BB");
    assert_string_equal(cell(et.od, r, "transit_t"), "5");
    cor_exposure_tables_free(&et);
    assert_null(et.od);
    cor_exposure_destroy(e);

    /* select-link L1: the OD pair sends 5 of its 10 t over it, all of L1's
     * and L2's flow; L3, L4 carry none of it and are not selected */
    uint8_t set[4] = {0};
    assert_int_equal(cor_link_select(net, "L1", set), 1);
    cor_table *tod = NULL, *tl = NULL;
    double tot = 0;
    assert_int_equal(cor_select_link_tables(c, set, &tod, &tl, &tot, &err), COR_OK);
    tu_close(tot, 5, 1e-6);
    assert_string_equal(tod->name, "select_link_od");
    assert_int_equal(tod->n_rows, 1);
    assert_string_equal(cell(tod, 0, "served_t"), "10");
    assert_string_equal(cell(tod, 0, "select_t"), "5");
    assert_string_equal(cell(tod, 0, "share"), "0.5000");
    assert_string_equal(tl->name, "select_link_links");
    assert_int_equal(tl->n_rows, 2);
    r = row_where(tl, "link_id", "L1", NULL, NULL);
    assert_string_equal(cell(tl, r, "selected"), "yes");
    assert_string_equal(cell(tl, r, "corridor"), "middle");
    assert_string_equal(cell(tl, r, "select_a"), "5"); /* the per-class column */
    r = row_where(tl, "link_id", "L2", NULL, NULL);
    assert_string_equal(cell(tl, r, "selected"), "no");
    assert_string_equal(cell(tl, r, "share"), "1.0000");
    assert_int_equal(row_where(tl, "link_id", "L3", NULL, NULL), -1);
    cor_table_free(tod);
    cor_table_free(tl);
    tu_rmtree(dir);
    free(dir);
    free(vp);
    cor_case_destroy(c);
    cor_network_destroy(net);
}

/* The criticality table is the ranking, row for row: on EX closing any one
 * link moves all 10 t onto the other path, system cost 30 -> 40 (+33.333%). */
static void test_criticality_table(void **state)
{
    (void)state;
    cor_network *net = mknet(4, 2, EX_NODE, 4, EX);
    cor_case *c = ex_case(net, NULL);
    cor_error err = {0};
    cor_crit_element *el = NULL;
    int nel = 0;
    assert_int_equal(cor_crit_elements(net, NULL, COR_CRIT_LINK, &el, &nel, &err), COR_OK);
    cor_criticality *cr = NULL;
    assert_int_equal(cor_criticality_run(cor_case_problem(c, &err), cor_case_od(c), el, nel, cor_case_params(c), 1,
                                         &cr, &err), COR_OK);
    int nonconv = -1;
    cor_table *t = cor_criticality_table(cr, el, COR_CRIT_LINK, &nonconv);
    assert_non_null(t);
    assert_int_equal(nonconv, 0);
    assert_int_equal(t->n_rows, cr->n_items);
    assert_int_equal(t->n_rows, 4);
    assert_string_equal(t->cols[1], cor_crit_by_name(COR_CRIT_LINK));
    char buf[32];
    for (int i = 0; i < t->n_rows; i++) {
        snprintf(buf, sizeof buf, "%d", i + 1);
        assert_string_equal(cell(t, i, "rank"), buf);
        assert_string_equal(t->rows[i][1], el[cr->items[i].element].label);
        assert_string_equal(cell(t, i, "used"), "yes");
        assert_string_equal(cell(t, i, "delta_cost_usd"), "10");
        assert_string_equal(cell(t, i, "delta_cost_pct"), "33.333");
        assert_string_equal(cell(t, i, "delta_unserved_t"), "0");
        assert_string_equal(cell(t, i, "converged"), "yes");
    }
    cor_table_free(t);
    cor_criticality_destroy(cr);
    cor_crit_elements_free(el, nel);
    cor_case_destroy(c);
    cor_network_destroy(net);
}

/* Closing the only link to zone 2 leaves exactly that OD's demand unserved,
 * per class; criticality ranks that link first by unserved demand. */
static void test_unserved_and_criticality(void **state)
{
    (void)state;
    cor_network *net = mknet(4, 3, NULL, 4, UN);
    double dem[18] = {0};
    dem[0 * 3 + 1] = 30;       /* class a 1->2 */
    dem[0 * 3 + 2] = 40;       /* class a 1->3 */
    dem[9 + 0 * 3 + 1] = 12;   /* class b 1->2 */
    cor_od_solution *base = solve(net, 2, dem, NULL, NULL);
    assert_int_equal(base->n_unserved, 0);
    uint8_t open[4] = {1, 1, 1, 1};
    open[L(net, "L1")] = 0;
    cor_od_solution *s = solve(net, 2, dem, open, base);
    assert_int_equal(s->n_unserved, 2);
    tu_close(s->unserved_total, 42, 1e-12);
    tu_close(s->class_unserved[0], 30, 1e-12);
    tu_close(s->class_unserved[1], 12, 1e-12);
    for (int i = 0; i < s->n_unserved; i++) {
        assert_int_equal(s->unserved[i].o, 0);
        assert_int_equal(s->unserved[i].d, 1);
    }
    /* the rest is still served: 1->3 = 40 */
    double all[18];
    assert_int_equal(cor_touch(s, net, NULL, 0, NULL, all, NULL, NULL, NULL, NULL, NULL), COR_OK);
    tu_close(all[0 * 3 + 2], 40, 1e-9);
    tu_close(all[0 * 3 + 1], 0, 1e-12);
    cor_od_solution_destroy(s);

    /* criticality by link */
    cor_class cls[2] = {{.name = "a", .demand = dem, .vot = 1}, {.name = "b", .demand = dem + 9, .vot = 2}};
    cor_problem p = {.net = net, .n_classes = 2, .classes = cls};
    cor_crit_element *el = NULL;
    int nel = 0;
    assert_int_equal(cor_crit_elements(net, NULL, COR_CRIT_LINK, &el, &nel, NULL), COR_OK);
    assert_int_equal(nel, 4);
    cor_assign_params par;
    cor_assign_params_default(&par);
    par.method = g_method;
    par.gap = 1e-10;
    cor_criticality *r = NULL;
    cor_error err = {0};
    assert_int_equal(cor_criticality_run(&p, base, el, nel, &par, 2, &r, &err), COR_OK);
    assert_int_equal(r->n_items, 4);
    assert_string_equal(el[r->items[0].element].label, "L1");
    tu_close(r->items[0].delta_unserved, 42, 1e-9);
    assert_int_equal(r->items[0].rank_unserved, 1);
    /* closing L1 drops 1->2 (cost 1 each: 30 + 12 = 42 time units, money 30 + 24) */
    tu_close(r->items[0].delta_cost, -42, 1e-6);
    tu_close(r->items[0].delta_money, -54, 1e-6);
    /* closing L2 or the L3-L4 branch moves 40 onto the other: cost rises */
    for (int i = 1; i < 4; i++) {
        tu_close(r->items[i].delta_unserved, 0, 1e-12);
        assert_true(r->items[i].delta_cost > 0);
    }
    /* 1->3 alone on L2: t = 2*(1+40/10) = 10 per unit: 400; base split
     * x on L2, 40-x on L3+L4: 2(1+x/10) = 1 + 2(1+(40-x)/10) -> x = 22.5,
     * cost per unit 2*(1+2.25) = 6.5: 260.  Closing L3: +140. */
    int found = 0;
    for (int i = 0; i < 4; i++)
        if (!strcmp(el[r->items[i].element].label, "L3")) { tu_close(r->items[i].delta_cost, 140, 1e-5); found = 1; }
    assert_true(found);
    cor_criticality_destroy(r);
    cor_crit_elements_free(el, nel);

    /* elements by node and country */
    assert_int_equal(cor_crit_elements(net, NULL, COR_CRIT_COUNTRY, &el, &nel, NULL), COR_OK);
    assert_int_equal(nel, 2);
    assert_string_equal(el[0].label, "AA");
    assert_int_equal(el[0].n_links, 3);
    cor_crit_elements_free(el, nel);
    assert_int_equal(cor_crit_elements(net, NULL, COR_CRIT_NODE, &el, &nel, NULL), COR_OK);
    assert_int_equal(nel, 4);
    assert_int_equal(el[0].n_links, 3); /* node 1: L1, L2, L3 */
    cor_crit_elements_free(el, nel);
    cor_od_solution_destroy(base);
    cor_network_destroy(net);
}

/* Warm start after a demand change: scaled rows stay, the result matches a
 * cold solve. */
static void test_warm_start_demand_scale(void **state)
{
    (void)state;
    cor_network *net = mknet(4, 2, EX_NODE, 4, EX);
    double dem[4] = {0, 10, 0, 0};
    cor_od_solution *base = solve(net, 1, dem, NULL, NULL);
    dem[1] = 30;
    cor_od_solution *w = solve(net, 1, dem, NULL, base);
    cor_od_solution *c = solve(net, 1, dem, NULL, NULL);
    tu_close(w->flow[L(net, "L1")], 15, 1e-6);
    tu_close(w->gen_cost, c->gen_cost, 1e-8);
    cor_od_solution_destroy(w);
    cor_od_solution_destroy(c);
    cor_od_solution_destroy(base);
    cor_network_destroy(net);
}

static void test_matches_selectors(void **state)
{
    (void)state;
    cor_network *net = mknet(4, 2, EX_NODE, 4, EX);
    int32_t a = L(net, "L2");
    assert_true(cor_link_matches(net, a, "country", "XX"));
    assert_true(cor_link_matches(net, a, "country", "bb"));
    assert_false(cor_link_matches(net, a, "country", "X"));
    assert_true(cor_link_matches(net, a, "corridor", "middle"));
    assert_true(cor_link_matches(net, a, "node", "3"));
    assert_true(cor_link_matches(net, a, "from", "3"));
    assert_false(cor_link_matches(net, a, "to", "3"));
    assert_true(cor_link_matches(net, a, "link", "L2"));
    assert_true(cor_link_matches(net, a, "mode", "rail"));
    assert_true(cor_tag_has("tripp;middle", "middle", ";"));
    assert_false(cor_tag_has("tripp;middle", "mid", ";"));
    int n = 0;
    char **cs = cor_link_countries(net, &n);
    assert_int_equal(n, 4);
    assert_string_equal(cs[0], "AA");
    assert_string_equal(cs[3], "YY");
    for (int i = 0; i < n; i++) free(cs[i]);
    free(cs);
    cor_network_destroy(net);
}

/* The commands on a plain GMNS network (no class.csv): select-link lists
 * exactly the OD pairs using the link; exposure measures a country crossed
 * by half the flow; criticality by link finds the only link to zone 2. */
/* Country lists (#13 item 9): exposure, the country= selector and
 * criticality read the separators and case of the one parser (network.h),
 * with names of any length.  Before, exposure split on ";-, " only, the
 * selector on "-;," and names were compared with case. */
static const char *const LONG_NODE[] = {"Aland", "Borduria", "Xanadu", "Yoknapatawpha"};
static const lrow LONG[] = {
    {1, 3, 1, 10, 1, "Aland|Xanadu", 0, "middle"}, {3, 2, 1, 10, 1, "xanadu/Borduria", 0, "middle"},
    {1, 4, 1, 10, 1, "Aland\tYoknapatawpha", 0, "northern"}, {4, 2, 1, 10, 1, "YOKNAPATAWPHA - Borduria", 0, "northern"},
};

/* A table that could not store a row or cell is marked failed (sticky) and
 * never written half: cor_table_write_csv refuses it, nothing is created. */
static void test_table_sticky_failure(void **state)
{
    (void)state;
    const char *cols[] = {"name", "#value"};
    cor_table *t = cor_table_new("sticky", 2, cols);
    assert_non_null(t);
    assert_true(cor_table_ok(t));
    assert_int_equal(cor_table_set(t, 0, "x"), -1); /* no row yet */
    assert_false(cor_table_ok(t));
    assert_int_equal(cor_table_row(t), 0);
    assert_int_equal(cor_table_set(t, 0, "a"), -1); /* stays failed */
    char *dir = tu_tmpdir();
    cor_error err = {0};
    assert_int_equal(cor_table_write_csv(t, dir, &err), COR_E_NOMEM);
    assert_non_null(strstr(err.msg, "sticky: incomplete table"));
    assert_int_equal(tu_count_files(dir), 0);
    cor_table_free(t);
    tu_rmtree(dir);
    free(dir);
}

static void test_country_parser(void **state)
{
    (void)state;
    cor_network *net = mknet(4, 2, LONG_NODE, 4, LONG);
    int n = 0;
    char **cs = cor_link_countries(net, &n);
    assert_int_equal(n, 4); /* xanadu = Xanadu: the first spelling is kept */
    assert_string_equal(cs[0], "Aland");
    assert_string_equal(cs[3], "Yoknapatawpha");
    for (int i = 0; i < n; i++) free(cs[i]);
    free(cs);
    int32_t a = L(net, "L2"), b = L(net, "L4");
    assert_true(cor_link_matches(net, a, "country", "XANADU"));
    assert_true(cor_link_matches(net, a, "country", "borduria"));
    assert_true(cor_link_matches(net, b, "country", "Yoknapatawpha"));
    assert_false(cor_link_matches(net, b, "country", "Yoknapatawph"));
    assert_true(cor_country_has("CN-KZ", "kz"));
    assert_false(cor_country_has("CN-KZ", "CN-KZ"));
    double dem[4] = {0, 10, 0, 0};
    cor_od_solution *s = solve(net, 1, dem, NULL, NULL);
    cor_exposure *e = NULL;
    assert_int_equal(cor_exposure_compute(s, net, NULL, &e, NULL), COR_OK);
    assert_int_equal(e->n_countries, 4);
    int x = cor_exposure_find(e, "xanadu"), y = cor_exposure_find(e, "yoknapatawpha");
    assert_true(x >= 0 && y >= 0);
    tu_close(e->tonnes_share[x], 0.5, 1e-6); /* both Xanadu links, whatever the case */
    tu_close(e->tonnes_share[y], 0.5, 1e-6);
    cor_exposure_destroy(e);
    cor_crit_element *el = NULL;
    int nel = 0;
    assert_int_equal(cor_crit_elements(net, NULL, COR_CRIT_COUNTRY, &el, &nel, NULL), COR_OK);
    assert_int_equal(nel, 4);
    for (int i = 0; i < nel; i++)
        if (!strcmp(el[i].label, "Xanadu")) assert_int_equal(el[i].n_links, 2);
    cor_crit_elements_free(el, nel);
    assert_int_equal(cor_crit_elements(net, NULL, COR_CRIT_BORDER, &el, &nel, NULL), COR_OK);
    assert_int_equal(nel, 4); /* every link lists two countries */
    cor_crit_elements_free(el, nel);
    cor_od_solution_destroy(s);
    cor_network_destroy(net);
}

static int use_bfw(void **state) { (void)state; g_method = COR_METHOD_BFW; return 0; }
static int use_bush(void **state) { (void)state; g_method = COR_METHOD_BUSH; return 0; }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_select_link_subset),
        cmocka_unit_test(test_exposure_half),
        cmocka_unit_test(test_unserved_and_criticality),
        cmocka_unit_test(test_warm_start_demand_scale),
        cmocka_unit_test(test_matches_selectors),
        cmocka_unit_test(test_link_select),
        cmocka_unit_test(test_compare_tables),
        cmocka_unit_test(test_exposure_and_select_tables),
        cmocka_unit_test(test_criticality_table),
        cmocka_unit_test(test_country_parser),
        cmocka_unit_test(test_table_sticky_failure),
        /* the same analyses through the one-class-per-origin path */
        cmocka_unit_test_setup_teardown(test_select_link_subset, use_bfw, use_bush),
        cmocka_unit_test_setup_teardown(test_exposure_half, use_bfw, use_bush),
        cmocka_unit_test_setup_teardown(test_unserved_and_criticality, use_bfw, use_bush),
        cmocka_unit_test_setup_teardown(test_warm_start_demand_scale, use_bfw, use_bush),
        cmocka_unit_test_setup_teardown(test_compare_tables, use_bfw, use_bush),
        cmocka_unit_test_setup_teardown(test_exposure_and_select_tables, use_bfw, use_bush),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
