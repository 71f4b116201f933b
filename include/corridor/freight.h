/* corridor — the freight model: commodity classes, link modes and corridor
 * tags, status/year masking, multi-class equilibrium and corridor accounting.
 *
 * Data (a GMNS directory such as data/eurasia/):
 *   link.csv extra columns used here (kept as strings by cor_read_gmns):
 *     mode        rail|road|ferry|sea|pipeline|transfer          (required)
 *     cost        money cost of the link, USD per tonne          (blank = 0)
 *     country     country list (any number of codes of any length,
 *                 COR_COUNTRY_SEPS-separated: "CN-KZ")           (optional)
 *     corridor    tags separated by ';', '|', ',' or spaces, each a tag of
 *                 corridors.csv (or any tag without it)          (optional)
 *     status      open|under_construction|planned|closed   (blank = open)
 *     opening_year  integer year                                (optional)
 *     closing_year  integer year after opening_year: closed from that year
 *                   on (a line replaced by its upgrade)          (optional)
 *     capacity_unit t/yr (blank) | TEU/yr | wagons/yr | sailings/week: the
 *                 capacity column's unit, converted to tonnes/year at load
 *                 with the tonnes per unit of the classes allowed on the
 *                 link that state it (class.csv unit TEU / wagons and
 *                 tonnes_per_unit, or tonnes_per_sailing), weighted by the
 *                 classes' demand                                (optional)
 *     time_sd_h, headway_h, vdf  route choice and queueing (docs/FORMATS.md)
 *   free_flow_time is in hours, capacity in tonnes/year, demand tonnes/year.
 *   class.csv: class,value_of_time,allowed_modes,unit,tonnes_per_unit,...
 *     value_of_time in USD per tonne-hour (> 0); allowed_modes a list of modes
 *     separated by ';', '|' or spaces.
 *
 * Model.  Class k may use link a when mode(a) is in its allowed modes and the
 * link is open.  Its generalized cost on link a, in money, is
 *     g_ka = cost_usd[a] + vot_k * t_a(v_a)       (USD per tonne)
 * with t_a the BPR time of the shared total volume v_a (tonnes/year, every
 * class counts one tonne as one tonne).  The assignment works in time units:
 * cor_class.fixed[a] = cost_usd[a] / vot_k (hours), so class k's cost in hours
 * is g_ka / vot_k, and the equilibrium is the multi-class Beckmann problem of
 * corridor/assign.h.  Transfer, port and border penalties are ordinary links
 * (mode "transfer") with their own time and cost.
 *
 * Open links.  A link is open when
 *   - an explicit override says so (cor_freight_set_link_open: scenarios), else
 *   - opts.year == 0 (base): status is "open";
 *   - opts.year  > 0: status is not "closed" and either opening_year <= year,
 *     or opening_year is blank and status is "open".  (So a year before a
 *     link's opening_year closes it: history works as well as the future.)
 *     A link with a closing_year is closed when year >= closing_year.
 *
 * Ownership and life cycle.  A cor_freight owns deep copies of the network and
 * demand it was created from; edit them through the accessors between solves
 * (capacity, fftime, vdf parameters, cost_usd, demand, overrides) and call
 * cor_freight_solve again: every solve rebuilds masks and class costs from the
 * current state (O(classes x links)), so a scenario is
 *     s = cor_freight_clone(base); <edit s>; cor_freight_solve(s, ...);
 * Do not add or remove links/nodes/zones of the owned network.
 *
 * Corridor accounting.  The solve keeps per-origin link flows (exact for
 * every method, assign.h keep_origin_flows).  Each origin's flow is
 * decomposed into paths by the proportional convention of analysis.h (at
 * every node, the flow leaving on each used link or ending there is the same
 * share of the flow passing it) — the decomposition the corridor accounting
 * of the analyses uses — giving path flows whose link sums reproduce the
 * origin flows.
 * A link lists every corridor it serves (shared trunk links carry several
 * tags), so a path's corridor set (cor_freight_path_corridors) is the
 * intersection of the tag sets of its tagged links, leaving out links with a
 * feeder-role tag (shared access lines) unless every tagged link has one.
 * E.g. a path over "a;b", "a;c" and "a" links is {a}.  A tag with a
 * branch_country is in the set exactly when the path uses a link carrying
 * it in one of those countries (whatever the rule above gave).  Untagged
 * links (connectors) do not count.  When no tag is common to all (a path
 * switching corridors over an access line of another), the set is the
 * tag(s) covering the greatest length of the path's tagged non-feeder
 * links.  Its primary corridor (cor_vocab_primary) is the tag of lowest
 * precedence, "none" for an empty set.  Path time is the congested time
 * at equilibrium (hours; door-to-door days = hours/24 including transfer
 * links), money the sum of cost_usd.
 *
 * Gas pipelines.  No class carries gas in tonnes, so a pipeline link whose
 * name contains "gas" (any case) is usable only by classes whose name
 * contains "gas"; other pipelines by every class that allows mode pipeline.
 *
 * Errors follow error.h: COR_E_INPUT with "FILE:LINE: field NAME: ..." for
 * bad class.csv rows, "link ID: field NAME: ..." for bad link attributes.
 */
