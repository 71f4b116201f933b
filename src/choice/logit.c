/* corridor — path-size logit stochastic user equilibrium (corridor/choice.h,
 * docs/CHOICE.md).
 *
 * Solver.  Route sets per (group, OD) grow by column generation.  Path flows
 * are updated OD by OD (Gauss-Seidel over ODs, link flows kept current) by a
 * damped Newton method on the OD's fixed-point equations
 *     F(f) = f - q*(S(C(f))) P(C(f)) = 0
 * whose Jacobian is J = I + q* [theta (diag P - P P') - (e/S) P P'] w L,
 * L_rs = sum_{a in r and s} t'_a (the route-overlap matrix of link-time
 * derivatives).  F = 0 is the stationarity condition of the OD's block of
 * the strictly convex Fisk-type program, so each block has one solution;
 * the step d = -J^-1 F is a descent direction of |F|^2 (its directional
 * derivative is -2|F|^2), backtracked until |F|^2 decreases (Armijo).  Far
 * from the solution a route with a small logit share moves straight to its
 * logit flow (its row of J is ~ the identity), which plain Newton on Fisk's
 * objective in path-flow space cannot do (the entropy barrier makes its
 * steps multiplicative).  Uncongested ODs solve in one step.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assign/internal.h"
#include "choice/internal.h"
#include "corridor/choice.h"
#include "corridor/paths.h"
#include "corridor/vdf.h"

#define MAX_ROUTES 64

typedef struct rpath {
    int32_t *links;
    int32_t n;
    uint64_t hash;
    double flow;
    double K;      /* flow-independent money cost: fixed, waits, reliability, constant */
    double var;    /* path variance of time */
    double wait;   /* sum of headway/2 */
    double lnps, ps;
    double cost;   /* last evaluated C_r */
} rpath;

typedef struct rod {
    int32_t o, d;
    double d0, s0; /* base demand, reference composite cost */
    double lv;     /* elastic: the cost level of the elasticity (> 0); 0 = fixed demand */
    int np;
    rpath *p;      /* [max_routes] */
    double S, qstar;
} rod;

typedef struct rgroup {
    int cls, seg;
    double cf, w, theta, vor, eps, share;
    const char *seg_name;
    uint8_t *mask;   /* NULL = all links usable */
    double *fixm;    /* [m] cf fixed + w headway/2 */
    double *l;       /* [m] free-flow money cost (path-size weights) */
    int n_od;
    rod *od;         /* origin-major */
} rgroup;

typedef struct ws {
    const cor_choice_problem *p;
    const cor_choice_params *par;
    const cor_network *net;
    int32_t m;
    int max_routes;
    int ng;
    rgroup *g;
    double *v, *t;          /* [m] link flow, time */
    double *var, *wait;     /* [m] link variance, headway/2 */
    int any_var;
    /* union of an OD's route links */
    int32_t *stamp, cur, *upos, *ulist, nu;
    uint64_t *bits;
    double *tU, *dtU, *dvU;
    /* dense OD algebra [MAX_ROUTES^2] / [MAX_ROUTES] */
    double *L, *J, *F, *dv, *C, *P, *fn, *y;
    int *piv;
    /* column generation */
    cor_sp *sp;
    double *dist, *cost, *cost2;
    int32_t *pred, *buf;
} ws;

static const char *const MODEL_NAMES[] = {"ue", "logit"};

const char *cor_choice_model_name(cor_choice_model m)
{
    return (m == COR_CHOICE_UE || m == COR_CHOICE_LOGIT) ? MODEL_NAMES[m] : "?";
}

int cor_choice_model_parse(const char *s, cor_choice_model *out)
{
    for (int i = 0; i < 2; i++)
        if (!strcmp(s, MODEL_NAMES[i])) { *out = (cor_choice_model)i; return 0; }
    return -1;
}

void cor_choice_params_default(cor_choice_params *p)
{
    memset(p, 0, sizeof *p);
    p->tol = 1e-8;
    p->max_iter = 500;
    p->max_routes = 32;
    p->init_k = 1;
    p->newton_steps = 2;
}

/* ---- checks ----------------------------------------------------------------- */

