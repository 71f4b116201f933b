/* corridor — the case: a model, its scenario edits, solver parameters and
 * warm start, solved into flows, corridor accounting and totals (case.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/case.h"
#include "corridor/io.h"
#include "analysis/internal.h"
#include "core/str.h"

struct cor_case {
    char *name, *description, *source; /* "base" / the last scenario's */
    cor_freight *f;          /* freight model, or NULL */
    /* plain networks */
    cor_network *net;
    cor_demand *dem;
    double tf, df;
    double *fixed;           /* [m] */
    uint8_t *open;           /* [m] */
    cor_class *cls;          /* [K] */
    cor_problem prob;
    /* parameters */
    cor_assign_params par;
    int accounting;
    cor_choice_model choice; /* corridor paths: UE or logit */
    const cor_case *warm;
    const cor_case *ref;     /* elastic demand: the reference (base) case */
    /* results */
    const cor_problem *p;    /* the problem solved */
    cor_od_solution *od;     /* accounting on */
    cor_solution *sol;       /* accounting off */
    cor_corridor_acc *acc;
    cor_totals tot;
    double perceived;        /* logit: the result's perceived_usd */
    cor_freight_result *fres; /* logit: the choice result (composites; its
                                 routes moved to od) */
    int solved;
};

static void drop_results(cor_case *c)
{
    cor_od_solution_destroy(c->od);
    cor_solution_destroy(c->sol);
    cor_corridor_acc_destroy(c->acc);
    cor_freight_result_destroy(c->fres);
    c->fres = NULL;
    c->od = NULL;
    c->sol = NULL;
    c->acc = NULL;
    memset(&c->tot, 0, sizeof c->tot);
    c->solved = 0;
}

void cor_case_destroy(cor_case *c)
{
    if (!c) return;
    drop_results(c);
    free(c->name);
    free(c->description);
    free(c->source);
    cor_freight_destroy(c->f);
    cor_network_destroy(c->net);
    cor_demand_destroy(c->dem);
    free(c->fixed);
    free(c->open);
    free(c->cls);
    free(c);
}

static cor_case *case_new(void)
{
    cor_case *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->name = cor__strdup("base");
    c->description = cor__strdup("");
    c->source = cor__strdup("");
    if (!c->name || !c->description || !c->source) { cor_case_destroy(c); return NULL; }
    cor_assign_params_default(&c->par);
    c->accounting = 1;
    return c;
}

/* The plain network's own arrays (open mask, fixed costs, classes). */
static int plain_alloc(cor_case *c)
{
    int32_t m = c->net->n_links;
    size_t mm = (size_t)(m > 0 ? m : 1);
    int K = c->dem ? c->dem->n_classes : 0;
    c->fixed = malloc(mm * sizeof *c->fixed);
    c->open = malloc(mm);
    c->cls = calloc((size_t)(K > 0 ? K : 1), sizeof *c->cls);
    if (!c->fixed || !c->open || !c->cls) return -1;
    memset(c->open, 1, mm);
    return 0;
}

