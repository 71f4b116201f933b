/* TNTP reader (src/io/tntp.c): limits and validation — header sizes checked
 * against the data, ids out of range, duplicates and self-loops, capacities,
 * non-finite numbers, over-long lines, encodings; trips, node and flow files.
 * Every case asserts the status and the message (file, line, field).  The
 * fuzz seed corpora and crash reproducers of the tntp_* targets are replayed
 * at the end (tu_replay). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define COR_FUZZ_REPLAY 1
#include "fuzz/fuzz_tntp_net.c"
#include "fuzz/fuzz_tntp_trips.c"
#include "fuzz/fuzz_tntp_node.c"
#include "fuzz/fuzz_tntp_flow.c"

static char *g_dir;

static int setup(void **state)
{
    (void)state;
    g_dir = tu_tmpdir();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(g_dir);
    free(g_dir);
    return 0;
}

#define HDR(zones, nodes, links) \
    "<NUMBER OF ZONES> " #zones "\n<NUMBER OF NODES> " #nodes "\n<NUMBER OF LINKS> " #links "\n<END OF METADATA>\n"

/* Reads text as a TNTP net; expects status want and (if non-NULL) every
 * '|'-separated piece of `msg` in the message. */
static cor_network *net_expect(const char *text, size_t len, cor_status want, const char *msg)
{
    char *p = malloc(strlen(g_dir) + 32);
    sprintf(p, "%s/net.tntp", g_dir);
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, len, fp), len);
    fclose(fp);
    cor_network *net = (cor_network *)p;
    cor_error err = {0};
    cor_status st = cor_read_tntp_net(p, &net, &err);
    if (st != want) fail_msg("status %d (%s), expected %d; message: %s", st, cor_status_name(st), want, err.msg);
    if (st) {
        assert_null(net);
        assert_int_equal(err.code, st);
        assert_non_null(strstr(err.msg, "net.tntp"));
    }
    if (msg) {
        char buf[512];
        snprintf(buf, sizeof buf, "%s", msg);
        for (char *tok = strtok(buf, "|"); tok; tok = strtok(NULL, "|"))
            if (!strstr(err.msg, tok)) fail_msg("message lacks '%s': %s", tok, err.msg);
    }
    free(p);
    return net;
}
#define NET_EXPECT(text, want, msg) net_expect((text), sizeof(text) - 1, (want), (msg))

static void header_sizes_checked(void **state)
{
    (void)state;
    /* 10^12 nodes in a tiny file: read sparsely, the two nodes used (issue
     * #13 item 13); 10^12 links: an error, nothing allocated */
    cor_network *big = NET_EXPECT(HDR(0, 1000000000000, 1) "1 2 1 1 1 1 1 1 1 1\n", COR_OK, NULL);
    assert_int_equal(big->n_nodes, 2);
    cor_network_destroy(big);
    NET_EXPECT(HDR(0, 2, 1000000000000) "1 2 1 1 1 1 1 1 1 1\n", COR_E_INPUT, "NUMBER OF LINKS> says 1000000000000|has 1 link rows|truncated");
    /* zones do not make a node count plausible (they used to: 5e8 zones) */
    NET_EXPECT(HDR(500000000, 500000000, 1) "1 2 1 1 1 1 1 1 1 1\n", COR_E_INPUT, "implausible");
    NET_EXPECT(HDR(3, 2, 1) "1 2 1 1 1 1 1 1 1 1\n", COR_E_INPUT, "NUMBER OF ZONES> 3 exceeds");
    NET_EXPECT(HDR(0, -5, 1) "1 2 1 1 1 1 1 1 1 1\n", COR_E_INPUT, "NUMBER OF NODES|not a non-negative integer");
    NET_EXPECT(HDR(0, 99999999999999999999, 1) "1 2 1 1 1 1 1 1 1 1\n", COR_E_INPUT, "not a non-negative integer");
    /* more rows than the header says */
    NET_EXPECT(HDR(0, 2, 1) "1 2 1 1 1 1 1 1 1 1\n2 1 1 1 1 1 1 1 1 1\n", COR_E_INPUT, "says 1 but the file has 2");
}

