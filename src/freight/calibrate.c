/* corridor — calibration targets (calibration.csv) and the fit of the
 * route-choice constants and scales to them (calibrate.h, docs/CALIBRATION.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "corridor/calibrate.h"
#include "corridor/analysis.h"
#include "corridor/io.h"
#include "choice/internal.h"
#include "freight/internal.h"
#include "io/csv.h"

const char *cor_target_metric_name(cor_target_metric m)
{
    return m == COR_TARGET_DAYS ? "days" : m == COR_TARGET_TONNES ? "tonnes" : "share";
}

void cor_targets_destroy(cor_targets *t)
{
    if (!t) return;
    for (int i = 0; i < t->n; i++) {
        free(t->t[i].name);
        free(t->t[i].links);
        free(t->t[i].from_zone);
        free(t->t[i].to_zone);
    }
    free(t->t);
    free(t->path);
    free(t);
}

enum { T_NAME, T_CORR, T_CLASS, T_METRIC, T_LOW, T_HIGH, T_YEAR, T_LINKS, T_FROM, T_TO, T_BASIS, T_N };

/* The next non-blank item of a ';' list at *cur (trimmed, NUL-terminated in
 * place); NULL at the end. */
static char *next_item(char **cur)
{
    while (*cur && **cur) {
        char *tok = *cur, *semi = strchr(tok, ';');
        *cur = semi ? semi + 1 : NULL;
        if (semi) *semi = 0;
        while (*tok == ' ') tok++;
        size_t l = strlen(tok);
        while (l && tok[l - 1] == ' ') tok[--l] = 0;
        if (*tok) return tok;
    }
    return NULL;
}

/* A ';' list of corridor tags into *m; blank = 0.  -1 naming the bad tag. */
static int parse_tags(const cor_freight *f, const char *s, cor_corridor_mask *m, char *bad, size_t nbad)
{
    *m = 0;
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *save = buf, *tok; (tok = next_item(&save));) {
        cor_corridor c = cor_vocab_find(f->vocab, tok);
        if (c < 0) { snprintf(bad, nbad, "%s", tok); return -1; }
        *m |= COR_CORR_BIT(c);
    }
    return 0;
}

/* The zone set of a ';' list of zone node ids or country codes; NULL set
 * (any) when blank.  Returns 0, -1 with bad set (unknown item), -2 no memory. */
static int parse_zones(const cor_freight *f, const char *s, uint8_t **out, char *bad, size_t nbad)
{
    *out = NULL;
    const cor_network *net = f->net;
    int ccol = cor_network_node_col(net, "country");
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *save = buf, *tok; (tok = next_item(&save));) {
        if (!*out && !(*out = calloc((size_t)net->n_zones + 1, 1))) return -2;
        int32_t u = cor_network_find_node(net, tok), hit = 0;
        if (u >= 0 && net->node_zone[u] >= 0) {
            (*out)[net->node_zone[u]] = 1;
            continue;
        }
        for (int32_t z = 0; ccol >= 0 && z < net->n_zones; z++)
            if (cor_country_has(net->node_extra.values[ccol][net->zone_node[z]], tok)) {
                (*out)[z] = 1;
                hit = 1;
            }
        if (!hit) {
            snprintf(bad, nbad, "%s", tok);
            free(*out);
            *out = NULL;
            return -1;
        }
    }
    return 0;
}

static cor_status parse_row(cor_freight *f, cor__csv *csv, const int *col, cor_target *t, cor_error *err)
{
    const cor__text *tx = &csv->t;
    const cor_network *net = f->net;
#define FLD(i) (col[i] >= 0 ? cor__csv_get(csv, col[i]) : "")
    char bad[256];
    const char *name = FLD(T_NAME), *metric = FLD(T_METRIC), *cls = FLD(T_CLASS);
    if (!*name) return cor__field_error(err, tx, "target", "empty");
    if (!strcasecmp(metric, "days")) t->metric = COR_TARGET_DAYS;
    else if (!strcasecmp(metric, "tonnes")) t->metric = COR_TARGET_TONNES;
    else if (!strcasecmp(metric, "share")) t->metric = COR_TARGET_SHARE;
    else return cor__field_error(err, tx, "metric", "unknown metric '%s' (days, tonnes, share)", metric);
    t->cls = -1;
    if (!*cls) return cor__field_error(err, tx, "class", "empty (a class of class.csv, or all)");
    if (strcasecmp(cls, "all") && (t->cls = cor_freight_classes_find(f->cls, cls)) < 0)
        return cor__field_error(err, tx, "class", "unknown class '%s' (not in class.csv)", cls);
    if (parse_tags(f, FLD(T_CORR), &t->corridors, bad, sizeof bad))
        return cor__field_error(err, tx, "corridor", "unknown corridor '%s' (not a tag of corridors.csv / link.csv)", bad);
    if (parse_tags(f, FLD(T_BASIS), &t->basis, bad, sizeof bad))
        return cor__field_error(err, tx, "basis", "unknown corridor '%s'", bad);
    const char *lo = FLD(T_LOW), *hi = FLD(T_HIGH);
    if (cor__parse_double(lo, &t->low) || !isfinite(t->low))
        return cor__field_error(err, tx, "low", "'%s' is not a finite number", lo);
    if (cor__parse_double(hi, &t->high) || !isfinite(t->high))
        return cor__field_error(err, tx, "high", "'%s' is not a finite number", hi);
    if (t->low > t->high) return cor__field_error(err, tx, "high", "%g is below low %g", t->high, t->low);
    if (t->low < 0) return cor__field_error(err, tx, "low", "%g is negative", t->low);
    const char *yr = FLD(T_YEAR);
    long y = 0;
    if (*yr && (cor__parse_long(yr, &y) || y < COR_YEAR_MIN || y > COR_YEAR_MAX))
        return cor__field_error(err, tx, "year", "'%s' is not a year (%d..%d)", yr, COR_YEAR_MIN, COR_YEAR_MAX);
    t->year = (int)y;
    const char *from = FLD(T_FROM), *to = FLD(T_TO), *links = FLD(T_LINKS);
    switch (t->metric) {
    case COR_TARGET_DAYS: {
        if (t->cls < 0) return cor__field_error(err, tx, "class", "a days target is about one class, not all");
        if (!t->corridors || (t->corridors & (t->corridors - 1)))
            return cor__field_error(err, tx, "corridor", "a days target names exactly one corridor");
        if (*links) return cor__field_error(err, tx, "links", "a days target is measured from/to, not on links");
        t->from_node = cor_network_find_node(net, from);
        if (t->from_node < 0) return cor__field_error(err, tx, "from", "unknown node '%s' (not in node.csv)", from);
        t->to_node = cor_network_find_node(net, to);
        if (t->to_node < 0) return cor__field_error(err, tx, "to", "unknown node '%s' (not in node.csv)", to);
        break;
    }
    case COR_TARGET_TONNES: {
        if (*from || *to || *FLD(T_BASIS))
            return cor__field_error(err, tx, *from ? "from" : *to ? "to" : "basis",
                                    "a tonnes target is measured on links or by corridor (share targets take from/to/basis)");
        char buf[4096];
        snprintf(buf, sizeof buf, "%s", links);
        for (char *save = buf, *tok; (tok = next_item(&save));) {
            int32_t a = cor_network_find_link(net, tok);
            if (a < 0) return cor__field_error(err, tx, "links", "unknown link '%s' (not in link.csv)", tok);
            int32_t *p = realloc(t->links, sizeof *p * (size_t)(t->n_links + 1));
            if (!p) return cor_error_set(err, COR_E_NOMEM, "out of memory");
            t->links = p;
            t->links[t->n_links++] = a;
        }
        if (!t->n_links && !t->corridors)
            return cor__field_error(err, tx, "links", "a tonnes target needs links or a corridor");
        break;
    }
    case COR_TARGET_SHARE: {
        if (t->high > 1) return cor__field_error(err, tx, "high", "%g: a share is within [0, 1]", t->high);
        if (!t->corridors) return cor__field_error(err, tx, "corridor", "a share target names its corridor(s)");
        if (*links) return cor__field_error(err, tx, "links", "a share target is measured on paths, not links");
        int r = parse_zones(f, from, &t->from_zone, bad, sizeof bad);
        if (r == -1) return cor__field_error(err, tx, "from", "'%s' is neither a zone node nor a country of node.csv", bad);
        if (r == 0) r = parse_zones(f, to, &t->to_zone, bad, sizeof bad);
        if (r == -1) return cor__field_error(err, tx, "to", "'%s' is neither a zone node nor a country of node.csv", bad);
        if (r == -2) return cor_error_set(err, COR_E_NOMEM, "out of memory");
        break;
    }
    }
#undef FLD
    if (!(t->name = cor__strdup(name))) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    t->line = tx->line;
    return COR_OK;
}

