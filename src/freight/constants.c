/* corridor — route-choice constants (constants.csv) and link capacities
 * stated in operating units (link.csv capacity_unit). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "corridor/io.h"
#include "corridor/vdf.h"
#include "freight/internal.h"
#include "io/csv.h"

void cor__constants_free(cor_freight *f)
{
    for (int i = 0; i < f->n_const; i++) free(f->cst[i].country);
    free(f->cst);
    f->cst = NULL;
    f->n_const = 0;
}

int cor__constants_copy(cor_freight *dst, const cor_freight *src)
{
    dst->cst = NULL;
    dst->n_const = 0;
    if (!src->n_const) return 0;
    dst->cst = calloc((size_t)src->n_const, sizeof *dst->cst);
    if (!dst->cst) return -1;
    for (int i = 0; i < src->n_const; i++) {
        dst->cst[i] = src->cst[i];
        dst->cst[i].country = NULL;
        if (src->cst[i].country && !(dst->cst[i].country = cor__strdup(src->cst[i].country))) {
            dst->n_const = i;
            return -1;
        }
        dst->n_const = i + 1;
    }
    return 0;
}

int cor_freight_n_constants(const cor_freight *f) { return f->n_const; }

const cor_freight_constant *cor_freight_constant_at(const cor_freight *f, int i)
{
    return i >= 0 && i < f->n_const ? &f->cst[i] : NULL;
}

/* 1 when some link of the model lists country code c. */
static int known_country(const cor_freight *f, const char *c)
{
    for (int32_t i = 0; i < f->n_ctry; i++)
        if (!strcasecmp(f->ctry_name[i], c)) return 1;
    return 0;
}

static int same_key(const cor_freight_constant *a, const cor_freight_constant *b)
{
    if (a->cls != b->cls || a->corridor != b->corridor) return 0;
    if (!a->country || !b->country) return a->country == b->country;
    return !strcasecmp(a->country, b->country);
}

