/* corridor tests — numerical robustness of cor_assign, for every method:
 * zero demand, unserved OD pairs, zero free-flow times, huge connector
 * capacities, demand far above capacity, BPR powers from 0.5 to 10,
 * travel times that would overflow.  In each
 * case the solver must stop at the gap target with finite flows, times, gap
 * and objective, and reach the closed-form equilibrium. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static const cor_method METHODS[] = {COR_METHOD_FW, COR_METHOD_CFW, COR_METHOD_BFW, COR_METHOD_BUSH};
#define N_METHODS (int)(sizeof METHODS / sizeof *METHODS)

/* Solves to `gap`; fails the test unless the status is COR_OK. */
static cor_solution *solve(const cor_problem *p, cor_method m, double gap)
{
    cor_assign_params par;
    cor_assign_params_default(&par);
    par.method = m;
    par.gap = gap;
    par.max_iter = 20000;
    par.max_seconds = 60;
    par.threads = 2;
    cor_solution *s = NULL;
    cor_error err = {0};
    cor_status st = cor_assign(p, &par, &s, &err);
    if (st != COR_OK) fail_msg("method %s: status %d: %s", cor_method_name(m), st, err.msg);
    assert_non_null(s);
    return s;
}

/* Everything a solution reports is finite; flows and times are >= 0. */
static void check_finite(const cor_problem *p, const cor_solution *s)
{
    const cor_network *net = p->net;
    for (int32_t a = 0; a < net->n_links; a++) {
        if (!(isfinite(s->flow[a]) && s->flow[a] >= -1e-9 && isfinite(s->time[a]) && s->time[a] >= 0))
            fail_msg("method %s: link %s flow %g time %g", cor_method_name(s->method),
                     net->link_id[a], s->flow[a], s->time[a]);
        for (int k = 0; k < s->n_classes; k++)
            assert_true(isfinite(s->class_flow[(size_t)k * net->n_links + a]));
    }
    assert_true(isfinite(s->relative_gap) && s->relative_gap >= 0);
    assert_true(isfinite(s->objective));
    assert_true(isfinite(s->tstt) && isfinite(s->sptt));
    assert_true(isfinite(s->unserved_total) && s->unserved_total >= 0);
    assert_true(s->n_hist >= 1);
    for (int i = 0; i < s->n_hist; i++) {
        assert_true(isfinite(s->hist[i].relative_gap));
        assert_true(isfinite(s->hist[i].objective));
    }
    assert_true(s->iterations >= 1);
}

/* ---- zero demand ---- */
static void zero_demand(void **state)
{
    (void)state;
    const double links[][6] = {{1, 2, 10, 100, 0.15, 4}, {1, 2, 20, 400, 0.15, 4}, {2, 1, 5, 50, 1, 1}};
    cor_network *net = tu_net(2, 2, 3, links);
    double od[4] = {0, 0, 0, 0};
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    for (int i = 0; i < N_METHODS; i++) {
        cor_solution *s = solve(&p, METHODS[i], 1e-8);
        check_finite(&p, s);
        for (int32_t a = 0; a < net->n_links; a++) {
            tu_close(s->flow[a], 0, 1e-12);
            tu_close(s->time[a], net->fftime[a], 1e-12); /* free flow */
        }
        tu_close(s->relative_gap, 0, 1e-12);
        tu_close(s->objective, 0, 1e-12);
        assert_int_equal(s->converged, 1);
        assert_int_equal(s->n_unserved, 0);
        cor_solution_destroy(s);
    }
    cor_network_destroy(net);
}

/* ---- unserved OD pairs ----
 * Zone 3 has no links.  Demand 1->2 (100) is served on the single link,
 * 1->3 (50) and 3->1 (7) are listed as unserved, never NaN. */