#ifndef CORRIDOR_FREIGHT_H
#define CORRIDOR_FREIGHT_H

#include <stdint.h>
#include "corridor/assign.h"
#include "corridor/choice.h"
#include "corridor/demand.h"
#include "corridor/network.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- enumerations -------------------------------------------------------- */
typedef enum cor_mode {
    COR_MODE_RAIL = 0, COR_MODE_ROAD, COR_MODE_FERRY, COR_MODE_SEA,
    COR_MODE_PIPELINE, COR_MODE_TRANSFER,
    COR_MODE_COUNT
} cor_mode;

/* A corridor is an index 0..n-1 into the model's corridor vocabulary
 * (cor_vocab below); n itself (cor_vocab_count) stands for "none", the
 * primary corridor of an untagged path. */
typedef int cor_corridor;

/* Bit (1 << cor_corridor) per tag; a vocabulary has at most COR_CORR_MAX
 * corridors. */
typedef uint64_t cor_corridor_mask;
#define COR_CORR_MAX 64
#define COR_CORR_BIT(c) ((cor_corridor_mask)1u << (c))

typedef enum cor_link_status {
    COR_STATUS_OPEN = 0, COR_STATUS_UNDER_CONSTRUCTION, COR_STATUS_PLANNED,
    COR_STATUS_CLOSED
} cor_link_status;

/* Names ("rail", "under_construction", ...) and parsers (0 ok, -1 unknown;
 * parsing is case-sensitive, as in the data). */
const char *cor_mode_name(cor_mode m);
int cor_mode_parse(const char *s, cor_mode *out);
const char *cor_status_name_link(cor_link_status s);
int cor_link_status_parse(const char *s, cor_link_status *out);

/* ---- corridor vocabulary (corridors.csv, highlights.csv, countries.csv) --
 * The corridors a data set speaks of, and the link sets its tables show,
 * are data (docs/FORMATS.md has the columns):
 *   corridors.csv  tag,name,label,precedence,colour,role,distinct,branch_country
 *     one row per corridor tag, in output order.  precedence: integer, the
 *     lowest present tag is a path's primary corridor (ties: file order);
 *     role trunk|feeder (feeder tags mark shared access lines, see the path
 *     rule below); distinct 1|0 (0: ignored when `route` compares the
 *     corridor sets of alternative routes); branch_country: a country list —
 *     the tag then counts for a path only when the path uses a link carrying
 *     the tag in one of these countries (a branch identified by its own
 *     links; the tag alone also marks the shared links it continues on).
 *   highlights.csv  set,label,note,use,list,tag,mode,country,region
 *     named link sets (one or more rows each, united); a row matches a link
 *     when every non-blank criterion does: tag (the link carries it), mode
 *     (one of a ';' list), country (the link's country list meets this one),
 *     region "lon0 lat0 lon1 lat1" (both end nodes inside the box).  use:
 *     corridors (the `corridors` command's link tables and JSON), report (the
 *     report's key-link table) or both; list: flow (links carrying flow) or
 *     open (open links and links with flow; when none of the set is open a
 *     line says when the set's tag opens).  label and note (the report's
 *     sentence under the table) come from the set's first row.
 *   countries.csv  code,name,headline
 *     names of country codes (optional; charts label a named code "code
 *     (name)", others by the code); headline 1|0 (blank 0): the country is
 *     in the headline table of `corridor exposure`, in file order.
 * Without corridors.csv every tag met in link.csv is a corridor, in order
 * of first appearance (precedence = that order, role trunk, distinct 1, no
 * branches); without highlights.csv there are no highlight sets.  A NULL
 * vocabulary reads as an empty one (every path "none"). */