static void ids_out_of_range(void **state)
{
    (void)state;
    NET_EXPECT(HDR(0, 2, 1) "1 3 1 1 1 1 1 1 1 1\n", COR_E_INPUT, "net.tntp:5: field term_node: unknown node 3 (nodes are 1..2)");
    NET_EXPECT(HDR(0, 2, 1) "0 2 1 1 1 1 1 1 1 1\n", COR_E_INPUT, "net.tntp:5: field init_node: unknown node 0");
    NET_EXPECT(HDR(0, 2, 1) "-1 2 1 1 1 1 1 1 1 1\n", COR_E_INPUT, "field init_node: unknown node -1");
    NET_EXPECT(HDR(0, 2, 1) "1.5 2 1 1 1 1 1 1 1 1\n", COR_E_INPUT, "field init_node: not an integer node id");
    NET_EXPECT(HDR(0, 2, 1) "1 99999999999999999999999 1 1 1 1 1 1 1 1\n", COR_E_INPUT, "field term_node: not an integer node id");
}

/* Parallel links are legal (kept as separate links); self-loops are skipped
 * and counted in net->notes (issue #13 item 14). */
static void parallel_links_and_self_loops(void **state)
{
    (void)state;
    cor_network *net = NET_EXPECT(HDR(2, 2, 3) "1 2 10 1 1 0.15 4 0 0 1\n1 2 20 1 2 0.15 4 0 0 1\n2 1 5 1 1 0.15 4 0 0 1\n",
                                  COR_OK, NULL);
    assert_int_equal(net->n_links, 3);
    assert_int_equal(net->first_out[1] - net->first_out[0], 2);
    assert_true(net->capacity[0] == 10 && net->capacity[1] == 20); /* input order kept */
    cor_network_destroy(net);
    net = NET_EXPECT(HDR(0, 2, 4) "1 2 1 1 1 1 1 1 1 1\n2 2 1 1 1 1 1 1 1 1\n2 1 1 1 1 1 1 1 1 1\n1 1 1 1 1 1 1 1 1 1\n",
                     COR_OK, NULL);
    assert_int_equal(net->n_links, 2);
    assert_int_equal(net->n_nodes, 2);
    assert_non_null(net->notes);
    assert_non_null(strstr(net->notes, "net.tntp:6: field term_node: equals init_node 2: self-loop skipped (2 in all;"));
    cor_network *copy = cor_network_clone(net); /* notes travel with the network */
    assert_non_null(copy);
    assert_string_equal(copy->notes, net->notes);
    cor_network_destroy(copy);
    cor_network_destroy(net);
    net = NET_EXPECT(HDR(0, 2, 1) "1 2 1 1 1 1 1 1 1 1\n", COR_OK, NULL);
    assert_null(net->notes); /* nothing skipped, nothing said */
    cor_network_destroy(net);
}

/* A subnetwork keeping its original node numbers: 3 nodes of a header's
 * 5000 (issue #13 item 13).  Zones are nodes 1..Z whatever the links name;
 * the others exist once a link names them, and <FIRST THRU NODE> still
 * applies by number; the result equals the densely numbered network. */
