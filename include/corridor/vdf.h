/* corridor — volume-delay functions: time, derivative and integral.
 *
 * BPR: t(v) = t0 * (1 + alpha * (v/c)^beta), with the common powers 0..4
 * specialised.  A link whose capacity is not positive is an input error for
 * BPR links (readers reject it); CONSTANT links ignore capacity.
 * New kinds (conical, Akcelik, queueing) plug in by adding a case to the three
 * functions below; solvers only call these.
 */
#ifndef CORRIDOR_VDF_H
#define CORRIDOR_VDF_H

#include <math.h>
#include "corridor/network.h"

static inline double cor__powi_fast(double x, double b)
{
    if (b == 4.0) { double x2 = x * x; return x2 * x2; }
    if (b == 1.0) return x;
    if (b == 2.0) return x * x;
    if (b == 3.0) return x * x * x;
    if (b == 0.0) return 1.0;
    return pow(x, b);
}

/* Link travel time at volume v. */
static inline double cor_vdf_time(const cor_network *n, int32_t a, double v)
{
    double t0 = n->fftime[a];
    if (n->vdf_kind[a] == COR_VDF_CONSTANT || n->vdf_alpha[a] == 0.0) return t0;
    double x = v / n->capacity[a];
    return t0 * (1.0 + n->vdf_alpha[a] * cor__powi_fast(x, n->vdf_beta[a]));
}

/* d t / d v at volume v. */
static inline double cor_vdf_deriv(const cor_network *n, int32_t a, double v)
{
    if (n->vdf_kind[a] == COR_VDF_CONSTANT || n->vdf_alpha[a] == 0.0) return 0.0;
    double b = n->vdf_beta[a];
    if (b == 0.0) return 0.0;
    double c = n->capacity[a];
    double x = v / c;
    return n->fftime[a] * n->vdf_alpha[a] * b * cor__powi_fast(x, b - 1.0) / c;
}

/* Integral of t from 0 to v (Beckmann objective term). */
static inline double cor_vdf_integral(const cor_network *n, int32_t a, double v)
{
    double t0 = n->fftime[a];
    if (n->vdf_kind[a] == COR_VDF_CONSTANT || n->vdf_alpha[a] == 0.0) return t0 * v;
    double b = n->vdf_beta[a];
    double x = v / n->capacity[a];
    return t0 * v * (1.0 + n->vdf_alpha[a] * cor__powi_fast(x, b) / (b + 1.0));
}

#endif
