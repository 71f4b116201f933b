/* Path-size logit SUE (corridor/choice.h) against independent references:
 * multinomial logit in closed form, fixed points solved by 1-D bisection,
 * hand-computed path-size factors, elastic demand on one link, segments,
 * reliability, and the UE limit on Sioux Falls. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "corridor/choice.h"

static cor_choice_solution *csolve(const cor_choice_problem *p, const cor_choice_params *par)
{
    cor_choice_solution *s = NULL;
    cor_error err = {0};
    cor_status st = cor_choice_solve(p, par, &s, &err);
    if (st != COR_OK) fail_msg("status %d: %s", st, err.msg);
    assert_non_null(s);
    assert_true(s->sol->relative_gap <= (par ? par->tol : 1e-8));
    assert_int_equal(s->sol->converged, 1);
    return s;
}

/* Bisection on a decreasing function g over [lo, hi]. */
static double bisect(double (*g)(double, const void *), const void *ud, double lo, double hi)
{
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        if (g(mid, ud) > 0) lo = mid; else hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* Three parallel uncongested links: exactly multinomial logit. */
static void mnl_exact(void **state)
{
    (void)state;
    static const double L[][6] = {{1, 2, 10, 0, 0, 0}, {1, 2, 11, 0, 0, 0}, {1, 2, 13, 0, 0, 0}};
    cor_network *net = tu_net(2, 2, 3, L);
    double od[4] = {0, 1000, 0, 0};
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem bp = {.net = net, .n_classes = 1, .classes = &c};
    cor_choice_class cc = {.logit_scale = 0.7};
    cor_choice_problem p = {.base = &bp, .choice = &cc};
    cor_choice_params par;
    cor_choice_params_default(&par);
    par.init_k = 3;
    cor_choice_solution *s = csolve(&p, &par);
    double e[3], z = 0;
    for (int i = 0; i < 3; i++) z += e[i] = exp(-0.7 * L[i][2]);
    for (int i = 0; i < 3; i++) {
        tu_close(s->sol->flow[i], 1000 * e[i] / z, 1e-12);
    }
    assert_int_equal(s->n_paths, 3);
    for (int i = 0; i < 3; i++) tu_close(s->paths[i].path_size, 1.0, 1e-15);
    /* composite cost: -(1/theta) ln sum exp(-theta c) */
    tu_close(s->composite[0 * 2 + 1], -log(z) / 0.7, 1e-12);
    assert_true(s->sol->iterations <= 2);
    cor_choice_solution_destroy(s);
    cor_network_destroy(net);
}

/* Two parallel BPR links, t1 = 10 (1 + 0.15 (v/100)^4), t2 = 12 (1 + 0.15
 * (v/200)^4), demand 300, theta 0.5: f1 = q / (1 + exp(theta (t1 - t2))).
 * The solver starts with link 1 only (free-flow cheapest) and must generate
 * link 2. */
typedef struct two_ref { double q, theta; } two_ref;
static double t1f(double v) { double x = v / 100; return 10 * (1 + 0.15 * x * x * x * x); }
static double t2f(double v) { double x = v / 200; return 12 * (1 + 0.15 * x * x * x * x); }
static double two_g(double f1, const void *ud)
{
    const two_ref *r = ud;
    return r->q / (1 + exp(r->theta * (t1f(f1) - t2f(r->q - f1)))) - f1;
}

static void two_route_bpr(void **state)
{
    (void)state;
    static const double L[][6] = {{1, 2, 10, 100, 0.15, 4}, {1, 2, 12, 200, 0.15, 4}};
    cor_network *net = tu_net(2, 2, 2, L);
    double od[4] = {0, 300, 0, 0};
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem bp = {.net = net, .n_classes = 1, .classes = &c};
    const double thetas[] = {0.05, 0.5, 5};
    for (int k = 0; k < 3; k++) {
        cor_choice_class cc = {.logit_scale = thetas[k]};
        cor_choice_problem p = {.base = &bp, .choice = &cc};
        cor_choice_solution *s = csolve(&p, NULL);
        two_ref r = {300, thetas[k]};
        double f1 = bisect(two_g, &r, 0, 300);
        tu_close(s->sol->flow[0], f1, 1e-8);
        tu_close(s->sol->flow[1], 300 - f1, 1e-8);
        assert_int_equal(s->n_paths, 2);
        tu_close(s->paths[0].flow + s->paths[1].flow, 300, 1e-12);
        cor_choice_solution_destroy(s);
    }
    cor_network_destroy(net);
}

/* Overlap: 1 -> 2 (shared, time 4), 2 -> 3 twice (times 6 and 6), 1 -> 3
 * direct (time 10).  Routes A = (s, p1), B = (s, p2), C = direct, all cost
 * 10.  PS_A = PS_B = 4/10 * 1/2 + 6/10 = 0.8, PS_C = 1; P ~ PS. */
static void path_size_overlap(void **state)
{
    (void)state;
    static const double L[][6] = {{1, 2, 4, 0, 0, 0}, {2, 3, 6, 0, 0, 0}, {2, 3, 6, 0, 0, 0}, {1, 3, 10, 0, 0, 0}};
    cor_network *net = tu_net(3, 3, 4, L);
    double od[9] = {0};
    od[0 * 3 + 2] = 100;
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem bp = {.net = net, .n_classes = 1, .classes = &c};
    cor_choice_class cc = {.logit_scale = 1.3};
    cor_choice_problem p = {.base = &bp, .choice = &cc};
    cor_choice_params par;
    cor_choice_params_default(&par);
    par.init_k = 3;
    cor_choice_solution *s = csolve(&p, &par);
    assert_int_equal(s->n_paths, 3);
    double z = 0.8 + 0.8 + 1.0;
    for (int i = 0; i < 3; i++) {
        const cor_choice_path *cp = &s->paths[i];
        double ps = cp->n_links == 1 ? 1.0 : 0.8;
        tu_close(cp->path_size, ps, 1e-14);
        tu_close(cp->prob, ps / z, 1e-12);
        tu_close(cp->flow, 100 * ps / z, 1e-10);
    }
    /* unequal costs: shared link 4, branches 6 and 7, direct 9 */
    cor_network_destroy(net);
    cor_choice_solution_destroy(s);
    static const double L2[][6] = {{1, 2, 4, 0, 0, 0}, {2, 3, 6, 0, 0, 0}, {2, 3, 7, 0, 0, 0}, {1, 3, 9, 0, 0, 0}};
    net = tu_net(3, 3, 4, L2);
    bp.net = net;
    s = csolve(&p, &par);
    double psA = 0.4 * 0.5 + 0.6, psB = 4.0 / 11 * 0.5 + 7.0 / 11, psC = 1;
    double uA = psA * exp(-1.3 * 10), uB = psB * exp(-1.3 * 11), uC = psC * exp(-1.3 * 9);
    double zz = uA + uB + uC;
    for (int i = 0; i < 3; i++) {
        const cor_choice_path *cp = &s->paths[i];
        double want = cp->n_links == 1 ? uC : (cp->cost < 10.5 ? uA : uB);
        tu_close(cp->prob, want / zz, 1e-12);
        tu_close(cp->flow, 100 * want / zz, 1e-10);
    }
    cor_choice_solution_destroy(s);
    cor_network_destroy(net);
}

/* Elastic demand on one BPR link: q = D0 (t(q)/S0)^e, t = 10 (1 + 0.15
 * (q/100)^4), D0 = 200, S0 = 20, e = -0.8. */
typedef struct el_ref { double d0, s0, e; } el_ref;
static double el_g(double q, const void *ud)
{
    const el_ref *r = ud;
    return r->d0 * pow(t1f(q) / r->s0, r->e) - q;
}

/* q = d0 ((t(q) - s0 + lv) / lv)^e: the elastic demand with a cost level */
typedef struct el_lv { double d0, s0, lv, e; } el_lv;
static double el_h(double q, const void *ud)
{
    const el_lv *r = ud;
    return r->d0 * pow((t1f(q) - r->s0 + r->lv) / r->lv, r->e) - q;
}

static void elastic_one_link(void **state)
{
    (void)state;
    static const double L[][6] = {{1, 2, 10, 100, 0.15, 4}};
    cor_network *net = tu_net(2, 2, 1, L);
    double od[4] = {0, 200, 0, 0};
    double ref[4] = {0, 20, 0, 0};
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem bp = {.net = net, .n_classes = 1, .classes = &c};
    cor_choice_class cc = {.logit_scale = 1, .demand_elasticity = -0.8, .ref_cost = ref};
    cor_choice_problem p = {.base = &bp, .choice = &cc};
    cor_choice_solution *s = csolve(&p, NULL);
    el_ref r = {200, 20, -0.8};
    double q = bisect(el_g, &r, 0, 1000);
    tu_close(s->sol->flow[0], q, 1e-9);
    tu_close(s->demand[1], q, 1e-9);
    tu_close(s->composite[1], t1f(q), 1e-9);
    /* reference cost = equilibrium cost of D0: demand stays at D0 */
    ref[1] = t1f(200);
    cor_choice_solution_destroy(s);
    s = csolve(&p, NULL);
    tu_close(s->sol->flow[0], 200, 1e-9);
    cor_choice_solution_destroy(s);
    /* a cost level apart from the reference cost (a reference that holds a
     * negative route constant): q = D0 ((S - S0 + L) / L)^e, against its
     * closed-form root; and S0 <= 0 is accepted when the level is given */
    double lev[4] = {0, 50, 0, 0};
    ref[1] = 20;
    cc.ref_level = lev;
    s = csolve(&p, NULL);
    el_lv rl = {200, 20, 50, -0.8};
    q = bisect(el_h, &rl, 0, 1000);
    tu_close(s->sol->flow[0], q, 1e-9);
    tu_close(s->demand[1], q, 1e-9);
    cor_choice_solution_destroy(s);
    ref[1] = -5;
    s = csolve(&p, NULL);
    el_lv rn = {200, -5, 50, -0.8};
    q = bisect(el_h, &rn, 0, 1000);
    tu_close(s->sol->flow[0], q, 1e-9);
    assert_true(q < 200);
    cor_choice_solution_destroy(s);
    cor_network_destroy(net);
}

/* Segments: a cheap slow route (money 100, 50 h) and a dear fast one (money
 * 300, 10 h), uncongested; segment vots 1 and 10 (class vot 2).  Each
 * segment is its own MNL over money + vot_s * hours. */
static void segments(void **state)
{
    (void)state;
    static const double L[][6] = {{1, 2, 50, 0, 0, 0}, {1, 2, 10, 0, 0, 0}};
    cor_network *net = tu_net(2, 2, 2, L);
    double od[4] = {0, 1000, 0, 0};
    double fixed[2] = {100 / 2.0, 300 / 2.0}; /* hours at class vot 2 */
    cor_class c = {.name = "all", .demand = od, .fixed = fixed, .vot = 2};
    cor_problem bp = {.net = net, .n_classes = 1, .classes = &c};
    cor_choice_segment seg[2] = {{"low", 0.7, 1}, {"high", 0.3, 10}};
    cor_choice_class cc = {.logit_scale = 0.02, .n_segments = 2, .segments = seg};
    cor_choice_problem p = {.base = &bp, .choice = &cc};
    cor_choice_params par;
    cor_choice_params_default(&par);
    par.init_k = 2;
    cor_choice_solution *s = csolve(&p, &par);
    assert_int_equal(s->n_groups, 2);
    double tot0 = 0;
    for (int g = 0; g < 2; g++) {
        double c0 = 100 + seg[g].vot * 50, c1 = 300 + seg[g].vot * 10;
        double p0 = 1 / (1 + exp(-0.02 * (c1 - c0)));
        double q = 1000 * seg[g].share;
        tu_close(s->group_flow[g * 2 + 0], q * p0, 1e-10);
        tu_close(s->group_flow[g * 2 + 1], q * (1 - p0), 1e-10);
        tot0 += q * p0;
    }
    tu_close(s->sol->flow[0], tot0, 1e-10);
    tu_close(s->sol->class_flow[0], tot0, 1e-10);
    cor_choice_solution_destroy(s);
    /* bad shares */
    seg[1].share = 0.3000001;
    cor_error err = {0};
    assert_int_equal(cor_choice_solve(&p, &par, &s, &err), COR_E_INPUT);
    assert_null(s);
    assert_non_null(strstr(err.msg, "shares"));
    cor_network_destroy(net);
}

/* Reliability and headways: route A = two links each with SD 3 h (path SD
 * 3 sqrt 2, independent links), route B = one link with a 12 h headway (wait
 * 6 h, SD 12/sqrt 12).  C = money + vot (t + wait) + VoR SD. */
static void reliability(void **state)
{
    (void)state;
    static const double L[][6] = {{1, 3, 10, 0, 0, 0}, {3, 2, 10, 0, 0, 0}, {1, 2, 16, 0, 0, 0}};
    cor_network *net = tu_net(3, 2, 3, L);
    double od[4] = {0, 500, 0, 0};
    double sd[3] = {3, 0, 3}, hw[3] = {0, 12, 0}; /* CSR order: 1->3, 1->2, 3->2 */
    cor_class c = {.name = "all", .demand = od, .vot = 1.5};
    cor_problem bp = {.net = net, .n_classes = 1, .classes = &c};
    cor_choice_class cc = {.logit_scale = 0.4, .value_of_reliability = 2};
    cor_choice_problem p = {.base = &bp, .choice = &cc, .time_sd = sd, .headway = hw};
    cor_choice_params par;
    cor_choice_params_default(&par);
    par.init_k = 2;
    cor_choice_solution *s = csolve(&p, &par);
    double cA = 1.5 * 20 + 2 * 3 * sqrt(2), cB = 1.5 * (16 + 6) + 2 * 12 / sqrt(12);
    double pA = 1 / (1 + exp(-0.4 * (cB - cA)));
    int ia = -1;
    for (int i = 0; i < s->n_paths; i++) if (s->paths[i].n_links == 2) ia = i;
    assert_true(ia >= 0);
    tu_close(s->paths[ia].cost, cA, 1e-12);
    tu_close(s->paths[ia].sd, 3 * sqrt(2), 1e-12);
    tu_close(s->paths[ia].flow, 500 * pA, 1e-10);
    tu_close(s->paths[1 - ia].cost, cB, 1e-12);
    tu_close(s->paths[1 - ia].time, 22, 1e-12);
    /* negative SD rejected */
    sd[0] = -1;
    cor_error err = {0};
    cor_choice_solution_destroy(s);
    assert_int_equal(cor_choice_solve(&p, &par, &s, &err), COR_E_INPUT);
    assert_non_null(strstr(err.msg, "time_sd"));
    cor_network_destroy(net);
}

/* logit_scale must be a finite positive number; elasticity <= 0. */
static void bad_params(void **state)
{
    (void)state;
    static const double L[][6] = {{1, 2, 10, 0, 0, 0}};
    cor_network *net = tu_net(2, 2, 1, L);
    double od[4] = {0, 1, 0, 0};
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem bp = {.net = net, .n_classes = 1, .classes = &c};
    const double bad[] = {0, -1, NAN, INFINITY};
    for (int i = 0; i < 4; i++) {
        cor_choice_class cc = {.logit_scale = bad[i]};
        cor_choice_problem p = {.base = &bp, .choice = &cc};
        cor_choice_solution *s = NULL;
        cor_error err = {0};
        assert_int_equal(cor_choice_solve(&p, NULL, &s, &err), COR_E_INPUT);
        assert_null(s);
        assert_non_null(strstr(err.msg, "logit_scale"));
    }
    cor_choice_class cc = {.logit_scale = 1, .demand_elasticity = 0.5};
    cor_choice_problem p = {.base = &bp, .choice = &cc};
    cor_choice_solution *s = NULL;
    cor_error err = {0};
    assert_int_equal(cor_choice_solve(&p, NULL, &s, &err), COR_E_INPUT);
    assert_non_null(strstr(err.msg, "demand_elasticity"));
    cor_network_destroy(net);
}

/* Sioux Falls: reaches 1e-8 at every scale, and as logit_scale grows the
 * link flows approach the best-known UE flows: closer at every step, and
 * within 1 % (sum |v - v_UE| / sum v_UE) at theta = 10 per minute. */
static void sioux_falls_limit(void **state)
{
    (void)state;
    cor_network *net = NULL;
    cor_demand *d = NULL;
    double *best = NULL;
    if (!tu_sioux_falls(&net, &d, &best)) skip();
    cor_class c = {.name = "all", .demand = d->od, .vot = 1};
    cor_problem bp = {.net = net, .n_classes = 1, .classes = &c};
    const double thetas[] = {1, 3, 10};
    double prev = INFINITY;
    for (int k = 0; k < 3; k++) {
        cor_choice_class cc = {.logit_scale = thetas[k]};
        cor_choice_problem p = {.base = &bp, .choice = &cc};
        cor_choice_params par;
        cor_choice_params_default(&par);
        par.max_iter = 3000;
        cor_choice_solution *s = csolve(&p, &par);
        double worst = 0, sum = 0, tot = 0;
        for (int32_t a = 0; a < net->n_links; a++) {
            double rel = fabs(s->sol->flow[a] - best[a]) / best[a];
            sum += fabs(s->sol->flow[a] - best[a]);
            tot += best[a];
            if (best[a] > 1000) worst = fmax(worst, rel);
        }
        print_message("theta %g: %d iterations, %d paths, measure %.2e, worst rel. diff. from UE %.4f, total %.4f\n",
                      thetas[k], s->sol->iterations, s->n_paths, s->sol->relative_gap, worst, sum / tot);
        assert_true(sum < prev);
        prev = sum;
        if (k == 2) assert_true(sum / tot <= 0.01);
        cor_choice_solution_destroy(s);
    }
    free(best);
    cor_demand_destroy(d);
    cor_network_destroy(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mnl_exact),
        cmocka_unit_test(two_route_bpr),
        cmocka_unit_test(path_size_overlap),
        cmocka_unit_test(elastic_one_link),
        cmocka_unit_test(segments),
        cmocka_unit_test(reliability),
        cmocka_unit_test(bad_params),
        cmocka_unit_test(sioux_falls_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
