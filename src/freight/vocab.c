/* corridor — the corridor vocabulary of a data set: corridors.csv (tags,
 * names, precedence, roles, branch rules) and highlights.csv (named link
 * sets), and their resolution against a freight model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "freight/internal.h"
#include "core/str.h"
#include "io/csv.h"

static void def_free(cor__corr_def *d)
{
    free(d->tag); free(d->name); free(d->label); free(d->colour); free(d->branch);
}

void cor_vocab_destroy(cor_vocab *v)
{
    if (!v) return;
    for (int i = 0; i < v->n; i++) def_free(&v->c[i]);
    for (int i = 0; i < v->nh; i++) { free(v->hset[i]); free(v->hlabel[i]); free(v->hnote[i]); }
    for (int i = 0; i < v->n_ctry; i++) { free(v->ctry_code[i]); free(v->ctry_name[i]); free(v->ctry_label[i]); }
    free(v->ctry_code); free(v->ctry_name); free(v->ctry_label); free(v->ctry_head); free(v->hnote);
    for (int i = 0; i < v->nr; i++) { free(v->r[i].tag); free(v->r[i].country); }
    free(v->h); free(v->hset); free(v->hlabel); free(v->r);
    free(v->hl_path);
    free(v);
}

/* Recomputes order[] (precedence, then file order) and the masks. */
static void finish_defs(cor_vocab *v)
{
    v->feeder = v->nondistinct = v->branch = 0;
    for (int i = 0; i < v->n; i++) {
        int j = i;
        while (j > 0 && v->c[v->order[j - 1]].prec > v->c[i].prec) { v->order[j] = v->order[j - 1]; j--; }
        v->order[j] = i;
        if (v->c[i].feeder) v->feeder |= COR_CORR_BIT(i);
        if (!v->c[i].distinct) v->nondistinct |= COR_CORR_BIT(i);
        if (v->c[i].branch[0]) v->branch |= COR_CORR_BIT(i);
    }
}

int cor__vocab_add_tag(cor_vocab *v, const char *tag)
{
    if (v->n >= COR_CORR_MAX) return -1;
    cor__corr_def *d = &v->c[v->n];
    memset(d, 0, sizeof *d);
    d->tag = cor__strdup(tag);
    d->name = cor__strdup("");
    d->label = cor__strdup("");
    d->colour = cor__strdup("");
    d->branch = cor__strdup("");
    d->prec = v->n;
    d->distinct = 1;
    d->const_of = -1;
    if (!d->tag || !d->name || !d->label || !d->colour || !d->branch) { def_free(d); return -2; }
    v->n++;
    finish_defs(v);
    return v->n - 1;
}

