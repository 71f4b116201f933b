/* corridor — network builder, CSR finish, lookup, clone, destroy. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/notes.h"
#include "core/strmap.h"
#include "corridor/network.h"

typedef struct net_priv {
    cor__strmap node_map, zone_map, link_map;
} net_priv;

struct cor_netbuilder {
    /* nodes */
    int32_t n_nodes, cap_nodes;
    char **node_id;
    double *x, *y;
    uint8_t *no_thru;
    int32_t *node_zone;
    cor__strmap node_map;
    /* zones */
    int32_t n_zones, cap_zones;
    int32_t *zone_node;
    char **zone_id;
    /* links in input order */
    int32_t n_links, cap_links;
    cor_link_spec *links;
    char **link_id;
    /* extras: values[col][pos] (NULL = empty) */
    cor_strtab lx, nx;
    int32_t lx_rows, nx_rows;
};

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

static int grow(void **p, int32_t *cap, int32_t need, size_t elt)
{
    if (need <= *cap) return 0;
    int32_t nc = *cap ? *cap : 16;
    while (nc < need) {
        if (nc > INT32_MAX / 2) return -1;
        nc *= 2;
    }
    void *q = realloc(*p, (size_t)nc * elt);
    if (!q) return -1;
    *p = q;
    *cap = nc;
    return 0;
}

cor_netbuilder *cor_netbuilder_create(void)
{
    cor_netbuilder *b = calloc(1, sizeof *b);
    if (b) cor__strmap_init(&b->node_map);
    return b;
}

static void strtab_free(cor_strtab *t, int32_t rows)
{
    for (int c = 0; c < t->n_cols; c++) {
        if (t->values && t->values[c]) {
            for (int32_t r = 0; r < rows; r++) free(t->values[c][r]);
            free(t->values[c]);
        }
        if (t->names) free(t->names[c]);
    }
    free(t->names);
    free(t->values);
    memset(t, 0, sizeof *t);
}

void cor_netbuilder_destroy(cor_netbuilder *b)
{
    if (!b) return;
    for (int32_t i = 0; i < b->n_nodes; i++) free(b->node_id[i]);
    for (int32_t i = 0; i < b->n_zones; i++) free(b->zone_id[i]);
    for (int32_t i = 0; i < b->n_links; i++) free(b->link_id[i]);
    free(b->node_id); free(b->x); free(b->y); free(b->no_thru); free(b->node_zone);
    free(b->zone_node); free(b->zone_id);
    free(b->links); free(b->link_id);
    strtab_free(&b->lx, b->lx_rows);
    strtab_free(&b->nx, b->nx_rows);
    cor__strmap_free(&b->node_map);
    free(b);
}

int32_t cor_netbuilder_n_links(const cor_netbuilder *b) { return b->n_links; }
int32_t cor_netbuilder_n_nodes(const cor_netbuilder *b) { return b->n_nodes; }

int32_t cor_netbuilder_add_node(cor_netbuilder *b, const char *id, double x,
                                double y, cor_error *err)
{
    if (cor__strmap_get(&b->node_map, id) >= 0) {
        cor_error_set(err, COR_E_INPUT, "duplicate node id '%s'", id);
        return -1;
    }
    int32_t cap = b->cap_nodes;
    int32_t need = b->n_nodes + 1;
    if (grow((void **)&b->node_id, &cap, need, sizeof(char *))) goto nomem;
    cap = b->cap_nodes;
    if (grow((void **)&b->x, &cap, need, sizeof(double))) goto nomem;
    cap = b->cap_nodes;
    if (grow((void **)&b->y, &cap, need, sizeof(double))) goto nomem;
    cap = b->cap_nodes;
    if (grow((void **)&b->no_thru, &cap, need, 1)) goto nomem;
    cap = b->cap_nodes;
    if (grow((void **)&b->node_zone, &cap, need, sizeof(int32_t))) goto nomem;
    b->cap_nodes = cap;
    char *s = xstrdup(id);
    if (!s) goto nomem;
    int32_t i = b->n_nodes;
    if (cor__strmap_put(&b->node_map, s, i) < 0) { free(s); goto nomem; }
    b->node_id[i] = s;
    b->x[i] = x;
    b->y[i] = y;
    b->no_thru[i] = 0;
    b->node_zone[i] = -1;
    b->n_nodes++;
    return i;
nomem:
    cor_error_set(err, COR_E_NOMEM, "out of memory adding node '%s'", id);
    return -1;
}

