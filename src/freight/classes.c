/* corridor — enumeration names and the class.csv reader. */
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
        if (!d->cls[i].name || !d->cls[i].unit || !d->cls[i].description) {
            cor_freight_classes_destroy(d);
            return NULL;
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

enum { F_CLASS, F_VOT, F_MODES, F_UNIT, F_TPU, F_DESC, F_N };

cor_status cor_read_freight_classes(const char *path, cor_freight_classes **out,
                                    cor_error *err)
{
    *out = NULL;
    cor__csv csv;
    cor_status st = cor__csv_open(&csv, path, err);
    if (st) return st;
    const cor__text *t = &csv.t;
    cor_freight_classes *c = calloc(1, sizeof *c);
    int cap = 0;
    int col[F_N];
    for (int i = 0; i < F_N; i++) col[i] = -1;
    static const char *const NAMES[F_N] = {"class", "value_of_time", "allowed_modes", "unit",
                                           "tonnes_per_unit", "description"};
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
            continue;
        }
        if (nf != ncols) {
            st = cor__field_error(err, t, NULL, "%d fields, header has %d", nf, ncols);
            goto fail;
        }
        const char *name = fields[col[F_CLASS]];
        if (!*name) { st = cor__field_error(err, t, "class", "empty class name"); goto fail; }
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
        if (c->n == cap) {
            int nc = cap ? 2 * cap : 8;
            cor_freight_class *p = realloc(c->cls, sizeof *p * (size_t)nc);
            if (!p) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
            c->cls = p;
            cap = nc;
        }
        cor_freight_class *k = &c->cls[c->n];
        memset(k, 0, sizeof *k);
        c->n++;
        k->vot = vot;
        k->modes = mu.modes;
        k->tonnes_per_unit = tpu;
        k->name = cor__strdup(name);
        k->unit = cor__strdup(col[F_UNIT] >= 0 ? fields[col[F_UNIT]] : "");
        k->description = cor__strdup(col[F_DESC] >= 0 ? fields[col[F_DESC]] : "");
        if (!k->name || !k->unit || !k->description) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto fail; }
    }
    if (r < 0) { st = err ? err->code : COR_E_INPUT; goto fail; }
    if (header) { st = cor_error_set(err, COR_E_INPUT, "%s: empty file (no header)", path); goto fail; }
    if (c->n == 0) { st = cor_error_set(err, COR_E_INPUT, "%s: no classes", path); goto fail; }
    cor__csv_close(&csv);
    *out = c;
    return COR_OK;
fail:
    cor__csv_close(&csv);
    cor_freight_classes_destroy(c);
    return st;
}
