/* corridor — decomposition of per-origin flows by the proportional
 * convention (analysis.h): OD volumes and quantities touching a link set, and
 * select-link link volumes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/internal.h"

int cor__og_init(cor__ograph *g, const cor_network *net)
{
    size_t n = (size_t)(net->n_nodes > 0 ? net->n_nodes : 1);
    size_t m = (size_t)(net->n_links > 0 ? net->n_links : 1);
    g->net = net;
    g->used = malloc(m);
    g->order = malloc(n * sizeof *g->order);
    g->indeg = malloc(n * sizeof *g->indeg);
    g->in = malloc(n * sizeof *g->in);
    g->out = malloc(n * sizeof *g->out);
    g->done = malloc(n);
    return g->used && g->order && g->indeg && g->in && g->out && g->done ? 0 : -1;
}

void cor__og_free(cor__ograph *g)
{
    free(g->used); free(g->order); free(g->indeg); free(g->in); free(g->out); free(g->done);
}

/* Marks used links of flow x (> eps relative to the largest), orders the
 * nodes reachable over them from `src` topologically, breaking any cycle at
 * its smallest link flow.  Returns the flow dropped. */
double cor__og_build(cor__ograph *g, const double *x, int32_t src)
{
    const cor_network *net = g->net;
    int32_t n = net->n_nodes, m = net->n_links;
    double mx = 0;
    for (int32_t a = 0; a < m; a++) if (x[a] > mx) mx = x[a];
    double eps = mx * 1e-12;
    for (int32_t a = 0; a < m; a++) g->used[a] = x[a] > eps && x[a] > 0;
    /* links leaving the origin's region only: Kahn from all nodes with
     * indegree 0 over used links */
    for (int32_t v = 0; v < n; v++) { g->indeg[v] = 0; g->in[v] = 0; g->out[v] = 0; g->done[v] = 0; }
    for (int32_t a = 0; a < m; a++)
        if (g->used[a]) {
            g->indeg[net->link_to[a]]++;
            g->in[net->link_to[a]] += x[a];
            g->out[net->link_from[a]] += x[a];
        }
    double dropped = 0;
    int32_t head = 0;
    g->n_order = 0;
    /* seed: the origin first, then other indegree-0 nodes with outflow */
    if (g->indeg[src] == 0) { g->order[g->n_order++] = src; g->done[src] = 1; }
    for (int32_t v = 0; v < n; v++)
        if (v != src && g->indeg[v] == 0 && g->out[v] > 0) { g->order[g->n_order++] = v; g->done[v] = 1; }
    for (;;) {
        while (head < g->n_order) {
            int32_t v = g->order[head++];
            for (int32_t a = net->first_out[v]; a < net->first_out[v + 1]; a++) {
                if (!g->used[a]) continue;
                int32_t w = net->link_to[a];
                if (--g->indeg[w] == 0) { g->order[g->n_order++] = w; g->done[w] = 1; }
            }
        }
        /* any used link whose head still has indegree > 0 lies on a cycle
         * (or downstream of one): drop the smallest such link into a node
         * with remaining indegree, whose tail is not yet ordered */
        int32_t best = -1;
        for (int32_t a = 0; a < m; a++) {
            if (!g->used[a] || g->done[net->link_to[a]] || g->done[net->link_from[a]]) continue;
            if (best < 0 || x[a] < x[best]) best = a;
        }
        if (best < 0) break;
        g->used[best] = 0;
        dropped += x[best];
        g->in[net->link_to[best]] -= x[best];
        g->out[net->link_from[best]] -= x[best];
        int32_t w = net->link_to[best];
        if (--g->indeg[w] == 0) { g->order[g->n_order++] = w; g->done[w] = 1; }
    }
    return dropped;
}