static void sparse_node_numbers(void **state)
{
    (void)state;
    cor_network *net = NET_EXPECT("<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 5000\n<FIRST THRU NODE> 3\n"
                                  "<NUMBER OF LINKS> 5\n<END OF METADATA>\n"
                                  "1 4711 10 1 1 0.15 4 0 0 1\n4711 2 10 1 1 0.15 4 0 0 1\n"
                                  "4711 4711 10 1 1 0.15 4 0 0 1\n2 4711 10 1 1 0.15 4 0 0 1\n"
                                  "4711 1 10 1 1 0.15 4 0 0 1\n",
                                  COR_OK, NULL);
    assert_int_equal(net->n_nodes, 3);
    assert_int_equal(net->n_links, 4);
    assert_int_equal(net->n_zones, 2);
    int32_t u = cor_network_find_node(net, "4711");
    assert_true(u >= 2);
    assert_int_equal(net->no_thru[u], 0);
    assert_int_equal(net->no_thru[cor_network_find_node(net, "1")], 1);
    assert_int_equal(net->zone_node[cor_network_find_zone(net, "2")], cor_network_find_node(net, "2"));
    assert_non_null(strstr(net->notes, "net.tntp:8: field term_node: equals init_node 4711: self-loop skipped (1 in all;"));
    cor_network_destroy(net);
    /* a node above the header's count is still unknown */
    NET_EXPECT("<NUMBER OF ZONES> 0\n<NUMBER OF NODES> 5000\n<NUMBER OF LINKS> 1\n<END OF METADATA>\n"
               "1 5001 10 1 1 0.15 4 0 0 1\n", COR_E_INPUT, "field term_node: unknown node 5001 (nodes are 1..5000)");
}

static void capacities_and_numbers(void **state)
{
    (void)state;
    NET_EXPECT(HDR(0, 2, 1) "1 2 0 1 1 0.15 4 0 0 1\n", COR_E_INPUT, "net.tntp:5: field capacity: zero on a BPR link");
    NET_EXPECT(HDR(0, 2, 1) "1 2 -10 1 1 0.15 4 0 0 1\n", COR_E_INPUT, "field capacity: negative");
    /* capacity 0 with b = 0 is a constant-time connector */
    cor_network *net = NET_EXPECT(HDR(0, 2, 1) "1 2 0 1 1 0 4 0 0 1\n", COR_OK, NULL);
    assert_int_equal(net->vdf_kind[0], COR_VDF_CONSTANT);
    cor_network_destroy(net);
    /* any finite power >= 0 (issue #13 item 12: Barcelona has 16.83) */
    net = NET_EXPECT(HDR(0, 2, 2) "1 2 10 1 1 0.15 16.83 0 0 1\n2 1 10 1 1 0.15 250 0 0 1\n", COR_OK, NULL);
    assert_true(net->vdf_beta[0] == 16.83 && net->vdf_beta[1] == 250);
    cor_network_destroy(net);
    NET_EXPECT(HDR(0, 2, 1) "1 2 10 1 1 0.15 -1 0 0 1\n", COR_E_INPUT, "field power: negative");
    NET_EXPECT(HDR(0, 2, 1) "1 2 10 1 1 -0.15 4 0 0 1\n", COR_E_INPUT, "field b: negative");
    NET_EXPECT(HDR(0, 2, 1) "1 2 10 1 1 0.15 4 0 -1 1\n", COR_E_INPUT, "field toll: negative");
    NET_EXPECT(HDR(0, 2, 1) "1 2 10 -1 1 0.15 4 0 0 1\n", COR_E_INPUT, "field length: negative");
    static const char *const bad[] = {"nan", "NaN", "inf", "-inf", "infinity", "1e999", "-1e999", "12abc",
                                      "0x10", "", "1,5", "--1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[512];
        int n = snprintf(text, sizeof text, HDR(0, 2, 1) "1 2 10 1 %s 0.15 4 0 0 1\n", bad[i]);
        if (!*bad[i]) {
            /* an empty field is a missing field */
            net_expect(text, (size_t)n, COR_E_INPUT, "expected 10 fields");
            continue;
        }
        net_expect(text, (size_t)n, COR_E_INPUT, "field free_flow_time: not a finite number");
    }
    /* link_type must be an integer in range (1e12 was undefined behaviour) */
    NET_EXPECT(HDR(0, 2, 1) "1 2 10 1 1 0.15 4 0 0 1e12\n", COR_E_INPUT, "field link_type: not an integer in range");
    NET_EXPECT(HDR(0, 2, 1) "1 2 10 1 1 0.15 4 0 0 1.5\n", COR_E_INPUT, "field link_type");
    /* a stray separator shifts the columns: 11 fields */
    NET_EXPECT(HDR(0, 2, 1) "1 2 234.;5 1 1 0.15 4 0 0 1\n", COR_E_INPUT, "net.tntp:5: expected 10 fields|found 11");
    NET_EXPECT(HDR(0, 2, 1) "1 2 10 1 1 0.15 4 0\n", COR_E_INPUT, "field toll: missing");
}

