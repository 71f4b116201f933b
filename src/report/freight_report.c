/* corridor report — the report of a freight model: base case and scenarios
 * solved, corridor tonnes and days, transit-country exposure, difference
 * maps.  Uses only the public freight and analysis APIs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/analysis.h"
#include "corridor/case.h"
#include "corridor/calibrate.h"
#include "corridor/risk.h"
#include "corridor/table.h"
#include "corridor/freight.h"
#include "report/internal.h"

typedef struct fcase {
    cor_freight *f;         /* the case's model (borrowed) */
    const cor_od_solution *od;    /* per-origin equilibrium (borrowed) */
    const cor_corridor_acc *acc;  /* its corridor accounting (borrowed) */
    cor_exposure *exp;
    uint8_t *open;          /* copy of the open mask */
    char label[160];
    char note[400];
    const char **class_names;
} fcase;

static void fcase_free(fcase *c)
{
    cor_exposure_destroy(c->exp);
    free(c->open);
    free(c->class_names);
}

/* Names of the corridors in precedence order, "A<sep1>B, C, D" (only the
 * distinct ones when distinct_only). */
static void precedence_list(const cor_vocab *v, int distinct_only, const char *sep1, char *buf, size_t cap)
{
    size_t len = 0;
    int n = 0;
    buf[0] = '\0';
    for (int i = 0; i < cor_vocab_count(v) && len < cap; i++) {
        cor_corridor c = cor_vocab_by_precedence(v, i);
        if (distinct_only && (cor_vocab_nondistinct_mask(v) & COR_CORR_BIT(c))) continue;
        len += (size_t)snprintf(buf + len, cap - len, "%s%s", n == 0 ? "" : n == 1 ? sep1 : ", ",
                                cor_vocab_name(v, c));
        n++;
    }
}

/* Tonnes, mean days and USD/t of the paths of class k (-1: all) whose primary
 * corridor is c (n_corridors: untagged). */
static cor_freight_stat cstat(const fcase *fc, int c, int k)
{
    const cor_corridor_acc *a = fc->acc;
    size_t zz = (size_t)a->n_zones * (size_t)a->n_zones;
    double v = 0, h = 0, u = 0;
    for (int kk = 0; kk < a->n_classes; kk++) {
        if (k >= 0 && kk != k) continue;
        for (size_t od = 0; od < zz; od++) {
            size_t i = ((size_t)kk * zz + od) * COR_ACC_NC(a) + (size_t)c;
            v += a->prim[i];
            h += a->prim_h[i];
            u += a->prim_usd[i];
        }
    }
    cor_freight_stat s = {v, v > 0 ? h / v / 24 : 0, v > 0 ? u / v : 0};
    return s;
}

/* Views one solved case (case.h) for the page: labels, open mask, exposure. */
static cor_status fill_case(cor_case *cc, int is_base, fcase *c, cor_error *err)
{
    c->f = cor_case_freight(cc);
    c->od = cor_case_od(cc);
    c->acc = cor_case_accounting(cc);
    if (!c->f || !c->od || !c->acc)
        return cor_error_set(err, COR_E_USAGE, "report: every case must be a solved freight case with accounting");
    int year = cor_case_year(cc);
    if (!is_base) {
        snprintf(c->label, sizeof c->label, "%s", cor_case_name(cc));
        const char *d = cor_case_description(cc);
        if (year) snprintf(c->note, sizeof c->note, "%s%smodel year %d (file %s).", d, *d ? "; " : "", year,
                           cor_case_source(cc));
        else snprintf(c->note, sizeof c->note, "%s%s(file %s).", d, *d ? " " : "", cor_case_source(cc));
    } else if (year) {
        snprintf(c->label, sizeof c->label, "Base, network of %d", year);
    } else {
        snprintf(c->label, sizeof c->label, "Base");
    }
    const cor_network *net = cor_freight_network(c->f);
    const cor_freight_classes *cls = cor_freight_get_classes(c->f);
    c->open = malloc((size_t)net->n_links + 1);
    c->class_names = calloc((size_t)cls->n + 1, sizeof *c->class_names);
    if (!c->open || !c->class_names) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    memcpy(c->open, cor_case_link_open(cc), (size_t)net->n_links);
    for (int k = 0; k < cls->n; k++) c->class_names[k] = cls->cls[k].name;
    return cor_exposure_compute(c->od, net, NULL, &c->exp, err);
}

