/* corridor — per-origin solve: the problem with one class per (class,
 * origin), so that every origin's link flows are exact, with warm starts
 * from a previous per-origin solution of the same model. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/analysis.h"
#include "corridor/paths.h"
#include "corridor/vdf.h"

/* Largest K*Z^3 accepted (the expanded demand matrices, in doubles). */
#define COR__MAX_EXPANDED 200000000.0

struct od_priv {
    double *demand;   /* [K*Z * Z*Z] expanded matrices */
    cor_class *cls;   /* [K*Z] */
};

void cor_od_solution_destroy(cor_od_solution *s)
{
    if (!s) return;
    cor_solution_destroy(s->sol);
    free(s->class_flow);
    free(s->class_gen_cost);
    free(s->class_unserved);
    free(s->unserved);
    struct od_priv *pv = s->priv_;
    if (pv) { free(pv->demand); free(pv->cls); free(pv); }
    free(s);
}

/* Usable mask of class k (link_open AND allowed), 1 = usable. */
static int usable(const cor_problem *p, int k, int32_t a)
{
    if (p->link_open && !p->link_open[a]) return 0;
    const uint8_t *al = p->classes[k].allowed;
    return !al || al[a];
}

/* Builds a feasible warm start for the expanded problem from warm: classes
 * whose old flow uses a link now unusable, or whose demand row changed other
 * than by one common factor, are replaced by all-or-nothing on the old
 * times.  Returns NULL with *same = 1 when warm->sol can be used as is. */