static void long_lines(void **state)
{
    (void)state;
    size_t n = (1u << 20) + 100;
    char *text = malloc(n + 200);
    int h = sprintf(text, HDR(0, 2, 1) "1 2 10 1 1 0.15 4 0 0 1 ~ ");
    memset(text + h, 'x', n);
    strcpy(text + h + n, "\n");
    net_expect(text, strlen(text), COR_E_INPUT, "net.tntp:5: line longer than 1048576 bytes");
    free(text);
}

/* Issue #13 items 15, 16: metadata tags and "Origin" in any case; CR-only
 * line ends read as lines; a line of exactly the limit (comment padding,
 * CRLF end) is accepted. */
static void case_and_line_ends(void **state)
{
    (void)state;
    cor_network *net = NET_EXPECT("<number of zones> 2\r<Number Of Nodes> 3\r<NUMBER OF LINKS> 2\r<end of metadata>\r"
                                  "1 3 10 1 1 0.15 4 0 0 1\r3 2 10 1 1 0.15 4 0 0 1\r",
                                  COR_OK, NULL);
    assert_int_equal(net->n_nodes, 3);
    assert_int_equal(net->n_zones, 2);
    assert_int_equal(net->n_links, 2);
    char *p = malloc(strlen(g_dir) + 32);
    sprintf(p, "%s/trips.tntp", g_dir);
    FILE *fp = fopen(p, "wb");
    fputs("<Number of Zones> 2\r<END OF METADATA>\rORIGIN 1\r 2 : 5.0;\r", fp);
    fclose(fp);
    cor_demand *d = NULL;
    cor_error err = {0};
    assert_int_equal(cor_read_tntp_trips(p, net, &d, &err), COR_OK);
    assert_true(d->od[1] == 5.0);
    cor_demand_destroy(d);
    free(p);
    cor_network_destroy(net);
    size_t n = 1u << 20;
    char *text = malloc(n + 200);
    int h = sprintf(text, HDR(0, 2, 1) "1 2 10 1 1 0.15 4 0 0 1 ~");
    size_t pad = n - (size_t)(h - (int)strlen(HDR(0, 2, 1)));
    memset(text + h, 'x', pad);
    strcpy(text + h + pad, "\r\n");
    net = net_expect(text, strlen(text), COR_OK, NULL);
    cor_network_destroy(net);
    free(text);
}