cor_vocab *cor_vocab_clone(const cor_vocab *v)
{
    cor_vocab *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    if (!v) { w->derived = 1; return w; }
    w->derived = v->derived;
    for (int i = 0; i < v->n; i++) {
        cor__corr_def *d = &w->c[i];
        const cor__corr_def *s = &v->c[i];
        *d = *s;
        d->tag = cor__strdup(s->tag); d->name = cor__strdup(s->name); d->label = cor__strdup(s->label);
        d->colour = cor__strdup(s->colour); d->branch = cor__strdup(s->branch);
        w->n = i + 1;
        if (!d->tag || !d->name || !d->label || !d->colour || !d->branch) goto fail;
    }
    memcpy(w->order, v->order, sizeof w->order);
    w->feeder = v->feeder; w->nondistinct = v->nondistinct; w->branch = v->branch;
    size_t nh = (size_t)v->nh + 1, nr = (size_t)v->nr + 1;
    w->h = calloc(nh, sizeof *w->h);
    w->hset = calloc(nh, sizeof *w->hset);
    w->hlabel = calloc(nh, sizeof *w->hlabel);
    w->hnote = calloc(nh, sizeof *w->hnote);
    w->ctry_code = calloc((size_t)v->n_ctry + 1, sizeof *w->ctry_code);
    w->ctry_name = calloc((size_t)v->n_ctry + 1, sizeof *w->ctry_name);
    w->ctry_label = calloc((size_t)v->n_ctry + 1, sizeof *w->ctry_label);
    w->ctry_head = calloc((size_t)v->n_ctry + 1, 1);
    w->r = calloc(nr, sizeof *w->r);
    w->hl_path = v->hl_path ? cor__strdup(v->hl_path) : NULL;
    if (!w->h || !w->hset || !w->hlabel || !w->hnote || !w->ctry_code || !w->ctry_name || !w->ctry_label || !w->ctry_head || !w->r || (v->hl_path && !w->hl_path)) goto fail;
    for (int i = 0; i < v->nh; i++) {
        w->h[i] = v->h[i];
        w->hset[i] = cor__strdup(v->hset[i]);
        w->hlabel[i] = cor__strdup(v->hlabel[i]);
        w->hnote[i] = cor__strdup(v->hnote[i]);
        w->nh = i + 1;
        if (!w->hset[i] || !w->hlabel[i] || !w->hnote[i]) goto fail;
        w->h[i].set = w->hset[i];
        w->h[i].label = w->hlabel[i];
        w->h[i].note = w->hnote[i];
    }
    for (int i = 0; i < v->n_ctry; i++) {
        w->ctry_code[i] = cor__strdup(v->ctry_code[i]);
        w->ctry_name[i] = cor__strdup(v->ctry_name[i]);
        w->ctry_label[i] = cor__strdup(v->ctry_label[i]);
        w->ctry_head[i] = v->ctry_head[i];
        w->n_ctry = i + 1;
        if (!w->ctry_code[i] || !w->ctry_name[i] || !w->ctry_label[i]) goto fail;
    }
    for (int i = 0; i < v->nr; i++) {
        w->r[i] = v->r[i];
        w->r[i].tag = cor__strdup(v->r[i].tag);
        w->r[i].country = cor__strdup(v->r[i].country);
        w->nr = i + 1;
        if (!w->r[i].tag || !w->r[i].country) goto fail;
    }
    return w;
fail:
    cor_vocab_destroy(w);
    return NULL;
}

/* ---- reading ---------------------------------------------------------- */

/* Column indices of the header's names; -1 when absent.  Errors on a
 * duplicate column. */
static cor_status header(cor__csv *c, const char *path, const char *const *names, int n, int *col,
                         cor_error *err)
{
    for (int i = 0; i < n; i++) col[i] = -1;
    for (int f = 0; f < c->n_fields; f++)
        for (int i = 0; i < n; i++)
            if (!strcasecmp(c->field[f], names[i])) {
                if (col[i] >= 0)
                    return cor_error_set(err, COR_E_INPUT, "%s:%ld: column '%s' appears twice in the header",
                                         path, c->t.line, names[i]);
                col[i] = f;
            }
    return COR_OK;
}

static const char *get(const cor__csv *c, const int *col, int i)
{
    return col[i] >= 0 ? cor__csv_get(c, col[i]) : "";
}

static cor_status ferr(cor_error *err, const char *path, long line, const char *field, const char *msg,
                       const char *val)
{
    return cor_error_set(err, COR_E_INPUT, "%s:%ld: field %s: %s%s%s%s", path, line, field, msg,
                         val ? " '" : "", val ? val : "", val ? "'" : "");
}

/* A tag or set name: non-empty, no separator of a tag list, not "none". */
static int bad_name(const char *s)
{
    return !*s || strpbrk(s, ";|, \t\"") != NULL;
}

static int is_colour(const char *s)
{
    if (!*s) return 1;
    if (s[0] != '#' || strlen(s) != 7) return 0;
    for (int i = 1; i < 7; i++)
        if (!strchr("0123456789abcdefABCDEF", s[i])) return 0;
    return 1;
}

enum { C_TAG, C_NAME, C_LABEL, C_PREC, C_COLOUR, C_ROLE, C_DISTINCT, C_BRANCH, C_CONST_OF, C_N };

