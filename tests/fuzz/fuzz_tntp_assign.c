/* Fuzz target: TNTP net + trips read and then assigned ("NET\n@@\nTRIPS"):
 * whatever the readers accept, every method must stop within its limits with
 * finite flows, times and gap, and list unserved demand instead of NaN. */
#include "fuzz_common.h"

FUZZ_TARGET(tntp_assign)
{
    const uint8_t *part[FZ_MAX_PARTS];
    size_t len[FZ_MAX_PARTS];
    if (fz_split(data, size, part, len, 2) != 2) return 0;
    cor_network *net = NULL;
    cor_demand *dem = NULL;
    cor_error err = {0};
    if (cor_read_tntp_net(fz_write("a", part[0], len[0]), &net, &err)) return 0;
    if (net->n_links > 200 || net->n_zones > 40 ||
        cor_read_tntp_trips(fz_write("b", part[1], len[1]), net, &dem, &err)) {
        cor_network_destroy(net);
        return 0;
    }
    cor_class cls = {.name = "all", .demand = dem->od, .vot = 1};
    cor_problem prob = {.net = net, .n_classes = 1, .classes = &cls};
    double total = cor_demand_total(dem, -1);
    for (int m = 0; m <= COR_METHOD_BUSH; m++) {
        cor_assign_params par;
        cor_assign_params_default(&par);
        par.method = (cor_method)m;
        par.max_iter = 8;
        par.threads = 1;
        cor_solution *sol = NULL;
        memset(&err, 0, sizeof err);
        cor_status st = cor_assign(&prob, &par, &sol, &err);
        if (!sol) {
            if (st != COR_E_INPUT && st != COR_E_NOMEM)
                fprintf(stderr, "method %s: status %d: %s\n", cor_method_name((cor_method)m), st, err.msg);
            FZ_CHECK(st != COR_OK && err.code == st && err.msg[0]);
            FZ_CHECK(st == COR_E_INPUT || st == COR_E_NOMEM);
            continue;
        }
        FZ_CHECK(st == COR_OK || st == COR_E_NOCONV);
        FZ_CHECK(sol->iterations >= 1 && sol->iterations <= par.max_iter + 1);
        FZ_CHECK(isfinite(sol->relative_gap) && sol->relative_gap >= 0);
        FZ_CHECK(isfinite(sol->unserved_total) && sol->unserved_total >= 0);
        FZ_CHECK(sol->unserved_total <= total * (1 + 1e-9) + 1e-9);
        for (int32_t a = 0; a < net->n_links; a++) {
            if (!(isfinite(sol->flow[a]) && sol->flow[a] >= 0 && isfinite(sol->time[a]) && sol->time[a] >= 0))
                fprintf(stderr, "method %s link %s: flow %.17g time %.17g\n", cor_method_name(sol->method),
                        net->link_id[a], sol->flow[a], sol->time[a]);
            FZ_CHECK(isfinite(sol->flow[a]) && sol->flow[a] >= 0);
            FZ_CHECK(isfinite(sol->time[a]) && sol->time[a] >= 0);
        }
        cor_solution_destroy(sol);
    }
    cor_demand_destroy(dem);
    cor_network_destroy(net);
    return 0;
}
