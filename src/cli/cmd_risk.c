/* corridor risk — expected annual cost and tail risk of a hazard catalogue:
 * a Monte-Carlo (or exact) ensemble of disrupted years (risk.h).  Under
 * mpirun (built with Open MPI) the samples are split over the ranks. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef COR_HAVE_MPI
#include <mpi.h>
#endif

#include "cli.h"

static const char USAGE[] =
    "usage: corridor risk NET --hazards FILE [--samples N] [--exact] [--seed S]\n"
    "                     [--target-se USD] [--batch N] [--scenario FILE]\n"
    "                     [--unserved-cost USD_T | --values FILE] [--shortfall SHARE]\n"
    "                     --out DIR [--json] [--threads T] [solver options]\n\n"
    "Risk-weighted resilience (docs/RISK.md).  Each hazard of the catalogue FILE is a\n"
    "set of scenario edits with an annual probability, a duration distribution and\n"
    "optional months; joint events apply several hazards at once.  Samples N years\n"
    "(default 10000; counter-based random numbers keyed by --seed and the sample\n"
    "index), splits each into disruption states weighted by their days, solves every\n"
    "distinct state once (warm-started from the base, --threads at a time) and\n"
    "reports the expected annual loss (generalized cost + unserved tonnes x their\n"
    "value), cost, unserved tonnes, tonne-days and disrupted days with standard\n"
    "errors, VaR and CVaR at 95 and 99 %, the exceedance curve, the same per corridor,\n"
    "origin and destination country, and each hazard's marginal and Shapley\n"
    "contribution.  --exact also enumerates every state (at most 16 hazards) for exact\n"
    "expectations.  --target-se stops when the standard error of the expected loss is\n"
    "at most USD (checked every --batch samples, default 1000).  Unserved tonnes are\n"
    "valued at --unserved-cost USD/t, else the class values of --values FILE (default\n"
    "NET/scenarios/values.csv), else 0.  Writes DIR/risk_summary.csv,\n"
    "risk_exceedance.csv, risk_hazards.csv, risk_groups.csv, risk_samples.csv (and\n"
    "risk_states.csv with --exact).  Under mpirun -np N the samples are split over\n"
    "the ranks; the outputs are the same byte for byte.\n";

#ifdef COR_HAVE_MPI
static int mpi_gather(void *ud, const double *mine, long n_mine, double *all, const long *n)
{
    (void)ud;
    int size, rank;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    /* counts can exceed int for big records: send per rank in chunks */
    if (rank != 0) {
        long off = 0;
        while (off < n_mine) {
            int c = (int)(n_mine - off > (1L << 30) ? (1L << 30) : n_mine - off);
            if (MPI_Send(mine + off, c, MPI_DOUBLE, 0, 17, MPI_COMM_WORLD) != MPI_SUCCESS) return -1;
            off += c;
        }
        return 0;
    }
    memcpy(all, mine, (size_t)n_mine * sizeof *all);
    long pos = n_mine;
    for (int r = 1; r < size; r++) {
        long off = 0;
        while (off < n[r]) {
            int c = (int)(n[r] - off > (1L << 30) ? (1L << 30) : n[r] - off);
            if (MPI_Recv(all + pos + off, c, MPI_DOUBLE, r, 17, MPI_COMM_WORLD, MPI_STATUS_IGNORE) != MPI_SUCCESS) return -1;
            off += c;
        }
        pos += n[r];
    }
    return 0;
}

static int mpi_bcast(void *ud, long *v)
{
    (void)ud;
    return MPI_Bcast(v, 1, MPI_LONG, 0, MPI_COMM_WORLD) != MPI_SUCCESS;
}

static int mpi_allmax(void *ud, long *v)
{
    (void)ud;
    long in = *v;
    return MPI_Allreduce(&in, v, 1, MPI_LONG, MPI_MAX, MPI_COMM_WORLD) != MPI_SUCCESS;
}

/* Launched by mpirun/srun?  (The program reads the launcher's variables; the
 * library never does.) */
static int under_mpi(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK");
}
#endif

static int risk_progress(void *ud, long done, long total)
{
    (void)ud;
    (void)done;
    (void)total;
    return cli_interrupted();
}