cor_status cor_targets_load(const char *path, cor_freight *f, cor_targets **out, cor_error *err)
{
    *out = NULL;
    cor__csv csv;
    cor_status st = cor__csv_open(&csv, path, err);
    if (st) return st;
    static const char *const NAMES[T_N] = {"target", "corridor", "class", "metric", "low", "high",
                                           "year", "links", "from", "to", "basis"};
    int col[T_N], header = 1, ncols = 0, r, cap = 0;
    for (int i = 0; i < T_N; i++) col[i] = -1;
    cor_targets *ts = calloc(1, sizeof *ts);
    if (!ts || !(ts->path = cor__strdup(path))) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    while ((r = cor__csv_next(&csv, err)) > 0) {
        if (csv.field[0][0] == '#') continue;
        if (header) {
            header = 0;
            ncols = csv.n_fields;
            for (int i = 0; i < ncols; i++)
                for (int j = 0; j < T_N; j++)
                    if (!strcasecmp(csv.field[i], NAMES[j])) col[j] = i;
            static const int REQ[] = {T_NAME, T_CLASS, T_METRIC, T_LOW, T_HIGH};
            for (size_t i = 0; i < sizeof REQ / sizeof *REQ; i++)
                if (col[REQ[i]] < 0) { st = cor__field_error(err, &csv.t, NAMES[REQ[i]], "missing column"); goto done; }
            continue;
        }
        if (csv.n_fields != ncols) {
            st = cor__field_error(err, &csv.t, NULL, "%d fields, header has %d", csv.n_fields, ncols);
            goto done;
        }
        if (ts->n == cap) {
            cap = cap ? 2 * cap : 16;
            cor_target *p = realloc(ts->t, sizeof *p * (size_t)cap);
            if (!p) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
            ts->t = p;
        }
        cor_target *t = &ts->t[ts->n++];
        memset(t, 0, sizeof *t);
        t->from_node = t->to_node = -1;
        if ((st = parse_row(f, &csv, col, t, err))) goto done;
        for (int i = 0; i + 1 < ts->n; i++)
            if (!strcmp(ts->t[i].name, t->name)) {
                st = cor__field_error(err, &csv.t, "target", "duplicate target '%s' (line %ld)", t->name, ts->t[i].line);
                goto done;
            }
    }
    if (r < 0) { st = err ? err->code : COR_E_INPUT; goto done; }
    if (header) { st = cor_error_set(err, COR_E_INPUT, "%s: empty file (no header)", path); goto done; }
    if (!ts->n) { st = cor_error_set(err, COR_E_INPUT, "%s: no targets", path); goto done; }
done:
    cor__csv_close(&csv);
    if (st) cor_targets_destroy(ts);
    else *out = ts;
    return st;
}

static int in_set(const uint8_t *set, int32_t z) { return !set || (z >= 0 && set[z]); }

cor_status cor_targets_measure(const cor_targets *ts, cor_freight *f, const cor_freight_result *r,
                               double *model, cor_error *err)
{
    const cor_network *net = f->net;
    const size_t m = (size_t)net->n_links;
    for (int i = 0; i < ts->n; i++) {
        const cor_target *t = &ts->t[i];
        double v = 0;
        if (t->metric == COR_TARGET_DAYS) {
            cor_freight_route rt;
            cor_corridor c = 0;
            while (!(t->corridors & COR_CORR_BIT(c))) c++;
            cor_status st = cor_freight_corridor_route(f, r, t->cls, t->from_node, t->to_node, c, &rt, err);
            if (st) return st;
            v = rt.n_links < 0 ? NAN : rt.hours / 24;
            if (rt.n_links >= 0) cor_freight_routes_free(&rt, 1);
        } else if (t->metric == COR_TARGET_TONNES && t->n_links) {
            for (int32_t j = 0; j < t->n_links; j++)
                v += t->cls < 0 ? r->sol->flow[t->links[j]] : r->sol->class_flow[(size_t)t->cls * m + (size_t)t->links[j]];
        } else if (t->metric == COR_TARGET_TONNES) {
            for (int c = 0; c < r->n_corridors; c++)
                if (t->corridors & COR_CORR_BIT(c)) v += cor_freight_result_stat(r, 0, (cor_corridor)c, t->cls).tonnes;
        } else {
            double num = 0, den = 0;
            for (int p = 0; p < r->n_paths; p++) {
                const cor_freight_path *q = &r->paths[p];
                if ((t->cls >= 0 && q->cls != t->cls) || !in_set(t->from_zone, q->o) || !in_set(t->to_zone, q->d))
                    continue;
                cor_corridor_mask pb = q->primary >= 0 && q->primary < r->n_corridors ? COR_CORR_BIT(q->primary) : 0;
                if (t->basis && !(t->basis & pb)) continue;
                den += q->flow;
                if (t->corridors & pb) num += q->flow;
            }
            v = den > 0 ? num / den : NAN;
        }
        model[i] = v;
    }
    return COR_OK;
}

/* ---- parameters ---- */

cor_status cor_freight_set_logit_scale(cor_freight *f, int k, double theta, cor_error *err)
{
    if (k < 0 || k >= f->cls->n) return cor_error_set(err, COR_E_USAGE, "class %d out of range", k);
    if (!(theta > 0) || !isfinite(theta))
        return cor_error_set(err, COR_E_INPUT, "class %s: logit_scale %g is not a finite number > 0", f->cls->cls[k].name, theta);
    f->cls->cls[k].logit_scale = theta;
    return COR_OK;
}

