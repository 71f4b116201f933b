/* corridor — volume-delay functions: time, derivative and integral.
 *
 * x = v / c (volume over capacity, both in the link's flow unit), t0 the
 * free-flow time, a = vdf_alpha, b = vdf_beta of the link.
 *
 * BPR (COR_VDF_BPR):  t(v) = t0 * (1 + a * x^b), any finite power b >= 0
 *   (Barcelona's 16.83, or 50), the common powers 0..4 specialised.  Time,
 *   derivative and integral are overflow-safe: when x^b alone overflows but
 *   the result does not (a large power with a small t0 * a), the term is
 *   evaluated as exp(log t0 + log a + b log x) instead, so a result is
 *   infinite only when the true value exceeds DBL_MAX.
 * CONSTANT:           t(v) = t0 (capacity ignored).
 * AKCELIK (Akcelik 1991, time-dependent queueing with a finite delay at and
 *   beyond capacity):
 *     t(v) = t0 + (T/4) * [ (x - 1) + sqrt((x - 1)^2 + 8 J x) ]
 *   a = T, the length of the flow period in the link's time unit (e.g. 8760 h
 *   for a year whose demand is spread evenly, or the peak period); b = J, the
 *   dimensionless delay parameter, Akcelik's J_A divided by the capacity over
 *   the period (J = J_A / (c T)); J_A ~ 0.1-0.2 for freeways, 0.4-0.8 for
 *   intersections, larger for servers with random arrivals.  Past capacity
 *   the delay grows linearly with slope T/2 per unit of x (the deterministic
 *   queue of an over-saturated period), so it stays finite.
 * QUEUE (M/D/1 based, Davidson-type, Davidson 1966 with the Tisato/Akcelik
 *   linear extension):
 *     t(v) = t0 + s * x / (2 (1 - x))                      for x <= m
 *     t(v) = t(m) + t_x(m) * (x - m)                       for x  > m
 *   with t_x(m) = s / (2 (1 - m)^2) the slope in x at the breakpoint.  The
 *   first branch is the mean wait in queue of an M/D/1 server with service
 *   time s and utilisation x (Pollaczek-Khinchine); a = s (time units, e.g.
 *   the mean time one ferry sailing / border inspection occupies the
 *   server), b = m, the breakpoint 0 < m < 1 (e.g. 0.95) beyond which the
 *   wait grows linearly, so it is finite (and convex, with a continuous
 *   derivative) at and beyond capacity.
 * Every non-constant kind needs capacity > 0 (cor_vdf_check).  a = 0 gives
 * t = t0 for every kind.  Solvers only call the three functions below.
 */
#ifndef CORRIDOR_VDF_H
#define CORRIDOR_VDF_H

#include <float.h>
#include <math.h>
#include "corridor/network.h"

