/* corridor — the hazard catalogue: parsing, joint-event consistency, checks
 * against a model and applying a disruption state.  Format: docs/RISK.md. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "corridor/risk.h"
#include "io/textfile.h"
#include "risk/internal.h"

static void event_free(cor__event *e)
{
    free(e->name); free(e->description); free(e->source); free(e->parts);
    for (int i = 0; i < e->n_part_names; i++) free(e->part_names[i]);
    free(e->part_names);
    cor_scenario_destroy(e->edits);
}

void cor_hazards_destroy(cor_hazards *h)
{
    if (!h) return;
    for (int i = 0; i < h->n; i++) event_free(&h->ev[i]);
    free(h->ev);
    free(h->file);
    free(h);
}

int cor_hazards_count(const cor_hazards *h) { return h->n; }

int cor_hazards_find(const cor_hazards *h, const char *name)
{
    for (int i = 0; i < h->n; i++)
        if (!strcmp(h->ev[i].name, name)) return i;
    return -1;
}

void cor_hazards_info(const cor_hazards *h, int i, cor_hazard_info *o)
{
    const cor__event *e = &h->ev[i];
    memset(o, 0, sizeof *o);
    o->name = e->name;
    o->description = e->description ? e->description : "";
    o->source = e->source ? e->source : "";
    o->file = h->file;
    o->line = e->line;
    o->joint = e->joint;
    o->n_parts = e->n_parts;
    o->parts = e->parts;
    o->probability = e->p;
    o->own_probability = e->own;
    o->duration = e->dur;
    o->d1 = e->d1;
    o->d2 = e->d2;
    o->mean_days = cor__duration_mean(e);
    o->months = e->months;
}

/* ---- tokens -------------------------------------------------------------- */
#define HZ_MAX_TOK 40
static int ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    return *a == *b;
}

cor_status cor__risk_number(const char *file, long line, const char *field, const char *tok,
                            double *out, cor_error *err)
{
    if (cor__parse_double(tok, out) || !isfinite(*out))
        return cor__error_at(err, file, line, field, "'%s' is not a number", tok);
    return COR_OK;
}

/* "11-3,6" -> bits; 0 on error. */
static unsigned parse_months(const char *s)
{
    unsigned bits = 0;
    const char *p = s;
    while (*p) {
        char *end;
        long a = strtol(p, &end, 10);
        if (end == p || a < 1 || a > 12) return 0;
        long b = a;
        p = end;
        if (*p == '-') {
            p++;
            b = strtol(p, &end, 10);
            if (end == p || b < 1 || b > 12) return 0;
            p = end;
        }
        for (long m = a;; m = m % 12 + 1) {
            bits |= 1u << (m - 1);
            if (m == b) break;
        }
        if (*p == ',' || *p == ';') p++;
        else if (*p) return 0;
    }
    return bits;
}

/* ---- derived probabilities ----------------------------------------------- */
cor_status cor__hazards_derive(cor_hazards *h, cor_error *err)
{
    for (int i = 0; i < h->n; i++) {
        cor__event *e = &h->ev[i];
        if (e->joint) { e->own = e->p; continue; }
        double prod = 1;
        char names[300] = "";
        for (int j = 0; j < h->n; j++) {
            const cor__event *J = &h->ev[j];
            if (!J->joint) continue;
            for (int k = 0; k < J->n_parts; k++)
                if (J->parts[k] == i) {
                    prod *= 1 - J->p;
                    size_t l = strlen(names);
                    snprintf(names + l, sizeof names - l, "%s%s (%g)", l ? ", " : "", J->name, J->p);
                }
        }
        if (prod <= 0) { e->own = 0; if (e->p < 1) goto bad; continue; }
        double own = 1 - (1 - e->p) / prod;
        if (own < -1e-12) goto bad;
        e->own = own < 0 ? 0 : own;
        continue;
    bad:
        return cor__error_at(err, h->file, e->p_line, "probability",
                    "hazard '%s' has probability %g, less than the joint events naming it give it (%s): "
                    "a hazard's probability includes its joint events", e->name, e->p, names);
    }
    return COR_OK;
}

cor_status cor_hazards_set_probability(cor_hazards *h, int i, double p, cor_error *err)
{
    if (i < 0 || i >= h->n) return cor_error_set(err, COR_E_USAGE, "no hazard %d", i);
    if (!(p >= 0 && p <= 1)) return cor_error_set(err, COR_E_USAGE, "probability %g outside [0, 1]", p);
    double old = h->ev[i].p;
    h->ev[i].p = p;
    cor_status st = cor__hazards_derive(h, err);
    if (st) { h->ev[i].p = old; cor__hazards_derive(h, NULL); }
    return st;
}

