/* corridor report — the self-contained HTML page: head with the embedded
 * style sheet, header and navigation, maps (map.c), summary and
 * convergence, sections, scenario difference maps, tables of links, and
 * the embedded script (style sheet and script: src/report/assets/). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/corridor.h"
#include "corridor/io.h"
#include "report/assets.h"
#include "report/internal.h"

static void cor__sb_asset(cor__sb *b, const cor__asset *a)
{
    cor__sb_putn(b, (const char *)a->data, a->size);
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
    double flow_len, flow_time, max_voc, unserved, intrazonal, gap;
    int iterations, links_used, converged;
    double mode_len[COR_REPORT_MAX_MODES];
    double *class_len; /* [n_classes] */
} cstats;

static int case_stats(const cor__rcase *c, cstats *s)
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
    s->intrazonal = sol->intrazonal_total;
    s->max_voc = 0;
    for (int32_t a = 0; a < net->n_links; a++) {
        double f = sol->flow[a];
        s->flow_len += f * net->length[a];
        s->flow_time += f * sol->time[a];
        if (f > 0) s->links_used++;
        double v = cor__voc(net, sol, a);
        if (isfinite(v) && v > s->max_voc) s->max_voc = v;
        int m = cor__mode_index(c->style, cor__link_mode(net, a));
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
    const cor__rcase *c0 = &r->cases[0];
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
    for (int m = 0; m < r->style.n_modes; m++) {
        int any = 0;
        for (int i = 0; i < nc; i++) any |= st[i].mode_len[m] > 0;
        if (!any) continue;
        cor__sb_put(b, "<tr><td>&#8195;by ");
        cor__sb_xml(b, r->style.mode[m]);
        cor__sb_put(b, "</td>");
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
    ROW("intrazonal demand (zone to itself, not assigned)", st[i].intrazonal);
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
        cor__node_label(net, net->link_from[a], lu, sizeof lu);
        cor__node_label(net, net->link_to[a], lv, sizeof lv);
        cor__sb_xml(b, lu);
        cor__sb_put(b, " \xe2\x86\x92 ");
        cor__sb_xml(b, lv);
    }
    cor__sb_put(b, "</td>");
}

