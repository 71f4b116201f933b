/* Freight model: class split, corridor attribution, status/year masking,
 * overrides, routes, readers' errors — on a hand-solvable network.
 *
 * The network (zones O and D) has four two-link routes O -> X -> D; the second
 * link of each route is free (0 h, 0 USD):
 *   A  via M: rail,     corridor middle,       t = 10 (1 + v/1000) h, 100 USD/t
 *   B  via N: rail,     corridor northern,     t = 20 (1 + v/2000) h,  50 USD/t
 *   C  via P: pipeline, corridor energy,       t = 100 (1 + v/1000) h,  5 USD/t
 *   T  via T: rail,     corridor middle;tripp, t = 5 h (constant),    100 USD/t,
 *             status planned, opening_year 2029
 * Classes: containers (VoT 10 USD/t-h, rail only), oil (VoT 0.5, rail or
 * pipeline).  Demand O->D: containers 800 t, oil 300 t.
 *
 * Base year (T closed).  Containers use A (a) and B (cb); oil uses C (p) and
 * B (ob); nobody else is cheaper (checked below).  Equal generalized costs:
 *   containers: 100 + 100 (1 + a/1000) = 50 + 200 (1 + b/2000),  b = cb + ob
 *   oil:        5 + 50 (1 + p/1000)    = 50 + 10 (1 + b/2000)
 * i.e. 0.1 a - 0.1 b = 50 and 0.05 p - 0.005 b = 5 with a = 800 - cb,
 * p = 300 - ob: a 2x2 linear system in (cb, ob) solved in solve_base(). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "corridor/freight.h"
#include "corridor/calibrate.h"
#include "testutil.h"

#define COR_FUZZ_REPLAY 1
#include "fuzz/fuzz_freight_class.c"
#include "fuzz/fuzz_freight.c"
#include "fuzz/fuzz_class_values.c"
#include "fuzz/fuzz_vocab.c"
#include "fuzz/fuzz_targets.c"

static const char CLASS_CSV[] =
    "class,value_of_time,allowed_modes,unit,tonnes_per_unit,description,source,notes\n"
    "containers,10,rail;transfer,TEU,10,boxes,EST,\n"
    "oil,0.5,rail;pipeline,t,1,\"crude, by pipe or rail\",EST,\n";

/* The corridor vocabulary of the tests (data/eurasia's, in short). */
static const char CORRIDORS_CSV[] =
    "tag,name,label,precedence,colour,role,distinct,branch_country\n"
    "middle,Middle,,2,,trunk,1,\n"
    "northern,Northern,,4,,,,\n"
    "suez,,,6,,,,\n"
    "cape,,,5,#00aa00,,,\n"
    "iran,,,3,,,,\n"
    "tripp,TRIPP,TRIPP (Syunik),1,,trunk,1,AM\n"
    "energy,,,7,,,0,\n"
    "feeder,,,8,,feeder,0,\n";
static const char HIGHLIGHTS_CSV[] =
    "set,label,use,list,tag,mode,country,region\n"
    "tripp,TRIPP links,corridors,open,tripp,,AM,\n"
    "caspian,Caspian crossings,,flow,,ferry;sea,,46 36 56 48\n";

static cor_vocab *g_voc;

static cor_vocab *load_vocab(const char *corridors, const char *highlights, cor_error *err, cor_status *st)
{
    char *dir = tu_tmpdir();
    if (corridors) free(tu_write(dir, "corridors.csv", corridors));
    if (highlights) free(tu_write(dir, "highlights.csv", highlights));
    cor_vocab *v = NULL;
    *st = cor_vocab_load(dir, &v, err);
    tu_rmtree(dir);
    free(dir);
    return v;
}

static int setup_vocab(void **state)
{
    (void)state;
    cor_error err = {0};
    cor_status st;
    g_voc = load_vocab(CORRIDORS_CSV, HIGHLIGHTS_CSV, &err, &st);
    if (st) fail_msg("vocab: %s", err.msg);
    return 0;
}

static int teardown_vocab(void **state)
{
    (void)state;
    cor_vocab_destroy(g_voc);
    return 0;
}

#define CORR(tag) cor_vocab_find(g_voc, tag)
#define NONE cor_vocab_count(g_voc)

static int highlight(const cor_freight *f, const char *set)
{
    const cor_vocab *v = cor_freight_vocab(f);
    for (int h = 0; h < cor_vocab_n_highlights(v); h++)
        if (!strcmp(cor_vocab_highlight(v, h)->set, set)) return h;
    fail_msg("no highlight set %s", set);
    return -1;
}

typedef struct lk {
    const char *id, *from, *to;
    double t0, cap, alpha;
    const char *mode, *cost, *country, *corridor, *status, *year;
} lk;

static const lk LINKS[] = {
    {"A1", "O", "M", 10, 1000, 1, "rail", "100", "CN;KZ", "middle", "open", ""},
    {"A2", "M", "D", 0, 1000, 0, "rail", "", "AZ", "middle", "open", ""},
    {"B1", "O", "N", 20, 2000, 1, "rail", "50", "CN;KZ", "northern", "open", ""},
    {"B2", "N", "D", 0, 1000, 0, "rail", "0", "RU", "northern", "", ""},
    {"C1", "O", "P", 100, 1000, 1, "pipeline", "5", "KZ", "energy", "open", ""},
    {"C2", "P", "D", 0, 1000, 0, "pipeline", "0", "AZ", "energy", "open", ""},
    {"T1", "O", "T", 5, 1000, 0, "rail", "100", "AZ", "middle;tripp", "planned", "2029"},
    {"T2", "T", "D", 0, 1000, 0, "rail", "0", "AM", "tripp;middle", "under_construction", "2029"},
};
#define NL ((int)(sizeof LINKS / sizeof *LINKS))

