/* corridor — solving the freight model and decomposing the equilibrium into
 * corridor paths.
 *
 * The assignment is cor_assign with per-origin flows (keep_origin_flows:
 * every method provides them, src/assign/).  Each origin's flow is
 * enumerated into paths by the one decomposition of src/analysis/ (the
 * proportional convention of analysis.h: cycles broken at their smallest
 * flow, at every node the flow leaving on each link or ending there is the
 * same share of the flow passing it), the same paths the corridor
 * accounting of `corridor scenario` and the report classify.  The sum of path
 * flows over a link reproduces the class flow up to the dropped fragments
 * (below 1e-12 of an origin's flow; reported as decomposition_residual).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/internal.h"
#include "freight/internal.h"

typedef struct pathvec {
    const cor_freight *f;
    cor_freight_path *p;
    int n, cap;
    int nomem;
} pathvec;

static void add_path(void *ud, int k, int32_t o, int32_t d, const int32_t *links, int32_t n_links,
                     double flow, double hours, double usd)
{
    pathvec *v = ud;
    if (v->nomem) return;
    if (v->n == v->cap) {
        int nc = v->cap ? 2 * v->cap : 64;
        cor_freight_path *p = realloc(v->p, sizeof *p * (size_t)nc);
        if (!p) { v->nomem = 1; return; }
        v->p = p;
        v->cap = nc;
    }
    cor_freight_path *p = &v->p[v->n];
    memset(p, 0, sizeof *p);
    p->links = malloc(sizeof(int32_t) * (size_t)(n_links > 0 ? n_links : 1));
    if (!p->links) { v->nomem = 1; return; }
    v->n++;
    memcpy(p->links, links, sizeof(int32_t) * (size_t)n_links);
    p->cls = k;
    p->o = o;
    p->d = d;
    p->flow = flow;
    p->n_links = n_links;
    p->hours = hours;
    p->usd = usd;
    p->corridors = cor_freight_path_corridors(v->f, p->links, p->n_links);
    p->gen_usd = p->usd + v->f->cls->cls[k].vot * p->hours;
    p->primary = cor_vocab_primary(v->f->vocab, p->corridors);
    p->seg = -1;
    p->prob = NAN;
}

static int cmp_path(const void *x, const void *y)
{
    const cor_freight_path *a = x, *b = y;
    if (a->cls != b->cls) return a->cls < b->cls ? -1 : 1;
    if (a->o != b->o) return a->o < b->o ? -1 : 1;
    if (a->d != b->d) return a->d < b->d ? -1 : 1;
    if (a->seg != b->seg) return a->seg < b->seg ? -1 : 1;
    if (a->flow != b->flow) return a->flow > b->flow ? -1 : 1;
    /* equal flows: by link sequence, so the order never depends on qsort */
    for (int32_t i = 0; i < a->n_links && i < b->n_links; i++)
        if (a->links[i] != b->links[i]) return a->links[i] < b->links[i] ? -1 : 1;
    return a->n_links < b->n_links ? -1 : a->n_links > b->n_links;
}

void cor_freight_result_destroy(cor_freight_result *r)
{
    if (!r) return;
    cor_solution_destroy(r->sol);
    free(r->group_cls);
    free(r->group_seg);
    free(r->composite);
    free(r->level);
    free(r->demand);
    for (int i = 0; i < r->n_paths; i++) free(r->paths[i].links);
    free(r->paths);
    free(r->by_primary);
    free(r->by_tag);
    free(r);
}

static void stat_add(cor_freight_stat *s, const cor_freight_path *p)
{
    s->tonnes += p->flow;
    s->mean_days += p->flow * p->hours / 24.0; /* sums until finalised */
    s->mean_usd += p->flow * p->usd;
}

static void stat_fin(cor_freight_stat *s)
{
    if (s->tonnes > 0) { s->mean_days /= s->tonnes; s->mean_usd /= s->tonnes; }
    else { s->mean_days = 0; s->mean_usd = 0; }
}

cor_freight_stat cor_freight_result_stat(const cor_freight_result *r, int by_tag, cor_corridor c,
                                         int k)
{
    cor_freight_stat s = {0, 0, 0};
    if (!r || c < 0 || c > r->n_corridors || (by_tag && c == r->n_corridors)) return s;
    for (int i = 0; i < r->n_paths; i++) {
        const cor_freight_path *p = &r->paths[i];
        if (k >= 0 && p->cls != k) continue;
        if (by_tag ? !(p->corridors & COR_CORR_BIT(c)) : p->primary != c) continue;
        stat_add(&s, p);
    }
    stat_fin(&s);
    return s;
}

