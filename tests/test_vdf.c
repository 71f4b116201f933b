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

/* Issue #13 item 12: BPR with any finite power >= 0.  Barcelona's 16.83 and
 * 50 pass the calculus checks; against the closed forms t0 (1 + a x^b),
 * t0 a b x^(b-1) / c and t0 v (1 + a x^b / (b + 1)) evaluated in long
 * double (powl: range to 1e4932), time, derivative and integral stay finite
 * and correct where x^b alone overflows a double (2^1100 = 1.4e331) but the
 * result does not (t0 a = 1e-40), and are inf only when the result itself
 * overflows. */
static void bpr_large_powers(void **state)
{
    (void)state;
    const double powers[] = {16.83, 50};
    for (int k = 0; k < 2; k++) {
        cor_network *n = one_link(COR_VDF_BPR, 10, 100, 0.15, powers[k]);
        tu_close(cor_vdf_time(n, 0, 200), 10 * (1 + 0.15 * pow(2, powers[k])), 1e-13);
        check_calculus(n, 100);
        cor_network_destroy(n);
    }
    const double bs[] = {16.83, 200, 1100, 1500};
    for (int k = 0; k < 4; k++) {
        double t0 = 1e-30, a = 1e-10, c = 1, v = 2, b = bs[k];
        cor_network *n = one_link(COR_VDF_BPR, t0, c, a, b);
        long double x = (long double)v / c, p = powl(x, b);
        long double t = t0 * (1 + a * p), d = t0 * a * b * powl(x, b - 1) / c,
                    in = t0 * v * (1 + a * p / (b + 1));
        const long double big = 1.7976931348623157e308L;
        if (t < big) tu_close(cor_vdf_time(n, 0, v), (double)t, 1e-12);
        else assert_true(isinf(cor_vdf_time(n, 0, v)));
        if (d < big) tu_close(cor_vdf_deriv(n, 0, v), (double)d, 1e-12);
        else assert_true(isinf(cor_vdf_deriv(n, 0, v)));
        if (in < big) tu_close(cor_vdf_integral(n, 0, v), (double)in, 1e-12);
        else assert_true(isinf(cor_vdf_integral(n, 0, v)));
        /* below capacity the term vanishes: free-flow time */
        tu_close(cor_vdf_time(n, 0, 0.5), t0, 1e-15);
        assert_true(cor_vdf_integral(n, 0, 0) == 0 && cor_vdf_time(n, 0, 0) == t0);
        cor_network_destroy(n);
    }
    /* 2^1100 overflows a double: the direct formula gave inf */
    cor_network *n = one_link(COR_VDF_BPR, 1e-30, 1, 1e-10, 1100);
    assert_true(isfinite(cor_vdf_time(n, 0, 2)) && isfinite(cor_vdf_deriv(n, 0, 2)) &&
                isfinite(cor_vdf_integral(n, 0, 2)));
    /* zero free-flow time: 0, not 0 x inf = NaN */
    cor_network_destroy(n);
    n = one_link(COR_VDF_BPR, 0, 1, 0.15, 2000);
    assert_true(cor_vdf_time(n, 0, 2) == 0 && cor_vdf_deriv(n, 0, 2) == 0 && cor_vdf_integral(n, 0, 2) == 0);
    cor_network_destroy(n);
    assert_null(cor_vdf_check(COR_VDF_BPR, 100, 0.15, 16.83));
    assert_null(cor_vdf_check(COR_VDF_BPR, 100, 0.15, 1e6));
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
        cmocka_unit_test(bpr_large_powers),
        cmocka_unit_test(akcelik),
        cmocka_unit_test(queue),
        cmocka_unit_test(names_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
