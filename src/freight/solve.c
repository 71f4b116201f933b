/* corridor — solving the freight model and decomposing the equilibrium into
 * corridor paths.
 *
 * The assignment runs on one cor_class per (commodity class, origin zone):
 * the same equilibrium problem as one class per commodity (same Beckmann
 * objective, same gap), and every method then reports the per-origin link
 * flows.  Each origin's flow is made acyclic (cycle cancelling keeps node
 * balances), then, per destination, split backwards from the destination over
 * the used links in proportion to their origin flow, and enumerated into
 * paths.  The sum of path flows over a link reproduces the origin flow up to
 * the dropped fragments (flows below COR__FLOW_TOL of the origin's demand,
 * reported as decomposition_residual).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assign/internal.h"
#include "freight/internal.h"

#define COR__FLOW_TOL 1e-10     /* relative to the origin's total demand */
#define COR__MAX_PATHS_OD 10000 /* paths enumerated per (class, o, d) */

typedef struct pathvec {
    cor_freight_path *p;
    int n, cap;
} pathvec;

typedef struct dctx {
    const cor_freight *f;
    const cor_network *net;
    const double *time;      /* [m] congested time */
    const double *fd;        /* [m] destination-specific link flow */
    const double *g;         /* [n] destination-specific node throughput */
    int32_t origin_node;
    int cls;
    int32_t o, d;
    double demand;
    int32_t *stack;          /* [n] links from the destination backwards */
    int depth;
    int n_emitted;
    double dropped;
    pathvec *out;
    int nomem;
} dctx;

static void emit(dctx *c, double flow)
{
    pathvec *v = c->out;
    if (v->n == v->cap) {
        int nc = v->cap ? 2 * v->cap : 64;
        cor_freight_path *p = realloc(v->p, sizeof *p * (size_t)nc);
        if (!p) { c->nomem = 1; return; }
        v->p = p;
        v->cap = nc;
    }
    cor_freight_path *p = &v->p[v->n];
    memset(p, 0, sizeof *p);
    p->links = malloc(sizeof(int32_t) * (size_t)(c->depth > 0 ? c->depth : 1));
    if (!p->links) { c->nomem = 1; return; }
    v->n++;
    p->cls = c->cls;
    p->o = c->o;
    p->d = c->d;
    p->flow = flow;
    p->n_links = c->depth;
    double vot = c->f->cls->cls[c->cls].vot;
    for (int i = 0; i < c->depth; i++) {
        int32_t a = c->stack[c->depth - 1 - i];
        p->links[i] = a;
        p->hours += c->time[a];
        p->usd += c->f->cost_usd[a];
    }
    p->corridors = cor_freight_path_corridors(c->f, p->links, p->n_links);
    p->gen_usd = p->usd + vot * p->hours;
    p->primary = cor_freight_primary(p->corridors);
    c->n_emitted++;
}

/* Walks backwards from node v carrying share `frac` of the OD demand. */
static void walk(dctx *c, int32_t v, double frac)
{
    if (c->nomem) return;
    if (v == c->origin_node) { emit(c, c->demand * frac); return; }
    if (c->n_emitted >= COR__MAX_PATHS_OD || c->depth >= c->net->n_nodes) {
        c->dropped += c->demand * frac;
        return;
    }
    const cor_network *net = c->net;
    double gv = c->g[v];
    for (int32_t i = net->first_in[v]; i < net->first_in[v + 1]; i++) {
        int32_t a = net->in_link[i];
        if (c->fd[a] <= 0) continue;
        double fr = frac * c->fd[a] / gv;
        if (fr * c->demand <= 0) continue;
        c->stack[c->depth++] = a;
        walk(c, net->link_from[a], fr);
        c->depth--;
    }
}

/* Removes cycles from the positive-flow subgraph w (cancelling the smallest
 * flow around each) and writes a topological order of the nodes into order[].
 * Returns the number of nodes ordered (all of them) or -1 on no memory. */