static void unserved_pairs(void **state)
{
    (void)state;
    const double links[][6] = {{1, 2, 10, 100, 0.15, 4}, {2, 1, 10, 100, 0.15, 4}};
    cor_network *net = tu_net(3, 3, 2, links);
    double od[9] = {0, 100, 50, 0, 0, 0, 7, 0, 0};
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    for (int i = 0; i < N_METHODS; i++) {
        cor_solution *s = solve(&p, METHODS[i], 1e-8);
        check_finite(&p, s);
        int32_t a12 = cor_network_find_link(net, "1"), a21 = cor_network_find_link(net, "2");
        tu_close(s->flow[a12], 100, 1e-9);
        tu_close(s->flow[a21], 0, 1e-9);
        tu_close(s->time[a12], 10 * (1 + 0.15 * pow(100.0 / 100, 4)), 1e-9);
        assert_int_equal(s->n_unserved, 2);
        tu_close(s->unserved_total, 57, 1e-12);
        double v13 = 0, v31 = 0;
        for (int k = 0; k < s->n_unserved; k++) {
            const cor_unserved *u = &s->unserved[k];
            assert_int_equal(u->cls, 0);
            if (u->o == 0 && u->d == 2) v13 += u->volume;
            else if (u->o == 2 && u->d == 0) v31 += u->volume;
            else fail_msg("unexpected unserved pair %d -> %d", u->o, u->d);
        }
        tu_close(v13, 50, 1e-12);
        tu_close(v31, 7, 1e-12);
        cor_solution_destroy(s);
    }
    cor_network_destroy(net);
}

/* Only unserved demand: nothing to assign, gap 0 (not 0/0). */
static void all_unserved(void **state)
{
    (void)state;
    const double links[][6] = {{1, 2, 10, 100, 0.15, 4}};
    cor_network *net = tu_net(3, 3, 1, links);
    double od[9] = {0, 0, 50, 0, 0, 30, 0, 0, 0};
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    for (int i = 0; i < N_METHODS; i++) {
        cor_solution *s = solve(&p, METHODS[i], 1e-8);
        check_finite(&p, s);
        tu_close(s->flow[0], 0, 1e-12);
        tu_close(s->unserved_total, 80, 1e-12);
        assert_int_equal(s->n_unserved, 2);
        assert_int_equal(s->converged, 1);
        cor_solution_destroy(s);
    }
    cor_network_destroy(net);
}

/* Route A (1->3->2): connector 1->3 with free-flow time 0 (a BPR link whose
 * time is always 0) then 3->2 with t = 10 (1 + 0.15 (x/100)^4); route B
 * (1->2) constant 20.  Demand 1000: 10 (1 + 0.15 (x/100)^4) = 20 gives
 * x = 100 (1/0.15)^(1/4).  With huge = 1, connectors 1->3 and 2->... get
 * capacity 999999 and free-flow time 0.001 instead, adding 0.001 to A. */
static void route_choice(int huge)
{
    double ct = huge ? 0.001 : 0.0;
    double cc = huge ? 999999 : 50;
    const double links[][6] = {
        {1, 3, ct, cc, 0.15, 4},
        {3, 2, 10, 100, 0.15, 4},
        {1, 2, 20, 1, 0, 1},
    };
    cor_network *net = tu_net(3, 2, 3, links);
    double od[4] = {0, 1000, 0, 0};
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    /* t_A(x) = ct (1 + 0.15 (x/cc)^4) + 10 (1 + 0.15 (x/100)^4) = 20: bisection */
    double lo = 0, hi = 1000;
    for (int k = 0; k < 200; k++) {
        double x = 0.5 * (lo + hi);
        double t = ct * (1 + 0.15 * pow(x / cc, 4)) + 10 * (1 + 0.15 * pow(x / 100, 4));
        if (t > 20) hi = x;
        else lo = x;
    }
    double xa = 0.5 * (lo + hi);
    if (!huge) tu_close(xa, 100 * pow(1 / 0.15, 0.25), 1e-12);
    for (int i = 0; i < N_METHODS; i++) {
        cor_solution *s = solve(&p, METHODS[i], 1e-9);
        check_finite(&p, s);
        int32_t a13 = cor_network_find_link(net, "1"), a32 = cor_network_find_link(net, "2"),
                a12 = cor_network_find_link(net, "3");
        tu_close(s->flow[a13], xa, 1e-4);
        tu_close(s->flow[a32], xa, 1e-4);
        tu_close(s->flow[a12], 1000 - xa, 1e-4);
        tu_close(s->time[a13] + s->time[a32], 20, 1e-4);
        if (!huge) tu_close(s->time[a13], 0, 0);
        cor_solution_destroy(s);
    }
    cor_network_destroy(net);
}

