/* corridor internal — pieces shared by the report writers. */
#ifndef COR_REPORT_INTERNAL_H
#define COR_REPORT_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "corridor/report.h"

/* ---- Natural Earth outlines (ne_outlines.c, generated) ---- */
typedef struct cor__ne_country {
    const char *name;
    const char *iso_n3;      /* ISO 3166-1 numeric, "" when none */
    int32_t first_ring, n_rings;
} cor__ne_country;
extern const int cor__ne_n_countries;
extern const int cor__ne_n_rings;
extern const int cor__ne_q;  /* points are round(degrees * q) */
extern const cor__ne_country cor__ne_countries[];
extern const int32_t cor__ne_ring_start[]; /* [n_rings + 1] */
extern const int16_t cor__ne_pts[];        /* lon, lat pairs */

/* ---- growable string buffer ----
 * On allocation failure `oom` is set and later appends do nothing; check it
 * once at the end. */
typedef struct cor__sb {
    char *s;
    size_t len, cap;
    int oom;
} cor__sb;
void cor__sb_free(cor__sb *b);
void cor__sb_put(cor__sb *b, const char *s);
void cor__sb_putn(cor__sb *b, const char *s, size_t n);
void cor__sb_printf(cor__sb *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Text escaped for HTML/XML content and attribute values. */
void cor__sb_xml(cor__sb *b, const char *s);
/* A JSON string literal (with quotes). */
void cor__sb_json(cor__sb *b, const char *s);
/* A JSON number (%.10g), or null when not finite. */
void cor__sb_jnum(cor__sb *b, double v);
/* A human number: thousands separators for |v| >= 1000 (no decimals),
 * else 3 significant digits; "–" when not finite. */
void cor__sb_hnum(cor__sb *b, double v);
/* Same into a buffer. */
void cor__fmt_hnum(char *buf, size_t cap, double v);
/* Compact: "506.1 bn", "63.0 M", "12.3 k", else as cor__fmt_hnum. */
void cor__fmt_compact(char *buf, size_t cap, double v);
void cor__sb_cnum(cor__sb *b, double v);

/* ---- geometry ---- */
typedef struct cor__pt {
    double x, y;
} cor__pt;

/* The points of link a (WKT "geometry" extra column when it parses, else
 * from/to node coordinates).  Returns the number of points written into
 * *pts (malloc'd, caller frees), 0 when the link has no drawable geometry
 * (missing coordinates), -1 on no memory. */
int cor__link_geom(const cor_network *net, int32_t a, cor__pt **pts);
/* Parses "LINESTRING (x y, x y, ...)" (case-insensitive, optional Z values
 * ignored).  Same return convention. */
int cor__wkt_linestring(const char *wkt, cor__pt **pts);

/* Bounding box of nodes with coordinates and link geometries.  Returns 0
 * when nothing has coordinates. */
int cor__net_bbox(const cor_network *net, double *minx, double *miny,
                  double *maxx, double *maxy);

/* Link attribute helpers. */
double cor__voc(const cor_network *net, const cor_solution *sol, int32_t a);
/* Value of link extra column `name` for link a, "" when absent. */
const char *cor__link_str(const cor_network *net, int32_t a, const char *name);
const char *cor__node_str(const cor_network *net, int32_t u, const char *name);
/* Node throughput: inflow, or outflow for a node with no inflow. */
double cor__node_throughput(const cor_network *net, const cor_solution *sol,
                            int32_t u);
/* Name of class k: class_names[k] or "class<k+1>" in buf. */
const char *cor__class_name(const char *const *class_names, int k, char *buf,
                            size_t cap);

/* 1 when every non-empty value of the column parses as a finite number and
 * at least one is non-empty (such extra columns are written as numbers). */
int cor__col_numeric(char *const *values, int32_t n);
/* 1 when s parses entirely as a finite number (*v set). */
int cor__parse_num(const char *s, double *v);
/* 1 when an extra column of this name must be left out of the attribute
 * list because a built-in attribute has the name (or it is "geometry"). */
int cor__reserved_link_attr(const char *name);
int cor__reserved_node_attr(const char *name);

/* ---- GIS layers ----
 * One case's links and nodes.  name NULL -> tables "links"/"nodes", else
 * "links_<name>"/"nodes_<name>".  With base_net/base_sol, links also get
 * flow_change = flow - the base flow of the link with the same id (0 when
 * the base has no such link). */
typedef struct cor__layer {
    const char *name;
    const cor_network *net;
    const cor_solution *sol;
    const char *const *class_names;
    const cor_network *base_net;
    const cor_solution *base_sol;
} cor__layer;
cor_status cor__write_geojson_links_ex(const char *path, const cor__layer *l, cor_error *err);
cor_status cor__write_gpkg_layers(const char *path, const cor__layer *layers, int n, cor_error *err);
/* flow change of link a of l (NAN when the layer has no base) */
double cor__flow_change(const cor__layer *l, int32_t a);

/* ---- the report object (report.c), as the page and the map read it ---- */
typedef enum { COR__SEC_TABLE, COR__SEC_BARS, COR__SEC_NOTE } cor__sec_kind;

/* A section added with cor_report_add_table/_bars/_note (strings owned). */
typedef struct cor__section {
    cor__sec_kind kind;
    char *title, *note, *unit;
    int n_rows, n_cols;     /* table rows/cols; bars: cats/series */
    char **cols, **cells;   /* table */
    char **cats, **series;  /* bars */
    double *values;
    cor_bars_kind bkind;
} cor__section;

/* The report's style (cor_report_set_style), strings owned. */
typedef struct cor__style {
    int n_modes;
    char *mode[COR_REPORT_MAX_MODES];
    double dash[COR_REPORT_MAX_MODES][4], width[COR_REPORT_MAX_MODES];
    char *port_type, *port_label, *border_type, *border_label; /* NULL = none */
} cor__style;

/* A case added with cor_report_add_case. */
typedef struct cor__rcase {
    cor_report_case c;      /* pointers borrowed, strings below owned */
    char *label, *flow_unit, *time_unit, *cost_unit, *note;
    const cor__style *style; /* the report's */
} cor__rcase;

struct cor_report {
    char *title, *subtitle;
    cor__style style;
    int n_cases;
    cor__rcase *cases;      /* [0] is the base */
    int n_secs;
    cor__section *secs;
    char *live;             /* the live panel's section (live_panel.c), NULL: none */
    int live_scripts;       /* 1: the engine and live.js go at the page's end */
};

/* ---- the live what-if panel (live_panel.c) ---- */
struct cor_case;
/* 1 when this build embeds the WebAssembly engine. */
int cor__live_available(void);
/* The panel's section for the freight data directory dir, whose base case
 * is base (its year, choice model and solver gap): the markup and the data
 * set as JSON, or, without the engine, a visible note that the panel is not
 * included. */
cor_status cor__live_section(cor__sb *b, const char *dir, struct cor_case *base, cor_error *err);
/* The engine and the panel's script, for the end of the page. */
void cor__live_scripts(cor__sb *b);

/* Flow of link a in case c (0 when the case has no solution). */
double cor__case_flow(const cor__rcase *c, int32_t a);

/* ---- link modes (map.c): the modes the map, its legend and the charts
 * style and total ---- */
/* Index of a mode name in the style, -1 when it is none of them. */
int cor__mode_index(const cor__style *s, const char *mode);
/* The "mode" column of link a ("" when absent). */
const char *cor__link_mode(const cor_network *net, int32_t a);
/* Display name of node u: its "name" column up to " (" or "/", cut at a
 * word boundary near 22 characters, else its id. */
void cor__node_label(const cor_network *net, int32_t u, char *buf, size_t cap);
/* " <unit>" escaped, nothing when the unit is empty. */
void cor__sb_unit(cor__sb *b, const char *unit);

/* ---- the map (map.c) ---- */
/* The SVG map of case ci (diff 0: flows; 1: flow change against case 0) and
 * its legend; `id` names the svg element, view (x0, y0, x1, y1) or NULL
 * the window to fit. */
cor_status cor__draw_map(cor__sb *b, const cor_report *r, int ci, int diff, const char *id,
                         const double *view, cor_error *err);
/* A detail window: the 10th..90th percentiles of node x and y, when that is
 * much smaller than the whole network.  Returns 1 and fills view[4]. */
int cor__detail_view(const cor_network *net, double *view);

/* ---- charts (charts.c) ---- */
extern const char *const cor__palette[];
extern const int cor__n_palette;
/* A log-scale line chart of relative gap vs iteration into b. */
void cor__svg_convergence(cor__sb *b, const cor_solution *sol, int width,
                          int height);
/* A horizontal bar chart. */
void cor__svg_bars(cor__sb *b, const cor_report_bars *bars, int width);
/* The "flow x length by mode" section of case c (nothing without modes). */
void cor__mode_bars(cor__sb *b, const cor__rcase *c);

#endif