static cor_network *build_net(const char *bad_tag)
{
    cor_netbuilder *b = cor_netbuilder_create();
    const char *nodes[] = {"O", "D", "M", "N", "P", "T"};
    for (int i = 0; i < 6; i++) assert_int_equal(cor_netbuilder_add_node(b, nodes[i], i, 40, NULL), i);
    assert_int_equal(cor_netbuilder_add_zone(b, 0, "O", NULL), COR_OK);
    assert_int_equal(cor_netbuilder_add_zone(b, 1, "D", NULL), COR_OK);
    const char *cols[] = {"mode", "cost", "country", "corridor", "status", "opening_year"};
    assert_int_equal(cor_netbuilder_link_extra_cols(b, 6, cols, NULL), COR_OK);
    for (int k = 0; k < NL; k++) {
        const lk *l = &LINKS[k];
        cor_link_spec s = {.from = cor_netbuilder_find_node(b, l->from),
                           .to = cor_netbuilder_find_node(b, l->to), .id = l->id,
                           .fftime = l->t0, .capacity = l->cap, .alpha = l->alpha, .beta = 1,
                           .vdf = l->alpha == 0 ? COR_VDF_CONSTANT : COR_VDF_BPR};
        assert_int_equal(cor_netbuilder_add_link(b, &s, NULL), COR_OK);
        const char *v[] = {l->mode, l->cost, l->country,
                           (bad_tag && k == 3) ? bad_tag : l->corridor, l->status, l->year};
        for (int c = 0; c < 6; c++) assert_int_equal(cor_netbuilder_link_extra_set(b, k, c, v[c], NULL), COR_OK);
    }
    cor_network *net = NULL;
    assert_int_equal(cor_netbuilder_finish(b, &net, NULL), COR_OK);
    return net;
}

static cor_freight_classes *read_classes(const char *text)
{
    char *dir = tu_tmpdir();
    char *p = tu_write(dir, "class.csv", text);
    cor_freight_classes *c = NULL;
    cor_error err = {0};
    assert_int_equal(cor_read_freight_classes(p, &c, &err), COR_OK);
    free(p);
    tu_rmtree(dir);
    free(dir);
    return c;
}

static cor_freight *make_model(int year)
{
    cor_network *net = build_net(NULL);
    const char *names[] = {"oil", "containers"}; /* order differs from class.csv */
    cor_demand *dem = cor_demand_create(2, 2, names);
    dem->od[(0 * 2 + 0) * 2 + 1] = 300; /* oil O->D */
    dem->od[(1 * 2 + 0) * 2 + 1] = 800; /* containers O->D */
    cor_freight_classes *cls = read_classes(CLASS_CSV);
    cor_freight_opts o = {.year = year, .vocab = g_voc};
    cor_freight *f = NULL;
    cor_error err = {0};
    cor_status st = cor_freight_create(net, dem, cls, &o, &f, &err);
    if (st) fail_msg("create: %s", err.msg);
    cor_network_destroy(net);
    cor_demand_destroy(dem);
    cor_freight_classes_destroy(cls);
    return f;
}

static cor_freight_result *solve(cor_freight *f)
{
    cor_assign_params par;
    cor_assign_params_default(&par);
    par.gap = 1e-10;
    par.threads = 1;
    cor_freight_result *r = NULL;
    cor_error err = {0};
    cor_status st = cor_freight_solve(f, &par, &r, &err);
    if (st) fail_msg("solve: %s (%s)", cor_status_name(st), err.msg);
    return r;
}

static double link_flow(cor_freight *f, const cor_freight_result *r, const char *id, int k)
{
    int32_t a = cor_network_find_link(cor_freight_network(f), id);
    assert_true(a >= 0);
    return k < 0 ? r->sol->flow[a] : r->sol->class_flow[(size_t)k * r->sol->n_links + a];
}

/* The analytic base-year equilibrium. */
typedef struct base_eq { double a, cb, ob, p; } base_eq;
static base_eq solve_base(void)
{
    /* containers: 0.1 (800 - cb) - 0.1 (cb + ob) = 50  ->  0.2 cb + 0.1 ob = 30
     * oil:        0.05 (300 - ob) - 0.005 (cb + ob) = 5 -> 0.005 cb + 0.055 ob = 10 */
    double a11 = 0.2, a12 = 0.1, b1 = 30, a21 = 0.005, a22 = 0.055, b2 = 10;
    double det = a11 * a22 - a12 * a21;
    base_eq e;
    e.cb = (b1 * a22 - a12 * b2) / det;
    e.ob = (a11 * b2 - a21 * b1) / det;
    e.a = 800 - e.cb;
    e.p = 300 - e.ob;
    return e;
}

static void test_classes_reader(void **state)
{
    (void)state;
    cor_freight_classes *c = read_classes(CLASS_CSV);
    assert_int_equal(c->n, 2);
    assert_string_equal(c->cls[0].name, "containers");
    tu_close(c->cls[0].vot, 10, 0);
    assert_int_equal(c->cls[0].modes, (1u << COR_MODE_RAIL) | (1u << COR_MODE_TRANSFER));
    assert_string_equal(c->cls[0].unit, "TEU");
    tu_close(c->cls[0].tonnes_per_unit, 10, 0);
    assert_string_equal(c->cls[1].description, "crude, by pipe or rail");
    assert_int_equal(c->cls[1].modes, (1u << COR_MODE_RAIL) | (1u << COR_MODE_PIPELINE));
    cor_freight_classes_destroy(c);

    /* route-choice columns and segment rows (#14 item 2) */
    {
        char *dir = tu_tmpdir();
        char *p = tu_write(dir, "class.csv",
                           "class,value_of_time,allowed_modes,logit_scale,value_of_reliability,demand_elasticity,segment,share\n"
                           "boxes,2,rail,0.05,1.5,-0.4,,\n"
                           "boxes,1,,,,,low,0.75\n"
                           "bulk,0.1,rail,,,,,\n"
                           "boxes,,,,,,high,0.25\n");
        cor_error err = {0};
        assert_int_equal(cor_read_freight_classes(p, &c, &err), COR_OK);
        assert_int_equal(c->n, 2);
        tu_close(c->cls[0].logit_scale, 0.05, 0);
        tu_close(c->cls[0].value_of_reliability, 1.5, 0);
        tu_close(c->cls[0].demand_elasticity, -0.4, 0);
        assert_int_equal(c->cls[0].n_segments, 2);
        assert_string_equal(c->cls[0].segments[0].name, "low");
        tu_close(c->cls[0].segments[0].share, 0.75, 0);
        tu_close(c->cls[0].segments[0].vot, 1, 0);
        tu_close(c->cls[0].segments[1].vot, 2, 0); /* blank: the class's */
        assert_int_equal(c->cls[1].n_segments, 0);
        tu_close(c->cls[1].logit_scale, 0, 0);    /* blank: not given */
        cor_freight_classes *d = cor_freight_classes_clone(c);
        assert_non_null(d);
        assert_string_equal(d->cls[0].segments[1].name, "high");
        cor_freight_classes_destroy(d);
        cor_freight_classes_destroy(c);
        free(p);
        tu_rmtree(dir);
        free(dir);
    }

    const char *bad[][2] = {
        {"class,value_of_time,allowed_modes\nx,1,rail;hovercraft\n", "class.csv:2: field allowed_modes"},
        {"class,value_of_time,allowed_modes\nx,0,rail\n", "class.csv:2: field value_of_time"},
        {"class,value_of_time,allowed_modes\nx,1,rail\nx,2,sea\n", "class.csv:3: field class"},
        {"class,allowed_modes\nx,rail\n", "field value_of_time: missing column"},
        {"class,value_of_time,allowed_modes\nx,1\n", "class.csv:2: 2 fields"},
        /* one CSV reader: quoted line breaks count, the next record's line is right */
        {"class,value_of_time,allowed_modes,description\nx,1,rail,\"two\nlines\"\ny,-1,rail,z\n",
         "class.csv:4: field value_of_time"},
        {"class,value_of_time,allowed_modes\nx,1,\"rail\n", "class.csv:2: quoted field never closed"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *dir = tu_tmpdir();
        char *p = tu_write(dir, "class.csv", bad[i][0]);
        cor_freight_classes *cc = (cor_freight_classes *)1;
        cor_error err = {0};
        assert_int_equal(cor_read_freight_classes(p, &cc, &err), COR_E_INPUT);
        assert_null(cc);
        if (!strstr(err.msg, bad[i][1])) fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, bad[i][1]);
        free(p);
        tu_rmtree(dir);
        free(dir);
    }
}

