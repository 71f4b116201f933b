/* Tests of the risk module (issue 16): the hazard catalogue reader and its
 * errors, exact enumeration against hand-computed expectations on a tiny
 * network, Monte Carlo within 3 standard errors of the exact answer, a
 * probability-0 hazard changing nothing, results independent of the batch
 * partition, joint events; the appraisal; the fuzz target of the block
 * files (hazards, projects) replayed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#define COR_FUZZ_REPLAY 1
#include "fuzz/fuzz_hazards.c"
#include "corridor/risk.h"

/* tests/data/risk_tiny: zones a -> b, 1000 t of one class at VoT 1 USD/t-h;
 * L1 rail 10 h + 10 USD/t (generalized 20 USD/t), L2 sea 30 h + 20 USD/t
 * (50 USD/t), constant times (vdf_alpha 0).  Base cost 20,000 USD/yr. */
static cor_case *tiny(void)
{
    cor_case *c = NULL;
    cor_error err = {0};
    assert_int_equal(cor_case_open(tu_src("tests/data/risk_tiny"), NULL, &c, &err), COR_OK);
    return c;
}

static cor_hazards *load_text(const char *dir, const char *text)
{
    char *p = tu_write(dir, "h.txt", text);
    cor_hazards *h = NULL;
    cor_error err = {0};
    cor_status st = cor_hazards_load(p, &h, &err);
    if (st) fail_msg("load: %s", err.msg);
    free(p);
    return h;
}

static cor_risk *run(cor_case *c, cor_hazards *h, long samples, int exact, long batch)
{
    cor_risk_opts o;
    cor_risk_opts_default(&o);
    double uc[1] = {100};
    o.samples = samples;
    o.exact = exact;
    o.unserved_cost = uc;
    o.threads = 1;
    if (batch) o.batch = batch;
    cor_risk *r = NULL;
    cor_error err = {0};
    cor_status st = cor_risk_run(c, h, &o, &r, &err);
    if (st) fail_msg("run: %s", err.msg);
    return r;
}

/* Two independent hazards, each p = 0.5 and 73 days (0.2 of the year): each
 * is active at a given time with q = 0.1.  Expected loss (unserved at 100
 * USD/t): 20000 + q(1-q) x 30000 (rail cut: sea at 50 USD/t) + q^2 x (100000
 * - 20000) (both cut: 1000 t unserved) = 23500; cost 22500; unserved 10 t;
 * disrupted days 365 x (1 - 0.81) = 69.35.  v(rail) = 23000, v(sea) = 20000,
 * so Shapley: rail 3250, sea 250; marginal: rail 3500, sea 500. */
static void test_exact_hand_computed(void **state)
{
    (void)state;
    cor_case *c = tiny();
    cor_hazards *h = NULL;
    cor_error err = {0};
    assert_int_equal(cor_hazards_load(tu_src("tests/data/risk_tiny/hazards.txt"), &h, &err), COR_OK);
    cor_risk *r = run(c, h, 2000, 1, 0);
    tu_close(cor_risk_metric(r, COR_RISK_LOSS)->exact, 23500, 1e-9);
    tu_close(cor_risk_metric(r, COR_RISK_COST)->exact, 22500, 1e-9);
    tu_close(cor_risk_metric(r, COR_RISK_UNSERVED)->exact, 10, 1e-9);
    tu_close(cor_risk_metric(r, COR_RISK_DISRUPTED_DAYS)->exact, 69.35, 1e-9);
    tu_close(cor_risk_metric(r, COR_RISK_UNSERVED_DAYS)->exact, 3.65, 1e-9);
    tu_close(cor_risk_metric(r, COR_RISK_LOSS)->base, 20000, 1e-12);
    int rail = cor_hazards_find(h, "rail-cut"), sea = cor_hazards_find(h, "sea-cut");
    tu_close(cor_risk_hazard(r, rail)->exact_shapley, 3250, 1e-9);
    tu_close(cor_risk_hazard(r, sea)->exact_shapley, 250, 1e-9);
    tu_close(cor_risk_hazard(r, rail)->exact_marginal, 3500, 1e-9);
    tu_close(cor_risk_hazard(r, sea)->exact_marginal, 500, 1e-9);
    /* the sampled Shapley values add up to the sampled expected increase, year by year */
    tu_close(cor_risk_hazard(r, rail)->shapley + cor_risk_hazard(r, sea)->shapley,
             cor_risk_metric(r, COR_RISK_LOSS)->mean - 20000, 1e-9);
    assert_int_equal(cor_risk_n_states(r), 4);
    cor_risk_destroy(r);
    cor_hazards_destroy(h);
    cor_case_destroy(c);
}

