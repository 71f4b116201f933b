/* The shipped model data/eurasia: sanity of the base-year equilibrium and its
 * corridor accounting, and calibration against data/eurasia/calibration.csv.
 * Skips when the data set (or its reader) is absent.
 *
 * Each calibration target is measured as documented in docs/CALIBRATION.md:
 *   metric "days"   -> door-to-door days of the cheapest container route from
 *                      the target's origin to its destination using only links
 *                      tagged with the target's corridor, at equilibrium times;
 *   metric "tonnes" -> base-year equilibrium flow (class, or all classes) summed
 *                      over the target's links.
 * The low/high bounds are read from calibration.csv; the table below only says
 * which nodes or links a target refers to (as its notes state). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "corridor/freight.h"
#include "testutil.h"

typedef struct target_map {
    const char *target;
    const char *from, *to;    /* days targets */
    const char *links;        /* tonnes targets: space-separated link ids */
} target_map;

static const target_map MAP[] = {
    {"days_middle_xian_baku", "cn_xian", "az_baku_alat", NULL},
    {"days_middle_xian_constanta", "cn_xian", "ro_constanta", NULL},
    {"days_middle_xian_duisburg", "cn_xian", "de_duisburg", NULL},
    {"days_northern_xian_duisburg", "cn_xian", "de_duisburg", NULL},
    {"days_suez_shanghai_rotterdam", "cn_shanghai", "nl_rotterdam", NULL},
    {"days_cape_shanghai_rotterdam", "cn_shanghai", "nl_rotterdam", NULL},
    {"days_iran_xian_tehran", "cn_xian", "ir_tehran", NULL},
    {"tonnes_middle_corridor_2024", NULL, NULL, "L031 L032 L081"},
    {"tonnes_middle_containers_2024", NULL, NULL, "L031 L032"},
    {"tonnes_caspian_ferry_feeder_kz_az_2024", NULL, NULL, "L031 L032"},
    {"tonnes_caspian_kz_crude_tanker_2024", NULL, NULL, "L081"},
    {"tonnes_northern_2024", NULL, NULL, "L018"},
    {"tonnes_btc_2024", NULL, NULL, "L074"},
    {"tonnes_cpc_2024", NULL, NULL, "L078"},
    {"tonnes_sea_contestable_china_europe_2024", NULL, NULL, "L052 L057"},
};

static const char *eurasia(void)
{
    static char dir[4096];
    snprintf(dir, sizeof dir, "%s", tu_src("data/eurasia"));
    char p[4200];
    snprintf(p, sizeof p, "%s/calibration.csv", dir);
    struct stat sb;
    return stat(p, &sb) == 0 ? dir : NULL;
}

typedef struct fixture {
    cor_freight *f;
    cor_freight_result *r;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    *state = fx;
    const char *dir = eurasia();
    if (!dir) return 0;
    cor_error err = {0};
    cor_freight_opts o = {0};
    if (cor_freight_load(dir, &o, &fx->f, &err)) {
        fprintf(stderr, "data/eurasia not loadable: %s\n", err.msg);
        return 0;
    }
    cor_status st = cor_freight_solve(fx->f, NULL, &fx->r, &err);
    if (st) fprintf(stderr, "solve: %s\n", err.msg);
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    cor_freight_result_destroy(fx->r);
    cor_freight_destroy(fx->f);
    free(fx);
    return 0;
}

/* A link of the data's "tripp" highlight set (the Syunik/Meghri links). */
static int tripp_link(const cor_freight *f, int32_t a)
{
    const cor_vocab *v = cor_freight_vocab(f);
    for (int h = 0; h < cor_vocab_n_highlights(v); h++)
        if (!strcmp(cor_vocab_highlight(v, h)->set, "tripp")) return cor_freight_in_highlight(f, h, a);
    return 0;
}