/* The ensemble's options: sample counts, seed, stopping rule, shortfall
 * share and the solver parameters (their --threads run the states at once;
 * each solve is serial).  EXIT_USAGE after printing on a bad value. */
static int risk_options(cli_opt *o, int n, cor_risk_opts *ro, cor_assign_params *par)
{
    long samples, seed, batch;
    double tse, sf;
    if (cli_int(o, n, "samples", 10000, 1, 100000000, &samples) || cli_int(o, n, "seed", 1, 0, 2147483647L, &seed) ||
        cli_int(o, n, "batch", 1000, 1, 100000000, &batch) || cli_double(o, n, "target-se", 0, &tse) ||
        cli_double(o, n, "shortfall", 0.9, &sf) || cli_solver_params("risk", o, n, par))
        return EXIT_USAGE;
    if (tse < 0 || !(sf >= 0 && sf <= 1)) {
        fprintf(stderr, "corridor risk: --target-se must be >= 0 and --shortfall in [0, 1]\n");
        return EXIT_USAGE;
    }
    ro->samples = samples;
    ro->seed = (uint64_t)seed;
    ro->batch = batch;
    ro->target_se = tse;
    ro->shortfall = sf;
    ro->exact = cli_get(o, n, "exact") != NULL;
    ro->lhs = cli_get(o, n, "lhs") != NULL;
    if (ro->lhs && tse > 0) {
        fprintf(stderr, "corridor risk: --lhs stratifies a fixed number of samples; it does not go with --target-se\n");
        return EXIT_USAGE;
    }
    ro->progress = risk_progress;
    ro->threads = par->threads;
    par->threads = 0;
    return 0;
}

/* USD per unserved tonne of each class into ucost: --unserved-cost, else
 * --values FILE, else NET/scenarios/values.csv when it exists, else 0.
 * *usrc names the source for the summary. */
static int risk_values(cli_opt *o, int n, const char *net, cor_case *c, double *ucost, char *vbuf, size_t vn,
                       const char **usrc)
{
    int K = cor_case_n_classes(c);
    cor_error err = {0};
    if (cli_get(o, n, "unserved-cost")) {
        double u;
        if (cli_double(o, n, "unserved-cost", 0, &u)) return EXIT_USAGE;
        if (u < 0) { fprintf(stderr, "corridor risk: --unserved-cost must be >= 0\n"); return EXIT_USAGE; }
        for (int k = 0; k < K; k++) ucost[k] = u;
        *usrc = "--unserved-cost";
        return 0;
    }
    const char *vp = cli_get(o, n, "values");
    if (!vp) { snprintf(vbuf, vn, "%s/scenarios/values.csv", net); vp = vbuf; }
    cor_status vs = cor_read_class_values(vp, K, cor_case_class_names(c), ucost, &err);
    if (vs == COR_E_IO && !cli_get(o, n, "values")) for (int k = 0; k < K; k++) ucost[k] = 0;
    else if (vs) return cli_fail("risk", &err);
    else *usrc = vp;
    return 0;
}

/* The figures on stdout: JSON (--json) or the summary and exceedance tables. */
static void risk_print(cli_opt *o, int n, const cor_case *c, const cor_hazards *hz, const cor_risk *rk,
                       const cor_risk_opts *ro, const char *usrc, const char *out, const cor_risk_dist *dist)
{
    if (cli_get(o, n, "json")) {
        printf("{\"samples\": %ld, \"states\": %d, \"hazards\": %d,\n", cor_risk_n_samples(rk), cor_risk_n_states(rk), cor_hazards_count(hz));
        for (int i = 0; i < cor_risk_n_tables(rk); i++) {
            const cor_table *t = cor_risk_table(rk, i);
            if (!strcmp(t->name, "risk_samples") || !strcmp(t->name, "risk_states")) continue;
            if (i) printf(",\n");
            cor_table_json(t, stdout);
        }
        printf("}\n");
    } else {
        printf("risk: %s, %d hazards and joint events, %ld sampled years%s, %d distinct states solved%s\n",
               cor_case_name(c), cor_hazards_count(hz), cor_risk_n_samples(rk), ro->exact ? " + exact enumeration" : "",
               cor_risk_n_states(rk), dist && dist->size > 1 ? " (on rank 0)" : "");
        printf("unserved tonnes valued at: %s\n", usrc);
        for (int i = 0; i < cor_risk_n_tables(rk); i++) {
            const cor_table *t = cor_risk_table(rk, i);
            if (!strcmp(t->name, "risk_summary")) cor_table_print(t, stdout, "Annual figures", 0);
            if (!strcmp(t->name, "risk_exceedance")) cor_table_print(t, stdout, "Exceedance (loss per year)", 0);
        }
        printf("\nWrote %s/risk_*.csv\n", out);
    }
}

