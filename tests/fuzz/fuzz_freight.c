/* Fuzz target: the freight model as loaded from a data directory
 * (cor_freight_load: the link columns mode, cost, country, corridor, status,
 * opening_year, commodity; class.csv; demand classes) and solved
 * (cor_freight_solve, a few iterations, with the path decomposition).  The
 * input is "LINK[\n@@\nDEMAND[\n@@\nCLASS[\n@@\nNODE]]]"; missing parts are
 * fixed small files. */
#include "fuzz_common.h"
#include "corridor/freight.h"

static const char FR_NODES[] =
    "node_id,x_coord,y_coord,zone_id,country\n"
    "kz_a,51,45,kz_a,KZ\naz_b,49.8,40.4,az_b,AZ\nge_c,41.6,41.6,,GE\ntr_d,36,40,tr_d,TR\nam_e,46,39,,AM\n";
static const char FR_LINKS[] =
    "link_id,from_node_id,to_node_id,directed,mode,length,free_flow_time,capacity,cost,vdf_alpha,vdf_beta,"
    "country,corridor,status,opening_year,commodity\n"
    "L1,kz_a,az_b,0,ferry,450,30,5000000,40,0.15,4,KZ;AZ,middle,open,,\n"
    "L2,az_b,ge_c,0,rail,500,20,15000000,20,0.15,4,AZ;GE,middle,open,,\n"
    "L3,ge_c,tr_d,0,rail,800,30,10000000,30,0.15,4,GE;TR,middle;feeder,open,,\n"
    "L4,az_b,am_e,0,rail,300,10,15000000,10,0.15,4,AZ;AM,tripp,planned,2030,\n"
    "L5,am_e,tr_d,0,rail,400,12,15000000,12,0.15,4,AM;TR,tripp,under_construction,2029,\n"
    "L6,kz_a,tr_d,1,pipeline,2000,100,30000000,15,0,4,KZ;AZ;GE;TR,energy,open,,oil\n";
static const char FR_DEMAND[] =
    "o_zone_id,d_zone_id,class,volume\nkz_a,tr_d,containers,1000000\nkz_a,tr_d,oil,2000000\naz_b,kz_a,containers,5000\n";
static const char FR_CLASS[] =
    "class,value_of_time,allowed_modes,unit,tonnes_per_unit,description\n"
    "containers,0.3,rail;road;ferry;sea;transfer,TEU,12,boxes\noil,0.005,pipeline;sea;ferry;rail,t,1,crude\n";

FUZZ_TARGET(freight)
{
    const uint8_t *part[FZ_MAX_PARTS];
    size_t len[FZ_MAX_PARTS];
    int np = fz_split(data, size, part, len, 4);
    const char *dir = fz_subdir("fr");
    fz_write("fr/link.csv", part[0], len[0]);
    if (np >= 2) fz_write("fr/demand.csv", part[1], len[1]);
    else fz_write("fr/demand.csv", FR_DEMAND, sizeof FR_DEMAND - 1);
    if (np >= 3) fz_write("fr/class.csv", part[2], len[2]);
    else fz_write("fr/class.csv", FR_CLASS, sizeof FR_CLASS - 1);
    if (np >= 4) fz_write("fr/node.csv", part[3], len[3]);
    else fz_write("fr/node.csv", FR_NODES, sizeof FR_NODES - 1);
    cor_freight_opts o = {.year = (size & 1) ? 2030 : 0};
    cor_freight *f = (cor_freight *)1;
    cor_error err = {0};
    cor_status st = cor_freight_load(dir, &o, &f, &err);
    if (st) {
        fz_check_error(st, &err);
        FZ_CHECK(f == NULL);
        return 0;
    }
    cor_network *net = cor_freight_network(f);
    fz_check_network(net);
    const cor_freight_classes *fc = cor_freight_get_classes(f);
    const cor_demand *dem = cor_freight_demand(f);
    fz_check_demand(dem, net);
    FZ_CHECK(dem->n_classes == fc->n);
    for (int k = 0; k < fc->n; k++) FZ_CHECK(!strcmp(dem->class_name[k], fc->cls[k].name));
    const double *cost = cor_freight_cost_usd(f);
    for (int32_t a = 0; a < net->n_links; a++) FZ_CHECK(isfinite(cost[a]));
    if (net->n_links > 300 || net->n_zones > 30) {
        cor_freight_destroy(f);
        return 0;
    }
    cor_assign_params par;
    cor_assign_params_default(&par);
    par.max_iter = 5;
    par.threads = 1;
    par.gap = 1e-4;
    cor_freight_result *r = (cor_freight_result *)1;
    memset(&err, 0, sizeof err);
    st = cor_freight_solve(f, &par, &r, &err);
    if (st != COR_OK && st != COR_E_NOCONV) {
        FZ_CHECK(r == NULL && err.code == st && err.msg[0]);
        FZ_CHECK(st == COR_E_INPUT || st == COR_E_NOMEM);
    } else {
        FZ_CHECK(r != NULL && r->sol != NULL);
        for (int32_t a = 0; a < net->n_links; a++) {
            FZ_CHECK(isfinite(r->sol->flow[a]) && r->sol->flow[a] >= 0);
            FZ_CHECK(isfinite(r->sol->time[a]));
        }
        for (int i = 0; i < r->n_paths; i++) {
            const cor_freight_path *p = &r->paths[i];
            FZ_CHECK(isfinite(p->flow) && p->flow >= 0 && isfinite(p->hours) && isfinite(p->usd));
            FZ_CHECK(p->cls >= 0 && p->cls < fc->n && p->n_links >= 0);
            for (int32_t j = 0; j < p->n_links; j++) FZ_CHECK(p->links[j] >= 0 && p->links[j] < net->n_links);
        }
        FZ_CHECK(isfinite(r->decomposition_residual));
        cor_freight_result_destroy(r);
    }
    cor_freight_destroy(f);
    return 0;
}
