/* Equilibrium assignment (src/assign/: fw.c, common.c, origin.c) against
 * closed-form solutions and the best-known Sioux Falls flows, for every
 * method; then its numerical robustness (was test_robust.c): zero demand,
 * unserved OD pairs, zero free-flow times, huge connector capacities, demand
 * far above capacity, BPR powers from 0.5 to 10, travel times that would
 * overflow — in each case the solver must stop at the gap target with finite
 * flows, times, gap and objective, and reach the closed-form equilibrium;
 * repeated calls with 2 threads give bit-identical flows; the tntp_assign
 * fuzz corpus replayed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define COR_FUZZ_REPLAY 1
#include "fuzz/fuzz_tntp_assign.c"

static const cor_method METHODS[] = {COR_METHOD_FW, COR_METHOD_CFW, COR_METHOD_BFW, COR_METHOD_BUSH};

static cor_solution *solve(const cor_problem *p, cor_method m, double gap, int max_iter)
{
    cor_assign_params par;
    cor_assign_params_default(&par);
    par.method = m;
    par.gap = gap;
    par.max_iter = max_iter;
    par.threads = 2;
    cor_solution *s = NULL;
    cor_error err = {0};
    cor_status st = cor_assign(p, &par, &s, &err);
    if (st != COR_OK) fail_msg("method %s: status %d: %s", cor_method_name(m), st, err.msg);
    assert_non_null(s);
    return s;
}

/* Two parallel links, t1 = 10 + 0.1 v, t2 = 20 + 0.05 v, demand 300:
 * 10 + 0.1 v1 = 20 + 0.05 (300 - v1)  =>  v1 = 500/3, common time 80/3. */
static const double TWO_LINKS[][6] = {
    {1, 2, 10, 100, 1, 1},
    {1, 2, 20, 400, 1, 1},
};

static void two_link(void **state)
{
    (void)state;
    cor_network *net = tu_net(2, 2, 2, TWO_LINKS);
    double od[4] = {0, 300, 0, 0};
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    for (size_t i = 0; i < sizeof METHODS / sizeof *METHODS; i++) {
        cor_solution *s = solve(&p, METHODS[i], 1e-10, 100000);
        tu_close(s->flow[0], 500.0 / 3, 1e-6);
        tu_close(s->flow[1], 400.0 / 3, 1e-6);
        tu_close(s->time[0], 80.0 / 3, 1e-6);
        tu_close(s->time[1], 80.0 / 3, 1e-6);
        /* Beckmann objective: int_0^v1 (10+0.1x) + int_0^v2 (20+0.05x) */
        double v1 = 500.0 / 3, v2 = 400.0 / 3;
        tu_close(s->objective, 10 * v1 + 0.05 * v1 * v1 + 20 * v2 + 0.025 * v2 * v2, 1e-8);
        assert_true(s->relative_gap <= 1e-10);
        assert_int_equal(s->n_unserved, 0);
        assert_int_equal(s->converged, 1);
        cor_solution_destroy(s);
    }
    cor_network_destroy(net);
}

/* Two classes share the links; class A may use link 1 only (mask), class B
 * both.  Total equilibrium is unchanged (v1 = 500/3) with A = 100 on link 1,
 * so B puts 200/3 on link 1 and 400/3 on link 2. */
static void two_class_mask(void **state)
{
    (void)state;
    cor_network *net = tu_net(2, 2, 2, TWO_LINKS);
    double oda[4] = {0, 100, 0, 0}, odb[4] = {0, 200, 0, 0};
    uint8_t only1[2] = {1, 0};
    cor_class c[2] = {{.name = "A", .demand = oda, .allowed = only1, .vot = 1},
                      {.name = "B", .demand = odb, .vot = 1}};
    cor_problem p = {.net = net, .n_classes = 2, .classes = c};
    for (size_t i = 0; i < sizeof METHODS / sizeof *METHODS; i++) {
        cor_solution *s = solve(&p, METHODS[i], 1e-10, 100000);
        tu_close(s->flow[0], 500.0 / 3, 1e-6);
        tu_close(s->class_flow[0], 100, 1e-6);
        tu_close(s->class_flow[1], 0, 1e-6);
        tu_close(s->class_flow[2 + 0], 200.0 / 3, 1e-6);
        tu_close(s->class_flow[2 + 1], 400.0 / 3, 1e-6);
        cor_solution_destroy(s);
    }
    cor_network_destroy(net);
}

/* A fixed (toll-like) cost of 5 on link 1 for the only class:
 * 15 + 0.1 v1 = 20 + 0.05 (300 - v1)  =>  v1 = 400/3. */
