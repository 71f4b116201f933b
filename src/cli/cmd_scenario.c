/* corridor scenario — solve scenarios warm-started from the base and report
 * deltas: corridor flows per class, door-to-door days, USD/t, system cost,
 * unserved demand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char USAGE[] =
    "usage: corridor scenario NET --scenario FILE [--scenario FILE ...] [--base FILE]\n"
    "                         --out DIR [--json] [--gap G] [--max-iter N] [--threads T]\n\n"
    "NET is a freight data directory (node.csv, link.csv, demand.csv, class.csv), e.g.\n"
    "data/eurasia (or any TNTP/GMNS network with --demand; then no corridors, money =\n"
    "toll, year ignored).  Each scenario file (docs/SCENARIOS.md) is applied to a copy of the\n"
    "model and solved to equilibrium warm-started from the base case: the model as\n"
    "read, or --base FILE applied to it.  Writes DIR/summary.csv, DIR/corridors.csv,\n"
    "DIR/od.csv and DIR/unserved.csv (atomically) and prints the main tables; --json\n"
    "prints every table as one JSON object instead.  OD pairs a scenario disconnects\n"
    "are reported as unserved (never dropped).  Exit 3 when a solve stopped at a limit.\n";

int cmd_scenario(int argc, char **argv)
{
    cli_opt o[] = {
        {"scenario", CLI_REPEAT, "scenario file (repeatable)", 0, 0, 0},
        {"base", 0, "scenario file for the base case (default: the data as read)", 0, 0, 0},
        CLI_OUTPUT_OPTS("output directory (required)"),
        CLI_SOLVER_OPTS,
        CLI_CHOICE_OPT,
        CLI_NETWORK_OPTS,
    };
    CLI_PARSE_ONE(o, USAGE, "NET");
    cor_scenario *bsc = NULL, **sc = NULL;
    cor_case *model = NULL, *base = NULL, *r = NULL;
    cor_compare t = {0};
    cor_error err = {0};
    int noconv = 0;
    cor_outset *set = NULL;
    cli_opt *sco = cli_find(o, n, "scenario");
    if (rc) { rc = rc < 0 ? 0 : rc; goto done; }
    const char *out = cli_get(o, n, "out");
    if (!sco->n_values) { fprintf(stderr, "corridor scenario: give at least one --scenario FILE\n"); rc = EXIT_USAGE; goto done; }
    if (!out) { fprintf(stderr, "corridor scenario: --out DIR is required\n"); rc = EXIT_USAGE; goto done; }
    cor_assign_params par;
    if (cli_solver_params("scenario", o, n, &par)) { rc = EXIT_USAGE; goto done; }
    int json = cli_get(o, n, "json") != NULL;
    /* parse every scenario first: a typo fails fast, before any solve */
    sc = calloc((size_t)sco->n_values, sizeof *sc);
    if (!sc) { rc = EXIT_NOMEM; goto done; }
    for (int i = 0; i < sco->n_values; i++)
        if (cor_scenario_load(sco->values[i], &sc[i], &err)) { rc = cli_fail("scenario", &err); goto done; }
    if ((rc = cli_scenarios_distinct("scenario", sc, sco->n_values))) goto done;
    if (cli_get(o, n, "base") && cor_scenario_load(cli_get(o, n, "base"), &bsc, &err)) { rc = cli_fail("scenario", &err); goto done; }
    if ((rc = cli_out_begin("scenario", o, n, out, &set))) goto done;
    if ((rc = cli_case_open("scenario", o, n, a.pos[0], &model))) goto done;
    *cor_case_params(model) = par;
    if (!(base = cor_case_clone(model))) { rc = EXIT_NOMEM; goto done; }
    cor_status st = cor_case_apply_scenario(base, bsc, &err);
    if (!st) st = cor_case_solve(base, &err);
    if (st && st != COR_E_NOCONV) { rc = cli_fail("scenario", &err); goto done; }
    if (st == COR_E_NOCONV) noconv = 1;
    if (cor_compare_init(&t, &err) || cor_compare_add(&t, base, base, &err)) { rc = cli_fail("scenario", &err); goto done; }
    for (int i = 0; i < sco->n_values; i++) {
        /* each scenario on the model as read (not on --base), warm-started from the base */
        if (!(r = cor_case_clone(model))) { rc = EXIT_NOMEM; goto done; }
        cor_case_set_warm_start(r, base);
        cor_case_set_reference(r, base); /* elastic demand against the base */
        st = cor_case_apply_scenario(r, sc[i], &err);
        if (!st) st = cor_case_solve(r, &err);
        if (st && st != COR_E_NOCONV) { rc = cli_fail("scenario", &err); goto done; }
        if (st == COR_E_NOCONV) noconv = 1;
        if (cor_compare_add(&t, r, base, &err)) { rc = cli_fail("scenario", &err); goto done; }
        cor_case_destroy(r);
        r = NULL;
        if (cli_interrupted()) { fprintf(stderr, "corridor scenario: interrupted; no output written\n"); rc = EXIT_INTERRUPTED; goto done; }
    }
    cor_table *all[] = {t.summary, t.corridors, t.od, t.unserved};
    for (int i = 0; i < 4; i++)
        if (cor_table_write_csv(all[i], cor_outset_stage(set), &err)) { rc = cli_fail("scenario", &err); goto done; }
    if (json) {
        printf("{");
        for (int i = 0; i < 4; i++) { if (i) printf(",\n"); cor_table_json(all[i], stdout); }
        printf("}\n");
    } else {
        cor_table_print(t.summary, stdout, "Scenarios against the base (system cost = money + value of time, USD/yr)", 0);
        cor_table *tp = cor_compare_primary(&t);
        if (tp) cor_table_print(tp, stdout, "Tonnes by primary corridor, all classes (details: corridors.csv)", 0);
        cor_table_free(tp);
        if (t.unserved->n_rows) cor_table_print(t.unserved, stdout, "UNSERVED demand (OD pairs with no open route)", 0);
        else printf("\nNo unserved demand in any case.\n");
        printf("\nWrote %s/summary.csv, corridors.csv, od.csv, unserved.csv\n", out);
    }
    if (noconv) {
        fprintf(stderr, "corridor scenario: a solve stopped at its limit before the gap target (see summary.csv gap)\n");
        rc = EXIT_NOCONV;
    }
done:
    rc = cli_out_end("scenario", &set, rc);
    if (sc)
        for (int i = 0; i < sco->n_values; i++) cor_scenario_destroy(sc[i]);
    free(sc);
    cor_compare_free(&t);
    cor_case_destroy(r);
    cor_case_destroy(base);
    cor_case_destroy(model);
    cor_scenario_destroy(bsc);
    cli_free(o, n, &a);
    return rc;
}
