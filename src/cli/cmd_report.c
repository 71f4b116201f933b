/* corridor report — solve a network and write a self-contained HTML report
 * with GeoJSON and GeoPackage results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "corridor/report.h"

static const char USAGE[] =
    "usage: corridor report NET [--demand FILE] [--nodes FILE] [--scenario FILE]...\n"
    "                       [--year Y] [--method M] [--gap G] [--max-iter N]\n"
    "                       [--toll-factor F] [--distance-factor F] [--title TEXT]\n"
    "                       [--hazards FILE [--projects FILE] [--samples N] [--seed S]] --out DIR\n\n"
    "Solves the equilibrium of NET and writes DIR/index.html (self-contained: open\n"
    "it offline; map of flows, charts, tables), DIR/links.geojson, DIR/nodes.geojson\n"
    "and DIR/results.gpkg (GeoPackage: layers links and nodes) for the base case.\n"
    "NET is a freight data directory (with class.csv, e.g. data/eurasia: corridor\n"
    "tonnes and days, transit-country exposure; --year Y opens links by opening_year;\n"
    "each --scenario FILE adds a map of flow changes and side-by-side tables), a\n"
    "GMNS directory, or a TNTP _net file with --demand (--nodes: TNTP node\n"
    "coordinates \"node X Y ;\").  Prints the path of index.html.  On freight data\n"
    "--hazards FILE adds the disruption-risk section (expected annual loss and tail,\n"
    "loss by return period, hazard contributions; docs/RISK.md) and --projects FILE\n"
    "the appraisal of candidate investments under those hazards.\n";

/* What both kinds of report need from the command line. */
typedef struct report_args {
    cli_opt *o;
    int n;
    const char *net, *out, *title;
    long year;
    cor_assign_params par;
    cor_report_style style;
} report_args;

/* Freight data: the base and each --scenario solved as cases (one warm
 * start chain, cor_case_solve_all) and rendered together. */
static int report_freight(report_args *ra, cor_outset **set)
{
    cli_opt *sco = cli_find(ra->o, ra->n, "scenario");
    int n_sc = sco->n_values, rc = 0;
    cor_error err = {0};
    cor_case *model = NULL, **cases = calloc((size_t)n_sc + 1, sizeof *cases);
    cor_targets *targets = NULL;
    cor_hazards *hz = NULL;
    cor_projects *ps = NULL;
    cor_risk *risk = NULL;
    cor_table *apt = NULL, *apr = NULL;
    cor_scenario **sc = calloc((size_t)n_sc + 1, sizeof *sc);
    if (!sc || !cases) { fprintf(stderr, "corridor report: out of memory\n"); rc = EXIT_NOMEM; goto done; }
    for (int i = 0; i < n_sc; i++)
        if (cor_scenario_load(sco->values[i], &sc[i], &err)) { rc = cli_fail("report", &err); goto done; }
    if ((rc = cli_scenarios_distinct("report", sc, n_sc)) || (rc = cli_out_begin("report", ra->o, ra->n, ra->out, set)) ||
        (rc = cli_case_open("report", ra->o, ra->n, ra->net, &model)))
        goto done;
    *cor_case_params(model) = ra->par;
    cor_status sst = cor_case_solve_all(model, (const cor_scenario *const *)sc, n_sc, cases, &err);
    if (sst && sst != COR_E_NOCONV) { rc = cli_fail("report", &err); goto done; }
    char t[512], sub[1024];
    if (ra->year) snprintf(t, sizeof t, "Freight corridors \xe2\x80\x94 network of %ld", ra->year);
    else snprintf(t, sizeof t, "Freight corridors \xe2\x80\x94 base year");
    int logit = cor_case_choice(cases[0]) == COR_CHOICE_LOGIT;
    snprintf(sub, sizeof sub, "Data %s: tonnes per year %s (multi-class, shared capacity); "
             "times in hours, money in USD per tonne%s", ra->net,
             logit ? "of the calibrated route-choice model (path-size logit)" : "at user equilibrium",
             n_sc ? "; scenarios compared with the base" : "");
    /* the data set's calibration targets, when it has them: a section of the page */
    char *tp = cli_join(ra->net, "calibration.csv");
    FILE *probe = tp ? fopen(tp, "r") : NULL;
    int has_targets = probe != NULL;
    if (probe) fclose(probe);
    if (has_targets && cor_targets_load(tp, cor_case_freight(cases[0]), &targets, &err)) {
        free(tp);
        rc = cli_fail("report", &err);
        goto done;
    }
    free(tp);
    /* the disruption-risk section and the appraisal (--hazards, --projects) */
    cor_report_freight_opts fo = {.targets = targets, .live_dir = ra->net};
    const char *hp = cli_get(ra->o, ra->n, "hazards"), *pp = cli_get(ra->o, ra->n, "projects");
    if (hp) {
        long samples, seed;
        if (cli_int(ra->o, ra->n, "samples", 10000, 1, 100000000, &samples) ||
            cli_int(ra->o, ra->n, "seed", 1, 0, 2147483647, &seed)) { rc = EXIT_USAGE; goto done; }
        if (cor_hazards_load(hp, &hz, &err) || (pp && cor_projects_load(pp, &ps, &err))) { rc = cli_fail("report", &err); goto done; }
        cor_risk_opts ro;
        cor_risk_opts_default(&ro);
        ro.samples = samples;
        ro.seed = (uint64_t)seed;
        cor_case_params(model)->progress = NULL;
        if (cor_risk_run(model, hz, &ro, &risk, &err)) { rc = cli_fail("report", &err); goto done; }
        fo.risk = risk;
        fo.hazards = hz;
        if (ps) {
            cor_appraise_opts ao;
            cor_appraise_opts_default(&ao);
            ao.risk = ro;
            if (cor_appraise(model, hz, ps, &ao, &apt, &apr, &err)) { rc = cli_fail("report", &err); goto done; }
            fo.appraisal = apt;
        }
    }
    if (cor_report_freight_ex(cases, n_sc + 1, ra->title ? ra->title : t, sub, &ra->style, &fo,
                              cor_outset_stage(*set), &err)) {
        rc = cli_fail("report", &err);
        goto done;
    }
    if (cli_interrupted()) { rc = EXIT_INTERRUPTED; goto done; }
    printf("%s/index.html\n", ra->out);
done:
    for (int i = 0; sc && i < n_sc; i++) cor_scenario_destroy(sc[i]);
    free(sc);
    for (int i = 0; cases && i <= n_sc; i++) cor_case_destroy(cases[i]);
    free(cases);
    cor_case_destroy(model);
    cor_targets_destroy(targets);
    cor_risk_destroy(risk);
    cor_table_free(apt);
    cor_table_free(apr);
    cor_hazards_destroy(hz);
    cor_projects_destroy(ps);
    return rc;
}

