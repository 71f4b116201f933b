/* corridor — reports people look at: GIS outputs (GeoJSON, GeoPackage) and a
 * self-contained HTML report (SVG map, charts, tables).
 *
 * Geometry.  A link is drawn along the WKT LINESTRING in its link extra column
 * "geometry" (GMNS) when that parses, else as the straight segment from its
 * from-node to its to-node.  Nodes without coordinates (NAN) and links
 * touching them are left out of the geometry outputs (they still count in
 * totals).  Coordinates are taken as WGS84 lon/lat when every known node
 * lies in [-180,180] x [-90,90] and the network spans less than 360 x 180
 * (cor_report_is_lonlat); only then do GIS outputs claim EPSG:4326 and the
 * map draw country outlines.  Other coordinates (ChicagoSketch's feet, say)
 * are written as they are: GeoJSON gets the foreign member
 * "corridor:crs": "undefined cartesian" and the GeoPackage srs_id -1.
 *
 * Link attributes in every output: link_id, from, to, every link extra column
 * verbatim (mode, name, cost, corridor, country, status, ...; not geometry),
 * capacity, length, fftime, toll and, with a solution, flow, flow_<class> per
 * class, voc (flow / capacity; null when capacity is 0) and time (congested).
 * Node attributes: node_id, zone (1/0), every node extra column, and with a
 * solution throughput (sum of the flows entering the node; for a pure origin
 * the flows leaving it).
 *
 * Ownership.  Every pointer passed in is borrowed for the duration of the
 * call, except those given to cor_report_add_case: they must stay valid until
 * cor_report_write returns.  Tables and bar series are deep-copied.
 */
#ifndef CORRIDOR_REPORT_H
#define CORRIDOR_REPORT_H

#include <stdint.h>
#include "corridor/analysis.h"
#include "corridor/assign.h"
#include "corridor/freight.h"
#include "corridor/network.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 1 when the node coordinates look like lon/lat degrees (rule above), 0
 * otherwise (also when no node has coordinates). */
int cor_report_is_lonlat(const cor_network *net);

/* ---- styles: modes and node kinds ---------------------------------------
 * The renderer knows no mode names and no node types: the caller says which
 * values of the link column "mode" get a line style (each then has a legend
 * entry with a show/hide switch, a row in the summary table and a bar in the
 * "flow x length by mode" chart, in this order), and which node_type values
 * are drawn as ports (circles) and as border crossings (diamonds), labelled
 * on the map.  Without a style every link is drawn solid, no mode is
 * totalled and nodes are plain dots. */
#define COR_REPORT_MAX_MODES 16
typedef struct cor_report_mode {
    const char *name;      /* a value of the link column "mode" */
    double dash[4];        /* dash/gap lengths in units of max(1, width/2.5);
                              ends at the first 0; all 0 = solid */
    double width;          /* line width factor (0 = 1) */
} cor_report_mode;
typedef struct cor_report_style {
    int n_modes;                   /* at most COR_REPORT_MAX_MODES */
    const cor_report_mode *modes;
    const char *port_type;         /* node_type containing it: a port (NULL: none) */
    const char *port_label;        /* its legend text ("port") */
    const char *border_type;       /* node_type containing it: a border crossing */
    const char *border_label;      /* "border crossing" */
} cor_report_style;
/* The style of the freight model's modes (freight.h: rail, road, ferry, sea,
 * pipeline, transfer) with the node types "port" and "border": fills
 * modes[0..COR_MODE_COUNT) and returns the style pointing at them. */
cor_report_style cor_report_style_freight(cor_report_mode modes[COR_MODE_COUNT]);

/* ---- GIS outputs --------------------------------------------------------
 * sol may be NULL (network attributes only); class_names may be NULL
 * ("class1", ...) and otherwise holds sol->n_classes names.  Files are written
 * atomically (temporary + rename). */

/* RFC 7946 FeatureCollection of LineString features, one per drawable link,
 * in input order. */
