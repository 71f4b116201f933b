/* corridor — the result tables of the analysis commands (scenario
 * comparison, exposure, select-link, criticality), built from solved cases
 * (case.h, analysis.h); the CLI translates options and prints them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "corridor/case.h"
#include "corridor/io.h"
#include "corridor/table.h"

/* ---- scenario comparison ---- */


static double dnan(double a, double b) { return (isfinite(a) && isfinite(b)) ? a - b : NAN; }

/* One row of the summary table: case r against base b. */
static void summary_row(cor_table *t, const cor_case *r, const cor_case *b)
{
    double vh, h, u;
    cor_case_od_mean(r, -1, -1, -1, &vh, &h, &u);
    double bh, bu;
    cor_case_od_mean(b, -1, -1, -1, NULL, &bh, &bu);
    cor_table_row(t);
    const cor_totals *rt = cor_case_totals(r), *bt = cor_case_totals(b);
    const cor_solution *s = cor_case_solution(r);
    cor_table_set(t, 0, cor_case_name(r));
    cor_table_numf(t, 1, "%.0f", cor_case_year(r));
    cor_table_numf(t, 2, "%.0f", rt->served);
    cor_table_numf(t, 3, "%.0f", rt->unserved);
    cor_table_numf(t, 4, "%.0f", rt->unserved - bt->unserved);
    cor_table_numf(t, 5, "%.6g", rt->cost);
    cor_table_numf(t, 6, "%.6g", rt->cost - bt->cost);
    cor_table_numf(t, 7, "%.6g", rt->money);
    cor_table_numf(t, 8, "%.3f", h / 24);
    cor_table_numf(t, 9, "%.3f", dnan(h, bh) / 24);
    cor_table_numf(t, 10, "%.2f", u);
    cor_table_numf(t, 11, "%.2f", dnan(u, bu));
    cor_table_numf(t, 12, "%.0f", rt->n_closed);
    cor_table_numf(t, 13, "%.3g", s->relative_gap);
    cor_table_numf(t, 14, "%.0f", s->iterations);
    cor_table_numf(t, 15, "%.3f", s->seconds);
    cor_table_numf(t, 16, "%.0f", rt->intrazonal);
    cor_table_set(t, 17, cor_choice_model_name(cor_case_choice(r)));
    cor_table_numf(t, 18, "%.6g", rt->perceived);
    cor_table_numf(t, 19, "%.6g", rt->perceived - bt->perceived);
    cor_table_numf(t, 20, "%.0f", rt->induced);
    cor_table_numf(t, 21, "%.0f", rt->suppressed);
}

/* Rows of the corridors table: per corridor (primary and tag basis), class and all classes. */
static void corridor_rows(cor_table *t, const cor_case *r, const cor_case *b,
                          const char *const *cname)
{
    const cor_corridor_acc *a = cor_case_accounting(r), *ba = cor_case_accounting(b);
    int K = a->n_classes;
    int32_t Z = a->n_zones;
    for (int basis = 0; basis < 2; basis++) {
        int nc = basis ? a->n_corridors : COR_ACC_NC(a);
        for (int c = 0; c < nc; c++)
            for (int k = -1; k < K; k++) {
                double v[2] = {0}, h[2] = {0}, u[2] = {0};
                for (int side = 0; side < 2; side++) {
                    const cor_corridor_acc *x = side ? ba : a;
                    for (int kk = 0; kk < K; kk++) {
                        if (k >= 0 && kk != k) continue;
                        if (basis) {
                            size_t i = (size_t)kk * (size_t)x->n_corridors + (size_t)c;
                            v[side] += x->tag[i]; h[side] += x->tag_h[i]; u[side] += x->tag_usd[i];
                        } else {
                            for (size_t od = 0; od < (size_t)Z * Z; od++) {
                                size_t i = (((size_t)kk * Z * Z) + od) * COR_ACC_NC(x) + (size_t)c;
                                v[side] += x->prim[i]; h[side] += x->prim_h[i]; u[side] += x->prim_usd[i];
                            }
                        }
                    }
                }
                if (v[0] <= 0 && v[1] <= 0) continue;
                double md = v[0] > 0 ? h[0] / v[0] / 24 : NAN, bd = v[1] > 0 ? h[1] / v[1] / 24 : NAN;
                double mu = v[0] > 0 ? u[0] / v[0] : NAN, bu = v[1] > 0 ? u[1] / v[1] : NAN;
                cor_table_row(t);
                cor_table_set(t, 0, cor_case_name(r));
                cor_table_set(t, 1, cor_vocab_tag(cor_case_vocab(r), c));
                cor_table_set(t, 2, k < 0 ? "all" : cname[k]);
                cor_table_set(t, 3, basis ? "tag" : "primary");
                cor_table_numf(t, 4, "%.0f", v[0]);
                cor_table_numf(t, 5, "%.0f", v[1]);
                cor_table_numf(t, 6, "%.0f", v[0] - v[1]);
                cor_table_numf(t, 7, "%.3f", md);
                cor_table_numf(t, 8, "%.3f", bd);
                cor_table_numf(t, 9, "%.3f", dnan(md, bd));
                cor_table_numf(t, 10, "%.2f", mu);
                cor_table_numf(t, 11, "%.2f", bu);
                cor_table_numf(t, 12, "%.2f", dnan(mu, bu));
            }
    }
}