static cor_status read_corridors(cor_vocab *v, const char *path, cor_error *err)
{
    static const char *const NAMES[C_N] = {"tag", "name", "label", "precedence", "colour", "role",
                                           "distinct", "branch_country", "constants_of"};
    cor__csv c;
    cor_status st = cor__csv_open(&c, path, err);
    if (st) return st;
    int col[C_N], r, first = 1;
    char *const_of[COR_CORR_MAX] = {0}; /* resolved once every tag is known */
    long const_line[COR_CORR_MAX] = {0};
    while ((r = cor__csv_next(&c, err)) > 0) {
        long line = c.t.line;
        if (first) {
            first = 0;
            if ((st = header(&c, path, NAMES, C_N, col, err))) goto done;
            if (col[C_TAG] < 0) { st = cor_error_set(err, COR_E_INPUT, "%s:%ld: missing column 'tag'", path, line); goto done; }
            continue;
        }
        const char *tag = get(&c, col, C_TAG);
        if (bad_name(tag) || !strcmp(tag, "none")) { st = ferr(err, path, line, "tag", "not a tag (empty, 'none' or holding ';', '|', ',', a blank or a quote):", tag); goto done; }
        if (cor_vocab_find(v, tag) >= 0) { st = ferr(err, path, line, "tag", "duplicate tag", tag); goto done; }
        if (v->n >= COR_CORR_MAX) { st = ferr(err, path, line, "tag", "more than 64 corridors", NULL); goto done; }
        const char *s = get(&c, col, C_PREC);
        long prec = 1000000L + v->n;
        if (*s && (cor__parse_long(s, &prec) || prec < -1000000L || prec > 1000000L)) { st = ferr(err, path, line, "precedence", "not an integer in -1e6..1e6:", s); goto done; }
        s = get(&c, col, C_COLOUR);
        if (!is_colour(s)) { st = ferr(err, path, line, "colour", "not a colour #rrggbb:", s); goto done; }
        s = get(&c, col, C_ROLE);
        int feeder = 0;
        if (!strcasecmp(s, "feeder")) feeder = 1;
        else if (*s && strcasecmp(s, "trunk")) { st = ferr(err, path, line, "role", "not trunk or feeder:", s); goto done; }
        s = get(&c, col, C_DISTINCT);
        int distinct = 1;
        if (!strcmp(s, "0")) distinct = 0;
        else if (*s && strcmp(s, "1")) { st = ferr(err, path, line, "distinct", "not 0 or 1:", s); goto done; }
        int i = cor__vocab_add_tag(v, tag);
        if (i < 0) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
        cor__corr_def *d = &v->c[i];
        free(d->name); free(d->label); free(d->colour); free(d->branch);
        d->name = cor__strdup(get(&c, col, C_NAME));
        d->label = cor__strdup(get(&c, col, C_LABEL));
        d->colour = cor__strdup(get(&c, col, C_COLOUR));
        d->branch = cor__strdup(get(&c, col, C_BRANCH));
        d->prec = (int)prec;
        d->feeder = feeder;
        d->distinct = distinct;
        if (!d->name || !d->label || !d->colour || !d->branch) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
        s = get(&c, col, C_CONST_OF);
        if (*s && !(const_of[i] = cor__strdup(s))) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
        const_line[i] = line;
        finish_defs(v);
    }
    if (r < 0) st = err ? err->code : COR_E_INPUT;
    else if (first) st = cor_error_set(err, COR_E_INPUT, "%s: empty file (expected a header with 'tag')", path);
    for (int i = 0; !st && i < v->n; i++) {
        if (!const_of[i]) continue;
        int j = cor_vocab_find(v, const_of[i]);
        if (j < 0 || j == i) {
            st = ferr(err, path, const_line[i], "constants_of", j < 0 ? "unknown corridor tag" : "names the corridor itself", const_of[i]);
            break;
        }
        v->c[i].const_of = j;
    }
done:
    for (int i = 0; i < COR_CORR_MAX; i++) free(const_of[i]);
    cor__csv_close(&c);
    return st;
}

enum { H_SET, H_LABEL, H_NOTE, H_USE, H_LIST, H_TAG, H_MODE, H_COUNTRY, H_REGION, H_N };

static int find_set(const cor_vocab *v, const char *name)
{
    for (int i = 0; i < v->nh; i++)
        if (!strcmp(v->hset[i], name)) return i;
    return -1;
}