int32_t cor_netbuilder_find_node(const cor_netbuilder *b, const char *id)
{
    return cor__strmap_get(&b->node_map, id);
}

cor_status cor_netbuilder_add_link(cor_netbuilder *b, const cor_link_spec *s,
                                   cor_error *err)
{
    if (s->from < 0 || s->from >= b->n_nodes || s->to < 0 || s->to >= b->n_nodes)
        return cor_error_set(err, COR_E_INPUT, "link refers to an unknown node");
    int32_t cap = b->cap_links;
    if (grow((void **)&b->links, &cap, b->n_links + 1, sizeof *b->links))
        return cor_error_set(err, COR_E_NOMEM, "out of memory adding a link");
    cap = b->cap_links;
    if (grow((void **)&b->link_id, &cap, b->n_links + 1, sizeof(char *)))
        return cor_error_set(err, COR_E_NOMEM, "out of memory adding a link");
    b->cap_links = cap;
    char buf[32];
    const char *id = s->id;
    if (!id) {
        snprintf(buf, sizeof buf, "%ld", (long)b->n_links + 1);
        id = buf;
    }
    char *dup = xstrdup(id);
    if (!dup) return cor_error_set(err, COR_E_NOMEM, "out of memory adding a link");
    b->links[b->n_links] = *s;
    b->links[b->n_links].id = NULL;
    b->link_id[b->n_links] = dup;
    b->n_links++;
    return COR_OK;
}

cor_status cor_netbuilder_add_zone(cor_netbuilder *b, int32_t node,
                                   const char *zone_id, cor_error *err)
{
    if (node < 0 || node >= b->n_nodes)
        return cor_error_set(err, COR_E_INPUT, "zone '%s' on an unknown node", zone_id);
    if (b->node_zone[node] >= 0)
        return cor_error_set(err, COR_E_INPUT, "node '%s' already carries zone '%s'",
                             b->node_id[node], b->zone_id[b->node_zone[node]]);
    int32_t cap = b->cap_zones;
    if (grow((void **)&b->zone_node, &cap, b->n_zones + 1, sizeof(int32_t)))
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    cap = b->cap_zones;
    if (grow((void **)&b->zone_id, &cap, b->n_zones + 1, sizeof(char *)))
        return cor_error_set(err, COR_E_NOMEM, "out of memory");
    b->cap_zones = cap;
    char *s = xstrdup(zone_id);
    if (!s) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    b->zone_node[b->n_zones] = node;
    b->zone_id[b->n_zones] = s;
    b->node_zone[node] = b->n_zones;
    b->n_zones++;
    return COR_OK;
}

void cor_netbuilder_set_no_thru(cor_netbuilder *b, int32_t node, int on)
{
    if (node >= 0 && node < b->n_nodes) b->no_thru[node] = on ? 1 : 0;
}

static cor_status extra_cols(cor_strtab *t, int n, const char *const *names,
                             cor_error *err)
{
    if (t->n_cols) return cor_error_set(err, COR_E_USAGE, "extra columns declared twice");
    t->names = calloc((size_t)(n > 0 ? n : 1), sizeof *t->names);
    t->values = calloc((size_t)(n > 0 ? n : 1), sizeof *t->values);
    if (!t->names || !t->values) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    t->n_cols = n;
    for (int c = 0; c < n; c++)
        if (!(t->names[c] = xstrdup(names[c])))
            return cor_error_set(err, COR_E_NOMEM, "out of memory");
    return COR_OK;
}