/* Monte Carlo within 3 standard errors of the exact expectations, on a
 * catalogue with months, uniform and lognormal durations and a joint event. */
static void test_mc_within_3se(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    cor_hazards *h = load_text(dir,
        "hazard rail-cut\n  probability 0.4\n  duration lognormal 40 0.8\n  months 11-2\n  close link L1\nend\n"
        "hazard sea-cut\n  frequency 0.3\n  duration uniform 10 120\n  months 12,1,6-7\n  close link L2\nend\n"
        "hazard slow-rail\n  probability 0.6\n  duration fixed 200\n  scale-time link L1 2\nend\n"
        "joint both\n  probability 0.05\n  duration uniform 5 30\n  parts rail-cut sea-cut\nend\n");
    cor_case *c = tiny();
    cor_risk *r = run(c, h, 20000, 1, 0);
    for (int m = 0; m < COR_RISK_N_METRICS; m++) {
        const cor_risk_stat *s = cor_risk_metric(r, m);
        if (fabs(s->mean - s->exact) > 3 * s->se + 1e-9 * fabs(s->exact))
            fail_msg("%s: Monte Carlo %.6g +- %.3g vs exact %.6g", cor_risk_metric_name(m), s->mean, s->se, s->exact);
    }
    for (int i = 0; i < cor_hazards_count(h); i++) {
        const cor_risk_contrib *k = cor_risk_hazard(r, i);
        if (fabs(k->shapley - k->exact_shapley) > 3 * k->shapley_se + 1e-6)
            fail_msg("hazard %d Shapley %.6g +- %.3g vs exact %.6g", i, k->shapley, k->shapley_se, k->exact_shapley);
        if (fabs(k->marginal - k->exact_marginal) > 3 * k->marginal_se + 1e-6)
            fail_msg("hazard %d marginal %.6g +- %.3g vs exact %.6g", i, k->marginal, k->marginal_se, k->exact_marginal);
    }
    /* exact Shapley values are efficient: they add up to the expected increase */
    double sum = 0;
    for (int i = 0; i < cor_hazards_count(h); i++) sum += cor_risk_hazard(r, i)->exact_shapley;
    tu_close(sum, cor_risk_metric(r, COR_RISK_LOSS)->exact - 20000, 1e-9);
    cor_risk_destroy(r);
    cor_hazards_destroy(h);
    cor_case_destroy(c);
    tu_rmtree(dir);
    free(dir);
}

static char *table_csv(const cor_risk *r, const char *name)
{
    for (int i = 0; i < cor_risk_n_tables(r); i++) {
        const cor_table *t = cor_risk_table(r, i);
        if (strcmp(t->name, name)) continue;
        size_t len = 0;
        char *buf = NULL;
        FILE *fp = open_memstream(&buf, &len);
        for (int row = 0; row < t->n_rows; row++)
            for (int col = 0; col < t->n_cols; col++) fprintf(fp, "%s%c", t->rows[row][col], col + 1 < t->n_cols ? ',' : '\n');
        fclose(fp);
        return buf;
    }
    fail_msg("no table %s", name);
    return NULL;
}

/* A hazard of probability 0 changes no figure (and contributes 0). */
static void test_probability_zero(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    const char *two = "hazard rail-cut\n  probability 0.5\n  duration uniform 20 100\n  close link L1\nend\n"
                      "hazard sea-cut\n  probability 0.3\n  duration fixed 50\n  close link L2\nend\n";
    cor_hazards *h2 = load_text(dir, two);
    char *three = malloc(strlen(two) + 200);
    sprintf(three, "%shazard never\n  probability 0\n  duration fixed 365\n  close link L1\n  close link L2\nend\n", two);
    cor_hazards *h3 = load_text(dir, three);
    cor_case *c = tiny();
    cor_risk *a = run(c, h2, 3000, 1, 0), *b = run(c, h3, 3000, 1, 0);
    for (int m = 0; m < COR_RISK_N_METRICS; m++) {
        assert_true(cor_risk_metric(a, m)->mean == cor_risk_metric(b, m)->mean);
        tu_close(cor_risk_metric(a, m)->exact, cor_risk_metric(b, m)->exact, 1e-12);
        assert_true(cor_risk_metric(a, m)->var99 == cor_risk_metric(b, m)->var99);
    }
    assert_true(cor_risk_hazard(b, 2)->shapley == 0 && cor_risk_hazard(b, 2)->marginal == 0);
    tu_close(cor_risk_hazard(b, 2)->exact_shapley, 0, 1e-12);
    char *sa = table_csv(a, "risk_samples"), *sb = table_csv(b, "risk_samples");
    assert_string_equal(sa, sb);
    free(sa); free(sb);
    cor_risk_destroy(a);
    cor_risk_destroy(b);
    cor_hazards_destroy(h2);
    cor_hazards_destroy(h3);
    cor_case_destroy(c);
    free(three);
    tu_rmtree(dir);
    free(dir);
}

