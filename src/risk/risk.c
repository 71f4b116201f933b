/* corridor — the risk ensemble: sampled and enumerated disruption years,
 * solved through the case with a cache of states, reduced in sample order.
 * Method: docs/RISK.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/str.h"
#include "corridor/risk.h"
#include "risk/internal.h"

#define YEAR COR_RISK_YEAR_DAYS
#define PI_ 3.14159265358979323846
#define SHAPLEY_SUBSETS_MAX 10 /* occurred events: exact subsets up to this */
#define SHAPLEY_PERMS 64       /* else permutations */
#define EXACT_SHAPLEY_MAX 12   /* exact Shapley: 4^E work */

/* ---- counter-based generator ---------------------------------------------
 * u(seed, j, e, k): a uniform in (0, 1) that depends only on its key: the
 * SplitMix64 finaliser applied to the key words in turn. */
static uint64_t mix64(uint64_t z)
{
    z ^= z >> 30; z *= 0xbf58476d1ce4e5b9ULL;
    z ^= z >> 27; z *= 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return z;
}

static double u01(uint64_t seed, uint64_t j, uint64_t e, uint64_t k)
{
    uint64_t x = mix64(seed ^ 0x9e3779b97f4a7c15ULL);
    x = mix64(x ^ (j * 0xd1b54a32d192ed03ULL + 0x632be59bd9b4e019ULL));
    x = mix64(x ^ ((e << 20 | k) * 0x8cb92ba72f3d8dd7ULL + 0x2545f4914f6cdd1dULL));
    return ((double)(x >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

/* ---- Latin-hypercube sampling ---------------------------------------------
 * With opts.lhs every uniform input of a year (occurrence, start day,
 * duration draws; key (e, k)) is stratified over the N samples: sample j
 * takes (pi_ek(j) + u) / N, pi_ek a pseudo-random permutation of 0..N-1 of its
 * own per key, and u the plain uniform.  pi is a keyed Feistel bijection on
 * the next even power of two with cycle walking, so it needs no memory and
 * any rank can evaluate it for any j (identical outputs for any number of
 * ranks and batches). */
typedef struct sampler {
    uint64_t seed;
    long n;                    /* samples of the run (LHS strata) */
    int lhs;
} sampler;

static uint64_t lhs_perm(uint64_t seed, uint64_t e, uint64_t k, uint64_t n, uint64_t j)
{
    int bits = 2;
    while (((uint64_t)1 << bits) < n) bits += 2;
    int h = bits / 2;
    uint64_t mask = ((uint64_t)1 << h) - 1, key = mix64(seed ^ mix64((e << 20 | k) + 0x5851f42d4c957f2dULL));
    uint64_t x = j;
    do {
        uint64_t l = x >> h, r = x & mask;
        for (int round = 0; round < 4; round++) {
            uint64_t f = mix64(key ^ (r * 0x9e3779b97f4a7c15ULL) ^ (uint64_t)round) & mask;
            uint64_t t = l ^ f;
            l = r;
            r = t;
        }
        x = l << h | r;
    } while (x >= n); /* cycle walking: a bijection of [0, n) */
    return x;
}

static double uin(const sampler *sm, long j, int e, int k)
{
    double u = u01(sm->seed, (uint64_t)j, (uint64_t)e, (uint64_t)k);
    if (!sm->lhs || sm->n < 2) return u;
    return ((double)lhs_perm(sm->seed, (uint64_t)e, (uint64_t)k, (uint64_t)sm->n, (uint64_t)j) + u) / (double)sm->n;
}

/* ---- durations and months ------------------------------------------------ */
static double phi_cdf(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

double cor__duration_mean(const cor__event *e)
{
    switch (e->dur) {
    case COR_DUR_FIXED: return e->d1;
    case COR_DUR_UNIFORM: return 0.5 * (e->d1 + e->d2);
    case COR_DUR_LOGNORMAL: {
        double mu = log(e->d1), s = e->d2, L = log(YEAR);
        if (s <= 0) return fmin(e->d1, YEAR);
        return exp(mu + 0.5 * s * s) * phi_cdf((L - mu - s * s) / s) + YEAR * (1 - phi_cdf((L - mu) / s));
    }
    }
    return 0;
}

static double draw_duration(const cor__event *e, const sampler *sm, long j, int ei)
{
    switch (e->dur) {
    case COR_DUR_FIXED: return e->d1;
    case COR_DUR_UNIFORM: return e->d1 + (e->d2 - e->d1) * uin(sm, j, ei, 2);
    case COR_DUR_LOGNORMAL: {
        double a = uin(sm, j, ei, 2), b = uin(sm, j, ei, 3);
        double z = sqrt(-2 * log(a)) * cos(2 * PI_ * b);
        return fmin(e->d1 * exp(e->d2 * z), YEAR);
    }
    }
    return 0;
}

static const int MDAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

static double window_days(unsigned months)
{
    double w = 0;
    for (int m = 0; m < 12; m++) if (months >> m & 1) w += MDAYS[m];
    return w;
}

/* The day of the year at position x in [0, W) of the months' window. */
static double window_day(unsigned months, double x)
{
    double day0 = 0;
    for (int m = 0; m < 12; m++) {
        if (months >> m & 1) {
            if (x < MDAYS[m]) return day0 + x;
            x -= MDAYS[m];
        }
        day0 += MDAYS[m];
    }
    return fmod(day0 + x, YEAR); /* rounding at the end */
}

/* Measure of the window in [0, x), x in [-YEAR, 2 YEAR] (periodic). */
static double window_cum(unsigned months, double W, double x)
{
    double k = floor(x / YEAR);
    double r = x - k * YEAR, c = 0, day0 = 0;
    for (int m = 0; m < 12; m++) {
        if (months >> m & 1) c += fmax(0, fmin(r, day0 + MDAYS[m]) - day0) * (r > day0);
        day0 += MDAYS[m];
    }
    return k * W + c;
}

/* ---- a sampled year ------------------------------------------------------ */
typedef struct seg { uint64_t mask; double len; } seg;
typedef struct year {
    uint64_t occurred;
    int n_seg;
    seg s[4 * COR_RISK_MAX_EVENTS + 4];
} year;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmp_seg(const void *a, const void *b)
{
    uint64_t x = ((const seg *)a)->mask, y = ((const seg *)b)->mask;
    return (x > y) - (x < y);
}

static void sample_year(const cor_hazards *h, const sampler *sm, long j, year *y)
{
    double lo[2 * COR_RISK_MAX_EVENTS], hi[2 * COR_RISK_MAX_EVENTS];
    int ev[2 * COR_RISK_MAX_EVENTS], ni = 0;
    double pts[4 * COR_RISK_MAX_EVENTS + 2];
    int np = 0;
    y->occurred = 0;
    for (int e = 0; e < h->n; e++) {
        const cor__event *E = &h->ev[e];
        if (!(uin(sm, j, e, 0) < E->own)) continue;
        y->occurred |= (uint64_t)1 << e;
        double W = window_days(E->months);
        double s = window_day(E->months, W * uin(sm, j, e, 1));
        double d = draw_duration(E, sm, j, e);
        if (d >= YEAR) { lo[ni] = 0; hi[ni] = YEAR; ev[ni++] = e; continue; }
        if (s + d <= YEAR) { lo[ni] = s; hi[ni] = s + d; ev[ni++] = e; }
        else {
            lo[ni] = s; hi[ni] = YEAR; ev[ni++] = e;
            lo[ni] = 0; hi[ni] = s + d - YEAR; ev[ni++] = e;
        }
    }
    pts[np++] = 0;
    pts[np++] = YEAR;
    for (int i = 0; i < ni; i++) { pts[np++] = lo[i]; pts[np++] = hi[i]; }
    qsort(pts, (size_t)np, sizeof *pts, cmp_double);
    y->n_seg = 0;
    for (int i = 0; i + 1 < np; i++) {
        double a = pts[i], b = pts[i + 1];
        if (!(b > a)) continue;
        double mid = 0.5 * (a + b);
        uint64_t m = 0;
        for (int k = 0; k < ni; k++)
            if (lo[k] <= mid && mid < hi[k]) m |= (uint64_t)1 << ev[k];
        int q;
        for (q = 0; q < y->n_seg; q++)
            if (y->s[q].mask == m) { y->s[q].len += b - a; break; }
        if (q == y->n_seg) y->s[y->n_seg++] = (seg){m, b - a};
    }
    qsort(y->s, (size_t)y->n_seg, sizeof *y->s, cmp_seg);
}

/* ---- states -------------------------------------------------------------- */
/* State record: LOSS, COST, UNSERVED, TONNE_DAYS, converged, then per group
 * tonnes, unserved, loss. */
#define X_LOSS 0
#define X_COST 1
#define X_UNS 2
#define X_TD 3
#define X_CONV 4
#define X_GROUPS 5

enum { G_CORRIDOR, G_ORIGIN, G_DEST, G_DEST_CLASS, G_NTYPES };
static const char *const GTYPE[G_NTYPES] = {"corridor", "origin_country", "destination_country", "destination_class"};

typedef struct model_info {
    int K, NC, n_cty;
    int32_t Z;
    char **cty;            /* [n_cty] countries of the zones, sorted */
    int *zc;               /* [Z] country index of each zone */
    int n_groups;
    int gstart[G_NTYPES + 1];
    char **gname;          /* [n_groups] */
    double *vot;           /* [K] */
    const double *ucost;   /* [K] or NULL */
    int xr;                /* state record length */
} model_info;

typedef struct cache {
    uint64_t *key;         /* open addressing, size cap (power of 2) */
    int *idx;
    long cap;
    uint64_t *mask;        /* [n] states in order of first need */
    double *x;             /* [n * xr] */
    int *solved;
    int n, ncap;
} cache;

static long hash_find(const cache *c, uint64_t m)
{
    long i = (long)(mix64(m) & (uint64_t)(c->cap - 1));
    while (c->idx[i] >= 0 && c->key[i] != m) i = (i + 1) & (c->cap - 1);
    return i;
}

/* Index of state m, adding it (unsolved) if new; -1 on no memory. */
static int cache_get(cache *c, uint64_t m, int xr)
{
    if (2 * (long)(c->n + 1) > c->cap) {
        long ncap = c->cap ? 2 * c->cap : 1024;
        uint64_t *nk = malloc((size_t)ncap * sizeof *nk);
        int *ni = malloc((size_t)ncap * sizeof *ni);
        if (!nk || !ni) { free(nk); free(ni); return -1; }
        for (long i = 0; i < ncap; i++) ni[i] = -1;
        cache old = *c;
        c->key = nk; c->idx = ni; c->cap = ncap;
        for (long i = 0; i < old.cap; i++)
            if (old.idx[i] >= 0) {
                long p = hash_find(c, old.key[i]);
                c->key[p] = old.key[i];
                c->idx[p] = old.idx[i];
            }
        free(old.key); free(old.idx);
    }
    long p = hash_find(c, m);
    if (c->idx[p] >= 0) return c->idx[p];
    if (c->n == c->ncap) {
        int nc = c->ncap ? 2 * c->ncap : 256;
        uint64_t *nm = realloc(c->mask, (size_t)nc * sizeof *nm);
        if (nm) c->mask = nm;
        double *nx = realloc(c->x, (size_t)nc * (size_t)xr * sizeof *nx);
        if (nx) c->x = nx;
        int *ns = realloc(c->solved, (size_t)nc * sizeof *ns);
        if (ns) c->solved = ns;
        if (!nm || !nx || !ns) return -1;
        c->ncap = nc;
    }
    c->key[p] = m;
    c->idx[p] = c->n;
    c->mask[c->n] = m;
    c->solved[c->n] = 0;
    return c->n++;
}

static void cache_free(cache *c)
{
    free(c->key); free(c->idx); free(c->mask); free(c->x); free(c->solved);
}

static const double *cache_x(const cache *c, uint64_t m, int xr)
{
    long p = hash_find(c, m);
    return c->idx[p] >= 0 ? c->x + (size_t)c->idx[p] * xr : NULL;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void info_free(model_info *mi)
{
    for (int i = 0; i < mi->n_cty; i++) free(mi->cty[i]);
    free(mi->cty);
    free(mi->zc);
    for (int i = 0; i < mi->n_groups; i++) free(mi->gname[i]);
    free(mi->gname);
    free(mi->vot);
}

static cor_status info_build(cor_case *base, const double *ucost, model_info *mi, cor_error *err)
{
    memset(mi, 0, sizeof *mi);
    const cor_network *net = cor_case_network(base);
    const cor_corridor_acc *acc = cor_case_accounting(base);
    const cor_problem *p = cor_case_problem(base, err);
    if (!acc || !p) return cor_error_set(err, COR_E_INTERNAL, "risk: the base case has no accounting");
    mi->K = acc->n_classes;
    mi->NC = COR_ACC_NC(acc);
    mi->Z = acc->n_zones;
    mi->ucost = ucost;
    mi->vot = malloc((size_t)(mi->K ? mi->K : 1) * sizeof *mi->vot);
    mi->zc = malloc((size_t)(mi->Z ? mi->Z : 1) * sizeof *mi->zc);
    mi->cty = calloc((size_t)(mi->Z ? mi->Z : 1), sizeof *mi->cty);
    if (!mi->vot || !mi->zc || !mi->cty) goto nomem;
    for (int k = 0; k < mi->K; k++) mi->vot[k] = p->classes[k].vot;
    for (int32_t z = 0; z < mi->Z; z++) {
        const char *c = cor_zone_country(net, z);
        if (!*c) c = "-";
        int found = 0;
        for (int i = 0; i < mi->n_cty; i++) if (!strcmp(mi->cty[i], c)) found = 1;
        if (!found && !(mi->cty[mi->n_cty++] = cor__strdup(c))) goto nomem;
    }
    qsort(mi->cty, (size_t)mi->n_cty, sizeof *mi->cty, cmp_str);
    for (int32_t z = 0; z < mi->Z; z++) {
        const char *c = cor_zone_country(net, z);
        if (!*c) c = "-";
        for (int i = 0; i < mi->n_cty; i++) if (!strcmp(mi->cty[i], c)) mi->zc[z] = i;
    }
    int sizes[G_NTYPES] = {mi->NC, mi->n_cty, mi->n_cty, mi->n_cty * mi->K};
    for (int g = 0; g < G_NTYPES; g++) mi->gstart[g + 1] = mi->gstart[g] + sizes[g];
    mi->n_groups = mi->gstart[G_NTYPES];
    if (!(mi->gname = calloc((size_t)(mi->n_groups ? mi->n_groups : 1), sizeof *mi->gname))) goto nomem;
    const cor_vocab *v = cor_case_vocab(base);
    const char *const *cn = cor_case_class_names(base);
    for (int c = 0; c < mi->NC; c++)
        if (!(mi->gname[c] = cor__strdup(c < acc->n_corridors ? cor_vocab_tag(v, c) : "none"))) goto nomem;
    for (int i = 0; i < mi->n_cty; i++) {
        if (!(mi->gname[mi->gstart[G_ORIGIN] + i] = cor__strdup(mi->cty[i]))) goto nomem;
        if (!(mi->gname[mi->gstart[G_DEST] + i] = cor__strdup(mi->cty[i]))) goto nomem;
        for (int k = 0; k < mi->K; k++)
            if (!(mi->gname[mi->gstart[G_DEST_CLASS] + i * mi->K + k] =
                      cor__concat(mi->cty[i], ":", cn && cn[k] ? cn[k] : "class", (char *)NULL))) goto nomem;
    }
    mi->xr = X_GROUPS + 3 * mi->n_groups;
    return COR_OK;
nomem:
    info_free(mi);
    return cor_error_set(err, COR_E_NOMEM, "out of memory");
}

/* The record of a solved case. */
static void state_record(const model_info *mi, const cor_case *c, int converged, double *x)
{
    memset(x, 0, (size_t)mi->xr * sizeof *x);
    const cor_totals *t = cor_case_totals(c);
    const cor_od_solution *od = cor_case_od(c);
    const cor_corridor_acc *a = cor_case_accounting(c);
    const cor_solution *sol = cor_case_solution(c);
    int K = mi->K, NC = mi->NC;
    int32_t Z = mi->Z;
    double pen = 0;
    for (int k = 0; k < K; k++) pen += (mi->ucost ? mi->ucost[k] : 0) * od->class_unserved[k];
    x[X_COST] = t->cost;
    x[X_UNS] = t->unserved;
    /* the welfare cost: under the logit model the perceived cost (logsum,
     * route constants included), which is the system cost under the UE */
    x[X_LOSS] = t->perceived + pen;
    x[X_CONV] = converged;
    double *g = x + X_GROUPS;
    double td = 0;
    for (int k = 0; k < K; k++)
        for (int32_t o = 0; o < Z; o++)
            for (int32_t d = 0; d < Z; d++) {
                size_t b = (((size_t)k * Z + o) * Z + d) * NC;
                double vol = 0, cost = 0;
                for (int cc = 0; cc < NC; cc++) {
                    double cst = a->prim_usd[b + cc] + mi->vot[k] * a->prim_h[b + cc];
                    vol += a->prim[b + cc];
                    cost += cst;
                    td += a->prim_h[b + cc] / 24;
                    g[3 * cc] += a->prim[b + cc];
                    g[3 * cc + 2] += cst;
                }
                int gi[3] = {mi->gstart[G_ORIGIN] + mi->zc[o], mi->gstart[G_DEST] + mi->zc[d],
                             mi->gstart[G_DEST_CLASS] + mi->zc[d] * K + k};
                for (int q = 0; q < 3; q++) { g[3 * gi[q]] += vol; g[3 * gi[q] + 2] += cost; }
            }
    x[X_TD] = td;
    for (int i = 0; i < sol->n_unserved; i++) {
        const cor_unserved *u = &sol->unserved[i];
        double v = u->volume, pv = v * (mi->ucost ? mi->ucost[u->cls] : 0);
        int gi[3] = {mi->gstart[G_ORIGIN] + mi->zc[u->o], mi->gstart[G_DEST] + mi->zc[u->d],
                     mi->gstart[G_DEST_CLASS] + mi->zc[u->d] * K + u->cls};
        for (int q = 0; q < 3; q++) { g[3 * gi[q] + 1] += v; g[3 * gi[q] + 2] += pv; }
    }
}

typedef struct runctx {
    const cor_case *model;
    cor_case *base;
    const cor_hazards *h;
    const cor_risk_opts *o;
    model_info mi;
    cache c;
    int threads;
} runctx;

/* Solves every unsolved state of the cache (in parallel, one thread each). */
/* Solves the states todo[q] of this rank's share (q % size == rank), in
 * parallel over threads; marks them solved. */
static cor_status solve_share(runctx *r, const int *todo, int nt, int rank, int size, cor_error *err)
{
    cor_status *sts = calloc((size_t)(nt ? nt : 1), sizeof *sts);
    cor_error *errs = calloc((size_t)(nt ? nt : 1), sizeof *errs);
    if (!sts || !errs) { free(sts); free(errs); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(r->threads)
#endif
    for (int q = 0; q < nt; q++) {
        if (q % size != rank) continue;
        int i = todo[q];
        cor_case *c = cor_case_clone(r->model);
        if (!c) { sts[q] = cor_error_set(&errs[q], COR_E_NOMEM, "out of memory"); continue; }
        cor_status st = cor_hazards_apply(r->h, r->c.mask[i], c, &errs[q]);
        if (!st) {
            cor_assign_params *par = cor_case_params(c);
            par->threads = 1;
            par->progress = NULL;
            cor_case_set_accounting(c, 1);
            cor_case_set_warm_start(c, r->base);
            st = cor_case_solve(c, &errs[q]);
            int conv = st == COR_OK;
            if (st == COR_E_NOCONV) st = COR_OK;
            if (!st) state_record(&r->mi, c, conv, r->c.x + (size_t)i * r->mi.xr);
        }
        sts[q] = st;
        cor_case_destroy(c);
    }
    cor_status st = COR_OK;
    for (int q = 0; q < nt && !st; q++)
        if (sts[q]) { st = sts[q]; if (err) *err = errs[q]; }
    for (int q = 0; q < nt; q++)
        if (q % size == rank) r->c.solved[todo[q]] = 1;
    free(sts); free(errs);
    return st;
}

/* The states registered and not solved yet, in order of first need. */
static int *pending(const runctx *r, int *nt)
{
    int n = r->c.n, *todo = malloc((size_t)(n ? n : 1) * sizeof *todo);
    *nt = 0;
    if (!todo) return NULL;
    for (int i = 0; i < n; i++) if (!r->c.solved[i]) todo[(*nt)++] = i;
    return todo;
}

static cor_status solve_pending(runctx *r, cor_error *err)
{
    int nt;
    int *todo = pending(r, &nt);
    if (!todo) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    cor_status st = solve_share(r, todo, nt, 0, 1, err);
    free(todo);
    return st;
}

/* ---- per-sample figures -------------------------------------------------- */
/* Sample record: metrics, then per group tonnes, unserved, loss; then per
 * event marginal and Shapley contributions; then the count of states used
 * that did not converge. */
static int rec_len(const runctx *r) { return COR_RISK_N_METRICS + 3 * r->mi.n_groups + 2 * r->h->n + 1; }

/* The loss of year y with only the events of T: registers the states
 * (collect) or reads them. */
static double year_loss(runctx *r, const year *y, uint64_t T, int collect, int *oom)
{
    double v = 0;
    for (int s = 0; s < y->n_seg; s++) {
        uint64_t m = y->s[s].mask & T;
        if (collect) { if (cache_get(&r->c, m, r->mi.xr) < 0) *oom = 1; continue; }
        v += y->s[s].len / YEAR * cache_x(&r->c, m, r->mi.xr)[X_LOSS];
    }
    return v;
}

static double fact(int n) { double f = 1; for (int i = 2; i <= n; i++) f *= i; return f; }

/* Marginal and Shapley contributions of the year's events (into mg, sh
 * indexed by event), or registration of the states they need. */
static void contributions(runctx *r, const year *y, long j, int collect, double *mg, double *sh, int *oom)
{
    int ev[COR_RISK_MAX_EVENTS], n = 0;
    for (int e = 0; e < r->h->n; e++) if (y->occurred >> e & 1) ev[n++] = e;
    if (!collect) { memset(mg, 0, (size_t)r->h->n * sizeof *mg); memset(sh, 0, (size_t)r->h->n * sizeof *sh); }
    if (!n) return;
    double vall = year_loss(r, y, y->occurred, collect, oom);
    for (int i = 0; i < n; i++) {
        double v = year_loss(r, y, y->occurred & ~((uint64_t)1 << ev[i]), collect, oom);
        if (!collect) mg[ev[i]] = vall - v;
    }
    if (n <= SHAPLEY_SUBSETS_MAX) {
        double v[1 << SHAPLEY_SUBSETS_MAX];
        for (int s = 0; s < (1 << n); s++) {
            uint64_t T = 0;
            for (int i = 0; i < n; i++) if (s >> i & 1) T |= (uint64_t)1 << ev[i];
            v[s] = year_loss(r, y, T, collect, oom);
        }
        if (collect) return;
        double nf = fact(n);
        for (int i = 0; i < n; i++)
            for (int s = 0; s < (1 << n); s++) {
                if (s >> i & 1) continue;
                int sz = __builtin_popcount((unsigned)s);
                sh[ev[i]] += fact(sz) * fact(n - sz - 1) / nf * (v[s | 1 << i] - v[s]);
            }
        return;
    }
    for (int p = 0; p < SHAPLEY_PERMS; p++) {
        int perm[COR_RISK_MAX_EVENTS];
        for (int i = 0; i < n; i++) perm[i] = ev[i];
        for (int i = n - 1; i > 0; i--) {
            int k = (int)(u01(r->o->seed, (uint64_t)j, 1000 + (uint64_t)p, (uint64_t)i) * (i + 1));
            if (k > i) k = i;
            int t = perm[i]; perm[i] = perm[k]; perm[k] = t;
        }
        uint64_t T = 0;
        double prev = year_loss(r, y, 0, collect, oom);
        for (int i = 0; i < n; i++) {
            T |= (uint64_t)1 << perm[i];
            double cur = year_loss(r, y, T, collect, oom);
            if (!collect) sh[perm[i]] += (cur - prev) / SHAPLEY_PERMS;
            prev = cur;
        }
    }
}

static void sample_record(runctx *r, const year *y, long j, double *rec)
{
    const model_info *mi = &r->mi;
    int ng = mi->n_groups;
    memset(rec, 0, (size_t)rec_len(r) * sizeof *rec);
    double nonconv = 0;
    double dem = 0;
    const cor_totals *bt = cor_case_totals(r->base);
    dem = bt->demand;
    for (int s = 0; s < y->n_seg; s++) {
        const double *x = cache_x(&r->c, y->s[s].mask, mi->xr);
        double w = y->s[s].len / YEAR;
        rec[COR_RISK_LOSS] += w * x[X_LOSS];
        rec[COR_RISK_COST] += w * x[X_COST];
        rec[COR_RISK_UNSERVED] += w * x[X_UNS];
        rec[COR_RISK_TONNE_DAYS] += w * x[X_TD];
        if (y->s[s].mask) rec[COR_RISK_DISRUPTED_DAYS] += y->s[s].len;
        if (x[X_UNS] > 1e-9 * (dem > 1 ? dem : 1)) rec[COR_RISK_UNSERVED_DAYS] += y->s[s].len;
        for (int g = 0; g < 3 * ng; g++) rec[COR_RISK_N_METRICS + g] += w * x[X_GROUPS + g];
        nonconv += !x[X_CONV];
    }
    int oom = 0;
    double *mg = rec + COR_RISK_N_METRICS + 3 * ng, *sh = mg + r->h->n;
    contributions(r, y, j, 0, mg, sh, &oom);
    rec[rec_len(r) - 1] = nonconv;
}

/* The years of samples [a, b), their states registered in the cache
 * (*oom set when one could not be); NULL on no memory. */
static year *sample_batch(runctx *r, long a, long b, int *oom)
{
    year *ys = malloc((size_t)(b - a) * sizeof *ys);
    if (!ys) return NULL;
    for (long j = a; j < b; j++) {
        year *y = &ys[j - a];
        sampler sm = {r->o->seed, r->o->samples, r->o->lhs};
        sample_year(r->h, &sm, j, y);
        for (int q = 0; q < y->n_seg; q++) if (cache_get(&r->c, y->s[q].mask, r->mi.xr) < 0) *oom = 1;
        contributions(r, y, j, 1, NULL, NULL, oom);
    }
    return ys;
}

/* Computes the records of samples [a, b) into rec. */
static cor_status run_block(runctx *r, long a, long b, double *rec, cor_error *err)
{
    long n = b - a;
    if (n <= 0) return COR_OK;
    int oom = 0;
    year *ys = sample_batch(r, a, b, &oom);
    if (!ys) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    cor_status st = oom ? cor_error_set(err, COR_E_NOMEM, "out of memory") : solve_pending(r, err);
    if (!st) {
        int rl = rec_len(r);
        for (long j = a; j < b; j++) sample_record(r, &ys[j - a], j, rec + (size_t)(j - a) * rl);
    }
    free(ys);
    return st;
}

/* A batch [a, b) of a distributed run: every rank samples the whole batch
 * (cheap, identical), so the states it needs and their order of first need
 * are the same on every rank; the unsolved ones are dealt out round-robin,
 * each rank solves its share, and rank 0 gathers the records, then computes
 * every sample's record into rec (NULL on the other ranks).  The distinct
 * states, where the work is, are solved once over all ranks. */
static cor_status run_block_dist(runctx *r, long a, long b, double *rec, const cor_risk_dist *dist, int rank,
                                 int size, cor_error *err)
{
    long n = b - a;
    if (n <= 0) return COR_OK;
    int oom = 0;
    year *ys = sample_batch(r, a, b, &oom);
    if (!ys) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    int nt = 0, *todo = oom ? NULL : pending(r, &nt);
    const int xr = r->mi.xr;
    long *counts = malloc(sizeof *counts * (size_t)size);
    double *mine = malloc(sizeof *mine * ((size_t)(nt / size + 1) * (size_t)xr + 1));
    double *all = rank == 0 ? malloc(sizeof *all * ((size_t)nt * (size_t)xr + 1)) : NULL;
    cor_status st = (!todo || !counts || !mine || (rank == 0 && !all)) ? cor_error_set(err, COR_E_NOMEM, "out of memory")
                                                                      : solve_share(r, todo, nt, rank, size, err);
    long bad = st != COR_OK;
    if (dist->allmax(dist->ud, &bad)) bad = 1;
    if (bad && !st) st = cor_error_set(err, COR_E_INTERNAL, "risk: another rank failed");
    if (!bad) {
        long k = 0;
        for (int q = rank; q < nt; q += size) memcpy(mine + (size_t)(k++) * (size_t)xr, r->c.x + (size_t)todo[q] * (size_t)xr, sizeof *mine * (size_t)xr);
        for (int q = 0; q < size; q++) counts[q] = (long)((nt - q + size - 1) / size) * xr;
        if (dist->gather(dist->ud, mine, k * xr, all, counts)) st = cor_error_set(err, COR_E_INTERNAL, "risk: gathering the states failed");
    }
    if (!st) {
        /* every rank: the states are solved (their records live on rank 0) */
        for (int q = 0; q < nt; q++) r->c.solved[todo[q]] = 1;
        if (rank == 0) {
            size_t off = 0;
            for (int rr = 0; rr < size; rr++)
                for (int q = rr; q < nt; q += size, off += (size_t)xr)
                    memcpy(r->c.x + (size_t)todo[q] * (size_t)xr, all + off, sizeof *all * (size_t)xr);
            int rl = rec_len(r);
            for (long j = a; j < b; j++) sample_record(r, &ys[j - a], j, rec + (size_t)(j - a) * rl);
        }
    }
    free(todo);
    free(counts);
    free(mine);
    free(all);
    free(ys);
    return st;
}

/* ---- statistics ---------------------------------------------------------- */
typedef struct tail { double mean, se, var95, cvar95, var99, cvar99; } tail;

static double quantile_sorted(const double *s, long n, double alpha)
{
    long i = (long)ceil(alpha * (double)n) - 1;
    if (i < 0) i = 0;
    if (i >= n) i = n - 1;
    return s[i];
}

static double cvar_sorted(const double *s, long n, double alpha, double var)
{
    double t = 0;
    for (long i = 0; i < n; i++) if (s[i] > var) t += s[i] - var;
    return var + t / ((1 - alpha) * (double)n);
}

/* Statistics of v[i * stride] for i < n (buf: n doubles of scratch). */
static tail stats(const double *v, long n, int stride, double *buf)
{
    tail t = {NAN, NAN, NAN, NAN, NAN, NAN};
    if (n <= 0) return t;
    double s = 0;
    for (long i = 0; i < n; i++) { buf[i] = v[(size_t)i * stride]; s += buf[i]; }
    t.mean = s / (double)n;
    double ss = 0;
    for (long i = 0; i < n; i++) ss += (buf[i] - t.mean) * (buf[i] - t.mean);
    t.se = n > 1 ? sqrt(ss / (double)(n - 1) / (double)n) : NAN;
    qsort(buf, (size_t)n, sizeof *buf, cmp_double);
    t.var95 = quantile_sorted(buf, n, 0.95);
    t.cvar95 = cvar_sorted(buf, n, 0.95, t.var95);
    t.var99 = quantile_sorted(buf, n, 0.99);
    t.cvar99 = cvar_sorted(buf, n, 0.99, t.var99);
    return t;
}

/* ---- exact enumeration --------------------------------------------------- */
#define EXACT_GRID 1460 /* quarter days */
#define EXACT_QUAD 2048

/* q[g] = P(event active at time (g + 0.5) / 4 days). */
static void activity(const cor__event *e, double *q, int G)
{
    if (e->months == 0xfff || G == 1) {
        for (int g = 0; g < G; g++) q[g] = e->own * cor__duration_mean(e) / YEAR;
        return;
    }
    double W = window_days(e->months);
    for (int g = 0; g < G; g++) {
        double t = (g + 0.5) * YEAR / G, m = 0;
        double Ft = window_cum(e->months, W, t);
        if (e->dur == COR_DUR_FIXED) m = Ft - window_cum(e->months, W, t - e->d1);
        else {
            for (int i = 0; i < EXACT_QUAD; i++) {
                double d, w;
                if (e->dur == COR_DUR_UNIFORM) { d = e->d1 + (e->d2 - e->d1) * (i + 0.5) / EXACT_QUAD; w = 1.0 / EXACT_QUAD; }
                else {
                    double z = -8 + 16 * (i + 0.5) / EXACT_QUAD;
                    d = fmin(e->d1 * exp(e->d2 * z), YEAR);
                    w = exp(-0.5 * z * z) / sqrt(2 * PI_) * 16.0 / EXACT_QUAD;
                }
                m += w * (Ft - window_cum(e->months, W, t - d));
            }
        }
        q[g] = e->own * m / W;
    }
}

struct cor_risk {
    long n;
    int n_states, n_nonconv, exact;
    cor_risk_stat metric[COR_RISK_N_METRICS];
    cor_risk_contrib *hz;
    cor_table *tables[6];
    int n_tables;
    long n_exact;              /* 2^E states with exact, else 0 */
    double *state_share, *state_loss, *state_cost; /* [n_exact] */
};

void cor_risk_destroy(cor_risk *r)
{
    if (!r) return;
    free(r->hz);
    for (int i = 0; i < r->n_tables; i++) cor_table_free(r->tables[i]);
    free(r->state_share);
    free(r->state_loss);
    free(r->state_cost);
    free(r);
}

long cor_risk_exact_states(const cor_risk *r, const double **time_share, const double **loss, const double **cost)
{
    if (time_share) *time_share = r->state_share;
    if (loss) *loss = r->state_loss;
    if (cost) *cost = r->state_cost;
    return r->n_exact;
}

long cor_risk_n_samples(const cor_risk *r) { return r->n; }
int cor_risk_n_states(const cor_risk *r) { return r->n_states; }
int cor_risk_n_nonconv(const cor_risk *r) { return r->n_nonconv; }
const cor_risk_stat *cor_risk_metric(const cor_risk *r, int m) { return &r->metric[m]; }
const cor_risk_contrib *cor_risk_hazard(const cor_risk *r, int i) { return &r->hz[i]; }
int cor_risk_n_tables(const cor_risk *r) { return r->n_tables; }
const cor_table *cor_risk_table(const cor_risk *r, int i) { return r->tables[i]; }

static const char *const METRIC[COR_RISK_N_METRICS] = {"loss_usd", "cost_usd", "unserved_t", "tonne_days",
                                                       "disrupted_days", "unserved_days"};
const char *cor_risk_metric_name(int m) { return m >= 0 && m < COR_RISK_N_METRICS ? METRIC[m] : ""; }

void cor_risk_opts_default(cor_risk_opts *o)
{
    memset(o, 0, sizeof *o);
    o->samples = 10000;
    o->seed = 1;
    o->batch = 1000;
    o->shortfall = 0.9;
}

/* Exact expectations (w[S] the expected share of the year in state S) into
 * ex[metric], exact marginal and Shapley into the contributions. */
typedef struct exact_out {
    double *w;            /* [2^E] */
    double metric[COR_RISK_N_METRICS];
    double *marg, *shap;  /* [E] */
} exact_out;

static cor_status run_exact(runctx *r, exact_out *xo, cor_error *err)
{
    int E = r->h->n;
    if (E > COR_RISK_MAX_EXACT)
        return cor_error_set(err, COR_E_USAGE, "exact enumeration needs at most %d hazards and joint events (the catalogue has %d); use --samples", COR_RISK_MAX_EXACT, E);
    long NS = 1L << E;
    int seasonal = 0;
    for (int e = 0; e < E; e++) seasonal |= r->h->ev[e].months != 0xfff;
    int G = seasonal ? EXACT_GRID : 1;
    double *q = malloc((size_t)E * G * sizeof *q);
    double *P = malloc((size_t)NS * sizeof *P);
    xo->w = calloc((size_t)NS, sizeof *xo->w);
    xo->marg = calloc((size_t)E + 1, sizeof *xo->marg);
    xo->shap = calloc((size_t)E + 1, sizeof *xo->shap);
    if (!q || !P || !xo->w || !xo->marg || !xo->shap) { free(q); free(P); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
    for (int e = 0; e < E; e++) activity(&r->h->ev[e], q + (size_t)e * G, G);
    for (int g = 0; g < G; g++) {
        P[0] = 1;
        for (int e = 0; e < E; e++) {
            double qe = q[(size_t)e * G + g];
            long half = 1L << e;
            for (long s = 0; s < half; s++) { P[s | half] = P[s] * qe; P[s] *= 1 - qe; }
        }
        for (long s = 0; s < NS; s++) xo->w[s] += P[s] / G;
    }
    free(q); free(P);
    int oom = 0;
    for (long s = 0; s < NS; s++) if (cache_get(&r->c, (uint64_t)s, r->mi.xr) < 0) oom = 1;
    if (oom) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    cor_status st = solve_pending(r, err);
    if (st) return st;
    double dem = cor_case_totals(r->base)->demand;
    memset(xo->metric, 0, sizeof xo->metric);
    for (long s = 0; s < NS; s++) {
        const double *x = cache_x(&r->c, (uint64_t)s, r->mi.xr);
        xo->metric[COR_RISK_LOSS] += xo->w[s] * x[X_LOSS];
        xo->metric[COR_RISK_COST] += xo->w[s] * x[X_COST];
        xo->metric[COR_RISK_UNSERVED] += xo->w[s] * x[X_UNS];
        xo->metric[COR_RISK_TONNE_DAYS] += xo->w[s] * x[X_TD];
        if (s) xo->metric[COR_RISK_DISRUPTED_DAYS] += YEAR * xo->w[s];
        if (x[X_UNS] > 1e-9 * (dem > 1 ? dem : 1)) xo->metric[COR_RISK_UNSERVED_DAYS] += YEAR * xo->w[s];
    }
    /* v(T) = sum_U w(U) loss(U & T): the expected loss when only T's events can occur */
    for (int i = 0; i < E; i++) {
        double v = 0;
        uint64_t T = (uint64_t)(NS - 1) & ~((uint64_t)1 << i);
        for (long s = 0; s < NS; s++) v += xo->w[s] * cache_x(&r->c, (uint64_t)s & T, r->mi.xr)[X_LOSS];
        xo->marg[i] = xo->metric[COR_RISK_LOSS] - v;
    }
    if (E <= EXACT_SHAPLEY_MAX) {
        double *v = malloc((size_t)NS * sizeof *v);
        if (!v) return cor_error_set(err, COR_E_NOMEM, "out of memory");
        for (long T = 0; T < NS; T++) {
            double a = 0;
            for (long s = 0; s < NS; s++) a += xo->w[s] * cache_x(&r->c, (uint64_t)(s & T), r->mi.xr)[X_LOSS];
            v[T] = a;
        }
        double nf = fact(E);
        for (int i = 0; i < E; i++) {
            double a = 0;
            for (long T = 0; T < NS; T++) {
                if (T >> i & 1) continue;
                int sz = __builtin_popcountl((unsigned long)T);
                a += fact(sz) * fact(E - sz - 1) / nf * (v[T | 1L << i] - v[T]);
            }
            xo->shap[i] = a;
        }
        free(v);
    } else {
        for (int i = 0; i < E; i++) xo->shap[i] = NAN;
    }
    return COR_OK;
}

/* ---- tables -------------------------------------------------------------- */
static char *event_list(const cor_hazards *h, uint64_t m)
{
    size_t len = 1;
    for (int e = 0; e < h->n; e++) if (m >> e & 1) len += strlen(h->ev[e].name) + 1;
    char *s = malloc(len + 4);
    if (!s) return NULL;
    s[0] = '\0';
    for (int e = 0; e < h->n; e++)
        if (m >> e & 1) { if (s[0]) strcat(s, ";"); strcat(s, h->ev[e].name); }
    if (!s[0]) strcpy(s, "none");
    return s;
}

static const char *dur_text(const cor__event *e, char *buf, size_t n)
{
    if (e->dur == COR_DUR_FIXED) snprintf(buf, n, "fixed %g", e->d1);
    else if (e->dur == COR_DUR_UNIFORM) snprintf(buf, n, "uniform %g %g", e->d1, e->d2);
    else snprintf(buf, n, "lognormal %g %g", e->d1, e->d2);
    return buf;
}

static const char *months_text(unsigned m, char *buf, size_t n)
{
    if (m == 0xfff) { snprintf(buf, n, "all"); return buf; }
    buf[0] = '\0';
    for (int i = 0; i < 12; i++)
        if (m >> i & 1) { size_t l = strlen(buf); snprintf(buf + l, n - l, "%s%d", l ? ";" : "", i + 1); }
    return buf;
}

static int build_tables(cor_risk *R, runctx *r, const double *rec, long n, const exact_out *xo)
{
    const cor_hazards *h = r->h;
    const model_info *mi = &r->mi;
    int rl = rec_len(r), E = h->n, ng = mi->n_groups;
    double *buf = malloc((size_t)(n ? n : 1) * sizeof *buf);
    if (!buf) return -1;
    const double *bx = cache_x(&r->c, 0, mi->xr);
    double base[COR_RISK_N_METRICS] = {bx[X_LOSS], bx[X_COST], bx[X_UNS], bx[X_TD], 0, 0};
    if (bx[X_UNS] > 1e-9 * fmax(1, cor_case_totals(r->base)->demand)) base[COR_RISK_UNSERVED_DAYS] = YEAR;
    /* summary */
    const char *sc[] = {"metric", "#samples", "#base", "#expected", "#se", "#exact", "#expected_delta",
                        "#var95", "#cvar95", "#var99", "#cvar99"};
    cor_table *t = cor_table_new("risk_summary", 11, sc);
    if (!t) goto fail;
    R->tables[R->n_tables++] = t;
    for (int m = 0; m < COR_RISK_N_METRICS; m++) {
        tail s = stats(rec + m, n, rl, buf);
        cor_risk_stat *st = &R->metric[m];
        *st = (cor_risk_stat){base[m], s.mean, s.se, xo ? xo->metric[m] : NAN, s.var95, s.cvar95, s.var99, s.cvar99};
        if (cor_table_row(t) < 0) goto fail;
        cor_table_set(t, 0, METRIC[m]);
        cor_table_numf(t, 1, "%.0f", (double)n);
        double v[9] = {st->base, st->mean, st->se, st->exact, st->mean - st->base, st->var95, st->cvar95, st->var99, st->cvar99};
        for (int i = 0; i < 9; i++) cor_table_numf(t, 2 + i, "%.10g", v[i]);
    }
    /* exceedance */
    const char *ec[] = {"#exceedance_probability", "#return_period_years", "#loss_usd", "#delta_loss_usd", "#cost_usd",
                        "#unserved_t", "#disrupted_days"};
    if (!(t = cor_table_new("risk_exceedance", 7, ec))) goto fail;
    R->tables[R->n_tables++] = t;
    static const double PX[] = {0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 0.0005, 0.0002, 0.0001};
    double *sorted[4];
    int mets[4] = {COR_RISK_LOSS, COR_RISK_COST, COR_RISK_UNSERVED, COR_RISK_DISRUPTED_DAYS};
    for (int q = 0; q < 4; q++) {
        if (!(sorted[q] = malloc((size_t)(n ? n : 1) * sizeof(double)))) { for (int z = 0; z < q; z++) free(sorted[z]); goto fail; }
        for (long i = 0; i < n; i++) sorted[q][i] = rec[(size_t)i * rl + mets[q]];
        qsort(sorted[q], (size_t)n, sizeof(double), cmp_double);
    }
    for (size_t i = 0; i < sizeof PX / sizeof *PX; i++) {
        if (PX[i] * (double)n < 1) break;
        cor_table_row(t);
        cor_table_numf(t, 0, "%g", PX[i]);
        cor_table_numf(t, 1, "%g", 1 / PX[i]);
        double lq = quantile_sorted(sorted[0], n, 1 - PX[i]);
        cor_table_numf(t, 2, "%.10g", lq);
        cor_table_numf(t, 3, "%.10g", lq - base[COR_RISK_LOSS]);
        cor_table_numf(t, 4, "%.10g", quantile_sorted(sorted[1], n, 1 - PX[i]));
        cor_table_numf(t, 5, "%.10g", quantile_sorted(sorted[2], n, 1 - PX[i]));
        cor_table_numf(t, 6, "%.10g", quantile_sorted(sorted[3], n, 1 - PX[i]));
    }
    for (int q = 0; q < 4; q++) free(sorted[q]);
    /* hazards */
    const char *hc[] = {"hazard", "kind", "parts", "#probability", "#own_probability", "duration", "#mean_days",
                        "months", "#active_days", "#marginal_usd", "#marginal_se", "#shapley_usd", "#shapley_se",
                        "#exact_marginal_usd", "#exact_shapley_usd", "description", "source"};
    if (!(t = cor_table_new("risk_hazards", 17, hc))) goto fail;
    R->tables[R->n_tables++] = t;
    for (int e = 0; e < E; e++) {
        const cor__event *ev = &h->ev[e];
        cor_risk_contrib *c = &R->hz[e];
        tail a = stats(rec + COR_RISK_N_METRICS + 3 * ng + e, n, rl, buf);
        tail b = stats(rec + COR_RISK_N_METRICS + 3 * ng + E + e, n, rl, buf);
        c->marginal = a.mean; c->marginal_se = a.se;
        c->shapley = b.mean; c->shapley_se = b.se;
        c->exact_marginal = xo ? xo->marg[e] : NAN;
        c->exact_shapley = xo ? xo->shap[e] : NAN;
        c->active_days = ev->own * cor__duration_mean(ev);
        cor_table_row(t);
        cor_table_set(t, 0, ev->name);
        cor_table_set(t, 1, ev->joint ? "joint" : "hazard");
        char parts[512] = "";
        for (int k = 0; k < ev->n_parts; k++) {
            size_t l = strlen(parts);
            snprintf(parts + l, sizeof parts - l, "%s%s", k ? ";" : "", h->ev[ev->parts[k]].name);
        }
        cor_table_set(t, 2, parts);
        cor_table_numf(t, 3, "%.6g", ev->p);
        cor_table_numf(t, 4, "%.6g", ev->own);
        char db[64], mb[64];
        cor_table_set(t, 5, dur_text(ev, db, sizeof db));
        cor_table_numf(t, 6, "%.6g", cor__duration_mean(ev));
        cor_table_set(t, 7, months_text(ev->months, mb, sizeof mb));
        cor_table_numf(t, 8, "%.6g", c->active_days);
        double v[6] = {c->marginal, c->marginal_se, c->shapley, c->shapley_se, c->exact_marginal, c->exact_shapley};
        for (int i = 0; i < 6; i++) cor_table_numf(t, 9 + i, "%.10g", v[i]);
        cor_table_set(t, 15, ev->description ? ev->description : "");
        cor_table_set(t, 16, ev->source ? ev->source : "");
    }
    /* groups */
    const char *gc[] = {"type", "group", "#base_tonnes", "#tonnes", "#tonnes_se", "#unserved_t", "#unserved_se",
                        "#loss_usd", "#loss_se", "#delta_loss_usd", "#p_shortfall", "#loss_var95", "#loss_cvar95",
                        "#loss_var99", "#loss_cvar99"};
    if (!(t = cor_table_new("risk_groups", 15, gc))) goto fail;
    R->tables[R->n_tables++] = t;
    for (int gt = 0; gt < G_NTYPES; gt++)
        for (int g = mi->gstart[gt]; g < mi->gstart[gt + 1]; g++) {
            const double *bg = bx + X_GROUPS + 3 * g;
            if (gt != G_CORRIDOR && bg[0] <= 0 && bg[1] <= 0) continue; /* no demand in the base */
            const double *col = rec + COR_RISK_N_METRICS + 3 * g;
            tail tn = stats(col, n, rl, buf), tu = stats(col + 1, n, rl, buf), tl = stats(col + 2, n, rl, buf);
            long short_n = 0;
            for (long i = 0; i < n; i++) short_n += col[(size_t)i * rl] < r->o->shortfall * bg[0] * (1 - 1e-12);
            cor_table_row(t);
            cor_table_set(t, 0, GTYPE[gt]);
            cor_table_set(t, 1, mi->gname[g]);
            double v[13] = {bg[0], tn.mean, tn.se, tu.mean, tu.se, tl.mean, tl.se, tl.mean - bg[2],
                            n ? (double)short_n / (double)n : NAN, tl.var95, tl.cvar95, tl.var99, tl.cvar99};
            for (int i = 0; i < 13; i++) cor_table_numf(t, 2 + i, "%.10g", v[i]);
        }
    /* states (exact) */
    if (xo) {
        const char *stc[] = {"state", "#time_share", "#loss_usd", "#cost_usd", "#unserved_t", "#tonne_days", "converged"};
        if (!(t = cor_table_new("risk_states", 7, stc))) goto fail;
        R->tables[R->n_tables++] = t;
        R->n_exact = 1L << E;
        R->state_share = malloc((size_t)R->n_exact * sizeof(double));
        R->state_loss = malloc((size_t)R->n_exact * sizeof(double));
        R->state_cost = malloc((size_t)R->n_exact * sizeof(double));
        if (!R->state_share || !R->state_loss || !R->state_cost) goto fail;
        for (long s = 0; s < (1L << E); s++) {
            const double *x = cache_x(&r->c, (uint64_t)s, mi->xr);
            R->state_share[s] = xo->w[s];
            R->state_loss[s] = x[X_LOSS];
            R->state_cost[s] = x[X_COST];
            char *nm = event_list(h, (uint64_t)s);
            if (!nm) goto fail;
            cor_table_row(t);
            cor_table_set(t, 0, nm);
            free(nm);
            cor_table_numf(t, 1, "%.10g", xo->w[s]);
            cor_table_numf(t, 2, "%.10g", x[X_LOSS]);
            cor_table_numf(t, 3, "%.10g", x[X_COST]);
            cor_table_numf(t, 4, "%.10g", x[X_UNS]);
            cor_table_numf(t, 5, "%.10g", x[X_TD]);
            cor_table_set(t, 6, x[X_CONV] ? "yes" : "no");
        }
    }
    /* samples */
    const char *smc[] = {"#sample", "events", "#loss_usd", "#cost_usd", "#unserved_t", "#disrupted_days"};
    if (!(t = cor_table_new("risk_samples", 6, smc))) goto fail;
    R->tables[R->n_tables++] = t;
    for (long i = 0; i < n; i++) {
        year y;
        sampler sm = {r->o->seed, r->o->samples, r->o->lhs};
        sample_year(h, &sm, i, &y);
        char *nm = event_list(h, y.occurred);
        if (!nm) goto fail;
        const double *x = rec + (size_t)i * rl;
        cor_table_row(t);
        cor_table_numf(t, 0, "%.0f", (double)i);
        cor_table_set(t, 1, nm);
        free(nm);
        cor_table_numf(t, 2, "%.10g", x[COR_RISK_LOSS]);
        cor_table_numf(t, 3, "%.10g", x[COR_RISK_COST]);
        cor_table_numf(t, 4, "%.10g", x[COR_RISK_UNSERVED]);
        cor_table_numf(t, 5, "%.10g", x[COR_RISK_DISRUPTED_DAYS]);
        R->n_nonconv += x[rl - 1] > 0;
    }
    free(buf);
    for (int i = 0; i < R->n_tables; i++)
        if (!cor_table_ok(R->tables[i])) return -1;
    return 0;
fail:
    free(buf);
    return -1;
}

/* ---- the run ------------------------------------------------------------- */
cor_status cor_risk_run(const cor_case *model, const cor_hazards *hz, const cor_risk_opts *opts,
                        cor_risk **out, cor_error *err)
{
    *out = NULL;
    cor_risk_opts o;
    if (opts) o = *opts; else cor_risk_opts_default(&o);
    if (o.samples < 1) return cor_error_set(err, COR_E_USAGE, "risk: --samples must be at least 1");
    if (o.lhs && o.target_se > 0)
        return cor_error_set(err, COR_E_USAGE, "risk: Latin-hypercube sampling stratifies a fixed number of samples; "
                             "it does not go with --target-se");
    if (o.batch < 1) o.batch = 1000;
    if (!(o.shortfall >= 0 && o.shortfall <= 1)) return cor_error_set(err, COR_E_USAGE, "risk: shortfall share %g outside [0, 1]", o.shortfall);
    const cor_risk_dist *dist = o.dist;
    int rank = dist ? dist->rank : 0, size = dist ? dist->size : 1;
    runctx r;
    memset(&r, 0, sizeof r);
    r.model = model;
    r.h = hz;
    r.o = &o;
#ifdef _OPENMP
    r.threads = o.threads > 0 ? o.threads : omp_get_num_procs();
#else
    r.threads = 1;
#endif
    cor_status st = cor_hazards_check(hz, model, err);
    if (st) return st;
    if (!(r.base = cor_case_clone(model))) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    cor_case_set_accounting(r.base, 1);
    cor_case_params(r.base)->progress = NULL;
    st = cor_case_solve(r.base, err);
    int base_conv = st == COR_OK;
    if (st == COR_E_NOCONV) st = COR_OK;
    double *rec = NULL;
    cor_risk *R = NULL;
    exact_out xo;
    memset(&xo, 0, sizeof xo);
    if (st) goto done;
    if ((st = info_build(r.base, o.unserved_cost, &r.mi, err))) goto done;
    {
        int idx = cache_get(&r.c, 0, r.mi.xr);
        if (idx < 0) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
        state_record(&r.mi, r.base, base_conv, r.c.x);
        r.c.solved[0] = 1;
    }
    int rl = rec_len(&r);
    if (rank == 0) {
        rec = malloc((size_t)o.samples * rl * sizeof *rec);
        if (!rec) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    }
    long n = 0;
    while (n < o.samples) {
        long b0 = n, b1 = n + o.batch < o.samples ? n + o.batch : o.samples;
        if (size > 1) st = run_block_dist(&r, b0, b1, rank == 0 ? rec + (size_t)b0 * rl : NULL, dist, rank, size, err);
        else st = run_block(&r, b0, b1, rec + (size_t)b0 * rl, err);
        if (st) goto done;
        n = b1;
        long stop = 0;
        if (rank == 0) {
            if (o.progress && o.progress(o.progress_ud, n, o.samples)) stop = 2;
            if (!stop && o.target_se > 0 && n > 1) {
                double s = 0, ss = 0;
                for (long i = 0; i < n; i++) s += rec[(size_t)i * rl];
                double mean = s / (double)n;
                for (long i = 0; i < n; i++) { double d = rec[(size_t)i * rl] - mean; ss += d * d; }
                if (sqrt(ss / (double)(n - 1) / (double)n) <= o.target_se) stop = 1;
            }
        }
        if (size > 1 && dist->bcast(dist->ud, &stop)) { st = cor_error_set(err, COR_E_INTERNAL, "risk: broadcast failed"); goto done; }
        if (stop == 2) { st = cor_error_set(err, COR_E_INTERRUPTED, "risk: interrupted after %ld samples", n); goto done; }
        if (stop == 1) break;
    }
    if (rank != 0) goto done;
    if (o.exact && (st = run_exact(&r, &xo, err))) goto done;
    if (!(R = calloc(1, sizeof *R)) || !(R->hz = calloc((size_t)hz->n + 1, sizeof *R->hz))) {
        st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        goto done;
    }
    R->n = n;
    R->exact = o.exact;
    if (build_tables(R, &r, rec, n, o.exact ? &xo : NULL)) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    R->n_states = r.c.n;
    *out = R;
    R = NULL;
done:
    cor_risk_destroy(R);
    free(xo.w); free(xo.marg); free(xo.shap);
    free(rec);
    cache_free(&r.c);
    info_free(&r.mi);
    cor_case_destroy(r.base);
    return st;
}
