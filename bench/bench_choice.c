/* corridor bench — path-size logit equilibrium of a freight data set
 * (default data/eurasia) to a measure of 1e-8: best wall time of REPEAT
 * solves (one cold solve each), iterations and routes.
 *   bench_choice [DIR [THETA [REPEAT]]]
 * THETA: logit_scale per USD/t for every class (default 0.05).  Then the
 * same through the freight model (cor_freight_solve_choice: the data's
 * segments, initial distinct-corridor route sets and the path decomposition
 * into corridor statistics) — what `corridor corridors --choice logit`
 * solves.  Then, when the data set gives every class a scale, the shipped
 * model as it is (its scales and constants.csv: what `corridor corridors DIR`
 * solves) and `corridor calibrate DIR` from zero constants (DIR/calibration.csv,
 * once: the fit is deterministic).  Not a unit test. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "corridor/calibrate.h"
#include "corridor/choice.h"
#include "corridor/freight.h"
#include "corridor/io.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Best wall time of `repeat` cold cor_freight_solve_choice calls; *fr the
 * last result.  -1 (printed) on a failed solve. */
static int best_solve(cor_freight *f, int repeat, cor_freight_result **fr, double *best)
{
    cor_error err = {0};
    *best = 1e300;
    *fr = NULL;
    for (int r = 0; r < repeat; r++) {
        cor_freight_result_destroy(*fr);
        *fr = NULL;
        double t0 = now();
        cor_status st = cor_freight_solve_choice(f, NULL, fr, &err);
        double dt = now() - t0;
        if (st) { fprintf(stderr, "status %d: %s\n", st, err.msg); return -1; }
        if (dt < *best) *best = dt;
    }
    return 0;
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
    cor_freight_result *fr = NULL;
    if (best_solve(f, repeat, &fr, &best)) return 1;
    printf("%s theta %g, cor_freight_solve_choice: measure %.2e in %d iterations, %d paths, best of %d: %.2f ms\n",
           dir, theta, fr->sol->relative_gap, fr->sol->iterations, fr->n_paths, repeat, 1e3 * best);
    cor_freight_result_destroy(fr);
    fr = NULL;
    cor_freight_destroy(f);
    f = NULL;

    /* the shipped, calibrated model */
    if (cor_freight_load(dir, &o, &f, &err)) { fprintf(stderr, "%s\n", err.msg); return 1; }
    if (cor_freight_has_choice(f)) {
        if (best_solve(f, repeat, &fr, &best)) return 1;
        printf("%s as shipped (own scales, %d constants), cor_freight_solve_choice: measure %.2e in %d iterations, "
               "best of %d: %.2f ms\n", dir, cor_freight_n_constants(f), fr->sol->relative_gap, fr->sol->iterations,
               repeat, 1e3 * best);
        cor_freight_result_destroy(fr);
        char tp[4200];
        snprintf(tp, sizeof tp, "%s/calibration.csv", dir);
        cor_targets *t = NULL;
        if (cor_targets_load(tp, f, &t, &err) || cor_freight_set_constants(f, 0, NULL, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        cor_calibration *cal = NULL;
        double t0 = now();
        cor_status st = cor_calibrate(f, t, NULL, &cal, &err);
        double dt = now() - t0;
        if (!cal) { fprintf(stderr, "status %d: %s\n", st, err.msg); return 1; }
        printf("%s cor_calibrate from zero: %d parameters, %d targets, %d iterations, %d equilibrium solves, "
               "all in range %s: %.2f s\n", dir, cal->n_params, cal->n_targets, cal->iterations, cal->solves,
               cal->all_in_range ? "yes" : "no", dt);
        cor_calibration_destroy(cal);
        cor_targets_destroy(t);
    }
    cor_freight_destroy(f);
    cor_vocab_destroy(voc);
    cor_freight_classes_destroy(cls);
    cor_demand_destroy(dem);
    cor_network_destroy(net);
    return 0;
}