/* values.csv: cor_read_class_values picks the named classes' values, by
 * column name, and names file, line and field in its errors. */
static void test_class_values(void **state)
{
    (void)state;
    const char *names[] = {"oil", "containers"};
    double v[2];
    char *dir = tu_tmpdir();
    char *p = tu_write(dir, "values.csv",
                       "source,value_usd_t,class\n# a comment\n\"S1, S2\",20000,containers\n"
                       "S3, 580 ,oil\nS4,250,grain\n");
    cor_error err = {0};
    assert_int_equal(cor_read_class_values(p, 2, names, v, &err), COR_OK);
    tu_close(v[0], 580, 0);
    tu_close(v[1], 20000, 0);
    free(p);
    const char *bad[][2] = {
        {"class,value\noil,1\n", "values.csv:1: expected a header with the columns class and value_usd_t"},
        {"class,value_usd_t\noil,1\ncontainers,x\n", "values.csv:3: field value_usd_t: 'x' is not a non-negative number"},
        {"class,value_usd_t\noil,-1\ncontainers,2\n", "values.csv:2: field value_usd_t"},
        {"class,value_usd_t\noil,1\noil,2\ncontainers,2\n", "values.csv:3: field class: second row for class 'oil'"},
        {"class,value_usd_t\noil,1\n", "values.csv: no row for class 'containers'"},
        {"class,value_usd_t\n,1\n", "values.csv:2: field class: empty class name"},
        {"", "values.csv:1: expected a header"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        p = tu_write(dir, "values.csv", bad[i][0]);
        assert_int_equal(cor_read_class_values(p, 2, names, v, &err), COR_E_INPUT);
        if (!strstr(err.msg, bad[i][1])) fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, bad[i][1]);
        free(p);
    }
    assert_int_equal(cor_read_class_values("/nonexistent/values.csv", 2, names, v, &err), COR_E_IO);
    tu_rmtree(dir);
    free(dir);
}

static void test_create_errors(void **state)
{
    (void)state;
    cor_freight_classes *cls = read_classes(CLASS_CSV);
    cor_error err = {0};
    cor_freight *f = NULL;
    cor_network *net = build_net("middle;silkroad");
    cor_freight_opts fo = {.vocab = g_voc};
    assert_int_equal(cor_freight_create(net, NULL, cls, &fo, &f, &err), COR_E_INPUT);
    assert_null(f);
    assert_non_null(strstr(err.msg, "link B2: field corridor: unknown tag 'silkroad'"));
    /* without a vocabulary every tag is a corridor, in order of appearance */
    assert_int_equal(cor_freight_create(net, NULL, cls, NULL, &f, &err), COR_OK);
    const cor_vocab *v = cor_freight_vocab(f);
    static const char *const ORDER[] = {"middle", "northern", "silkroad", "energy", "tripp"};
    assert_int_equal(cor_vocab_count(v), 5);
    for (int i = 0; i < 5; i++) {
        assert_string_equal(cor_vocab_tag(v, i), ORDER[i]);
        assert_int_equal(cor_vocab_by_precedence(v, i), i);
    }
    assert_string_equal(cor_vocab_tag(v, 5), "none");
    assert_int_equal(cor_vocab_primary(v, COR_CORR_BIT(4) | COR_CORR_BIT(1)), 1);
    assert_int_equal(cor_vocab_feeder_mask(v), 0);
    assert_int_equal(cor_vocab_n_highlights(v), 0);
    cor_freight_destroy(f);
    f = NULL;
    cor_network_destroy(net);

    net = build_net(NULL);
    const char *names[] = {"grain"};
    cor_demand *dem = cor_demand_create(2, 1, names);
    assert_int_equal(cor_freight_create(net, dem, cls, NULL, &f, &err), COR_E_INPUT);
    assert_non_null(strstr(err.msg, "demand class 'grain' is not in class.csv"));
    cor_demand_destroy(dem);
    cor_network_destroy(net);
    cor_freight_classes_destroy(cls);
}

