/* corridor — the freight model object: link attributes parsed from the GMNS
 * extra columns, open mask (status, year, overrides), per-class problem. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "freight/internal.h"
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
    cor_corridor_mask m;
    char bad[64];
} tag_ud;

static int add_tag(void *ud, const char *tok)
{
    tag_ud *u = ud;
    cor_corridor c;
    if (cor_corridor_parse(tok, &c)) { snprintf(u->bad, sizeof u->bad, "%s", tok); return 1; }
    u->m |= COR_CORR_BIT(c);
    return 0;
}

typedef struct ctry_ud {
    char (*out)[8];
    int n;
} ctry_ud;

static int add_country(void *ud, const char *tok)
{
    ctry_ud *u = ud;
    if (u->n >= COR__MAX_COUNTRIES) return 0;
    for (int i = 0; i < u->n; i++)
        if (!strcmp(u->out[i], tok)) return 0;
    snprintf(u->out[u->n++], 8, "%s", tok);
    return 0;
}

void cor_freight_destroy(cor_freight *f)
{
    if (!f) return;
    cor_network_destroy(f->net);
    cor_demand_destroy(f->dem);
    cor_freight_classes_destroy(f->cls);
    free(f->cost_usd);
    free(f->mode);
    free(f->status);
    free(f->open_year);
    free(f->corr);
    free(f->country);
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
    f->corr = calloc(m, sizeof *f->corr);
    f->country = calloc(m, sizeof *f->country);
    f->override = malloc(m);
    f->gas = calloc(m, 1);
    f->open = calloc(m, 1);
    f->pcls = calloc(nc, sizeof *f->pcls);
    f->fixed = calloc(m * nc, sizeof *f->fixed);
    f->allowed = calloc(m * nc, 1);
    if (!f->cost_usd || !f->mode || !f->status || !f->open_year || !f->corr || !f->country ||
        !f->override || !f->gas || !f->open || !f->pcls || !f->fixed || !f->allowed)
        return -1;
    memset(f->override, -1, m);
    return 0;
}

static cor_status parse_links(cor_freight *f, cor_error *err)
{
    const cor_network *net = f->net;
    int c_mode = cor_network_link_col(net, "mode"), c_cost = cor_network_link_col(net, "cost"),
        c_ctry = cor_network_link_col(net, "country"),
        c_corr = cor_network_link_col(net, "corridor"),
        c_stat = cor_network_link_col(net, "status"),
        c_year = cor_network_link_col(net, "opening_year"),
        c_comm = cor_network_link_col(net, "commodity");
    if (c_mode < 0)
        return cor_error_set(err, COR_E_INPUT, "link table: missing column 'mode' (rail, road, ferry, sea, pipeline, transfer)");
    for (int32_t a = 0; a < net->n_links; a++) {
        const char *id = net->link_id[a];
        cor_mode md;
        const char *s = link_col(net, c_mode, a);
        if (cor_mode_parse(s, &md))
            return cor_error_set(err, COR_E_INPUT, "link %s: field mode: unknown mode '%s' (rail, road, ferry, sea, pipeline, transfer)", id, s);
        f->mode[a] = (uint8_t)md;
        f->gas[a] = (uint8_t)(*link_col(net, c_comm, a) != '\0');
        s = link_col(net, c_cost, a);
        double v = 0;
        if (*s && (cor__parse_double(s, &v) || v < 0))
            return cor_error_set(err, COR_E_INPUT, "link %s: field cost: '%s' is not a non-negative number (USD/t)", id, s);
        f->cost_usd[a] = v;
        s = link_col(net, c_stat, a);
        cor_link_status ls = COR_STATUS_OPEN;
        if (*s && cor_link_status_parse(s, &ls))
            return cor_error_set(err, COR_E_INPUT, "link %s: field status: unknown status '%s' (open, under_construction, planned, closed)", id, s);
        f->status[a] = (uint8_t)ls;
        s = link_col(net, c_year, a);
        if (*s) {
            double y;
            if (cor__parse_double(s, &y) || y != floor(y) || y < 1 || y > 9999)
                return cor_error_set(err, COR_E_INPUT, "link %s: field opening_year: '%s' is not a year", id, s);
            f->open_year[a] = (int32_t)y;
        }
        tag_ud tu = {0, ""};
        if (cor__split_tokens(link_col(net, c_corr, a), ";|, ", add_tag, &tu))
            return cor_error_set(err, COR_E_INPUT, "link %s: field corridor: unknown tag '%s' (middle, northern, suez, cape, iran, tripp, energy, feeder)", id, tu.bad);
        f->corr[a] = tu.m;
        ctry_ud cu = {f->country[a], 0};
        cor__split_tokens(link_col(net, c_ctry, a), ";|,/- ", add_country, &cu);
    }
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
    if (alloc_links(f)) goto nomem;
    if ((st = parse_links(f, err))) goto fail;
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

cor_status cor_freight_load(const char *dir, const cor_freight_opts *opts, cor_freight **out,
                            cor_error *err)
{
    *out = NULL;
    cor_network *net = NULL;
    cor_demand *dem = NULL;
    cor_freight_classes *cls = NULL;
    char *cp = cor__path_join(dir, "class.csv");
    if (!cp) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    cor_status st = cor_read_gmns(dir, &net, &dem, err);
    if (!st) st = cor_read_freight_classes(cp, &cls, err);
    if (!st) st = cor_freight_create(net, dem, cls, opts, out, err);
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
    memcpy(g->corr, f->corr, m * sizeof *g->corr);
    memcpy(g->country, f->country, m * sizeof *g->country);
    memcpy(g->override, f->override, m);
    memcpy(g->gas, f->gas, m);
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

int cor_freight_link_countries(const cor_freight *f, int32_t link, const char *codes[4])
{
    int n = 0;
    for (int i = 0; i < COR__MAX_COUNTRIES; i++) {
        codes[i] = f->country[link][i];
        if (f->country[link][i][0]) n++;
    }
    return n;
}

void cor__freight_update_open(cor_freight *f)
{
    for (int32_t a = 0; a < f->net->n_links; a++) {
        int open;
        if (f->override[a] >= 0) open = f->override[a];
        else if (f->year <= 0) open = f->status[a] == COR_STATUS_OPEN;
        else if (f->status[a] == COR_STATUS_CLOSED) open = 0;
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
        for (int i = 0; i < COR__MAX_COUNTRIES; i++)
            if (f->country[a][i][0] && !strcmp(f->country[a][i], iso2)) {
                f->override[a] = 0;
                c++;
                break;
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
            if (!(f->cost_usd[a] >= 0) || !isfinite(f->cost_usd[a]))
                return cor_error_set(err, COR_E_INPUT, "link %s: cost %g USD/t is not a finite non-negative number", net->link_id[a], f->cost_usd[a]);
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