/* The options of an ensemble, shared by risk and appraise (risk_options,
 * risk_values read them). */
#define RISK_ENSEMBLE_OPTS                                                                \
    {"hazards", 0, "hazard catalogue (docs/RISK.md)", 0, 0, 0},                           \
    {"samples", 0, "Monte-Carlo years (default 10000)", 0, 0, 0},                         \
    {"seed", 0, "random seed (default 1)", 0, 0, 0},                                      \
    {"target-se", 0, "stop when the standard error of the expected loss is at most this (USD)", 0, 0, 0}, \
    {"lhs", 1, "Latin-hypercube sampling of the years (stratified; not with --target-se)", 0, 0, 0}, \
    {"batch", 0, "samples per batch (default 1000)", 0, 0, 0},                            \
    {"unserved-cost", 0, "USD per unserved tonne, every class", 0, 0, 0},                 \
    {"values", 0, "CSV class,value_usd_t valuing unserved tonnes (default NET/scenarios/values.csv)", 0, 0, 0}, \
    {"shortfall", 0, "a group's year is a shortfall below this share of its base tonnes (default 0.9)", 0, 0, 0}, \
    {"year", 0, "model year (freight data)", 0, 0, 0},                                     \
    CLI_NETWORK_OPTS, CLI_OUTPUT_OPTS("output directory (required)"), CLI_SOLVER_OPTS, CLI_CHOICE_OPT

