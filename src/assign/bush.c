/* corridor — origin-based (bush) user-equilibrium solver: Algorithm B
 * (Dial 2006) with Newton flow shifts, for several classes sharing link times.
 *
 * One bush per (class, origin zone) with demand: an acyclic set of links
 * rooted at the origin's node that carries all of that origin's flow.  Each
 * iteration has three phases:
 *   0. link flows: class_flow[k][a] = sum of the bush flows (threads sum
 *      contiguous blocks of origins, blocks added in thread order); times.
 *   A. per bush, costs frozen (parallel over origins, no shared writes):
 *      min / max labels in the bush's topological order, exact shortest paths
 *      (bush labels repaired by a Dijkstra seeded with the links that improve
 *      them), SPTT for the relative gap; then the bush update: drop unused
 *      links off the min tree, add every shortcut (the order is repaired
 *      locally; one that would close a cycle is left out), graft shortest
 *      paths onto nodes the bush lost.
 *   B. shift sweeps: per bush, Newton shifts from the longest used to the
 *      shortest segment into each node (reverse topological order) where the
 *      node's excess cost exceeds a threshold tied to the current gap; 3 to
 *      50 sweeps, more while bushes stay above it and the sweeps' work is
 *      under twice the update's.  Serial Gauss-Seidel, or for large problems
 *      parallel stages whose volume changes are exchanged in thread order
 *      (deterministic for a given thread count), until they stall.
 * A bush is one list of links grouped by head node, heads in topological
 * order, with the flows beside it (16- or 32-bit link ids: bush_impl.h is
 * compiled twice).  Per-thread scratch is dense over nodes and links.
 * See docs/ALGORITHMS.md.  cor_assign_params.bush overrides the tuning
 * constants below.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "assign/internal.h"
#include "corridor/vdf.h"

/* ---- tuning (docs/ALGORITHMS.md; cor_bush_tuning overrides) ------------- */
#define B_PASSES 2        /* equilibration passes per bush per shift sweep */
#define B_THETA 0.5       /* shift where node excess > THETA * mean excess */
#define B_SWEEPS 3        /* shift sweeps per iteration at least ... */
#define B_MAX_SWEEPS 50   /* ... and at most: more while bushes stay above the
                           * threshold and the sweeps' labelling work is
                           * below SHIFT_WORK times the update's */
#define B_SHIFT_WORK 2.0
#define B_SERIAL_GAP 1e-7 /* staged shifts only while the gap is above this */
#define B_STAGES 8        /* stages per shift sweep when threads > 1 */
#define B_SERIAL_WORK 1e6 /* links x origins below which one thread does all */
#define B_PAR_WORK 1e6    /* links x origins from which shift sweeps run in
                            * parallel stages (see docs/ALGORITHMS.md) */

/* ---- persistent state (kept in the solution for warm starts) ------------ */
typedef struct borigin {
    int32_t k, zone, node;
    int32_t n, cap;     /* bush links, capacity */
    void *lk;           /* [cap] link ids (LID), grouped by head, heads in topological order */
    double *x;          /* [cap] flows */
    uint64_t dem_hash;  /* hash of the demand row the bush carries */
    int quiet;          /* no node above the threshold in this iteration's first sweep */
    const double *dem;  /* that row (borrowed from the problem, during a solve only) */
} borigin;

typedef struct bstate {
    int32_t n_nodes, n_links, n_zones;
    int K, lid;         /* classes, bytes per link id */
    int32_t no;
    borigin *org;
} bstate;

static void bstate_free(void *vp)
{
    bstate *s = vp;
    if (!s) return;
    for (int32_t i = 0; i < s->no; i++) { free(s->org[i].lk); free(s->org[i].x); }
    free(s->org);
    free(s);
}

/* ---- per-thread workspace ---------------------------------------------- */
typedef struct hent { double d; int32_t v; } hent;
typedef struct rent { uint64_t k; int32_t v; } rent;
typedef struct rbucket { rent *a; int32_t n, cap; } rbucket;

/* A link's tail and head, together. */
typedef struct bft { int32_t f, t; } bft;

