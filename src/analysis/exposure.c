/* corridor — transit-country exposure from per-origin flows. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "corridor/analysis.h"

const char *cor_zone_country(const cor_network *net, int32_t z)
{
    int c = cor_network_node_col(net, "country");
    return c < 0 ? "" : net->node_extra.values[c][net->zone_node[z]];
}

static int cmpstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **cor_link_countries(const cor_network *net, int *n)
{
    *n = 0;
    int col = cor_network_link_col(net, "country");
    if (col < 0) return NULL;
    int cap = 16, cnt = 0;
    char **out = malloc((size_t)cap * sizeof *out);
    if (!out) return NULL;
    for (int32_t a = 0; a < net->n_links; a++) {
        const char *p = net->link_extra.values[col][a], *tok;
        size_t len;
        while ((tok = cor_country_next(&p, &len))) {
            int found = 0; /* the first spelling of a code (matching ignores case) */
            for (int i = 0; i < cnt && !found; i++)
                if (strlen(out[i]) == len && !strncasecmp(out[i], tok, len)) found = 1;
            if (found) continue;
            if (cnt == cap) {
                char **nn = realloc(out, (size_t)(cap *= 2) * sizeof *nn);
                if (!nn) goto fail;
                out = nn;
            }
            char *s = malloc(len + 1);
            if (!s) goto fail;
            memcpy(s, tok, len);
            s[len] = '\0';
            out[cnt++] = s;
        }
    }
    qsort(out, (size_t)cnt, sizeof *out, cmpstr);
    *n = cnt;
    return out;
fail:
    for (int i = 0; i < cnt; i++) free(out[i]);
    free(out);
    return NULL;
}

void cor_exposure_destroy(cor_exposure *e)
{
    if (!e) return;
    for (int i = 0; i < e->n_countries; i++) free(e->country[i]);
    free(e->country);
    free(e->transit); free(e->served); free(e->value);
    free(e->tonnes); free(e->value_usd); free(e->tonnes_share); free(e->value_share);
    free(e);
}

int cor_exposure_find(const cor_exposure *e, const char *country)
{
    for (int i = 0; i < e->n_countries; i++)
        if (!strcasecmp(e->country[i], country)) return i;
    return -1;
}

cor_status cor_exposure_compute(const cor_od_solution *s, const cor_network *net,
                                const double *value, cor_exposure **out, cor_error *err)
{
    *out = NULL;
    int K = s->n_classes;
    int32_t Z = s->n_zones, m = s->n_links;
    size_t zz = (size_t)Z * Z, kzz = (size_t)K * zz;
    cor_exposure *e = calloc(1, sizeof *e);
    if (!e) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    e->n_classes = K;
    e->n_zones = Z;
    e->country = cor_link_countries(net, &e->n_countries);
    if (cor_network_link_col(net, "country") < 0) {
        cor_exposure_destroy(e);
        return cor_error_set(err, COR_E_INPUT, "the network has no link column 'country' to measure exposure on");
    }
    int C = e->n_countries;
    size_t cc = (size_t)(C > 0 ? C : 1);
    e->transit = calloc(cc * kzz, sizeof(double));
    e->served = calloc(kzz ? kzz : 1, sizeof(double));
    e->value = malloc((size_t)K * sizeof(double));
    e->tonnes = calloc(cc, sizeof(double));
    e->value_usd = calloc(cc, sizeof(double));
    e->tonnes_share = calloc(cc, sizeof(double));
    e->value_share = calloc(cc, sizeof(double));
    uint8_t *set = malloc((size_t)(m > 0 ? m : 1));
    double *vin = malloc((kzz ? kzz : 1) * sizeof(double));
    int col = cor_network_link_col(net, "country");
    cor_status st = COR_OK;
    if ((C && !e->country) || !e->transit || !e->served || !e->value || !e->tonnes || !e->value_usd ||
        !e->tonnes_share || !e->value_share || !set || !vin) {
        st = cor_error_set(err, COR_E_NOMEM, "out of memory");
        goto fail;
    }
    for (int k = 0; k < K; k++) e->value[k] = value ? value[k] : 1.0;
    if ((st = cor_touch(s, net, NULL, 0, NULL, e->served, NULL, NULL, NULL, NULL, err))) goto fail;
    for (int k = 0; k < K; k++) {
        double tk = 0;
        for (size_t i = 0; i < zz; i++) {
            tk += e->served[(size_t)k * zz + i];
            e->total_tonnes += e->served[(size_t)k * zz + i];
            e->total_value += e->served[(size_t)k * zz + i] * e->value[k];
        }
        /* every value sum below is at most value x served tonnes of a class */
        if (!isfinite(tk * e->value[k]) || !isfinite(e->total_value)) {
            st = cor_error_set(err, COR_E_INPUT, "values: class %d: value %g USD/t x %g served t overflows", k,
                               e->value[k], tk);
            goto fail;
        }
    }
    for (int c = 0; c < C; c++) {
        for (int32_t a = 0; a < m; a++)
            set[a] = (uint8_t)cor_country_has(net->link_extra.values[col][a], e->country[c]);
        if ((st = cor_touch(s, net, set, 0, NULL, NULL, vin, NULL, NULL, NULL, err))) goto fail;
        double *tr = e->transit + (size_t)c * kzz;
        for (int32_t o = 0; o < Z; o++) {
            int oc = !strcasecmp(cor_zone_country(net, o), e->country[c]);
            for (int32_t d = 0; d < Z; d++) {
                if (oc || !strcasecmp(cor_zone_country(net, d), e->country[c])) continue;
                for (int k = 0; k < K; k++) {
                    size_t ix = (size_t)k * zz + (size_t)o * Z + d;
                    tr[ix] = vin[ix];
                    e->tonnes[c] += vin[ix];
                    e->value_usd[c] += vin[ix] * e->value[k];
                }
            }
        }
        e->tonnes_share[c] = e->total_tonnes > 0 ? e->tonnes[c] / e->total_tonnes : 0;
        e->value_share[c] = e->total_value > 0 ? e->value_usd[c] / e->total_value : 0;
    }
    free(set);
    free(vin);
    *out = e;
    return COR_OK;
fail:
    free(set);
    free(vin);
    cor_exposure_destroy(e);
    return st;
}
