/* corridor — scenario files: parsing (with `base` inheritance) and applying
 * the edits to copies of a network and its demand.  Format: docs/SCENARIOS.md.
 */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/str.h"
#include "corridor/analysis.h"
#include "analysis/internal.h"
#include "io/textfile.h"

typedef enum ed_kind {
    ED_CLOSE, ED_OPEN, ED_SCALE_CAP, ED_SET_CAP, ED_SCALE_TIME, ED_SET_TIME,
    ED_ADD_TIME, ED_SCALE_COST, ED_SET_COST, ED_ADD_COST, ED_SCALE_DEMAND,
    ED_SET_DEMAND, ED_SET_CONSTANT
} ed_kind;

typedef struct edit {
    ed_kind kind;
    char *field, *value;     /* link selector */
    double num;
    /* demand filters (NULL = any) */
    char *cls, *from, *to, *from_country, *to_country;
    const char *file;            /* borrowed from the scenario's file list */
    long line;
} edit;

struct cor_scenario {
    char *name, *path, *description;
    int year;
    edit *ed;
    int n_ed, cap_ed;
    char **files;            /* every file read (owned), for edit->file */
    int n_files;
};

static void edit_free(edit *e)
{
    free(e->field); free(e->value); free(e->cls); free(e->from); free(e->to);
    free(e->from_country); free(e->to_country);
}

void cor_scenario_destroy(cor_scenario *s)
{
    if (!s) return;
    for (int i = 0; i < s->n_ed; i++) edit_free(&s->ed[i]);
    free(s->ed);
    for (int i = 0; i < s->n_files; i++) free(s->files[i]);
    free(s->files);
    free(s->name); free(s->path); free(s->description);
    free(s);
}

const char *cor_scenario_name(const cor_scenario *s) { return s->name; }
const char *cor_scenario_path(const cor_scenario *s) { return s->path; }
const char *cor_scenario_description(const cor_scenario *s)
{
    return s->description ? s->description : "";
}
int cor_scenario_year(const cor_scenario *s) { return s->year; }
int cor_scenario_n_edits(const cor_scenario *s) { return s->n_ed; }

/* ---- tokenising ---------------------------------------------------------- */
#define MAX_TOK 32

static int ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    return *a == *b;
}

int cor_tag_has(const char *list, const char *tok, const char *seps)
{
    size_t tl = strlen(tok);
    const char *p = list;
    while (*p) {
        while (*p && (strchr(seps, *p) || *p == ' ')) p++;
        const char *q = p;
        while (*q && !strchr(seps, *q)) q++;
        const char *e = q;
        while (e > p && e[-1] == ' ') e--;
        if ((size_t)(e - p) == tl) {
            size_t i = 0;
            while (i < tl && tolower((unsigned char)p[i]) == tolower((unsigned char)tok[i])) i++;
            if (i == tl) return 1;
        }
        p = q;
    }
    return 0;
}

static const char *link_col(const cor_network *net, int32_t a, const char *name)
{
    int c = cor_network_link_col(net, name);
    return c < 0 ? NULL : net->link_extra.values[c][a];
}

int cor_link_matches(const cor_network *net, int32_t a, const char *field, const char *value)
{
    if (ieq(field, "all")) return 1;
    if (ieq(field, "link")) return !strcmp(net->link_id[a], value);
    if (ieq(field, "node"))
        return !strcmp(net->node_id[net->link_from[a]], value) ||
               !strcmp(net->node_id[net->link_to[a]], value);
    if (ieq(field, "from")) return !strcmp(net->node_id[net->link_from[a]], value);
    if (ieq(field, "to")) return !strcmp(net->node_id[net->link_to[a]], value);
    if (ieq(field, "transfer-at")) { /* transfer links at a node of node_type value */
        const char *m = link_col(net, a, "mode");
        int nc = cor_network_node_col(net, "node_type");
        if (!m || !ieq(m, "transfer") || nc < 0) return 0;
        return cor_tag_has(net->node_extra.values[nc][net->link_from[a]], value, ";") ||
               cor_tag_has(net->node_extra.values[nc][net->link_to[a]], value, ";");
    }
    const char *v = link_col(net, a, field);
    if (!v) return 0;
    if (ieq(field, "country")) return cor_country_has(v, value);
    if (ieq(field, "corridor")) return cor_tag_has(v, value, ";|, "); /* as the freight model reads tags */
    return ieq(v, value) || cor_tag_has(v, value, ";");
}