typedef struct cor_vocab cor_vocab;

/* Reads the vocabulary files of data set DIR that exist (none is fine).
 * Tags of highlights.csv are checked when a model is created with it.
 * Errors: COR_E_IO, COR_E_INPUT naming file, line and field. */
cor_status cor_vocab_load(const char *dir, cor_vocab **out, cor_error *err);
cor_vocab *cor_vocab_clone(const cor_vocab *v);   /* NULL on no memory */
void cor_vocab_destroy(cor_vocab *v);             /* NULL is fine */

int cor_vocab_count(const cor_vocab *v);          /* corridors (0 for NULL) */
/* Tag ("middle"; "none" for c == count), short name for prose ("Middle";
 * blank = tag), label for charts ("Middle Corridor (Trans-Caspian)"; blank =
 * name; "Other / untagged" for none) and colour ("#rrggbb" or ""). */
const char *cor_vocab_tag(const cor_vocab *v, cor_corridor c);
const char *cor_vocab_name(const cor_vocab *v, cor_corridor c);
const char *cor_vocab_label(const cor_vocab *v, cor_corridor c);
const char *cor_vocab_colour(const cor_vocab *v, cor_corridor c);
/* Index of tag (exact), or -1. */
cor_corridor cor_vocab_find(const cor_vocab *v, const char *tag);
/* The i-th corridor in precedence order (i < count). */
cor_corridor cor_vocab_by_precedence(const cor_vocab *v, int i);
/* Primary corridor of a tag set: its tag of lowest precedence; count (none)
 * when the set is empty. */
cor_corridor cor_vocab_primary(const cor_vocab *v, cor_corridor_mask m);
/* corridors.csv `constants_of`: the corridor whose route-choice constants
 * also apply to routes whose primary corridor is c (TRIPP: a branch of the
 * Middle Corridor), or -1. */
cor_corridor cor_vocab_constants_of(const cor_vocab *v, cor_corridor c);
/* Masks of the feeder-role tags and of the tags with distinct 0. */
cor_corridor_mask cor_vocab_feeder_mask(const cor_vocab *v);
cor_corridor_mask cor_vocab_nondistinct_mask(const cor_vocab *v);

/* Highlight sets, in order of first appearance in highlights.csv. */
enum { COR_HL_USE_CORRIDORS = 1, COR_HL_USE_REPORT = 2 };
enum { COR_HL_LIST_FLOW = 0, COR_HL_LIST_OPEN = 1 };
typedef struct cor_highlight {
    const char *set;      /* "tripp" */
    const char *label;    /* table title */
    const char *note;     /* sentence under the report's table, "" = default */
    int use;              /* COR_HL_USE_* bits */
    int list;             /* COR_HL_LIST_* */
    cor_corridor tag;     /* the tag of its first row that names one, or -1
                             (in a model's vocabulary; -1 before) */
} cor_highlight;
int cor_vocab_n_highlights(const cor_vocab *v);
/* Display label of a country code: "ZZ (international waters)" for a code
 * with a name in countries.csv, else the code itself. */
const char *cor_vocab_country_label(const cor_vocab *v, const char *code);
/* The rows of countries.csv: code and name ("" when blank), i < n. */
int cor_vocab_n_countries(const cor_vocab *v);
const char *cor_vocab_country_code(const cor_vocab *v, int i);
const char *cor_vocab_country_name(const cor_vocab *v, int i);
/* The countries marked headline (countries.csv), in file order: the
 * headline table of `corridor exposure`.  i < cor_vocab_n_headline. */
int cor_vocab_n_headline(const cor_vocab *v);
const char *cor_vocab_headline(const cor_vocab *v, int i);
const cor_highlight *cor_vocab_highlight(const cor_vocab *v, int h);

/* ---- commodity classes (class.csv) ------------------------------------- */
/* A shipper segment of a class (class.csv rows with a segment name): its
 * share of the class's tonnes and its own value of time. */
typedef struct cor_freight_segment {
    char *name;
    double share;            /* (0, 1]; a class's shares sum to 1 (1e-9) */
    double vot;              /* USD per tonne-hour, > 0 */
} cor_freight_segment;