/* Rows of the od and unserved tables; -1 on no memory. */
static int od_rows(cor_table *t, cor_table *un, cor_case *r, cor_case *b,
                   const cor_network *net, const char *const *cname)
{
    const cor_corridor_acc *acc = cor_case_accounting(r);
    const cor_solution *rs = cor_case_solution(r), *bs = cor_case_solution(b);
    const cor_problem *rp = cor_case_problem(r, NULL), *bp = cor_case_problem(b, NULL);
    int K = acc->n_classes;
    int32_t Z = acc->n_zones;
    size_t zz = (size_t)Z * Z;
    double *unv = calloc((size_t)K * zz + 1, sizeof *unv), *bunv = calloc((size_t)K * zz + 1, sizeof *bunv);
    if (!unv || !bunv) { free(unv); free(bunv); return -1; }
    for (int i = 0; i < rs->n_unserved; i++) {
        const cor_unserved *u = &rs->unserved[i];
        unv[(size_t)u->cls * zz + (size_t)u->o * Z + u->d] += u->volume;
    }
    for (int i = 0; i < bs->n_unserved; i++) {
        const cor_unserved *u = &bs->unserved[i];
        bunv[(size_t)u->cls * zz + (size_t)u->o * Z + u->d] += u->volume;
    }
    for (int k = 0; k < K; k++)
        for (int32_t o = 0; o < Z; o++)
            for (int32_t d = 0; d < Z; d++) {
                if (o == d) continue;
                double dem = rp->classes[k].demand[(size_t)o * Z + d];
                double bdem = bp->classes[k].demand[(size_t)o * Z + d];
                if (!(dem > 0) && !(bdem > 0)) continue;
                double v, h, u, bv, bh, bu;
                cor_case_od_mean(r, k, o, d, &v, &h, &u);
                cor_case_od_mean(b, k, o, d, &bv, &bh, &bu);
                int mc = cor_case_main_corridor(r, k, o, d), bmc = cor_case_main_corridor(b, k, o, d);
                size_t ix = (size_t)k * zz + (size_t)o * Z + d;
                cor_table_row(t);
                cor_table_set(t, 0, cor_case_name(r));
                cor_table_set(t, 1, cname[k]);
                cor_table_set(t, 2, net->zone_id[o]);
                cor_table_set(t, 3, net->zone_id[d]);
                cor_table_numf(t, 4, "%.0f", dem);
                cor_table_numf(t, 5, "%.0f", v);
                cor_table_numf(t, 6, "%.0f", unv[ix]);
                cor_table_numf(t, 7, "%.0f", bv);
                cor_table_numf(t, 8, "%.3f", h / 24);
                cor_table_numf(t, 9, "%.3f", bh / 24);
                cor_table_numf(t, 10, "%.3f", dnan(h, bh) / 24);
                cor_table_numf(t, 11, "%.2f", u);
                cor_table_numf(t, 12, "%.2f", bu);
                cor_table_numf(t, 13, "%.2f", dnan(u, bu));
                cor_table_set(t, 14, mc >= 0 ? cor_vocab_tag(cor_case_vocab(r), mc) : "");
                cor_table_set(t, 15, bmc >= 0 ? cor_vocab_tag(cor_case_vocab(b), bmc) : "");
                if (unv[ix] > 0 || bunv[ix] > 0) {
                    cor_table_row(un);
                    cor_table_set(un, 0, cor_case_name(r));
                    cor_table_set(un, 1, cname[k]);
                    cor_table_set(un, 2, net->zone_id[o]);
                    cor_table_set(un, 3, net->zone_id[d]);
                    cor_table_numf(un, 4, "%.0f", unv[ix]);
                    cor_table_numf(un, 5, "%.0f", bunv[ix]);
                }
            }
    free(unv);
    free(bunv);    return 0;
}

