/* corridor tests — shared helpers. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

const char *tu_shared(const char *rel)
{
    static char buf[8][4096];
    static int i;
    char *b = buf[i++ & 7];
    snprintf(b, sizeof buf[0], "%s/../shared/%s", COR_SOURCE_DIR, rel);
    struct stat sb;
    if (stat(b, &sb) != 0) return NULL;
    return b;
}

const char *tu_src(const char *rel)
{
    static char buf[8][4096];
    static int i;
    char *b = buf[i++ & 7];
    snprintf(b, sizeof buf[0], "%s/%s", COR_SOURCE_DIR, rel);
    return b;
}

char *tu_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/cortest.XXXXXX", base ? base : "/tmp");
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

void tu_rmtree(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "warning: could not remove %s\n", dir);
}

char *tu_write(const char *dir, const char *name, const char *text)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return p;
}

int tu_cli(char **output, const char *fmt, ...)
{
    char args[8192], cmd[9000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "'%s' %s 2>&1", COR_CLI_PATH, args);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    size_t r;
    while ((r = fread(out + len, 1, cap - len - 1, p)) > 0) {
        len += r;
        if (cap - len < 1024) { cap *= 2; out = realloc(out, cap); }
    }
    out[len] = '\0';
    int st = pclose(p);
    if (output) *output = out;
    else free(out);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

int tu_count_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

cor_network *tu_net(int n, int nz, int m, const double (*links)[6])
{
    cor_netbuilder *b = cor_netbuilder_create();
    char id[32];
    for (int i = 1; i <= n; i++) {
        snprintf(id, sizeof id, "%d", i);
        assert_int_equal(cor_netbuilder_add_node(b, id, NAN, NAN, NULL), i - 1);
    }
    for (int z = 1; z <= nz; z++) {
        snprintf(id, sizeof id, "%d", z);
        assert_int_equal(cor_netbuilder_add_zone(b, z - 1, id, NULL), COR_OK);
    }
    for (int k = 0; k < m; k++) {
        cor_link_spec s = {.from = (int32_t)links[k][0] - 1, .to = (int32_t)links[k][1] - 1,
                           .fftime = links[k][2], .capacity = links[k][3],
                           .alpha = links[k][4], .beta = links[k][5],
                           .vdf = links[k][4] == 0 ? COR_VDF_CONSTANT : COR_VDF_BPR};
        assert_int_equal(cor_netbuilder_add_link(b, &s, NULL), COR_OK);
    }
    cor_network *net = NULL;
    assert_int_equal(cor_netbuilder_finish(b, &net, NULL), COR_OK);
    return net;
}

void tu_close_(double a, double b, double tol, const char *expr, const char *file, int line)
{
    double scale = fabs(b) > 1 ? fabs(b) : 1;
    if (!(fabs(a - b) <= tol * scale)) {
        fail_msg("%s:%d: %s = %.12g, expected %.12g (tolerance %g)", file, line, expr, a, b, tol);
    }
}

int tu_sioux_falls(cor_network **net, cor_demand **d, double **best)
{
    const char *np = tu_shared("tntp/SiouxFalls_net.tntp");
    const char *tp = tu_shared("tntp/SiouxFalls_trips.tntp");
    const char *fp = tu_shared("tntp/SiouxFalls_flow.tntp");
    if (!np || !tp || !fp) return 0;
    cor_error err = {0};
    assert_int_equal(cor_read_tntp_net(np, net, &err), COR_OK);
    assert_int_equal(cor_read_tntp_trips(tp, *net, d, &err), COR_OK);
    *best = malloc(sizeof(double) * (size_t)(*net)->n_links);
    assert_non_null(*best);
    assert_int_equal(cor_read_tntp_flow(fp, *net, *best, &err), COR_OK);
    return 1;
}

const double TU_NET4[6][6] = {
    {3, 4, 1, 10, 0, 0},  /* input 0 */
    {1, 2, 1, 10, 0, 0},  /* input 1 */
    {2, 4, 5, 10, 0, 0},  /* input 2 */
    {1, 3, 2, 10, 0, 0},  /* input 3 */
    {2, 3, 1, 10, 0, 0},  /* input 4 */
    {1, 2, 3, 10, 0, 0},  /* input 5: parallel to input 1 */
};