#ifdef __cplusplus
extern "C" {
#endif

static inline double cor__powi_fast(double x, double b)
{
    if (b == 4.0) { double x2 = x * x; return x2 * x2; }
    if (b == 1.0) return x;
    if (b == 2.0) return x * x;
    if (b == 3.0) return x * x * x;
    if (b == 0.0) return 1.0;
    return pow(x, b);
}

/* k * x^b for k > 0, x >= 0 whose product is representable while x^b
 * overflows: exp(log k + b log x) (inf when the product overflows too).
 * Used only when the direct evaluation is not finite, so ordinary values
 * are bit-identical to the direct formulas. */
static inline double cor__bpr_scaled(double logk, double x, double b)
{
    return exp(logk + b * log(x));
}

/* Akcelik: (x-1) + sqrt((x-1)^2 + 8Jx), without cancellation below capacity. */
static inline double cor__akcelik_q(double x, double J)
{
    double y = x - 1.0, r = sqrt(y * y + 8.0 * J * x);
    return y <= 0 ? (r - y > 0 ? 8.0 * J * x / (r - y) : 0.0) : y + r;
}

/* Akcelik: d/dx of cor__akcelik_q. */
static inline double cor__akcelik_dq(double x, double J)
{
    double y = x - 1.0, r = sqrt(y * y + 8.0 * J * x);
    return r > 0 ? 1.0 + (y + 4.0 * J) / r : 2.0;
}

/* Akcelik: int_0^x q(s) ds in closed form.  The root is sqrt((s + B)^2 + E)
 * with B = 4J - 1, E = 1 - B^2, and int sqrt(y^2 + E) dy =
 * (y R + E ln(y + R)) / 2 (y + R > 0 on the whole domain when J > 0). */
static inline double cor__akcelik_int(double x, double J)
{
    if (J <= 0) return x > 1.0 ? (x - 1.0) * (x - 1.0) : 0.0; /* 2 max(x-1,0) */
    double B = 4.0 * J - 1.0, E = 1.0 - B * B;
    double y1 = x + B, r1 = sqrt(y1 * y1 + E);
    double y0 = B, r0 = 1.0;
    double root = 0.5 * (y1 * r1 - y0 * r0 + E * log((y1 + r1) / (y0 + r0)));
    return 0.5 * x * x - x + root;
}

/* Link travel time at volume v. */
static inline double cor_vdf_time(const cor_network *n, int32_t a, double v)
{
    double t0 = n->fftime[a];
    if (n->vdf_kind[a] == COR_VDF_CONSTANT || n->vdf_alpha[a] == 0.0) return t0;
    double x = v / n->capacity[a];
    switch (n->vdf_kind[a]) {
    case COR_VDF_AKCELIK:
        return t0 + 0.25 * n->vdf_alpha[a] * cor__akcelik_q(x, n->vdf_beta[a]);
    case COR_VDF_QUEUE: {
        double s = n->vdf_alpha[a], m = n->vdf_beta[a];
        if (x <= m) return t0 + s * x / (2.0 * (1.0 - x));
        double om = 1.0 - m;
        return t0 + s * m / (2.0 * om) + s / (2.0 * om * om) * (x - m);
    }
    default: {
        double r = t0 * (1.0 + n->vdf_alpha[a] * cor__powi_fast(x, n->vdf_beta[a]));
        if (r <= DBL_MAX) return r;
        if (t0 == 0.0) return 0.0;
        return t0 + cor__bpr_scaled(log(t0) + log(n->vdf_alpha[a]), x, n->vdf_beta[a]);
    }
    }
}

/* d t / d v at volume v. */
static inline double cor_vdf_deriv(const cor_network *n, int32_t a, double v)
{
    if (n->vdf_kind[a] == COR_VDF_CONSTANT || n->vdf_alpha[a] == 0.0) return 0.0;
    double c = n->capacity[a];
    double x = v / c;
    switch (n->vdf_kind[a]) {
    case COR_VDF_AKCELIK:
        return 0.25 * n->vdf_alpha[a] * cor__akcelik_dq(x, n->vdf_beta[a]) / c;
    case COR_VDF_QUEUE: {
        double s = n->vdf_alpha[a], m = n->vdf_beta[a];
        double om = 1.0 - (x <= m ? x : m);
        return s / (2.0 * om * om) / c;
    }
    default: {
        double b = n->vdf_beta[a];
        double t0 = n->fftime[a];
        if (b == 0.0) return 0.0;
        double r = t0 * n->vdf_alpha[a] * b * cor__powi_fast(x, b - 1.0) / c;
        if (r <= DBL_MAX) return r;
        if (t0 == 0.0) return 0.0;
        return cor__bpr_scaled(log(t0) + log(n->vdf_alpha[a]) + log(b) - log(c), x, b - 1.0);
    }
    }
}

/* Integral of t from 0 to v (Beckmann objective term). */
static inline double cor_vdf_integral(const cor_network *n, int32_t a, double v)
{
    double t0 = n->fftime[a];
    if (n->vdf_kind[a] == COR_VDF_CONSTANT || n->vdf_alpha[a] == 0.0) return t0 * v;
    double c = n->capacity[a];
    double x = v / c;
    switch (n->vdf_kind[a]) {
    case COR_VDF_AKCELIK:
        return t0 * v + c * 0.25 * n->vdf_alpha[a] * cor__akcelik_int(x, n->vdf_beta[a]);
    case COR_VDF_QUEUE: {
        double s = n->vdf_alpha[a], m = n->vdf_beta[a];
        double xm = x <= m ? x : m;
        double w = 0.5 * s * (-xm - log1p(-xm)); /* int_0^xm s u / (2(1-u)) du */
        if (x > m) {
            double om = 1.0 - m, e = x - m;
            w += s * m / (2.0 * om) * e + 0.5 * s / (2.0 * om * om) * e * e;
        }
        return t0 * v + c * w;
    }
    default: {
        double b = n->vdf_beta[a];
        double r = t0 * v * (1.0 + n->vdf_alpha[a] * cor__powi_fast(x, b) / (b + 1.0));
        if (r <= DBL_MAX) return r;
        if (t0 == 0.0 || v == 0.0) return 0.0;
        return t0 * v + cor__bpr_scaled(log(t0) + log(v) + log(n->vdf_alpha[a]) - log1p(b), x, b);
    }
    }
}

/* ---- names, checks, capacity units --------------------------------------- */

/* "bpr", "constant", "akcelik", "queue" (case-insensitive).  0 ok, -1
 * unknown. */
const char *cor_vdf_name(cor_vdf_kind k);
int cor_vdf_parse(const char *s, cor_vdf_kind *out);

/* Checks one link's VDF parameters: capacity > 0 on every non-constant kind
 * with a != 0; BPR a >= 0, b >= 0; AKCELIK T > 0, J >= 0; QUEUE s > 0,
 * 0 < m < 1.  Returns NULL when fine, else a static description of the first
 * problem ("QUEUE breakpoint vdf_beta must be in (0,1)"...). */
const char *cor_vdf_check(cor_vdf_kind k, double capacity, double alpha, double beta);

/* Units a link's capacity may be stated in (link.csv capacity_unit). */
typedef enum cor_cap_unit {
    COR_CAP_TONNES = 0,   /* "t/yr" (also "tonnes", "t"): the flow unit itself */
    COR_CAP_TEU,          /* "TEU/yr" */
    COR_CAP_WAGONS,       /* "wagons/yr" */
    COR_CAP_SAILINGS,     /* "sailings/week" */
    COR_CAP_UNIT_COUNT
} cor_cap_unit;

/* Canonical names above; the parser also accepts the bare unit ("TEU",
 * "wagons", "sailings", "tonnes") and is case-insensitive.  0 ok, -1 unknown. */
const char *cor_cap_unit_name(cor_cap_unit u);
int cor_cap_unit_parse(const char *s, cor_cap_unit *out);

/* Converts a capacity stated in unit u into units per year (sailings/week
 * x 365/7); multiply by the tonnes one unit carries for the class (class.csv
 * tonnes_per_unit for TEU and wagons, tonnes per sailing for ferries) to get
 * tonnes per year.  COR_CAP_TONNES returns value unchanged. */
double cor_cap_per_year(double value, cor_cap_unit u);

/* value in unit u -> tonnes per year, with `tonnes_per_unit` the tonnes of
 * one TEU / wagon / sailing (ignored for COR_CAP_TONNES).  NAN when
 * tonnes_per_unit is not positive for a unit that needs it. */
double cor_cap_to_tonnes(double value, cor_cap_unit u, double tonnes_per_unit);

#ifdef __cplusplus
}
#endif
#endif
