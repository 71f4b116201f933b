/* corridor — assignment driver and shared pieces. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "assign/internal.h"
#include "corridor/vdf.h"

double cor__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static const char *const METHOD_NAMES[] = {"fw", "cfw", "bfw", "bush"};

const char *cor_method_name(cor_method m)
{
    return (m >= 0 && m <= COR_METHOD_BUSH) ? METHOD_NAMES[m] : "?";
}

int cor_method_parse(const char *s, cor_method *out)
{
    for (int i = 0; i <= COR_METHOD_BUSH; i++)
        if (!strcasecmp(s, METHOD_NAMES[i])) { *out = (cor_method)i; return 0; }
    return -1;
}

void cor_assign_params_default(cor_assign_params *p)
{
    memset(p, 0, sizeof *p);
    p->method = COR_METHOD_BUSH;
    p->gap = 1e-8;
    p->max_iter = 10000;
}

int cor__threads(const cor_assign_params *par)
{
    int t = par->threads;
#ifdef _OPENMP
    if (t <= 0) t = omp_get_num_procs();
#else
    t = 1;
#endif
    return t < 1 ? 1 : t;
}

void cor_generalized_fixed(const cor_network *net, double tf, double df, double *fixed)
{
    for (int32_t a = 0; a < net->n_links; a++)
        fixed[a] = tf * net->toll[a] + df * net->length[a];
}

cor_status cor__class_mask(const cor_problem *p, int k, uint8_t **mask, cor_error *err)
{
    *mask = NULL;
    const uint8_t *open = p->link_open, *allow = p->classes[k].allowed;
    if (!open && !allow) return COR_OK;
    int32_t m = p->net->n_links;
    uint8_t *mk = malloc((size_t)(m > 0 ? m : 1));
    if (!mk) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    for (int32_t a = 0; a < m; a++)
        mk[a] = (uint8_t)((open ? open[a] != 0 : 1) && (allow ? allow[a] != 0 : 1));
    *mask = mk;
    return COR_OK;
}

cor_status cor_problem_check(const cor_problem *p, cor_error *err)
{
    int32_t a;
    return cor_problem_check_at(p, &a, err);
}

cor_status cor_problem_check_at(const cor_problem *p, int32_t *bad_link, cor_error *err)
{
    *bad_link = -1;
    if (!p || !p->net) return cor_error_set(err, COR_E_USAGE, "no network");
    if (p->n_classes < 1 || !p->classes) return cor_error_set(err, COR_E_USAGE, "no demand classes");
    const cor_network *net = p->net;
    char wb[1400];
    for (int32_t a = 0; a < net->n_links; a++) {
        if (!(net->fftime[a] >= 0) || !isfinite(net->fftime[a])) {
            *bad_link = a;
            return cor_error_set(err, COR_E_INPUT, "%s: free-flow time %g is not a finite non-negative number",
                                 cor_network_link_where(net, a, wb, sizeof wb), net->fftime[a]);
        }
        if (net->vdf_kind[a] != COR_VDF_CONSTANT && net->vdf_alpha[a] != 0 && !(net->capacity[a] > 0)) {
            *bad_link = a;
            return cor_error_set(err, COR_E_INPUT, "%s: capacity must be positive on a congestible (BPR/Akcelik/queue) link",
                                 cor_network_link_where(net, a, wb, sizeof wb));
        }
    }
    size_t zz = (size_t)net->n_zones * (size_t)net->n_zones;
    double total = 0;
    for (int k = 0; k < p->n_classes; k++) {
        const cor_class *c = &p->classes[k];
        if (!c->demand) return cor_error_set(err, COR_E_USAGE, "class %d has no demand", k);
        for (size_t i = 0; i < zz; i++) {
            if (!(c->demand[i] >= 0) || !isfinite(c->demand[i]))
                return cor_error_set(err, COR_E_INPUT, "class %s: demand %s -> %s is %g (must be finite, >= 0)",
                                     c->name ? c->name : "?", net->zone_id[i / net->n_zones],
                                     net->zone_id[i % net->n_zones], c->demand[i]);
            total += c->demand[i];
        }
        if (c->fixed)
            for (int32_t a = 0; a < net->n_links; a++)
                if (!(c->fixed[a] >= 0) || !isfinite(c->fixed[a]))
                    return cor_error_set(err, COR_E_INPUT, "class %s: link %s generalized cost term %g (must be finite, >= 0)",
                                         c->name ? c->name : "?", net->link_id[a], c->fixed[a]);
    }
    /* Each class sees fixed_k + t: when its fixed costs are so large that
     * rounding them (2^-52 relative) exceeds a thousandth of the longest
     * free-flow time, link times and congestion are lost in that class's
     * costs and its equilibrium cannot be computed in double precision
     * (values of time that differ by 1e15 or more, or costs in wrong units) */
    double tmax = 0;
    for (int32_t a = 0; a < net->n_links; a++) tmax = fmax(tmax, net->fftime[a]);
    for (int k = 0; k < p->n_classes && tmax > 0; k++) {
        const double *f = p->classes[k].fixed;
        if (!f) continue;
        double fk = 0;
        for (int32_t a = 0; a < net->n_links; a++) fk = fmax(fk, f[a]);
        if (fk * DBL_EPSILON > 1e-3 * tmax)
            return cor_error_set(err, COR_E_INPUT, "class %s: generalized cost term up to %g time units against link times "
                                 "up to %g: link times would be lost in rounding (value of time %g too small, or costs in "
                                 "the wrong units)", p->classes[k].name ? p->classes[k].name : "?", fk, tmax,
                                 p->classes[k].vot);
    }
    /* No link carries more than the total demand (paths are loopless), so
     * when every link's cost at that volume times the volume is finite, and
     * so is their sum, no total travel time, objective or gap can overflow
     * in any method. */
    if (!isfinite(total)) return cor_error_set(err, COR_E_INPUT, "total demand overflows");
    double bound = 0;
    for (int32_t a = 0; a < net->n_links; a++) {
        double fm = 0;
        for (int k = 0; k < p->n_classes; k++)
            if (p->classes[k].fixed) fm = fmax(fm, p->classes[k].fixed[a]);
        double term = total * (cor_vdf_time(net, a, total) + fm);
        if (!isfinite(term)) {
            *bad_link = a;
            return cor_error_set(err, COR_E_INPUT, "%s: travel time at the total demand %g overflows "
                                 "(capacity %g, b %g, power %g): demand or BPR parameters out of range",
                                 cor_network_link_where(net, a, wb, sizeof wb), total, net->capacity[a],
                                 net->vdf_alpha[a], net->vdf_beta[a]);
        }
        bound += term;
    }
    if (!isfinite(bound))
        return cor_error_set(err, COR_E_INPUT, "total travel time at the total demand %g overflows: "
                             "demand or BPR parameters out of range", total);
    return COR_OK;
}

