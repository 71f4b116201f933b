/* corridor — criticality: close each element in turn, re-solve warm-started,
 * rank by added generalized cost and unserved demand. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "corridor/analysis.h"
#include "corridor/case.h"

static const char *const BY_NAMES[] = {"link", "node", "country", "border"};

int cor_crit_by_parse(const char *s, cor_crit_by *out)
{
    for (int i = 0; i < 4; i++)
        if (!strcasecmp(s, BY_NAMES[i])) { *out = (cor_crit_by)i; return 0; }
    return -1;
}

const char *cor_crit_by_name(cor_crit_by b)
{
    return (b >= 0 && b <= COR_CRIT_BORDER) ? BY_NAMES[b] : "?";
}

void cor_crit_elements_free(cor_crit_element *e, int n)
{
    if (!e) return;
    for (int i = 0; i < n; i++) { free(e[i].label); free(e[i].where); free(e[i].links); }
    free(e);
}

static const char *lcol(const cor_network *net, int col, int32_t a)
{
    return col < 0 ? "" : net->link_extra.values[col][a];
}

/* A border link lists two or more countries (the one country-list parser,
 * network.h). */
static int is_border(const cor_network *net, int ccol, int32_t a)
{
    int n = 0;
    size_t len;
    const char *p = lcol(net, ccol, a);
    while (n < 2 && cor_country_next(&p, &len)) n++;
    return n >= 2;
}

static int add_el(cor_crit_element **el, int *n, int *cap, const char *label)
{
    if (*n == *cap) {
        int nc = *cap ? 2 * *cap : 32;
        cor_crit_element *e = realloc(*el, (size_t)nc * sizeof *e);
        if (!e) return -1;
        *el = e;
        *cap = nc;
    }
    cor_crit_element *e = &(*el)[*n];
    memset(e, 0, sizeof *e);
    size_t len = strlen(label) + 1;
    if (!(e->label = malloc(len))) return -1;
    memcpy(e->label, label, len);
    (*n)++;
    return 0;
}

static int el_push_link(cor_crit_element *e, int32_t a)
{
    int32_t *l = realloc(e->links, (size_t)(e->n_links + 1) * sizeof *l);
    if (!l) return -1;
    e->links = l;
    e->links[e->n_links++] = a;
    return 0;
}

/* Appends "|id" to the element label. */
static int el_label_add(cor_crit_element *e, const char *id)
{
    size_t a = strlen(e->label), b = strlen(id);
    char *s = realloc(e->label, a + b + 2);
    if (!s) return -1;
    s[a] = '|';
    memcpy(s + a + 1, id, b + 1);
    e->label = s;
    return 0;
}