typedef struct cor_freight_class {
    char *name;
    double vot;              /* USD per tonne-hour, > 0 */
    uint32_t modes;          /* bit (1u << cor_mode) per allowed mode */
    char *unit;              /* "TEU", "t", ... ("" when blank) */
    double tonnes_per_unit;  /* 0 when blank */
    char *description;       /* "" when blank */
    /* route choice (docs/CHOICE.md; all optional, 0 when blank) */
    double logit_scale;      /* per USD/t, > 0; 0 = not given */
    double value_of_reliability; /* USD per tonne per hour of SD, >= 0 */
    double demand_elasticity;    /* <= 0; 0 = fixed demand */
    double tonnes_per_sailing;   /* tonnes of the class one sailing carries */
    int n_segments;              /* 0 = the class is one segment */
    cor_freight_segment *segments; /* [n_segments] */
} cor_freight_class;

typedef struct cor_freight_classes {
    int n;
    cor_freight_class *cls; /* [n] */
} cor_freight_classes;

/* Reads class.csv.  *out is owned by the caller (cor_freight_classes_destroy).
 * A row whose `segment` column is not blank is a segment of the class of
 * that name on an earlier row: it gives `share` and its own value_of_time
 * and leaves the class's other columns blank.  Errors: COR_E_IO,
 * COR_E_INPUT naming file, line and field (unknown mode, value_of_time not
 * a positive number, duplicate class or segment, logit_scale not a finite
 * number > 0, value_of_reliability < 0, demand_elasticity > 0, shares not
 * summing to 1 within 1e-9). */
cor_status cor_read_freight_classes(const char *path, cor_freight_classes **out,
                                    cor_error *err);
cor_freight_classes *cor_freight_classes_clone(const cor_freight_classes *c);
void cor_freight_classes_destroy(cor_freight_classes *c); /* NULL is fine */
/* Index of class `name`, or -1. */
int cor_freight_classes_find(const cor_freight_classes *c, const char *name);

/* ---- the model ----------------------------------------------------------- */
typedef struct cor_freight cor_freight;

typedef struct cor_freight_opts {
    int year;   /* 0 = base (status only); > 0 = open links by opening_year */
    const cor_vocab *vocab; /* corridor vocabulary (copied); NULL = the
                               tags of link.csv in order of appearance */
} cor_freight_opts;

/* Builds a model from a network with the link columns above, a demand whose
 * class names all appear in `classes`, and the classes.  Copies net, demand
 * and classes (the caller keeps and frees its own).  Classes of `classes`
 * without demand are kept (zero demand).  Errors: COR_E_INPUT for a missing
 * mode column, an unknown mode/status/corridor tag, a cost or opening_year
 * that is not a number (message names the link id and field), a demand class
 * absent from class.csv, demand/network zone mismatch, a highlight tag or
 * mode the model does not know, more than COR_CORR_MAX tags; COR_E_NOMEM. */
cor_status cor_freight_create(const cor_network *net, const cor_demand *demand,
                              const cor_freight_classes *classes,
                              const cor_freight_opts *opts, cor_freight **out,
                              cor_error *err);

/* Reads DIR/node.csv, DIR/link.csv, DIR/demand.csv, DIR/class.csv and, when
 * present, DIR/corridors.csv and DIR/highlights.csv, and calls
 * cor_freight_create (opts->vocab, if set, overrides the files). */
cor_status cor_freight_load(const char *dir, const cor_freight_opts *opts,
                            cor_freight **out, cor_error *err);

/* 1 when DIR/class.csv exists (the CLI's "is this freight data?" test). */
int cor_freight_dir_is_freight(const char *dir);

/* A deep copy (network, demand, classes, costs, overrides, year); NULL on no
 * memory.  The base for scenarios. */
cor_freight *cor_freight_clone(const cor_freight *f);
void cor_freight_destroy(cor_freight *f); /* NULL is fine */

/* Borrowed views, valid until destroy.  The network and demand are mutable:
 * scenarios may change capacity/fftime/vdf_alpha/vdf_beta and demand values
 * (not the shape). */
cor_network *cor_freight_network(cor_freight *f);
cor_demand *cor_freight_demand(cor_freight *f);
const cor_freight_classes *cor_freight_get_classes(const cor_freight *f);
/* The model's demand always has one matrix per freight class, in class.csv
 * order: demand->class_name[k] == classes->cls[k].name. */