static void zero_free_flow_time(void **state) { (void)state; route_choice(0); }
static void huge_connector_capacity(void **state) { (void)state; route_choice(1); }

/* Two parallel links with equal free-flow time and alpha but capacities c1,
 * c2 and power beta: equal times need x1/c1 = x2/c2, so x_i = D c_i / (c1 + c2)
 * whatever beta is. */
static void parallel(double beta, double c1, double c2, double demand, double gap)
{
    const double links[][6] = {{1, 2, 1, c1, 0.15, beta}, {1, 2, 1, c2, 0.15, beta}};
    cor_network *net = tu_net(2, 2, 2, links);
    double od[4] = {0, demand, 0, 0};
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    double x1 = demand * c1 / (c1 + c2);
    for (int i = 0; i < N_METHODS; i++) {
        cor_solution *s = solve(&p, METHODS[i], gap);
        check_finite(&p, s);
        if (fabs(s->flow[0] - x1) > 1e-3 * x1)
            fail_msg("power %g, method %s: flow %.9g, expected %.9g", beta, cor_method_name(METHODS[i]),
                     s->flow[0], x1);
        tu_close(s->flow[0] + s->flow[1], demand, 1e-9);
        double t = 1 + 0.15 * pow(x1 / c1, beta);
        tu_close(s->time[0], t, 1e-2);
        tu_close(s->time[1], t, 1e-2);
        cor_solution_destroy(s);
    }
    cor_network_destroy(net);
}

/* v/c = 33 on both links: times around 1.9e5 */
static void demand_far_above_capacity(void **state)
{
    (void)state;
    parallel(4, 10, 20, 1000, 1e-8);
}

/* v/c = 20 with power 10: times around 1.5e12, still finite */
static void extreme_congestion_power_10(void **state)
{
    (void)state;
    parallel(10, 10, 30, 800, 1e-8);
}

