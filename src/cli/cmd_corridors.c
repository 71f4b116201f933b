/* corridor corridors — the main job: multi-class freight equilibrium on a
 * GMNS directory with class.csv, tonnes/days/USD per corridor and class, and
 * the flow on the data set's highlight link sets.  Also the freight variant of
 * `corridor route` (cmd_route_freight), chosen by cmd_route when NET is a
 * directory with class.csv. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char USAGE[] =
    "usage: corridor corridors DIR [--year Y] [--out OUTDIR] [--json]\n"
    "                          [--method bush|bfw|cfw|fw] [--gap G] [--threads T]\n\n"
    "DIR is a freight data set (GMNS node.csv, link.csv, demand.csv and class.csv,\n"
    "e.g. data/eurasia).  Solves the multi-class equilibrium (generalized cost =\n"
    "USD + value of time x hours, shared capacity), attributes every OD flow to\n"
    "its corridor and prints, per corridor: tonnes by class, mean door-to-door\n"
    "days and mean USD/t; then the flow and volume/capacity of the links of the\n"
    "data set's highlight sets (highlights.csv, docs/FORMATS.md).  --year Y opens\n"
    "links whose opening_year <= Y (default: the data's status).  --out writes\n"
    "corridors.csv, paths.csv, links.csv and convergence.csv; --json prints the\n"
    "results as JSON instead.\n";

static void json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') printf("\\%c", *s);
        else if ((unsigned char)*s < 0x20) printf("\\u%04x", *s);
        else putchar(*s);
    }
    putchar('"');
}

static const char *node_name(const cor_network *net, int32_t v)
{
    int c = cor_network_node_col(net, "name");
    const char *s = c >= 0 ? net->node_extra.values[c][v] : "";
    return *s ? s : net->node_id[v];
}

/* Opens DIR as a freight case for command cmd; prints the error. */
static int load(const char *cmd, cli_opt *o, int n, const char *dir, cor_case **c)
{
    if (!cor_freight_dir_is_freight(dir)) {
        fprintf(stderr, "corridor %s: %s is not a freight data set (no class.csv)\n", cmd, dir);
        return EXIT_USAGE;
    }
    return cli_case_open(cmd, o, n, dir, c);
}

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