/* The result of a solution and its paths (both taken over): paths sorted,
 * the decomposition residual against the class link flows, the corridor
 * statistics. */
static cor_status finish(const cor_freight *f, pathvec *pv, cor_solution **sol, cor_freight_result **out,
                         cor_error *err)
{
    const cor_network *net = f->net;
    const int nc = f->cls->n;
    const int32_t m = net->n_links;
    const size_t ms = (size_t)(m > 0 ? m : 1);
    double *pathsum = calloc(ms * (size_t)nc, sizeof(double));
    cor_freight_result *res = calloc(1, sizeof *res);
    if (!pathsum || !res) goto nomem;
    for (int i = 0; i < pv->n; i++)
        for (int32_t j = 0; j < pv->p[i].n_links; j++)
            pathsum[(size_t)pv->p[i].cls * (size_t)m + (size_t)pv->p[i].links[j]] += pv->p[i].flow;
    res->n_classes = nc;
    res->n_zones = net->n_zones;
    res->n_corridors = f->vocab->n;
    res->perceived_usd = NAN;
    res->sol = *sol;
    *sol = NULL;
    if (pv->n) qsort(pv->p, (size_t)pv->n, sizeof *pv->p, cmp_path);
    res->paths = pv->p;
    res->n_paths = pv->n;
    pv->p = NULL;
    pv->n = 0;
    for (size_t j = 0; j < ms * (size_t)nc && m > 0; j++)
        res->decomposition_residual = fmax(res->decomposition_residual,
                                           fabs(pathsum[j] - res->sol->class_flow[j]));
    res->by_primary = calloc((size_t)(res->n_corridors + 1) * (size_t)nc, sizeof *res->by_primary);
    res->by_tag = calloc((size_t)res->n_corridors * (size_t)nc + 1, sizeof *res->by_tag);
    if (!res->by_primary || !res->by_tag) goto nomem;
    for (int i = 0; i < res->n_paths; i++) {
        const cor_freight_path *p = &res->paths[i];
        stat_add(&res->by_primary[(size_t)p->primary * (size_t)nc + (size_t)p->cls], p);
        for (int c = 0; c < res->n_corridors; c++)
            if (p->corridors & COR_CORR_BIT(c))
                stat_add(&res->by_tag[(size_t)c * (size_t)nc + (size_t)p->cls], p);
    }
    for (size_t j = 0; j < (size_t)(res->n_corridors + 1) * (size_t)nc; j++) stat_fin(&res->by_primary[j]);
    for (size_t j = 0; j < (size_t)res->n_corridors * (size_t)nc; j++) stat_fin(&res->by_tag[j]);
    free(pathsum);
    *out = res;
    return COR_OK;
nomem:
    free(pathsum);
    cor_freight_result_destroy(res);
    return cor_error_set(err, COR_E_NOMEM, "out of memory");
}

cor_status cor_freight_solve(cor_freight *f, const cor_assign_params *par,
                             cor_freight_result **out, cor_error *err)
{
    *out = NULL;
    cor_status st = cor__freight_build_problem(f, err);
    if (st) return st;
    const cor_network *net = f->net;
    const int nc = f->cls->n;
    cor_assign_params q;
    if (par) q = *par;
    else { cor_assign_params_default(&q); q.threads = 1; }
    q.keep_origin_flows = 1;
    q.warm_start = NULL;
    cor_solution *sol = NULL;
    cor_freight_result *res = NULL;
    pathvec pv = {.f = f};
    st = cor_assign(&f->prob, &q, &sol, err);
    if (!sol) return st;
    if (st == COR_E_INTERRUPTED) { cor_solution_destroy(sol); return st; }
    cor_status solve_st = st;
    if (!sol->origin_flow) goto nomem;
    st = cor__od_paths(net, nc, sol->origin_flow, sol->time, f->cost_usd, add_path, &pv, NULL, err);
    if (st) goto fail;
    if (pv.nomem) goto nomem;
    if ((st = finish(f, &pv, &sol, &res, err))) goto fail;
    *out = res;
    res = NULL;
    st = solve_st;
    goto done;
nomem:
    st = cor_error_set(err, COR_E_NOMEM, "out of memory");
fail:
    cor_freight_result_destroy(res);
done:
    for (int i = 0; i < pv.n; i++) free(pv.p[i].links);
    free(pv.p);
    cor_solution_destroy(sol);
    return st;
}

