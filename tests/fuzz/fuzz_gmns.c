/* Fuzz target: GMNS directory reader (cor_read_gmns) — node.csv, link.csv,
 * demand.csv and config.csv.  The input is "NODE\n@@\nLINK[\n@@\nDEMAND[\n@@\n
 * CONFIG]]"; a single part is link.csv over a fixed node.csv. */
#include "fuzz_common.h"

static const char GMNS_NODES[] =
    "node_id,x_coord,y_coord,zone_id,node_type\n1,0,0,1,\n2,1,0,2,\n3,0.5,1,,\n4,2,2,2,centroid\n";

FUZZ_TARGET(gmns)
{
    const uint8_t *part[FZ_MAX_PARTS];
    size_t len[FZ_MAX_PARTS];
    int np = fz_split(data, size, part, len, 4);
    const char *dir = fz_subdir("gmns");
    if (np == 1) {
        fz_write("gmns/node.csv", GMNS_NODES, sizeof GMNS_NODES - 1);
        fz_write("gmns/link.csv", part[0], len[0]);
    } else {
        fz_write("gmns/node.csv", part[0], len[0]);
        fz_write("gmns/link.csv", part[1], len[1]);
    }
    if (np >= 3) fz_write("gmns/demand.csv", part[2], len[2]);
    else fz_remove("gmns/demand.csv");
    if (np >= 4) fz_write("gmns/config.csv", part[3], len[3]);
    else fz_remove("gmns/config.csv");
    cor_network *net = (cor_network *)1;
    cor_demand *dem = (cor_demand *)1;
    cor_error err = {0};
    cor_status st = cor_read_gmns(dir, &net, &dem, &err);
    if (st) {
        fz_check_error(st, &err);
        FZ_CHECK(net == NULL && dem == NULL);
        return 0;
    }
    fz_check_network(net);
    if (np >= 3) {
        FZ_CHECK(dem != NULL);
        fz_check_demand(dem, net);
    } else {
        FZ_CHECK(dem == NULL);
    }
    /* the same directory through the generic entry point */
    cor_network *n2 = NULL;
    memset(&err, 0, sizeof err);
    FZ_CHECK(cor_read_network(dir, &n2, NULL, &err) == COR_OK);
    FZ_CHECK(n2->n_links == net->n_links && n2->n_nodes == net->n_nodes && n2->n_zones == net->n_zones);
    cor_network_destroy(n2);
    cor_network *c = cor_network_clone(net);
    FZ_CHECK(c != NULL && c->n_links == net->n_links);
    fz_check_network(c);
    cor_network_destroy(c);
    cor_demand_destroy(dem);
    cor_network_destroy(net);
    return 0;
}
