/* corridor assign — user-equilibrium assignment of a TNTP or GMNS network. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

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
        CLI_SOLVER_OPTS,
        CLI_NETWORK_OPTS,
        {"year", 0, "freight data: open links whose opening_year <= Y", 0, 0, 0},
        {"allow-unserved", 1, "report OD pairs with no path instead of failing", 0, 0, 0},
        CLI_OUT_OPT("output directory (required)"),
    };
    CLI_PARSE_ONE(o, USAGE, "NET");
    cor_case *c = NULL;
    cor_outset *set = NULL;
    if (rc) { rc = rc < 0 ? 0 : rc; goto done; }
    const char *out = cli_get(o, n, "out");
    if (!out) { fprintf(stderr, "corridor assign: --out DIR is required\n"); rc = EXIT_USAGE; goto done; }
    cor_assign_params par;
    if (cli_solver_params("assign", o, n, &par)) { rc = EXIT_USAGE; goto done; }
    cor_error err = {0};
    if ((rc = cli_case_open("assign", o, n, a.pos[0], &c))) goto done;
    if ((rc = cli_out_begin("assign", o, n, out, &set))) goto done;
    *cor_case_params(c) = par;
    cor_case_set_accounting(c, 0); /* link flows only */
    const cor_network *net_view = cor_case_network(c);
    const char *const *class_names = cor_case_class_names(c);
    cor_status st = cor_case_solve(c, &err);
    const cor_solution *sol = cor_case_solution(c);
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
    /* both files into the staging directory; cli_out_end switches them in */
    char *lp = cli_join(cor_outset_stage(set), "link_performance.csv");
    char *cp = cli_join(cor_outset_stage(set), "convergence.csv");
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
    if (sol->n_classes > 1) /* the gap above is the worst class's, each in its own units */
        printf("assign: worst class %s (relative gap %.3e)\n",
               sol->class_name[sol->worst_class] ? sol->class_name[sol->worst_class] : "?", sol->relative_gap);
    if (sol->n_unserved)
        printf("assign: %d OD pairs unserved, %g demand not assigned\n", sol->n_unserved, sol->unserved_total);
    if (sol->intrazonal_total > 0)
        printf("assign: %g intrazonal demand (from a zone to itself) counted, not assigned to links\n",
               sol->intrazonal_total);
    if (st == COR_E_NOCONV) {
        fprintf(stderr, "corridor assign: %s\n", err.msg);
        rc = EXIT_NOCONV;
    }
done:
    rc = cli_out_end("assign", &set, rc);
    cor_case_destroy(c);
    cli_free(o, n, &a);
    return rc;
}
