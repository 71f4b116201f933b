/* corridor criticality — close each link, node, country or border in turn,
 * re-solve warm-started and rank by added cost and unserved demand. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char USAGE[] =
    "usage: corridor criticality NET [--by link|node|country|border] [--top N]\n"
    "                            [--scenario FILE] [--out DIR] [--json] [--gap G]\n"
    "                            [--max-iter N] [--threads T]\n\n"
    "Solves NET (a freight data directory; with the scenario applied), then closes each\n"
    "element in turn — a physical link (both directions), a node, a country (all its\n"
    "links and borders) or a border crossing — re-solves to equilibrium warm-started\n"
    "from the base, and ranks the elements by unserved demand and by the increase in\n"
    "total generalized cost (money + value of time, USD/yr).  Elements carrying no\n"
    "flow are not re-solved (closing them changes nothing).  Elements are solved in\n"
    "parallel, one thread each (--threads: how many at once, default all cores; the\n"
    "base solve follows the solver default).  Writes DIR/criticality.csv.\n";

typedef struct crit_opts {
    cor_crit_by by;
    long top;
} crit_opts;

static int check(cli_opt *o, int n, void *ud)
{
    crit_opts *co = ud;
    co->by = COR_CRIT_LINK;
    const char *bys = cli_get(o, n, "by");
    if (bys && cor_crit_by_parse(bys, &co->by)) { fprintf(stderr, "corridor criticality: unknown --by '%s' (link, node, country, border)\n", bys); return EXIT_USAGE; }
    return cli_int(o, n, "top", 20, 0, 100000000, &co->top) ? EXIT_USAGE : 0;
}

static int run(cli_opt *o, int n, const char *net_path, cor_case *r, cor_status st, const char *stage, void *ud)
{
    (void)net_path;
    const crit_opts *co = ud;
    cor_crit_by by = co->by;
    cor_crit_element *el = NULL;
    int nel = 0, rc = 0;
    cor_criticality *cr = NULL;
    cor_table *t = NULL;
    cor_error err = {0};
    const char *out = cli_get(o, n, "out");
    const cor_network *net = cor_case_network(r);
    const cor_problem *p = cor_case_problem(r, &err);
    /* the closures run in parallel (--threads, 0 = all cores), each solve on one thread */
    cor_assign_params par = *cor_case_params(r);
    par.progress = NULL;
    if (cor_crit_elements(net, p->link_open, by, &el, &nel, &err)) { rc = cli_fail("criticality", &err); goto done; }
    if (cor_criticality_run_case(r, el, nel, par.threads, &cr, &err)) { rc = cli_fail("criticality", &err); goto done; }
    int nonconv = 0;
    if (!(t = cor_criticality_table(cr, el, by, &nonconv))) { rc = EXIT_NOMEM; goto done; }
    if (stage && cor_table_write_csv(t, stage, &err)) { rc = cli_fail("criticality", &err); goto done; }
    if (cli_get(o, n, "json")) {
        printf("{\"scenario\": ");
        cor_table_json_string(stdout, cor_case_name(r));
        printf(", \"by\": \"%s\", \"elements\": %d, \"solved\": %d, \"seconds\": %.3f, \"threads\": %d, \"base_cost_usd\": %.6g, \"base_unserved_t\": %.0f,\n",
               cor_crit_by_name(by), nel, cr->n_solved, cr->seconds, cr->threads, cr->base_money, cr->base_unserved);
        cor_table_json(t, stdout);
        printf("}\n");
    } else {
        printf("criticality: %s, by %s: %d elements, %d re-solved (the others carry no flow), %.3f s on %d thread(s)\n",
               cor_case_name(r), cor_crit_by_name(by), nel, cr->n_solved, cr->seconds, cr->threads);
        printf("base: total generalized cost %.6g USD/yr, unserved %.0f t/yr\n", cr->base_money, cr->base_unserved);
        cor_table_print(t, stdout, "Ranked by unserved demand, then by added cost", (int)co->top);
        if (out) printf("\nWrote %s/criticality.csv\n", out);
    }
    if (st == COR_E_NOCONV || nonconv) {
        fprintf(stderr, "corridor criticality: %d solve(s) stopped at the iteration/time limit before the gap target\n",
                nonconv + (st == COR_E_NOCONV));
        rc = EXIT_NOCONV;
    }
done:
    cor_table_free(t);
    cor_criticality_destroy(cr);
    cor_crit_elements_free(el, nel);
    return rc;
}

int cmd_criticality(int argc, char **argv)
{
    cli_opt o[] = {
        {"by", 0, "link (default), node, country or border", 0, 0, 0},
        {"top", 0, "rows to print (default 20; the CSV has all)", 0, 0, 0},
        CLI_ANALYSIS_OPTS("output directory for criticality.csv"),
    };
    crit_opts co;
    const cli_analysis cmd = {"criticality", USAGE, check, run, &co};
    return cli_analysis_main(&cmd, o, (int)(sizeof o / sizeof *o), argc, argv);
}
