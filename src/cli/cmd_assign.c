/* corridor assign — user-equilibrium assignment of a TNTP or GMNS network. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "corridor/freight.h"

static const char USAGE[] =
    "usage: corridor assign NET [--demand FILE] [--method bush|bfw|cfw|fw] [--gap G]\n"
    "                       [--max-iter N] [--max-seconds S] [--threads T]\n"
    "                       [--toll-factor F] [--distance-factor F] --out DIR\n\n"
    "NET is a TNTP _net file (demand from --demand, a TNTP _trips file) or a GMNS\n"
    "directory (demand from DIR/demand.csv unless --demand FILE.csv is given).\n"
    "A GMNS directory with class.csv (freight data such as data/eurasia) is solved\n"
    "as the freight model: per-class value of time, allowed modes, link status and\n"
    "--year, generalized cost USD/t + VoT x hours (see 'corridor corridors').\n"
    "Writes DIR/link_performance.csv and DIR/convergence.csv (atomically) and prints\n"
    "a one-line summary.  Exit 3 when a limit stopped the solver before the gap.\n";

int cmd_assign(int argc, char **argv)
{
    cli_opt o[] = {
        {"demand", 0, "demand file (TNTP _trips or GMNS demand.csv)", 0, 0, 0},
        {"method", 0, "bush (default), bfw, cfw or fw", 0, 0, 0},
        {"gap", 0, "target relative gap (default 1e-6)", 0, 0, 0},
        {"max-iter", 0, "iteration limit (default 10000)", 0, 0, 0},
        {"max-seconds", 0, "time limit in seconds (default none)", 0, 0, 0},
        {"threads", 0, "threads (default: all cores)", 0, 0, 0},
        {"toll-factor", 0, "generalized cost weight of toll (default 0)", 0, 0, 0},
        {"distance-factor", 0, "generalized cost weight of length (default 0)", 0, 0, 0},
        {"year", 0, "freight data: open links whose opening_year <= Y", 0, 0, 0},
        {"allow-unserved", 1, "report OD pairs with no path instead of failing", 0, 0, 0},
        {"out", 0, "output directory (required)", 0, 0, 0},
    };
    const int n = (int)(sizeof o / sizeof *o);
    cli_args a;
    int rc = cli_parse(argc, argv, o, n, &a, USAGE);
    cor_network *net = NULL;
    cor_demand *dem = NULL;
    cor_solution *sol = NULL;
    cor_freight *frt = NULL;
    const cor_network *net_view = NULL;
    double *fixed = NULL;
    cor_class *cls = NULL;
    if (rc) { rc = rc < 0 ? 0 : rc; goto done; }
    if (a.n_pos != 1) { fprintf(stderr, "corridor assign: expected one NET argument\n%s", USAGE); rc = EXIT_USAGE; goto done; }
    const char *out = cli_get(o, n, "out");
    if (!out) { fprintf(stderr, "corridor assign: --out DIR is required\n"); rc = EXIT_USAGE; goto done; }
    cor_assign_params par;
    cor_assign_params_default(&par);
    const char *m = cli_get(o, n, "method");
    if (m && cor_method_parse(m, &par.method)) { fprintf(stderr, "corridor assign: unknown --method '%s' (bush, bfw, cfw, fw)\n", m); rc = EXIT_USAGE; goto done; }
    long maxit, threads;
    double tf, df;
    if (cli_double(o, n, "gap", 1e-6, &par.gap) || cli_int(o, n, "max-iter", 10000, 1, 100000000, &maxit) ||
        cli_double(o, n, "max-seconds", 0, &par.max_seconds) || cli_int(o, n, "threads", 0, 0, 1024, &threads) ||
        cli_double(o, n, "toll-factor", 0, &tf) || cli_double(o, n, "distance-factor", 0, &df)) { rc = EXIT_USAGE; goto done; }
    if (par.gap < 0 || par.max_seconds < 0 || tf < 0 || df < 0) { fprintf(stderr, "corridor assign: --gap, --max-seconds and factors must be >= 0\n"); rc = EXIT_USAGE; goto done; }
    par.max_iter = (int)maxit;
    par.threads = (int)threads;
    par.progress = cli_progress;
    cli_bush_tuning_env(&par.bush);

    long year;
    if (cli_int(o, n, "year", 0, 0, 3000, &year)) { rc = EXIT_USAGE; goto done; }
    cor_error err = {0};
    cor_problem prob;
    const cor_problem *pp = &prob;
    const char *const *class_names;
    if (!cli_get(o, n, "demand") && cor_freight_dir_is_freight(a.pos[0])) {
        if (tf != 0 || df != 0) { fprintf(stderr, "corridor assign: --toll-factor/--distance-factor do not apply to freight data (cost comes from the cost column and class.csv)\n"); rc = EXIT_USAGE; goto done; }
        cor_freight_opts fo = {.year = (int)year};
        if (cor_freight_load(a.pos[0], &fo, &frt, &err)) { rc = cli_fail("assign", &err); goto done; }
        if (!(pp = cor_freight_problem(frt, &err))) { rc = cli_fail("assign", &err); goto done; }
        net_view = cor_freight_network(frt);
        class_names = (const char *const *)cor_freight_demand(frt)->class_name;
    } else {
        if (year) { fprintf(stderr, "corridor assign: --year applies to freight data (a directory with class.csv)\n"); rc = EXIT_USAGE; goto done; }
        if ((rc = cli_load("assign", a.pos[0], cli_get(o, n, "demand"), &net, &dem))) goto done;
        if (!dem) { fprintf(stderr, "corridor assign: no demand: give --demand FILE\n"); rc = EXIT_USAGE; goto done; }
        fixed = malloc(sizeof(double) * (size_t)(net->n_links + 1));
        cls = calloc((size_t)dem->n_classes, sizeof *cls);
        if (!fixed || !cls) { fprintf(stderr, "corridor assign: out of memory\n"); rc = EXIT_NOMEM; goto done; }
        cor_generalized_fixed(net, tf, df, fixed);
        int use_fixed = tf != 0 || df != 0;
        size_t zz = (size_t)net->n_zones * (size_t)net->n_zones;
        for (int k = 0; k < dem->n_classes; k++) {
            cls[k].name = dem->class_name[k];
            cls[k].demand = dem->od + zz * (size_t)k;
            cls[k].fixed = use_fixed ? fixed : NULL;
            cls[k].vot = 1.0;
        }
        prob = (cor_problem){.net = net, .n_classes = dem->n_classes, .classes = cls};
        net_view = net;
        class_names = (const char *const *)dem->class_name;
    }
    if ((rc = cli_mkdirs(out, &err))) { rc = cli_fail("assign", &err); goto done; }
    cor_status st = cor_assign(pp, &par, &sol, &err);
    if (isatty(2)) fputc('\n', stderr);
    if (!sol) { rc = cli_fail("assign", &err); goto done; }
    if (st == COR_E_INTERRUPTED || cli_interrupted()) {
        fprintf(stderr, "corridor assign: interrupted; no output written\n");
        rc = EXIT_INTERRUPTED;
        goto done;
    }
    if (sol->n_unserved && !cli_get(o, n, "allow-unserved")) {
        const cor_unserved *u = &sol->unserved[0];
        fprintf(stderr, "corridor assign: %s: demand %s -> %s (%g, class %s) has no path%s; "
                "fix the network or pass --allow-unserved\n",
                cli_get(o, n, "demand") ? cli_get(o, n, "demand") : a.pos[0],
                net_view->zone_id[u->o], net_view->zone_id[u->d], u->volume, class_names[u->cls],
                sol->n_unserved > 1 ? " (and other pairs)" : "");
        rc = EXIT_INPUT;
        goto done;
    }
    /* write both files, committing only when both are complete */
    char *lp = cli_join(out, "link_performance.csv"), *cp = cli_join(out, "convergence.csv");
    /* both files are written to temporaries first and renamed only when both
     * are complete, so a failure never pairs new results with old ones */
    cor_outfile lf = {0}, cf = {0};
    cor_status w = (lp && cp) ? cor_outfile_open(&lf, lp, &err) : cor_error_set(&err, COR_E_NOMEM, "out of memory");
    if (!w) w = cor_outfile_open(&cf, cp, &err);
    if (!w) {
        cor_write_link_performance_fp(lf.fp, net_view, sol, class_names);
        cor_write_convergence_fp(cf.fp, sol);
        if (ferror(lf.fp) || ferror(cf.fp) || fflush(lf.fp) || fflush(cf.fp))
            w = cor_error_set(&err, COR_E_IO, "%s: write failed", out);
    }
    if (!w) w = cor_outfile_commit(&lf, &err);
    if (!w) w = cor_outfile_commit(&cf, &err);
    cor_outfile_abort(&lf);
    cor_outfile_abort(&cf);
    free(lp);
    free(cp);
    if (w) { rc = cli_fail("assign", &err); goto done; }
    printf("assign: %s, %d iterations, relative gap %.3e, objective %.10g, %.3f s, %s%s\n",
           cor_method_name(sol->method), sol->iterations, sol->relative_gap, sol->objective,
           sol->seconds, sol->converged ? "converged" : "NOT converged", "");
    if (sol->n_unserved)
        printf("assign: %d OD pairs unserved, %g demand not assigned\n", sol->n_unserved, sol->unserved_total);
    if (st == COR_E_NOCONV) {
        fprintf(stderr, "corridor assign: %s\n", err.msg);
        rc = EXIT_NOCONV;
    }
done:
    cor_solution_destroy(sol);
    cor_freight_destroy(frt);
    free(fixed);
    free(cls);
    cor_demand_destroy(dem);
    cor_network_destroy(net);
    cli_free(o, n, &a);
    return rc;
}