cor_status cor_compare_init(cor_compare *t, cor_error *err)
{
    const char *cs[] = {"scenario", "#year", "#served_t", "#unserved_t", "#delta_unserved_t", "#system_cost_usd",
                        "#delta_system_cost_usd", "#money_usd", "#mean_days", "#delta_days", "#mean_usd_t",
                        "#delta_usd_t", "#links_closed", "#gap", "#iterations", "#seconds", "#intrazonal_t",
                        "choice", "#perceived_cost_usd", "#delta_perceived_cost_usd", "#induced_t", "#suppressed_t"};
    const char *cc[] = {"scenario", "corridor", "class", "basis", "#tonnes", "#base_tonnes", "#delta_tonnes",
                        "#mean_days", "#base_mean_days", "#delta_days", "#mean_usd_t", "#base_mean_usd_t", "#delta_usd_t"};
    const char *co[] = {"scenario", "class", "origin", "destination", "#demand_t", "#served_t", "#unserved_t",
                        "#base_served_t", "#days", "#base_days", "#delta_days", "#usd_t", "#base_usd_t",
                        "#delta_usd_t", "main_corridor", "base_main_corridor"};
    const char *cu[] = {"scenario", "class", "origin", "destination", "#unserved_t", "#base_unserved_t"};
    t->summary = cor_table_new("summary", (int)(sizeof cs / sizeof *cs), cs);
    t->corridors = cor_table_new("corridors", 13, cc);
    t->od = cor_table_new("od", 16, co);
    t->unserved = cor_table_new("unserved", 6, cu);
    if (t->summary && t->corridors && t->od && t->unserved) return COR_OK;
    cor_compare_free(t);
    return cor_error_set(err, COR_E_NOMEM, "out of memory");
}

void cor_compare_free(cor_compare *t)
{
    cor_table_free(t->summary);
    cor_table_free(t->corridors);
    cor_table_free(t->od);
    cor_table_free(t->unserved);
    memset(t, 0, sizeof *t);
}

cor_status cor_compare_add(cor_compare *t, cor_case *c, cor_case *base, cor_error *err)
{
    const char *const *cname = cor_case_class_names(base);
    summary_row(t->summary, c, base);
    corridor_rows(t->corridors, c, base, cname);
    if (od_rows(t->od, t->unserved, c, base, cor_case_network(c), cname) || !cor_table_ok(t->summary) ||
        !cor_table_ok(t->corridors) || !cor_table_ok(t->od) || !cor_table_ok(t->unserved))
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    return COR_OK;
}

cor_table *cor_compare_primary(const cor_compare *t)
{
    const cor_table *tc = t->corridors;
    const char *cp[] = {"scenario", "corridor", "#tonnes", "#base_tonnes", "#delta_tonnes", "#mean_days", "#delta_days", "#mean_usd_t", "#delta_usd_t"};
    cor_table *tp = cor_table_new("corridors_primary", 9, cp);
    for (int ri = 0; tp && ri < tc->n_rows; ri++) {
        char **row = tc->rows[ri];
        if (strcmp(row[2], "all") || strcmp(row[3], "primary")) continue;
        cor_table_row(tp);
        int map[] = {0, 1, 4, 5, 6, 7, 9, 10, 12};
        for (int c = 0; c < 9; c++) cor_table_set(tp, c, row[map[c]]);
    }
    return tp;
}

