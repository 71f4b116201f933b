/* corridor — strategic analyses: scenarios, select-link, transit-country
 * exposure, corridor accounting and criticality.
 *
 * Scenarios.  A scenario file (format: docs/SCENARIOS.md) is a list of edits
 * applied to a copy of a model: close or open links chosen by id, node,
 * country, mode, corridor tag or any link column; scale capacity; set or
 * scale time and cost; scale or set demand; set the model year.  A scenario
 * may build on another one (`base FILE`); the base's edits come first.
 *
 * Per-origin solve.  The analyses need each origin's link flows: cor_assign
 * gives them for every method (keep_origin_flows, assign.h).  The solution
 * is kept for warm starts (cor_od_solve).
 *
 * Decomposition.  Select-link, exposure and corridor shares split each
 * origin's (acyclic) flow between destinations and between "touched the link
 * set" and "did not" by the standard proportional convention: at every node,
 * the flow leaving on each link (or ending there) is the same share of the
 * flow passing the node whatever link it arrived by.  Every figure is exact
 * under that convention and costs one pass over the origin's links in
 * topological order.  Residual cycles (left by Frank-Wolfe-type methods) are
 * broken at their smallest link flow; the dropped flow is reported.
 */
#ifndef CORRIDOR_ANALYSIS_H
#define CORRIDOR_ANALYSIS_H

#include <stdint.h>
#include "corridor/assign.h"
#include "corridor/demand.h"
#include "corridor/freight.h"
#include "corridor/network.h"
#include "corridor/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- selectors ----------------------------------------------------------- */
/* Does link a match (FIELD, VALUE)?  FIELD is link (id), node (leaves or
 * enters node VALUE), from, to, all, country (the `country` column; codes
 * separated by ';', '-' or ',' — a border link CN;KZ or CN-KZ matches both),
 * or the name of any extra link column (exact value or one of its
 * ';'-separated tags, case-insensitive: corridor, mode, status, ...). */
int cor_link_matches(const cor_network *net, int32_t a, const char *field,
                     const char *value);
/* Does `list` (tokens separated by any character of seps) contain tok
 * (case-insensitive)? */
int cor_tag_has(const char *list, const char *tok, const char *seps);
/* Marks in set[n_links] the links a selector picks: a link id, or
 * FIELD=VALUE as in cor_link_matches (corridor=TAG, country=CODE, node=ID,
 * ...).  Returns how many links it matched (0: none). */
int32_t cor_link_select(const cor_network *net, const char *selector, uint8_t *set);

/* ---- scenarios ----------------------------------------------------------- */
typedef struct cor_scenario cor_scenario;
/* The model years a scenario's `year` and the CLI's --year accept. */
#define COR_YEAR_MIN 1900
#define COR_YEAR_MAX 2200
#define COR_STR_(x) #x
#define COR_STR(x) COR_STR_(x)

/* Parses FILE and, recursively, the files named by its `base` line (relative
 * to the including file's directory).  Cycles are an input error.  Errors
 * name "file:line: field NAME: problem".  *out owned by the caller. */
cor_status cor_scenario_load(const char *path, cor_scenario **out,
                             cor_error *err);
void cor_scenario_destroy(cor_scenario *s); /* NULL is fine */
/* `name` line of the top file, else its file name without extension. */
const char *cor_scenario_name(const cor_scenario *s);
const char *cor_scenario_path(const cor_scenario *s);
const char *cor_scenario_description(const cor_scenario *s); /* "" if none */
int cor_scenario_year(const cor_scenario *s); /* last `year` on the chain, 0 */
int cor_scenario_n_edits(const cor_scenario *s);

/* A scenario built line by line (what the hazard catalogue and project files
 * of risk.h do): cor_scenario_new gives an empty one named `name`;
 * cor_scenario_add_line parses one edit directive (close, open, scale-...,
 * set-..., add-..., in the language of docs/SCENARIOS.md; blank and comment
 * lines are ignored; base, name, description and year are errors) whose
 * errors and later edit errors name FILE and LINE.  NULL on no memory. */
