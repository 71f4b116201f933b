/* Network model: builder, CSR invariants, lookups, clone; shortest paths
 * and k shortest paths against hand-computed answers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* Links given out of from-node order, plus a parallel link. */
static const double L[][6] = {
    {3, 4, 1, 10, 0, 0},  /* input 0 */
    {1, 2, 1, 10, 0, 0},  /* input 1 */
    {2, 4, 5, 10, 0, 0},  /* input 2 */
    {1, 3, 2, 10, 0, 0},  /* input 3 */
    {2, 3, 1, 10, 0, 0},  /* input 4 */
    {1, 2, 3, 10, 0, 0},  /* input 5: parallel to input 1 */
};

static void csr_invariants(void **state)
{
    (void)state;
    cor_network *net = tu_net(4, 2, 6, L);
    assert_int_equal(net->n_nodes, 4);
    assert_int_equal(net->n_links, 6);
    /* every link lies in its from-node's range, input order kept within a node */
    for (int32_t u = 0; u < net->n_nodes; u++)
        for (int32_t a = net->first_out[u]; a < net->first_out[u + 1]; a++) {
            assert_int_equal(net->link_from[a], u);
            if (a > net->first_out[u]) assert_true(net->link_order[a] > net->link_order[a - 1]);
        }
    assert_int_equal(net->first_out[net->n_nodes], 6);
    /* order permutation is a bijection and ids follow input positions */
    for (int32_t k = 0; k < 6; k++) {
        int32_t a = net->link_by_order[k];
        assert_int_equal(net->link_order[a], k);
        char id[8];
        snprintf(id, sizeof id, "%d", k + 1);
        assert_string_equal(net->link_id[a], id);
        assert_int_equal(cor_network_find_link(net, id), a);
        tu_close(net->fftime[a], L[k][2], 0);
        assert_int_equal(net->link_from[a], (int32_t)L[k][0] - 1);
        assert_int_equal(net->link_to[a], (int32_t)L[k][1] - 1);
    }
    /* reverse star holds each link exactly once, at its head */
    int seen[6] = {0};
    for (int32_t v = 0; v < net->n_nodes; v++)
        for (int32_t i = net->first_in[v]; i < net->first_in[v + 1]; i++) {
            assert_int_equal(net->link_to[net->in_link[i]], v);
            seen[net->in_link[i]]++;
        }
    for (int i = 0; i < 6; i++) assert_int_equal(seen[i], 1);
    assert_int_equal(cor_network_find_node(net, "3"), 2);
    assert_int_equal(cor_network_find_node(net, "9"), -1);
    assert_int_equal(cor_network_find_zone(net, "2"), 1);
    assert_int_equal(cor_network_find_zone(net, "3"), -1);
    assert_int_equal(net->node_zone[1], 1);
    assert_int_equal(net->node_zone[2], -1);
    cor_network_destroy(net);
    cor_network_destroy(NULL);
}

