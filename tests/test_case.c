/* The case object (case.h): its solve is cor_assign's, a warm-started
 * scenario reaches the cold solution, reads before a solve are empty,
 * destroy(NULL) is harmless, and bad inputs fail with the right status. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void destroy_null(void **state)
{
    (void)state;
    cor_case_destroy(NULL);
}

/* A plain TNTP network: the case's link flows are cor_assign's on the same
 * problem and parameters, with and without accounting; totals add up. */
static void solve_equals_assign(void **state)
{
    (void)state;
    cor_case_opts co = {.demand = tu_src("data/example/braess_trips.tntp"), .need_demand = 1};
    cor_case *c = NULL;
    cor_error err = {0};
    assert_int_equal(cor_case_open(tu_src("data/example/braess_net.tntp"), &co, &c, &err), COR_OK);
    assert_null(cor_case_solution(c));
    assert_null(cor_case_accounting(c));
    assert_null(cor_case_totals(c));
    assert_string_equal(cor_case_name(c), "base");
    assert_int_equal(cor_case_is_freight(c), 0);
    cor_assign_params *par = cor_case_params(c);
    assert_true(par->gap == 1e-8); /* the one default */
    par->gap = 1e-10;
    par->threads = 1;
    assert_int_equal(cor_case_solve(c, &err), COR_OK);
    const cor_solution *s = cor_case_solution(c);
    assert_non_null(s);
    assert_non_null(cor_case_od(c));
    assert_non_null(cor_case_accounting(c));

    /* the same problem solved directly */
    cor_network *net = NULL;
    cor_demand *d = NULL;
    assert_int_equal(cor_read_tntp_net(tu_src("data/example/braess_net.tntp"), &net, &err), COR_OK);
    assert_int_equal(cor_read_tntp_trips(tu_src("data/example/braess_trips.tntp"), net, &d, &err), COR_OK);
    cor_class cl = {.name = "all", .demand = d->od, .vot = 1};
    cor_problem p = {.net = net, .n_classes = 1, .classes = &cl};
    cor_assign_params q;
    cor_assign_params_default(&q);
    q.gap = 1e-10;
    q.threads = 1;
    cor_solution *ref = NULL;
    assert_int_equal(cor_assign(&p, &q, &ref, &err), COR_OK);
    for (int32_t a = 0; a < net->n_links; a++) tu_close(s->flow[a], ref->flow[a], 1e-9);

    /* totals: all 6 units served; flow x time summed over the links */
    const cor_totals *t = cor_case_totals(c);
    tu_close(t->demand, 6, 1e-12);
    tu_close(t->served, 6, 1e-12);
    double ft = 0;
    for (int32_t a = 0; a < net->n_links; a++) ft += ref->flow[a] * ref->time[a];
    tu_close(t->flow_time, ft, 1e-9);
    double vol, h;
    cor_case_od_mean(c, -1, -1, -1, &vol, &h, NULL);
    tu_close(vol, 6, 1e-9);
    tu_close(h, 92, 1e-4); /* every route costs 92 at equilibrium */

    /* accounting off: link flows only, the same equilibrium */
    cor_case_set_accounting(c, 0);
    assert_int_equal(cor_case_solve(c, &err), COR_OK);
    assert_null(cor_case_od(c));
    assert_null(cor_case_accounting(c));
    for (int32_t a = 0; a < net->n_links; a++) tu_close(cor_case_solution(c)->flow[a], ref->flow[a], 1e-9);

    cor_solution_destroy(ref);
    cor_demand_destroy(d);
    cor_network_destroy(net);
    cor_case_destroy(c);
}

/* data/eurasia: a scenario solved warm from the base equals the same
 * scenario solved cold; the base is untouched by its clone's edits. */
