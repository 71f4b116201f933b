/* Shared input/output internals (src/io/): atomic output files — a committed
 * file appears whole, an aborted or failed one leaves the previous file
 * untouched and no temporary behind (cor_outfile_*, the CSV writers); result
 * sets, switched in whole or not at all, under a lock (cor_outset_*); the
 * text-file scanner's number parser and UTF-8 validator; and the fuzz
 * harness itself: every tests/fuzz/fuzz_NAME.c target is replayed by the
 * test file of the module it exercises. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io/csv.h"
#include "io/outfile.h"
#include "io/textfile.h"
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

static void put_staged(cor_outset *s, const char *name, const char *text)
{
    char *p = malloc(strlen(cor_outset_stage(s)) + strlen(name) + 2);
    sprintf(p, "%s/%s", cor_outset_stage(s), name);
    cor_outfile f;
    cor_error err = {0};
    assert_int_equal(cor_outfile_open(&f, p, &err), COR_OK);
    fputs(text, f.fp);
    assert_int_equal(cor_outfile_commit(&f, &err), COR_OK);
    free(p);
}

static void expect(const char *dir, const char *name, const char *text)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    char *s = read_all(p);
    assert_non_null(s);
    assert_string_equal(s, text);
    free(s);
    free(p);
}

/* A pid that is certainly not alive: a child that has exited and been reaped. */
static long dead_pid(void)
{
    pid_t p = fork();
    assert_true(p >= 0);
    if (p == 0) _exit(0);
    assert_int_equal(waitpid(p, NULL, 0), p);
    return (long)p;
}

/* Result sets: staged files are invisible until the switch, which replaces
 * them all; an abort or a signal keeps the previous set; a second holder is
 * refused naming the first; dead runs' leftovers are removed, a live one's
 * kept; a finished set leaves nothing but its files. */
static void outset_all_or_nothing(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    free(tu_write(dir, "a.csv", "old a\n"));
    free(tu_write(dir, "b.csv", "old b\n"));
    cor_outset *s = NULL, *s2 = NULL;
    cor_error err = {0};
    assert_int_equal(cor_outset_begin(dir, "test", 0, &s, &err), COR_OK);
    assert_int_equal(cor_outset_cleaned(s), 0);
    assert_int_equal(cor_outset_recovered(s), 0);
    /* a second holder (another open file description, as another process) */
    assert_int_equal(cor_outset_begin(dir, "other", 0, &s2, &err), COR_E_IO);
    assert_null(s2);
    assert_non_null(strstr(err.msg, "in use by another corridor run (pid "));
    assert_non_null(strstr(err.msg, ", corridor test, since "));
    put_staged(s, "a.csv", "new a\n");
    put_staged(s, "b.csv", "new b\n");
    expect(dir, "a.csv", "old a\n"); /* nothing visible before the switch */
    cor_outset_abort(s);
    expect(dir, "a.csv", "old a\n");
    expect(dir, "b.csv", "old b\n");
    assert_int_equal(tu_count_files(dir), 2); /* no lock file, no staging left */
    /* the switch */
    assert_int_equal(cor_outset_begin(dir, "test", 0, &s, &err), COR_OK);
    put_staged(s, "a.csv", "new a\n");
    put_staged(s, "b.csv", "new b\n");
    put_staged(s, "c.csv", "new c\n");
    assert_int_equal(cor_outset_commit(s, &err), COR_OK);
    expect(dir, "a.csv", "new a\n");
    expect(dir, "b.csv", "new b\n");
    expect(dir, "c.csv", "new c\n");
    assert_int_equal(tu_count_files(dir), 3);
    /* the signal path: staged files, an open temporary and the staging
     * directory go, the set stays */
    assert_int_equal(cor_outset_begin(dir, "test", 0, &s, &err), COR_OK);
    put_staged(s, "a.csv", "newer a\n");
    char *bp = malloc(strlen(cor_outset_stage(s)) + 8);
    sprintf(bp, "%s/b.csv", cor_outset_stage(s));
    cor_outfile fb;
    assert_int_equal(cor_outfile_open(&fb, bp, &err), COR_OK);
    cor_outfile_abort_all();
    assert_int_equal(tu_count_files(dir), 3);
    expect(dir, "a.csv", "new a\n");
    cor_outfile_abort(&fb);
    cor_outset_abort(s); /* after the handler's cleanup: harmless */
    free(bp);
    assert_int_equal(tu_count_files(dir), 3);
    /* leftovers of a dead run go (a staging directory with a file in it, a
     * temporary); a live pid's temporary and unrelated names stay */
    long dead = dead_pid();
    char name[128], sub[160];
    snprintf(name, sizeof name, ".corridor-stage.%ld.AbC123", dead);
    snprintf(sub, sizeof sub, "%s/%s", dir, name);
    assert_int_equal(mkdir(sub, 0755), 0);
    free(tu_write(sub, "a.csv", "dead a\n"));
    snprintf(name, sizeof name, "b.csv.tmp.%ld.XyZ789", dead);
    free(tu_write(dir, name, "dead b"));
    snprintf(name, sizeof name, "b.csv.tmp.%ld.XyZ789", (long)getpid());
    free(tu_write(dir, name, "live b"));
    free(tu_write(dir, "notes.tmp.txt", "mine"));
    assert_int_equal(cor_outset_begin(dir, "test", 0, &s, &err), COR_OK);
    assert_int_equal(cor_outset_cleaned(s), 2);
    assert_int_equal(cor_outset_commit(s, &err), COR_OK); /* an empty set changes nothing */
    assert_int_equal(tu_count_files(dir), 5);
    expect(dir, name, "live b");
    expect(dir, "a.csv", "new a\n");
    tu_rmtree(dir);
    free(dir);
}