cor_status cor_case_from_freight(const cor_freight *model, cor_case **out, cor_error *err)
{
    *out = NULL;
    cor_case *c = case_new();
    if (!c || !(c->f = cor_freight_clone(model))) {
        cor_case_destroy(c);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    c->choice = cor_freight_has_choice(c->f) ? COR_CHOICE_LOGIT : COR_CHOICE_UE;
    *out = c;
    return COR_OK;
}

cor_status cor_case_from_network(const cor_network *net, const cor_demand *dem, double tf, double df,
                                 cor_case **out, cor_error *err)
{
    *out = NULL;
    if (!(tf >= 0) || !(df >= 0))
        return cor_error_set(err, COR_E_USAGE, "toll and distance factors must be >= 0");
    cor_case *c = case_new();
    if (c) {
        c->net = cor_network_clone(net);
        c->dem = dem ? cor_demand_clone(dem) : NULL;
        c->tf = tf;
        c->df = df;
    }
    if (!c || !c->net || (dem && !c->dem) || plain_alloc(c)) {
        cor_case_destroy(c);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    *out = c;
    return COR_OK;
}

static int ends_with(const char *s, const char *t)
{
    size_t a = strlen(s), b = strlen(t);
    return a >= b && !strcmp(s + a - b, t);
}

static cor_status case_open(const char *path, const cor_case_opts *opts_in, cor_case **out, cor_error *err);

cor_status cor_case_open(const char *path, const cor_case_opts *opts, cor_case **out, cor_error *err)
{
    cor_status st = case_open(path, opts, out, err);
    const cor_network *net = st ? NULL : cor_case_network(*out);
    if (net && net->notes && opts && opts->strict) {
        /* the first note, which names file, line and field */
        size_t n = strcspn(net->notes, "\n");
        st = cor_error_set(err, COR_E_INPUT, "%.*s; refused in strict mode", (int)n, net->notes);
        cor_case_destroy(*out);
        *out = NULL;
    }
    return st;
}

static cor_status case_open(const char *path, const cor_case_opts *opts_in, cor_case **out, cor_error *err)
{
    *out = NULL;
    cor_case_opts opts = {0};
    if (opts_in) opts = *opts_in;
    cor_status st;
    if (!opts.demand && cor_freight_dir_is_freight(path)) {
        if (opts.toll_factor != 0 || opts.distance_factor != 0)
            return cor_error_set(err, COR_E_USAGE, "--toll-factor/--distance-factor do not apply to freight data "
                                 "(cost comes from the cost column and class.csv)");
        if (opts.nodes)
            return cor_error_set(err, COR_E_USAGE, "node coordinates are for TNTP networks; freight data has node.csv");
        cor_freight_opts fo = {.year = opts.year};
        cor_freight *f = NULL;
        if ((st = cor_freight_load(path, &fo, &f, err))) return st;
        cor_case *c = case_new();
        if (!c) { cor_freight_destroy(f); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
        c->f = f;
        c->choice = cor_freight_has_choice(f) ? COR_CHOICE_LOGIT : COR_CHOICE_UE;
        *out = c;
        return COR_OK;
    }
    if (opts.year)
        return cor_error_set(err, COR_E_USAGE, "a model year applies to freight data (a directory with class.csv)");
    if (opts.toll_factor < 0 || opts.distance_factor < 0)
        return cor_error_set(err, COR_E_USAGE, "toll and distance factors must be >= 0");
    cor_network *net = NULL;
    cor_demand *dem = NULL;
    if ((st = cor_read_network(path, &net, opts.demand ? NULL : &dem, err))) return st;
    if (opts.demand) {
        st = ends_with(opts.demand, ".csv") ? cor_read_gmns_demand(opts.demand, net, &dem, err)
                                             : cor_read_tntp_trips(opts.demand, net, &dem, err);
        if (st) { cor_network_destroy(net); return st; }
    }
    if (!st && opts.nodes) st = cor_read_tntp_node(opts.nodes, net, err);
    /* the generalized cost weights stay finite on every link (a factor of
     * 1e308 is an option out of range, not a fault of the network) */
    for (int32_t a = 0; !st && (opts.toll_factor != 0 || opts.distance_factor != 0) && a < net->n_links; a++) {
        double tc = opts.toll_factor * net->toll[a], dc = opts.distance_factor * net->length[a];
        if (!isfinite(tc) || !isfinite(dc) || !isfinite(tc + dc)) {
            char wb[1400];
            st = cor_error_set(err, COR_E_USAGE, "%s factor %g x %s %g of %s overflows the generalized cost",
                               isfinite(tc) ? "distance" : "toll", isfinite(tc) ? opts.distance_factor : opts.toll_factor,
                               isfinite(tc) ? "length" : "toll", isfinite(tc) ? net->length[a] : net->toll[a],
                               cor_network_link_where(net, a, wb, sizeof wb));
        }
    }
    if (!st && !dem && opts.need_demand) st = cor_error_set(err, COR_E_USAGE, "no demand: give --demand FILE");
    cor_case *c = NULL;
    if (!st) {
        c = case_new();
        if (c) {
            c->net = net;
            c->dem = dem;
            c->tf = opts.toll_factor;
            c->df = opts.distance_factor;
            net = NULL;
            dem = NULL;
        }
        if (!c || plain_alloc(c)) {
            cor_case_destroy(c);
            c = NULL;
            st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        }
    }
    cor_network_destroy(net);
    cor_demand_destroy(dem);
    *out = c;
    return st;
}

cor_case *cor_case_clone(const cor_case *c)
{
    cor_case *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->name = cor__strdup(c->name);
    d->description = cor__strdup(c->description);
    d->source = cor__strdup(c->source);
    d->par = c->par;
    d->accounting = c->accounting;
    d->choice = c->choice;
    d->tf = c->tf;
    d->df = c->df;
    int ok = d->name && d->description && d->source;
    if (c->f) {
        ok = ok && (d->f = cor_freight_clone(c->f));
    } else {
        d->net = cor_network_clone(c->net);
        d->dem = c->dem ? cor_demand_clone(c->dem) : NULL;
        ok = ok && d->net && (!c->dem || d->dem) && !plain_alloc(d);
        if (ok) memcpy(d->open, c->open, (size_t)(c->net->n_links > 0 ? c->net->n_links : 1));
    }
    if (!ok) { cor_case_destroy(d); return NULL; }
    return d;
}

static cor_status set_str(char **dst, const char *s, cor_error *err)
{
    char *t = cor__strdup(s ? s : "");
    if (!t) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    free(*dst);
    *dst = t;
    return COR_OK;
}

cor_status cor_case_apply_scenario(cor_case *c, const cor_scenario *sc, cor_error *err)
{
    cor_status st;
    if (!sc) return COR_OK;
    drop_results(c);
    if (c->f) {
        if ((st = cor_scenario_apply_freight(sc, c->f, err))) return st;
    } else {
        cor_scenario_effect eff;
        if ((st = cor__scenario_apply_constants(sc, NULL, err))) return st; /* none on a plain network */
        if ((st = cor_scenario_edit(sc, c->net, c->net->toll, c->dem, &eff, err))) return st;
        for (int32_t a = 0; a < c->net->n_links; a++)
            if (eff.open_override[a] >= 0) c->open[a] = eff.open_override[a] != 0;
        cor_error e2 = {0};
        st = c->dem ? cor__scenario_check(sc, &eff, cor_case_problem(c, &e2), err) : COR_OK;
        cor_scenario_effect_free(&eff);
        if (st) return st;
    }
    if ((st = set_str(&c->name, cor_scenario_name(sc), err)) ||
        (st = set_str(&c->description, cor_scenario_description(sc), err)) ||
        (st = set_str(&c->source, cor_scenario_path(sc), err)))
        return st;
    return COR_OK;
}

cor_assign_params *cor_case_params(cor_case *c) { return &c->par; }
void cor_case_set_accounting(cor_case *c, int on) { c->accounting = on != 0; }
void cor_case_set_warm_start(cor_case *c, const cor_case *warm) { c->warm = warm; }
void cor_case_set_reference(cor_case *c, const cor_case *ref) { c->ref = ref; }

const cor_problem *cor_case_problem(cor_case *c, cor_error *err)
{
    if (c->f) return cor_freight_problem(c->f, err);
    if (!c->dem) {
        cor_error_set(err, COR_E_USAGE, "no demand: give --demand FILE");
        return NULL;
    }
    cor_generalized_fixed(c->net, c->tf, c->df, c->fixed);
    size_t zz = (size_t)c->net->n_zones * c->net->n_zones;
    for (int k = 0; k < c->dem->n_classes; k++)
        c->cls[k] = (cor_class){.name = c->dem->class_name[k], .demand = c->dem->od + zz * (size_t)k,
                                .fixed = (c->tf != 0 || c->df != 0) ? c->fixed : NULL, .vot = 1.0};
    c->prob = (cor_problem){.net = c->net, .n_classes = c->dem->n_classes, .classes = c->cls,
                            .link_open = c->open};
    return &c->prob;
}

static cor_corridor_mask classify(void *ud, const int32_t *links, int32_t n)
{
    return cor_freight_path_corridors((const cor_freight *)ud, links, n);
}

/* Plain networks: OD volumes, hours and money with every path under the
 * corridor "none". */
static cor_status plain_acc(cor_case *c, cor_error *err)
{
    int K = c->p->n_classes;
    int32_t Z = c->net->n_zones;
    size_t kzz = (size_t)K * Z * Z, np = kzz; /* no corridors: index 0 = none */
    cor_corridor_acc *a = calloc(1, sizeof *a);
    double *v = malloc((kzz ? kzz : 1) * sizeof *v), *h = malloc((kzz ? kzz : 1) * sizeof *h);
    double *u = malloc((kzz ? kzz : 1) * sizeof *u);
    if (a) {
        a->prim = calloc(np, sizeof(double)); a->prim_h = calloc(np, sizeof(double));
        a->prim_usd = calloc(np, sizeof(double));
        a->tag = calloc(1, sizeof(double));
        a->tag_h = calloc(1, sizeof(double));
        a->tag_usd = calloc(1, sizeof(double));
    }
    cor_status st = COR_OK;
    if (!a || !v || !h || !u || !a->prim || !a->prim_h || !a->prim_usd || !a->tag || !a->tag_h || !a->tag_usd) {
        st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        goto done;
    }
    a->n_classes = K;
    a->n_zones = Z;
    const double *q[2] = {c->od->time, c->net->toll};
    double *qa[2] = {h, u};
    if ((st = cor_touch(c->od, c->net, NULL, 2, q, v, NULL, qa, NULL, NULL, err))) goto done;
    for (size_t i = 0; i < kzz; i++) {
        a->prim[i] = v[i];
        a->prim_h[i] = h[i];
        a->prim_usd[i] = u[i];
    }
    c->acc = a;
    a = NULL;
done:
    cor_corridor_acc_destroy(a);
    free(v); free(h); free(u);
    return st;
}

/* The case's parameters with threads = 0 resolved (case.h). */
static cor_assign_params solve_params(const cor_case *c, const cor_network *net)
{
    cor_assign_params par = c->par;
    if (par.threads <= 0) par.threads = net->n_links < 2000 ? 1 : 0;
    return par;
}

cor_status cor_case_solve_paths(cor_case *c, cor_freight_result **out, cor_error *err)
{
    *out = NULL;
    if (!c->f) return cor_error_set(err, COR_E_USAGE, "corridor paths need freight data (a directory with class.csv)");
    cor_assign_params par = solve_params(c, cor_freight_network(c->f));
    if (c->choice == COR_CHOICE_LOGIT) {
        cor_choice_params cp;
        cor_choice_params_default(&cp);
        cp.tol = par.gap;
        if (par.max_iter > 0 && par.max_iter < cp.max_iter) cp.max_iter = par.max_iter;
        cp.max_seconds = par.max_seconds;
        cp.progress = par.progress;
        cp.progress_ud = par.progress_ud;
        return cor_freight_solve_choice(c->f, &cp, out, err);
    }
    return cor_freight_solve(c->f, &par, out, err);
}

void cor_case_set_choice(cor_case *c, cor_choice_model m) { c->choice = m; }
cor_choice_model cor_case_choice(const cor_case *c) { return c->choice; }

/* cor_case_solve with the logit choice model (freight): c->od from the
 * choice routes (per-origin link flows summed over them, so the analyses'
 * decompositions see the same link flows) and c->acc from the routes
 * themselves. */
static cor_status choice_solve(cor_case *c, const cor_assign_params *par, cor_error *err)
{
    cor_choice_params cp;
    cor_choice_params_default(&cp);
    cp.tol = par->gap;
    if (par->max_iter > 0 && par->max_iter < cp.max_iter) cp.max_iter = par->max_iter;
    cp.max_seconds = par->max_seconds;
    cp.progress = par->progress;
    cp.progress_ud = par->progress_ud;
    cor_freight_result *r = NULL;
    const cor_freight_result *ref = c->ref && c->ref->solved ? c->ref->fres : NULL;
    cor_status st = cor_freight_solve_choice_ref(c->f, &cp, ref, &r, err);
    if (!r) return st;
    if (st == COR_E_INTERRUPTED) { cor_freight_result_destroy(r); return st; }
    const cor_network *net = c->p->net;
    int K = c->p->n_classes;
    int32_t Z = net->n_zones, m = net->n_links;
    cor_solution *sol = r->sol;
    size_t nof = (size_t)K * (size_t)Z * (size_t)m;
    if (!sol->origin_flow && !(sol->origin_flow = calloc(nof ? nof : 1, sizeof *sol->origin_flow))) {
        cor_freight_result_destroy(r);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    for (int i = 0; i < r->n_paths; i++) {
        const cor_freight_path *q = &r->paths[i];
        double *of = sol->origin_flow + ((size_t)q->cls * (size_t)Z + (size_t)q->o) * (size_t)m;
        for (int32_t j = 0; j < q->n_links; j++) of[q->links[j]] += q->flow;
    }
    r->sol = NULL;
    cor_od_solution *od = NULL;
    cor_status s1 = cor__od_wrap(c->p, sol, &od, err); /* owns sol now, also on failure */
    if (!s1 && r->n_paths && !(od->paths = calloc((size_t)r->n_paths, sizeof *od->paths)))
        s1 = cor_error_set(err, COR_E_NOMEM, "out of memory");
    if (s1) {
        cor_od_solution_destroy(od);
        cor_freight_result_destroy(r);
        return s1;
    }
    /* the routes move to the solution (the accounting below reads only the
     * path records, not their links) */
    for (int i = 0; i < r->n_paths; i++) {
        cor_freight_path *q = &r->paths[i];
        od->paths[i] = (cor_od_path){q->cls, q->o, q->d, q->flow, q->n_links, q->links};
        q->links = NULL;
    }
    od->n_paths = r->n_paths;
    c->od = od;
    c->perceived = r->perceived_usd;
    cor_status s2 = cor__corridor_accounting_paths(r, cor_freight_vocab(c->f), &c->acc, err);
    c->fres = r; /* its composites: the reference of elastic-demand scenarios */
    if (s2) { drop_results(c); return s2; }
    return st;
}

cor_status cor_case_solve(cor_case *c, cor_error *err)
{
    drop_results(c);
    if (!(c->p = cor_case_problem(c, err))) return err ? err->code : COR_E_NOMEM;
    const cor_network *net = c->p->net;
    int32_t m = net->n_links;
    int K = c->p->n_classes;
    cor_assign_params par = solve_params(c, net);
    /* a warm start from a case solved the same way (the logit solve starts cold) */
    const cor_case *w = c->warm && c->warm->solved && c->warm->od && !c->warm->od->n_paths ? c->warm : NULL;
    if (c->warm && c->warm->solved && !c->warm->od && c->warm->sol) w = c->warm;
    cor_status st;
    const cor_solution *sol;
    const double *money = cor_case_money(c);
    if (c->f && c->choice == COR_CHOICE_LOGIT) {
        /* the logit choice model: link flows, per-origin flows and the
         * corridor accounting from its explicit routes */
        if ((st = choice_solve(c, &par, err)) != COR_OK && st != COR_E_NOCONV) return st;
        sol = c->od->sol;
    } else if (c->accounting) {
        st = cor_od_solve(c->p, &par, w ? w->od : NULL, &c->od, err);
        if (!c->od) return st;
        sol = c->od->sol;
        cor_status s2 = c->f ? cor_corridor_accounting(c->od, net, cor_freight_vocab(c->f), classify, c->f, c->od->time, money, &c->acc, err)
                             : plain_acc(c, err);
        if (s2) { drop_results(c); return s2; }
    } else {
        par.keep_origin_flows = 0;
        par.warm_start = w ? cor_case_solution(w) : NULL;
        st = cor_assign(c->p, &par, &c->sol, err);
        if (!c->sol) return st;
        sol = c->sol;
    }
    /* totals */
    cor_totals *t = &c->tot;
    int32_t Z = net->n_zones;
    size_t zz = (size_t)Z * Z;
    for (int k = 0; k < K; k++) {
        const double *dm = c->p->classes[k].demand, *fx = c->p->classes[k].fixed;
        for (size_t i = 0; i < zz; i++)
            if (i / (size_t)Z != i % (size_t)Z) t->demand += dm[i];
        const double *x = sol->class_flow + (size_t)k * m;
        double g = 0;
        if (c->od) g = c->od->class_gen_cost[k];
        else
            for (int32_t a = 0; a < m; a++) g += x[a] * (sol->time[a] + (fx ? fx[a] : 0.0));
        t->cost += c->p->classes[k].vot * g;
        for (int32_t a = 0; a < m; a++) t->money += x[a] * money[a];
    }
    for (int32_t a = 0; a < m; a++) t->flow_time += sol->flow[a] * sol->time[a];
    t->perceived = c->f && c->choice == COR_CHOICE_LOGIT ? c->perceived : t->cost;
    t->unserved = sol->unserved_total;
    if (c->fres) {
        t->induced = c->fres->induced;
        t->suppressed = c->fres->suppressed;
    }
    t->served = t->demand - t->unserved + t->induced - t->suppressed;
    t->intrazonal = sol->intrazonal_total;
    const uint8_t *open = cor_case_link_open(c);
    for (int32_t a = 0; a < m; a++) t->n_closed += !open[a];
    c->solved = 1;
    return st;
}

/* ---- read ---------------------------------------------------------------- */
const char *cor_case_name(const cor_case *c) { return c->name; }
const char *cor_case_description(const cor_case *c) { return c->description; }
const char *cor_case_source(const cor_case *c) { return c->source; }
int cor_case_is_freight(const cor_case *c) { return c->f != NULL; }
cor_freight *cor_case_freight(cor_case *c) { return c->f; }
const cor_vocab *cor_case_vocab(const cor_case *c) { return c->f ? cor_freight_vocab(c->f) : NULL; }

const cor_network *cor_case_network(const cor_case *c)
{
    return c->f ? cor_freight_network(c->f) : c->net;
}

int cor_case_n_classes(const cor_case *c)
{
    if (c->f) return cor_freight_demand(c->f)->n_classes;
    return c->dem ? c->dem->n_classes : 0;
}

const char *const *cor_case_class_names(const cor_case *c)
{
    if (c->f) return (const char *const *)cor_freight_demand(c->f)->class_name;
    return c->dem ? (const char *const *)c->dem->class_name : NULL;
}

int cor_case_year(const cor_case *c) { return c->f ? cor_freight_year(c->f) : 0; }

const double *cor_case_money(const cor_case *c)
{
    return c->f ? cor_freight_cost_usd(c->f) : c->net->toll;
}

const uint8_t *cor_case_link_open(const cor_case *c)
{
    return c->f ? cor_freight_link_open(c->f) : c->open;
}

const cor_solution *cor_case_solution(const cor_case *c)
{
    if (!c->solved) return NULL;
    return c->od ? c->od->sol : c->sol;
}

const cor_od_solution *cor_case_od(const cor_case *c) { return c->solved ? c->od : NULL; }
const cor_corridor_acc *cor_case_accounting(const cor_case *c) { return c->solved ? c->acc : NULL; }
const cor_totals *cor_case_totals(const cor_case *c) { return c->solved ? &c->tot : NULL; }

void cor_case_od_mean(const cor_case *c, int k, int32_t o, int32_t d, double *vol, double *hours,
                      double *usd)
{
    const cor_corridor_acc *a = cor_case_accounting(c);
    double v = 0, h = 0, u = 0;
    if (a) {
        int K = a->n_classes;
        int32_t Z = a->n_zones;
        for (int kk = 0; kk < K; kk++) {
            if (k >= 0 && kk != k) continue;
            for (int32_t oo = 0; oo < Z; oo++) {
                if (o >= 0 && oo != o) continue;
                for (int32_t dd = 0; dd < Z; dd++) {
                    if (d >= 0 && dd != d) continue;
                    size_t base = (((size_t)kk * Z + oo) * Z + dd) * COR_ACC_NC(a);
                    for (int cc = 0; cc < COR_ACC_NC(a); cc++) {
                        v += a->prim[base + cc];
                        h += a->prim_h[base + cc];
                        u += a->prim_usd[base + cc];
                    }
                }
            }
        }
    }
    if (vol) *vol = a ? v : NAN;
    if (hours) *hours = v > 0 ? h / v : NAN;
    if (usd) *usd = v > 0 ? u / v : NAN;
}

int cor_case_main_corridor(const cor_case *c, int k, int32_t o, int32_t d)
{
    const cor_corridor_acc *a = cor_case_accounting(c);
    if (!a) return -1;
    int32_t Z = a->n_zones;
    size_t base = (((size_t)k * Z + o) * Z + d) * COR_ACC_NC(a);
    int best = -1;
    double bv = 0;
    for (int cc = 0; cc < COR_ACC_NC(a); cc++)
        if (a->prim[base + cc] > bv * (1 + 1e-12) && a->prim[base + cc] > 0) { bv = a->prim[base + cc]; best = cc; }
    return best;
}

cor_status cor_case_solve_all(const cor_case *model, const cor_scenario *const *sc, int n_sc,
                              cor_case **cases, cor_error *err)
{
    cor_status st = COR_OK, any = COR_OK;
    for (int i = 0; i <= n_sc; i++) cases[i] = NULL;
    for (int i = 0; i <= n_sc && !st; i++) {
        if (!(cases[i] = cor_case_clone(model))) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); break; }
        if (i) {
            cor_case_set_warm_start(cases[i], cases[0]);
            cor_case_set_reference(cases[i], cases[0]);
            st = cor_case_apply_scenario(cases[i], sc[i - 1], err);
        }
        if (!st) st = cor_case_solve(cases[i], err);
        if (st == COR_E_NOCONV) { any = st; st = COR_OK; }
    }
    if (st) {
        for (int i = 0; i <= n_sc; i++) { cor_case_destroy(cases[i]); cases[i] = NULL; }
        return st;
    }
    return any;
}
