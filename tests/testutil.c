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