cor_status cor_choice_check(const cor_choice_problem *p, cor_error *err)
{
    if (!p || !p->base || !p->choice) return cor_error_set(err, COR_E_USAGE, "no choice problem");
    cor_status st = cor_problem_check(p->base, err);
    if (st) return st;
    const cor_network *net = p->base->net;
    for (int32_t a = 0; a < net->n_links; a++) {
        const char *why = cor_vdf_check((cor_vdf_kind)net->vdf_kind[a], net->capacity[a],
                                        net->vdf_alpha[a], net->vdf_beta[a]);
        if (why) return cor_error_set(err, COR_E_INPUT, "link %s: %s", net->link_id[a], why);
        if (p->time_sd && !(p->time_sd[a] >= 0 && isfinite(p->time_sd[a])))
            return cor_error_set(err, COR_E_INPUT, "link %s: time_sd %g must be finite and >= 0",
                                 net->link_id[a], p->time_sd[a]);
        if (p->headway && !(p->headway[a] >= 0 && isfinite(p->headway[a])))
            return cor_error_set(err, COR_E_INPUT, "link %s: headway %g must be finite and >= 0",
                                 net->link_id[a], p->headway[a]);
    }
    size_t zz = (size_t)net->n_zones * (size_t)net->n_zones;
    for (int k = 0; k < p->base->n_classes; k++) {
        const cor_choice_class *c = &p->choice[k];
        const char *nm = p->base->classes[k].name ? p->base->classes[k].name : "?";
        if (!(c->logit_scale > 0) || !isfinite(c->logit_scale))
            return cor_error_set(err, COR_E_INPUT, "class %s: logit_scale %g must be a finite number > 0",
                                 nm, c->logit_scale);
        if (!(c->value_of_reliability >= 0) || !isfinite(c->value_of_reliability))
            return cor_error_set(err, COR_E_INPUT, "class %s: value_of_reliability %g must be finite and >= 0",
                                 nm, c->value_of_reliability);
        if (!(c->demand_elasticity <= 0) || !isfinite(c->demand_elasticity))
            return cor_error_set(err, COR_E_INPUT, "class %s: demand_elasticity %g must be finite and <= 0",
                                 nm, c->demand_elasticity);
        if (c->n_segments < 0 || (c->n_segments > 0 && !c->segments))
            return cor_error_set(err, COR_E_USAGE, "class %s: bad segment list", nm);
        if (c->n_segments > 0) {
            double sum = 0;
            for (int s = 0; s < c->n_segments; s++) {
                const cor_choice_segment *sg = &c->segments[s];
                if (!(sg->share > 0 && sg->share <= 1))
                    return cor_error_set(err, COR_E_INPUT, "class %s segment %s: share %g must be in (0,1]",
                                         nm, sg->name ? sg->name : "?", sg->share);
                if (!isfinite(sg->vot))
                    return cor_error_set(err, COR_E_INPUT, "class %s segment %s: value of time is not finite",
                                         nm, sg->name ? sg->name : "?");
                sum += sg->share;
            }
            if (fabs(sum - 1.0) > 1e-9)
                return cor_error_set(err, COR_E_INPUT, "class %s: segment shares sum to %.12g, not 1", nm, sum);
        }
        if (c->ref_cost && c->demand_elasticity != 0) {
            int ns = c->n_segments > 0 ? c->n_segments : 1;
            for (int s = 0; s < ns; s++)
                for (size_t i = 0; i < zz; i++) {
                    double r = c->ref_cost[(size_t)s * zz + i];
                    double lv = c->ref_level ? c->ref_level[(size_t)s * zz + i] : r;
                    if (p->base->classes[k].demand[i] > 0 && i / (size_t)net->n_zones != i % (size_t)net->n_zones &&
                        !(isfinite(r) && lv > 0 && isfinite(lv)))
                        return cor_error_set(err, COR_E_INPUT, "class %s: reference composite cost %s -> %s is %g, "
                                             "level %g (the cost must be finite and the level finite and > 0 "
                                             "where there is demand)", nm,
                                             net->zone_id[i / (size_t)net->n_zones],
                                             net->zone_id[i % (size_t)net->n_zones], r, lv);
                }
        }
    }
    return COR_OK;
}

/* ---- routes ------------------------------------------------------------------ */

static uint64_t path_hash(const int32_t *l, int32_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (int32_t i = 0; i < n; i++) {
        h ^= (uint64_t)(uint32_t)l[i];
        h *= 1099511628211ull;
    }
    return h ^ (uint64_t)n;
}

static int has_route(const rod *od, const int32_t *l, int32_t n, uint64_t h)
{
    for (int r = 0; r < od->np; r++)
        if (od->p[r].hash == h && od->p[r].n == n && !memcmp(od->p[r].links, l, sizeof *l * (size_t)n))
            return 1;
    return 0;
}

/* Path-size factors of the OD's route set. */
static void od_path_size(ws *w, const rgroup *g, rod *od)
{
    w->cur++;
    for (int r = 0; r < od->np; r++)
        for (int32_t i = 0; i < od->p[r].n; i++) {
            int32_t a = od->p[r].links[i];
            if (w->stamp[a] != w->cur) { w->stamp[a] = w->cur; w->bits[a] = 0; }
            w->bits[a] |= (uint64_t)1 << r;
        }
    for (int r = 0; r < od->np; r++) {
        rpath *pr = &od->p[r];
        double L = 0;
        for (int32_t i = 0; i < pr->n; i++) L += g->l[pr->links[i]];
        double ps = 0;
        for (int32_t i = 0; i < pr->n; i++) {
            int32_t a = pr->links[i];
            double wgt = L > 0 ? g->l[a] / L : 1.0 / pr->n;
            ps += wgt / __builtin_popcountll(w->bits[a]);
        }
        if (!(ps > 0)) ps = 1; /* empty path cannot occur (o != d) */
        pr->ps = ps;
        pr->lnps = log(ps);
    }
}

/* Money cost of route r at link times t. */
static inline double route_cost(const rgroup *g, const rpath *r, const double *t)
{
    double s = 0;
    for (int32_t i = 0; i < r->n; i++) s += t[r->links[i]];
    return r->K + g->w * s;
}

static double route_K(ws *w, const rgroup *g, const int32_t *l, int32_t n, double *var_out, double *wait_out)
{
    double fx = 0, var = 0, wt = 0;
    for (int32_t i = 0; i < n; i++) {
        fx += g->fixm[l[i]];
        var += w->var[l[i]];
        wt += w->wait[l[i]];
    }
    double K = fx + g->vor * sqrt(var);
    if (w->par->path_constant) K += w->par->path_constant(w->par->path_constant_ud, g->cls, l, n);
    *var_out = var;
    *wait_out = wt;
    return K;
}

/* Adds route l[0..n) to od.  force: add whenever new (initial routes); else
 * only when it is at least as cheap as every route of the set at times t.
 * Returns 1 when added, 0 when not, -1 on no memory. */