static cor_status read_highlights(cor_vocab *v, const char *path, cor_error *err)
{
    static const char *const NAMES[H_N] = {"set", "label", "note", "use", "list", "tag", "mode", "country", "region"};
    cor__csv c;
    cor_status st = cor__csv_open(&c, path, err);
    if (st) return st;
    int col[H_N], r, first = 1, cap_h = 0, cap_r = 0;
    if (!(v->hl_path = cor__strdup(path))) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    while ((r = cor__csv_next(&c, err)) > 0) {
        long line = c.t.line;
        if (first) {
            first = 0;
            if ((st = header(&c, path, NAMES, H_N, col, err))) goto done;
            if (col[H_SET] < 0) { st = cor_error_set(err, COR_E_INPUT, "%s:%ld: missing column 'set'", path, line); goto done; }
            continue;
        }
        const char *set = get(&c, col, H_SET);
        if (bad_name(set)) { st = ferr(err, path, line, "set", "not a set name (empty or holding ';', '|', ',', a blank or a quote):", set); goto done; }
        const char *use = get(&c, col, H_USE), *list = get(&c, col, H_LIST);
        int u = !*use || !strcasecmp(use, "both") ? COR_HL_USE_CORRIDORS | COR_HL_USE_REPORT
              : !strcasecmp(use, "corridors") ? COR_HL_USE_CORRIDORS : !strcasecmp(use, "report") ? COR_HL_USE_REPORT : 0;
        if (!u) { st = ferr(err, path, line, "use", "not corridors, report or both:", use); goto done; }
        int li = !*list || !strcasecmp(list, "flow") ? COR_HL_LIST_FLOW : !strcasecmp(list, "open") ? COR_HL_LIST_OPEN : -1;
        if (li < 0) { st = ferr(err, path, line, "list", "not flow or open:", list); goto done; }
        cor__modes_ud mu = {0, ""};
        const char *mode = get(&c, col, H_MODE);
        if (cor__split_tokens(mode, ";| ,", cor__add_mode, &mu)) { st = ferr(err, path, line, "mode", "unknown mode (rail, road, ferry, sea, pipeline, transfer):", mu.bad); goto done; }
        const char *reg = get(&c, col, H_REGION);
        double box[4] = {0};
        int has_box = 0;
        if (*reg) {
            char extra;
            if (sscanf(reg, "%lf %lf %lf %lf %c", &box[0], &box[1], &box[2], &box[3], &extra) != 4 ||
                !(box[0] <= box[2]) || !(box[1] <= box[3])) {
                st = ferr(err, path, line, "region", "not a box 'lon0 lat0 lon1 lat1' (lon0 <= lon1, lat0 <= lat1):", reg);
                goto done;
            }
            has_box = 1;
        }
        const char *tag = get(&c, col, H_TAG);
        if (*tag && bad_name(tag)) { st = ferr(err, path, line, "tag", "not a tag:", tag); goto done; }
        int h = find_set(v, set);
        if (h < 0) {
            if (v->nh >= 64) { st = ferr(err, path, line, "set", "more than 64 highlight sets", NULL); goto done; }
            if (v->nh >= cap_h) {
                cap_h = cap_h ? 2 * cap_h : 8;
                cor_highlight *nh = realloc(v->h, (size_t)cap_h * sizeof *nh);
                if (nh) v->h = nh;
                char **ns = realloc(v->hset, (size_t)cap_h * sizeof *ns);
                if (ns) v->hset = ns;
                char **nl = realloc(v->hlabel, (size_t)cap_h * sizeof *nl);
                if (nl) v->hlabel = nl;
                char **nn = realloc(v->hnote, (size_t)cap_h * sizeof *nn);
                if (nn) v->hnote = nn;
                if (!nh || !ns || !nl || !nn) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
            }
            h = v->nh;
            v->hset[h] = cor__strdup(set);
            v->hlabel[h] = cor__strdup(*get(&c, col, H_LABEL) ? get(&c, col, H_LABEL) : set);
            v->hnote[h] = cor__strdup(get(&c, col, H_NOTE));
            v->nh++;
            if (!v->hset[h] || !v->hlabel[h] || !v->hnote[h]) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
            cor_highlight hl = {v->hset[h], v->hlabel[h], v->hnote[h], u, li, -1};
            v->h[h] = hl;
        }
        if (v->nr >= cap_r) {
            cap_r = cap_r ? 2 * cap_r : 8;
            cor__hl_rule *nr = realloc(v->r, (size_t)cap_r * sizeof *nr);
            if (!nr) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
            v->r = nr;
        }
        cor__hl_rule *ru = &v->r[v->nr];
        memset(ru, 0, sizeof *ru);
        ru->set = h;
        ru->line = line;
        ru->modes = mu.modes;
        ru->has_box = has_box;
        memcpy(ru->box, box, sizeof box);
        ru->tag = cor__strdup(tag);
        ru->country = cor__strdup(get(&c, col, H_COUNTRY));
        v->nr++;
        if (!ru->tag || !ru->country) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    }
    if (r < 0) st = err ? err->code : COR_E_INPUT;
    else if (first) st = cor_error_set(err, COR_E_INPUT, "%s: empty file (expected a header with 'set')", path);
done:
    cor__csv_close(&c);
    return st;
}

