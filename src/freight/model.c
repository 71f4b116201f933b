/* corridor — the freight model object: link attributes parsed from the GMNS
 * extra columns, open mask (status, year, overrides), per-class problem. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "freight/internal.h"
#include "io/csv.h"
#include "io/textfile.h"
#include "corridor/io.h"

static const char *link_col(const cor_network *net, int col, int32_t a)
{
    return col >= 0 ? net->link_extra.values[col][a] : "";
}

/* 1 when the ';'-separated list holds `name` (blanks around items ignored). */
static int list_has(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        while (*p == ' ' || *p == ';') p++;
        const char *e = p;
        while (*e && *e != ';') e++;
        const char *t = e;
        while (t > p && t[-1] == ' ') t--;
        if ((size_t)(t - p) == n && !strncmp(p, name, n)) return 1;
        p = e;
    }
    return 0;
}

typedef struct tag_ud {
    cor_vocab *v;
    cor_corridor_mask m;
    int full;
    char bad[64];
} tag_ud;

static int add_tag(void *ud, const char *tok)
{
    tag_ud *u = ud;
    cor_corridor c = cor_vocab_find(u->v, tok);
    if (c < 0 && u->v->derived) {
        c = cor__vocab_add_tag(u->v, tok);
        if (c < 0) u->full = c;
    }
    if (c < 0) { snprintf(u->bad, sizeof u->bad, "%s", tok); return 1; }
    u->m |= COR_CORR_BIT(c);
    return 0;
}

/* Interns the items of the country list s as link a's countries. */
static int add_countries(cor_freight *f, int32_t a, const char *s, int32_t *cap_ix, int32_t *cap_name)
{
    int32_t start = f->ctry_first[a], n = start;
    size_t len;
    const char *tok;
    while ((tok = cor_country_next(&s, &len))) {
        int32_t id = -1;
        for (int32_t i = 0; i < f->n_ctry && id < 0; i++)
            if (strlen(f->ctry_name[i]) == len && !strncmp(f->ctry_name[i], tok, len)) id = i;
        if (id < 0) {
            if (f->n_ctry == *cap_name) {
                int32_t nc = *cap_name ? 2 * *cap_name : 16;
                char **nn = realloc(f->ctry_name, (size_t)nc * sizeof *nn);
                if (!nn) return -1;
                f->ctry_name = nn;
                *cap_name = nc;
            }
            char *c = malloc(len + 1);
            if (!c) return -1;
            memcpy(c, tok, len);
            c[len] = '\0';
            f->ctry_name[id = f->n_ctry++] = c;
        }
        int dup = 0;
        for (int32_t i = start; i < n; i++) dup |= f->ctry_ix[i] == id;
        if (dup) continue;
        if (n == *cap_ix) {
            int32_t nc = *cap_ix ? 2 * *cap_ix : 64;
            int32_t *ni = realloc(f->ctry_ix, (size_t)nc * sizeof *ni);
            if (!ni) return -1;
            f->ctry_ix = ni;
            *cap_ix = nc;
        }
        f->ctry_ix[n++] = id;
    }
    f->ctry_first[a + 1] = n;
    return 0;
}

static int link_in_country(const cor_freight *f, int32_t a, const char *list)
{
    for (int32_t i = f->ctry_first[a]; i < f->ctry_first[a + 1]; i++)
        if (cor_country_has(list, f->ctry_name[f->ctry_ix[i]])) return 1;
    return 0;
}

static int in_box(const cor_network *n, int32_t v, const double *b)
{
    double x = n->node_x[v], y = n->node_y[v];
    return x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
}

/* Per-link branch and highlight masks from the resolved vocabulary. */
static void link_sets(cor_freight *f)
{
    const cor_vocab *v = f->vocab;
    const cor_network *n = f->net;
    for (int32_t a = 0; a < n->n_links; a++) {
        cor_corridor_mask b = 0;
        for (int c = 0; c < v->n; c++)
            if ((v->branch & f->corr[a] & COR_CORR_BIT(c)) && link_in_country(f, a, v->c[c].branch))
                b |= COR_CORR_BIT(c);
        f->branch_ok[a] = b;
        uint64_t h = 0;
        for (int i = 0; i < v->nr; i++) {
            const cor__hl_rule *r = &v->r[i];
            if (r->tag_ix >= 0 && !(f->corr[a] & COR_CORR_BIT(r->tag_ix))) continue;
            if (r->modes && !((r->modes >> f->mode[a]) & 1u)) continue;
            if (r->country[0] && !link_in_country(f, a, r->country)) continue;
            if (r->has_box && !(in_box(n, n->link_from[a], r->box) && in_box(n, n->link_to[a], r->box))) continue;
            h |= (uint64_t)1 << r->set;
        }
        f->hl[a] = h;
    }
}