static int add_route(ws *w, rgroup *g, rod *od, const int32_t *l, int32_t n, const double *t, int force,
                     double flow)
{
    if (n <= 0) return 0;
    uint64_t h = path_hash(l, n);
    if (od->np >= w->max_routes || has_route(od, l, n, h)) return 0;
    double var, wt;
    double K = route_K(w, g, l, n, &var, &wt);
    if (!isfinite(K)) return 0;
    if (!force && od->np > 0) {
        double s = 0;
        for (int32_t i = 0; i < n; i++) s += t[l[i]];
        double c = K + g->w * s, cmin = INFINITY;
        for (int r = 0; r < od->np; r++) {
            double cr = route_cost(g, &od->p[r], t);
            if (cr < cmin) cmin = cr;
        }
        if (c > cmin + 1e-12 * fabs(cmin)) return 0;
    }
    if (!od->p) {
        od->p = calloc((size_t)w->max_routes, sizeof *od->p);
        if (!od->p) return -1;
    }
    rpath *r = &od->p[od->np];
    r->links = malloc(sizeof *l * (size_t)n);
    if (!r->links) return -1;
    memcpy(r->links, l, sizeof *l * (size_t)n);
    r->n = n;
    r->hash = h;
    r->flow = flow;
    r->K = K;
    r->var = var;
    r->wait = wt;
    od->np++;
    od_path_size(w, g, od);
    return 1;
}

/* A caller's route: consecutive usable links from o's node to d's node. */
static int route_valid(const ws *w, const rgroup *g, const rod *od, const int32_t *l, int32_t n)
{
    const cor_network *net = w->net;
    if (n <= 0 || !l) return 0;
    for (int32_t i = 0; i < n; i++) {
        if (l[i] < 0 || l[i] >= net->n_links) return 0;
        if (g->mask && !g->mask[l[i]]) return 0;
        if (i > 0 && net->link_from[l[i]] != net->link_to[l[i - 1]]) return 0;
    }
    return net->link_from[l[0]] == net->zone_node[od->o] && net->link_to[l[n - 1]] == net->zone_node[od->d];
}

/* One column-generation pass for group g at link times t: adds the cheapest
 * route of every OD when new (force: at start, unconditionally new routes).
 * Returns routes added or -1 on no memory. */
static int colgen_group(ws *w, rgroup *g, const double *t, int force)
{
    const cor_network *net = w->net;
    int added = 0;
    for (int32_t a = 0; a < w->m; a++) w->cost[a] = g->fixm[a] + g->w * t[a];
    int passes = (g->vor > 0 && w->any_var) ? 2 : 1;
    for (int i = 0; i < g->n_od;) {
        int32_t o = g->od[i].o;
        int j = i;
        while (j < g->n_od && g->od[j].o == o) j++;
        for (int pass = 0; pass < passes; pass++) {
            const double *c = w->cost;
            if (pass == 1) {
                /* tangent of VoR sqrt(variance) at the origin's mean route SD */
                double num = 0, den = 0;
                for (int q = i; q < j; q++) {
                    const rod *od = &g->od[q];
                    if (!od->np) continue;
                    int best = 0;
                    double cb = INFINITY;
                    for (int r = 0; r < od->np; r++) {
                        double cr = route_cost(g, &od->p[r], t);
                        if (cr < cb) { cb = cr; best = r; }
                    }
                    num += od->d0 * sqrt(od->p[best].var);
                    den += od->d0;
                }
                double sref = den > 0 ? num / den : 0;
                for (int32_t a = 0; a < w->m; a++)
                    w->cost2[a] = w->cost[a] + (sref > 0 ? g->vor * w->var[a] / (2 * sref) : g->vor * sqrt(w->var[a]));
                c = w->cost2;
            }
            cor_sp_tree(w->sp, net->zone_node[o], c, g->mask, w->dist, w->pred);
            for (int q = i; q < j; q++) {
                rod *od = &g->od[q];
                int32_t dn = net->zone_node[od->d];
                if (!isfinite(w->dist[dn])) continue;
                int32_t n = cor_sp_path(net, w->pred, dn, w->buf, net->n_nodes);
                if (n <= 0) continue;
                int rc = add_route(w, g, od, w->buf, n, t, force && pass == 0, 0.0);
                if (rc < 0) return -1;
                added += rc;
            }
        }
        i = j;
    }
    return added;
}

/* ---- the OD's logit ---------------------------------------------------------- */

/* Costs C, probabilities P, composite cost S and target demand q* of od at
 * the times tt (indexed through idx: tt[idx[a]] if idx, else tt[a]). */
static void od_logit(const rgroup *g, rod *od, const double *tt, const int32_t *idx, double *C, double *P)
{
    double umax = -INFINITY;
    for (int r = 0; r < od->np; r++) {
        const rpath *pr = &od->p[r];
        double s = 0;
        if (idx)
            for (int32_t i = 0; i < pr->n; i++) s += tt[idx[pr->links[i]]];
        else
            for (int32_t i = 0; i < pr->n; i++) s += tt[pr->links[i]];
        C[r] = pr->K + g->w * s;
        P[r] = -g->theta * C[r] + pr->lnps;
        if (P[r] > umax) umax = P[r];
    }
    double z = 0;
    for (int r = 0; r < od->np; r++) { P[r] = exp(P[r] - umax); z += P[r]; }
    for (int r = 0; r < od->np; r++) P[r] /= z;
    od->S = -(umax + log(z)) / g->theta;
    if (od->lv > 0) {
        double x = od->S - od->s0 + od->lv; /* q* = d0 ((S - s0 + L) / L)^e */
        if (x < 1e-12 * od->lv) x = 1e-12 * od->lv;
        od->qstar = od->d0 * pow(x / od->lv, g->eps);
    } else {
        od->qstar = od->d0;
    }
}