/* A sample's year depends only on (seed, index): the tables are the same
 * byte for byte whatever the batches (the partition over MPI ranks works the
 * same way), and a different seed gives different samples. */
static void test_partition_independent(void **state)
{
    (void)state;
    cor_case *c = tiny();
    cor_hazards *h = NULL;
    cor_error err = {0};
    assert_int_equal(cor_hazards_load(tu_src("tests/data/risk_tiny/hazards.txt"), &h, &err), COR_OK);
    cor_risk *a = run(c, h, 2500, 0, 1000), *b = run(c, h, 2500, 0, 7);
    const char *names[] = {"risk_summary", "risk_exceedance", "risk_hazards", "risk_groups", "risk_samples"};
    for (int i = 0; i < 5; i++) {
        char *x = table_csv(a, names[i]), *y = table_csv(b, names[i]);
        assert_string_equal(x, y);
        free(x); free(y);
    }
    cor_risk_opts o;
    cor_risk_opts_default(&o);
    o.samples = 2500;
    o.seed = 2;
    cor_risk *d = NULL;
    assert_int_equal(cor_risk_run(c, h, &o, &d, &err), COR_OK);
    assert_true(cor_risk_metric(d, COR_RISK_COST)->mean != cor_risk_metric(a, COR_RISK_COST)->mean);
    cor_risk_destroy(a);
    cor_risk_destroy(b);
    cor_risk_destroy(d);
    cor_hazards_destroy(h);
    cor_case_destroy(c);
}

/* --target-se stops at the first batch whose standard error is small enough. */
static void test_target_se(void **state)
{
    (void)state;
    cor_case *c = tiny();
    cor_hazards *h = NULL;
    cor_error err = {0};
    assert_int_equal(cor_hazards_load(tu_src("tests/data/risk_tiny/hazards.txt"), &h, &err), COR_OK);
    cor_risk_opts o;
    cor_risk_opts_default(&o);
    double uc[1] = {100};
    o.unserved_cost = uc;
    o.samples = 100000;
    o.batch = 500;
    o.target_se = 60;
    cor_risk *r = NULL;
    assert_int_equal(cor_risk_run(c, h, &o, &r, &err), COR_OK);
    long n = cor_risk_n_samples(r);
    assert_true(n < 100000 && n % 500 == 0);
    assert_true(cor_risk_metric(r, COR_RISK_LOSS)->se <= 60);
    cor_risk_destroy(r);
    /* one batch fewer had not reached the target */
    if (n > 500) {
        o.target_se = 0;
        o.samples = n - 500;
        cor_risk *s = NULL;
        assert_int_equal(cor_risk_run(c, h, &o, &s, &err), COR_OK);
        assert_true(cor_risk_metric(s, COR_RISK_LOSS)->se > 60);
        cor_risk_destroy(s);
    }
    cor_hazards_destroy(h);
    cor_case_destroy(c);
}

/* A joint event's probability is part of its parts' marginal ones. */
static void test_joint_probabilities(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    cor_hazards *h = load_text(dir,
        "hazard a\n  probability 0.3\n  duration fixed 10\n  close link L1\nend\n"
        "hazard b\n  probability 0.2\n  duration fixed 10\n  close link L2\nend\n"
        "joint ab\n  probability 0.1\n  duration fixed 10\n  parts a b\nend\n");
    cor_hazard_info in;
    cor_hazards_info(h, 0, &in);
    tu_close(in.own_probability, 1 - 0.7 / 0.9, 1e-12);
    cor_hazards_info(h, 1, &in);
    tu_close(in.own_probability, 1 - 0.8 / 0.9, 1e-12);
    cor_hazards_info(h, 2, &in);
    assert_int_equal(in.joint, 1);
    assert_int_equal(in.n_parts, 2);
    cor_error err = {0};
    assert_int_equal(cor_hazards_set_probability(h, 2, 0.25, &err), COR_E_INPUT);
    assert_non_null(strstr(err.msg, "h.txt:7: field probability"));
    cor_hazards_info(h, 0, &in);
    tu_close(in.own_probability, 1 - 0.7 / 0.9, 1e-12); /* unchanged */
    cor_hazards_destroy(h);
    tu_rmtree(dir);
    free(dir);
}