/* The busiest links of case 0, or the largest changes of case ci. */
static cor_status top_links(cor__sb *b, const cor_report *r, int ci, int nmax, cor_error *err)
{
    const cor__rcase *c = &r->cases[ci], *base = &r->cases[0];
    const cor_network *net = c->c.net;
    rank *v = calloc((size_t)net->n_links + 1, sizeof *v);
    if (!v) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    int n = 0;
    for (int32_t a = 0; a < net->n_links; a++) {
        double val;
        if (ci == 0) {
            val = cor__case_flow(c, a);
        } else {
            int32_t ba = cor_network_find_link(base->c.net, net->link_id[a]);
            val = fabs(cor__case_flow(c, a) - (ba >= 0 ? cor__case_flow(base, ba) : 0));
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
            cor__sb_xml(b, cor__link_mode(net, a));
            cor__sb_put(b, "</td>");
        }
        if (ci == 0) {
            double voc = cor__voc(net, c->c.sol, a);
            cor__sb_put(b, "<td class=\"n\">");
            cor__sb_hnum(b, cor__case_flow(c, a));
            cor__sb_put(b, "</td><td class=\"n\">");
            if (isfinite(voc)) cor__sb_printf(b, "%.2f", voc);
            cor__sb_put(b, "</td><td class=\"n\">");
            cor__sb_hnum(b, c->c.sol->time[a]);
            cor__sb_put(b, "</td></tr>\n");
        } else {
            int32_t ba = cor_network_find_link(base->c.net, net->link_id[a]);
            double bf = ba >= 0 ? cor__case_flow(base, ba) : 0, sf = cor__case_flow(c, a);
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

static void slug(char *buf, size_t cap, const char *prefix, int i)
{
    snprintf(buf, cap, "%s%d", prefix, i);
}

static void section_html(cor__sb *b, const cor__section *s, int idx)
{
    char id[32];
    slug(id, sizeof id, "s", idx);
    cor__sb_printf(b, "<section id=\"%s\"><h2>", id);
    cor__sb_xml(b, s->title);
    cor__sb_put(b, "</h2>");
    if (s->kind == COR__SEC_TABLE) {
        table_open(b, (const char *const *)s->cols, s->n_cols);
        for (int rr = 0; rr < s->n_rows; rr++) {
            cor__sb_put(b, "<tr>");
            for (int c = 0; c < s->n_cols; c++) table_cell(b, s->cells[(size_t)rr * (size_t)s->n_cols + (size_t)c]);
            cor__sb_put(b, "</tr>\n");
        }
        table_close(b);
    } else if (s->kind == COR__SEC_BARS) {
        cor_report_bars br = {s->title, s->unit, s->note, s->bkind, s->n_rows, s->n_cols,
                              (const char *const *)s->cats, (const char *const *)s->series, s->values};
        if (s->n_rows == 0) cor__sb_put(b, "<p class=\"muted\">No data.</p>");
        else cor__svg_bars(b, &br, 600);
    }
    if (s->note) {
        cor__sb_put(b, s->kind == COR__SEC_NOTE ? "<p>" : "<p class=\"note\">");
        cor__sb_xml(b, s->note);
        cor__sb_put(b, "</p>");
    }
    cor__sb_put(b, "</section>\n");
}

/* <head> with the style sheet, the page header (title, subtitle, network
 * and solution) and the navigation. */
static void page_head(cor__sb *b, const cor_report *r)
{
    const cor__rcase *c0 = &r->cases[0];
    const cor_network *net = c0->c.net;
    const cor_solution *sol = c0->c.sol;
    cor__sb_put(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                   "<meta name=\"generator\" content=\"corridor " COR_VERSION "\"><title>");
    cor__sb_xml(b, r->title);
    cor__sb_put(b, "</title><style>");
    cor__sb_asset(b, &cor__asset_report_css);
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
    if (r->live) cor__sb_put(b, "<a href=\"#live\">Live what-if</a>");
    if (r->n_cases > 1) cor__sb_put(b, "<a href=\"#scenarios\">Scenarios</a>");
    if (sol) cor__sb_put(b, "<a href=\"#busiest\">Busiest links</a>");
    cor__sb_put(b, "</nav>\n");
}

/* The base case's map and, when it helps, a detail map. */
static cor_status base_maps(cor__sb *b, const cor_report *r, cor_error *err)
{
    cor_status st;
    const cor__rcase *c0 = &r->cases[0];
    const cor_network *net = c0->c.net;
    const cor_solution *sol = c0->c.sol;
    cor__sb_put(b, "<section id=\"map\"><h2>");
    cor__sb_put(b, sol ? "Link flows \xe2\x80\x94 " : "Network \xe2\x80\x94 ");
    cor__sb_xml(b, c0->label);
    cor__sb_put(b, "</h2>");
    if ((st = cor__draw_map(b, r, 0, 0, "map0", NULL, err))) return st;
    cor__sb_put(b, "</section>\n");
    double view[4];
    if (cor__detail_view(net, view)) {
        cor__sb_put(b, "<section id=\"detail\"><h2>Detail: the central part of the network \xe2\x80\x94 ");
        cor__sb_xml(b, c0->label);
        cor__sb_put(b, "</h2>");
        if ((st = cor__draw_map(b, r, 0, 0, "map0d", view, err))) return st;
        cor__sb_put(b, "<p class=\"note\">Fitted to the middle 80 % of the nodes (by longitude and by "
                       "latitude); links leaving the frame are cut.</p></section>\n");
    }
    return COR_OK;
}

/* One section per scenario: its difference map (and detail) and its
 * largest changes. */
static cor_status scenario_sections(cor__sb *b, const cor_report *r, cor_error *err)
{
    cor_status st;
    const cor__rcase *c0 = &r->cases[0];
    if (r->n_cases < 2) return COR_OK;
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
        if ((st = cor__draw_map(b, r, i, 1, id, NULL, err))) return st;
        double sv[4];
        if (cor__detail_view(r->cases[i].c.net, sv)) {
            char did[40];
            snprintf(did, sizeof did, "%sd", id);
            cor__sb_put(b, "<h3>Detail: the central part of the network</h3>");
            if ((st = cor__draw_map(b, r, i, 1, did, sv, err))) return st;
        }
        cor__sb_put(b, "<h3>Largest changes</h3>");
        if ((st = top_links(b, r, i, 15, err))) return st;
        cor__sb_put(b, "</section>\n");
    }
    return COR_OK;
}

static cor_status build_html(cor__sb *b, const cor_report *r, cor_error *err)
{
    cor_status st;
    const cor__rcase *c0 = &r->cases[0];
    const cor_network *net = c0->c.net;
    const cor_solution *sol = c0->c.sol;
    page_head(b, r);
    if ((st = base_maps(b, r, err))) return st;
    if (r->live) cor__sb_put(b, r->live);
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
    cor__mode_bars(b, c0);
    for (int i = 0; i < r->n_secs; i++) section_html(b, &r->secs[i], i);
    cor__sb_put(b, "</div>\n");

    if ((st = scenario_sections(b, r, err))) return st;
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
    cor__sb_asset(b, &cor__asset_report_js);
    cor__sb_put(b, "</script>");
    if (r->live_scripts) cor__live_scripts(b);
    cor__sb_put(b, "</body></html>\n");
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