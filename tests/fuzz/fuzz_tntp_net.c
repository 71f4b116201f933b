/* Fuzz target: TNTP _net reader (cor_read_tntp_net).  The input is the file. */
#include "fuzz_common.h"

FUZZ_TARGET(tntp_net)
{
    cor_network *net = (cor_network *)1;
    cor_error err = {0};
    const char *p = fz_write("a", data, size);
    cor_status st = cor_read_tntp_net(p, &net, &err);
    if (st) {
        fz_check_error(st, &err);
        FZ_CHECK(net == NULL);
        return 0;
    }
    fz_check_network(net);
    /* header sizes were checked against the data */
    FZ_CHECK((size_t)net->n_links <= size / 10 + 1);
    FZ_CHECK((size_t)net->n_nodes <= size / 2 + 16);
    cor_network *c = cor_network_clone(net);
    FZ_CHECK(c != NULL);
    FZ_CHECK(c->n_links == net->n_links && c->n_nodes == net->n_nodes && c->n_zones == net->n_zones);
    cor_network_destroy(c);
    cor_network_destroy(net);
    return 0;
}
