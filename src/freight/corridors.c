/* corridor — which corridor a path belongs to, and the cheapest route within
 * one corridor. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/paths.h"
#include "freight/internal.h"

static cor_corridor_mask tag_set(const cor_freight *f, const int32_t *links, int32_t n_links);

/* The tag set, with each branch tag (branch_country set) present exactly
 * when the path uses a link carrying it in one of its countries. */
cor_corridor_mask cor_freight_path_corridors(const cor_freight *f, const int32_t *links,
                                             int32_t n_links)
{
    const cor_corridor_mask branch = f->vocab->branch;
    cor_corridor_mask m = tag_set(f, links, n_links) & ~branch;
    if (branch)
        for (int32_t i = 0; i < n_links; i++) m |= f->branch_ok[links[i]];
    return m;
}

static cor_corridor_mask tag_set(const cor_freight *f, const int32_t *links, int32_t n_links)
{
    const cor_corridor_mask feeder = f->vocab->feeder;
    const int nc = f->vocab->n;
    cor_corridor_mask all = ~(cor_corridor_mask)0, trunk = ~(cor_corridor_mask)0;
    int n_tagged = 0, n_trunk = 0;
    for (int32_t i = 0; i < n_links; i++) {
        cor_corridor_mask t = f->corr[links[i]];
        if (!t) continue;
        all &= t;
        n_tagged++;
        if (t & feeder) continue;
        trunk &= t;
        n_trunk++;
    }
    if (n_trunk && trunk) return trunk;
    if (!n_trunk) return n_tagged ? all : 0;
    /* no tag common to every trunk link: the tag(s) covering the most length */
    double cover[COR_CORR_MAX] = {0}, best = 0;
    for (int32_t i = 0; i < n_links; i++) {
        cor_corridor_mask t = f->corr[links[i]];
        if (!t || (t & feeder)) continue;
        for (int c = 0; c < nc; c++)
            if (t & COR_CORR_BIT(c)) cover[c] += f->net->length[links[i]];
    }
    for (int c = 0; c < nc; c++) best = cover[c] > best ? cover[c] : best;
    cor_corridor_mask m = 0;
    for (int c = 0; c < nc; c++)
        if (best > 0 && cover[c] == best) m |= COR_CORR_BIT(c);
    return m;
}

cor_status cor_freight_corridor_route(cor_freight *f, const cor_freight_result *r, int k_cls,
                                      int32_t from, int32_t to, cor_corridor c,
                                      cor_freight_route *route, cor_error *err)
{
    const cor_network *net = f->net;
    route->n_links = -1;
    route->links = NULL;
    route->hours = route->usd = route->gen_usd = 0;
    route->corridors = 0;
    route->primary = f->vocab->n;
    if (k_cls < 0 || k_cls >= f->cls->n) return cor_error_set(err, COR_E_USAGE, "no class %d", k_cls);
    if (c < 0 || c >= f->vocab->n) return cor_error_set(err, COR_E_USAGE, "no corridor %d", (int)c);
    if (from < 0 || from >= net->n_nodes || to < 0 || to >= net->n_nodes)
        return cor_error_set(err, COR_E_USAGE, "node index out of range");
    cor_status st = cor__freight_build_problem(f, err);
    if (st) return st;
    size_t m = (size_t)net->n_links;
    const cor_freight_class *k = &f->cls->cls[k_cls];
    const double *time = r ? r->sol->time : net->fftime;
    const uint8_t *al = f->allowed + m * (size_t)k_cls;
    double *cost = malloc(sizeof(double) * (m + 1));
    uint8_t *mask = malloc(m + 1);
    double *dist = malloc(sizeof(double) * (size_t)(net->n_nodes + 1));
    int32_t *pred = malloc(sizeof(int32_t) * (size_t)(net->n_nodes + 1));
    cor_sp *sp = cor_sp_create(net);
    if (!cost || !mask || !dist || !pred || !sp) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    for (size_t a = 0; a < m; a++) {
        cost[a] = f->cost_usd[a] / k->vot + time[a];
        mask[a] = (uint8_t)(f->open[a] && al[a] && (f->corr[a] & COR_CORR_BIT(c)));
    }
    double d = cor_sp_to(sp, from, to, cost, mask, dist, pred);
    if (!isfinite(d) || from == to) goto done;
    int32_t n = cor_sp_path(net, pred, to, NULL, 0);
    route->links = malloc(sizeof(int32_t) * (size_t)(n > 0 ? n : 1));
    if (!route->links) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    route->n_links = cor_sp_path(net, pred, to, route->links, n);
    for (int32_t i = 0; i < route->n_links; i++) {
        route->hours += time[route->links[i]];
        route->usd += f->cost_usd[route->links[i]];
    }
    route->gen_usd = route->usd + k->vot * route->hours;
    route->corridors = cor_freight_path_corridors(f, route->links, route->n_links);
    route->primary = cor_vocab_primary(f->vocab, route->corridors);
done:
    free(cost); free(mask); free(dist); free(pred);
    cor_sp_destroy(sp);
    return st;
}
