/* corridor — random-utility route choice: path-size logit stochastic user
 * equilibrium with shipper segments, reliability and elastic demand.
 * The model, solver and convergence measure are in docs/CHOICE.md.
 *
 * Groups.  Each class k of the underlying cor_problem is split into segments
 * s (shares of the class's demand, each with its own value of time; no
 * segments = one segment of share 1 at the class's vot).  A (class, segment)
 * pair is a "group" g; groups are indexed class-major: the segments of class
 * 0, then class 1, ...
 *
 * Money.  Costs and the logit scale are in money (USD/t for freight).  With
 * cf_k = vot_k of the class (1 when vot_k <= 0, i.e. a network without money)
 * and w_g = the segment's value of time (cf_k when not given), the cost of
 * route r for group g is
 *     C_gr = sum_{a in r} [ cf_k fixed_ka + w_g (t_a(v_a) + headway_a / 2) ]
 *            + VoR_k * sqrt( sum_{a in r} (time_sd_a^2 + headway_a^2 / 12) )
 *            + K_gr                                  (user path constant)
 * — link times are independent across links (the correlation assumption:
 * zero covariance, so variances add), a wait for a scheduled departure is
 * uniform on [0, headway] (mean h/2, variance h^2/12), and time_sd_a does not
 * depend on flow.
 *
 * Choice.  Path-size logit (Ben-Akiva & Bierlaire 1999) over the group's
 * route set R_god:
 *     P_r = PS_r exp(-theta_k C_r) / sum_s PS_s exp(-theta_k C_s)
 *     PS_r = sum_{a in r} (l_a / L_r) / N_a
 * with l_a the group's free-flow money cost of link a (fixed + free-flow
 * time + wait; counting links when a route's L_r is 0), L_r = sum l_a over r,
 * N_a the number of routes of R_god using link a.  Routes that share no link
 * have PS = 1: the model is then exactly multinomial logit with scale theta.
 * Composite cost (logsum) S = -(1/theta) ln sum_r PS_r exp(-theta C_r).
 *
 * Elastic demand.  With demand_elasticity e < 0 and a reference composite
 * cost S0 (ref_cost; e.g. the base run's `composite`), the group's OD demand
 * is q = D0 ((S - S0 + L) / L)^e, D0 = share_s x the class's matrix, L the
 * cost level (ref_level, default S0: q = D0 (S / S0)^e); e = 0 or no
 * ref_cost: fixed demand.  Solved jointly with the route choice (one convex
 * program, docs/CHOICE.md).
 *
 * Route sets.  Start: the group's free-flow cheapest route of every OD, the
 * k shortest (Yen, free flow) when init_k > 1, and any routes the caller
 * gives (init_routes, e.g. the freight model's distinct-corridor routes).
 * Column generation: every iteration adds, per OD and group, the current
 * cheapest route when it is not in the set (with reliability, the cheaper of
 * the additive-cost route and a route on variance-weighted costs, evaluated
 * exactly).  At most max_routes routes per OD and group.
 *
 * Convergence measure.  The relative L1 distance between the path flows and
 * the logit-implied flows at the current link times,
 *     gap = sum_{g,od,r} | f_r - q*_od P_r | / sum_{g,od} q*_od
 * (q* = D0 for fixed demand, D0 (S/S0)^e for elastic), with no route added
 * in the iteration.  The solver stops when gap <= tol.
 */
#ifndef CORRIDOR_CHOICE_H
#define CORRIDOR_CHOICE_H

#include <stdint.h>
#include "corridor/assign.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cor_choice_model {
    COR_CHOICE_UE = 0,    /* deterministic user equilibrium (cor_assign) */
    COR_CHOICE_LOGIT = 1  /* path-size logit SUE (cor_choice_solve) */
} cor_choice_model;
const char *cor_choice_model_name(cor_choice_model m); /* "ue", "logit" */
int cor_choice_model_parse(const char *s, cor_choice_model *out); /* 0 / -1 */

typedef struct cor_choice_segment {
    const char *name;   /* borrowed; may be NULL */
    double share;       /* of the class's demand; a class's shares sum to 1 */
    double vot;         /* money per time unit; <= 0: the class's */
} cor_choice_segment;

