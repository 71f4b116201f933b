/* corridor — corridor accounting from per-origin flows: each origin's
 * acyclic flow is enumerated into paths by the proportional convention and
 * each path classified by the caller's rule (the freight model's
 * cor_freight_path_corridors), so the figures match the model's own path
 * decomposition. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/internal.h"

#define MAX_PATHS 5000000L /* per solve: beyond this the network is not a corridor model */

void cor_corridor_acc_destroy(cor_corridor_acc *a)
{
    if (!a) return;
    free(a->prim); free(a->prim_h); free(a->prim_usd);
    free(a->tag); free(a->tag_h); free(a->tag_usd);
    free(a);
}

typedef struct walk {
    const cor_network *net;
    const cor__ograph *g;
    const double *x, *hours, *usd;
    cor__path_fn fn;
    void *ud;
    int32_t src, *links;
    int k;
    int32_t o;
    long n_paths;
    double eps;
} walk;

static void dfs(walk *w, int32_t v, int32_t depth, double mass, double h, double u)
{
    const cor_network *net = w->net;
    const cor__ograph *g = w->g;
    if (w->n_paths > MAX_PATHS || !(mass > w->eps)) return;
    double denom = v == w->src ? g->out[v] : (g->in[v] > g->out[v] ? g->in[v] : g->out[v]);
    if (!(denom > 0)) return;
    int32_t d = net->node_zone[v];
    if (v != w->src && d >= 0 && g->in[v] > g->out[v]) {
        w->fn(w->ud, w->k, w->o, d, w->links, depth, mass * (g->in[v] - g->out[v]) / denom, h, u);
        w->n_paths++;
    }
    for (int32_t a = net->first_out[v]; a < net->first_out[v + 1]; a++) {
        if (!g->used[a]) continue;
        w->links[depth] = a;
        dfs(w, net->link_to[a], depth + 1, mass * w->x[a] / denom, h + w->hours[a], u + w->usd[a]);
    }
}

