/* corridor — enumeration names and the class.csv reader. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/str.h"
#include "freight/internal.h"
#include "io/csv.h"

static const char *const MODE_NAMES[COR_MODE_COUNT] = {
    "rail", "road", "ferry", "sea", "pipeline", "transfer"};
static const char *const STATUS_NAMES[4] = {"open", "under_construction", "planned", "closed"};

const char *cor_mode_name(cor_mode m)
{
    return (m >= 0 && m < COR_MODE_COUNT) ? MODE_NAMES[m] : "?";
}

int cor_mode_parse(const char *s, cor_mode *out)
{
    for (int i = 0; i < COR_MODE_COUNT; i++)
        if (!strcasecmp(s, MODE_NAMES[i])) { *out = (cor_mode)i; return 0; }
    return -1;
}

const char *cor_status_name_link(cor_link_status s)
{
    return (s >= 0 && s <= COR_STATUS_CLOSED) ? STATUS_NAMES[s] : "?";
}

int cor_link_status_parse(const char *s, cor_link_status *out)
{
    for (int i = 0; i <= COR_STATUS_CLOSED; i++)
        if (!strcasecmp(s, STATUS_NAMES[i])) { *out = (cor_link_status)i; return 0; }
    return -1;
}

/* ---- class.csv ---- */

void cor_freight_classes_destroy(cor_freight_classes *c)
{
    if (!c) return;
    for (int i = 0; i < c->n; i++) {
        free(c->cls[i].name);
        free(c->cls[i].unit);
        free(c->cls[i].description);
        for (int j = 0; j < c->cls[i].n_segments; j++) free(c->cls[i].segments[j].name);
        free(c->cls[i].segments);
    }
    free(c->cls);
    free(c);
}

int cor_freight_classes_find(const cor_freight_classes *c, const char *name)
{
    for (int i = 0; i < c->n; i++)
        if (!strcmp(c->cls[i].name, name)) return i;
    return -1;
}

cor_freight_classes *cor_freight_classes_clone(const cor_freight_classes *c)
{
    cor_freight_classes *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->cls = calloc((size_t)(c->n > 0 ? c->n : 1), sizeof *d->cls);
    if (!d->cls) { free(d); return NULL; }
    d->n = c->n;
    for (int i = 0; i < c->n; i++) {
        d->cls[i] = c->cls[i];
        d->cls[i].name = cor__strdup(c->cls[i].name);
        d->cls[i].unit = cor__strdup(c->cls[i].unit ? c->cls[i].unit : "");
        d->cls[i].description = cor__strdup(c->cls[i].description ? c->cls[i].description : "");
        int ns = c->cls[i].n_segments;
        d->cls[i].n_segments = 0;
        d->cls[i].segments = ns ? calloc((size_t)ns, sizeof *d->cls[i].segments) : NULL;
        if (!d->cls[i].name || !d->cls[i].unit || !d->cls[i].description || (ns && !d->cls[i].segments)) {
            cor_freight_classes_destroy(d);
            return NULL;
        }
        for (int j = 0; j < ns; j++) {
            d->cls[i].segments[j] = c->cls[i].segments[j];
            d->cls[i].segments[j].name = cor__strdup(c->cls[i].segments[j].name);
            d->cls[i].n_segments++;
            if (!d->cls[i].segments[j].name) { cor_freight_classes_destroy(d); return NULL; }
        }
    }
    return d;
}

int cor__add_mode(void *ud, const char *tok)
{
    cor__modes_ud *m = ud;
    cor_mode md;
    if (cor_mode_parse(tok, &md)) {
        snprintf(m->bad, sizeof m->bad, "%s", tok);
        return 1;
    }
    m->modes |= 1u << md;
    return 0;
}

enum { F_CLASS, F_VOT, F_MODES, F_UNIT, F_TPU, F_DESC, F_SEG, F_SHARE, F_THETA, F_VOR, F_ELAS,
       F_TPS, F_N };

/* An optional number of a class.csv row: blank leaves *v; 1 = error set. */
static int opt_field(const cor__text *t, const char *const *fields, const int *col, int f,
                     const char *name, double *v, cor_status *st, cor_error *err)
{
    if (col[f] < 0 || !*fields[col[f]]) return 0;
    if (cor__parse_double(fields[col[f]], v) || !isfinite(*v)) {
        *st = cor__field_error(err, t, name, "'%s' is not a finite number", fields[col[f]]);
        return 1;
    }
    return 0;
}

