/* Fuzz target: TNTP _trips reader (cor_read_tntp_trips).  The input is the
 * trips file read against a fixed network, or "NET\n@@\nTRIPS" to fuzz both. */
#include "fuzz_common.h"

FUZZ_TARGET(tntp_trips)
{
    const uint8_t *part[FZ_MAX_PARTS];
    size_t len[FZ_MAX_PARTS];
    int np = fz_split(data, size, part, len, 2);
    cor_network *net = NULL;
    cor_error err = {0};
    if (np == 2) {
        cor_status st = cor_read_tntp_net(fz_write("a", part[0], len[0]), &net, &err);
        if (st) { fz_check_error(st, &err); return 0; }
        fz_check_network(net);
    } else {
        net = fz_fixed_net();
    }
    const uint8_t *t = part[np - 1];
    size_t tn = len[np - 1];
    cor_demand *d = (cor_demand *)1;
    memset(&err, 0, sizeof err);
    cor_status st = cor_read_tntp_trips(fz_write("b", t, tn), net, &d, &err);
    if (st) {
        fz_check_error(st, &err);
        FZ_CHECK(d == NULL);
    } else {
        fz_check_demand(d, net);
        cor_demand_destroy(d);
    }
    cor_network_destroy(net);
    return 0;
}