static cor_status read_countries(cor_vocab *v, const char *path, cor_error *err)
{
    static const char *const NAMES[3] = {"code", "name", "headline"};
    cor__csv c;
    cor_status st = cor__csv_open(&c, path, err);
    if (st) return st;
    int col[3], r, first = 1, cap = 0;
    while ((r = cor__csv_next(&c, err)) > 0) {
        long line = c.t.line;
        if (first) {
            first = 0;
            if ((st = header(&c, path, NAMES, 3, col, err))) goto done;
            if (col[0] < 0) { st = cor_error_set(err, COR_E_INPUT, "%s:%ld: missing column 'code'", path, line); goto done; }
            continue;
        }
        const char *code = get(&c, col, 0);
        if (!*code) { st = ferr(err, path, line, "code", "empty", NULL); goto done; }
        for (int i = 0; i < v->n_ctry; i++)
            if (!strcmp(v->ctry_code[i], code)) { st = ferr(err, path, line, "code", "duplicate code", code); goto done; }
        const char *hd = get(&c, col, 2);
        if (*hd && strcmp(hd, "0") && strcmp(hd, "1")) { st = ferr(err, path, line, "headline", "not 1 or 0:", hd); goto done; }
        if (v->n_ctry == cap) {
            cap = cap ? 2 * cap : 16;
            char **a = realloc(v->ctry_code, (size_t)cap * sizeof *a);
            if (a) v->ctry_code = a;
            char **b = realloc(v->ctry_label, (size_t)cap * sizeof *b);
            if (b) v->ctry_label = b;
            char **nm = realloc(v->ctry_name, (size_t)cap * sizeof *nm);
            if (nm) v->ctry_name = nm;
            unsigned char *h = realloc(v->ctry_head, (size_t)cap);
            if (h) v->ctry_head = h;
            if (!a || !b || !nm || !h) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
        }
        v->ctry_head[v->n_ctry] = *hd == '1';
        v->ctry_code[v->n_ctry] = cor__strdup(code);
        const char *name = get(&c, col, 1);
        v->ctry_name[v->n_ctry] = cor__strdup(name);
        v->ctry_label[v->n_ctry] = *name ? cor__concat(code, " (", name, ")", NULL) : cor__strdup(code);
        v->n_ctry++;
        if (!v->ctry_code[v->n_ctry - 1] || !v->ctry_name[v->n_ctry - 1] || !v->ctry_label[v->n_ctry - 1]) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    }
    if (r < 0) st = err ? err->code : COR_E_INPUT;
done:
    cor__csv_close(&c);
    return st;
}

/* DIR/name when it exists (malloc'd in *path), else *path = NULL. */
static int file_in(const char *dir, const char *name, char **path)
{
    struct stat sb;
    if (!(*path = cor__path_join(dir, name))) return -1;
    if (stat(*path, &sb) != 0) { free(*path); *path = NULL; }
    return 0;
}

cor_status cor_vocab_load(const char *dir, cor_vocab **out, cor_error *err)
{
    *out = NULL;
    char *cp = NULL, *hp = NULL, *kp = NULL;
    cor_vocab *v = calloc(1, sizeof *v);
    cor_status st = COR_OK;
    if (!v || file_in(dir, "corridors.csv", &cp) || file_in(dir, "highlights.csv", &hp) ||
        file_in(dir, "countries.csv", &kp))
        st = cor_error_set(err, COR_E_NOMEM, "out of memory");
    if (!st) {
        v->derived = !cp;
        if (cp) st = read_corridors(v, cp, err);
        if (!st && hp) st = read_highlights(v, hp, err);
        if (!st && kp) st = read_countries(v, kp, err);
    }
    free(cp); free(hp); free(kp);
    if (st) { cor_vocab_destroy(v); return st; }
    *out = v;
    return COR_OK;
}