void cor_freight_destroy(cor_freight *f)
{
    if (!f) return;
    cor_network_destroy(f->net);
    cor_demand_destroy(f->dem);
    cor_freight_classes_destroy(f->cls);
    cor__constants_free(f);
    free(f->cost_usd);
    free(f->mode);
    free(f->status);
    free(f->open_year);
    free(f->close_year);
    free(f->corr);
    cor_vocab_destroy(f->vocab);
    free(f->branch_ok);
    free(f->hl);
    free(f->ctry_first);
    free(f->ctry_ix);
    for (int32_t i = 0; i < f->n_ctry; i++) free(f->ctry_name[i]);
    free(f->ctry_name);
    free(f->override);
    free(f->gas);
    free(f->open);
    free(f->pcls);
    free(f->fixed);
    free(f->allowed);
    free(f);
}

/* Allocates the per-link arrays of f (n_links from f->net). */
static int alloc_links(cor_freight *f)
{
    size_t m = (size_t)f->net->n_links + 1, nc = (size_t)f->cls->n;
    f->cost_usd = calloc(m, sizeof *f->cost_usd);
    f->mode = calloc(m, 1);
    f->status = calloc(m, 1);
    f->open_year = calloc(m, sizeof *f->open_year);
    f->close_year = calloc(m, sizeof *f->close_year);
    f->corr = calloc(m, sizeof *f->corr);
    f->branch_ok = calloc(m, sizeof *f->branch_ok);
    f->hl = calloc(m, sizeof *f->hl);
    f->ctry_first = calloc(m + 1, sizeof *f->ctry_first);
    f->override = malloc(m);
    f->gas = calloc(m, 1);
    f->open = calloc(m, 1);
    f->pcls = calloc(nc, sizeof *f->pcls);
    f->fixed = calloc(m * nc, sizeof *f->fixed);
    f->allowed = calloc(m * nc, 1);
    if (!f->cost_usd || !f->mode || !f->status || !f->open_year || !f->close_year || !f->corr || !f->branch_ok || !f->hl || !f->ctry_first ||
        !f->override || !f->gas || !f->open || !f->pcls || !f->fixed || !f->allowed)
        return -1;
    memset(f->override, -1, m);
    return 0;
}

