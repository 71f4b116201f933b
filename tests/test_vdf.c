/* Volume-delay functions (corridor/vdf.h): closed-form values, derivative
 * against central differences, integral against Simpson quadrature, for
 * BPR, Akcelik and the M/D/1 queue function; names and capacity units. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "corridor/vdf.h"

static cor_network *one_link(cor_vdf_kind k, double t0, double cap, double a, double b)
{
    cor_netbuilder *nb = cor_netbuilder_create();
    cor_netbuilder_add_node(nb, "1", 0, 0, NULL);
    cor_netbuilder_add_node(nb, "2", 1, 0, NULL);
    cor_link_spec s = {.from = 0, .to = 1, .fftime = t0, .capacity = cap, .alpha = a, .beta = b, .vdf = k};
    assert_int_equal(cor_netbuilder_add_link(nb, &s, NULL), COR_OK);
    cor_network *net = NULL;
    assert_int_equal(cor_netbuilder_finish(nb, &net, NULL), COR_OK);
    return net;
}

static double simpson(const cor_network *n, double v)
{
    int m = 20000;
    double h = v / m, s = cor_vdf_time(n, 0, 0) + cor_vdf_time(n, 0, v);
    for (int i = 1; i < m; i++) s += (i % 2 ? 4 : 2) * cor_vdf_time(n, 0, i * h);
    return s * h / 3;
}

static void check_calculus(const cor_network *n, double cap)
{
    const double xs[] = {0.1, 0.5, 0.9, 0.97, 1.0, 1.3, 2.5};
    for (size_t i = 0; i < sizeof xs / sizeof *xs; i++) {
        double v = xs[i] * cap, h = 1e-6 * cap;
        double fd = (cor_vdf_time(n, 0, v + h) - cor_vdf_time(n, 0, v - h)) / (2 * h);
        tu_close(cor_vdf_deriv(n, 0, v) * cap, fd * cap, 1e-6);
        tu_close(cor_vdf_integral(n, 0, v), simpson(n, v), 1e-9);
        assert_true(isfinite(cor_vdf_time(n, 0, v)));
    }
}

static void bpr(void **state)
{
    (void)state;
    cor_network *n = one_link(COR_VDF_BPR, 10, 100, 0.15, 4);
    tu_close(cor_vdf_time(n, 0, 200), 10 * (1 + 0.15 * 16), 1e-14);
    check_calculus(n, 100);
    cor_network_destroy(n);
}

static void akcelik(void **state)
{
    (void)state;
    const double Js[] = {0.001, 0.1, 0.7};
    for (int k = 0; k < 3; k++) {
        cor_network *n = one_link(COR_VDF_AKCELIK, 5, 1000, 8, Js[k]);
        /* at capacity: t0 + T/4 sqrt(8 J) */
        tu_close(cor_vdf_time(n, 0, 1000), 5 + 2 * sqrt(8 * Js[k]), 1e-13);
        /* x = 0.5: t0 + T/4 (-0.5 + sqrt(0.25 + 4 J)) */
        tu_close(cor_vdf_time(n, 0, 500), 5 + 2 * (-0.5 + sqrt(0.25 + 4 * Js[k])), 1e-12);
        /* far past capacity the slope in x tends to T/2 */
        double s = (cor_vdf_time(n, 0, 1e6 + 1000) - cor_vdf_time(n, 0, 1e6)) / 1.0;
        tu_close(s, 4.0, 1e-4);
        check_calculus(n, 1000);
        cor_network_destroy(n);
    }
}

static void queue(void **state)
{
    (void)state;
    cor_network *n = one_link(COR_VDF_QUEUE, 2, 50, 6, 0.95);
    /* M/D/1 wait at x = 0.5: s x / (2 (1 - x)) = s / 2 */
    tu_close(cor_vdf_time(n, 0, 25), 2 + 3, 1e-14);
    /* continuous at the breakpoint, linear and finite beyond */
    double tb = 2 + 6 * 0.95 / (2 * 0.05);
    tu_close(cor_vdf_time(n, 0, 0.95 * 50), tb, 1e-12);
    tu_close(cor_vdf_time(n, 0, 50), tb + 6 / (2 * 0.05 * 0.05) * 0.05, 1e-12);
    tu_close(cor_vdf_time(n, 0, 100), tb + 6 / (2 * 0.05 * 0.05) * 1.05, 1e-12);
    check_calculus(n, 50);
    cor_network_destroy(n);
}

static void names_units(void **state)
{
    (void)state;
    cor_vdf_kind k;
    assert_int_equal(cor_vdf_parse("Akcelik", &k), 0);
    assert_int_equal(k, COR_VDF_AKCELIK);
    assert_int_equal(cor_vdf_parse("queue", &k), 0);
    assert_int_equal(k, COR_VDF_QUEUE);
    assert_int_equal(cor_vdf_parse("conical", &k), -1);
    assert_non_null(cor_vdf_check(COR_VDF_QUEUE, 10, 1, 1.0));
    assert_non_null(cor_vdf_check(COR_VDF_AKCELIK, 0, 1, 0.1));
    assert_null(cor_vdf_check(COR_VDF_QUEUE, 10, 1, 0.9));
    cor_cap_unit u;
    assert_int_equal(cor_cap_unit_parse("TEU/yr", &u), 0);
    assert_int_equal(u, COR_CAP_TEU);
    assert_int_equal(cor_cap_unit_parse("sailings/week", &u), 0);
    tu_close(cor_cap_to_tonnes(7, u, 1000), 365000, 1e-14);
    tu_close(cor_cap_to_tonnes(100, COR_CAP_TEU, 12), 1200, 1e-14);
    tu_close(cor_cap_to_tonnes(5, COR_CAP_TONNES, 0), 5, 1e-14);
    assert_true(isnan(cor_cap_to_tonnes(5, COR_CAP_WAGONS, 0)));
    assert_int_equal(cor_cap_unit_parse("barrels", &u), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bpr),
        cmocka_unit_test(akcelik),
        cmocka_unit_test(queue),
        cmocka_unit_test(names_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