/* Bush labels of a node, together (one cache line holds a node's labels):
 * U / pu min label and its bush entry, L / pl max label and entry, pos the
 * node's topological position, gs the first bush entry with this head. */
typedef struct bnode { double U, L; int32_t pu, pl, pos, gs; } bnode;

typedef struct bwork {
    bnode *nd;                           /* [n] bush labels */
    double *D, *nf;                      /* [n] */
    int32_t *predD;                      /* [n] */
    int32_t *topo, *indeg;               /* [n] */
    rbucket rb[65];                      /* radix heap */
    uint64_t rlast;
    int32_t *segmin, *segmax;            /* [n] */
    int32_t *nhead, *stk, *fl, *bl, *plist; /* [n] order repair scratch */
    uint8_t *mark;                       /* [n] */
    int32_t *exl, nexl;                  /* [n] nodes to shift at (labels, mode 1) */
    double maxex;
    int32_t *ent, *cand, *cand2, *nnext; /* [m] */
    int64_t *key;                        /* [m] */
    void *nlk;                           /* [m] scratch list */
    double *nx;                          /* [m] */
    double *part;                        /* [K*m] partial class flows */
    /* thread view of link volumes / times (threads > 1) */
    double *vt, *tt, *dv;                /* [m] */
    uint8_t *tflag;                      /* [m] */
    int32_t *touched, ntouched;          /* [m] */
    double work;                         /* bush entries labelled by shift passes */
    int32_t nactive;                     /* bushes left above the threshold */
    int bad;
} bwork;

typedef struct bctx bctx;
typedef struct bengine {
    int lid;
    void (*init)(const bctx *, bwork *, borigin *);
    double (*update)(const bctx *, bwork *, borigin *, uint8_t *);
    void (*equilibrate)(const bctx *, bwork *, borigin *, double *, double *, int);
    void (*add_flows)(const borigin *, double *);
    int (*allowed)(const borigin *, const uint8_t *);
    void (*repair)(const bctx *, bwork *, borigin *);
} bengine;

struct bctx {
    const cor_problem *p;
    const cor_network *net;
    const bengine *eng;
    bft *ft;            /* [m] link tails and heads */
    int K, T;
    int32_t n, m, nz;
    uint8_t **masks;
    bstate *st;
    double *v, *time;   /* global link volumes and times */
    double **cost;      /* [K]: time + fixed cost for classes with fixed
                         * costs (NULL otherwise), set before phase A */
    bwork *w;           /* [T] */
    double *thr;        /* [K] phase B shift threshold of each class (its units) */
    int passes, sweeps, max_sweeps, stages;
    double shift_work;
    double par_work;
    int serial_shifts;  /* staged shifts stalled or the gap is fine:
                         * Gauss-Seidel from now on */
    double serial_gap;
};

static void bwork_free(bwork *w)
{
    free(w->nd); free(w->D); free(w->nf); free(w->predD);
    free(w->topo); free(w->indeg); for (int b = 0; b < 65; b++) free(w->rb[b].a);
    free(w->segmin); free(w->segmax); free(w->ent); free(w->cand); free(w->cand2); free(w->nlk); free(w->nx);
    free(w->nhead); free(w->stk); free(w->fl); free(w->bl);
    free(w->plist); free(w->mark); free(w->exl); free(w->nnext); free(w->key);
    free(w->part); free(w->vt); free(w->tt); free(w->dv); free(w->tflag); free(w->touched);
}