static void warm_equals_cold(void **state)
{
    (void)state;
    cor_case *base = NULL;
    cor_error err = {0};
    assert_int_equal(cor_case_open(tu_src("data/eurasia"), NULL, &base, &err), COR_OK);
    assert_int_equal(cor_case_is_freight(base), 1);
    cor_case_params(base)->gap = 1e-10;
    cor_scenario *sc = NULL;
    assert_int_equal(cor_scenario_load(tu_src("data/eurasia/scenarios/red-sea-closed.scenario"), &sc, &err), COR_OK);
    cor_case *warm = cor_case_clone(base), *cold = cor_case_clone(base);
    assert_non_null(warm);
    assert_non_null(cold);
    assert_int_equal(cor_case_solve(base, &err), COR_OK);
    double base_cost = cor_case_totals(base)->cost;
    assert_int_equal(cor_case_apply_scenario(warm, sc, &err), COR_OK);
    assert_int_equal(cor_case_apply_scenario(cold, sc, &err), COR_OK);
    assert_string_equal(cor_case_name(warm), cor_scenario_name(sc));
    cor_case_set_warm_start(warm, base);
    assert_int_equal(cor_case_solve(warm, &err), COR_OK);
    assert_int_equal(cor_case_solve(cold, &err), COR_OK);
    const cor_solution *w = cor_case_solution(warm), *k = cor_case_solution(cold);
    double mx = 0;
    for (int32_t a = 0; a < w->n_links; a++) mx = fmax(mx, w->flow[a]);
    for (int32_t a = 0; a < w->n_links; a++)
        if (fabs(w->flow[a] - k->flow[a]) > 1e-4 * mx)
            fail_msg("link %d: warm %.6g cold %.6g", a, w->flow[a], k->flow[a]);
    tu_close(cor_case_totals(warm)->cost, cor_case_totals(cold)->cost, 1e-6);
    assert_true(cor_case_totals(warm)->n_closed > cor_case_totals(base)->n_closed);
    assert_true(cor_case_totals(warm)->cost > base_cost); /* closing a route costs */
    assert_true(cor_case_totals(base)->cost == base_cost);
    cor_scenario_destroy(sc);
    cor_case_destroy(warm);
    cor_case_destroy(cold);
    cor_case_destroy(base);
}

static void errors(void **state)
{
    (void)state;
    cor_case *c = (cor_case *)1;
    cor_error err = {0};
    assert_int_equal(cor_case_open("/nonexistent/net.tntp", NULL, &c, &err), COR_E_IO);
    assert_null(c);
    cor_case_opts tf = {.toll_factor = 1};
    assert_int_equal(cor_case_open(tu_src("data/eurasia"), &tf, &c, &err), COR_E_USAGE);
    assert_null(c);
    cor_case_opts yr = {.year = 2030, .demand = tu_src("data/example/braess_trips.tntp")};
    assert_int_equal(cor_case_open(tu_src("data/example/braess_net.tntp"), &yr, &c, &err), COR_E_USAGE);
    cor_case_opts nd = {.need_demand = 1};
    assert_int_equal(cor_case_open(tu_src("data/example/braess_net.tntp"), &nd, &c, &err), COR_E_USAGE);
    assert_null(c);
    /* a network without demand opens but cannot be solved */
    assert_int_equal(cor_case_open(tu_src("data/example/braess_net.tntp"), NULL, &c, &err), COR_OK);
    assert_int_equal(cor_case_solve(c, &err), COR_E_USAGE);
    assert_null(cor_case_solution(c));
    cor_case_destroy(c);
    /* a bad stopping rule is the solver's usage error; nothing to read */
    cor_case_opts ok = {.demand = tu_src("data/example/braess_trips.tntp")};
    assert_int_equal(cor_case_open(tu_src("data/example/braess_net.tntp"), &ok, &c, &err), COR_OK);
    cor_case_params(c)->gap = -1;
    assert_int_equal(cor_case_solve(c, &err), COR_E_USAGE);
    assert_null(cor_case_totals(c));
    cor_case_destroy(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(destroy_null),
        cmocka_unit_test(solve_equals_assign),
        cmocka_unit_test(warm_equals_cold),
        cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
