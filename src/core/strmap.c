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
    free(m->slots);
    memset(m, 0, sizeof *m);
}

static int grow(cor__strmap *m)
{
    uint32_t ncap = m->cap ? m->cap * 2 : 64;
    cor__strslot *ns = calloc(ncap, sizeof *ns);
    if (!ns) return -1;
    for (uint32_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key) continue;
        uint32_t j = m->slots[i].hash & (ncap - 1);
        while (ns[j].key) j = (j + 1) & (ncap - 1);
        ns[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = ns;
    m->cap = ncap;
    return 0;
}

int cor__strmap_put(cor__strmap *m, const char *key, int32_t val)
{
    if ((m->n + 1) * 2 > m->cap && grow(m) != 0) return -1;
    uint32_t h = hash_str(key);
    uint32_t j = h & (m->cap - 1);
    while (m->slots[j].key) {
        if (m->slots[j].hash == h && strcmp(m->slots[j].key, key) == 0) return 1;
        j = (j + 1) & (m->cap - 1);
    }
    m->slots[j] = (cor__strslot){key, h, val};
    m->n++;
    return 0;
}

int32_t cor__strmap_get(const cor__strmap *m, const char *key)
{
    if (!m->cap) return -1;
    uint32_t h = hash_str(key);
    uint32_t j = h & (m->cap - 1);
    while (m->slots[j].key) {
        if (m->slots[j].hash == h && strcmp(m->slots[j].key, key) == 0) return m->slots[j].val;
        j = (j + 1) & (m->cap - 1);
    }
    return -1;
}