cor_solution *cor__solution_new(const cor_problem *p, cor_method m)
{
    cor_solution *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    int32_t nl = p->net->n_links;
    size_t ml = (size_t)(nl > 0 ? nl : 1);
    s->n_links = nl;
    s->n_zones = p->net->n_zones;
    s->n_classes = p->n_classes;
    s->method = m;
    s->flow = calloc(ml, sizeof(double));
    s->class_flow = calloc(ml * (size_t)p->n_classes, sizeof(double));
    s->time = calloc(ml, sizeof(double));
    s->class_gap = calloc((size_t)p->n_classes, sizeof(double));
    s->class_name = calloc((size_t)p->n_classes, sizeof(char *));
    s->class_intrazonal = calloc((size_t)p->n_classes + 1, sizeof(double));
    if (!s->flow || !s->class_flow || !s->time || !s->class_gap || !s->class_name || !s->class_intrazonal) {
        cor_solution_destroy(s);
        return NULL;
    }
    int32_t nz = p->net->n_zones;
    for (int k = 0; k < p->n_classes; k++) {
        const double *dm = p->classes[k].demand;
        for (int32_t z = 0; dm && z < nz; z++) {
            double q = dm[(size_t)z * (size_t)nz + (size_t)z];
            if (q > 0) s->class_intrazonal[k] += q;
        }
        s->intrazonal_total += s->class_intrazonal[k];
    }
    for (int k = 0; k < p->n_classes; k++) {
        const char *nm = p->classes[k].name;
        if (!nm) continue;
        size_t len = strlen(nm) + 1;
        if (!(s->class_name[k] = malloc(len))) { cor_solution_destroy(s); return NULL; }
        memcpy(s->class_name[k], nm, len);
    }
    return s;
}

int cor__solution_push_hist(cor_solution *s, int it, double sec, double gap, double obj)
{
    cor_conv_point pt = {.iteration = it, .seconds = sec, .relative_gap = gap, .objective = obj};
    return cor__solution_push_point(s, &pt);
}