static int bwork_init(bwork *w, int32_t n, int32_t m, int K, int view)
{
    memset(w, 0, sizeof *w);
    size_t N = (size_t)(n > 0 ? n : 1), M = (size_t)(m > 0 ? m : 1);
    w->nd = malloc(N * sizeof(bnode));
    w->D = malloc(N * sizeof(double)); w->nf = calloc(N, sizeof(double));
    w->predD = malloc(N * 4);
    w->topo = malloc(N * 4); w->indeg = calloc(N, 4);
    w->segmin = malloc(N * 4); w->segmax = malloc(N * 4);
    w->ent = malloc(M * 4); w->cand = malloc(M * 4); w->cand2 = malloc(M * 4); w->nlk = malloc(M * 4);
    w->nx = malloc(M * sizeof(double));
    if (!w->nd || !w->D || !w->nf || !w->predD || !w->topo || !w->indeg ||  !w->segmin || !w->segmax || !w->ent ||
        !w->cand || !w->cand2 || !w->nlk || !w->nx)
        return -1;
    w->nhead = malloc(N * 4);
    w->stk = malloc(N * 4); w->fl = malloc(N * 4); w->bl = malloc(N * 4);
    w->plist = malloc(N * 4); w->mark = calloc(N, 1); w->exl = malloc(N * 4); w->nnext = malloc(M * 4);
    w->key = malloc(M * sizeof(int64_t));
    if (!w->nhead || !w->stk || !w->fl || !w->bl || !w->plist || !w->mark || !w->exl ||
        !w->nnext || !w->key)
        return -1;
    for (size_t i = 0; i < N; i++) w->nhead[i] = -1;
    for (size_t a = 0; a < M; a++) w->ent[a] = -1;
    if (view) {
        w->part = malloc(M * (size_t)K * sizeof(double));
        w->vt = malloc(M * sizeof(double)); w->tt = malloc(M * sizeof(double));
        w->dv = calloc(M, sizeof(double)); w->tflag = calloc(M, 1); w->touched = malloc(M * 4);
        if (!w->part || !w->vt || !w->tt || !w->dv || !w->tflag || !w->touched) return -1;
    }
    return 0;
}