static int32_t acyclic_order(const cor_network *net, double *w, int32_t *order)
{
    int32_t n = net->n_nodes, m = net->n_links;
    int32_t *indeg = malloc(sizeof(int32_t) * (size_t)(n + 1));
    int32_t *queue = malloc(sizeof(int32_t) * (size_t)(n + 1));
    int32_t *mark = malloc(sizeof(int32_t) * (size_t)(n + 1));
    int32_t *via = malloc(sizeof(int32_t) * (size_t)(n + 1));
    if (!indeg || !queue || !mark || !via) { free(indeg); free(queue); free(mark); free(via); return -1; }
    int32_t cnt;
    for (;;) {
        memset(indeg, 0, sizeof(int32_t) * (size_t)n);
        for (int32_t a = 0; a < m; a++)
            if (w[a] > 0) indeg[net->link_to[a]]++;
        int32_t qh = 0, qt = 0;
        for (int32_t v = 0; v < n; v++)
            if (!indeg[v]) queue[qt++] = v;
        cnt = 0;
        while (qh < qt) {
            int32_t u = queue[qh++];
            order[cnt++] = u;
            for (int32_t a = net->first_out[u]; a < net->first_out[u + 1]; a++)
                if (w[a] > 0 && --indeg[net->link_to[a]] == 0) queue[qt++] = net->link_to[a];
        }
        if (cnt == n) break;
        /* a node left with positive in-degree lies on or after a cycle: walk
         * back along positive in-links between such nodes until one repeats */
        int32_t v = -1;
        for (int32_t u = 0; u < n && v < 0; u++)
            if (indeg[u] > 0) v = u;
        for (int32_t u = 0; u < n; u++) mark[u] = -1;
        int32_t step = 0;
        while (mark[v] < 0) {
            mark[v] = step++;
            int32_t pick = -1;
            for (int32_t i = net->first_in[v]; i < net->first_in[v + 1]; i++) {
                int32_t a = net->in_link[i];
                if (w[a] > 0 && indeg[net->link_from[a]] > 0) { pick = a; break; }
            }
            if (pick < 0) break; /* cannot happen: Kahn left v with a live in-link */
            via[v] = pick;
            v = net->link_from[pick];
        }
        /* the cycle: from v back along via[] to v */
        double mn = INFINITY;
        int32_t u = v;
        do { mn = fmin(mn, w[via[u]]); u = net->link_from[via[u]]; } while (u != v);
        u = v;
        do { w[via[u]] -= mn; if (w[via[u]] <= 0) w[via[u]] = 0; u = net->link_from[via[u]]; } while (u != v);
    }
    free(indeg); free(queue); free(mark); free(via);
    return cnt;
}

