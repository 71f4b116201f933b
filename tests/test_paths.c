/* Shortest paths (src/paths/dijkstra.c) and k shortest paths (ksp.c) against
 * hand-computed answers: trees, masks, unreachable nodes, no-through nodes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void shortest_paths(void **state)
{
    (void)state;
    cor_network *net = tu_net(4, 2, 6, TU_NET4);
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
    cor_network *net = tu_net(4, 2, 6, TU_NET4);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shortest_paths),
        cmocka_unit_test(no_through_nodes),
        cmocka_unit_test(k_shortest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