static void test_two_class_equilibrium(void **state)
{
    (void)state;
    cor_freight *f = make_model(0);
    const cor_demand *d = cor_freight_demand(f);
    assert_string_equal(d->class_name[0], "containers"); /* class.csv order */
    tu_close(cor_demand_total(d, 0), 800, 0);
    tu_close(cor_demand_total(d, 1), 300, 0);
    cor_freight_result *r = solve(f);
    base_eq e = solve_base();
    assert_true(e.cb > 0 && e.ob > 0 && e.p > 0 && e.a > 0);
    assert_true(r->sol->relative_gap <= 1e-8);
    const double tol = 1e-6;
    tu_close(link_flow(f, r, "A1", 0), e.a, tol);
    tu_close(link_flow(f, r, "B1", 0), e.cb, tol);
    tu_close(link_flow(f, r, "B1", 1), e.ob, tol);
    tu_close(link_flow(f, r, "C1", 1), e.p, tol);
    tu_close(link_flow(f, r, "C1", 0), 0, 0);  /* containers may not use pipelines */
    tu_close(link_flow(f, r, "A1", 1), 0, tol); /* oil: A costs ~109 vs ~61 */
    tu_close(link_flow(f, r, "T1", -1), 0, 0);  /* planned: closed in the base year */

    /* corridor attribution: primary corridor of each route */
    double tA = 10 * (1 + e.a / 1000), tB = 20 * (1 + (e.cb + e.ob) / 2000), tC = 100 * (1 + e.p / 1000);
    cor_freight_stat s = cor_freight_result_stat(r, 0, CORR("middle"), 0);
    tu_close(s.tonnes, e.a, tol);
    tu_close(s.mean_days, tA / 24, tol);
    tu_close(s.mean_usd, 100, tol);
    s = cor_freight_result_stat(r, 0, CORR("northern"), -1);
    tu_close(s.tonnes, e.cb + e.ob, tol);
    tu_close(s.mean_days, tB / 24, tol);
    tu_close(s.mean_usd, 50, tol);
    s = cor_freight_result_stat(r, 0, CORR("energy"), 1);
    tu_close(s.tonnes, e.p, tol);
    tu_close(s.mean_days, tC / 24, tol);
    tu_close(s.mean_usd, 5, tol);
    /* class means: containers over A and B */
    double cont_tonnes = 0, cont_days = 0;
    for (int c = 0; c <= NONE; c++) {
        cor_freight_stat x = cor_freight_result_stat(r, 0, (cor_corridor)c, 0);
        cont_tonnes += x.tonnes;
        cont_days += x.tonnes * x.mean_days;
    }
    tu_close(cont_tonnes, 800, tol);
    tu_close(cont_days / 800, (e.a * tA + e.cb * tB) / 800 / 24, tol);
    /* stored tables agree with the stat function */
    tu_close(r->by_primary[CORR("northern") * r->n_classes + 1].tonnes, e.ob, tol);
    tu_close(r->by_tag[CORR("energy") * r->n_classes + 1].tonnes, e.p, tol);
    /* equal generalized cost on used paths, and paths are exact */
    assert_int_equal(r->n_paths, 4);
    for (int i = 0; i < r->n_paths; i++) {
        const cor_freight_path *p = &r->paths[i];
        assert_int_equal(p->n_links, 2);
        double want = p->cls == 0 ? 100 + 10 * tA : 5 + 0.5 * tC;
        tu_close(p->gen_usd, want, 1e-6);
    }
    assert_true(r->decomposition_residual < 1e-6);
    /* origin flows were filled: class 1 from zone 0 equals the class flow */
    assert_non_null(r->sol->origin_flow);
    int32_t c1 = cor_network_find_link(cor_freight_network(f), "C1");
    tu_close(r->sol->origin_flow[((size_t)1 * 2 + 0) * r->sol->n_links + c1], e.p, tol);

    /* countries along path A: CN KZ AZ */
    char *buf;
    for (int i = 0; i < r->n_paths; i++)
        if (r->paths[i].primary == CORR("middle")) {
            assert_int_equal(cor_freight_countries_str(f, r->paths[i].links, r->paths[i].n_links, &buf), 3);
            assert_string_equal(buf, "CN KZ AZ");
            free(buf);
        }
    cor_freight_result_destroy(r);
    cor_freight_destroy(f);
}

static void test_year_and_overrides(void **state)
{
    (void)state;
    cor_freight *f = make_model(2028);
    const cor_network *net = cor_freight_network(f);
    int32_t t1 = cor_network_find_link(net, "T1"), t2 = cor_network_find_link(net, "T2");
    int32_t b2 = cor_network_find_link(net, "B2");
    const uint8_t *open = cor_freight_link_open(f);
    assert_int_equal(open[t1], 0);
    assert_int_equal(open[b2], 1); /* blank status = open */
    assert_int_equal(cor_freight_link_opening_year(f)[t1], 2029);
    assert_int_equal(cor_freight_link_status(f)[t2], COR_STATUS_UNDER_CONSTRUCTION);
    assert_int_equal(cor_freight_link_corridors(f)[t2], COR_CORR_BIT(CORR("tripp")) | COR_CORR_BIT(CORR("middle")));
    /* highlight sets: TRIPP (T2, tripp-tagged in AM) is closed before 2029,
     * the latest opening_year on the tripp corridor; the Caspian set has no
     * link here, so nothing open and no year */
    int ht = highlight(f, "tripp"), hc = highlight(f, "caspian"), last = -1;
    assert_int_equal(cor_freight_highlight_open(f, ht, &last), 0);
    assert_int_equal(last, 2029);
    assert_int_equal(cor_freight_highlight_open(f, hc, &last), 0);
    assert_int_equal(last, 0);
    cor_freight_set_year(f, 2029);
    open = cor_freight_link_open(f);
    assert_int_equal(open[t1], 1);
    assert_int_equal(open[t2], 1);
    assert_int_equal(cor_freight_highlight_open(f, ht, NULL), 1);

    /* 2029: containers all on T (100 + 10*5 = 150 < A's 200 at zero flow,
     * < B's 250); oil keeps its base split (T costs oil 102.5 > ~61). */
    cor_freight_result *r = solve(f);
    base_eq e0 = solve_base();
    (void)e0;
    tu_close(link_flow(f, r, "T1", 0), 800, 1e-6);
    tu_close(link_flow(f, r, "T1", 1), 0, 1e-6);
    /* oil alone: 0.05 p - 0.005 (300 - p) = 5 -> p = 6.5 / 0.055 */
    tu_close(link_flow(f, r, "C1", 1), 6.5 / 0.055, 1e-6);
    cor_freight_stat s = cor_freight_result_stat(r, 0, CORR("tripp"), 0);
    tu_close(s.tonnes, 800, 1e-6);
    tu_close(s.mean_days, 5.0 / 24, 1e-9);
    tu_close(s.mean_usd, 100, 1e-9);
    s = cor_freight_result_stat(r, 1, CORR("middle"), 0); /* uses-tag basis includes TRIPP */
    tu_close(s.tonnes, 800, 1e-6);
    s = cor_freight_result_stat(r, 0, CORR("middle"), 0); /* primary basis does not */
    tu_close(s.tonnes, 0, 0);
    cor_freight_result_destroy(r);

    /* scenario on a clone: back to base rules, TRIPP forced open, pipeline closed */
    cor_freight *g = cor_freight_clone(f);
    assert_non_null(g);
    cor_freight_set_year(g, 0);
    assert_int_equal(cor_freight_link_open(g)[t1], 0);
    assert_int_equal(cor_freight_open_corridor(g, CORR("tripp")), 2);
    assert_int_equal(cor_freight_link_open(g)[t1], 1);
    assert_int_equal(cor_freight_close_mode(g, COR_MODE_PIPELINE), 2);
    cor_freight_set_link_open(g, t2, 0);
    assert_int_equal(cor_freight_link_open(g)[t2], 0);
    cor_freight_set_link_open(g, t2, -1); /* back to the rule: base year, planned -> closed */
    assert_int_equal(cor_freight_link_open(g)[t2], 0);
    cor_freight_set_link_open(g, t2, 1);
    r = solve(g);
    tu_close(link_flow(g, r, "C1", -1), 0, 0);
    tu_close(link_flow(g, r, "B1", 1), 300, 1e-9); /* oil: B (60..) beats T (102.5) and A */
    cor_freight_result_destroy(r);
    /* the original is untouched */
    assert_int_equal(cor_freight_link_open(f)[cor_network_find_link(net, "C1")], 1);
    assert_int_equal(cor_freight_year(f), 2029);

    /* closing a country closes every link naming it; scaling demand */
    assert_int_equal(cor_freight_close_country(g, "RU"), 1);
    assert_int_equal(cor_freight_link_open(g)[b2], 0);
    cor_freight_close_node(g, cor_network_find_node(cor_freight_network(g), "M"));
    cor_freight_set_link_open(g, t1, 0);
    /* now containers have no route: unserved, listed */
    r = solve(g);
    assert_int_equal(r->sol->n_unserved, 2);
    tu_close(r->sol->unserved_total, 1100, 1e-12);
    assert_int_equal(r->n_paths, 0);
    cor_freight_result_destroy(r);
    cor_freight_destroy(g);
    cor_freight_destroy(f);
}