/* ---- exposure ---- */

cor_status cor_case_class_values(cor_case *c, const char *path, int required, double *value,
                                 const char **src, cor_error *err)
{
    int K = cor_case_n_classes(c);
    cor_freight *f = cor_case_freight(c);
    const cor_freight_classes *cls = f ? cor_freight_get_classes(f) : NULL;
    cor_error e2 = {0};
    cor_status st = cor_read_class_values(path, K, cor_case_class_names(c), value, &e2);
    if (st == COR_E_IO && !required) {
        for (int k = 0; k < K; k++) value[k] = cls ? cls->cls[k].vot * 8760.0 / 0.10 : 1.0;
        *src = cls ? "proxy: value of time x 8760 / 0.10" : "none (value share = tonnes share)";
        return COR_OK;
    }
    if (st) {
        if (err) *err = e2;
        return st;
    }
    *src = path;
    return COR_OK;
}

/* "All countries (ZZ = international waters, ...)": the codes the
 * vocabulary names (malloc'd; NULL on no memory). */
static char *countries_title(const cor_vocab *voc)
{
    /* "All countries (ZZ = international waters)": the named codes */
    size_t tl = sizeof "All countries ()";
    for (int i = 0; i < cor_vocab_n_countries(voc); i++)
        tl += strlen(cor_vocab_country_code(voc, i)) + strlen(cor_vocab_country_name(voc, i)) + 5;
    char *all_title = malloc(tl);
    if (!all_title) return NULL;
    size_t at = (size_t)sprintf(all_title, "All countries");
    int named = 0;
    for (int i = 0; i < cor_vocab_n_countries(voc); i++)
        if (*cor_vocab_country_name(voc, i))
            at += (size_t)sprintf(all_title + at, "%s%s = %s", named++ ? ", " : " (", cor_vocab_country_code(voc, i),
                                  cor_vocab_country_name(voc, i));
    if (named) strcpy(all_title + at, ")");
    return all_title;
}

void cor_exposure_tables_free(cor_exposure_tables *t)
{
    cor_table_free(t->headline);
    cor_table_free(t->country);
    cor_table_free(t->by_class);
    cor_table_free(t->origin);
    cor_table_free(t->od);
    free(t->country_title);
    memset(t, 0, sizeof *t);
}