/* ---- parsing ------------------------------------------------------------- */
static cor_status finish_block(cor_hazards *h, cor__event *e, cor_error *err)
{
    const char *f = h->file;
    if (e->p_line == 0)
        return cor__error_at(err, f, e->line, "probability", "%s '%s' has no probability or frequency line", e->joint ? "joint" : "hazard", e->name);
    if (e->dur_line == 0)
        return cor__error_at(err, f, e->line, "duration", "%s '%s' has no duration line", e->joint ? "joint" : "hazard", e->name);
    if (!e->joint && cor_scenario_n_edits(e->edits) == 0)
        return cor__error_at(err, f, e->line, "hazard", "hazard '%s' has no edit (close, open, scale-capacity, ...)", e->name);
    if (e->joint && e->n_part_names < 2)
        return cor__error_at(err, f, e->parts_line ? e->parts_line : e->line, "parts", "joint event '%s' needs at least two parts", e->name);
    return COR_OK;
}

static cor_status parse_duration(const char *f, long line, char **tok, int n, cor__event *e, cor_error *err)
{
    cor_status st;
    if (n < 3) return cor__error_at(err, f, line, "duration", "expected 'duration fixed D', 'duration uniform A B' or 'duration lognormal MEDIAN SIGMA'");
    const char *kind = tok[1];
    double a = 0, b = 0;
    if ((st = cor__risk_number(f, line, "duration", tok[2], &a, err))) return st;
    if (ieq(kind, "fixed")) {
        if (n != 3) return cor__error_at(err, f, line, "duration", "expected 'duration fixed D'");
        if (!(a > 0)) return cor__error_at(err, f, line, "duration", "duration %g days is not positive", a);
        if (a > COR_RISK_YEAR_DAYS) return cor__error_at(err, f, line, "duration", "duration %g days is longer than the 365-day horizon", a);
        e->dur = COR_DUR_FIXED;
    } else if (ieq(kind, "uniform")) {
        if (n != 4) return cor__error_at(err, f, line, "duration", "expected 'duration uniform A B'");
        if ((st = cor__risk_number(f, line, "duration", tok[3], &b, err))) return st;
        if (a < 0 || b < 0) return cor__error_at(err, f, line, "duration", "negative duration (%g, %g days)", a, b);
        if (!(b > 0) || a > b) return cor__error_at(err, f, line, "duration", "uniform A B needs 0 <= A <= B, B > 0 (got %g, %g)", a, b);
        if (b > COR_RISK_YEAR_DAYS) return cor__error_at(err, f, line, "duration", "duration %g days is longer than the 365-day horizon", b);
        e->dur = COR_DUR_UNIFORM;
    } else if (ieq(kind, "lognormal")) {
        if (n != 4) return cor__error_at(err, f, line, "duration", "expected 'duration lognormal MEDIAN SIGMA'");
        if ((st = cor__risk_number(f, line, "duration", tok[3], &b, err))) return st;
        if (a < 0) return cor__error_at(err, f, line, "duration", "negative median duration %g days", a);
        if (!(a > 0)) return cor__error_at(err, f, line, "duration", "median duration %g days is not positive", a);
        if (a > COR_RISK_YEAR_DAYS) return cor__error_at(err, f, line, "duration", "median duration %g days is longer than the 365-day horizon", a);
        if (b < 0 || b > 5) return cor__error_at(err, f, line, "duration", "sigma %g outside [0, 5]", b);
        e->dur = COR_DUR_LOGNORMAL;
    } else {
        return cor__error_at(err, f, line, "duration", "unknown distribution '%s' (fixed, uniform, lognormal)", kind);
    }
    e->d1 = a;
    e->d2 = b;
    e->dur_line = line;
    return COR_OK;
}

char *cor__join_words(char **tok, int n)
{
    size_t len = 1;
    for (int i = 0; i < n; i++) len += strlen(tok[i]) + 1;
    char *v = malloc(len);
    if (!v) return NULL;
    v[0] = '\0';
    for (int i = 0; i < n; i++) { if (i) strcat(v, " "); strcat(v, tok[i]); }
    return v;
}