cor_status cor_crit_elements(const cor_network *net, const uint8_t *open, cor_crit_by by,
                             cor_crit_element **out, int *n_out, cor_error *err)
{
    *out = NULL;
    *n_out = 0;
    int32_t m = net->n_links;
    cor_crit_element *el = NULL;
    int n = 0, cap = 0;
    int ccol = cor_network_link_col(net, "country"), mcol = cor_network_link_col(net, "mode");
    if ((by == COR_CRIT_COUNTRY || by == COR_CRIT_BORDER) && ccol < 0)
        return cor_error_set(err, COR_E_INPUT, "criticality by %s needs a link column 'country'",
                             cor_crit_by_name(by));
    if (by == COR_CRIT_NODE) {
        for (int32_t v = 0; v < net->n_nodes; v++) {
            int any = 0;
            for (int32_t a = net->first_out[v]; a < net->first_out[v + 1]; a++) any |= !open || open[a];
            for (int32_t i = net->first_in[v]; i < net->first_in[v + 1]; i++) any |= !open || open[net->in_link[i]];
            if (!any) continue;
            if (add_el(&el, &n, &cap, net->node_id[v])) goto nomem;
            cor_crit_element *e = &el[n - 1];
            for (int32_t a = net->first_out[v]; a < net->first_out[v + 1]; a++)
                if ((!open || open[a]) && el_push_link(e, a)) goto nomem;
            for (int32_t i = net->first_in[v]; i < net->first_in[v + 1]; i++) {
                int32_t a = net->in_link[i];
                if ((!open || open[a]) && net->link_from[a] != v && el_push_link(e, a)) goto nomem;
            }
        }
    } else if (by == COR_CRIT_COUNTRY) {
        int nc = 0;
        char **cs = cor_link_countries(net, &nc);
        for (int c = 0; c < nc; c++) {
            if (add_el(&el, &n, &cap, cs[c])) { for (int i = 0; i < nc; i++) free(cs[i]); free(cs); goto nomem; }
            cor_crit_element *e = &el[n - 1];
            for (int32_t a = 0; a < m; a++)
                if ((!open || open[a]) && cor_country_has(lcol(net, ccol, a), cs[c]) && el_push_link(e, a)) {
                    for (int i = 0; i < nc; i++) free(cs[i]);
                    free(cs);
                    goto nomem;
                }
            if (e->n_links == 0) { free(e->label); n--; }
        }
        for (int i = 0; i < nc; i++) free(cs[i]);
        free(cs);
    } else {
        /* physical links: group by unordered node pair and mode */
        int32_t *grp = malloc((size_t)(m > 0 ? m : 1) * sizeof *grp);
        if (!grp) goto nomem;
        for (int32_t a = 0; a < m; a++) grp[a] = -1;
        for (int32_t k = 0; k < m; k++) {
            int32_t a = net->link_by_order[k];
            if (open && !open[a]) continue;
            if (by == COR_CRIT_BORDER && !is_border(net, ccol, a)) continue;
            /* an earlier link joining the same two nodes (either way) with
             * the same mode: search the out-stars of both ends, O(degree) */
            int found = -1;
            int32_t u = net->link_from[a], v = net->link_to[a];
            for (int side = 0; side < 2 && found < 0; side++) {
                int32_t x = side ? v : u, y = side ? u : v;
                for (int32_t b = net->first_out[x]; b < net->first_out[x + 1] && found < 0; b++)
                    if (b != a && net->link_to[b] == y && grp[b] >= 0 &&
                        !strcasecmp(lcol(net, mcol, a), lcol(net, mcol, b)))
                        found = grp[b];
            }
            if (found < 0) {
                if (add_el(&el, &n, &cap, net->link_id[a])) { free(grp); goto nomem; }
                found = n - 1;
            } else if (el_label_add(&el[found], net->link_id[a])) { free(grp); goto nomem; }
            if (el_push_link(&el[found], a)) { free(grp); goto nomem; }
            grp[a] = found;
        }
        free(grp);
        for (int i = 0; i < n; i++) {
            int32_t a = el[i].links[0];
            char buf[512];
            const char *cy = lcol(net, ccol, a), *md = lcol(net, mcol, a);
            if (*cy || *md)
                snprintf(buf, sizeof buf, "%s-%s (%s%s%s)", net->node_id[net->link_from[a]],
                         net->node_id[net->link_to[a]], cy, *cy && *md ? ", " : "", md);
            else
                snprintf(buf, sizeof buf, "%s-%s", net->node_id[net->link_from[a]],
                         net->node_id[net->link_to[a]]);
            size_t len = strlen(buf) + 1;
            if (!(el[i].where = malloc(len))) goto nomem;
            memcpy(el[i].where, buf, len);
        }
    }
    for (int i = 0; i < n; i++)
        if (!el[i].where && !(el[i].where = calloc(1, 1))) goto nomem;
    *out = el;
    *n_out = n;
    return COR_OK;
nomem:
    cor_crit_elements_free(el, n);
    return cor_error_set(err, COR_E_NOMEM, "out of memory");
}

void cor_criticality_destroy(cor_criticality *r)
{
    if (!r) return;
    free(r->items);
    free(r);
}

static double money_of(const cor_problem *p, const cor_od_solution *s)
{
    double v = 0;
    for (int k = 0; k < p->n_classes; k++) {
        double vot = p->classes[k].vot > 0 ? p->classes[k].vot : 1.0;
        v += vot * s->class_gen_cost[k];
    }
    return v;
}

