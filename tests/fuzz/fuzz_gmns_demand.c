/* Fuzz target: GMNS demand.csv (cor_read_gmns_demand) against a fixed GMNS
 * network with zones 1, 2 (two nodes: a centroid) and z3. */
#include "fuzz_common.h"

static const char GD_NODES[] = "node_id,x_coord,y_coord,zone_id\n1,0,0,1\n2,1,0,2\n3,0.5,1,2\n4,2,2,z3\n";
static const char GD_LINKS[] =
    "link_id,from_node_id,to_node_id,directed,length,free_speed,capacity\n"
    "a,1,2,0,10,60,100\nb,2,3,1,5,30,50\nc,3,4,,1,60,\nd,4,1,1,2,60,1000\n";

FUZZ_TARGET(gmns_demand)
{
    static cor_network *net;
    if (!net) {
        const char *dir = fz_subdir("gd");
        fz_write("gd/node.csv", GD_NODES, sizeof GD_NODES - 1);
        fz_write("gd/link.csv", GD_LINKS, sizeof GD_LINKS - 1);
        cor_error e = {0};
        if (cor_read_gmns(dir, &net, NULL, &e)) {
            fprintf(stderr, "fixed GMNS network: %s\n", e.msg);
            abort();
        }
    }
    cor_demand *dem = (cor_demand *)1;
    cor_error err = {0};
    cor_status st = cor_read_gmns_demand(fz_write("gd/demand.csv", data, size), net, &dem, &err);
    if (st) {
        fz_check_error(st, &err);
        FZ_CHECK(dem == NULL);
        return 0;
    }
    fz_check_demand(dem, net);
    for (int c = 0; c < dem->n_classes; c++) FZ_CHECK(cor_demand_find_class(dem, dem->class_name[c]) == c);
    cor_demand *cl = cor_demand_clone(dem);
    FZ_CHECK(cl != NULL && cor_demand_total(cl, -1) == cor_demand_total(dem, -1));
    cor_demand_destroy(cl);
    cor_demand_destroy(dem);
    return 0;
}