static void test_routes(void **state)
{
    (void)state;
    cor_freight *f = make_model(0);
    const cor_network *net = cor_freight_network(f);
    int32_t o = cor_network_find_node(net, "O"), d = cor_network_find_node(net, "D");
    cor_freight_route rt[3];
    int n = 0;
    cor_error err = {0};
    /* oil, free flow: C 5+0.5*100 = 55, B 50+0.5*20 = 60, A 100+0.5*10 = 105 */
    assert_int_equal(cor_freight_routes(f, NULL, 1, o, d, 3, 0, rt, &n, &err), COR_OK);
    assert_int_equal(n, 3);
    assert_int_equal(rt[0].primary, CORR("energy"));
    tu_close(rt[0].gen_usd, 55, 1e-12);
    assert_int_equal(rt[1].primary, CORR("northern"));
    tu_close(rt[1].hours, 20, 1e-12);
    tu_close(rt[1].usd, 50, 1e-12);
    assert_int_equal(rt[2].primary, CORR("middle"));
    tu_close(rt[2].gen_usd, 105, 1e-12);
    cor_freight_routes_free(rt, n);
    /* containers: the pipeline and the closed TRIPP are not usable -> 2 */
    assert_int_equal(cor_freight_routes(f, NULL, 0, o, d, 3, 0, rt, &n, &err), COR_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rt[0].primary, CORR("middle"));
    assert_int_equal(rt[1].primary, CORR("northern"));
    cor_freight_routes_free(rt, n);
    /* at equilibrium times the container routes cost the same */
    cor_freight_result *r = solve(f);
    assert_int_equal(cor_freight_routes(f, r, 0, o, d, 3, 0, rt, &n, &err), COR_OK);
    assert_int_equal(n, 2);
    tu_close(rt[0].gen_usd, rt[1].gen_usd, 1e-6);
    cor_freight_routes_free(rt, n);
    cor_freight_result_destroy(r);
    cor_freight_destroy(f);
}

static void test_write(void **state)
{
    (void)state;
    cor_freight *f = make_model(0);
    cor_freight_result *r = solve(f);
    char *dir = tu_tmpdir();
    cor_error err = {0};
    assert_int_equal(cor_freight_write(f, r, dir, &err), COR_OK);
    assert_int_equal(tu_count_files(dir), 4);
    char path[4200];
    snprintf(path, sizeof path, "%s/corridors.csv", dir);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char line[512];
    int found = 0;
    base_eq e = solve_base();
    while (fgets(line, sizeof line, fp)) {
        double t;
        if (sscanf(line, "energy,oil,primary,%lf,", &t) == 1) { tu_close(t, e.p, 1e-6); found++; }
    }
    fclose(fp);
    assert_int_equal(found, 1);
    tu_rmtree(dir);
    free(dir);
    cor_freight_result_destroy(r);
    cor_freight_destroy(f);
}

static cor_corridor_mask pc(const cor_freight *f, const int32_t *ix, const int *p, int n)
{
    int32_t q[16];
    for (int j = 0; j < n; j++) q[j] = ix[p[j]];
    return cor_freight_path_corridors(f, q, n);
}

/* cor_freight_path_corridors on hand-made tag sets, the gas-pipeline rule and
 * the TRIPP / Caspian link predicates. */