static void builder_errors_and_extras(void **state)
{
    (void)state;
    cor_netbuilder *b = cor_netbuilder_create();
    cor_error err = {0};
    assert_int_equal(cor_netbuilder_add_node(b, "a", 1, 2, &err), 0);
    assert_int_equal(cor_netbuilder_add_node(b, "b", 3, 4, &err), 1);
    assert_int_equal(cor_netbuilder_add_node(b, "a", 0, 0, &err), -1);
    assert_non_null(strstr(err.msg, "duplicate node id 'a'"));
    const char *cols[] = {"mode", "country"};
    assert_int_equal(cor_netbuilder_link_extra_cols(b, 2, cols, &err), COR_OK);
    cor_link_spec s = {.from = 1, .to = 0, .id = "L2", .fftime = 1, .capacity = 1};
    assert_int_equal(cor_netbuilder_add_link(b, &s, &err), COR_OK);
    s = (cor_link_spec){.from = 0, .to = 1, .id = "L1", .fftime = 2, .capacity = 1};
    assert_int_equal(cor_netbuilder_add_link(b, &s, &err), COR_OK);
    assert_int_equal(cor_netbuilder_link_extra_set(b, 0, 0, "rail", &err), COR_OK);
    assert_int_equal(cor_netbuilder_link_extra_set(b, 1, 1, "KZ", &err), COR_OK);
    s.to = 7;
    assert_int_equal(cor_netbuilder_add_link(b, &s, &err), COR_E_INPUT);
    cor_network *net = NULL;
    assert_int_equal(cor_netbuilder_finish(b, &net, &err), COR_OK);
    /* L1 (from a) sorts first; extras follow their link */
    int32_t l1 = cor_network_find_link(net, "L1"), l2 = cor_network_find_link(net, "L2");
    assert_int_equal(l1, 0);
    assert_int_equal(l2, 1);
    int mode = cor_network_link_col(net, "mode"), country = cor_network_link_col(net, "country");
    assert_int_equal(mode, 0);
    assert_int_equal(country, 1);
    assert_int_equal(cor_network_link_col(net, "nope"), -1);
    assert_string_equal(net->link_extra.values[mode][l2], "rail");
    assert_string_equal(net->link_extra.values[mode][l1], "");
    assert_string_equal(net->link_extra.values[country][l1], "KZ");
    tu_close(net->node_x[1], 3, 0);
    /* a clone is deep and equal */
    cor_network *c = cor_network_clone(net);
    assert_non_null(c);
    assert_int_equal(c->n_links, 2);
    assert_string_equal(c->link_extra.values[country][cor_network_find_link(c, "L1")], "KZ");
    assert_ptr_not_equal(c->link_extra.values[country][0], net->link_extra.values[country][0]);
    tu_close(c->fftime[cor_network_find_link(c, "L2")], 1, 0);
    cor_network_destroy(net);
    assert_string_equal(c->node_id[0], "a");
    cor_network_destroy(c);
}

static void shortest_paths(void **state)
{
    (void)state;
    cor_network *net = tu_net(4, 2, 6, L);
    cor_sp *sp = cor_sp_create(net);
    double dist[4];
    int32_t pred[4];
    cor_sp_tree(sp, 0, net->fftime, NULL, dist, pred);
    /* 1->2 (1), 1->3 (2) or 1->2->3 (2), 1->3->4 (3) or 1->2->3->4 (3) */
    tu_close(dist[0], 0, 0);
    tu_close(dist[1], 1, 0);
    tu_close(dist[2], 2, 0);
    tu_close(dist[3], 3, 0);
    int32_t links[8];
    int32_t n = cor_sp_path(net, pred, 3, links, 8);
    assert_true(n == 2 || n == 3);
    double c = 0;
    for (int32_t i = 0; i < n; i++) c += net->fftime[links[i]];
    tu_close(c, 3, 0);
    assert_int_equal(net->link_to[links[n - 1]], 3);
    /* a mask removing 3->4 leaves 1->2->4 at 6 */
    uint8_t mask[6];
    for (int i = 0; i < 6; i++) mask[i] = 1;
    mask[net->link_by_order[0]] = 0;
    cor_sp_tree(sp, 0, net->fftime, mask, dist, pred);
    tu_close(dist[3], 6, 0);
    /* no way back to node 1 */
    assert_true(isinf(dist[0]) == 0);
    cor_sp_tree(sp, 3, net->fftime, NULL, dist, pred);
    assert_true(isinf(dist[0]));
    assert_int_equal(pred[0], -1);
    cor_sp_destroy(sp);
    cor_network_destroy(net);
}

