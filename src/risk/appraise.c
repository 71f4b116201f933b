/* corridor — appraisal of candidate investments under the hazard catalogue
 * (risk.h, docs/RISK.md "Appraisal").
 *
 * Each option (doing nothing, then every project: a scenario with capex,
 * opex and a life) is the model with the project's edits, run through the
 * same risk ensemble (same seed, so the options see the same sampled years:
 * common random numbers).  Its expected annual loss E_j (exact when the
 * catalogue is small enough to enumerate, else the Monte-Carlo mean) gives
 * the benefit B_j = E_0 - E_j; with the annuity factor
 * A = (1 - (1 + r)^-L) / r (A = L at r = 0) over the project's life L,
 *     NPV_j = A (B_j - opex_j) - capex_j,
 *     BCR_j = A B_j / (capex_j + A opex_j).
 * Regret (exact only): in disruption state s the option's annual rate is
 * its loss rate in s plus its annualised cost capex_j / A + opex_j; the
 * regret is that rate minus the lowest of all options in s, and each
 * option's maximum regret is over the states with a positive share of the
 * year. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/str.h"
#include "io/textfile.h"
#include "risk/internal.h"

#define PJ_MAX_TOK 40

typedef struct project {
    char *name, *source, *description;
    double capex, opex;
    int life;                 /* years; 0 = the horizon of the options */
    cor_scenario *edits;
    long line;
} project;

struct cor_projects {
    char *file;
    project *p;
    int n, cap;
};

void cor_projects_destroy(cor_projects *ps)
{
    if (!ps) return;
    for (int i = 0; i < ps->n; i++) {
        free(ps->p[i].name);
        free(ps->p[i].source);
        free(ps->p[i].description);
        cor_scenario_destroy(ps->p[i].edits);
    }
    free(ps->p);
    free(ps->file);
    free(ps);
}

int cor_projects_count(const cor_projects *ps) { return ps->n; }
const char *cor_projects_name(const cor_projects *ps, int i) { return ps->p[i].name; }

static cor_status parse(cor_projects *ps, cor__text *t, cor_error *err)
{
    cor_status st = COR_OK;
    const char *f = ps->file;
    project *cur = NULL;
    char *line;
    while ((line = cor__text_next(t, err, &st))) {
        char *copy = cor__strdup(line);
        if (!copy) return cor_error_set(err, COR_E_NOMEM, "out of memory");
        char *tok[PJ_MAX_TOK];
        int n = cor__tokenize(copy, tok, PJ_MAX_TOK);
        long ln = t->line;
        if (n == -1) { free(copy); return cor_error_set(err, COR_E_INPUT, "%s:%ld: unterminated quote", f, ln); }
        if (n == -2) { free(copy); return cor_error_set(err, COR_E_INPUT, "%s:%ld: too many words on the line", f, ln); }
        if (n == 0) { free(copy); continue; }
        const char *v = tok[0];
        if (!strcasecmp(v, "project")) {
            if (cur) { st = cor__error_at(err, f, ln, v, "'project' inside the block of '%s' (missing 'end')", cur->name); goto next; }
            if (n != 2) { st = cor__error_at(err, f, ln, v, "expected 'project NAME'"); goto next; }
            if (!strcasecmp(tok[1], "do-nothing")) { st = cor__error_at(err, f, ln, "name", "'do-nothing' is the name of the base option"); goto next; }
            for (int i = 0; i < ps->n; i++)
                if (!strcmp(ps->p[i].name, tok[1])) { st = cor__error_at(err, f, ln, "name", "project '%s' defined twice", tok[1]); goto next; }
            if (ps->n == ps->cap) {
                int cap = ps->cap ? 2 * ps->cap : 8;
                project *np = realloc(ps->p, (size_t)cap * sizeof *np);
                if (!np) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto next; }
                ps->p = np;
                ps->cap = cap;
            }
            cur = &ps->p[ps->n++];
            memset(cur, 0, sizeof *cur);
            cur->line = ln;
            if (!(cur->name = cor__strdup(tok[1])) || !(cur->edits = cor_scenario_new(tok[1])))
                st = cor_error_set(err, COR_E_NOMEM, "out of memory");
            goto next;
        }
        if (!cur) { st = cor__error_at(err, f, ln, v, "'%s' outside a 'project NAME' block", v); goto next; }
        if (!strcasecmp(v, "end")) {
            if (n != 1) { st = cor__error_at(err, f, ln, "end", "expected 'end' alone"); goto next; }
            cur = NULL;
        } else if (!strcasecmp(v, "capex") || !strcasecmp(v, "opex")) {
            double x;
            if (n != 2) { st = cor__error_at(err, f, ln, v, "expected '%s USD'", v); goto next; }
            if ((st = cor__risk_number(f, ln, v, tok[1], &x, err))) goto next;
            if (x < 0) { st = cor__error_at(err, f, ln, v, "negative (%g)", x); goto next; }
            if (!strcasecmp(v, "capex")) cur->capex = x;
            else cur->opex = x;
        } else if (!strcasecmp(v, "life")) {
            long y;
            if (n != 2 || cor__parse_long(tok[1], &y) || y < 1 || y > 200) {
                st = cor__error_at(err, f, ln, "life", "expected 'life YEARS' (1..200), got '%s'", n > 1 ? tok[1] : "");
                goto next;
            }
            cur->life = (int)y;
        } else if (!strcasecmp(v, "source") || !strcasecmp(v, "description")) {
            char **dst = !strcasecmp(v, "source") ? &cur->source : &cur->description;
            if (n < 2) { st = cor__error_at(err, f, ln, v, "expected a value"); goto next; }
            free(*dst);
            if (!(*dst = cor__join_words(tok + 1, n - 1))) st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        } else {
            st = cor_scenario_add_line(cur->edits, line, f, ln, err); /* an edit */
        }
    next:
        free(copy);
        if (st) return st;
    }
    if (st) return st;
    if (cur) return cor__error_at(err, f, t->line, "end", "the block of '%s' has no 'end'", cur->name);
    if (ps->n == 0) return cor_error_set(err, COR_E_INPUT, "%s: no project (a projects file needs 'project NAME' blocks)", f);
    return COR_OK;
}

