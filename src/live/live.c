/* The live what-if engine (include/corridor/live.h): a solved base and
 * scenarios solved against it, as `corridor scenario` does, with the result
 * tables as JSON. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corridor/live.h"
#include "corridor/table.h"

struct cor_live {
    cor_case *model, *base;
    char *values_path;  /* DIR/scenarios/values.csv (exposure values) */
    char *base_json;
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void json_num(FILE *fp, double v)
{
    if (isfinite(v)) fprintf(fp, "%.10g", v);
    else fputs("null", fp);
}

/* Writes the document of solved case c against the base into fp. */
static cor_status write_doc(cor_live *l, cor_case *c, double ms, int with_links, FILE *fp, cor_error *err)
{
    cor_compare t = {0};
    cor_exposure *e = NULL;
    cor_exposure_tables et = {0};
    double *value = NULL;
    const char *vsrc = NULL;
    cor_status st = cor_compare_init(&t, err);
    if (!st) st = cor_compare_add(&t, c, l->base, err);
    int nk = cor_case_n_classes(c);
    if (!st && !(value = malloc((size_t)(nk > 0 ? nk : 1) * sizeof *value)))
        st = cor_error_set(err, COR_E_NOMEM, "out of memory");
    if (!st) st = cor_case_class_values(c, l->values_path, 0, value, &vsrc, err);
    if (!st) st = cor_exposure_compute(cor_case_od(c), cor_case_network(c), value, &e, err);
    if (!st) st = cor_exposure_tables_build(c, e, value, &et, err);
    if (!st) {
        const cor_solution *sol = cor_case_solution(c);
        const cor_totals *tot = cor_case_totals(c);
        const cor_network *net = cor_case_network(c);
        const uint8_t *open = cor_case_link_open(c);
        fputs("{\"ok\": true, \"name\": ", fp);
        cor_table_json_string(fp, cor_case_name(c));
        fprintf(fp, ", \"year\": %d, \"choice\": \"%s\", \"converged\": %s, \"gap\": ", cor_case_year(c),
                cor_case_choice(c) == COR_CHOICE_LOGIT ? "logit" : "ue", sol->converged ? "true" : "false");
        json_num(fp, sol->relative_gap);
        fprintf(fp, ", \"iterations\": %d, \"solve_ms\": ", sol->iterations);
        json_num(fp, ms);
        const struct { const char *key; double v; } tv[] = {
            {"demand", tot->demand},       {"served", tot->served},   {"unserved", tot->unserved},
            {"induced", tot->induced},     {"suppressed", tot->suppressed},
            {"perceived", tot->perceived}, {"cost", tot->cost},       {"money", tot->money}};
        fputs(",\n\"totals\": {", fp);
        for (size_t i = 0; i < sizeof tv / sizeof *tv; i++) {
            fprintf(fp, "%s\"%s\": ", i ? ", " : "", tv[i].key);
            json_num(fp, tv[i].v);
        }
        fprintf(fp, ", \"n_closed\": %d},\n", tot->n_closed);
        cor_table *tabs[] = {t.summary, t.corridors, t.unserved};
        const char *names[] = {"summary", "corridors", "unserved"};
        for (int i = 0; i < 3; i++) {
            /* the table's rows under a fixed key (table names vary) */
            cor_table_json_string(fp, names[i]);
            fputs(": {", fp);
            cor_table_json(tabs[i], fp);
            fputs("},\n", fp);
        }
        fputs("\"exposure\": {", fp);
        cor_table_json(et.country, fp);
        fputs("},\n\"exposure_headline\": {", fp);
        cor_table_json(et.headline, fp);
        fputs("},\n\"flow\": [", fp);
        for (int32_t a = 0; a < net->n_links; a++) {
            if (a) fputc(',', fp);
            json_num(fp, sol->flow[a]);
        }
        fputs("],\n\"voc\": [", fp);
        for (int32_t a = 0; a < net->n_links; a++) {
            double cap = net->capacity[a];
            if (a) fputc(',', fp);
            json_num(fp, cap > 0 && isfinite(cap) ? sol->flow[a] / cap : NAN);
        }
        fputs("],\n\"open\": [", fp);
        for (int32_t a = 0; a < net->n_links; a++) fputs(a ? (open[a] ? ",1" : ",0") : (open[a] ? "1" : "0"), fp);
        fputc(']', fp);
        if (with_links) {
            fputs(",\n\"links\": [", fp);
            for (int32_t a = 0; a < net->n_links; a++) {
                if (a) fputc(',', fp);
                cor_table_json_string(fp, net->link_id[a]);
            }
            fputc(']', fp);
        }
        fputs("}\n", fp);
    }
    cor_exposure_tables_free(&et);
    cor_exposure_destroy(e);
    free(value);
    cor_compare_free(&t);
    return st;
}