int cor_freight_has_choice(const cor_freight *f)
{
    for (int k = 0; k < f->cls->n; k++)
        if (!(f->cls->cls[k].logit_scale > 0)) return 0;
    return f->cls->n > 0;
}

void cor_calib_opts_default(cor_calib_opts *o)
{
    memset(o, 0, sizeof *o);
    o->max_iter = 60;
}

const char *cor_calib_param_name(const cor_freight *f, const cor_calib_param *p, char *buf, size_t size)
{
    const char *cls = p->cls >= 0 ? f->cls->cls[p->cls].name : "";
    if (p->kind == COR_CALIB_SCALE) snprintf(buf, size, "scale:%s", cls);
    else if (p->corridor >= 0)
        snprintf(buf, size, "corridor:%s%s%s", cor_vocab_tag(f->vocab, p->corridor), *cls ? ":" : "", cls);
    else snprintf(buf, size, "country:%s%s%s", p->country, *cls ? ":" : "", cls);
    return buf;
}

void cor_calibration_destroy(cor_calibration *c)
{
    if (!c) return;
    for (int i = 0; i < c->n_params; i++) free(c->p[i].country);
    free(c->p);
    for (int i = 0; i < c->n_dropped; i++) free(c->dropped[i].country);
    free(c->dropped);
    free(c->before);
    free(c->model);
    free(c->fitted);
    free(c->sens);
    free(c);
}

static int same_param(const cor_calib_param *a, const cor_calib_param *b)
{
    if (a->kind != b->kind || a->cls != b->cls) return 0;
    if (a->kind == COR_CALIB_SCALE) return 1;
    if (a->corridor != b->corridor) return 0;
    return !a->country || !b->country ? a->country == b->country : !strcasecmp(a->country, b->country);
}

/* Adds p to the list unless present; -1 no memory. */
static int add_param(cor_calib_param **ps, int *n, const cor_calib_param *p)
{
    for (int i = 0; i < *n; i++)
        if (same_param(&(*ps)[i], p)) return 0;
    cor_calib_param *q = realloc(*ps, sizeof *q * (size_t)(*n + 1));
    if (!q) return -1;
    *ps = q;
    q[*n] = *p;
    q[*n].country = NULL;
    if (p->country && !(q[*n].country = cor__strdup(p->country))) return -1;
    (*n)++;
    return 0;
}

static cor_status parse_spec(const cor_freight *f, const char *spec, cor_calib_param *p, char *country,
                             size_t ncountry, cor_error *err)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", spec);
    char *kind = buf, *name = strchr(buf, ':'), *cls = NULL;
    if (name) {
        *name++ = 0;
        if ((cls = strchr(name, ':'))) *cls++ = 0;
    }
    memset(p, 0, sizeof *p);
    p->corridor = -1;
    p->cls = -1;
    if (!name || !*name)
        return cor_error_set(err, COR_E_USAGE, "--fit %s: expected corridor:TAG[:CLASS], country:CODE[:CLASS] or scale:CLASS", spec);
    if (!strcmp(kind, "scale")) {
        if (cls) return cor_error_set(err, COR_E_USAGE, "--fit %s: scale:CLASS takes one class", spec);
        p->kind = COR_CALIB_SCALE;
        cls = name;
    } else if (!strcmp(kind, "corridor")) {
        p->kind = COR_CALIB_CONSTANT;
        if ((p->corridor = cor_vocab_find(f->vocab, name)) < 0)
            return cor_error_set(err, COR_E_USAGE, "--fit %s: unknown corridor '%s'", spec, name);
    } else if (!strcmp(kind, "country")) {
        p->kind = COR_CALIB_CONSTANT;
        int known = 0;
        for (int32_t i = 0; i < f->n_ctry && !known; i++) known = !strcasecmp(f->ctry_name[i], name);
        if (!known) return cor_error_set(err, COR_E_USAGE, "--fit %s: no link lists country '%s'", spec, name);
        snprintf(country, ncountry, "%s", name);
        p->country = country;
    } else {
        return cor_error_set(err, COR_E_USAGE, "--fit %s: unknown kind '%s' (corridor, country, scale)", spec, kind);
    }
    if (cls && *cls && (p->cls = cor_freight_classes_find(f->cls, cls)) < 0)
        return cor_error_set(err, COR_E_USAGE, "--fit %s: unknown class '%s'", spec, cls);
    if (p->kind == COR_CALIB_SCALE && p->cls < 0)
        return cor_error_set(err, COR_E_USAGE, "--fit %s: scale:CLASS needs a class", spec);
    return COR_OK;
}

/* Index of the model constant matching p, or -1. */
static int find_constant(const cor_freight *f, const cor_calib_param *p)
{
    for (int i = 0; i < f->n_const; i++) {
        const cor_freight_constant *c = &f->cst[i];
        if (c->cls != p->cls || c->corridor != p->corridor) continue;
        if (!c->country != !p->country) continue;
        if (c->country && strcasecmp(c->country, p->country)) continue;
        return i;
    }
    return -1;
}

/* Parameters in solver units: constants in USD/t, scales as log(theta). */
static double to_x(const cor_calib_param *p, double v) { return p->kind == COR_CALIB_SCALE ? log(v) : v; }
static double from_x(const cor_calib_param *p, double x) { return p->kind == COR_CALIB_SCALE ? exp(x) : x; }

typedef struct fitctx {
    cor_freight *f;
    const cor_targets *t;
    const cor_choice_params *choice;
    int np;
    cor_calib_param *p;
    int *cidx;               /* [np] index in f->cst of a constant parameter */
    int solves;
} fitctx;

/* Puts parameters x into the model, solves and measures. */
static cor_status evaluate(fitctx *c, const double *x, double *model, cor_error *err)
{
    for (int j = 0; j < c->np; j++) {
        double v = from_x(&c->p[j], x[j]);
        if (c->p[j].kind == COR_CALIB_SCALE) c->f->cls->cls[c->p[j].cls].logit_scale = v;
        else c->f->cst[c->cidx[j]].usd = v;
    }
    cor_freight_result *r = NULL;
    cor_status st = cor_freight_solve_choice(c->f, c->choice, &r, err);
    c->solves++;
    if (st == COR_E_NOCONV && r) {
        st = cor_error_set(err, COR_E_NOCONV, "calibration: the choice equilibrium did not converge "
                           "(convergence measure %.3g after %d iterations); raise --max-iter or the --gap",
                           r->sol->relative_gap, r->sol->iterations);
    }
    if (!st) st = cor_targets_measure(c->t, c->f, r, model, err);
    cor_freight_result_destroy(r);
    return st;
}

static double half_width(const cor_target *t)
{
    double mid = 0.5 * (t->low + t->high), hw = 0.5 * (t->high - t->low);
    double floor = 1e-6 * fabs(mid) > 1e-12 ? 1e-6 * fabs(mid) : 1e-12;
    return hw < floor ? floor : hw;
}

