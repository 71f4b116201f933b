/* corridor — static user-equilibrium traffic assignment, single and multiple
 * classes sharing link capacity.
 *
 * Model.  Each class k has a demand matrix, an optional mask of usable links
 * and an optional additive link cost fixed_k[a] expressed in time units
 * (for TNTP: toll_factor*toll + distance_factor*length; for freight:
 * money / value-of-time).  All classes see the same congested link time
 * t_a(v_a), v_a = sum_k x_ka, so the cost of link a for class k is
 *     c_ka = fixed_k[a] + t_a(v_a)
 * and equilibrium minimises the convex Beckmann objective
 *     sum_a int_0^{v_a} t_a + sum_k sum_a fixed_k[a] x_ka.
 * Convergence is measured per class: the relative gap of class k is
 *     (TSTT_k - SPTT_k) / SPTT_k,  TSTT_k = sum_a x_ka c_ka,
 *     SPTT_k = sum_od d_kod * (min-cost od path of class k),
 * a ratio of two sums in class k's own units (time and money / VoT scale
 * alike), so a class with huge money costs cannot hide another class's
 * excess.  The solution's relative gap is the worst class's; a run is
 * converged only when every class is at or below the target.
 *
 * Unserved demand: an OD pair with demand but no usable path is not assigned;
 * it is listed in the solution (never NaN, never silently dropped).
 */
#ifndef CORRIDOR_ASSIGN_H
#define CORRIDOR_ASSIGN_H

#include <stdint.h>
#include "corridor/demand.h"
#include "corridor/network.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cor_method {
    COR_METHOD_FW = 0,   /* Frank-Wolfe, exact line search */
    COR_METHOD_CFW = 1,  /* conjugate Frank-Wolfe */
    COR_METHOD_BFW = 2,  /* bi-conjugate Frank-Wolfe */
    COR_METHOD_BUSH = 3  /* origin-based (bush) solver — the default */
} cor_method;

/* Name <-> method ("fw", "cfw", "bfw", "bush"). */
const char *cor_method_name(cor_method m);
int cor_method_parse(const char *s, cor_method *out); /* 0 ok, -1 unknown */

typedef struct cor_class {
    const char *name;
    const double *demand;   /* [n_zones * n_zones], borrowed */
    const double *fixed;    /* [n_links] additive cost in time units; NULL = 0 */
    const uint8_t *allowed; /* [n_links] 1 = usable; NULL = all */
    double vot;             /* money per time unit; informational (reports) */
} cor_class;

typedef struct cor_problem {
    const cor_network *net;
    int n_classes;
    const cor_class *classes;  /* [n_classes], borrowed */
    const uint8_t *link_open;  /* [n_links] 0 = closed to all; NULL = all open */
} cor_problem;

/* Progress callback: called once per iteration; return non-zero to stop
 * (the solver then returns COR_E_INTERRUPTED with the solution so far). */
typedef int (*cor_progress_fn)(void *ud, int iteration, double relative_gap,
                               double seconds);

typedef struct cor_solution cor_solution;

/* Tuning of the bush solver: 0 keeps the built-in default (in brackets);
 * see docs/ALGORITHMS.md.  For experiments and tests; results depend on
 * them only through the path to convergence. */
typedef struct cor_bush_tuning {
    int sweeps;          /* shift sweeps per iteration, at least [3] ... */
    int max_sweeps;      /* ... and at most [50] */
    double shift_work;   /* sweeps go on while their labelling work is below
                          * this times the bush update's [2.0] */
    int passes;          /* passes per bush and sweep [2] */
    int stages;          /* stages per sweep when shifting in parallel [8] */
    double theta;        /* shift threshold, times the mean link reduced cost [0.5] */
    double serial_work;  /* links x origins below which one thread does all [1e6];
                          * negative: never */
    double par_work;     /* links x origins from which shift sweeps run in
                          * parallel stages [1e6]; negative: always */
    double serial_gap;   /* relative gap below which shift sweeps run
                          * serially again [1e-7]; negative: never */
} cor_bush_tuning;

