/* corridor — per-origin link flows for every method (keep_origin_flows).
 *
 * The bush solver keeps one bush per (class, origin) and reports their flows
 * itself.  For the Frank-Wolfe family the problem is solved with one
 * assignment class per (class, origin zone): the same equilibrium (same
 * Beckmann objective, same gap), whose class flows are the origin flows.  The
 * result is folded back into a solution of the caller's problem (K classes)
 * with origin_flow set.  Its private state keeps the demand solved, so that a
 * later solve warm-started from it can tell which origins' flows still fit:
 * an origin whose demand row changed other than by one common factor, or
 * whose old flow uses a link now unusable, restarts from all-or-nothing on
 * the old times; the others start from their old (scaled) flows. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assign/internal.h"
#include "corridor/vdf.h"

/* Largest K*Z^3 accepted (the expanded demand matrices, in doubles). */
#define COR__MAX_EXPANDED 200000000.0

typedef struct ostate {
    int K;
    int32_t Z;
    double *demand; /* [K*Z*Z] the demand solved */
} ostate;

static void ostate_free(void *v)
{
    ostate *s = v;
    if (!s) return;
    free(s->demand);
    free(s);
}

/* Usable mask of class k (link_open AND allowed), 1 = usable. */
static int usable(const cor_problem *p, int k, int32_t a)
{
    if (p->link_open && !p->link_open[a]) return 0;
    const uint8_t *al = p->classes[k].allowed;
    return !al || al[a];
}

/* A warm start for the expanded problem from warm (a per-origin solution of
 * a problem of the same shape).  *view is filled when warm's origin flows
 * can be used as they are (no allocation); else a new solution is returned
 * (NULL + err on no memory). */
static cor_solution *expanded_warm(const cor_problem *p, const cor_solution *warm, cor_solution *view,
                                   int *use_view, cor_error *err)
{
    const cor_network *net = p->net;
    const ostate *ws = warm->state_;
    int K = p->n_classes;
    int32_t Z = net->n_zones, m = net->n_links, n = net->n_nodes;
    size_t zz = (size_t)Z * Z;
    int KZ = K * Z;
    double *factor = malloc((size_t)(KZ > 0 ? KZ : 1) * sizeof *factor);
    if (!factor) { cor_error_set(err, COR_E_NOMEM, "out of memory"); return NULL; }
    int any = 0;
    for (int k = 0; k < K; k++)
        for (int32_t o = 0; o < Z; o++) {
            int c = k * Z + o;
            const double *nr = p->classes[k].demand + (size_t)o * Z;
            const double *orow = ws->demand + (size_t)k * zz + (size_t)o * Z;
            double f = NAN;
            int ok = 1;
            for (int32_t d = 0; d < Z && ok; d++) {
                if (d == o) continue;
                if (orow[d] == 0 && nr[d] == 0) continue;
                if (orow[d] == 0 || nr[d] == 0) { ok = 0; break; }
                double r = nr[d] / orow[d];
                if (isnan(f)) f = r;
                else if (fabs(r - f) > 1e-12 * f) ok = 0;
            }
            if (ok && isnan(f)) f = 1.0; /* no demand before or now */
            /* the old flow must stay on usable links */
            const double *x = warm->origin_flow + (size_t)c * m;
            for (int32_t a = 0; a < m && ok; a++)
                if (x[a] > 0 && !usable(p, k, a)) ok = 0;
            factor[c] = ok ? f : -1.0;
            if (factor[c] != 1.0) any = 1;
        }
    if (!any) {
        free(factor);
        *view = *warm;
        view->n_classes = KZ;
        view->class_flow = warm->origin_flow;
        view->origin_flow = NULL;
        view->state_ = NULL;
        view->state_free_ = NULL;
        *use_view = 1;
        return NULL;
    }
    *use_view = 0;
    cor_solution *w = calloc(1, sizeof *w);
    size_t mm = (size_t)(m > 0 ? m : 1);
    cor_sp *sp = cor_sp_create(net);
    double *cost = malloc(mm * sizeof *cost), *dist = malloc((size_t)(n > 0 ? n : 1) * sizeof *dist);
    int32_t *pred = malloc((size_t)(n > 0 ? n : 1) * sizeof *pred);
    uint8_t *mask = malloc(mm);
    if (w) {
        w->flow = calloc(mm, sizeof(double));
        w->class_flow = calloc(mm * (size_t)KZ, sizeof(double));
        w->time = calloc(mm, sizeof(double));
    }
    if (!w || !sp || !cost || !dist || !pred || !mask || !w->flow || !w->class_flow || !w->time) {
        cor_error_set(err, COR_E_NOMEM, "out of memory");
        cor_solution_destroy(w);
        w = NULL;
        goto done;
    }
    w->n_links = m;
    w->n_zones = Z;
    w->n_classes = KZ;
    w->method = warm->method;
    for (int k = 0; k < K; k++) {
        const cor_class *cl = &p->classes[k];
        for (int32_t a = 0; a < m; a++) {
            cost[a] = warm->time[a] + (cl->fixed ? cl->fixed[a] : 0.0);
            mask[a] = (uint8_t)usable(p, k, a);
        }
        for (int32_t o = 0; o < Z; o++) {
            int c = k * Z + o;
            double *y = w->class_flow + (size_t)c * m;
            if (factor[c] >= 0) {
                const double *x = warm->origin_flow + (size_t)c * m;
                for (int32_t a = 0; a < m; a++) y[a] = x[a] * factor[c];
                continue;
            }
            const double *row = cl->demand + (size_t)o * Z;
            int need = 0;
            for (int32_t d = 0; d < Z; d++) if (d != o && row[d] > 0) need = 1;
            if (!need) continue;
            cor_sp_tree(sp, net->zone_node[o], cost, mask, dist, pred);
            for (int32_t d = 0; d < Z; d++) {
                if (d == o || !(row[d] > 0)) continue;
                int32_t v = net->zone_node[d];
                if (!isfinite(dist[v])) continue;
                for (; pred[v] >= 0; v = net->link_from[pred[v]]) y[pred[v]] += row[d];
            }
        }
    }
    for (int c = 0; c < KZ; c++)
        for (int32_t a = 0; a < m; a++) w->flow[a] += w->class_flow[(size_t)c * m + a];
    for (int32_t a = 0; a < m; a++) w->time[a] = cor_vdf_time(net, a, w->flow[a]);
done:
    free(factor); free(cost); free(dist); free(pred); free(mask);
    cor_sp_destroy(sp);
    return w;
}