static cor_status extra_set(cor_strtab *t, int32_t *rows, int32_t pos, int col,
                            const char *v, cor_error *err)
{
    if (col < 0 || col >= t->n_cols || pos < 0)
        return cor_error_set(err, COR_E_USAGE, "extra column %d / row %ld out of range",
                             col, (long)pos);
    if (pos >= *rows) {
        int32_t nr = *rows ? *rows : 64;
        while (nr <= pos) nr *= 2;
        for (int c = 0; c < t->n_cols; c++) {
            char **q = realloc(t->values[c], (size_t)nr * sizeof *q);
            if (!q) return cor_error_set(err, COR_E_NOMEM, "out of memory");
            memset(q + *rows, 0, (size_t)(nr - *rows) * sizeof *q);
            t->values[c] = q;
        }
        *rows = nr;
    }
    char *s = xstrdup(v ? v : "");
    if (!s) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    free(t->values[col][pos]);
    t->values[col][pos] = s;
    return COR_OK;
}

cor_status cor_netbuilder_link_extra_cols(cor_netbuilder *b, int n,
                                          const char *const *names, cor_error *err)
{
    return extra_cols(&b->lx, n, names, err);
}
cor_status cor_netbuilder_link_extra_set(cor_netbuilder *b, int32_t pos, int col,
                                         const char *value, cor_error *err)
{
    return extra_set(&b->lx, &b->lx_rows, pos, col, value, err);
}
cor_status cor_netbuilder_node_extra_cols(cor_netbuilder *b, int n,
                                          const char *const *names, cor_error *err)
{
    return extra_cols(&b->nx, n, names, err);
}
cor_status cor_netbuilder_node_extra_set(cor_netbuilder *b, int32_t node, int col,
                                         const char *value, cor_error *err)
{
    return extra_set(&b->nx, &b->nx_rows, node, col, value, err);
}

/* Moves builder extras (values[col][input pos]) into a network table with
 * rows in `perm` order (perm[new] = old), filling absent values with "". */
static int strtab_take(cor_strtab *dst, cor_strtab *src, int32_t src_rows,
                       int32_t n, const int32_t *perm)
{
    memset(dst, 0, sizeof *dst);
    if (!src->n_cols) return 0;
    dst->n_cols = src->n_cols;
    dst->names = src->names;
    src->names = NULL;
    dst->values = calloc((size_t)src->n_cols, sizeof *dst->values);
    if (!dst->values) return -1;
    for (int c = 0; c < src->n_cols; c++) {
        char **col = malloc((size_t)(n > 0 ? n : 1) * sizeof *col);
        if (!col) return -1;
        dst->values[c] = col;
        for (int32_t r = 0; r < n; r++) {
            int32_t o = perm ? perm[r] : r;
            char *v = (o < src_rows && src->values[c]) ? src->values[c][o] : NULL;
            if (v) src->values[c][o] = NULL;
            else if (!(v = xstrdup(""))) {
                for (int32_t k = r; k < n; k++) col[k] = NULL;
                return -1;
            }
            col[r] = v;
        }
    }
    return 0;
}

static void net_alloc_fail_cleanup(cor_network *net) { cor_network_destroy(net); }

