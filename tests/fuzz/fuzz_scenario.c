/* Fuzz target: scenario files (cor_scenario_load) applied to a small fixed
 * freight model (cor_scenario_apply_freight) and network
 * (cor_scenario_edit).  The input is "SCENARIO[\n@@\nBASE]": the second part
 * is written as b.scenario beside it, so "base b" chains to it. */
#include "fuzz_common.h"
#include "corridor/analysis.h"
#include "corridor/freight.h"

static const char SC_NODES[] =
    "node_id,x_coord,y_coord,zone_id,country\n"
    "kz_a,50,45,kz_a,KZ\naz_b,49.8,40.4,az_b,AZ\nge_c,41.6,41.6,,GE\ntr_d,36,40,tr_d,TR\nru_e,40,55,,RU\n";
static const char SC_LINKS[] =
    "link_id,from_node_id,to_node_id,directed,mode,length,free_flow_time,capacity,cost,vdf_alpha,vdf_beta,"
    "country,corridor,status,opening_year\n"
    "L1,kz_a,az_b,0,ferry,450,30,5000000,40,0.15,4,KZ;AZ,middle,open,\n"
    "L2,az_b,ge_c,0,rail,500,20,15000000,20,0.15,4,AZ;GE,middle,open,\n"
    "L3,ge_c,tr_d,0,rail,800,30,10000000,30,0.15,4,GE;TR,middle,open,\n"
    "L4,kz_a,ru_e,0,rail,2000,60,20000000,50,0.15,4,KZ;RU,northern,open,\n"
    "L5,ru_e,tr_d,0,sea,3000,200,,60,0,4,RU;TR,northern,open,\n"
    "L6,az_b,tr_d,0,rail,700,25,15000000,25,0.15,4,AZ;AM;TR,tripp,planned,2030\n"
    "L7,ge_c,az_b,1,road,500,12,,70,0,4,GE;AZ,,closed,\n";
static const char SC_DEMAND[] =
    "o_zone_id,d_zone_id,class,volume\nkz_a,tr_d,containers,1000000\nkz_a,tr_d,oil,2000000\naz_b,kz_a,oil,5000\n";
static const char SC_CLASS[] =
    "class,value_of_time,allowed_modes,unit,tonnes_per_unit,description\n"
    "containers,0.3,rail;road;ferry;sea;transfer,TEU,12,boxes\noil,0.005,pipeline;sea;ferry;rail,t,1,crude\n";

/* Every OD cell finite (a scenario may scale the total past the largest
 * double: cor_problem_check rejects that at solve time). */
static void fz_check_cells(const cor_demand *d, const cor_network *net)
{
    FZ_CHECK(d != NULL && d->n_zones == net->n_zones);
    size_t zz = (size_t)d->n_zones * (size_t)d->n_zones * (size_t)d->n_classes;
    for (size_t i = 0; i < zz; i++) FZ_CHECK(isfinite(d->od[i]) && d->od[i] >= 0);
}

FUZZ_TARGET(scenario)
{
    static cor_freight *base;
    if (!base) {
        const char *dir = fz_subdir("sc");
        fz_write("sc/node.csv", SC_NODES, sizeof SC_NODES - 1);
        fz_write("sc/link.csv", SC_LINKS, sizeof SC_LINKS - 1);
        fz_write("sc/demand.csv", SC_DEMAND, sizeof SC_DEMAND - 1);
        fz_write("sc/class.csv", SC_CLASS, sizeof SC_CLASS - 1);
        cor_freight_opts o = {0};
        cor_error e = {0};
        if (cor_freight_load(dir, &o, &base, &e)) {
            fprintf(stderr, "fixed freight model: %s\n", e.msg);
            abort();
        }
    }
    const uint8_t *part[FZ_MAX_PARTS];
    size_t len[FZ_MAX_PARTS];
    int np = fz_split(data, size, part, len, 2);
    fz_subdir("scn");
    const char *path = fz_write("scn/s.scenario", part[0], len[0]);
    if (np == 2) fz_write("scn/b.scenario", part[1], len[1]);
    else fz_remove("scn/b.scenario");
    cor_scenario *sc = (cor_scenario *)1;
    cor_error err = {0};
    cor_status st = cor_scenario_load(path, &sc, &err);
    if (st) {
        fz_check_error(st, &err);
        FZ_CHECK(sc == NULL);
        return 0;
    }
    FZ_CHECK(cor_scenario_name(sc) != NULL && cor_scenario_description(sc) != NULL);
    FZ_CHECK(cor_scenario_n_edits(sc) >= 0);
    /* on the freight model */
    cor_freight *f = cor_freight_clone(base);
    FZ_CHECK(f != NULL);
    memset(&err, 0, sizeof err);
    st = cor_scenario_apply_freight(sc, f, &err);
    if (st) {
        fz_check_error(st, &err);
    } else {
        cor_network *net = cor_freight_network(f);
        fz_check_network(net);
        const double *cost = cor_freight_cost_usd(f);
        for (int32_t a = 0; a < net->n_links; a++) FZ_CHECK(isfinite(cost[a]));
        fz_check_cells(cor_freight_demand(f), net);
    }
    cor_freight_destroy(f);
    /* on a plain network copy */
    cor_network *net = cor_network_clone(cor_freight_network(base));
    cor_demand *dem = cor_demand_clone(cor_freight_demand(base));
    FZ_CHECK(net != NULL && dem != NULL);
    double *cost = malloc(sizeof(double) * (size_t)(net->n_links + 1));
    FZ_CHECK(cost != NULL);
    for (int32_t a = 0; a < net->n_links; a++) cost[a] = 10;
    cor_scenario_effect eff = {0};
    memset(&err, 0, sizeof err);
    st = cor_scenario_edit(sc, net, cost, dem, &eff, &err);
    if (st) {
        fz_check_error(st, &err);
    } else {
        fz_check_network(net);
        fz_check_cells(dem, net);
        for (int32_t a = 0; a < net->n_links; a++) FZ_CHECK(isfinite(cost[a]));
        if (eff.open_override)
            for (int32_t a = 0; a < net->n_links; a++) FZ_CHECK(eff.open_override[a] >= -1 && eff.open_override[a] <= 1);
        FZ_CHECK(eff.n_closed >= 0 && eff.n_opened >= 0);
    }
    cor_scenario_effect_free(&eff);
    free(cost);
    cor_demand_destroy(dem);
    cor_network_destroy(net);
    cor_scenario_destroy(sc);
    return 0;
}