cor_status cor__od_paths(const cor_network *net, int K, const double *origin_flow,
                         const double *hours, const double *usd, cor__path_fn fn, void *ud,
                         long *n_paths, cor_error *err)
{
    int32_t Z = net->n_zones, m = net->n_links, n = net->n_nodes;
    int32_t *links = malloc((size_t)(n + 1) * sizeof *links);
    cor__ograph g;
    int gok = cor__og_init(&g, net) == 0;
    if (!links || !gok) {
        cor__og_free(&g);
        free(links);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    walk w = {.net = net, .g = &g, .hours = hours, .usd = usd, .fn = fn, .ud = ud, .links = links};
    for (int k = 0; k < K; k++)
        for (int32_t o = 0; o < Z; o++) {
            w.x = origin_flow + ((size_t)k * Z + o) * m;
            w.src = net->zone_node[o];
            w.k = k;
            w.o = o;
            cor__og_build(&g, w.x, w.src);
            if (g.out[w.src] <= 0) continue;
            w.eps = g.out[w.src] * 1e-12;
            dfs(&w, w.src, 0, g.out[w.src], 0, 0);
        }
    cor__og_free(&g);
    free(links);
    if (n_paths) *n_paths = w.n_paths;
    if (w.n_paths > MAX_PATHS)
        return cor_error_set(err, COR_E_USAGE, "more than %ld paths: corridor accounting is for corridor-scale networks", MAX_PATHS);
    return COR_OK;
}

typedef struct acc_ctx {
    cor_corridor_acc *a;
    const cor_vocab *vocab;
    cor_path_class_fn fn;
    void *ud;
} acc_ctx;

static void acc_path(void *ud, int k, int32_t o, int32_t d, const int32_t *links, int32_t n_links,
                     double flow, double h, double u)
{
    acc_ctx *c = ud;
    cor_corridor_acc *a = c->a;
    int nc = a->n_corridors;
    cor_corridor_mask mk = nc ? c->fn(c->ud, links, n_links) : 0;
    int cc = (int)cor_vocab_primary(c->vocab, mk);
    size_t ix = ((((size_t)k * a->n_zones + (size_t)o) * a->n_zones) + (size_t)d) * COR_ACC_NC(a) + (size_t)cc;
    a->prim[ix] += flow;
    a->prim_h[ix] += flow * h;
    a->prim_usd[ix] += flow * u;
    for (int t = 0; t < nc; t++)
        if (mk & COR_CORR_BIT(t)) {
            size_t ti = (size_t)k * (size_t)nc + (size_t)t;
            a->tag[ti] += flow;
            a->tag_h[ti] += flow * h;
            a->tag_usd[ti] += flow * u;
        }
}

/* An empty accounting for K classes, Z zones and NC corridors; NULL on no memory. */
static cor_corridor_acc *acc_new(int K, int32_t Z, int NC)
{
    size_t np = (size_t)K * Z * Z * (size_t)(NC + 1), nt = (size_t)K * (size_t)NC + 1;
    cor_corridor_acc *a = calloc(1, sizeof *a);
    if (a) {
        a->prim = calloc(np, sizeof(double)); a->prim_h = calloc(np, sizeof(double));
        a->prim_usd = calloc(np, sizeof(double));
        a->tag = calloc(nt, sizeof(double)); a->tag_h = calloc(nt, sizeof(double));
        a->tag_usd = calloc(nt, sizeof(double));
    }
    if (!a || !a->prim || !a->prim_h || !a->prim_usd || !a->tag || !a->tag_h || !a->tag_usd) {
        cor_corridor_acc_destroy(a);
        return NULL;
    }
    a->n_classes = K;
    a->n_corridors = NC;
    a->n_zones = Z;
    return a;
}

cor_status cor_corridor_accounting(const cor_od_solution *s, const cor_network *net,
                                   const cor_vocab *vocab, cor_path_class_fn fn, void *ud,
                                   const double *hours,
                                   const double *usd, cor_corridor_acc **out, cor_error *err)
{
    *out = NULL;
    int K = s->n_classes;
    int32_t Z = s->n_zones;
    if (net->n_links != s->n_links || net->n_zones != Z)
        return cor_error_set(err, COR_E_USAGE, "solution and network differ in shape");
    cor_corridor_acc *a = acc_new(K, Z, cor_vocab_count(vocab));
    if (!a) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    acc_ctx c = {a, vocab, fn, ud};
    cor_status st = cor__od_paths(net, K, s->origin_flow, hours, usd, acc_path, &c, &a->n_paths, err);
    if (st) {
        cor_corridor_acc_destroy(a);
        return st;
    }
    *out = a;
    return COR_OK;
}

cor_status cor__corridor_accounting_paths(const cor_freight_result *r, const cor_vocab *vocab,
                                          cor_corridor_acc **out, cor_error *err)
{
    *out = NULL;
    int NC = cor_vocab_count(vocab);
    int32_t Z = r->n_zones;
    cor_corridor_acc *a = acc_new(r->n_classes, Z, NC);
    if (!a) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    for (int i = 0; i < r->n_paths; i++) {
        const cor_freight_path *q = &r->paths[i];
        int cc = (int)cor_vocab_primary(vocab, q->corridors);
        size_t ix = ((((size_t)q->cls * (size_t)Z + (size_t)q->o) * (size_t)Z) + (size_t)q->d) * (size_t)(NC + 1) + (size_t)cc;
        a->prim[ix] += q->flow;
        a->prim_h[ix] += q->flow * q->hours;
        a->prim_usd[ix] += q->flow * q->usd;
        for (int t = 0; t < NC; t++)
            if (q->corridors & COR_CORR_BIT(t)) {
                size_t ti = (size_t)q->cls * (size_t)NC + (size_t)t;
                a->tag[ti] += q->flow;
                a->tag_h[ti] += q->flow * q->hours;
                a->tag_usd[ti] += q->flow * q->usd;
            }
    }
    a->n_paths = r->n_paths;
    *out = a;
    return COR_OK;
}