cor_scenario *cor_scenario_new(const char *name);
cor_status cor_scenario_add_line(cor_scenario *s, const char *text,
                                 const char *file, long line, cor_error *err);

/* What the scenario does to the links, after every edit in order. */
typedef struct cor_scenario_effect {
    int8_t *open_override; /* [n_links] -1 untouched, 0 closed, 1 opened */
    int n_closed, n_opened;
    int32_t *last_edit;    /* [n_links] the last edit that changed the link's
                            * capacity, time or cost (cor_scenario_edit_where),
                            * -1 none */
    int last_demand_edit;  /* the last demand edit, -1 none */
} cor_scenario_effect;
void cor_scenario_effect_free(cor_scenario_effect *eff);
/* File and line of edit i of s (as cor_scenario_effect counts them). */
void cor_scenario_edit_where(const cor_scenario *s, int i, const char **file, long *line);

/* Applies the edits to a network and demand IN PLACE (callers pass copies):
 * capacity and free-flow time to the network arrays, money cost to cost[]
 * (USD per unit; may be NULL, then cost edits are errors), demand values to
 * dem (may be NULL: demand edits are then skipped), and open/close edits into
 * eff->open_override (the caller frees eff with cor_scenario_effect_free).  `open` by a selector
 * other than `link` skips links whose status column is "closed".  A selector
 * that matches nothing is an input error naming the scenario file and line. */
cor_status cor_scenario_edit(const cor_scenario *s, cor_network *net,
                             double *cost, cor_demand *dem,
                             cor_scenario_effect *eff, cor_error *err);

/* Applies s to a freight model IN PLACE (pass a cor_freight_clone of the
 * base): network and cost edits through the model's mutable views, open and
 * close edits as link overrides, `year` through cor_freight_set_year. */
cor_status cor_scenario_apply_freight(const cor_scenario *s, cor_freight *f,
                                      cor_error *err);

/* ---- per-origin solve ---------------------------------------------------- */
/* An explicit route of an OD flow (the logit choice model's routes). */
typedef struct cor_od_path {
    int cls;
    int32_t o, d;            /* zone indices */
    double flow;
    int32_t n_links;
    int32_t *links;          /* [n_links] in travel order */
} cor_od_path;

/* A solution with each origin's link flows (cor_assign with
 * keep_origin_flows, any method) and the per-class figures the analyses use. */
typedef struct cor_od_solution {
    int n_classes;          /* K, classes of the problem */
    int32_t n_zones, n_links;
    cor_solution *sol;      /* the solver's solution (owned) */
    const double *origin_flow; /* = sol->origin_flow [(k*Z+o)*n_links + a] */
    const double *class_flow;  /* = sol->class_flow [K * n_links] */
    const double *flow, *time; /* = sol->flow / sol->time [n_links] */
    double gen_cost;        /* sum_ka x_ka (fixed_ka + t_a), time units */
    double *class_gen_cost; /* [K] the same per class */
    const cor_unserved *unserved; /* = sol->unserved */
    int n_unserved;
    double unserved_total;
    double *class_unserved; /* [K] */
    /* Explicit routes (owned; n_paths = 0 from cor_od_solve).  When given,
     * as the logit choice model gives them, cor_touch, select-link volumes
     * and exposure count these routes exactly instead of decomposing the
     * origin flows by the proportional convention. */
    int n_paths;
    cor_od_path *paths;
} cor_od_solution;

/* Solves p per origin.  warm (may be NULL) must come from the same network
 * shape and class count (a scenario of the same model); it is then the
 * starting point.  Returns COR_OK or COR_E_NOCONV with *out set (owned), or
 * another error with *out NULL.  par->warm_start and keep_origin_flows are
 * managed here. */