static void print_table(cor_freight *f, const cor_freight_result *r, const char *dir, long year)
{
    const cor_freight_classes *cl = cor_freight_get_classes(f);
    const cor_network *net = cor_freight_network(f);
    const cor_solution *s = r->sol;
    printf("corridor: %s, %s, %d classes, %d OD paths\n", dir,
           year ? "network of the given year" : "network as of the data (status)", cl->n, r->n_paths);
    if (year) printf("year: %ld (links with opening_year <= %ld open)\n", year, year);
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

    const uint8_t *open = cor_freight_link_open(f);
    const cor_corridor_mask *cm = cor_freight_link_corridors(f);
    for (int h = 0; h < cor_vocab_n_highlights(voc); h++) {
        const cor_highlight *hl = cor_vocab_highlight(voc, h);
        if (!(hl->use & COR_HL_USE_CORRIDORS)) continue;
        int list_open = hl->list == COR_HL_LIST_OPEN, any_open = 0, last_year = 0;
        for (int32_t a = 0; a < net->n_links; a++) {
            if (cor_freight_in_highlight(f, h, a)) any_open |= open[a];
            int y = cor_freight_link_opening_year(f)[a];
            int on = hl->tag >= 0 ? (cm[a] & COR_CORR_BIT(hl->tag)) != 0 : cor_freight_in_highlight(f, h, a);
            if (on && y > last_year) last_year = y;
        }
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

static void print_json(cor_freight *f, const cor_freight_result *r, long year)
{
    const cor_freight_classes *cl = cor_freight_get_classes(f);
    const cor_network *net = cor_freight_network(f);
    const cor_solution *s = r->sol;
    printf("{\"year\":%ld,\"method\":\"%s\",\"relative_gap\":%.6g,\"iterations\":%d,\"seconds\":%.6g,"
           "\"converged\":%s,\"unserved_tonnes\":%.10g,\n\"corridors\":[",
           year, cor_method_name(s->method), s->relative_gap, s->iterations, s->seconds,
           s->converged ? "true" : "false", s->unserved_total);
    int first = 1;
    const cor_vocab *voc = cor_freight_vocab(f);
    for (int c = 0; c <= r->n_corridors; c++)
        for (int k = -1; k < cl->n; k++) {
            cor_freight_stat a = cor_freight_result_stat(r, 0, (cor_corridor)c, k);
            if (a.tonnes <= 0) continue;
            printf("%s\n {\"corridor\":", first ? "" : ",");
            json_str(cor_vocab_tag(voc, c));
            printf(",\"class\":");
            json_str(k < 0 ? "all" : cl->cls[k].name);
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
        json_str(net->link_id[a]);
        printf(",\"from\":");
        json_str(net->node_id[net->link_from[a]]);
        printf(",\"to\":");
        json_str(net->node_id[net->link_to[a]]);
        double cap = net->capacity[a];
        printf(",\"kind\":");
        json_str(hl->set);
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
        {"out", 0, "write corridors.csv, paths.csv, links.csv, convergence.csv here", 0, 0, 0},
        {"json", 1, "print JSON instead of the table", 0, 0, 0},
        CLI_SOLVER_OPTS,
    };
    const int n = (int)(sizeof o / sizeof *o);
    cli_args a;
    int rc = cli_parse_one(argc, argv, o, n, &a, USAGE, "DIR");
    cor_case *c = NULL;
    cor_freight_result *r = NULL;
    if (rc) { rc = rc < 0 ? 0 : rc; goto done; }
    long year;
    cor_assign_params par;
    if (cli_int(o, n, "year", 0, 0, 9999, &year) || cli_solver_params("corridors", o, n, &par)) { rc = EXIT_USAGE; goto done; }
    const char *out = cli_get(o, n, "out");
    cor_error err = {0};
    if (out && cli_mkdirs(out, &err)) { rc = cli_fail("corridors", &err); goto done; }
    if ((rc = load("corridors", o, n, a.pos[0], &c))) goto done;
    *cor_case_params(c) = par;
    cor_freight *f = cor_case_freight(c);
    cor_status st = cor_case_solve_paths(c, &r, &err);
    if (!r) { rc = cli_fail("corridors", &err); goto done; }
    if (cli_interrupted()) { fprintf(stderr, "corridor corridors: interrupted; no output written\n"); rc = EXIT_INTERRUPTED; goto done; }
    if (cli_get(o, n, "json")) print_json(f, r, year);
    else print_table(f, r, a.pos[0], year);
    if (out) {
        if (cor_freight_write(f, r, out, &err)) { rc = cli_fail("corridors", &err); goto done; }
        if (!cli_get(o, n, "json")) printf("\nwrote %s/{corridors,paths,links,convergence}.csv\n", out);
    }
    if (st == COR_E_NOCONV) {
        fprintf(stderr, "corridor corridors: stopped at a limit before the gap target (gap %.3g)\n", r->sol->relative_gap);
        rc = EXIT_NOCONV;
    }
done:
    cor_freight_result_destroy(r);
    cor_case_destroy(c);
    cli_free(o, n, &a);
    return rc;
}

/* ---- corridor route on freight data ---- */

static const char ROUTE_USAGE[] =
    "usage: corridor route DIR --from NODE --to NODE [--k N] [--class NAME]\n"
    "                      [--year Y] [--free-flow]\n\n"
    "On a freight data set (DIR with class.csv): the k cheapest routes for one\n"
    "class (default: the first in class.csv) that use DISTINCT corridors, by\n"
    "generalized cost USD/t + value of time x hours, at the equilibrium link\n"
    "times of the base demand (--free-flow: at free-flow times).  Each route\n"
    "shows its corridor, door-to-door days, USD/t and the countries crossed.\n";

int cmd_route_freight(int argc, char **argv)
{
    cli_opt o[] = {
        {"from", 0, "origin node id", 0, 0, 0},
        {"to", 0, "destination node id", 0, 0, 0},
        {"k", 0, "number of distinct-corridor routes (default 3)", 0, 0, 0},
        {"class", 0, "commodity class (default: first in class.csv)", 0, 0, 0},
        {"year", 0, "open links whose opening_year <= Y", 0, 0, 0},
        {"free-flow", 1, "use free-flow times instead of equilibrium times", 0, 0, 0},
    };
    const int n = (int)(sizeof o / sizeof *o);
    cli_args a;
    int rc = cli_parse_one(argc, argv, o, n, &a, ROUTE_USAGE, "DIR");
    cor_case *cs = NULL;
    cor_freight_result *r = NULL;
    cor_freight_route *rt = NULL;
    int found = 0;
    if (rc) { rc = rc < 0 ? 0 : rc; goto done; }
    const char *from = cli_get(o, n, "from"), *to = cli_get(o, n, "to");
    if (!from || !to) { fprintf(stderr, "corridor route: --from and --to are required\n"); rc = EXIT_USAGE; goto done; }
    long k, year;
    if (cli_int(o, n, "k", 3, 1, 100, &k) || cli_int(o, n, "year", 0, 0, 9999, &year)) { rc = EXIT_USAGE; goto done; }
    if ((rc = load("route", o, n, a.pos[0], &cs))) goto done;
    cor_freight *f = cor_case_freight(cs);
    const cor_freight_classes *cl = cor_freight_get_classes(f);
    const char *cname = cli_get(o, n, "class");
    int kc = cname ? cor_freight_classes_find(cl, cname) : 0;
    if (kc < 0) {
        fprintf(stderr, "corridor route: unknown class '%s' (", cname);
        for (int i = 0; i < cl->n; i++) fprintf(stderr, "%s%s", i ? ", " : "", cl->cls[i].name);
        fprintf(stderr, ")\n");
        rc = EXIT_USAGE;
        goto done;
    }
    const cor_network *net = cor_freight_network(f);
    int32_t s = cor_network_find_node(net, from), t = cor_network_find_node(net, to);
    if (s < 0 || t < 0) { fprintf(stderr, "corridor route: unknown node '%s'\n", s < 0 ? from : to); rc = EXIT_USAGE; goto done; }
    cor_error err = {0};
    if (!cli_get(o, n, "free-flow")) {
        cor_case_solve_paths(cs, &r, &err);
        if (!r) { rc = cli_fail("route", &err); goto done; }
    }
    rt = calloc((size_t)k, sizeof *rt);
    if (!rt) { rc = EXIT_NOMEM; goto done; }
    if (cor_freight_routes(f, r, kc, s, t, (int)k, 0, rt, &found, &err)) { rc = cli_fail("route", &err); goto done; }
    if (!found) { fprintf(stderr, "corridor route: no open route for class %s from %s to %s\n", cl->cls[kc].name, from, to); rc = EXIT_INPUT; goto done; }
    printf("%s -> %s, class %s (VoT %.4g USD/t-h), %s times%s\n", node_name(net, s), node_name(net, t),
           cl->cls[kc].name, cl->cls[kc].vot, r ? "equilibrium" : "free-flow",
           found < k ? "; fewer distinct corridors than asked" : "");
    for (int i = 0; i < found; i++) {
        const cor_vocab *voc = cor_freight_vocab(f);
        printf("\nroute %d: %s  [", i + 1, cor_vocab_tag(voc, rt[i].primary));
        int nt = 0;
        for (int c = 0; c < cor_vocab_count(voc); c++)
            if (rt[i].corridors & COR_CORR_BIT(c)) printf("%s%s", nt++ ? "+" : "", cor_vocab_tag(voc, c));
        char *ctry;
        if (cor_freight_countries_str(f, rt[i].links, rt[i].n_links, &ctry) < 0) { rc = EXIT_NOMEM; goto done; }
        printf("%s]  %.1f days  USD %.0f/t  generalized USD %.0f/t\n", nt ? "" : "-", rt[i].hours / 24, rt[i].usd,
               rt[i].gen_usd);
        printf("  countries: %s\n  %s", ctry, net->node_id[s]);
        free(ctry);
        for (int32_t j = 0; j < rt[i].n_links; j++) printf(" -> %s", net->node_id[net->link_to[rt[i].links[j]]]);
        printf("\n");
    }
done:
    cor_freight_routes_free(rt, found);
    free(rt);
    cor_freight_result_destroy(r);
    cor_case_destroy(cs);
    cli_free(o, n, &a);
    return rc;
}