cor_status cor_write_geojson_links(const char *path, const cor_network *net,
                                   const cor_solution *sol,
                                   const char *const *class_names,
                                   cor_error *err);
/* FeatureCollection of Point features, one per node with coordinates. */
cor_status cor_write_geojson_nodes(const char *path, const cor_network *net,
                                   const cor_solution *sol, cor_error *err);
/* OGC GeoPackage 1.3 with the feature layers "links" (LineString) and
 * "nodes" (Point).  Needs SQLite (COR_HAVE_SQLITE); without it returns
 * COR_E_USAGE.  An existing file at path is replaced only on success. */
cor_status cor_write_gpkg(const char *path, const cor_network *net,
                          const cor_solution *sol,
                          const char *const *class_names, cor_error *err);

/* ---- plain data for report sections ------------------------------------
 * Callers (freight model, analyses) fill these; the report copies them. */

/* A table of text cells.  Cells that parse entirely as numbers are
 * right-aligned.  cells[r * n_cols + c]; NULL cells print empty. */
typedef struct cor_report_table {
    const char *title;       /* heading, required */
    const char *note;        /* a sentence under the table, NULL = none */
    int n_rows, n_cols;
    const char *const *col_names;  /* [n_cols] */
    const char *const *cells;      /* [n_rows * n_cols] */
} cor_report_table;

typedef enum cor_bars_kind {
    COR_BARS_STACKED = 0,    /* series stacked along each bar (classes) */
    COR_BARS_GROUPED = 1     /* series side by side (scenarios) */
} cor_bars_kind;

/* A horizontal bar chart: one bar (or group) per category, one segment per
 * series.  values[c * n_series + s]; NAN or negative values draw nothing
 * (stacked) / a signed bar from zero (grouped). */
typedef struct cor_report_bars {
    const char *title;       /* required */
    const char *unit;        /* axis label, e.g. "Mt/yr"; NULL = "" */
    const char *note;        /* NULL = none */
    cor_bars_kind kind;
    int n_cats, n_series;
    const char *const *cats;     /* [n_cats] */
    const char *const *series;   /* [n_series]; NULL when n_series == 1 */
    const double *values;        /* [n_cats * n_series] */
} cor_report_bars;

/* One solved case: the base, or a scenario compared with it. */
typedef struct cor_report_case {
    const char *label;               /* "Base", "2030, TRIPP open", ... */
    const cor_network *net;          /* required */
    const cor_solution *sol;         /* NULL = network only */
    const char *const *class_names;  /* [sol->n_classes]; NULL = class1.. */
    const uint8_t *link_open;        /* [n_links] 0 = closed; NULL = all open */
    const char *flow_unit;           /* e.g. "t/yr"; NULL = "" */
    const char *time_unit;           /* e.g. "h"; NULL = "" */
    const char *cost_unit;           /* unit of the "cost" link column, e.g.
                                        "USD/t"; NULL = "" */
    const char *note;                /* a sentence under the case's heading
                                        (scenario description); NULL = none */
} cor_report_case;

typedef struct cor_report cor_report;

/* A new, empty report titled `title` (copied).  NULL on no memory. */
cor_report *cor_report_create(const char *title);
void cor_report_destroy(cor_report *r); /* NULL is fine */
/* Sets the style (copied; NULL = none, see above).  COR_E_USAGE for more
 * than COR_REPORT_MAX_MODES modes or a mode without a name. */
cor_status cor_report_set_style(cor_report *r, const cor_report_style *s, cor_error *err);

/* Adds a case; the first case added is the base, later ones are scenarios
 * compared with it (links matched by link_id).  The struct is copied, the
 * network/solution/arrays it points to are borrowed (see above). */
cor_status cor_report_add_case(cor_report *r, const cor_report_case *c,
                               cor_error *err);
/* Sections, shown after the map and the automatic sections, in the order
 * added.  Copied.  COR_E_USAGE on inconsistent sizes or a missing title. */
cor_status cor_report_add_table(cor_report *r, const cor_report_table *t,
                                cor_error *err);
