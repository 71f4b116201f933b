/* corridor — solved cases of a freight model (run.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/run.h"

typedef struct plain {
    cor_network *net;
    cor_demand *dem;
    cor_class *cls;
    double *fixed;
    uint8_t *open;
    cor_problem prob;
} plain;

static void plain_free(plain *q)
{
    if (!q) return;
    cor_network_destroy(q->net);
    cor_demand_destroy(q->dem);
    free(q->cls);
    free(q->fixed);
    free(q->open);
    free(q);
}

void cor__arun_free(cor_arun *r)
{
    if (!r) return;
    plain_free(r->plain_);
    free(r->name);
    cor_od_solution_destroy(r->s);
    cor_corridor_acc_destroy(r->acc);
    cor_freight_destroy(r->f);
    free(r);
}

static cor_status finish(cor_arun *r, cor_arun **out, cor_error *err);

static cor_corridor_mask classify(void *ud, const int32_t *links, int32_t n)
{
    return cor_freight_path_corridors((const cor_freight *)ud, links, n);
}

cor_status cor__arun_make(const cor_freight *base, const cor_scenario *sc,
                          const cor_assign_params *par, const cor_od_solution *warm,
                          cor_arun **out, cor_error *err)
{
    *out = NULL;
    cor_status st;
    cor_arun *r = calloc(1, sizeof *r);
    if (!r) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    const char *nm = sc ? cor_scenario_name(sc) : "base";
    r->name = malloc(strlen(nm) + 1);
    r->f = cor_freight_clone(base);
    if (!r->name || !r->f) { cor__arun_free(r); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
    strcpy(r->name, nm);
    if ((st = cor_scenario_apply_freight(sc, r->f, err))) { cor__arun_free(r); return st; }
    r->year = cor_freight_year(r->f);
    const cor_network *net = cor_freight_network(r->f);
    r->net = net;
    r->n_classes = cor_freight_demand(r->f)->n_classes;
    r->class_names = (const char *const *)cor_freight_demand(r->f)->class_name;
    int32_t m = net->n_links;
    if (!(r->p = cor_freight_problem(r->f, err))) { cor__arun_free(r); return err ? err->code : COR_E_NOMEM; }
    const uint8_t *open = cor_freight_link_open(r->f);
    for (int32_t a = 0; a < m; a++) r->n_closed += !open[a];
    st = cor_od_solve(r->p, par, warm, &r->s, err);
    if (!r->s) { cor__arun_free(r); return st; }
    r->solve_st = st;
    r->usd = cor_freight_cost_usd(r->f);
    if ((st = cor_corridor_accounting(r->s, net, classify, r->f, r->s->time, r->usd, &r->acc,
                                      err))) {
        cor__arun_free(r);
        return st;
    }
    return finish(r, out, err);
}

/* Plain networks: OD volumes, hours and money with every path under the
 * corridor "none". */
static cor_status plain_acc(cor_arun *r, cor_error *err)
{
    int K = r->p->n_classes;
    int32_t Z = r->net->n_zones;
    size_t kzz = (size_t)K * Z * Z, np = kzz * COR_ACC_NC;
    cor_corridor_acc *a = calloc(1, sizeof *a);
    double *v = malloc((kzz ? kzz : 1) * sizeof *v), *h = malloc((kzz ? kzz : 1) * sizeof *h);
    double *u = malloc((kzz ? kzz : 1) * sizeof *u);
    if (a) {
        a->prim = calloc(np, sizeof(double)); a->prim_h = calloc(np, sizeof(double));
        a->prim_usd = calloc(np, sizeof(double));
        a->tag = calloc((size_t)K * COR_CORR_COUNT, sizeof(double));
        a->tag_h = calloc((size_t)K * COR_CORR_COUNT, sizeof(double));
        a->tag_usd = calloc((size_t)K * COR_CORR_COUNT, sizeof(double));
    }
    cor_status st = COR_OK;
    if (!a || !v || !h || !u || !a->prim || !a->prim_h || !a->prim_usd || !a->tag || !a->tag_h || !a->tag_usd) {
        st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        goto done;
    }
    a->n_classes = K;
    a->n_zones = Z;
    const double *q[2] = {r->s->time, r->usd};
    double *qa[2] = {h, u};
    if ((st = cor_touch(r->s, r->net, NULL, 2, q, v, NULL, qa, NULL, NULL, err))) goto done;
    for (size_t i = 0; i < kzz; i++) {
        a->prim[i * COR_ACC_NC + COR_CORR_NONE] = v[i];
        a->prim_h[i * COR_ACC_NC + COR_CORR_NONE] = h[i];
        a->prim_usd[i * COR_ACC_NC + COR_CORR_NONE] = u[i];
    }
    r->acc = a;
    a = NULL;
done:
    cor_corridor_acc_destroy(a);
    free(v); free(h); free(u);
    return st;
}