static cor_status parse_links(cor_freight *f, cor_error *err)
{
    int32_t cap_ix = 0, cap_name = 0;
    const cor_network *net = f->net;
    int c_mode = cor_network_link_col(net, "mode"), c_cost = cor_network_link_col(net, "cost"),
        c_ctry = cor_network_link_col(net, "country"),
        c_corr = cor_network_link_col(net, "corridor"),
        c_stat = cor_network_link_col(net, "status"),
        c_year = cor_network_link_col(net, "opening_year"),
        c_close = cor_network_link_col(net, "closing_year"),
        c_comm = cor_network_link_col(net, "commodity");
    if (c_mode < 0)
        return cor_error_set(err, COR_E_INPUT, "link table: missing column 'mode' (rail, road, ferry, sea, pipeline, transfer)");
    char wbuf[1400];
#define WHERE(a) cor_network_link_where(net, (a), wbuf, sizeof wbuf)
    for (int32_t i = 0; i < net->n_links; i++) { /* input order: derived tags in order of appearance */
        int32_t a = net->link_by_order[i];
        cor_mode md;
        const char *s = link_col(net, c_mode, a);
        if (cor_mode_parse(s, &md))
            return cor_error_set(err, COR_E_INPUT, "%s: field mode: unknown mode '%s' (rail, road, ferry, sea, pipeline, transfer)", WHERE(a), s);
        f->mode[a] = (uint8_t)md;
        f->gas[a] = (uint8_t)(*link_col(net, c_comm, a) != '\0');
        s = link_col(net, c_cost, a);
        double v = 0;
        if (*s && (cor__parse_double(s, &v) || v < 0))
            return cor_error_set(err, COR_E_INPUT, "%s: field cost: '%s' is not a non-negative number (USD/t)", WHERE(a), s);
        f->cost_usd[a] = v;
        s = link_col(net, c_stat, a);
        cor_link_status ls = COR_STATUS_OPEN;
        if (*s && cor_link_status_parse(s, &ls))
            return cor_error_set(err, COR_E_INPUT, "%s: field status: unknown status '%s' (open, under_construction, planned, closed)", WHERE(a), s);
        f->status[a] = (uint8_t)ls;
        s = link_col(net, c_year, a);
        if (*s) {
            double y;
            if (cor__parse_double(s, &y) || y != floor(y) || y < 1 || y > 9999)
                return cor_error_set(err, COR_E_INPUT, "%s: field opening_year: '%s' is not a year", WHERE(a), s);
            f->open_year[a] = (int32_t)y;
        }
        s = link_col(net, c_close, a);
        if (*s) {
            double y;
            if (cor__parse_double(s, &y) || y != floor(y) || y < 1 || y > 9999)
                return cor_error_set(err, COR_E_INPUT, "%s: field closing_year: '%s' is not a year", WHERE(a), s);
            if (f->open_year[a] > 0 && y <= f->open_year[a])
                return cor_error_set(err, COR_E_INPUT, "%s: field closing_year: %s is not after opening_year %d",
                                     WHERE(a), s, f->open_year[a]);
            f->close_year[a] = (int32_t)y;
        }
        tag_ud tu = {f->vocab, 0, 0, ""};
        if (cor__split_tokens(link_col(net, c_corr, a), ";|, ", add_tag, &tu)) {
            if (tu.full == -2) return cor_error_set(err, COR_E_NOMEM, "out of memory");
            if (tu.full) return cor_error_set(err, COR_E_INPUT, "%s: field corridor: tag '%s': more than %d corridor tags", WHERE(a), tu.bad, COR_CORR_MAX);
            char known[512] = "";
            size_t len = 0;
            for (int c = 0; c < f->vocab->n && len < sizeof known; c++)
                len += (size_t)snprintf(known + len, sizeof known - len, "%s%s", c ? ", " : "", f->vocab->c[c].tag);
            return cor_error_set(err, COR_E_INPUT, "%s: field corridor: unknown tag '%s' (corridors.csv has %s)", WHERE(a), tu.bad, known);
        }
        f->corr[a] = tu.m;
    }
#undef WHERE
    /* countries in CSR order, so link a's items are ctry_first[a].. */
    for (int32_t a = 0; a < net->n_links; a++)
        if (add_countries(f, a, link_col(net, c_ctry, a), &cap_ix, &cap_name))
            return cor_error_set(err, COR_E_NOMEM, "out of memory");
    cor_status st = cor__vocab_resolve(f->vocab, err);
    if (st) return st;
    link_sets(f);
    return COR_OK;
}

cor_status cor_freight_create(const cor_network *net, const cor_demand *demand,
                              const cor_freight_classes *classes, const cor_freight_opts *opts,
                              cor_freight **out, cor_error *err)
{
    *out = NULL;
    if (!net || !classes || classes->n < 1)
        return cor_error_set(err, COR_E_USAGE, "freight model: a network and at least one class are needed");
    if (demand && demand->n_zones != net->n_zones)
        return cor_error_set(err, COR_E_INPUT, "freight model: demand has %ld zones, network %ld",
                             (long)demand->n_zones, (long)net->n_zones);
    if (demand)
        for (int c = 0; c < demand->n_classes; c++)
            if (cor_freight_classes_find(classes, demand->class_name[c]) < 0)
                return cor_error_set(err, COR_E_INPUT, "demand class '%s' is not in class.csv", demand->class_name[c]);
    cor_freight *f = calloc(1, sizeof *f);
    if (!f) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    cor_status st = COR_OK;
    f->year = opts ? opts->year : 0;
    f->net = cor_network_clone(net);
    f->cls = cor_freight_classes_clone(classes);
    if (!f->net || !f->cls) goto nomem;
    {
        const char **names = malloc(sizeof *names * (size_t)classes->n);
        if (!names) goto nomem;
        for (int k = 0; k < classes->n; k++) names[k] = classes->cls[k].name;
        f->dem = cor_demand_create(net->n_zones, classes->n, names);
        free(names);
        if (!f->dem) goto nomem;
    }
    if (demand) {
        size_t zz = (size_t)net->n_zones * (size_t)net->n_zones;
        for (int c = 0; c < demand->n_classes; c++) {
            int k = cor_freight_classes_find(classes, demand->class_name[c]);
            double *dst = f->dem->od + zz * (size_t)k;
            const double *src = demand->od + zz * (size_t)c;
            for (size_t i = 0; i < zz; i++) dst[i] += src[i];
        }
    }
    if (alloc_links(f) || !(f->vocab = cor_vocab_clone(opts ? opts->vocab : NULL))) goto nomem;
    if ((st = parse_links(f, err))) goto fail;
    if ((st = cor__freight_capacity_units(f, err))) goto fail;
    cor__freight_update_open(f);
    *out = f;
    return COR_OK;
nomem:
    st = cor_error_set(err, COR_E_NOMEM, "out of memory");
fail:
    cor_freight_destroy(f);
    return st;
}

