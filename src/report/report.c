/* corridor report — the report object (cases, sections) and
 * cor_report_write: the GeoJSON layers, the GeoPackage and the page
 * (page.c; its map in map.c, charts in charts.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "corridor/corridor.h"
#include "report/internal.h"

/* ---- the report object ---------------------------------------------------- */
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

static void section_free(cor__section *s)
{
    free(s->title);
    free(s->note);
    free(s->unit);
    free_strs(s->cols, (size_t)(s->kind == COR__SEC_TABLE ? s->n_cols : 0));
    free_strs(s->cells, s->kind == COR__SEC_TABLE ? (size_t)s->n_rows * (size_t)s->n_cols : 0);
    free_strs(s->cats, (size_t)(s->kind == COR__SEC_BARS ? s->n_rows : 0));
    free_strs(s->series, (size_t)(s->kind == COR__SEC_BARS ? s->n_cols : 0));
    free(s->values);
}

static void style_free(cor__style *s)
{
    for (int i = 0; i < s->n_modes; i++) free(s->mode[i]);
    free(s->port_type); free(s->port_label); free(s->border_type); free(s->border_label);
    memset(s, 0, sizeof *s);
}

cor_status cor_report_set_style(cor_report *r, const cor_report_style *s, cor_error *err)
{
    if (!r) return cor_error_set(err, COR_E_USAGE, "report: NULL report");
    style_free(&r->style);
    if (!s) return COR_OK;
    if (s->n_modes < 0 || s->n_modes > COR_REPORT_MAX_MODES || (s->n_modes && !s->modes))
        return cor_error_set(err, COR_E_USAGE, "report: style: %d modes (at most %d)", s->n_modes,
                             COR_REPORT_MAX_MODES);
    cor__style *t = &r->style;
    for (int i = 0; i < s->n_modes; i++) {
        if (!s->modes[i].name || !*s->modes[i].name) {
            style_free(t);
            return cor_error_set(err, COR_E_USAGE, "report: style: mode %d has no name", i);
        }
        if (!(t->mode[i] = cor__strdup(s->modes[i].name))) { style_free(t); goto nomem; }
        t->n_modes = i + 1;
        memcpy(t->dash[i], s->modes[i].dash, sizeof t->dash[i]);
        t->width[i] = s->modes[i].width > 0 ? s->modes[i].width : 1.0;
    }
    const char *in[4] = {s->port_type, s->port_label, s->border_type, s->border_label};
    char **outp[4] = {&t->port_type, &t->port_label, &t->border_type, &t->border_label};
    for (int i = 0; i < 4; i++)
        if (in[i] && !(*outp[i] = cor__strdup(in[i]))) { style_free(t); goto nomem; }
    return COR_OK;
nomem:
    return cor_error_set(err, COR_E_NOMEM, "out of memory");
}

void cor_report_destroy(cor_report *r)
{
    if (!r) return;
    style_free(&r->style);
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
    free(r->live);
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
    cor__rcase *v = realloc(r->cases, sizeof *v * (size_t)(r->n_cases + 1));
    if (!v) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    r->cases = v;
    cor__rcase *k = &v[r->n_cases];
    memset(k, 0, sizeof *k);
    k->c = *c;
    k->style = &r->style;
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

static cor__section *new_section(cor_report *r, cor_error *err)
{
    cor__section *v = realloc(r->secs, sizeof *v * (size_t)(r->n_secs + 1));
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
    cor__section *s = new_section(r, err);
    if (!s) return COR_E_NOMEM;
    int bad = 0;
    s->kind = COR__SEC_TABLE;
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
    cor__section *s = new_section(r, err);
    if (!s) return COR_E_NOMEM;
    int bad = 0;
    size_t nv = (size_t)b->n_cats * (size_t)b->n_series;
    s->kind = COR__SEC_BARS;
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
    cor__section *s = new_section(r, err);
    if (!s) return COR_E_NOMEM;
    s->kind = COR__SEC_NOTE;
    s->title = cor__strdup(heading);
    s->note = cor__strdup(text);
    if (!s->title || !s->note) {
        section_free(s);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    r->n_secs++;
    return COR_OK;
}

double cor__case_flow(const cor__rcase *c, int32_t a)
{
    return c->c.sol ? c->c.sol->flow[a] : 0;
}

/* ---- the files -------------------------------------------------------------- */
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
    const cor__rcase *c0 = &r->cases[0];
    int nc = r->n_cases;
    cor__layer *layers = calloc((size_t)nc, sizeof *layers);
    char (*slugs)[96] = calloc((size_t)nc, sizeof *slugs);
    cor_status st = COR_OK;
    if (!layers || !slugs) { free(layers); free(slugs); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
    int geo0 = cor_report_is_lonlat(c0->c.net), nl = 0;
    for (int i = 0; i < nc && !st; i++) {
        const cor__rcase *c = &r->cases[i];
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