/* ---- the logit choice model on the freight data ---- */

#define ROUTES_INIT 4 /* distinct-corridor routes per OD and class at start */
#define ROUTES_SCAN 40 /* Yen paths scanned for them (cor_freight_routes) */

/* The choice model's route constant: the constants.csv terms of the route
 * (its end zones are the zones of its first and last nodes). */
static double route_constant(void *ud, int cls, const int32_t *links, int32_t n_links)
{
    const cor_freight *f = ud;
    if (n_links <= 0) return 0.0;
    const cor_network *net = f->net;
    int32_t o = net->node_zone[net->link_from[links[0]]], d = net->node_zone[net->link_to[links[n_links - 1]]];
    return cor_freight_route_constant(f, cls, links, n_links, o, d);
}

/* A link column of non-negative hours (checked by the reader) as numbers;
 * NULL when the data has no such column. */
static double *hours_column(const cor_network *net, const char *name, int *nomem)
{
    int col = cor_network_link_col(net, name);
    if (col < 0) return NULL;
    double *v = calloc((size_t)(net->n_links > 0 ? net->n_links : 1), sizeof *v);
    if (!v) { *nomem = 1; return NULL; }
    for (int32_t a = 0; a < net->n_links; a++) {
        const char *s = net->link_extra.values[col][a];
        v[a] = *s ? strtod(s, NULL) : 0.0;
    }
    return v;
}

cor_status cor_freight_solve_choice(cor_freight *f, const cor_choice_params *par, cor_freight_result **out,
                                    cor_error *err)
{
    return cor_freight_solve_choice_ref(f, par, NULL, out, err);
}

/* Class k's reference composite costs [max(1, n_seg) * Z * Z] from ref's
 * groups, or NULL when ref does not have them finite and > 0 wherever the
 * class has demand (the class is then solved with fixed demand). */
static double *class_ref_cost(const cor_freight *f, const cor_freight_result *ref, int k, int *nomem,
                              double **level)
{
    *level = NULL;
    const int32_t Z = f->net->n_zones;
    const size_t zz = (size_t)Z * (size_t)Z;
    int ns = f->cls->cls[k].n_segments > 0 ? f->cls->cls[k].n_segments : 1;
    if (!ref || !ref->composite || ref->n_zones != Z) return NULL;
    double *rc = malloc(sizeof *rc * (size_t)ns * zz), *lv = malloc(sizeof *lv * (size_t)ns * zz);
    if (!rc || !lv) { free(rc); free(lv); *nomem = 1; return NULL; }
    for (int s = 0; s < ns; s++) {
        int g = -1;
        for (int i = 0; i < ref->n_groups && g < 0; i++)
            if (ref->group_cls[i] == k && (ref->group_seg[i] == s || (ref->group_seg[i] < 0 && s == 0))) g = i;
        if (g < 0) { free(rc); free(lv); return NULL; }
        const double *dm = f->prob.classes[k].demand;
        for (size_t i = 0; i < zz; i++) {
            double v = ref->composite[(size_t)g * zz + i], l = ref->level[(size_t)g * zz + i];
            if (dm[i] > 0 && i / (size_t)Z != i % (size_t)Z && !(isfinite(v) && l > 0 && isfinite(l))) {
                free(rc);
                free(lv);
                return NULL;
            }
            rc[(size_t)s * zz + i] = v;
            lv[(size_t)s * zz + i] = l > 0 ? l : 1.0;
        }
    }
    *level = lv;
    return rc;
}

