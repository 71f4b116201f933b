/* corridor tests — shared helpers (cmocka). */
#ifndef COR_TESTUTIL_H
#define COR_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "corridor/corridor.h"

/* Path of ../shared/tntp/NAME beside the repository, or NULL when ../shared
 * is absent (callers then skip()). Returned string is static per call. */
const char *tu_shared(const char *rel);
/* Repository-relative path (static buffer rotation of 8). */
const char *tu_src(const char *rel);
/* A fresh temporary directory (malloc'd path); removed by tu_rmtree. */
char *tu_tmpdir(void);
void tu_rmtree(const char *dir);
/* Writes text to DIR/NAME, returns malloc'd full path. */
char *tu_write(const char *dir, const char *name, const char *text);
/* Runs the CLI with a shell command line (args appended to the binary);
 * captures stdout+stderr into *output (malloc'd) and returns the exit code. */
int tu_cli(char **output, const char *fmt, ...);
/* The whole file at path (malloc'd, NUL-terminated; *len its size when len
 * is not NULL), or NULL when it cannot be opened. */
char *tu_slurp(const char *path, size_t *len);
/* 1 when the shipped model data/eurasia (class.csv, scenarios/base.scenario)
 * is in the checkout. */
int tu_have_eurasia(void);
/* Number of files in dir (excluding . and ..). */
int tu_count_files(const char *dir);
/* Builds a network from a compact spec: n nodes "1".."n", zones 1..nz, and
 * links given as {from,to,fft,cap,alpha,beta} rows (1-based node ids). */
cor_network *tu_net(int n, int nz, int m, const double (*links)[6]);
/* Loads ../shared/tntp/SiouxFalls (network, trips and the best-known flows,
 * *best malloc'd per link) asserting every read succeeds; returns 0 when
 * ../shared is absent (callers then skip()). */
int tu_sioux_falls(cor_network **net, cor_demand **d, double **best);
/* Four nodes (zones 1, 2), six links given out of from-node order, plus a
 * parallel link, as tu_net rows: 3-4 (1), 1-2 (1), 2-4 (5), 1-3 (2), 2-3 (1),
 * 1-2 (3, parallel to input 1). */
extern const double TU_NET4[6][6];
/* Writes a 30 x 30 grid with 100 zones (TNTP zones are nodes 1..100, spread
 * over the grid) and demand between every pair to DIR/grid_net.tntp and
 * DIR/grid_trips.tntp (*net_path, *trips_path malloc'd): large enough that
 * the all-or-nothing sweeps really run on 2 threads (small ones run on one). */
void tu_grid(const char *dir, char **net_path, char **trips_path);
/* Replays the fuzz target fn (a tests/fuzz/fuzz_NAME.c compiled with
 * COR_FUZZ_REPLAY) on every seed in tests/fuzz/corpus/NAME/ (there must be
 * at least one) and every crash reproducer in tests/fuzz/regressions/NAME/;
 * a target aborts on a broken invariant. */
typedef int (*tu_fuzz_entry)(const uint8_t *data, size_t size);
void tu_replay(const char *name, tu_fuzz_entry fn);
/* Asserts |a-b| <= tol*max(1,|b|) with both values printed. */
#define tu_close(a, b, tol) tu_close_((a), (b), (tol), #a, __FILE__, __LINE__)
void tu_close_(double a, double b, double tol, const char *expr, const char *file, int line);
#endif
