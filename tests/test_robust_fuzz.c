/* corridor tests — replays the fuzz seed corpora and every crash reproducer
 * (tests/fuzz/corpus/NAME/, tests/fuzz/regressions/NAME/) through the fuzz
 * targets, compiled here as plain functions (COR_FUZZ_REPLAY).  A target
 * aborts on a broken invariant; under the ASan/UBSan build (make test-asan)
 * this is the regression test for every bug the fuzzers found. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

#define COR_FUZZ_REPLAY 1
#include "fuzz/fuzz_tntp_net.c"
#include "fuzz/fuzz_tntp_trips.c"
#include "fuzz/fuzz_tntp_node.c"
#include "fuzz/fuzz_tntp_flow.c"
#include "fuzz/fuzz_tntp_assign.c"
#include "fuzz/fuzz_gmns.c"
#include "fuzz/fuzz_gmns_demand.c"
#include "fuzz/fuzz_freight_class.c"
#include "fuzz/fuzz_scenario.c"
#include "fuzz/fuzz_freight.c"
#include "fuzz/fuzz_class_values.c"
#include "fuzz/fuzz_vocab.c"

typedef int (*entry_fn)(const uint8_t *, size_t);

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs fn on every regular file of DIR (sorted); returns the count, -1 when
 * DIR does not exist. */
static int replay_dir(const char *dir, entry_fn fn)
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

static void replay(const char *name, entry_fn fn)
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

static void test_replay_tntp_net(void **state) { (void)state; replay("tntp_net", fuzz_entry_tntp_net); }
static void test_replay_tntp_trips(void **state) { (void)state; replay("tntp_trips", fuzz_entry_tntp_trips); }
static void test_replay_tntp_node(void **state) { (void)state; replay("tntp_node", fuzz_entry_tntp_node); }
static void test_replay_tntp_flow(void **state) { (void)state; replay("tntp_flow", fuzz_entry_tntp_flow); }
static void test_replay_tntp_assign(void **state) { (void)state; replay("tntp_assign", fuzz_entry_tntp_assign); }
static void test_replay_gmns(void **state) { (void)state; replay("gmns", fuzz_entry_gmns); }
static void test_replay_gmns_demand(void **state) { (void)state; replay("gmns_demand", fuzz_entry_gmns_demand); }
static void test_replay_freight_class(void **state) { (void)state; replay("freight_class", fuzz_entry_freight_class); }
static void test_replay_scenario(void **state) { (void)state; replay("scenario", fuzz_entry_scenario); }
static void test_replay_freight(void **state) { (void)state; replay("freight", fuzz_entry_freight); }
static void test_replay_class_values(void **state) { (void)state; replay("class_values", fuzz_entry_class_values); }
static void test_replay_vocab(void **state) { (void)state; replay("vocab", fuzz_entry_vocab); }

/* Every fuzz target file is replayed here: a new tests/fuzz/fuzz_NAME.c
 * without a line above fails this test. */
static void test_every_target_replayed(void **state)
{
    (void)state;
    static const char *const known[] = {"tntp_net", "tntp_trips", "tntp_node", "tntp_flow",
                                        "tntp_assign", "gmns", "gmns_demand", "freight_class",
                                        "scenario", "freight", "class_values", "vocab"};
    DIR *d = opendir(tu_src("tests/fuzz"));
    assert_non_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (strncmp(e->d_name, "fuzz_", 5) || l < 3 || strcmp(e->d_name + l - 2, ".c")) continue;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(l - 7), e->d_name + 5);
        int found = 0;
        for (size_t i = 0; i < sizeof known / sizeof *known; i++) found |= !strcmp(known[i], name);
        if (!found) fail_msg("tests/fuzz/fuzz_%s.c is not replayed by %s", name, __FILE__);
        n++;
    }
    closedir(d);
    assert_int_equal(n, (int)(sizeof known / sizeof *known));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replay_tntp_net),
        cmocka_unit_test(test_replay_tntp_trips),
        cmocka_unit_test(test_replay_tntp_node),
        cmocka_unit_test(test_replay_tntp_flow),
        cmocka_unit_test(test_replay_tntp_assign),
        cmocka_unit_test(test_replay_gmns),
        cmocka_unit_test(test_replay_gmns_demand),
        cmocka_unit_test(test_replay_freight_class),
        cmocka_unit_test(test_replay_scenario),
        cmocka_unit_test(test_replay_freight),
        cmocka_unit_test(test_replay_class_values),
        cmocka_unit_test(test_replay_vocab),
        cmocka_unit_test(test_every_target_replayed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
