/* corridor — risk-weighted resilience: a catalogue of disruption hazards with
 * annual probabilities and durations, an ensemble of disrupted years solved
 * through the case (case.h), and the expected annual cost, tail risk and each
 * hazard's contribution.  Method and formats: docs/RISK.md.
 *
 * Hazards.  A hazard catalogue (docs/RISK.md, docs/FORMATS.md) lists hazards,
 * each a set of edits in the scenario language (docs/SCENARIOS.md) with an
 * annual probability (or frequency), a duration distribution in days (fixed,
 * uniform, lognormal; at most the 365-day year) and optional months in which
 * it may start, and joint (common-cause) events that apply the edits of
 * several hazards at once with their own probability.  A hazard's probability
 * is its marginal one, joint events included: the engine derives the
 * probability of its own cause, 1 - (1 - p) / prod_J (1 - p_J) over the joint
 * events J naming it, and rejects catalogues where that would be negative.
 *
 * Years.  Each event (hazard own cause or joint event) occurs at most once in a
 * year, independently of the others, starting at a uniform time of its
 * months (the year wraps round) and lasting its duration.  The year splits
 * into segments with one set of active events each (a disruption state); a
 * state's equilibrium (the model with the edits of its events, warm-started
 * from the base) gives annual rates, and the year's figure is the sum over
 * segments of (segment days / 365) x the state's rate.
 *
 * Ensembles.  Monte Carlo: sample j's draws come from a counter-based
 * generator keyed by (seed, j, event, draw), so a sample's year does not
 * depend on which process or thread computes it.  Identical states are solved
 * once (a cache).  Exact (opts.exact): every state is enumerated and the
 * expectations and contributions are computed from the probability that each
 * state holds at each time of the year (docs/RISK.md); the tail measures still
 * come from the samples.
 *
 * Distribution.  cor_risk_run takes an optional cor_risk_dist: the caller
 * (the CLI, with MPI) says which rank this is and provides a gather; samples
 * are split into contiguous blocks per batch and every figure is reduced on
 * rank 0 in sample order, so the results are byte-identical for any number
 * of ranks and threads.  The library itself does not use MPI.
 */
#ifndef CORRIDOR_RISK_H
#define CORRIDOR_RISK_H

#include <stdint.h>
#include "corridor/case.h"
#include "corridor/table.h"