/* The document of c as a malloc'd string. */
static cor_status doc_string(cor_live *l, cor_case *c, double ms, int with_links, char **out, cor_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    if (!fp) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    cor_status st = write_doc(l, c, ms, with_links, fp, err);
    if (fclose(fp) && !st) st = cor_error_set(err, COR_E_NOMEM, "out of memory");
    if (st) {
        free(buf);
        return st;
    }
    *out = buf;
    return COR_OK;
}

cor_status cor_live_open(const char *dir, const cor_live_opts *opts, cor_live **out, cor_error *err)
{
    if (!dir || !out) return cor_error_set(err, COR_E_USAGE, "live: NULL directory or output");
    *out = NULL;
    cor_live_opts o = {0, -1, 0, 0};
    if (opts) o = *opts;
    cor_live *l = calloc(1, sizeof *l);
    if (!l) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    cor_case_opts co = {.need_demand = 1, .year = o.year};
    cor_status st = cor_case_open(dir, &co, &l->model, err);
    if (!st && !cor_case_is_freight(l->model))
        st = cor_error_set(err, COR_E_USAGE, "%s: the live engine runs on freight data (a directory with class.csv)", dir);
    if (!st) {
        if (o.choice >= 0) cor_case_set_choice(l->model, (cor_choice_model)o.choice);
        cor_assign_params *p = cor_case_params(l->model);
        if (o.gap > 0) p->gap = o.gap;
        if (o.max_iter > 0) p->max_iter = o.max_iter;
        p->threads = 1;
        size_t n = strlen(dir) + 32;
        if (!(l->values_path = malloc(n)) || !(l->base = cor_case_clone(l->model)))
            st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        else snprintf(l->values_path, n, "%s/scenarios/values.csv", dir);
    }
    if (!st) {
        double t0 = now_ms();
        st = cor_case_solve(l->base, err);
        if (st == COR_E_NOCONV) st = COR_OK;
        if (!st) st = doc_string(l, l->base, now_ms() - t0, 1, &l->base_json, err);
    }
    if (st) {
        cor_live_destroy(l);
        return st;
    }
    *out = l;
    return COR_OK;
}

void cor_live_destroy(cor_live *l)
{
    if (!l) return;
    cor_case_destroy(l->base);
    cor_case_destroy(l->model);
    free(l->values_path);
    free(l->base_json);
    free(l);
}

const char *cor_live_base_json(const cor_live *l) { return l ? l->base_json : NULL; }

cor_status cor_live_solve(cor_live *l, const char *path, char **json, cor_error *err)
{
    if (!l || !path || !json) return cor_error_set(err, COR_E_USAGE, "live: NULL engine, path or output");
    *json = NULL;
    cor_scenario *sc = NULL;
    double t0 = now_ms();
    cor_status st = cor_scenario_load(path, &sc, err);
    if (st) return st;
    cor_case *r = cor_case_clone(l->model);
    if (!r) st = cor_error_set(err, COR_E_NOMEM, "out of memory");
    if (!st) {
        /* as `corridor scenario`: on the model as read, warm-started from
         * the base, elastic demand against it */
        cor_case_set_warm_start(r, l->base);
        cor_case_set_reference(r, l->base);
        st = cor_case_apply_scenario(r, sc, err);
    }
    if (!st) {
        st = cor_case_solve(r, err);
        if (st == COR_E_NOCONV) st = COR_OK;
    }
    if (!st) st = doc_string(l, r, now_ms() - t0, 0, json, err);
    cor_case_destroy(r);
    cor_scenario_destroy(sc);
    return st;
}
