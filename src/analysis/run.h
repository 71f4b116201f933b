/* corridor internal — a solved case of a freight model (base or scenario),
 * shared by the analysis commands. */
#ifndef COR_ANALYSIS_RUN_H
#define COR_ANALYSIS_RUN_H
#include "corridor/analysis.h"
#include "analysis/table.h"

typedef struct cor_arun {
    char *name;             /* scenario name, or "base" */
    int year;
    const cor_network *net; /* the case's network (owned by f or by the run) */
    int n_classes;
    const char *const *class_names;
    cor_freight *f;         /* owned model with the scenario applied; NULL for
                               a plain (non-freight) network */
    const cor_problem *p;   /* the model's problem (valid while f lives) */
    cor_od_solution *s;     /* owned */
    cor_status solve_st;    /* COR_OK or COR_E_NOCONV */
    cor_corridor_acc *acc;  /* owned */
    double *usd;            /* [m] cost_usd of the model (borrowed) */
    void *plain_;           /* plain runs: owned network, demand, problem */
    int n_closed;           /* links closed in this case (status/year/overrides) */
    /* totals */
    double demand, served, unserved;
    double cost_usd;        /* sum_k vot_k * generalized cost (USD/yr) */
    double money_usd;       /* sum of flow x cost_usd (USD/yr) */
    double tonne_hours;     /* sum of flow x congested time */
} cor_arun;

/* Clones base, applies sc (may be NULL), solves warm-started from warm (may
 * be NULL) and computes the corridor accounting. */
cor_status cor__arun_make(const cor_freight *base, const cor_scenario *sc,
                          const cor_assign_params *par, const cor_od_solution *warm,
                          cor_arun **out, cor_error *err);
void cor__arun_free(cor_arun *r);

/* The same for a plain network and demand (no class.csv): classes = demand
 * classes, generalized cost = time + toll_factor*toll + distance_factor*
 * length, scenario open/close edits as link_open, `year` ignored, money =
 * toll.  No corridor accounting (acc NULL). */
cor_status cor__arun_make_plain(const cor_network *net, const cor_demand *dem,
                                double toll_factor, double distance_factor,
                                const cor_scenario *sc, const cor_assign_params *par,
                                const cor_od_solution *warm, cor_arun **out,
                                cor_error *err);

/* Solver threads for a network: `requested` when > 0; else 1 for corridor-
 * scale networks (< 2000 links: a solve takes milliseconds and thread
 * start-up and barriers cost more than they save, badly so on a loaded
 * machine), 0 (all cores) for larger ones. */
int cor__auto_threads(const cor_network *net, int requested);

/* Served-volume-weighted mean hours / USD per t of class k (-1 = all) and OD
 * (o = -1: all ODs).  NAN when nothing is served. */
void cor__arun_od_mean(const cor_arun *r, int k, int32_t o, int32_t d, double *vol,
                       double *hours, double *usd);
/* Primary corridor carrying most of OD (k, o, d), or -1. */
int cor__arun_main_corridor(const cor_arun *r, int k, int32_t o, int32_t d);
#endif