/* Adds the corridor, days and exposure sections. */
static cor_status add_sections(cor_report *r, fcase *cs, int nc, cor_error *err)
{
    const cor_freight_classes *cls = cor_freight_get_classes(cs[0].f);
    const cor_vocab *voc = cor_freight_vocab(cs[0].f);
    int K = cls->n, NC = cor_vocab_count(voc) + 1;
    cor_status st = COR_OK;
    /* corridors used by any case */
    int nu = 0, idx[COR_CORR_MAX + 1];
    for (int c = 0; c < NC; c++) {
        int used = 0;
        for (int i = 0; i < nc; i++)
            if (cstat(&cs[i], c, -1).tonnes > 0) used = 1;
        if (used) idx[nu++] = c;
    }
    const char *cats[COR_CORR_MAX + 1];
    for (int i = 0; i < nu; i++) cats[i] = cor_vocab_label(voc, idx[i]);
    char order[1024];
    precedence_list(voc, 0, ", then ", order, sizeof order);
    char b1note[1200];
    snprintf(b1note, sizeof b1note, "Each origin\xe2\x80\x93" "destination flow is split into paths; "
             "a path counts for its primary corridor (%s).", order);
    int nser = K > nc ? K : nc;
    double *v = calloc((size_t)(nu + 1) * (size_t)(nser + 1), sizeof *v);
    const char **snames = calloc((size_t)nc + 1, sizeof *snames);
    if (!v || !snames) { free(v); free(snames); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
    for (int i = 0; i < nc; i++) snames[i] = cs[i].label;

    /* 1. tonnes by primary corridor and class (base) */
    for (int i = 0; i < nu; i++)
        for (int k = 0; k < K; k++)
            v[i * K + k] = cstat(&cs[0], idx[i], k).tonnes / 1e6;
    char title[256];
    snprintf(title, sizeof title, "Tonnes by corridor and class \xe2\x80\x94 %s", cs[0].label);
    cor_report_bars b1 = {title, "Mt/yr", b1note, COR_BARS_STACKED, nu, K, cats, (const char *const *)cs[0].class_names, v};
    if ((st = cor_report_add_bars(r, &b1, err))) goto done;

    /* 2. door-to-door days by corridor: by class (base), and by case */
    for (int i = 0; i < nu; i++)
        for (int k = 0; k < K; k++) {
            cor_freight_stat s = cstat(&cs[0], idx[i], k);
            v[i * K + k] = s.tonnes > 0 ? s.mean_days : NAN;
        }
    snprintf(title, sizeof title, "Door-to-door days by corridor \xe2\x80\x94 %s", cs[0].label);
    cor_report_bars b2 = {title, "days (tonne-weighted mean, congested times, transfers included)", NULL,
                          COR_BARS_GROUPED, nu, K, cats, (const char *const *)cs[0].class_names, v};
    if ((st = cor_report_add_bars(r, &b2, err))) goto done;

    if (nc > 1) {
        for (int i = 0; i < nu; i++)
            for (int j = 0; j < nc; j++)
                v[i * nc + j] = cstat(&cs[j], idx[i], -1).tonnes / 1e6;
        cor_report_bars b3 = {"Tonnes by corridor, all classes \xe2\x80\x94 scenarios side by side", "Mt/yr", NULL,
                              COR_BARS_GROUPED, nu, nc, cats, snames, v};
        if ((st = cor_report_add_bars(r, &b3, err))) goto done;
        for (int i = 0; i < nu; i++)
            for (int j = 0; j < nc; j++) {
                cor_freight_stat s = cstat(&cs[j], idx[i], -1);
                v[i * nc + j] = s.tonnes > 0 ? s.mean_days : NAN;
            }
        cor_report_bars b4 = {"Door-to-door days by corridor, all classes \xe2\x80\x94 scenarios side by side",
                              "days", NULL, COR_BARS_GROUPED, nu, nc, cats, snames, v};
        if ((st = cor_report_add_bars(r, &b4, err))) goto done;
    }

    /* 3. corridor table, long format: corridor, case, Mt/yr, change, days, USD/t */
    {
        enum { NCOL = 6 };
        size_t nr = (size_t)nu * (size_t)nc;
        char (*cell)[168] = calloc(nr * NCOL + 1, sizeof *cell);
        const char **cells = calloc(nr * NCOL + 1, sizeof *cells);
        static const char *const cols[NCOL] = {"corridor (primary)", "case", "Mt/yr", "change vs base",
                                               "days", "USD/t"};
        if (!cell || !cells) {
            st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        } else {
            size_t row = 0;
            for (int i = 0; i < nu; i++)
                for (int j = 0; j < nc; j++, row++) {
                    cor_freight_stat s0 = cstat(&cs[0], idx[i], -1);
                    cor_freight_stat s = cstat(&cs[j], idx[i], -1);
                    size_t o = row * NCOL;
                    snprintf(cell[o], sizeof cell[0], "%s", j ? "" : cats[i]);
                    snprintf(cell[o + 1], sizeof cell[0], "%s", cs[j].label);
                    snprintf(cell[o + 2], sizeof cell[0], "%.2f", s.tonnes / 1e6);
                    if (j) snprintf(cell[o + 3], sizeof cell[0], "%+.2f", (s.tonnes - s0.tonnes) / 1e6);
                    if (s.tonnes > 0) {
                        snprintf(cell[o + 4], sizeof cell[0], "%.1f", s.mean_days);
                        snprintf(cell[o + 5], sizeof cell[0], "%.0f", s.mean_usd);
                    }
                    for (int q = 0; q < NCOL; q++) cells[o + (size_t)q] = cell[o + (size_t)q];
                }
            cor_report_table t = {nc > 1 ? "Corridors, base and scenarios" : "Corridors",
                                  "Tonnes, tonne-weighted door-to-door days and money cost (USD per tonne) of the "
                                  "paths whose primary corridor it is, all classes.",
                                  (int)nr, NCOL, cols, cells};
            st = cor_report_add_table(r, &t, err);
        }
        free(cell);
        free(cells);
        if (st) goto done;
    }

    /* 3b. key links: each highlight set shown in the report, the links of it
     * that carry flow in some case, flow per case, in the base's input order */
    for (int h = 0; h < cor_vocab_n_highlights(voc); h++) {
        const cor_highlight *hl = cor_vocab_highlight(voc, h);
        if (!(hl->use & COR_HL_USE_REPORT)) continue;
        const cor_network *net = cor_freight_network(cs[0].f);
        const uint8_t *md = cor_freight_link_mode(cs[0].f);
        int ncol = 3 + nc;
        size_t cap = (size_t)net->n_links * (size_t)ncol + 1;
        char (*cell)[96] = calloc(cap, sizeof *cell);
        const char **cells = calloc(cap, sizeof *cells);
        const char **cols = calloc((size_t)ncol, sizeof *cols);
        if (!cell || !cells || !cols) {
            st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        } else {
            cols[0] = "link";
            cols[1] = "name";
            cols[2] = "mode";
            for (int j = 0; j < nc; j++) cols[3 + j] = cs[j].label;
            int nr = 0;
            for (int32_t k = 0; k < net->n_links; k++) {
                int32_t a = net->link_by_order[k];
                if (!cor_freight_in_highlight(cs[0].f, h, a)) continue;
                int carried = 0;
                for (int j = 0; j < nc; j++) {
                    int32_t b = cor_network_find_link(cor_freight_network(cs[j].f), net->link_id[a]);
                    if (b >= 0 && cs[j].od->flow[b] > 0) carried = 1;
                }
                if (!carried) continue;
                size_t o = (size_t)nr * (size_t)ncol;
                snprintf(cell[o], sizeof cell[0], "%s", net->link_id[a]);
                snprintf(cell[o + 1], sizeof cell[0], "%s", cor__link_str(net, a, "name"));
                snprintf(cell[o + 2], sizeof cell[0], "%s", cor_mode_name((cor_mode)md[a]));
                for (int j = 0; j < nc; j++) {
                    const cor_network *nj = cor_freight_network(cs[j].f);
                    int32_t b = cor_network_find_link(nj, net->link_id[a]);
                    if (b < 0) continue;
                    if (!cs[j].open[b]) snprintf(cell[o + 3 + (size_t)j], sizeof cell[0], "closed");
                    else cor__fmt_hnum(cell[o + 3 + (size_t)j], sizeof cell[0], cs[j].od->flow[b]);
                }
                for (int q = 0; q < ncol; q++) cells[o + (size_t)q] = cell[o + (size_t)q];
                nr++;
            }
            if (nr) {
                cor_report_table t = {hl->label, hl->note[0] ? hl->note :
                                      "Flow in tonnes per year on the links of this set that carry flow in some "
                                      "case; \"closed\" = not open in that case.",
                                      nr, ncol, cols, cells};
                st = cor_report_add_table(r, &t, err);
            }
        }
        free(cell);
        free(cells);
        free(cols);
        if (st) goto done;
    }

    /* 4. transit-country exposure (tonnes), countries of the base, largest first */
    {
        const cor_exposure *e0 = cs[0].exp;
        int C = e0->n_countries;
        int *ord = calloc((size_t)C + 1, sizeof *ord);
        const char **cn = calloc((size_t)C + 1, sizeof *cn);
        double *ev = calloc((size_t)(C + 1) * (size_t)nc, sizeof *ev);
        if (!ord || !cn || !ev) {
            st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        } else {
            int n = 0;
            for (int c = 0; c < C; c++) {
                double best = 0;
                for (int j = 0; j < nc; j++) {
                    int cj = cor_exposure_find(cs[j].exp, e0->country[c]);
                    if (cj >= 0 && cs[j].exp->tonnes[cj] > best) best = cs[j].exp->tonnes[cj];
                }
                if (best > 0) ord[n++] = c;
            }
            /* sort by base tonnes, descending (insertion sort: few countries) */
            for (int i = 1; i < n; i++)
                for (int j = i; j > 0 && e0->tonnes[ord[j]] > e0->tonnes[ord[j - 1]]; j--) {
                    int t = ord[j]; ord[j] = ord[j - 1]; ord[j - 1] = t;
                }
            for (int i = 0; i < n; i++) {
                const char *code = e0->country[ord[i]];
                cn[i] = cor_vocab_country_label(voc, code);
                for (int j = 0; j < nc; j++) {
                    int cj = cor_exposure_find(cs[j].exp, code);
                    ev[i * nc + j] = cj >= 0 ? cs[j].exp->tonnes[cj] / 1e6 : 0;
                }
            }
            char note[256];
            snprintf(note, sizeof note, "Tonnes crossing each country in transit (neither origin nor destination "
                     "country), exact from the per-origin equilibrium flows. Base: %.0f Mt/yr served in all.",
                     e0->total_tonnes / 1e6);
            cor_report_bars b5 = {"Transit-country exposure", "Mt/yr in transit", note,
                                  nc > 1 ? COR_BARS_GROUPED : COR_BARS_STACKED, n, nc, cn, snames, ev};
            st = cor_report_add_bars(r, &b5, err);
        }
        free(ord);
        free(cn);
        free(ev);
    }
done:
    free(v);
    free(snames);
    return st;
}

/* Dash patterns of the freight modes (freight.h order: rail, road, ferry,
 * sea, pipeline, transfer): rail and transfer solid, sea dotted; transfer
 * links drawn thinner. */
cor_report_style cor_report_style_freight(cor_report_mode modes[COR_MODE_COUNT])
{
    static const double DASH[COR_MODE_COUNT][4] = {
        [COR_MODE_ROAD] = {9, 3}, [COR_MODE_FERRY] = {5, 4}, [COR_MODE_SEA] = {0.1, 4.5},
        [COR_MODE_PIPELINE] = {12, 3, 2, 3}};
    for (int m = 0; m < COR_MODE_COUNT; m++) {
        modes[m].name = cor_mode_name((cor_mode)m);
        memcpy(modes[m].dash, DASH[m], sizeof modes[m].dash);
        modes[m].width = m == COR_MODE_TRANSFER ? 0.7 : 1.0;
    }
    cor_report_style s = {COR_MODE_COUNT, modes, "port", "port", "border", "border crossing"};
    return s;
}

/* The calibration section: each target of the base case against its range. */
static cor_status add_calibration(cor_report *r, cor_case *base, const cor_targets *t, cor_error *err)
{
    cor_freight_result *res = NULL;
    cor_status st = cor_case_solve_paths(base, &res, err);
    if (!res) return st;
    enum { NCOL = 6 };
    double *model = calloc((size_t)t->n, sizeof *model);
    char (*cell)[160] = calloc((size_t)t->n * NCOL + 1, sizeof *cell);
    const char **cells = calloc((size_t)t->n * NCOL + 1, sizeof *cells);
    if (!model || !cell || !cells) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    if ((st = cor_targets_measure(t, cor_case_freight(base), res, model, err))) goto done;
    int in = 0;
    for (int i = 0; i < t->n; i++) {
        const cor_target *q = &t->t[i];
        size_t o = (size_t)i * NCOL;
        int share = q->metric == COR_TARGET_SHARE, tonnes = q->metric == COR_TARGET_TONNES;
        double sc = share ? 100 : tonnes ? 1e-6 : 1;
        const char *unit = share ? " %" : tonnes ? " Mt" : " d";
        int ok = model[i] >= q->low && model[i] <= q->high;
        in += ok;
        snprintf(cell[o], sizeof cell[0], "%s", q->name);
        snprintf(cell[o + 1], sizeof cell[0], "%s", cor_target_metric_name(q->metric));
        snprintf(cell[o + 2], sizeof cell[0], "%.3g\xe2\x80\x93%.3g%s", q->low * sc, q->high * sc, unit);
        snprintf(cell[o + 3], sizeof cell[0], "%.3g%s", model[i] * sc, unit);
        snprintf(cell[o + 4], sizeof cell[0], "%s", ok ? "in range" : "OUT OF RANGE");
        snprintf(cell[o + 5], sizeof cell[0], "%d", q->year);
        for (int k = 0; k < NCOL; k++) cells[o + (size_t)k] = cell[o + (size_t)k];
    }
    static const char *const cols[NCOL] = {"target", "metric", "published range", "model (base)", "", "year"};
    char note[600];
    snprintf(note, sizeof note, "%d of %d published figures reproduced by the base case (%s). Days are route times, "
             "tonnes link or corridor flows, shares the tonnes of one corridor among those of an OD market; "
             "which targets were fitted and which hold by construction: docs/CALIBRATION.md.",
             in, t->n, cor_choice_model_name(cor_case_choice(base)));
    cor_report_table tb = {"Calibration: the base year against published figures", note, t->n, NCOL, cols, cells};
    st = cor_report_add_table(r, &tb, err);
done:
    free(model);
    free(cell);
    free(cells);
    cor_freight_result_destroy(res);
    return st;
}

/* A report table of some columns of a result table (all its rows). */
static cor_status table_of(cor_report *r, const cor_table *t, const char *title, const char *note, const int *cols,
                           const char *const *names, int nc, cor_error *err)
{
    const char **cells = calloc((size_t)t->n_rows * (size_t)nc + 1, sizeof *cells);
    if (!cells) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    for (int i = 0; i < t->n_rows; i++)
        for (int j = 0; j < nc; j++) cells[(size_t)i * (size_t)nc + (size_t)j] = t->rows[i][cols[j]];
    cor_report_table rt = {title, note, t->n_rows, nc, names, cells};
    cor_status st = cor_report_add_table(r, &rt, err);
    free(cells);
    return st;
}

static int col_of(const cor_table *t, const char *name)
{
    for (int j = 0; j < t->n_cols; j++)
        if (!strcmp(t->cols[j], name)) return j;
    return -1;
}

/* The disruption-risk section (and the appraisal table). */
static cor_status add_risk(cor_report *r, const cor_report_freight_opts *o, cor_error *err)
{
    cor_status st = COR_OK;
    if (o->risk) {
        const cor_risk *rk = o->risk;
        /* 1. the metrics */
        static const int MET[] = {COR_RISK_LOSS, COR_RISK_UNSERVED, COR_RISK_TONNE_DAYS, COR_RISK_DISRUPTED_DAYS};
        enum { NM = 4, NCOL = 7 };
        char cell[NM][NCOL][64];
        const char *cells[NM * NCOL];
        static const char *const cols[NCOL] = {"metric (per year)", "undisrupted", "expected", "\xc2\xb1 s.e.", "VaR95",
                                               "CVaR95", "CVaR99"};
        for (int i = 0; i < NM; i++) {
            const cor_risk_stat *m = cor_risk_metric(rk, MET[i]);
            double sc = MET[i] == COR_RISK_LOSS ? 1e-9 : MET[i] == COR_RISK_UNSERVED ? 1e-6 : MET[i] == COR_RISK_TONNE_DAYS ? 1e-9 : 1;
            const char *nm = MET[i] == COR_RISK_LOSS ? "loss, bn USD" : MET[i] == COR_RISK_UNSERVED ? "unserved, Mt"
                           : MET[i] == COR_RISK_TONNE_DAYS ? "tonne-days, bn" : "disrupted days";
            double mean = isfinite(m->exact) ? m->exact : m->mean;
            snprintf(cell[i][0], sizeof cell[0][0], "%s", nm);
            snprintf(cell[i][1], sizeof cell[0][0], "%.4g", m->base * sc);
            snprintf(cell[i][2], sizeof cell[0][0], "%.4g", mean * sc);
            snprintf(cell[i][3], sizeof cell[0][0], "%.2g", m->se * sc);
            snprintf(cell[i][4], sizeof cell[0][0], "%.4g", m->var95 * sc);
            snprintf(cell[i][5], sizeof cell[0][0], "%.4g", m->cvar95 * sc);
            snprintf(cell[i][6], sizeof cell[0][0], "%.4g", m->cvar99 * sc);
            for (int j = 0; j < NCOL; j++) cells[i * NCOL + j] = cell[i][j];
        }
        char note[512];
        snprintf(note, sizeof note, "%ld sampled years of the hazard catalogue (%d distinct disruption states solved); "
                 "loss = shippers' perceived cost plus unserved tonnes at their value (docs/RISK.md). "
                 "VaR/CVaR of the sampled years.", cor_risk_n_samples(rk), cor_risk_n_states(rk));
        cor_report_table t = {"Disruption risk: expected annual loss and tail", note, NM, NCOL, cols, cells};
        if ((st = cor_report_add_table(r, &t, err))) return st;
        /* 2. the loss exceeded once in T years (the exceedance curve at return periods) */
        const cor_table *ex = NULL;
        for (int i = 0; i < cor_risk_n_tables(rk); i++)
            if (!strcmp(cor_risk_table(rk, i)->name, "risk_exceedance")) ex = cor_risk_table(rk, i);
        int crp = ex ? col_of(ex, "return_period_years") : -1, cdl = ex ? col_of(ex, "delta_loss_usd") : -1;
        if (ex && crp >= 0 && cdl >= 0 && ex->n_rows) {
            static const double T[] = {2, 5, 10, 20, 50, 100};
            enum { NT = 6 };
            char lab[NT][32];
            const char *cats[NT];
            double v[NT];
            int n = 0;
            for (int k = 0; k < NT; k++) {
                /* the first row whose return period reaches T */
                int row = -1;
                for (int i = 0; i < ex->n_rows && row < 0; i++)
                    if (atof(ex->rows[i][crp]) >= T[k]) row = i;
                if (row < 0) continue;
                snprintf(lab[n], sizeof lab[0], "1 in %.0f years", T[k]);
                cats[n] = lab[n];
                v[n] = atof(ex->rows[row][cdl]) / 1e9;
                n++;
            }
            if (n) {
                cor_report_bars b = {"Loss above the undisrupted year, exceeded once in T years", "bn USD",
                                     "The exceedance curve of the sampled years (risk_exceedance.csv) read at return "
                                     "periods.", COR_BARS_GROUPED, n, 1, cats, NULL, v};
                if ((st = cor_report_add_bars(r, &b, err))) return st;
            }
        }
        /* 3. each hazard's contribution to the expected annual loss */
        if (o->hazards) {
            int nh = cor_hazards_count(o->hazards);
            const char **cats = calloc((size_t)nh + 1, sizeof *cats);
            double *v = calloc((size_t)(nh + 1) * 2, sizeof *v);
            if (!cats || !v) { free(cats); free(v); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
            static const char *const ser[2] = {"marginal", "Shapley"};
            for (int i = 0; i < nh; i++) {
                cor_hazard_info hi;
                cor_hazards_info(o->hazards, i, &hi);
                const cor_risk_contrib *c = cor_risk_hazard(rk, i);
                cats[i] = hi.name;
                v[2 * i] = (isfinite(c->exact_marginal) ? c->exact_marginal : c->marginal) / 1e6;
                v[2 * i + 1] = (isfinite(c->exact_shapley) ? c->exact_shapley : c->shapley) / 1e6;
            }
            cor_report_bars b = {"Hazard contributions to the expected annual loss", "M USD/yr",
                                 "Marginal: the expected loss minus the expected loss without the hazard; Shapley: "
                                 "its share of each year's joint loss (docs/RISK.md).",
                                 COR_BARS_GROUPED, nh, 2, cats, ser, v};
            st = cor_report_add_bars(r, &b, err);
            free(cats);
            free(v);
            if (st) return st;
        }
    }
    if (o->appraisal) {
        static const char *const want[] = {"rank", "option", "capex_usd", "benefit_usd_yr", "delta_cvar95_usd_yr", "npv_usd",
                                           "bcr", "max_regret_usd_yr"};
        static const char *const names[] = {"rank", "option", "capex USD", "benefit USD/yr", "\xce\x94" "CVaR95 USD/yr",
                                            "NPV USD", "BCR", "max regret USD/yr"};
        int cols[8], nc = 0;
        const char *nm[8];
        for (int j = 0; j < 8; j++) {
            int c = col_of(o->appraisal, want[j]);
            if (c >= 0) { cols[nc] = c; nm[nc++] = names[j]; }
        }
        st = table_of(r, o->appraisal, "Appraisal of candidate investments under the hazards",
                      "Ranked by NPV at the discount rate of the run; benefit = the reduction of the expected annual "
                      "loss against doing nothing (docs/RISK.md section 8).", cols, nm, nc, err);
    }
    return st;
}

cor_status cor_report_freight(cor_case *const *cases, int n_cases, const char *title,
                              const char *subtitle, const cor_report_style *style, const char *dir,
                              cor_error *err)
{
    return cor_report_freight_ex(cases, n_cases, title, subtitle, style, NULL, dir, err);
}

cor_status cor_report_freight_ex(cor_case *const *cases, int n_cases, const char *title,
                                 const char *subtitle, const cor_report_style *style,
                                 const cor_report_freight_opts *ropts, const char *dir, cor_error *err)
{
    cor_report_freight_opts none = {0};
    if (!ropts) ropts = &none;
    const cor_targets *targets = ropts->targets;
    if (!cases || n_cases < 1 || !dir)
        return cor_error_set(err, COR_E_USAGE, "report: solved cases and a directory required");
    int nc = n_cases;
    fcase *cs = calloc((size_t)nc, sizeof *cs);
    cor_report *r = cor_report_create(title ? title : "Freight corridors");
    cor_status st = COR_OK;
    if (!cs || !r) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    for (int i = 0; i < nc; i++)
        if ((st = fill_case(cases[i], i == 0, &cs[i], err))) goto done;
    if (subtitle && (st = cor_report_set_subtitle(r, subtitle, err))) goto done;
    if ((st = cor_report_set_style(r, style, err))) goto done;
    for (int i = 0; i < nc; i++) {
        cor_report_case c = {.label = cs[i].label, .net = cor_freight_network(cs[i].f), .sol = cor_case_solution(cases[i]),
                             .class_names = cs[i].class_names, .link_open = cs[i].open,
                             .flow_unit = "t/yr", .time_unit = "h", .cost_unit = "USD/t",
                             .note = cs[i].note};
        if ((st = cor_report_add_case(r, &c, err))) goto done;
    }
    if ((st = add_sections(r, cs, nc, err))) goto done;
    if (targets && (st = add_calibration(r, cases[0], targets, err))) goto done;
    if ((ropts->risk || ropts->appraisal) && (st = add_risk(r, ropts, err))) goto done;
    int logit = cor_case_choice(cases[0]) == COR_CHOICE_LOGIT;
    char order[1024], note[2048];
    precedence_list(cor_case_vocab(cases[0]), 1, " before ", order, sizeof order);
    snprintf(note, sizeof note,
             "Flows are the model's: tonnes per year %s, all classes sharing link "
             "capacity. They are not observed traffic. Days are congested door-to-door times including "
             "transfer, port and border links. A path counts for one primary corridor (%s); a scenario's "
             "changes are against the base solved the same way. "
             "Node coordinates are approximate and links without a geometry are drawn as straight lines "
             "(sea legs cross land on the map). The data's sources and estimates are listed with the data.",
             logit ? "of the calibrated route-choice model: shippers split over routes by a path-size logit of "
                     "money (USD per tonne), value of time times hours, reliability and corridor constants "
                     "fitted to 2024 (docs/CHOICE.md, docs/CALIBRATION.md)"
                   : "at a multi-class user equilibrium in which every class minimises money (USD per tonne) "
                     "plus value of time times hours",
             order);
    if ((st = cor_report_add_note(r, "How to read these figures", note, err))) goto done;
    if (ropts->live_dir) {
        cor__sb lb = {0};
        if ((st = cor__live_section(&lb, ropts->live_dir, cases[0], err))) { cor__sb_free(&lb); goto done; }
        if (lb.oom) { cor__sb_free(&lb); st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
        r->live = lb.s;
        r->live_scripts = cor__live_available();
    }
    st = cor_report_write(r, dir, err);
done:
    cor_report_destroy(r);
    if (cs)
        for (int i = 0; i < nc; i++) fcase_free(&cs[i]);
    free(cs);
    return st;
}
