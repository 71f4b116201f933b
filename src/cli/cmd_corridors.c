/* corridor corridors — the main job: multi-class freight equilibrium on a
 * GMNS directory with class.csv, tonnes/days/USD per corridor and class, and
 * the flow on the data set's highlight link sets. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char USAGE[] =
    "usage: corridor corridors DIR [--year Y] [--scenario FILE] [--out OUTDIR] [--json] [--choice ue|logit]\n"
    "                          [--method bush|bfw|cfw|fw] [--gap G] [--threads T]\n\n"
    "DIR is a freight data set (GMNS node.csv, link.csv, demand.csv and class.csv,\n"
    "e.g. data/eurasia).  Solves the multi-class equilibrium (generalized cost =\n"
    "USD + value of time x hours, shared capacity), attributes every OD flow to\n"
    "its corridor and prints, per corridor: tonnes by class, mean door-to-door\n"
    "days and mean USD/t; then the flow and volume/capacity of the links of the\n"
    "data set's highlight sets (highlights.csv, docs/FORMATS.md).  --year Y opens\n"
    "links whose opening_year <= Y (default: the data's status).  --out writes\n"
    "corridors.csv, paths.csv, links.csv and convergence.csv; --json prints the\n"
    "results as JSON instead.  --choice logit replaces the deterministic\n"
    "equilibrium by the path-size logit choice model (docs/CHOICE.md: class.csv\n"
    "logit_scale, segments, value_of_reliability; link.csv time_sd_h, headway_h;\n"
    "constants.csv), so an OD pair's tonnes split over its routes; it is the\n"
    "default when every class of class.csv has a logit_scale.\n";

/* Prints text wrapped at 80 columns, continuation lines indented by `indent`. */
static void print_wrapped(const char *text, const char *indent)
{
    size_t col = 0;
    const char *p = text;
    while (*p) {
        size_t w = strcspn(p, " ");
        if (col && col + 1 + w > 80) {
            printf("\n%s", indent);
            col = strlen(indent);
        } else if (col) {
            putchar(' ');
            col++;
        }
        fwrite(p, 1, w, stdout);
        col += w;
        p += w;
        while (*p == ' ') p++;
    }
    putchar('\n');
}

/* Corridors with any flow in the primary table, in vocabulary order. */
static int corridor_used(const cor_freight_result *r, int c)
{
    for (int k = 0; k < r->n_classes; k++)
        if (r->by_primary[(size_t)c * (size_t)r->n_classes + (size_t)k].tonnes > 0) return 1;
    return 0;
}