int cor__solution_push_point(cor_solution *s, const cor_conv_point *pt)
{
    if ((s->n_hist & (s->n_hist - 1)) == 0) { /* grow at powers of two */
        size_t cap = s->n_hist ? (size_t)s->n_hist * 2 : 16;
        cor_conv_point *h = realloc(s->hist, cap * sizeof *h);
        if (!h) return -1;
        s->hist = h;
    }
    s->hist[s->n_hist++] = *pt;
    return 0;
}

int cor__solution_add_unserved(cor_solution *s, int cls, int32_t o, int32_t d, double vol)
{
    if ((s->n_unserved & (s->n_unserved - 1)) == 0) {
        size_t cap = s->n_unserved ? (size_t)s->n_unserved * 2 : 16;
        cor_unserved *u = realloc(s->unserved, cap * sizeof *u);
        if (!u) return -1;
        s->unserved = u;
    }
    s->unserved[s->n_unserved++] = (cor_unserved){cls, o, d, vol};
    s->unserved_total += vol;
    return 0;
}

void cor_solution_destroy(cor_solution *s)
{
    if (!s) return;
    if (s->state_ && s->state_free_) s->state_free_(s->state_);
    free(s->flow);
    free(s->class_flow);
    free(s->time);
    free(s->hist);
    free(s->unserved);
    free(s->origin_flow);
    free(s->class_gap);
    free(s->class_intrazonal);
    if (s->class_name)
        for (int k = 0; k < s->n_classes; k++) free(s->class_name[k]);
    free(s->class_name);
    free(s);
}

int cor__row_has_trips(const double *row, int32_t nz, int32_t o)
{
    for (int32_t d = 0; d < nz; d++)
        if (row[d] > 0 && d != o) return 1;
    return 0;
}

void cor__link_times(const cor_network *net, const double *flow, double *time)
{
    for (int32_t a = 0; a < net->n_links; a++) time[a] = cor_vdf_time(net, a, flow[a]);
}

double cor__objective(const cor_problem *p, const double *flow, const double *class_flow)
{
    const cor_network *net = p->net;
    double z = 0;
    for (int32_t a = 0; a < net->n_links; a++) z += cor_vdf_integral(net, a, flow[a]);
    for (int k = 0; k < p->n_classes; k++) {
        const double *f = p->classes[k].fixed;
        if (!f) continue;
        const double *x = class_flow + (size_t)k * net->n_links;
        for (int32_t a = 0; a < net->n_links; a++) z += f[a] * x[a];
    }
    return z;
}