cor_status cor_freight_set_constants(cor_freight *f, int n, const cor_freight_constant *c,
                                     cor_error *err)
{
    for (int i = 0; i < n; i++) {
        const cor_freight_constant *k = &c[i];
        if ((k->corridor >= 0) == (k->country != NULL))
            return cor_error_set(err, COR_E_INPUT, "constant %d: exactly one of corridor and country", i + 1);
        if (k->corridor >= cor_vocab_count(f->vocab))
            return cor_error_set(err, COR_E_INPUT, "constant %d: corridor %d out of range", i + 1, k->corridor);
        if (k->cls < -1 || k->cls >= f->cls->n)
            return cor_error_set(err, COR_E_INPUT, "constant %d: class %d out of range", i + 1, k->cls);
        if (!isfinite(k->usd))
            return cor_error_set(err, COR_E_INPUT, "constant %d: not finite", i + 1);
    }
    cor_freight tmp = {.n_const = n, .cst = (cor_freight_constant *)c};
    cor_freight_constant *old = f->cst;
    int n_old = f->n_const;
    if (cor__constants_copy(f, &tmp)) {
        cor__constants_free(f);
        f->cst = old;
        f->n_const = n_old;
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    cor_freight keep = {.n_const = n_old, .cst = old};
    cor__constants_free(&keep);
    return COR_OK;
}

enum { C_CORR, C_CTRY, C_CLASS, C_USD, C_N };

cor_status cor_freight_read_constants(cor_freight *f, const char *path, cor_error *err)
{
    cor__csv csv;
    cor_status st = cor__csv_open(&csv, path, err);
    if (st) return st;
    const cor__text *t = &csv.t;
    static const char *const NAMES[C_N] = {"corridor", "country", "class", "usd_t"};
    int col[C_N] = {-1, -1, -1, -1}, header = 1, ncols = 0, r, n = 0, cap = 0;
    cor_freight_constant *c = NULL;
    while ((r = cor__csv_next(&csv, err)) > 0) {
        const char *const *fl = (const char *const *)csv.field;
        if (fl[0][0] == '#') continue;
        if (header) {
            header = 0;
            ncols = csv.n_fields;
            for (int i = 0; i < ncols; i++)
                for (int j = 0; j < C_N; j++)
                    if (!strcasecmp(fl[i], NAMES[j])) col[j] = i;
            if (col[C_USD] < 0) { st = cor__field_error(err, t, "usd_t", "missing column"); goto done; }
            if (col[C_CORR] < 0 && col[C_CTRY] < 0) {
                st = cor__field_error(err, t, "corridor", "missing column (a constant is per corridor or per country)");
                goto done;
            }
            continue;
        }
        if (csv.n_fields != ncols) {
            st = cor__field_error(err, t, NULL, "%d fields, header has %d", csv.n_fields, ncols);
            goto done;
        }
        const char *corr = col[C_CORR] >= 0 ? fl[col[C_CORR]] : "";
        const char *ctry = col[C_CTRY] >= 0 ? fl[col[C_CTRY]] : "";
        const char *cls = col[C_CLASS] >= 0 ? fl[col[C_CLASS]] : "";
        cor_freight_constant k = {.corridor = -1, .cls = -1};
        if (!*corr == !*ctry) {
            st = cor__field_error(err, t, *corr ? "country" : "corridor",
                                  "give exactly one of corridor and country");
            goto done;
        }
        if (*corr && (k.corridor = cor_vocab_find(f->vocab, corr)) < 0) {
            st = cor__field_error(err, t, "corridor", "unknown corridor '%s' (not a tag of corridors.csv / link.csv)", corr);
            goto done;
        }
        if (*ctry && !known_country(f, ctry)) {
            st = cor__field_error(err, t, "country", "no link lists country '%s'", ctry);
            goto done;
        }
        if (*cls && (k.cls = cor_freight_classes_find(f->cls, cls)) < 0) {
            st = cor__field_error(err, t, "class", "unknown class '%s' (not in class.csv)", cls);
            goto done;
        }
        const char *u = fl[col[C_USD]];
        if (!*u || cor__parse_double(u, &k.usd) || !isfinite(k.usd)) {
            st = cor__field_error(err, t, "usd_t", "'%s' is not a finite number (USD/t)", u);
            goto done;
        }
        k.country = (char *)ctry;
        for (int i = 0; i < n; i++)
            if (same_key(&c[i], &(cor_freight_constant){.corridor = k.corridor, .cls = k.cls,
                                                         .country = *ctry ? k.country : NULL})) {
                st = cor__field_error(err, t, *corr ? "corridor" : "country", "duplicate constant for '%s'%s%s",
                                      *corr ? corr : ctry, *cls ? " and class " : "", cls);
                goto done;
            }
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            cor_freight_constant *p = realloc(c, sizeof *p * (size_t)cap);
            if (!p) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
            c = p;
        }
        k.country = *ctry ? cor__strdup(ctry) : NULL;
        if (*ctry && !k.country) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
        c[n++] = k;
    }
    if (r < 0) { st = err ? err->code : COR_E_INPUT; goto done; }
    if (header) { st = cor_error_set(err, COR_E_INPUT, "%s: empty file (no header)", path); goto done; }
    st = cor_freight_set_constants(f, n, c, err);
done:
    cor__csv_close(&csv);
    for (int i = 0; i < n; i++) free(c[i].country);
    free(c);
    return st;
}

cor_status cor_freight_write_constants(const cor_freight *f, const char *path, cor_error *err)
{
    cor_outfile o;
    cor_status st = cor_outfile_open(&o, path, err);
    if (st) return st;
    fputs("corridor,country,class,usd_t\n", o.fp);
    for (int i = 0; i < f->n_const; i++) {
        const cor_freight_constant *k = &f->cst[i];
        cor__csv_put(o.fp, k->corridor >= 0 ? cor_vocab_tag(f->vocab, k->corridor) : "");
        fputc(',', o.fp);
        cor__csv_put(o.fp, k->country ? k->country : "");
        fputc(',', o.fp);
        cor__csv_put(o.fp, k->cls >= 0 ? f->cls->cls[k->cls].name : "");
        fprintf(o.fp, ",%.10g\n", k->usd);
    }
    return cor_outfile_commit(&o, err);
}

/* The country list of zone z's node (node.csv country), "" when none. */
static const char *zone_country(const cor_freight *f, int32_t z)
{
    const cor_network *n = f->net;
    int col = cor_network_node_col(n, "country");
    if (col < 0 || z < 0 || z >= n->n_zones) return "";
    return n->node_extra.values[col][n->zone_node[z]];
}