static void bpr_powers(void **state)
{
    (void)state;
    static const double powers[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    for (size_t i = 0; i < sizeof powers / sizeof *powers; i++) parallel(powers[i], 100, 300, 800, 1e-8);
}

/* Power 0.5: the derivative is infinite at zero flow.  The bush solver's
 * Newton step gc / der was then 0 and it never moved flow onto the unused
 * link (stalled at gap 0.42 with all 800 on link 1); it now bisects there. */
static void bpr_power_below_one(void **state)
{
    (void)state;
    const double links[][6] = {{1, 2, 1, 100, 0.15, 0.5}, {1, 2, 1, 300, 0.15, 0.5}};
    cor_network *net = tu_net(2, 2, 2, links);
    double od[4] = {0, 800, 0, 0};
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    for (int i = 0; i < N_METHODS; i++) {
        cor_assign_params par;
        cor_assign_params_default(&par);
        par.method = METHODS[i];
        par.gap = 1e-8;
        par.max_iter = 20000;
        par.threads = 1;
        cor_solution *s = NULL;
        cor_error err = {0};
        cor_status st = cor_assign(&p, &par, &s, &err);
        assert_non_null(s);
        check_finite(&p, s);
        tu_close(s->flow[0] + s->flow[1], 800, 1e-9);
        if (st != COR_OK) fail_msg("method %s: status %d: %s", cor_method_name(METHODS[i]), st, err.msg);
        tu_close(s->flow[0], 200, 1e-3);
        tu_close(s->flow[1], 600, 1e-3);
        cor_solution_destroy(s);
    }
    cor_network_destroy(net);
}

/* Found by fuzzing: a power below 1 has an infinite derivative at zero flow,
 * which turned the conjugate directions of CFW/BFW into NaN. */
static void power_below_one_unused_link(void **state)
{
    (void)state;
    /* three routes 1->2, 1->3->2, 1->4->2 with power 0.15, so the conjugate
     * directions are used; link 2->1 carries nothing, ever (zero flow:
     * infinite derivative).  Before the fix CFW/BFW returned NaN flows with
     * status COR_OK. */
    const double links[][6] = {
        {1, 2, 3, 100, 1, 0.15},
        {1, 3, 1, 100, 1, 0.15},
        {3, 2, 1, 100, 1, 0.15},
        {2, 1, 1, 100, 1, 0.15},
        {1, 4, 1, 300, 1, 0.15},
        {4, 2, 1.5, 50, 1, 0.15},
    };
    cor_network *net = tu_net(4, 2, 6, links);
    double od[4] = {0, 10000, 0, 0};
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    int32_t id[6];
    for (int k = 0; k < 6; k++) {
        char name[8];
        snprintf(name, sizeof name, "%d", k + 1);
        id[k] = cor_network_find_link(net, name);
    }
    for (int i = 0; i < N_METHODS; i++) {
        cor_assign_params par;
        cor_assign_params_default(&par);
        par.method = METHODS[i];
        par.gap = 1e-6;
        par.max_iter = 5000;
        par.threads = 1;
        cor_solution *s = NULL;
        cor_error err = {0};
        cor_status st = cor_assign(&p, &par, &s, &err);
        assert_true(st == COR_OK || st == COR_E_NOCONV);
        assert_non_null(s);
        check_finite(&p, s);
        tu_close(s->flow[id[0]] + s->flow[id[1]] + s->flow[id[4]], 10000, 1e-9);
        tu_close(s->flow[id[1]], s->flow[id[2]], 1e-9);
        tu_close(s->flow[id[4]], s->flow[id[5]], 1e-9);
        tu_close(s->flow[id[3]], 0, 0);
        if (st == COR_OK) {
            assert_true(s->relative_gap <= 1e-6);
            /* used routes have equal times */
            double t1 = s->time[id[0]], t2 = s->time[id[1]] + s->time[id[2]], t3 = s->time[id[4]] + s->time[id[5]];
            if (s->flow[id[0]] > 1) tu_close(t1, t2, 1e-3);
            if (s->flow[id[4]] > 1) tu_close(t3, t2, 1e-3);
        }
        cor_solution_destroy(s);
    }
    cor_network_destroy(net);
}

/* Limits stop the solver: max_iter 3 on a problem that needs more gives
 * COR_E_NOCONV with a finite solution. */
static void iteration_limit(void **state)
{
    (void)state;
    const double links[][6] = {{1, 2, 1, 10, 0.15, 4}, {1, 2, 1.5, 20, 0.15, 4}, {1, 2, 2, 15, 0.5, 6}};
    cor_network *net = tu_net(2, 2, 3, links);
    double od[4] = {0, 500, 0, 0};
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    for (int i = 0; i < N_METHODS; i++) {
        cor_assign_params par;
        cor_assign_params_default(&par);
        par.method = METHODS[i];
        par.gap = 1e-14;
        par.max_iter = 3;
        par.threads = 1;
        cor_solution *s = NULL;
        cor_error err = {0};
        cor_status st = cor_assign(&p, &par, &s, &err);
        assert_non_null(s);
        if (st == COR_OK) {
            assert_true(s->relative_gap <= 1e-14);
        } else {
            assert_int_equal(st, COR_E_NOCONV);
            assert_int_equal(s->converged, 0);
            assert_true(strstr(err.msg, "iteration") != NULL);
        }
        assert_true(s->iterations <= 3);
        check_finite(&p, s);
        tu_close(s->flow[0] + s->flow[1] + s->flow[2], 500, 1e-9);
        cor_solution_destroy(s);
    }
    cor_network_destroy(net);
}

/* Bad numbers in the problem are rejected before solving. */
static void rejects_bad_problems(void **state)
{
    (void)state;
    const double links[][6] = {{1, 2, 1, 10, 0.15, 4}};
    cor_network *net = tu_net(2, 2, 1, links);
    double od[4] = {0, NAN, 0, 0};
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    cor_solution *s = (cor_solution *)&c;
    cor_error err = {0};
    assert_int_equal(cor_assign(&p, NULL, &s, &err), COR_E_INPUT);
    assert_null(s);
    assert_non_null(strstr(err.msg, "demand"));
    od[1] = -1;
    assert_int_equal(cor_assign(&p, NULL, &s, &err), COR_E_INPUT);
    od[1] = INFINITY;
    assert_int_equal(cor_assign(&p, NULL, &s, &err), COR_E_INPUT);
    od[1] = 10;
    net->capacity[0] = 0; /* a BPR link without capacity */
    assert_int_equal(cor_assign(&p, NULL, &s, &err), COR_E_INPUT);
    assert_non_null(strstr(err.msg, "capacity"));
    net->capacity[0] = 10;
    net->fftime[0] = NAN;
    assert_int_equal(cor_assign(&p, NULL, &s, &err), COR_E_INPUT);
    net->fftime[0] = 1;
    cor_assign_params par;
    cor_assign_params_default(&par);
    par.gap = NAN;
    assert_int_equal(cor_assign(&p, &par, &s, &err), COR_E_USAGE);
    assert_null(s);
    cor_network_destroy(net);
}

/* Finite input whose travel times overflow (demand 1e300 at power 4, a
 * capacity of 1e-300) is an input error found before solving
 * (cor_problem_check), never a "converged" solution full of inf/NaN or an
 * internal error of one method. */
static void overflow_is_an_error(void **state)
{
    (void)state;
    const double links[][6] = {{1, 2, 1, 10, 0.15, 4}, {1, 2, 2, 10, 0.15, 4}};
    cor_network *net = tu_net(2, 2, 2, links);
    double od[4] = {0, 1e300, 0, 0};
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    for (int i = 0; i < N_METHODS; i++) {
        cor_assign_params par;
        cor_assign_params_default(&par);
        par.method = METHODS[i];
        par.max_iter = 50;
        cor_solution *s = NULL;
        cor_error err = {0};
        cor_status st = cor_assign(&p, &par, &s, &err);
        assert_int_equal(st, COR_E_INPUT);
        assert_null(s);
        assert_non_null(strstr(err.msg, "overflows"));
    }
    /* the same from a vanishing capacity */
    od[1] = 1000;
    net->capacity[0] = 1e-300;
    cor_solution *s = NULL;
    cor_error err = {0};
    assert_int_equal(cor_assign(&p, NULL, &s, &err), COR_E_INPUT);
    assert_non_null(strstr(err.msg, "link 1: travel time at the total demand 1000 overflows"));
    /* large but representable: solved */
    net->capacity[0] = 10;
    od[1] = 1e60;
    cor_assign_params par;
    cor_assign_params_default(&par);
    par.max_iter = 20;
    cor_status st = cor_assign(&p, &par, &s, &err);
    assert_true(st == COR_OK || st == COR_E_NOCONV);
    check_finite(&p, s);
    cor_solution_destroy(s);
    cor_network_destroy(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zero_demand),
        cmocka_unit_test(unserved_pairs),
        cmocka_unit_test(all_unserved),
        cmocka_unit_test(zero_free_flow_time),
        cmocka_unit_test(huge_connector_capacity),
        cmocka_unit_test(demand_far_above_capacity),
        cmocka_unit_test(extreme_congestion_power_10),
        cmocka_unit_test(bpr_powers),
        cmocka_unit_test(bpr_power_below_one),
        cmocka_unit_test(power_below_one_unused_link),
        cmocka_unit_test(iteration_limit),
        cmocka_unit_test(rejects_bad_problems),
        cmocka_unit_test(overflow_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
