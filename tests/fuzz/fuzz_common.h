/* corridor fuzzing — helpers shared by the libFuzzer targets in tests/fuzz/.
 *
 * Each target is written as FUZZ_TARGET(name) { ... }.  Built by
 * scripts/fuzz.sh (clang -fsanitize=fuzzer,address,undefined) it is the
 * libFuzzer entry point LLVMFuzzerTestOneInput; compiled with
 * COR_FUZZ_REPLAY defined (the test file of the module a target exercises
 * includes it: tests/test_tntp.c, test_gmns.c, test_assign.c, test_freight.c,
 * test_scenario.c; tests/test_io.c checks that every target is included once)
 * it becomes fuzz_entry_NAME, which the test suite calls on every seed in
 * tests/fuzz/corpus/NAME/ and every crash reproducer in
 * tests/fuzz/regressions/NAME/ under the normal and the sanitizer builds.
 *
 * The readers take paths, so each input is written to files in a private
 * temporary directory (created once per process in /dev/shm, else $TMPDIR;
 * $COR_FUZZ_TMPDIR overrides; removed at exit).  Inputs
 * holding several files separate them with a line "@@" (FZ_SEP).
 *
 * Besides crashes, targets check invariants with FZ_CHECK: a reader that
 * fails must set its error code and a message; one that succeeds must hand
 * back a consistent network/demand with finite values.
 */
#ifndef COR_FUZZ_COMMON_H
#define COR_FUZZ_COMMON_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corridor/corridor.h"

#ifdef COR_FUZZ_REPLAY
#define FUZZ_TARGET(name) int fuzz_entry_##name(const uint8_t *data, size_t size)
#else
#define FUZZ_TARGET(name) \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size); \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
#endif

#define FZ_CHECK(c)                                                               \
    do {                                                                          \
        if (!(c)) {                                                               \
            fprintf(stderr, "FZ_CHECK failed: %s (%s:%d)\n", #c, __FILE__, __LINE__); \
            abort();                                                              \
        }                                                                         \
    } while (0)

#define FZ_SEP "\n@@\n"
#define FZ_MAX_PARTS 6

static char fz_dir_path[4096];

static inline void fz_rmtree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char p[8192];
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            int n = snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            if (n < 0 || (size_t)n >= sizeof p) continue;
            struct stat sb;
            if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) fz_rmtree(p);
            else unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

static inline void fz_cleanup(void)
{
    if (fz_dir_path[0]) fz_rmtree(fz_dir_path);
}

/* The per-process scratch directory. */
static inline const char *fz_dir(void)
{
    if (!fz_dir_path[0]) {
        /* tmpfs when there is one: on a disk, writing the input files costs
         * 20 times more than reading them */
        const char *base = getenv("COR_FUZZ_TMPDIR");
        if (!base || !*base) base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
        snprintf(fz_dir_path, sizeof fz_dir_path, "%s/corfuzz.XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(fz_dir_path)) {
            perror("mkdtemp");
            abort();
        }
        atexit(fz_cleanup);
    }
    return fz_dir_path;
}

/* DIR/sub, created once (for readers that take a directory). */
static inline const char *fz_subdir(const char *sub)
{
    static char paths[4][4200];
    static int k;
    char *p = paths[k++ & 3];
    snprintf(p, sizeof paths[0], "%s/%s", fz_dir(), sub);
    mkdir(p, 0700);
    return p;
}

/* Writes n bytes to DIR/name (name may be "sub/file" with sub made by
 * fz_subdir); returns the path (static, rotating over 8). */
static inline const char *fz_write(const char *name, const void *data, size_t n)
{
    static char paths[8][4200];
    static int k;
    char *p = paths[k++ & 7];
    snprintf(p, sizeof paths[0], "%s/%s", fz_dir(), name);
    FILE *fp = fopen(p, "wb");
    if (!fp) {
        perror(p);
        abort();
    }
    if (n && fwrite(data, 1, n, fp) != n) abort();
    if (fclose(fp) != 0) abort();
    return p;
}

/* Deletes DIR/name (so an absent optional file stays absent). */
static inline void fz_remove(const char *name)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/%s", fz_dir(), name);
    unlink(p);
}

/* Splits data at each FZ_SEP into at most max parts; returns the count. */
static inline int fz_split(const uint8_t *data, size_t size, const uint8_t **part, size_t *len, int max)
{
    const size_t sl = strlen(FZ_SEP);
    int n = 0;
    size_t start = 0;
    for (size_t i = 0; n < max - 1 && i + sl <= size; i++) {
        if (memcmp(data + i, FZ_SEP, sl) == 0) {
            part[n] = data + start;
            len[n] = i - start + 1; /* keep the newline */
            n++;
            start = i + sl;
            i = start - 1;
        }
    }
    part[n] = data + start;
    len[n] = size - start;
    return n + 1;
}

/* A failed call must have filled the error object consistently. */
static inline void fz_check_error(cor_status st, const cor_error *err)
{
    FZ_CHECK(st != COR_OK);
    FZ_CHECK(err->code == st);
    FZ_CHECK(err->msg[0] != '\0');
    FZ_CHECK(memchr(err->msg, '\0', sizeof err->msg) != NULL);
    /* readers report bad content as bad input; i/o and memory are the only
     * other legitimate outcomes */
    FZ_CHECK(st == COR_E_INPUT || st == COR_E_IO || st == COR_E_NOMEM);
}