static void no_through_nodes(void **state)
{
    (void)state;
    /* 1 -> 2 -> 3 cheap through zone node 2, 1 -> 3 dear */
    static const double T[][6] = {{1, 2, 1, 1, 0, 0}, {2, 3, 1, 1, 0, 0}, {1, 3, 10, 1, 0, 0}};
    cor_netbuilder *b = cor_netbuilder_create();
    for (int i = 1; i <= 3; i++) {
        char id[4];
        snprintf(id, sizeof id, "%d", i);
        cor_netbuilder_add_node(b, id, NAN, NAN, NULL);
    }
    cor_netbuilder_set_no_thru(b, 1, 1);
    for (int k = 0; k < 3; k++) {
        cor_link_spec s = {.from = (int32_t)T[k][0] - 1, .to = (int32_t)T[k][1] - 1, .fftime = T[k][2], .capacity = 1};
        cor_netbuilder_add_link(b, &s, NULL);
    }
    cor_network *net = NULL;
    assert_int_equal(cor_netbuilder_finish(b, &net, NULL), COR_OK);
    cor_sp *sp = cor_sp_create(net);
    double dist[3];
    int32_t pred[3];
    cor_sp_tree(sp, 0, net->fftime, NULL, dist, pred);
    tu_close(dist[2], 10, 0); /* may not pass through node 2 */
    cor_sp_tree(sp, 1, net->fftime, NULL, dist, pred);
    tu_close(dist[2], 1, 0);  /* may start there */
    cor_sp_destroy(sp);
    cor_network_destroy(net);
}

static void k_shortest(void **state)
{
    (void)state;
    cor_network *net = tu_net(4, 2, 6, L);
    int32_t *paths[10];
    int32_t len[10];
    double cost[10];
    int found = 0;
    cor_error err = {0};
    assert_int_equal(cor_ksp(net, 0, 3, 10, net->fftime, NULL, paths, len, cost, &found, &err), COR_OK);
    /* loopless 1->4 paths (parallel 1-2 links are distinct):
     * 1-3-4: 3; 1-2a-3-4: 3; 1-2b-3-4: 5; 1-2a-4: 6; 1-2b-4: 8 */
    assert_int_equal(found, 5);
    const double want[5] = {3, 3, 5, 6, 8};
    for (int i = 0; i < found; i++) {
        tu_close(cost[i], want[i], 0);
        double c = 0;
        for (int32_t j = 0; j < len[i]; j++) {
            c += net->fftime[paths[i][j]];
            if (j) assert_int_equal(net->link_from[paths[i][j]], net->link_to[paths[i][j - 1]]);
        }
        tu_close(c, cost[i], 0);
        assert_int_equal(net->link_from[paths[i][0]], 0);
        assert_int_equal(net->link_to[paths[i][len[i] - 1]], 3);
        for (int q = 0; q < i; q++)
            assert_false(len[q] == len[i] && !memcmp(paths[q], paths[i], sizeof(int32_t) * (size_t)len[i]));
    }
    for (int i = 0; i < found; i++) free(paths[i]);
    cor_network_destroy(net);
}

static void demand_basics(void **state)
{
    (void)state;
    const char *names[] = {"oil"};
    cor_demand *d = cor_demand_create(3, 1, names);
    assert_int_equal(cor_demand_add_class(d, "grain"), 1);
    assert_int_equal(cor_demand_find_class(d, "grain"), 1);
    assert_int_equal(cor_demand_find_class(d, "coal"), -1);
    d->od[1] = 5;
    d->od[9 + 5] = 7;
    tu_close(cor_demand_total(d, -1), 12, 0);
    tu_close(cor_demand_total(d, 1), 7, 0);
    cor_demand *c = cor_demand_clone(d);
    tu_close(cor_demand_total(c, 0), 5, 0);
    cor_demand_destroy(d);
    cor_demand_destroy(c);
    cor_demand_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csr_invariants), cmocka_unit_test(builder_errors_and_extras),
        cmocka_unit_test(shortest_paths), cmocka_unit_test(no_through_nodes),
        cmocka_unit_test(k_shortest),     cmocka_unit_test(demand_basics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
