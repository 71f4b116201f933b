/* corridor CLI — option parsing, errors, signals, progress. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* "--scenario and --link", or "" when none can repeat, for the
 * repeated-option error. */
static const char *repeatable_list(const cli_opt *opts, int n)
{
    static char buf[256];
    size_t len = 0;
    int k = 0, total = 0;
    for (int i = 0; i < n; i++) total += opts[i].is_flag == CLI_REPEAT;
    buf[0] = '\0';
    for (int i = 0; i < n && len < sizeof buf - 40; i++) {
        if (opts[i].is_flag != CLI_REPEAT) continue;
        k++;
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s--%s", k == 1 ? "" : k == total ? " and " : ", ", opts[i].name);
    }
    return buf;
}

int cli_parse(int argc, char **argv, cli_opt *opts, int n_opts, cli_args *args,
              const char *usage)
{
    memset(args, 0, sizeof *args);
    args->cmd = argv[0];
    args->pos = calloc((size_t)argc + 1, sizeof *args->pos);
    for (int i = 0; i < n_opts; i++) {
        opts[i].values = calloc((size_t)argc + 1, sizeof *opts[i].values);
        opts[i].n_values = 0;
        opts[i].value = NULL;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf("%s", usage);
            if (n_opts) printf("\nOptions:\n");
            for (int k = 0; k < n_opts; k++)
                printf("  --%-18s %s\n", opts[k].name, opts[k].help);
            return -1;
        }
        if (a[0] == '-' && a[1] == '-' && a[2]) {
            const char *name = a + 2, *eq = strchr(name, '=');
            size_t nl = eq ? (size_t)(eq - name) : strlen(name);
            cli_opt *o = NULL;
            for (int k = 0; k < n_opts; k++)
                if (strlen(opts[k].name) == nl && !strncmp(opts[k].name, name, nl)) o = &opts[k];
            if (!o) {
                fprintf(stderr, "corridor %s: unknown option '%s' (see 'corridor %s --help')\n",
                        args->cmd, a, args->cmd);
                return EXIT_USAGE;
            }
            const char *val;
            if (o->is_flag == 1) {
                if (eq) { fprintf(stderr, "corridor %s: option --%s takes no value\n", args->cmd, o->name); return EXIT_USAGE; }
                val = "1";
            } else if (eq) {
                val = eq + 1;
            } else {
                if (i + 1 >= argc) { fprintf(stderr, "corridor %s: option --%s needs a value\n", args->cmd, o->name); return EXIT_USAGE; }
                val = argv[++i];
            }
            if (o->n_values && o->is_flag != CLI_REPEAT) {
                const char *r = repeatable_list(opts, n_opts);
                fprintf(stderr, "corridor %s: option --%s given twice%s%s%s\n", args->cmd, o->name,
                        *r ? " (only " : "", r, *r ? " can repeat)" : "");
                return EXIT_USAGE;
            }
            o->value = val;
            o->values[o->n_values++] = val;
            continue;
        }
        args->pos[args->n_pos++] = a;
    }
    return 0;
}

int cli_parse_one(int argc, char **argv, cli_opt *opts, int n_opts, cli_args *args,
                  const char *usage, const char *what)
{
    int rc = cli_parse(argc, argv, opts, n_opts, args, usage);
    if (!rc && args->n_pos != 1) {
        fprintf(stderr, "corridor %s: expected one %s argument\n%s", args->cmd, what, usage);
        rc = EXIT_USAGE;
    }
    return rc;
}

void cli_free(cli_opt *opts, int n_opts, cli_args *args)
{
    for (int i = 0; i < n_opts; i++) { free(opts[i].values); opts[i].values = NULL; }
    free(args->pos);
    args->pos = NULL;
}

cli_opt *cli_find(cli_opt *opts, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(opts[i].name, name)) return &opts[i];
    return NULL;
}

const char *cli_get(cli_opt *opts, int n, const char *name)
{
    cli_opt *o = cli_find(opts, n, name);
    return o ? o->value : NULL;
}

int cli_double(cli_opt *opts, int n, const char *name, double def, double *out)
{
    const char *v = cli_get(opts, n, name);
    if (!v) { *out = def; return 0; }
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    /* ERANGE on underflow still gives a finite (subnormal or zero) value */
    if (end == v || *end || (errno && !(errno == ERANGE && fabs(d) <= DBL_MIN)) || !isfinite(d)) {
        fprintf(stderr, "corridor: option --%s: not a finite number: '%s'\n", name, v);
        return -1;
    }
    *out = d;
    return 0;
}