/* A switch killed half way (the journal written, one file moved) is
 * completed by the next begin, before anything else. */
static void outset_journal_roll_forward(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    free(tu_write(dir, "a.csv", "old a\n"));
    free(tu_write(dir, "b.csv", "old b\n"));
    char stage[256], path[300];
    long dead = dead_pid();
    snprintf(stage, sizeof stage, ".corridor-stage.%ld.QwErTy", dead);
    snprintf(path, sizeof path, "%s/%s", dir, stage);
    assert_int_equal(mkdir(path, 0755), 0);
    free(tu_write(path, "b.csv", "new b\n")); /* a.csv already moved */
    free(tu_write(dir, "a.csv", "new a\n"));
    char journal[400];
    snprintf(journal, sizeof journal, "stage %s\nfile a.csv\nfile b.csv\n", stage);
    free(tu_write(dir, ".corridor-commit", journal));
    cor_outset *s = NULL;
    cor_error err = {0};
    assert_int_equal(cor_outset_begin(dir, "test", 0, &s, &err), COR_OK);
    assert_int_equal(cor_outset_recovered(s), 1);
    cor_outset_abort(s);
    expect(dir, "a.csv", "new a\n");
    expect(dir, "b.csv", "new b\n");
    assert_int_equal(tu_count_files(dir), 2);
    /* a journal that names a path outside DIR is refused, not followed */
    free(tu_write(dir, ".corridor-commit", "stage ../elsewhere\nfile a.csv\n"));
    assert_int_equal(cor_outset_begin(dir, "test", 0, &s, &err), COR_E_IO);
    assert_non_null(strstr(err.msg, "not a corridor commit journal"));
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



static void utf8_validator(void **state)
{
    (void)state;
    assert_int_equal(cor__utf8_invalid("abc", 3), 3);
    assert_int_equal(cor__utf8_invalid("a\xC3\xA9z", 4), 4);
    assert_int_equal(cor__utf8_invalid("a\xC3", 2), 1);
    assert_int_equal(cor__utf8_invalid("ab\x80", 3), 2);
    assert_int_equal(cor__utf8_invalid("\xF4\x8F\xBF\xBF", 4), 4); /* U+10FFFF */
    assert_int_equal(cor__utf8_invalid("\xF8\x88\x80\x80\x80", 5), 0);
    assert_int_equal(cor__utf8_invalid("\xEF\xBF\xBD", 3), 3); /* U+FFFD */
}

/* The readers' fast number path gives exactly what strtod gives, and
 * rejects what cor__parse_double rejects. */
static void fast_numbers_match_strtod(void **state)
{
    (void)state;
    static const char *fixed[] = {"+", "-", "1.", "+.5", ".", "1e3", "-0", "12.25", "abc", "1.2.3",
                                  "0x10", "nan", "inf", "00012", "1234567890123456789", "0.1",
                                  "999999.0000000000", "2.5e-3", "1,5", " 1", "1 ", ""};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
        double a = -1, b = -1;
        int ra = cor__parse_number(fixed[i], &a), rb = cor__parse_double(fixed[i], &b);
        if (ra != rb || (ra == 0 && memcmp(&a, &b, sizeof a) != 0))
            fail_msg("'%s': fast %d %.17g, strtod %d %.17g", fixed[i], ra, a, rb, b);
    }
    unsigned long long x = 88172645463325252ULL;
    char buf[64];
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        int digits = (int)(x % 17), frac = (int)((x >> 8) % 12);
        unsigned long long mant = (x >> 16) % 10000000000000000ULL;
        snprintf(buf, sizeof buf, "%s%.*f", (x >> 60) & 1 ? "-" : "",
                 frac, (double)(mant % (1ULL << 53)) / (digits ? 1.0 : 7.0));
        double a = -1, b = -1;
        int ra = cor__parse_number(buf, &a), rb = cor__parse_double(buf, &b);
        if (ra != rb || (ra == 0 && memcmp(&a, &b, sizeof a) != 0))
            fail_msg("'%s': fast %d %.17g, strtod %d %.17g", buf, ra, a, rb, b);
    }
}