/* A segment row (segment column not blank) of class k. */
static cor_status read_segment(const cor__text *t, const char *const *fields, const int *col,
                               const char *const *names, cor_freight_class *k, long *seg_line,
                               cor_error *err)
{
    const char *seg = fields[col[F_SEG]];
    static const int BLANK[] = {F_MODES, F_UNIT, F_TPU, F_THETA, F_VOR, F_ELAS, F_TPS};
    for (size_t i = 0; i < sizeof BLANK / sizeof BLANK[0]; i++)
        if (col[BLANK[i]] >= 0 && *fields[col[BLANK[i]]])
            return cor__field_error(err, t, names[BLANK[i]], "must be blank on a segment row "
                                    "(segment '%s' of class '%s' takes it from the class's row)", seg, k->name);
    for (int j = 0; j < k->n_segments; j++)
        if (!strcmp(k->segments[j].name, seg))
            return cor__field_error(err, t, "segment", "duplicate segment '%s' of class '%s'", seg, k->name);
    double share, vot = k->vot;
    if (col[F_SHARE] < 0 || !*fields[col[F_SHARE]])
        return cor__field_error(err, t, "share", "empty: segment '%s' needs its share of class '%s'", seg, k->name);
    if (cor__parse_double(fields[col[F_SHARE]], &share) || !(share > 0 && share <= 1))
        return cor__field_error(err, t, "share", "'%s' is not a number in (0, 1]", fields[col[F_SHARE]]);
    if (*fields[col[F_VOT]] && (cor__parse_double(fields[col[F_VOT]], &vot) || !(vot > 0) || !isfinite(vot)))
        return cor__field_error(err, t, "value_of_time", "'%s' is not a positive number", fields[col[F_VOT]]);
    cor_freight_segment *p = realloc(k->segments, sizeof *p * (size_t)(k->n_segments + 1));
    if (!p) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    k->segments = p;
    p[k->n_segments] = (cor_freight_segment){.name = cor__strdup(seg), .share = share, .vot = vot};
    if (!p[k->n_segments].name) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    k->n_segments++;
    *seg_line = t->line;
    return COR_OK;
}

