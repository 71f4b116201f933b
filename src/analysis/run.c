/* corridor — solved cases of a freight model (run.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/run.h"

void cor__arun_free(cor_arun *r)
{
    if (!r) return;
    free(r->name);
    cor_od_solution_destroy(r->s);
    cor_corridor_acc_destroy(r->acc);
    cor_freight_destroy(r->f);
    free(r);
}

static cor_corridor_mask classify(void *ud, const int32_t *links, int32_t n)
{
    return cor_freight_path_corridors((const cor_freight *)ud, links, n);
}

cor_status cor__arun_make(const cor_freight *base, const cor_scenario *sc,
                          const cor_assign_params *par, const cor_od_solution *warm,
                          cor_arun **out, cor_error *err)
{
    *out = NULL;
    cor_status st;
    cor_arun *r = calloc(1, sizeof *r);
    if (!r) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    const char *nm = sc ? cor_scenario_name(sc) : "base";
    r->name = malloc(strlen(nm) + 1);
    r->f = cor_freight_clone(base);
    if (!r->name || !r->f) { cor__arun_free(r); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
    strcpy(r->name, nm);
    if ((st = cor_scenario_apply_freight(sc, r->f, err))) { cor__arun_free(r); return st; }
    r->year = cor_freight_year(r->f);
    const cor_network *net = cor_freight_network(r->f);
    int32_t m = net->n_links;
    if (!(r->p = cor_freight_problem(r->f, err))) { cor__arun_free(r); return err ? err->code : COR_E_NOMEM; }
    const uint8_t *open = cor_freight_link_open(r->f);
    for (int32_t a = 0; a < m; a++) r->n_closed += !open[a];
    st = cor_od_solve(r->p, par, warm, &r->s, err);
    if (!r->s) { cor__arun_free(r); return st; }
    r->solve_st = st;
    r->usd = cor_freight_cost_usd(r->f);
    if ((st = cor_corridor_accounting(r->s, net, classify, r->f, r->s->time, r->usd, &r->acc,
                                      err))) {
        cor__arun_free(r);
        return st;
    }
    int K = r->p->n_classes;
    int32_t Z = net->n_zones;
    size_t zz = (size_t)Z * Z;
    for (int k = 0; k < K; k++) {
        const double *dm = r->p->classes[k].demand;
        for (size_t i = 0; i < zz; i++)
            if (i / (size_t)Z != i % (size_t)Z) r->demand += dm[i];
        r->cost_usd += r->p->classes[k].vot * r->s->class_gen_cost[k];
        const double *x = r->s->class_flow + (size_t)k * m;
        for (int32_t a = 0; a < m; a++) r->money_usd += x[a] * r->usd[a];
    }
    for (int32_t a = 0; a < m; a++) r->tonne_hours += r->s->flow[a] * r->s->time[a];
    r->unserved = r->s->unserved_total;
    r->served = r->demand - r->unserved;
    *out = r;
    return COR_OK;
}

void cor__arun_od_mean(const cor_arun *r, int k, int32_t o, int32_t d, double *vol,
                       double *hours, double *usd)
{
    const cor_corridor_acc *a = r->acc;
    int K = a->n_classes;
    int32_t Z = a->n_zones;
    double v = 0, h = 0, u = 0;
    for (int kk = 0; kk < K; kk++) {
        if (k >= 0 && kk != k) continue;
        for (int32_t oo = 0; oo < Z; oo++) {
            if (o >= 0 && oo != o) continue;
            for (int32_t dd = 0; dd < Z; dd++) {
                if (d >= 0 && dd != d) continue;
                size_t base = (((size_t)kk * Z + oo) * Z + dd) * COR_ACC_NC;
                for (int c = 0; c < COR_ACC_NC; c++) {
                    v += a->prim[base + c];
                    h += a->prim_h[base + c];
                    u += a->prim_usd[base + c];
                }
            }
        }
    }
    if (vol) *vol = v;
    if (hours) *hours = v > 0 ? h / v : NAN;
    if (usd) *usd = v > 0 ? u / v : NAN;
}

int cor__arun_main_corridor(const cor_arun *r, int k, int32_t o, int32_t d)
{
    const cor_corridor_acc *a = r->acc;
    int32_t Z = a->n_zones;
    size_t base = (((size_t)k * Z + o) * Z + d) * COR_ACC_NC;
    int best = -1;
    double bv = 0;
    for (int c = 0; c < COR_ACC_NC; c++)
        if (a->prim[base + c] > bv * (1 + 1e-12) && a->prim[base + c] > 0) { bv = a->prim[base + c]; best = c; }
    return best;
}
