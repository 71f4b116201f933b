/* corridor report — the SVG map: projection, country outlines, links by
 * mode, flow and v/c (or flow change), port and border markers with
 * labels, the legend; the mode styles. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "corridor/corridor.h"
#include "report/internal.h"

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
int cor__mode_index(const cor__style *s, const char *m)
{
    for (int i = 0; i < s->n_modes; i++)
        if (!strcasecmp(m, s->mode[i])) return i;
    return -1;
}

/* Dash pattern of style mode m (-1: none) at stroke width w ("" = solid). */
static void mode_dash(char *buf, size_t cap, const cor__style *s, int m, double w)
{
    double k = fmax(1.0, w / 2.5);
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; m >= 0 && i < 4 && s->dash[m][i] > 0 && len < cap; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%.1f", i ? " " : "", s->dash[m][i] * k);
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
const char *cor__link_mode(const cor_network *net, int32_t a)
{
    return cor__link_str(net, a, "mode");
}

void cor__node_label(const cor_network *net, int32_t u, char *buf, size_t cap)
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

/* 1 port, 2 border crossing (by the style's node types), 0 other. */
static int node_kind(const cor__style *s, const cor_network *net, int32_t u)
{
    const char *t = cor__node_str(net, u, "node_type");
    if (s->port_type && *s->port_type && strstr(t, s->port_type)) return 1;
    if (s->border_type && *s->border_type && strstr(t, s->border_type)) return 2;
    return 0;
}

static int has_reverse(const cor_network *net, int32_t a)
{
    int32_t u = net->link_from[a], v = net->link_to[a];
    for (int32_t b = net->first_out[v]; b < net->first_out[v + 1]; b++)
        if (net->link_to[b] == u) return 1;
    return 0;
}

static int link_closed(const cor__rcase *c, int32_t a)
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
static void link_tip(cor__sb *b, const cor__rcase *c, int32_t a, double bflow, int diff)
{
    const cor_network *net = c->c.net;
    const cor_solution *sol = c->c.sol;
    const char *name = cor__link_str(net, a, "name");
    char lu[64], lv[64];
    cor__node_label(net, net->link_from[a], lu, sizeof lu);
    cor__node_label(net, net->link_to[a], lv, sizeof lv);
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
    const char *mode = cor__link_mode(net, a), *status = cor__link_str(net, a, "status");
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
    const cor__rcase *c;     /* case whose network holds link a */
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

/* The drawing items of case ci: its links (with their flow, or their flow
 * change against the base) and, for a difference map, the base links the
 * case lacks; sorted so that the largest flows are drawn last.  *vmax is
 * the largest |value|.  NULL on no memory. */
static ditem *map_items(const cor_report *r, int ci, int diff, int *n_items, double *vmax)
{
    const cor__rcase *c = &r->cases[ci], *base = &r->cases[0];
    const cor_network *net = c->c.net;
    int32_t nb = diff ? base->c.net->n_links : 0;
    ditem *it = calloc((size_t)net->n_links + (size_t)nb + 1, sizeof *it);
    if (!it) return NULL;
    int n = 0;
    double vm = 0;
    for (int32_t a = 0; a < net->n_links; a++) {
        ditem *d = &it[n++];
        d->c = c;
        d->a = a;
        d->closed = link_closed(c, a);
        if (diff) {
            int32_t ba = cor_network_find_link(base->c.net, net->link_id[a]);
            d->bflow = ba >= 0 ? cor__case_flow(base, ba) : 0;
            d->val = cor__case_flow(c, a) - d->bflow;
        } else {
            d->val = cor__case_flow(c, a);
        }
        if (fabs(d->val) > vm) vm = fabs(d->val);
    }
    if (diff) /* links of the base missing from the scenario: flow lost */
        for (int32_t a = 0; a < nb; a++) {
            if (cor_network_find_link(net, base->c.net->link_id[a]) >= 0) continue;
            ditem *d = &it[n++];
            d->c = base;
            d->a = a;
            d->closed = 1;
            d->bflow = cor__case_flow(base, a);
            d->val = -d->bflow;
            if (fabs(d->val) > vm) vm = fabs(d->val);
        }
    double eps = vm * 1e-6;
    for (int i = 0; i < n; i++) {
        ditem *d = &it[i];
        double v = fabs(d->val);
        d->flow = v > eps && v > 0;
        if (d->flow) {
            d->w = W_MIN + (W_MAX - W_MIN) * v / vm;
            d->color = diff ? (d->val > 0 ? COL_UP : COL_DOWN) : voc_color(cor__voc(d->c->c.net, d->c->c.sol, d->a));
            d->key = v;
        } else {
            d->w = d->closed ? 0.8 : 1.0;
            d->color = d->closed ? "#cfd3da" : COL_IDLE;
            d->key = d->closed ? -2 : -1;
        }
    }
    qsort(it, (size_t)n, sizeof *it, ditem_cmp);
    *n_items = n;
    *vmax = vm;
    return it;
}

/* The links, one <path> each with its tooltip; `c` is the case drawn. */
static cor_status draw_links(cor__sb *b, const proj *p, const ditem *it, int n, const cor__rcase *c, int diff,
                             cor_error *err)
{
    cor__sb_put(b, "<g class=\"links\">");
    for (int i = 0; i < n; i++) {
        const ditem *d = &it[i];
        const cor_network *dn = d->c->c.net;
        const char *mode = cor__link_mode(dn, d->a);
        char dash[64];
        int mi = cor__mode_index(c->style, mode);
        mode_dash(dash, sizeof dash, c->style, mi, d->w);
        double w = d->w * (mi >= 0 ? c->style->width[mi] : 1.0);
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
        int got = link_path(b, p, dn, d->a, off);
        if (got < 0) return cor_error_set(err, COR_E_NOMEM, "out of memory");
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
    return COR_OK;
}

/* The node markers with their tooltips.  The boxes of the port and border
 * markers go into boxes[] (n_nodes places), their number into *nbox. */
static void draw_nodes(cor__sb *b, const proj *p, const cor__rcase *c, labelbox *boxes, int *nbox)
{
    const cor_network *net = c->c.net;
    int nb = 0;
    cor__sb_put(b, "<g class=\"nodes\">");
    for (int32_t u = 0; u < net->n_nodes; u++) {
        double px, py;
        if (!isfinite(net->node_x[u]) || !isfinite(net->node_y[u])) continue;
        proj_xy(p, net->node_x[u], net->node_y[u], &px, &py);
        int kind = node_kind(c->style, net, u);
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
            boxes[nb].x0 = px - 4; boxes[nb].x1 = px + 4;
            boxes[nb].y0 = py - 4; boxes[nb].y1 = py + 4;
            nb++;
        }
    }
    cor__sb_put(b, "</g>");
    *nbox = nb;
}

/* Labels of ports, then of border crossings, each where it overlaps no
 * marker and no other label (four places tried), a place named once. */
static cor_status draw_labels(cor__sb *b, const proj *p, const cor__style *st, const cor_network *net,
                              const labelbox *boxes, int nbox, cor_error *err)
{
    labelbox *placed = calloc((size_t)net->n_nodes * 2 + 1, sizeof *placed);
    enum { MAX_LABELS = 400 };
    typedef char labstr[64];
    double *labx = malloc(sizeof(double) * MAX_LABELS), *laby = malloc(sizeof(double) * MAX_LABELS);
    labstr *labtxt = malloc(sizeof(labstr) * MAX_LABELS);
    if (!placed || !labx || !laby || !labtxt) {
        free(labx); free(laby); free(labtxt); free(placed);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    int nplaced = nbox, nlab = 0;
    memcpy(placed, boxes, sizeof *boxes * (size_t)nbox);
    cor__sb_put(b, "<g class=\"labels\">");
    for (int pass = 1; pass <= 2; pass++)
        for (int32_t u = 0; u < net->n_nodes; u++) {
            if (node_kind(st, net, u) != pass || !isfinite(net->node_x[u]) || !isfinite(net->node_y[u])) continue;
            double px, py;
            proj_xy(p, net->node_x[u], net->node_y[u], &px, &py);
            char lab[64];
            cor__node_label(net, u, lab, sizeof lab);
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
                if (!box_free(placed, nplaced, &q, p)) continue;
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
    cor__sb_put(b, "</g>");
    free(placed);
    free(labx);
    free(laby);
    free(labtxt);
    return COR_OK;
}

/* The legend under the map: widths, colours, the modes present (with
 * check boxes that hide them on map `id`), node symbols. */
static void draw_legend(cor__sb *b, const cor__rcase *c, int diff, double vmax, const char *id, int lonlat)
{
    const cor_network *net = c->c.net;
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
    const cor__style *sty = c->style;
    int present[COR_REPORT_MAX_MODES] = {0};
    for (int32_t a = 0; a < net->n_links; a++) {
        int m = cor__mode_index(sty, cor__link_mode(net, a));
        if (m >= 0) present[m] = 1;
    }
    int any = 0;
    for (int m = 0; m < sty->n_modes; m++) any |= present[m];
    if (any) {
        cor__sb_put(b, "<span class=\"lg\"><b>Mode</b>:");
        for (int m = 0; m < sty->n_modes; m++) {
            if (!present[m]) continue;
            char dash[64];
            mode_dash(dash, sizeof dash, sty, m, 3);
            cor__sb_printf(b, " <label><input type=\"checkbox\" checked data-map=\"%s\" data-mode=\"", id);
            cor__sb_xml(b, sty->mode[m]);
            cor__sb_printf(b, "\"><svg width=\"34\" height=\"12\"><line x1=\"3\" x2=\"31\" y1=\"6\" y2=\"6\" "
                              "stroke=\"#444\" stroke-width=\"3\" stroke-linecap=\"round\"%s%s%s/></svg>",
                           dash[0] ? " stroke-dasharray=\"" : "", dash, dash[0] ? "\"" : "");
            cor__sb_xml(b, sty->mode[m]);
            cor__sb_put(b, "</label>");
        }
        cor__sb_put(b, "</span>");
    }
    if (cor_network_node_col(net, "node_type") >= 0 && (sty->port_type || sty->border_type)) {
        cor__sb_put(b, "<span class=\"lg\"><b>Nodes</b>:");
        if (sty->port_type) {
            cor__sb_put(b, " <svg width=\"12\" height=\"12\"><circle cx=\"6\" cy=\"6\" r=\"4\" class=\"port\"/></svg> ");
            cor__sb_xml(b, sty->port_label ? sty->port_label : sty->port_type);
        }
        if (sty->border_type) {
            cor__sb_put(b, " <svg width=\"12\" height=\"12\"><rect x=\"2.8\" y=\"2.8\" width=\"6.4\" height=\"6.4\" "
                           "class=\"border\" transform=\"rotate(45 6 6)\"/></svg> ");
            cor__sb_xml(b, sty->border_label ? sty->border_label : sty->border_type);
        }
        cor__sb_put(b, "</span>");
    }
    if (!lonlat)
        cor__sb_put(b, "<span class=\"lg muted\">Coordinates are not longitude/latitude: drawn as given, "
                       "no country outlines.</span>");
    cor__sb_put(b, "</div>");
}

cor_status cor__draw_map(cor__sb *b, const cor_report *r, int ci, int diff, const char *id,
                         const double *view, cor_error *err)
{
    const cor__rcase *c = &r->cases[ci];
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
    int n;
    double vmax;
    ditem *it = map_items(r, ci, diff, &n, &vmax);
    labelbox *boxes = calloc((size_t)net->n_nodes + 1, sizeof *boxes);
    if (!it || !boxes) {
        free(it);
        free(boxes);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    cor__sb_printf(b, "<svg class=\"map%s\" id=\"%s\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
                   lonlat ? " geo" : "", id, p.W, p.H, diff ? "map of flow changes" : "map of link flows");
    cor__sb_printf(b, "<rect class=\"sea\" x=\"0\" y=\"0\" width=\"%d\" height=\"%d\"/>", p.W, p.H);
    if (lonlat) draw_outlines(b, &p);
    cor_status st = draw_links(b, &p, it, n, c, diff, err);
    int nbox = 0;
    if (!st) {
        draw_nodes(b, &p, c, boxes, &nbox);
        st = draw_labels(b, &p, c->style, net, boxes, nbox, err);
    }
    free(it);
    free(boxes);
    if (st) return st;
    cor__sb_put(b, "</svg>");
    draw_legend(b, c, diff, vmax, id, lonlat);
    return COR_OK;
}

static int dbl_cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

/* A detail window: the 10th..90th percentiles of node x and y, when that is
 * much smaller than the whole network (one far-off node such as a remote port makes
 * the main map small).  Returns 1 and fills view[4] (x0, y0, x1, y1). */
int cor__detail_view(const cor_network *net, double *view)
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
