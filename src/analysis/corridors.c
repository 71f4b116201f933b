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
    cor_path_class_fn fn;
    void *ud;
    int32_t src, *links;
    int k;
    size_t odbase;        /* ((k*Z+o)*Z) */
    cor_corridor_acc *a;
    long n_paths;
    double eps;
} walk;

static void emit(walk *w, int32_t d, int32_t depth, double flow, double h, double u)
{
    cor_corridor_mask mk = w->fn(w->ud, w->links, depth);
    int c = (int)cor_freight_primary(mk);
    size_t ix = (w->odbase + (size_t)d) * COR_ACC_NC + (size_t)c;
    w->a->prim[ix] += flow;
    w->a->prim_h[ix] += flow * h;
    w->a->prim_usd[ix] += flow * u;
    for (int t = 0; t < COR_CORR_COUNT; t++)
        if (mk & COR_CORR_BIT(t)) {
            size_t ti = (size_t)w->k * COR_CORR_COUNT + t;
            w->a->tag[ti] += flow;
            w->a->tag_h[ti] += flow * h;
            w->a->tag_usd[ti] += flow * u;
        }
    w->n_paths++;
}

static void dfs(walk *w, int32_t v, int32_t depth, double mass, double h, double u)
{
    const cor_network *net = w->net;
    const cor__ograph *g = w->g;
    if (w->n_paths > MAX_PATHS || !(mass > w->eps)) return;
    double denom = v == w->src ? g->out[v] : (g->in[v] > g->out[v] ? g->in[v] : g->out[v]);
    if (!(denom > 0)) return;
    int32_t d = net->node_zone[v];
    if (v != w->src && d >= 0 && g->in[v] > g->out[v])
        emit(w, d, depth, mass * (g->in[v] - g->out[v]) / denom, h, u);
    for (int32_t a = net->first_out[v]; a < net->first_out[v + 1]; a++) {
        if (!g->used[a]) continue;
        w->links[depth] = a;
        dfs(w, net->link_to[a], depth + 1, mass * w->x[a] / denom, h + w->hours[a], u + w->usd[a]);
    }
}

cor_status cor_corridor_accounting(const cor_od_solution *s, const cor_network *net,
                                   cor_path_class_fn fn, void *ud, const double *hours,
                                   const double *usd, cor_corridor_acc **out, cor_error *err)
{
    *out = NULL;
    int K = s->n_classes;
    int32_t Z = s->n_zones, m = s->n_links, n = net->n_nodes;
    size_t np = (size_t)K * Z * Z * COR_ACC_NC, nt = (size_t)K * COR_CORR_COUNT;
    cor_corridor_acc *a = calloc(1, sizeof *a);
    int32_t *links = malloc((size_t)(n + 1) * sizeof *links);
    cor__ograph g;
    int gok = cor__og_init(&g, net) == 0;
    if (a) {
        a->prim = calloc(np, sizeof(double)); a->prim_h = calloc(np, sizeof(double));
        a->prim_usd = calloc(np, sizeof(double));
        a->tag = calloc(nt, sizeof(double)); a->tag_h = calloc(nt, sizeof(double));
        a->tag_usd = calloc(nt, sizeof(double));
    }
    if (!a || !links || !gok || !a->prim || !a->prim_h || !a->prim_usd || !a->tag ||
        !a->tag_h || !a->tag_usd) {
        cor__og_free(&g);
        free(links);
        cor_corridor_acc_destroy(a);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    a->n_classes = K;
    a->n_zones = Z;
    walk w = {.net = net, .g = &g, .hours = hours, .usd = usd, .fn = fn, .ud = ud, .links = links, .a = a};
    for (int k = 0; k < K; k++)
        for (int32_t o = 0; o < Z; o++) {
            w.x = s->origin_flow + ((size_t)k * Z + o) * m;
            w.src = net->zone_node[o];
            w.k = k;
            w.odbase = ((size_t)k * Z + o) * Z;
            cor__og_build(&g, w.x, w.src);
            if (g.out[w.src] <= 0) continue;
            w.eps = g.out[w.src] * 1e-12;
            dfs(&w, w.src, 0, g.out[w.src], 0, 0);
        }
    cor__og_free(&g);
    free(links);
    if (w.n_paths > MAX_PATHS) {
        cor_corridor_acc_destroy(a);
        return cor_error_set(err, COR_E_USAGE, "more than %ld paths: corridor accounting is for corridor-scale networks", MAX_PATHS);
    }
    a->n_paths = w.n_paths;
    *out = a;
    return COR_OK;
}