static void test_path_corridors(void **state)
{
    (void)state;
    typedef struct tl { const char *tags, *country, *mode, *name; /* name: commodity column */ double len, x0, y0, x1, y1; } tl;
    static const tl L[] = {
        {"feeder;middle;northern", "CN", "rail", "", 1000, 100, 40, 90, 40},    /* 0 F  */
        {"middle;iran", "KZ", "rail", "", 300, 70, 45, 60, 45},                 /* 1 MI */
        {"middle", "ZZ", "ferry", "", 400, 51.2, 43.6, 49.4, 39.9},             /* 2 M: Aktau-Alat */
        {"tripp;middle", "AZ-AM", "rail", "", 20, 46.5, 38.9, 46.2, 38.9},      /* 3 TA: into Armenia */
        {"middle;tripp", "TR", "rail", "", 1300, 43, 40.6, 33, 39.9},           /* 4 TT: Kars-Ankara */
        {"northern", "KZ-RU", "rail", "", 100, 70, 50, 40, 55},                 /* 5 N */
        {"iran", "TM", "rail", "", 500, 60, 40, 55, 38},                        /* 6 I */
        {"", "", "transfer", "", 1, 0, 0, 0, 0},                                /* 7 untagged */
        {"energy", "AZ-GE-TR", "pipeline", "gas", 700, 49.5, 40.2, 42, 40}, /* 8 */
        {"energy", "AZ-GE-TR", "pipeline", "", 1768, 49.5, 40.2, 35.8, 36.9},     /* 9 */
        {"suez", "ZZ", "sea", "", 2000, 32.3, 31.3, 28.6, 44.2},                /* 10 Black/Med sea */
    };
    const int n = (int)(sizeof L / sizeof *L);
    cor_netbuilder *b = cor_netbuilder_create();
    char id[16];
    for (int i = 0; i < n; i++) {
        snprintf(id, sizeof id, "a%d", i);
        assert_int_equal(cor_netbuilder_add_node(b, id, L[i].x0, L[i].y0, NULL), 2 * i);
        snprintf(id, sizeof id, "b%d", i);
        assert_int_equal(cor_netbuilder_add_node(b, id, L[i].x1, L[i].y1, NULL), 2 * i + 1);
    }
    assert_int_equal(cor_netbuilder_add_zone(b, 0, "z", NULL), COR_OK);
    const char *cols[] = {"mode", "corridor", "country", "commodity"};
    assert_int_equal(cor_netbuilder_link_extra_cols(b, 4, cols, NULL), COR_OK);
    for (int i = 0; i < n; i++) {
        snprintf(id, sizeof id, "L%d", i);
        cor_link_spec sp = {.from = 2 * i, .to = 2 * i + 1, .id = id, .fftime = 1, .capacity = 1,
                            .length = L[i].len, .vdf = COR_VDF_CONSTANT};
        assert_int_equal(cor_netbuilder_add_link(b, &sp, NULL), COR_OK);
        const char *v[] = {L[i].mode, L[i].tags, L[i].country, L[i].name};
        for (int c = 0; c < 4; c++) assert_int_equal(cor_netbuilder_link_extra_set(b, i, c, v[c], NULL), COR_OK);
    }
    cor_network *net = NULL;
    assert_int_equal(cor_netbuilder_finish(b, &net, NULL), COR_OK);
    cor_freight_classes *cls = read_classes(
        "class,value_of_time,allowed_modes\noil,0.01,pipeline;rail\ngas,0.01,pipeline\n");
    cor_freight *f = NULL;
    cor_error err = {0};
    cor_freight_opts fo = {.vocab = g_voc};
    assert_int_equal(cor_freight_create(net, NULL, cls, &fo, &f, &err), COR_OK);
    int32_t ix[16];
    for (int i = 0; i < n; i++) {
        snprintf(id, sizeof id, "L%d", i);
        ix[i] = cor_network_find_link(cor_freight_network(f), id);
    }
#define PC(...) pc(f, ix, (const int[]){__VA_ARGS__}, (int)(sizeof((const int[]){__VA_ARGS__}) / sizeof(int)))
    const cor_corridor_mask MID = COR_CORR_BIT(CORR("middle")), TRI = COR_CORR_BIT(CORR("tripp"));
    assert_int_equal(PC(0, 1, 2, 7), MID);                 /* feeder left out, untagged ignored */
    assert_int_equal(PC(0, 1, 2, 4), MID);                 /* Kars-Ankara alone is not TRIPP */
    assert_int_equal(PC(0, 1, 2, 3, 4), MID | TRI);        /* through Armenia: TRIPP */
    assert_int_equal(PC(0, 5, 1, 6), COR_CORR_BIT(CORR("iran"))); /* no common tag: iran covers 800 km */
    assert_int_equal(PC(0), COR_CORR_BIT(CORR("feeder")) | MID | COR_CORR_BIT(CORR("northern")));
    assert_int_equal(PC(7), 0);
    assert_int_equal(cor_vocab_primary(g_voc, MID | TRI), CORR("tripp"));
    assert_int_equal(cor_vocab_primary(g_voc, COR_CORR_BIT(CORR("suez")) | COR_CORR_BIT(CORR("cape"))), CORR("cape"));
    assert_int_equal(cor_vocab_primary(g_voc, 0), NONE);
#undef PC
    /* gas pipeline: closed to oil, open to gas; crude pipeline open to both */
    const cor_problem *p = cor_freight_problem(f, &err);
    assert_non_null(p);
    assert_int_equal(p->classes[0].allowed[ix[8]], 0);
    assert_int_equal(p->classes[1].allowed[ix[8]], 1);
    assert_int_equal(p->classes[0].allowed[ix[9]], 1);
    assert_int_equal(p->classes[0].allowed[ix[2]], 0); /* ferry: not an oil mode here */
    tu_close(p->classes[0].fixed[ix[9]], 0, 0);        /* no cost column: 0 USD/t */
    /* predicates */
    int hc = highlight(f, "caspian"), ht = highlight(f, "tripp");
    assert_true(cor_freight_in_highlight(f, hc, ix[2]));
    assert_false(cor_freight_in_highlight(f, hc, ix[10])); /* sea, but not in the box */
    assert_false(cor_freight_in_highlight(f, hc, ix[1]));  /* rail */
    assert_true(cor_freight_in_highlight(f, ht, ix[3]));
    assert_false(cor_freight_in_highlight(f, ht, ix[4]));
    assert_int_equal(cor_vocab_highlight(cor_freight_vocab(f), ht)->tag, CORR("tripp"));
    assert_int_equal(cor_vocab_highlight(cor_freight_vocab(f), hc)->tag, -1);
    const char *codes[4];
    assert_int_equal(cor_freight_link_countries(f, ix[8], codes, 4), 3);
    assert_string_equal(codes[2], "TR");
    char *buf;
    assert_int_equal(cor_freight_countries_str(f, (int32_t[]){ix[1], ix[3], ix[4]}, 3, &buf), 4);
    assert_string_equal(buf, "KZ AZ AM TR");
    free(buf);
    assert_int_equal(cor_freight_close_corridor(f, CORR("energy")), 2);
    /* no demand at all: a valid, empty result */
    cor_freight_result *r = NULL;
    assert_int_equal(cor_freight_solve(f, NULL, &r, &err), COR_OK);
    assert_int_equal(r->n_paths, 0);
    tu_close(r->sol->flow[ix[2]], 0, 0);
    tu_close(cor_freight_result_stat(r, 0, CORR("middle"), -1).tonnes, 0, 0);
    cor_freight_result_destroy(r);
    cor_freight_destroy(f);
    cor_freight_classes_destroy(cls);
    cor_network_destroy(net);
}

