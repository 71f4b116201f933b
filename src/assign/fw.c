/* corridor — Frank-Wolfe, conjugate FW and bi-conjugate FW (Mitradjieva and
 * Lindberg, 2013) with exact line search, for several classes sharing link
 * times.  Directions are built on the class-stacked flow vector; conjugacy is
 * taken with respect to the Hessian of the Beckmann objective, whose action
 * on a stacked vector d is t'_a(v_a) * sum_k d_ka on every class of link a.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assign/internal.h"
#include "corridor/vdf.h"

/* phi'(tau) = sum_a t_a(v_a + tau D_a) D_a + F. */
static double line_deriv(const cor_network *net, const double *v, const double *D, double F,
                         double tau)
{
    double g = F;
    for (int32_t a = 0; a < net->n_links; a++)
        if (D[a] != 0) g += cor_vdf_time(net, a, v[a] + tau * D[a]) * D[a];
    return g;
}

static double line_search(const cor_network *net, const double *v, const double *D, double F)
{
    if (line_deriv(net, v, D, F, 1.0) <= 0) return 1.0;
    if (line_deriv(net, v, D, F, 0.0) >= 0) return 0.0;
    double lo = 0, hi = 1;
    for (int i = 0; i < 60 && hi - lo > 1e-15; i++) {
        double mid = 0.5 * (lo + hi);
        if (line_deriv(net, v, D, F, mid) > 0) hi = mid;
        else lo = mid;
    }
    return 0.5 * (lo + hi);
}

static void total_of(const double *stacked, int K, int32_t m, double *tot)
{
    memcpy(tot, stacked, (size_t)m * sizeof *tot);
    for (int k = 1; k < K; k++)
        for (int32_t a = 0; a < m; a++) tot[a] += stacked[(size_t)k * m + a];
}

/* Change of the fixed (toll/distance) cost term from class flows x to y:
 * sum over classes and links of fixed * (y - x). */
static double fixed_change(const cor_problem *p, const double *y, const double *x, int32_t m)
{
    double F = 0;
    for (int k = 0; k < p->n_classes; k++) {
        const double *f = p->classes[k].fixed;
        if (!f) continue;
        for (int32_t a = 0; a < m; a++) {
            size_t i = (size_t)k * m + a;
            F += f[a] * (y[i] - x[i]);
        }
    }
    return F;
}

