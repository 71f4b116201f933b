/* corridor — shortest paths over the CSR network.
 *
 * A cor_sp workspace borrows the network (which must outlive it) and is reused
 * across queries; it is not thread-safe: use one per thread.
 */
#ifndef CORRIDOR_PATHS_H
#define CORRIDOR_PATHS_H

#include <stdint.h>
#include "corridor/network.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cor_sp cor_sp;

cor_sp *cor_sp_create(const cor_network *net); /* NULL on no memory */
void cor_sp_destroy(cor_sp *sp);               /* NULL is fine */

/* One-to-all shortest path tree (Dijkstra, binary heap) from node `origin`
 * with non-negative link costs cost[n_links].  Links with allowed[a] == 0 are
 * skipped (allowed NULL: all usable).  Nodes with no_thru set are not passed
 * through (except the origin).  Fills dist[n_nodes] (INFINITY when
 * unreachable) and pred[n_nodes] (the link entering the node on the tree, -1
 * at the origin and unreached nodes).  O((n + m) log n). */
void cor_sp_tree(cor_sp *sp, int32_t origin, const double *cost,
                 const uint8_t *allowed, double *dist, int32_t *pred);

/* Same, stopping as soon as `target` is settled (dist/pred valid for the
 * settled part only).  Returns dist[target] (INFINITY when unreachable). */
double cor_sp_to(cor_sp *sp, int32_t origin, int32_t target,
                 const double *cost, const uint8_t *allowed, double *dist,
                 int32_t *pred);

/* Writes the links of the tree path origin -> target into links[] in travel
 * order and returns their count (0 if target is the origin, -1 if
 * unreachable, or the required size if it exceeds cap). */
int32_t cor_sp_path(const cor_network *net, const int32_t *pred,
                    int32_t target, int32_t *links, int32_t cap);

/* k loopless shortest paths from `origin` to `target` (Yen's algorithm).
 * On return paths[i] (i < *n_found) is a malloc'd array of path_len[i] link
 * indices and costs[i] its cost; the caller frees each paths[i]. */
cor_status cor_ksp(const cor_network *net, int32_t origin, int32_t target,
                   int k, const double *cost, const uint8_t *allowed,
                   int32_t **paths, int32_t *path_len, double *costs,
                   int *n_found, cor_error *err);

#ifdef __cplusplus
}
#endif
#endif