/* ---- parsing ------------------------------------------------------------- */
static const struct { const char *word; ed_kind kind; int nums; } VERBS[] = {
    {"close", ED_CLOSE, 0},          {"open", ED_OPEN, 0},
    {"scale-capacity", ED_SCALE_CAP, 1}, {"set-capacity", ED_SET_CAP, 1},
    {"scale-time", ED_SCALE_TIME, 1}, {"set-time", ED_SET_TIME, 1},
    {"add-time", ED_ADD_TIME, 1},    {"scale-cost", ED_SCALE_COST, 1},
    {"set-cost", ED_SET_COST, 1},    {"add-cost", ED_ADD_COST, 1},
    {"scale-demand", ED_SCALE_DEMAND, 1}, {"set-demand", ED_SET_DEMAND, 1},
    {"set-constant", ED_SET_CONSTANT, 1},
};

static const char *const SELECTORS_BUILTIN[] = {"link", "node", "from", "to", "transfer-at", "all"};

static cor_status ferr(cor_error *err, const char *file, long line, const char *field,
                       const char *fmt, const char *arg)
{
    char d[300];
    snprintf(d, sizeof d, fmt, arg ? arg : "");
    if (field) return cor_error_set(err, COR_E_INPUT, "%s:%ld: field %s: %s", file, line, field, d);
    return cor_error_set(err, COR_E_INPUT, "%s:%ld: %s", file, line, d);
}

static int push_edit(cor_scenario *s, edit *e)
{
    if (s->n_ed == s->cap_ed) {
        int cap = s->cap_ed ? 2 * s->cap_ed : 16;
        edit *n = realloc(s->ed, (size_t)cap * sizeof *n);
        if (!n) return -1;
        s->ed = n;
        s->cap_ed = cap;
    }
    s->ed[s->n_ed++] = *e;
    return 0;
}

static char *dir_of(const char *path)
{
    const char *sl = strrchr(path, '/');
    if (!sl) return cor__strdup(".");
    size_t n = (size_t)(sl - path);
    char *d = malloc(n + 2);
    if (!d) return NULL;
    if (n == 0) { strcpy(d, "/"); return d; }
    memcpy(d, path, n);
    d[n] = '\0';
    return d;
}

static char *base_name(const char *path)
{
    const char *sl = strrchr(path, '/');
    const char *b = sl ? sl + 1 : path;
    char *n = cor__strdup(b);
    if (!n) return NULL;
    char *dot = strrchr(n, '.');
    if (dot && dot != n) *dot = '\0';
    return n;
}

static cor_status parse_number(const char *file, long line, const char *field, const char *tok,
                               double *out, cor_error *err)
{
    if (cor__parse_double(tok, out) || !isfinite(*out))
        return ferr(err, file, line, field, "'%s' is not a number", tok);
    return COR_OK;
}

/* Parses one edit directive (tok[0] the verb) into s; file must be one of
 * s->files (the edit borrows it). */