static cor_status parse(cor_hazards *h, cor__text *t, cor_error *err)
{
    cor_status st = COR_OK;
    const char *f = h->file;
    cor__event *cur = NULL;
    char *line;
    while ((line = cor__text_next(t, err, &st))) {
        char *copy = cor__strdup(line);
        if (!copy) return cor_error_set(err, COR_E_NOMEM, "out of memory");
        char *tok[HZ_MAX_TOK];
        int n = cor__tokenize(copy, tok, HZ_MAX_TOK);
        long ln = t->line;
        if (n == -1) { free(copy); return cor_error_set(err, COR_E_INPUT, "%s:%ld: unterminated quote", f, ln); }
        if (n == -2) { free(copy); return cor_error_set(err, COR_E_INPUT, "%s:%ld: too many words on the line", f, ln); }
        if (n == 0) { free(copy); continue; }
        const char *v = tok[0];
        if (ieq(v, "hazard") || ieq(v, "joint")) {
            if (cur) { st = cor__error_at(err, f, ln, v, "'%s' inside the block of '%s' (missing 'end')", v, cur->name); goto line_done; }
            if (n != 2) { st = cor__error_at(err, f, ln, v, "expected '%s NAME'", v); goto line_done; }
            for (const char *q = tok[1]; *q; q++)
                if (!isalnum((unsigned char)*q) && *q != '-' && *q != '_' && *q != '.') {
                    st = cor__error_at(err, f, ln, "name", "'%s': a name is letters, digits, '-', '_' and '.'", tok[1]);
                    goto line_done;
                }
            if (cor_hazards_find(h, tok[1]) >= 0) { st = cor__error_at(err, f, ln, "name", "hazard '%s' defined twice", tok[1]); goto line_done; }
            if (h->n == COR_RISK_MAX_EVENTS) { st = cor__error_at(err, f, ln, v, "more than %d hazards and joint events", COR_RISK_MAX_EVENTS); goto line_done; }
            if (h->n == h->cap) {
                int cap = h->cap ? 2 * h->cap : 16;
                cor__event *ne = realloc(h->ev, (size_t)cap * sizeof *ne);
                if (!ne) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto line_done; }
                h->ev = ne;
                h->cap = cap;
            }
            cur = &h->ev[h->n++];
            memset(cur, 0, sizeof *cur);
            cur->joint = ieq(v, "joint");
            cur->line = ln;
            cur->months = 0xfff;
            if (!(cur->name = cor__strdup(tok[1])) || !(cur->edits = cor_scenario_new(tok[1])))
                st = cor_error_set(err, COR_E_NOMEM, "out of memory");
            goto line_done;
        }
        if (!cur) { st = cor__error_at(err, f, ln, v, "'%s' outside a 'hazard NAME' or 'joint NAME' block", v); goto line_done; }
        if (ieq(v, "end")) {
            if (n != 1) { st = cor__error_at(err, f, ln, "end", "expected 'end' alone"); goto line_done; }
            st = finish_block(h, cur, err);
            cur = NULL;
        } else if (ieq(v, "description") || ieq(v, "source")) {
            char **dst = ieq(v, "description") ? &cur->description : &cur->source;
            if (n < 2) { st = cor__error_at(err, f, ln, v, "expected a value"); goto line_done; }
            free(*dst);
            if (!(*dst = cor__join_words(tok + 1, n - 1))) st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        } else if (ieq(v, "probability") || ieq(v, "frequency")) {
            if (cur->p_line) { st = cor__error_at(err, f, ln, v, "a second probability or frequency for '%s'", cur->name); goto line_done; }
            if (n != 2) { st = cor__error_at(err, f, ln, v, "expected '%s NUMBER'", v); goto line_done; }
            double x;
            if ((st = cor__risk_number(f, ln, v, tok[1], &x, err))) goto line_done;
            if (ieq(v, "probability")) {
                if (!(x >= 0 && x <= 1)) { st = cor__error_at(err, f, ln, "probability", "probability %g outside [0, 1]", x); goto line_done; }
                cur->p = x;
            } else {
                if (!(x >= 0)) { st = cor__error_at(err, f, ln, "frequency", "frequency %g per year is negative", x); goto line_done; }
                cur->p = 1 - exp(-x);
            }
            cur->p_line = ln;
        } else if (ieq(v, "duration")) {
            if (cur->dur_line) { st = cor__error_at(err, f, ln, "duration", "a second duration for '%s'", cur->name); goto line_done; }
            st = parse_duration(f, ln, tok, n, cur, err);
        } else if (ieq(v, "months")) {
            unsigned m = n == 2 ? parse_months(tok[1]) : 0;
            if (!m) { st = cor__error_at(err, f, ln, "months", "expected 'months LIST' of months 1-12 and ranges (e.g. 11-3,6), got '%s'", n > 1 ? tok[1] : ""); goto line_done; }
            cur->months = m;
        } else if (ieq(v, "parts")) {
            if (!cur->joint) { st = cor__error_at(err, f, ln, "parts", "'parts' belongs in a 'joint' block ('%s' is a hazard)", cur->name); goto line_done; }
            if (cur->parts_line) { st = cor__error_at(err, f, ln, "parts", "a second 'parts' line for '%s'", cur->name); goto line_done; }
            if (n < 3) { st = cor__error_at(err, f, ln, "parts", "a joint event needs at least two parts"); goto line_done; }
            cur->part_names = calloc((size_t)(n - 1), sizeof *cur->part_names);
            if (!cur->part_names) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto line_done; }
            for (int i = 1; i < n; i++) {
                if (!(cur->part_names[i - 1] = cor__strdup(tok[i]))) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto line_done; }
                cur->n_part_names = i;
            }
            cur->parts_line = ln;
        } else {
            /* an edit in the scenario language */
            st = cor_scenario_add_line(cur->edits, line, f, ln, err);
        }
    line_done:
        free(copy);
        if (st) return st;
    }
    if (st) return st;
    if (cur) return cor__error_at(err, f, t->line, "end", "the block of '%s' has no 'end'", cur->name);
    if (h->n == 0) return cor_error_set(err, COR_E_INPUT, "%s: no hazard (a catalogue needs 'hazard NAME' blocks)", f);
    /* resolve joint parts */
    for (int i = 0; i < h->n; i++) {
        cor__event *e = &h->ev[i];
        if (!e->joint) continue;
        if (!(e->parts = malloc((size_t)e->n_part_names * sizeof *e->parts))) return cor_error_set(err, COR_E_NOMEM, "out of memory");
        e->n_parts = e->n_part_names;
        for (int k = 0; k < e->n_part_names; k++) {
            int j = cor_hazards_find(h, e->part_names[k]);
            if (j < 0) return cor__error_at(err, f, e->parts_line, "parts", "joint event '%s' names no hazard '%s'", e->name, e->part_names[k]);
            if (h->ev[j].joint) return cor__error_at(err, f, e->parts_line, "parts", "joint event '%s' names another joint event '%s'", e->name, e->part_names[k]);
            for (int q = 0; q < k; q++)
                if (e->parts[q] == j) return cor__error_at(err, f, e->parts_line, "parts", "joint event '%s' names '%s' twice", e->name, e->part_names[k]);
            e->parts[k] = j;
        }
    }
    return cor__hazards_derive(h, err);
}