/* ---- the solver loop ---------------------------------------------------- */
cor_status cor__loop_init(cor__loop *L, const cor_problem *p, const cor_assign_params *par,
                          cor_solution *s, double t0, cor_error *err)
{
    memset(L, 0, sizeof *L);
    L->p = p;
    L->par = par;
    L->s = s;
    L->t0 = t0;
    L->gap = INFINITY;
    L->tstt = calloc((size_t)p->n_classes, sizeof(double));
    L->sptt = calloc((size_t)p->n_classes, sizeof(double));
    if (!L->tstt || !L->sptt) {
        cor__loop_free(L);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    return COR_OK;
}

void cor__loop_free(cor__loop *L)
{
    free(L->tstt);
    free(L->sptt);
    L->tstt = L->sptt = NULL;
}

int cor__loop_check(cor__loop *L, int it, cor_status *st, cor_error *err)
{
    const cor_problem *p = L->p;
    const cor_assign_params *par = L->par;
    cor_solution *s = L->s;
    const int32_t m = p->net->n_links;
    double tstt = 0, sptt = 0, worst = 0;
    int wk = 0;
    *st = COR_OK;
    for (int k = 0; k < p->n_classes; k++) {
        const double *f = p->classes[k].fixed;
        const double *xk = s->class_flow + (size_t)k * m;
        double t = 0;
        for (int32_t a = 0; a < m; a++) t += xk[a] * (s->time[a] + (f ? f[a] : 0.0));
        L->tstt[k] = t;
        tstt += t;
        sptt += L->sptt[k];
        if (!isfinite(t) || !isfinite(L->sptt[k])) {
            /* never report a breakdown as convergence (a NaN gap reads as 0) */
            if (isnan(t) || isnan(L->sptt[k]))
                *st = cor_error_set(err, COR_E_INTERNAL, "numerical breakdown at iteration %d (class %s: total cost %g)",
                                    it, p->classes[k].name ? p->classes[k].name : "?", t);
            else
                *st = cor_error_set(err, COR_E_INPUT, "link travel times overflow at iteration %d: demand or BPR parameters out of range", it);
            return 1;
        }
        /* each class in its own units: a ratio of two of its sums */
        double g = L->sptt[k] > 0 ? (t - L->sptt[k]) / L->sptt[k] : 0.0;
        if (g < 0) g = 0; /* rounding */
        s->class_gap[k] = g;
        if (g > worst) { worst = g; wk = k; }
    }
    double el = cor__now() - L->t0;
    double obj = cor__objective(p, s->flow, s->class_flow);
    L->gap = worst;
    s->relative_gap = worst;
    s->worst_class = wk;
    s->tstt = tstt;
    s->sptt = sptt;
    s->objective = obj;
    s->iterations = it;
    cor_conv_point pt = {.iteration = it, .seconds = el, .relative_gap = worst, .objective = obj, .worst_class = wk};
    if (cor__solution_push_point(s, &pt)) { *st = cor_error_set(err, COR_E_NOMEM, "out of memory"); return 1; }
    if (par->progress && par->progress(par->progress_ud, it, worst, el)) {
        *st = cor_error_set(err, COR_E_INTERRUPTED, "interrupted at iteration %d (relative gap %.3g)", it, worst);
        return 1;
    }
    if (worst <= par->gap) { s->converged = 1; return 1; }
    if (it >= par->max_iter || (par->max_seconds > 0 && el >= par->max_seconds)) {
        if (p->n_classes > 1)
            *st = cor_error_set(err, COR_E_NOCONV, "stopped at iteration %d after %.2f s with relative gap %.3g in class %s (target %.3g)",
                                it, el, worst, p->classes[wk].name ? p->classes[wk].name : "?", par->gap);
        else
            *st = cor_error_set(err, COR_E_NOCONV, "stopped at iteration %d after %.2f s with relative gap %.3g (target %.3g)",
                                it, el, worst, par->gap);
        return 1;
    }
    return 0;
}

/* ---- all-or-nothing ---------------------------------------------------- */
struct cor__aon {
    const cor_problem *p;
    int threads;
    double *cost;         /* [n_links] class cost scratch (shared, built per class) */
    cor_sp **sp;          /* [threads] */
    double **dist;        /* [threads][n_nodes] */
    int32_t **pred;       /* [threads][n_nodes] */
    double **buf;         /* [threads][n_links] per-thread loads */
};

cor__aon *cor__aon_create(const cor_problem *p, int threads)
{
    cor__aon *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->p = p;
    w->threads = threads;
    size_t n = (size_t)(p->net->n_nodes > 0 ? p->net->n_nodes : 1);
    size_t m = (size_t)(p->net->n_links > 0 ? p->net->n_links : 1);
    w->cost = malloc(m * sizeof(double));
    w->sp = calloc((size_t)threads, sizeof *w->sp);
    w->dist = calloc((size_t)threads, sizeof *w->dist);
    w->pred = calloc((size_t)threads, sizeof *w->pred);
    w->buf = calloc((size_t)threads, sizeof *w->buf);
    if (!w->cost || !w->sp || !w->dist || !w->pred || !w->buf) goto fail;
    for (int t = 0; t < threads; t++) {
        w->sp[t] = cor_sp_create(p->net);
        w->dist[t] = malloc(n * sizeof(double));
        w->pred[t] = malloc(n * sizeof(int32_t));
        w->buf[t] = malloc(m * sizeof(double));
        if (!w->sp[t] || !w->dist[t] || !w->pred[t] || !w->buf[t]) goto fail;
    }
    return w;
fail:
    cor__aon_destroy(w);
    return NULL;
}

void cor__aon_destroy(cor__aon *w)
{
    if (!w) return;
    for (int t = 0; t < w->threads; t++) {
        if (w->sp) cor_sp_destroy(w->sp[t]);
        if (w->dist) free(w->dist[t]);
        if (w->pred) free(w->pred[t]);
        if (w->buf) free(w->buf[t]);
    }
    free(w->sp); free(w->dist); free(w->pred); free(w->buf); free(w->cost);
    free(w);
}

double cor__aon_run(cor__aon *w, const double *time, uint8_t *const *masks, double *aux,
                    double *sptt_k, cor_solution *unserved)
{
    const cor_problem *p = w->p;
    const cor_network *net = p->net;
    int32_t m = net->n_links, nz = net->n_zones;
    double sptt = 0;
    for (int k = 0; k < p->n_classes; k++) {
        const cor_class *c = &p->classes[k];
        for (int32_t a = 0; a < m; a++) w->cost[a] = time[a] + (c->fixed ? c->fixed[a] : 0.0);
        const uint8_t *mask = masks ? masks[k] : NULL;
        double *out = aux + (size_t)k * m;
        double part[256] = {0};
        int nth = w->threads > 256 ? 256 : w->threads;
        /* Threads pay off only when a sweep is long enough to hide the fork
         * and barrier (and an oversubscribed machine makes barriers costly). */
        if ((double)nz * (double)(m + net->n_nodes) < 2e5) nth = 1;
        /* zeroed here, not by each thread: the runtime may start fewer
         * threads than asked (OMP_THREAD_LIMIT, nesting), and every buffer
         * is summed below */
        for (int t = 0; t < nth; t++) memset(w->buf[t], 0, (size_t)m * sizeof(double));
#ifdef _OPENMP
#pragma omp parallel num_threads(nth)
#endif
        {
            int t = cor__thread_num();
            double *buf = w->buf[t], *dist = w->dist[t];
            int32_t *pred = w->pred[t];
            double s = 0;
#ifdef _OPENMP
#pragma omp for schedule(static)
#endif
            for (int32_t o = 0; o < nz; o++) {
                const double *row = c->demand + (size_t)o * nz;
                if (!cor__row_has_trips(row, nz, o)) continue;
                cor_sp_tree(w->sp[t], net->zone_node[o], w->cost, mask, dist, pred);
                for (int32_t d = 0; d < nz; d++) {
                    double q = row[d];
                    if (!(q > 0) || d == o) continue;
                    int32_t v = net->zone_node[d];
                    if (!isfinite(dist[v])) continue; /* unserved: recorded below */
                    s += q * dist[v];
                    for (; pred[v] >= 0; v = net->link_from[pred[v]]) buf[pred[v]] += q;
                }
            }
            part[t] = s;
        }
        for (int32_t a = 0; a < m; a++) {
            double v = 0;
            for (int t = 0; t < nth; t++) v += w->buf[t][a];
            out[a] = v;
        }
        double sk = 0;
        for (int t = 0; t < nth; t++) sk += part[t];
        if (sptt_k) sptt_k[k] = sk;
        sptt += sk;
        if (unserved) {
            /* serial pass to list unreachable ODs in a stable order */
            double *dist = w->dist[0];
            int32_t *pred = w->pred[0];
            for (int32_t o = 0; o < nz; o++) {
                const double *row = c->demand + (size_t)o * nz;
                if (!cor__row_has_trips(row, nz, o)) continue;
                cor_sp_tree(w->sp[0], net->zone_node[o], w->cost, mask, dist, pred);
                for (int32_t d = 0; d < nz; d++)
                    if (row[d] > 0 && d != o && !isfinite(dist[net->zone_node[d]]))
                        cor__solution_add_unserved(unserved, k, o, d, row[d]);
            }
        }
    }
    return sptt;
}

/* ---- driver ------------------------------------------------------------- */
cor_status cor_assign(const cor_problem *p, const cor_assign_params *par_in,
                      cor_solution **out, cor_error *err)
{
    *out = NULL;
    cor_assign_params par;
    if (par_in) par = *par_in;
    else cor_assign_params_default(&par);
    if (!(par.gap >= 0) || par.max_iter < 0 || par.max_seconds < 0)
        return cor_error_set(err, COR_E_USAGE, "bad stopping rules (gap %g, max_iter %d, max_seconds %g)",
                             par.gap, par.max_iter, par.max_seconds);
    cor_status st = cor_problem_check(p, err);
    if (st) return st;
    if (par.warm_start && (par.warm_start->n_links != p->net->n_links ||
                           par.warm_start->n_classes != p->n_classes))
        return cor_error_set(err, COR_E_USAGE, "warm start solution does not match the problem's shape");
    if (par.method == COR_METHOD_BUSH) return cor__assign_bush(p, &par, out, err);
    if (par.keep_origin_flows) return cor__assign_by_origin(p, &par, out, err);
    return cor__assign_fw(p, &par, out, err);
}
