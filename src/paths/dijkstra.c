/* corridor — Dijkstra over the forward star with an indexed binary heap. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/paths.h"

struct cor_sp {
    const cor_network *net;
    int32_t *heap;   /* node indices */
    int32_t *pos;    /* position in heap, -1 not in heap, -2 settled */
    int32_t size;
};

cor_sp *cor_sp_create(const cor_network *net)
{
    cor_sp *sp = calloc(1, sizeof *sp);
    if (!sp) return NULL;
    size_t n = (size_t)(net->n_nodes > 0 ? net->n_nodes : 1);
    sp->net = net;
    sp->heap = malloc(n * sizeof *sp->heap);
    sp->pos = malloc(n * sizeof *sp->pos);
    if (!sp->heap || !sp->pos) { cor_sp_destroy(sp); return NULL; }
    return sp;
}

void cor_sp_destroy(cor_sp *sp)
{
    if (!sp) return;
    free(sp->heap);
    free(sp->pos);
    free(sp);
}

static inline void sift_up(cor_sp *sp, int32_t i, const double *dist)
{
    int32_t *h = sp->heap, *pos = sp->pos;
    int32_t v = h[i];
    double dv = dist[v];
    while (i > 0) {
        int32_t p = (i - 1) >> 1;
        if (dist[h[p]] <= dv) break;
        h[i] = h[p];
        pos[h[i]] = i;
        i = p;
    }
    h[i] = v;
    pos[v] = i;
}

static inline int32_t pop_min(cor_sp *sp, const double *dist)
{
    int32_t *h = sp->heap, *pos = sp->pos;
    int32_t top = h[0];
    int32_t last = h[--sp->size];
    int32_t n = sp->size, i = 0;
    double dl = dist[last];
    for (;;) {
        int32_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && dist[h[c + 1]] < dist[h[c]]) c++;
        if (dist[h[c]] >= dl) break;
        h[i] = h[c];
        pos[h[i]] = i;
        i = c;
    }
    if (n > 0) {
        h[i] = last;
        pos[last] = i;
    }
    pos[top] = -2;
    return top;
}

static double run(cor_sp *sp, int32_t origin, int32_t target, const double *cost,
                  const uint8_t *allowed, double *dist, int32_t *pred)
{
    const cor_network *net = sp->net;
    int32_t n = net->n_nodes;
    for (int32_t i = 0; i < n; i++) {
        dist[i] = INFINITY;
        pred[i] = -1;
        sp->pos[i] = -1;
    }
    sp->size = 0;
    dist[origin] = 0;
    sp->heap[0] = origin;
    sp->pos[origin] = 0;
    sp->size = 1;
    const int32_t *fo = net->first_out, *to = net->link_to;
    const uint8_t *nothru = net->no_thru;
    while (sp->size) {
        int32_t u = pop_min(sp, dist);
        if (u == target) break;
        if (nothru[u] && u != origin) continue;
        double du = dist[u];
        for (int32_t a = fo[u]; a < fo[u + 1]; a++) {
            if (allowed && !allowed[a]) continue;
            int32_t v = to[a];
            double nd = du + cost[a];
            if (nd < dist[v]) {
                int32_t p = sp->pos[v];
                if (p == -2) continue; /* settled (zero-cost ties) */
                dist[v] = nd;
                pred[v] = a;
                if (p == -1) {
                    p = sp->size++;
                    sp->heap[p] = v;
                    sp->pos[v] = p;
                }
                sift_up(sp, p, dist);
            }
        }
    }
    return target >= 0 ? dist[target] : 0.0;
}

void cor_sp_tree(cor_sp *sp, int32_t origin, const double *cost, const uint8_t *allowed,
                 double *dist, int32_t *pred)
{
    run(sp, origin, -1, cost, allowed, dist, pred);
}

double cor_sp_to(cor_sp *sp, int32_t origin, int32_t target, const double *cost,
                 const uint8_t *allowed, double *dist, int32_t *pred)
{
    return run(sp, origin, target, cost, allowed, dist, pred);
}

int32_t cor_sp_path(const cor_network *net, const int32_t *pred, int32_t target,
                    int32_t *links, int32_t cap)
{
    int32_t len = 0;
    for (int32_t v = target; pred[v] >= 0; v = net->link_from[pred[v]]) {
        len++;
        if (len > net->n_nodes) return -1; /* corrupted tree */
    }
    if (len == 0) return 0;
    if (len > cap) return len;
    int32_t i = len;
    for (int32_t v = target; pred[v] >= 0; v = net->link_from[pred[v]]) links[--i] = pred[v];
    return len;
}
