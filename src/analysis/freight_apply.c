/* corridor — applying a scenario to a freight model. */
#include <stdlib.h>

#include "corridor/analysis.h"
#include "analysis/internal.h"

cor_status cor_scenario_apply_freight(const cor_scenario *s, cor_freight *f, cor_error *err)
{
    if (!s) return COR_OK;
    cor_network *net = cor_freight_network(f);
    cor_scenario_effect eff;
    cor_status st = cor_scenario_edit(s, net, cor_freight_cost_usd(f), cor_freight_demand(f),
                                      &eff, err);
    if (st) return st;
    if ((st = cor__scenario_apply_constants(s, f, err))) {
        cor_scenario_effect_free(&eff);
        return st;
    }
    for (int32_t a = 0; a < net->n_links; a++)
        if (eff.open_override[a] >= 0) cor_freight_set_link_open(f, a, eff.open_override[a]);
    if (cor_scenario_year(s) > 0) cor_freight_set_year(f, cor_scenario_year(s));
    cor_error e2 = {0};
    st = cor__scenario_check(s, &eff, cor_freight_problem(f, &e2), err);
    cor_scenario_effect_free(&eff);
    return st;
}
