/* Fuzz target: calibration targets (cor_targets_load, calibration.csv:
 * metrics days/tonnes/share, links, from/to zone and country lists, basis)
 * against a fixed small freight model, then cor_targets_measure on its
 * solved equilibrium.  Whatever is accepted must be consistent: ranges
 * finite with low <= high, shares within [0, 1], resolved links, nodes and
 * zone sets in range; measured shares within [0, 1] (or NAN), tonnes >= 0. */
#include "fuzz_common.h"
#include "corridor/calibrate.h"

static const char TG_NODES[] =
    "node_id,x_coord,y_coord,zone_id,country\n"
    "a,51,45,a,KZ\nb,49.8,40.4,b,AZ\nc,41.6,41.6,,GE\nd,36,40,d,TR\ne,46,39,,AM\n";
static const char TG_LINKS[] =
    "link_id,from_node_id,to_node_id,directed,mode,length,free_flow_time,capacity,cost,country,corridor,status\n"
    "L1,a,b,0,ferry,450,30,5000000,40,KZ;AZ,middle,open\n"
    "L2,b,c,0,rail,500,20,15000000,20,AZ-GE,middle|feeder,open\n"
    "L3,c,d,0,rail,800,30,10000000,30,GE;TR,middle,open\n"
    "L4,b,e,0,rail,300,10,15000000,10,AZ;AM,tripp,open\n"
    "L5,e,d,0,road,400,12,15000000,12,AM;TR,tripp,open\n";
static const char TG_DEMAND[] = "o_zone_id,d_zone_id,class,volume\na,d,c,1000\nb,d,c,500\n";
static const char TG_CLASS[] = "class,value_of_time,allowed_modes,logit_scale\nc,0.3,rail;road;ferry,0.05\n";

FUZZ_TARGET(targets)
{
    static cor_freight *f;
    static cor_freight_result *r;
    cor_error err = {0};
    if (!f) {
        fz_subdir("tg");
        fz_write("tg/node.csv", TG_NODES, sizeof TG_NODES - 1);
        fz_write("tg/link.csv", TG_LINKS, sizeof TG_LINKS - 1);
        fz_write("tg/demand.csv", TG_DEMAND, sizeof TG_DEMAND - 1);
        const char *cp = fz_write("tg/class.csv", TG_CLASS, sizeof TG_CLASS - 1);
        char dir[4200];
        snprintf(dir, sizeof dir, "%s", cp);
        *strrchr(dir, '/') = 0;
        FZ_CHECK(cor_freight_load(dir, NULL, &f, &err) == COR_OK);
        FZ_CHECK(cor_freight_solve_choice(f, NULL, &r, &err) == COR_OK);
    }
    cor_targets *t = (cor_targets *)1;
    cor_status st = cor_targets_load(fz_write("tg/calibration.csv", data, size), f, &t, &err);
    if (st) {
        fz_check_error(st, &err);
        FZ_CHECK(t == NULL);
        return 0;
    }
    const cor_network *net = cor_freight_network(f);
    FZ_CHECK(t->n >= 1);
    double *model = calloc((size_t)t->n, sizeof *model);
    FZ_CHECK(model != NULL);
    for (int i = 0; i < t->n; i++) {
        const cor_target *q = &t->t[i];
        FZ_CHECK(q->name && *q->name);
        FZ_CHECK(isfinite(q->low) && isfinite(q->high) && q->low <= q->high && q->low >= 0);
        FZ_CHECK(q->cls >= -1 && q->cls < 1);
        for (int32_t j = 0; j < q->n_links; j++) FZ_CHECK(q->links[j] >= 0 && q->links[j] < net->n_links);
        if (q->metric == COR_TARGET_DAYS) {
            FZ_CHECK(q->cls == 0 && q->corridors && !(q->corridors & (q->corridors - 1)));
            FZ_CHECK(q->from_node >= 0 && q->from_node < net->n_nodes && q->to_node >= 0 && q->to_node < net->n_nodes);
        }
        if (q->metric == COR_TARGET_SHARE) FZ_CHECK(q->high <= 1 && q->corridors);
        for (int j = i + 1; j < t->n; j++) FZ_CHECK(strcmp(q->name, t->t[j].name));
    }
    FZ_CHECK(cor_targets_measure(t, f, r, model, &err) == COR_OK);
    for (int i = 0; i < t->n; i++) {
        if (t->t[i].metric == COR_TARGET_SHARE) FZ_CHECK(isnan(model[i]) || (model[i] >= -1e-12 && model[i] <= 1 + 1e-12));
        if (t->t[i].metric == COR_TARGET_TONNES) FZ_CHECK(model[i] >= -1e-9 && isfinite(model[i]));
        if (t->t[i].metric == COR_TARGET_DAYS) FZ_CHECK(isnan(model[i]) || model[i] >= 0);
    }
    free(model);
    cor_targets_destroy(t);
    return 0;
}