cor_status cor_read_freight_classes(const char *path, cor_freight_classes **out,
                                    cor_error *err)
{
    *out = NULL;
    cor__csv csv;
    cor_status st = cor__csv_open(&csv, path, err);
    if (st) return st;
    const cor__text *t = &csv.t;
    cor_freight_classes *c = calloc(1, sizeof *c);
    long *seg_line = NULL; /* [cap] line of each class's last segment row */
    int cap = 0;
    int col[F_N];
    for (int i = 0; i < F_N; i++) col[i] = -1;
    static const char *const NAMES[F_N] = {"class", "value_of_time", "allowed_modes", "unit",
                                           "tonnes_per_unit", "description", "segment", "share",
                                           "logit_scale", "value_of_reliability",
                                           "demand_elasticity", "tonnes_per_sailing"};
    int header = 1, ncols = 0, r;
    if (!c) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
    while ((r = cor__csv_next(&csv, err)) > 0) {
        const char *const *fields = (const char *const *)csv.field;
        int nf = csv.n_fields;
        if (fields[0][0] == '#') continue;
        if (header) {
            header = 0;
            ncols = nf;
            for (int i = 0; i < nf; i++)
                for (int j = 0; j < F_N; j++)
                    if (!strcasecmp(fields[i], NAMES[j])) col[j] = i;
            for (int j = 0; j < 3; j++)
                if (col[j] < 0) { st = cor__field_error(err, t, NAMES[j], "missing column"); goto fail; }
            if (col[F_SHARE] >= 0 && col[F_SEG] < 0) {
                st = cor__field_error(err, t, "share", "column without a segment column"); goto fail;
            }
            continue;
        }
        if (nf != ncols) {
            st = cor__field_error(err, t, NULL, "%d fields, header has %d", nf, ncols);
            goto fail;
        }
        const char *name = fields[col[F_CLASS]];
        if (!*name) { st = cor__field_error(err, t, "class", "empty class name"); goto fail; }
        if (col[F_SEG] >= 0 && *fields[col[F_SEG]]) {
            int ki = cor_freight_classes_find(c, name);
            if (ki < 0) {
                st = cor__field_error(err, t, "class", "segment '%s' of class '%s', which has no row above",
                                      fields[col[F_SEG]], name);
                goto fail;
            }
            if ((st = read_segment(t, fields, col, NAMES, &c->cls[ki], &seg_line[ki], err))) goto fail;
            continue;
        }
        if (col[F_SHARE] >= 0 && *fields[col[F_SHARE]]) {
            st = cor__field_error(err, t, "share", "given on a class row (shares belong to segment rows)");
            goto fail;
        }
        if (cor_freight_classes_find(c, name) >= 0) {
            st = cor__field_error(err, t, "class", "duplicate class '%s'", name);
            goto fail;
        }
        const char *why = cor__class_name_reserved(name);
        if (why) { st = cor__field_error(err, t, "class", "class '%s': %s", name, why); goto fail; }
        for (int i = 0; i < c->n; i++)
            if (!strcasecmp(c->cls[i].name, name)) {
                st = cor__field_error(err, t, "class", "class '%s' differs from class '%s' only in case "
                                      "(their output columns volume_/flow_ would be one)", name, c->cls[i].name);
                goto fail;
            }
        double vot;
        if (cor__parse_double(fields[col[F_VOT]], &vot) || !(vot > 0)) {
            st = cor__field_error(err, t, "value_of_time", "'%s' is not a positive number",
                                  fields[col[F_VOT]]);
            goto fail;
        }
        cor__modes_ud mu = {0, ""};
        if (cor__split_tokens(fields[col[F_MODES]], ";| ", cor__add_mode, &mu)) {
            st = cor__field_error(err, t, "allowed_modes", "unknown mode '%s' (rail, road, ferry, sea, pipeline, transfer)", mu.bad);
            goto fail;
        }
        if (!mu.modes) { st = cor__field_error(err, t, "allowed_modes", "no modes"); goto fail; }
        double tpu = 0;
        if (col[F_TPU] >= 0 && *fields[col[F_TPU]] &&
            (cor__parse_double(fields[col[F_TPU]], &tpu) || tpu < 0)) {
            st = cor__field_error(err, t, "tonnes_per_unit", "'%s' is not a non-negative number",
                                  fields[col[F_TPU]]);
            goto fail;
        }
        double theta = 0, vor = 0, elas = 0, tps = 0;
        if (opt_field(t, fields, col, F_THETA, "logit_scale", &theta, &st, err)) goto fail;
        if (col[F_THETA] >= 0 && *fields[col[F_THETA]] && !(theta > 0)) {
            st = cor__field_error(err, t, "logit_scale", "'%s' is not > 0 (per USD/t)", fields[col[F_THETA]]);
            goto fail;
        }
        if (opt_field(t, fields, col, F_VOR, "value_of_reliability", &vor, &st, err)) goto fail;
        if (vor < 0) {
            st = cor__field_error(err, t, "value_of_reliability", "negative (%g)", vor);
            goto fail;
        }
        if (opt_field(t, fields, col, F_ELAS, "demand_elasticity", &elas, &st, err)) goto fail;
        if (elas > 0) {
            st = cor__field_error(err, t, "demand_elasticity", "positive (%g): demand falls as cost rises, so e <= 0", elas);
            goto fail;
        }
        if (opt_field(t, fields, col, F_TPS, "tonnes_per_sailing", &tps, &st, err)) goto fail;
        if (tps < 0) {
            st = cor__field_error(err, t, "tonnes_per_sailing", "negative (%g)", tps);
            goto fail;
        }
        if (c->n == cap) {
            int nc = cap ? 2 * cap : 8;
            cor_freight_class *p = realloc(c->cls, sizeof *p * (size_t)nc);
            if (!p) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
            c->cls = p;
            long *q = realloc(seg_line, sizeof *q * (size_t)nc);
            if (!q) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
            seg_line = q;
            cap = nc;
        }
        cor_freight_class *k = &c->cls[c->n];
        memset(k, 0, sizeof *k);
        seg_line[c->n] = 0;
        c->n++;
        k->vot = vot;
        k->modes = mu.modes;
        k->tonnes_per_unit = tpu;
        k->logit_scale = theta;
        k->value_of_reliability = vor;
        k->demand_elasticity = elas;
        k->tonnes_per_sailing = tps;
        k->name = cor__strdup(name);
        k->unit = cor__strdup(col[F_UNIT] >= 0 ? fields[col[F_UNIT]] : "");
        k->description = cor__strdup(col[F_DESC] >= 0 ? fields[col[F_DESC]] : "");
        if (!k->name || !k->unit || !k->description) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
    }
    if (r < 0) { st = err ? err->code : COR_E_INPUT; goto fail; }
    if (header) { st = cor_error_set(err, COR_E_INPUT, "%s: empty file (no header)", path); goto fail; }
    if (c->n == 0) { st = cor_error_set(err, COR_E_INPUT, "%s: no classes", path); goto fail; }
    for (int i = 0; i < c->n; i++) {
        const cor_freight_class *k = &c->cls[i];
        if (!k->n_segments) continue;
        double sum = 0;
        for (int j = 0; j < k->n_segments; j++) sum += k->segments[j].share;
        if (fabs(sum - 1.0) > 1e-9) {
            st = cor_error_set(err, COR_E_INPUT, "%s:%ld: field share: the shares of class '%s''s %d segments "
                               "sum to %.12g, not 1 (within 1e-9)", path, seg_line[i], k->name,
                               k->n_segments, sum);
            goto fail;
        }
    }
    cor__csv_close(&csv);
    free(seg_line);
    *out = c;
    return COR_OK;
fail:
    cor__csv_close(&csv);
    free(seg_line);
    cor_freight_classes_destroy(c);
    return st;
}