/* Structural invariants of a network returned by a reader. */
static inline void fz_check_network(const cor_network *net)
{
    FZ_CHECK(net != NULL);
    FZ_CHECK(net->n_nodes >= 0 && net->n_links >= 0 && net->n_zones >= 0);
    FZ_CHECK(net->n_zones <= net->n_nodes);
    FZ_CHECK(net->first_out[0] == 0 && net->first_in[0] == 0);
    FZ_CHECK(net->first_out[net->n_nodes] == net->n_links);
    FZ_CHECK(net->first_in[net->n_nodes] == net->n_links);
    for (int32_t u = 0; u < net->n_nodes; u++) {
        FZ_CHECK(net->first_out[u] <= net->first_out[u + 1]);
        FZ_CHECK(net->first_in[u] <= net->first_in[u + 1]);
        for (int32_t a = net->first_out[u]; a < net->first_out[u + 1]; a++) FZ_CHECK(net->link_from[a] == u);
        for (int32_t k = net->first_in[u]; k < net->first_in[u + 1]; k++) {
            int32_t a = net->in_link[k];
            FZ_CHECK(a >= 0 && a < net->n_links && net->link_to[a] == u);
        }
        FZ_CHECK(net->node_id[u] != NULL);
        FZ_CHECK(cor_network_find_node(net, net->node_id[u]) == u);
        FZ_CHECK(net->node_zone[u] >= -1 && net->node_zone[u] < net->n_zones);
    }
    for (int32_t z = 0; z < net->n_zones; z++) {
        int32_t u = net->zone_node[z];
        FZ_CHECK(u >= 0 && u < net->n_nodes && net->node_zone[u] == z);
        FZ_CHECK(cor_network_find_zone(net, net->zone_id[z]) == z);
    }
    for (int32_t a = 0; a < net->n_links; a++) {
        FZ_CHECK(net->link_to[a] >= 0 && net->link_to[a] < net->n_nodes);
        FZ_CHECK(net->link_order[a] >= 0 && net->link_order[a] < net->n_links);
        FZ_CHECK(net->link_by_order[net->link_order[a]] == a);
        FZ_CHECK(net->link_id[a] != NULL);
        FZ_CHECK(isfinite(net->fftime[a]) && net->fftime[a] >= 0);
        FZ_CHECK(isfinite(net->capacity[a]) && net->capacity[a] >= 0);
        FZ_CHECK(isfinite(net->length[a]) && net->length[a] >= 0);
        FZ_CHECK(isfinite(net->vdf_alpha[a]) && net->vdf_alpha[a] >= 0);
        FZ_CHECK(isfinite(net->vdf_beta[a]) && net->vdf_beta[a] >= 0);
        FZ_CHECK(isfinite(net->toll[a]));
        FZ_CHECK(net->vdf_kind[a] == COR_VDF_BPR || net->vdf_kind[a] == COR_VDF_CONSTANT);
        if (net->vdf_kind[a] == COR_VDF_BPR && net->vdf_alpha[a] > 0) FZ_CHECK(net->capacity[a] > 0);
    }
    for (int c = 0; c < net->link_extra.n_cols; c++)
        for (int32_t a = 0; a < net->n_links; a++) FZ_CHECK(net->link_extra.values[c][a] != NULL);
    for (int c = 0; c < net->node_extra.n_cols; c++)
        for (int32_t u = 0; u < net->n_nodes; u++) FZ_CHECK(net->node_extra.values[c][u] != NULL);
}

static inline void fz_check_demand(const cor_demand *d, const cor_network *net)
{
    FZ_CHECK(d != NULL);
    FZ_CHECK(d->n_zones == net->n_zones);
    FZ_CHECK(d->n_classes >= 1);
    size_t zz = (size_t)d->n_zones * (size_t)d->n_zones * (size_t)d->n_classes;
    for (size_t i = 0; i < zz; i++) FZ_CHECK(isfinite(d->od[i]) && d->od[i] >= 0);
    for (int c = 0; c < d->n_classes; c++) FZ_CHECK(d->class_name[c] != NULL);
    FZ_CHECK(isfinite(cor_demand_total(d, -1)));
}

/* A small fixed network: 6 nodes, zones 1..3, a few parallel paths. */
static const char FZ_NET[] =
    "<NUMBER OF ZONES> 3\n<NUMBER OF NODES> 6\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> 10\n"
    "<END OF METADATA>\n"
    "~ init term cap len fft b power speed toll type ;\n"
    "1 4 1000 1 1 0.15 4 0 0 1 ;\n4 1 1000 1 1 0.15 4 0 0 1 ;\n"
    "2 5 1000 1 1 0.15 4 0 0 1 ;\n5 2 1000 1 1 0.15 4 0 0 1 ;\n"
    "3 6 1000 1 1 0.15 4 0 0 1 ;\n6 3 1000 1 1 0.15 4 0 0 1 ;\n"
    "4 5 500 2 2 0.15 4 0 0 1 ;\n5 6 500 2 2 0.15 4 0 0 1 ;\n"
    "4 6 300 3 3 1 2 0 0 1 ;\n6 4 300 3 3 1 2 0 0 1 ;\n";

/* Reads FZ_NET (or the given text) as a TNTP network; aborts if it fails. */
static inline cor_network *fz_fixed_net(void)
{
    cor_network *net = NULL;
    cor_error err = {0};
    const char *p = fz_write("net.tntp", FZ_NET, sizeof FZ_NET - 1);
    if (cor_read_tntp_net(p, &net, &err) != COR_OK) {
        fprintf(stderr, "fixed network: %s\n", err.msg);
        abort();
    }
    return net;
}

#endif
