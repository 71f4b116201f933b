/* corridor report — the report object and the self-contained HTML page:
 * header, SVG map (country outlines, links by mode/flow/v-c, labelled ports
 * and borders), charts, tables, scenario difference maps. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "corridor/corridor.h"
#include "corridor/io.h"
#include "report/internal.h"

/* ---- the report object ---------------------------------------------------- */
typedef enum { SEC_TABLE, SEC_BARS, SEC_NOTE } sec_kind;

typedef struct section {
    sec_kind kind;
    char *title, *note, *unit;
    int n_rows, n_cols;     /* table rows/cols; bars: cats/series */
    char **cols, **cells;   /* table */
    char **cats, **series;  /* bars */
    double *values;
    cor_bars_kind bkind;
} section;

typedef struct rcase {
    cor_report_case c;      /* pointers borrowed, strings below owned */
    char *label, *flow_unit, *time_unit, *cost_unit, *note;
} rcase;

struct cor_report {
    char *title, *subtitle;
    int n_cases;
    rcase *cases;
    int n_secs;
    section *secs;
};

cor_report *cor_report_create(const char *title)
{
    cor_report *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->title = cor__strdup(title ? title : "corridor report");
    r->subtitle = cor__strdup("");
    if (!r->title || !r->subtitle) { cor_report_destroy(r); return NULL; }
    return r;
}

