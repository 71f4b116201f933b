/* corridor info — summary of a network (and its demand). */
#include <math.h>
#include <stdio.h>

#include "cli.h"

static const char USAGE[] =
    "usage: corridor info NET [--demand FILE] [--strict]\n\n"
    "Prints nodes, links, zones, link attribute ranges and demand totals.\n";

int cmd_info(int argc, char **argv)
{
    cli_opt o[] = {{"demand", 0, "demand file (TNTP _trips or GMNS demand.csv)", 0, 0, 0},
                   {"strict", 1, "refuse what the readers would skip with a warning (self-loops)", 0, 0, 0}};
    CLI_PARSE_ONE(o, USAGE, "NET");
    cor_network *net = NULL;
    cor_demand *dem = NULL;
    if (rc) { rc = rc < 0 ? 0 : rc; goto done; }
    if ((rc = cli_load("info", a.pos[0], cli_get(o, n, "demand"), cli_get(o, n, "strict") != NULL, &net, &dem))) goto done;
    printf("network   %s\n", a.pos[0]);
    printf("nodes     %ld\nlinks     %ld\nzones     %ld\n", (long)net->n_nodes, (long)net->n_links, (long)net->n_zones);
    long nothru = 0, coords = 0;
    for (int32_t u = 0; u < net->n_nodes; u++) {
        nothru += net->no_thru[u] != 0;
        coords += isfinite(net->node_x[u]) && isfinite(net->node_y[u]);
    }
    printf("no-through nodes %ld, nodes with coordinates %ld\n", nothru, coords);
    if (net->n_links) {
        double mn[4] = {INFINITY, INFINITY, INFINITY, INFINITY}, mx[4] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
        for (int32_t l = 0; l < net->n_links; l++) {
            double v[4] = {net->capacity[l], net->length[l], net->fftime[l], net->toll[l]};
            for (int k = 0; k < 4; k++) { if (v[k] < mn[k]) mn[k] = v[k]; if (v[k] > mx[k]) mx[k] = v[k]; }
        }
        const char *nm[4] = {"capacity", "length", "free_flow_time", "toll"};
        for (int k = 0; k < 4; k++) printf("%-16s min %-14g max %g\n", nm[k], mn[k], mx[k]);
    }
    if (net->link_extra.n_cols) {
        printf("extra link columns:");
        for (int c = 0; c < net->link_extra.n_cols; c++) printf(" %s", net->link_extra.names[c]);
        printf("\n");
    }
    if (dem) {
        double intra = 0;
        for (int c = 0; c < dem->n_classes; c++)
            for (int32_t z = 0; z < dem->n_zones; z++) {
                double q = dem->od[((size_t)c * (size_t)dem->n_zones + (size_t)z) * (size_t)dem->n_zones + (size_t)z];
                if (q > 0) intra += q;
            }
        printf("demand classes %d, total %.10g (intrazonal %.10g: from a zone to itself, not assigned)\n",
               dem->n_classes, cor_demand_total(dem, -1), intra);
        for (int c = 0; c < dem->n_classes; c++)
            printf("  %-20s %.10g\n", dem->class_name[c], cor_demand_total(dem, c));
    }
done:
    cor_demand_destroy(dem);
    cor_network_destroy(net);
    cli_free(o, n, &a);
    return rc;
}