/* Residuals of the fitted targets: (model - mid) / half-width. */
static double residuals(const cor_targets *t, const uint8_t *fitted, const double *model, double *res)
{
    double s = 0;
    int q = 0;
    for (int i = 0; i < t->n; i++) {
        if (!fitted[i]) continue;
        double mid = 0.5 * (t->t[i].low + t->t[i].high);
        res[q] = isfinite(model[i]) ? (model[i] - mid) / half_width(&t->t[i]) : 1e6;
        s += res[q] * res[q];
        q++;
    }
    return s;
}


/* Solves A x = b (n x n, row-major, destroyed; b -> x); -1 when singular. */
static int solve_dense(int n, double *A, double *b)
{
    int stack[64], *piv = n <= 64 ? stack : malloc(sizeof *piv * (size_t)n);
    if (!piv) return -1;
    int r = cor__lu_solve(A, n, b, piv);
    if (piv != stack) free(piv);
    return r;
}

/* Eigen-decomposition of a symmetric n x n matrix by cyclic Jacobi rotations:
 * A is destroyed (its diagonal holds the eigenvalues), V [n x n] the
 * eigenvectors in its columns. */
static void jacobi_eigen(int n, double *A, double *V)
{
    for (int i = 0; i < n * n; i++) V[i] = 0;
    for (int i = 0; i < n; i++) V[i * n + i] = 1;
    for (int sweep = 0; sweep < 100; sweep++) {
        double off = 0, tot = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                tot += A[i * n + j] * A[i * n + j];
                if (i != j) off += A[i * n + j] * A[i * n + j];
            }
        if (off <= 1e-30 * tot || off == 0) break;
        for (int p = 0; p < n; p++)
            for (int q = p + 1; q < n; q++) {
                double apq = A[p * n + q];
                if (apq == 0) continue;
                double theta = (A[q * n + q] - A[p * n + p]) / (2 * apq);
                double t = (theta >= 0 ? 1 : -1) / (fabs(theta) + sqrt(theta * theta + 1));
                double cs = 1 / sqrt(t * t + 1), sn = t * cs;
                for (int k = 0; k < n; k++) {
                    double akp = A[k * n + p], akq = A[k * n + q];
                    A[k * n + p] = cs * akp - sn * akq;
                    A[k * n + q] = sn * akp + cs * akq;
                }
                for (int k = 0; k < n; k++) {
                    double apk = A[p * n + k], aqk = A[q * n + k];
                    A[p * n + k] = cs * apk - sn * aqk;
                    A[q * n + k] = sn * apk + cs * aqk;
                }
                for (int k = 0; k < n; k++) {
                    double vkp = V[k * n + p], vkq = V[k * n + q];
                    V[k * n + p] = cs * vkp - sn * vkq;
                    V[k * n + q] = sn * vkp + cs * vkq;
                }
            }
    }
}

/* Finite-difference step of parameter p (solver units): a change that
 * moves the odds of the routes it applies to by about 5 %. */
static double fd_step(const cor_freight *f, const cor_calib_param *p)
{
    if (p->kind == COR_CALIB_SCALE) return 0.02;
    double th = 0;
    if (p->cls >= 0) th = f->cls->cls[p->cls].logit_scale;
    else
        for (int k = 0; k < f->cls->n; k++)
            if (f->cls->cls[k].logit_scale > th) th = f->cls->cls[k].logit_scale;
    return th > 0 ? 0.05 / th : 1.0;
}

/* The Jacobian of all targets' values (n_t x np) at x by forward differences. */
static cor_status jacobian(fitctx *c, const double *x, const double *m0, double *J, double *work, double *xt,
                           cor_error *err)
{
    const int nt = c->t->n;
    for (int j = 0; j < c->np; j++) {
        memcpy(xt, x, sizeof *xt * (size_t)c->np);
        double h = fd_step(c->f, &c->p[j]);
        xt[j] += h;
        cor_status st = evaluate(c, xt, work, err);
        if (st) return st;
        for (int i = 0; i < nt; i++) {
            double d = (work[i] - m0[i]) / h;
            J[(size_t)i * (size_t)c->np + (size_t)j] = isfinite(d) ? d : 0;
        }
    }
    return COR_OK;
}

