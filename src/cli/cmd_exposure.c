/* corridor exposure — transit-country dependency: share of tonnes and value
 * of every OD and class crossing each country (not origin or destination). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int run(cli_opt *o, int n, const char *net_path, cor_case *r, cor_status st, const char *stage, void *ud)
{
    (void)ud;
    int rc = 0;
    cor_exposure *e = NULL;
    cor_exposure_tables t = {0};
    double *value = NULL;
    cor_error err = {0};
    const char *out = cli_get(o, n, "out");
    if (cli_interrupted()) return EXIT_INTERRUPTED;
    /* values per tonne: --values FILE, else NET/scenarios/values.csv, else a proxy */
    char def[4096];
    const char *vpath = cli_get(o, n, "values"), *vsrc = NULL;
    if (!vpath) snprintf(def, sizeof def, "%s/scenarios/values.csv", net_path);
    value = malloc((size_t)cor_case_n_classes(r) * sizeof *value);
    if (!value) { rc = EXIT_NOMEM; goto done; }
    if (cor_case_class_values(r, vpath ? vpath : def, vpath != NULL, value, &vsrc, &err) ||
        cor_exposure_compute(cor_case_od(r), cor_case_network(r), value, &e, &err) ||
        cor_exposure_tables_build(r, e, value, &t, &err)) { rc = cli_fail("exposure", &err); goto done; }
    cor_table *all[] = {t.headline, t.country, t.by_class, t.origin, t.od};
    if (out)
        for (int i = 0; i < 5; i++)
            if (cor_table_write_csv(all[i], stage, &err)) { rc = cli_fail("exposure", &err); goto done; }
    if (cli_get(o, n, "json")) {
        printf("{\"scenario\": ");
        cor_table_json_string(stdout, cor_case_name(r));
        printf(", \"served_t\": %.0f, \"unserved_t\": %.0f,\n", e->total_tonnes, cor_case_totals(r)->unserved);
        for (int i = 0; i < 5; i++) { if (i) printf(",\n"); cor_table_json(all[i], stdout); }
        printf("}\n");
    } else {
        printf("exposure: %s, %.0f t/yr served (%.0f unserved); values per tonne from %s\n",
               cor_case_name(r), e->total_tonnes, cor_case_totals(r)->unserved, vsrc);
        cor_table_print(t.headline, stdout, "Headline: share of all served tonnes / value crossing the country in transit", 0);
        cor_table_print(t.country, stdout, t.country_title, 0);
        cor_table_print(t.by_class, stdout, "By class: share of the class's served tonnes crossing the country", 40);
        cor_table_print(t.origin, stdout, "By origin country", 40);
        if (out) printf("\nWrote %s/exposure_headline.csv, exposure_country.csv, exposure_class.csv, exposure_origin.csv, exposure_od.csv\n", out);
    }
    if (st == COR_E_NOCONV) { fprintf(stderr, "corridor exposure: the solve stopped at its limit before the gap target\n"); rc = EXIT_NOCONV; }
done:
    cor_exposure_tables_free(&t);
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
        CLI_CHOICE_OPT,
    };
    const cli_analysis cmd = {"exposure", USAGE, NULL, run, NULL};
    return cli_analysis_main(&cmd, o, (int)(sizeof o / sizeof *o), argc, argv);
}
