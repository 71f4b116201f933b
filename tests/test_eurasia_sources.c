/* data/eurasia provenance checks (issue 15): every link and demand row names
 * at least one source; every source id it names is cited in SOURCES.md; a
 * row marked EST says in its notes what was estimated and how.  Skips when
 * the data set is absent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/csv.h"
#include "testutil.h"

#define MAX_IDS 512
static char g_ids[MAX_IDS][16];
static int g_n_ids;

/* Source ids are the "- ID — " list items of SOURCES.md. */
static int load_ids(void)
{
    FILE *fp = fopen(tu_src("data/eurasia/SOURCES.md"), "r");
    if (!fp) return -1;
    char line[8192];
    while (fgets(line, sizeof line, fp)) {
        if (line[0] != '-' || line[1] != ' ') continue;
        char id[16];
        if (sscanf(line + 2, "%15[A-Za-z0-9_]", id) != 1) continue;
        if (!strstr(line, " \xe2\x80\x94 ")) continue; /* "— " after the id */
        assert_true(g_n_ids < MAX_IDS);
        snprintf(g_ids[g_n_ids++], sizeof g_ids[0], "%s", id);
    }
    fclose(fp);
    return 0;
}

static int known_id(const char *id)
{
    for (int i = 0; i < g_n_ids; i++)
        if (!strcmp(g_ids[i], id)) return 1;
    return 0;
}

/* Checks one CSV file; returns the number of rows checked. */
static int check_file(const char *rel, const char *key_col)
{
    cor__csv c;
    cor_error err = {0};
    assert_int_equal(cor__csv_open(&c, tu_src(rel), &err), COR_OK);
    assert_int_equal(cor__csv_next(&c, &err), 1);
    int nf = c.n_fields;
    char **f = c.field;
    int c_src = -1, c_notes = -1, c_key = -1;
    for (int i = 0; i < nf; i++) {
        if (!strcmp(f[i], "source")) c_src = i;
        if (!strcmp(f[i], "notes")) c_notes = i;
        if (!strcmp(f[i], key_col)) c_key = i;
    }
    assert_true(c_src >= 0 && c_notes >= 0 && c_key >= 0);
    int rows = 0, bad = 0, r;
    while ((r = cor__csv_next(&c, &err)) == 1) {
        long lineno = c.t.line;
        nf = c.n_fields;
        f = c.field;
        assert_true(nf > c_src && nf > c_notes && nf > c_key);
        rows++;
        char src[512];
        snprintf(src, sizeof src, "%s", f[c_src]);
        int n_tok = 0, est = 0;
        for (char *t = strtok(src, ";"); t; t = strtok(NULL, ";")) {
            n_tok++;
            if (!strcmp(t, "EST")) { est = 1; continue; }
            if (!known_id(t)) {
                printf("  %s:%ld (%s): source id %s is not in SOURCES.md\n", rel, lineno, f[c_key], t);
                bad++;
            }
        }
        if (!n_tok) { printf("  %s:%ld (%s): no source\n", rel, lineno, f[c_key]); bad++; }
        /* an estimate names itself in the notes and is followed by its method */
        const char *e = strstr(f[c_notes], "EST");
        if (est && (!e || strlen(f[c_notes]) < 20)) {
            printf("  %s:%ld (%s): source says EST but the notes state no method\n", rel, lineno, f[c_key]);
            bad++;
        }
    }
    assert_int_equal(r, 0);
    cor__csv_close(&c);
    if (bad) fail_msg("%s: %d provenance problems", rel, bad);
    return rows;
}

static void test_sources(void **state)
{
    (void)state;
    struct stat sb;
    if (stat(tu_src("data/eurasia/SOURCES.md"), &sb)) skip();
    assert_int_equal(load_ids(), 0);
    assert_true(g_n_ids >= 10);
    assert_true(check_file("data/eurasia/link.csv", "link_id") > 100);
    assert_true(check_file("data/eurasia/demand.csv", "o_zone_id") > 10);
    check_file("data/eurasia/class.csv", "class");
    check_file("data/eurasia/calibration.csv", "target");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_sources)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