static void encodings(void **state)
{
    (void)state;
    /* UTF-8 in comments is fine (place names), with or without a BOM */
    cor_network *net = NET_EXPECT("\xEF\xBB\xBF" HDR(0, 2, 1) "~ Bak\xC4\xB1 \xE2\x80\x93 Tbilisi \xF0\x9F\x9A\x82\n1 2 1 1 1 1 1 1 1 1\n",
                                  COR_OK, NULL);
    cor_network_destroy(net);
    /* Latin-1 / Windows-1252: line and column of the first bad byte */
    NET_EXPECT(HDR(0, 2, 1) "~ caf\xE9\n1 2 1 1 1 1 1 1 1 1\n", COR_E_INPUT, "net.tntp:5: byte 0xE9 at column 6 is not UTF-8");
    NET_EXPECT(HDR(0, 2, 1) "1 2 1 1 1 1 1 1 1 1 ~ \x93quoted\x94\n", COR_E_INPUT, "byte 0x93|not UTF-8");
    /* overlong, surrogate, beyond U+10FFFF, truncated sequences */
    NET_EXPECT(HDR(0, 2, 1) "~ \xC0\xAF\n1 2 1 1 1 1 1 1 1 1\n", COR_E_INPUT, "byte 0xC0");
    NET_EXPECT(HDR(0, 2, 1) "~ \xE0\x80\xAF\n1 2 1 1 1 1 1 1 1 1\n", COR_E_INPUT, "byte 0xE0");
    NET_EXPECT(HDR(0, 2, 1) "~ \xED\xA0\x80\n1 2 1 1 1 1 1 1 1 1\n", COR_E_INPUT, "byte 0xED");
    NET_EXPECT(HDR(0, 2, 1) "~ \xF4\x90\x80\x80\n1 2 1 1 1 1 1 1 1 1\n", COR_E_INPUT, "byte 0xF4");
    NET_EXPECT(HDR(0, 2, 1) "1 2 1 1 1 1 1 1 1 1\n~ \xE2\x80", COR_E_INPUT, "net.tntp:6: byte 0xE2");
    /* UTF-16 and NUL bytes */
    NET_EXPECT("\xFF\xFE<\0N\0", COR_E_INPUT, "net.tntp:1: file is UTF-16");
    NET_EXPECT(HDR(0, 2, 1) "1 2 1 1\0 1 1 1 1 1 1\n", COR_E_INPUT, "net.tntp:5: NUL byte");
    /* a device that never ends is refused at its first NUL byte (it used to
     * be read until 16 GB) */
    if (access("/dev/zero", R_OK) == 0) {
        cor_network *z = NULL;
        cor_error e = {0};
        assert_int_equal(cor_read_tntp_net("/dev/zero", &z, &e), COR_E_INPUT);
        assert_non_null(strstr(e.msg, "/dev/zero:1: NUL byte"));
        assert_null(z);
    }
    /* CRLF line ends are fine */
    net = NET_EXPECT("<NUMBER OF NODES> 2\r\n<NUMBER OF LINKS> 1\r\n<END OF METADATA>\r\n1 2 1 1 1 1 1 1 1 1\r\n", COR_OK, NULL);
    cor_network_destroy(net);
}


/* ---- trips ---- */
static cor_network *small_net(void)
{
    return NET_EXPECT(HDR(3, 3, 3) "1 2 10 1 1 0.15 4 0 0 1\n2 3 10 1 1 0.15 4 0 0 1\n3 1 10 1 1 0.15 4 0 0 1\n",
                      COR_OK, NULL);
}

static void trips_expect(const cor_network *net, const char *text, cor_status want, const char *msg)
{
    char *p = tu_write(g_dir, "trips.tntp", text);
    cor_demand *d = (cor_demand *)p;
    cor_error err = {0};
    cor_status st = cor_read_tntp_trips(p, net, &d, &err);
    if (st != want) fail_msg("status %d, expected %d; message: %s", st, want, err.msg);
    if (st) assert_null(d);
    if (msg && !strstr(err.msg, msg)) fail_msg("message lacks '%s': %s", msg, err.msg);
    cor_demand_destroy(st ? NULL : d);
    free(p);
}