int cor__lu_solve(double *A, int n, double *b, int *piv)
{
    for (int k = 0; k < n; k++) {
        int p = k;
        double mx = fabs(A[k * n + k]);
        for (int i = k + 1; i < n; i++)
            if (fabs(A[i * n + k]) > mx) { mx = fabs(A[i * n + k]); p = i; }
        if (!(mx > 0)) return -1;
        piv[k] = p;
        if (p != k) {
            for (int j = 0; j < n; j++) { double tmp = A[k * n + j]; A[k * n + j] = A[p * n + j]; A[p * n + j] = tmp; }
            double tb = b[k]; b[k] = b[p]; b[p] = tb;
        }
        double inv = 1.0 / A[k * n + k];
        for (int i = k + 1; i < n; i++) {
            double f = A[i * n + k] * inv;
            if (f == 0) continue;
            A[i * n + k] = f;
            for (int j = k + 1; j < n; j++) A[i * n + j] -= f * A[k * n + j];
            b[i] -= f * b[k];
        }
    }
    for (int i = n - 1; i >= 0; i--) {
        double s = b[i];
        for (int j = i + 1; j < n; j++) s -= A[i * n + j] * b[j];
        b[i] = s / A[i * n + i];
    }
    return 0;
}

/* Residual |F|^2 of od at union times tU (after od_logit). */
static double residual2(const rod *od, const double *f, const double *P)
{
    double s = 0;
    for (int r = 0; r < od->np; r++) {
        double e = f[r] - od->qstar * P[r];
        s += e * e;
    }
    return s;
}

/* Newton steps on od's block (link flows w->v kept current). */
static void od_newton(ws *w, rgroup *g, rod *od)
{
    int n = od->np;
    if (n == 0) return;
    if (n == 1 && !(od->lv > 0)) { /* fixed demand, one route: nothing to choose */
        double e = od->d0 - od->p[0].flow;
        if (e != 0) {
            for (int32_t i = 0; i < od->p[0].n; i++) w->v[od->p[0].links[i]] += e;
            od->p[0].flow = od->d0;
        }
        return;
    }
    const cor_network *net = w->net;
    w->cur++;
    w->nu = 0;
    for (int r = 0; r < n; r++)
        for (int32_t i = 0; i < od->p[r].n; i++) {
            int32_t a = od->p[r].links[i];
            if (w->stamp[a] != w->cur) {
                w->stamp[a] = w->cur;
                w->bits[a] = 0;
                w->upos[a] = w->nu;
                w->ulist[w->nu++] = a;
            }
            w->bits[a] |= (uint64_t)1 << r;
        }
    double *C = w->C, *P = w->P, *F = w->F, *d = w->dv, *fn = w->fn, *L = w->L, *J = w->J, *y = w->y;
    double f[MAX_ROUTES];
    for (int r = 0; r < n; r++) f[r] = od->p[r].flow;
    double tol_in = 1e-3 * w->par->tol * (od->d0 > 0 ? od->d0 : 1);
    for (int step = 0; step < w->par->newton_steps; step++) {
        int any_dt = 0;
        for (int32_t i = 0; i < w->nu; i++) {
            int32_t a = w->ulist[i];
            w->tU[i] = cor_vdf_time(net, a, w->v[a]);
            w->dtU[i] = cor_vdf_deriv(net, a, w->v[a]);
            if (w->dtU[i] != 0) any_dt = 1;
        }
        od_logit(g, od, w->tU, w->upos, C, P);
        double r2 = residual2(od, f, P), r1 = 0;
        for (int r = 0; r < n; r++) {
            F[r] = f[r] - od->qstar * P[r];
            r1 += fabs(F[r]);
        }
        if (r1 <= tol_in) break;
        /* J = I + q* w M L, M L = theta (P_r L_rs) - (theta + e/S) P_r (P'L)_s */
        memset(L, 0, sizeof *L * (size_t)(n * n));
        if (any_dt) {
            int idx[MAX_ROUTES];
            for (int32_t i = 0; i < w->nu; i++) {
                double dt = w->dtU[i];
                if (dt == 0) continue;
                uint64_t b = w->bits[w->ulist[i]];
                int k = 0;
                while (b) { idx[k++] = __builtin_ctzll(b); b &= b - 1; }
                for (int u = 0; u < k; u++)
                    for (int s = 0; s < k; s++) L[idx[u] * n + idx[s]] += dt;
            }
        }
        double xl = od->S - od->s0 + od->lv;
        if (xl < 1e-12 * od->lv) xl = 1e-12 * od->lv;
        double ee = od->lv > 0 ? g->eps / xl : 0;
        for (int s = 0; s < n; s++) {
            double acc = 0;
            for (int t = 0; t < n; t++) acc += P[t] * L[t * n + s];
            y[s] = acc;
        }
        double qw = od->qstar * g->w;
        for (int r = 0; r < n; r++)
            for (int s = 0; s < n; s++)
                J[r * n + s] = (r == s) + qw * (g->theta * P[r] * L[r * n + s] - (g->theta + ee) * P[r] * y[s]);
        for (int r = 0; r < n; r++) d[r] = -F[r];
        if (cor__lu_solve(J, n, d, w->piv)) {
            for (int r = 0; r < n; r++) d[r] = -F[r]; /* fixed-point step */
        }
        /* backtracking on |F|^2 */
        double alpha = 1.0;
        int accepted = 0;
        for (int bt = 0; bt < 30; bt++) {
            double sum = 0;
            for (int r = 0; r < n; r++) {
                fn[r] = f[r] + alpha * d[r];
                if (fn[r] < 0) fn[r] = 0;
                sum += fn[r];
            }
            if (!(od->lv > 0) && sum > 0)
                for (int r = 0; r < n; r++) fn[r] *= od->d0 / sum;
            for (int32_t i = 0; i < w->nu; i++) w->dvU[i] = 0;
            for (int r = 0; r < n; r++) {
                double df = fn[r] - f[r];
                if (df == 0) continue;
                for (int32_t i = 0; i < od->p[r].n; i++) w->dvU[w->upos[od->p[r].links[i]]] += df;
            }
            for (int32_t i = 0; i < w->nu; i++) {
                int32_t a = w->ulist[i];
                double va = w->v[a] + w->dvU[i];
                w->tU[i] = cor_vdf_time(net, a, va > 0 ? va : 0);
            }
            od_logit(g, od, w->tU, w->upos, C, P);
            double n2 = residual2(od, fn, P);
            if (n2 <= (1 - 1e-4 * alpha) * r2) { accepted = 1; break; }
            alpha *= 0.5;
        }
        if (!accepted) break;
        for (int32_t i = 0; i < w->nu; i++) {
            int32_t a = w->ulist[i];
            w->v[a] += w->dvU[i];
            if (w->v[a] < 0) w->v[a] = 0;
        }
        for (int r = 0; r < n; r++) f[r] = fn[r];
    }
    for (int r = 0; r < n; r++) od->p[r].flow = f[r];
}