cor_status cor_exposure_tables_build(const cor_case *r, const cor_exposure *e, const double *value,
                                     cor_exposure_tables *out, cor_error *err)
{
    memset(out, 0, sizeof *out);
    const cor_network *net = cor_case_network(r);
    const char *const *cname = cor_case_class_names(r);
    int K = cor_case_n_classes(r);
    int32_t Z = net->n_zones;
    size_t zz = (size_t)Z * Z;
    const cor_vocab *voc = cor_case_vocab(r);
    const char *c1[] = {"country", "#transit_t", "#share_t", "#transit_value_usd", "#share_value"};
    const char *c2[] = {"origin_country", "country", "#origin_served_t", "#transit_t", "#share_t", "#share_value"};
    const char *c3[] = {"class", "origin", "destination", "origin_country", "destination_country", "#served_t", "country", "#transit_t", "#share"};
    const char *c4[] = {"country", "class", "#class_served_t", "#transit_t", "#share_t"};
    cor_table *th = out->headline = cor_table_new("exposure_headline", 5, c1);
    cor_table *tcn = out->country = cor_table_new("exposure_country", 5, c1);
    cor_table *tcl = out->by_class = cor_table_new("exposure_class", 5, c4);
    cor_table *tor = out->origin = cor_table_new("exposure_origin", 6, c2);
    cor_table *tod = out->od = cor_table_new("exposure_od", 9, c3);
    out->country_title = countries_title(voc);
    if (!th || !tcn || !tcl || !tor || !tod || !out->country_title) {
        cor_exposure_tables_free(out);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    int C = e->n_countries;
    for (int c = 0; c < C; c++) {
        cor_table_row(tcn);
        cor_table_set(tcn, 0, e->country[c]);
        cor_table_numf(tcn, 1, "%.0f", e->tonnes[c]);
        cor_table_numf(tcn, 2, "%.4f", e->tonnes_share[c]);
        cor_table_numf(tcn, 3, "%.6g", e->value_usd[c]);
        cor_table_numf(tcn, 4, "%.4f", e->value_share[c]);
    }
    for (int h = 0; h < cor_vocab_n_headline(voc); h++) {
        const char *code = cor_vocab_headline(voc, h);
        int c = cor_exposure_find(e, code);
        cor_table_row(th);
        cor_table_set(th, 0, code);
        cor_table_numf(th, 1, "%.0f", c >= 0 ? e->tonnes[c] : 0);
        cor_table_numf(th, 2, "%.4f", c >= 0 ? e->tonnes_share[c] : 0);
        cor_table_numf(th, 3, "%.6g", c >= 0 ? e->value_usd[c] : 0);
        cor_table_numf(th, 4, "%.4f", c >= 0 ? e->value_share[c] : 0);
    }
    /* per origin country: distinct zone countries */
    for (int32_t z = 0; z < Z; z++) {
        const char *oc = cor_zone_country(net, z);
        int first = 1;
        for (int32_t y = 0; y < z; y++) if (!strcasecmp(cor_zone_country(net, y), oc)) first = 0;
        if (!first) continue;
        double served = 0, sval = 0;
        for (int k = 0; k < K; k++)
            for (int32_t oo = 0; oo < Z; oo++) {
                if (strcasecmp(cor_zone_country(net, oo), oc)) continue;
                for (int32_t d = 0; d < Z; d++) {
                    served += e->served[(size_t)k * zz + (size_t)oo * Z + d];
                    sval += e->served[(size_t)k * zz + (size_t)oo * Z + d] * value[k];
                }
            }
        if (!(served > 0)) continue;
        for (int c = 0; c < C; c++) {
            double t = 0, v = 0;
            for (int k = 0; k < K; k++)
                for (int32_t oo = 0; oo < Z; oo++) {
                    if (strcasecmp(cor_zone_country(net, oo), oc)) continue;
                    for (int32_t d = 0; d < Z; d++) {
                        double x = e->transit[((size_t)c * K + k) * zz + (size_t)oo * Z + d];
                        t += x;
                        v += x * value[k];
                    }
                }
            if (!(t > 0)) continue;
            cor_table_row(tor);
            cor_table_set(tor, 0, oc);
            cor_table_set(tor, 1, e->country[c]);
            cor_table_numf(tor, 2, "%.0f", served);
            cor_table_numf(tor, 3, "%.0f", t);
            cor_table_numf(tor, 4, "%.4f", t / served);
            cor_table_numf(tor, 5, "%.4f", sval > 0 ? v / sval : 0);
        }
    }
    for (int k = 0; k < K; k++)
        for (int32_t oo = 0; oo < Z; oo++)
            for (int32_t d = 0; d < Z; d++) {
                double sv = e->served[(size_t)k * zz + (size_t)oo * Z + d];
                if (!(sv > 0)) continue;
                for (int c = 0; c < C; c++) {
                    double x = e->transit[((size_t)c * K + k) * zz + (size_t)oo * Z + d];
                    if (!(x > 1e-9 * sv)) continue;
                    cor_table_row(tod);
                    cor_table_set(tod, 0, cname[k]);
                    cor_table_set(tod, 1, net->zone_id[oo]);
                    cor_table_set(tod, 2, net->zone_id[d]);
                    cor_table_set(tod, 3, cor_zone_country(net, oo));
                    cor_table_set(tod, 4, cor_zone_country(net, d));
                    cor_table_numf(tod, 5, "%.0f", sv);
                    cor_table_set(tod, 6, e->country[c]);
                    cor_table_numf(tod, 7, "%.0f", x);
                    cor_table_numf(tod, 8, "%.4f", x / sv);
                }
            }
    /* per country and class */
    for (int c = 0; c < C; c++)
        for (int k = 0; k < K; k++) {
            double t = 0, sv = 0;
            for (size_t i = 0; i < zz; i++) {
                t += e->transit[((size_t)c * K + k) * zz + i];
                sv += e->served[(size_t)k * zz + i];
            }
            if (!(t > 0)) continue;
            cor_table_row(tcl);
            cor_table_set(tcl, 0, e->country[c]);
            cor_table_set(tcl, 1, cname[k]);
            cor_table_numf(tcl, 2, "%.0f", sv);
            cor_table_numf(tcl, 3, "%.0f", t);
            cor_table_numf(tcl, 4, "%.4f", sv > 0 ? t / sv : NAN);
        }
    if (!cor_table_ok(th) || !cor_table_ok(tcn) || !cor_table_ok(tcl) || !cor_table_ok(tor) || !cor_table_ok(tod)) {
        cor_exposure_tables_free(out);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    return COR_OK;
}

/* ---- select-link ---- */

int32_t cor_link_select(const cor_network *net, const char *v, uint8_t *set)
{
    int32_t hit = 0;
    const char *eq = strchr(v, '=');
    if (eq) {
        char field[128];
        size_t fl = (size_t)(eq - v);
        if (fl >= sizeof field) fl = sizeof field - 1;
        memcpy(field, v, fl);
        field[fl] = '\0';
        for (int32_t l = 0; l < net->n_links; l++)
            if (cor_link_matches(net, l, field, eq + 1)) { set[l] = 1; hit++; }
    } else {
        int32_t l = cor_network_find_link(net, v);
        if (l >= 0) { set[l] = 1; hit++; }
    }
    return hit;
}

cor_status cor_select_link_tables(const cor_case *r, const uint8_t *set, cor_table **od_table,
                                  cor_table **link_table, double *total, cor_error *err)
{
    cor_status st = COR_OK;
    cor_table *tod = NULL, *tl = NULL;
    double *od = NULL, *all = NULL, *lv = NULL;
    *od_table = *link_table = NULL;
    *total = 0;
    const cor_network *net = cor_case_network(r);
    int32_t m = net->n_links;
    const char *const *cname = cor_case_class_names(r);
    const cor_od_solution *os = cor_case_od(r);
    int K = cor_case_n_classes(r);
    int32_t Z = net->n_zones;
    size_t kzz = (size_t)K * Z * Z;
    od = malloc(kzz * sizeof *od);
    all = malloc(kzz * sizeof *all);
    lv = malloc((size_t)K * (size_t)(m > 0 ? m : 1) * sizeof *lv);
    if (!od || !all || !lv) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    if ((st = cor_touch(os, net, set, 0, NULL, all, od, NULL, NULL, NULL, err)) ||
        (st = cor_select_link_volumes(os, net, set, lv, err))) goto done;
    const char *c1[] = {"class", "origin", "destination", "#served_t", "#select_t", "#share"};
    const char *c2[] = {"link_id", "from", "to", "mode", "corridor", "selected", "#volume_t", "#select_t", "#share"};
    tod = cor_table_new("select_link_od", 6, c1);
    if (!tod) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    {   /* link table with per-class columns */
        const char **cols = calloc((size_t)(9 + K), sizeof *cols);
        char **names = calloc((size_t)(K > 0 ? K : 1), sizeof *names);
        if (!cols || !names) { free(cols); free(names); st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
        for (int c = 0; c < 9; c++) cols[c] = c2[c];
        for (int k = 0; k < K; k++) {
            size_t len = strlen(cname[k]) + 10;
            names[k] = malloc(len);
            if (names[k]) snprintf(names[k], len, "#select_%s", cname[k]);
            cols[9 + k] = names[k] ? names[k] : "#select_class";
        }
        tl = cor_table_new("select_link_links", 9 + K, cols);
        for (int k = 0; k < K; k++) free(names[k]);
        free(names);
        free(cols);
        if (!tl) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    }
    double tot = 0;
    for (int k = 0; k < K; k++)
        for (int32_t oo = 0; oo < Z; oo++)
            for (int32_t d = 0; d < Z; d++) {
                size_t ix = ((size_t)k * Z + oo) * Z + d;
                if (!(od[ix] > 1e-9 * (all[ix] > 1 ? all[ix] : 1))) continue;
                tot += od[ix];
                cor_table_row(tod);
                cor_table_set(tod, 0, cname[k]);
                cor_table_set(tod, 1, net->zone_id[oo]);
                cor_table_set(tod, 2, net->zone_id[d]);
                cor_table_numf(tod, 3, "%.0f", all[ix]);
                cor_table_numf(tod, 4, "%.0f", od[ix]);
                cor_table_numf(tod, 5, "%.4f", all[ix] > 0 ? od[ix] / all[ix] : NAN);
            }
    int mc = cor_network_link_col(net, "mode"), cc = cor_network_link_col(net, "corridor");
    for (int32_t i = 0; i < m; i++) {
        int32_t l = net->link_by_order[i];
        double s = 0;
        for (int k = 0; k < K; k++) s += lv[(size_t)k * m + l];
        if (!(s > 0) && !set[l]) continue;
        cor_table_row(tl);
        cor_table_set(tl, 0, net->link_id[l]);
        cor_table_set(tl, 1, net->node_id[net->link_from[l]]);
        cor_table_set(tl, 2, net->node_id[net->link_to[l]]);
        cor_table_set(tl, 3, mc >= 0 ? net->link_extra.values[mc][l] : "");
        cor_table_set(tl, 4, cc >= 0 ? net->link_extra.values[cc][l] : "");
        cor_table_set(tl, 5, set[l] ? "yes" : "no");
        cor_table_numf(tl, 6, "%.0f", os->flow[l]);
        cor_table_numf(tl, 7, "%.0f", s);
        cor_table_numf(tl, 8, "%.4f", os->flow[l] > 0 ? s / os->flow[l] : NAN);
        for (int k = 0; k < K; k++) cor_table_numf(tl, 9 + k, "%.0f", lv[(size_t)k * m + l]);
    }
    if (!cor_table_ok(tod) || !cor_table_ok(tl)) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    *od_table = tod;
    *link_table = tl;
    *total = tot;
    tod = tl = NULL;
done:
    cor_table_free(tod);
    cor_table_free(tl);
    free(od);
    free(all);
    free(lv);
    return st;
}

/* ---- criticality ---- */

cor_table *cor_criticality_table(const cor_criticality *cr, const cor_crit_element *el, cor_crit_by by,
                                 int *n_nonconv)
{
    const char *cols[] = {"#rank", cor_crit_by_name(by), "where", "#links", "used", "#delta_cost_usd", "#delta_cost_pct",
                          "#delta_unserved_t", "#unserved_od", "#rank_cost", "#rank_unserved", "converged"};
    cor_table *t = cor_table_new("criticality", 12, cols);
    if (!t) return NULL;
    int nonconv = 0;
    for (int i = 0; i < cr->n_items; i++) {
        const cor_crit_item *it = &cr->items[i];
        cor_table_row(t);
        cor_table_numf(t, 0, "%.0f", i + 1);
        cor_table_set(t, 1, el[it->element].label);
        cor_table_set(t, 2, el[it->element].where);
        cor_table_numf(t, 3, "%.0f", el[it->element].n_links);
        cor_table_set(t, 4, it->was_used ? "yes" : "no");
        cor_table_numf(t, 5, "%.6g", it->delta_money);
        cor_table_numf(t, 6, "%.3f", cr->base_money > 0 ? 100 * it->delta_money / cr->base_money : NAN);
        cor_table_numf(t, 7, "%.0f", it->delta_unserved);
        cor_table_numf(t, 8, "%.0f", it->n_unserved_od);
        cor_table_numf(t, 9, "%.0f", it->rank_cost);
        cor_table_numf(t, 10, "%.0f", it->rank_unserved);
        cor_table_set(t, 11, it->converged ? "yes" : "no");
        nonconv += !it->converged;
    }
    if (n_nonconv) *n_nonconv = nonconv;
    if (!cor_table_ok(t)) { cor_table_free(t); return NULL; }
    return t;
}
