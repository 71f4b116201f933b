/* corridor scenario — solve scenarios warm-started from the base and report
 * deltas: corridor flows per class, door-to-door days, USD/t, system cost,
 * unserved demand. */
#include <math.h>
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

static double dnan(double a, double b) { return (isfinite(a) && isfinite(b)) ? a - b : NAN; }

/* summary row */
static void summary_row(cor_table *t, const cor_case *r, const cor_case *b)
{
    double vh, h, u;
    cor_case_od_mean(r, -1, -1, -1, &vh, &h, &u);
    double bh, bu;
    cor_case_od_mean(b, -1, -1, -1, NULL, &bh, &bu);
    cor_table_row(t);
    const cor_totals *rt = cor_case_totals(r), *bt = cor_case_totals(b);
    const cor_solution *s = cor_case_solution(r);
    cor_table_set(t, 0, cor_case_name(r));
    cor_table_numf(t, 1, "%.0f", cor_case_year(r));
    cor_table_numf(t, 2, "%.0f", rt->served);
    cor_table_numf(t, 3, "%.0f", rt->unserved);
    cor_table_numf(t, 4, "%.0f", rt->unserved - bt->unserved);
    cor_table_numf(t, 5, "%.6g", rt->cost);
    cor_table_numf(t, 6, "%.6g", rt->cost - bt->cost);
    cor_table_numf(t, 7, "%.6g", rt->money);
    cor_table_numf(t, 8, "%.3f", h / 24);
    cor_table_numf(t, 9, "%.3f", dnan(h, bh) / 24);
    cor_table_numf(t, 10, "%.2f", u);
    cor_table_numf(t, 11, "%.2f", dnan(u, bu));
    cor_table_numf(t, 12, "%.0f", rt->n_closed);
    cor_table_numf(t, 13, "%.3g", s->relative_gap);
    cor_table_numf(t, 14, "%.0f", s->iterations);
    cor_table_numf(t, 15, "%.3f", s->seconds);
}

static void corridor_rows(cor_table *t, const cor_case *r, const cor_case *b,
                          const char *const *cname)
{
    const cor_corridor_acc *a = cor_case_accounting(r), *ba = cor_case_accounting(b);
    int K = a->n_classes;
    int32_t Z = a->n_zones;
    for (int basis = 0; basis < 2; basis++) {
        int nc = basis ? a->n_corridors : COR_ACC_NC(a);
        for (int c = 0; c < nc; c++)
            for (int k = -1; k < K; k++) {
                double v[2] = {0}, h[2] = {0}, u[2] = {0};
                for (int side = 0; side < 2; side++) {
                    const cor_corridor_acc *x = side ? ba : a;
                    for (int kk = 0; kk < K; kk++) {
                        if (k >= 0 && kk != k) continue;
                        if (basis) {
                            size_t i = (size_t)kk * (size_t)x->n_corridors + (size_t)c;
                            v[side] += x->tag[i]; h[side] += x->tag_h[i]; u[side] += x->tag_usd[i];
                        } else {
                            for (size_t od = 0; od < (size_t)Z * Z; od++) {
                                size_t i = (((size_t)kk * Z * Z) + od) * COR_ACC_NC(x) + (size_t)c;
                                v[side] += x->prim[i]; h[side] += x->prim_h[i]; u[side] += x->prim_usd[i];
                            }
                        }
                    }
                }
                if (v[0] <= 0 && v[1] <= 0) continue;
                double md = v[0] > 0 ? h[0] / v[0] / 24 : NAN, bd = v[1] > 0 ? h[1] / v[1] / 24 : NAN;
                double mu = v[0] > 0 ? u[0] / v[0] : NAN, bu = v[1] > 0 ? u[1] / v[1] : NAN;
                cor_table_row(t);
                cor_table_set(t, 0, cor_case_name(r));
                cor_table_set(t, 1, cor_vocab_tag(cor_case_vocab(r), c));
                cor_table_set(t, 2, k < 0 ? "all" : cname[k]);
                cor_table_set(t, 3, basis ? "tag" : "primary");
                cor_table_numf(t, 4, "%.0f", v[0]);
                cor_table_numf(t, 5, "%.0f", v[1]);
                cor_table_numf(t, 6, "%.0f", v[0] - v[1]);
                cor_table_numf(t, 7, "%.3f", md);
                cor_table_numf(t, 8, "%.3f", bd);
                cor_table_numf(t, 9, "%.3f", dnan(md, bd));
                cor_table_numf(t, 10, "%.2f", mu);
                cor_table_numf(t, 11, "%.2f", bu);
                cor_table_numf(t, 12, "%.2f", dnan(mu, bu));
            }
    }
}