/* ---- global state --------------------------------------------------------------- */

static void load_flows(ws *w)
{
    memset(w->v, 0, sizeof *w->v * (size_t)w->m);
    for (int gi = 0; gi < w->ng; gi++) {
        rgroup *g = &w->g[gi];
        for (int i = 0; i < g->n_od; i++)
            for (int r = 0; r < g->od[i].np; r++) {
                const rpath *pr = &g->od[i].p[r];
                for (int32_t j = 0; j < pr->n; j++) w->v[pr->links[j]] += pr->flow;
            }
    }
    for (int32_t a = 0; a < w->m; a++) w->t[a] = cor_vdf_time(w->net, a, w->v[a]);
}

/* The convergence measure at the current link times (w->t). */
static double measure(ws *w)
{
    double num = 0, den = 0;
    for (int gi = 0; gi < w->ng; gi++) {
        rgroup *g = &w->g[gi];
        for (int i = 0; i < g->n_od; i++) {
            rod *od = &g->od[i];
            if (!od->np) continue;
            od_logit(g, od, w->t, NULL, w->C, w->P);
            for (int r = 0; r < od->np; r++) num += fabs(od->p[r].flow - od->qstar * w->P[r]);
            den += od->qstar;
        }
    }
    return den > 0 ? num / den : 0;
}

/* Fisk-type objective (time units) at the current state. */
static double objective(ws *w)
{
    double z = 0;
    for (int32_t a = 0; a < w->m; a++) z += cor_vdf_integral(w->net, a, w->v[a]);
    for (int gi = 0; gi < w->ng; gi++) {
        rgroup *g = &w->g[gi];
        double zg = 0;
        for (int i = 0; i < g->n_od; i++) {
            rod *od = &g->od[i];
            double q = 0;
            for (int r = 0; r < od->np; r++) {
                double f = od->p[r].flow;
                q += f;
                zg += f * (od->p[r].K - od->p[r].lnps / g->theta);
                if (f > 0) zg += f * log(f) / g->theta;
            }
            if (q > 0) zg -= q * log(q) / g->theta;
            if (od->lv > 0 && q > 0) {
                /* int_{D0}^{q} S(u) du, inverse demand S(u) = s0 - L + L (u/D0)^(1/eps) */
                double e = 1.0 / g->eps + 1.0;
                zg -= (od->s0 - od->lv) * (q - od->d0);
                zg -= fabs(e) < 1e-12 ? od->lv * od->d0 * log(q / od->d0)
                                      : od->lv * od->d0 / e * (pow(q / od->d0, e) - 1.0);
            }
        }
        z += zg / g->w;
    }
    return z;
}

static void ws_free(ws *w)
{
    if (w->g) {
        for (int gi = 0; gi < w->ng; gi++) {
            rgroup *g = &w->g[gi];
            for (int i = 0; i < g->n_od; i++) {
                if (!g->od[i].p) continue;
                for (int r = 0; r < g->od[i].np; r++) free(g->od[i].p[r].links);
                free(g->od[i].p);
            }
            free(g->od);
            free(g->mask);
            free(g->fixm);
            free(g->l);
        }
        free(w->g);
    }
    free(w->v); free(w->t); free(w->var); free(w->wait);
    free(w->stamp); free(w->upos); free(w->ulist); free(w->bits);
    free(w->tU); free(w->dtU); free(w->dvU);
    free(w->L); free(w->J); free(w->F); free(w->dv); free(w->C); free(w->P); free(w->fn); free(w->y);
    free(w->piv);
    cor_sp_destroy(w->sp);
    free(w->dist); free(w->cost); free(w->cost2); free(w->pred); free(w->buf);
}

