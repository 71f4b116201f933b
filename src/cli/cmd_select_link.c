/* corridor select-link — the OD pairs and classes whose flow uses the given
 * link(s), with volumes, and that traffic's volumes on every other link. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char USAGE[] =
    "usage: corridor select-link NET --link ID [--link ID ...] [--scenario FILE]\n"
    "                            [--out DIR] [--json] [--gap G] [--max-iter N] [--threads T]\n\n"
    "Solves NET (a freight data directory; with the scenario applied) and lists the OD\n"
    "pairs and classes whose equilibrium flow uses at least one of the selected links,\n"
    "with the volume that does (select_link_od.csv), and the volumes of that traffic on\n"
    "every link (select_link_links.csv).  Origin flows are split at nodes in proportion\n"
    "to the link flows (the standard convention; docs/SCENARIOS.md).  A --link value may\n"
    "also be a selector FIELD=VALUE (corridor=TAG, country=CODE, node=ID, ...).\n";

static int check(cli_opt *o, int n, void *ud)
{
    (void)ud;
    if (cli_find(o, n, "link")->n_values) return 0;
    fprintf(stderr, "corridor select-link: give at least one --link ID\n");
    return EXIT_USAGE;
}

static int run(cli_opt *o, int n, const char *net_path, cor_case *r, cor_status st, const char *stage, void *ud)
{
    (void)ud;
    int rc = 0;
    cor_table *tod = NULL, *tl = NULL;
    cor_error err = {0};
    cli_opt *lo = cli_find(o, n, "link");
    const char *out = cli_get(o, n, "out");
    const cor_network *net = cor_case_network(r);
    int32_t m = net->n_links;
    uint8_t *set = calloc((size_t)(m > 0 ? m : 1), 1);
    if (!set) return EXIT_NOMEM;
    for (int i = 0; i < lo->n_values; i++)
        if (!cor_link_select(net, lo->values[i], set)) {
            fprintf(stderr, "corridor select-link: --link %s: no such link in %s\n", lo->values[i], net_path);
            rc = EXIT_USAGE;
            goto done;
        }
    double tot;
    if (cor_select_link_tables(r, set, &tod, &tl, &tot, &err)) { rc = cli_fail("select-link", &err); goto done; }
    if (out && (cor_table_write_csv(tod, stage, &err) || cor_table_write_csv(tl, stage, &err))) { rc = cli_fail("select-link", &err); goto done; }
    if (cli_get(o, n, "json")) {
        printf("{\"scenario\": ");
        cor_table_json_string(stdout, cor_case_name(r));
        printf(", \"select_t\": %.0f,\n", tot);
        cor_table_json(tod, stdout);
        printf(",\n");
        cor_table_json(tl, stdout);
        printf("}\n");
    } else {
        int nsel = 0;
        for (int32_t l = 0; l < m; l++) nsel += set[l] != 0;
        printf("select-link: %s, %d link(s) selected, %.0f t/yr of OD flow uses them\n", cor_case_name(r), nsel, tot);
        cor_table_print(tod, stdout, "OD pairs and classes using the selection", 0);
        cor_table_print(tl, stdout, "Select-link volumes on every link carrying that traffic", 0);
        if (out) printf("\nWrote %s/select_link_od.csv, select_link_links.csv\n", out);
    }
    if (st == COR_E_NOCONV) { fprintf(stderr, "corridor select-link: the solve stopped at its limit before the gap target\n"); rc = EXIT_NOCONV; }
done:
    cor_table_free(tod);
    cor_table_free(tl);
    free(set);
    return rc;
}

int cmd_select_link(int argc, char **argv)
{
    cli_opt o[] = {
        {"link", CLI_REPEAT, "link id or FIELD=VALUE selector (repeatable)", 0, 0, 0},
        CLI_ANALYSIS_OPTS("output directory for the CSV tables"),
    };
    const cli_analysis cmd = {"select-link", USAGE, check, run, NULL};
    return cli_analysis_main(&cmd, o, (int)(sizeof o / sizeof *o), argc, argv);
}