static void expect_error(const char *dir, const char *text, int check, const char *want)
{
    char *p = tu_write(dir, "bad.txt", text);
    cor_hazards *h = NULL;
    cor_error err = {0};
    cor_status st = cor_hazards_load(p, &h, &err);
    if (!st && check) {
        cor_case *c = tiny();
        st = cor_hazards_check(h, c, &err);
        cor_case_destroy(c);
    }
    cor_hazards_destroy(h);
    free(p);
    if (!st) fail_msg("no error for:\n%s", text);
    if (!strstr(err.msg, want)) fail_msg("error '%s' does not contain '%s'", err.msg, want);
}

static void test_errors(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    const char *E = "  duration fixed 10\n  close link L1\nend\n";
    char buf[1000];
    snprintf(buf, sizeof buf, "hazard x\n  probability 1.5\n%s", E);
    expect_error(dir, buf, 0, "bad.txt:2: field probability: probability 1.5 outside [0, 1]");
    snprintf(buf, sizeof buf, "hazard x\n  probability -0.1\n%s", E);
    expect_error(dir, buf, 0, "bad.txt:2: field probability");
    expect_error(dir, "hazard x\n  probability 0.1\n  duration uniform -5 10\n  close link L1\nend\n", 0,
                 "bad.txt:3: field duration: negative duration");
    expect_error(dir, "hazard x\n  probability 0.1\n  duration fixed 400\n  close link L1\nend\n", 0,
                 "bad.txt:3: field duration: duration 400 days is longer than the 365-day horizon");
    expect_error(dir, "hazard x\n  probability 0.1\n  duration lognormal -3 1\n  close link L1\nend\n", 0,
                 "bad.txt:3: field duration: negative median");
    expect_error(dir, "hazard x\n  probability 0.1\n  duration weibull 3 1\n  close link L1\nend\n", 0,
                 "bad.txt:3: field duration: unknown distribution 'weibull'");
    expect_error(dir, "hazard x\n  probability 0.1\n  duration fixed 5\n  months 13\n  close link L1\nend\n", 0,
                 "bad.txt:4: field months");
    expect_error(dir, "hazard x\n  probability 0.1\n  duration fixed 5\n  close link L1\n", 0,
                 "field end: the block of 'x' has no 'end'");
    expect_error(dir, "hazard x\n  duration fixed 5\n  close link L1\nend\n", 0,
                 "bad.txt:1: field probability: hazard 'x' has no probability");
    expect_error(dir, "hazard x\n  probability 0.1\n  duration fixed 5\nend\n", 0, "bad.txt:1: field hazard: hazard 'x' has no edit");
    expect_error(dir, "hazard x\n  probability 0.1\n  duration fixed 5\n  shut link L1\nend\n", 0,
                 "bad.txt:4: unknown directive 'shut'");
    snprintf(buf, sizeof buf, "hazard x\n  probability 0.1\n%shazard x\n  probability 0.1\n%s", E, E);
    expect_error(dir, buf, 0, "bad.txt:6: field name: hazard 'x' defined twice");
    /* joint events inconsistent with their parts */
    snprintf(buf, sizeof buf, "hazard a\n  probability 0.1\n%shazard b\n  probability 0.5\n%s"
                              "joint ab\n  probability 0.2\n  duration fixed 5\n  parts a b\nend\n", E, E);
    expect_error(dir, buf, 0, "bad.txt:2: field probability: hazard 'a' has probability 0.1, less than the joint events naming it give it (ab (0.2))");
    snprintf(buf, sizeof buf, "hazard a\n  probability 0.1\n%sjoint ab\n  probability 0.01\n  duration fixed 5\n  parts a c\nend\n", E);
    expect_error(dir, buf, 0, "bad.txt:9: field parts: joint event 'ab' names no hazard 'c'");
    snprintf(buf, sizeof buf, "hazard a\n  probability 0.1\n%sjoint ab\n  probability 0.01\n  duration fixed 5\n  parts a\nend\n", E);
    expect_error(dir, buf, 0, "bad.txt:9: field parts: a joint event needs at least two parts");
    /* unknown links, countries, corridors: checked against the model */
    expect_error(dir, "hazard x\n  probability 0.1\n  duration fixed 5\n  close link L9\nend\n", 1,
                 "bad.txt:4: field link: selects no link ('L9')");
    expect_error(dir, "hazard x\n  probability 0.1\n  duration fixed 5\n  close country QQ\nend\n", 1,
                 "bad.txt:4: field country: selects no link ('QQ')");
    expect_error(dir, "hazard x\n  probability 0.1\n  duration fixed 5\n  scale-capacity corridor nowhere 0.5\nend\n", 1,
                 "bad.txt:4: field corridor: selects no link ('nowhere')");
    expect_error(dir, "hazard x\n  probability 0.1\n  duration fixed 5\n  year 2030\nend\n", 0,
                 "bad.txt:4: field year: 'year' is not an edit");
    tu_rmtree(dir);
    free(dir);
}