cor_status cor__assign_by_origin(const cor_problem *p, const cor_assign_params *par_in,
                                 cor_solution **out, cor_error *err)
{
    *out = NULL;
    const cor_network *net = p->net;
    int K = p->n_classes;
    int32_t Z = net->n_zones, m = net->n_links;
    if ((double)K * Z * (double)Z * Z > COR__MAX_EXPANDED)
        return cor_error_set(err, COR_E_USAGE,
                             "%d classes x %ld zones is too large for per-origin flows with method %s",
                             K, (long)Z, cor_method_name(par_in->method));
    cor_assign_params par = *par_in;
    par.keep_origin_flows = 0;
    par.warm_start = NULL;
    size_t zz = (size_t)Z * Z, mm = (size_t)(m > 0 ? m : 1);
    int KZ = K * Z;
    cor_status st = COR_OK;
    double *dem = calloc(zz * (size_t)(KZ > 0 ? KZ : 1), sizeof *dem);
    cor_class *xc = calloc((size_t)(KZ > 0 ? KZ : 1), sizeof *xc);
    ostate *os = calloc(1, sizeof *os);
    double *odem = malloc(zz * (size_t)(K > 0 ? K : 1) * sizeof *odem + 1);
    double *cf = calloc(mm * (size_t)(K > 0 ? K : 1), sizeof *cf);
    cor_solution *w = NULL, *sol = NULL, view;
    if (!dem || !xc || !os || !odem || !cf) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
    for (int k = 0; k < K; k++) {
        memcpy(odem + (size_t)k * zz, p->classes[k].demand, zz * sizeof *odem);
        for (int32_t o = 0; o < Z; o++) {
            int c = k * Z + o;
            memcpy(dem + (size_t)c * zz + (size_t)o * Z, p->classes[k].demand + (size_t)o * Z,
                   (size_t)Z * sizeof *dem);
            xc[c] = p->classes[k];
            xc[c].demand = dem + (size_t)c * zz;
        }
    }
    cor_problem xp = {.net = net, .n_classes = KZ, .classes = xc, .link_open = p->link_open};
    const cor_solution *ws = par_in->warm_start;
    if (ws && ws->origin_flow && ws->state_free_ == ostate_free) {
        int use_view = 0;
        w = expanded_warm(p, ws, &view, &use_view, err);
        if (!w && !use_view) { st = err ? err->code : COR_E_NOMEM; goto fail; }
        par.warm_start = use_view ? &view : w;
    }
    /* a warm start of another kind (a bush solution) is not a flow start */
    st = cor_assign(&xp, &par, &sol, err);
    if (!sol) goto fail;
    /* fold the (class, origin) classes back into the K classes */
    for (int c = 0; c < KZ; c++) {
        const double *x = sol->class_flow + (size_t)c * m;
        double *y = cf + (size_t)(c / Z) * m;
        for (int32_t a = 0; a < m; a++) y[a] += x[a];
    }
    sol->origin_flow = sol->class_flow;
    sol->class_flow = cf;
    cf = NULL;
    /* gaps, names and the worst class of the K classes: a class's gap is
     * its worst origin's */
    for (int k = 0; k < K; k++) {
        double g = 0;
        for (int32_t o = 0; o < Z; o++) g = fmax(g, sol->class_gap[k * Z + o]);
        sol->class_gap[k] = g;
        char *nm = sol->class_name[k * Z];
        sol->class_name[k * Z] = NULL;
        free(sol->class_name[k]);
        sol->class_name[k] = nm;
    }
    for (int c = K; c < KZ; c++) { free(sol->class_name[c]); sol->class_name[c] = NULL; }
    sol->worst_class /= Z;
    for (int i = 0; i < sol->n_hist; i++) sol->hist[i].worst_class /= Z;
    sol->n_classes = K;
    for (int i = 0; i < sol->n_unserved; i++) sol->unserved[i].cls /= Z;
    os->K = K;
    os->Z = Z;
    os->demand = odem;
    odem = NULL;
    sol->state_ = os;
    sol->state_free_ = ostate_free;
    os = NULL;
    *out = sol;
fail:
    cor_solution_destroy(w);
    free(dem);
    free(xc);
    free(odem);
    free(cf);
    ostate_free(os);
    return st;
}