static int cmp_i32(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

static inline int passable(const cor_network *net, int32_t u, int32_t onode)
{
    return u == onode || !net->no_thru[u];
}

/* ---- radix heap of (distance, node) with lazy deletion -------------------
 * Dijkstra pops keys in nondecreasing order, so a radix heap applies
 * (Ahuja, Mehlhorn, Orlin & Tarjan 1990): a nonnegative double's bits
 * order like the double, and bucket b > 0 holds the keys whose highest bit
 * differing from the last popped key is bit b - 1.  A node is pushed again
 * when its distance improves; stale entries (key above the node's current
 * distance) are skipped when popped.  Buckets keep their memory between
 * calls; an allocation failure sets w->bad. */
static inline uint64_t h_key(double d)
{
    uint64_t k;
    memcpy(&k, &d, sizeof k);
    return k;
}

static inline int h_bucket(uint64_t k, uint64_t last)
{
    return k == last ? 0 : 64 - __builtin_clzll(k ^ last);
}

static inline void h_put(bwork *w, int b, uint64_t k, int32_t v)
{
    rbucket *B = &w->rb[b];
    if (B->n == B->cap) {
        int32_t cap = B->cap ? 2 * B->cap : 64;
        rent *na = realloc(B->a, (size_t)cap * sizeof *na);
        if (!na) { w->bad = 1; return; }
        B->a = na;
        B->cap = cap;
    }
    B->a[B->n].k = k;
    B->a[B->n++].v = v;
}

static inline void h_push(bwork *w, int32_t v, double d, int32_t *size)
{
    if (*size == 0) w->rlast = 0;
    uint64_t k = h_key(d);
    h_put(w, h_bucket(k, w->rlast), k, v);
    (*size)++;
}

static inline hent h_pop(bwork *w, int32_t *size)
{
    rbucket *R = w->rb;
    if (R[0].n == 0) {
        int b = 1;
        while (R[b].n == 0) b++;
        rent *a = R[b].a;
        const int32_t n = R[b].n;
        uint64_t mn = a[0].k;
        for (int32_t q = 1; q < n; q++)
            if (a[q].k < mn) mn = a[q].k;
        w->rlast = mn;
        R[b].n = 0;
        for (int32_t q = 0; q < n; q++) h_put(w, h_bucket(a[q].k, mn), a[q].k, a[q].v);
    }
    rent r = R[0].a[--R[0].n];
    (*size)--;
    hent t;
    memcpy(&t.d, &r.k, sizeof t.d);
    t.v = r.v;
    return t;
}

/* Dijkstra over the whole (masked) network from the nodes in the heap,
 * improving w->D / w->predD; settled nodes appended to order[] when given.
 * Returns the number settled. */
static int32_t dijkstra_run(const bctx *c, bwork *w, const borigin *o, const double *tt,
                            const double *fk, const uint8_t *mk, int32_t hsize, int32_t *order)
{
    const cor_network *net = c->net;
    double *D = w->D;
    int32_t ns = 0;
    while (hsize) {
        hent t = h_pop(w, &hsize);
        int32_t u = t.v;
        if (t.d > D[u]) continue; /* stale */
        if (order) order[ns] = u;
        ns++;
        if (!passable(net, u, o->node)) continue;
        double du = t.d;
        for (int32_t a = net->first_out[u]; a < net->first_out[u + 1]; a++) {
            if (mk && !mk[a]) continue;
            int32_t v = net->link_to[a];
            if (v == o->node) continue;
            double nd = du + (fk ? tt[a] + fk[a] : tt[a]);
            if (nd < D[v]) {
                D[v] = nd;
                w->predD[v] = a;
                h_push(w, v, nd, &hsize);
            }
        }
    }
    return ns;
}

/* Node demand of origin o into w->nf (destinations with finite w->D). */
static void node_demand(const bctx *c, bwork *w, const borigin *o)
{
    for (int32_t d = 0; d < c->nz; d++) {
        double q = o->dem[d];
        if (!(q > 0) || d == o->zone) continue;
        int32_t v = c->net->zone_node[d];
        if (w->D[v] < INFINITY) w->nf[v] += q;
    }
}

/* The link costs phase A and the initial trees see for class k (frozen
 * there): time + fixed cost, summed by class_costs, or the times. */
static inline const double *phase_a_cost(const bctx *c, int k)
{
    return c->p->classes[k].fixed ? c->cost[k] : c->time;
}

#define LID uint16_t
#define BN(x) x##_16
#include "assign/bush_impl.h"
#undef LID
#undef BN
#define LID int32_t
#define BN(x) x##_32
#include "assign/bush_impl.h"
#undef LID
#undef BN

/* ---- phases --------------------------------------------------------------- */

/* Phase 0: class flows, volumes and times from the bushes (threads sum
 * contiguous blocks of origins; blocks added in thread order). */
static void phase_flows(bctx *c, cor_solution *s)
{
    const int32_t m = c->m;
    const size_t km = (size_t)c->K * (size_t)m;
    const bstate *st = c->st;
    double *cf = s->class_flow;
    const int T = c->T;
    if (T == 1) {
        memset(cf, 0, km * sizeof(double));
        for (int32_t i = 0; i < st->no; i++)
            c->eng->add_flows(&st->org[i], cf + (size_t)st->org[i].k * m);
    } else {
#ifdef _OPENMP
#pragma omp parallel num_threads(T)
#endif
        {
            int t = cor__thread_num();
            double *part = c->w[t].part;
            memset(part, 0, km * sizeof(double));
            int32_t i0 = (int32_t)((int64_t)st->no * t / T), i1 = (int32_t)((int64_t)st->no * (t + 1) / T);
            for (int32_t i = i0; i < i1; i++)
                c->eng->add_flows(&st->org[i], part + (size_t)st->org[i].k * m);
#ifdef _OPENMP
#pragma omp barrier
#endif
            size_t k0 = km * (size_t)t / (size_t)T, k1 = km * (size_t)(t + 1) / (size_t)T;
            for (size_t q = k0; q < k1; q++) {
                double v = 0;
                for (int u = 0; u < T; u++) v += c->w[u].part[q];
                cf[q] = v;
            }
        }
    }
    for (int32_t a = 0; a < m; a++) {
        double v = 0;
        for (int k = 0; k < c->K; k++) v += cf[(size_t)k * m + a];
        c->v[a] = v;
        c->time[a] = cor_vdf_time(c->net, a, v);
    }
}

/* Generalized costs of the classes with fixed costs at the current times
 * (phase A and the initial trees read them instead of adding two arrays). */
static void class_costs(bctx *c)
{
    for (int k = 0; k < c->K; k++) {
        const double *f = c->p->classes[k].fixed;
        if (!f) continue;
        double *ck = c->cost[k];
        for (int32_t a = 0; a < c->m; a++) ck[a] = c->time[a] + f[a];
    }
}

/* Whether shift sweeps run serially (one thread, a small problem, or the
 * staged sweeps stalled or the gap went below serial_gap). */
static int shifts_serial(const bctx *c)
{
    return c->T == 1 || (double)c->m * (double)c->st->no < c->par_work || c->serial_shifts;
}

/* Phase B: shift sweep.  threads > 1: thread t equilibrates its contiguous
 * block of origins in stages; after each stage every thread adds the other
 * threads' volume changes to its own view (in thread order). */
static void phase_shift(bctx *c, int sweep)
{
    bstate *st = c->st;
    for (int t = 0; t < c->T; t++) { c->w[t].work = 0; c->w[t].nactive = 0; }
    if (shifts_serial(c)) {
        /* serial Gauss-Seidel: small problems do not pay for the stage barriers */
        for (int32_t i = 0; i < st->no; i++)
            if (!sweep || !st->org[i].quiet) c->eng->equilibrate(c, &c->w[0], &st->org[i], c->v, c->time, 0);
        return;
    }
    const int T = c->T;
#ifdef _OPENMP
#pragma omp parallel num_threads(T)
#endif
    {
        int t = cor__thread_num();
        bwork *w = &c->w[t];
        const cor_network *net = c->net;
        memcpy(w->vt, c->v, (size_t)c->m * sizeof(double));
        memcpy(w->tt, c->time, (size_t)c->m * sizeof(double));
        int32_t i0 = (int32_t)((int64_t)st->no * t / T), i1 = (int32_t)((int64_t)st->no * (t + 1) / T);
        int32_t blk = (st->no + T - 1) / T;
        int32_t ns = c->stages < blk ? c->stages : blk;
        if (ns < 1) ns = 1;
        for (int32_t s = 0; s < ns; s++) {
            int32_t a0 = i0 + (int32_t)((int64_t)blk * s / ns), a1 = i0 + (int32_t)((int64_t)blk * (s + 1) / ns);
            if (a1 > i1) a1 = i1;
            for (int32_t i = a0; i < a1; i++)
                if (!sweep || !st->org[i].quiet) c->eng->equilibrate(c, w, &st->org[i], w->vt, w->tt, 1);
#ifdef _OPENMP
#pragma omp barrier
#endif
            for (int u = 0; u < T; u++) {
                if (u == t) continue;
                const bwork *wu = &c->w[u];
                for (int32_t q = 0; q < wu->ntouched; q++) {
                    int32_t a = wu->touched[q];
                    w->vt[a] += wu->dv[a];
                    w->tflag[a] |= 2; /* refresh time below */
                }
            }
            for (int u = 0; u < T; u++) {
                if (u == t) continue;
                const bwork *wu = &c->w[u];
                for (int32_t q = 0; q < wu->ntouched; q++) {
                    int32_t a = wu->touched[q];
                    if (w->tflag[a] & 2) {
                        w->tt[a] = cor_vdf_time(net, a, w->vt[a] > 0 ? w->vt[a] : 0);
                        w->tflag[a] &= 1;
                    }
                }
            }
#ifdef _OPENMP
#pragma omp barrier
#endif
            for (int32_t q = 0; q < w->ntouched; q++) {
                int32_t a = w->touched[q];
                w->dv[a] = 0;
                w->tflag[a] = 0;
            }
            w->ntouched = 0;
        }
    }
    /* every view now holds all shifts: it becomes the global state */
    memcpy(c->v, c->w[0].vt, (size_t)c->m * sizeof(double));
    memcpy(c->time, c->w[0].tt, (size_t)c->m * sizeof(double));
}

static uint64_t row_hash(const double *row, int32_t n)
{
    const unsigned char *b = (const unsigned char *)row;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < (size_t)n * sizeof(double); i++) { h ^= b[i]; h *= 1099511628211ULL; }
    return h;
}