static cor_status parse_edit(cor_scenario *s, char **tok, int n, const char *file, long line,
                             cor_error *err)
{
    cor_status st = COR_OK;
    const char *verb = tok[0];
    int vi = -1;
    for (size_t i = 0; i < sizeof VERBS / sizeof *VERBS; i++)
        if (ieq(verb, VERBS[i].word)) vi = (int)i;
    if (vi < 0) { st = ferr(err, file, line, NULL, "unknown directive '%s' (see docs/SCENARIOS.md)", verb); return st; }
    edit e;
    memset(&e, 0, sizeof e);
    e.kind = VERBS[vi].kind;
    e.file = file;
    e.line = line;
    if (e.kind == ED_SCALE_DEMAND) {
        /* scale-demand FACTOR [class C] [from Z] [to Z] [from-country X] [to-country X] */
        if (n < 2 || n % 2 != 0) { st = ferr(err, file, line, verb, "expected 'scale-demand FACTOR [class C] [from Z] [to Z] [from-country X] [to-country X]'%s", NULL); return st; }
        if ((st = parse_number(file, line, "factor", tok[1], &e.num, err))) return st;
        if (e.num < 0) { st = ferr(err, file, line, "factor", "demand factor %s is negative", tok[1]); return st; }
        for (int i = 2; i + 1 < n; i += 2) {
            char **dst = ieq(tok[i], "class") ? &e.cls : ieq(tok[i], "from") ? &e.from
                       : ieq(tok[i], "to") ? &e.to : ieq(tok[i], "from-country") ? &e.from_country
                       : ieq(tok[i], "to-country") ? &e.to_country : NULL;
            if (!dst) { edit_free(&e); st = ferr(err, file, line, tok[i], "unknown demand filter '%s' (class, from, to, from-country, to-country)", tok[i]); return st; }
            free(*dst);
            if (!(*dst = cor__strdup(tok[i + 1]))) { edit_free(&e); st = cor_error_set(err, COR_E_NOMEM, "out of memory"); return st; }
        }
    } else if (e.kind == ED_SET_CONSTANT) {
        /* set-constant corridor TAG|country CC [class C] USD: a route-choice
         * constant (constants.csv) of a freight model */
        if ((n != 4 && n != 6) || !(ieq(tok[1], "corridor") || ieq(tok[1], "country")) ||
            (n == 6 && !ieq(tok[3], "class"))) {
            st = ferr(err, file, line, verb, "expected 'set-constant corridor TAG|country CC [class C] USD'%s", NULL);
            return st;
        }
        if ((st = parse_number(file, line, "usd_t", tok[n - 1], &e.num, err))) return st;
        e.field = cor__strdup(tok[1]);
        e.value = cor__strdup(tok[2]);
        e.cls = n == 6 ? cor__strdup(tok[4]) : NULL;
        if (!e.field || !e.value || (n == 6 && !e.cls)) { edit_free(&e); st = cor_error_set(err, COR_E_NOMEM, "out of memory"); return st; }
    } else if (e.kind == ED_SET_DEMAND) {
        /* set-demand FROM TO CLASS VOLUME */
        if (n != 5) { st = ferr(err, file, line, verb, "expected 'set-demand FROM TO CLASS VOLUME'%s", NULL); return st; }
        if ((st = parse_number(file, line, "volume", tok[4], &e.num, err))) return st;
        if (e.num < 0) { st = ferr(err, file, line, "volume", "demand %s is negative", tok[4]); return st; }
        e.from = cor__strdup(tok[1]); e.to = cor__strdup(tok[2]); e.cls = cor__strdup(tok[3]);
        if (!e.from || !e.to || !e.cls) { edit_free(&e); st = cor_error_set(err, COR_E_NOMEM, "out of memory"); return st; }
    } else {
        /* VERB SELECTOR VALUE [NUMBER]   or   VERB all [NUMBER] */
        int nums = VERBS[vi].nums;
        int is_all = n >= 2 && ieq(tok[1], "all");
        int want = (is_all ? 2 : 3) + nums;
        if (n != want) {
            char msg[200];
            snprintf(msg, sizeof msg, "expected '%s SELECTOR VALUE%s' (selector: link, node, country, mode, corridor, status or a link column)",
                     verb, nums ? " NUMBER" : "");
            st = ferr(err, file, line, verb, "%s", msg);
            return st;
        }
        e.field = cor__strdup(tok[1]);
        e.value = cor__strdup(is_all ? "" : tok[2]);
        if (!e.field || !e.value) { edit_free(&e); st = cor_error_set(err, COR_E_NOMEM, "out of memory"); return st; }
        if (nums) {
            const char *fld = e.kind == ED_SCALE_CAP || e.kind == ED_SCALE_TIME || e.kind == ED_SCALE_COST ? "factor"
                            : e.kind == ED_SET_CAP ? "capacity" : e.kind == ED_SET_COST || e.kind == ED_ADD_COST ? "cost" : "time";
            if ((st = parse_number(file, line, fld, tok[n - 1], &e.num, err))) { edit_free(&e); return st; }
            int bad = (e.kind == ED_SET_CAP || e.kind == ED_SCALE_CAP) ? !(e.num > 0) : 
                      (e.kind == ED_ADD_TIME || e.kind == ED_ADD_COST) ? 0 : e.num < 0;
            if (bad) { edit_free(&e); st = ferr(err, file, line, fld, "value %s out of range", tok[n - 1]); return st; }
        }
    }
    if (push_edit(s, &e)) { edit_free(&e); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
    return COR_OK;
}

/* Parses one file into s (recursing for base), `stack` holds the real paths
 * being read to detect cycles. */
typedef struct fid { dev_t dev; ino_t ino; const char *path; } fid;

static cor_status parse_file(cor_scenario *s, const char *path, fid *stack, int depth,
                             int top, cor_error *err)
{
    cor_status st;
    if (depth >= 32)
        return cor_error_set(err, COR_E_INPUT, "%s: scenario bases nested more than 32 deep", path);
    struct stat sb;
    if (stat(path, &sb) != 0) return cor_error_set(err, COR_E_IO, "%s: cannot open scenario file", path);
    for (int i = 0; i < depth; i++)
        if (stack[i].dev == sb.st_dev && stack[i].ino == sb.st_ino)
            return cor_error_set(err, COR_E_INPUT, "%s: scenario base cycle: %s is a base of itself (reached from %s)",
                                 path, path, stack[depth - 1].path);
    stack[depth] = (fid){sb.st_dev, sb.st_ino, path};
    cor__text t;
    if ((st = cor__text_open(&t, path, err))) return st;
    char **nf = realloc(s->files, (size_t)(s->n_files + 1) * sizeof *nf);
    char *fcopy = cor__strdup(path);
    if (!nf || !fcopy) { free(fcopy); if (nf) s->files = nf; st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    s->files = nf;
    s->files[s->n_files++] = fcopy;
    const char *file = fcopy;
    int seen_edit = 0, seen_base = 0;
    char *line;
    while ((line = cor__text_next(&t, err, &st))) {
        char *tok[MAX_TOK];
        int n = cor__tokenize(line, tok, MAX_TOK);
        if (n == -1) { st = ferr(err, file, t.line, NULL, "unterminated quote%s", NULL); goto done; }
        if (n == -2) { st = ferr(err, file, t.line, NULL, "too many words on the line%s", NULL); goto done; }
        if (n == 0) continue;
        const char *verb = tok[0];
        if (ieq(verb, "base")) {
            if (n != 2) { st = ferr(err, file, t.line, "base", "expected 'base FILE'%s", NULL); goto done; }
            if (seen_edit || seen_base) { st = ferr(err, file, t.line, "base", "'base' must come once, before any edit%s", NULL); goto done; }
            seen_base = 1;
            char *dir = dir_of(path);
            if (!dir) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
            char *bp = tok[1][0] == '/' ? cor__strdup(tok[1]) : cor__path_join(dir, tok[1]);
            free(dir);
            if (!bp) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
            /* try as given, then with the extension of this file */
            FILE *probe = fopen(bp, "rb");
            if (!probe) {
                const char *ext = strrchr(path, '.');
                const char *sl = strrchr(path, '/');
                if (ext && (!sl || ext > sl)) {
                    char *bp2 = cor__concat(bp, ext, (char *)NULL);
                    if (bp2) {
                        if ((probe = fopen(bp2, "rb"))) { free(bp); bp = bp2; }
                        else free(bp2);
                    }
                }
            }
            if (!probe) {
                st = ferr(err, file, t.line, "base", "cannot open base scenario '%s'", tok[1]);
                free(bp);
                goto done;
            }
            fclose(probe);
            int year_before = s->year;
            st = parse_file(s, bp, stack, depth + 1, 0, err);
            free(bp);
            if (st) goto done;
            (void)year_before;
            continue;
        }
        if (ieq(verb, "name") || ieq(verb, "description")) {
            if (n < 2) { st = ferr(err, file, t.line, verb, "expected a value%s", NULL); goto done; }
            if (top) {
                /* join the remaining words */
                size_t len = 0;
                for (int i = 1; i < n; i++) len += strlen(tok[i]) + 1;
                char *v = malloc(len + 1);
                if (!v) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
                v[0] = '\0';
                for (int i = 1; i < n; i++) { if (i > 1) strcat(v, " "); strcat(v, tok[i]); }
                char **dst = ieq(verb, "name") ? &s->name : &s->description;
                free(*dst);
                *dst = v;
            }
            continue;
        }
        if (ieq(verb, "year")) {
            long y;
            if (n != 2 || cor__parse_long(tok[1], &y) || y < COR_YEAR_MIN || y > COR_YEAR_MAX) {
                st = ferr(err, file, t.line, "year", "expected 'year YYYY' (" COR_STR(COR_YEAR_MIN) ".." COR_STR(COR_YEAR_MAX) "), got '%s'",
                          n > 1 ? tok[1] : "");
                goto done;
            }
            s->year = (int)y;
            continue;
        }
        if ((st = parse_edit(s, tok, n, fcopy, t.line, err))) goto done;
        seen_edit = 1;
    }
done:
    cor__text_close(&t);
    return st;
}

cor_status cor_scenario_load(const char *path, cor_scenario **out, cor_error *err)
{
    *out = NULL;
    cor_scenario *s = calloc(1, sizeof *s);
    fid stack[33];
    if (!s) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    cor_status st = parse_file(s, path, stack, 0, 1, err);
    if (!st && !(s->path = cor__strdup(path))) st = cor_error_set(err, COR_E_NOMEM, "out of memory");
    if (!st && !s->name && !(s->name = base_name(path))) st = cor_error_set(err, COR_E_NOMEM, "out of memory");
    if (st) { cor_scenario_destroy(s); return st; }
    *out = s;
    return COR_OK;
}

cor_scenario *cor_scenario_new(const char *name)
{
    cor_scenario *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    if (!(s->name = cor__strdup(name ? name : "scenario")) || !(s->path = cor__strdup(""))) {
        cor_scenario_destroy(s);
        return NULL;
    }
    return s;
}

cor_status cor_scenario_add_line(cor_scenario *s, const char *text, const char *file, long line,
                                 cor_error *err)
{
    if (!file) file = "";
    /* the edits borrow their file name from s->files: reuse the last entry */
    if (!s->n_files || strcmp(s->files[s->n_files - 1], file)) {
        char **nf = realloc(s->files, (size_t)(s->n_files + 1) * sizeof *nf);
        if (!nf) return cor_error_set(err, COR_E_NOMEM, "out of memory");
        s->files = nf;
        if (!(s->files[s->n_files] = cor__strdup(file))) return cor_error_set(err, COR_E_NOMEM, "out of memory");
        s->n_files++;
    }
    const char *fcopy = s->files[s->n_files - 1];
    char *buf = cor__strdup(text ? text : "");
    if (!buf) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    char *tok[MAX_TOK];
    cor_status st = COR_OK;
    int n = cor__tokenize(buf, tok, MAX_TOK);
    if (n == -1) st = ferr(err, fcopy, line, NULL, "unterminated quote%s", NULL);
    else if (n == -2) st = ferr(err, fcopy, line, NULL, "too many words on the line%s", NULL);
    else if (n > 0 && (ieq(tok[0], "base") || ieq(tok[0], "year") || ieq(tok[0], "name") || ieq(tok[0], "description")))
        st = ferr(err, fcopy, line, tok[0], "'%s' is not an edit (only edits may be added line by line)", tok[0]);
    else if (n > 0) st = parse_edit(s, tok, n, fcopy, line, err);
    free(buf);
    return st;
}

/* ---- applying ------------------------------------------------------------ */
static const char *zone_country_of(const cor_network *net, int32_t z)
{
    int c = cor_network_node_col(net, "country");
    return c < 0 ? "" : net->node_extra.values[c][net->zone_node[z]];
}

static int selector_known(const cor_network *net, const char *field)
{
    for (size_t i = 0; i < sizeof SELECTORS_BUILTIN / sizeof *SELECTORS_BUILTIN; i++)
        if (ieq(field, SELECTORS_BUILTIN[i])) return 1;
    return cor_network_link_col(net, field) >= 0;
}

static cor_status apply_demand(const edit *e, const cor_network *net, cor_demand *d,
                               cor_error *err)
{
    if (!d) return COR_OK; /* no demand to edit */
    int32_t Z = d->n_zones;
    int cls = -1;
    if (e->cls && (cls = cor_demand_find_class(d, e->cls)) < 0)
        return ferr(err, e->file, e->line, "class", "no demand class '%s'", e->cls);
    int32_t fo = -1, td = -1;
    if (e->from && (fo = cor_network_find_zone(net, e->from)) < 0)
        return ferr(err, e->file, e->line, "from", "no zone '%s'", e->from);
    if (e->to && (td = cor_network_find_zone(net, e->to)) < 0)
        return ferr(err, e->file, e->line, "to", "no zone '%s'", e->to);
    size_t zz = (size_t)Z * (size_t)Z;
    if (e->kind == ED_SET_DEMAND) {
        d->od[zz * (size_t)cls + (size_t)fo * Z + td] = e->num;
        return COR_OK;
    }
    int hit = 0;
    for (int k = 0; k < d->n_classes; k++) {
        if (cls >= 0 && k != cls) continue;
        for (int32_t o = 0; o < Z; o++) {
            if (fo >= 0 && o != fo) continue;
            if (e->from_country && !ieq(zone_country_of(net, o), e->from_country)) continue;
            for (int32_t q = 0; q < Z; q++) {
                if (td >= 0 && q != td) continue;
                if (e->to_country && !ieq(zone_country_of(net, q), e->to_country)) continue;
                double *cell = &d->od[zz * (size_t)k + (size_t)o * Z + q];
                *cell *= e->num;
                if (!isfinite(*cell)) {
                    char od[224];
                    snprintf(od, sizeof od, "%.100s -> %.100s", net->zone_id[o], net->zone_id[q]);
                    return ferr(err, e->file, e->line, "scale-demand", "makes the demand %s overflow", od);
                }
                hit = 1;
            }
        }
    }
    if (!hit) return ferr(err, e->file, e->line, "scale-demand", "the filters match no OD pair%s", NULL);
    return COR_OK;
}

cor_status cor_scenario_edit(const cor_scenario *s, cor_network *net, double *cost,
                             cor_demand *dem, cor_scenario_effect *eff, cor_error *err)
{
    memset(eff, 0, sizeof *eff);
    int32_t m = net->n_links;
    eff->open_override = malloc((size_t)(m > 0 ? m : 1));
    eff->last_edit = malloc((size_t)(m > 0 ? m : 1) * sizeof *eff->last_edit);
    eff->last_demand_edit = -1;
    if (!eff->open_override || !eff->last_edit) {
        cor_scenario_effect_free(eff);
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    }
    memset(eff->open_override, -1, (size_t)(m > 0 ? m : 1));
    for (int32_t a = 0; a < m; a++) eff->last_edit[a] = -1;
    cor_status st = COR_OK;
    for (int i = 0; s && i < s->n_ed; i++) {
        const edit *e = &s->ed[i];
        if (e->kind == ED_SET_CONSTANT) {
            if (!cost) { /* only a freight model has money and route-choice constants */
                st = ferr(err, e->file, e->line, "set-constant", "route-choice constants apply to freight data%s", NULL);
                goto fail;
            }
            continue; /* cor__scenario_apply_constants */
        }
        if (e->kind == ED_SCALE_DEMAND || e->kind == ED_SET_DEMAND) {
            if ((st = apply_demand(e, net, dem, err))) goto fail;
            eff->last_demand_edit = i;
            continue;
        }
        if (!selector_known(net, e->field)) {
            st = ferr(err, e->file, e->line, e->field,
                      "unknown selector '%s' (link, node, from, to, all or a link column of the network)", e->field);
            goto fail;
        }
        int is_cost = e->kind == ED_SCALE_COST || e->kind == ED_SET_COST || e->kind == ED_ADD_COST;
        if (is_cost && !cost) {
            st = ferr(err, e->file, e->line, e->field, "this model has no money cost to edit%s", NULL);
            goto fail;
        }
        int hit = 0;
        for (int32_t a = 0; a < m; a++) {
            if (!cor_link_matches(net, a, e->field, e->value)) continue;
            if (e->kind == ED_OPEN && !ieq(e->field, "link")) {
                const char *stv = link_col(net, a, "status");
                if (stv && ieq(stv, "closed")) { hit++; continue; }
            }
            hit++;
            if (e->kind != ED_CLOSE && e->kind != ED_OPEN) eff->last_edit[a] = i;
            switch (e->kind) {
            case ED_CLOSE: eff->open_override[a] = 0; break;
            case ED_OPEN: eff->open_override[a] = 1; break;
            case ED_SCALE_CAP: net->capacity[a] *= e->num; break;
            case ED_SET_CAP: net->capacity[a] = e->num; break;
            case ED_SCALE_TIME: net->fftime[a] *= e->num; break;
            case ED_SET_TIME: net->fftime[a] = e->num; break;
            case ED_ADD_TIME:
                if (net->fftime[a] + e->num < 0) {
                    st = ferr(err, e->file, e->line, "time", "makes the time of link %s negative", net->link_id[a]);
                    goto fail;
                }
                net->fftime[a] += e->num;
                break;
            case ED_SCALE_COST: cost[a] *= e->num; break;
            case ED_SET_COST: cost[a] = e->num; break;
            case ED_ADD_COST:
                if (cost[a] + e->num < 0) {
                    st = ferr(err, e->file, e->line, "cost", "makes the cost of link %s negative", net->link_id[a]);
                    goto fail;
                }
                cost[a] += e->num;
                break;
            default: break;
            }
            if (!isfinite(net->capacity[a]) || !isfinite(net->fftime[a]) || (cost && !isfinite(cost[a]))) {
                st = ferr(err, e->file, e->line, e->field, "makes a capacity, time or cost of link %s overflow",
                          net->link_id[a]);
                goto fail;
            }
        }
        if (!hit) {
            st = ferr(err, e->file, e->line, e->field, "selects no link ('%s')", e->value);
            goto fail;
        }
    }
    for (int32_t a = 0; a < m; a++) {
        eff->n_closed += eff->open_override[a] == 0;
        eff->n_opened += eff->open_override[a] == 1;
    }
    return COR_OK;
fail:
    cor_scenario_effect_free(eff);
    return st;
}

void cor_scenario_effect_free(cor_scenario_effect *eff)
{
    free(eff->open_override);
    free(eff->last_edit);
    eff->open_override = NULL;
    eff->last_edit = NULL;
}

cor_status cor__scenario_check(const cor_scenario *s, const cor_scenario_effect *eff, const cor_problem *p,
                               cor_error *err)
{
    if (!p) return COR_OK;
    int32_t a;
    cor_error e2 = {0};
    if (cor_problem_check_at(p, &a, &e2) != COR_E_INPUT) return COR_OK;
    /* the link's own last edit, else the last demand edit (more demand is
     * what makes an unchanged link overflow) */
    int i = a >= 0 && eff->last_edit[a] >= 0 ? eff->last_edit[a] : eff->last_demand_edit;
    if (i < 0) return COR_OK; /* not the scenario's doing: the solve reports it as before */
    const char *file;
    long line;
    cor_scenario_edit_where(s, i, &file, &line);
    return cor_error_set(err, COR_E_INPUT, "%s:%ld: this edit leaves a model that cannot be solved: %s",
                         file ? file : cor_scenario_path(s), line, e2.msg);
}

void cor_scenario_edit_where(const cor_scenario *s, int i, const char **file, long *line)
{
    *file = i >= 0 && i < s->n_ed ? s->ed[i].file : NULL;
    *line = i >= 0 && i < s->n_ed ? s->ed[i].line : 0;
}

cor_status cor__scenario_apply_constants(const cor_scenario *s, cor_freight *f, cor_error *err)
{
    for (int i = 0; s && i < s->n_ed; i++) {
        const edit *e = &s->ed[i];
        if (e->kind != ED_SET_CONSTANT) continue;
        if (!f) return ferr(err, e->file, e->line, "set-constant", "route-choice constants apply to freight data%s", NULL);
        cor_freight_constant k = {.corridor = -1, .cls = -1, .usd = e->num};
        if (ieq(e->field, "corridor") && (k.corridor = cor_vocab_find(cor_freight_vocab(f), e->value)) < 0)
            return ferr(err, e->file, e->line, "corridor", "unknown corridor '%s'", e->value);
        if (ieq(e->field, "country")) k.country = e->value;
        if (e->cls && (k.cls = cor_freight_classes_find(cor_freight_get_classes(f), e->cls)) < 0)
            return ferr(err, e->file, e->line, "class", "unknown class '%s'", e->cls);
        int n = cor_freight_n_constants(f), found = -1;
        cor_freight_constant *c = calloc((size_t)n + 1, sizeof *c);
        if (!c) return cor_error_set(err, COR_E_NOMEM, "out of memory");
        for (int j = 0; j < n; j++) {
            c[j] = *cor_freight_constant_at(f, j);
            int same = c[j].cls == k.cls && c[j].corridor == k.corridor &&
                       (!c[j].country == !k.country) && (!k.country || ieq(c[j].country, k.country));
            if (same) found = j;
        }
        if (found >= 0) c[found].usd = k.usd;
        else c[n++] = k;
        cor_error e2 = {0};
        cor_status st = cor_freight_set_constants(f, n, c, &e2);
        free(c);
        if (st) return ferr(err, e->file, e->line, e->field, "%s", e2.msg);
    }
    return COR_OK;
}