/* Per-link attributes [n_links] in CSR order.  cost_usd is mutable
 * (scenarios change money cost); the others are read-only. */
double *cor_freight_cost_usd(cor_freight *f);
const uint8_t *cor_freight_link_mode(const cor_freight *f);     /* cor_mode */
const uint8_t *cor_freight_link_status(const cor_freight *f);   /* cor_link_status */
const int32_t *cor_freight_link_opening_year(const cor_freight *f); /* 0 = blank */
const cor_corridor_mask *cor_freight_link_corridors(const cor_freight *f);
/* The model's corridor vocabulary (given, or derived from the tags). */
const cor_vocab *cor_freight_vocab(const cor_freight *f);
/* The link's countries (cor_country_next items, duplicates removed):
 * returns how many, and stores up to cap of them (borrowed) in codes. */
int cor_freight_link_countries(const cor_freight *f, int32_t link,
                               const char **codes, int cap);
/* 1 when link belongs to highlight set h of the vocabulary. */
int cor_freight_in_highlight(const cor_freight *f, int h, int32_t link);
/* 1 when some link of highlight set h is open in the model as it stands
 * (status, year, overrides); *last_year (may be NULL) gets the latest
 * opening_year on the set's route — the links of its corridor tag when it
 * names one, else its own links — or 0 when none has one. */
int cor_freight_highlight_open(cor_freight *f, int h, int *last_year);

/* Year (0 = base); changing it re-derives the open mask at the next solve. */
void cor_freight_set_year(cor_freight *f, int year);
int cor_freight_year(const cor_freight *f);

/* Overrides (scenarios).  state: 1 force open, 0 force closed, -1 back to
 * the status/year rule. */
void cor_freight_set_link_open(cor_freight *f, int32_t link, int state);
/* Force-closes every link entering or leaving node (dense index). */
void cor_freight_close_node(cor_freight *f, int32_t node);
/* Force-closes links whose country list holds `iso2` (any case), / whose mode is m,
 * / that carry corridor tag c.  Return the number of links closed. */
int32_t cor_freight_close_country(cor_freight *f, const char *iso2);
int32_t cor_freight_close_mode(cor_freight *f, cor_mode m);
int32_t cor_freight_close_corridor(cor_freight *f, cor_corridor c);
/* Force-opens every link carrying tag c that is not status "closed" (e.g.
 * "open TRIPP"); returns the number changed. */
int32_t cor_freight_open_corridor(cor_freight *f, cor_corridor c);
/* The effective open mask [n_links] (1 = open) under the current year and
 * overrides.  Recomputed on each call; pointer valid until the next call or
 * destroy. */
const uint8_t *cor_freight_link_open(cor_freight *f);

/* The assignment problem for the current state, one class per freight class
 * (fixed = cost_usd / vot, allowed = mode mask, link_open).  Valid until the
 * next call that changes the model or destroy; for callers that want to run
 * cor_assign themselves.  NULL on no memory. */
const cor_problem *cor_freight_problem(cor_freight *f, cor_error *err);

/* ---- route-choice constants (constants.csv) -----------------------------
 * Money (USD/t) added to a route's cost in the logit choice model (the
 * deterministic UE does not use them: they are not link-additive).
 *   constants.csv  corridor,country,class,usd_t[,source,notes]
 *     exactly one of corridor (a tag: the route's primary corridor is it)
 *     and country (a code some link lists: the route crosses a link in it
 *     and it is neither end zone's node.csv country — transit) per row;
 *     class blank = every class; usd_t any finite number. */
typedef struct cor_freight_constant {
    cor_corridor corridor;   /* -1: a country constant */
    char *country;           /* NULL: a corridor constant */
    int cls;                 /* -1 = every class */
    double usd;
} cor_freight_constant;

/* Reads a constants file into the model (replacing its constants);
 * cor_freight_load reads DIR/constants.csv when present.  Errors: COR_E_IO,
 * COR_E_INPUT naming file, line and field (unknown corridor, class or
 * country, both or neither of corridor and country, duplicate row). */
cor_status cor_freight_read_constants(cor_freight *f, const char *path, cor_error *err);
/* Replaces the model's constants by c[0..n-1] (copied). */
cor_status cor_freight_set_constants(cor_freight *f, int n, const cor_freight_constant *c,
                                     cor_error *err);