static int run(int argc, char **argv, int rank, const cor_risk_dist *dist)
{
    cli_opt o[] = {
        {"exact", 1, "also enumerate every disruption state (at most 16 hazards)", 0, 0, 0},
        {"scenario", 0, "scenario applied to the base first", 0, 0, 0},
        RISK_ENSEMBLE_OPTS,
    };
    CLI_PARSE_ONE(o, rank == 0 ? USAGE : "", "NET");
    cor_error err = {0};
    cor_case *c = NULL;
    cor_scenario *sc = NULL;
    cor_hazards *hz = NULL;
    cor_risk *rk = NULL;
    double *ucost = NULL;
    cor_outset *set = NULL;
    const char *hpath = NULL, *out = NULL, *usrc = "0 (no values)";
    cor_risk_opts ro;
    cor_risk_opts_default(&ro);
    if (rc < 0) { rc = 0; goto done; } /* --help, on every rank */
    if (rc) goto agree;
    hpath = cli_get(o, n, "hazards");
    out = cli_get(o, n, "out");
    if (!hpath) { fprintf(stderr, "corridor risk: --hazards FILE is required\n"); rc = EXIT_USAGE; goto agree; }
    if (!out) { fprintf(stderr, "corridor risk: --out DIR is required\n"); rc = EXIT_USAGE; goto agree; }
    cor_assign_params par;
    if ((rc = risk_options(o, n, &ro, &par))) goto agree;
    ro.dist = dist;
    /* read and check everything before any solve */
    if (cor_hazards_load(hpath, &hz, &err)) { rc = cli_fail("risk", &err); goto agree; }
    if (cli_get(o, n, "scenario") && cor_scenario_load(cli_get(o, n, "scenario"), &sc, &err)) { rc = cli_fail("risk", &err); goto agree; }
    if ((rc = cli_case_open("risk", o, n, a.pos[0], &c))) goto agree;
    *cor_case_params(c) = par;
    cor_case_params(c)->progress = NULL;
    if (sc && cor_case_apply_scenario(c, sc, &err)) { rc = cli_fail("risk", &err); goto agree; }
    int K = cor_case_n_classes(c);
    if (!(ucost = calloc((size_t)(K ? K : 1), sizeof *ucost))) { rc = EXIT_NOMEM; goto agree; }
    char vbuf[4096];
    if ((rc = risk_values(o, n, a.pos[0], c, ucost, vbuf, sizeof vbuf, &usrc))) goto agree;
    ro.unserved_cost = ucost;
    if (rank == 0 && (rc = cli_out_begin("risk", o, n, out, &set))) goto agree;
agree:
    /* every rank of an MPI run must reach the ensemble, or none: a failure on
     * one rank (say rank 0 could not create DIR) stops them all */
    if (dist) {
        long v = rc;
        if (dist->allmax(dist->ud, &v)) v = EXIT_INTERNAL;
        if (v && !rc) {
            fprintf(stderr, "corridor risk: another MPI rank failed before the ensemble\n");
            rc = (int)v;
        }
    }
    if (rc) goto done;
    cor_status st = cor_risk_run(c, hz, &ro, &rk, &err);
    if (st) { rc = rank == 0 || st != COR_E_INTERNAL ? cli_fail("risk", &err) : cli_exit_code(st); goto done; }
    if (rank != 0) goto done;
    /* every table is built before the first is written; each write is atomic */
    for (int i = 0; i < cor_risk_n_tables(rk); i++)
        if (cor_table_write_csv(cor_risk_table(rk, i), cor_outset_stage(set), &err)) { rc = cli_fail("risk", &err); goto done; }
    risk_print(o, n, c, hz, rk, &ro, usrc, out, dist);
    if (cor_risk_n_nonconv(rk)) {
        fprintf(stderr, "corridor risk: %d sampled year(s) used a state whose solve stopped at the iteration/time limit\n",
                cor_risk_n_nonconv(rk));
        rc = EXIT_NOCONV;
    }
done:
    rc = cli_out_end("risk", &set, rc);
    cor_risk_destroy(rk);
    free(ucost);
    cor_hazards_destroy(hz);
    cor_scenario_destroy(sc);
    cor_case_destroy(c);
    cli_free(o, n, &a);
    return rc;
}

int cmd_risk(int argc, char **argv)
{
#ifdef COR_HAVE_MPI
    if (under_mpi()) {
        int provided, rank, size;
        if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
            fprintf(stderr, "corridor risk: MPI_Init failed\n");
            return EXIT_INTERNAL;
        }
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        /* rank 0 speaks for the run; the others compute silently */
        if (rank != 0 && (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))) {
            MPI_Abort(MPI_COMM_WORLD, EXIT_INTERNAL);
            return EXIT_INTERNAL;
        }
        cor_risk_dist d = {rank, size, mpi_gather, mpi_bcast, mpi_allmax, NULL};
        int rc = run(argc, argv, rank, size > 1 ? &d : NULL);
        /* the exit code of rank 0 is the command's */
        long lrc = rc;
        MPI_Bcast(&lrc, 1, MPI_LONG, 0, MPI_COMM_WORLD);
        MPI_Finalize();
        return rank == 0 ? rc : (int)lrc;
    }
#endif
    return run(argc, argv, 0, NULL);
}

/* ---- corridor appraise --------------------------------------------------- */

static const char APPRAISE_USAGE[] =
    "usage: corridor appraise NET --projects FILE --hazards FILE [--discount R]\n"
    "                         [--horizon YEARS] [--samples N] [--seed S]\n"
    "                         [--unserved-cost USD_T | --values FILE] --out DIR [--json]\n\n"
    "Candidate investments under the hazard catalogue (docs/RISK.md \"Appraisal\").\n"
    "Each project of FILE (a scenario with capex, opex and a life) and doing nothing\n"
    "run the same risk ensemble (same seed; exact enumeration when the catalogue has\n"
    "at most 16 events): expected annual loss, its change against doing nothing (the\n"
    "benefit), CVaR95, NPV and benefit-cost ratio at --discount R (default 0.04) over\n"
    "the project's life (default --horizon 30 years), and the regret of every option\n"
    "in every disruption state.  Writes DIR/appraisal.csv (ranked by NPV) and\n"
    "DIR/appraisal_regret.csv.\n";

