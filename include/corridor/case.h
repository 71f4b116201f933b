/* corridor — a case: the one entry point from a model to its results.
 *
 * A case is a model (network + demand + classes), the scenario edits applied
 * to it, the solver parameters and an optional warm start; solving it gives
 * the equilibrium link flows, the per-origin flows, the corridor accounting
 * and the totals.  Every command of the `corridor` program and the freight
 * report go through it.
 *
 * Models.  A freight model (cor_freight: a GMNS directory with class.csv,
 * freight.h) has one class per commodity, money = the link cost column and
 * corridor accounting by its corridor tags.  A plain TNTP or GMNS network is
 * a one-model case too: one class per demand class, generalized cost = time
 * + toll_factor * toll + distance_factor * length (time units), money = the
 * toll column, value of time 1, every path under the corridor "none";
 * scenario edits other than open/close, capacity, time, toll and demand
 * edits, and `year`, do not apply to it.
 *
 * Life cycle, in the manner of SQLite's prepared statements:
 *
 *   1. create   cor_case_open(path, &opts, &c, &err) reads a freight
 *               directory or a network (+ demand); cor_case_from_freight and
 *               cor_case_from_network take a model in memory.  The case owns
 *               deep copies: the caller keeps (and frees) what it passed.
 *               cor_case_clone(c) copies the model and edits of c, not its
 *               results: the way to build scenarios on one base.
 *   2. edit     cor_case_apply_scenario (any number, applied in order),
 *               cor_case_params (a pointer to the solver parameters, edited in
 *               place), cor_case_set_accounting, cor_case_set_warm_start.
 *               Applying a scenario discards the results of an earlier
 *               solve; parameter, accounting and warm-start changes take
 *               effect at the next solve.
 *   3. solve    cor_case_solve: COR_OK; COR_E_NOCONV when a limit stopped the
 *               solver before the gap target (the results are there and can
 *               be read); COR_E_INTERRUPTED when the progress callback
 *               stopped it (results are there, not converged); any other
 *               status: no results, the message in err.
 *   4. read     cor_case_solution, cor_case_od, cor_case_accounting,
 *               cor_case_totals, cor_case_od_mean, ...: borrowed pointers,
 *               valid until the next edit or solve of that case or its
 *               destroy.  Before a successful solve they return NULL (the
 *               read functions that return numbers return NAN or -1).
 *   5. destroy  cor_case_destroy(c) frees the case and everything it owns;
 *               cor_case_destroy(NULL) does nothing.
 *
 * A warm start is borrowed: the case it comes from must stay alive and
 * unsolved-again until the solve that uses it has returned.  It must be a
 * case of the same model (same network shape and classes), e.g. the base of
 * a scenario.  Warm and cold solves reach the same equilibrium (to the gap).
 *
 * Defaults.  One set, from cor_assign_params_default (assign.h): method
 * bush, relative gap 1e-8, at most 10000 iterations, no time limit; the
 * case resolves threads = 0 to one thread for networks under 2000 links (a
 * solve takes milliseconds and threads cost more than they save) and all
 * cores above.  Accounting (per-origin flows, corridor accounting, exposure
 * and select-link) is on by default; off, the solve keeps link flows only
 * (what `corridor assign` needs, and far less memory on large networks).
 *
 * The library never prints or exits; errors come back as a cor_status and a
 * message in cor_error (error.h).
 */
#ifndef CORRIDOR_CASE_H
#define CORRIDOR_CASE_H

#include <stdint.h>
#include "corridor/analysis.h"
#include "corridor/assign.h"
#include "corridor/demand.h"
#include "corridor/freight.h"
#include "corridor/network.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cor_case cor_case;

/* How to read a model (cor_case_open). */
typedef struct cor_case_opts {
    const char *demand;      /* demand file (TNTP _trips or GMNS .csv) for a
                              * plain network; NULL: a GMNS directory's
                              * demand.csv, or none */
    int need_demand;         /* 1: a network without demand is an error */
    const char *nodes;       /* TNTP node coordinates (node X Y); NULL none */
    int year;                /* freight: open links by opening_year <= year
                              * (0 = the data's status) */
    double toll_factor;      /* plain networks: generalized cost weights */
    double distance_factor;
    int strict;              /* 1: what a reader would skip with a note
                              * (cor_network.notes: self-loops) is an error */
} cor_case_opts;

/* Reads path: a freight directory (with class.csv, when opts->demand is
 * NULL), a GMNS directory or a TNTP _net file.  opts may be NULL (all 0).
 * Errors: COR_E_IO / COR_E_INPUT naming file, line and field; COR_E_USAGE
 * for options that do not apply (toll/distance factors on freight data, a
 * year on a plain network, a missing demand with need_demand). */
cor_status cor_case_open(const char *path, const cor_case_opts *opts,
                         cor_case **out, cor_error *err);
