/* corridor bench — path-size logit equilibrium of a freight data set
 * (default data/eurasia) to a measure of 1e-8: best wall time of REPEAT
 * solves (one cold solve each), iterations and routes.
 *   bench_choice [DIR [THETA [REPEAT]]]
 * THETA: logit_scale per USD/t for every class (default 0.05); the data set
 * carries no scales yet (issue #14 item 2).  Then the same through the
 * freight model (cor_freight_solve_choice: the data's segments, constants,
 * initial distinct-corridor route sets and the path decomposition into
 * corridor statistics) — what `corridor corridors --choice logit` solves.
 * Not a unit test. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "corridor/choice.h"
#include "corridor/freight.h"
#include "corridor/io.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "data/eurasia";
    double theta = argc > 2 ? atof(argv[2]) : 0.05;
    int repeat = argc > 3 ? atoi(argv[3]) : 20;
    cor_error err = {0};
    cor_freight *f = NULL;
    cor_freight_opts o = {0};
    if (cor_freight_load(dir, &o, &f, &err)) { fprintf(stderr, "%s\n", err.msg); return 1; }
    const cor_problem *bp = cor_freight_problem(f, &err);
    if (!bp) { fprintf(stderr, "%s\n", err.msg); return 1; }
    cor_choice_class *cc = calloc((size_t)bp->n_classes, sizeof *cc);
    for (int k = 0; k < bp->n_classes; k++) cc[k].logit_scale = theta;
    cor_choice_problem p = {.base = bp, .choice = cc};
    cor_choice_params par;
    cor_choice_params_default(&par);
    double best = 1e300;
    cor_choice_solution *s = NULL;
    for (int r = 0; r < repeat; r++) {
        cor_choice_solution_destroy(s);
        s = NULL;
        double t0 = now();
        cor_status st = cor_choice_solve(&p, &par, &s, &err);
        double dt = now() - t0;
        if (st) { fprintf(stderr, "status %d: %s\n", st, err.msg); return 1; }
        if (dt < best) best = dt;
    }
    printf("%s theta %g: measure %.2e in %d iterations, %d routes, best of %d: %.2f ms\n", dir, theta,
           s->sol->relative_gap, s->sol->iterations, s->n_paths, repeat, 1e3 * best);
    cor_choice_solution_destroy(s);
    free(cc);
    cor_freight_destroy(f);

    /* the freight path: the model rebuilt with the scale on every class */
    cor_network *net = NULL;
    cor_demand *dem = NULL;
    cor_freight_classes *cls = NULL;
    cor_vocab *voc = NULL;
    char cp[4096];
    snprintf(cp, sizeof cp, "%s/class.csv", dir);
    if (cor_read_gmns(dir, &net, &dem, &err) || cor_read_freight_classes(cp, &cls, &err) ||
        cor_vocab_load(dir, &voc, &err)) { fprintf(stderr, "%s\n", err.msg); return 1; }
    for (int k = 0; k < cls->n; k++) cls->cls[k].logit_scale = theta;
    cor_freight_opts fo = {.vocab = voc};
    if (cor_freight_create(net, dem, cls, &fo, &f, &err)) { fprintf(stderr, "%s\n", err.msg); return 1; }
    best = 1e300;
    cor_freight_result *fr = NULL;
    for (int r = 0; r < repeat; r++) {
        cor_freight_result_destroy(fr);
        fr = NULL;
        double t0 = now();
        cor_status st = cor_freight_solve_choice(f, NULL, &fr, &err);
        double dt = now() - t0;
        if (st) { fprintf(stderr, "status %d: %s\n", st, err.msg); return 1; }
        if (dt < best) best = dt;
    }
    printf("%s theta %g, cor_freight_solve_choice: measure %.2e in %d iterations, %d paths, best of %d: %.2f ms\n",
           dir, theta, fr->sol->relative_gap, fr->sol->iterations, fr->n_paths, repeat, 1e3 * best);
    cor_freight_result_destroy(fr);
    cor_freight_destroy(f);
    cor_vocab_destroy(voc);
    cor_freight_classes_destroy(cls);
    cor_demand_destroy(dem);
    cor_network_destroy(net);
    return 0;
}
