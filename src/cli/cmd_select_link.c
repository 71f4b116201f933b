/* corridor select-link — the OD pairs and classes whose flow uses the given
 * link(s), with volumes, and that traffic's volumes on every other link. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/run.h"
#include "cli/analysis_cli.h"
#include "cli/cli.h"

static const char USAGE[] =
    "usage: corridor select-link NET --link ID [--link ID ...] [--scenario FILE]\n"
    "                            [--out DIR] [--json] [--gap G] [--max-iter N] [--threads T]\n\n"
    "Solves NET (a freight data directory; with the scenario applied) and lists the OD\n"
    "pairs and classes whose equilibrium flow uses at least one of the selected links,\n"
    "with the volume that does (select_link_od.csv), and the volumes of that traffic on\n"
    "every link (select_link_links.csv).  Origin flows are split at nodes in proportion\n"
    "to the link flows (the standard convention; docs/SCENARIOS.md).  A --link value may\n"
    "also be a selector FIELD=VALUE (corridor=tripp, country=AM, node=kz_aktau, ...).\n";

int cmd_select_link(int argc, char **argv)
{
    cli_opt o[] = {
        {"link", 0, "link id or FIELD=VALUE selector (repeatable)", 0, 0, 0},
        {"scenario", 0, "scenario file to apply first", 0, 0, 0},
        {"demand", 0, "demand file for a non-freight NET (TNTP _trips or GMNS demand.csv)", 0, 0, 0},
        {"toll-factor", 0, "non-freight NET: generalized cost weight of toll (default 0)", 0, 0, 0},
        {"distance-factor", 0, "non-freight NET: generalized cost weight of length (default 0)", 0, 0, 0},
        {"out", 0, "output directory for the CSV tables", 0, 0, 0},
        {"json", 1, "print the tables as JSON on stdout", 0, 0, 0},
        {"gap", 0, "target relative gap (default 1e-6)", 0, 0, 0},
        {"max-iter", 0, "iteration limit (default 10000)", 0, 0, 0},
        {"threads", 0, "solver threads (default: 1 below 2000 links, else all cores)", 0, 0, 0},
    };
    const int n = (int)(sizeof o / sizeof *o);
    cli_args a;
    int rc = cli_parse(argc, argv, o, n, &a, USAGE);
    cor_freight *f = NULL;
    cor_network *pnet = NULL;
    cor_demand *pdem = NULL;
    cor_status st = COR_OK;
    cor_scenario *sc = NULL;
    cor_arun *r = NULL;
    cor_table *tod = NULL, *tl = NULL;
    uint8_t *set = NULL;
    double *od = NULL, *all = NULL, *lv = NULL;
    cor_error err = {0};
    if (rc) { rc = rc < 0 ? 0 : rc; goto done; }
    if (a.n_pos != 1) { fprintf(stderr, "corridor select-link: expected one NET argument\n%s", USAGE); rc = EXIT_USAGE; goto done; }
    cli_opt *lo = cli_find(o, n, "link");
    if (!lo->n_values) { fprintf(stderr, "corridor select-link: give at least one --link ID\n"); rc = EXIT_USAGE; goto done; }
    cor_assign_params par;
    cor_assign_params_default(&par);
    long maxit, threads;
    if (cli_double(o, n, "gap", 1e-6, &par.gap) || cli_int(o, n, "max-iter", 10000, 1, 100000000, &maxit) ||
        cli_int(o, n, "threads", 0, 0, 1024, &threads)) { rc = EXIT_USAGE; goto done; }
    par.max_iter = (int)maxit;
    par.threads = (int)threads;
    par.progress = cli_progress;
    const char *out = cli_get(o, n, "out");
    if ((rc = cli_analysis_solve("select-link", o, n, a.pos[0], threads, &par, &sc, &f, &pnet, &pdem, &r, &st))) goto done;
    const cor_network *net0 = r->net;
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
        if (!hit) { fprintf(stderr, "corridor select-link: --link %s: no such link in %s\n", v, a.pos[0]); rc = EXIT_USAGE; goto done; }
    }
    const cor_network *net = r->net;
    const char *const *cname = r->class_names;
    int K = r->n_classes;
    int32_t Z = net->n_zones;
    size_t kzz = (size_t)K * Z * Z;
    od = malloc(kzz * sizeof *od);
    all = malloc(kzz * sizeof *all);
    lv = malloc((size_t)K * (size_t)(m > 0 ? m : 1) * sizeof *lv);
    if (!od || !all || !lv) { rc = EXIT_NOMEM; goto done; }
    if (cor_touch(r->s, net, set, 0, NULL, all, od, NULL, NULL, NULL, &err) ||
        cor_select_link_volumes(r->s, net, set, lv, &err)) { rc = cli_fail("select-link", &err); goto done; }
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
        cor_table_numf(tl, 6, "%.0f", r->s->flow[l]);
        cor_table_numf(tl, 7, "%.0f", s);
        cor_table_numf(tl, 8, "%.4f", r->s->flow[l] > 0 ? s / r->s->flow[l] : NAN);
        for (int k = 0; k < K; k++) cor_table_numf(tl, 9 + k, "%.0f", lv[(size_t)k * m + l]);
    }
    if (out && (cor_table_write_csv(tod, out, &err) || cor_table_write_csv(tl, out, &err))) { rc = cli_fail("select-link", &err); goto done; }
    if (cli_get(o, n, "json")) {
        printf("{\"scenario\": ");
        cor_table_json_string(stdout, r->name);
        printf(", \"select_t\": %.0f,\n", tot);
        cor_table_json(tod, stdout);
        printf(",\n");
        cor_table_json(tl, stdout);
        printf("}\n");
    } else {
        int nsel = 0;
        for (int32_t l = 0; l < m; l++) nsel += set[l] != 0;
        printf("select-link: %s, %d link(s) selected, %.0f t/yr of OD flow uses them\n", r->name, nsel, tot);
        cor_table_print(tod, stdout, "OD pairs and classes using the selection", 0);
        cor_table_print(tl, stdout, "Select-link volumes on every link carrying that traffic", 0);
        if (out) printf("\nWrote %s/select_link_od.csv, select_link_links.csv\n", out);
    }
    if (st == COR_E_NOCONV) { fprintf(stderr, "corridor select-link: the solve stopped at its limit before the gap target\n"); rc = EXIT_NOCONV; }
done:
    cor_table_free(tod); cor_table_free(tl);
    free(set); free(od); free(all); free(lv);
    cor__arun_free(r);
    cor_scenario_destroy(sc);
    cor_freight_destroy(f);
    cor_network_destroy(pnet);
    cor_demand_destroy(pdem);
    cli_free(o, n, &a);
    return rc;
}