static int cmp_items(const void *pa, const void *pb)
{
    const cor_crit_item *a = pa, *b = pb;
    if (a->delta_unserved != b->delta_unserved) return a->delta_unserved > b->delta_unserved ? -1 : 1;
    if (a->delta_money != b->delta_money) return a->delta_money > b->delta_money ? -1 : 1;
    return a->element - b->element;
}

/* One re-solve of criticality: the model with the links where open[] is 0
 * closed; fills the item's figures.  Called from parallel threads. */
typedef cor_status (*crit_solve_fn)(void *ud, const uint8_t *open, cor_crit_item *it, cor_error *err);

typedef struct ue_ctx {
    const cor_problem *p;
    const cor_od_solution *base;
    const cor_assign_params *par;
} ue_ctx;

static cor_status ue_solve(void *ud, const uint8_t *open, cor_crit_item *it, cor_error *err)
{
    const ue_ctx *u = ud;
    cor_problem q = *u->p;
    q.link_open = open;
    cor_od_solution *s = NULL;
    cor_status st = cor_od_solve(&q, u->par, u->base, &s, err);
    if (!s) return st;
    it->converged = st == COR_OK;
    it->gen_cost = s->gen_cost;
    it->money = money_of(u->p, s);
    it->unserved = s->unserved_total;
    it->n_unserved_od = s->n_unserved;
    cor_od_solution_destroy(s);
    return COR_OK;
}

/* The loop over elements shared by the UE and the case (logit) variants. */
static cor_status crit_core(const cor_problem *p, const cor_od_solution *base, const cor_crit_element *el, int n_el,
                            int threads, crit_solve_fn solve, void *ud, cor_criticality **out, cor_error *err)
{
    *out = NULL;
    const cor_network *net = p->net;
    int32_t m = net->n_links;
    double t0;
#ifdef _OPENMP
    t0 = omp_get_wtime();
    if (threads <= 0) threads = omp_get_num_procs();
#else
    t0 = 0;
    threads = 1;
#endif
    if (threads < 1) threads = 1;
    cor_criticality *r = calloc(1, sizeof *r);
    if (!r) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    r->items = calloc((size_t)(n_el > 0 ? n_el : 1), sizeof *r->items);
    if (!r->items) { free(r); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
    r->n_items = n_el;
    r->threads = threads;
    r->base_cost = base->gen_cost;
    r->base_money = money_of(p, base);
    r->base_unserved = base->unserved_total;
    double maxflow = 0;
    for (int32_t a = 0; a < m; a++) if (base->flow[a] > maxflow) maxflow = base->flow[a];
    double eps = maxflow * 1e-9;
    cor_status fst = COR_OK;
    cor_error ferr = {0};
    int n_solved = 0;
#ifdef _OPENMP
#pragma omp parallel num_threads(threads)
#endif
    {
        uint8_t *open = malloc((size_t)(m > 0 ? m : 1));
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 1) reduction(+ : n_solved)
#endif
        for (int i = 0; i < n_el; i++) {
            cor_crit_item *it = &r->items[i];
            it->element = i;
            it->converged = 1;
            int used = 0;
            for (int32_t j = 0; j < el[i].n_links; j++) used |= base->flow[el[i].links[j]] > eps;
            it->was_used = used;
            if (!used || !open) {
                it->gen_cost = base->gen_cost;
                it->money = r->base_money;
                it->unserved = base->unserved_total;
                it->n_unserved_od = base->n_unserved;
                if (!open) it->converged = 0;
                continue;
            }
            for (int32_t a = 0; a < m; a++) open[a] = p->link_open ? p->link_open[a] : 1;
            for (int32_t j = 0; j < el[i].n_links; j++) open[el[i].links[j]] = 0;
            cor_error e1 = {0};
            cor_status st = solve(ud, open, it, &e1);
            n_solved++;
            if (st) {
#ifdef _OPENMP
#pragma omp critical(cor_crit_err)
#endif
                if (!fst) { fst = st; ferr = e1; }
                continue;
            }
        }
        free(open);
    }
    if (fst) {
        cor_criticality_destroy(r);
        if (err) *err = ferr;
        return fst;
    }
    for (int i = 0; i < n_el; i++) {
        cor_crit_item *it = &r->items[i];
        it->delta_cost = it->gen_cost - r->base_cost;
        it->delta_money = it->money - r->base_money;
        it->delta_unserved = it->unserved - r->base_unserved;
        /* solver noise: an unused element changes nothing */
        if (!it->was_used) it->delta_cost = it->delta_money = it->delta_unserved = 0;
    }
    /* ranks: by cost and by unserved separately */
    int *idx = malloc((size_t)(n_el > 0 ? n_el : 1) * sizeof *idx);
    if (!idx) { cor_criticality_destroy(r); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < n_el; i++) idx[i] = i;
        for (int i = 1; i < n_el; i++) { /* insertion sort, stable, small n */
            int v = idx[i], j = i - 1;
            for (; j >= 0; j--) {
                const cor_crit_item *a = &r->items[idx[j]], *b = &r->items[v];
                double ka = pass ? a->delta_unserved : a->delta_money;
                double kb = pass ? b->delta_unserved : b->delta_money;
                if (ka >= kb) break;
                idx[j + 1] = idx[j];
            }
            idx[j + 1] = v;
        }
        for (int i = 0; i < n_el; i++) {
            if (pass) r->items[idx[i]].rank_unserved = i + 1;
            else r->items[idx[i]].rank_cost = i + 1;
        }
    }
    free(idx);
    qsort(r->items, (size_t)n_el, sizeof *r->items, cmp_items);
    r->n_solved = n_solved;