cor_status cor__assign_fw(const cor_problem *p, const cor_assign_params *par,
                          cor_solution **out, cor_error *err)
{
    const cor_network *net = p->net;
    const int K = p->n_classes;
    const int32_t m = net->n_links;
    const size_t km = (size_t)K * (size_t)(m > 0 ? m : 1);
    const size_t mm = (size_t)(m > 0 ? m : 1);
    double t0 = cor__now();
    cor_status st = COR_OK;
    cor__loop loop = {0};
    int threads = cor__threads(par);
    cor_solution *s = cor__solution_new(p, par->method);
    uint8_t **masks = calloc((size_t)K, sizeof *masks);
    cor__aon *aon = cor__aon_create(p, threads);
    double *y = malloc(km * sizeof(double));       /* AON point */
    double *s1 = malloc(km * sizeof(double));      /* previous search point */
    double *s2 = malloc(km * sizeof(double));      /* the one before */
    double *sk = malloc(km * sizeof(double));      /* new search point */
    double *Y = malloc(mm * sizeof(double)), *S1 = malloc(mm * sizeof(double));
    double *S2 = malloc(mm * sizeof(double)), *D = malloc(mm * sizeof(double));
    double *der = malloc(mm * sizeof(double));
    if (!s || !masks || !aon || !y || !s1 || !s2 || !sk || !Y || !S1 || !S2 || !D || !der) {
        st = cor_error_set(err, COR_E_NOMEM, "out of memory for the assignment");
        goto done;
    }
    for (int k = 0; k < K; k++)
        if ((st = cor__class_mask(p, k, &masks[k], err))) goto done;
    if ((st = cor__loop_init(&loop, p, par, s, t0, err))) goto done;

    double *x = s->class_flow, *v = s->flow, *time = s->time;
    /* initial point: warm start or all-or-nothing at free-flow times */
    cor__link_times(net, v, time); /* v = 0: free-flow */
    if (par->warm_start) {
        memcpy(x, par->warm_start->class_flow, km * sizeof(double));
        /* unserved ODs are a property of the topology: find them once */
        cor__aon_run(aon, time, masks, y, NULL, s);
    } else {
        cor__aon_run(aon, time, masks, x, NULL, s);
    }
    total_of(x, K, m, v);
    int have1 = 0, have2 = 0;
    double tau_prev = 1.0;
    int it;
    for (it = 1;; it++) {
        cor__link_times(net, v, time);
        cor__aon_run(aon, time, masks, y, loop.sptt, NULL);
        cor_status ls;
        if (cor__loop_check(&loop, it, &ls, err)) {
            st = ls;
            if (st && st != COR_E_NOCONV && st != COR_E_INTERRUPTED) goto done;
            break;
        }
        /* direction */
        total_of(y, K, m, Y);
        for (int32_t a = 0; a < m; a++) der[a] = cor_vdf_deriv(net, a, v[a]);
        int used = 0;
        if (par->method == COR_METHOD_BFW && have2 && tau_prev < 1.0 - 1e-12) {
            double mn = 0, md = 0, nn = 0, nd = 0;
            for (int32_t a = 0; a < m; a++) {
                double d1 = tau_prev * S1[a] + (1 - tau_prev) * S2[a] - v[a];
                double d2 = S1[a] - v[a];
                double dy = Y[a] - v[a];
                mn += der[a] * d1 * dy;
                md += der[a] * d1 * (S2[a] - S1[a]);
                nn += der[a] * d2 * dy;
                nd += der[a] * d2 * d2;
            }
            /* a power below 1 has an infinite derivative at zero flow: no
             * usable conjugate direction then (plain FW below) */
            if (md != 0 && nd != 0 && isfinite(mn) && isfinite(md) && isfinite(nn) && isfinite(nd)) {
                double mu = -mn / md;
                double nu = -nn / nd + mu * tau_prev / (1 - tau_prev);
                if (mu < 0) mu = 0;
                if (nu < 0) nu = 0;
                double b0 = 1.0 / (1.0 + mu + nu), b1 = nu * b0, b2 = mu * b0;
                for (size_t i = 0; i < km; i++) sk[i] = b0 * y[i] + b1 * s1[i] + b2 * s2[i];
                used = 1;
            }
        }
        if (!used && par->method != COR_METHOD_FW && have1) {
            double N = 0, Dn = 0;
            for (int32_t a = 0; a < m; a++) {
                double ds = S1[a] - v[a];
                N += der[a] * ds * (Y[a] - v[a]);
                Dn += der[a] * ds * (Y[a] - S1[a]);
            }
            double alpha = 0;
            if (Dn != 0 && isfinite(N) && isfinite(Dn)) {
                alpha = N / Dn;
                if (alpha > 1 - 1e-6) alpha = 1 - 1e-6;
                if (alpha < 0) alpha = 0;
            }
            for (size_t i = 0; i < km; i++) sk[i] = alpha * s1[i] + (1 - alpha) * y[i];
            used = 1;
        }
        if (!used) memcpy(sk, y, km * sizeof(double));
        /* line search along sk - x */
        double F = fixed_change(p, sk, x, m);
        total_of(sk, K, m, D);
        for (int32_t a = 0; a < m; a++) D[a] -= v[a];
        double tau = line_search(net, v, D, F);
        if (tau <= 0) {
            /* no descent along the conjugate direction: restart with FW */
            memcpy(sk, y, km * sizeof(double));
            total_of(sk, K, m, D);
            F = fixed_change(p, sk, x, m);
            for (int32_t a = 0; a < m; a++) D[a] -= v[a];
            tau = line_search(net, v, D, F);
            have1 = have2 = 0;
        }
        for (size_t i = 0; i < km; i++) x[i] += tau * (sk[i] - x[i]);
        total_of(x, K, m, v);
        for (int32_t a = 0; a < m; a++) if (v[a] < 0) v[a] = 0;
        /* shift search points */
        double *tmp = s2; s2 = s1; s1 = sk; sk = tmp;
        memcpy(S2, S1, mm * sizeof(double));
        total_of(s1, K, m, S1);
        have2 = have1;
        have1 = 1;
        tau_prev = tau;
    }
    cor__link_times(net, v, time);
    s->seconds = cor__now() - t0;
done:
    if (masks) for (int k = 0; k < K; k++) free(masks[k]);
    free(masks);
    cor__aon_destroy(aon);
    cor__loop_free(&loop);
    free(y); free(s1); free(s2); free(sk); free(Y); free(S1); free(S2); free(D); free(der);
    if (st && st != COR_E_NOCONV && st != COR_E_INTERRUPTED) {
        cor_solution_destroy(s);
        s = NULL;
    }
    *out = s;
    return st;
}
