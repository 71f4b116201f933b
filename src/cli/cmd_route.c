/* corridor route — k shortest routes between two nodes at free-flow cost;
 * on a freight data set (a directory with class.csv) the k cheapest routes
 * through distinct corridors at equilibrium times (cmd_route_freight). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char USAGE[] =
    "usage: corridor route NET --from NODE --to NODE [--k N]\n"
    "                      [--toll-factor F] [--distance-factor F]\n\n"
    "Lists the k cheapest loopless routes at free-flow generalized cost\n"
    "(time + toll-factor*toll + distance-factor*length).\n";

static const char *node_name(const cor_network *net, int32_t v)
{
    int c = cor_network_node_col(net, "name");
    const char *s = c >= 0 ? net->node_extra.values[c][v] : "";
    return *s ? s : net->node_id[v];
}

/* --from and --to, the same in both variants of the command */
#define ROUTE_ENDPOINT_OPTS                                                              \
    {"from", 0, "origin node id", 0, 0, 0}, {"to", 0, "destination node id", 0, 0, 0}

static const char ROUTE_USAGE[] =
    "usage: corridor route DIR --from NODE --to NODE [--k N] [--class NAME]\n"
    "                      [--year Y] [--free-flow]\n\n"
    "On a freight data set (DIR with class.csv): the k cheapest routes for one\n"
    "class (default: the first in class.csv) that use DISTINCT corridors, by\n"
    "generalized cost USD/t + value of time x hours, at the equilibrium link\n"
    "times of the base demand (--free-flow: at free-flow times).  Each route\n"
    "shows its corridor, door-to-door days, USD/t and the countries crossed.\n";

/* With the logit model: the share of the class's OD tonnes whose routes
 * use the same corridors as `rt` (feeder tags aside). */
static void route_share(cor_freight *f, const cor_freight_result *r, int kc, int32_t s, int32_t t,
                        const cor_freight_route *rt)
{
    const cor_network *net = cor_freight_network(f);
    int32_t o = net->node_zone[s], d = net->node_zone[t];
    if (o < 0 || d < 0) { printf("  logit share: - (not a zone pair)\n"); return; }
    cor_corridor_mask keep = ~cor_vocab_feeder_mask(cor_freight_vocab(f));
    double all = 0, same = 0;
    for (int i = 0; i < r->n_paths; i++) {
        const cor_freight_path *p = &r->paths[i];
        if (p->cls != kc || p->o != o || p->d != d) continue;
        all += p->flow;
        if ((p->corridors & keep) == (rt->corridors & keep)) same += p->flow;
    }
    if (all > 0) printf("  logit share of the OD's tonnes on these corridors: %.1f %%\n", 100 * same / all);
    else printf("  logit share: - (no demand between these zones)\n");
}