int cor_freight_n_constants(const cor_freight *f);
const cor_freight_constant *cor_freight_constant_at(const cor_freight *f, int i);
/* Writes the model's constants as constants.csv (atomically). */
cor_status cor_freight_write_constants(const cor_freight *f, const char *path, cor_error *err);
/* The sum of the constants that apply to a route of class cls from zone o
 * to zone d over links[] (USD/t). */
double cor_freight_route_constant(const cor_freight *f, int cls, const int32_t *links,
                                  int32_t n_links, int32_t o, int32_t d);

/* ---- solving and results ------------------------------------------------- */

/* One path of the decomposition: `flow` tonnes/year of class `cls` from zone
 * o to zone d along links[0..n_links-1]. */
typedef struct cor_freight_path {
    int cls;
    int32_t o, d;            /* zone indices */
    double flow;             /* tonnes/year */
    double hours;            /* congested door-to-door time (h) */
    double usd;              /* money cost (USD/t) */
    double gen_usd;          /* usd + vot * hours */
    cor_corridor_mask corridors;
    cor_corridor primary;
    int32_t n_links;
    int32_t *links;          /* [n_links] CSR link indices in travel order */
    /* the logit choice model (cor_freight_solve_choice): the shipper
     * segment (index into the class's segments, -1 = the class as one) and
     * the route's choice probability within it; -1 and NAN from the UE */
    int seg;
    double prob;
} cor_freight_path;

/* Flow-weighted statistics of a group of paths. */
typedef struct cor_freight_stat {
    double tonnes;           /* tonnes/year */
    double mean_days;        /* flow-weighted hours / 24; 0 when tonnes == 0 */
    double mean_usd;         /* flow-weighted USD/t */
} cor_freight_stat;

typedef struct cor_freight_result {
    int n_classes;
    int n_corridors;         /* cor_vocab_count of the model; "none" = this */
    int32_t n_zones;
    cor_solution *sol;       /* per freight class (class_flow[k*n_links+a]);
                                flow/time per link; gap, iterations */
    int n_paths;
    cor_freight_path *paths; /* sorted by (cls, o, d, -flow) */
    /* by_primary[c * n_classes + k]: paths of class k whose primary corridor
     * is c (c = 0..n_corridors, the last being none); exclusive, sums to
     * the served demand of class k. */
    cor_freight_stat *by_primary;
    /* by_tag[c * n_classes + k]: paths that use any link tagged c
     * (c < n_corridors); overlapping. */
    cor_freight_stat *by_tag;
    /* Largest |sum of path flows on a link - class link flow| (tonnes/year):
     * the decomposition's residual, ~ solver tolerance. */
    double decomposition_residual;
    int choice;              /* 1: the logit choice model's routes */
    /* the logit model: sum over OD pairs and segments of tonnes x composite
     * cost (the logsum, USD/t: what shippers expect to pay, constants and
     * reliability included), USD/yr; its change is minus the change in
     * shippers' surplus.  NAN from the UE. */
    double perceived_usd;
    /* the logit model's groups (class, segment -1 = the class as one) with
     * their composite cost (USD/t, NAN where no demand or route) and solved
     * demand (t/yr) per OD [n_groups * Z * Z]; and the tonnes that elastic
     * demand added or removed against the data's demand.  0 / NULL from the UE. */
    int n_groups;
    int *group_cls, *group_seg;
    double *composite, *demand;
    double *level;           /* [n_groups * Z * Z] flow-weighted generalized
                                cost (USD/t, money + the segment's time, no
                                constants): elastic demand's cost level */
    double induced, suppressed;
} cor_freight_result;

/* Solves the current state to par (NULL = defaults with gap 1e-8, bush) and
 * decomposes it.  On COR_OK / COR_E_NOCONV *out is a result owned by the
 * caller (cor_freight_result_destroy); else NULL. */
cor_status cor_freight_solve(cor_freight *f, const cor_assign_params *par,
                             cor_freight_result **out, cor_error *err);
