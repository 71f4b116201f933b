/* Fuzz target: TNTP _node reader (cor_read_tntp_node), against a fixed
 * network or "NET\n@@\nNODES". */
#include "fuzz_common.h"

FUZZ_TARGET(tntp_node)
{
    const uint8_t *part[FZ_MAX_PARTS];
    size_t len[FZ_MAX_PARTS];
    int np = fz_split(data, size, part, len, 2);
    cor_network *net = NULL;
    cor_error err = {0};
    if (np == 2) {
        cor_status st = cor_read_tntp_net(fz_write("a", part[0], len[0]), &net, &err);
        if (st) { fz_check_error(st, &err); return 0; }
    } else {
        net = fz_fixed_net();
    }
    memset(&err, 0, sizeof err);
    cor_status st = cor_read_tntp_node(fz_write("b", part[np - 1], len[np - 1]), net, &err);
    if (st) fz_check_error(st, &err);
    for (int32_t u = 0; u < net->n_nodes; u++) {
        /* unknown coordinates stay NAN; known ones are finite */
        FZ_CHECK(isnan(net->node_x[u]) || isfinite(net->node_x[u]));
        FZ_CHECK(isnan(net->node_y[u]) || isfinite(net->node_y[u]));
    }
    fz_check_network(net);
    cor_network_destroy(net);
    return 0;
}