typedef struct cor_assign_params {
    cor_method method;     /* default COR_METHOD_BUSH */
    double gap;            /* target relative gap, default 1e-8 */
    int max_iter;          /* default 10000 */
    double max_seconds;    /* default 0 = no limit */
    int threads;           /* default 0 = all cores */
    cor_progress_fn progress;
    void *progress_ud;
    const cor_solution *warm_start; /* same network shape and class count;
                            * NULL = cold.  A bush solution warm-starts bush;
                            * a per-origin Frank-Wolfe-family solution warm-
                            * starts a per-origin solve of that family. */
    int keep_origin_flows; /* keep per-origin link flows for analyses (every
                            * method: bush keeps them from its bushes, the
                            * Frank-Wolfe family solves one class per (class,
                            * origin), the same equilibrium) */
    cor_bush_tuning bush;  /* bush solver tuning (all 0: defaults) */
} cor_assign_params;

void cor_assign_params_default(cor_assign_params *p);

typedef struct cor_conv_point {
    int iteration;
    double seconds;
    double relative_gap;  /* the worst class's relative gap */
    double objective;
    int worst_class;      /* which class that is (index into the problem's) */
} cor_conv_point;

typedef struct cor_unserved {
    int cls;
    int32_t o, d;     /* zone indices */
    double volume;
} cor_unserved;

struct cor_solution {
    int32_t n_links;
    int32_t n_zones;
    int n_classes;
    cor_method method;
    double *flow;        /* [n_links] total volume */
    double *class_flow;  /* [n_classes * n_links] */
    double *time;        /* [n_links] congested time t_a(v_a) */
    double relative_gap; /* worst class's relative gap, each class in its own units */
    double objective;
    double tstt, sptt;   /* summed over the classes (time units) */
    double *class_gap;   /* [n_classes] relative gap of each class */
    char **class_name;   /* [n_classes] copies of the classes' names (NULL entries
                          * for unnamed classes) */
    int worst_class;     /* the class with the largest relative gap */
    int iterations;
    double seconds;
    int converged;       /* 1 if every class reached the gap target */
    cor_conv_point *hist;
    int n_hist;
    cor_unserved *unserved;
    int n_unserved;
    double unserved_total;
    /* demand from a zone to itself: counted, not assigned to links (it needs
     * no network), neither served nor unserved */
    double intrazonal_total;
    double *class_intrazonal; /* [n_classes] */
    /* per-origin link flows [n_classes][n_zones][n_links] when
     * keep_origin_flows was set, else NULL. */
    double *origin_flow;
    void *state_;        /* solver-private (warm start); freed by destroy */
    void (*state_free_)(void *);
};

/* Solves p to the stopping rules in par.  On COR_OK, COR_E_NOCONV (a limit
 * stopped it before the gap target) and COR_E_INTERRUPTED, *out holds a
 * solution owned by the caller; on other errors *out is NULL. */
cor_status cor_assign(const cor_problem *p, const cor_assign_params *par,
                      cor_solution **out, cor_error *err);
void cor_solution_destroy(cor_solution *s); /* NULL is fine */

/* fixed[a] = toll_factor * toll[a] + distance_factor * length[a] (the TNTP
 * generalized-cost convention). */
void cor_generalized_fixed(const cor_network *net, double toll_factor,
                           double distance_factor, double *fixed);

/* Checks a problem before solving: sizes, finite non-negative demand, usable
 * costs.  Fills err and returns COR_E_INPUT on the first problem found. */
cor_status cor_problem_check(const cor_problem *p, cor_error *err);
/* The same, with *bad_link the link the problem was found on (-1 when it is
 * not one link's: demand, totals). */
cor_status cor_problem_check_at(const cor_problem *p, int32_t *bad_link, cor_error *err);

#ifdef __cplusplus
}
#endif
#endif