/* ---- driver --------------------------------------------------------------- */
cor_status cor__assign_bush(const cor_problem *p, const cor_assign_params *par,
                            cor_solution **out, cor_error *err)
{
    const cor_network *net = p->net;
    const int K = p->n_classes;
    const int32_t n = net->n_nodes, m = net->n_links, nz = net->n_zones;
    double t0 = cor__now();
    cor_status st = COR_OK;
    cor__loop loop = {0};
    bctx C;
    memset(&C, 0, sizeof C);
    C.p = p; C.net = net; C.K = K; C.n = n; C.m = m; C.nz = nz;
    C.T = cor__threads(par);
    C.eng = m <= 65535 ? &engine_16 : &engine_32;
    const cor_bush_tuning *tu = &par->bush;
    C.passes = tu->passes > 0 ? tu->passes : B_PASSES;
    C.sweeps = tu->sweeps > 0 ? tu->sweeps : B_SWEEPS;
    C.max_sweeps = tu->max_sweeps > 0 ? tu->max_sweeps : B_MAX_SWEEPS;
    if (C.max_sweeps < C.sweeps) C.max_sweeps = C.sweeps;
    C.shift_work = tu->shift_work > 0 ? tu->shift_work : B_SHIFT_WORK;
    C.stages = tu->stages > 0 ? tu->stages : B_STAGES;
    C.par_work = tu->par_work > 0 ? tu->par_work : tu->par_work < 0 ? 0 : B_PAR_WORK;
    C.serial_gap = tu->serial_gap > 0 ? tu->serial_gap : tu->serial_gap < 0 ? 0 : B_SERIAL_GAP;
    double theta = tu->theta > 0 ? tu->theta : B_THETA;
    double *sptt_o = NULL;
    uint8_t *need = NULL, *unr = NULL;
    cor_solution *s = cor__solution_new(p, COR_METHOD_BUSH);
    C.masks = calloc((size_t)K, sizeof *C.masks);
    C.ft = malloc((size_t)(m > 0 ? m : 1) * sizeof *C.ft);
    C.cost = calloc((size_t)K, sizeof *C.cost);
    C.thr = calloc((size_t)K, sizeof *C.thr);
    if (!s || !C.masks || !C.ft || !C.cost || !C.thr) goto nomem;
    if ((st = cor__loop_init(&loop, p, par, s, t0, err))) goto done;
    for (int k = 0; k < K; k++)
        if (p->classes[k].fixed && !(C.cost[k] = malloc((size_t)(m > 0 ? m : 1) * sizeof(double)))) goto nomem;
    for (int32_t a = 0; a < m; a++) { C.ft[a].f = net->link_from[a]; C.ft[a].t = net->link_to[a]; }
    for (int k = 0; k < K; k++)
        if ((st = cor__class_mask(p, k, &C.masks[k], err))) goto done;

    /* origins: (class, zone) with demand to another zone */
    int32_t no = 0;
    for (int k = 0; k < K; k++)
        for (int32_t o = 0; o < nz; o++) {
            const double *row = p->classes[k].demand + (size_t)o * nz;
            for (int32_t d = 0; d < nz; d++)
                if (row[d] > 0 && d != o) { no++; break; }
        }
    C.st = calloc(1, sizeof *C.st);
    if (!C.st) goto nomem;
    C.st->n_nodes = n; C.st->n_links = m; C.st->n_zones = nz; C.st->K = K; C.st->lid = C.eng->lid;
    C.st->org = calloc((size_t)(no > 0 ? no : 1), sizeof *C.st->org);
    if (!C.st->org) goto nomem;
    C.st->no = no;
    {
        int32_t i = 0;
        for (int k = 0; k < K; k++)
            for (int32_t o = 0; o < nz; o++) {
                const double *row = p->classes[k].demand + (size_t)o * nz;
                if (!cor__row_has_trips(row, nz, o)) continue;
                borigin *b = &C.st->org[i++];
                b->k = k; b->zone = o; b->node = net->zone_node[o];
                b->dem = row;
                b->dem_hash = row_hash(row, nz);
            }
    }
    /* small problems: fork/join and barriers cost more than the work,
     * especially when other jobs share the cores */
    double serial_work = tu->serial_work > 0 ? tu->serial_work : tu->serial_work < 0 ? 0 : B_SERIAL_WORK;
    if ((double)m * (double)no < serial_work) C.T = 1;
    C.v = s->flow;
    C.time = s->time;
    C.w = calloc((size_t)C.T, sizeof *C.w);
    sptt_o = malloc((size_t)(no > 0 ? no : 1) * sizeof(double));
    need = malloc((size_t)(no > 0 ? no : 1));
    unr = calloc((size_t)(no > 0 ? no : 1) * (size_t)(nz > 0 ? nz : 1), 1);
    if (!C.w || !sptt_o || !need || !unr) goto nomem;
    for (int t = 0; t < C.T; t++)
        if (bwork_init(&C.w[t], n, m, K, C.T > 1)) {
            for (int u = 0; u <= t; u++) bwork_free(&C.w[u]);
            free(C.w);
            C.w = NULL;
            goto nomem;
        }

    /* initial bushes: those of a warm-start bush solution whose origin,
     * demand row and usable links still match; shortest-path trees at the
     * resulting link times (free flow when cold) for the others */
    memset(need, 1, (size_t)(no > 0 ? no : 1));
    const cor_solution *ws = par->warm_start;
    if (ws && ws->state_ && ws->state_free_ == bstate_free) {
        const bstate *old = ws->state_;
        if (old->n_nodes == n && old->n_links == m && old->n_zones == nz && old->K == K &&
            old->lid == C.eng->lid) {
            int32_t j = 0;
            for (int32_t i = 0; i < no; i++) {
                borigin *o = &C.st->org[i];
                while (j < old->no && (old->org[j].k < o->k || (old->org[j].k == o->k && old->org[j].zone < o->zone))) j++;
                if (j >= old->no) break;
                const borigin *q = &old->org[j];
                if (q->k != o->k || q->zone != o->zone || q->dem_hash != o->dem_hash) continue;
                size_t nn = (size_t)(q->n > 0 ? q->n : 1);
                o->lk = malloc(nn * (size_t)C.eng->lid);
                o->x = malloc(nn * sizeof(double));
                if (!o->lk || !o->x) goto nomem;
                memcpy(o->lk, q->lk, (size_t)q->n * (size_t)C.eng->lid);
                memcpy(o->x, q->x, (size_t)q->n * sizeof(double));
                o->n = o->cap = q->n;
                need[i] = C.eng->allowed(o, C.masks[o->k]) ? 0 : 2; /* 2: repair */
            }
        }
    }
    phase_flows(&C, s);
    class_costs(&C);
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 4) num_threads(C.T)
#endif
    for (int32_t i = 0; i < no; i++) {
        if (!need[i]) continue;
        int t = cor__thread_num();
        if (need[i] == 2) C.eng->repair(&C, &C.w[t], &C.st->org[i]);
        else C.eng->init(&C, &C.w[t], &C.st->org[i]);
    }
    for (int t = 0; t < C.T; t++)
        if (C.w[t].bad) goto nomem;

    double best_gap = INFINITY;
    int stalled = 0;
    for (int it = 1;; it++) {
        phase_flows(&C, s);
        class_costs(&C);
        int first = it == 1;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 2) num_threads(C.T)