/* The shipped catalogue of data/eurasia reads, checks against the model and
 * gives a disruption cost above the base. */
/* Appraisal (cor_appraise) on risk_tiny, unserved at 100 USD/t, r = 0.05.
 * Shares of the year: none 0.81, rail-cut 0.09, sea-cut 0.09, both 0.01.
 * Doing nothing: 20000 / 50000 / 20000 / 100000 per state, E = 23500.
 * P1 (sea as good as rail: 20 USD/t; capex 1000, opex 500, life 2):
 * 20000 / 20000 / 20000 / 100000, E = 20800, benefit 2700; annuity
 * A = (1 - 1.05^-2) / 0.05 = 1.859410431, NPV = A (2700 - 500) - 1000 =
 * 3090.702948, BCR = 2700 A / (1000 + 500 A) = 2.601645, annualised cost
 * 1000 / A + 500 = 1037.804878.  P2 (rail at 15 USD/t, no cost, life 30):
 * 15000 / 50000 / 15000 / 100000, E = 19000, benefit 4500, NPV = 4500 x
 * 15.37245103.  Regret per state against the best option: maximum 28962.195
 * for doing nothing and P2 (the rail cut, where P1 costs 21037.8), 6037.805
 * for P1 (no disruption: 21037.8 against P2's 15000).  With rail-cut the only
 * hazard, P1 removes its whole cost: its benefit is the hazard's expected
 * cost, 0.1 x 30000 = 3000. */