int cor_freight_dir_is_freight(const char *dir)
{
    char *p = cor__path_join(dir, "class.csv");
    struct stat sb;
    int r = p && stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
    free(p);
    return r;
}

/* A demand class of DIR/demand.csv that class.csv does not have: the
 * error names the demand file, the first line using it and its column. */
static cor_status unknown_demand_class(const char *dir, const cor_demand *dem, const cor_freight_classes *cls,
                                       cor_error *err)
{
    int k = -1;
    for (int c = 0; c < dem->n_classes && k < 0; c++)
        if (cor_freight_classes_find(cls, dem->class_name[c]) < 0) k = c;
    if (k < 0) return COR_OK;
    char *path = cor__path_join(dir, "demand.csv");
    cor__csv c;
    long line = 0;
    const char *col = "class";
    cor_error e2 = {0};
    if (path && !cor__csv_open(&c, path, &e2)) {
        int ci = -1;
        if (cor__csv_next(&c, &e2) > 0)
            for (int i = 0; i < c.n_fields; i++)
                if (!strcasecmp(c.field[i], "class")) ci = i;
        while (ci >= 0 && !line && cor__csv_next(&c, &e2) > 0) {
            const char *v = cor__csv_get(&c, ci);
            if (!strcmp(*v ? v : "all", dem->class_name[k])) line = c.t.line;
        }
        cor__csv_close(&c);
    }
    cor_status st = line ? cor_error_set(err, COR_E_INPUT, "%s:%ld: field %s: demand class '%s' is not in class.csv",
                                         path, line, col, dem->class_name[k])
                         : cor_error_set(err, COR_E_INPUT, "%s: field %s: demand class '%s' is not in class.csv",
                                         path ? path : "demand.csv", col, dem->class_name[k]);
    free(path);
    return st;
}

cor_status cor_freight_load(const char *dir, const cor_freight_opts *opts, cor_freight **out,
                            cor_error *err)
{
    *out = NULL;
    cor_network *net = NULL;
    cor_demand *dem = NULL;
    cor_freight_classes *cls = NULL;
    cor_vocab *voc = NULL;
    char *cp = cor__path_join(dir, "class.csv");
    cor_status st = cp ? COR_OK : cor_error_set(err, COR_E_NOMEM, "out of memory");
    if (!st) st = cor_read_gmns(dir, &net, &dem, err);
    if (!st) st = cor_read_freight_classes(cp, &cls, err);
    cor_freight_opts o = {0};
    if (opts) o = *opts;
    if (!st && !o.vocab) {
        st = cor_vocab_load(dir, &voc, err);
        o.vocab = voc;
    }
    if (!st && dem) st = unknown_demand_class(dir, dem, cls, err);
    if (!st) st = cor_freight_create(net, dem, cls, &o, out, err);
    char *kp = st ? NULL : cor__path_join(dir, "constants.csv");
    struct stat sb;
    if (!st && !kp) st = cor_error_set(err, COR_E_NOMEM, "out of memory");
    if (!st && stat(kp, &sb) == 0 && (st = cor_freight_read_constants(*out, kp, err))) {
        cor_freight_destroy(*out);
        *out = NULL;
    }
    free(kp);
    cor_vocab_destroy(voc);
    free(cp);
    cor_network_destroy(net);
    cor_demand_destroy(dem);
    cor_freight_classes_destroy(cls);
    return st;
}