cor_status cor_freight_solve_choice_ref(cor_freight *f, const cor_choice_params *par,
                                        const cor_freight_result *ref, cor_freight_result **out, cor_error *err)
{
    *out = NULL;
    cor_status st = cor__freight_build_problem(f, err);
    if (st) return st;
    const cor_network *net = f->net;
    const int nc = f->cls->n;
    for (int k = 0; k < nc; k++)
        if (!(f->cls->cls[k].logit_scale > 0))
            return cor_error_set(err, COR_E_INPUT, "class.csv: class %s: field logit_scale: empty; the logit choice "
                                 "model needs a scale (per USD/t) for every class", f->cls->cls[k].name);
    cor_choice_class *cc = calloc((size_t)nc, sizeof *cc);
    cor_choice_segment **segs = calloc((size_t)nc, sizeof *segs);
    double **refc = calloc((size_t)nc, sizeof *refc), **refl = calloc((size_t)nc, sizeof *refl);
    int nomem = !cc || !segs || !refc || !refl;
    double *sd = nomem ? NULL : hours_column(net, "time_sd_h", &nomem);
    double *hw = nomem ? NULL : hours_column(net, "headway_h", &nomem);
    cor_choice_solution *cs = NULL;
    cor_solution *sol = NULL;
    pathvec pv = {.f = f};
    cor_freight_route *init = NULL;
    cor_choice_route *routes = NULL;
    int n_init = 0, cap_init = 0;
    for (int k = 0; !nomem && k < nc; k++) {
        const cor_freight_class *c = &f->cls->cls[k];
        cc[k] = (cor_choice_class){.logit_scale = c->logit_scale, .value_of_reliability = c->value_of_reliability};
        /* elastic demand against the reference run's composite costs */
        if (c->demand_elasticity < 0 && ref && (refc[k] = class_ref_cost(f, ref, k, &nomem, &refl[k]))) {
            cc[k].demand_elasticity = c->demand_elasticity;
            cc[k].ref_cost = refc[k];
            cc[k].ref_level = refl[k];
        }
        if (nomem) break;
        if (!c->n_segments) continue;
        if (!(segs[k] = calloc((size_t)c->n_segments, sizeof *segs[k]))) { nomem = 1; break; }
        for (int s = 0; s < c->n_segments; s++)
            segs[k][s] = (cor_choice_segment){c->segments[s].name, c->segments[s].share, c->segments[s].vot};
        cc[k].n_segments = c->n_segments;
        cc[k].segments = segs[k];
    }
    if (nomem) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    /* start from the distinct-corridor routes of every OD and class (at most
     * ROUTES_INIT, at free flow), so an OD's tonnes can split over corridors
     * from the first iteration; column generation adds the rest */
    const int32_t Z = net->n_zones;
    for (int k = 0; k < nc && !st; k++)
        for (int32_t o = 0; o < Z && !st; o++)
            for (int32_t d = 0; d < Z && !st; d++) {
                if (o == d || !(f->prob.classes[k].demand[(size_t)o * (size_t)Z + (size_t)d] > 0)) continue;
                if (n_init + ROUTES_INIT > cap_init) { /* init and routes grow together */
                    int ncap = cap_init ? 2 * cap_init : 256;
                    cor_freight_route *t = realloc(init, (size_t)ncap * sizeof *t);
                    if (t) init = t;
                    cor_choice_route *u = realloc(routes, (size_t)ncap * sizeof *u);
                    if (u) routes = u;
                    if (!t || !u) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); break; }
                    cap_init = ncap;
                }
                int nf = 0;
                st = cor_freight_routes(f, NULL, k, net->zone_node[o], net->zone_node[d], ROUTES_INIT, ROUTES_SCAN,
                                        init + n_init, &nf, err);
                /* the links stay owned by init[] (freed at the end, also on error) */
                for (int i = 0; i < nf; i++, n_init++)
                    routes[n_init] = (cor_choice_route){k, o, d, init[n_init].n_links, init[n_init].links};
            }
    if (st) goto done;
    cor_choice_problem cp = {.base = &f->prob, .choice = cc, .time_sd = sd, .headway = hw};
    cor_choice_params q;
    if (par) q = *par;
    else cor_choice_params_default(&q);
    q.init_routes = routes;
    q.n_init_routes = n_init;
    if (f->n_const) {
        q.path_constant = route_constant;
        q.path_constant_ud = f;
    }
    st = cor_choice_solve(&cp, &q, &cs, err);
    if (!cs) goto done;
    if (st == COR_E_INTERRUPTED) goto done;
    cor_status solve_st = st;
    for (int i = 0; i < cs->n_paths && !pv.nomem; i++) {
        const cor_choice_path *p = &cs->paths[i];
        if (!(p->flow > 0)) continue;
        double usd = 0;
        for (int32_t j = 0; j < p->n_links; j++) usd += f->cost_usd[p->links[j]];
        add_path(&pv, cs->groups[p->group].cls, p->o, p->d, p->links, p->n_links, p->flow, p->time, usd);
        if (!pv.nomem) {
            cor_freight_path *fp = &pv.p[pv.n - 1];
            fp->seg = f->cls->cls[fp->cls].n_segments ? cs->groups[p->group].seg : -1;
            fp->prob = p->prob;
            /* the segment's own value of time in the generalized cost */
            if (fp->seg >= 0) fp->gen_usd = fp->usd + f->cls->cls[fp->cls].segments[fp->seg].vot * fp->hours;
        }
    }
    if (pv.nomem) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    sol = cs->sol;
    cs->sol = NULL;
    if ((st = finish(f, &pv, &sol, out, err))) goto done;
    (*out)->choice = 1;
    {
        size_t zz = (size_t)Z * (size_t)Z;
        double pc = 0;
        for (int g = 0; g < cs->n_groups; g++)
            for (size_t i = 0; i < zz; i++) {
                double dq = cs->demand[(size_t)g * zz + i], sc = cs->composite[(size_t)g * zz + i];
                if (dq > 0 && isfinite(sc)) pc += dq * sc;
            }
        (*out)->perceived_usd = pc;
        /* the groups' composite costs and solved demand (the reference of a
         * later elastic-demand run, induced/suppressed tonnes) */
        cor_freight_result *o = *out;
        int ng = cs->n_groups;
        o->group_cls = malloc(sizeof *o->group_cls * (size_t)(ng > 0 ? ng : 1));
        o->group_seg = malloc(sizeof *o->group_seg * (size_t)(ng > 0 ? ng : 1));
        o->composite = malloc(sizeof *o->composite * (size_t)(ng > 0 ? ng : 1) * zz);
        o->demand = malloc(sizeof *o->demand * (size_t)(ng > 0 ? ng : 1) * zz);
        if (!o->group_cls || !o->group_seg || !o->composite || !o->demand) {
            st = cor_error_set(err, COR_E_NOMEM, "out of memory");
            cor_freight_result_destroy(o);
            *out = NULL;
            goto done;
        }
        o->n_groups = ng;
        for (int g = 0; g < ng; g++) {
            o->group_cls[g] = cs->groups[g].cls;
            o->group_seg[g] = f->cls->cls[cs->groups[g].cls].n_segments ? cs->groups[g].seg : -1;
        }
        memcpy(o->composite, cs->composite, sizeof *o->composite * (size_t)ng * zz);
        /* the flow-weighted generalized cost (money + the segment's time,
         * no constants) of each group's OD: the cost level of elastic demand */
        o->level = calloc((size_t)(ng > 0 ? ng : 1) * zz, sizeof *o->level);
        double *lw = calloc((size_t)(ng > 0 ? ng : 1) * zz, sizeof *lw);
        if (!o->level || !lw) {
            free(lw);
            st = cor_error_set(err, COR_E_NOMEM, "out of memory");
            cor_freight_result_destroy(o);
            *out = NULL;
            goto done;
        }
        for (int i = 0; i < o->n_paths; i++) {
            const cor_freight_path *fp = &o->paths[i];
            int g = 0;
            while (g < ng && !(o->group_cls[g] == fp->cls && o->group_seg[g] == fp->seg)) g++;
            if (g == ng) continue;
            size_t ix = (size_t)g * zz + (size_t)fp->o * (size_t)Z + (size_t)fp->d;
            o->level[ix] += fp->flow * fp->gen_usd;
            lw[ix] += fp->flow;
        }
        for (size_t i = 0; i < (size_t)ng * zz; i++) o->level[i] = lw[i] > 0 ? o->level[i] / lw[i] : NAN;
        free(lw);
        memcpy(o->demand, cs->demand, sizeof *o->demand * (size_t)ng * zz);
        o->induced = o->suppressed = 0;
        for (int g = 0; g < ng; g++) {
            const double *dm = f->prob.classes[o->group_cls[g]].demand;
            double share = cs->groups[g].share;
            for (size_t i = 0; i < zz; i++) {
                if (i / (size_t)Z == i % (size_t)Z || !(dm[i] > 0)) continue;
                double dq = cs->demand[(size_t)g * zz + i] - dm[i] * share;
                if (dq > 0) o->induced += dq;
                else o->suppressed -= dq;
            }
        }
    }
    st = solve_st;
done:
    for (int i = 0; i < pv.n; i++) free(pv.p[i].links);
    free(pv.p);
    cor_solution_destroy(sol);
    cor_choice_solution_destroy(cs);
    for (int k = 0; segs && k < nc; k++) free(segs[k]);
    free(segs);
    for (int k = 0; refc && k < nc; k++) free(refc[k]);
    free(refc);
    for (int k = 0; refl && k < nc; k++) free(refl[k]);
    free(refl);
    free(cc);
    free(sd);
    free(hw);
    cor_freight_routes_free(init, n_init);
    free(init);
    free(routes);
    return st;
}
