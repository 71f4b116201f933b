/* corridor internal — string hash map. */
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

void cor__strmap_init(cor__strmap *m) { memset(m, 0, sizeof *m); }

void cor__strmap_free(cor__strmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

static int grow(cor__strmap *m)
{
    uint32_t ncap = m->cap ? m->cap * 2 : 64;
    const char **nk = calloc(ncap, sizeof *nk);
    int32_t *nv = malloc(ncap * sizeof *nv);
    if (!nk || !nv) { free(nk); free(nv); return -1; }
    for (uint32_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        uint32_t j = hash_str(m->keys[i]) & (ncap - 1);
        while (nk[j]) j = (j + 1) & (ncap - 1);
        nk[j] = m->keys[i];
        nv[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = nk;
    m->vals = nv;
    m->cap = ncap;
    return 0;
}

int cor__strmap_put(cor__strmap *m, const char *key, int32_t val)
{
    if ((m->n + 1) * 2 > m->cap && grow(m) != 0) return -1;
    uint32_t j = hash_str(key) & (m->cap - 1);
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0) return 1;
        j = (j + 1) & (m->cap - 1);
    }
    m->keys[j] = key;
    m->vals[j] = val;
    m->n++;
    return 0;
}

int32_t cor__strmap_get(const cor__strmap *m, const char *key)
{
    if (!m->cap) return -1;
    uint32_t j = hash_str(key) & (m->cap - 1);
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0) return m->vals[j];
        j = (j + 1) & (m->cap - 1);
    }
    return -1;
}