static void test_base_equilibrium(void **state)
{
    fixture *fx = *state;
    if (!fx->f) skip();
    assert_non_null(fx->r);
    const cor_solution *s = fx->r->sol;
    assert_true(s->converged);
    assert_true(s->relative_gap <= 1e-8);
    assert_true(s->seconds < 1.0);
    assert_int_equal(s->n_unserved, 0);
    /* every tonne of demand is on some path, per class */
    const cor_demand *d = cor_freight_demand(fx->f);
    for (int k = 0; k < d->n_classes; k++) {
        double sum = 0;
        for (int c = 0; c <= fx->r->n_corridors; c++) sum += cor_freight_result_stat(fx->r, 0, (cor_corridor)c, k).tonnes;
        tu_close(sum, cor_demand_total(d, k), 1e-9);
    }
    /* path flows reproduce link flows */
    double maxflow = 0;
    for (int32_t a = 0; a < s->n_links; a++) maxflow = fmax(maxflow, s->flow[a]);
    assert_true(fx->r->decomposition_residual <= 1e-6 * maxflow);
    /* equilibrium: the used paths of an OD/class have equal generalized cost
     * (within the solver tolerance), none cheaper exists among the found */
    for (int i = 1; i < fx->r->n_paths; i++) {
        const cor_freight_path *p = &fx->r->paths[i], *q = &fx->r->paths[i - 1];
        if (p->cls == q->cls && p->o == q->o && p->d == q->d)
            tu_close(p->gen_usd, q->gen_usd, 1e-6);
    }
    /* the planned links (TRIPP) carry nothing in the base year; oil never
     * rides a gas pipeline */
    const cor_network *net = cor_freight_network(fx->f);
    const uint8_t *open = cor_freight_link_open(fx->f);
    int tripp = 0;
    for (int32_t a = 0; a < net->n_links; a++) {
        if (!open[a]) assert_true(s->flow[a] == 0);
        if (tripp_link(fx->f, a)) { tripp++; assert_int_equal(open[a], 0); }
    }
    assert_true(tripp >= 4);
    int32_t scp = cor_network_find_link(net, "L075");
    if (scp >= 0) assert_true(s->flow[scp] == 0);
    /* no corridor-less path */
    tu_close(cor_freight_result_stat(fx->r, 0, fx->r->n_corridors, -1).tonnes, 0, 0);
}

static void test_year_2030_opens_tripp(void **state)
{
    fixture *fx = *state;
    if (!fx->f) skip();
    cor_freight *g = cor_freight_clone(fx->f);
    assert_non_null(g);
    cor_freight_set_year(g, 2030);
    cor_freight_result *r = NULL;
    cor_error err = {0};
    assert_int_equal(cor_freight_solve(g, NULL, &r, &err), COR_OK);
    const cor_network *net = cor_freight_network(g);
    const uint8_t *open = cor_freight_link_open(g);
    double tripp_flow = 0;
    for (int32_t a = 0; a < net->n_links; a++)
        if (tripp_link(g, a) && cor_freight_link_mode(g)[a] == COR_MODE_RAIL &&
            cor_freight_link_status(g)[a] != COR_STATUS_CLOSED) {
            assert_int_equal(open[a], 1);
            tripp_flow = fmax(tripp_flow, r->sol->flow[a]);
        }
    /* flow on the Meghri rail links equals the tonnes attributed to TRIPP */
    cor_freight_stat t = cor_freight_result_stat(r, 1, cor_vocab_find(cor_freight_vocab(g), "tripp"), -1);
    assert_true(t.tonnes > 0);
    tu_close(tripp_flow, t.tonnes, 1e-6);
    cor_freight_result_destroy(r);
    cor_freight_destroy(g);
}

static int split_csv(char *line, char **f, int cap)
{
    int n = 0, q = 0;
    char *w = line, *start = line;
    for (char *p = line;; p++) {
        if (*p == '"') { if (q && p[1] == '"') { *w++ = '"'; p++; } else q = !q; continue; }
        if ((*p == ',' && !q) || !*p) {
            int end = !*p;
            *w = 0;
            if (n < cap) f[n++] = start;
            if (end) break;
            start = w = p + 1;
            continue;
        }
        *w++ = *p;
    }
    return n;
}