static void print_table(cor_freight *f, const cor_freight_result *r, const char *dir, long year, cor_choice_model cm)
{
    const cor_freight_classes *cl = cor_freight_get_classes(f);
    const cor_network *net = cor_freight_network(f);
    const cor_solution *s = r->sol;
    printf("corridor: %s, %s, %d classes, %d OD paths\n", dir,
           year ? "network of the given year" : "network as of the data (status)", cl->n, r->n_paths);
    if (year) printf("year: %ld (links with opening_year <= %ld open)\n", year, year);
    if (cm == COR_CHOICE_LOGIT)
        printf("choice: path-size logit (docs/CHOICE.md), convergence measure %.2e after %d iterations, %.3f s%s\n\n",
               s->relative_gap, s->iterations, s->seconds, s->converged ? "" : "  (NOT CONVERGED)");
    else
        printf("equilibrium: %s, relative gap %.2e%s%s%s after %d iterations, %.3f s%s\n\n",
               cor_method_name(s->method), s->relative_gap, cl->n > 1 ? " (worst class " : "",
               cl->n > 1 ? cl->cls[s->worst_class].name : "", cl->n > 1 ? ")" : "", s->iterations, s->seconds,
               s->converged ? "" : "  (NOT CONVERGED)");
    printf("%-10s", "Mt/yr");
    for (int k = 0; k < cl->n; k++) printf(" %11.11s", cl->cls[k].name);
    printf(" %9s %8s %8s\n", "total", "days", "USD/t");
    double tot[64] = {0}, all = 0;
    const cor_vocab *voc = cor_freight_vocab(f);
    for (int c = 0; c <= r->n_corridors; c++) {
        if (!corridor_used(r, c)) continue;
        printf("%-10s", cor_vocab_tag(voc, c));
        for (int k = 0; k < cl->n; k++) {
            double t = r->by_primary[(size_t)c * (size_t)cl->n + (size_t)k].tonnes;
            if (k < 64) tot[k] += t;
            printf(" %11.3f", t / 1e6);
        }
        cor_freight_stat a = cor_freight_result_stat(r, 0, (cor_corridor)c, -1);
        all += a.tonnes;
        printf(" %9.3f %8.1f %8.0f\n", a.tonnes / 1e6, a.mean_days, a.mean_usd);
    }
    printf("%-10s", "all");
    for (int k = 0; k < cl->n && k < 64; k++) printf(" %11.3f", tot[k] / 1e6);
    printf(" %9.3f\n", all / 1e6);
    char line[1024];
    size_t len = (size_t)snprintf(line, sizeof line, "(corridor = primary corridor of each path: ");
    int shown = 0;
    for (int i = 0; i < cor_vocab_count(voc) && len < sizeof line; i++) {
        cor_corridor c = cor_vocab_by_precedence(voc, i);
        if (cor_vocab_feeder_mask(voc) & COR_CORR_BIT(c)) continue;
        len += (size_t)snprintf(line + len, sizeof line - len, "%s%s", shown++ ? " > " : "", cor_vocab_tag(voc, c));
    }
    if (len < sizeof line)
        snprintf(line + len, sizeof line - len, "%s; days = flow-weighted door-to-door time incl. handling)",
                 shown ? "" : "none");
    print_wrapped(line, " ");
    if (s->n_unserved)
        printf("unserved: %.3f Mt/yr in %d OD pairs (no open route)\n", s->unserved_total / 1e6, s->n_unserved);
    if (s->intrazonal_total > 0)
        printf("intrazonal: %.3f Mt/yr from a zone to itself (no transport: not in the table, not unserved)\n",
               s->intrazonal_total / 1e6);

    const uint8_t *open = cor_freight_link_open(f);
    for (int h = 0; h < cor_vocab_n_highlights(voc); h++) {
        const cor_highlight *hl = cor_vocab_highlight(voc, h);
        if (!(hl->use & COR_HL_USE_CORRIDORS)) continue;
        int list_open = hl->list == COR_HL_LIST_OPEN, last_year;
        int any_open = cor_freight_highlight_open(f, h, &last_year);
        if (list_open && !any_open) {
            char msg[1024], yr[96];
            if (last_year) snprintf(yr, sizeof yr, "is open from --year %d, the latest opening_year on it", last_year);
            else snprintf(yr, sizeof yr, "has no opening_year");
            snprintf(msg, sizeof msg, "%s: closed in this network, no flow (the whole %s route %s).", hl->label,
                     hl->tag >= 0 ? cor_vocab_name(voc, hl->tag) : hl->set, yr);
            printf("\n");
            print_wrapped(msg, "  ");
            continue;
        }
        int shown_links = 0;
        for (int32_t i = 0; i < net->n_links; i++) {
            int32_t a = net->link_by_order[i];
            if (!cor_freight_in_highlight(f, h, a)) continue;
            if (s->flow[a] <= 0 && (!list_open || !open[a])) continue; /* empty return legs */
            if (!shown_links++)
                printf("\n%s%s\n%-8s %-44s %-8s %9s %9s %6s\n", hl->label, list_open ? "" : " (with flow)",
                       "link", "from -> to", "mode", "Mt/yr", "cap Mt", "v/c");
            char ft[96];
            snprintf(ft, sizeof ft, "%s -> %s", net->node_id[net->link_from[a]], net->node_id[net->link_to[a]]);
            double cap = net->capacity[a];
            printf("%-8s %-44.44s %-8s %9.3f %9.2f ", net->link_id[a], ft,
                   cor_mode_name((cor_mode)cor_freight_link_mode(f)[a]), s->flow[a] / 1e6, cap / 1e6);
            if (!open[a]) printf("%6s (%s)\n", "closed", cor_status_name_link((cor_link_status)cor_freight_link_status(f)[a]));
            else printf("%6.2f\n", cap > 0 ? s->flow[a] / cap : 0.0);
        }
        if (!shown_links && !list_open) printf("\n%s: no flow\n", hl->label);
    }
}

static void print_json(cor_freight *f, const cor_freight_result *r, long year, cor_choice_model cm)
{
    const cor_freight_classes *cl = cor_freight_get_classes(f);
    const cor_network *net = cor_freight_network(f);
    const cor_solution *s = r->sol;
    printf("{\"year\":%ld,\"choice\":\"%s\",\"method\":\"%s\",\"relative_gap\":%.6g,\"iterations\":%d,\"seconds\":%.6g,"
           "\"converged\":%s,\"unserved_tonnes\":%.10g,\"intrazonal_tonnes\":%.10g,\n\"corridors\":[",
           year, cor_choice_model_name(cm), cm == COR_CHOICE_LOGIT ? "logit" : cor_method_name(s->method), s->relative_gap, s->iterations, s->seconds,
           s->converged ? "true" : "false", s->unserved_total, s->intrazonal_total);
    int first = 1;
    const cor_vocab *voc = cor_freight_vocab(f);
    for (int c = 0; c <= r->n_corridors; c++)
        for (int k = -1; k < cl->n; k++) {
            cor_freight_stat a = cor_freight_result_stat(r, 0, (cor_corridor)c, k);
            if (a.tonnes <= 0) continue;
            printf("%s\n {\"corridor\":", first ? "" : ",");
            cor_table_json_string(stdout, cor_vocab_tag(voc, c));
            printf(",\"class\":");
            cor_table_json_string(stdout, k < 0 ? "all" : cl->cls[k].name);
            printf(",\"tonnes\":%.10g,\"mean_days\":%.6g,\"mean_usd_t\":%.6g}", a.tonnes, a.mean_days, a.mean_usd);
            first = 0;
        }
    printf("],\n\"links\":[");
    first = 1;
    const uint8_t *open = cor_freight_link_open(f);
    for (int32_t i = 0; i < net->n_links; i++) {
        int32_t a = net->link_by_order[i];
        const cor_highlight *hl = NULL;
        for (int h = 0; h < cor_vocab_n_highlights(voc) && !hl; h++)
            if ((cor_vocab_highlight(voc, h)->use & COR_HL_USE_CORRIDORS) && cor_freight_in_highlight(f, h, a))
                hl = cor_vocab_highlight(voc, h);
        if (!hl) continue;
        printf("%s\n {\"link_id\":", first ? "" : ",");
        cor_table_json_string(stdout, net->link_id[a]);
        printf(",\"from\":");
        cor_table_json_string(stdout, net->node_id[net->link_from[a]]);
        printf(",\"to\":");
        cor_table_json_string(stdout, net->node_id[net->link_to[a]]);
        double cap = net->capacity[a];
        printf(",\"kind\":");
        cor_table_json_string(stdout, hl->set);
        printf(",\"mode\":\"%s\",\"open\":%s,\"tonnes\":%.10g,\"capacity\":%.10g,\"voc\":%.6g}",
               cor_mode_name((cor_mode)cor_freight_link_mode(f)[a]),
               open[a] ? "true" : "false", s->flow[a], cap, cap > 0 ? s->flow[a] / cap : 0.0);
        first = 0;
    }
    printf("]}\n");
}