cor_status cor_od_solve(const cor_problem *p, const cor_assign_params *par,
                        const cor_od_solution *warm, cor_od_solution **out,
                        cor_error *err);
void cor_od_solution_destroy(cor_od_solution *s); /* NULL is fine */

/* ---- decomposition ------------------------------------------------------- */
/* For the link set S (set[a] != 0; NULL = empty set) and nq per-link
 * quantities q[i][a] (e.g. time, money; may be 0), per class k, origin o and
 * destination d (index (k*Z+o)*Z+d):
 *   vol_all  served volume,   vol_in  the part that uses a link of S,
 *   q_all[i] sum over the OD flow of flow x q_i,  q_in[i] the same over the
 *            part that uses S  (divide by the volume for a mean).
 * Any output may be NULL; q_all and q_in are [nq][K*Z*Z].  Returns the flow
 * dropped to break cycles in *dropped (may be NULL). */
cor_status cor_touch(const cor_od_solution *s, const cor_network *net,
                     const uint8_t *set, int nq, const double *const *q,
                     double *vol_all, double *vol_in, double *const *q_all,
                     double *const *q_in, double *dropped, cor_error *err);

/* Select-link link volumes: link_vol[k*n_links + a] = volume of class k on
 * link a that also uses a link of S (on S itself: its whole volume). */
cor_status cor_select_link_volumes(const cor_od_solution *s,
                                   const cor_network *net, const uint8_t *set,
                                   double *link_vol, cor_error *err);

/* ---- corridor accounting ------------------------------------------------
 * Each origin's acyclic flow is enumerated into paths by the proportional
 * convention (path flow = origin outflow x the product of the split shares x
 * the share ending at the destination) and each path is classified by fn —
 * for freight data cor_freight_path_corridors, so the figures match the
 * freight model's own decomposition.  Primary corridor: cor_vocab_primary
 * of the path's set in the model's vocabulary (NULL: every path is "none");
 * paths below 1e-12 of the origin's flow are skipped. */
#define COR_ACC_NC(a) ((a)->n_corridors + 1) /* corridors + none */
typedef cor_corridor_mask (*cor_path_class_fn)(void *ud, const int32_t *links,
                                               int32_t n_links);
typedef struct cor_corridor_acc {
    int n_classes;
    int n_corridors;         /* cor_vocab_count; index n_corridors = none */
    int32_t n_zones;
    /* by primary corridor, per OD: index ((k*Z+o)*Z+d)*COR_ACC_NC(a) + c:
     * volume and flow-weighted sums of hours and USD/t */
    double *prim, *prim_h, *prim_usd;
    /* by tag (overlapping), per class: index k*n_corridors + c */
    double *tag, *tag_h, *tag_usd;
    long n_paths;
} cor_corridor_acc;

/* hours[a], usd[a]: per-link time and money per unit. */
cor_status cor_corridor_accounting(const cor_od_solution *s,
                                   const cor_network *net,
                                   const cor_vocab *vocab, cor_path_class_fn fn,
                                   void *ud, const double *hours,
                                   const double *usd, cor_corridor_acc **out,
                                   cor_error *err);
void cor_corridor_acc_destroy(cor_corridor_acc *a); /* NULL is fine */

/* ---- exposure ------------------------------------------------------------ */
/* Countries named in the link column `country` (sorted, unique; border codes
 * split), as malloc'd strings; *n set.  NULL + *n = 0 when there is no
 * such column. */
char **cor_link_countries(const cor_network *net, int *n);
/* Country of zone z: the `country` node column of its node ("" if absent). */
const char *cor_zone_country(const cor_network *net, int32_t z);

typedef struct cor_exposure {
    int n_countries, n_classes;
    int32_t n_zones;
    char **country;        /* [n_countries] */
    /* transit[(c*K + k)*Z*Z + o*Z + d]: volume of class k from o to d that
     * crosses country c in transit (0 when c is o's or d's country). */
    double *transit;
    double *served;        /* [K*Z*Z] */
    double *value;         /* [K] value per unit (copied; 1 if not given) */
    /* per country: transit tonnes and value, their shares of all served
     * tonnes and value */
    double *tonnes, *value_usd, *tonnes_share, *value_share;
    double total_tonnes, total_value;
} cor_exposure;

