/* corridor report — string buffer, number formatting, link geometry. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"

/* ---- string buffer ---- */
static int sb_grow(cor__sb *b, size_t extra)
{
    if (b->oom) return -1;
    if (b->len + extra + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra + 1) cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) { b->oom = 1; return -1; }
    b->s = s;
    b->cap = cap;
    return 0;
}

void cor__sb_free(cor__sb *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

void cor__sb_putn(cor__sb *b, const char *s, size_t n)
{
    if (sb_grow(b, n)) return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void cor__sb_put(cor__sb *b, const char *s) { cor__sb_putn(b, s, strlen(s)); }

void cor__sb_printf(cor__sb *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) { cor__sb_putn(b, tmp, (size_t)n); return; }
    if (sb_grow(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void cor__sb_xml(cor__sb *b, const char *s)
{
    if (!s) return;
    const char *run = s;
    for (; *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: break;
        }
        if (rep || ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')) {
            cor__sb_putn(b, run, (size_t)(s - run));
            if (rep) cor__sb_put(b, rep);
            run = s + 1;
        }
    }
    cor__sb_putn(b, run, (size_t)(s - run));
}

void cor__sb_json(cor__sb *b, const char *s)
{
    cor__sb_put(b, "\"");
    if (s) {
        const char *run = s;
        for (; *s; s++) {
            unsigned char c = (unsigned char)*s;
            if (c == '"' || c == '\\' || c < 0x20) {
                cor__sb_putn(b, run, (size_t)(s - run));
                if (c == '"') cor__sb_put(b, "\\\"");
                else if (c == '\\') cor__sb_put(b, "\\\\");
                else if (c == '\n') cor__sb_put(b, "\\n");
                else if (c == '\t') cor__sb_put(b, "\\t");
                else if (c == '\r') cor__sb_put(b, "\\r");
                else cor__sb_printf(b, "\\u%04x", c);
                run = s + 1;
            }
        }
        cor__sb_putn(b, run, (size_t)(s - run));
    }
    cor__sb_put(b, "\"");
}

void cor__sb_jnum(cor__sb *b, double v)
{
    if (!isfinite(v)) { cor__sb_put(b, "null"); return; }
    if (v == 0) v = 0; /* no "-0" */
    cor__sb_printf(b, "%.10g", v);
}

void cor__fmt_hnum(char *buf, size_t cap, double v)
{
    if (!isfinite(v)) { snprintf(buf, cap, "\xe2\x80\x93"); return; }
    if (v == 0) { snprintf(buf, cap, "0"); return; }
    double a = fabs(v);
    if (a < 1000) {
        snprintf(buf, cap, "%.3g", v);
        return;
    }
    if (a >= 1e15) { snprintf(buf, cap, "%.3e", v); return; }
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", a);
    size_t nd = strlen(digits), o = 0;
    char tmp[48];
    if (v < 0) tmp[o++] = '-';
    for (size_t i = 0; i < nd; i++) {
        if (i && (nd - i) % 3 == 0) tmp[o++] = ',';
        tmp[o++] = digits[i];
    }
    tmp[o] = '\0';
    snprintf(buf, cap, "%s", tmp);
}

void cor__fmt_compact(char *buf, size_t cap, double v)
{
    /* from 10,000 up: "18.6 k"; below, the plain number */
    static const struct { double from, f; const char *s; } u[] = {
        {1e12, 1e12, "tn"}, {1e9, 1e9, "bn"}, {1e6, 1e6, "M"}, {1e4, 1e3, "k"}};
    double a = fabs(v);
    if (isfinite(v))
        for (size_t i = 0; i < sizeof u / sizeof *u; i++)
            if (a >= u[i].from) {
                double x = v / u[i].f;
                snprintf(buf, cap, fabs(x) >= 100 ? "%.0f %s" : "%.1f %s", x, u[i].s);
                return;
            }
    cor__fmt_hnum(buf, cap, v);
}

void cor__sb_cnum(cor__sb *b, double v)
{
    char buf[64];
    cor__fmt_compact(buf, sizeof buf, v);
    cor__sb_put(b, buf);
}

void cor__sb_hnum(cor__sb *b, double v)
{
    char buf[64];
    cor__fmt_hnum(buf, sizeof buf, v);
    cor__sb_put(b, buf);
}

/* ---- attributes ---- */
const char *cor__link_str(const cor_network *net, int32_t a, const char *name)
{
    int c = cor_network_link_col(net, name);
    return c < 0 ? "" : net->link_extra.values[c][a];
}

const char *cor__node_str(const cor_network *net, int32_t u, const char *name)
{
    int c = cor_network_node_col(net, name);
    return c < 0 ? "" : net->node_extra.values[c][u];
}

double cor__voc(const cor_network *net, const cor_solution *sol, int32_t a)
{
    if (!sol) return NAN;
    double cap = net->capacity[a];
    if (!(cap > 0) || !isfinite(cap)) return NAN;
    return sol->flow[a] / cap;
}

double cor__node_throughput(const cor_network *net, const cor_solution *sol,
                            int32_t u)
{
    if (!sol) return NAN;
    double in = 0, out = 0;
    for (int32_t k = net->first_in[u]; k < net->first_in[u + 1]; k++)
        in += sol->flow[net->in_link[k]];
    for (int32_t a = net->first_out[u]; a < net->first_out[u + 1]; a++)
        out += sol->flow[a];
    return in > 0 ? in : out;
}

const char *cor__class_name(const char *const *class_names, int k, char *buf,
                            size_t cap)
{
    if (class_names && class_names[k]) return class_names[k];
    snprintf(buf, cap, "class%d", k + 1);
    return buf;
}

/* ---- geometry ---- */
static const char *skip_ws(const char *s)
{
    while (*s && isspace((unsigned char)*s)) s++;
    return s;
}

int cor__wkt_linestring(const char *wkt, cor__pt **pts)
{
    *pts = NULL;
    const char *s = skip_ws(wkt);
    static const char kw[] = "LINESTRING";
    for (size_t i = 0; i < sizeof kw - 1; i++, s++)
        if (toupper((unsigned char)*s) != kw[i]) return 0;
    s = skip_ws(s);
    /* optional "Z" / "M" / "ZM" */
    while (*s == 'Z' || *s == 'z' || *s == 'M' || *s == 'm') s++;
    s = skip_ws(s);
    if (*s++ != '(') return 0;
    size_t cap = 8, n = 0;
    cor__pt *p = malloc(cap * sizeof *p);
    if (!p) return -1;
    for (;;) {
        char *end;
        s = skip_ws(s);
        double x = strtod(s, &end);
        if (end == s) goto bad;
        s = end;
        double y = strtod(s, &end);
        if (end == s) goto bad;
        s = skip_ws(end);
        while (*s && *s != ',' && *s != ')') { /* z/m values */
            strtod(s, &end);
            if (end == s) goto bad;
            s = skip_ws(end);
        }
        if (!isfinite(x) || !isfinite(y)) goto bad;
        if (n == cap) {
            cap *= 2;
            cor__pt *q = realloc(p, cap * sizeof *p);
            if (!q) { free(p); return -1; }
            p = q;
        }
        p[n].x = x;
        p[n].y = y;
        n++;
        if (*s == ',') { s++; continue; }
        if (*s == ')') { s++; break; }
        goto bad;
    }
    if (*skip_ws(s) != '\0' || n < 2) goto bad;
    *pts = p;
    return (int)n;
bad:
    free(p);
    return 0;
}

int cor__link_geom(const cor_network *net, int32_t a, cor__pt **pts)
{
    *pts = NULL;
    int gc = cor_network_link_col(net, "geometry");
    if (gc >= 0 && net->link_extra.values[gc][a][0]) {
        int n = cor__wkt_linestring(net->link_extra.values[gc][a], pts);
        if (n != 0) return n;
    }
    int32_t u = net->link_from[a], v = net->link_to[a];
    if (!isfinite(net->node_x[u]) || !isfinite(net->node_y[u]) ||
        !isfinite(net->node_x[v]) || !isfinite(net->node_y[v]))
        return 0;
    cor__pt *p = malloc(2 * sizeof *p);
    if (!p) return -1;
    p[0].x = net->node_x[u];
    p[0].y = net->node_y[u];
    p[1].x = net->node_x[v];
    p[1].y = net->node_y[v];
    *pts = p;
    return 2;
}

int cor__net_bbox(const cor_network *net, double *minx, double *miny,
                  double *maxx, double *maxy)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int32_t u = 0; u < net->n_nodes; u++) {
        double x = net->node_x[u], y = net->node_y[u];
        if (!isfinite(x) || !isfinite(y)) continue;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
    }
    if (cor_network_link_col(net, "geometry") >= 0) {
        for (int32_t a = 0; a < net->n_links; a++) {
            cor__pt *p;
            int n = cor__link_geom(net, a, &p);
            for (int i = 0; i < n; i++) {
                if (p[i].x < x0) x0 = p[i].x;
                if (p[i].x > x1) x1 = p[i].x;
                if (p[i].y < y0) y0 = p[i].y;
                if (p[i].y > y1) y1 = p[i].y;
            }
            free(p);
        }
    }
    if (!(x0 <= x1)) return 0;
    *minx = x0;
    *miny = y0;
    *maxx = x1;
    *maxy = y1;
    return 1;
}

int cor_report_is_lonlat(const cor_network *net)
{
    double x0, y0, x1, y1;
    if (!net || !cor__net_bbox(net, &x0, &y0, &x1, &y1)) return 0;
    return x0 >= -180 && x1 <= 180 && y0 >= -90 && y1 <= 90 &&
           (x1 - x0) < 360 && (y1 - y0) < 180;
}

int cor__parse_num(const char *s, double *v)
{
    if (!s) return 0;
    s = skip_ws(s);
    if (!*s) return 0;
    char *end;
    double x = strtod(s, &end);
    if (end == s || *skip_ws(end) != '\0' || !isfinite(x)) return 0;
    /* strtod accepts hex and "inf"; hex is fine, inf is excluded above */
    if (v) *v = x;
    return 1;
}

int cor__col_numeric(char *const *values, int32_t n)
{
    int any = 0;
    for (int32_t i = 0; i < n; i++) {
        if (!values[i][0]) continue;
        if (!cor__parse_num(values[i], NULL)) return 0;
        any = 1;
    }
    return any;
}

static int in_list(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(name, *list)) return 1;
    return 0;
}

int cor__reserved_link_attr(const char *name)
{
    static const char *const r[] = {"fid", "geom", "geometry", "link_id", "from", "to",
                                    "capacity", "length", "fftime", "toll", "flow",
                                    "voc", "time", NULL};
    return in_list(name, r) || !strncmp(name, "flow_", 5);
}

int cor__reserved_node_attr(const char *name)
{
    static const char *const r[] = {"fid", "geom", "geometry", "node_id", "zone",
                                    "throughput", "x_coord", "y_coord", NULL};
    return in_list(name, r);
}
