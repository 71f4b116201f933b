/* corridor bench — synthetic grid network generator (TNTP).
 *
 *   gen_grid ROWS COLS ZONES SEED PREFIX
 *
 * A ROWS x COLS grid of nodes with two-way links between neighbours
 * (4*R*C - 2*R - 2*C links), BPR (0.15, 4) link times with random lengths
 * (free-flow time 1..2) and capacities (800, 1600 or 3200; every 5th row and
 * column is an arterial with double capacity and 0.7x time).  ZONES zone nodes
 * sit on an even sub-grid and are numbered 1..ZONES (TNTP requires zones
 * first; <FIRST THRU NODE> 1, so zones may be passed through).  Demand is
 * gravity-like, q_od = 40 * r * exp(-dist_od / (0.35 * (ROWS + COLS)))
 * with r uniform in [0.5, 1.5), scaled so that links load to roughly
 * capacity.  Writes PREFIX_net.tntp and PREFIX_trips.tntp.  Deterministic
 * for a given SEED.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t rng_state;
static double urand(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: gen_grid ROWS COLS ZONES SEED PREFIX\n");
        return 2;
    }
    long R = atol(argv[1]), C = atol(argv[2]), Z = atol(argv[3]);
    rng_state = (uint64_t)atoll(argv[4]) * 7919u + 1;
    const char *prefix = argv[5];
    if (R < 2 || C < 2 || Z < 2 || Z > R * C) {
        fprintf(stderr, "gen_grid: need ROWS, COLS >= 2 and 2 <= ZONES <= ROWS*COLS\n");
        return 2;
    }
    long N = R * C;
    /* zone cells on an even sub-grid: zr x zc >= Z */
    long zr = (long)ceil(sqrt((double)Z * (double)R / (double)C));
    if (zr < 1) zr = 1;
    if (zr > R) zr = R;
    long zc = (Z + zr - 1) / zr;
    if (zc > C) zc = C;
    long *id = malloc(sizeof(long) * (size_t)N);   /* cell -> TNTP node id */
    long *zcell = malloc(sizeof(long) * (size_t)Z);
    if (!id || !zcell) { fprintf(stderr, "gen_grid: out of memory\n"); return 1; }
    for (long i = 0; i < N; i++) id[i] = 0;
    long nz = 0;
    for (long a = 0; a < zr && nz < Z; a++)
        for (long b = 0; b < zc && nz < Z; b++) {
            long r = (long)((a + 0.5) * (double)R / (double)zr), c = (long)((b + 0.5) * (double)C / (double)zc);
            long cell = r * C + c;
            if (id[cell]) continue;
            id[cell] = ++nz;
            zcell[nz - 1] = cell;
        }
    long next = nz;
    for (long i = 0; i < N; i++)
        if (!id[i]) id[i] = ++next;
    long M = 4 * R * C - 2 * R - 2 * C;

    char path[4096];
    snprintf(path, sizeof path, "%s_net.tntp", prefix);
    FILE *f = fopen(path, "w");
    if (!f) { perror(path); return 1; }
    fprintf(f, "<NUMBER OF ZONES> %ld\n<NUMBER OF NODES> %ld\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> %ld\n"
               "<END OF METADATA>\n\n~\tinit_node\tterm_node\tcapacity\tlength\tfree_flow_time\tb\tpower\tspeed\ttoll\tlink_type\t;\n",
            nz, N, M);
    static const double caps[3] = {800, 1600, 3200};
    for (long r = 0; r < R; r++)
        for (long c = 0; c < C; c++) {
            long u = r * C + c;
            long nb[4][2] = {{r - 1, c}, {r + 1, c}, {r, c - 1}, {r, c + 1}};
            for (int k = 0; k < 4; k++) {
                long rr = nb[k][0], cc = nb[k][1];
                if (rr < 0 || rr >= R || cc < 0 || cc >= C) continue;
                long v = rr * C + cc;
                int arterial = (k < 2) ? (c % 5 == 0) : (r % 5 == 0);
                double len = 1 + urand();
                double cap = caps[(int)(urand() * 3) % 3];
                double fft = len;
                if (arterial) { cap *= 2; fft *= 0.7; }
                fprintf(f, "\t%ld\t%ld\t%.1f\t%.4f\t%.4f\t0.15\t4\t0\t0\t%d\t;\n", id[u], id[v], cap, len, fft,
                        arterial ? 2 : 1);
            }
        }
    if (fclose(f)) { perror(path); return 1; }

    /* gravity demand, scaled so total vehicle-km ~ 0.6 * total capacity-km */
    double *q = malloc(sizeof(double) * (size_t)(nz * nz));
    if (!q) { fprintf(stderr, "gen_grid: out of memory\n"); return 1; }
    double scale = 0.35 * (double)(R + C), vkm = 0;
    for (long o = 0; o < nz; o++)
        for (long d = 0; d < nz; d++) {
            long ro = zcell[o] / C, co = zcell[o] % C, rd = zcell[d] / C, cd = zcell[d] % C;
            double dist = (double)(labs(ro - rd) + labs(co - cd));
            double v = o == d ? 0 : 40.0 * (0.5 + urand()) * exp(-dist / scale);
            q[o * nz + d] = v;
            vkm += v * dist * 1.5;
        }
    double capkm = (double)M * 1600 * 1.5 * 1.1;
    double mult = vkm > 0 ? 0.6 * capkm / vkm : 1;
    snprintf(path, sizeof path, "%s_trips.tntp", prefix);
    f = fopen(path, "w");
    if (!f) { perror(path); return 1; }
    double tot = 0;
    for (long i = 0; i < nz * nz; i++) tot += q[i] * mult;
    fprintf(f, "<NUMBER OF ZONES> %ld\n<TOTAL OD FLOW> %.4f\n<END OF METADATA>\n\n", nz, tot);
    for (long o = 0; o < nz; o++) {
        fprintf(f, "Origin %ld\n", o + 1);
        int col = 0;
        for (long d = 0; d < nz; d++) {
            double v = q[o * nz + d] * mult;
            if (!(v > 0)) continue;
            fprintf(f, "%5ld : %10.4f; ", d + 1, v);
            if (++col == 5) { fputc('\n', f); col = 0; }
        }
        fputs("\n\n", f);
    }
    if (fclose(f)) { perror(path); return 1; }
    printf("%s: %ld nodes, %ld links, %ld zones, total demand %.1f\n", prefix, N, M, nz, tot);
    free(q);
    free(id);
    free(zcell);
    return 0;
}