/* value: [K] value per unit of each class (USD/t) or NULL (all 1). */
cor_status cor_exposure_compute(const cor_od_solution *s,
                                const cor_network *net, const double *value,
                                cor_exposure **out, cor_error *err);
void cor_exposure_destroy(cor_exposure *e); /* NULL is fine */
int cor_exposure_find(const cor_exposure *e, const char *country); /* or -1 */

/* ---- criticality --------------------------------------------------------- */
typedef enum cor_crit_by {
    COR_CRIT_LINK = 0,    /* a physical link: links joining the same two
                             nodes (either direction) with the same mode */
    COR_CRIT_NODE = 1,    /* every link entering or leaving a node */
    COR_CRIT_COUNTRY = 2, /* every link of a country, its borders included */
    COR_CRIT_BORDER = 3   /* one border crossing: a physical link whose
                             country column names two countries */
} cor_crit_by;
int cor_crit_by_parse(const char *s, cor_crit_by *out); /* 0 ok, -1 */
const char *cor_crit_by_name(cor_crit_by b);

typedef struct cor_crit_element {
    char *label;          /* link ids joined by '|', node id, country, ... */
    char *where;          /* links/borders: "FROM-TO (COUNTRY, MODE)"; else "" */
    int32_t *links;       /* [n_links] */
    int32_t n_links;
} cor_crit_element;

/* The elements of kind `by` among links open in `open` (NULL = all). */
cor_status cor_crit_elements(const cor_network *net, const uint8_t *open,
                             cor_crit_by by, cor_crit_element **out, int *n,
                             cor_error *err);
void cor_crit_elements_free(cor_crit_element *e, int n);

typedef struct cor_crit_item {
    int element;          /* index into the element list */
    int was_used;         /* carried flow in the base solution */
    double gen_cost;      /* total generalized cost after closing (time units) */
    double delta_cost;    /* minus the base */
    double money;         /* the same weighted by class vot (money units) */
    double delta_money;
    double unserved, delta_unserved;
    int n_unserved_od;
    int converged;
    int rank_cost, rank_unserved; /* 1 = most critical */
} cor_crit_item;

typedef struct cor_criticality {
    int n_items;
    cor_crit_item *items; /* sorted: delta_unserved desc, then delta_money */
    double base_cost, base_money, base_unserved;
    double seconds;       /* wall time */
    int threads, n_solved;
} cor_criticality;

/* Closes each element in turn (on top of p->link_open), re-solves
 * warm-started from base (the per-origin solution of p) and ranks.  An
 * element that carries no flow in base is not re-solved: removing an unused
 * option leaves an equilibrium an equilibrium (delta 0).  Solves run in
 * parallel over elements (threads, 0 = all cores), each single-threaded.
 * Money = sum_k vot_k * gen cost of class k. */
cor_status cor_criticality_run(const cor_problem *p, const cor_od_solution *base,
                               const cor_crit_element *el, int n_el,
                               const cor_assign_params *par, int threads,
                               cor_criticality **out, cor_error *err);
void cor_criticality_destroy(cor_criticality *r); /* NULL is fine */
/* The ranking as the table "criticality" (rank, element, where, links, used,
 * added cost and its share of the base cost, added unserved demand, OD pairs
 * left unserved, both ranks, converged), in ranking order; *n_nonconv (may
 * be NULL) gets the number of re-solves that stopped at a limit.  NULL on no
 * memory. */
cor_table *cor_criticality_table(const cor_criticality *cr, const cor_crit_element *el,
                                 cor_crit_by by, int *n_nonconv);

#ifdef __cplusplus
}
#endif
#endif
