/* corridor — k cheapest routes with distinct corridor sets. */
#include <stdlib.h>
#include <string.h>

#include "corridor/paths.h"
#include "freight/internal.h"

void cor_freight_routes_free(cor_freight_route *routes, int n)
{
    if (!routes) return;
    for (int i = 0; i < n; i++) { free(routes[i].links); routes[i].links = NULL; }
}

cor_status cor_freight_routes(cor_freight *f, const cor_freight_result *r, int k_cls,
                              int32_t from, int32_t to, int k, int scan,
                              cor_freight_route *routes, int *n_found, cor_error *err)
{
    *n_found = 0;
    const cor_network *net = f->net;
    if (k_cls < 0 || k_cls >= f->cls->n) return cor_error_set(err, COR_E_USAGE, "no class %d", k_cls);
    if (from < 0 || from >= net->n_nodes || to < 0 || to >= net->n_nodes)
        return cor_error_set(err, COR_E_USAGE, "node index out of range");
    if (k < 1) return COR_OK;
    if (scan <= 0) scan = 200;
    if (scan < k) scan = k;
    cor_status st = cor__freight_build_problem(f, err);
    if (st) return st;
    const cor_freight_class *c = &f->cls->cls[k_cls];
    size_t m = (size_t)net->n_links;
    const double *time = r ? r->sol->time : net->fftime;
    double *cost = malloc(sizeof(double) * (m + 1));
    uint8_t *mask = malloc(m + 1);
    int32_t **paths = calloc((size_t)scan, sizeof *paths);
    int32_t *plen = calloc((size_t)scan, sizeof *plen);
    double *pc = calloc((size_t)scan, sizeof *pc);
    int found = 0;
    if (!cost || !mask || !paths || !plen || !pc) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    for (size_t a = 0; a < m; a++) {
        cost[a] = f->cost_usd[a] / c->vot + time[a];
        mask[a] = (uint8_t)(f->open[a] && f->allowed[m * (size_t)k_cls + a]);
    }
    if ((st = cor_ksp(net, from, to, scan, cost, mask, paths, plen, pc, &found, err))) goto done;
    const cor_corridor_mask ignore = cor_vocab_feeder_mask(f->vocab) | cor_vocab_nondistinct_mask(f->vocab);
    for (int i = 0; i < found && *n_found < k; i++) {
        cor_corridor_mask mk = cor_freight_path_corridors(f, paths[i], plen[i]);
        double h = 0, u = 0;
        for (int32_t j = 0; j < plen[i]; j++) {
            int32_t a = paths[i][j];
            h += time[a];
            u += f->cost_usd[a];
        }
        int dup = 0;
        for (int j = 0; j < *n_found; j++)
            if ((routes[j].corridors & ~ignore) == (mk & ~ignore)) dup = 1;
        if (dup) continue;
        cor_freight_route *rt = &routes[(*n_found)++];
        rt->n_links = plen[i];
        rt->links = paths[i];
        paths[i] = NULL;
        rt->hours = h;
        rt->usd = u;
        rt->gen_usd = u + c->vot * h;
        rt->corridors = mk;
        rt->primary = cor_vocab_primary(f->vocab, mk);
    }
done:
    if (paths)
        for (int i = 0; i < found; i++) free(paths[i]);
    free(paths); free(plen); free(pc); free(cost); free(mask);
    return st;
}
