/* corridor internal — shared pieces of src/analysis/. */
#ifndef COR_ANALYSIS_INTERNAL_H
#define COR_ANALYSIS_INTERNAL_H
#include "corridor/analysis.h"

/* After a scenario's edits: checks the problem they leave (p may be NULL:
 * nothing to check yet); a problem found on a link an edit changed, or on
 * the demand after a demand edit, is COR_E_INPUT naming that edit's file and
 * line.  Problems not of the scenario's making are left to the solve. */
/* Applies the scenario's set-constant edits to the freight model's
 * route-choice constants (after cor_scenario_edit). */
/* The per-origin view of a solution with origin flows (owned by *out on
 * success; destroyed on failure): class costs, unserved. */
cor_status cor__od_wrap(const cor_problem *p, cor_solution *sol, cor_od_solution **out, cor_error *err);
/* Corridor accounting from the explicit paths of a freight result (the
 * logit choice model's routes), exactly as cor_corridor_accounting counts
 * the paths of a decomposition. */
cor_status cor__corridor_accounting_paths(const cor_freight_result *r, const cor_vocab *vocab,
                                          cor_corridor_acc **out, cor_error *err);
cor_status cor__scenario_apply_constants(const cor_scenario *s, cor_freight *f, cor_error *err);
cor_status cor__scenario_check(const cor_scenario *s, const cor_scenario_effect *eff, const cor_problem *p,
                               cor_error *err);

/* Workspace for one origin's flow graph (decomp.c). */
typedef struct cor__ograph {
    const cor_network *net;
    uint8_t *used;     /* [m] link carries flow (after cycle breaking) */
    int32_t *order;    /* [n] nodes in topological order of used links */
    int32_t n_order;
    int32_t *indeg;    /* [n] */
    double *in, *out;  /* [n] inflow / outflow over used links */
    uint8_t *done;     /* [n] ordered */
} cor__ograph;

int cor__og_init(cor__ograph *g, const cor_network *net);   /* -1 on no memory */
void cor__og_free(cor__ograph *g);
/* Marks the links carrying x, orders the nodes topologically from src,
 * breaking cycles at their smallest flow; returns the flow dropped. */
double cor__og_build(cor__ograph *g, const double *x, int32_t src);

/* Enumerates each origin's flow (origin_flow[(k*Z+o)*m + a], K classes) into
 * paths by the proportional convention (analysis.h): calls fn once per path
 * with its links in travel order, its flow and the sums of hours[] and usd[]
 * along it.  Paths below 1e-12 of the origin's flow are skipped.  *n_paths
 * (may be NULL) gets the count; COR_E_USAGE beyond 5e6 paths. */
typedef void (*cor__path_fn)(void *ud, int k, int32_t o, int32_t d, const int32_t *links,
                             int32_t n_links, double flow, double hours, double usd);
cor_status cor__od_paths(const cor_network *net, int K, const double *origin_flow,
                         const double *hours, const double *usd, cor__path_fn fn, void *ud,
                         long *n_paths, cor_error *err);
#endif