void cor_freight_result_destroy(cor_freight_result *r); /* NULL is fine */
/* The same with the logit choice model (choice.h, docs/CHOICE.md) instead
 * of the deterministic UE: path-size logit over generated route sets, every
 * class's logit_scale (required), segments, value_of_reliability, the
 * link.csv time_sd_h and headway_h columns and the constants.csv terms as
 * route constants; demand fixed.  par NULL = cor_choice_params_default.
 * The result's paths are the choice model's routes with positive flow; the
 * solution's gap is the choice convergence measure. */
cor_status cor_freight_solve_choice(cor_freight *f, const cor_choice_params *par, cor_freight_result **out,
                                    cor_error *err);
/* The same with elastic demand: each class with demand_elasticity e < 0
 * has OD tonnes q = D0 ((S - S0 + L) / L)^e, S0 the composite costs and L
 * the generalized cost levels of `ref` (a
 * result of this function on the same model shape: the base of a
 * scenario), solved jointly with the route choice.  ref NULL, or a class
 * without a finite S0 wherever it has demand: fixed demand. */
cor_status cor_freight_solve_choice_ref(cor_freight *f, const cor_choice_params *par,
                                        const cor_freight_result *ref, cor_freight_result **out,
                                        cor_error *err);
/* 1 when every class of f has a logit_scale: the data set is ready for the
 * choice model, which is then the default of a case (case.h). */
int cor_freight_has_choice(const cor_freight *f);

/* Statistics of class k (k = -1: all classes) for primary corridor c (or, when
 * by_tag is non-zero, for paths using tag c). */
cor_freight_stat cor_freight_result_stat(const cor_freight_result *r, int by_tag,
                                         cor_corridor c, int k);

/* Writes DIR/corridors.csv (corridor,class,basis,tonnes,mean_days,mean_usd_t),
 * DIR/paths.csv (one row per path: class,o,d,tonnes,days,usd_t,gen_usd_t,
 * primary,corridors,countries,nodes), DIR/links.csv (link_id,from,to,mode,
 * corridor,status,open,volume,capacity,voc,time_h,cost_usd_t,<class volumes>)
 * and DIR/convergence.csv, atomically.  DIR must exist. */
cor_status cor_freight_write(cor_freight *f, const cor_freight_result *r,
                             const char *dir, cor_error *err);

/* The corridor set of a path (the rule above). */
cor_corridor_mask cor_freight_path_corridors(const cor_freight *f, const int32_t *links,
                                             int32_t n_links);

/* Countries crossed along links[] (consecutive duplicates removed) as a
 * malloc'd string "CN KZ AZ GE" in *out (free it); returns the count, or -1
 * with *out NULL on no memory. */
int cor_freight_countries_str(const cor_freight *f, const int32_t *links,
                              int32_t n_links, char **out);

/* ---- routes -------------------------------------------------------------- */
typedef struct cor_freight_route {
    int32_t n_links;
    int32_t *links;          /* malloc'd; freed by cor_freight_routes_free */
    double hours, usd, gen_usd;
    cor_corridor_mask corridors;
    cor_corridor primary;
} cor_freight_route;

/* Up to k cheapest routes of class k_cls from node `from` to node `to` with
 * pairwise distinct corridor sets (feeder and energy tags ignored when
 * comparing), by generalized cost usd + vot*time, at free-flow time (r NULL)
 * or at the equilibrium times of r.  Yen's paths are scanned in cost order
 * (up to `scan` of them, 0 = 200) keeping the first of each corridor set.
 * routes[] must hold k entries; *n_found is set.  */
cor_status cor_freight_routes(cor_freight *f, const cor_freight_result *r,
                              int k_cls, int32_t from, int32_t to, int k,
                              int scan, cor_freight_route *routes,
                              int *n_found, cor_error *err);
void cor_freight_routes_free(cor_freight_route *routes, int n);

/* The cheapest route of class k_cls from `from` to `to` using only open,
 * class-usable links tagged with corridor c (at free-flow times when r is
 * NULL, else at r's equilibrium times).  Returns COR_OK with route->n_links
 * = -1 when there is none; else route->links is malloc'd (free with
 * cor_freight_routes_free(route, 1)).  This is how door-to-door days "via
 * corridor c" are measured for calibration. */
cor_status cor_freight_corridor_route(cor_freight *f, const cor_freight_result *r,
                                      int k_cls, int32_t from, int32_t to,
                                      cor_corridor c, cor_freight_route *route,
                                      cor_error *err);

#ifdef __cplusplus
}
#endif
#endif
