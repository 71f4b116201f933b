/* bench_gmns — time cor_read_gmns on a synthetic GMNS directory.
 *
 * usage: bench_gmns [LINKS [random|sorted [DIR]]]
 *   LINKS   number of link rows (default 1000000), nodes = LINKS / 4
 *   random  from/to nodes drawn at random (worst case for node lookups)
 *   sorted  links grouped by from node, to nodes nearby (osm2gmns-like)
 *   DIR     where to write node.csv / link.csv (default a temporary
 *           directory, removed afterwards)
 * link.csv has the columns link_id,from_node_id,to_node_id,directed,length,
 * free_speed,capacity,lanes,allowed_uses,geometry (quoted WKT): 4 of them
 * kept as extra string columns.  Prints the file size, the wall and CPU time
 * of the read, and the time to free the network.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "corridor/corridor.h"

static double now(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static unsigned long long rng = 88172645463325252ULL;
static unsigned long long next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

int main(int argc, char **argv)
{
    long m = argc > 1 ? atol(argv[1]) : 1000000;
    int sorted = argc > 2 && !strcmp(argv[2], "sorted");
    char tmpl[] = "/tmp/bench_gmns.XXXXXX";
    const char *dir = argc > 3 ? argv[3] : mkdtemp(tmpl);
    if (m < 8 || !dir) {
        fprintf(stderr, "usage: bench_gmns [LINKS>=8 [random|sorted [DIR]]]\n");
        return 2;
    }
    long n = m / 4;
    char path[4096];
    snprintf(path, sizeof path, "%s/node.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f) { perror(path); return 1; }
    fprintf(f, "node_id,x_coord,y_coord,zone_id\n");
    for (long i = 1; i <= n; i++)
        fprintf(f, "%ld,%.6f,%.6f,%s\n", i, (double)(next() % 100000000) / 1e6,
                (double)(next() % 100000000) / 1e6, i <= 1000 ? "z" : "");
    fclose(f);
    snprintf(path, sizeof path, "%s/link.csv", dir);
    f = fopen(path, "w");
    if (!f) { perror(path); return 1; }
    fprintf(f, "link_id,from_node_id,to_node_id,directed,length,free_speed,capacity,lanes,allowed_uses,geometry\n");
    for (long i = 0; i < m; i++) {
        long a, b;
        if (sorted) {
            a = i / 4 + 1;
            b = a + (long)(next() % 101) - 50;
            if (b < 1) b = 1;
            if (b > n) b = n;
        } else {
            a = (long)(next() % (unsigned long long)n) + 1;
            b = (long)(next() % (unsigned long long)n) + 1;
        }
        if (b == a) b = a < n ? a + 1 : a - 1;
        fprintf(f, "%ld,%ld,%ld,true,%.4f,%d,%d,%d,auto,\"LINESTRING (1.0 2.0, 3.0 4.0)\"\n", i + 1, a, b,
                (double)(next() % 50000) / 1e4, 30 + 20 * (int)(next() % 3), 1800 + 200 * (int)(next() % 2),
                1 + (int)(next() % 3));
    }
    long bytes = ftell(f);
    fclose(f);
    /* zone "z" sits on 1000 nodes: a centroid with 2000 connectors */
    cor_network *net = NULL;
    cor_error err = {0};
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    cor_status st = cor_read_gmns(dir, &net, NULL, &err);
    double w1 = now(CLOCK_MONOTONIC), c1 = now(CLOCK_PROCESS_CPUTIME_ID);
    if (st) {
        fprintf(stderr, "bench_gmns: %s\n", err.msg);
        return 1;
    }
    printf("gmns read: %ld link rows (%s), %.1f MB link.csv, %ld nodes -> %ld links\n", m,
           sorted ? "sorted" : "random", (double)bytes / 1e6, (long)net->n_nodes, (long)net->n_links);
    printf("  wall %.3f s, cpu %.3f s (%.0f ns per row)\n", w1 - w0, c1 - c0, (c1 - c0) / (double)m * 1e9);
    cor_network_destroy(net);
    printf("  free %.3f s\n", now(CLOCK_MONOTONIC) - w1);
    if (argc <= 3) {
        snprintf(path, sizeof path, "%s/node.csv", dir);
        unlink(path);
        snprintf(path, sizeof path, "%s/link.csv", dir);
        unlink(path);
        rmdir(dir);
    }
    return 0;
}