#endif
        for (int32_t i = 0; i < no; i++) {
            int t = cor__thread_num();
            sptt_o[i] = C.eng->update(&C, &C.w[t], &C.st->org[i], first ? unr + (size_t)i * nz : NULL);
        }
        for (int t = 0; t < C.T; t++)
            if (C.w[t].bad) { st = cor_error_set(err, COR_E_INTERNAL, "bush solver: out of memory or a bush lost acyclicity"); goto done; }
        if (first) {
            for (int32_t i = 0; i < no; i++) {
                const borigin *o = &C.st->org[i];
                for (int32_t d = 0; d < nz; d++) {
                    double q = o->dem[d];
                    if (!(q > 0) || d == o->zone) continue;
                    if (unr[(size_t)i * nz + d] && cor__solution_add_unserved(s, o->k, o->zone, d, q)) goto nomem;
                }
            }
            free(unr);
            unr = NULL;
        }
        for (int k = 0; k < K; k++) loop.sptt[k] = 0;
        for (int32_t i = 0; i < no; i++) loop.sptt[C.st->org[i].k] += sptt_o[i];
        cor_status ls;
        if (cor__loop_check(&loop, it, &ls, err)) {
            st = ls;
            if (st && st != COR_E_NOCONV && st != COR_E_INTERRUPTED) goto done;
            break;
        }
        const double gap = loop.gap;
        /* Staged (parallel) shifts are block Jacobi between the threads:
         * where concurrent bushes share links, their Newton steps add up
         * and can overshoot into a cycle (ChicagoSketch on 2 threads sat
         * at 7.6e-9 for thousands of iterations).  Below serial_gap, or
         * after two iterations without a 20 % gain, the rest of the solve
         * shifts serially. */
        if (gap < 0.8 * best_gap) { best_gap = gap; stalled = 0; }
        else if (++stalled >= 2) C.serial_shifts = 1;
        if (gap < C.serial_gap) C.serial_shifts = 1;
        /* shift threshold of class k: theta times its flow-weighted mean
         * reduced cost of a link (sum_a x_ka rc_ka = TSTT_k - SPTT_k when
         * the bushes hold the shortest paths), so no bush can rest with
         * every node below it; per class, as the gap, so a class with huge
         * costs does not set the threshold of another */
        for (int k = 0; k < K; k++) {
            const double *xk = s->class_flow + (size_t)k * m;
            double vsum = 0;
            for (int32_t a = 0; a < m; a++) vsum += xk[a];
            double thr = vsum > 0 ? theta * (loop.tstt[k] - loop.sptt[k]) / vsum : 0;
            double floor_ex = vsum > 0 ? 1e-16 * loop.sptt[k] / vsum : 0;
            C.thr[k] = thr < floor_ex ? floor_ex : thr;
        }
        /* shift sweeps: at least C.sweeps; then on while some bush is still
         * above the threshold and the sweeps have labelled fewer bush links
         * than shift_work times the update's work (every bush plus a scan
         * of the links per origin).  Late in a solve few bushes stay
         * active and sweeps are cheap, so they run many: a bush whose
         * shifts other origins partly undo needs many steps, and each bush
         * update (an iteration) costs far more than a sweep. */
        double work_a = (double)no * (double)m, work_b = 0;
        /* the budget is meant in time: phase A ran on T threads, so serial
         * sweeps get 1/T of it */
        double budget = C.shift_work;
        if (C.T > 1 && shifts_serial(&C)) budget /= C.T;
        for (int32_t i = 0; i < no; i++) work_a += C.st->org[i].n;
        for (int sw = 0; sw < C.max_sweeps; sw++) {
            phase_shift(&C, sw);
            int32_t active = 0;
            for (int t = 0; t < C.T; t++) { work_b += C.w[t].work; active += C.w[t].nactive; }
            if (sw + 1 >= C.sweeps && (active == 0 || work_b >= budget * work_a)) break;
        }
    }
    /* flows, times and gap are those of the last phase 0 / phase A */
    if (par->keep_origin_flows) {
        s->origin_flow = calloc((size_t)K * (size_t)nz * (size_t)(m > 0 ? m : 1), sizeof(double));
        if (!s->origin_flow) goto nomem;
        for (int32_t i = 0; i < no; i++) {
            const borigin *o = &C.st->org[i];
            C.eng->add_flows(o, s->origin_flow + ((size_t)o->k * nz + (size_t)o->zone) * (size_t)m);
        }
    }
    for (int32_t i = 0; i < no; i++) C.st->org[i].dem = NULL;
    s->seconds = cor__now() - t0;
    s->state_ = C.st;
    s->state_free_ = bstate_free;
    C.st = NULL;
    goto done;
nomem:
    st = cor_error_set(err, COR_E_NOMEM, "out of memory for the bush solver");
done:
    if (C.masks) for (int k = 0; k < K; k++) free(C.masks[k]);
    free(C.masks);
    free(C.ft);
    if (C.cost) for (int k = 0; k < K; k++) free(C.cost[k]);
    free(C.cost);
    free(C.thr);
    cor__loop_free(&loop);
    if (C.w) { for (int t = 0; t < C.T; t++) bwork_free(&C.w[t]); free(C.w); }
    free(sptt_o); free(need); free(unr);
    bstate_free(C.st);
    if (st && st != COR_E_NOCONV && st != COR_E_INTERRUPTED) {
        cor_solution_destroy(s);
        s = NULL;
    }
    *out = s;
    return st;
}