int cli_int(cli_opt *opts, int n, const char *name, long def, long lo, long hi, long *out)
{
    const char *v = cli_get(opts, n, name);
    if (!v) { *out = def; return 0; }
    char *end;
    errno = 0;
    long d = strtol(v, &end, 10);
    if (end == v || *end || errno || d < lo || d > hi) {
        fprintf(stderr, "corridor: option --%s: expected an integer in %ld..%ld, got '%s'\n", name, lo, hi, v);
        return -1;
    }
    *out = d;
    return 0;
}

int cli_exit_code(cor_status st)
{
    switch (st) {
    case COR_OK: return EXIT_OK;
    case COR_E_USAGE: return EXIT_USAGE;
    case COR_E_INPUT: return EXIT_INPUT;
    case COR_E_NOCONV: return EXIT_NOCONV;
    case COR_E_IO: return EXIT_IO;
    case COR_E_NOMEM: return EXIT_NOMEM;
    case COR_E_INTERRUPTED: return EXIT_INTERRUPTED;
    case COR_E_INTERNAL: return EXIT_INTERNAL;
    }
    return EXIT_INTERNAL;
}

int cli_fail(const char *cmd, const cor_error *err)
{
    /* a file being staged is named by where it goes: DIR/NAME, not
     * DIR/.corridor-stage.PID.XXXXXX/NAME */
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", err->msg);
    for (char *p; (p = strstr(msg, "/.corridor-stage."));) {
        char *q = strchr(p + 1, '/');
        if (!q) break;
        memmove(p, q, strlen(q) + 1);
    }
    fprintf(stderr, "corridor %s: %s\n", cmd, msg);
    return cli_exit_code(err->code);
}

int cli_mkdirs(const char *dir, cor_error *err)
{
    char *p = strdup(dir);
    if (!p) return cor_error_set(err, COR_E_NOMEM, "out of memory");
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0755) != 0 && errno != EEXIST) {
                cor_status st = cor_error_set(err, COR_E_IO, "%s: cannot create directory: %s", p, strerror(errno));
                free(p);
                return st;
            }
            *s = c;
            if (!c) break;
        }
    }
    free(p);
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return cor_error_set(err, COR_E_IO, "%s: not a directory", dir);
    return COR_OK;
}

char *cli_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *s = malloc(a + b + 2);
    if (!s) return NULL;
    memcpy(s, dir, a);
    s[a] = '/';
    memcpy(s + a + 1, name, b + 1);
    return s;
}

static volatile sig_atomic_t g_interrupted, g_polled;

int cli_scenarios_distinct(const char *cmd, cor_scenario *const *sc, int n)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            if (!strcmp(cor_scenario_name(sc[i]), cor_scenario_name(sc[j]))) {
                fprintf(stderr, "corridor %s: %s: field name: scenario name '%s' is also the name of %s; "
                        "their rows could not be told apart (give each scenario its own name)\n",
                        cmd, cor_scenario_path(sc[i]), cor_scenario_name(sc[i]), cor_scenario_path(sc[j]));
                return EXIT_INPUT;
            }
    return 0;
}

/* --out DIR when this run created it: removed again if the run fails and
 * leaves it empty, so a failed run creates nothing */
static const char *g_out_created;

int cli_out_begin(const char *cmd, cli_opt *o, int n, const char *dir, cor_outset **set)
{
    cor_error err = {0};
    *set = NULL;
    struct stat sb;
    int existed = stat(dir, &sb) == 0;
    if (cli_mkdirs(dir, &err)) return cli_fail(cmd, &err);
    if (cor_outset_begin(dir, cmd, cli_get(o, n, "wait") != NULL, set, &err)) {
        if (!existed) rmdir(dir);
        return cli_fail(cmd, &err);
    }
    g_out_created = existed ? NULL : dir;
    int k = cor_outset_recovered(*set);
    if (k) fprintf(stderr, "corridor %s: %s: completed the switch of an interrupted run (%d file%s)\n", cmd, dir, k, k == 1 ? "" : "s");
    if ((k = cor_outset_cleaned(*set)))
        fprintf(stderr, "corridor %s: %s: removed %d leftover%s of dead runs\n", cmd, dir, k, k == 1 ? "" : "s");
    return 0;
}

static void block_signals(int on, sigset_t *old)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGINT);
    sigaddset(&s, SIGTERM);
    sigaddset(&s, SIGHUP);
    if (on) sigprocmask(SIG_BLOCK, &s, old);
    else sigprocmask(SIG_SETMASK, old, NULL);
}

int cli_out_end(const char *cmd, cor_outset **set, int rc)
{
    if (!*set) return rc;
    sigset_t old;
    block_signals(1, &old);
    if ((rc == 0 || rc == EXIT_NOCONV) && g_interrupted) {
        fprintf(stderr, "corridor %s: interrupted; the earlier results are kept\n", cmd);
        rc = EXIT_INTERRUPTED;
    }
    if (rc == 0 || rc == EXIT_NOCONV) {
        cor_error err = {0};
        if (cor_outset_commit(*set, &err)) rc = cli_fail(cmd, &err);
    } else {
        cor_outset_abort(*set);
        if (g_out_created) rmdir(g_out_created); /* only when empty */
    }
    g_out_created = NULL;
    *set = NULL;
    block_signals(0, &old);
    return rc;
}

