/* bench_strmap — hash flooding (issue #13 item 11): time to add N node ids
 * to a network builder (the id map every reader fills), for N ordinary ids
 * ("n0", "n1", ...), N ordinary ids as long as the crafted ones (zero-padded
 * numbers), and N ids whose 32-bit FNV-1a hashes are all equal
 * (bench/fnv_collide.h), and, for comparison, an unkeyed FNV-1a table of
 * the kind src/core/strmap.c used before, on a few crafted sizes.
 *
 * usage: bench_strmap [N [REPEAT]]   (default N = 1048576 = 2^20, REPEAT 3;
 *                                      N is rounded down to a power of two)
 * Prints the best of REPEAT wall times per case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corridor/corridor.h"
#include "fnv_collide.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double load(char *ids, size_t stride, long n)
{
    double t = now();
    cor_netbuilder *b = cor_netbuilder_create();
    for (long k = 0; k < n; k++)
        if (cor_netbuilder_add_node(b, ids + (size_t)k * stride, 0, 0, NULL) != k) {
            fprintf(stderr, "add_node failed at %ld\n", k);
            exit(1);
        }
    double dt = now() - t;
    cor_netbuilder_destroy(b);
    return dt;
}

/* the unkeyed FNV-1a open-addressing table, for the "before" column */
static double fnv_table(char *ids, size_t stride, long n)
{
    double t = now();
    size_t cap = 64;
    while (cap < 2 * (size_t)n) cap *= 2;
    const char **slot = calloc(cap, sizeof *slot);
    for (long k = 0; k < n; k++) {
        const char *s = ids + (size_t)k * stride;
        size_t j = fnv1a(s) & (cap - 1);
        while (slot[j] && strcmp(slot[j], s)) j = (j + 1) & (cap - 1);
        slot[j] = s;
    }
    free(slot);
    return now() - t;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1L << 20;
    int rep = argc > 2 ? atoi(argv[2]) : 3;
    int L = 0;
    while ((2L << L) <= n) L++;
    n = 1L << L;
    char (*blocks)[4] = malloc(sizeof(char[4]) * 2 * (size_t)L);
    double t = now();
    if (fnv_collide_blocks(L, blocks)) { fprintf(stderr, "no collision found\n"); return 1; }
    size_t stride = (size_t)(4 * L + 1);
    char *crafted = malloc((size_t)n * stride), *plain = malloc((size_t)n * 24);
    char *padded = malloc((size_t)n * stride);
    for (long k = 0; k < n; k++) {
        fnv_collide_id((const char(*)[4])blocks, L, (uint64_t)k, crafted + (size_t)k * stride);
        snprintf(plain + (size_t)k * 24, 24, "n%ld", k);
        char *d = padded + (size_t)k * stride; /* "n000...0k", stride - 1 bytes */
        memset(d, '0', stride - 1);
        d[0] = 'n';
        d[stride - 1] = 0;
        for (long v = k, i = (long)stride - 2; v > 0 && i > 0; v /= 10, i--) d[i] = (char)('0' + v % 10);
    }
    printf("%ld ids of %zu bytes with one FNV-1a hash %08x, built in %.2f s\n", n, stride - 1,
           fnv1a(crafted), now() - t);
    double bo = 1e30, bp = 1e30, bc = 1e30;
    for (int r = 0; r < rep; r++) {
        double a = load(plain, 24, n), p = load(padded, stride, n), c = load(crafted, stride, n);
        if (a < bo) bo = a;
        if (p < bp) bp = p;
        if (c < bc) bc = c;
    }
    printf("cor_netbuilder_add_node x %ld: ordinary short %.3f s, ordinary %zu-byte %.3f s, crafted %.3f s"
           " (crafted / same-length ordinary %.2f)\n", n, bo, stride - 1, bp, bc, bc / bp);
    for (long m = 1 << 13; m <= (1 << 15) && m <= n; m *= 2)
        printf("unkeyed FNV-1a table (before), %ld crafted ids: %.3f s; ordinary %.4f s\n", m,
               fnv_table(crafted, stride, m), fnv_table(plain, 24, m));
    free(crafted);
    free(plain);
    free(padded);
    free(blocks);
    return 0;
}
