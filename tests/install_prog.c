/* A program built against an installed corridor (tests/cli_install.sh):
 * solves the Braess network to equilibrium and checks it against the
 * closed form (6 units from 1 to 2: every route carries 2 and costs 92). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <corridor/corridor.h>

int main(int argc, char **argv)
{
    if (argc != 3) return 2;
    printf("corridor %s (headers %s)\n", cor_version(), COR_VERSION);
    if (strcmp(cor_version(), COR_VERSION)) return 3;
    cor_error err = {0};
    cor_network *net = NULL;
    cor_demand *dem = NULL;
    if (cor_read_tntp_net(argv[1], &net, &err) || cor_read_tntp_trips(argv[2], net, &dem, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 4;
    }
    cor_class cls = {.name = "all", .demand = dem->od, .vot = 1.0};
    cor_problem prob = {.net = net, .n_classes = 1, .classes = &cls};
    cor_assign_params par;
    cor_assign_params_default(&par);
    par.gap = 1e-10;
    par.threads = 1;
    cor_solution *sol = NULL;
    cor_status st = cor_assign(&prob, &par, &sol, &err);
    if (st) {
        fprintf(stderr, "%s\n", err.msg);
        return 5;
    }
    /* links in file order: 1-3, 1-4, 3-2, 4-2, 3-4 */
    static const double want[5] = {4, 2, 2, 4, 2};
    int bad = 0;
    for (int32_t a = 0; a < net->n_links; a++) {
        int32_t r = net->link_by_order[a];
        printf("link %s-%s flow %.4f\n", net->node_id[net->link_from[r]], net->node_id[net->link_to[r]],
               sol->flow[r]);
        if (fabs(sol->flow[r] - want[a]) > 1e-4) bad = 1;
    }
    cor_solution_destroy(sol);
    cor_demand_destroy(dem);
    cor_network_destroy(net);
    return bad ? 6 : 0;
}