cor_status cor_netbuilder_finish(cor_netbuilder *b, cor_network **out, cor_error *err)
{
    *out = NULL;
    cor_network *net = calloc(1, sizeof *net);
    net_priv *pv = calloc(1, sizeof *pv);
    if (!net || !pv) { free(net); free(pv); cor_netbuilder_destroy(b); return cor_error_set(err, COR_E_NOMEM, "out of memory"); }
    net->priv_ = pv;
    cor__strmap_init(&pv->node_map);
    cor__strmap_init(&pv->zone_map);
    cor__strmap_init(&pv->link_map);
    int32_t n = b->n_nodes, m = b->n_links;
    size_t nn = (size_t)(n > 0 ? n : 1), mm = (size_t)(m > 0 ? m : 1);
    net->n_nodes = n;
    net->n_links = m;
    net->n_zones = b->n_zones;
    /* nodes: take ownership */
    net->node_id = b->node_id; b->node_id = NULL;
    net->node_x = b->x; b->x = NULL;
    net->node_y = b->y; b->y = NULL;
    net->no_thru = b->no_thru; b->no_thru = NULL;
    net->node_zone = b->node_zone; b->node_zone = NULL;
    net->zone_node = b->zone_node; b->zone_node = NULL;
    net->zone_id = b->zone_id; b->zone_id = NULL;
    b->n_nodes = 0;
    b->n_zones = 0;
    if (!net->node_id) {
        net->node_id = calloc(1, sizeof(char *));
        net->node_x = calloc(1, sizeof(double));
        net->node_y = calloc(1, sizeof(double));
        net->no_thru = calloc(1, 1);
        net->node_zone = calloc(1, sizeof(int32_t));
    }
    if (!net->zone_node) {
        net->zone_node = calloc(1, sizeof(int32_t));
        net->zone_id = calloc(1, sizeof(char *));
    }
    net->first_out = calloc(nn + 1, sizeof(int32_t));
    net->first_in = calloc(nn + 1, sizeof(int32_t));
    net->in_link = malloc(mm * sizeof(int32_t));
    net->link_from = malloc(mm * sizeof(int32_t));
    net->link_to = malloc(mm * sizeof(int32_t));
    net->link_id = calloc(mm, sizeof(char *));
    net->link_order = malloc(mm * sizeof(int32_t));
    net->link_by_order = malloc(mm * sizeof(int32_t));
    net->link_line = malloc(mm * sizeof(int64_t));
    net->capacity = malloc(mm * sizeof(double));
    net->length = malloc(mm * sizeof(double));
    net->fftime = malloc(mm * sizeof(double));
    net->vdf_alpha = malloc(mm * sizeof(double));
    net->vdf_beta = malloc(mm * sizeof(double));
    net->toll = malloc(mm * sizeof(double));
    net->speed = malloc(mm * sizeof(double));
    net->link_type = malloc(mm * sizeof(int32_t));
    net->vdf_kind = malloc(mm);
    if (!net->node_id || !net->node_x || !net->node_y || !net->no_thru ||
        !net->node_zone || !net->zone_node || !net->zone_id || !net->first_out ||
        !net->first_in || !net->in_link || !net->link_from || !net->link_to ||
        !net->link_id || !net->link_order || !net->link_by_order || !net->link_line ||
        !net->capacity || !net->length || !net->fftime || !net->vdf_alpha ||
        !net->vdf_beta || !net->toll || !net->speed || !net->link_type ||
        !net->vdf_kind)
        goto nomem;
    /* counting sort of links by from-node, stable */
    for (int32_t k = 0; k < m; k++) net->first_out[b->links[k].from + 1]++;
    for (int32_t u = 0; u < n; u++) net->first_out[u + 1] += net->first_out[u];
    {
        int32_t *pos = malloc(nn * sizeof(int32_t));
        if (!pos) goto nomem;
        memcpy(pos, net->first_out, nn * sizeof(int32_t));
        for (int32_t k = 0; k < m; k++) {
            const cor_link_spec *s = &b->links[k];
            int32_t a = pos[s->from]++;
            net->link_order[a] = k;
            net->link_by_order[k] = a;
            net->link_from[a] = s->from;
            net->link_to[a] = s->to;
            net->link_id[a] = b->link_id[k];
            b->link_id[k] = NULL;
            net->capacity[a] = s->capacity;
            net->length[a] = s->length;
            net->fftime[a] = s->fftime;
            net->vdf_alpha[a] = s->alpha;
            net->vdf_beta[a] = s->beta;
            net->toll[a] = s->toll;
            net->speed[a] = s->speed;
            net->link_type[a] = s->link_type;
            net->vdf_kind[a] = (uint8_t)s->vdf;
            net->link_line[a] = s->line;
        }
        free(pos);
    }
    /* reverse star */
    for (int32_t a = 0; a < m; a++) net->first_in[net->link_to[a] + 1]++;
    for (int32_t u = 0; u < n; u++) net->first_in[u + 1] += net->first_in[u];
    {
        int32_t *pos = malloc(nn * sizeof(int32_t));
        if (!pos) goto nomem;
        memcpy(pos, net->first_in, nn * sizeof(int32_t));
        for (int32_t a = 0; a < m; a++) net->in_link[pos[net->link_to[a]]++] = a;
        free(pos);
    }
    if (strtab_take(&net->link_extra, &b->lx, b->lx_rows, m, net->link_order) ||
        strtab_take(&net->node_extra, &b->nx, b->nx_rows, n, NULL))
        goto nomem;
    /* lookup maps (duplicate link ids are allowed; lookup finds the first) */
    for (int32_t u = 0; u < n; u++)
        if (cor__strmap_put(&pv->node_map, net->node_id[u], u) < 0) goto nomem;
    for (int32_t z = 0; z < net->n_zones; z++)
        if (cor__strmap_put(&pv->zone_map, net->zone_id[z], z) < 0) goto nomem;
    for (int32_t k = 0; k < m; k++) {
        int32_t a = net->link_by_order[k];
        if (cor__strmap_put(&pv->link_map, net->link_id[a], a) < 0) goto nomem;
    }
    cor_netbuilder_destroy(b);
    *out = net;
    return COR_OK;
nomem:
    cor_netbuilder_destroy(b);
    net_alloc_fail_cleanup(net);
    return cor_error_set(err, COR_E_NOMEM, "out of memory building the network");
}