/* Issue #13 item 16, numbers: subnormals (1e-320, the smallest 4.9e-324)
 * and values that underflow to zero are finite numbers; overflow is not. */
static void subnormals_are_finite(void **state)
{
    (void)state;
    static const char *ok[] = {"1e-320", "4.9e-324", "-2.2250738585072009e-308", "1e-400", "0.0e-999"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        double a = -1, b = -1;
        if (cor__parse_number(ok[i], &a) || cor__parse_double(ok[i], &b))
            fail_msg("'%s' rejected", ok[i]);
        assert_true(a == strtod(ok[i], NULL) && b == a);
    }
    double v;
    assert_true(cor__parse_double("1e-320", &v) == 0 && v > 0 && v < 1e-310);
    assert_int_equal(cor__parse_double("1e309", &v), -1);
    assert_int_equal(cor__parse_double("-1e309", &v), -1);
    assert_int_equal(cor__parse_number("2e308", &v), -1);
}

/* Writes a file of `head`, then a line of exactly n bytes 'x', then the line
 * end `eol`, then "tail\n"; returns its path (malloc'd). */
static char *write_long(const char *dir, const char *head, size_t n, const char *eol)
{
    size_t hl = strlen(head), el = strlen(eol);
    char *text = malloc(hl + n + el + 8);
    assert_non_null(text);
    memcpy(text, head, hl);
    memset(text + hl, 'x', n);
    memcpy(text + hl + n, eol, el);
    strcpy(text + hl + n + el, "tail\n");
    char *p = tu_write(dir, "long.csv", text);
    free(text);
    return p;
}

/* Issue #13 item 16, limits: a line or CSV record of exactly COR_MAX_LINE
 * bytes is accepted with LF and CRLF ends; one byte more is refused. */
static void max_line_inclusive(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    static const char *const eols[] = {"\n", "\r\n"};
    for (int e = 0; e < 2; e++)
        for (size_t extra = 0; extra < 2; extra++) {
            char *p = write_long(dir, "", COR_MAX_LINE + extra, eols[e]);
            cor_error err = {0};
            cor_status st;
            cor__text t;
            assert_int_equal(cor__text_open(&t, p, &err), COR_OK);
            char *line = cor__text_next(&t, &err, &st);
            if (extra) {
                assert_null(line);
                assert_int_equal(st, COR_E_INPUT);
                assert_non_null(strstr(err.msg, "long.csv:1: line longer than 1048576 bytes"));
            } else {
                assert_non_null(line);
                assert_int_equal(strlen(line), COR_MAX_LINE);
                assert_string_equal(cor__text_next(&t, &err, &st), "tail");
            }
            cor__text_close(&t);
            /* the same as a CSV record (one field) after a header */
            free(p);
            p = write_long(dir, "h\n", COR_MAX_LINE + extra, eols[e]);
            cor__csv c;
            assert_int_equal(cor__csv_open(&c, p, &err), COR_OK);
            assert_int_equal(cor__csv_next(&c, &err), 1);
            int r = cor__csv_next(&c, &err);
            if (extra) {
                assert_int_equal(r, -1);
                assert_non_null(strstr(err.msg, "long.csv:2: record longer than 1048576 bytes"));
            } else {
                assert_int_equal(r, 1);
                assert_int_equal(strlen(c.field[0]), COR_MAX_LINE);
                assert_int_equal(cor__csv_next(&c, &err), 1);
                assert_string_equal(c.field[0], "tail");
                assert_int_equal(c.t.line, 3);
            }
            cor__csv_close(&c);
            free(p);
        }
    tu_rmtree(dir);
    free(dir);
}