static cor_status build_groups(ws *w, cor_error *err)
{
    const cor_choice_problem *p = w->p;
    const cor_problem *b = p->base;
    const cor_network *net = w->net;
    int32_t nz = net->n_zones, m = w->m;
    size_t zz = (size_t)nz * (size_t)nz, ml = (size_t)(m > 0 ? m : 1);
    w->ng = 0;
    for (int k = 0; k < b->n_classes; k++) w->ng += p->choice[k].n_segments > 0 ? p->choice[k].n_segments : 1;
    w->g = calloc((size_t)w->ng, sizeof *w->g);
    if (!w->g) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    int gi = 0;
    for (int k = 0; k < b->n_classes; k++) {
        const cor_choice_class *c = &p->choice[k];
        const cor_class *bc = &b->classes[k];
        int ns = c->n_segments > 0 ? c->n_segments : 1;
        double cf = bc->vot > 0 ? bc->vot : 1.0;
        for (int s = 0; s < ns; s++, gi++) {
            rgroup *g = &w->g[gi];
            g->cls = k;
            g->seg = s;
            g->cf = cf;
            g->w = (c->n_segments > 0 && c->segments[s].vot > 0) ? c->segments[s].vot : cf;
            g->share = c->n_segments > 0 ? c->segments[s].share : 1.0;
            g->seg_name = c->n_segments > 0 ? c->segments[s].name : NULL;
            g->theta = c->logit_scale;
            g->vor = c->value_of_reliability;
            g->eps = c->demand_elasticity;
            cor_status st = cor__class_mask(b, k, &g->mask, err);
            if (st) return st;
            g->fixm = malloc(ml * sizeof(double));
            g->l = malloc(ml * sizeof(double));
            if (!g->fixm || !g->l) return cor_error_set(err, COR_E_NOMEM, "out of memory");
            for (int32_t a = 0; a < m; a++) {
                g->fixm[a] = (bc->fixed ? cf * bc->fixed[a] : 0) + g->w * w->wait[a];
                g->l[a] = g->fixm[a] + g->w * net->fftime[a];
            }
            int n_od = 0;
            for (size_t i = 0; i < zz; i++)
                if (bc->demand[i] * g->share > 0 && i / (size_t)nz != i % (size_t)nz) n_od++;
            g->od = calloc((size_t)(n_od > 0 ? n_od : 1), sizeof *g->od);
            if (!g->od) return cor_error_set(err, COR_E_NOMEM, "out of memory");
            for (size_t i = 0; i < zz; i++) {
                double dem = bc->demand[i] * g->share;
                if (!(dem > 0) || i / (size_t)nz == i % (size_t)nz) continue;
                rod *od = &g->od[g->n_od++];
                od->o = (int32_t)(i / (size_t)nz);
                od->d = (int32_t)(i % (size_t)nz);
                od->d0 = dem;
                if (c->ref_cost && c->demand_elasticity != 0) {
                    od->s0 = c->ref_cost[(size_t)s * zz + i];
                    od->lv = c->ref_level ? c->ref_level[(size_t)s * zz + i] : od->s0;
                }
            }
        }
    }
    return COR_OK;
}

static cor_status ws_init(ws *w, cor_error *err)
{
    const cor_network *net = w->net;
    int32_t m = w->m, nn = net->n_nodes;
    size_t ml = (size_t)(m > 0 ? m : 1), nl = (size_t)(nn > 0 ? nn : 1) + 1;
    size_t R = MAX_ROUTES;
    w->v = calloc(ml, sizeof(double));
    w->t = calloc(ml, sizeof(double));
    w->var = calloc(ml, sizeof(double));
    w->wait = calloc(ml, sizeof(double));
    w->stamp = calloc(ml, sizeof(int32_t));
    w->upos = calloc(ml, sizeof(int32_t));
    w->ulist = calloc(ml, sizeof(int32_t));
    w->bits = calloc(ml, sizeof(uint64_t));
    w->tU = calloc(ml, sizeof(double));
    w->dtU = calloc(ml, sizeof(double));
    w->dvU = calloc(ml, sizeof(double));
    w->L = malloc(R * R * sizeof(double));
    w->J = malloc(R * R * sizeof(double));
    w->F = malloc(R * sizeof(double));
    w->dv = malloc(R * sizeof(double));
    w->C = malloc(R * sizeof(double));
    w->P = malloc(R * sizeof(double));
    w->fn = malloc(R * sizeof(double));
    w->y = malloc(R * sizeof(double));
    w->piv = malloc(R * sizeof(int));
    w->sp = cor_sp_create(net);
    w->dist = malloc(nl * sizeof(double));
    w->pred = malloc(nl * sizeof(int32_t));
    w->buf = malloc(nl * sizeof(int32_t));
    w->cost = malloc(ml * sizeof(double));
    w->cost2 = malloc(ml * sizeof(double));
    if (!w->v || !w->t || !w->var || !w->wait || !w->stamp || !w->upos || !w->ulist || !w->bits || !w->tU ||
        !w->dtU || !w->dvU || !w->L || !w->J || !w->F || !w->dv || !w->C || !w->P || !w->fn || !w->y ||
        !w->piv || !w->sp || !w->dist || !w->pred || !w->buf || !w->cost || !w->cost2)
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    for (int32_t a = 0; a < m; a++) {
        double sd = w->p->time_sd ? w->p->time_sd[a] : 0, h = w->p->headway ? w->p->headway[a] : 0;
        w->var[a] = sd * sd + h * h / 12.0;
        w->wait[a] = 0.5 * h;
        if (w->var[a] > 0) w->any_var = 1;
    }
    return COR_OK;
}