cor_status cor_report_add_bars(cor_report *r, const cor_report_bars *b,
                               cor_error *err);
/* A free-text paragraph (plain text, escaped) under a heading. */
cor_status cor_report_add_note(cor_report *r, const char *heading,
                               const char *text, cor_error *err);
/* A line under the title (e.g. data source, year). Copied. */
cor_status cor_report_set_subtitle(cor_report *r, const char *text,
                                   cor_error *err);

/* Writes DIR/index.html (self-contained: inline SVG, CSS and JS, no network),
 * DIR/links.geojson and DIR/nodes.geojson for the base case,
 * DIR/links_<case>.geojson and DIR/nodes_<case>.geojson for each scenario
 * (<case> = its label in [a-z0-9_]; links also get flow_change = flow - base
 * flow of the same link id), and with SQLite DIR/results.gpkg holding the
 * layers links, nodes, links_<case>, nodes_<case>.  DIR must exist.  Each
 * file is atomic. */
cor_status cor_report_write(const cor_report *r, const char *dir,
                            cor_error *err);

/* Only the HTML, to `path` (atomic).  Used by cor_report_write. */
cor_status cor_report_write_html(const cor_report *r, const char *path,
                                 cor_error *err);

/* ---- the report of a freight model --------------------------------------
 * Renders solved freight cases (case.h; cases[0] the base, the others
 * scenarios solved the same way, e.g. by cor_case_solve_all): writes into DIR
 * what cor_report_write writes, with these sections: tonnes by primary
 * corridor and class (stacked bars), door-to-door days by corridor and class,
 * with scenarios the same side by side, a corridor table (Mt/yr, days, USD/t
 * per case) and transit-country exposure (Mt/yr crossing each country in
 * transit).  Each scenario gets a map of flow changes against the base.  A
 * case whose solve stopped at a limit still reports (the page shows "not
 * converged").  The cases are only read (non-const for the model's views).
 * Corridor names, labels, precedence, the key-link tables and country
 * labels come from the model's vocabulary (freight.h), the map's mode and
 * node styles from `style` (NULL: none; cor_report_style_freight for the
 * freight modes).  COR_E_USAGE when a case is not a solved freight case
 * with accounting. */
typedef struct cor_case cor_case;
cor_status cor_report_freight(cor_case *const *cases, int n_cases,
                              const char *title, const char *subtitle,
                              const cor_report_style *style,
                              const char *dir, cor_error *err);
/* The same with optional sections (NULL members: none):
 *   targets    a calibration table: the base case's value of every target
 *              (calibrate.h; e.g. DIR/calibration.csv) against its range;
 *   risk       a disruption-risk section from a solved ensemble (risk.h:
 *              cor_risk_run on the base model): expected annual loss and
 *              tail measures, the loss exceeded once in T years, each
 *              hazard's marginal and Shapley contribution (names from
 *              hazards);
 *   appraisal  the ranked appraisal table of cor_appraise;
 *   live_dir   the freight data directory of cases[0]: the page gets the live
 *              what-if panel (docs/REPORTS.md), which embeds that directory's
 *              *.csv and scenarios/ files and re-solves them in the browser
 *              with the WebAssembly engine; a build without the engine says
 *              on the page that the panel is not included.  COR_E_INPUT for
 *              a data set over 3 MB. */
struct cor_targets;
struct cor_risk;
struct cor_hazards;
struct cor_table;
typedef struct cor_report_freight_opts {
    const struct cor_targets *targets;
    const struct cor_risk *risk;
    const struct cor_hazards *hazards;
    const struct cor_table *appraisal;
    const char *live_dir;
} cor_report_freight_opts;
cor_status cor_report_freight_ex(cor_case *const *cases, int n_cases, const char *title,
                                 const char *subtitle, const cor_report_style *style,
                                 const cor_report_freight_opts *opts, const char *dir,
                                 cor_error *err);

#ifdef __cplusplus
}
#endif
#endif
