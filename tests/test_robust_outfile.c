/* corridor tests — atomic output files: a committed file appears whole, an
 * aborted or failed one leaves the previous file untouched and no
 * temporary behind (cor_outfile_*, the CSV writers). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/outfile.h"
#include "testutil.h"

static char *read_all(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    char *b = calloc(1, 1 << 16);
    assert_non_null(b);
    size_t n = fread(b, 1, (1 << 16) - 1, fp);
    b[n] = '\0';
    fclose(fp);
    return b;
}

static void commit_and_abort(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char *path = tu_write(dir, "result.csv", "old\n");
    cor_outfile f;
    cor_error err = {0};
    /* abort: the old file stays, no temporary */
    assert_int_equal(cor_outfile_open(&f, path, &err), COR_OK);
    assert_non_null(strstr(f.tmp, "result.csv.tmp."));
    assert_int_equal(tu_count_files(dir), 2);
    fputs("half written", f.fp);
    cor_outfile_abort(&f);
    assert_int_equal(tu_count_files(dir), 1);
    char *s = read_all(path);
    assert_string_equal(s, "old\n");
    free(s);
    cor_outfile_abort(&f); /* twice is harmless */
    /* commit: replaced whole */
    assert_int_equal(cor_outfile_open(&f, path, &err), COR_OK);
    fputs("new\n", f.fp);
    s = read_all(path);
    assert_string_equal(s, "old\n"); /* not visible before commit */
    free(s);
    assert_int_equal(cor_outfile_commit(&f, &err), COR_OK);
    s = read_all(path);
    assert_string_equal(s, "new\n");
    free(s);
    assert_int_equal(tu_count_files(dir), 1);
    free(path);
    tu_rmtree(dir);
    free(dir);
}

/* What a signal handler does: cor_outfile_abort_all removes every open
 * temporary; the interrupted file is never renamed into place. */
static void abort_all_like_a_signal(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char *a = tu_write(dir, "a.csv", "previous a\n");
    char *bp = malloc(strlen(dir) + 8);
    sprintf(bp, "%s/b.csv", dir);
    cor_outfile fa, fb;
    cor_error err = {0};
    assert_int_equal(cor_outfile_open(&fa, a, &err), COR_OK);
    assert_int_equal(cor_outfile_open(&fb, bp, &err), COR_OK);
    fputs("partial", fa.fp);
    fputs("partial", fb.fp);
    assert_int_equal(tu_count_files(dir), 3);
    cor_outfile_abort_all();
    assert_int_equal(tu_count_files(dir), 1);
    /* committing after the temporaries are gone fails cleanly */
    assert_int_equal(cor_outfile_commit(&fa, &err), COR_E_IO);
    assert_non_null(strstr(err.msg, "a.csv"));
    cor_outfile_abort(&fb);
    char *s = read_all(a);
    assert_string_equal(s, "previous a\n");
    free(s);
    assert_null(read_all(bp));
    assert_int_equal(tu_count_files(dir), 1);
    free(a);
    free(bp);
    tu_rmtree(dir);
    free(dir);
}

/* Temporaries made by other means (SQLite for GeoPackage) are registered
 * too and removed by cor_outfile_abort_all. */
static void tracked_foreign_temporary(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char *tmp = tu_write(dir, "results.gpkg.tmp.abc123", "SQLite format 3");
    cor__outfile_track(tmp, 1);
    cor_outfile_abort_all();
    assert_int_equal(tu_count_files(dir), 0);
    cor__outfile_track(tmp, 0);
    /* untracked: left alone */
    char *keep = tu_write(dir, "keep.tmp.zzz", "x");
    cor_outfile_abort_all();
    assert_int_equal(tu_count_files(dir), 1);
    free(tmp);
    free(keep);
    tu_rmtree(dir);
    free(dir);
}

static void open_errors(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    cor_outfile f;
    cor_error err = {0};
    char p[4200];
    snprintf(p, sizeof p, "%s/no/such/dir/x.csv", dir);
    assert_int_equal(cor_outfile_open(&f, p, &err), COR_E_IO);
    assert_non_null(strstr(err.msg, "x.csv: cannot create"));
    assert_null(f.fp);
    assert_int_equal(cor_outfile_commit(&f, &err), COR_E_USAGE); /* not open */
    cor_outfile_abort(&f);
    /* a writer into a missing directory: an i/o error, nothing left */
    const double links[][6] = {{1, 2, 1, 10, 0.15, 4}};
    cor_network *net = tu_net(2, 2, 1, links);
    double od[4] = {0, 5, 0, 0};
    cor_class c = {.name = "all", .demand = od, .vot = 1};
    cor_problem pr = {.net = net, .n_classes = 1, .classes = &c};
    cor_solution *sol = NULL;
    assert_int_equal(cor_assign(&pr, NULL, &sol, &err), COR_OK);
    assert_int_equal(cor_write_link_performance(p, net, sol, NULL, &err), COR_E_IO);
    snprintf(p, sizeof p, "%s/lp.csv", dir);
    assert_int_equal(cor_write_link_performance(p, net, sol, NULL, &err), COR_OK);
    char *s = read_all(p);
    assert_non_null(strstr(s, "link_id,from_node_id,to_node_id,volume"));
    assert_non_null(strstr(s, "\n1,1,2,5,"));
    free(s);
    assert_int_equal(tu_count_files(dir), 1);
    cor_solution_destroy(sol);
    cor_network_destroy(net);
    tu_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(commit_and_abort),
        cmocka_unit_test(abort_all_like_a_signal),
        cmocka_unit_test(tracked_foreign_temporary),
        cmocka_unit_test(open_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