#ifdef __cplusplus
extern "C" {
#endif

#define COR_RISK_YEAR_DAYS 365.0
#define COR_RISK_MAX_EVENTS 64   /* hazards + joint events */
#define COR_RISK_MAX_EXACT 16    /* events for exact enumeration */

/* ---- hazard catalogue ---------------------------------------------------- */
typedef struct cor_hazards cor_hazards;

typedef enum cor_duration_kind {
    COR_DUR_FIXED = 0,    /* d1 days */
    COR_DUR_UNIFORM = 1,  /* uniform on [d1, d2] */
    COR_DUR_LOGNORMAL = 2 /* median d1, sigma of the log d2; min(D, 365) */
} cor_duration_kind;

typedef struct cor_hazard_info {
    const char *name, *description, *source;
    const char *file;         /* catalogue file and line of the block */
    long line;
    int joint;                /* 1: a joint (common-cause) event */
    int n_parts;              /* joint: the hazards whose edits it applies */
    const int *parts;
    double probability;       /* as given (a frequency f as 1 - exp(-f)) */
    double own_probability;   /* of its own cause (= probability for joint) */
    cor_duration_kind duration;
    double d1, d2;
    double mean_days;         /* E[min(D, 365)] */
    unsigned months;          /* bit m-1: may start in month m (0xfff all) */
} cor_hazard_info;

/* Reads a catalogue; errors name file, line and field (probability outside
 * [0, 1], negative or over-long durations, bad months, unknown or repeated
 * names, joint events inconsistent with their parts).  Edits are parsed
 * here and checked against a model by cor_hazards_check. */
cor_status cor_hazards_load(const char *path, cor_hazards **out, cor_error *err);
void cor_hazards_destroy(cor_hazards *h); /* NULL is fine */
int cor_hazards_count(const cor_hazards *h);   /* hazards + joint events */
void cor_hazards_info(const cor_hazards *h, int i, cor_hazard_info *out);
int cor_hazards_find(const cor_hazards *h, const char *name); /* or -1 */
/* Sets the probability of hazard i (tests, sensitivity); re-derives the own
 * probabilities.  COR_E_INPUT when that makes the catalogue inconsistent. */
cor_status cor_hazards_set_probability(cor_hazards *h, int i, double p,
                                       cor_error *err);
/* Applies every hazard's edits to a clone of model: a selector that matches
 * no link (unknown link, country, corridor ...), an unknown zone or class is
 * an error naming the catalogue file, line and field. */
cor_status cor_hazards_check(const cor_hazards *h, const cor_case *model,
                             cor_error *err);
/* Applies the edits of every event set in `state` (bit i = event i), in
 * event order, to c (a clone of the model). */
cor_status cor_hazards_apply(const cor_hazards *h, uint64_t state, cor_case *c,
                             cor_error *err);

/* ---- the ensemble -------------------------------------------------------- */
typedef struct cor_risk_dist {
    int rank, size;           /* this process and how many (1: no MPI) */
    /* Gathers n[r] doubles from every rank r onto rank 0 (into all, in rank
     * order; all is NULL on the other ranks); returns 0 on success. */
    int (*gather)(void *ud, const double *mine, long n_mine, double *all,
                  const long *n);
    /* Broadcasts v from rank 0 to every rank; 0 on success. */
    int (*bcast)(void *ud, long *v);
    /* Replaces v on every rank by the largest v of all ranks; 0 on success. */
    int (*allmax)(void *ud, long *v);
    void *ud;
} cor_risk_dist;

typedef struct cor_risk_opts {
    long samples;             /* Monte-Carlo years (default 10000) */
    int exact;                /* 1: also enumerate every state exactly */
    uint64_t seed;            /* default 1 */
    double target_se;         /* > 0: stop when the standard error of the
                               * expected annual loss (USD) is at most this,
                               * checked after each batch; 0: run all */
    long batch;               /* samples per batch (default 1000) */
    const double *unserved_cost; /* [K] USD per unserved tonne of class k
                               * (NULL: 0) */
    double shortfall;         /* group tonnes below shortfall x base count as
                               * a shortfall year (default 0.9) */
    int threads;              /* state solves in parallel (0: all cores) */
    int lhs;                  /* 1: Latin-hypercube sampling of every uniform
                               * input over the `samples` years (docs/RISK.md;
                               * not with target_se) */
    /* progress: samples done of total; non-zero stops (COR_E_INTERRUPTED) */
    int (*progress)(void *ud, long done, long total);
    void *progress_ud;
    const cor_risk_dist *dist; /* NULL: one process */
} cor_risk_opts;
void cor_risk_opts_default(cor_risk_opts *o);

typedef struct cor_risk cor_risk;

/* The metrics of a year. */
enum {
    COR_RISK_LOSS = 0,        /* cost + unserved tonnes x unserved_cost, USD */
    COR_RISK_COST,            /* system generalized cost (case totals), USD */
    COR_RISK_UNSERVED,        /* unserved tonnes */
    COR_RISK_TONNE_DAYS,      /* tonne-days in transit of served freight */
    COR_RISK_DISRUPTED_DAYS,  /* days with at least one event active */
    COR_RISK_UNSERVED_DAYS,   /* days with some demand unserved */
    COR_RISK_N_METRICS
};
const char *cor_risk_metric_name(int metric);

typedef struct cor_risk_stat {
    double base;              /* the undisrupted year */
    double mean, se;          /* Monte-Carlo mean and standard error */
    double exact;             /* exact expectation (NAN without exact) */
    double var95, cvar95, var99, cvar99;
} cor_risk_stat;

typedef struct cor_risk_contrib {
    double marginal, marginal_se; /* E[loss] - E[loss without the event] */
    double shapley, shapley_se;   /* Shapley value over the year's events */
    double exact_marginal, exact_shapley; /* NAN unless exact */
    double active_days;           /* expected days active per year */
} cor_risk_contrib;

/* Runs the ensemble on model (unsolved or solved: it is cloned and solved as
 * the base with its own parameters).  Every rank of a distributed run calls
 * it; only rank 0 gets results (*out NULL elsewhere). */
cor_status cor_risk_run(const cor_case *model, const cor_hazards *hz,
                        const cor_risk_opts *opts, cor_risk **out,
                        cor_error *err);
void cor_risk_destroy(cor_risk *r); /* NULL is fine */

long cor_risk_n_samples(const cor_risk *r);   /* samples used */
int cor_risk_n_states(const cor_risk *r);     /* distinct states solved */
int cor_risk_n_nonconv(const cor_risk *r);    /* of which not converged */
const cor_risk_stat *cor_risk_metric(const cor_risk *r, int metric);
const cor_risk_contrib *cor_risk_hazard(const cor_risk *r, int i);
/* With opts.exact: the 2^E disruption states (bit i = event i), each one's
 * expected share of the year (time_share, summing to 1) and annual rates
 * of loss and cost (USD/yr) — the rows of risk_states; returns 2^E, or 0
 * without exact (the arrays are then NULL).  Borrowed. */
long cor_risk_exact_states(const cor_risk *r, const double **time_share, const double **loss, const double **cost);
/* The result tables (risk_summary, risk_exceedance, risk_hazards,
 * risk_groups, risk_states, risk_samples; docs/RISK.md), borrowed. */
int cor_risk_n_tables(const cor_risk *r);
const cor_table *cor_risk_table(const cor_risk *r, int i);

/* ---- appraisal of candidate investments ------------------------------------
 * A projects file (docs/RISK.md "Appraisal") lists blocks
 *     project NAME / capex USD / opex USD_PER_YEAR / life YEARS /
 *     source TEXT / description TEXT / edits in the scenario language / end
 * Errors name file, line and field; nothing is written. */
typedef struct cor_projects cor_projects;
cor_status cor_projects_load(const char *path, cor_projects **out, cor_error *err);
void cor_projects_destroy(cor_projects *ps); /* NULL is fine */
int cor_projects_count(const cor_projects *ps);
const char *cor_projects_name(const cor_projects *ps, int i);

typedef struct cor_appraise_opts {
    double discount_rate;     /* real, per year [0.04] */
    int horizon;              /* years of benefits of a project without `life` [30] */
    cor_risk_opts risk;       /* the ensemble every option runs (same seed);
                               * exact is set when the catalogue allows it */
} cor_appraise_opts;
void cor_appraise_opts_default(cor_appraise_opts *o);
/* Runs the ensemble for doing nothing and for each project (the model with
 * its edits) and fills *table "appraisal" (options ranked by NPV: expected
 * annual loss and its SE, benefit against doing nothing, CVaR95 and its
 * change, NPV, benefit-cost ratio, maximum regret) and *regret
 * "appraisal_regret" (every disruption state with a positive share of the
 * year x option: loss rate, annualised cost, regret; empty without exact
 * enumeration).  Formulas at the top of src/risk/appraise.c and in
 * docs/RISK.md.  Both tables owned by the caller. */
cor_status cor_appraise(const cor_case *model, const cor_hazards *hz, const cor_projects *ps,
                        const cor_appraise_opts *opts, cor_table **table, cor_table **regret,
                        cor_error *err);

#ifdef __cplusplus
}
#endif
#endif