/* SIGINT/SIGTERM/SIGHUP.  While a solver polls the flag (cli_progress has
 * been called) the first signal only sets it: the solve stops at the next
 * iteration, or, after the solve, cli_out_end refuses the switch; either way
 * the command exits 130.  Otherwise (reading input, or a command that never
 * polls) and on a second signal, the temporaries of open output files and
 * the staging directory are removed and the process exits 130 at once.  The
 * switch itself (cli_out_end) runs with the signals blocked.  Earlier
 * results stay intact until the switch. */
static void on_signal(int sig)
{
    (void)sig;
    if (g_interrupted || !g_polled) {
        cor_outfile_abort_all();
        _exit(EXIT_INTERRUPTED);
    }
    g_interrupted = 1;
}

void cli_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

int cli_interrupted(void) { return g_interrupted != 0; }

int cli_progress(void *ud, int iteration, double gap, double seconds)
{
    (void)ud;
    g_polled = 1;
    static double last = -1;
    if (isatty(2) && (seconds - last >= 0.2 || iteration == 1)) {
        fprintf(stderr, "\r  iteration %6d   relative gap %10.3e   %8.2f s ", iteration, gap, seconds);
        fflush(stderr);
        last = seconds;
    }
    return g_interrupted != 0;
}

void cli_warn_notes(const char *cmd, const cor_network *net)
{
    for (const char *p = net ? net->notes : NULL; p && *p;) {
        size_t n = strcspn(p, "\n");
        fprintf(stderr, "corridor %s: warning: %.*s\n", cmd, (int)n, p);
        p += n + (p[n] == '\n');
    }
}

int cli_load(const char *cmd, const char *net_path, const char *demand_path, int strict,
             cor_network **net, cor_demand **demand)
{
    cor_error err = {0};
    cor_status st = cor_read_network(net_path, net, demand_path ? NULL : demand, &err);
    if (st) return cli_fail(cmd, &err);
    if ((*net)->notes && strict) {
        size_t n = strcspn((*net)->notes, "\n");
        fprintf(stderr, "corridor %s: %.*s; refused in strict mode\n", cmd, (int)n, (*net)->notes);
        cor_network_destroy(*net);
        *net = NULL;
        if (demand) { cor_demand_destroy(*demand); *demand = NULL; }
        return EXIT_INPUT;
    }
    cli_warn_notes(cmd, *net);
    if (demand && demand_path) {
        size_t n = strlen(demand_path);
        if (n >= 4 && !strcmp(demand_path + n - 4, ".csv"))
            st = cor_read_gmns_demand(demand_path, *net, demand, &err);
        else
            st = cor_read_tntp_trips(demand_path, *net, demand, &err);
        if (st) {
            cor_network_destroy(*net);
            *net = NULL;
            return cli_fail(cmd, &err);
        }
    }
    return 0;
}

static double env_num(const char *name, double def)
{
    const char *v = getenv(name);
    char *end;
    if (!v || !*v) return def;
    double x = strtod(v, &end);
    return *end ? def : x;
}

void cli_bush_tuning_env(cor_bush_tuning *t)
{
    t->sweeps = (int)env_num("COR_BUSH_SWEEPS", t->sweeps);
    t->max_sweeps = (int)env_num("COR_BUSH_MAX_SWEEPS", t->max_sweeps);
    t->shift_work = env_num("COR_BUSH_SHIFT_WORK", t->shift_work);
    t->passes = (int)env_num("COR_BUSH_PASSES", t->passes);
    t->stages = (int)env_num("COR_BUSH_STAGES", t->stages);
    t->theta = env_num("COR_BUSH_THETA", t->theta);
    t->serial_work = env_num("COR_BUSH_SERIAL_WORK", t->serial_work);
    t->par_work = env_num("COR_BUSH_PAR_WORK", t->par_work);
    t->serial_gap = env_num("COR_BUSH_SERIAL_GAP", t->serial_gap);
}