static void test_appraise_hand_computed(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char *pp = tu_write(dir, "projects.txt",
                        "# two projects\nproject P1\n  capex 1000\n  opex 500\n  life 2\n  source hand\n"
                        "  set-cost link L2 0\n  set-time link L2 20\nend\n"
                        "project P2\n  life 30\n  set-cost link L1 5\nend\n");
    cor_projects *ps = NULL;
    cor_hazards *h = NULL;
    cor_error err = {0};
    assert_int_equal(cor_projects_load(pp, &ps, &err), COR_OK);
    assert_int_equal(cor_projects_count(ps), 2);
    assert_int_equal(cor_hazards_load(tu_src("tests/data/risk_tiny/hazards.txt"), &h, &err), COR_OK);
    cor_case *c = tiny();
    cor_appraise_opts o;
    cor_appraise_opts_default(&o);
    double uc[1] = {100};
    o.discount_rate = 0.05;
    o.risk.samples = 500;
    o.risk.threads = 1;
    o.risk.unserved_cost = uc;
    cor_table *t = NULL, *tr = NULL;
    assert_int_equal(cor_appraise(c, h, ps, &o, &t, &tr, &err), COR_OK);
    /* rows ranked by NPV: P2, P1, do-nothing */
    assert_int_equal(t->n_rows, 3);
    assert_string_equal(t->rows[0][1], "P2");
    assert_string_equal(t->rows[1][1], "P1");
    assert_string_equal(t->rows[2][1], "do-nothing");
    tu_close(atof(t->rows[2][5]), 23500, 1e-9);
    tu_close(atof(t->rows[1][5]), 20800, 1e-9);
    tu_close(atof(t->rows[0][5]), 19000, 1e-9);
    tu_close(atof(t->rows[1][7]), 2700, 1e-9);
    tu_close(atof(t->rows[0][7]), 4500, 1e-9);
    tu_close(atof(t->rows[1][10]), 3090.702948, 1e-9);
    tu_close(atof(t->rows[1][11]), 2.601645123, 1e-9);
    tu_close(atof(t->rows[0][10]), 4500 * 15.37245103, 1e-9);
    assert_string_equal(t->rows[0][11], ""); /* no cost: no ratio */
    tu_close(atof(t->rows[0][12]), 28962.19512, 1e-9);
    tu_close(atof(t->rows[1][12]), 6037.804878, 1e-9);
    tu_close(atof(t->rows[2][12]), 28962.19512, 1e-9);
    assert_int_equal(tr->n_rows, 12); /* 4 states x 3 options */
    assert_string_equal(tr->rows[3][0], "rail-cut");
    assert_string_equal(tr->rows[4][1], "P1");
    tu_close(atof(tr->rows[4][4]), 1037.804878, 1e-9);
    cor_table_free(t);
    cor_table_free(tr);
    cor_hazards_destroy(h);
    /* the only hazard removed: the benefit is its expected cost */
    h = load_text(dir, "hazard rail-cut\n  probability 0.5\n  duration fixed 73\n  close link L1\nend\n");
    assert_int_equal(cor_appraise(c, h, ps, &o, &t, &tr, &err), COR_OK);
    assert_string_equal(t->rows[1][1], "P1");
    tu_close(atof(t->rows[1][7]), 3000, 1e-9);
    cor_table_free(t);
    cor_table_free(tr);
    cor_hazards_destroy(h);
    cor_projects_destroy(ps);
    cor_case_destroy(c);
    /* errors name file, line and field */
    static const struct { const char *text, *want; } BAD[] = {
        {"project A\n  capex -1\nend\n", "projects.txt:2: field capex: negative"},
        {"project A\n  life 0\nend\n", "projects.txt:2: field life: expected 'life YEARS' (1..200)"},
        {"project A\n  capex lots\nend\n", "projects.txt:2: field capex: 'lots' is not a number"},
        {"project A\nend\nproject A\nend\n", "projects.txt:3: field name: project 'A' defined twice"},
        {"project A\n  close link L1\n", "field end: the block of 'A' has no 'end'"},
        {"capex 1\n", "projects.txt:1: field capex: 'capex' outside a 'project NAME' block"},
        {"# nothing\n", "no project"},
        {"project do-nothing\nend\n", "field name: 'do-nothing' is the name of the base option"},
        {"project A\n  frobnicate link L1\nend\n", "projects.txt:2"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        free(tu_write(dir, "projects.txt", BAD[i].text));
        cor_projects *q = NULL;
        assert_int_equal(cor_projects_load(pp, &q, &err), COR_E_INPUT);
        assert_null(q);
        if (!strstr(err.msg, BAD[i].want)) fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, BAD[i].want);
    }
    free(pp);
    tu_rmtree(dir);
    free(dir);
}

static void test_replay_hazards(void **state) { (void)state; tu_replay("hazards", fuzz_entry_hazards); }

static void test_eurasia_catalogue(void **state)
{
    (void)state;
    cor_case *c = NULL;
    cor_error err = {0};
    assert_int_equal(cor_case_open(tu_src("data/eurasia"), NULL, &c, &err), COR_OK);
    cor_hazards *h = NULL;
    if (cor_hazards_load(tu_src("data/eurasia/hazards.txt"), &h, &err)) fail_msg("%s", err.msg);
    assert_true(cor_hazards_count(h) >= 8);
    for (int i = 0; i < cor_hazards_count(h); i++) {
        cor_hazard_info in;
        cor_hazards_info(h, i, &in);
        assert_true(strlen(in.source) > 0); /* every probability sourced or EST */
    }
    if (cor_hazards_check(h, c, &err)) fail_msg("%s", err.msg);
    cor_risk_opts o;
    cor_risk_opts_default(&o);
    o.samples = 200;
    cor_risk *r = NULL;
    if (cor_risk_run(c, h, &o, &r, &err)) fail_msg("%s", err.msg);
    assert_true(cor_risk_metric(r, COR_RISK_COST)->mean > cor_risk_metric(r, COR_RISK_COST)->base);
    cor_risk_destroy(r);
    cor_hazards_destroy(h);
    cor_case_destroy(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_hand_computed),
        cmocka_unit_test(test_mc_within_3se),
        cmocka_unit_test(test_probability_zero),
        cmocka_unit_test(test_partition_independent),
        cmocka_unit_test(test_target_se),
        cmocka_unit_test(test_joint_probabilities),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_appraise_hand_computed),
        cmocka_unit_test(test_replay_hazards),
        cmocka_unit_test(test_eurasia_catalogue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
