/* corridor — calibration of the freight choice model to published figures.
 *
 * A targets file (calibration.csv, docs/CALIBRATION.md) lists what the base
 * year must reproduce, each as a range [low, high]:
 *
 *   target,corridor,class,metric,low,high[,year,links,from,to,basis,source,notes]
 *
 *   metric days    door-to-door days of the cheapest route of `class` from
 *                  node `from` to node `to` on links tagged `corridor` (one
 *                  tag), at the solved link times;
 *   metric tonnes  tonnes/year of `class` (or `all`) on the links `links`
 *                  (';'-separated link ids), or, with no links, on the paths
 *                  whose primary corridor is in `corridor` (';' list);
 *   metric share   among the paths of `class` from a zone in `from` to a zone
 *                  in `to` (';' lists of zone node ids or country codes of
 *                  node.csv; blank = any) whose primary corridor is in `basis`
 *                  (blank = any), the share of tonnes whose primary corridor
 *                  is in `corridor`; low and high within [0, 1].
 *
 * cor_calibrate fits route-choice parameters — corridor and country
 * constants (constants.csv) and, on request, a class's logit_scale — by
 * Levenberg-Marquardt least squares on the normalised residuals
 * (model - mid) / half-width of the targets that respond to them (mid and
 * half-width of [low, high]), each model evaluation a converged logit
 * choice equilibrium (cor_freight_solve_choice).  Targets that respond to no
 * fitted parameter are checks, reported but not fitted.  An under-identified
 * setup (a parameter no target moves, or parameters that move the targets
 * only together) is refused with a message naming them.  Deterministic.
 */
#ifndef CORRIDOR_CALIBRATE_H
#define CORRIDOR_CALIBRATE_H

#include <stdint.h>
#include "corridor/freight.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cor_target_metric {
    COR_TARGET_DAYS,
    COR_TARGET_TONNES,
    COR_TARGET_SHARE
} cor_target_metric;

typedef struct cor_target {
    char *name;
    cor_target_metric metric;
    cor_corridor_mask corridors;   /* the corridor column (days: one tag) */
    int cls;                       /* -1 = all classes (tonnes, share) */
    double low, high;
    int year;                      /* 0 = blank (informational) */
    int32_t n_links;               /* tonnes on links; 0 = by primary corridor */
    int32_t *links;
    int32_t from_node, to_node;    /* days */
    uint8_t *from_zone, *to_zone;  /* share: [n_zones] 1 = in the set; NULL = any */
    cor_corridor_mask basis;       /* share: denominator corridors, 0 = any */
    long line;                     /* line in the targets file */
} cor_target;

typedef struct cor_targets {
    int n;
    cor_target *t;
    char *path;
} cor_targets;

/* Reads a targets file against the model f (classes, corridors, links and
 * nodes are resolved).  Errors: COR_E_IO; COR_E_INPUT naming file, line and
 * field (unknown metric, class, corridor, link, node or country, a range
 * that is not finite or has low > high, a share outside [0, 1], a days
 * target without from/to or with more than one corridor, duplicate name). */
cor_status cor_targets_load(const char *path, cor_freight *f, cor_targets **out, cor_error *err);
void cor_targets_destroy(cor_targets *t); /* NULL is fine */
const char *cor_target_metric_name(cor_target_metric m);

/* The model's value of every target on a solved result r of f:
 * model[0..t->n-1] (NAN for a days target with no route on its corridor). */
cor_status cor_targets_measure(const cor_targets *t, cor_freight *f, const cor_freight_result *r,
                               double *model, cor_error *err);

/* ---- calibration ---- */
typedef enum cor_calib_kind {
    COR_CALIB_CONSTANT,      /* a constants.csv term (corridor or country) */
    COR_CALIB_SCALE          /* a class's logit_scale (fitted as its log) */
} cor_calib_kind;

typedef struct cor_calib_param {
    cor_calib_kind kind;
    cor_corridor corridor;   /* constant: the corridor, -1 for a country */
    char *country;           /* constant: the country, NULL for a corridor */
    int cls;                 /* constant: -1 = every class; scale: the class */
    double initial, value;   /* USD/t, or per USD/t for a scale */
    double se;               /* approximate standard error of value from the
                                fit's Jacobian, a target's half-width taken as
                                two standard errors; NAN when singular */
} cor_calib_param;

