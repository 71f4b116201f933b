/* corridor route — k shortest routes between two nodes at free-flow cost. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char USAGE[] =
    "usage: corridor route NET --from NODE --to NODE [--k N]\n"
    "                      [--toll-factor F] [--distance-factor F]\n\n"
    "Lists the k cheapest loopless routes at free-flow generalized cost\n"
    "(time + toll-factor*toll + distance-factor*length).\n";

int cmd_route(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) /* a freight data set (class.csv): corridor routes */
        if (argv[i][0] != '-' && cor_freight_dir_is_freight(argv[i])) return cmd_route_freight(argc, argv);
    cli_opt o[] = {
        {"from", 0, "origin node id", 0, 0, 0},
        {"to", 0, "destination node id", 0, 0, 0},
        {"k", 0, "number of routes (default 1)", 0, 0, 0},
        {"toll-factor", 0, "generalized cost weight of toll (default 0)", 0, 0, 0},
        {"distance-factor", 0, "generalized cost weight of length (default 0)", 0, 0, 0},
    };
    const int n = (int)(sizeof o / sizeof *o);
    cli_args a;
    int rc = cli_parse_one(argc, argv, o, n, &a, USAGE, "NET");
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
    if ((rc = cli_load("route", a.pos[0], NULL, &net, NULL))) goto done;
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
