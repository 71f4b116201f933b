/* corridor tests and bench — ids whose 32-bit FNV-1a hashes are all equal
 * (the unkeyed hash src/core/strmap.c used before issue #13 item 11).
 *
 * FNV-1a's state after a block depends only on the state before it, so
 * with L pairs of 4-byte blocks (A_i, B_i) that collide from the state
 * reached after blocks 1..i-1, every one of the 2^L concatenations of one
 * block per level has the same hash.  Each pair is found by a birthday
 * search over random printable blocks (about 2^16 candidates per level). */
#ifndef COR_FNV_COLLIDE_H
#define COR_FNV_COLLIDE_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline uint32_t fnv_step(uint32_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}
static inline uint32_t fnv1a(const char *s) { return fnv_step(2166136261u, s, strlen(s)); }

typedef struct fnv_cand { uint32_t h; char b[4]; } fnv_cand;
static int fnv_cand_cmp(const void *a, const void *b)
{
    uint32_t x = ((const fnv_cand *)a)->h, y = ((const fnv_cand *)b)->h;
    return x < y ? -1 : x > y;
}

/* Fills blocks[2*levels][4] with the colliding pairs; returns 0, or -1 when
 * a level found no pair (does not happen in practice). */
static inline int fnv_collide_blocks(int levels, char (*blocks)[4])
{
    enum { NC = 1 << 19 };
    fnv_cand *c = malloc(NC * sizeof *c);
    if (!c) return -1;
    uint32_t h = 2166136261u;
    uint64_t x = 0x2545F4914F6CDD1Dull;
    for (int l = 0; l < levels; l++) {
        for (int i = 0; i < NC; i++) {
            for (int k = 0; k < 4; k++) {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                c[i].b[k] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[(x >> 32) % 62];
            }
            c[i].h = fnv_step(h, c[i].b, 4);
        }
        qsort(c, NC, sizeof *c, fnv_cand_cmp);
        int found = 0;
        for (int i = 0; i + 1 < NC && !found; i++)
            if (c[i].h == c[i + 1].h && memcmp(c[i].b, c[i + 1].b, 4)) {
                memcpy(blocks[2 * l], c[i].b, 4);
                memcpy(blocks[2 * l + 1], c[i + 1].b, 4);
                h = c[i].h;
                found = 1;
            }
        if (!found) { free(c); return -1; }
    }
    free(c);
    return 0;
}

/* Id number k (0 <= k < 2^levels) into out (4 * levels + 1 bytes). */
static inline void fnv_collide_id(const char (*blocks)[4], int levels, uint64_t k, char *out)
{
    for (int l = 0; l < levels; l++) memcpy(out + 4 * l, blocks[2 * l + ((k >> l) & 1)], 4);
    out[4 * levels] = '\0';
}
#endif
