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

static int run(cli_opt *o, int n, const char *net_path, cor_case *r, cor_status st, void *ud)
{
    (void)ud;
    int rc = 0;
    cor_table *tod = NULL, *tl = NULL;
    uint8_t *set = NULL;
    double *od = NULL, *all = NULL, *lv = NULL;
    cor_error err = {0};
    cli_opt *lo = cli_find(o, n, "link");
    const char *out = cli_get(o, n, "out");
    const cor_network *net0 = cor_case_network(r);
    int32_t m = net0->n_links;
    set = calloc((size_t)(m > 0 ? m : 1), 1);
    if (!set) { rc = EXIT_NOMEM; goto done; }
    for (int i = 0; i < lo->n_values; i++) {
        const char *v = lo->values[i];
        const char *eq = strchr(v, '=');
        int hit = 0;
        if (eq) {
            char field[128];
            size_t fl = (size_t)(eq - v);
            if (fl >= sizeof field) fl = sizeof field - 1;
            memcpy(field, v, fl);
            field[fl] = '\0';
            for (int32_t l = 0; l < m; l++)
                if (cor_link_matches(net0, l, field, eq + 1)) { set[l] = 1; hit = 1; }
        } else {
            int32_t l = cor_network_find_link(net0, v);
            if (l >= 0) { set[l] = 1; hit = 1; }
        }
        if (!hit) { fprintf(stderr, "corridor select-link: --link %s: no such link in %s\n", v, net_path); rc = EXIT_USAGE; goto done; }
    }
    const cor_network *net = net0;
    const char *const *cname = cor_case_class_names(r);
    const cor_od_solution *os = cor_case_od(r);
    int K = cor_case_n_classes(r);
    int32_t Z = net->n_zones;
    size_t kzz = (size_t)K * Z * Z;
    od = malloc(kzz * sizeof *od);
    all = malloc(kzz * sizeof *all);
    lv = malloc((size_t)K * (size_t)(m > 0 ? m : 1) * sizeof *lv);
    if (!od || !all || !lv) { rc = EXIT_NOMEM; goto done; }
    if (cor_touch(os, net, set, 0, NULL, all, od, NULL, NULL, NULL, &err) ||
        cor_select_link_volumes(os, net, set, lv, &err)) { rc = cli_fail("select-link", &err); goto done; }
    const char *c1[] = {"class", "origin", "destination", "#served_t", "#select_t", "#share"};
    const char *c2[] = {"link_id", "from", "to", "mode", "corridor", "selected", "#volume_t", "#select_t", "#share"};
    tod = cor_table_new("select_link_od", 6, c1);
    if (!tod) { rc = EXIT_NOMEM; goto done; }
    {   /* link table with per-class columns */
        const char **cols = calloc((size_t)(9 + K), sizeof *cols);
        char **names = calloc((size_t)(K > 0 ? K : 1), sizeof *names);
        if (!cols || !names) { free(cols); free(names); rc = EXIT_NOMEM; goto done; }
        for (int c = 0; c < 9; c++) cols[c] = c2[c];
        for (int k = 0; k < K; k++) {
            size_t len = strlen(cname[k]) + 10;
            names[k] = malloc(len);
            if (names[k]) snprintf(names[k], len, "#select_%s", cname[k]);
            cols[9 + k] = names[k] ? names[k] : "#select_class";
        }
        tl = cor_table_new("select_link_links", 9 + K, cols);
        for (int k = 0; k < K; k++) free(names[k]);
        free(names);
        free(cols);
        if (!tl) { rc = EXIT_NOMEM; goto done; }
    }
    double tot = 0;
    for (int k = 0; k < K; k++)
        for (int32_t oo = 0; oo < Z; oo++)
            for (int32_t d = 0; d < Z; d++) {
                size_t ix = ((size_t)k * Z + oo) * Z + d;
                if (!(od[ix] > 1e-9 * (all[ix] > 1 ? all[ix] : 1))) continue;
                tot += od[ix];
                cor_table_row(tod);
                cor_table_set(tod, 0, cname[k]);
                cor_table_set(tod, 1, net->zone_id[oo]);
                cor_table_set(tod, 2, net->zone_id[d]);
                cor_table_numf(tod, 3, "%.0f", all[ix]);
                cor_table_numf(tod, 4, "%.0f", od[ix]);
                cor_table_numf(tod, 5, "%.4f", all[ix] > 0 ? od[ix] / all[ix] : NAN);
            }
    int mc = cor_network_link_col(net, "mode"), cc = cor_network_link_col(net, "corridor");
    for (int32_t i = 0; i < m; i++) {
        int32_t l = net->link_by_order[i];
        double s = 0;
        for (int k = 0; k < K; k++) s += lv[(size_t)k * m + l];
        if (!(s > 0) && !set[l]) continue;
        cor_table_row(tl);
        cor_table_set(tl, 0, net->link_id[l]);
        cor_table_set(tl, 1, net->node_id[net->link_from[l]]);
        cor_table_set(tl, 2, net->node_id[net->link_to[l]]);
        cor_table_set(tl, 3, mc >= 0 ? net->link_extra.values[mc][l] : "");
        cor_table_set(tl, 4, cc >= 0 ? net->link_extra.values[cc][l] : "");
        cor_table_set(tl, 5, set[l] ? "yes" : "no");
        cor_table_numf(tl, 6, "%.0f", os->flow[l]);
        cor_table_numf(tl, 7, "%.0f", s);
        cor_table_numf(tl, 8, "%.4f", os->flow[l] > 0 ? s / os->flow[l] : NAN);
        for (int k = 0; k < K; k++) cor_table_numf(tl, 9 + k, "%.0f", lv[(size_t)k * m + l]);
    }
    if (out && (cor_table_write_csv(tod, out, &err) || cor_table_write_csv(tl, out, &err))) { rc = cli_fail("select-link", &err); goto done; }
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
    cor_table_free(tod); cor_table_free(tl);
    free(set); free(od); free(all); free(lv);
    return rc;
}

int cmd_select_link(int argc, char **argv)
{
    cli_opt o[] = {
        {"link", 0, "link id or FIELD=VALUE selector (repeatable)", 0, 0, 0},
        CLI_ANALYSIS_OPTS("output directory for the CSV tables"),
    };
    const cli_analysis cmd = {"select-link", USAGE, check, run, NULL};
    return cli_analysis_main(&cmd, o, (int)(sizeof o / sizeof *o), argc, argv);
}