static int cmd_route_freight(int argc, char **argv)
{
    cli_opt o[] = {
        ROUTE_ENDPOINT_OPTS,
        {"k", 0, "number of distinct-corridor routes (default 3)", 0, 0, 0},
        {"class", 0, "commodity class (default: first in class.csv)", 0, 0, 0},
        {"year", 0, "open links whose opening_year <= Y", 0, 0, 0},
        {"free-flow", 1, "use free-flow times instead of equilibrium times", 0, 0, 0},
        {"choice", 0, "ue or logit (default when every class has a logit_scale): with logit, each route's share of the OD's tonnes", 0, 0, 0},
    };
    CLI_PARSE_ONE(o, ROUTE_USAGE, "DIR");
    cor_case *cs = NULL;
    cor_freight_result *r = NULL;
    cor_freight_route *rt = NULL;
    int found = 0;
    if (rc) { rc = rc < 0 ? 0 : rc; goto done; }
    const char *from = cli_get(o, n, "from"), *to = cli_get(o, n, "to");
    if (!from || !to) { fprintf(stderr, "corridor route: --from and --to are required\n"); rc = EXIT_USAGE; goto done; }
    long k, year;
    if (cli_int(o, n, "k", 3, 1, 100, &k) || cli_int(o, n, "year", 0, COR_YEAR_MIN, COR_YEAR_MAX, &year)) { rc = EXIT_USAGE; goto done; }
    if ((rc = cli_freight_case_open("route", o, n, a.pos[0], &cs))) goto done;
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
    cor_choice_model cm = COR_CHOICE_UE;
    if (cli_get(o, n, "choice") && cor_choice_model_parse(cli_get(o, n, "choice"), &cm)) {
        fprintf(stderr, "corridor route: --choice: unknown model '%s' (ue, logit)\n", cli_get(o, n, "choice"));
        rc = EXIT_USAGE;
        goto done;
    }
    if (cm == COR_CHOICE_LOGIT && cli_get(o, n, "free-flow")) {
        fprintf(stderr, "corridor route: --choice logit solves the choice model; it does not go with --free-flow\n");
        rc = EXIT_USAGE;
        goto done;
    }
    if (!cli_get(o, n, "choice") && !cli_get(o, n, "free-flow")) cm = cor_case_choice(cs);
    cor_case_set_choice(cs, cm);
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
        if (cm == COR_CHOICE_LOGIT) route_share(f, r, kc, s, t, &rt[i]);
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

int cmd_route(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) /* a freight data set (class.csv): corridor routes */
        if (argv[i][0] != '-' && cor_freight_dir_is_freight(argv[i])) return cmd_route_freight(argc, argv);
    cli_opt o[] = {
        ROUTE_ENDPOINT_OPTS,
        {"k", 0, "number of routes (default 1)", 0, 0, 0},
        {"toll-factor", 0, "generalized cost weight of toll (default 0)", 0, 0, 0},
        {"distance-factor", 0, "generalized cost weight of length (default 0)", 0, 0, 0},
    };
    CLI_PARSE_ONE(o, USAGE, "NET");
    cor_network *net = NULL;
    double *cost = NULL;
    int32_t **paths = NULL, *plen = NULL;
    double *pc = NULL;
    int found = 0;
    if (rc) { rc = rc < 0 ? 0 : rc; goto done; }
    const char *from = cli_get(o, n, "from"), *to = cli_get(o, n, "to");
    if (!from || !to) { fprintf(stderr, "corridor route: --from and --to are required\n"); rc = EXIT_USAGE; goto done; }
    long k;
    double tf, df;
    if (cli_int(o, n, "k", 1, 1, 1000, &k) || cli_double(o, n, "toll-factor", 0, &tf) ||
        cli_double(o, n, "distance-factor", 0, &df)) { rc = EXIT_USAGE; goto done; }
    if ((rc = cli_load("route", a.pos[0], NULL, 0, &net, NULL))) goto done;
    int32_t s = cor_network_find_node(net, from), t = cor_network_find_node(net, to);
    if (s < 0 || t < 0) { fprintf(stderr, "corridor route: unknown node '%s'\n", s < 0 ? from : to); rc = EXIT_USAGE; goto done; }
    cost = malloc(sizeof(double) * (size_t)(net->n_links + 1));
    paths = calloc((size_t)k, sizeof *paths);
    plen = calloc((size_t)k, sizeof *plen);
    pc = calloc((size_t)k, sizeof *pc);
    if (!cost || !paths || !plen || !pc) { rc = EXIT_NOMEM; goto done; }
    cor_generalized_fixed(net, tf, df, cost);
    for (int32_t l = 0; l < net->n_links; l++) cost[l] += net->fftime[l];
    cor_error err = {0};
    if (cor_ksp(net, s, t, (int)k, cost, NULL, paths, plen, pc, &found, &err)) { rc = cli_fail("route", &err); goto done; }
    if (!found) { fprintf(stderr, "corridor route: no route from %s to %s\n", from, to); rc = EXIT_INPUT; goto done; }
    for (int i = 0; i < found; i++) {
        double len = 0, time = 0;
        for (int32_t j = 0; j < plen[i]; j++) { len += net->length[paths[i][j]]; time += net->fftime[paths[i][j]]; }
        printf("route %d: cost %.6g  time %.6g  length %.6g  links %ld\n  %s", i + 1, pc[i], time, len,
               (long)plen[i], net->node_id[s]);
        for (int32_t j = 0; j < plen[i]; j++) printf(" -> %s", net->node_id[net->link_to[paths[i][j]]]);
        printf("\n");
    }
done:
    if (paths) for (int i = 0; i < found; i++) free(paths[i]);
    free(paths); free(plen); free(pc); free(cost);
    cor_network_destroy(net);
    cli_free(o, n, &a);
    return rc;
}