int cli_solver_params(const char *cmd, cli_opt *o, int n, cor_assign_params *par)
{
    cor_assign_params_default(par);
    const char *m = cli_get(o, n, "method");
    if (m && cor_method_parse(m, &par->method)) {
        fprintf(stderr, "corridor %s: unknown --method '%s' (bush, bfw, cfw, fw)\n", cmd, m);
        return -1;
    }
    long maxit, threads;
    if (cli_double(o, n, "gap", par->gap, &par->gap) ||
        cli_int(o, n, "max-iter", par->max_iter, 1, 100000000, &maxit) ||
        cli_double(o, n, "max-seconds", par->max_seconds, &par->max_seconds) ||
        cli_int(o, n, "threads", par->threads, 0, 1024, &threads))
        return -1;
    if (par->gap < 0 || par->max_seconds < 0) {
        fprintf(stderr, "corridor %s: --gap and --max-seconds must be >= 0\n", cmd);
        return -1;
    }
    par->max_iter = (int)maxit;
    par->threads = (int)threads;
    par->progress = cli_progress;
    cli_bush_tuning_env(&par->bush);
    return 0;
}

int cli_case_open(const char *cmd, cli_opt *o, int n, const char *net, cor_case **c)
{
    cor_case_opts co = {.demand = cli_get(o, n, "demand"), .nodes = cli_get(o, n, "nodes"), .need_demand = 1,
                        .strict = cli_get(o, n, "strict") != NULL};
    long year;
    if (cli_double(o, n, "toll-factor", 0, &co.toll_factor) ||
        cli_double(o, n, "distance-factor", 0, &co.distance_factor) ||
        cli_int(o, n, "year", 0, COR_YEAR_MIN, COR_YEAR_MAX, &year))
        return EXIT_USAGE;
    co.year = (int)year;
    cor_error err = {0};
    if (cor_case_open(net, &co, c, &err)) return cli_fail(cmd, &err);
    cli_warn_notes(cmd, cor_case_network(*c));
    const char *ch = cli_get(o, n, "choice");
    cor_choice_model cm;
    if (ch) {
        if (cor_choice_model_parse(ch, &cm)) {
            fprintf(stderr, "corridor %s: --choice: unknown model '%s' (ue, logit)\n", cmd, ch);
            return EXIT_USAGE;
        }
        if (cm == COR_CHOICE_LOGIT && !cor_case_is_freight(*c)) {
            fprintf(stderr, "corridor %s: --choice logit runs on freight data (a directory with class.csv and "
                            "logit_scale); a plain network is solved by the deterministic equilibrium\n", cmd);
            return EXIT_USAGE;
        }
        cor_case_set_choice(*c, cm);
    }
    return 0;
}

/* Loads --scenario, creates --out when given, opens NET, applies the
 * scenario and solves with the solver options.  *st gets the solve's status
 * (COR_E_NOCONV is not a failure).  Returns 0, or an exit code after printing
 * the error; the caller destroys *c whatever the outcome. */
static int case_solve(const char *cmd, cli_opt *o, int n, const char *net, cor_case **c, cor_status *st,
                      cor_outset **set)
{
    cor_error err = {0};
    cor_scenario *sc = NULL;
    const char *out = cli_get(o, n, "out");
    cor_assign_params par;
    *st = COR_OK;
    if (cli_solver_params(cmd, o, n, &par)) return EXIT_USAGE;
    if (cli_get(o, n, "scenario") && cor_scenario_load(cli_get(o, n, "scenario"), &sc, &err)) return cli_fail(cmd, &err);
    int rc = 0;
    if (out) rc = cli_out_begin(cmd, o, n, out, set);
    if (!rc) rc = cli_case_open(cmd, o, n, net, c);
    if (!rc) {
        *cor_case_params(*c) = par;
        *st = cor_case_apply_scenario(*c, sc, &err);
        if (!*st) *st = cor_case_solve(*c, &err);
        if (*st && *st != COR_E_NOCONV) rc = cli_fail(cmd, &err);
    }
    cor_scenario_destroy(sc);
    return rc;
}

int cli_analysis_main(const cli_analysis *cmd, cli_opt *o, int n, int argc, char **argv)
{
    cli_args a;
    cor_case *c = NULL;
    cor_status st = COR_OK;
    cor_outset *set = NULL;
    int rc = cli_parse_one(argc, argv, o, n, &a, cmd->usage, "NET");
    if (!rc && cmd->check) rc = cmd->check(o, n, cmd->ud);
    if (!rc) rc = case_solve(cmd->name, o, n, a.pos[0], &c, &st, &set);
    if (!rc) rc = cmd->run(o, n, a.pos[0], c, st, set ? cor_outset_stage(set) : NULL, cmd->ud);
    rc = cli_out_end(cmd->name, &set, rc);
    cor_case_destroy(c);
    cli_free(o, n, &a);
    return rc < 0 ? 0 : rc;
}

int cli_freight_case_open(const char *cmd, cli_opt *o, int n, const char *dir, cor_case **c)
{
    if (!cor_freight_dir_is_freight(dir)) {
        fprintf(stderr, "corridor %s: %s is not a freight data set (no class.csv)\n", cmd, dir);
        return EXIT_USAGE;
    }
    return cli_case_open(cmd, o, n, dir, c);
}
