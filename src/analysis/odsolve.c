/* corridor — per-origin solve: cor_assign with keep_origin_flows (every
 * method, src/assign/origin.c) warm-started from a previous per-origin
 * solution of the same model, plus the per-class costs the analyses use. */
#include <stdlib.h>

#include "corridor/analysis.h"

void cor_od_solution_destroy(cor_od_solution *s)
{
    if (!s) return;
    cor_solution_destroy(s->sol);
    for (int i = 0; i < s->n_paths; i++) free(s->paths[i].links);
    free(s->paths);
    free(s->class_gen_cost);
    free(s->class_unserved);
    free(s);
}

cor_status cor__od_wrap(const cor_problem *p, cor_solution *sol, cor_od_solution **out, cor_error *err)
{
    *out = NULL;
    const cor_network *net = p->net;
    int K = p->n_classes;
    int32_t Z = net->n_zones, m = net->n_links;
    cor_od_solution *s = calloc(1, sizeof *s);
    if (s) {
        s->class_gen_cost = calloc((size_t)K, sizeof(double));
        s->class_unserved = calloc((size_t)K, sizeof(double));
    }
    if (!s || !s->class_gen_cost || !s->class_unserved || !sol->origin_flow) {
        cor_solution_destroy(sol);
        cor_od_solution_destroy(s);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    s->sol = sol;
    s->n_classes = K;
    s->n_zones = Z;
    s->n_links = m;
    s->origin_flow = sol->origin_flow;
    s->class_flow = sol->class_flow;
    s->flow = sol->flow;
    s->time = sol->time;
    for (int k = 0; k < K; k++) {
        const double *fx = p->classes[k].fixed;
        const double *y = sol->class_flow + (size_t)k * m;
        double g = 0;
        for (int32_t a = 0; a < m; a++) g += y[a] * (sol->time[a] + (fx ? fx[a] : 0.0));
        s->class_gen_cost[k] = g;
        s->gen_cost += g;
    }
    s->unserved = sol->unserved;
    s->n_unserved = sol->n_unserved;
    for (int i = 0; i < sol->n_unserved; i++) {
        s->class_unserved[sol->unserved[i].cls] += sol->unserved[i].volume;
        s->unserved_total += sol->unserved[i].volume;
    }
    *out = s;
    return COR_OK;
}

cor_status cor_od_solve(const cor_problem *p, const cor_assign_params *par_in,
                        const cor_od_solution *warm, cor_od_solution **out, cor_error *err)
{
    *out = NULL;
    const cor_network *net = p->net;
    int K = p->n_classes;
    int32_t Z = net->n_zones, m = net->n_links;
    if (K < 1 || Z < 1) return cor_error_set(err, COR_E_USAGE, "no classes or no zones to analyse");
    if (warm && (warm->n_classes != K || warm->n_zones != Z || warm->n_links != m))
        return cor_error_set(err, COR_E_USAGE, "warm start from a different model shape");
    cor_assign_params par;
    if (par_in) par = *par_in;
    else cor_assign_params_default(&par);
    par.keep_origin_flows = 1;
    par.warm_start = warm ? warm->sol : NULL;
    cor_solution *sol = NULL;
    cor_status st = cor_assign(p, &par, &sol, err);
    if (!sol) return st;
    cor_status s2 = cor__od_wrap(p, sol, out, err);
    return s2 ? s2 : st;
}

