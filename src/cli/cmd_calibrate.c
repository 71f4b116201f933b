/* corridor calibrate — fits the route-choice constants (and, on request, the
 * logit scales) so that the base year reproduces calibration.csv
 * (calibrate.h, docs/CALIBRATION.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char USAGE[] =
    "usage: corridor calibrate DIR [--targets FILE] --out OUTDIR [--fit SPEC]... [--fit-scale]\n"
    "                          [--odme] [--check] [--scenario FILE] [--year Y] [--gap G] [--max-iter N] [--json]\n\n"
    "Fits the logit choice model of the freight data set DIR (class.csv logit_scale\n"
    "for every class) to the published ranges of FILE (default DIR/calibration.csv):\n"
    "one corridor constant per class and corridor named alone by a share or tonnes\n"
    "target (or the parameters --fit gives: corridor:TAG[:CLASS], country:CODE[:CLASS],\n"
    "scale:CLASS; --fit-scale adds every class's logit_scale), by least squares on\n"
    "(model - mid) / half-width of the targets that respond to them; the others are\n"
    "checks.  Refuses an under-identified setup.  Writes OUTDIR/constants.csv (the\n"
    "data set's constants with the fitted ones), OUTDIR/calibration_fit.csv and,\n"
    "with fitted scales, OUTDIR/logit_scale.csv; prints the fit table.  Copy\n"
    "constants.csv into DIR to use it.  --gap and --max-iter are those of each\n"
    "choice equilibrium (default 1e-8, 500).  --check fits nothing: it measures the\n"
    "targets on the model as it is (after --scenario FILE), for validation out of\n"
    "sample such as a back-cast to an earlier year (docs/CALIBRATION.md).  --odme also\n"
    "adjusts the OD matrix to the tonnes targets on links (Spiess's gradient method,\n"
    "least squares against the counts from the prior matrix; constants fitted before\n"
    "and after) and writes OUTDIR/demand_adjusted.csv; --fit none --odme adjusts the\n"
    "matrix alone.\n";

static int progress(void *ud, int it, double obj, int solves)
{
    (void)ud;
    if (isatty(2)) fprintf(stderr, "\rcalibrate: iteration %d, objective %.3e, %d solves   ", it, obj, solves);
    return cli_interrupted();
}

static cor_status write_scales(const cor_calibration *cal, const cor_freight *f, const char *path, cor_error *err)
{
    cor_outfile o;
    cor_status st = cor_outfile_open(&o, path, err);
    if (st) return st;
    fputs("class,logit_scale,initial,se\n", o.fp);
    const cor_freight_classes *cl = cor_freight_get_classes(f);
    for (int j = 0; j < cal->n_params; j++)
        if (cal->p[j].kind == COR_CALIB_SCALE)
            fprintf(o.fp, "%s,%.10g,%.10g,%.6g\n", cl->cls[cal->p[j].cls].name, cal->p[j].value, cal->p[j].initial,
                    cal->p[j].se);
    return cor_outfile_commit(&o, err);
}

static void print_check(const cor_calibration *cal, const cor_targets *t)
{
    int in = 0;
    for (int i = 0; i < t->n; i++) in += cal->model[i] >= t->t[i].low && cal->model[i] <= t->t[i].high;
    printf("calibration check: %d targets measured on the model as it is, %d in range (nothing fitted)\n\n", t->n, in);
    printf("%-44s %-7s %12s %12s %12s\n", "target", "metric", "low", "high", "model");
    for (int i = 0; i < t->n; i++) {
        const cor_target *q = &t->t[i];
        int ok = cal->model[i] >= q->low && cal->model[i] <= q->high;
        printf("%-44.44s %-7s %12.6g %12.6g %12.6g  %s\n", q->name, cor_target_metric_name(q->metric), q->low, q->high,
               cal->model[i], ok ? "ok" : "OUT OF RANGE");
    }
}

static void print_fit(const cor_calibration *cal, const cor_targets *t, const cor_freight *f, double secs)
{
    char nm[128];
    int nfit = 0;
    for (int i = 0; i < cal->n_targets; i++) nfit += cal->fitted[i];
    printf("calibration: %d parameters, %d targets (%d fitted), %d iterations, %d equilibrium solves, %.2f s\n",
           cal->n_params, cal->n_targets, nfit, cal->iterations, cal->solves, secs);
    printf("objective (sum of squared (model - mid) / half-width): %.4g\n\n", cal->objective);
    printf("%-28s %14s %14s %12s\n", "parameter", "initial", "fitted", "+- se");
    for (int j = 0; j < cal->n_params; j++) {
        const cor_calib_param *p = &cal->p[j];
        printf("%-28s %14.6g %14.6g %12.3g  %s\n", cor_calib_param_name(f, p, nm, sizeof nm), p->initial, p->value,
               p->se, p->kind == COR_CALIB_SCALE ? "per USD/t" : "USD/t");
    }
    for (int j = 0; j < cal->n_dropped; j++)
        printf("%-28s %14.6g %14s %12s  not fitted: no target responds to it (captive flows)\n",
               cor_calib_param_name(f, &cal->dropped[j], nm, sizeof nm), cal->dropped[j].initial, "-", "");
    printf("\n%-44s %-6s %12s %12s %12s %12s  %s\n", "target", "role", "low", "high", "before", "model", "");
    for (int i = 0; i < t->n; i++) {
        const cor_target *q = &t->t[i];
        int ok = cal->model[i] >= q->low && cal->model[i] <= q->high;
        printf("%-44.44s %-6s %12.6g %12.6g %12.6g %12.6g  %s\n", q->name, cal->fitted[i] ? "fit" : "check", q->low,
               q->high, cal->before[i], cal->model[i], ok ? "ok" : "OUT OF RANGE");
    }
    printf("\n(role fit: the target moves with the fitted parameters and is in the objective; check: it does not\n"
               " respond to them — a network time or a captive flow — and is only compared)\n");
}

int cmd_calibrate(int argc, char **argv)
{
    cli_opt o[] = {
        {"targets", 0, "targets file (default DIR/calibration.csv)", 0, 0, 0},
        CLI_OUT_OPT("write constants.csv, calibration_fit.csv (and logit_scale.csv) here"),
        {"fit", CLI_REPEAT, "a parameter to fit: corridor:TAG[:CLASS], country:CODE[:CLASS], scale:CLASS", 0, 0, 0},
        {"fit-scale", 1, "also fit every class's logit_scale", 0, 0, 0},
        {"check", 1, "no fit: measure the targets on the model as it is (validation, a back-cast)", 0, 0, 0},
        {"odme", 1, "also adjust the demand to the tonnes targets on links (OD matrix estimation; demand_adjusted.csv)", 0, 0, 0},
        {"scenario", 0, "apply this scenario file first (e.g. the conditions of another year)", 0, 0, 0},
        {"year", 0, "open links whose opening_year <= Y (default: data status)", 0, 0, 0},
        {"gap", 0, "convergence target of each choice equilibrium (default 1e-8)", 0, 0, 0},
        {"max-iter", 0, "iteration limit of each choice equilibrium (default 500)", 0, 0, 0},
        {"json", 1, "print the fit as JSON", 0, 0, 0},
    };
    CLI_PARSE_ONE(o, USAGE, "DIR");
    cor_case *c = NULL;
    cor_targets *t = NULL;
    cor_calibration *cal = NULL;
    cor_odme_result *odr = NULL;
    cor_outset *set = NULL;
    cor_scenario *sc = NULL;
    char *tpath = NULL, *p1 = NULL, *p2 = NULL, *p3 = NULL;
    if (rc) { rc = rc < 0 ? 0 : rc; goto done; }
    const char *out = cli_get(o, n, "out");
    if (!out) {
        fprintf(stderr, "corridor calibrate: --out OUTDIR is required\n%s", USAGE);
        rc = EXIT_USAGE;
        goto done;
    }
    double gap;
    long maxit, year;
    cor_choice_params cp;
    cor_choice_params_default(&cp);
    if (cli_double(o, n, "gap", cp.tol, &gap) || cli_int(o, n, "max-iter", cp.max_iter, 1, 1000000, &maxit) ||
        cli_int(o, n, "year", 0, COR_YEAR_MIN, COR_YEAR_MAX, &year)) {
        rc = EXIT_USAGE;
        goto done;
    }
    if (!(gap > 0)) {
        fprintf(stderr, "corridor calibrate: --gap must be > 0\n");
        rc = EXIT_USAGE;
        goto done;
    }
    cp.tol = gap;
    cp.max_iter = (int)maxit;
    if ((rc = cli_freight_case_open("calibrate", o, n, a.pos[0], &c))) goto done;
    cor_freight *f = cor_case_freight(c);
    cor_error err = {0};
    if (cli_get(o, n, "scenario")) {
        if (cor_scenario_load(cli_get(o, n, "scenario"), &sc, &err) || cor_case_apply_scenario(c, sc, &err)) {
            rc = cli_fail("calibrate", &err);
            goto done;
        }
    }
    tpath = cli_get(o, n, "targets") ? strdup(cli_get(o, n, "targets")) : cli_join(a.pos[0], "calibration.csv");
    if (!tpath) { rc = EXIT_NOMEM; goto done; }
    cor_status st = cor_targets_load(tpath, f, &t, &err);
    if (st) { rc = cli_fail("calibrate", &err); goto done; }
    if ((rc = cli_out_begin("calibrate", o, n, out, &set))) goto done;
    cor_calib_opts co;
    cor_calib_opts_default(&co);
    co.choice = &cp;
    cli_opt *fit = cli_find(o, n, "fit");
    co.n_fit = fit->n_values;
    co.fit = fit->values;
    co.fit_scale = cli_get(o, n, "fit-scale") != NULL;
    co.check_only = cli_get(o, n, "check") != NULL;
    if (co.check_only && (co.n_fit || co.fit_scale)) {
        fprintf(stderr, "corridor calibrate: --check measures without fitting; it does not go with --fit or --fit-scale\n");
        rc = EXIT_USAGE;
        goto done;
    }
    co.progress = progress;
    int odme = cli_get(o, n, "odme") != NULL;
    int no_params = co.n_fit == 1 && !strcmp(co.fit[0], "none");
    if ((odme && co.check_only) || (no_params && !odme) || (no_params && co.fit_scale)) {
        fprintf(stderr, "corridor calibrate: %s\n", odme && co.check_only ? "--odme adjusts the demand; it does not go with --check"
                : "--fit none (no route parameter) goes with --odme alone");
        rc = EXIT_USAGE;
        goto done;
    }
    if (no_params) { co.n_fit = 0; co.check_only = 1; } /* the demand alone: measured after the estimation */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    st = no_params ? COR_OK : cor_calibrate(f, t, &co, &cal, &err);
    if (!no_params && !cal) { rc = cli_fail("calibrate", &err); goto done; }
    if (odme) {
        /* constants first, then the matrix against the counts, then the
         * constants again on the adjusted matrix */
        cor_odme_opts oo = {.choice = &cp};
        if (cor_odme(cor_case_freight(c), t, &oo, &odr, &err)) { rc = cli_fail("calibrate", &err); goto done; }
        cor_calibration_destroy(cal);
        cal = NULL;
        st = cor_calibrate(f, t, &co, &cal, &err);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (isatty(2)) fputc('\n', stderr);
    if (!cal) { rc = cli_fail("calibrate", &err); goto done; }
    if (cli_interrupted()) { rc = EXIT_INTERRUPTED; goto done; }
    double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    const char *stage = cor_outset_stage(set);
    p1 = cli_join(stage, "constants.csv");
    p2 = cli_join(stage, "calibration_fit.csv");
    p3 = cli_join(stage, "logit_scale.csv");
    if (!p1 || !p2 || !p3) { rc = EXIT_NOMEM; goto done; }
    int scales = 0;
    for (int j = 0; j < cal->n_params; j++) scales += cal->p[j].kind == COR_CALIB_SCALE;
    char *p4 = odr ? cli_join(stage, "demand_adjusted.csv") : NULL;
    cor_status wst = odr ? (p4 ? cor_odme_write(odr, f, p4, &err) : cor_error_set(&err, COR_E_NOMEM, "out of memory")) : COR_OK;
    free(p4);
    if (wst || (!co.check_only && cor_freight_write_constants(f, p1, &err)) || cor_calibration_write_fit(cal, t, f, p2, &err) ||
        (scales && write_scales(cal, f, p3, &err))) {
        rc = cli_fail("calibrate", &err);
        goto done;
    }
    if (cli_get(o, n, "json")) {
        char nm[128];
        printf("{\"iterations\":%d,\"solves\":%d,\"objective\":%.10g,\"all_in_range\":%s,\"params\":[", cal->iterations,
               cal->solves, cal->objective, cal->all_in_range ? "true" : "false");
        for (int j = 0; j < cal->n_params; j++) {
            printf("%s{\"param\":", j ? "," : "");
            cor_table_json_string(stdout, cor_calib_param_name(f, &cal->p[j], nm, sizeof nm));
            printf(",\"initial\":%.10g,\"value\":%.10g,\"se\":%.6g}", cal->p[j].initial, cal->p[j].value,
                   isfinite(cal->p[j].se) ? cal->p[j].se : -1);
        }
        printf("],\"targets\":[");
        for (int i = 0; i < t->n; i++) {
            printf("%s{\"target\":", i ? "," : "");
            cor_table_json_string(stdout, t->t[i].name);
            printf(",\"low\":%.10g,\"high\":%.10g,\"before\":%.10g,\"model\":%.10g,\"role\":\"%s\"}", t->t[i].low,
                   t->t[i].high, cal->before[i], cal->model[i], cal->fitted[i] ? "fit" : "check");
        }
        printf("]}\n");
    } else {
        if (odr) {
            double pa = 0, pb = 0;
            for (int i = 0; i < odr->n_cells; i++) { pa += odr->prior[i]; pb += odr->adjusted[i]; }
            printf("OD estimation (Spiess): %d OD cells, %d count targets, objective %.4g -> %.4g in %d iterations; "
                   "demand %.6g -> %.6g t/yr (demand_adjusted.csv)\n\n", odr->n_cells, odr->n_targets,
                   odr->objective_before, odr->objective, odr->iterations, pa, pb);
        }
        if (co.check_only) print_check(cal, t);
        else print_fit(cal, t, f, secs);
        if (co.check_only) printf("\nwrote %s/calibration_fit.csv%s\n", out, odr ? ", demand_adjusted.csv" : "");
        else printf("\nwrote %s/{constants.csv,calibration_fit.csv%s%s}\n", out, scales ? ",logit_scale.csv" : "",
                    odr ? ",demand_adjusted.csv" : "");
    }
    if (st == COR_E_NOCONV) {
        fprintf(stderr, "corridor calibrate: %s\n", err.msg);
        rc = EXIT_NOCONV;
    } else if (!cal->all_in_range) {
        fprintf(stderr, "corridor calibrate: warning: some targets are out of their range (see the table)\n");
    }
done:
    rc = cli_out_end("calibrate", &set, rc);
    free(tpath);
    free(p1);
    free(p2);
    free(p3);
    cor_calibration_destroy(cal);
    cor_odme_result_destroy(odr);
    cor_targets_destroy(t);
    cor_scenario_destroy(sc);
    cor_case_destroy(c);
    cli_free(o, n, &a);
    return rc;
}
