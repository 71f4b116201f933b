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
/* Number of files in dir (excluding . and ..). */
int tu_count_files(const char *dir);
/* Builds a network from a compact spec: n nodes "1".."n", zones 1..nz, and
 * links given as {from,to,fft,cap,alpha,beta} rows (1-based node ids). */
cor_network *tu_net(int n, int nz, int m, const double (*links)[6]);
/* Loads ../shared/tntp/SiouxFalls (network, trips and the best-known flows,
 * *best malloc'd per link) asserting every read succeeds; returns 0 when
 * ../shared is absent (callers then skip()). */
int tu_sioux_falls(cor_network **net, cor_demand **d, double **best);
/* Asserts |a-b| <= tol*max(1,|b|) with both values printed. */
#define tu_close(a, b, tol) tu_close_((a), (b), (tol), #a, __FILE__, __LINE__)
void tu_close_(double a, double b, double tol, const char *expr, const char *file, int line);
#endif