static void od_rows(cor_table *t, cor_table *un, cor_case *r, cor_case *b,
                    const cor_network *net, const char *const *cname)
{
    const cor_corridor_acc *acc = cor_case_accounting(r);
    const cor_solution *rs = cor_case_solution(r), *bs = cor_case_solution(b);
    const cor_problem *rp = cor_case_problem(r, NULL), *bp = cor_case_problem(b, NULL);
    int K = acc->n_classes;
    int32_t Z = acc->n_zones;
    size_t zz = (size_t)Z * Z;
    double *unv = calloc((size_t)K * zz + 1, sizeof *unv), *bunv = calloc((size_t)K * zz + 1, sizeof *bunv);
    if (!unv || !bunv) { free(unv); free(bunv); return; }
    for (int i = 0; i < rs->n_unserved; i++) {
        const cor_unserved *u = &rs->unserved[i];
        unv[(size_t)u->cls * zz + (size_t)u->o * Z + u->d] += u->volume;
    }
    for (int i = 0; i < bs->n_unserved; i++) {
        const cor_unserved *u = &bs->unserved[i];
        bunv[(size_t)u->cls * zz + (size_t)u->o * Z + u->d] += u->volume;
    }
    for (int k = 0; k < K; k++)
        for (int32_t o = 0; o < Z; o++)
            for (int32_t d = 0; d < Z; d++) {
                if (o == d) continue;
                double dem = rp->classes[k].demand[(size_t)o * Z + d];
                double bdem = bp->classes[k].demand[(size_t)o * Z + d];
                if (!(dem > 0) && !(bdem > 0)) continue;
                double v, h, u, bv, bh, bu;
                cor_case_od_mean(r, k, o, d, &v, &h, &u);
                cor_case_od_mean(b, k, o, d, &bv, &bh, &bu);
                int mc = cor_case_main_corridor(r, k, o, d), bmc = cor_case_main_corridor(b, k, o, d);
                size_t ix = (size_t)k * zz + (size_t)o * Z + d;
                cor_table_row(t);
                cor_table_set(t, 0, cor_case_name(r));
                cor_table_set(t, 1, cname[k]);
                cor_table_set(t, 2, net->zone_id[o]);
                cor_table_set(t, 3, net->zone_id[d]);
                cor_table_numf(t, 4, "%.0f", dem);
                cor_table_numf(t, 5, "%.0f", v);
                cor_table_numf(t, 6, "%.0f", unv[ix]);
                cor_table_numf(t, 7, "%.0f", bv);
                cor_table_numf(t, 8, "%.3f", h / 24);
                cor_table_numf(t, 9, "%.3f", bh / 24);
                cor_table_numf(t, 10, "%.3f", dnan(h, bh) / 24);
                cor_table_numf(t, 11, "%.2f", u);
                cor_table_numf(t, 12, "%.2f", bu);
                cor_table_numf(t, 13, "%.2f", dnan(u, bu));
                cor_table_set(t, 14, mc >= 0 ? cor_vocab_tag(cor_case_vocab(r), mc) : "");
                cor_table_set(t, 15, bmc >= 0 ? cor_vocab_tag(cor_case_vocab(b), bmc) : "");
                if (unv[ix] > 0 || bunv[ix] > 0) {
                    cor_table_row(un);
                    cor_table_set(un, 0, cor_case_name(r));
                    cor_table_set(un, 1, cname[k]);
                    cor_table_set(un, 2, net->zone_id[o]);
                    cor_table_set(un, 3, net->zone_id[d]);
                    cor_table_numf(un, 4, "%.0f", unv[ix]);
                    cor_table_numf(un, 5, "%.0f", bunv[ix]);
                }
            }
    free(unv);
    free(bunv);
}

