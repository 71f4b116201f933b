/* corridor internal — string -> int32 hash map (open addressing, linear
 * probing, SipHash-1-3 under a random key per map: crafted ids cannot
 * collide on purpose).  Each slot keeps the key's hash beside it, so a probe
 * touches one slot and compares strings only on a hash match.  Keys are
 * borrowed: they must outlive the map. */
#ifndef COR_STRMAP_H
#define COR_STRMAP_H
#include <stddef.h>
#include <stdint.h>

typedef struct cor__strslot {
    const char *key;  /* NULL = empty */
    uint32_t hash;
    int32_t val;
} cor__strslot;

typedef struct cor__strmap {
    cor__strslot *slots;
    uint32_t cap;   /* power of two */
    uint32_t n;
    uint64_t k0, k1; /* the SipHash key */
    uint64_t probes; /* slots visited by cor__strmap_put (tests, bench) */
} cor__strmap;

/* A map under a fresh random key (getrandom). */
void cor__strmap_init(cor__strmap *m);
/* A map under a given key (tests, benchmarks: reproducible probe counts). */
void cor__strmap_init_keyed(cor__strmap *m, uint64_t k0, uint64_t k1);
void cor__strmap_free(cor__strmap *m);
/* Returns 0 on insert, 1 if the key already existed (value untouched),
 * -1 on no memory. */
int cor__strmap_put(cor__strmap *m, const char *key, int32_t val);
int32_t cor__strmap_get(const cor__strmap *m, const char *key); /* -1 absent */
/* SipHash-c-d of data[0..len) under the key (k0, k1) (c compression, d
 * finalization rounds; 2-4 is the reference's, checked against its test
 * vectors), and SipHash-1-3, the map's hash. */
uint64_t cor__siphash(const void *data, size_t len, uint64_t k0, uint64_t k1, int c, int d);
uint64_t cor__siphash13(const void *data, size_t len, uint64_t k0, uint64_t k1);
#endif