cor_freight *cor_freight_clone(const cor_freight *f)
{
    cor_freight *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->year = f->year;
    g->net = cor_network_clone(f->net);
    g->dem = cor_demand_clone(f->dem);
    g->cls = cor_freight_classes_clone(f->cls);
    if (!g->net || !g->dem || !g->cls || alloc_links(g)) { cor_freight_destroy(g); return NULL; }
    size_t m = (size_t)f->net->n_links;
    memcpy(g->cost_usd, f->cost_usd, m * sizeof *g->cost_usd);
    memcpy(g->mode, f->mode, m);
    memcpy(g->status, f->status, m);
    memcpy(g->open_year, f->open_year, m * sizeof *g->open_year);
    memcpy(g->close_year, f->close_year, m * sizeof *g->close_year);
    memcpy(g->corr, f->corr, m * sizeof *g->corr);
    memcpy(g->branch_ok, f->branch_ok, m * sizeof *g->branch_ok);
    memcpy(g->hl, f->hl, m * sizeof *g->hl);
    memcpy(g->ctry_first, f->ctry_first, (m + 1) * sizeof *g->ctry_first);
    size_t ni = (size_t)f->ctry_first[m];
    g->vocab = cor_vocab_clone(f->vocab);
    g->ctry_ix = malloc((ni + 1) * sizeof *g->ctry_ix);
    g->ctry_name = calloc((size_t)f->n_ctry + 1, sizeof *g->ctry_name);
    if (!g->vocab || !g->ctry_ix || !g->ctry_name) { cor_freight_destroy(g); return NULL; }
    memcpy(g->ctry_ix, f->ctry_ix, ni * sizeof *g->ctry_ix);
    for (int32_t i = 0; i < f->n_ctry; i++) {
        size_t len = strlen(f->ctry_name[i]) + 1;
        if (!(g->ctry_name[i] = malloc(len))) { cor_freight_destroy(g); return NULL; }
        memcpy(g->ctry_name[i], f->ctry_name[i], len);
        g->n_ctry = i + 1;
    }
    memcpy(g->override, f->override, m);
    memcpy(g->gas, f->gas, m);
    if (cor__constants_copy(g, f)) { cor_freight_destroy(g); return NULL; }
    cor__freight_update_open(g);
    return g;
}

cor_network *cor_freight_network(cor_freight *f) { return f->net; }
cor_demand *cor_freight_demand(cor_freight *f) { return f->dem; }
const cor_freight_classes *cor_freight_get_classes(const cor_freight *f) { return f->cls; }
double *cor_freight_cost_usd(cor_freight *f) { return f->cost_usd; }
const uint8_t *cor_freight_link_mode(const cor_freight *f) { return f->mode; }
const uint8_t *cor_freight_link_status(const cor_freight *f) { return f->status; }
const int32_t *cor_freight_link_opening_year(const cor_freight *f) { return f->open_year; }
const cor_corridor_mask *cor_freight_link_corridors(const cor_freight *f) { return f->corr; }
void cor_freight_set_year(cor_freight *f, int year) { f->year = year; }
int cor_freight_year(const cor_freight *f) { return f->year; }

const cor_vocab *cor_freight_vocab(const cor_freight *f) { return f->vocab; }

int cor_freight_link_countries(const cor_freight *f, int32_t link, const char **codes, int cap)
{
    if (link < 0 || link >= f->net->n_links) return 0;
    int n = 0;
    for (int32_t i = f->ctry_first[link]; i < f->ctry_first[link + 1]; i++, n++)
        if (n < cap) codes[n] = f->ctry_name[f->ctry_ix[i]];
    return n;
}

int cor_freight_in_highlight(const cor_freight *f, int h, int32_t link)
{
    if (link < 0 || link >= f->net->n_links || h < 0 || h >= f->vocab->nh) return 0;
    return (int)((f->hl[link] >> h) & 1u);
}

int cor_freight_highlight_open(cor_freight *f, int h, int *last_year)
{
    const uint8_t *open = cor_freight_link_open(f);
    const cor_highlight *hl = cor_vocab_highlight(f->vocab, h);
    int any_open = 0, last = 0;
    for (int32_t a = 0; a < f->net->n_links; a++) {
        if (cor_freight_in_highlight(f, h, a)) any_open |= open[a];
        int on = hl && hl->tag >= 0 ? (f->corr[a] & COR_CORR_BIT(hl->tag)) != 0 : cor_freight_in_highlight(f, h, a);
        if (on && f->open_year[a] > last) last = f->open_year[a];
    }
    if (last_year) *last_year = last;
    return any_open;
}