void cor_network_destroy(cor_network *net)
{
    if (!net) return;
    net_priv *pv = net->priv_;
    if (pv) {
        cor__strmap_free(&pv->node_map);
        cor__strmap_free(&pv->zone_map);
        cor__strmap_free(&pv->link_map);
        free(pv);
    }
    if (net->node_id)
        for (int32_t i = 0; i < net->n_nodes; i++) free(net->node_id[i]);
    if (net->zone_id)
        for (int32_t i = 0; i < net->n_zones; i++) free(net->zone_id[i]);
    if (net->link_id)
        for (int32_t i = 0; i < net->n_links; i++) free(net->link_id[i]);
    strtab_free(&net->link_extra, net->n_links);
    strtab_free(&net->node_extra, net->n_nodes);
    free(net->node_id); free(net->node_x); free(net->node_y); free(net->node_zone);
    free(net->no_thru); free(net->zone_node); free(net->zone_id);
    free(net->first_out); free(net->first_in); free(net->in_link);
    free(net->link_from); free(net->link_to); free(net->link_id);
    free(net->link_order); free(net->link_by_order);
    free(net->capacity); free(net->length); free(net->fftime);
    free(net->vdf_alpha); free(net->vdf_beta); free(net->toll); free(net->speed);
    free(net->link_type); free(net->vdf_kind);
    free(net->link_line); free(net->link_file);
    free(net->notes);
    free(net);
}

const char *cor_network_link_where(const cor_network *net, int32_t a, char *buf, size_t n)
{
    if (!n) return buf;
    const char *id = a >= 0 && a < net->n_links ? net->link_id[a] : "?";
    if (net->link_file && net->link_line && a >= 0 && a < net->n_links && net->link_line[a] > 0)
        snprintf(buf, n, "%s:%lld: link %s", net->link_file, (long long)net->link_line[a], id);
    else
        snprintf(buf, n, "link %s", id);
    return buf;
}