cor_status cor_projects_load(const char *path, cor_projects **out, cor_error *err)
{
    *out = NULL;
    cor_projects *ps = calloc(1, sizeof *ps);
    if (!ps || !(ps->file = cor__strdup(path))) { free(ps); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
    cor__text t;
    cor_status st = cor__text_open(&t, path, err);
    if (!st) {
        st = parse(ps, &t, err);
        cor__text_close(&t);
    }
    if (st) { cor_projects_destroy(ps); return st; }
    *out = ps;
    return COR_OK;
}

void cor_appraise_opts_default(cor_appraise_opts *o)
{
    memset(o, 0, sizeof *o);
    o->discount_rate = 0.04;
    o->horizon = 30;
    cor_risk_opts_default(&o->risk);
}

static double annuity(double r, int years)
{
    return r == 0 ? (double)years : (1 - pow(1 + r, -(double)years)) / r;
}

cor_status cor_appraise(const cor_case *model, const cor_hazards *hz, const cor_projects *ps,
                        const cor_appraise_opts *opts, cor_table **table, cor_table **regret, cor_error *err)
{
    *table = *regret = NULL;
    cor_appraise_opts o;
    if (opts) o = *opts;
    else cor_appraise_opts_default(&o);
    if (!(o.discount_rate >= 0 && o.discount_rate < 1) || o.horizon < 1 || o.horizon > 200)
        return cor_error_set(err, COR_E_USAGE, "discount rate %g must be in [0, 1) and the horizon %d in 1..200 years",
                             o.discount_rate, o.horizon);
    o.risk.dist = NULL;
    if (cor_hazards_count(hz) <= COR_RISK_MAX_EXACT) o.risk.exact = 1;
    const int J = ps->n + 1; /* do nothing, then the projects */
    cor_risk **rk = calloc((size_t)J, sizeof *rk);
    double *e = calloc((size_t)J, sizeof *e);
    cor_status st = rk && e ? COR_OK : cor_error_set(err, COR_E_NOMEM, "out of memory");
    cor_table *t = NULL, *tr = NULL;
    for (int j = 0; j < J && !st; j++) {
        cor_case *c = cor_case_clone(model);
        if (!c) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); break; }
        if (j > 0) st = cor_case_apply_scenario(c, ps->p[j - 1].edits, err);
        if (!st) st = cor_risk_run(c, hz, &o.risk, &rk[j], err);
        if (st == COR_E_NOCONV) st = COR_OK; /* counted in the ensemble's own report */
        cor_case_destroy(c);
        if (!st) {
            const cor_risk_stat *ls = cor_risk_metric(rk[j], COR_RISK_LOSS);
            e[j] = isfinite(ls->exact) ? ls->exact : ls->mean;
        }
    }
    if (st) goto done;
    /* the appraisal table */
    const char *cols[] = {"#rank", "option", "#capex_usd", "#opex_usd_yr", "#life_yr", "#expected_loss_usd_yr",
                          "#loss_se_usd_yr", "#benefit_usd_yr", "#cvar95_usd_yr", "#delta_cvar95_usd_yr",
                          "#npv_usd", "#bcr", "#max_regret_usd_yr", "source"};
    const char *rcols[] = {"state", "option", "#time_share", "#loss_usd_yr", "#annual_cost_usd_yr", "#regret_usd_yr"};
    t = cor_table_new("appraisal", (int)(sizeof cols / sizeof *cols), cols);
    tr = cor_table_new("appraisal_regret", (int)(sizeof rcols / sizeof *rcols), rcols);
    double *npv = calloc((size_t)J, sizeof *npv), *ann = calloc((size_t)J, sizeof *ann);
    double *maxreg = calloc((size_t)J, sizeof *maxreg);
    int *order = calloc((size_t)J, sizeof *order);
    if (!t || !tr || !npv || !ann || !maxreg || !order) {
        free(npv); free(ann); free(maxreg); free(order);
        st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        goto done;
    }
    for (int j = 0; j < J; j++) {
        const project *p = j ? &ps->p[j - 1] : NULL;
        int life = p && p->life ? p->life : o.horizon;
        double a = annuity(o.discount_rate, life);
        npv[j] = p ? a * (e[0] - e[j] - p->opex) - p->capex : 0;
        ann[j] = p ? p->capex / a + p->opex : 0;
        maxreg[j] = NAN;
    }
    /* regret over the exact states */
    const double *w0;
    long ns = cor_risk_exact_states(rk[0], &w0, NULL, NULL);
    if (ns > 0) {
        for (int j = 0; j < J; j++) maxreg[j] = 0;
        for (long s = 0; s < ns; s++) {
            if (!(w0[s] > 0)) continue;
            double best = INFINITY;
            for (int j = 0; j < J; j++) {
                const double *l;
                cor_risk_exact_states(rk[j], NULL, &l, NULL);
                best = fmin(best, l[s] + ann[j]);
            }
            char *nm = NULL;
            {   /* the state's events, as risk_states names them */
                size_t len = 1;
                for (int i = 0; i < cor_hazards_count(hz); i++)
                    if (s >> i & 1) { cor_hazard_info hi; cor_hazards_info(hz, i, &hi); len += strlen(hi.name) + 1; }
                if ((nm = malloc(len + 4))) {
                    nm[0] = '\0';
                    for (int i = 0; i < cor_hazards_count(hz); i++)
                        if (s >> i & 1) {
                            cor_hazard_info hi;
                            cor_hazards_info(hz, i, &hi);
                            if (*nm) strcat(nm, "+");
                            strcat(nm, hi.name);
                        }
                    if (!*nm) strcpy(nm, "none");
                }
            }
            for (int j = 0; j < J; j++) {
                const double *l;
                cor_risk_exact_states(rk[j], NULL, &l, NULL);
                double rg = l[s] + ann[j] - best;
                maxreg[j] = fmax(maxreg[j], rg);
                cor_table_row(tr);
                cor_table_set(tr, 0, nm ? nm : "?");
                cor_table_set(tr, 1, j ? ps->p[j - 1].name : "do-nothing");
                cor_table_numf(tr, 2, "%.10g", w0[s]);
                cor_table_numf(tr, 3, "%.10g", l[s]);
                cor_table_numf(tr, 4, "%.10g", ann[j]);
                cor_table_numf(tr, 5, "%.10g", rg);
            }
            free(nm);
        }
    }
    /* rank by NPV (do nothing: 0), ties in file order */
    for (int j = 0; j < J; j++) order[j] = j;
    for (int i = 1; i < J; i++)
        for (int k = i; k > 0 && npv[order[k]] > npv[order[k - 1]]; k--) {
            int x = order[k];
            order[k] = order[k - 1];
            order[k - 1] = x;
        }
    for (int q = 0; q < J; q++) {
        int j = order[q];
        const project *p = j ? &ps->p[j - 1] : NULL;
        const cor_risk_stat *ls = cor_risk_metric(rk[j], COR_RISK_LOSS), *l0 = cor_risk_metric(rk[0], COR_RISK_LOSS);
        int life = p && p->life ? p->life : o.horizon;
        double a = annuity(o.discount_rate, life), den = p ? p->capex + a * p->opex : 0;
        cor_table_row(t);
        cor_table_numf(t, 0, "%.0f", q + 1);
        cor_table_set(t, 1, p ? p->name : "do-nothing");
        cor_table_numf(t, 2, "%.10g", p ? p->capex : 0);
        cor_table_numf(t, 3, "%.10g", p ? p->opex : 0);
        cor_table_numf(t, 4, "%.0f", (double)life);
        cor_table_numf(t, 5, "%.10g", e[j]);
        cor_table_numf(t, 6, "%.10g", ls->se);
        cor_table_numf(t, 7, "%.10g", e[0] - e[j]);
        cor_table_numf(t, 8, "%.10g", ls->cvar95);
        cor_table_numf(t, 9, "%.10g", ls->cvar95 - l0->cvar95);
        cor_table_numf(t, 10, "%.10g", npv[j]);
        cor_table_numf(t, 11, "%.10g", den > 0 ? a * (e[0] - e[j]) / den : NAN);
        cor_table_numf(t, 12, "%.10g", maxreg[j]);
        cor_table_set(t, 13, p && p->source ? p->source : "");
    }
    free(npv); free(ann); free(maxreg); free(order);
    if (!cor_table_ok(t) || !cor_table_ok(tr)) { st = cor_error_set(err, COR_E_NOMEM, "out of memory"); goto done; }
    *table = t;
    *regret = tr;
    t = tr = NULL;
done:
    cor_table_free(t);
    cor_table_free(tr);
    for (int j = 0; rk && j < J; j++) cor_risk_destroy(rk[j]);
    free(rk);
    free(e);
    return st;
}
