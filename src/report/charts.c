/* corridor report — inline SVG charts: convergence (log scale),
 * horizontal bar charts (stacked or grouped), flow x length by mode. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"

/* Okabe–Ito colours (distinguishable with colour-vision deficiency). */
const char *const cor__palette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                    "#56B4E9", "#D55E00", "#F0E442", "#555555"};
const int cor__n_palette = 8;

/* A "nice" tick step for a range of `span` with about `n` ticks. */
static double nice_step(double span, int n)
{
    if (!(span > 0)) return 1;
    double raw = span / n, p = pow(10, floor(log10(raw))), f = raw / p;
    double m = f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10;
    return m * p;
}

static void tick_label(char *buf, size_t cap, double v, double step)
{
    if (fabs(v) < step * 1e-9) v = 0;
    if (fabs(v) >= 1e6) cor__fmt_compact(buf, cap, v);
    else if (fabs(v) >= 1000 || step >= 1) cor__fmt_hnum(buf, cap, v);
    else snprintf(buf, cap, "%g", v);
}

void cor__svg_convergence(cor__sb *b, const cor_solution *sol, int W, int H)
{
    const int L = 64, R = 16, T = 14, B = 42;
    int n = 0, it0 = 0, it1 = 0;
    double g0 = INFINITY, g1 = -INFINITY;
    for (int i = 0; sol && i < sol->n_hist; i++) {
        double g = sol->hist[i].relative_gap;
        if (!(g > 0) || !isfinite(g)) continue;
        if (!n) it0 = sol->hist[i].iteration;
        it1 = sol->hist[i].iteration;
        if (g < g0) g0 = g;
        if (g > g1) g1 = g;
        n++;
    }
    cor__sb_printf(b, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
                      "aria-label=\"relative gap by iteration, log scale\">", W, H);
    if (n < 1) {
        cor__sb_printf(b, "<text x=\"%d\" y=\"%d\" class=\"muted\" text-anchor=\"middle\">"
                          "no convergence history</text></svg>", W / 2, H / 2);
        return;
    }
    int d0 = (int)floor(log10(g0)), d1 = (int)ceil(log10(g1));
    if (d1 <= d0) d1 = d0 + 1;
    if (it1 <= it0) it1 = it0 + 1;
    double pw = W - L - R, ph = H - T - B;
#define PX(it) (L + pw * ((it) - it0) / (double)(it1 - it0))
#define PY(g) (T + ph * (d1 - log10(g)) / (double)(d1 - d0))
    int every = (d1 - d0) > 8 ? 2 : 1;
    for (int d = d0; d <= d1; d++) {
        double y = T + ph * (d1 - d) / (double)(d1 - d0);
        cor__sb_printf(b, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", L, W - R, y, y);
        if ((d - d0) % every == 0)
            cor__sb_printf(b, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" dy=\"0.32em\">"
                              "1e%d</text>", L - 6, y, d);
    }
    double step = nice_step(it1 - it0, 6);
    if (step < 1) step = 1;
    for (double it = ceil(it0 / step) * step; it <= it1 + 1e-9; it += step) {
        char buf[32];
        tick_label(buf, sizeof buf, it, step);
        cor__sb_printf(b, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>"
                          "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                       PX(it), PX(it), H - B, H - B + 4, PX(it), H - B + 17, buf);
    }
    cor__sb_printf(b, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>", L, W - R, H - B, H - B);
    cor__sb_printf(b, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>", L, L, T, H - B);
    cor__sb_put(b, "<polyline class=\"series\" points=\"");
    for (int i = 0; i < sol->n_hist; i++) {
        double g = sol->hist[i].relative_gap;
        if (!(g > 0) || !isfinite(g)) continue;
        cor__sb_printf(b, "%.1f,%.1f ", PX(sol->hist[i].iteration), PY(g));
    }
    cor__sb_put(b, "\"/>");
    if (n <= 60)
        for (int i = 0; i < sol->n_hist; i++) {
            double g = sol->hist[i].relative_gap;
            if (!(g > 0) || !isfinite(g)) continue;
            cor__sb_printf(b, "<circle class=\"pt\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"><title>iteration %d: "
                              "gap %.3e</title></circle>",
                           PX(sol->hist[i].iteration), PY(g), sol->hist[i].iteration, g);
        }
    cor__sb_printf(b, "<text class=\"label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">iteration</text>",
                   L + pw / 2, H - 6);
    cor__sb_printf(b, "<text class=\"label\" transform=\"translate(14 %.1f) rotate(-90)\" "
                      "text-anchor=\"middle\">relative gap (log)</text>", T + ph / 2);
    cor__sb_put(b, "</svg>");
#undef PX
#undef PY
}

void cor__svg_bars(cor__sb *b, const cor_report_bars *br, int W)
{
    int ns = br->n_series < 1 ? 1 : br->n_series, nc = br->n_cats;
    int grouped = br->kind == COR_BARS_GROUPED && ns > 1;
    /* value range */
    double lo = 0, hi = 0;
    for (int c = 0; c < nc; c++) {
        double sum = 0;
        for (int s = 0; s < ns; s++) {
            double v = br->values[(size_t)c * (size_t)ns + (size_t)s];
            if (!isfinite(v)) continue;
            if (grouped) { lo = fmin(lo, v); hi = fmax(hi, v); }
            else if (v > 0) sum += v;
        }
        if (!grouped) hi = fmax(hi, sum);
    }
    if (hi <= lo) hi = lo + 1;
    double step = nice_step(hi - lo, 5);
    lo = floor(lo / step) * step;
    hi = ceil(hi / step) * step;
    /* label column */
    size_t maxl = 4;
    for (int c = 0; c < nc; c++)
        if (br->cats[c] && strlen(br->cats[c]) > maxl) maxl = strlen(br->cats[c]);
    int L = (int)(maxl * 6.6) + 12;
    if (L > 230) L = 230;
    int legend_rows = 0;
    if (ns > 1) {
        double x = L;
        legend_rows = 1;
        for (int s = 0; s < ns; s++) {
            double w = 15 + 6.6 * (double)strlen(br->series && br->series[s] ? br->series[s] : "") + 14;
            if (x + w > W && x > L) { legend_rows++; x = L; }
            x += w;
        }
    }
    const int R = 70, legend_h = legend_rows * 18 + (legend_rows ? 4 : 0), T = 8 + legend_h, axis_h = 34;
    int bar_h = grouped ? (ns <= 3 ? 11 : 9) : 18, gap = 8;
    int row_h = grouped ? bar_h * ns + gap : bar_h + gap;
    int H = T + nc * row_h + axis_h;
    double pw = W - L - R;
#define VX(v) (L + pw * ((v) - lo) / (hi - lo))
    cor__sb_printf(b, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", W, H);
    cor__sb_xml(b, br->title);
    cor__sb_put(b, "\">");
    if (ns > 1) {
        double x = L;
        int ly = 6;
        for (int s = 0; s < ns; s++) {
            const char *name = br->series && br->series[s] ? br->series[s] : "";
            double w = 15 + 6.6 * (double)strlen(name) + 14;
            if (x + w > W && x > L) { ly += 18; x = L; }
            cor__sb_printf(b, "<rect x=\"%.1f\" y=\"%d\" width=\"11\" height=\"11\" fill=\"%s\"/>"
                              "<text class=\"tick\" x=\"%.1f\" y=\"%d\">",
                           x, ly, cor__palette[s % cor__n_palette], x + 15, ly + 9);
            cor__sb_xml(b, name);
            cor__sb_put(b, "</text>");
            x += w;
        }
    }
    int y_axis = T + nc * row_h;
    for (double v = lo; v <= hi + step * 1e-9; v += step) {
        char buf[32];
        tick_label(buf, sizeof buf, v, step);
        cor__sb_printf(b, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>"
                          "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                       VX(v), VX(v), T, y_axis, VX(v), y_axis + 15, buf);
    }
    if (br->unit && *br->unit) {
        cor__sb_printf(b, "<text class=\"label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", L + pw / 2, H - 3);
        cor__sb_xml(b, br->unit);
        cor__sb_put(b, "</text>");
    }
    for (int c = 0; c < nc; c++) {
        int y = T + c * row_h + gap / 2;
        const char *cat = br->cats[c] ? br->cats[c] : "";
        cor__sb_printf(b, "<text class=\"cat\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" dy=\"0.32em\">",
                       L - 6, y + (row_h - gap) / 2.0);
        cor__sb_xml(b, cat);
        cor__sb_put(b, "</text>");
        double x = VX(0 > lo ? 0 : lo), total = 0;
        for (int s = 0; s < ns; s++) {
            double v = br->values[(size_t)c * (size_t)ns + (size_t)s];
            const char *sname = br->series && br->series[s] ? br->series[s] : "";
            char vb[48];
            if (fabs(v) >= 1e6) cor__fmt_compact(vb, sizeof vb, v);
            else cor__fmt_hnum(vb, sizeof vb, v);
            double x0, x1;
            int yy = grouped ? y + s * bar_h : y;
            if (grouped) {
                if (!isfinite(v)) continue;
                x0 = VX(fmin(0, v));
                x1 = VX(fmax(0, v));
            } else {
                if (!isfinite(v) || v <= 0) continue;
                x0 = x;
                x1 = x + pw * v / (hi - lo);
                x = x1;
                total += v;
            }
            cor__sb_printf(b, "<rect class=\"bar\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                              "fill=\"%s\"><title>",
                           x0, yy, fmax(x1 - x0, 0.5), grouped ? bar_h - 1 : bar_h,
                           cor__palette[s % cor__n_palette]);
            cor__sb_xml(b, cat);
            if (*sname) {
                cor__sb_put(b, " \xe2\x80\x94 ");
                cor__sb_xml(b, sname);
            }
            cor__sb_printf(b, ": %s", vb);
            if (br->unit && *br->unit) {
                cor__sb_put(b, " ");
                cor__sb_xml(b, br->unit);
            }
            cor__sb_put(b, "</title></rect>");
            if (grouped)
                cor__sb_printf(b, "<text class=\"val%s\" x=\"%.1f\" y=\"%.1f\" dy=\"0.32em\"%s>%s</text>",
                               ns > 3 ? " small" : "", v < 0 ? x0 - 3 : x1 + 3, yy + (bar_h - 1) / 2.0,
                               v < 0 ? " text-anchor=\"end\"" : "", vb);
        }
        if (!grouped) {
            char tb[48];
            if (total >= 1e6) cor__fmt_compact(tb, sizeof tb, total);
            else cor__fmt_hnum(tb, sizeof tb, total);
            cor__sb_printf(b, "<text class=\"val\" x=\"%.1f\" y=\"%.1f\" dy=\"0.32em\">%s</text>", x + 4,
                           y + bar_h / 2.0, tb);
        }
    }
    cor__sb_printf(b, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>", VX(0 > lo ? 0 : lo),
                   VX(0 > lo ? 0 : lo), T, y_axis);
    cor__sb_put(b, "</svg>");
#undef VX
}

void cor__mode_bars(cor__sb *b, const cor__rcase *c)
{
    const cor_network *net = c->c.net;
    const cor_solution *sol = c->c.sol;
    if (!sol || cor_network_link_col(net, "mode") < 0) return;
    int nk = sol->n_classes;
    const cor__style *sty = c->style;
    double *v = calloc((size_t)COR_REPORT_MAX_MODES * (size_t)nk + 1, sizeof *v);
    const char **names = calloc((size_t)nk + 1, sizeof *names);
    char (*nb)[32] = calloc((size_t)nk + 1, sizeof *nb);
    if (!v || !names || !nb) { b->oom = 1; free(v); free(names); free(nb); return; }
    for (int32_t a = 0; a < net->n_links; a++) {
        int m = cor__mode_index(sty, cor__link_mode(net, a));
        if (m < 0) continue;
        for (int k = 0; k < nk; k++)
            v[m * nk + k] += sol->class_flow[(size_t)k * (size_t)net->n_links + (size_t)a] * net->length[a];
    }
    for (int k = 0; k < nk; k++) names[k] = cor__class_name(c->c.class_names, k, nb[k], sizeof nb[k]);
    /* keep modes with flow */
    const char *cats[COR_REPORT_MAX_MODES];
    double vv[COR_REPORT_MAX_MODES * 64];
    int nc = 0;
    if (nk <= 64)
        for (int m = 0; m < sty->n_modes; m++) {
            double s = 0;
            for (int k = 0; k < nk; k++) s += v[m * nk + k];
            if (!(s > 0)) continue;
            cats[nc] = sty->mode[m];
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