void cor__freight_update_open(cor_freight *f)
{
    for (int32_t a = 0; a < f->net->n_links; a++) {
        int open;
        if (f->override[a] >= 0) open = f->override[a];
        else if (f->year <= 0) open = f->status[a] == COR_STATUS_OPEN;
        else if (f->status[a] == COR_STATUS_CLOSED) open = 0;
        else if (f->close_year[a] > 0 && f->year >= f->close_year[a]) open = 0; /* replaced or retired */
        else if (f->open_year[a] > 0) open = f->open_year[a] <= f->year;
        else open = f->status[a] == COR_STATUS_OPEN;
        f->open[a] = (uint8_t)open;
    }
}

const uint8_t *cor_freight_link_open(cor_freight *f)
{
    cor__freight_update_open(f);
    return f->open;
}

void cor_freight_set_link_open(cor_freight *f, int32_t link, int state)
{
    if (link < 0 || link >= f->net->n_links) return;
    f->override[link] = (int8_t)(state < 0 ? -1 : state ? 1 : 0);
}

void cor_freight_close_node(cor_freight *f, int32_t node)
{
    const cor_network *n = f->net;
    if (node < 0 || node >= n->n_nodes) return;
    for (int32_t a = n->first_out[node]; a < n->first_out[node + 1]; a++) f->override[a] = 0;
    for (int32_t i = n->first_in[node]; i < n->first_in[node + 1]; i++) f->override[n->in_link[i]] = 0;
}

int32_t cor_freight_close_country(cor_freight *f, const char *iso2)
{
    int32_t c = 0;
    for (int32_t a = 0; a < f->net->n_links; a++)
        if (link_in_country(f, a, iso2)) {
            f->override[a] = 0;
            c++;
        }
    return c;
}

int32_t cor_freight_close_mode(cor_freight *f, cor_mode m)
{
    int32_t c = 0;
    for (int32_t a = 0; a < f->net->n_links; a++)
        if (f->mode[a] == m) { f->override[a] = 0; c++; }
    return c;
}

int32_t cor_freight_close_corridor(cor_freight *f, cor_corridor cc)
{
    int32_t c = 0;
    for (int32_t a = 0; a < f->net->n_links; a++)
        if (f->corr[a] & COR_CORR_BIT(cc)) { f->override[a] = 0; c++; }
    return c;
}

int32_t cor_freight_open_corridor(cor_freight *f, cor_corridor cc)
{
    int32_t c = 0;
    for (int32_t a = 0; a < f->net->n_links; a++)
        if ((f->corr[a] & COR_CORR_BIT(cc)) && f->status[a] != COR_STATUS_CLOSED) {
            f->override[a] = 1;
            c++;
        }
    return c;
}

cor_status cor__freight_build_problem(cor_freight *f, cor_error *err)
{
    const cor_network *net = f->net;
    size_t m = (size_t)net->n_links, zz = (size_t)net->n_zones * (size_t)net->n_zones;
    cor__freight_update_open(f);
    for (int k = 0; k < f->cls->n; k++) {
        const cor_freight_class *c = &f->cls->cls[k];
        if (!(c->vot > 0) || !isfinite(c->vot))
            return cor_error_set(err, COR_E_INPUT, "class %s: value of time %g is not positive", c->name, c->vot);
        double *fx = f->fixed + m * (size_t)k;
        uint8_t *al = f->allowed + m * (size_t)k;
        int c_comm = cor_network_link_col(net, "commodity");
        for (size_t a = 0; a < m; a++) {
            if (!(f->cost_usd[a] >= 0) || !isfinite(f->cost_usd[a])) {
                char wb[1400];
                return cor_error_set(err, COR_E_INPUT, "%s: field cost: %g USD/t is not a finite non-negative number",
                                     cor_network_link_where(net, (int32_t)a, wb, sizeof wb), f->cost_usd[a]);
            }
            fx[a] = f->cost_usd[a] / c->vot;
            al[a] = (uint8_t)(((c->modes >> f->mode[a]) & 1u) && (!f->gas[a] || list_has(link_col(net, c_comm, (int32_t)a), c->name)));
        }
        f->pcls[k].name = c->name;
        f->pcls[k].demand = f->dem->od + zz * (size_t)k;
        f->pcls[k].fixed = fx;
        f->pcls[k].allowed = al;
        f->pcls[k].vot = c->vot;
    }
    f->prob.net = net;
    f->prob.n_classes = f->cls->n;
    f->prob.classes = f->pcls;
    f->prob.link_open = f->open;
    return COR_OK;
}

const cor_problem *cor_freight_problem(cor_freight *f, cor_error *err)
{
    if (cor__freight_build_problem(f, err)) return NULL;
    return &f->prob;
}
