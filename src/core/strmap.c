/* corridor internal — string hash map (see strmap.h).
 *
 * Keys are hashed with SipHash-1-3 (Aumasson and Bernstein's keyed hash with
 * one compression and three finalization rounds) under a 128-bit key drawn
 * for each map from the kernel's random source, so ids crafted to collide
 * (under FNV-1a, the earlier unkeyed hash, or under any fixed function)
 * cannot be predicted to collide here: loading stays linear in the number of
 * ids (issue #13 item 11).  The map is never iterated, so the key changes no
 * output. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/random.h>

#include "core/strmap.h"

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                                                                    \
    do {                                                                            \
        v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);                   \
        v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;                                      \
        v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;                                      \
        v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);                   \
    } while (0)

uint64_t cor__siphash(const void *data, size_t len, uint64_t k0, uint64_t k1, int c, int d)
{
    const unsigned char *p = data;
    uint64_t v0 = 0x736f6d6570736575ull ^ k0, v1 = 0x646f72616e646f6dull ^ k1;
    uint64_t v2 = 0x6c7967656e657261ull ^ k0, v3 = 0x7465646279746573ull ^ k1;
    size_t n8 = len & ~(size_t)7;
    for (size_t i = 0; i < n8; i += 8) {
        uint64_t m = 0;
        for (int k = 7; k >= 0; k--) m = (m << 8) | p[i + (size_t)k]; /* little-endian */
        v3 ^= m;
        for (int r = 0; r < c; r++) SIPROUND;
        v0 ^= m;
    }
    uint64_t b = (uint64_t)len << 56;
    for (size_t k = len - n8; k > 0; k--) b |= (uint64_t)p[n8 + k - 1] << (8 * (k - 1));
    v3 ^= b;
    for (int r = 0; r < c; r++) SIPROUND;
    v0 ^= b;
    v2 ^= 0xff;
    for (int r = 0; r < d; r++) SIPROUND;
    return v0 ^ v1 ^ v2 ^ v3;
}

uint64_t cor__siphash13(const void *data, size_t len, uint64_t k0, uint64_t k1)
{
    return cor__siphash(data, len, k0, k1, 1, 3);
}

static uint32_t hash_str(const cor__strmap *m, const char *s)
{
    return (uint32_t)cor__siphash13(s, strlen(s), m->k0, m->k1);
}

void cor__strmap_init(cor__strmap *m)
{
    memset(m, 0, sizeof *m);
    uint64_t k[2];
#ifdef __EMSCRIPTEN__
    int no_entropy = getentropy(k, sizeof k) != 0; /* the browser's crypto */
#else
    int no_entropy = getrandom(k, sizeof k, GRND_NONBLOCK) != (ssize_t)sizeof k;
#endif
    if (no_entropy) {
        /* no entropy yet (early boot): still unpredictable enough to a file
         * author — the clock and this map's address */
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        k[0] = (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15ull ^ (uint64_t)(uintptr_t)m;
        k[1] = (uint64_t)ts.tv_sec * 0xbf58476d1ce4e5b9ull ^ (uint64_t)(uintptr_t)&k;
    }
    m->k0 = k[0];
    m->k1 = k[1];
}

void cor__strmap_init_keyed(cor__strmap *m, uint64_t k0, uint64_t k1)
{
    memset(m, 0, sizeof *m);
    m->k0 = k0;
    m->k1 = k1;
}

void cor__strmap_free(cor__strmap *m)
{
    free(m->slots);
    uint64_t k0 = m->k0, k1 = m->k1;
    memset(m, 0, sizeof *m);
    m->k0 = k0; /* reusable after free, as before */
    m->k1 = k1;
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
    uint32_t h = hash_str(m, key);
    uint32_t j = h & (m->cap - 1);
    m->probes++;
    while (m->slots[j].key) {
        if (m->slots[j].hash == h && strcmp(m->slots[j].key, key) == 0) return 1;
        j = (j + 1) & (m->cap - 1);
        m->probes++;
    }
    m->slots[j] = (cor__strslot){key, h, val};
    m->n++;
    return 0;
}

int32_t cor__strmap_get(const cor__strmap *m, const char *key)
{
    if (!m->cap) return -1;
    uint32_t h = hash_str(m, key);
    uint32_t j = h & (m->cap - 1);
    while (m->slots[j].key) {
        if (m->slots[j].hash == h && strcmp(m->slots[j].key, key) == 0) return m->slots[j].val;
        j = (j + 1) & (m->cap - 1);
    }
    return -1;
}
