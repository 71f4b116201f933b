/* corridor report — solve a network and write a self-contained HTML report
 * with GeoJSON and GeoPackage results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "corridor/report.h"

static const char USAGE[] =
    "usage: corridor report NET [--demand FILE] [--nodes FILE] [--method M] [--gap G]\n"
    "                       [--max-iter N] [--title TEXT] --out DIR\n\n"
    "Solves the equilibrium of NET (a TNTP _net file with --demand, or a GMNS\n"
    "directory) and writes DIR/index.html (self-contained: open it offline),\n"
    "DIR/links.geojson, DIR/nodes.geojson and DIR/results.gpkg.  --nodes reads\n"
    "TNTP node coordinates (\"node X Y ;\") for a TNTP network.\n";

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
        {"out", 0, "output directory (required)", 0, 0, 0},
    };
    const int n = (int)(sizeof o / sizeof *o);
    cli_args a;
    int rc = cli_parse(argc, argv, o, n, &a, USAGE);
    cor_network *net = NULL;
    cor_demand *dem = NULL;
    cor_solution *sol = NULL;
    cor_class *cls = NULL;
    cor_report *rep = NULL;
    cor_error err = {0};
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

    if ((rc = cli_load("report", a.pos[0], cli_get(o, n, "demand"), &net, &dem))) goto done;
    const char *nodes = cli_get(o, n, "nodes");
    if (nodes && cor_read_tntp_node(nodes, net, &err)) { rc = cli_fail("report", &err); goto done; }
    if (dem) {
        cls = calloc((size_t)dem->n_classes, sizeof *cls);
        if (!cls) { fprintf(stderr, "corridor report: out of memory\n"); rc = EXIT_NOMEM; goto done; }
        size_t zz = (size_t)net->n_zones * (size_t)net->n_zones;
        for (int k = 0; k < dem->n_classes; k++) {
            cls[k].name = dem->class_name[k];
            cls[k].demand = dem->od + zz * (size_t)k;
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
    const char *title = cli_get(o, n, "title");
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
    cor_report_destroy(rep);
    cor_solution_destroy(sol);
    free(cls);
    cor_demand_destroy(dem);
    cor_network_destroy(net);
    cli_free(o, n, &a);
    return rc;
}