/* Totals; takes ownership of r. */
static cor_status finish(cor_arun *r, cor_arun **out, cor_error *err)
{
    const cor_network *net = r->net;
    int32_t m = net->n_links;
    int K = r->p->n_classes;
    int32_t Z = net->n_zones;
    size_t zz = (size_t)Z * Z;
    cor_status st;
    if (!r->acc && (st = plain_acc(r, err))) { cor__arun_free(r); return st; }
    for (int k = 0; k < K; k++) {
        const double *dm = r->p->classes[k].demand;
        for (size_t i = 0; i < zz; i++)
            if (i / (size_t)Z != i % (size_t)Z) r->demand += dm[i];
        r->cost_usd += r->p->classes[k].vot * r->s->class_gen_cost[k];
        const double *x = r->s->class_flow + (size_t)k * m;
        for (int32_t a = 0; a < m; a++) r->money_usd += x[a] * r->usd[a];
    }
    for (int32_t a = 0; a < m; a++) r->tonne_hours += r->s->flow[a] * r->s->time[a];
    r->unserved = r->s->unserved_total;
    r->served = r->demand - r->unserved;
    *out = r;
    return r->solve_st;
}

cor_status cor__arun_make_plain(const cor_network *net0, const cor_demand *dem0,
                                double tf, double df, const cor_scenario *sc,
                                const cor_assign_params *par, const cor_od_solution *warm,
                                cor_arun **out, cor_error *err)
{
    *out = NULL;
    cor_status st;
    cor_arun *r = calloc(1, sizeof *r);
    plain *q = calloc(1, sizeof *q);
    const char *nm = sc ? cor_scenario_name(sc) : "base";
    if (!r || !q || !(r->name = malloc(strlen(nm) + 1))) {
        free(r);
        free(q);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    strcpy(r->name, nm);
    r->plain_ = q;
    int32_t m = net0->n_links;
    size_t mm = (size_t)(m > 0 ? m : 1);
    q->net = cor_network_clone(net0);
    q->dem = cor_demand_clone(dem0);
    q->fixed = malloc(mm * sizeof *q->fixed);
    q->open = malloc(mm);
    q->cls = calloc((size_t)(dem0->n_classes > 0 ? dem0->n_classes : 1), sizeof *q->cls);
    if (!q->net || !q->dem || !q->fixed || !q->open || !q->cls) {
        cor__arun_free(r);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    memset(q->open, 1, mm);
    if (sc) {
        cor_scenario_effect eff;
        if ((st = cor_scenario_edit(sc, q->net, q->net->toll, q->dem, &eff, err))) { cor__arun_free(r); return st; }
        for (int32_t a = 0; a < m; a++) q->open[a] = eff.open_override[a] != 0;
        free(eff.open_override);
    }
    cor_generalized_fixed(q->net, tf, df, q->fixed);
    size_t zz = (size_t)q->net->n_zones * q->net->n_zones;
    for (int k = 0; k < q->dem->n_classes; k++)
        q->cls[k] = (cor_class){.name = q->dem->class_name[k], .demand = q->dem->od + zz * (size_t)k,
                                .fixed = (tf != 0 || df != 0) ? q->fixed : NULL, .vot = 1.0};
    q->prob = (cor_problem){.net = q->net, .n_classes = q->dem->n_classes, .classes = q->cls, .link_open = q->open};
    r->p = &q->prob;
    r->net = q->net;
    r->n_classes = q->dem->n_classes;
    r->class_names = (const char *const *)q->dem->class_name;
    r->usd = q->net->toll;
    for (int32_t a = 0; a < m; a++) r->n_closed += !q->open[a];
    st = cor_od_solve(r->p, par, warm, &r->s, err);
    if (!r->s) { cor__arun_free(r); return st; }
    r->solve_st = st;
    return finish(r, out, err);
}

int cor__auto_threads(const cor_network *net, int requested)
{
    if (requested > 0) return requested;
    return net->n_links < 2000 ? 1 : 0;
}

void cor__arun_od_mean(const cor_arun *r, int k, int32_t o, int32_t d, double *vol,
                       double *hours, double *usd)
{
    const cor_corridor_acc *a = r->acc;
    int K = a->n_classes;
    int32_t Z = a->n_zones;
    double v = 0, h = 0, u = 0;
    for (int kk = 0; kk < K; kk++) {
        if (k >= 0 && kk != k) continue;
        for (int32_t oo = 0; oo < Z; oo++) {
            if (o >= 0 && oo != o) continue;
            for (int32_t dd = 0; dd < Z; dd++) {
                if (d >= 0 && dd != d) continue;
                size_t base = (((size_t)kk * Z + oo) * Z + dd) * COR_ACC_NC;
                for (int c = 0; c < COR_ACC_NC; c++) {
                    v += a->prim[base + c];
                    h += a->prim_h[base + c];
                    u += a->prim_usd[base + c];
                }
            }
        }
    }
    if (vol) *vol = v;
    if (hours) *hours = v > 0 ? h / v : NAN;
    if (usd) *usd = v > 0 ? u / v : NAN;
}

int cor__arun_main_corridor(const cor_arun *r, int k, int32_t o, int32_t d)
{
    const cor_corridor_acc *a = r->acc;
    int32_t Z = a->n_zones;
    size_t base = (((size_t)k * Z + o) * Z + d) * COR_ACC_NC;
    int best = -1;
    double bv = 0;
    for (int c = 0; c < COR_ACC_NC; c++)
        if (a->prim[base + c] > bv * (1 + 1e-12) && a->prim[base + c] > 0) { bv = a->prim[base + c]; best = c; }
    return best;
}