/* A TNTP or GMNS network: one case, solved when it has demand (else the
 * network alone is drawn). */
static int report_network(report_args *ra, double tf, double df, cor_outset **set)
{
    cli_opt *o = ra->o;
    int n = ra->n, rc = 0;
    cor_error err = {0};
    cor_case *pc = NULL;
    cor_report *rep = NULL;
    if ((rc = cli_out_begin("report", o, n, ra->out, set))) return rc;
    cor_case_opts co = {.demand = cli_get(o, n, "demand"), .nodes = cli_get(o, n, "nodes"),
                        .toll_factor = tf, .distance_factor = df, .strict = cli_get(o, n, "strict") != NULL};
    if (cor_case_open(ra->net, &co, &pc, &err)) return cli_fail("report", &err);
    cli_warn_notes("report", cor_case_network(pc));
    int has_demand = cor_case_n_classes(pc) > 0;
    const cor_solution *sol = NULL;
    if (has_demand) {
        *cor_case_params(pc) = ra->par;
        cor_case_set_accounting(pc, 0);
        cor_status st = cor_case_solve(pc, &err);
        sol = cor_case_solution(pc);
        if (isatty(2)) fputc('\n', stderr);
        if (!sol) { rc = cli_fail("report", &err); goto done; }
        if (st == COR_E_INTERRUPTED || cli_interrupted()) {
            fprintf(stderr, "corridor report: interrupted; no output written\n");
            rc = EXIT_INTERRUPTED;
            goto done;
        }
        if (st == COR_E_NOCONV) fprintf(stderr, "corridor report: warning: %s\n", err.msg);
    }
    if (!(rep = cor_report_create(ra->title ? ra->title : ra->net))) {
        fprintf(stderr, "corridor report: out of memory\n");
        rc = EXIT_NOMEM;
        goto done;
    }
    cor_report_case c = {.label = "Base", .net = cor_case_network(pc), .sol = sol,
                         .class_names = has_demand ? cor_case_class_names(pc) : NULL};
    char sub[1024];
    snprintf(sub, sizeof sub, "Network %s%s%s", ra->net, has_demand ? ", demand " : " (no demand: network only)",
             has_demand ? (cli_get(o, n, "demand") ? cli_get(o, n, "demand") : "demand.csv") : "");
    if (cor_report_add_case(rep, &c, &err) || cor_report_set_subtitle(rep, sub, &err) ||
        cor_report_set_style(rep, &ra->style, &err) || cor_report_write(rep, cor_outset_stage(*set), &err)) {
        rc = cli_fail("report", &err);
        goto done;
    }
    printf("%s/index.html\n", ra->out);
done:
    cor_report_destroy(rep);
    cor_case_destroy(pc);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    cli_opt o[] = {
        CLI_NETWORK_OPTS,
        {"nodes", 0, "TNTP node coordinate file", 0, 0, 0},
        CLI_SOLVER_OPTS,
        CLI_CHOICE_OPT,
        {"title", 0, "report title", 0, 0, 0},
        {"scenario", CLI_REPEAT, "scenario file (repeatable; freight data)", 0, 0, 0},
        {"year", 0, "model year for freight data (default: the data's status)", 0, 0, 0},
        {"hazards", 0, "freight data: add the disruption-risk section from this hazard catalogue", 0, 0, 0},
        {"projects", 0, "with --hazards: add the appraisal of these candidate investments", 0, 0, 0},
        {"samples", 0, "with --hazards: sampled years (default 10000)", 0, 0, 0},
        {"seed", 0, "with --hazards: random seed (default 1)", 0, 0, 0},
        CLI_OUT_OPT("output directory (required)"),
    };
    CLI_PARSE_ONE(o, USAGE, "NET");
    cor_outset *set = NULL;
    if (rc) { rc = rc < 0 ? 0 : rc; goto done; }
    /* the map's styles: the freight model's modes and port/border nodes
     * (also for GMNS networks that use those mode names) */
    cor_report_mode modes[COR_MODE_COUNT];
    report_args ra = {.o = o, .n = n, .net = a.pos[0], .out = cli_get(o, n, "out"), .title = cli_get(o, n, "title"),
                      .style = cor_report_style_freight(modes)};
    if (!ra.out) { fprintf(stderr, "corridor report: --out DIR is required\n"); rc = EXIT_USAGE; goto done; }
    double tf, df;
    if (cli_solver_params("report", o, n, &ra.par) || cli_int(o, n, "year", 0, COR_YEAR_MIN, COR_YEAR_MAX, &ra.year) ||
        cli_double(o, n, "toll-factor", 0, &tf) || cli_double(o, n, "distance-factor", 0, &df)) {
        rc = EXIT_USAGE;
        goto done;
    }
    if (tf < 0 || df < 0) { fprintf(stderr, "corridor report: factors must be >= 0\n"); rc = EXIT_USAGE; goto done; }
    if (!cli_get(o, n, "hazards") && (cli_get(o, n, "projects") || cli_get(o, n, "samples") || cli_get(o, n, "seed"))) {
        fprintf(stderr, "corridor report: --projects, --samples and --seed go with --hazards FILE\n");
        rc = EXIT_USAGE;
        goto done;
    }
    if (cli_get(o, n, "hazards") && !cor_freight_dir_is_freight(ra.net)) {
        fprintf(stderr, "corridor report: --hazards needs freight data (a directory with class.csv)\n");
        rc = EXIT_USAGE;
        goto done;
    }
    if (cor_freight_dir_is_freight(ra.net)) {
        if (cli_get(o, n, "demand") || cli_get(o, n, "nodes") || tf != 0 || df != 0) {
            fprintf(stderr, "corridor report: --demand, --nodes and the factors are for TNTP/GMNS networks; "
                            "freight data reads demand.csv and costs from link.csv\n");
            rc = EXIT_USAGE;
        } else {
            rc = report_freight(&ra, &set);
        }
    } else if (cli_find(o, n, "scenario")->n_values || ra.year) {
        fprintf(stderr, "corridor report: --scenario and --year need freight data (a directory with class.csv)\n");
        rc = EXIT_USAGE;
    } else {
        rc = report_network(&ra, tf, df, &set);
    }
done:
    rc = cli_out_end("report", &set, rc);
    cli_free(o, n, &a);
    return rc;
}