int cmd_scenario(int argc, char **argv)
{
    cli_opt o[] = {
        {"scenario", 0, "scenario file (repeatable)", 0, 0, 0},
        {"base", 0, "scenario file for the base case (default: the data as read)", 0, 0, 0},
        CLI_OUTPUT_OPTS("output directory (required)"),
        CLI_SOLVER_OPTS,
        CLI_NETWORK_OPTS,
    };
    const int n = (int)(sizeof o / sizeof *o);
    cli_args a;
    int rc = cli_parse_one(argc, argv, o, n, &a, USAGE, "NET");
    cor_scenario *bsc = NULL, **sc = NULL;
    cor_case *model = NULL, *base = NULL, *r = NULL;
    cor_table *ts = NULL, *tc = NULL, *to = NULL, *tu = NULL;
    cor_error err = {0};
    int noconv = 0;
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
    if (cli_get(o, n, "base") && cor_scenario_load(cli_get(o, n, "base"), &bsc, &err)) { rc = cli_fail("scenario", &err); goto done; }
    if ((rc = cli_case_open("scenario", o, n, a.pos[0], &model))) goto done;
    if (cli_mkdirs(out, &err)) { rc = cli_fail("scenario", &err); goto done; }
    *cor_case_params(model) = par;
    if (!(base = cor_case_clone(model))) { rc = EXIT_NOMEM; goto done; }
    cor_status st = cor_case_apply_scenario(base, bsc, &err);
    if (!st) st = cor_case_solve(base, &err);
    if (st && st != COR_E_NOCONV) { rc = cli_fail("scenario", &err); goto done; }
    if (st == COR_E_NOCONV) noconv = 1;
    const char *const *cname = cor_case_class_names(base);
    const char *cs[] = {"scenario", "#year", "#served_t", "#unserved_t", "#delta_unserved_t", "#system_cost_usd",
                        "#delta_system_cost_usd", "#money_usd", "#mean_days", "#delta_days", "#mean_usd_t",
                        "#delta_usd_t", "#links_closed", "#gap", "#iterations", "#seconds"};
    const char *cc[] = {"scenario", "corridor", "class", "basis", "#tonnes", "#base_tonnes", "#delta_tonnes",
                        "#mean_days", "#base_mean_days", "#delta_days", "#mean_usd_t", "#base_mean_usd_t", "#delta_usd_t"};
    const char *co[] = {"scenario", "class", "origin", "destination", "#demand_t", "#served_t", "#unserved_t",
                        "#base_served_t", "#days", "#base_days", "#delta_days", "#usd_t", "#base_usd_t",
                        "#delta_usd_t", "main_corridor", "base_main_corridor"};
    const char *cu[] = {"scenario", "class", "origin", "destination", "#unserved_t", "#base_unserved_t"};
    ts = cor_table_new("summary", 16, cs);
    tc = cor_table_new("corridors", 13, cc);
    to = cor_table_new("od", 16, co);
    tu = cor_table_new("unserved", 6, cu);
    if (!ts || !tc || !to || !tu) { rc = EXIT_NOMEM; goto done; }
    summary_row(ts, base, base);
    corridor_rows(tc, base, base, cname);
    od_rows(to, tu, base, base, cor_case_network(base), cname);
    for (int i = 0; i < sco->n_values; i++) {
        /* each scenario on the model as read (not on --base), warm-started from the base */
        if (!(r = cor_case_clone(model))) { rc = EXIT_NOMEM; goto done; }
        cor_case_set_warm_start(r, base);
        st = cor_case_apply_scenario(r, sc[i], &err);
        if (!st) st = cor_case_solve(r, &err);
        if (st && st != COR_E_NOCONV) { rc = cli_fail("scenario", &err); goto done; }
        if (st == COR_E_NOCONV) noconv = 1;
        summary_row(ts, r, base);
        corridor_rows(tc, r, base, cname);
        od_rows(to, tu, r, base, cor_case_network(r), cname);
        cor_case_destroy(r);
        r = NULL;
        if (cli_interrupted()) { fprintf(stderr, "corridor scenario: interrupted; no output written\n"); rc = EXIT_INTERRUPTED; goto done; }
    }
    cor_table *all[] = {ts, tc, to, tu};
    for (int i = 0; i < 4; i++)
        if (cor_table_write_csv(all[i], out, &err)) { rc = cli_fail("scenario", &err); goto done; }
    if (json) {
        printf("{");
        for (int i = 0; i < 4; i++) { if (i) printf(",\n"); cor_table_json(all[i], stdout); }
        printf("}\n");
    } else {
        cor_table_print(ts, stdout, "Scenarios against the base (system cost = money + value of time, USD/yr)", 0);
        /* primary-corridor tonnes, all classes */
        const char *cp[] = {"scenario", "corridor", "#tonnes", "#base_tonnes", "#delta_tonnes", "#mean_days", "#delta_days", "#mean_usd_t", "#delta_usd_t"};
        cor_table *tp = cor_table_new("corridors_primary", 9, cp);
        for (int ri = 0; tp && ri < tc->n_rows; ri++) {
            char **row = tc->rows[ri];
            if (strcmp(row[2], "all") || strcmp(row[3], "primary")) continue;
            cor_table_row(tp);
            int map[] = {0, 1, 4, 5, 6, 7, 9, 10, 12};
            for (int c = 0; c < 9; c++) cor_table_set(tp, c, row[map[c]]);
        }
        if (tp) cor_table_print(tp, stdout, "Tonnes by primary corridor, all classes (details: corridors.csv)", 0);
        cor_table_free(tp);
        if (tu->n_rows) cor_table_print(tu, stdout, "UNSERVED demand (OD pairs with no open route)", 0);
        else printf("\nNo unserved demand in any case.\n");
        printf("\nWrote %s/summary.csv, corridors.csv, od.csv, unserved.csv\n", out);
    }
    if (noconv) {
        fprintf(stderr, "corridor scenario: a solve stopped at its limit before the gap target (see summary.csv gap)\n");
        rc = EXIT_NOCONV;
    }
done:
    if (sc)
        for (int i = 0; i < sco->n_values; i++) cor_scenario_destroy(sc[i]);
    free(sc);
    cor_table_free(ts); cor_table_free(tc); cor_table_free(to); cor_table_free(tu);
    cor_case_destroy(r);
    cor_case_destroy(base);
    cor_case_destroy(model);
    cor_scenario_destroy(bsc);
    cli_free(o, n, &a);
    return rc;
}