typedef struct cor_calib_opts {
    const cor_choice_params *choice; /* NULL = defaults (gap 1e-8) */
    /* Parameters to fit, as specs "corridor:TAG[:CLASS]",
     * "country:CODE[:CLASS]" or "scale:CLASS"; n_fit = 0: one constant per
     * (corridor, class) of every share or tonnes target naming exactly one
     * non-feeder corridor, plus scale:CLASS for every class when fit_scale. */
    int n_fit;
    const char *const *fit;
    int fit_scale;
    int check_only;          /* 1: no fit; measure the targets on the model as
                                it is (validation, e.g. a back-cast) */
    int max_iter;            /* Levenberg-Marquardt iterations [60] */
    /* called after each iteration with the sum of squared normalised
     * residuals; non-zero stops the fit (COR_E_INTERRUPTED) */
    int (*progress)(void *ud, int iteration, double objective, int solves);
    void *progress_ud;
} cor_calib_opts;

void cor_calib_opts_default(cor_calib_opts *o);

typedef struct cor_calibration {
    int n_params;
    cor_calib_param *p;
    /* candidates chosen from the targets (no --fit) that no target moves
     * (captive flows): not fitted, their constants left as they were */
    int n_dropped;
    cor_calib_param *dropped;
    int n_targets;           /* = the targets' n */
    double *before;          /* [n_targets] model value with the initial parameters */
    double *model;           /* [n_targets] with the fitted parameters */
    uint8_t *fitted;         /* [n_targets] 1: in the objective; 0: a check */
    /* [n_targets * n_params] d model / d parameter at the fit, in target
     * units per parameter unit (USD/t; a scale: per unit of log scale) */
    double *sens;
    int iterations, solves;
    double objective;        /* sum of squared normalised residuals */
    int all_in_range;        /* every target (fitted or check) within [low, high] */
} cor_calibration;

/* Fits the parameters so that f's base year reproduces the targets.  On
 * COR_OK (or COR_E_NOCONV: the iteration limit, results there) f carries
 * the fitted constants and scales (the other constants kept) and *out the
 * fit; on any other status f is as it was and *out NULL.  COR_E_INPUT for
 * an unknown parameter spec, a class without logit_scale, or an
 * under-identified setup (the message names the parameters). */
cor_status cor_calibrate(cor_freight *f, const cor_targets *t, const cor_calib_opts *o,
                         cor_calibration **out, cor_error *err);
void cor_calibration_destroy(cor_calibration *c); /* NULL is fine */
/* "corridor:middle:containers", "scale:oil", ... into buf. */
const char *cor_calib_param_name(const cor_freight *f, const cor_calib_param *p, char *buf, size_t size);

/* Writes calibration_fit.csv: target,metric,class,low,high,before,model,
 * in_range,role,identifies — role "fit" or "check", identifies the fitted
 * parameters the target moves most (';' list). */
cor_status cor_calibration_write_fit(const cor_calibration *c, const cor_targets *t,
                                     const cor_freight *f, const char *path, cor_error *err);

/* ---- OD matrix estimation from throughput targets ----
 * Adjusts the model's demand so that the logit equilibrium reproduces the
 * tonnes targets measured on links (the counts: each range's midpoint,
 * weighted by 1 / half-width^2), by Spiess's (1990) gradient method: with
 * p_od,i the share of OD od's tonnes crossing target i's links at the
 * current equilibrium, each iteration moves g_od <- g_od (1 - lambda G_od),
 * G_od = sum_i w_i (v_i - c_i) p_od,i, with the step lambda that minimises
 * the weighted squared misfit at fixed proportions (bounded so that no OD
 * leaves [g0 / max_factor, g0 * max_factor] or changes sign), then
 * re-solves.  Least squares against the counts with the prior matrix as
 * the start (the multiplicative form keeps zero cells zero and the
 * structure of the prior).  f's demand is changed in place (restored on
 * failure). */
typedef struct cor_odme_opts {
    const cor_choice_params *choice; /* NULL = defaults */
    int max_iter;            /* [30] */
    double max_factor;       /* [4] */
} cor_odme_opts;

typedef struct cor_odme_result {
    int n_cells;             /* OD cells with demand */
    int *cls;                /* [n_cells] */
    int32_t *o, *d;
    double *prior, *adjusted; /* t/yr */
    int n_targets;           /* tonnes targets on links used */
    double objective_before, objective; /* sum w (v - c)^2 */
    int iterations;
} cor_odme_result;

cor_status cor_odme(cor_freight *f, const cor_targets *t, const cor_odme_opts *o, cor_odme_result **out,
                    cor_error *err);
void cor_odme_result_destroy(cor_odme_result *r); /* NULL is fine */
/* demand_adjusted.csv: o_zone_id,d_zone_id,class,volume,prior,factor */
cor_status cor_odme_write(const cor_odme_result *r, const cor_freight *f, const char *path, cor_error *err);

/* Sets class k's logit_scale (> 0, finite). */
cor_status cor_freight_set_logit_scale(cor_freight *f, int k, double theta, cor_error *err);

#ifdef __cplusplus
}
#endif
#endif
