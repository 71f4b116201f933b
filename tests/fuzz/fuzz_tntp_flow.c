/* Fuzz target: TNTP _flow reader (cor_read_tntp_flow), against a fixed
 * network or "NET\n@@\nFLOWS". */
#include "fuzz_common.h"

FUZZ_TARGET(tntp_flow)
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
    double *flow = malloc(sizeof(double) * (size_t)(net->n_links + 1));
    FZ_CHECK(flow != NULL);
    memset(&err, 0, sizeof err);
    cor_status st = cor_read_tntp_flow(fz_write("b", part[np - 1], len[np - 1]), net, flow, &err);
    if (st) fz_check_error(st, &err);
    else
        for (int32_t a = 0; a < net->n_links; a++) FZ_CHECK(isfinite(flow[a]));
    free(flow);
    cor_network_destroy(net);
    return 0;
}