cor_status cor_hazards_load(const char *path, cor_hazards **out, cor_error *err)
{
    *out = NULL;
    cor_hazards *h = calloc(1, sizeof *h);
    if (!h || !(h->file = cor__strdup(path))) { free(h); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
    cor__text t;
    cor_status st = cor__text_open(&t, path, err);
    if (st) { cor_hazards_destroy(h); return st; }
    st = parse(h, &t, err);
    cor__text_close(&t);
    if (st) { cor_hazards_destroy(h); return st; }
    *out = h;
    return COR_OK;
}

/* ---- applying ------------------------------------------------------------ */
cor_status cor_hazards_apply(const cor_hazards *h, uint64_t state, cor_case *c, cor_error *err)
{
    cor_status st;
    for (int i = 0; i < h->n; i++) {
        if (!(state >> i & 1)) continue;
        const cor__event *e = &h->ev[i];
        for (int k = 0; k < e->n_parts; k++)
            if ((st = cor_case_apply_scenario(c, h->ev[e->parts[k]].edits, err))) return st;
        if (cor_scenario_n_edits(e->edits) && (st = cor_case_apply_scenario(c, e->edits, err))) return st;
    }
    return COR_OK;
}

cor_status cor_hazards_check(const cor_hazards *h, const cor_case *model, cor_error *err)
{
    for (int i = 0; i < h->n; i++) {
        cor_case *c = cor_case_clone(model);
        if (!c) return cor_error_set(err, COR_E_NOMEM, "out of memory");
        cor_status st = cor_hazards_apply(h, (uint64_t)1 << i, c, err);
        cor_case_destroy(c);
        if (st) return st;
    }
    return COR_OK;
}
