/* corridor — the live what-if engine: one base case kept solved, scenarios
 * solved against it on demand, results as one JSON document.
 *
 * This is what the report's live panel runs (compiled to WebAssembly,
 * src/live/wasm.c, docs/REPORTS.md), and it is an ordinary part of the
 * library: the same case pipeline as `corridor scenario` (case.h) — the
 * base solved once, each scenario applied to a clone of the model as read,
 * warm-started from the base and with the base as the reference of elastic
 * demand — and the same result tables (cor_compare, cor_exposure_tables),
 * so the numbers are those of the CLI digit for digit.
 *
 * JSON of a solve (cor_live_solve; the base's from cor_live_base_json):
 *   {"ok": true, "name": "...", "year": Y, "choice": "logit"|"ue",
 *    "converged": true, "gap": G, "iterations": N, "solve_ms": T,
 *    "totals": {"demand":..,"served":..,"unserved":..,"induced":..,
 *               "suppressed":..,"perceived":..,"cost":..,"money":..,
 *               "n_closed":..},
 *    "summary": {T: [rows]}, "corridors": {..}, "unserved": {..},
 *    "exposure": {..}, "exposure_headline": {..}
 *                                the tables of `corridor scenario` (T is the
 *                                table's name: summary.csv, corridors.csv,
 *                                unserved.csv, this case against the base)
 *                                and of `corridor exposure` (exposure_country
 *                                .csv, exposure_headline.csv)
 *    "flow": [...], "voc": [...], "open": [...]}   per link, in the order of
 *                                "links" (link ids, base JSON only)
 * Table rows are objects of column: cell, the CSV's text (numbers as JSON
 * numbers).  solve_ms is the wall time of reading the scenario, applying it
 * and solving (the tables not included).
 */
#ifndef CORRIDOR_LIVE_H
#define CORRIDOR_LIVE_H

#include "corridor/case.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cor_live cor_live;

typedef struct cor_live_opts {
    int year;            /* model year of the base (0 = the data's status) */
    int choice;          /* -1: the data set's default; else cor_choice_model */
    double gap;          /* solver gap (0 = the case default, 1e-8) */
    int max_iter;        /* 0 = the case default */
} cor_live_opts;

/* Opens the freight data directory dir (cor_case_open) and solves its base.
 * COR_E_USAGE for a directory that is not freight data. */
cor_status cor_live_open(const char *dir, const cor_live_opts *opts, cor_live **out, cor_error *err);
void cor_live_destroy(cor_live *l); /* NULL is fine */

/* The base case's JSON (above, plus "links": the link ids); owned by l. */
const char *cor_live_base_json(const cor_live *l);

/* Loads the scenario file at path (cor_scenario_load; its `base` names are
 * relative to its folder), solves it against the base and sets *json to a
 * malloc'd document (the caller frees it).  A bad scenario or a failed solve
 * returns its status with the message (file and line) in err and leaves
 * *json NULL; the base is untouched, so the next call works as before.  A
 * solve stopped at its iteration limit is a result ("converged": false). */
cor_status cor_live_solve(cor_live *l, const char *path, char **json, cor_error *err);

#ifdef __cplusplus
}
#endif
#endif
