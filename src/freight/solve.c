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
}

static int cmp_path(const void *x, const void *y)
{
    const cor_freight_path *a = x, *b = y;
    if (a->cls != b->cls) return a->cls < b->cls ? -1 : 1;
    if (a->o != b->o) return a->o < b->o ? -1 : 1;
    if (a->d != b->d) return a->d < b->d ? -1 : 1;
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

cor_status cor_freight_solve(cor_freight *f, const cor_assign_params *par,
                             cor_freight_result **out, cor_error *err)
{
    *out = NULL;
    cor_status st = cor__freight_build_problem(f, err);
    if (st) return st;
    const cor_network *net = f->net;
    const int nc = f->cls->n;
    const int32_t m = net->n_links;
    const size_t ms = (size_t)(m > 0 ? m : 1);
    cor_assign_params q;
    if (par) q = *par;
    else { cor_assign_params_default(&q); q.threads = 1; }
    q.keep_origin_flows = 1;
    q.warm_start = NULL;
    cor_solution *sol = NULL;
    cor_freight_result *res = NULL;
    pathvec pv = {.f = f};
    double *pathsum = NULL;
    st = cor_assign(&f->prob, &q, &sol, err);
    if (!sol) return st;
    if (st == COR_E_INTERRUPTED) { cor_solution_destroy(sol); return st; }
    cor_status solve_st = st;
    if (!sol->origin_flow) goto nomem;
    st = cor__od_paths(net, nc, sol->origin_flow, sol->time, f->cost_usd, add_path, &pv, NULL, err);
    if (st) goto fail;
    if (pv.nomem || !(pathsum = calloc(ms * (size_t)nc, sizeof(double)))) goto nomem;
    for (int i = 0; i < pv.n; i++)
        for (int32_t j = 0; j < pv.p[i].n_links; j++)
            pathsum[(size_t)pv.p[i].cls * (size_t)m + (size_t)pv.p[i].links[j]] += pv.p[i].flow;

    res = calloc(1, sizeof *res);
    if (!res) goto nomem;
    res->n_classes = nc;
    res->n_zones = net->n_zones;
    res->n_corridors = f->vocab->n;
    res->sol = sol;
    sol = NULL;
    if (pv.n) qsort(pv.p, (size_t)pv.n, sizeof *pv.p, cmp_path);
    res->paths = pv.p;
    res->n_paths = pv.n;
    pv.p = NULL;
    pv.n = 0;
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
    free(pathsum);
    return st;
}