/* Issue #13 item 16, line ends: a file whose lines end in CR alone (classic
 * Mac OS) reads as the same lines and records as its LF twin. */
static void cr_only_line_ends(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char *p = tu_write(dir, "cr.csv", "a,b\r1,\"x\ry\"\r\r2,3\r");
    cor_error err = {0};
    cor__csv c;
    assert_int_equal(cor__csv_open(&c, p, &err), COR_OK);
    assert_int_equal(cor__csv_next(&c, &err), 1);
    assert_int_equal(c.n_fields, 2);
    assert_string_equal(c.field[0], "a");
    assert_string_equal(c.field[1], "b");
    assert_int_equal(cor__csv_next(&c, &err), 1);
    assert_string_equal(c.field[1], "x\ny"); /* a quoted line break reads as LF */
    assert_int_equal(cor__csv_next(&c, &err), 1);
    assert_string_equal(c.field[0], "2");
    assert_int_equal(c.t.line, 5);
    assert_int_equal(cor__csv_next(&c, &err), 0);
    cor__csv_close(&c);
    free(p);
    /* CRLF files are not touched: a lone CR inside a line stays */
    p = tu_write(dir, "crlf.txt", "a\rb\r\nc\r\n");
    cor__text t;
    cor_status st;
    assert_int_equal(cor__text_open(&t, p, &err), COR_OK);
    assert_string_equal(cor__text_next(&t, &err, &st), "a\rb");
    assert_string_equal(cor__text_next(&t, &err, &st), "c");
    assert_null(cor__text_next(&t, &err, &st));
    cor__text_close(&t);
    free(p);
    tu_rmtree(dir);
    free(dir);
}

/* Every fuzz target file tests/fuzz/fuzz_NAME.c is replayed by one of the
 * tests/test_*.c files (a call tu_replay("NAME", ...)): a new target without
 * its replay fails this test. */
static void every_fuzz_target_replayed(void **state)
{
    (void)state;
    char **tests = NULL;
    int n_tests = 0;
    DIR *d = opendir(tu_src("tests"));
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (strncmp(e->d_name, "test_", 5) || l < 3 || strcmp(e->d_name + l - 2, ".c")) continue;
        char path[4096];
        snprintf(path, sizeof path, "tests/%s", e->d_name);
        tests = realloc(tests, (size_t)(n_tests + 1) * sizeof *tests);
        assert_non_null(tests);
        tests[n_tests] = tu_slurp(tu_src(path), NULL);
        assert_non_null(tests[n_tests]);
        n_tests++;
    }
    closedir(d);
    d = opendir(tu_src("tests/fuzz"));
    assert_non_null(d);
    int n = 0;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (strncmp(e->d_name, "fuzz_", 5) || l < 8 || strcmp(e->d_name + l - 2, ".c")) continue;
        char call[300];
        snprintf(call, sizeof call, "tu_replay(\"%.*s\",", (int)(l - 7), e->d_name + 5);
        int found = 0;
        for (int i = 0; i < n_tests; i++) found += strstr(tests[i], call) != NULL;
        if (found != 1) fail_msg("tests/fuzz/%s is replayed by %d test files (want 1)", e->d_name, found);
        n++;
    }
    closedir(d);
    assert_true(n >= 14);
    for (int i = 0; i < n_tests; i++) free(tests[i]);
    free(tests);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(commit_and_abort),
        cmocka_unit_test(abort_all_like_a_signal),
        cmocka_unit_test(tracked_foreign_temporary),
        cmocka_unit_test(outset_all_or_nothing),
        cmocka_unit_test(outset_journal_roll_forward),
        cmocka_unit_test(open_errors),
        cmocka_unit_test(utf8_validator),
        cmocka_unit_test(fast_numbers_match_strtod),
        cmocka_unit_test(subnormals_are_finite),
        cmocka_unit_test(max_line_inclusive),
        cmocka_unit_test(cr_only_line_ends),
        cmocka_unit_test(every_fuzz_target_replayed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
