/* corridor exposure — transit-country dependency: share of tonnes and value
 * of every OD and class crossing each country (not origin or destination). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

static const char USAGE[] =
    "usage: corridor exposure NET [--scenario FILE] [--out DIR] [--values FILE] [--json]\n"
    "                         [--gap G] [--max-iter N] [--threads T]\n\n"
    "Solves NET (a freight data directory; with the scenario applied) to equilibrium\n"
    "and measures, for every OD pair and class, the share of its tonnes and of its\n"
    "value (tonnes x class value per tonne) that crosses each country in transit —\n"
    "countries other than the origin's and the destination's.  Tables: per country,\n"
    "per origin country and country, and per OD/class/country (exposure_*.csv in DIR).\n"
    "Headline table: the countries marked headline in the data set's countries.csv\n"
    "(docs/FORMATS.md).  Exact from the equilibrium per-origin flows\n"
    "(docs/SCENARIOS.md).\n";

/* Value per tonne of each class: from --values FILE, else NET/scenarios/
 * values.csv, else a proxy (VoT x 8760 / 0.10).  CSV: class,value_usd_t[,...]. */
static int load_values(const char *path, const char *dir, const cor_freight_classes *cls,
                       const char *const *cname, int K, double *value, const char **src)
{
    static char def[4096];
    int given = path != NULL;
    if (!path) {
        snprintf(def, sizeof def, "%s/scenarios/values.csv", dir);
        path = def;
    }
    cor_error err;
    cor_status st = cor_read_class_values(path, K, cname, value, &err);
    if (st == COR_E_IO && !given) {
        for (int k = 0; k < K; k++) value[k] = cls ? cls->cls[k].vot * 8760.0 / 0.10 : 1.0;
        *src = cls ? "proxy: value of time x 8760 / 0.10" : "none (value share = tonnes share)";
        return 0;
    }
    if (st) return cli_fail("exposure", &err);
    *src = path;
    return 0;
}

static int run(cli_opt *o, int n, const char *net_path, cor_case *r, cor_status st, void *ud)
{
    (void)ud;
    int rc = 0;
    cor_exposure *e = NULL;
    cor_table *tcn = NULL, *tor = NULL, *tod = NULL, *th = NULL, *tcl = NULL;
    double *value = NULL;
    char *all_title = NULL;
    cor_error err = {0};
    const char *out = cli_get(o, n, "out");
    if (cli_interrupted()) { rc = EXIT_INTERRUPTED; goto done; }
    const cor_network *net = cor_case_network(r);
    const char *const *cname = cor_case_class_names(r);
    int K = cor_case_n_classes(r);
    int32_t Z = net->n_zones;
    size_t zz = (size_t)Z * Z;
    value = malloc((size_t)K * sizeof *value);
    if (!value) { rc = EXIT_NOMEM; goto done; }
    const char *vsrc = NULL;
    if ((rc = load_values(cli_get(o, n, "values"), net_path, cor_case_freight(r) ? cor_freight_get_classes(cor_case_freight(r)) : NULL, cname, K, value, &vsrc))) goto done;
    if ((st = cor_exposure_compute(cor_case_od(r), net, value, &e, &err))) { rc = cli_fail("exposure", &err); goto done; }
    const char *c1[] = {"country", "#transit_t", "#share_t", "#transit_value_usd", "#share_value"};
    const char *c2[] = {"origin_country", "country", "#origin_served_t", "#transit_t", "#share_t", "#share_value"};
    const char *c3[] = {"class", "origin", "destination", "origin_country", "destination_country", "#served_t", "country", "#transit_t", "#share"};
    tcn = cor_table_new("exposure_country", 5, c1);
    tor = cor_table_new("exposure_origin", 6, c2);
    const char *c4[] = {"country", "class", "#class_served_t", "#transit_t", "#share_t"};
    tcl = cor_table_new("exposure_class", 5, c4);
    tod = cor_table_new("exposure_od", 9, c3);
    th = cor_table_new("exposure_headline", 5, c1);
    if (!tcn || !tor || !tod || !th || !tcl) { rc = EXIT_NOMEM; goto done; }
    const cor_vocab *voc = cor_case_vocab(r);
    /* "All countries (ZZ = international waters)": the named codes */
    size_t tl = sizeof "All countries ()";
    for (int i = 0; i < cor_vocab_n_countries(voc); i++)
        tl += strlen(cor_vocab_country_code(voc, i)) + strlen(cor_vocab_country_name(voc, i)) + 5;
    if (!(all_title = malloc(tl))) { rc = EXIT_NOMEM; goto done; }
    size_t at = (size_t)sprintf(all_title, "All countries");
    int named = 0;
    for (int i = 0; i < cor_vocab_n_countries(voc); i++)
        if (*cor_vocab_country_name(voc, i))
            at += (size_t)sprintf(all_title + at, "%s%s = %s", named++ ? ", " : " (", cor_vocab_country_code(voc, i),
                                  cor_vocab_country_name(voc, i));
    if (named) strcpy(all_title + at, ")");
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
    cor_table *all[] = {th, tcn, tcl, tor, tod};
    if (out)
        for (int i = 0; i < 5; i++)
            if (cor_table_write_csv(all[i], out, &err)) { rc = cli_fail("exposure", &err); goto done; }
    if (cli_get(o, n, "json")) {
        printf("{\"scenario\": ");
        cor_table_json_string(stdout, cor_case_name(r));
        printf(", \"served_t\": %.0f, \"unserved_t\": %.0f,\n", e->total_tonnes, cor_case_totals(r)->unserved);
        for (int i = 0; i < 5; i++) { if (i) printf(",\n"); cor_table_json(all[i], stdout); }
        printf("}\n");
    } else {
        printf("exposure: %s, %.0f t/yr served (%.0f unserved); values per tonne from %s\n",
               cor_case_name(r), e->total_tonnes, cor_case_totals(r)->unserved, vsrc);
        cor_table_print(th, stdout, "Headline: share of all served tonnes / value crossing the country in transit", 0);
        cor_table_print(tcn, stdout, all_title, 0);
        cor_table_print(tcl, stdout, "By class: share of the class's served tonnes crossing the country", 40);
        cor_table_print(tor, stdout, "By origin country", 40);
        if (out) printf("\nWrote %s/exposure_headline.csv, exposure_country.csv, exposure_class.csv, exposure_origin.csv, exposure_od.csv\n", out);
    }
    if (st == COR_E_NOCONV) { fprintf(stderr, "corridor exposure: the solve stopped at its limit before the gap target\n"); rc = EXIT_NOCONV; }
done:
    cor_table_free(tcl);
    free(all_title);
    cor_table_free(tcn); cor_table_free(tor); cor_table_free(tod); cor_table_free(th);
    free(value);
    cor_exposure_destroy(e);
    return rc;
}

int cmd_exposure(int argc, char **argv)
{
    cli_opt o[] = {
        {"scenario", 0, "scenario file to apply first", 0, 0, 0},
        CLI_NETWORK_OPTS,
        {"values", 0, "CSV class,value_usd_t (default NET/scenarios/values.csv)", 0, 0, 0},
        CLI_OUTPUT_OPTS("output directory for the CSV tables"),
        CLI_SOLVER_OPTS,
    };
    const cli_analysis cmd = {"exposure", USAGE, NULL, run, NULL};
    return cli_analysis_main(&cmd, o, (int)(sizeof o / sizeof *o), argc, argv);
}