cor_status cor__vocab_resolve(cor_vocab *v, cor_error *err)
{
    for (int h = 0; h < v->nh; h++) v->h[h].tag = -1;
    for (int i = 0; i < v->nr; i++) {
        cor__hl_rule *r = &v->r[i];
        r->tag_ix = -1;
        if (!r->tag[0]) continue;
        if ((r->tag_ix = cor_vocab_find(v, r->tag)) < 0)
            return cor_error_set(err, COR_E_INPUT, "%s:%d: field tag: '%s' is not a corridor tag of the data set",
                                 v->hl_path ? v->hl_path : "highlights.csv", r->line, r->tag);
        if (v->h[r->set].tag < 0) v->h[r->set].tag = r->tag_ix;
    }
    return COR_OK;
}

/* ---- queries ---------------------------------------------------------- */
int cor_vocab_count(const cor_vocab *v) { return v ? v->n : 0; }

const char *cor_vocab_tag(const cor_vocab *v, cor_corridor c)
{
    if (c == cor_vocab_count(v)) return "none";
    return c >= 0 && c < cor_vocab_count(v) ? v->c[c].tag : "?";
}

const char *cor_vocab_name(const cor_vocab *v, cor_corridor c)
{
    if (c >= 0 && c < cor_vocab_count(v) && v->c[c].name[0]) return v->c[c].name;
    return cor_vocab_tag(v, c);
}

const char *cor_vocab_label(const cor_vocab *v, cor_corridor c)
{
    if (c == cor_vocab_count(v)) return "Other / untagged";
    if (c >= 0 && c < cor_vocab_count(v) && v->c[c].label[0]) return v->c[c].label;
    return cor_vocab_name(v, c);
}

const char *cor_vocab_colour(const cor_vocab *v, cor_corridor c)
{
    return c >= 0 && c < cor_vocab_count(v) ? v->c[c].colour : "";
}

cor_corridor cor_vocab_find(const cor_vocab *v, const char *tag)
{
    for (int i = 0; i < cor_vocab_count(v); i++)
        if (!strcmp(v->c[i].tag, tag)) return i;
    return -1;
}

cor_corridor cor_vocab_by_precedence(const cor_vocab *v, int i)
{
    return i >= 0 && i < cor_vocab_count(v) ? v->order[i] : cor_vocab_count(v);
}

cor_corridor cor_vocab_primary(const cor_vocab *v, cor_corridor_mask m)
{
    for (int i = 0; i < cor_vocab_count(v); i++)
        if (m & COR_CORR_BIT(v->order[i])) return v->order[i];
    return cor_vocab_count(v);
}

cor_corridor_mask cor_vocab_feeder_mask(const cor_vocab *v) { return v ? v->feeder : 0; }
cor_corridor_mask cor_vocab_nondistinct_mask(const cor_vocab *v) { return v ? v->nondistinct : 0; }
int cor_vocab_n_highlights(const cor_vocab *v) { return v ? v->nh : 0; }

const char *cor_vocab_country_label(const cor_vocab *v, const char *code)
{
    for (int i = 0; v && i < v->n_ctry; i++)
        if (!strcmp(v->ctry_code[i], code)) return v->ctry_label[i];
    return code;
}

const cor_highlight *cor_vocab_highlight(const cor_vocab *v, int h)
{
    return v && h >= 0 && h < v->nh ? &v->h[h] : NULL;
}

int cor_vocab_n_headline(const cor_vocab *v)
{
    int n = 0;
    for (int i = 0; v && i < v->n_ctry; i++) n += v->ctry_head[i];
    return n;
}

const char *cor_vocab_headline(const cor_vocab *v, int i)
{
    for (int j = 0; v && j < v->n_ctry; j++)
        if (v->ctry_head[j] && i-- == 0) return v->ctry_code[j];
    return NULL;
}

int cor_vocab_n_countries(const cor_vocab *v) { return v ? v->n_ctry : 0; }

const char *cor_vocab_country_code(const cor_vocab *v, int i)
{
    return v && i >= 0 && i < v->n_ctry ? v->ctry_code[i] : NULL;
}

const char *cor_vocab_country_name(const cor_vocab *v, int i)
{
    return v && i >= 0 && i < v->n_ctry ? v->ctry_name[i] : NULL;
}

cor_corridor cor_vocab_constants_of(const cor_vocab *v, cor_corridor c)
{
    return v && c >= 0 && c < v->n ? v->c[c].const_of : -1;
}