cor_status cor__network_note(cor_network *net, cor_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    size_t old = net->notes ? strlen(net->notes) : 0;
    char *s = n < 0 ? NULL : realloc(net->notes, old + (size_t)n + 2);
    if (!s) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    if (old) s[old++] = '\n';
    va_start(ap, fmt);
    vsnprintf(s + old, (size_t)n + 1, fmt, ap);
    va_end(ap);
    net->notes = s;
    return COR_OK;
}

int32_t cor_network_find_node(const cor_network *net, const char *id)
{
    return cor__strmap_get(&((net_priv *)net->priv_)->node_map, id);
}
int32_t cor_network_find_zone(const cor_network *net, const char *id)
{
    return cor__strmap_get(&((net_priv *)net->priv_)->zone_map, id);
}
int32_t cor_network_find_link(const cor_network *net, const char *id)
{
    return cor__strmap_get(&((net_priv *)net->priv_)->link_map, id);
}

static int find_col(const cor_strtab *t, const char *name)
{
    for (int c = 0; c < t->n_cols; c++)
        if (strcmp(t->names[c], name) == 0) return c;
    return -1;
}
int cor_network_link_col(const cor_network *net, const char *name)
{
    return find_col(&net->link_extra, name);
}
int cor_network_node_col(const cor_network *net, const char *name)
{
    return find_col(&net->node_extra, name);
}

cor_network *cor_network_clone(const cor_network *net)
{
    cor_netbuilder *b = cor_netbuilder_create();
    if (!b) return NULL;
    for (int32_t u = 0; u < net->n_nodes; u++) {
        if (cor_netbuilder_add_node(b, net->node_id[u], net->node_x[u], net->node_y[u], NULL) < 0)
            goto fail;
        cor_netbuilder_set_no_thru(b, u, net->no_thru[u]);
    }
    for (int32_t z = 0; z < net->n_zones; z++)
        if (cor_netbuilder_add_zone(b, net->zone_node[z], net->zone_id[z], NULL)) goto fail;
    for (int32_t k = 0; k < net->n_links; k++) {
        int32_t a = net->link_by_order[k];
        cor_link_spec s = {
            .from = net->link_from[a], .to = net->link_to[a], .id = net->link_id[a],
            .capacity = net->capacity[a], .length = net->length[a],
            .fftime = net->fftime[a], .alpha = net->vdf_alpha[a],
            .beta = net->vdf_beta[a], .toll = net->toll[a], .speed = net->speed[a],
            .link_type = net->link_type[a], .vdf = (cor_vdf_kind)net->vdf_kind[a],
            .line = net->link_line ? net->link_line[a] : 0};
        if (cor_netbuilder_add_link(b, &s, NULL)) goto fail;
    }
    if (net->link_extra.n_cols) {
        if (cor_netbuilder_link_extra_cols(b, net->link_extra.n_cols,
                                           (const char *const *)net->link_extra.names, NULL))
            goto fail;
        for (int c = 0; c < net->link_extra.n_cols; c++)
            for (int32_t k = 0; k < net->n_links; k++)
                if (cor_netbuilder_link_extra_set(b, k, c,
                        net->link_extra.values[c][net->link_by_order[k]], NULL))
                    goto fail;
    }
    if (net->node_extra.n_cols) {
        if (cor_netbuilder_node_extra_cols(b, net->node_extra.n_cols,
                                           (const char *const *)net->node_extra.names, NULL))
            goto fail;
        for (int c = 0; c < net->node_extra.n_cols; c++)
            for (int32_t u = 0; u < net->n_nodes; u++)
                if (cor_netbuilder_node_extra_set(b, u, c, net->node_extra.values[c][u], NULL))
                    goto fail;
    }
    cor_network *out = NULL;
    if (cor_netbuilder_finish(b, &out, NULL)) return NULL;
    if ((net->notes && !(out->notes = xstrdup(net->notes))) ||
        (net->link_file && !(out->link_file = xstrdup(net->link_file)))) {
        cor_network_destroy(out);
        return NULL;
    }
    return out;
fail:
    cor_netbuilder_destroy(b);
    return NULL;
}
