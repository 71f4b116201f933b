/* corridor report — GeoJSON (RFC 7946) links and nodes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/io.h"
#include "report/internal.h"

static cor_status write_sb(const char *path, const cor__sb *b, cor_error *err)
{
    if (b->oom) return cor_error_set(err, COR_E_NOMEM, "%s: out of memory", path);
    cor_outfile f;
    cor_status st = cor_outfile_open(&f, path, err);
    if (st) return st;
    if (b->len && fwrite(b->s, 1, b->len, f.fp) != b->len) {
        cor_outfile_abort(&f);
        return cor_error_set(err, COR_E_IO, "%s: write failed", path);
    }
    return cor_outfile_commit(&f, err);
}

/* Closes the collection in b, writes it to path, frees b and num. */
static cor_status finish(const char *path, cor__sb *b, uint8_t *num, cor_error *err)
{
    cor__sb_put(b, "\n]}\n");
    free(num);
    cor_status st = write_sb(path, b, err);
    cor__sb_free(b);
    return st;
}

static void coord(cor__sb *b, double x, double y)
{
    cor__sb_printf(b, "[%.9g,%.9g]", x, y);
}

/* Extra columns as properties: numbers for numeric columns (null when
 * blank), strings otherwise. */
static void extras(cor__sb *b, const cor_strtab *t, int32_t row, const uint8_t *numeric,
                   int (*reserved)(const char *))
{
    for (int c = 0; c < t->n_cols; c++) {
        if (reserved(t->names[c])) continue;
        cor__sb_put(b, ",");
        cor__sb_json(b, t->names[c]);
        cor__sb_put(b, ":");
        const char *v = t->values[c][row];
        double x;
        if (numeric[c]) {
            if (cor__parse_num(v, &x)) cor__sb_jnum(b, x);
            else cor__sb_put(b, "null");
        } else {
            cor__sb_json(b, v);
        }
    }
}

static uint8_t *numeric_cols(const cor_strtab *t, int32_t n_rows)
{
    uint8_t *num = calloc((size_t)t->n_cols + 1, 1);
    if (!num) return NULL;
    for (int c = 0; c < t->n_cols; c++) num[c] = (uint8_t)cor__col_numeric(t->values[c], n_rows);
    return num;
}

/* Checks the arguments, flags the numeric columns of t (*num, freed by the
 * caller) and opens the feature collection in b. */
static cor_status begin(const char *path, const cor_network *net, const cor_solution *sol,
                        const cor_strtab *t, int32_t n_rows, const char *name, uint8_t **num,
                        cor__sb *b, cor_error *err)
{
    if (!path || !net) return cor_error_set(err, COR_E_USAGE, "geojson: path and network are required");
    if (sol && sol->n_links != net->n_links)
        return cor_error_set(err, COR_E_USAGE, "geojson: solution has %d links, network %d",
                             (int)sol->n_links, (int)net->n_links);
    if (!(*num = numeric_cols(t, n_rows))) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    cor__sb_put(b, "{\"type\":\"FeatureCollection\",\"name\":");
    cor__sb_json(b, name);
    if (!cor_report_is_lonlat(net)) cor__sb_put(b, ",\"corridor:crs\":\"undefined cartesian\"");
    cor__sb_put(b, ",\"features\":[\n");
    return COR_OK;
}

double cor__flow_change(const cor__layer *l, int32_t a)
{
    if (!l->sol || !l->base_sol || !l->base_net) return NAN;
    int32_t b = cor_network_find_link(l->base_net, l->net->link_id[a]);
    return l->sol->flow[a] - (b >= 0 ? l->base_sol->flow[b] : 0);
}

cor_status cor_write_geojson_links(const char *path, const cor_network *net,
                                   const cor_solution *sol,
                                   const char *const *class_names, cor_error *err)
{
    cor__layer l = {NULL, net, sol, class_names, NULL, NULL};
    return cor__write_geojson_links_ex(path, &l, err);
}