static int cmp_path(const void *x, const void *y)
{
    const cor_freight_path *a = x, *b = y;
    if (a->cls != b->cls) return a->cls < b->cls ? -1 : 1;
    if (a->o != b->o) return a->o < b->o ? -1 : 1;
    if (a->d != b->d) return a->d < b->d ? -1 : 1;
    if (a->flow != b->flow) return a->flow > b->flow ? -1 : 1;
    return 0;
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
    if (!r || c < 0 || c > COR_CORR_NONE || (by_tag && c == COR_CORR_NONE)) return s;
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
    const int32_t nz = net->n_zones, m = net->n_links, nn = net->n_nodes;
    const size_t zz = (size_t)nz * (size_t)nz, ms = (size_t)(m > 0 ? m : 1);

    /* split classes: one per (class, origin) with demand */
    int ns = 0;
    for (int k = 0; k < nc; k++)
        for (int32_t o = 0; o < nz; o++) {
            const double *row = f->dem->od + zz * (size_t)k + (size_t)o * (size_t)nz;
            for (int32_t d = 0; d < nz; d++)
                if (row[d] != 0) { ns++; break; }
        }
    if ((double)(ns ? ns : 1) * (double)zz > (double)(1u << 27))
        return cor_error_set(err, COR_E_USAGE, "freight model: %d class-origin pairs x %ld zones is too large for the origin-split solve", ns, (long)nz);
    int nsa = ns ? ns : 1;
    cor_class *sc = calloc((size_t)nsa, sizeof *sc);
    int *s_k = calloc((size_t)nsa, sizeof *s_k);
    int32_t *s_o = calloc((size_t)nsa, sizeof *s_o);
    double *sdem = calloc((size_t)nsa * (zz ? zz : 1), sizeof *sdem);
    cor_solution *ssol = NULL, *sol = NULL;
    cor_freight_result *res = NULL;
    double *w = malloc(sizeof(double) * ms), *fd = malloc(sizeof(double) * ms);
    double *g = malloc(sizeof(double) * (size_t)(nn + 1));
    int32_t *order = malloc(sizeof(int32_t) * (size_t)(nn + 1));
    int32_t *stack = malloc(sizeof(int32_t) * (size_t)(nn + 1));
    double *pathsum = calloc(ms * (size_t)nc, sizeof(double));
    uint8_t *unserved = calloc(zz * (size_t)nc + 1, 1);
    pathvec pv = {0};
    if (!sc || !s_k || !s_o || !sdem || !w || !fd || !g || !order || !stack || !pathsum || !unserved) goto nomem;
    {
        int i = 0;
        for (int k = 0; k < nc; k++)
            for (int32_t o = 0; o < nz; o++) {
                const double *row = f->dem->od + zz * (size_t)k + (size_t)o * (size_t)nz;
                int any = 0;
                for (int32_t d = 0; d < nz; d++) any |= row[d] != 0;
                if (!any) continue;
                memcpy(sdem + zz * (size_t)i + (size_t)o * (size_t)nz, row, sizeof(double) * (size_t)nz);
                sc[i] = f->pcls[k];
                sc[i].demand = sdem + zz * (size_t)i;
                s_k[i] = k;
                s_o[i] = o;
                i++;
            }
        if (!ns) { sc[0] = f->pcls[0]; sc[0].demand = sdem; s_k[0] = 0; s_o[0] = 0; }
    }
    cor_problem sp = {.net = net, .n_classes = nsa, .classes = sc, .link_open = f->open};
    cor_assign_params q;
    if (par) q = *par;
    else { cor_assign_params_default(&q); q.gap = 1e-8; q.threads = 1; }
    q.keep_origin_flows = 0;
    q.warm_start = NULL;
    st = cor_assign(&sp, &q, &ssol, err);
    if (!ssol) goto fail;
    if (st == COR_E_INTERRUPTED) goto fail;
    cor_status solve_st = st;

    /* aggregate to one class per commodity */
    sol = cor__solution_new(&f->prob, ssol->method);
    if (!sol) goto nomem;
    memcpy(sol->flow, ssol->flow, sizeof(double) * (size_t)m);
    memcpy(sol->time, ssol->time, sizeof(double) * (size_t)m);
    sol->relative_gap = ssol->relative_gap;
    sol->objective = ssol->objective;
    sol->tstt = ssol->tstt;
    sol->sptt = ssol->sptt;
    sol->iterations = ssol->iterations;
    sol->seconds = ssol->seconds;
    sol->converged = ssol->converged;
    for (int i = 0; i < ssol->n_hist; i++)
        if (cor__solution_push_hist(sol, ssol->hist[i].iteration, ssol->hist[i].seconds,
                                    ssol->hist[i].relative_gap, ssol->hist[i].objective))
            goto nomem;
    for (int i = 0; i < ssol->n_unserved; i++) {
        const cor_unserved *u = &ssol->unserved[i];
        int k = s_k[u->cls];
        if (cor__solution_add_unserved(sol, k, u->o, u->d, u->volume)) goto nomem;
        unserved[zz * (size_t)k + (size_t)u->o * (size_t)nz + (size_t)u->d] = 1;
    }
    sol->origin_flow = calloc(ms * (size_t)nc * (size_t)(nz ? nz : 1), sizeof(double));
    if (!sol->origin_flow) goto nomem;
    for (int i = 0; i < ns; i++) {
        const double *x = ssol->class_flow + (size_t)i * (size_t)m;
        double *ck = sol->class_flow + (size_t)s_k[i] * (size_t)m;
        double *of = sol->origin_flow + ((size_t)s_k[i] * (size_t)nz + (size_t)s_o[i]) * (size_t)m;
        for (int32_t a = 0; a < m; a++) { ck[a] += x[a]; of[a] = x[a]; }
    }

    /* decomposition */
    for (int i = 0; i < ns; i++) {
        int k = s_k[i];
        int32_t o = s_o[i], on = net->zone_node[o];
        const double *row = sdem + zz * (size_t)i + (size_t)o * (size_t)nz;
        double tot = 0;
        for (int32_t d = 0; d < nz; d++) tot += row[d];
        const double *x = ssol->class_flow + (size_t)i * (size_t)m;
        const uint8_t *al = sc[i].allowed;
        for (int32_t a = 0; a < m; a++)
            w[a] = (x[a] > COR__FLOW_TOL * tot && al[a] && f->open[a]) ? x[a] : 0.0;
        int32_t cnt = acyclic_order(net, w, order);
        if (cnt < 0) goto nomem;
        for (int32_t d = 0; d < nz; d++) {
            double D = row[d];
            if (D <= 0 || d == o) continue;
            if (unserved[zz * (size_t)k + (size_t)o * (size_t)nz + (size_t)d]) continue;
            for (int32_t v = 0; v < nn; v++) g[v] = 0;
            for (int32_t a = 0; a < m; a++) fd[a] = 0;
            int32_t dn = net->zone_node[d];
            g[dn] = D;
            for (int32_t t = cnt - 1; t >= 0; t--) {
                int32_t v = order[t];
                if (g[v] <= 0 || v == on) continue;
                double tin = 0;
                for (int32_t j = net->first_in[v]; j < net->first_in[v + 1]; j++)
                    tin += w[net->in_link[j]];
                if (tin <= 0) continue; /* stranded share: shows as residual */
                for (int32_t j = net->first_in[v]; j < net->first_in[v + 1]; j++) {
                    int32_t a = net->in_link[j];
                    if (w[a] <= 0) continue;
                    double fa = g[v] * w[a] / tin;
                    fd[a] = fa;
                    g[net->link_from[a]] += fa;
                }
            }
            dctx c = {.f = f, .net = net, .time = sol->time, .fd = fd, .g = g, .origin_node = on,
                      .cls = k, .o = o, .d = d, .demand = D, .stack = stack, .out = &pv};
            int first = pv.n;
            walk(&c, dn, 1.0);
            if (c.nomem) goto nomem;
            for (int p = first; p < pv.n; p++)
                for (int32_t j = 0; j < pv.p[p].n_links; j++)
                    pathsum[(size_t)k * (size_t)m + (size_t)pv.p[p].links[j]] += pv.p[p].flow;
        }
    }

    res = calloc(1, sizeof *res);
    if (!res) goto nomem;
    res->n_classes = nc;
    res->n_zones = nz;
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
    res->by_primary = calloc((size_t)(COR_CORR_COUNT + 1) * (size_t)nc, sizeof *res->by_primary);
    res->by_tag = calloc((size_t)COR_CORR_COUNT * (size_t)nc, sizeof *res->by_tag);
    if (!res->by_primary || !res->by_tag) goto nomem;
    for (int i = 0; i < res->n_paths; i++) {
        const cor_freight_path *p = &res->paths[i];
        stat_add(&res->by_primary[(size_t)p->primary * (size_t)nc + (size_t)p->cls], p);
        for (int c = 0; c < COR_CORR_COUNT; c++)
            if (p->corridors & COR_CORR_BIT(c))
                stat_add(&res->by_tag[(size_t)c * (size_t)nc + (size_t)p->cls], p);
    }
    for (size_t j = 0; j < (size_t)(COR_CORR_COUNT + 1) * (size_t)nc; j++) stat_fin(&res->by_primary[j]);
    for (size_t j = 0; j < (size_t)COR_CORR_COUNT * (size_t)nc; j++) stat_fin(&res->by_tag[j]);
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
    cor_solution_destroy(ssol);
    cor_solution_destroy(sol);
    free(sc); free(s_k); free(s_o); free(sdem); free(w); free(fd); free(g); free(order);
    free(stack); free(pathsum); free(unserved);
    return st;
}