/* A case of a freight model (copied). */
cor_status cor_case_from_freight(const cor_freight *model, cor_case **out,
                                 cor_error *err);
/* A case of a plain network and demand (both copied; dem may be NULL: a
 * network without demand, which cannot be solved). */
cor_status cor_case_from_network(const cor_network *net, const cor_demand *dem,
                                 double toll_factor, double distance_factor,
                                 cor_case **out, cor_error *err);
/* The model, edits, parameters and accounting switch of c, unsolved, with
 * no warm start.  NULL on no memory. */
cor_case *cor_case_clone(const cor_case *c);
void cor_case_destroy(cor_case *c); /* NULL is fine */

/* ---- edit ---------------------------------------------------------------- */
/* Applies a scenario (analysis.h) to the case's model; the case is then named
 * after it (cor_scenario_name).  Errors as cor_scenario_edit. */
cor_status cor_case_apply_scenario(cor_case *c, const cor_scenario *sc,
                                   cor_error *err);
/* The solver parameters (defaults above), to edit in place before a solve.
 * warm_start and keep_origin_flows are managed by the case. */
cor_assign_params *cor_case_params(cor_case *c);
/* on = 1 (default): per-origin flows and corridor accounting; 0: link flows. */
void cor_case_set_accounting(cor_case *c, int on);
/* The choice model of cor_case_solve_paths: COR_CHOICE_UE or
 * COR_CHOICE_LOGIT (cor_freight_solve_choice; the solver parameters' gap is
 * the choice convergence target, their max_iter caps its iterations).  The
 * default is logit for a freight model whose every class has a logit_scale
 * (cor_freight_has_choice), else UE. */
void cor_case_set_choice(cor_case *c, cor_choice_model m);
cor_choice_model cor_case_choice(const cor_case *c);
/* Warm start from a solved case of the same model (borrowed); NULL = cold. */
void cor_case_set_warm_start(cor_case *c, const cor_case *warm);
/* Elastic demand (logit choice, classes with demand_elasticity < 0): the
 * solved case of the same model whose composite costs are the reference S0
 * (borrowed, e.g. the base of a scenario; cor_case_solve_all sets it); OD
 * tonnes are then D0 (S / S0)^e.  NULL (default): fixed demand. */
void cor_case_set_reference(cor_case *c, const cor_case *ref);

/* ---- solve --------------------------------------------------------------- */
cor_status cor_case_solve(cor_case *c, cor_error *err);

/* Solves model (unchanged) as the base, cases[0], and each scenario
 * applied to a clone of model, warm-started from the base, as cases[1 +
 * i]; cases holds n_sc + 1 entries, each owned by the caller.  Returns
 * COR_OK, or COR_E_NOCONV when some solve stopped at a limit (every case is
 * there); another error leaves every entry NULL. */
cor_status cor_case_solve_all(const cor_case *model, const cor_scenario *const *sc,
                              int n_sc, cor_case **cases, cor_error *err);

/* Freight cases: solves with the case's parameters and decomposes every OD
 * flow into corridor paths (cor_freight_solve, freight.h); *out is owned by
 * the caller (cor_freight_result_destroy).  The case's own results are not
 * changed.  COR_E_USAGE for a plain network. */
cor_status cor_case_solve_paths(cor_case *c, cor_freight_result **out,
                                cor_error *err);

/* ---- read ---------------------------------------------------------------- */
const char *cor_case_name(const cor_case *c);   /* "base" or the scenario's */
/* The last scenario's description and file ("" for none). */
const char *cor_case_description(const cor_case *c);
const char *cor_case_source(const cor_case *c);
int cor_case_is_freight(const cor_case *c);
/* The model: the freight model (NULL for a plain network), the network, the
 * problem solved (valid after a solve or cor_case_problem), class names. */
cor_freight *cor_case_freight(cor_case *c);
const cor_network *cor_case_network(const cor_case *c);
/* The model's corridor vocabulary (freight.h: corridors.csv, highlights.csv,
 * countries.csv of the data set); NULL for a plain network, which reads as
 * an empty vocabulary (every path under "none"). */
const cor_vocab *cor_case_vocab(const cor_case *c);
const cor_problem *cor_case_problem(cor_case *c, cor_error *err);
int cor_case_n_classes(const cor_case *c);
const char *const *cor_case_class_names(const cor_case *c);
int cor_case_year(const cor_case *c);           /* 0 = base / plain */
/* [n_links] money per unit on each link (freight: cost_usd; plain: toll). */
const double *cor_case_money(const cor_case *c);
/* [n_links] 1 = open in this case (status, year and scenario edits). */
const uint8_t *cor_case_link_open(const cor_case *c);

/* The solution: link flows, class flows, times, gap, history, unserved. */
const cor_solution *cor_case_solution(const cor_case *c);
/* Per-origin view (accounting on): origin flows, per-class costs. */
const cor_od_solution *cor_case_od(const cor_case *c);
/* Corridor accounting (accounting on). */
const cor_corridor_acc *cor_case_accounting(const cor_case *c);