cor_status cor__write_geojson_links_ex(const char *path, const cor__layer *l, cor_error *err)
{
    const cor_network *net = l->net;
    const cor_solution *sol = l->sol;
    const char *const *class_names = l->class_names;
    uint8_t *num;
    cor__sb b = {0};
    cor_status st = begin(path, net, sol, net ? &net->link_extra : NULL, net ? net->n_links : 0,
                          l->name ? l->name : "links", &num, &b, err);
    if (st) return st;
    int first = 1;
    for (int32_t k = 0; k < net->n_links && !b.oom; k++) {
        int32_t a = net->link_by_order[k];
        cor__pt *p;
        int n = cor__link_geom(net, a, &p);
        if (n < 0) { b.oom = 1; break; }
        if (n == 0) continue;
        cor__sb_put(&b, first ? "" : ",\n");
        first = 0;
        cor__sb_put(&b, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[");
        for (int i = 0; i < n; i++) {
            if (i) cor__sb_put(&b, ",");
            coord(&b, p[i].x, p[i].y);
        }
        free(p);
        cor__sb_put(&b, "]},\"properties\":{\"link_id\":");
        cor__sb_json(&b, net->link_id[a]);
        cor__sb_put(&b, ",\"from\":");
        cor__sb_json(&b, net->node_id[net->link_from[a]]);
        cor__sb_put(&b, ",\"to\":");
        cor__sb_json(&b, net->node_id[net->link_to[a]]);
        extras(&b, &net->link_extra, a, num, cor__reserved_link_attr);
        cor__sb_put(&b, ",\"capacity\":");
        cor__sb_jnum(&b, net->capacity[a]);
        cor__sb_put(&b, ",\"length\":");
        cor__sb_jnum(&b, net->length[a]);
        cor__sb_put(&b, ",\"fftime\":");
        cor__sb_jnum(&b, net->fftime[a]);
        cor__sb_put(&b, ",\"toll\":");
        cor__sb_jnum(&b, net->toll[a]);
        if (sol) {
            cor__sb_put(&b, ",\"flow\":");
            cor__sb_jnum(&b, sol->flow[a]);
            for (int c = 0; c < sol->n_classes; c++) {
                char nb[32], key[300];
                snprintf(key, sizeof key, "flow_%s", cor__class_name(class_names, c, nb, sizeof nb));
                cor__sb_put(&b, ",");
                cor__sb_json(&b, key);
                cor__sb_put(&b, ":");
                cor__sb_jnum(&b, sol->class_flow[(size_t)c * (size_t)net->n_links + (size_t)a]);
            }
            cor__sb_put(&b, ",\"voc\":");
            cor__sb_jnum(&b, cor__voc(net, sol, a));
            cor__sb_put(&b, ",\"time\":");
            cor__sb_jnum(&b, sol->time[a]);
            if (l->base_sol) {
                cor__sb_put(&b, ",\"flow_change\":");
                cor__sb_jnum(&b, cor__flow_change(l, a));
            }
        }
        cor__sb_put(&b, "}}");
    }
    return finish(path, &b, num, err);
}

cor_status cor_write_geojson_nodes(const char *path, const cor_network *net,
                                   const cor_solution *sol, cor_error *err)
{
    uint8_t *num;
    cor__sb b = {0};
    cor_status st = begin(path, net, sol, net ? &net->node_extra : NULL, net ? net->n_nodes : 0,
                          "nodes", &num, &b, err);
    if (st) return st;
    int first = 1;
    for (int32_t u = 0; u < net->n_nodes && !b.oom; u++) {
        if (!isfinite(net->node_x[u]) || !isfinite(net->node_y[u])) continue;
        cor__sb_put(&b, first ? "" : ",\n");
        first = 0;
        cor__sb_put(&b, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":");
        coord(&b, net->node_x[u], net->node_y[u]);
        cor__sb_put(&b, "},\"properties\":{\"node_id\":");
        cor__sb_json(&b, net->node_id[u]);
        cor__sb_printf(&b, ",\"zone\":%d", net->node_zone[u] >= 0);
        extras(&b, &net->node_extra, u, num, cor__reserved_node_attr);
        if (sol) {
            cor__sb_put(&b, ",\"throughput\":");
            cor__sb_jnum(&b, cor__node_throughput(net, sol, u));
        }
        cor__sb_put(&b, "}}");
    }
    return finish(path, &b, num, err);
}