cor_status cor_calibrate(cor_freight *f, const cor_targets *t, const cor_calib_opts *opts,
                         cor_calibration **out, cor_error *err)
{
    *out = NULL;
    cor_calib_opts o;
    if (opts) o = *opts;
    else cor_calib_opts_default(&o);
    if (o.max_iter <= 0) o.max_iter = 60;
    for (int k = 0; k < f->cls->n; k++)
        if (!(f->cls->cls[k].logit_scale > 0))
            return cor_error_set(err, COR_E_INPUT, "class.csv: class %s: field logit_scale: empty; calibration fits "
                                 "the logit choice model, which needs a scale (per USD/t) for every class",
                                 f->cls->cls[k].name);
    /* keep the model's constants and scales to restore on failure */
    int n_old = f->n_const;
    cor_freight keep = {0};
    double *old_scale = malloc(sizeof *old_scale * (size_t)f->cls->n);
    cor_calib_param *ps = NULL;
    int np = 0;
    const int nt = t->n;
    cor_calibration *cal = calloc(1, sizeof *cal);
    double *J = NULL, *work = NULL, *x = NULL, *xt = NULL, *m0 = NULL, *res = NULL, *A = NULL, *g = NULL, *V = NULL;
    int *cidx = NULL;
    uint8_t *created = NULL;
    cor_status st = COR_OK;
    if (!old_scale || !cal || cor__constants_copy(&keep, f)) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
    for (int k = 0; k < f->cls->n; k++) old_scale[k] = f->cls->cls[k].logit_scale;

    if (o.check_only) {
        cal->n_targets = nt;
        cal->before = calloc((size_t)nt, sizeof *cal->before);
        cal->model = calloc((size_t)nt, sizeof *cal->model);
        cal->fitted = calloc((size_t)nt, 1);
        cal->sens = calloc(1, sizeof *cal->sens);
        if (!cal->before || !cal->model || !cal->fitted || !cal->sens) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
        fitctx c0 = {.f = f, .t = t, .choice = o.choice};
        if ((st = evaluate(&c0, NULL, cal->model, err))) goto fail;
        memcpy(cal->before, cal->model, sizeof *cal->model * (size_t)nt);
        cal->solves = 1;
        cal->all_in_range = 1;
        for (int i = 0; i < nt; i++)
            if (!(cal->model[i] >= t->t[i].low && cal->model[i] <= t->t[i].high)) cal->all_in_range = 0;
        *out = cal;
        cal = NULL;
        goto done;
    }
    /* the parameters */
    if (o.n_fit) {
        for (int i = 0; i < o.n_fit; i++) {
            cor_calib_param p;
            char ctry[64];
            if ((st = parse_spec(f, o.fit[i], &p, ctry, sizeof ctry, err))) goto fail;
            for (int j = 0; j < np; j++)
                if (same_param(&ps[j], &p)) { st = cor_error_set(err, COR_E_USAGE, "--fit %s: given twice", o.fit[i]); goto fail; }
            if (add_param(&ps, &np, &p)) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
        }
    } else {
        cor_corridor_mask feeder = cor_vocab_feeder_mask(f->vocab);
        for (int i = 0; i < nt; i++) {
            const cor_target *q = &t->t[i];
            if (q->metric == COR_TARGET_DAYS) continue;
            cor_corridor_mask m = q->corridors & ~feeder;
            if (!m || (m & (m - 1))) continue; /* several corridors: a sum, no constant of its own */
            cor_corridor c = 0;
            while (!(m & COR_CORR_BIT(c))) c++;
            cor_calib_param p = {.kind = COR_CALIB_CONSTANT, .corridor = c, .cls = q->cls};
            if (add_param(&ps, &np, &p)) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
        }
        for (int k = 0; o.fit_scale && k < f->cls->n; k++) {
            int used = 0;
            for (int i = 0; i < nt && !used; i++)
                used = t->t[i].metric != COR_TARGET_DAYS && (t->t[i].cls == k || t->t[i].cls < 0);
            cor_calib_param p = {.kind = COR_CALIB_SCALE, .corridor = -1, .cls = k};
            if (used && add_param(&ps, &np, &p)) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
        }
    }
    if (!np) {
        st = cor_error_set(err, COR_E_INPUT, "%s: no parameter to fit: no share or tonnes target names a single "
                           "corridor (give --fit)", t->path);
        goto fail;
    }
    /* constants the fit moves, added to the model at their current values (0 when new) */
    cidx = calloc((size_t)np, sizeof *cidx);
    created = calloc((size_t)np, 1);
    if (!cidx || !created) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
    for (int j = 0; j < np; j++) {
        cor_calib_param *p = &ps[j];
        if (p->kind == COR_CALIB_SCALE) {
            p->initial = f->cls->cls[p->cls].logit_scale;
            continue;
        }
        int ix = find_constant(f, p);
        if (ix < 0) {
            cor_freight_constant *c = realloc(f->cst, sizeof *c * (size_t)(f->n_const + 1));
            if (!c) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
            f->cst = c;
            c[f->n_const] = (cor_freight_constant){.corridor = p->corridor, .cls = p->cls, .usd = 0};
            if (p->country && !(c[f->n_const].country = cor__strdup(p->country))) {
                st = cor_error_set(err, COR_E_NOMEM, "out of memory");
                goto fail;
            }
            ix = f->n_const++;
            created[j] = 1;
        }
        cidx[j] = ix;
        p->initial = f->cst[ix].usd;
    }
    cal->n_params = np;
    cal->p = ps;
    cal->n_targets = nt;
    ps = NULL;
    J = calloc((size_t)nt * (size_t)np, sizeof *J);
    work = calloc((size_t)nt, sizeof *work);
    m0 = calloc((size_t)nt, sizeof *m0);
    res = calloc((size_t)nt, sizeof *res);
    x = calloc((size_t)np, sizeof *x);
    xt = calloc((size_t)np, sizeof *xt);
    A = calloc((size_t)np * (size_t)np, sizeof *A);
    g = calloc((size_t)np, sizeof *g);
    V = calloc((size_t)np * (size_t)np, sizeof *V);
    cal->before = calloc((size_t)nt, sizeof *cal->before);
    cal->model = calloc((size_t)nt, sizeof *cal->model);
    cal->fitted = calloc((size_t)nt, 1);
    cal->sens = calloc((size_t)nt * (size_t)np, sizeof *cal->sens);
    if (!J || !work || !m0 || !res || !x || !xt || !A || !g || !V || !cal->before || !cal->model || !cal->fitted ||
        !cal->sens) {
        st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        goto fail;
    }
    fitctx c = {.f = f, .t = t, .choice = o.choice, .np = np, .p = cal->p, .cidx = cidx};
    for (int j = 0; j < np; j++) x[j] = to_x(&cal->p[j], cal->p[j].initial);
    if ((st = evaluate(&c, x, m0, err))) goto fail;
    memcpy(cal->before, m0, sizeof *m0 * (size_t)nt);
    if ((st = jacobian(&c, x, m0, J, work, xt, err))) goto fail;

    /* which targets respond to the parameters: a step of a parameter moves
     * the target by more than 1e-6 of its half-width */
    int nf = 0;
    for (int i = 0; i < nt; i++) {
        const cor_target *q = &t->t[i];
        double hw = half_width(q);
        for (int j = 0; j < np && q->metric != COR_TARGET_DAYS; j++)
            if (fabs(J[(size_t)i * (size_t)np + (size_t)j] * fd_step(f, &cal->p[j])) > 1e-6 * hw) cal->fitted[i] = 1;
        nf += cal->fitted[i];
    }
    /* identification: every parameter moves a fitted target, and the
     * normalised Jacobian has full column rank.  Parameters chosen from the
     * targets (no --fit) that no target moves are dropped and reported. */
    char name[128], name2[128];
    int *kept = calloc((size_t)np, sizeof *kept), w = 0;
    if (!kept) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
    for (int j = 0; j < np; j++) {
        double s = 0;
        for (int i = 0; i < nt; i++)
            if (cal->fitted[i]) s += fabs(J[(size_t)i * (size_t)np + (size_t)j] * fd_step(f, &cal->p[j])) / half_width(&t->t[i]);
        if (s > 1e-6) { kept[w++] = j; continue; }
        if (o.n_fit) {
            free(kept);
            st = cor_error_set(err, COR_E_INPUT, "%s: under-identified: no target responds to %s (fit it only with a "
                               "share or tonnes target on the routes it applies to)",
                               t->path, cor_calib_param_name(f, &cal->p[j], name, sizeof name));
            goto fail;
        }
        cor_calib_param *dp = realloc(cal->dropped, sizeof *dp * (size_t)(cal->n_dropped + 1));
        if (!dp) { free(kept); st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
        cal->dropped = dp;
        dp[cal->n_dropped++] = cal->p[j];
        cal->p[j].country = NULL; /* owned by dropped now */
        if (created[j]) { /* the constant added for it goes again */
            int ix = find_constant(f, &dp[cal->n_dropped - 1]);
            free(f->cst[ix].country);
            memmove(f->cst + ix, f->cst + ix + 1, sizeof *f->cst * (size_t)(f->n_const - ix - 1));
            f->n_const--;
        }
    }
    if (w < np) {
        for (size_t i = 0; i < (size_t)nt; i++)
            for (int q = 0; q < w; q++) J[i * (size_t)w + (size_t)q] = J[i * (size_t)np + (size_t)kept[q]];
        for (int q = 0; q < w; q++) {
            cal->p[q] = cal->p[kept[q]];
            created[q] = created[kept[q]];
        }
        np = cal->n_params = c.np = w;
        for (int q = 0; q < np; q++)
            if (cal->p[q].kind == COR_CALIB_CONSTANT) cidx[q] = find_constant(f, &cal->p[q]);
        for (int q = 0; q < np; q++) x[q] = to_x(&cal->p[q], cal->p[q].initial);
    }
    free(kept);
    if (!np) {
        st = cor_error_set(err, COR_E_INPUT, "%s: no target responds to any candidate parameter (the flows the "
                           "targets measure are captive); nothing to fit", t->path);
        goto fail;
    }
    if (nf < np) {
        st = cor_error_set(err, COR_E_INPUT, "%s: under-identified: %d parameters but only %d targets respond to them "
                           "(add targets or fit fewer parameters with --fit)", t->path, np, nf);
        goto fail;
    }
    {
        /* A = Dn J^T W J Dn with columns scaled to unit norm */
        double *cn = g;
        for (int j = 0; j < np; j++) {
            double s = 0;
            for (int i = 0; i < nt; i++)
                if (cal->fitted[i]) {
                    double v = J[(size_t)i * (size_t)np + (size_t)j] / half_width(&t->t[i]);
                    s += v * v;
                }
            cn[j] = sqrt(s);
        }
        for (int a = 0; a < np; a++)
            for (int b = 0; b < np; b++) {
                double s = 0;
                for (int i = 0; i < nt; i++)
                    if (cal->fitted[i]) {
                        double hw = half_width(&t->t[i]);
                        s += J[(size_t)i * (size_t)np + (size_t)a] / hw * J[(size_t)i * (size_t)np + (size_t)b] / hw;
                    }
                A[a * np + b] = s / (cn[a] * cn[b]);
            }
        jacobi_eigen(np, A, V);
        int jmin = 0;
        double emax = 0;
        for (int j = 0; j < np; j++) {
            if (A[j * np + j] < A[jmin * np + jmin]) jmin = j;
            if (A[j * np + j] > emax) emax = A[j * np + j];
        }
        if (A[jmin * np + jmin] < 1e-8 * emax) {
            /* the two parameters with the largest weight in the null direction */
            int a = -1, b = -1;
            for (int j = 0; j < np; j++) {
                double wt = fabs(V[j * np + jmin]);
                if (a < 0 || wt > fabs(V[a * np + jmin])) { b = a; a = j; }
                else if (b < 0 || wt > fabs(V[b * np + jmin])) b = j;
            }
            st = cor_error_set(err, COR_E_INPUT, "%s: under-identified: %s and %s move the targets only together "
                               "(one combination of them is not determined; fit one of them with --fit, or add a "
                               "target that separates them)", t->path,
                               cor_calib_param_name(f, &cal->p[a], name, sizeof name),
                               b >= 0 ? cor_calib_param_name(f, &cal->p[b], name2, sizeof name2) : "another");
            goto fail;
        }
    }

    /* Levenberg-Marquardt */
    double cost = residuals(t, cal->fitted, m0, res), lambda = 1e-3;
    int it = 0, conv = 0;
    for (it = 0; it < o.max_iter && !conv; it++) {
        if (it && (st = jacobian(&c, x, m0, J, work, xt, err))) goto fail;
        /* normal equations on the fitted rows */
        double *Jn = cal->sens; /* scratch: normalised rows */
        int q = 0;
        for (int i = 0; i < nt; i++) {
            if (!cal->fitted[i]) continue;
            double hw = half_width(&t->t[i]);
            for (int j = 0; j < np; j++) Jn[(size_t)q * (size_t)np + (size_t)j] = J[(size_t)i * (size_t)np + (size_t)j] / hw;
            q++;
        }
        int accepted = 0;
        for (int tries = 0; tries < 12 && !accepted; tries++) {
            for (int a = 0; a < np; a++) {
                double s = 0;
                for (int r = 0; r < q; r++) s += Jn[(size_t)r * (size_t)np + (size_t)a] * res[r];
                g[a] = -s;
                for (int b = 0; b < np; b++) {
                    double u = 0;
                    for (int r = 0; r < q; r++)
                        u += Jn[(size_t)r * (size_t)np + (size_t)a] * Jn[(size_t)r * (size_t)np + (size_t)b];
                    A[a * np + b] = u;
                }
                A[a * np + a] *= 1 + lambda;
            }
            if (solve_dense(np, A, g)) { lambda *= 10; continue; }
            for (int j = 0; j < np; j++) {
                /* at most 20 finite-difference steps per iteration */
                double lim = 20 * fd_step(f, &cal->p[j]);
                if (g[j] > lim) g[j] = lim;
                if (g[j] < -lim) g[j] = -lim;
                xt[j] = x[j] + g[j];
            }
            if ((st = evaluate(&c, xt, work, err))) goto fail;
            double nc = residuals(t, cal->fitted, work, cal->model);
            if (nc < cost) {
                accepted = 1;
                double dx = 0;
                for (int j = 0; j < np; j++) {
                    double r = fabs(g[j]) / fd_step(f, &cal->p[j]);
                    if (r > dx) dx = r;
                }
                memcpy(x, xt, sizeof *x * (size_t)np);
                memcpy(m0, work, sizeof *m0 * (size_t)nt);
                memcpy(res, cal->model, sizeof *res * (size_t)q);
                conv = (cost - nc) <= 1e-12 * (1 + cost) || dx < 1e-7 || nc < 1e-20;
                cost = nc;
                lambda = lambda / 3 > 1e-9 ? lambda / 3 : 1e-9;
            } else {
                lambda *= 4;
            }
        }
        if (!accepted) conv = 1; /* no step lowers the objective: a minimum to the solver's precision */
        if (o.progress && o.progress(o.progress_ud, it + 1, cost, c.solves)) {
            st = cor_error_set(err, COR_E_INTERRUPTED, "calibration interrupted");
            goto fail;
        }
    }
    /* the fit: final values, sensitivities and standard errors */
    if ((st = evaluate(&c, x, m0, err))) goto fail;
    if ((st = jacobian(&c, x, m0, J, work, xt, err))) goto fail;
    if ((st = evaluate(&c, x, m0, err))) goto fail; /* leaves the model at x */
    memcpy(cal->model, m0, sizeof *m0 * (size_t)nt);
    memcpy(cal->sens, J, sizeof *J * (size_t)nt * (size_t)np);
    {
        /* covariance (J^T W J)^-1 with W = (2 / half-width)^2: a range taken
         * as +- 2 standard errors */
        for (int j = 0; j < np; j++) {
            for (int a = 0; a < np; a++) {
                double s = 0;
                for (int i = 0; i < nt; i++)
                    if (cal->fitted[i]) {
                        double wt = 2 / half_width(&t->t[i]);
                        s += J[(size_t)i * (size_t)np + (size_t)a] * wt * J[(size_t)i * (size_t)np + (size_t)j] * wt;
                    }
                A[a * np + j] = s;
            }
        }
        for (int j = 0; j < np; j++) {
            double *B = V;
            memcpy(B, A, sizeof *B * (size_t)np * (size_t)np);
            for (int a = 0; a < np; a++) g[a] = a == j;
            double se = NAN;
            if (!solve_dense(np, B, g) && g[j] >= 0) se = sqrt(g[j]);
            cal->p[j].se = cal->p[j].kind == COR_CALIB_SCALE ? se * exp(x[j]) : se;
        }
    }
    for (int j = 0; j < np; j++) cal->p[j].value = from_x(&cal->p[j], x[j]);
    cal->iterations = it;
    cal->solves = c.solves;
    cal->objective = cost;
    cal->all_in_range = 1;
    for (int i = 0; i < nt; i++)
        if (!(m0[i] >= t->t[i].low && m0[i] <= t->t[i].high)) cal->all_in_range = 0;
    st = conv ? COR_OK : COR_E_NOCONV;
    if (!conv) cor_error_set(err, COR_E_NOCONV, "calibration stopped after %d iterations (objective %.3g)", it, cost);
    *out = cal;
    cal = NULL;
    goto done;
fail:
    /* the model as it was */
    cor__constants_free(f);
    f->cst = keep.cst;
    f->n_const = keep.n_const;
    keep.cst = NULL;
    keep.n_const = 0;
    (void)n_old;
    if (old_scale)
        for (int k = 0; k < f->cls->n; k++) f->cls->cls[k].logit_scale = old_scale[k];
done:
    cor__constants_free(&keep);
    for (int i = 0; ps && i < np; i++) free(ps[i].country);
    free(ps);
    cor_calibration_destroy(cal);
    free(old_scale);
    free(cidx);
    free(created);
    free(J);
    free(work);
    free(m0);
    free(res);
    free(x);
    free(xt);
    free(A);
    free(g);
    free(V);
    return st;
}

cor_status cor_calibration_write_fit(const cor_calibration *c, const cor_targets *t, const cor_freight *f,
                                     const char *path, cor_error *err)
{
    cor_outfile o;
    cor_status st = cor_outfile_open(&o, path, err);
    if (st) return st;
    fputs("target,metric,class,low,high,before,model,in_range,role,identifies\n", o.fp);
    for (int i = 0; i < t->n; i++) {
        const cor_target *q = &t->t[i];
        cor__csv_put(o.fp, q->name);
        fprintf(o.fp, ",%s,", cor_target_metric_name(q->metric));
        cor__csv_put(o.fp, q->cls >= 0 ? f->cls->cls[q->cls].name : "all");
        fprintf(o.fp, ",%.10g,%.10g,%.10g,%.10g,%d,%s,", q->low, q->high, c->before[i], c->model[i],
                c->model[i] >= q->low && c->model[i] <= q->high, c->fitted[i] ? "fit" : "check");
        /* the parameters this target moves by at least 10 % of its largest
         * normalised sensitivity */
        double mx = 0;
        for (int j = 0; j < c->n_params; j++) {
            double s = fabs(c->sens[(size_t)i * (size_t)c->n_params + (size_t)j] * fd_step(f, &c->p[j]));
            if (s > mx) mx = s;
        }
        char list[1024] = "", nm[128];
        size_t len = 0;
        for (int j = 0; c->fitted[i] && j < c->n_params && len < sizeof list; j++) {
            double s = fabs(c->sens[(size_t)i * (size_t)c->n_params + (size_t)j] * fd_step(f, &c->p[j]));
            if (mx > 0 && s >= 0.1 * mx)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", len ? ";" : "",
                                        cor_calib_param_name(f, &c->p[j], nm, sizeof nm));
        }
        cor__csv_put(o.fp, list);
        fputc('\n', o.fp);
    }
    return cor_outfile_commit(&o, err);
}