void tu_grid(const char *dir, char **net_path, char **trips_path)
{
    enum { N = 30 };
    int id[N][N], z = 0, k;
    for (int r = 0; r < N; r++)
        for (int c = 0; c < N; c++) id[r][c] = (r % 3 == 0 && c % 3 == 0) ? ++z : 0;
    k = z;
    for (int r = 0; r < N; r++)
        for (int c = 0; c < N; c++)
            if (!id[r][c]) id[r][c] = ++k;
    size_t cap = 1 << 22, len = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    int m = 4 * N * (N - 1);
    len += (size_t)snprintf(t + len, cap - len,
                            "<NUMBER OF ZONES> %d\n<NUMBER OF NODES> %d\n<FIRST THRU NODE> 1\n"
                            "<NUMBER OF LINKS> %d\n<END OF METADATA>\n", z, N * N, m);
    for (int r = 0; r < N; r++)
        for (int c = 0; c < N; c++) {
            int nb[2][2] = {{r, c + 1}, {r + 1, c}};
            for (int e = 0; e < 2; e++) {
                int r2 = nb[e][0], c2 = nb[e][1];
                if (r2 >= N || c2 >= N) continue;
                double cap1 = 300 + ((r * 7 + c * 13) % 10) * 60, fft = 1 + (r + c) % 3 + 0.1 * e;
                len += (size_t)snprintf(t + len, cap - len, "%d %d %g 1 %g 0.15 4 0 0 1 ;\n%d %d %g 1 %g 0.15 4 0 0 1 ;\n",
                                        id[r][c], id[r2][c2], cap1, fft, id[r2][c2], id[r][c], cap1 * 1.1, fft);
            }
        }
    *net_path = tu_write(dir, "grid_net.tntp", t);
    len = 0;
    len += (size_t)snprintf(t + len, cap - len, "<NUMBER OF ZONES> %d\n<END OF METADATA>\n", z);
    for (int o = 1; o <= z; o++) {
        len += (size_t)snprintf(t + len, cap - len, "Origin %d\n", o);
        for (int d = 1; d <= z; d++)
            if (d != o) len += (size_t)snprintf(t + len, cap - len, "%d : %d.%d ;\n", d, 40 + (o * d) % 90, o % 7);
    }
    *trips_path = tu_write(dir, "grid_trips.tntp", t);
    free(t);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs fn on every regular file of DIR (sorted); returns the count, -1 when
 * DIR does not exist. */
static int replay_dir(const char *dir, tu_fuzz_entry fn)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    char **names = NULL;
    int n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            names = realloc(names, (size_t)cap * sizeof *names);
            assert_non_null(names);
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (n) qsort(names, (size_t)n, sizeof *names, cmp_str);
    int done = 0;
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat sb;
        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
            FILE *fp = fopen(path, "rb");
            assert_non_null(fp);
            uint8_t *buf = malloc((size_t)sb.st_size + 1);
            assert_non_null(buf);
            size_t got = fread(buf, 1, (size_t)sb.st_size, fp);
            fclose(fp);
            assert_int_equal(got, (size_t)sb.st_size);
            print_message("  replay %s\n", path);
            assert_int_equal(fn(buf, got), 0);
            free(buf);
            done++;
        }
        free(names[i]);
    }
    free(names);
    return done;
}

void tu_replay(const char *name, tu_fuzz_entry fn)
{
    char dir[512];
    snprintf(dir, sizeof dir, "tests/fuzz/corpus/%s", name);
    int seeds = replay_dir(tu_src(dir), fn);
    /* every target has a seed corpus */
    assert_true(seeds >= 1);
    snprintf(dir, sizeof dir, "tests/fuzz/regressions/%s", name);
    int regs = replay_dir(tu_src(dir), fn);
    print_message("  %s: %d seeds, %d regressions\n", name, seeds, regs < 0 ? 0 : regs);
}

char *tu_slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    size_t cap = 1 << 16, n = 0, r;
    char *b = malloc(cap + 1);
    assert_non_null(b);
    while ((r = fread(b + n, 1, cap - n, fp)) > 0) {
        n += r;
        if (n == cap) {
            cap *= 2;
            b = realloc(b, cap + 1);
            assert_non_null(b);
        }
    }
    fclose(fp);
    b[n] = '\0';
    if (len) *len = n;
    return b;
}

/* ---- data/eurasia ------------------------------------------------------ */
int tu_have_eurasia(void)
{
    struct stat sb;
    return stat(tu_src("data/eurasia/class.csv"), &sb) == 0 &&
           stat(tu_src("data/eurasia/scenarios/base.scenario"), &sb) == 0;
}