#ifdef _OPENMP
    r->seconds = omp_get_wtime() - t0;
#else
    (void)t0;
#endif
    *out = r;
    return COR_OK;
}

cor_status cor_criticality_run(const cor_problem *p, const cor_od_solution *base,
                               const cor_crit_element *el, int n_el,
                               const cor_assign_params *par_in, int threads,
                               cor_criticality **out, cor_error *err)
{
    cor_assign_params par;
    if (par_in) par = *par_in;
    else cor_assign_params_default(&par);
    par.threads = 1;
    par.progress = NULL;
    ue_ctx u = {p, base, &par};
    return crit_core(p, base, el, n_el, threads, ue_solve, &u, out, err);
}

/* ---- on a case (the logit choice model of a freight case) ---- */
typedef struct case_ctx {
    const cor_case *base;
    const uint8_t *base_open;
} case_ctx;

static cor_status case_solve_one(void *ud, const uint8_t *open, cor_crit_item *it, cor_error *err)
{
    const case_ctx *u = ud;
    cor_case *c = cor_case_clone(u->base);
    if (!c) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    cor_freight *f = cor_case_freight(c);
    const cor_network *net = cor_freight_network(f);
    for (int32_t a = 0; a < net->n_links; a++)
        if (!open[a] && u->base_open[a]) cor_freight_set_link_open(f, a, 0);
    cor_assign_params *par = cor_case_params(c);
    par->threads = 1;
    par->progress = NULL;
    cor_status st = cor_case_solve(c, err);
    if (st && st != COR_E_NOCONV) { cor_case_destroy(c); return st; }
    const cor_od_solution *s = cor_case_od(c);
    it->converged = st == COR_OK;
    it->gen_cost = s->gen_cost;
    it->money = money_of(cor_case_problem(c, NULL), s);
    it->unserved = s->unserved_total;
    it->n_unserved_od = s->n_unserved;
    cor_case_destroy(c);
    return COR_OK;
}

cor_status cor_criticality_run_case(cor_case *base, const cor_crit_element *el, int n_el, int threads,
                                    cor_criticality **out, cor_error *err)
{
    *out = NULL;
    const cor_od_solution *od = cor_case_od(base);
    const cor_problem *p = od ? cor_case_problem(base, err) : NULL;
    if (!od || !p) return cor_error_set(err, COR_E_USAGE, "criticality: the base case must be solved with accounting");
    if (cor_case_choice(base) != COR_CHOICE_LOGIT || !cor_case_is_freight(base))
        return cor_criticality_run(p, od, el, n_el, cor_case_params(base), threads, out, err);
    case_ctx u = {base, cor_case_link_open(base)};
    return crit_core(p, od, el, n_el, threads, case_solve_one, &u, out, err);
}