int cmd_corridors(int argc, char **argv)
{
    cli_opt o[] = {
        {"year", 0, "open links whose opening_year <= Y (default: data status)", 0, 0, 0},
        {"scenario", 0, "apply this scenario file first (docs/SCENARIOS.md)", 0, 0, 0},
        CLI_OUT_OPT("write corridors.csv, paths.csv, links.csv, convergence.csv here"),
        {"json", 1, "print JSON instead of the table", 0, 0, 0},
        {"choice", 0, "ue (deterministic equilibrium) or logit (path-size logit choice); default logit when every class has a logit_scale", 0, 0, 0},
        CLI_SOLVER_OPTS,
    };
    CLI_PARSE_ONE(o, USAGE, "DIR");
    cor_case *c = NULL;
    cor_freight_result *r = NULL;
    cor_outset *set = NULL;
    cor_scenario *sc = NULL;
    if (rc) { rc = rc < 0 ? 0 : rc; goto done; }
    long year;
    cor_assign_params par;
    if (cli_int(o, n, "year", 0, COR_YEAR_MIN, COR_YEAR_MAX, &year) || cli_solver_params("corridors", o, n, &par)) { rc = EXIT_USAGE; goto done; }
    const char *out = cli_get(o, n, "out");
    cor_error err = {0};
    if (out && (rc = cli_out_begin("corridors", o, n, out, &set))) goto done;
    cor_choice_model cm = COR_CHOICE_UE;
    if (cli_get(o, n, "choice") && cor_choice_model_parse(cli_get(o, n, "choice"), &cm)) {
        fprintf(stderr, "corridor corridors: --choice: unknown model '%s' (ue, logit)\n", cli_get(o, n, "choice"));
        rc = EXIT_USAGE;
        goto done;
    }
    if ((rc = cli_freight_case_open("corridors", o, n, a.pos[0], &c))) goto done;
    *cor_case_params(c) = par;
    if (!cli_get(o, n, "choice")) cm = cor_case_choice(c); /* logit where the data gives scales */
    cor_case_set_choice(c, cm);
    if (cli_get(o, n, "scenario")) {
        if (cor_scenario_load(cli_get(o, n, "scenario"), &sc, &err) || cor_case_apply_scenario(c, sc, &err)) {
            rc = cli_fail("corridors", &err);
            goto done;
        }
    }
    cor_freight *f = cor_case_freight(c);
    cor_status st = cor_case_solve_paths(c, &r, &err);
    if (!r) { rc = cli_fail("corridors", &err); goto done; }
    if (cli_interrupted()) { fprintf(stderr, "corridor corridors: interrupted; no output written\n"); rc = EXIT_INTERRUPTED; goto done; }
    if (cli_get(o, n, "json")) print_json(f, r, year, cm);
    else print_table(f, r, a.pos[0], year, cm);
    if (out) {
        if (cor_freight_write(f, r, cor_outset_stage(set), &err)) { rc = cli_fail("corridors", &err); goto done; }
        if (!cli_get(o, n, "json")) printf("\nwrote %s/{corridors,paths,links,convergence}.csv\n", out);
    }
    if (st == COR_E_NOCONV) {
        fprintf(stderr, "corridor corridors: stopped at a limit before the gap target (gap %.3g)\n", r->sol->relative_gap);
        rc = EXIT_NOCONV;
    }
done:
    rc = cli_out_end("corridors", &set, rc);
    cor_freight_result_destroy(r);
    cor_scenario_destroy(sc);
    cor_case_destroy(c);
    cli_free(o, n, &a);
    return rc;
}
