/* corridor internal — string -> int32 hash map (open addressing, FNV-1a).
 * Each slot keeps the key's hash beside it, so a probe touches one slot and
 * compares strings only on a hash match.  Keys are borrowed: they must outlive
 * the map. */
#ifndef COR_STRMAP_H
#define COR_STRMAP_H
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
} cor__strmap;

void cor__strmap_init(cor__strmap *m);
void cor__strmap_free(cor__strmap *m);
/* Returns 0 on insert, 1 if the key already existed (value untouched),
 * -1 on no memory. */
int cor__strmap_put(cor__strmap *m, const char *key, int32_t val);
int32_t cor__strmap_get(const cor__strmap *m, const char *key); /* -1 absent */
#endif