/* corridors.csv / highlights.csv errors name file, line and field */
static void test_vocab_errors(void **state)
{
    (void)state;
    static const char *const bad[][3] = {
        {"label\nx\n", NULL, "missing column 'tag'"},
        {"tag\na\na\n", NULL, ":3: field tag: duplicate tag 'a'"},
        {"tag\nnone\n", NULL, ":2: field tag: not a tag"},
        {"tag\na;b\n", NULL, ":2: field tag: not a tag"},
        {"tag,precedence\na,first\n", NULL, ":2: field precedence: not an integer"},
        {"tag,colour\na,red\n", NULL, ":2: field colour: not a colour"},
        {"tag,role\na,spur\n", NULL, ":2: field role: not trunk or feeder"},
        {"tag,distinct\na,2\n", NULL, ":2: field distinct: not 0 or 1"},
        {NULL, "set,mode\ns,hovercraft\n", ":2: field mode: unknown mode"},
        {NULL, "set,region\ns,1 2 3\n", ":2: field region: not a box"},
        {NULL, "set,region\ns,10 0 5 1\n", ":2: field region: not a box"},
        {NULL, "set,use\ns,map\n", ":2: field use: not corridors, report or both"},
        {NULL, "set,list\ns,all\n", ":2: field list: not flow or open"},
        {NULL, "label\nx\n", "missing column 'set'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cor_error err = {0};
        cor_status st;
        cor_vocab *v = load_vocab(bad[i][0], bad[i][1], &err, &st);
        assert_null(v);
        assert_int_equal(st, COR_E_INPUT);
        if (!strstr(err.msg, bad[i][2]) || !strstr(err.msg, bad[i][0] ? "corridors.csv" : "highlights.csv"))
            fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, bad[i][2]);
    }
    /* a highlight tag the data does not know: found when the model is built */
    cor_error err = {0};
    cor_status st;
    cor_vocab *v = load_vocab(NULL, "set,tag\ns,x\ns,silkroad\n", &err, &st);
    assert_int_equal(st, COR_OK);
    cor_freight_classes *cls = read_classes(CLASS_CSV);
    cor_network *net = build_net(NULL);
    cor_freight *f = NULL;
    cor_freight_opts fo = {.vocab = v};
    assert_int_equal(cor_freight_create(net, NULL, cls, &fo, &f, &err), COR_E_INPUT);
    assert_non_null(strstr(err.msg, "highlights.csv:2: field tag: 'x' is not a corridor tag"));
    cor_vocab_destroy(v);
    cor_network_destroy(net);
    cor_freight_classes_destroy(cls);
}

/* #13 item 9: any number of countries of any length on a link.  (Before,
 * 4 codes of 7 characters were kept: a branch link listing its branch
 * country fifth did not count, and names were cut.) */
/* countries.csv: names (chart labels "code (name)") and the headline
 * countries of `exposure`, in file order; errors name file, line, field. */
static void test_countries_csv(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    free(tu_write(dir, "countries.csv", "code,name,headline\nPE,,1\nZZ,international waters,\nBO,Bolivia,1\n"));
    cor_vocab *v = NULL;
    cor_error err = {0};
    assert_int_equal(cor_vocab_load(dir, &v, &err), COR_OK);
    assert_int_equal(cor_vocab_n_countries(v), 3);
    assert_string_equal(cor_vocab_country_label(v, "ZZ"), "ZZ (international waters)");
    assert_string_equal(cor_vocab_country_label(v, "PE"), "PE");
    assert_string_equal(cor_vocab_country_label(v, "CL"), "CL"); /* not listed */
    assert_string_equal(cor_vocab_country_name(v, 2), "Bolivia");
    assert_int_equal(cor_vocab_n_headline(v), 2);
    assert_string_equal(cor_vocab_headline(v, 0), "PE");
    assert_string_equal(cor_vocab_headline(v, 1), "BO");
    assert_null(cor_vocab_headline(v, 2));
    cor_vocab *w = cor_vocab_clone(v);
    assert_string_equal(cor_vocab_headline(w, 1), "BO");
    assert_string_equal(cor_vocab_country_label(w, "ZZ"), "ZZ (international waters)");
    cor_vocab_destroy(w);
    cor_vocab_destroy(v);
    assert_int_equal(cor_vocab_n_headline(NULL), 0);
    free(tu_write(dir, "countries.csv", "code,headline\nPE,yes\n"));
    v = NULL;
    assert_int_equal(cor_vocab_load(dir, &v, &err), COR_E_INPUT);
    assert_null(v);
    assert_non_null(strstr(err.msg, "countries.csv:2: field headline: not 1 or 0"));
    tu_rmtree(dir);
    free(dir);
}

static void test_country_lists(void **state)
{
    (void)state;
    cor_netbuilder *b = cor_netbuilder_create();
    const char *nodes[] = {"O", "X", "D"};
    for (int i = 0; i < 3; i++) assert_int_equal(cor_netbuilder_add_node(b, nodes[i], i, 0, NULL), i);
    assert_int_equal(cor_netbuilder_add_zone(b, 0, "O", NULL), COR_OK);
    assert_int_equal(cor_netbuilder_add_zone(b, 2, "D", NULL), COR_OK);
    const char *cols[] = {"mode", "corridor", "country"};
    assert_int_equal(cor_netbuilder_link_extra_cols(b, 3, cols, NULL), COR_OK);
    const char *ctry[2] = {"Kazakhstan;Azerbaijan | Georgia,Turkey-Azerbaijan/Armenia",
                           "Armenia Turkmenistan"};
    for (int i = 0; i < 2; i++) {
        cor_link_spec sp = {.from = i, .to = i + 1, .id = i ? "L2" : "L1", .fftime = 1, .capacity = 1,
                            .length = 1, .vdf = COR_VDF_CONSTANT};
        assert_int_equal(cor_netbuilder_add_link(b, &sp, NULL), COR_OK);
        const char *v[] = {"rail", i ? "middle" : "middle;tripp", ctry[i]};
        for (int c = 0; c < 3; c++) assert_int_equal(cor_netbuilder_link_extra_set(b, i, c, v[c], NULL), COR_OK);
    }
    cor_network *net = NULL;
    assert_int_equal(cor_netbuilder_finish(b, &net, NULL), COR_OK);
    cor_error err = {0};
    cor_status st;
    cor_vocab *v = load_vocab("tag,precedence,branch_country\nmiddle,2,\ntripp,1,armenia\n",
                              "set,country\nam,ARMENIA\n", &err, &st);
    assert_int_equal(st, COR_OK);
    cor_freight_classes *cls = read_classes("class,value_of_time,allowed_modes\nc,1,rail\n");
    cor_freight *f = NULL;
    cor_freight_opts fo = {.vocab = v};
    assert_int_equal(cor_freight_create(net, NULL, cls, &fo, &f, &err), COR_OK);
    const char *codes[8];
    assert_int_equal(cor_freight_link_countries(f, 0, codes, 8), 5); /* Azerbaijan once */
    assert_string_equal(codes[0], "Kazakhstan");
    assert_string_equal(codes[4], "Armenia");
    int32_t path[2] = {0, 1};
    cor_corridor_mask m = cor_freight_path_corridors(f, path, 2);
    assert_int_equal(m, COR_CORR_BIT(0) | COR_CORR_BIT(1)); /* the branch country is 5th */
    assert_int_equal(cor_vocab_primary(cor_freight_vocab(f), m), 1);
    char *s;
    assert_int_equal(cor_freight_countries_str(f, path, 2, &s), 6);
    assert_string_equal(s, "Kazakhstan Azerbaijan Georgia Turkey Armenia Turkmenistan");
    free(s);
    assert_true(cor_freight_in_highlight(f, 0, 0));
    assert_true(cor_freight_in_highlight(f, 0, 1));
    assert_int_equal(cor_freight_close_country(f, "turkmenistan"), 1);
    /* the one parser: separators and case */
    assert_true(cor_country_has("CN-KZ", "kz"));
    assert_true(cor_country_has("a ; b|c,d/e-f\tg", "g"));
    assert_false(cor_country_has("Kazakhstan", "Kazakhs"));
    assert_false(cor_country_has("", "KZ"));
    cor_freight_destroy(f);
    cor_vocab_destroy(v);
    cor_freight_classes_destroy(cls);
    cor_network_destroy(net);
}