typedef struct cor_totals {
    double demand;       /* off-diagonal demand, all classes */
    double served, unserved;
    double intrazonal;   /* diagonal demand (a zone to itself): reported, not
                          * in demand, served or unserved */
    double induced, suppressed; /* elastic demand (cor_case_set_reference):
                          * tonnes added / removed against `demand`; served =
                          * demand - unserved + induced - suppressed */
    double cost;         /* sum_k vot_k * generalized cost of class k (money) */
    double money;        /* sum of class flow x money per unit */
    double flow_time;    /* sum of link flow x congested time */
    double perceived;    /* what shippers expect to pay (money/yr): the logit
                          * model's sum of tonnes x composite cost (logsum,
                          * constants and reliability included); the UE's
                          * equals `cost`.  A change in it is minus the change
                          * in shippers' surplus (the welfare measure of a
                          * logit scenario; `cost` leaves out constants and
                          * the value of route diversity) */
    int n_closed;        /* links closed in this case */
} cor_totals;
const cor_totals *cor_case_totals(const cor_case *c);

/* Served-volume-weighted mean time and money per unit of class k (-1 = all)
 * between zones o and d (-1 = all), from the accounting; NAN when nothing is
 * served.  vol gets the served volume.  Any output may be NULL. */
void cor_case_od_mean(const cor_case *c, int k, int32_t o, int32_t d,
                      double *vol, double *time, double *money);
/* Primary corridor carrying most of OD (k, o, d), or -1. */
int cor_case_main_corridor(const cor_case *c, int k, int32_t o, int32_t d);

/* Criticality on a solved case: each element closed in turn and the case
 * re-solved the way it was solved — the logit choice model for a freight
 * case whose choice is logit (each closure a clone solved cold), else the
 * per-origin UE warm-started from the base (cor_criticality_run). */
cor_status cor_criticality_run_case(cor_case *base, const cor_crit_element *el, int n_el, int threads,
                                    cor_criticality **out, cor_error *err);

/* ---- result tables (table.h) of solved cases ----
 * What the analysis commands print and write; the CLI only chooses files
 * and formats (docs/SCENARIOS.md describes every column). */

/* Cases compared with a base (`corridor scenario`): summary (one row per
 * case), corridors (per corridor on the primary and the tag basis, per class
 * and all classes), od (per class and OD pair) and unserved (OD pairs with
 * unserved demand in the case or the base). */
typedef struct cor_compare {
    cor_table *summary, *corridors, *od, *unserved;
} cor_compare;
/* Creates the four empty tables; COR_E_NOMEM leaves *t empty. */
cor_status cor_compare_init(cor_compare *t, cor_error *err);
/* Appends the rows of solved case c against the solved base (the base row:
 * c == base).  Both must have the same model (classes and zones). */
cor_status cor_compare_add(cor_compare *t, cor_case *c, cor_case *base, cor_error *err);
void cor_compare_free(cor_compare *t);
/* The corridors rows on the primary basis for all classes, with the case,
 * tonnes, days and USD/t columns and their deltas ("corridors_primary"); NULL
 * on no memory. */
cor_table *cor_compare_primary(const cor_compare *t);

/* Value per tonne of each class of c (value[n_classes]) from the CSV at path
 * (class,value_usd_t[,...]; cor_read_class_values).  When the file cannot be
 * read and required is 0: a proxy, value of time x 8760 / 0.10 for a freight
 * model, 1 otherwise (value shares = tonnes shares).  *src gets path or the
 * proxy's description. */
cor_status cor_case_class_values(cor_case *c, const char *path, int required, double *value,
                                 const char **src, cor_error *err);

/* Transit-country exposure of a solved case (e from cor_exposure_compute
 * with the same values): headline (the vocabulary's headline countries),
 * country (every transit country; country_title names the vocabulary's
 * country codes), by_class, origin (per origin country) and od (per class,
 * OD pair and country). */
typedef struct cor_exposure_tables {
    cor_table *headline, *country, *by_class, *origin, *od;
    char *country_title;
} cor_exposure_tables;
cor_status cor_exposure_tables_build(const cor_case *c, const cor_exposure *e, const double *value,
                                     cor_exposure_tables *t, cor_error *err);
void cor_exposure_tables_free(cor_exposure_tables *t);

/* Select-link of a solved case (accounting on) for the links marked in set
 * (cor_link_select): *od_table "select_link_od" (classes and OD pairs whose
 * flow uses the selection, with that volume and its share), *link_table
 * "select_link_links" (that traffic's volume on every link, per class) and
 * *total the selected OD volume.  The caller frees both tables. */
cor_status cor_select_link_tables(const cor_case *c, const uint8_t *set, cor_table **od_table,
                                  cor_table **link_table, double *total, cor_error *err);

#ifdef __cplusplus
}
#endif
#endif