static void trips_validation(void **state)
{
    (void)state;
    cor_network *net = small_net();
    trips_expect(net, "Origin 1\n2 : 1e308 ; 2 : 1e308 ;\n", COR_E_INPUT, "trips.tntp:2: field volume: total for 1 -> 2 is not a finite number");
    trips_expect(net, "Origin 1\n2 : 1e308 ;\nOrigin 2\n3 : 1e308 ;\n", COR_E_INPUT, "total demand is not a finite number");
    trips_expect(net, "Origin 1\n2 : -1 ;\n", COR_E_INPUT, "trips.tntp:2: field volume: negative");
    trips_expect(net, "Origin 1\n2 : nan ;\n", COR_E_INPUT, "field volume: not a finite number");
    trips_expect(net, "Origin 4\n2 : 1 ;\n", COR_E_INPUT, "trips.tntp:1: field Origin: unknown zone 4");
    trips_expect(net, "Origin 1\n0 : 1 ;\n", COR_E_INPUT, "field destination: unknown zone 0");
    trips_expect(net, "2 : 1 ;\n", COR_E_INPUT, "before any 'Origin' line");
    trips_expect(net, "Origin 1\n2 : \n", COR_E_INPUT, "destination 2 has no value");
    trips_expect(net, "<NUMBER OF ZONES> 4\n<END OF METADATA>\nOrigin 1\n2 : 1 ;\n", COR_E_INPUT, "does not match the network's 3 zones");
    trips_expect(net, "Origin 1\n2 : 1 ; 2 : 2.5 ;\nOrigin 3\n1 : 4\n", COR_OK, NULL); /* repeats add up */
    cor_network_destroy(net);
}

/* ---- node and flow files ---- */
static void node_and_flow_validation(void **state)
{
    (void)state;
    cor_network *net = small_net();
    cor_error err = {0};
    char *p = tu_write(g_dir, "node.tntp", "node X Y\n1 10 20\n9 1 1\n");
    assert_int_equal(cor_read_tntp_node(p, net, &err), COR_E_INPUT);
    assert_non_null(strstr(err.msg, "node.tntp:3: field node: unknown node 9"));
    free(p);
    p = tu_write(g_dir, "node.tntp", "node X Y\n1 10 inf\n");
    assert_int_equal(cor_read_tntp_node(p, net, &err), COR_E_INPUT);
    assert_non_null(strstr(err.msg, "field y: not a finite number"));
    free(p);
    double flow[3];
    p = tu_write(g_dir, "flow.tntp", "From To Volume Cost\n1 2 5 1\n1 2 6 1\n");
    assert_int_equal(cor_read_tntp_flow(p, net, flow, &err), COR_E_INPUT);
    assert_non_null(strstr(err.msg, "flow.tntp:3: no (further) link 1 -> 2"));
    free(p);
    p = tu_write(g_dir, "flow.tntp", "From To Volume Cost\n1 2 5 1\n2 3 7 1\n");
    assert_int_equal(cor_read_tntp_flow(p, net, flow, &err), COR_OK);
    assert_true(flow[0] == 5 && flow[1] == 7 && flow[2] == 0);
    free(p);
    cor_network_destroy(net);
}

static void test_replay_tntp_net(void **state) { (void)state; tu_replay("tntp_net", fuzz_entry_tntp_net); }
static void test_replay_tntp_trips(void **state) { (void)state; tu_replay("tntp_trips", fuzz_entry_tntp_trips); }
static void test_replay_tntp_node(void **state) { (void)state; tu_replay("tntp_node", fuzz_entry_tntp_node); }
static void test_replay_tntp_flow(void **state) { (void)state; tu_replay("tntp_flow", fuzz_entry_tntp_flow); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(header_sizes_checked),
        cmocka_unit_test(ids_out_of_range),
        cmocka_unit_test(parallel_links_and_self_loops),
        cmocka_unit_test(sparse_node_numbers),
        cmocka_unit_test(capacities_and_numbers),
        cmocka_unit_test(long_lines),
        cmocka_unit_test(case_and_line_ends),
        cmocka_unit_test(encodings),
        cmocka_unit_test(trips_validation),
        cmocka_unit_test(node_and_flow_validation),
        cmocka_unit_test(test_replay_tntp_net),
        cmocka_unit_test(test_replay_tntp_trips),
        cmocka_unit_test(test_replay_tntp_node),
        cmocka_unit_test(test_replay_tntp_flow),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