static void free_strs(char **v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

static void section_free(section *s)
{
    free(s->title);
    free(s->note);
    free(s->unit);
    free_strs(s->cols, (size_t)(s->kind == SEC_TABLE ? s->n_cols : 0));
    free_strs(s->cells, s->kind == SEC_TABLE ? (size_t)s->n_rows * (size_t)s->n_cols : 0);
    free_strs(s->cats, (size_t)(s->kind == SEC_BARS ? s->n_rows : 0));
    free_strs(s->series, (size_t)(s->kind == SEC_BARS ? s->n_cols : 0));
    free(s->values);
}

void cor_report_destroy(cor_report *r)
{
    if (!r) return;
    for (int i = 0; i < r->n_cases; i++) {
        free(r->cases[i].label);
        free(r->cases[i].flow_unit);
        free(r->cases[i].time_unit);
        free(r->cases[i].cost_unit);
        free(r->cases[i].note);
    }
    free(r->cases);
    for (int i = 0; i < r->n_secs; i++) section_free(&r->secs[i]);
    free(r->secs);
    free(r->title);
    free(r->subtitle);
    free(r);
}

cor_status cor_report_set_subtitle(cor_report *r, const char *text, cor_error *err)
{
    if (!r) return cor_error_set(err, COR_E_USAGE, "report: NULL report");
    char *s = cor__strdup(text);
    if (!s) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    free(r->subtitle);
    r->subtitle = s;
    return COR_OK;
}

cor_status cor_report_add_case(cor_report *r, const cor_report_case *c, cor_error *err)
{
    if (!r || !c || !c->net) return cor_error_set(err, COR_E_USAGE, "report: a case needs a network");
    if (c->sol && c->sol->n_links != c->net->n_links)
        return cor_error_set(err, COR_E_USAGE, "report: case '%s': solution has %d links, network %d",
                             c->label ? c->label : "", (int)c->sol->n_links, (int)c->net->n_links);
    rcase *v = realloc(r->cases, sizeof *v * (size_t)(r->n_cases + 1));
    if (!v) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    r->cases = v;
    rcase *k = &v[r->n_cases];
    memset(k, 0, sizeof *k);
    k->c = *c;
    k->label = cor__strdup(c->label ? c->label : (r->n_cases ? "Scenario" : "Base"));
    k->flow_unit = cor__strdup(c->flow_unit);
    k->time_unit = cor__strdup(c->time_unit);
    k->cost_unit = cor__strdup(c->cost_unit);
    k->note = cor__strdup(c->note);
    if (!k->label || !k->flow_unit || !k->time_unit || !k->cost_unit || !k->note) {
        free(k->label); free(k->flow_unit); free(k->time_unit); free(k->cost_unit); free(k->note);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    k->c.label = k->label;
    k->c.flow_unit = k->flow_unit;
    k->c.time_unit = k->time_unit;
    k->c.cost_unit = k->cost_unit;
    k->c.note = k->note;
    r->n_cases++;
    return COR_OK;
}

static section *new_section(cor_report *r, cor_error *err)
{
    section *v = realloc(r->secs, sizeof *v * (size_t)(r->n_secs + 1));
    if (!v) { cor_error_set(err, COR_E_NOMEM, "out of memory"); return NULL; }
    r->secs = v;
    memset(&v[r->n_secs], 0, sizeof *v);
    return &v[r->n_secs];
}

static char **dupv(const char *const *src, size_t n, int *bad)
{
    char **d = calloc(n + 1, sizeof *d);
    if (!d) { *bad = 1; return NULL; }
    for (size_t i = 0; i < n; i++)
        if (!(d[i] = cor__strdup(src ? src[i] : ""))) *bad = 1;
    return d;
}

cor_status cor_report_add_table(cor_report *r, const cor_report_table *t, cor_error *err)
{
    if (!r || !t || !t->title || t->n_rows < 0 || t->n_cols < 1 || !t->col_names || (t->n_rows && !t->cells))
        return cor_error_set(err, COR_E_USAGE, "report: a table needs a title, columns and cells");
    section *s = new_section(r, err);
    if (!s) return COR_E_NOMEM;
    int bad = 0;
    s->kind = SEC_TABLE;
    s->n_rows = t->n_rows;
    s->n_cols = t->n_cols;
    s->title = cor__strdup(t->title);
    s->note = t->note ? cor__strdup(t->note) : NULL;
    s->cols = dupv(t->col_names, (size_t)t->n_cols, &bad);
    s->cells = dupv(t->cells, (size_t)t->n_rows * (size_t)t->n_cols, &bad);
    if (bad || !s->title || (t->note && !s->note)) {
        section_free(s);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    r->n_secs++;
    return COR_OK;
}

cor_status cor_report_add_bars(cor_report *r, const cor_report_bars *b, cor_error *err)
{
    if (!r || !b || !b->title || b->n_cats < 0 || b->n_series < 1 || (b->n_cats && (!b->cats || !b->values)) ||
        (b->n_series > 1 && !b->series))
        return cor_error_set(err, COR_E_USAGE, "report: a bar chart needs a title, categories, series and values");
    section *s = new_section(r, err);
    if (!s) return COR_E_NOMEM;
    int bad = 0;
    size_t nv = (size_t)b->n_cats * (size_t)b->n_series;
    s->kind = SEC_BARS;
    s->bkind = b->kind;
    s->n_rows = b->n_cats;
    s->n_cols = b->n_series;
    s->title = cor__strdup(b->title);
    s->unit = cor__strdup(b->unit);
    s->note = b->note ? cor__strdup(b->note) : NULL;
    s->cats = dupv(b->cats, (size_t)b->n_cats, &bad);
    s->series = dupv(b->series, (size_t)b->n_series, &bad);
    s->values = malloc(sizeof(double) * (nv + 1));
    if (s->values && nv) memcpy(s->values, b->values, sizeof(double) * nv);
    if (bad || !s->title || !s->unit || !s->values || (b->note && !s->note)) {
        section_free(s);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    r->n_secs++;
    return COR_OK;
}

cor_status cor_report_add_note(cor_report *r, const char *heading, const char *text, cor_error *err)
{
    if (!r || !heading || !text) return cor_error_set(err, COR_E_USAGE, "report: a note needs a heading and text");
    section *s = new_section(r, err);
    if (!s) return COR_E_NOMEM;
    s->kind = SEC_NOTE;
    s->title = cor__strdup(heading);
    s->note = cor__strdup(text);
    if (!s->title || !s->note) {
        section_free(s);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    r->n_secs++;
    return COR_OK;
}

/* ---- map projection --------------------------------------------------------
 * lon/lat: equirectangular with x scaled by cos(mid latitude); other
 * coordinates: as they are (y up).  Fitted to the bounding box. */
typedef struct proj {
    int lonlat;
    double minx, maxy, kx, s, offx, offy;
    int W, H;
    double vx0, vy0, vx1, vy1; /* visible data window */
} proj;

static void proj_fit(proj *p, int lonlat, double x0, double y0, double x1, double y1, int W, int Hmin, int Hmax)
{
    p->lonlat = lonlat;
    double dx = x1 - x0, dy = y1 - y0, span = fmax(dx, dy);
    if (!(span > 0)) span = lonlat ? 2 : 1;
    double pad = 0.06 * span;
    x0 -= pad; x1 += pad; y0 -= pad; y1 += pad;
    if (lonlat) {
        x0 = fmax(x0, -180); x1 = fmin(x1, 180);
        y0 = fmax(y0, -89); y1 = fmin(y1, 89);
    }
    dx = x1 - x0;
    dy = y1 - y0;
    p->kx = lonlat ? cos((y0 + y1) / 2 * 3.14159265358979323846 / 180) : 1.0;
    if (p->kx < 0.2) p->kx = 0.2;
    double H = W * dy / (dx * p->kx);
    if (H < Hmin) H = Hmin;
    if (H > Hmax) H = Hmax;
    p->W = W;
    p->H = (int)H;
    p->s = fmin(W / (dx * p->kx), p->H / dy);
    p->offx = (W - dx * p->kx * p->s) / 2;
    p->offy = (p->H - dy * p->s) / 2;
    p->minx = x0;
    p->maxy = y1;
    p->vx0 = x0 - p->offx / (p->kx * p->s);
    p->vx1 = p->vx0 + W / (p->kx * p->s);
    p->vy1 = y1 + p->offy / p->s;
    p->vy0 = p->vy1 - p->H / p->s;
}

static void proj_xy(const proj *p, double x, double y, double *px, double *py)
{
    *px = p->offx + (x - p->minx) * p->kx * p->s;
    *py = p->offy + (p->maxy - y) * p->s;
}

/* ---- styles --------------------------------------------------------------- */
static const char *const MODES[] = {"rail", "road", "ferry", "sea", "pipeline", "transfer"};
#define N_MODES 6

static int mode_index(const char *m)
{
    for (int i = 0; i < N_MODES; i++)
        if (!strcmp(m, MODES[i])) return i;
    return -1;
}

/* Dash pattern of a mode at stroke width w ("" = solid). */
static void mode_dash(char *buf, size_t cap, const char *mode, double w)
{
    double k = fmax(1.0, w / 2.5);
    switch (mode_index(mode)) {
    case 1: snprintf(buf, cap, "%.1f %.1f", 9 * k, 3 * k); break;                 /* road */
    case 2: snprintf(buf, cap, "%.1f %.1f", 5 * k, 4 * k); break;                 /* ferry */
    case 3: snprintf(buf, cap, "%.1f %.1f", 0.1 * k, 4.5 * k); break;             /* sea: dots */
    case 4: snprintf(buf, cap, "%.1f %.1f %.1f %.1f", 12 * k, 3 * k, 2 * k, 3 * k); break; /* pipeline */
    default: buf[0] = '\0'; break;                                                 /* rail, transfer */
    }
}

static const char *voc_color(double voc)
{
    if (!isfinite(voc)) return "#3b6ea8"; /* no capacity */
    if (voc < 0.5) return "#1a9850";
    if (voc < 0.75) return "#91cf60";
    if (voc < 0.9) return "#fdae61";
    if (voc < 1.0) return "#f46d43";
    return "#a50026";
}

#define COL_UP "#c0392b"
#define COL_DOWN "#2166ac"
#define COL_IDLE "#b3b8c2"
#define W_MIN 1.3
#define W_MAX 13.0

/* ---- small helpers -------------------------------------------------------- */
static const char *link_mode(const cor_network *net, int32_t a)
{
    return cor__link_str(net, a, "mode");
}

/* Display name of a node: "name" column up to " (" / 24 chars, else id. */
static void node_label(const cor_network *net, int32_t u, char *buf, size_t cap)
{
    const char *n = cor__node_str(net, u, "name");
    if (!*n) n = net->node_id[u];
    size_t len = strcspn(n, "(/");
    while (len > 0 && n[len - 1] == ' ') len--;
    if (len == 0) len = strlen(n);
    if (len > 22) { /* cut at a word boundary */
        size_t k = 22;
        while (k > 8 && n[k] != ' ') k--;
        len = n[k] == ' ' ? k : 22;
    }
    if (len >= cap) len = cap - 1;
    memcpy(buf, n, len);
    buf[len] = '\0';
}

static int node_kind(const cor_network *net, int32_t u)
{
    const char *t = cor__node_str(net, u, "node_type");
    if (strstr(t, "port")) return 1;
    if (strstr(t, "border")) return 2;
    return 0;
}

static int has_reverse(const cor_network *net, int32_t a)
{
    int32_t u = net->link_from[a], v = net->link_to[a];
    for (int32_t b = net->first_out[v]; b < net->first_out[v + 1]; b++)
        if (net->link_to[b] == u) return 1;
    return 0;
}

static double case_flow(const rcase *c, int32_t a)
{
    return c->c.sol ? c->c.sol->flow[a] : 0;
}

static int link_closed(const rcase *c, int32_t a)
{
    return c->c.link_open && !c->c.link_open[a];
}

static void put_unit(cor__sb *b, const char *u)
{
    if (u && *u) {
        cor__sb_put(b, " ");
        cor__sb_xml(b, u);
    }
}

/* Tooltip text of link a of case c (escaped, lines separated by "\n"). */
static void link_tip(cor__sb *b, const rcase *c, int32_t a, double bflow, int diff)
{
    const cor_network *net = c->c.net;
    const cor_solution *sol = c->c.sol;
    const char *name = cor__link_str(net, a, "name");
    char lu[64], lv[64];
    node_label(net, net->link_from[a], lu, sizeof lu);
    node_label(net, net->link_to[a], lv, sizeof lv);
    if (*name) {
        cor__sb_xml(b, name);
        cor__sb_put(b, "\n");
    }
    cor__sb_xml(b, lu);
    cor__sb_put(b, " \xe2\x86\x92 ");
    cor__sb_xml(b, lv);
    cor__sb_put(b, " (link ");
    cor__sb_xml(b, net->link_id[a]);
    cor__sb_put(b, ")");
    const char *mode = link_mode(net, a), *status = cor__link_str(net, a, "status");
    if (*mode || *status) {
        cor__sb_put(b, "\nmode: ");
        cor__sb_xml(b, *mode ? mode : "\xe2\x80\x93");
        if (*status) {
            cor__sb_put(b, ", status: ");
            cor__sb_xml(b, status);
        }
    }
    if (link_closed(c, a)) cor__sb_put(b, " (closed in this case)");
    if (sol) {
        cor__sb_put(b, "\nflow: ");
        cor__sb_hnum(b, sol->flow[a]);
        put_unit(b, c->c.flow_unit);
        if (diff) {
            cor__sb_put(b, " (base ");
            cor__sb_hnum(b, bflow);
            cor__sb_put(b, ", change ");
            if (sol->flow[a] - bflow > 0) cor__sb_put(b, "+");
            cor__sb_hnum(b, sol->flow[a] - bflow);
            cor__sb_put(b, ")");
        }
        if (sol->n_classes > 1)
            for (int k = 0; k < sol->n_classes; k++) {
                char nb[32];
                cor__sb_put(b, "\n  ");
                cor__sb_xml(b, cor__class_name(c->c.class_names, k, nb, sizeof nb));
                cor__sb_put(b, ": ");
                cor__sb_hnum(b, sol->class_flow[(size_t)k * (size_t)net->n_links + (size_t)a]);
            }
        double voc = cor__voc(net, sol, a);
        cor__sb_put(b, "\nv/c: ");
        if (isfinite(voc)) cor__sb_printf(b, "%.2f", voc);
        else cor__sb_put(b, "no capacity");
        cor__sb_put(b, ", time: ");
        cor__sb_hnum(b, sol->time[a]);
        put_unit(b, c->c.time_unit);
    } else {
        cor__sb_put(b, "\nfree-flow time: ");
        cor__sb_hnum(b, net->fftime[a]);
        put_unit(b, c->c.time_unit);
    }
    const char *cost = cor__link_str(net, a, "cost");
    if (*cost) {
        cor__sb_put(b, ", cost: ");
        cor__sb_xml(b, cost);
        put_unit(b, c->c.cost_unit);
    } else if (net->toll[a] != 0) {
        cor__sb_put(b, ", toll: ");
        cor__sb_hnum(b, net->toll[a]);
    }
    cor__sb_put(b, "\ncapacity: ");
    if (net->capacity[a] > 0) cor__sb_hnum(b, net->capacity[a]);
    else cor__sb_put(b, "none");
    cor__sb_put(b, ", length: ");
    cor__sb_hnum(b, net->length[a]);
    const char *corr = cor__link_str(net, a, "corridor"), *ctry = cor__link_str(net, a, "country");
    if (*corr) {
        cor__sb_put(b, "\ncorridor: ");
        cor__sb_xml(b, corr);
    }
    if (*ctry) {
        cor__sb_put(b, "\ncountry: ");
        cor__sb_xml(b, ctry);
    }
}

/* Writes the path data of link a projected, offset `off` px to the right of
 * its direction.  Returns 0 when the link has no geometry, -1 on no memory. */
static int link_path(cor__sb *b, const proj *p, const cor_network *net, int32_t a, double off)
{
    cor__pt *g;
    int n = cor__link_geom(net, a, &g);
    if (n <= 0) return n;
    for (int i = 0; i < n; i++) proj_xy(p, g[i].x, g[i].y, &g[i].x, &g[i].y);
    double lx = 0, ly = 0;
    int out = 0;
    for (int i = 0; i < n; i++) {
        double x = g[i].x, y = g[i].y;
        if (off != 0) {
            /* vertex normal: average of the adjacent segments' right normals */
            double nx = 0, ny = 0;
            for (int s = i - 1; s <= i; s++) {
                if (s < 0 || s + 1 >= n) continue;
                double dx = g[s + 1].x - g[s].x, dy = g[s + 1].y - g[s].y, l = hypot(dx, dy);
                if (l > 0) { nx += -dy / l; ny += dx / l; }
            }
            double l = hypot(nx, ny);
            if (l > 0.3) {
                double k = off / (l / ((i > 0 && i + 1 < n) ? 2 : 1));
                if (fabs(k) > 2 * fabs(off)) k = k > 0 ? 2 * fabs(off) : -2 * fabs(off);
                x += nx / l * fabs(k) * (off < 0 ? -1 : 1);
                y += ny / l * fabs(k) * (off < 0 ? -1 : 1);
            }
        }
        if (out && i + 1 < n && hypot(x - lx, y - ly) < 0.4) continue;
        cor__sb_printf(b, "%s%.1f %.1f", out ? "L" : "M", x, y);
        lx = x;
        ly = y;
        out++;
    }
    free(g);
    return 1;
}

/* Country outlines and (large enough) names, for lon/lat maps. */
static void draw_outlines(cor__sb *b, const proj *p)
{
    cor__sb_put(b, "<g class=\"land\">");
    cor__sb labels = {0};
    double q = cor__ne_q;
    for (int c = 0; c < cor__ne_n_countries; c++) {
        const cor__ne_country *ct = &cor__ne_countries[c];
        int started = 0;
        double best = 0, bx = 0, by = 0;
        for (int r = ct->first_ring; r < ct->first_ring + ct->n_rings; r++) {
            int32_t s = cor__ne_ring_start[r], e = cor__ne_ring_start[r + 1];
            double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
            for (int32_t i = s; i < e; i++) {
                double x = cor__ne_pts[2 * i] / q, y = cor__ne_pts[2 * i + 1] / q;
                x0 = fmin(x0, x); x1 = fmax(x1, x); y0 = fmin(y0, y); y1 = fmax(y1, y);
            }
            if (x1 < p->vx0 || x0 > p->vx1 || y1 < p->vy0 || y0 > p->vy1) continue;
            if (!started) {
                cor__sb_put(b, "<path d=\"");
                started = 1;
            }
            double lx = 0, ly = 0;
            int out = 0;
            for (int32_t i = s; i < e; i++) {
                double x, y;
                proj_xy(p, cor__ne_pts[2 * i] / q, cor__ne_pts[2 * i + 1] / q, &x, &y);
                if (out && i + 1 < e && hypot(x - lx, y - ly) < 0.8) continue;
                cor__sb_printf(b, "%s%.1f %.1f", out ? "L" : "M", x, y);
                lx = x;
                ly = y;
                out++;
            }
            cor__sb_put(b, "Z");
            /* label anchor: the visible part of the largest ring's box */
            double vx0 = fmax(x0, p->vx0), vx1 = fmin(x1, p->vx1), vy0 = fmax(y0, p->vy0), vy1 = fmin(y1, p->vy1);
            double w = (vx1 - vx0) * p->kx * p->s, h = (vy1 - vy0) * p->s;
            if (w * h > best) {
                best = w * h;
                proj_xy(p, (vx0 + vx1) / 2, (vy0 + vy1) / 2, &bx, &by);
                if (w < 90 || h < 40) best = -1 - best; /* too small to name */
            }
        }
        if (started) {
            cor__sb_put(b, "\"><title>");
            cor__sb_xml(b, ct->name);
            cor__sb_put(b, "</title></path>");
            if (best > 0) {
                cor__sb_printf(&labels, "<text x=\"%.0f\" y=\"%.0f\">", bx, by);
                cor__sb_xml(&labels, ct->name);
                cor__sb_put(&labels, "</text>");
            }
        }
    }
    cor__sb_put(b, "</g><g class=\"country-names\" aria-hidden=\"true\">");
    if (labels.s) cor__sb_put(b, labels.s);
    if (labels.oom) b->oom = 1;
    cor__sb_free(&labels);
    cor__sb_put(b, "</g>");
}

/* ---- the map ---------------------------------------------------------------- */
typedef struct ditem {
    const rcase *c;     /* case whose network holds link a */
    int32_t a;
    double key, w, val, bflow;
    const char *color;
    int flow;           /* carries (a change in) flow */
    int closed;
} ditem;

static int ditem_cmp(const void *x, const void *y)
{
    const ditem *a = x, *b = y;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    return a->a < b->a ? -1 : a->a > b->a;
}

typedef struct labelbox {
    double x0, y0, x1, y1;
} labelbox;

static int box_free(const labelbox *bx, int n, const labelbox *q, const proj *p)
{
    if (q->x0 < 2 || q->y0 < 2 || q->x1 > p->W - 2 || q->y1 > p->H - 2) return 0;
    for (int i = 0; i < n; i++)
        if (q->x0 < bx[i].x1 && q->x1 > bx[i].x0 && q->y0 < bx[i].y1 && q->y1 > bx[i].y0) return 0;
    return 1;
}

/* Draws the map of case `ci` (diff = 0: flows; diff = 1: flow change against
 * case 0).  `id` names the svg element. */
static cor_status draw_map(cor__sb *b, const cor_report *r, int ci, int diff, const char *id,
                           const double *view, cor_error *err)
{
    const rcase *c = &r->cases[ci], *base = &r->cases[0];
    const cor_network *net = c->c.net;
    double x0, y0, x1, y1;
    int have = cor__net_bbox(net, &x0, &y0, &x1, &y1);
    if (have && view) {
        x0 = view[0]; y0 = view[1]; x1 = view[2]; y1 = view[3];
    }
    if (!have) {
        cor__sb_put(b, "<p class=\"muted\">The network has no node coordinates: no map.</p>");
        return COR_OK;
    }
    int lonlat = cor_report_is_lonlat(net);
    proj p;
    proj_fit(&p, lonlat, x0, y0, x1, y1, 1200, view ? 360 : 420, 640);

    /* items */
    int32_t nb = diff ? base->c.net->n_links : 0;
    ditem *it = calloc((size_t)net->n_links + (size_t)nb + 1, sizeof *it);
    if (!it) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    int n = 0;
    double vmax = 0;
    for (int32_t a = 0; a < net->n_links; a++) {
        ditem *d = &it[n++];
        d->c = c;
        d->a = a;
        d->closed = link_closed(c, a);
        if (diff) {
            int32_t ba = cor_network_find_link(base->c.net, net->link_id[a]);
            d->bflow = ba >= 0 ? case_flow(base, ba) : 0;
            d->val = case_flow(c, a) - d->bflow;
        } else {
            d->val = case_flow(c, a);
        }
        if (fabs(d->val) > vmax) vmax = fabs(d->val);
    }
    if (diff) /* links of the base missing from the scenario: flow lost */
        for (int32_t a = 0; a < nb; a++) {
            if (cor_network_find_link(net, base->c.net->link_id[a]) >= 0) continue;
            ditem *d = &it[n++];
            d->c = base;
            d->a = a;
            d->closed = 1;
            d->bflow = case_flow(base, a);
            d->val = -d->bflow;
            if (fabs(d->val) > vmax) vmax = fabs(d->val);
        }
    double eps = vmax * 1e-6;
    for (int i = 0; i < n; i++) {
        ditem *d = &it[i];
        double v = fabs(d->val);
        d->flow = v > eps && v > 0;
        if (d->flow) {
            d->w = W_MIN + (W_MAX - W_MIN) * v / vmax;
            d->color = diff ? (d->val > 0 ? COL_UP : COL_DOWN) : voc_color(cor__voc(d->c->c.net, d->c->c.sol, d->a));
            d->key = v;
        } else {
            d->w = d->closed ? 0.8 : 1.0;
            d->color = d->closed ? "#cfd3da" : COL_IDLE;
            d->key = d->closed ? -2 : -1;
        }
    }
    qsort(it, (size_t)n, sizeof *it, ditem_cmp);

    cor__sb_printf(b, "<svg class=\"map%s\" id=\"%s\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
                   lonlat ? " geo" : "", id, p.W, p.H, diff ? "map of flow changes" : "map of link flows");
    cor__sb_printf(b, "<rect class=\"sea\" x=\"0\" y=\"0\" width=\"%d\" height=\"%d\"/>", p.W, p.H);
    if (lonlat) draw_outlines(b, &p);
    cor__sb_put(b, "<g class=\"links\">");
    for (int i = 0; i < n; i++) {
        const ditem *d = &it[i];
        const cor_network *dn = d->c->c.net;
        const char *mode = link_mode(dn, d->a);
        char dash[64];
        mode_dash(dash, sizeof dash, mode, d->w);
        double w = d->w * (mode_index(mode) == 5 ? 0.7 : 1.0);
        double off = has_reverse(dn, d->a) ? w / 2 + 0.4 : 0;
        size_t mark = b->len;
        cor__sb_printf(b, "<path class=\"link %s%s\" data-mode=\"", d->flow ? "flow" : "noflow",
                       d->closed ? " closed" : "");
        cor__sb_xml(b, *mode ? mode : "link");
        cor__sb_put(b, "\" data-id=\"");
        cor__sb_xml(b, dn->link_id[d->a]);
        cor__sb_printf(b, "\" stroke=\"%s\" stroke-width=\"%.2f\"", d->color, w);
        if (dash[0] || d->closed)
            cor__sb_printf(b, " stroke-dasharray=\"%s\"", dash[0] ? dash : "2 3");
        cor__sb_put(b, " d=\"");
        int got = link_path(b, &p, dn, d->a, off);
        if (got < 0) { free(it); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
        if (got == 0) { /* no geometry: drop the element */
            b->len = mark;
            if (b->s) b->s[mark] = '\0';
            continue;
        }
        cor__sb_put(b, "\"><title>");
        link_tip(b, d->c, d->a, d->bflow, diff && d->c == c);
        cor__sb_put(b, "</title></path>\n");
    }
    cor__sb_put(b, "</g>");
    free(it);

    /* nodes: markers, then labels for ports and borders */
    labelbox *boxes = calloc((size_t)net->n_nodes + 1, sizeof *boxes);
    if (!boxes) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    int nbox = 0;
    cor__sb_put(b, "<g class=\"nodes\">");
    for (int32_t u = 0; u < net->n_nodes; u++) {
        double px, py;
        if (!isfinite(net->node_x[u]) || !isfinite(net->node_y[u])) continue;
        proj_xy(&p, net->node_x[u], net->node_y[u], &px, &py);
        int kind = node_kind(net, u);
        if (!kind && net->n_nodes > 400 && net->node_zone[u] < 0) continue;
        if (kind == 1)
            cor__sb_printf(b, "<circle class=\"node port\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\">", px, py);
        else if (kind == 2)
            cor__sb_printf(b, "<rect class=\"node border\" x=\"%.1f\" y=\"%.1f\" width=\"6.4\" height=\"6.4\" "
                              "transform=\"rotate(45 %.1f %.1f)\">", px - 3.2, py - 3.2, px, py);
        else
            cor__sb_printf(b, "<circle class=\"node%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\">",
                           net->node_zone[u] >= 0 ? " zone" : "", px, py, net->node_zone[u] >= 0 ? 2.2 : 1.6);
        cor__sb_put(b, "<title>");
        const char *nm = cor__node_str(net, u, "name");
        cor__sb_xml(b, *nm ? nm : net->node_id[u]);
        cor__sb_put(b, " (");
        cor__sb_xml(b, net->node_id[u]);
        cor__sb_put(b, ")");
        const char *ty = cor__node_str(net, u, "node_type"), *ctry = cor__node_str(net, u, "country");
        if (*ty) { cor__sb_put(b, "\n"); cor__sb_xml(b, ty); }
        if (*ctry) { cor__sb_put(b, "\ncountry: "); cor__sb_xml(b, ctry); }
        if (c->c.sol) {
            cor__sb_put(b, "\nthroughput: ");
            cor__sb_hnum(b, cor__node_throughput(net, c->c.sol, u));
            put_unit(b, c->c.flow_unit);
        }
        cor__sb_printf(b, "</title></%s>", kind == 2 ? "rect" : "circle");
        if (kind) { /* reserve the marker */
            boxes[nbox].x0 = px - 4; boxes[nbox].x1 = px + 4;
            boxes[nbox].y0 = py - 4; boxes[nbox].y1 = py + 4;
            nbox++;
        }
    }
    cor__sb_put(b, "</g><g class=\"labels\">");
    labelbox *placed = calloc((size_t)net->n_nodes * 2 + 1, sizeof *placed);
    if (!placed) { free(boxes); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
    int nplaced = nbox;
    memcpy(placed, boxes, sizeof *boxes * (size_t)nbox);
    enum { MAX_LABELS = 400 };
    typedef char labstr[64];
    double *labx = malloc(sizeof(double) * MAX_LABELS), *laby = malloc(sizeof(double) * MAX_LABELS);
    labstr *labtxt = malloc(sizeof(labstr) * MAX_LABELS);
    int nlab = 0;
    if (!labx || !laby || !labtxt) {
        free(labx); free(laby); free(labtxt); free(boxes); free(placed);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    /* ports first, then borders */
    for (int pass = 1; pass <= 2; pass++)
        for (int32_t u = 0; u < net->n_nodes; u++) {
            if (node_kind(net, u) != pass || !isfinite(net->node_x[u]) || !isfinite(net->node_y[u])) continue;
            double px, py;
            proj_xy(&p, net->node_x[u], net->node_y[u], &px, &py);
            char lab[64];
            node_label(net, u, lab, sizeof lab);
            /* "Rotterdam port" beside "Rotterdam": name a place once */
            size_t w1 = strcspn(lab, " -");
            int dup = 0;
            for (int k = 0; k < nlab && !dup; k++)
                dup = hypot(labx[k] - px, laby[k] - py) < 40 && !strncmp(labtxt[k], lab, w1) &&
                      strcspn(labtxt[k], " -") == w1;
            if (dup) continue;
            double tw = 6.1 * (double)strlen(lab), th = 12;
            struct { double dx, dy; const char *anchor; } pos[4] = {
                {7, 4, "start"}, {-7, 4, "end"}, {0, -8, "middle"}, {0, 15, "middle"}};
            for (int k = 0; k < 4; k++) {
                labelbox q;
                double tx = px + pos[k].dx, ty = py + pos[k].dy;
                q.x0 = !strcmp(pos[k].anchor, "start") ? tx : !strcmp(pos[k].anchor, "end") ? tx - tw : tx - tw / 2;
                q.x1 = q.x0 + tw;
                q.y1 = ty + 2;
                q.y0 = ty - th + 2;
                if (!box_free(placed, nplaced, &q, &p)) continue;
                placed[nplaced++] = q;
                if (nlab < MAX_LABELS) {
                    labx[nlab] = px;
                    laby[nlab] = py;
                    snprintf(labtxt[nlab], sizeof labtxt[0], "%s", lab);
                    nlab++;
                }
                cor__sb_printf(b, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
                               pass == 1 ? "lport" : "lborder", tx, ty, pos[k].anchor);
                cor__sb_xml(b, lab);
                cor__sb_put(b, "</text>");
                break;
            }
        }
    cor__sb_put(b, "</g></svg>");
    free(boxes);
    free(placed);
    free(labx);
    free(laby);
    free(labtxt);
    /* legend */
    cor__sb_put(b, "<div class=\"legend\">");
    if (vmax > 0) {
        cor__sb_put(b, "<span class=\"lg\"><b>Width</b> \xe2\x88\x9d ");
        cor__sb_put(b, diff ? "|flow change|" : "flow");
        cor__sb_put(b, ":");
        double fr[3] = {1, 0.5, 0.1};
        for (int i = 0; i < 3; i++) {
            double w = W_MIN + (W_MAX - W_MIN) * fr[i];
            cor__sb_printf(b, " <svg width=\"34\" height=\"16\"><line x1=\"2\" x2=\"32\" y1=\"8\" y2=\"8\" "
                              "stroke=\"#555\" stroke-width=\"%.1f\"/></svg>", w);
            cor__sb_cnum(b, vmax * fr[i]);
        }
        put_unit(b, c->c.flow_unit);
        cor__sb_put(b, "</span>");
    }
    if (diff) {
        cor__sb_put(b, "<span class=\"lg\"><b>Colour</b>: <i class=\"sw\" style=\"background:" COL_UP
                       "\"></i>more flow than base <i class=\"sw\" style=\"background:" COL_DOWN
                       "\"></i>less flow</span>");
    } else if (c->c.sol) {
        static const struct { const char *t; double v; } vc[] = {
            {"&lt;0.5", 0.3}, {"0.5\xe2\x80\x93" "0.75", 0.6}, {"0.75\xe2\x80\x93" "0.9", 0.8},
            {"0.9\xe2\x80\x93" "1", 0.95}, {"\xe2\x89\xa5" "1", 1.2}, {"no capacity", NAN}};
        cor__sb_put(b, "<span class=\"lg\"><b>Colour</b> = volume/capacity:");
        for (size_t i = 0; i < sizeof vc / sizeof *vc; i++)
            cor__sb_printf(b, " <i class=\"sw\" style=\"background:%s\"></i>%s", voc_color(vc[i].v), vc[i].t);
        cor__sb_put(b, " <i class=\"sw\" style=\"background:" COL_IDLE "\"></i>no flow</span>");
    }
    /* modes present, with toggles */
    int present[N_MODES] = {0};
    for (int32_t a = 0; a < net->n_links; a++) {
        int m = mode_index(link_mode(net, a));
        if (m >= 0) present[m] = 1;
    }
    int any = 0;
    for (int m = 0; m < N_MODES; m++) any |= present[m];
    if (any) {
        cor__sb_put(b, "<span class=\"lg\"><b>Mode</b>:");
        for (int m = 0; m < N_MODES; m++) {
            if (!present[m]) continue;
            char dash[64];
            mode_dash(dash, sizeof dash, MODES[m], 3);
            cor__sb_printf(b, " <label><input type=\"checkbox\" checked data-map=\"%s\" data-mode=\"%s\">"
                              "<svg width=\"34\" height=\"12\"><line x1=\"3\" x2=\"31\" y1=\"6\" y2=\"6\" "
                              "stroke=\"#444\" stroke-width=\"3\" stroke-linecap=\"round\"%s%s%s/></svg>%s</label>",
                           id, MODES[m], dash[0] ? " stroke-dasharray=\"" : "", dash, dash[0] ? "\"" : "",
                           MODES[m]);
        }
        cor__sb_put(b, "</span>");
    }
    if (cor_network_node_col(net, "node_type") >= 0)
        cor__sb_put(b, "<span class=\"lg\"><b>Nodes</b>: <svg width=\"12\" height=\"12\"><circle cx=\"6\" cy=\"6\" "
                       "r=\"4\" class=\"port\"/></svg> port <svg width=\"12\" height=\"12\"><rect x=\"2.8\" "
                       "y=\"2.8\" width=\"6.4\" height=\"6.4\" class=\"border\" transform=\"rotate(45 6 6)\"/>"
                       "</svg> border crossing</span>");
    if (!lonlat)
        cor__sb_put(b, "<span class=\"lg muted\">Coordinates are not longitude/latitude: drawn as given, "
                       "no country outlines.</span>");
    cor__sb_put(b, "</div>");
    return COR_OK;
}

/* ---- tables ----------------------------------------------------------------- */
static void table_open(cor__sb *b, const char *const *cols, int n)
{
    cor__sb_put(b, "<div class=\"tw\"><table><thead><tr>");
    for (int i = 0; i < n; i++) {
        cor__sb_put(b, "<th>");
        cor__sb_xml(b, cols[i]);
        cor__sb_put(b, "</th>");
    }
    cor__sb_put(b, "</tr></thead><tbody>\n");
}

static void table_cell(cor__sb *b, const char *v)
{
    double x;
    int num = cor__parse_num(v, &x) || (v && strchr("+-0123456789", v[0]) && v[0] &&
                                         strspn(v, "+-0123456789.,% e") == strlen(v));
    cor__sb_put(b, num ? "<td class=\"n\">" : "<td>");
    cor__sb_xml(b, v ? v : "");
    cor__sb_put(b, "</td>");
}

static void table_close(cor__sb *b) { cor__sb_put(b, "</tbody></table></div>"); }

/* Case statistics for the summary / comparison table. */
typedef struct cstats {
    double flow_len, flow_time, max_voc, unserved, gap;
    int iterations, links_used, converged;
    double mode_len[N_MODES];
    double *class_len; /* [n_classes] */
} cstats;

static int case_stats(const rcase *c, cstats *s)
{
    memset(s, 0, sizeof *s);
    const cor_network *net = c->c.net;
    const cor_solution *sol = c->c.sol;
    if (!sol) return 0;
    s->class_len = calloc((size_t)sol->n_classes + 1, sizeof *s->class_len);
    if (!s->class_len) return -1;
    s->gap = sol->relative_gap;
    s->iterations = sol->iterations;
    s->converged = sol->converged;
    s->unserved = sol->unserved_total;
    s->max_voc = 0;
    for (int32_t a = 0; a < net->n_links; a++) {
        double f = sol->flow[a];
        s->flow_len += f * net->length[a];
        s->flow_time += f * sol->time[a];
        if (f > 0) s->links_used++;
        double v = cor__voc(net, sol, a);
        if (isfinite(v) && v > s->max_voc) s->max_voc = v;
        int m = mode_index(link_mode(net, a));
        if (m >= 0) s->mode_len[m] += f * net->length[a];
        for (int k = 0; k < sol->n_classes; k++)
            s->class_len[k] += sol->class_flow[(size_t)k * (size_t)net->n_links + (size_t)a] * net->length[a];
    }
    return 0;
}

/* Rows of the summary table: one column per case. */
static cor_status summary_table(cor__sb *b, const cor_report *r, cor_error *err)
{
    int nc = r->n_cases;
    cstats *st = calloc((size_t)nc, sizeof *st);
    if (!st) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    for (int i = 0; i < nc; i++)
        if (case_stats(&r->cases[i], &st[i])) {
            for (int j = 0; j < i; j++) free(st[j].class_len);
            free(st);
            return cor_error_set(err, COR_E_NOMEM, "out of memory");
        }
    cor__sb_put(b, "<div class=\"tw\"><table><thead><tr><th>measure</th>");
    for (int i = 0; i < nc; i++) {
        cor__sb_put(b, "<th>");
        cor__sb_xml(b, r->cases[i].label);
        cor__sb_put(b, "</th>");
    }
    cor__sb_put(b, "</tr></thead><tbody>\n");
#define ROW(label, expr)                                                  \
    do {                                                                  \
        cor__sb_put(b, "<tr><td>" label "</td>");                         \
        for (int i = 0; i < nc; i++) {                                    \
            cor__sb_put(b, "<td class=\"n\">");                           \
            if (r->cases[i].c.sol) cor__sb_cnum(b, (expr));                \
            cor__sb_put(b, "</td>");                                      \
        }                                                                 \
        cor__sb_put(b, "</tr>\n");                                        \
    } while (0)
    ROW("flow \xc3\x97 length", st[i].flow_len);
    const rcase *c0 = &r->cases[0];
    if (c0->c.sol && c0->c.sol->n_classes > 1)
        for (int k = 0; k < c0->c.sol->n_classes; k++) {
            char nb[32];
            cor__sb_put(b, "<tr><td>&#8195;");
            cor__sb_xml(b, cor__class_name(c0->c.class_names, k, nb, sizeof nb));
            cor__sb_put(b, "</td>");
            for (int i = 0; i < nc; i++) {
                cor__sb_put(b, "<td class=\"n\">");
                if (r->cases[i].c.sol && k < r->cases[i].c.sol->n_classes) cor__sb_cnum(b, st[i].class_len[k]);
                cor__sb_put(b, "</td>");
            }
            cor__sb_put(b, "</tr>\n");
        }
    for (int m = 0; m < N_MODES; m++) {
        int any = 0;
        for (int i = 0; i < nc; i++) any |= st[i].mode_len[m] > 0;
        if (!any) continue;
        cor__sb_printf(b, "<tr><td>&#8195;by %s</td>", MODES[m]);
        for (int i = 0; i < nc; i++) {
            cor__sb_put(b, "<td class=\"n\">");
            if (r->cases[i].c.sol) cor__sb_cnum(b, st[i].mode_len[m]);
            cor__sb_put(b, "</td>");
        }
        cor__sb_put(b, "</tr>\n");
    }
    ROW("flow \xc3\x97 time", st[i].flow_time);
    ROW("links with flow", (double)st[i].links_used);
    ROW("highest v/c", st[i].max_voc);
    ROW("unserved demand", st[i].unserved);
    cor__sb_put(b, "<tr><td>relative gap</td>");
    for (int i = 0; i < nc; i++) {
        cor__sb_put(b, "<td class=\"n\">");
        if (r->cases[i].c.sol)
            cor__sb_printf(b, "%.2e%s", st[i].gap, st[i].converged ? "" : " (not converged)");
        cor__sb_put(b, "</td>");
    }
    cor__sb_put(b, "</tr>\n");
    ROW("iterations", (double)st[i].iterations);
#undef ROW
    table_close(b);
    for (int i = 0; i < nc; i++) free(st[i].class_len);
    free(st);
    return COR_OK;
}

typedef struct rank {
    int32_t a;
    double v;
} rank;

static int rank_cmp(const void *x, const void *y)
{
    const rank *a = x, *b = y;
    if (a->v != b->v) return a->v > b->v ? -1 : 1;
    return a->a < b->a ? -1 : a->a > b->a;
}

static void link_name_cell(cor__sb *b, const cor_network *net, int32_t a)
{
    const char *name = cor__link_str(net, a, "name");
    char lu[64], lv[64];
    cor__sb_put(b, "<td>");
    if (*name) {
        cor__sb_xml(b, name);
    } else {
        node_label(net, net->link_from[a], lu, sizeof lu);
        node_label(net, net->link_to[a], lv, sizeof lv);
        cor__sb_xml(b, lu);
        cor__sb_put(b, " \xe2\x86\x92 ");
        cor__sb_xml(b, lv);
    }
    cor__sb_put(b, "</td>");
}

/* The busiest links of case 0, or the largest changes of case ci. */
static cor_status top_links(cor__sb *b, const cor_report *r, int ci, int nmax, cor_error *err)
{
    const rcase *c = &r->cases[ci], *base = &r->cases[0];
    const cor_network *net = c->c.net;
    rank *v = calloc((size_t)net->n_links + 1, sizeof *v);
    if (!v) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    int n = 0;
    for (int32_t a = 0; a < net->n_links; a++) {
        double val;
        if (ci == 0) {
            val = case_flow(c, a);
        } else {
            int32_t ba = cor_network_find_link(base->c.net, net->link_id[a]);
            val = fabs(case_flow(c, a) - (ba >= 0 ? case_flow(base, ba) : 0));
        }
        if (val > 0) { v[n].a = a; v[n].v = val; n++; }
    }
    qsort(v, (size_t)n, sizeof *v, rank_cmp);
    if (n > nmax) n = nmax;
    int has_mode = cor_network_link_col(net, "mode") >= 0;
    static const char *const cols_flow[] = {"link", "name / from \xe2\x86\x92 to", "mode", "flow", "v/c", "time"};
    static const char *const cols_diff[] = {"link", "name / from \xe2\x86\x92 to", "mode", "base flow",
                                            "scenario flow", "change"};
    if (n == 0) {
        cor__sb_put(b, ci == 0 ? "<p class=\"muted\">No link carries flow.</p>"
                               : "<p class=\"muted\">No link flow changed.</p>");
        free(v);
        return COR_OK;
    }
    cor__sb_put(b, "<div class=\"tw\"><table><thead><tr>");
    for (int i = 0; i < 6; i++) {
        if (i == 2 && !has_mode) continue;
        cor__sb_put(b, "<th>");
        cor__sb_put(b, ci == 0 ? cols_flow[i] : cols_diff[i]);
        cor__sb_put(b, "</th>");
    }
    cor__sb_put(b, "</tr></thead><tbody>\n");
    for (int i = 0; i < n; i++) {
        int32_t a = v[i].a;
        cor__sb_put(b, "<tr><td>");
        cor__sb_xml(b, net->link_id[a]);
        cor__sb_put(b, "</td>");
        link_name_cell(b, net, a);
        if (has_mode) {
            cor__sb_put(b, "<td>");
            cor__sb_xml(b, link_mode(net, a));
            cor__sb_put(b, "</td>");
        }
        if (ci == 0) {
            double voc = cor__voc(net, c->c.sol, a);
            cor__sb_put(b, "<td class=\"n\">");
            cor__sb_hnum(b, case_flow(c, a));
            cor__sb_put(b, "</td><td class=\"n\">");
            if (isfinite(voc)) cor__sb_printf(b, "%.2f", voc);
            cor__sb_put(b, "</td><td class=\"n\">");
            cor__sb_hnum(b, c->c.sol->time[a]);
            cor__sb_put(b, "</td></tr>\n");
        } else {
            int32_t ba = cor_network_find_link(base->c.net, net->link_id[a]);
            double bf = ba >= 0 ? case_flow(base, ba) : 0, sf = case_flow(c, a);
            cor__sb_put(b, "<td class=\"n\">");
            if (ba >= 0) cor__sb_hnum(b, bf);
            else cor__sb_put(b, "new link");
            cor__sb_put(b, "</td><td class=\"n\">");
            cor__sb_hnum(b, sf);
            cor__sb_printf(b, "</td><td class=\"n %s\">%s", sf > bf ? "up" : "down", sf > bf ? "+" : "");
            cor__sb_hnum(b, sf - bf);
            cor__sb_put(b, "</td></tr>\n");
        }
    }
    table_close(b);
    free(v);
    return COR_OK;
}

/* ---- page ------------------------------------------------------------------- */
static const char CSS[] =
    ":root{--ink:#1d2433;--muted:#6b7385;--line:#d8dce3;--bg:#fff;--accent:#0b5cad}"
    "*{box-sizing:border-box}"
    "body{margin:0;background:#f3f4f7;color:var(--ink);font:14px/1.45 system-ui,-apple-system,\"Segoe UI\","
    "Roboto,\"DejaVu Sans\",sans-serif}"
    "main{max-width:1240px;margin:0 auto;padding:12px 16px 32px}"
    "header h1{font-size:22px;margin:6px 0 2px}"
    "header p{margin:2px 0;color:var(--muted)}"
    "nav{margin:8px 0 4px;font-size:13px}nav a{color:var(--accent);margin-right:14px;text-decoration:none}"
    "section{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:10px 14px;margin:12px 0}"
    "h2{font-size:17px;margin:2px 0 8px}h3{font-size:15px;margin:10px 0 6px}"
    ".grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(540px,1fr));gap:0 12px}"
    ".grid section{margin:12px 0 0}"
    "svg.map{width:100%;height:auto;max-height:calc(100vh - 150px);display:block;border:1px solid var(--line);"
    "border-radius:4px;background:#f7f7f4}"
    "svg.chart{width:100%;height:auto;display:block}"
    ".sea{fill:#f7f7f4}svg.geo .sea{fill:#e4eef6}"
    ".land path{fill:#f7f5ef;stroke:#b9b3a5;stroke-width:.6;stroke-linejoin:round}"
    ".country-names text{font-size:12px;fill:#9a9486;text-anchor:middle;letter-spacing:.06em;"
    "text-transform:uppercase;pointer-events:none}"
    ".link{fill:none;stroke-linecap:round;stroke-linejoin:round;stroke-opacity:.92}"
    ".link.flow:hover{stroke-opacity:1;filter:drop-shadow(0 0 2px #000)}"
    ".node{fill:#4a5366;stroke:#fff;stroke-width:.6}.node.zone{fill:#222}"
    ".port{fill:#fff;stroke:#0b3d91;stroke-width:2}.border{fill:#ffe9a8;stroke:#9c2f16;stroke-width:1.6}"
    ".labels text{font-size:11px;fill:#1d2433;paint-order:stroke;stroke:#fff;stroke-width:3px;"
    "stroke-linejoin:round;pointer-events:none}.labels .lborder{fill:#7a2512}"
    ".legend{display:flex;flex-wrap:wrap;gap:4px 22px;font-size:12.5px;margin:8px 2px 0;align-items:center}"
    ".legend svg{vertical-align:middle}.legend label{margin-right:6px;white-space:nowrap}"
    ".legend input{vertical-align:middle;margin:0 2px 0 0}"
    ".sw{display:inline-block;width:14px;height:10px;margin:0 3px 0 8px;vertical-align:middle;border-radius:2px}"
    ".chart .grid{stroke:#e6e8ec}.chart .axis{stroke:#9aa1ad}"
    ".chart .tick{font-size:11px;fill:var(--muted)}.chart .label{font-size:12px;fill:var(--ink)}"
    ".chart .cat{font-size:12px;fill:var(--ink)}.chart .val{font-size:11px;fill:var(--ink)}"
    ".chart .val.small{font-size:8.5px}"
    ".chart .series{fill:none;stroke:var(--accent);stroke-width:2}.chart .pt{fill:var(--accent)}"
    ".muted{color:var(--muted);fill:var(--muted)}"
    ".tw{overflow-x:auto}"
    "table{border-collapse:collapse;font-size:13px;width:100%}"
    "th,td{padding:3px 8px;border-bottom:1px solid #eceef2;text-align:left;vertical-align:top}"
    "th{background:#f6f7f9;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}td.up{color:#a5281b}td.down{color:#1b4f8a}"
    ".note{color:var(--muted);font-size:12.5px;margin:6px 0 0}"
    "#tip{position:absolute;z-index:10;background:#fff;border:1px solid #9aa1ad;border-radius:4px;"
    "padding:6px 9px;font-size:12.5px;white-space:pre-line;max-width:380px;box-shadow:0 2px 8px rgba(0,0,0,.18);"
    "pointer-events:none}"
    "footer{font-size:12px;color:var(--muted);margin:14px 2px}"
    "@media print{@page{size:A4 landscape;margin:10mm}body{background:#fff;font-size:10.5pt}"
    "main{max-width:none;padding:0}nav,#tip,.legend input{display:none}svg.map{max-height:none}"
    "section{break-inside:avoid;border:none;padding:4px 0;margin:6px 0}"
    ".grid{display:block}svg.map{max-height:170mm;border:none}"
    "a{color:inherit;text-decoration:none}}";

/* Tooltips: move each map <title> into data-tip and show it in a floating
 * box; mode check boxes hide/show links of that mode. */
static const char JS[] =
    "(function(){'use strict';"
    "var tip=document.getElementById('tip');"
    "document.querySelectorAll('svg.map .link,svg.map .node').forEach(function(el){"
    "var t=el.querySelector('title');if(!t)return;el.setAttribute('data-tip',t.textContent);"
    "el.addEventListener('mousemove',function(e){tip.textContent=el.getAttribute('data-tip');"
    "tip.style.left=(e.pageX+14)+'px';tip.style.top=(e.pageY+12)+'px';tip.hidden=false;});"
    "el.addEventListener('mouseleave',function(){tip.hidden=true;});"
    "t.parentNode.removeChild(t);});"
    "document.querySelectorAll('.legend input[data-mode]').forEach(function(cb){"
    "cb.addEventListener('change',function(){var svg=document.getElementById(cb.getAttribute('data-map'));"
    "if(!svg)return;svg.querySelectorAll('.link').forEach(function(p){"
    "if(p.getAttribute('data-mode')===cb.getAttribute('data-mode'))p.style.display=cb.checked?'':'none';});});});"
    /* #selftest (used by tests/cli_report.sh): hover the first link with flow and
     * untick the first mode box, then record what happened on <body> */
    "if(location.hash==='#selftest'){var l=document.querySelector('svg.map .link.flow');"
    "if(l)l.dispatchEvent(new MouseEvent('mousemove',{bubbles:true,clientX:20,clientY:20}));"
    "document.body.setAttribute('data-selftest-tip',tip.hidden?'':tip.textContent.split('\\n')[0]);"
    "var cb=document.querySelector('.legend input[data-mode]');if(cb){cb.click();"
    "var svg=document.getElementById(cb.getAttribute('data-map')),n=0;"
    "svg.querySelectorAll('.link').forEach(function(p){if(p.style.display==='none')n++;});"
    "document.body.setAttribute('data-selftest-hidden',cb.getAttribute('data-mode')+' '+n);}}"
    "})();";

static void slug(char *buf, size_t cap, const char *prefix, int i)
{
    snprintf(buf, cap, "%s%d", prefix, i);
}

static void section_html(cor__sb *b, const section *s, int idx)
{
    char id[32];
    slug(id, sizeof id, "s", idx);
    cor__sb_printf(b, "<section id=\"%s\"><h2>", id);
    cor__sb_xml(b, s->title);
    cor__sb_put(b, "</h2>");
    if (s->kind == SEC_TABLE) {
        table_open(b, (const char *const *)s->cols, s->n_cols);
        for (int rr = 0; rr < s->n_rows; rr++) {
            cor__sb_put(b, "<tr>");
            for (int c = 0; c < s->n_cols; c++) table_cell(b, s->cells[(size_t)rr * (size_t)s->n_cols + (size_t)c]);
            cor__sb_put(b, "</tr>\n");
        }
        table_close(b);
    } else if (s->kind == SEC_BARS) {
        cor_report_bars br = {s->title, s->unit, s->note, s->bkind, s->n_rows, s->n_cols,
                              (const char *const *)s->cats, (const char *const *)s->series, s->values};
        if (s->n_rows == 0) cor__sb_put(b, "<p class=\"muted\">No data.</p>");
        else cor__svg_bars(b, &br, 600);
    }
    if (s->note) {
        cor__sb_put(b, s->kind == SEC_NOTE ? "<p>" : "<p class=\"note\">");
        cor__sb_xml(b, s->note);
        cor__sb_put(b, "</p>");
    }
    cor__sb_put(b, "</section>\n");
}

static void mode_bars(cor__sb *b, const rcase *c)
{
    const cor_network *net = c->c.net;
    const cor_solution *sol = c->c.sol;
    if (!sol || cor_network_link_col(net, "mode") < 0) return;
    int nk = sol->n_classes;
    double *v = calloc((size_t)N_MODES * (size_t)nk + 1, sizeof *v);
    const char **names = calloc((size_t)nk + 1, sizeof *names);
    char (*nb)[32] = calloc((size_t)nk + 1, sizeof *nb);
    if (!v || !names || !nb) { b->oom = 1; free(v); free(names); free(nb); return; }
    for (int32_t a = 0; a < net->n_links; a++) {
        int m = mode_index(link_mode(net, a));
        if (m < 0) continue;
        for (int k = 0; k < nk; k++)
            v[m * nk + k] += sol->class_flow[(size_t)k * (size_t)net->n_links + (size_t)a] * net->length[a];
    }
    for (int k = 0; k < nk; k++) names[k] = cor__class_name(c->c.class_names, k, nb[k], sizeof nb[k]);
    /* keep modes with flow */
    const char *cats[N_MODES];
    double vv[N_MODES * 64];
    int nc = 0;
    if (nk <= 64)
        for (int m = 0; m < N_MODES; m++) {
            double s = 0;
            for (int k = 0; k < nk; k++) s += v[m * nk + k];
            if (!(s > 0)) continue;
            cats[nc] = MODES[m];
            memcpy(&vv[nc * nk], &v[m * nk], sizeof(double) * (size_t)nk);
            nc++;
        }
    if (nc) {
        char unit[96];
        snprintf(unit, sizeof unit, "flow \xc3\x97 length%s%s", *c->c.flow_unit ? ", " : "", c->c.flow_unit);
        cor_report_bars br = {"Flow \xc3\x97 length by mode", unit, NULL, COR_BARS_STACKED, nc, nk, cats,
                              names, vv};
        cor__sb_put(b, "<section id=\"modes\"><h2>Flow \xc3\x97 length by mode</h2>");
        cor__svg_bars(b, &br, 600);
        cor__sb_put(b, "<p class=\"note\">Sum over links of flow times link length, by the link's "
                       "<code>mode</code>.</p></section>\n");
    }
    free(v);
    free(names);
    free(nb);
}

static int dbl_cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

/* A detail window: the 10th..90th percentiles of node x and y, when that is
 * much smaller than the whole network (an outlier such as the Cape makes
 * the main map small).  Returns 1 and fills view[4] (x0, y0, x1, y1). */
static int detail_view(const cor_network *net, double *view)
{
    double x0, y0, x1, y1;
    if (!cor__net_bbox(net, &x0, &y0, &x1, &y1) || net->n_nodes < 20) return 0;
    double *xs = malloc(sizeof(double) * (size_t)net->n_nodes), *ys = malloc(sizeof(double) * (size_t)net->n_nodes);
    int n = 0, ok = 0;
    if (xs && ys) {
        for (int32_t u = 0; u < net->n_nodes; u++)
            if (isfinite(net->node_x[u]) && isfinite(net->node_y[u])) {
                xs[n] = net->node_x[u];
                ys[n] = net->node_y[u];
                n++;
            }
        if (n >= 20) {
            qsort(xs, (size_t)n, sizeof *xs, dbl_cmp);
            qsort(ys, (size_t)n, sizeof *ys, dbl_cmp);
            int lo = n / 10, hi = n - 1 - n / 10;
            view[0] = xs[lo]; view[1] = ys[lo]; view[2] = xs[hi]; view[3] = ys[hi];
            double full = (x1 - x0) * (y1 - y0), part = (view[2] - view[0]) * (view[3] - view[1]);
            ok = full > 0 && part > 0 && part < 0.25 * full;
        }
    }
    free(xs);
    free(ys);
    return ok;
}

static cor_status build_html(cor__sb *b, const cor_report *r, cor_error *err)
{
    cor_status st;
    const rcase *c0 = &r->cases[0];
    const cor_network *net = c0->c.net;
    const cor_solution *sol = c0->c.sol;
    cor__sb_put(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                   "<meta name=\"generator\" content=\"corridor " COR_VERSION "\"><title>");
    cor__sb_xml(b, r->title);
    cor__sb_put(b, "</title><style>");
    cor__sb_put(b, CSS);
    cor__sb_put(b, "</style></head><body><main><header><h1>");
    cor__sb_xml(b, r->title);
    cor__sb_put(b, "</h1>");
    if (r->subtitle[0]) {
        cor__sb_put(b, "<p>");
        cor__sb_xml(b, r->subtitle);
        cor__sb_put(b, "</p>");
    }
    cor__sb_printf(b, "<p>%d nodes \xc2\xb7 %d links \xc2\xb7 %d zones", (int)net->n_nodes, (int)net->n_links,
                   (int)net->n_zones);
    if (sol) {
        cor__sb_printf(b, " \xc2\xb7 %d class%s", sol->n_classes, sol->n_classes == 1 ? "" : "es");
        if (sol->n_classes > 1 || c0->c.class_names) {
            cor__sb_put(b, " (");
            for (int k = 0; k < sol->n_classes; k++) {
                char nb[32];
                if (k) cor__sb_put(b, ", ");
                cor__sb_xml(b, cor__class_name(c0->c.class_names, k, nb, sizeof nb));
            }
            cor__sb_put(b, ")");
        }
        cor__sb_printf(b, " \xc2\xb7 %s, %d iterations, relative gap %.2e%s", cor_method_name(sol->method),
                       sol->iterations, sol->relative_gap, sol->converged ? "" : " (not converged)");
    }
    cor__sb_put(b, "</p></header><nav><a href=\"#map\">Map</a><a href=\"#summary\">Summary</a>");
    if (sol) cor__sb_put(b, "<a href=\"#conv\">Convergence</a>");
    for (int i = 0; i < r->n_secs; i++) { /* the title up to " — " */
        const char *t = r->secs[i].title, *dash = strstr(t, " \xe2\x80\x94 ");
        char shortt[128];
        size_t n = dash ? (size_t)(dash - t) : strlen(t);
        if (n >= sizeof shortt) n = sizeof shortt - 1;
        memcpy(shortt, t, n);
        shortt[n] = '\0';
        cor__sb_printf(b, "<a href=\"#s%d\">", i);
        cor__sb_xml(b, shortt);
        cor__sb_put(b, "</a>");
    }
    if (r->n_cases > 1) cor__sb_put(b, "<a href=\"#scenarios\">Scenarios</a>");
    if (sol) cor__sb_put(b, "<a href=\"#busiest\">Busiest links</a>");
    cor__sb_put(b, "</nav>\n");

    /* map */
    cor__sb_put(b, "<section id=\"map\"><h2>");
    cor__sb_put(b, sol ? "Link flows \xe2\x80\x94 " : "Network \xe2\x80\x94 ");
    cor__sb_xml(b, c0->label);
    cor__sb_put(b, "</h2>");
    if ((st = draw_map(b, r, 0, 0, "map0", NULL, err))) return st;
    cor__sb_put(b, "</section>\n");
    double view[4];
    if (detail_view(net, view)) {
        cor__sb_put(b, "<section id=\"detail\"><h2>Detail: the central part of the network \xe2\x80\x94 ");
        cor__sb_xml(b, c0->label);
        cor__sb_put(b, "</h2>");
        if ((st = draw_map(b, r, 0, 0, "map0d", view, err))) return st;
        cor__sb_put(b, "<p class=\"note\">Fitted to the middle 80 % of the nodes (by longitude and by "
                       "latitude); links leaving the frame are cut.</p></section>\n");
    }

    /* summary + convergence + mode bars */
    cor__sb_put(b, "<div class=\"grid\"><section id=\"summary\"><h2>Summary</h2>");
    if ((st = summary_table(b, r, err))) return st;
    if (sol && sol->n_unserved)
        cor__sb_printf(b, "<p class=\"note\">%d origin\xe2\x80\x93" "destination pairs have no usable path; "
                          "their demand is not assigned.</p>", sol->n_unserved);
    cor__sb_put(b, "</section>\n");
    if (sol) {
        cor__sb_put(b, "<section id=\"conv\"><h2>Convergence</h2>");
        cor__svg_convergence(b, sol, 600, 300);
        cor__sb_printf(b, "<p class=\"note\">Relative gap (TSTT \xe2\x88\x92 SPTT) / SPTT by iteration, "
                          "method %s.</p></section>\n", cor_method_name(sol->method));
    }
    mode_bars(b, c0);
    for (int i = 0; i < r->n_secs; i++) section_html(b, &r->secs[i], i);
    cor__sb_put(b, "</div>\n");

    /* scenarios */
    if (r->n_cases > 1) {
        cor__sb_put(b, "<section id=\"scenarios\"><h2>Scenarios against ");
        cor__sb_xml(b, c0->label);
        cor__sb_put(b, "</h2><p class=\"note\">Each map shows the scenario's network; links are matched to the "
                       "base by link id. The summary table above compares all cases side by side.</p></section>\n");
        for (int i = 1; i < r->n_cases; i++) {
            char id[32];
            slug(id, sizeof id, "map", i);
            cor__sb_printf(b, "<section id=\"scen%d\"><h2>Flow change \xe2\x80\x94 ", i);
            cor__sb_xml(b, r->cases[i].label);
            cor__sb_put(b, " vs ");
            cor__sb_xml(b, c0->label);
            cor__sb_put(b, "</h2>");
            if (r->cases[i].note[0]) {
                cor__sb_put(b, "<p>");
                cor__sb_xml(b, r->cases[i].note);
                cor__sb_put(b, "</p>");
            }
            if ((st = draw_map(b, r, i, 1, id, NULL, err))) return st;
            double sv[4];
            if (detail_view(r->cases[i].c.net, sv)) {
                char did[40];
                snprintf(did, sizeof did, "%sd", id);
                cor__sb_put(b, "<h3>Detail: the central part of the network</h3>");
                if ((st = draw_map(b, r, i, 1, did, sv, err))) return st;
            }
            cor__sb_put(b, "<h3>Largest changes</h3>");
            if ((st = top_links(b, r, i, 15, err))) return st;
            cor__sb_put(b, "</section>\n");
        }
    }
    if (sol) {
        cor__sb_put(b, "<section id=\"busiest\"><h2>Busiest links \xe2\x80\x94 ");
        cor__sb_xml(b, c0->label);
        cor__sb_put(b, "</h2>");
        if ((st = top_links(b, r, 0, 20, err))) return st;
        cor__sb_put(b, "</section>\n");
    }
    cor__sb_put(b, "<footer>Generated by corridor " COR_VERSION ". ");
    if (cor_report_is_lonlat(net))
        cor__sb_put(b, "Country outlines: Natural Earth 1:50m admin-0 countries (public domain), "
                       "via the world-atlas package; simplified. Map projection: equirectangular, "
                       "fitted to the network. ");
    cor__sb_put(b, "Links between the same two nodes in both directions are drawn side by side, "
                   "each on the right of its direction of travel.</footer>");
    cor__sb_put(b, "</main><div id=\"tip\" hidden></div><script>");
    cor__sb_put(b, JS);
    cor__sb_put(b, "</script></body></html>\n");
    if (b->oom) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    return COR_OK;
}

cor_status cor_report_write_html(const cor_report *r, const char *path, cor_error *err)
{
    if (!r || !path) return cor_error_set(err, COR_E_USAGE, "report: NULL report or path");
    if (r->n_cases < 1) return cor_error_set(err, COR_E_USAGE, "report: no case added (cor_report_add_case)");
    cor__sb b = {0};
    cor_status st = build_html(&b, r, err);
    if (!st) {
        cor_outfile f;
        if (!(st = cor_outfile_open(&f, path, err))) {
            if (fwrite(b.s, 1, b.len, f.fp) != b.len) {
                cor_outfile_abort(&f);
                st = cor_error_set(err, COR_E_IO, "%s: write failed", path);
            } else {
                st = cor_outfile_commit(&f, err);
            }
        }
    }
    cor__sb_free(&b);
    return st;
}

/* A file/table-safe name of a case label: [a-z0-9_], unique among cases. */
static void case_slug(const cor_report *r, int ci, char *buf, size_t cap)
{
    size_t o = 0;
    for (const char *s = r->cases[ci].label; *s && o + 1 < cap; s++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) c = '_';
        if (c == '_' && (o == 0 || buf[o - 1] == '_')) continue;
        buf[o++] = c;
    }
    while (o > 0 && buf[o - 1] == '_') o--;
    buf[o] = '\0';
    if (!o) snprintf(buf, cap, "case%d", ci);
    for (int j = 1; j < ci; j++) { /* unique */
        char other[96];
        case_slug(r, j, other, sizeof other);
        if (!strcmp(other, buf)) {
            size_t n = strlen(buf);
            snprintf(buf + n, cap - n, "_%d", ci);
            break;
        }
    }
}

cor_status cor_report_write(const cor_report *r, const char *dir, cor_error *err)
{
    if (!r || !dir) return cor_error_set(err, COR_E_USAGE, "report: NULL report or directory");
    if (r->n_cases < 1) return cor_error_set(err, COR_E_USAGE, "report: no case added (cor_report_add_case)");
    const rcase *c0 = &r->cases[0];
    int nc = r->n_cases;
    cor__layer *layers = calloc((size_t)nc, sizeof *layers);
    char (*slugs)[96] = calloc((size_t)nc, sizeof *slugs);
    cor_status st = COR_OK;
    if (!layers || !slugs) { free(layers); free(slugs); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
    int geo0 = cor_report_is_lonlat(c0->c.net), nl = 0;
    for (int i = 0; i < nc && !st; i++) {
        const rcase *c = &r->cases[i];
        cor__layer *l = &layers[nl];
        l->net = c->c.net;
        l->sol = c->c.sol;
        l->class_names = c->c.class_names;
        if (i) {
            case_slug(r, i, slugs[i], sizeof slugs[i]);
            l->name = slugs[i];
            l->base_net = c0->c.net;
            l->base_sol = c0->c.sol;
        }
        /* GeoJSON per case: links.geojson / nodes.geojson, links_<case>.geojson ... */
        char ln[160], nn[160];
        snprintf(ln, sizeof ln, i ? "links_%s.geojson" : "links.geojson", slugs[i]);
        snprintf(nn, sizeof nn, i ? "nodes_%s.geojson" : "nodes.geojson", slugs[i]);
        char *lp = cor__path_join(dir, ln), *np = cor__path_join(dir, nn);
        if (!lp || !np) st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        else if (!(st = cor__write_geojson_links_ex(lp, l, err)))
            st = cor_write_geojson_nodes(np, c->c.net, c->c.sol, err);
        free(lp);
        free(np);
        /* the GeoPackage holds the cases whose coordinates are of the base's kind */
        if (cor_report_is_lonlat(c->c.net) == geo0) nl++;
    }
#ifdef COR_HAVE_SQLITE
    if (!st) {
        char *p = cor__path_join(dir, "results.gpkg");
        st = p ? cor__write_gpkg_layers(p, layers, nl, err) : cor_error_set(err, COR_E_NOMEM, "out of memory");
        free(p);
    }
#endif
    free(layers);
    free(slugs);
    if (st) return st;
    char *p = cor__path_join(dir, "index.html");
    if (!p) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    st = cor_report_write_html(r, p, err);
    free(p);
    return st;
}