static void test_replay_freight_class(void **state) { (void)state; tu_replay("freight_class", fuzz_entry_freight_class); }
static void test_replay_freight(void **state) { (void)state; tu_replay("freight", fuzz_entry_freight); }
static void test_replay_class_values(void **state) { (void)state; tu_replay("class_values", fuzz_entry_class_values); }
static void test_replay_vocab(void **state) { (void)state; tu_replay("vocab", fuzz_entry_vocab); }
static void test_replay_targets(void **state) { (void)state; tu_replay("targets", fuzz_entry_targets); }

/* ---- the shipped model data/eurasia (was test_freight_eurasia.c) ---- */

/* The shipped model data/eurasia: sanity of the base-year equilibrium and its
 * corridor accounting, and calibration against data/eurasia/calibration.csv.
 * Skips when the data set (or its reader) is absent.
 *
 * Each calibration target is measured by the library (cor_targets_load,
 * cor_targets_measure; docs/CALIBRATION.md) on the calibrated logit choice
 * model (and reported for the deterministic UE):
 *   metric "days"   -> door-to-door days of the cheapest container route from
 *                      the target's from node to its to node using only links
 *                      tagged with the target's corridor, at equilibrium times;
 *   metric "tonnes" -> base-year equilibrium flow (class, or all classes) summed
 *                      over the target's links.
 * The test also checks that a tonnes target's notes name its links. */

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

static int setup_eurasia(void **state)
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

static int teardown_eurasia(void **state)
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

static void test_calibration(void **state)
{
    fixture *fx = *state;
    if (!fx->f) skip();
    char path[4200];
    snprintf(path, sizeof path, "%s/calibration.csv", eurasia());
    cor_targets *t = NULL;
    cor_error err = {0};
    if (cor_targets_load(path, fx->f, &t, &err)) fail_msg("%s", err.msg);
    double *model = calloc((size_t)t->n, sizeof *model), *ue = calloc((size_t)t->n, sizeof *ue);
    assert_non_null(model);
    assert_non_null(ue);
    /* the shipped model is the calibrated logit choice model (class.csv
     * logit_scale, constants.csv from `corridor calibrate`); the UE is
     * reported next to it */
    assert_true(cor_freight_has_choice(fx->f));
    cor_freight_result *lr = NULL;
    assert_int_equal(cor_freight_solve_choice(fx->f, NULL, &lr, &err), COR_OK);
    assert_int_equal(cor_targets_measure(t, fx->f, lr, model, &err), COR_OK);
    assert_int_equal(cor_targets_measure(t, fx->f, fx->r, ue, &err), COR_OK);
    cor_freight_result_destroy(lr);
    /* the notes of a tonnes target name its links */
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    static char text[1 << 16];
    size_t len = fread(text, 1, sizeof text - 1, fp);
    text[len] = 0;
    fclose(fp);
    const cor_network *net = cor_freight_network(fx->f);
    int n_fail = 0;
    for (int i = 0; i < t->n; i++) {
        const cor_target *q = &t->t[i];
        const char *row = strstr(text, q->name);
        assert_non_null(row);
        const char *eol = strchr(row, '\n');
        for (int32_t j = 0; j < q->n_links; j++) {
            const char *id = net->link_id[q->links[j]], *hit = strstr(row, id);
            if (!hit || (eol && hit > eol)) fail_msg("%s: its row does not mention %s", q->name, id);
        }
        if (q->metric == COR_TARGET_TONNES) assert_true(q->n_links > 0);
        int ok = model[i] >= q->low && model[i] <= q->high, ue_ok = ue[i] >= q->low && ue[i] <= q->high;
        printf("  %-42s logit %12.6g  range [%g, %g]  %-12s (UE %.6g%s)\n", q->name, model[i], q->low, q->high,
               ok ? "ok" : "OUT OF RANGE", ue[i], ue_ok ? "" : ", out");
        n_fail += !ok;
    }
    int n_checked = t->n;
    free(model);
    free(ue);
    cor_targets_destroy(t);
    assert_true(n_checked >= 10);
    if (n_fail) fail_msg("%d of %d calibration targets out of range", n_fail, n_checked);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classes_reader),
        cmocka_unit_test(test_class_values),
        cmocka_unit_test(test_create_errors),
        cmocka_unit_test(test_two_class_equilibrium),
        cmocka_unit_test(test_year_and_overrides),
        cmocka_unit_test(test_routes),
        cmocka_unit_test(test_write),
        cmocka_unit_test(test_path_corridors),
        cmocka_unit_test(test_vocab_errors),
        cmocka_unit_test(test_country_lists),
        cmocka_unit_test(test_countries_csv),
        cmocka_unit_test(test_replay_freight_class),
        cmocka_unit_test(test_replay_freight),
        cmocka_unit_test(test_replay_class_values),
        cmocka_unit_test(test_replay_vocab),
        cmocka_unit_test(test_replay_targets),
    };
    const struct CMUnitTest eurasia_tests[] = {
        cmocka_unit_test(test_base_equilibrium),
        cmocka_unit_test(test_year_2030_opens_tripp),
        cmocka_unit_test(test_calibration),
    };
    int failed = cmocka_run_group_tests_name("freight", tests, setup_vocab, teardown_vocab);
    failed += cmocka_run_group_tests_name("freight_eurasia", eurasia_tests, setup_eurasia, teardown_eurasia);
    return failed;
}
