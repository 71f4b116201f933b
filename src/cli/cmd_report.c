/* corridor report — solve a network and write a self-contained HTML report
 * with GeoJSON and GeoPackage results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "corridor/report.h"

static const char USAGE[] =
    "usage: corridor report NET [--demand FILE] [--nodes FILE] [--scenario FILE]...\n"
    "                       [--year Y] [--method M] [--gap G] [--max-iter N]\n"
    "                       [--toll-factor F] [--distance-factor F] [--title TEXT] --out DIR\n\n"
    "Solves the equilibrium of NET and writes DIR/index.html (self-contained: open\n"
    "it offline; map of flows, charts, tables), DIR/links.geojson, DIR/nodes.geojson\n"
    "and DIR/results.gpkg (GeoPackage: layers links and nodes) for the base case.\n"
    "NET is a freight data directory (with class.csv, e.g. data/eurasia: corridor\n"
    "tonnes and days, transit-country exposure; --year Y opens links by opening_year;\n"
    "each --scenario FILE adds a map of flow changes and side-by-side tables), a\n"
    "GMNS directory, or a TNTP _net file with --demand (--nodes: TNTP node\n"
    "coordinates \"node X Y ;\").  Prints the path of index.html.\n";

int cmd_report(int argc, char **argv)
{
    cli_opt o[] = {
        {"demand", 0, "demand file (TNTP _trips or GMNS demand.csv)", 0, 0, 0},
        {"nodes", 0, "TNTP node coordinate file", 0, 0, 0},
        {"method", 0, "bush (default), bfw, cfw or fw", 0, 0, 0},
        {"gap", 0, "target relative gap (default 1e-6)", 0, 0, 0},
        {"max-iter", 0, "iteration limit (default 10000)", 0, 0, 0},
        {"threads", 0, "threads (default: all cores)", 0, 0, 0},
        {"title", 0, "report title", 0, 0, 0},
        {"toll-factor", 0, "generalized cost weight of toll (TNTP/GMNS; default 0)", 0, 0, 0},
        {"distance-factor", 0, "generalized cost weight of length (TNTP/GMNS; default 0)", 0, 0, 0},
        {"scenario", 0, "scenario file (repeatable; freight data)", 0, 0, 0},
        {"year", 0, "model year for freight data (default: the data's status)", 0, 0, 0},
        {"out", 0, "output directory (required)", 0, 0, 0},
    };
    const int n = (int)(sizeof o / sizeof *o);
    cli_args a;
    int rc = cli_parse(argc, argv, o, n, &a, USAGE);
    cor_network *net = NULL;
    cor_demand *dem = NULL;
    cor_solution *sol = NULL;
    cor_class *cls = NULL;
    double *fixed = NULL;
    cor_report *rep = NULL;
    cor_error err = {0};
    cor_freight *fr = NULL;
    cor_scenario **sc = NULL;
    int n_sc = 0;
    if (rc) { rc = rc < 0 ? 0 : rc; goto done; }
    if (a.n_pos != 1) { fprintf(stderr, "corridor report: expected one NET argument\n%s", USAGE); rc = EXIT_USAGE; goto done; }
    const char *out = cli_get(o, n, "out");
    if (!out) { fprintf(stderr, "corridor report: --out DIR is required\n"); rc = EXIT_USAGE; goto done; }
    cor_assign_params par;
    cor_assign_params_default(&par);
    const char *m = cli_get(o, n, "method");
    if (m && cor_method_parse(m, &par.method)) { fprintf(stderr, "corridor report: unknown --method '%s' (bush, bfw, cfw, fw)\n", m); rc = EXIT_USAGE; goto done; }
    long maxit, threads;
    if (cli_double(o, n, "gap", 1e-6, &par.gap) || cli_int(o, n, "max-iter", 10000, 1, 100000000, &maxit) ||
        cli_int(o, n, "threads", 0, 0, 1024, &threads)) { rc = EXIT_USAGE; goto done; }
    par.max_iter = (int)maxit;
    par.threads = (int)threads;
    par.progress = cli_progress;
    long year;
    double tf, df;
    if (cli_int(o, n, "year", 0, 0, 3000, &year) || cli_double(o, n, "toll-factor", 0, &tf) ||
        cli_double(o, n, "distance-factor", 0, &df)) { rc = EXIT_USAGE; goto done; }
    if (tf < 0 || df < 0) { fprintf(stderr, "corridor report: factors must be >= 0\n"); rc = EXIT_USAGE; goto done; }
    const char *title = cli_get(o, n, "title");
    cli_opt *sco = cli_find(o, n, "scenario");

    if (cor_freight_dir_is_freight(a.pos[0])) {
        if (cli_get(o, n, "demand") || cli_get(o, n, "nodes") || tf != 0 || df != 0) {
            fprintf(stderr, "corridor report: --demand, --nodes and the factors are for TNTP/GMNS networks; "
                            "freight data reads demand.csv and costs from link.csv\n");
            rc = EXIT_USAGE;
            goto done;
        }
        if (!cli_get(o, n, "gap")) par.gap = 1e-8;
        n_sc = sco->n_values;
        sc = calloc((size_t)n_sc + 1, sizeof *sc);
        if (!sc) { fprintf(stderr, "corridor report: out of memory\n"); rc = EXIT_NOMEM; goto done; }
        for (int i = 0; i < n_sc; i++)
            if (cor_scenario_load(sco->values[i], &sc[i], &err)) { rc = cli_fail("report", &err); goto done; }
        cor_freight_opts fo = {.year = (int)year};
        if (cor_freight_load(a.pos[0], &fo, &fr, &err)) { rc = cli_fail("report", &err); goto done; }
        char t[512], sub[1024];
        if (year) snprintf(t, sizeof t, "Freight corridors \xe2\x80\x94 network of %ld", year);
        else snprintf(t, sizeof t, "Freight corridors \xe2\x80\x94 base year");
        snprintf(sub, sizeof sub, "Data %s: tonnes per year at user equilibrium (multi-class, shared capacity); "
                 "times in hours, money in USD per tonne%s", a.pos[0],
                 n_sc ? "; scenarios compared with the base" : "");
        if (cli_mkdirs(out, &err) ||
            cor_report_freight(fr, (const cor_scenario *const *)sc, n_sc, &par, title ? title : t, sub, out, &err)) {
            rc = cli_fail("report", &err);
            goto done;
        }
        if (cli_interrupted()) { rc = EXIT_INTERRUPTED; goto done; }
        printf("%s/index.html\n", out);
        goto done;
    }
    if (sco->n_values || year) {
        fprintf(stderr, "corridor report: --scenario and --year need freight data (a directory with class.csv)\n");
        rc = EXIT_USAGE;
        goto done;
    }
    if ((rc = cli_load("report", a.pos[0], cli_get(o, n, "demand"), &net, &dem))) goto done;
    const char *nodes = cli_get(o, n, "nodes");
    if (nodes && cor_read_tntp_node(nodes, net, &err)) { rc = cli_fail("report", &err); goto done; }
    if (dem) {
        cls = calloc((size_t)dem->n_classes, sizeof *cls);
        fixed = malloc(sizeof(double) * (size_t)(net->n_links + 1));
        if (!cls || !fixed) { fprintf(stderr, "corridor report: out of memory\n"); rc = EXIT_NOMEM; goto done; }
        size_t zz = (size_t)net->n_zones * (size_t)net->n_zones;
        cor_generalized_fixed(net, tf, df, fixed);
        for (int k = 0; k < dem->n_classes; k++) {
            cls[k].name = dem->class_name[k];
            cls[k].demand = dem->od + zz * (size_t)k;
            cls[k].fixed = (tf != 0 || df != 0) ? fixed : NULL;
            cls[k].vot = 1.0;
        }
        cor_problem prob = {.net = net, .n_classes = dem->n_classes, .classes = cls};
        cor_status st = cor_assign(&prob, &par, &sol, &err);
        if (isatty(2)) fputc('\n', stderr);
        if (!sol) { rc = cli_fail("report", &err); goto done; }
        if (st == COR_E_INTERRUPTED || cli_interrupted()) {
            fprintf(stderr, "corridor report: interrupted; no output written\n");
            rc = EXIT_INTERRUPTED;
            goto done;
        }
        if (st == COR_E_NOCONV) fprintf(stderr, "corridor report: warning: %s\n", err.msg);
    }
    rep = cor_report_create(title ? title : a.pos[0]);
    if (!rep) { fprintf(stderr, "corridor report: out of memory\n"); rc = EXIT_NOMEM; goto done; }
    cor_report_case c = {.label = "Base", .net = net, .sol = sol,
                         .class_names = dem ? (const char *const *)dem->class_name : NULL};
    char sub[1024];
    snprintf(sub, sizeof sub, "Network %s%s%s", a.pos[0], dem ? ", demand " : " (no demand: network only)",
             dem ? (cli_get(o, n, "demand") ? cli_get(o, n, "demand") : "demand.csv") : "");
    if (cor_report_add_case(rep, &c, &err) || cor_report_set_subtitle(rep, sub, &err) ||
        cli_mkdirs(out, &err) || cor_report_write(rep, out, &err)) {
        rc = cli_fail("report", &err);
        goto done;
    }
    printf("%s/index.html\n", out);
done:
    for (int i = 0; i < n_sc; i++) cor_scenario_destroy(sc[i]);
    free(sc);
    cor_freight_destroy(fr);
    cor_report_destroy(rep);
    cor_solution_destroy(sol);
    free(cls);
    free(fixed);
    cor_demand_destroy(dem);
    cor_network_destroy(net);
    cli_free(o, n, &a);
    return rc;
}
