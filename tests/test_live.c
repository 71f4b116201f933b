/* The live what-if engine (live.h) the report's WebAssembly panel runs:
 * its scenario results are `corridor scenario`'s (the CLI run on the same
 * file), a bad scenario fails naming its line and leaves the base usable,
 * and a plain network is refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corridor/live.h"
#include "testutil.h"

/* The text after key in s up to the next comma, into out. */
static int field_after(const char *s, const char *key, char *out, size_t cap)
{
    const char *p = strstr(s, key);
    if (!p) return -1;
    p += strlen(key);
    size_t n = strcspn(p, ",");
    if (n >= cap) return -1;
    memcpy(out, p, n);
    out[n] = '\0';
    return 0;
}

/* The tonnes of corridor/class/basis in a live document, as text. */
static int doc_tonnes(const char *json, const char *corridor, const char *cls, const char *basis, char *out, size_t cap)
{
    char key[256];
    snprintf(key, sizeof key, "\"corridor\": \"%s\", \"class\": \"%s\", \"basis\": \"%s\", \"tonnes\": ", corridor, cls,
             basis);
    return field_after(json, key, out, cap);
}

/* The tonnes column of corridors.csv for one row. */
static int csv_tonnes(const char *csv, const char *scen, const char *corridor, const char *cls, const char *basis,
                      char *out, size_t cap)
{
    char key[256];
    snprintf(key, sizeof key, "\n%s,%s,%s,%s,", scen, corridor, cls, basis);
    return field_after(csv, key, out, cap);
}

static void same_as_cli(void **state)
{
    (void)state;
    if (!tu_have_eurasia()) skip();
    char *dir = tu_tmpdir();
    char *sc = tu_write(dir, "ru.scenario", "close country RU\nopen link L078\n");
    char *bad = tu_write(dir, "bad.scenario", "close country RU\nscale-capacity mode ferry two\n");
    cor_live *l = NULL;
    cor_error err = {0};
    assert_int_equal(cor_live_open(tu_src("data/eurasia"), NULL, &l, &err), COR_OK);
    const char *b = cor_live_base_json(l);
    assert_non_null(b);
    assert_true(!strncmp(b, "{\"ok\": true, \"name\": \"base\"", 27));
    assert_non_null(strstr(b, "\"choice\": \"logit\""));
    assert_non_null(strstr(b, "\"links\": [\""));
    assert_non_null(strstr(b, "\"L078\""));

    char *json = NULL, *again = NULL;
    assert_int_equal(cor_live_solve(l, sc, &json, &err), COR_OK);
    assert_non_null(strstr(json, "\"name\": \"ru\""));
    assert_non_null(strstr(json, "\"converged\": true"));

    /* a bad line: the error names it, no document, the base still works */
    char *bj = (char *)0x1;
    assert_int_equal(cor_live_solve(l, bad, &bj, &err), COR_E_INPUT);
    assert_null(bj);
    assert_non_null(strstr(err.msg, "bad.scenario:2:"));
    assert_int_equal(cor_live_solve(l, sc, &again, &err), COR_OK);

    char *out = NULL;
    assert_int_equal(tu_cli(&out, "scenario %s --scenario %s --out %s/cli", tu_src("data/eurasia"), sc, dir), 0);
    free(out);
    char path[4096];
    snprintf(path, sizeof path, "%s/cli/corridors.csv", dir);
    char *csv = tu_slurp(path, NULL);
    assert_non_null(csv);
    static const char *const rows[][3] = {{"middle", "all", "primary"}, {"middle", "containers", "primary"},
                                          {"northern", "all", "primary"}, {"suez", "containers", "tag"}};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char a[64], c[64], d[64];
        assert_int_equal(doc_tonnes(json, rows[i][0], rows[i][1], rows[i][2], a, sizeof a), 0);
        assert_int_equal(doc_tonnes(again, rows[i][0], rows[i][1], rows[i][2], d, sizeof d), 0);
        assert_int_equal(csv_tonnes(csv, "ru", rows[i][0], rows[i][1], rows[i][2], c, sizeof c), 0);
        assert_string_equal(a, c);
        assert_string_equal(a, d);
    }
    /* Russia closed: the Northern corridor carries nothing */
    char nt[64];
    assert_int_equal(doc_tonnes(json, "northern", "all", "primary", nt, sizeof nt), 0);
    assert_true(atof(nt) == 0);
    free(csv);
    free(json);
    free(again);
    cor_live_destroy(l);
    cor_live_destroy(NULL);
    free(sc);
    free(bad);
    tu_rmtree(dir);
    free(dir);
}

static void refuses_plain_network(void **state)
{
    (void)state;
    cor_live *l = (cor_live *)0x1;
    cor_error err = {0};
    /* a TNTP file is not a freight directory */
    assert_int_not_equal(cor_live_open(tu_src("data/example/braess_net.tntp"), NULL, &l, &err), COR_OK);
    assert_null(l);
    assert_int_equal(cor_live_open(tu_src("data/no-such-dir"), NULL, &l, &err), COR_E_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_as_cli),
        cmocka_unit_test(refuses_plain_network),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