/* ---- OD matrix estimation ---- */

void cor_odme_result_destroy(cor_odme_result *r)
{
    if (!r) return;
    free(r->cls);
    free(r->o);
    free(r->d);
    free(r->prior);
    free(r->adjusted);
    free(r);
}

/* Link volumes of the count targets and, per OD cell, the shares of its
 * tonnes crossing each target's links (multiplicity: links of the target on
 * the path).  prop [n_cells * nc]. */
static cor_status odme_measure(cor_freight *f, const cor_targets *t, const int *ti, int nc, const cor_choice_params *cp,
                               const int32_t *cell_of, double *v, double *prop, int n_cells, cor_error *err)
{
    cor_freight_result *r = NULL;
    cor_status st = cor_freight_solve_choice(f, cp, &r, err);
    if (st == COR_E_NOCONV && r)
        st = cor_error_set(err, COR_E_NOCONV, "OD estimation: the choice equilibrium did not converge (measure %.3g)",
                           r->sol->relative_gap);
    if (st) { cor_freight_result_destroy(r); return st; }
    const cor_network *net = f->net;
    const size_t m = (size_t)net->n_links, zz = (size_t)net->n_zones * (size_t)net->n_zones;
    memset(prop, 0, sizeof *prop * (size_t)n_cells * (size_t)nc);
    double *q = calloc((size_t)n_cells + 1, sizeof *q);
    if (!q) { cor_freight_result_destroy(r); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
    for (int j = 0; j < nc; j++) {
        const cor_target *g = &t->t[ti[j]];
        v[j] = 0;
        for (int32_t l = 0; l < g->n_links; l++)
            v[j] += g->cls < 0 ? r->sol->flow[g->links[l]] : r->sol->class_flow[(size_t)g->cls * m + (size_t)g->links[l]];
    }
    for (int i = 0; i < r->n_paths; i++) {
        const cor_freight_path *p = &r->paths[i];
        int32_t c = cell_of[(size_t)p->cls * zz + (size_t)p->o * (size_t)net->n_zones + (size_t)p->d];
        if (c < 0) continue;
        q[c] += p->flow;
        for (int j = 0; j < nc; j++) {
            const cor_target *g = &t->t[ti[j]];
            if (g->cls >= 0 && g->cls != p->cls) continue;
            int mult = 0;
            for (int32_t a = 0; a < p->n_links; a++)
                for (int32_t l = 0; l < g->n_links; l++) mult += p->links[a] == g->links[l];
            if (mult) prop[(size_t)c * (size_t)nc + (size_t)j] += p->flow * mult;
        }
    }
    for (int c = 0; c < n_cells; c++)
        for (int j = 0; j < nc; j++)
            if (q[c] > 0) prop[(size_t)c * (size_t)nc + (size_t)j] /= q[c];
    free(q);
    cor_freight_result_destroy(r);
    return COR_OK;
}

cor_status cor_odme(cor_freight *f, const cor_targets *t, const cor_odme_opts *opts, cor_odme_result **out,
                    cor_error *err)
{
    *out = NULL;
    cor_odme_opts o = {0};
    if (opts) o = *opts;
    if (o.max_iter <= 0) o.max_iter = 30;
    if (!(o.max_factor > 1)) o.max_factor = 4;
    const cor_network *net = f->net;
    cor_demand *dem = f->dem;
    const int K = dem->n_classes;
    const int32_t Z = net->n_zones;
    const size_t zz = (size_t)Z * (size_t)Z;
    int nc = 0, *ti = calloc((size_t)t->n + 1, sizeof *ti);
    int32_t *cell_of = malloc(sizeof *cell_of * ((size_t)K * zz + 1));
    cor_odme_result *res = calloc(1, sizeof *res);
    double *save = malloc(sizeof *save * ((size_t)K * zz + 1)), *prev = malloc(sizeof *prev * ((size_t)K * zz + 1));
    double *v = NULL, *prop = NULL, *w = NULL, *cnt = NULL, *G = NULL, *u = NULL;
    cor_status st = COR_OK;
    if (!ti || !cell_of || !res || !save || !prev) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
    memcpy(save, dem->od, sizeof *save * (size_t)K * zz);
    for (int i = 0; i < t->n; i++)
        if (t->t[i].metric == COR_TARGET_TONNES && t->t[i].n_links) ti[nc++] = i;
    if (!nc) {
        st = cor_error_set(err, COR_E_INPUT, "%s: OD estimation needs tonnes targets measured on links (counts); "
                           "there are none", t->path);
        goto fail;
    }
    int n_cells = 0;
    for (size_t i = 0; i < (size_t)K * zz; i++) {
        size_t od = i % zz;
        cell_of[i] = dem->od[i] > 0 && od / (size_t)Z != od % (size_t)Z ? n_cells++ : -1;
    }
    res->n_cells = n_cells;
    res->n_targets = nc;
    res->cls = malloc(sizeof *res->cls * (size_t)(n_cells + 1));
    res->o = malloc(sizeof *res->o * (size_t)(n_cells + 1));
    res->d = malloc(sizeof *res->d * (size_t)(n_cells + 1));
    res->prior = malloc(sizeof *res->prior * (size_t)(n_cells + 1));
    res->adjusted = malloc(sizeof *res->adjusted * (size_t)(n_cells + 1));
    v = calloc((size_t)nc, sizeof *v);
    w = calloc((size_t)nc, sizeof *w);
    cnt = calloc((size_t)nc, sizeof *cnt);
    u = calloc((size_t)nc, sizeof *u);
    G = calloc((size_t)n_cells + 1, sizeof *G);
    prop = calloc((size_t)(n_cells + 1) * (size_t)nc, sizeof *prop);
    if (!res->cls || !res->o || !res->d || !res->prior || !res->adjusted || !v || !w || !cnt || !u || !G || !prop) {
        st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < (size_t)K * zz; i++) {
        int32_t c = cell_of[i];
        if (c < 0) continue;
        res->cls[c] = (int)(i / zz);
        res->o[c] = (int32_t)((i % zz) / (size_t)Z);
        res->d[c] = (int32_t)((i % zz) % (size_t)Z);
        res->prior[c] = dem->od[i];
    }
    for (int j = 0; j < nc; j++) {
        const cor_target *g = &t->t[ti[j]];
        cnt[j] = 0.5 * (g->low + g->high);
        double hw = half_width(g);
        w[j] = 1 / (hw * hw);
    }
    cor_choice_params cpd;
    cor_choice_params_default(&cpd);
    const cor_choice_params *cp = o.choice ? o.choice : &cpd;
    double obj = 0;
    int it;
    for (it = 0; it <= o.max_iter; it++) {
        if ((st = odme_measure(f, t, ti, nc, cp, cell_of, v, prop, n_cells, err))) goto fail;
        double nobj = 0;
        for (int j = 0; j < nc; j++) nobj += w[j] * (v[j] - cnt[j]) * (v[j] - cnt[j]);
        if (it == 0) res->objective_before = nobj;
        if (it > 0 && !(nobj < obj * (1 - 1e-9))) {
            /* the step did not help at the new equilibrium: back to the last matrix */
            if (!(nobj < obj)) memcpy(dem->od, prev, sizeof *prev * (size_t)K * zz);
            else obj = nobj;
            break;
        }
        obj = nobj;
        if (obj < 1e-16 * nc || it == o.max_iter) break;
        /* gradient, its effect on the counts, the optimal step */
        for (int c = 0; c < n_cells; c++) {
            double s = 0;
            for (int j = 0; j < nc; j++) s += w[j] * (v[j] - cnt[j]) * prop[(size_t)c * (size_t)nc + (size_t)j];
            G[c] = s;
        }
        for (int j = 0; j < nc; j++) {
            double s = 0;
            for (int c = 0; c < n_cells; c++) {
                size_t i = ((size_t)res->cls[c] * (size_t)Z + (size_t)res->o[c]) * (size_t)Z + (size_t)res->d[c];
                s += dem->od[i] * G[c] * prop[(size_t)c * (size_t)nc + (size_t)j];
            }
            u[j] = s;
        }
        double num = 0, den = 0;
        for (int j = 0; j < nc; j++) {
            num += w[j] * (v[j] - cnt[j]) * u[j];
            den += w[j] * u[j] * u[j];
        }
        if (!(den > 0)) break;
        double lambda = num / den;
        /* keep every cell positive and within the factor bounds of its prior */
        for (int c = 0; c < n_cells; c++) {
            size_t i = ((size_t)res->cls[c] * (size_t)Z + (size_t)res->o[c]) * (size_t)Z + (size_t)res->d[c];
            double g = dem->od[i], lo = res->prior[c] / o.max_factor, hi = res->prior[c] * o.max_factor;
            double x = lambda * G[c];
            if (x > 0 && g * (1 - x) < lo) lambda = (1 - lo / g) / G[c];
            if (x < 0 && g * (1 - x) > hi) lambda = (1 - hi / g) / G[c];
        }
        memcpy(prev, dem->od, sizeof *prev * (size_t)K * zz);
        for (int c = 0; c < n_cells; c++) {
            size_t i = ((size_t)res->cls[c] * (size_t)Z + (size_t)res->o[c]) * (size_t)Z + (size_t)res->d[c];
            dem->od[i] *= 1 - lambda * G[c];
        }
    }
    res->objective = obj;
    res->iterations = it;
    for (int c = 0; c < n_cells; c++)
        res->adjusted[c] = dem->od[((size_t)res->cls[c] * (size_t)Z + (size_t)res->o[c]) * (size_t)Z + (size_t)res->d[c]];
    *out = res;
    res = NULL;
    goto done;
fail:
    if (save && dem) memcpy(dem->od, save, sizeof *save * (size_t)K * zz);
done:
    cor_odme_result_destroy(res);
    free(ti);
    free(cell_of);
    free(save);
    free(prev);
    free(v);
    free(w);
    free(cnt);
    free(u);
    free(G);
    free(prop);
    return st;
}

cor_status cor_odme_write(const cor_odme_result *r, const cor_freight *f, const char *path, cor_error *err)
{
    cor_outfile o;
    cor_status st = cor_outfile_open(&o, path, err);
    if (st) return st;
    fputs("o_zone_id,d_zone_id,class,volume,prior,factor\n", o.fp);
    for (int c = 0; c < r->n_cells; c++) {
        cor__csv_put(o.fp, f->net->zone_id[r->o[c]]);
        fputc(',', o.fp);
        cor__csv_put(o.fp, f->net->zone_id[r->d[c]]);
        fputc(',', o.fp);
        cor__csv_put(o.fp, f->cls->cls[r->cls[c]].name);
        fprintf(o.fp, ",%.10g,%.10g,%.6g\n", r->adjusted[c], r->prior[c], r->prior[c] > 0 ? r->adjusted[c] / r->prior[c] : 1.0);
    }
    return cor_outfile_commit(&o, err);
}
