/* corridor — k loopless shortest paths (Yen, 1971) on top of cor_sp. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/paths.h"

typedef struct cand {
    int32_t *links;
    int32_t len;
    double cost;
} cand;

static double path_cost(const double *cost, const int32_t *l, int32_t n)
{
    double c = 0;
    for (int32_t i = 0; i < n; i++) c += cost[l[i]];
    return c;
}

static int same(const int32_t *a, int32_t na, const int32_t *b, int32_t nb)
{
    return na == nb && !memcmp(a, b, sizeof *a * (size_t)na);
}

cor_status cor_ksp(const cor_network *net, int32_t origin, int32_t target, int k,
                   const double *cost, const uint8_t *allowed, int32_t **paths,
                   int32_t *path_len, double *costs, int *n_found, cor_error *err)
{
    *n_found = 0;
    if (k < 1) return COR_OK;
    int32_t n = net->n_nodes, m = net->n_links;
    cor_sp *sp = cor_sp_create(net);
    double *dist = malloc(sizeof(double) * (size_t)(n + 1));
    int32_t *pred = malloc(sizeof(int32_t) * (size_t)(n + 1));
    uint8_t *mask = malloc((size_t)m + 1);
    int32_t *buf = malloc(sizeof(int32_t) * (size_t)(n + 1));
    cand *B = NULL;
    int nb = 0, capb = 0;
    cor_status st = COR_OK;
    if (!sp || !dist || !pred || !mask || !buf) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    cor_sp_to(sp, origin, target, cost, allowed, dist, pred);
    if (!isfinite(dist[target]) || origin == target) goto done;
    int32_t len = cor_sp_path(net, pred, target, buf, n);
    paths[0] = malloc(sizeof(int32_t) * (size_t)len);
    if (!paths[0]) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    memcpy(paths[0], buf, sizeof(int32_t) * (size_t)len);
    path_len[0] = len;
    costs[0] = path_cost(cost, buf, len);
    *n_found = 1;
    for (int i = 1; i < k; i++) {
        const int32_t *prev = paths[i - 1];
        int32_t plen = path_len[i - 1];
        for (int32_t j = 0; j < plen; j++) {
            int32_t spur = net->link_from[prev[j]];
            for (int32_t a = 0; a < m; a++) mask[a] = allowed ? allowed[a] : 1;
            /* block the next link of every accepted path sharing this root */
            for (int q = 0; q < *n_found; q++)
                if (path_len[q] > j && !memcmp(paths[q], prev, sizeof(int32_t) * (size_t)j))
                    mask[paths[q][j]] = 0;
            /* block root nodes (all but the spur node) */
            for (int32_t r = 0; r < j; r++) {
                int32_t u = net->link_from[prev[r]];
                for (int32_t a = net->first_out[u]; a < net->first_out[u + 1]; a++) mask[a] = 0;
                for (int32_t x = net->first_in[u]; x < net->first_in[u + 1]; x++) mask[net->in_link[x]] = 0;
            }
            cor_sp_to(sp, spur, target, cost, mask, dist, pred);
            if (!isfinite(dist[target])) continue;
            int32_t sl = cor_sp_path(net, pred, target, buf, n);
            int32_t tl = j + sl;
            int32_t *np = malloc(sizeof(int32_t) * (size_t)(tl > 0 ? tl : 1));
            if (!np) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
            memcpy(np, prev, sizeof(int32_t) * (size_t)j);
            memcpy(np + j, buf, sizeof(int32_t) * (size_t)sl);
            int dup = 0;
            for (int q = 0; q < nb && !dup; q++) dup = same(B[q].links, B[q].len, np, tl);
            for (int q = 0; q < *n_found && !dup; q++) dup = same(paths[q], path_len[q], np, tl);
            if (dup) { free(np); continue; }
            if (nb == capb) {
                capb = capb ? 2 * capb : 16;
                cand *nbp = realloc(B, sizeof *B * (size_t)capb);
                if (!nbp) { free(np); st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
                B = nbp;
            }
            B[nb++] = (cand){np, tl, path_cost(cost, np, tl)};
        }
        if (!nb) break;
        int best = 0;
        for (int q = 1; q < nb; q++)
            if (B[q].cost < B[best].cost) best = q;
        paths[i] = B[best].links;
        path_len[i] = B[best].len;
        costs[i] = B[best].cost;
        B[best] = B[--nb];
        (*n_found)++;
    }
done:
    for (int q = 0; q < nb; q++) free(B[q].links);
    free(B);
    cor_sp_destroy(sp);
    free(dist); free(pred); free(mask); free(buf);
    return st;
}