typedef struct cor_choice_class {
    double logit_scale;            /* theta, per money unit, > 0 */
    int n_segments;                /* 0: one segment (share 1, class vot) */
    const cor_choice_segment *segments; /* [n_segments], borrowed */
    double value_of_reliability;   /* money per time unit of path SD, >= 0 */
    double demand_elasticity;      /* <= 0; 0 = fixed demand */
    /* [max(1,n_segments) * n_zones * n_zones] reference composite cost S0
     * (money, finite where demand is); NULL = fixed demand. */
    const double *ref_cost;
    /* [same] the cost level L (> 0) at which demand has the elasticity:
     * q = D0 ((S - S0 + L) / L)^e.  NULL: L = S0 (q = D0 (S/S0)^e, which
     * needs S0 > 0).  A level apart from S0 matters when S0 holds route
     * constants and can be small or negative: the freight model passes the
     * reference run's mean generalized cost (money + time, no constants). */
    const double *ref_level;
} cor_choice_class;

typedef struct cor_choice_problem {
    const cor_problem *base;       /* network, classes, link_open (borrowed) */
    const cor_choice_class *choice;/* [base->n_classes] */
    const double *time_sd;         /* [n_links] SD of link time, >= 0; NULL = 0 */
    const double *headway;         /* [n_links] headway, >= 0; NULL = 0 */
} cor_choice_problem;

/* A route given by the caller for class cls between zones o and d (every
 * segment of the class gets it).  Routes over closed or unusable links, or
 * not joining o to d, are ignored. */
typedef struct cor_choice_route {
    int cls;
    int32_t o, d;
    int32_t n_links;
    const int32_t *links;
} cor_choice_route;

/* Extra money cost of a route for class cls (e.g. corridor constants); must
 * be finite and depend on the links only. */
typedef double (*cor_path_constant_fn)(void *ud, int cls, const int32_t *links,
                                       int32_t n_links);

typedef struct cor_choice_solution cor_choice_solution;

typedef struct cor_choice_params {
    double tol;           /* target of the convergence measure [1e-8] */
    int max_iter;         /* [500] */
    double max_seconds;   /* 0 = no limit */
    int max_routes;       /* per OD and group, 1..64 [32] */
    int init_k;           /* Yen routes per OD at start [1] */
    int no_colgen;        /* 1: keep the initial route sets */
    int newton_steps;     /* Newton steps per OD and iteration [2] */
    const cor_choice_route *init_routes;
    int n_init_routes;
    cor_path_constant_fn path_constant;
    void *path_constant_ud;
    cor_progress_fn progress;  /* gets the convergence measure */
    void *progress_ud;
    /* Route sets and path flows to start from (same network and groups;
     * routes no longer usable are dropped).  NULL = cold. */
    const cor_choice_solution *warm_start;
} cor_choice_params;

void cor_choice_params_default(cor_choice_params *p);

typedef struct cor_choice_path {
    int group;            /* (class, segment) index */
    int32_t o, d;         /* zones */
    double flow;          /* path flow (demand units) */
    double prob;          /* logit probability at the solution */
    double cost;          /* C_gr, money */
    double time;          /* sum of link times + waits (time units) */
    double sd;            /* path SD of time (time units) */
    double path_size;     /* PS_r */
    int32_t n_links;
    int32_t *links;       /* travel order */
} cor_choice_path;

typedef struct cor_choice_group {
    int cls, seg;
    const char *seg_name; /* borrowed from the problem, may be NULL */
    double share, vot, theta;
} cor_choice_group;

struct cor_choice_solution {
    int n_groups;
    cor_choice_group *groups;   /* [n_groups] */
    int32_t n_zones;
    /* Link flows (flow, class_flow per class, time), gap = convergence
     * measure, iterations, history, unserved ODs. */
    cor_solution *sol;
    double *group_flow;   /* [n_groups * n_links] */
    int n_paths;
    cor_choice_path *paths; /* by group, OD (origin-major), cost */
    /* [n_groups * n_zones * n_zones]: solved demand q and composite cost S
     * (money; NAN where no demand or no route). */
    double *demand;
    double *composite;
    double objective;     /* Fisk-type objective (time units) */
    int routes_added_last;/* routes added by the last iteration's generation */
};

/* Solves to par (NULL = defaults).  On COR_OK and COR_E_NOCONV /
 * COR_E_INTERRUPTED (a limit or the callback stopped it: solution so far)
 * *out is owned by the caller; else NULL.  Errors: COR_E_INPUT for bad
 * parameters (logit_scale not finite > 0, shares not summing to 1 within
 * 1e-9, negative SD/headway/VoR, elasticity > 0 or non-finite, ref_cost not
 * positive where there is demand), the checks of cor_problem_check. */
cor_status cor_choice_solve(const cor_choice_problem *p, const cor_choice_params *par,
                            cor_choice_solution **out, cor_error *err);
void cor_choice_solution_destroy(cor_choice_solution *s); /* NULL is fine */

/* Checks the choice parameters of p (see cor_choice_solve). */
cor_status cor_choice_check(const cor_choice_problem *p, cor_error *err);

#ifdef __cplusplus
}
#endif
#endif