int cmd_appraise(int argc, char **argv)
{
    cli_opt o[] = {
        {"projects", 0, "projects file (docs/RISK.md)", 0, 0, 0},
        {"discount", 0, "real discount rate per year (default 0.04)", 0, 0, 0},
        {"horizon", 0, "years of benefits for a project without 'life' (default 30)", 0, 0, 0},
        RISK_ENSEMBLE_OPTS,
    };
    CLI_PARSE_ONE(o, APPRAISE_USAGE, "NET");
    cor_error err = {0};
    cor_case *c = NULL;
    cor_hazards *hz = NULL;
    cor_projects *ps = NULL;
    cor_table *t = NULL, *tr = NULL;
    double *ucost = NULL;
    cor_outset *set = NULL;
    const char *usrc = "0 (no values)";
    if (rc) { rc = rc < 0 ? 0 : rc; goto done; }
    const char *out = cli_get(o, n, "out"), *pp = cli_get(o, n, "projects"), *hp = cli_get(o, n, "hazards");
    if (!pp || !hp || !out) {
        fprintf(stderr, "corridor appraise: --projects FILE, --hazards FILE and --out DIR are required\n");
        rc = EXIT_USAGE;
        goto done;
    }
    cor_appraise_opts ao;
    cor_appraise_opts_default(&ao);
    cor_assign_params par;
    long horizon;
    if ((rc = risk_options(o, n, &ao.risk, &par)) || cli_double(o, n, "discount", 0.04, &ao.discount_rate) ||
        cli_int(o, n, "horizon", 30, 1, 200, &horizon)) {
        rc = EXIT_USAGE;
        goto done;
    }
    if (!(ao.discount_rate >= 0 && ao.discount_rate < 1)) {
        fprintf(stderr, "corridor appraise: --discount must be in [0, 1)\n");
        rc = EXIT_USAGE;
        goto done;
    }
    ao.horizon = (int)horizon;
    if (cor_projects_load(pp, &ps, &err) || cor_hazards_load(hp, &hz, &err)) { rc = cli_fail("appraise", &err); goto done; }
    if ((rc = cli_case_open("appraise", o, n, a.pos[0], &c))) goto done;
    *cor_case_params(c) = par;
    cor_case_params(c)->progress = NULL;
    if (!(ucost = calloc((size_t)(cor_case_n_classes(c) + 1), sizeof *ucost))) { rc = EXIT_NOMEM; goto done; }
    char vbuf[4096];
    if ((rc = risk_values(o, n, a.pos[0], c, ucost, vbuf, sizeof vbuf, &usrc))) goto done;
    ao.risk.unserved_cost = ucost;
    if ((rc = cli_out_begin("appraise", o, n, out, &set))) goto done;
    if (cor_appraise(c, hz, ps, &ao, &t, &tr, &err)) { rc = cli_fail("appraise", &err); goto done; }
    if (cli_interrupted()) { rc = EXIT_INTERRUPTED; goto done; }
    if (cor_table_write_csv(t, cor_outset_stage(set), &err) || cor_table_write_csv(tr, cor_outset_stage(set), &err)) {
        rc = cli_fail("appraise", &err);
        goto done;
    }
    if (cli_get(o, n, "json")) {
        printf("{");
        cor_table_json(t, stdout);
        printf(",\n");
        cor_table_json(tr, stdout);
        printf("}\n");
    } else {
        printf("appraise: %s, %d projects, discount rate %g, unserved tonnes valued at %s\n", cor_case_name(c),
               cor_projects_count(ps), ao.discount_rate, usrc);
        cor_table_print(t, stdout, "Options ranked by NPV (USD; per year where marked)", 0);
        printf("\nWrote %s/appraisal.csv, appraisal_regret.csv\n", out);
    }
done:
    rc = cli_out_end("appraise", &set, rc);
    cor_table_free(t);
    cor_table_free(tr);
    free(ucost);
    cor_hazards_destroy(hz);
    cor_projects_destroy(ps);
    cor_case_destroy(c);
    cli_free(o, n, &a);
    return rc;
}