static cor_solution *sanitize_warm(const cor_problem *p, const cor_problem *xp,
                                   const cor_od_solution *warm, const double *old_dem,
                                   int *same, cor_error *err)
{
    const cor_network *net = p->net;
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
            const double *orow = old_dem + (size_t)c * zz + (size_t)o * Z;
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
    if (!any) { free(factor); *same = 1; return NULL; }
    *same = 0;
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
    w->method = COR_METHOD_BUSH;
    (void)xp;
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

/* Class flows, generalized costs and unserved lists from a solution whose
 * class c is original class cls_of(c) (expanded: c / Z; direct: c). */
static cor_status fill(const cor_problem *p, cor_od_solution *s, cor_solution *sol, int expanded,
                       cor_error *err)
{
    const cor_network *net = p->net;
    int K = p->n_classes;
    int32_t Z = net->n_zones, m = net->n_links;
    size_t mm = (size_t)(m > 0 ? m : 1);
    s->sol = sol;
    s->n_classes = K;
    s->n_zones = Z;
    s->n_links = m;
    s->expanded = expanded;
    s->origin_flow = expanded ? sol->class_flow : sol->origin_flow;
    s->flow = sol->flow;
    s->time = sol->time;
    s->class_flow = calloc(mm * (size_t)K, sizeof(double));
    s->class_gen_cost = calloc((size_t)K, sizeof(double));
    s->class_unserved = calloc((size_t)K, sizeof(double));
    if (!s->class_flow || !s->class_gen_cost || !s->class_unserved)
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    if (expanded) {
        for (int c = 0; c < K * Z; c++) {
            const double *x = sol->class_flow + (size_t)c * m;
            double *y = s->class_flow + (size_t)(c / Z) * m;
            for (int32_t a = 0; a < m; a++) y[a] += x[a];
        }
    } else {
        memcpy(s->class_flow, sol->class_flow, mm * (size_t)K * sizeof(double));
    }
    for (int k = 0; k < K; k++) {
        const double *fx = p->classes[k].fixed;
        const double *y = s->class_flow + (size_t)k * m;
        double g = 0;
        for (int32_t a = 0; a < m; a++) g += y[a] * (sol->time[a] + (fx ? fx[a] : 0.0));
        s->class_gen_cost[k] = g;
        s->gen_cost += g;
    }
    if (sol->n_unserved) {
        s->unserved = malloc((size_t)sol->n_unserved * sizeof *s->unserved);
        if (!s->unserved) return cor_error_set(err, COR_E_NOMEM, "out of memory");
        for (int i = 0; i < sol->n_unserved; i++) {
            const cor_unserved *u = &sol->unserved[i];
            int k = expanded ? u->cls / Z : u->cls;
            s->unserved[i] = (cor_od_unserved){k, u->o, u->d, u->volume};
            s->class_unserved[k] += u->volume;
            s->unserved_total += u->volume;
        }
        s->n_unserved = sol->n_unserved;
    }
    return COR_OK;
}

cor_status cor_od_solve(const cor_problem *p, const cor_assign_params *par_in,
                        const cor_od_solution *warm, cor_od_solution **out, cor_error *err)
{
    *out = NULL;
    const cor_network *net = p->net;
    int K = p->n_classes;
    int32_t Z = net->n_zones, m = net->n_links;
    if (K < 1 || Z < 1) return cor_error_set(err, COR_E_USAGE, "no classes or no zones to analyse");
    if (warm && (warm->n_classes != K || warm->n_zones != Z || warm->n_links != m))
        return cor_error_set(err, COR_E_USAGE, "warm start from a different model shape");
    cor_assign_params par;
    if (par_in) par = *par_in;
    else cor_assign_params_default(&par);
    cor_status st = COR_OK;

    /* 1. a solver that keeps per-origin flows itself (bush): solve p as is */
    if (par.method == COR_METHOD_BUSH && (!warm || !warm->expanded)) {
        cor_assign_params q = par;
        q.keep_origin_flows = 1;
        q.warm_start = (warm && warm->sol->state_) ? warm->sol : NULL;
        cor_solution *sol = NULL;
        st = cor_assign(p, &q, &sol, err);
        if (!sol) return st;
        if (sol->origin_flow) {
            cor_od_solution *s = calloc(1, sizeof *s);
            if (!s) { cor_solution_destroy(sol); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
            cor_status fs = fill(p, s, sol, 0, err);
            if (fs) { cor_od_solution_destroy(s); return fs; }
            *out = s;
            return st;
        }
        cor_solution_destroy(sol); /* this build's solver does not keep them */
        warm = NULL;
        st = COR_OK;
    }

    /* 2. one class per (class, origin): per-origin flows are class flows */
    if ((double)K * Z * (double)Z * Z > COR__MAX_EXPANDED)
        return cor_error_set(err, COR_E_USAGE,
                             "%d classes x %ld zones is too large for the per-origin analyses with method %s",
                             K, (long)Z, cor_method_name(par.method));
    size_t zz = (size_t)Z * Z;
    int KZ = K * Z;
    double *dem = calloc(zz * (size_t)KZ, sizeof *dem);
    cor_class *xc = calloc((size_t)KZ, sizeof *xc);
    cor_od_solution *s = calloc(1, sizeof *s);
    cor_solution *w = NULL;
    if (!dem || !xc || !s) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
    for (int k = 0; k < K; k++)
        for (int32_t o = 0; o < Z; o++) {
            int c = k * Z + o;
            memcpy(dem + (size_t)c * zz + (size_t)o * Z, p->classes[k].demand + (size_t)o * Z,
                   (size_t)Z * sizeof *dem);
            xc[c] = p->classes[k];
            xc[c].demand = dem + (size_t)c * zz;
        }
    cor_problem xp = {.net = net, .n_classes = KZ, .classes = xc, .link_open = p->link_open};
    par.keep_origin_flows = 0;
    par.warm_start = NULL;
    if (warm && !warm->expanded) warm = NULL; /* a bush solution: not a flow start */
    if (warm && par.method == COR_METHOD_BUSH && warm->sol->state_) {
        par.warm_start = warm->sol;
    } else if (warm) {
        int same = 0;
        const struct od_priv *wp = warm->priv_;
        w = sanitize_warm(p, &xp, warm, wp->demand, &same, err);
        if (!w && !same) { st = err ? err->code : COR_E_NOMEM; goto fail; }
        par.warm_start = same ? warm->sol : w;
    }
    cor_solution *sol = NULL;
    st = cor_assign(&xp, &par, &sol, err);
    if (!sol) goto fail;
    cor_status fs = fill(p, s, sol, 1, err);
    if (fs) { st = fs; goto fail; }
    struct od_priv *pv = malloc(sizeof *pv);
    if (!pv) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
    pv->demand = dem;
    pv->cls = xc;
    s->priv_ = pv;
    cor_solution_destroy(w);
    *out = s;
    return st;
fail:
    cor_solution_destroy(w);
    cor_od_solution_destroy(s);
    free(dem);
    free(xc);
    return st ? st : cor_error_set(err, COR_E_INTERNAL, "per-origin solve failed");
}