cor_status cor_touch(const cor_od_solution *s, const cor_network *net, const uint8_t *set,
                     int nq, const double *const *q, double *vol_all, double *vol_in,
                     double *const *q_all, double *const *q_in, double *dropped,
                     cor_error *err)
{
    int K = s->n_classes;
    int32_t Z = s->n_zones, m = s->n_links, n = net->n_nodes;
    if (net->n_links != m || net->n_zones != Z)
        return cor_error_set(err, COR_E_USAGE, "solution and network differ in shape");
    size_t kzz = (size_t)K * Z * Z;
    if (vol_all) memset(vol_all, 0, kzz * sizeof(double));
    if (vol_in) memset(vol_in, 0, kzz * sizeof(double));
    for (int i = 0; i < nq; i++) {
        if (q_all && q_all[i]) memset(q_all[i], 0, kzz * sizeof(double));
        if (q_in && q_in[i]) memset(q_in[i], 0, kzz * sizeof(double));
    }
    if (s->n_paths) { /* explicit routes: counted exactly */
        for (int i = 0; i < s->n_paths; i++) {
            const cor_od_path *p = &s->paths[i];
            size_t ix = ((size_t)p->cls * Z + (size_t)p->o) * Z + (size_t)p->d;
            int in = 0;
            for (int32_t j = 0; j < p->n_links && set && !in; j++) in = set[p->links[j]] != 0;
            if (vol_all) vol_all[ix] += p->flow;
            if (vol_in && in) vol_in[ix] += p->flow;
            for (int j = 0; j < nq; j++) {
                double sq = 0;
                for (int32_t l = 0; l < p->n_links; l++) sq += q[j][p->links[l]];
                if (q_all && q_all[j]) q_all[j][ix] += p->flow * sq;
                if (q_in && q_in[j] && in) q_in[j][ix] += p->flow * sq;
            }
        }
        if (dropped) *dropped = 0;
        return COR_OK;
    }
    cor__ograph g;
    int W = 2 + 2 * nq; /* per node: m0, m1, s0[nq], s1[nq] */
    double *st = malloc((size_t)(n > 0 ? n : 1) * (size_t)W * sizeof *st);
    if (cor__og_init(&g, net) || !st) {
        cor__og_free(&g);
        free(st);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    double drop = 0;
    for (int k = 0; k < K; k++)
        for (int32_t o = 0; o < Z; o++) {
            const double *x = s->origin_flow + ((size_t)k * Z + o) * m;
            int32_t src = net->zone_node[o];
            drop += cor__og_build(&g, x, src);
            if (g.out[src] <= 0) continue;
            for (int32_t i = 0; i < g.n_order; i++)
                memset(st + (size_t)g.order[i] * W, 0, (size_t)W * sizeof *st);
            st[(size_t)src * W] = g.out[src];
            size_t base = ((size_t)k * Z + o) * Z;
            for (int32_t i = 0; i < g.n_order; i++) {
                int32_t v = g.order[i];
                double *sv = st + (size_t)v * W;
                double denom = v == src ? g.out[v] : (g.in[v] > g.out[v] ? g.in[v] : g.out[v]);
                if (!(denom > 0)) continue;
                /* absorption at a zone node */
                int32_t d = net->node_zone[v];
                if (v != src && d >= 0 && g.in[v] > g.out[v]) {
                    double f = (g.in[v] - g.out[v]) / denom;
                    size_t ix = base + (size_t)d;
                    if (vol_all) vol_all[ix] += (sv[0] + sv[1]) * f;
                    if (vol_in) vol_in[ix] += sv[1] * f;
                    for (int j = 0; j < nq; j++) {
                        if (q_all && q_all[j]) q_all[j][ix] += (sv[2 + j] + sv[2 + nq + j]) * f;
                        if (q_in && q_in[j]) q_in[j][ix] += sv[2 + nq + j] * f;
                    }
                }
                for (int32_t a = net->first_out[v]; a < net->first_out[v + 1]; a++) {
                    if (!g.used[a]) continue;
                    double f = x[a] / denom;
                    double *sw = st + (size_t)net->link_to[a] * W;
                    double n0 = sv[0] * f, n1 = sv[1] * f;
                    int in_set = set && set[a];
                    for (int j = 0; j < nq; j++) {
                        double t0 = sv[2 + j] * f + n0 * q[j][a];
                        double t1 = sv[2 + nq + j] * f + n1 * q[j][a];
                        if (in_set) { t1 += t0; t0 = 0; }
                        sw[2 + j] += t0;
                        sw[2 + nq + j] += t1;
                    }
                    if (in_set) { n1 += n0; n0 = 0; }
                    sw[0] += n0;
                    sw[1] += n1;
                }
            }
        }
    cor__og_free(&g);
    free(st);
    if (dropped) *dropped = drop;
    return COR_OK;
}

cor_status cor_select_link_volumes(const cor_od_solution *s, const cor_network *net,
                                   const uint8_t *set, double *link_vol, cor_error *err)
{
    int K = s->n_classes;
    int32_t Z = s->n_zones, m = s->n_links, n = net->n_nodes;
    if (net->n_links != m || net->n_zones != Z)
        return cor_error_set(err, COR_E_USAGE, "solution and network differ in shape");
    memset(link_vol, 0, (size_t)K * m * sizeof(double));
    if (s->n_paths) { /* explicit routes: a route touching S adds its flow on each of its links */
        for (int i = 0; i < s->n_paths; i++) {
            const cor_od_path *p = &s->paths[i];
            int in = 0;
            for (int32_t j = 0; j < p->n_links && !in; j++) in = set[p->links[j]] != 0;
            if (!in) continue;
            for (int32_t j = 0; j < p->n_links; j++) link_vol[(size_t)p->cls * m + p->links[j]] += p->flow;
        }
        return COR_OK;
    }
    cor__ograph g;
    size_t nn = (size_t)(n > 0 ? n : 1), mm = (size_t)(m > 0 ? m : 1);
    double *bn = malloc(nn * sizeof *bn), *fn = malloc(nn * sizeof *fn);
    double *B = malloc(mm * sizeof *B);
    if (cor__og_init(&g, net) || !bn || !fn || !B) {
        cor__og_free(&g);
        free(bn); free(fn); free(B);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    for (int k = 0; k < K; k++)
        for (int32_t o = 0; o < Z; o++) {
            const double *x = s->origin_flow + ((size_t)k * Z + o) * m;
            int32_t src = net->zone_node[o];
            cor__og_build(&g, x, src);
            if (g.out[src] <= 0) continue;
            /* forward: share of the flow at each node that already touched S */
            for (int32_t i = 0; i < g.n_order; i++) { bn[g.order[i]] = 0; fn[g.order[i]] = 0; }
            for (int32_t i = 0; i < g.n_order; i++) {
                int32_t v = g.order[i];
                double in = g.in[v];
                double b = (v == src || !(in > 0)) ? 0.0 : bn[v] / in;
                for (int32_t a = net->first_out[v]; a < net->first_out[v + 1]; a++) {
                    if (!g.used[a]) continue;
                    B[a] = (set[a]) ? 1.0 : b;
                    bn[net->link_to[a]] += x[a] * B[a];
                }
            }
            /* backward: share of the flow leaving each node that will touch S */
            for (int32_t i = g.n_order - 1; i >= 0; i--) {
                int32_t v = g.order[i];
                double denom = v == src ? g.out[v] : (g.in[v] > g.out[v] ? g.in[v] : g.out[v]);
                double sum = 0;
                for (int32_t a = net->first_out[v]; a < net->first_out[v + 1]; a++) {
                    if (!g.used[a]) continue;
                    double F = set[a] ? 1.0 : fn[net->link_to[a]];
                    sum += x[a] * F;
                    double p = 1.0 - (1.0 - B[a]) * (1.0 - F);
                    link_vol[(size_t)k * m + a] += x[a] * p;
                }
                fn[v] = denom > 0 ? sum / denom : 0.0;
            }
        }
    cor__og_free(&g);
    free(bn); free(fn); free(B);
    return COR_OK;
}