double cor_freight_route_constant(const cor_freight *f, int cls, const int32_t *links,
                                  int32_t n_links, int32_t o, int32_t d)
{
    if (!f->n_const || n_links <= 0) return 0.0;
    cor_corridor prim = -2, alias = -1;
    double k = 0;
    for (int i = 0; i < f->n_const; i++) {
        const cor_freight_constant *c = &f->cst[i];
        if (c->cls >= 0 && c->cls != cls) continue;
        if (c->corridor >= 0) {
            if (prim == -2) {
                prim = cor_vocab_primary(f->vocab, cor_freight_path_corridors(f, links, n_links));
                alias = cor_vocab_constants_of(f->vocab, prim);
            }
            if (prim == c->corridor || alias == c->corridor) k += c->usd;
            continue;
        }
        /* transit: a link in the country, which is neither end's country */
        if (cor_country_has(zone_country(f, o), c->country) || cor_country_has(zone_country(f, d), c->country))
            continue;
        for (int32_t j = 0; j < n_links; j++) {
            int32_t a = links[j], hit = 0;
            for (int32_t q = f->ctry_first[a]; q < f->ctry_first[a + 1]; q++)
                if (!strcasecmp(f->ctry_name[f->ctry_ix[q]], c->country)) { hit = 1; break; }
            if (hit) { k += c->usd; break; }
        }
    }
    return k;
}

/* ---- capacity_unit ---- */

static int unit_is(const char *class_unit, cor_cap_unit u)
{
    if (u == COR_CAP_TEU) return !strcasecmp(class_unit, "TEU");
    if (u == COR_CAP_WAGONS) return !strcasecmp(class_unit, "wagon") || !strcasecmp(class_unit, "wagons");
    return 0;
}

cor_status cor__freight_capacity_units(cor_freight *f, cor_error *err)
{
    cor_network *net = f->net;
    int col = cor_network_link_col(net, "capacity_unit");
    if (col < 0) return COR_OK;
    int32_t Z = net->n_zones;
    size_t zz = (size_t)Z * Z;
    char wb[1400];
    for (int32_t i = 0; i < net->n_links; i++) {
        int32_t a = net->link_by_order[i];
        const char *s = net->link_extra.values[col][a];
        cor_cap_unit u;
        if (!*s) continue;
        if (cor_cap_unit_parse(s, &u))
            return cor_error_set(err, COR_E_INPUT, "%s: field capacity_unit: unknown unit '%s'",
                                 cor_network_link_where(net, a, wb, sizeof wb), s);
        if (u == COR_CAP_TONNES) continue;
        /* tonnes per unit: the classes that may use the link and state the
         * unit, weighted by their demand (plain mean when none has any) */
        double w = 0, wt = 0, m = 0;
        int nm = 0;
        for (int k = 0; k < f->cls->n; k++) {
            const cor_freight_class *c = &f->cls->cls[k];
            if (!((c->modes >> f->mode[a]) & 1u)) continue;
            double tpu = u == COR_CAP_SAILINGS ? c->tonnes_per_sailing
                         : unit_is(c->unit, u) ? c->tonnes_per_unit : 0;
            if (!(tpu > 0)) continue;
            double dk = 0;
            for (size_t q = 0; q < zz; q++) dk += f->dem->od[zz * (size_t)k + q];
            w += dk * tpu;
            wt += dk;
            m += tpu;
            nm++;
        }
        if (!nm)
            return cor_error_set(err, COR_E_INPUT, "%s: field capacity_unit: %s needs a class allowed on "
                                 "this %s link with %s in class.csv", cor_network_link_where(net, a, wb, sizeof wb), cor_cap_unit_name(u),
                                 cor_mode_name((cor_mode)f->mode[a]),
                                 u == COR_CAP_SAILINGS ? "tonnes_per_sailing" : u == COR_CAP_TEU
                                 ? "unit TEU and tonnes_per_unit" : "unit wagons and tonnes_per_unit");
        double tpu = wt > 0 ? w / wt : m / nm;
        double t = cor_cap_to_tonnes(net->capacity[a], u, tpu);
        if (!isfinite(t))
            return cor_error_set(err, COR_E_INPUT, "%s: field capacity: %g %s at %g t per unit overflows in tonnes",
                                 cor_network_link_where(net, a, wb, sizeof wb), net->capacity[a], cor_cap_unit_name(u), tpu);
        net->capacity[a] = t;
    }
    return COR_OK;
}