/* Initial route sets and flows. */
static cor_status init_routes(ws *w, cor_error *err)
{
    const cor_choice_params *par = w->par;
    const cor_network *net = w->net;
    const cor_choice_solution *ws0 = par->warm_start;
    int warm = ws0 && ws0->sol && ws0->n_groups == w->ng && ws0->n_zones == net->n_zones &&
               ws0->sol->n_links == w->m;
    /* warm routes with their flows */
    if (warm) {
        int pi = 0;
        for (int gi = 0; gi < w->ng; gi++) {
            rgroup *g = &w->g[gi];
            int i = 0;
            for (; pi < ws0->n_paths && ws0->paths[pi].group == gi; pi++) {
                const cor_choice_path *pp = &ws0->paths[pi];
                while (i < g->n_od && (g->od[i].o < pp->o || (g->od[i].o == pp->o && g->od[i].d < pp->d))) i++;
                if (i == g->n_od) continue;
                rod *od = &g->od[i];
                if (od->o != pp->o || od->d != pp->d || !route_valid(w, g, od, pp->links, pp->n_links)) continue;
                if (add_route(w, g, od, pp->links, pp->n_links, NULL, 1, pp->flow) < 0)
                    return cor_error_set(err, COR_E_NOMEM, "out of memory");
            }
        }
    }
    /* caller's routes */
    for (int q = 0; q < par->n_init_routes; q++) {
        const cor_choice_route *rt = &par->init_routes[q];
        for (int gi = 0; gi < w->ng; gi++) {
            rgroup *g = &w->g[gi];
            if (g->cls != rt->cls) continue;
            for (int i = 0; i < g->n_od; i++) {
                rod *od = &g->od[i];
                if (od->o != rt->o || od->d != rt->d) continue;
                if (route_valid(w, g, od, rt->links, rt->n_links) &&
                    add_route(w, g, od, rt->links, rt->n_links, NULL, 1, 0.0) < 0)
                    return cor_error_set(err, COR_E_NOMEM, "out of memory");
            }
        }
    }
    /* times to start from: the warm solution's or free flow */
    for (int32_t a = 0; a < w->m; a++) w->t[a] = warm ? ws0->sol->time[a] : net->fftime[a];
    for (int gi = 0; gi < w->ng; gi++) {
        rgroup *g = &w->g[gi];
        if (colgen_group(w, g, w->t, 1) < 0) return cor_error_set(err, COR_E_NOMEM, "out of memory");
        if (par->init_k > 1) {
            int k = par->init_k < w->max_routes ? par->init_k : w->max_routes;
            int32_t **paths = calloc((size_t)k, sizeof *paths);
            int32_t *plen = calloc((size_t)k, sizeof *plen);
            double *pc = calloc((size_t)k, sizeof *pc);
            if (!paths || !plen || !pc) { free(paths); free(plen); free(pc); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
            for (int32_t a = 0; a < w->m; a++) w->cost[a] = g->fixm[a] + g->w * w->t[a];
            cor_status st = COR_OK;
            for (int i = 0; i < g->n_od && !st; i++) {
                rod *od = &g->od[i];
                int nf = 0;
                st = cor_ksp(net, net->zone_node[od->o], net->zone_node[od->d], k, w->cost, g->mask, paths, plen,
                             pc, &nf, err);
                for (int r = 0; r < nf; r++) {
                    if (!st && add_route(w, g, od, paths[r], plen[r], NULL, 1, 0.0) < 0)
                        st = cor_error_set(err, COR_E_NOMEM, "out of memory");
                    free(paths[r]);
                }
            }
            free(paths); free(plen); free(pc);
            if (st) return st;
        }
    }
    /* flows: warm flows scaled to the demand, else the logit loading at t */
    for (int gi = 0; gi < w->ng; gi++) {
        rgroup *g = &w->g[gi];
        for (int i = 0; i < g->n_od; i++) {
            rod *od = &g->od[i];
            if (!od->np) continue;
            double sum = 0;
            for (int r = 0; r < od->np; r++) sum += od->p[r].flow;
            od_logit(g, od, w->t, NULL, w->C, w->P);
            if (sum > 0) {
                double target = od->lv > 0 ? sum : od->d0;
                for (int r = 0; r < od->np; r++) od->p[r].flow *= target / sum;
            } else {
                for (int r = 0; r < od->np; r++) od->p[r].flow = od->qstar * w->P[r];
            }
        }
    }
    return COR_OK;
}

static int cmp_cost(const void *x, const void *y)
{
    const cor_choice_path *a = x, *b = y;
    return (a->cost > b->cost) - (a->cost < b->cost);
}

static cor_status build_solution(ws *w, cor_choice_solution *s, cor_error *err)
{
    const cor_network *net = w->net;
    int32_t nz = net->n_zones, m = w->m;
    size_t zz = (size_t)nz * (size_t)nz;
    s->n_groups = w->ng;
    s->n_zones = nz;
    s->groups = calloc((size_t)w->ng, sizeof *s->groups);
    s->group_flow = calloc((size_t)w->ng * (size_t)(m > 0 ? m : 1), sizeof(double));
    s->demand = malloc(sizeof(double) * (zz ? zz : 1) * (size_t)w->ng);
    s->composite = malloc(sizeof(double) * (zz ? zz : 1) * (size_t)w->ng);
    int np = 0;
    for (int gi = 0; gi < w->ng; gi++)
        for (int i = 0; i < w->g[gi].n_od; i++) np += w->g[gi].od[i].np;
    s->paths = calloc((size_t)(np > 0 ? np : 1), sizeof *s->paths);
    if (!s->groups || !s->group_flow || !s->demand || !s->composite || !s->paths)
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    for (size_t i = 0; i < zz * (size_t)w->ng; i++) { s->demand[i] = 0; s->composite[i] = NAN; }
    cor_solution *sol = s->sol;
    memcpy(sol->flow, w->v, sizeof(double) * (size_t)m);
    memcpy(sol->time, w->t, sizeof(double) * (size_t)m);
    double tstt = 0, sptt = 0;
    for (int gi = 0; gi < w->ng; gi++) {
        rgroup *g = &w->g[gi];
        s->groups[gi] = (cor_choice_group){g->cls, g->seg, g->seg_name, g->share, g->w, g->theta};
        double *gf = s->group_flow + (size_t)gi * (size_t)m;
        double *cfl = sol->class_flow + (size_t)g->cls * (size_t)m;
        for (int i = 0; i < g->n_od; i++) {
            rod *od = &g->od[i];
            if (!od->np) continue;
            od_logit(g, od, w->t, NULL, w->C, w->P);
            size_t cell = (size_t)gi * zz + (size_t)od->o * (size_t)nz + (size_t)od->d;
            s->composite[cell] = od->S;
            double q = 0, cmin = INFINITY;
            int first = s->n_paths;
            for (int r = 0; r < od->np; r++) {
                rpath *pr = &od->p[r];
                cor_choice_path *cp = &s->paths[s->n_paths++];
                q += pr->flow;
                cp->group = gi;
                cp->o = od->o;
                cp->d = od->d;
                cp->flow = pr->flow;
                cp->prob = w->P[r];
                cp->cost = w->C[r];
                double tt = 0;
                for (int32_t j = 0; j < pr->n; j++) tt += w->t[pr->links[j]];
                cp->time = tt + pr->wait;
                cp->sd = sqrt(pr->var);
                cp->path_size = pr->ps;
                cp->n_links = pr->n;
                cp->links = malloc(sizeof(int32_t) * (size_t)pr->n);
                if (!cp->links) return cor_error_set(err, COR_E_NOMEM, "out of memory");
                memcpy(cp->links, pr->links, sizeof(int32_t) * (size_t)pr->n);
                for (int32_t j = 0; j < pr->n; j++) {
                    gf[pr->links[j]] += pr->flow;
                    cfl[pr->links[j]] += pr->flow;
                }
                tstt += pr->flow * w->C[r] / g->w;
                if (w->C[r] < cmin) cmin = w->C[r];
            }
            sptt += q * cmin / g->w;
            s->demand[cell] = q;
            qsort(s->paths + first, (size_t)(s->n_paths - first), sizeof *s->paths, cmp_cost);
        }
    }
    sol->tstt = tstt;
    sol->sptt = sptt;
    return COR_OK;
}

void cor_choice_solution_destroy(cor_choice_solution *s)
{
    if (!s) return;
    if (s->paths)
        for (int i = 0; i < s->n_paths; i++) free(s->paths[i].links);
    free(s->paths);
    free(s->groups);
    free(s->group_flow);
    free(s->demand);
    free(s->composite);
    cor_solution_destroy(s->sol);
    free(s);
}

cor_status cor_choice_solve(const cor_choice_problem *p, const cor_choice_params *par_in,
                            cor_choice_solution **out, cor_error *err)
{
    *out = NULL;
    cor_choice_params par;
    if (par_in) par = *par_in;
    else cor_choice_params_default(&par);
    if (!(par.tol > 0)) par.tol = 1e-8;
    if (par.max_iter <= 0) par.max_iter = 500;
    if (par.max_routes <= 0) par.max_routes = 32;
    if (par.max_routes > MAX_ROUTES) par.max_routes = MAX_ROUTES;
    if (par.newton_steps <= 0) par.newton_steps = 2;
    cor_status st = cor_choice_check(p, err);
    if (st) return st;
    double t0 = cor__now();
    ws w;
    memset(&w, 0, sizeof w);
    w.p = p;
    w.par = &par;
    w.net = p->base->net;
    w.m = w.net->n_links;
    w.max_routes = par.max_routes;
    cor_choice_solution *s = calloc(1, sizeof *s);
    if (!s) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    s->sol = cor__solution_new(p->base, COR_METHOD_BUSH);
    if (!s->sol) { free(s); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
    if ((st = ws_init(&w, err)) || (st = build_groups(&w, err)) || (st = init_routes(&w, err))) goto fail;
    for (int gi = 0; gi < w.ng; gi++)
        for (int i = 0; i < w.g[gi].n_od; i++)
            if (!w.g[gi].od[i].np && cor__solution_add_unserved(s->sol, w.g[gi].cls, w.g[gi].od[i].o,
                                                                w.g[gi].od[i].d, w.g[gi].od[i].d0) < 0) {
                st = cor_error_set(err, COR_E_NOMEM, "out of memory");
                goto fail;
            }
    load_flows(&w);
    cor_status result = COR_E_NOCONV;
    double gap = INFINITY;
    int it = 0, added = 0;
    while (it < par.max_iter) {
        it++;
        for (int gi = 0; gi < w.ng; gi++)
            for (int i = 0; i < w.g[gi].n_od; i++) od_newton(&w, &w.g[gi], &w.g[gi].od[i]);
        load_flows(&w);
        gap = measure(&w);
        added = 0;
        if (!par.no_colgen) {
            for (int gi = 0; gi < w.ng; gi++) {
                int a = colgen_group(&w, &w.g[gi], w.t, 0);
                if (a < 0) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
                added += a;
            }
        }
        double sec = cor__now() - t0;
        if (cor__solution_push_hist(s->sol, it, sec, gap, NAN) < 0) {
            st = cor_error_set(err, COR_E_NOMEM, "out of memory");
            goto fail;
        }
        if (gap <= par.tol && added == 0) { result = COR_OK; break; }
        if (par.progress && par.progress(par.progress_ud, it, gap, sec)) { result = COR_E_INTERRUPTED; break; }
        if (par.max_seconds > 0 && sec >= par.max_seconds) break;
    }
    if (added) gap = measure(&w); /* the new routes carry no flow yet */
    if ((st = build_solution(&w, s, err))) goto fail;
    s->objective = objective(&w);
    s->routes_added_last = added;
    s->sol->relative_gap = gap;
    s->sol->objective = s->objective;
    s->sol->iterations = it;
    s->sol->converged = result == COR_OK;
    s->sol->seconds = cor__now() - t0;
    ws_free(&w);
    *out = s;
    if (result == COR_E_NOCONV)
        cor_error_set(err, COR_E_NOCONV, "logit equilibrium stopped after %d iterations at measure %.3g (target %.3g)",
                      it, gap, par.tol);
    else if (result == COR_E_INTERRUPTED)
        cor_error_set(err, COR_E_INTERRUPTED, "interrupted at iteration %d (measure %.3g)", it, gap);
    return result;
fail:
    ws_free(&w);
    cor_choice_solution_destroy(s);
    return st;
}