static void fixed_cost(void **state)
{
    (void)state;
    cor_network *net = tu_net(2, 2, 2, TWO_LINKS);
    double od[4] = {0, 300, 0, 0};
    double fixed[2] = {5, 0};
    cor_class c = {.name = "all", .demand = od, .fixed = fixed, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    for (size_t i = 0; i < sizeof METHODS / sizeof *METHODS; i++) {
        cor_solution *s = solve(&p, METHODS[i], 1e-10, 100000);
        tu_close(s->flow[0], 400.0 / 3, 1e-6);
        tu_close(s->flow[1], 500.0 / 3, 1e-6);
        cor_solution_destroy(s);
    }
    cor_network_destroy(net);
}

/* Braess network (data/example): 6 units, every route carries 2 and costs 92
 * (up to the tiny free-flow time 1e-4 standing in for zero). */
static void braess(void **state)
{
    (void)state;
    cor_network *net = NULL;
    cor_demand *d = NULL;
    cor_error err = {0};
    assert_int_equal(cor_read_tntp_net(tu_src("data/example/braess_net.tntp"), &net, &err), COR_OK);
    assert_int_equal(cor_read_tntp_trips(tu_src("data/example/braess_trips.tntp"), net, &d, &err), COR_OK);
    cor_class c = {.name = "all", .demand = d->od, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    for (size_t i = 0; i < sizeof METHODS / sizeof *METHODS; i++) {
        cor_solution *s = solve(&p, METHODS[i], 1e-10, 100000);
        /* link order as in the file: 1-3, 1-4, 3-2, 4-2, 3-4 */
        int32_t l13 = net->link_by_order[0], l14 = net->link_by_order[1];
        int32_t l34 = net->link_by_order[4];
        tu_close(s->flow[l13], 4, 1e-4);
        tu_close(s->flow[l14], 2, 1e-4);
        tu_close(s->flow[l34], 2, 1e-4);
        double route = s->time[l13] + s->time[net->link_by_order[2]];
        tu_close(route, 92, 1e-4);
        cor_solution_destroy(s);
    }
    cor_demand_destroy(d);
    cor_network_destroy(net);
}

/* An OD pair with no path is reported as unserved, the rest is assigned. */
static void unserved(void **state)
{
    (void)state;
    static const double L[][6] = {{1, 2, 10, 100, 0.15, 4}};
    cor_network *net = tu_net(3, 3, 1, L);
    double od[9] = {0, 50, 7, 0, 0, 0, 0, 0, 0};
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    for (size_t i = 0; i < sizeof METHODS / sizeof *METHODS; i++) {
        cor_solution *s = solve(&p, METHODS[i], 1e-8, 1000);
        assert_int_equal(s->n_unserved, 1);
        assert_int_equal(s->unserved[0].o, 0);
        assert_int_equal(s->unserved[0].d, 2);
        tu_close(s->unserved[0].volume, 7, 0);
        tu_close(s->flow[0], 50, 1e-12);
        assert_true(isfinite(s->relative_gap));
        cor_solution_destroy(s);
    }
    cor_network_destroy(net);
}

/* Sioux Falls: flows within 0.5 % of the best-known solution on every link
 * with flow > 100 at relative gap 1e-5. */
static void sioux_falls(void **state)
{
    (void)state;
    cor_network *net = NULL;
    cor_demand *d = NULL;
    double *best = NULL;
    if (!tu_sioux_falls(&net, &d, &best)) skip();
    cor_class c = {.name = "all", .demand = d->od, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    const cor_method ms[] = {COR_METHOD_BFW, COR_METHOD_BUSH};
    for (size_t i = 0; i < 2; i++) {
        cor_solution *s = solve(&p, ms[i], 1e-5, 100000);
        int checked = 0;
        for (int32_t a = 0; a < net->n_links; a++) {
            if (best[a] <= 100) continue;
            double rel = fabs(s->flow[a] - best[a]) / best[a];
            if (rel > 0.005)
                fail_msg("%s: link %s (%s->%s): flow %.3f vs best-known %.3f (%.3f %%)",
                         cor_method_name(ms[i]), net->link_id[a], net->node_id[net->link_from[a]],
                         net->node_id[net->link_to[a]], s->flow[a], best[a], 100 * rel);
            checked++;
        }
        assert_int_equal(checked, 76);
        cor_solution_destroy(s);
    }
    free(best);
    cor_demand_destroy(d);
    cor_network_destroy(net);
}

/* Per-origin flows (keep_origin_flows) for every method: they add up to
 * the class flows, each conserves flow (the origin sends its row, every
 * destination receives its demand), and a warm start from them after the
 * demand doubled reaches the cold solution of the doubled demand. */
static const double ORIGIN_NET[][6] = {
    {1, 4, 1, 100, 0.15, 4}, {2, 4, 1, 100, 0.15, 4}, {4, 3, 5, 150, 0.15, 4},
    {4, 3, 8, 300, 0.15, 4}, {1, 3, 9, 80, 0.15, 4},  {2, 1, 2, 60, 0.15, 4},
};

static void check_origins(const cor_network *net, const double *od, const cor_solution *s)
{
    int32_t Z = net->n_zones, m = net->n_links;
    assert_non_null(s->origin_flow);
    for (int32_t a = 0; a < m; a++) {
        double sum = 0;
        for (int32_t o = 0; o < Z; o++) sum += s->origin_flow[(size_t)o * m + a];
        tu_close(sum, s->class_flow[a], 1e-9);
    }
    for (int32_t o = 0; o < Z; o++) {
        const double *x = s->origin_flow + (size_t)o * m;
        for (int32_t v = 0; v < net->n_nodes; v++) {
            double bal = 0; /* outflow - inflow */
            for (int32_t a = 0; a < m; a++) {
                if (net->link_from[a] == v) bal += x[a];
                if (net->link_to[a] == v) bal -= x[a];
            }
            double want = 0;
            int32_t z = net->node_zone[v];
            if (z == o)
                for (int32_t d = 0; d < Z; d++) want += d == o ? 0 : od[(size_t)o * Z + d];
            else if (z >= 0)
                want = -od[(size_t)o * Z + z];
            tu_close(bal, want, 1e-7);
        }
    }
}

static void origin_flows(void **state)
{
    (void)state;
    cor_network *net = tu_net(4, 3, 6, ORIGIN_NET);
    double od[9] = {0, 0, 100, 20, 0, 80, 0, 0, 0}, od2[9];
    for (int i = 0; i < 9; i++) od2[i] = 2 * od[i];
    cor_class c = {.name = "all", .demand = od, .vot = 1}, c2 = c;
    c2.demand = od2;
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    cor_problem p2 = {.net = net, .n_classes = 1, .classes = &c2};
    for (size_t i = 0; i < sizeof METHODS / sizeof *METHODS; i++) {
        cor_assign_params par;
        cor_assign_params_default(&par);
        par.method = METHODS[i];
        par.gap = 1e-9;
        par.max_iter = 100000;
        par.threads = 1;
        par.keep_origin_flows = 1;
        cor_solution *s = NULL, *w = NULL, *cold = NULL;
        cor_error err = {0};
        assert_int_equal(cor_assign(&p, &par, &s, &err), COR_OK);
        assert_int_equal(s->n_classes, 1);
        check_origins(net, od, s);
        par.warm_start = s;
        assert_int_equal(cor_assign(&p2, &par, &w, &err), COR_OK);
        check_origins(net, od2, w);
        par.warm_start = NULL;
        assert_int_equal(cor_assign(&p2, &par, &cold, &err), COR_OK);
        for (int32_t a = 0; a < net->n_links; a++) tu_close(w->flow[a], cold->flow[a], 1e-4);
        if (METHODS[i] != COR_METHOD_FW) assert_true(w->iterations <= cold->iterations);
        cor_solution_destroy(s);
        cor_solution_destroy(w);
        cor_solution_destroy(cold);
    }
    cor_network_destroy(net);
}

/* Conjugate directions must beat plain FW on iterations to a given gap. */
static void conjugate_faster(void **state)
{
    (void)state;
    const char *np = tu_shared("tntp/SiouxFalls_net.tntp");
    const char *tp = tu_shared("tntp/SiouxFalls_trips.tntp");
    if (!np || !tp) skip();
    cor_network *net = NULL;
    cor_demand *d = NULL;
    assert_int_equal(cor_read_tntp_net(np, &net, NULL), COR_OK);
    assert_int_equal(cor_read_tntp_trips(tp, net, &d, NULL), COR_OK);
    cor_class c = {.name = "all", .demand = d->od, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &c};
    cor_solution *fw = solve(&p, COR_METHOD_FW, 1e-4, 100000);
    cor_solution *cfw = solve(&p, COR_METHOD_CFW, 1e-4, 100000);
    cor_solution *bfw = solve(&p, COR_METHOD_BFW, 1e-4, 100000);
    if (!(cfw->iterations < fw->iterations && bfw->iterations < fw->iterations))
        fail_msg("iterations to 1e-4: fw %d, cfw %d, bfw %d", fw->iterations, cfw->iterations, bfw->iterations);
    /* The gap bounds suboptimality: obj - obj* <= TSTT - SPTT = gap * SPTT, so
     * two solutions differ by at most the sum of their bounds. */
    double bfw_b = bfw->relative_gap * bfw->sptt, cfw_b = cfw->relative_gap * cfw->sptt;
    double fw_b = fw->relative_gap * fw->sptt;
    assert_true(fabs(cfw->objective - fw->objective) <= cfw_b + fw_b);
    assert_true(fabs(bfw->objective - fw->objective) <= bfw_b + fw_b);
    cor_solution_destroy(fw);
    cor_solution_destroy(cfw);
    cor_solution_destroy(bfw);
    cor_demand_destroy(d);
    cor_network_destroy(net);
}

/* Issue #13 item 7: two classes whose values of time differ by 1e9.  The
 * cheap class A (VoT 1e-6) pays 1000, 1000, 900 money units on three
 * parallel links: 1e9 or 9e8 time units, so it all takes link 3; the
 * expensive class B (VoT 1e3) pays 1, 1, 0.9 time units.  With t1 = 10 +
 * 0.1 v1, t2 = 20 + 0.05 v2, t3 = 15 + 0.1 v3 and A = 50, B = 300, B's
 * equilibrium has every link at cost C: 11 + 0.1 b1 = 21 + 0.05 b2 = 15.9 +
 * 0.1 (50 + b3) = C, b1 + b2 + b3 = 300, so C = 1039 / 40, b1 = 149.75,
 * b2 = 99.5, b3 = 50.75.  A gap summed in time units is below 1e-9 at the
 * first all-or-nothing load (A's 4.5e10 swamps B's excess) and used to
 * stop there; per class, B must reach its equilibrium. */
static const double THREE_LINKS[][6] = {{1, 2, 10, 100, 1, 1}, {1, 2, 20, 400, 1, 1}, {1, 2, 15, 150, 1, 1}};

static void extreme_vot(void **state)
{
    (void)state;
    cor_network *net = tu_net(2, 2, 3, THREE_LINKS);
    double oda[4] = {0, 50, 0, 0}, odb[4] = {0, 300, 0, 0};
    const double money[3] = {1000, 1000, 900}, vot_a = 1e-6, vot_b = 1e3;
    double fa[3], fb[3];
    for (int a = 0; a < 3; a++) { fa[a] = money[a] / vot_a; fb[a] = money[a] / vot_b; }
    cor_class c[2] = {{.name = "cheap", .demand = oda, .fixed = fa, .vot = vot_a},
                      {.name = "dear", .demand = odb, .fixed = fb, .vot = vot_b}};
    cor_problem p = {.net = net, .n_classes = 2, .classes = c};
    for (size_t i = 0; i < sizeof METHODS / sizeof *METHODS; i++) {
        cor_solution *s = solve(&p, METHODS[i], 1e-9, 100000);
        const double *xb = s->class_flow + 3;
        tu_close(s->class_flow[2], 50, 1e-9);
        tu_close(xb[0], 149.75, 1e-5);
        tu_close(xb[1], 99.5, 1e-5);
        tu_close(xb[2], 50.75, 1e-5);
        /* B's used links at one generalized cost */
        for (int a = 0; a < 3; a++) tu_close(s->time[a] + fb[a], 1039.0 / 40, 1e-6);
        assert_true(s->class_gap[0] <= 1e-9 && s->class_gap[1] <= 1e-9);
        assert_true(s->relative_gap == fmax(s->class_gap[0], s->class_gap[1]));
        assert_int_equal(s->converged, 1);
        assert_int_equal(s->n_hist, s->iterations);
        cor_solution_destroy(s);
    }
    cor_network_destroy(net);
}

/* Values of time so far apart that a class's costs cannot resolve link
 * times in double precision are refused, naming the class. */
static void vot_unresolvable(void **state)
{
    (void)state;
    cor_network *net = tu_net(2, 2, 3, THREE_LINKS);
    double od[4] = {0, 50, 0, 0};
    double fa[3] = {1e17, 1e17, 9e16};
    cor_class c[2] = {{.name = "cheap", .demand = od, .fixed = fa, .vot = 1e-14},
                      {.name = "dear", .demand = od, .vot = 1e3}};
    cor_problem p = {.net = net, .n_classes = 2, .classes = c};
    cor_solution *s = NULL;
    cor_error err = {0};
    assert_int_equal(cor_assign(&p, NULL, &s, &err), COR_E_INPUT);
    assert_null(s);
    assert_non_null(strstr(err.msg, "class cheap"));
    assert_non_null(strstr(err.msg, "rounding"));
    cor_network_destroy(net);
}

/* The history and the solution name the worst class: B above, after the
 * first iteration (A is at equilibrium from the start). */
static void worst_class_reported(void **state)
{
    (void)state;
    cor_network *net = tu_net(2, 2, 3, THREE_LINKS);
    double oda[4] = {0, 50, 0, 0}, odb[4] = {0, 300, 0, 0};
    double fa[3] = {1e9, 1e9, 9e8}, fb[3] = {1, 1, 0.9};
    cor_class c[2] = {{.name = "cheap", .demand = oda, .fixed = fa, .vot = 1e-6},
                      {.name = "dear", .demand = odb, .fixed = fb, .vot = 1e3}};
    cor_problem p = {.net = net, .n_classes = 2, .classes = c};
    cor_assign_params par;
    cor_assign_params_default(&par);
    par.gap = 1e-12;
    par.max_iter = 1; /* stops at a limit: not converged, gap of class B */
    cor_solution *s = NULL;
    cor_error err = {0};
    assert_int_equal(cor_assign(&p, &par, &s, &err), COR_E_NOCONV);
    assert_non_null(s);
    assert_int_equal(s->converged, 0);
    assert_int_equal(s->worst_class, 1);
    assert_int_equal(s->hist[0].worst_class, 1);
    assert_true(s->class_gap[1] > 1e-3);
    assert_string_equal(s->class_name[1], "dear");
    assert_non_null(strstr(err.msg, "class dear"));
    cor_solution_destroy(s);
    cor_network_destroy(net);
}

#define N_METHODS (int)(sizeof METHODS / sizeof *METHODS)


/* ---- robustness ---- */

/* Solves to `gap` (20000 iterations, 60 s at most); fails the test unless
 * the status is COR_OK. */
static cor_solution *solve_to_gap(const cor_problem *p, cor_method m, double gap)
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
        cor_solution *s = solve_to_gap(&p, METHODS[i], 1e-8);
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
        cor_solution *s = solve_to_gap(&p, METHODS[i], 1e-8);
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
        cor_solution *s = solve_to_gap(&p, METHODS[i], 1e-8);
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
        cor_solution *s = solve_to_gap(&p, METHODS[i], 1e-9);
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
        cor_solution *s = solve_to_gap(&p, METHODS[i], gap);
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

/* Issue #13 item 12: powers above 16 (Barcelona's 16.83, and 50, 100) reach
 * the closed form x_i = D c_i / (c1 + c2) with every method; v/c = 1.2, so
 * 1.2^100 = 8.3e7 makes the times steep without overflowing. */
static void bpr_large_powers(void **state)
{
    (void)state;
    static const double powers[] = {16.83, 50, 100};
    for (size_t i = 0; i < sizeof powers / sizeof *powers; i++) parallel(powers[i], 100, 300, 480, 1e-8);
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

/* The library: repeated calls with 2 threads give bit-identical flows. */
static void library_repeat(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), *np, *tp;
    tu_grid(dir, &np, &tp);
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

static void test_replay_tntp_assign(void **state) { (void)state; tu_replay("tntp_assign", fuzz_entry_tntp_assign); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_link),       cmocka_unit_test(two_class_mask),
        cmocka_unit_test(fixed_cost),     cmocka_unit_test(braess),
        cmocka_unit_test(unserved),       cmocka_unit_test(sioux_falls),
        cmocka_unit_test(conjugate_faster), cmocka_unit_test(origin_flows),
        cmocka_unit_test(extreme_vot),
        cmocka_unit_test(worst_class_reported), cmocka_unit_test(vot_unresolvable),
        cmocka_unit_test(zero_demand),
        cmocka_unit_test(unserved_pairs),
        cmocka_unit_test(all_unserved),
        cmocka_unit_test(zero_free_flow_time),
        cmocka_unit_test(huge_connector_capacity),
        cmocka_unit_test(demand_far_above_capacity),
        cmocka_unit_test(extreme_congestion_power_10),
        cmocka_unit_test(bpr_powers),
        cmocka_unit_test(bpr_large_powers),
        cmocka_unit_test(bpr_power_below_one),
        cmocka_unit_test(power_below_one_unused_link),
        cmocka_unit_test(iteration_limit),
        cmocka_unit_test(rejects_bad_problems),
        cmocka_unit_test(overflow_is_an_error),
        cmocka_unit_test(library_repeat),
        cmocka_unit_test(test_replay_tntp_assign),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