static void test_calibration(void **state)
{
    fixture *fx = *state;
    if (!fx->f) skip();
    char path[4200];
    snprintf(path, sizeof path, "%s/calibration.csv", eurasia());
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char line[8192];
    char *fl[16];
    assert_non_null(fgets(line, sizeof line, fp));
    line[strcspn(line, "\r\n")] = 0;
    int nf = split_csv(line, fl, 16);
    int ct = -1, cc = -1, ck = -1, cm = -1, clo = -1, chi = -1;
    for (int i = 0; i < nf; i++) {
        if (!strcmp(fl[i], "target")) ct = i;
        if (!strcmp(fl[i], "corridor")) cc = i;
        if (!strcmp(fl[i], "class")) ck = i;
        if (!strcmp(fl[i], "metric")) cm = i;
        if (!strcmp(fl[i], "low")) clo = i;
        if (!strcmp(fl[i], "high")) chi = i;
    }
    assert_true(ct >= 0 && cc >= 0 && ck >= 0 && cm >= 0 && clo >= 0 && chi >= 0);
    const cor_network *net = cor_freight_network(fx->f);
    const cor_freight_classes *cl = cor_freight_get_classes(fx->f);
    int n_checked = 0, n_fail = 0;
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0]) continue;
        char orig[8192];
        snprintf(orig, sizeof orig, "%s", line);
        nf = split_csv(line, fl, 16);
        assert_true(nf > chi);
        const target_map *m = NULL;
        for (size_t i = 0; i < sizeof MAP / sizeof *MAP; i++)
            if (!strcmp(MAP[i].target, fl[ct])) m = &MAP[i];
        if (!m) fail_msg("calibration target %s has no measurement in this test", fl[ct]);
        double lo = atof(fl[clo]), hi = atof(fl[chi]), model = NAN;
        int k = strcmp(fl[ck], "all") ? cor_freight_classes_find(cl, fl[ck]) : -1;
        if (strcmp(fl[ck], "all")) assert_true(k >= 0);
        if (!strcmp(fl[cm], "days")) {
            cor_corridor c = cor_vocab_find(cor_freight_vocab(fx->f), fl[cc]);
            assert_true(c >= 0);
            int32_t s = cor_network_find_node(net, m->from), t = cor_network_find_node(net, m->to);
            assert_true(s >= 0 && t >= 0);
            cor_freight_route rt;
            cor_error err = {0};
            assert_int_equal(cor_freight_corridor_route(fx->f, fx->r, k, s, t, c, &rt, &err), COR_OK);
            if (rt.n_links < 0) fail_msg("%s: no %s route %s -> %s", fl[ct], fl[cc], m->from, m->to);
            model = rt.hours / 24;
            cor_freight_routes_free(&rt, 1);
        } else {
            assert_string_equal(fl[cm], "tonnes");
            char ids[256];
            snprintf(ids, sizeof ids, "%s", m->links);
            model = 0;
            for (char *id = strtok(ids, " "); id; id = strtok(NULL, " ")) {
                int32_t a = cor_network_find_link(net, id);
                if (a < 0) fail_msg("%s: link %s not in link.csv", fl[ct], id);
                /* the target's notes name the links it is about */
                if (!strstr(orig, id)) fail_msg("%s: notes do not mention %s", fl[ct], id);
                model += k < 0 ? fx->r->sol->flow[a] : fx->r->sol->class_flow[(size_t)k * net->n_links + a];
            }
        }
        int ok = model >= lo && model <= hi;
        printf("  %-42s model %14.6g  range [%g, %g]  %s\n", fl[ct], model, lo, hi, ok ? "ok" : "OUT OF RANGE");
        n_fail += !ok;
        n_checked++;
    }
    fclose(fp);
    assert_true(n_checked >= 10);
    if (n_fail) fail_msg("%d of %d calibration targets out of range", n_fail, n_checked);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base_equilibrium),
        cmocka_unit_test(test_year_2030_opens_tripp),
        cmocka_unit_test(test_calibration),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
