/* corridor CLI — shared helpers for the subcommand handlers. */
#ifndef COR_CLI_H
#define COR_CLI_H
#include "corridor/corridor.h"

/* Exit codes (documented in the README). */
enum {
    EXIT_OK = 0, EXIT_USAGE = 1, EXIT_INPUT = 2, EXIT_NOCONV = 3, EXIT_IO = 4,
    EXIT_NOMEM = 5, EXIT_INTERNAL = 7, EXIT_INTERRUPTED = 130
};

/* Option table: options are "--name VALUE" or "--name=VALUE"; flags take no
 * value.  Positional arguments are collected in order.  An option given
 * twice is a usage error unless its is_flag is CLI_REPEAT (an option with a
 * value that may repeat: values[] holds them in order). */
#define CLI_REPEAT 2
typedef struct cli_opt {
    const char *name;
    int is_flag; /* 0 option with a value, 1 flag, CLI_REPEAT */
    const char *help;
    /* filled by cli_parse: */
    const char *value;   /* last value (or "1" for a set flag) */
    const char **values; /* every value, for repeatable options */
    int n_values;
} cli_opt;

typedef struct cli_args {
    const char *cmd;
    const char **pos;
    int n_pos;
} cli_args;

/* Returns 0 on success; prints a message and returns EXIT_USAGE on unknown
 * options or missing values; returns -1 when --help was asked (usage printed). */
int cli_parse(int argc, char **argv, cli_opt *opts, int n_opts, cli_args *args,
              const char *usage);
/* cli_parse for a command taking exactly one positional argument (named
 * `what` in the message, e.g. "NET"): a missing or extra one prints the
 * usage and gives EXIT_USAGE. */
int cli_parse_one(int argc, char **argv, cli_opt *opts, int n_opts, cli_args *args,
                  const char *usage, const char *what);
void cli_free(cli_opt *opts, int n_opts, cli_args *args);
/* The usual start of a command: declares n (the option count), a and rc
 * (cli_parse_one's result) for the table o of ARGC/ARGV. */
#define CLI_PARSE_ONE(o, usage, what)                                                    \
    const int n = (int)(sizeof o / sizeof *o);                                           \
    cli_args a;                                                                          \
    int rc = cli_parse_one(argc, argv, o, n, &a, usage, what)
cli_opt *cli_find(cli_opt *opts, int n_opts, const char *name);
const char *cli_get(cli_opt *opts, int n_opts, const char *name);
/* Strict numeric option values; on error print and return -1. */
int cli_double(cli_opt *opts, int n, const char *name, double def, double *out);
int cli_int(cli_opt *opts, int n, const char *name, long def, long lo, long hi, long *out);

/* Prints "corridor CMD: MESSAGE" to stderr and returns the exit code. */
int cli_fail(const char *cmd, const cor_error *err);
int cli_exit_code(cor_status st);
/* mkdir -p */
int cli_mkdirs(const char *dir, cor_error *err);
/* Path join into a static-free malloc'd string. */
char *cli_join(const char *dir, const char *name);

/* Two of the n scenarios with one name would give rows that cannot be told
 * apart: prints the error naming both files and returns EXIT_INPUT, else 0. */
int cli_scenarios_distinct(const char *cmd, cor_scenario *const *sc, int n);

/* The output set of a command with --out DIR (docs/RELIABILITY.md "Result
 * sets"): cli_out_begin creates DIR, locks it (--wait waits for another run,
 * else fails naming it), says on stderr what it cleaned up, and sets *set;
 * the command writes into cor_outset_stage(*set).  cli_out_end(cmd, &set, rc)
 * switches the set in when rc is 0 or EXIT_NOCONV and the run was not
 * interrupted, else removes it; returns the command's exit code (rc, or the
 * switch's failure, or EXIT_INTERRUPTED).  No-op when *set is NULL. */
int cli_out_begin(const char *cmd, cli_opt *o, int n, const char *dir, cor_outset **set);
int cli_out_end(const char *cmd, cor_outset **set, int rc);
#define CLI_WAIT_OPT {"wait", 1, "wait for another run holding --out's lock (default: fail at once)", 0, 0, 0}

/* Signal handling: SIGINT/SIGTERM set a flag; cli_interrupted() reads it. */
void cli_install_signals(void);
int cli_interrupted(void);
/* Progress callback for cor_assign: prints to stderr when it is a terminal and
 * stops the solver when interrupted. */
int cli_progress(void *ud, int iteration, double gap, double seconds);
/* Bush solver tuning from the environment (COR_BUSH_SWEEPS, _PASSES,
 * _STAGES, _THETA, _SERIAL_WORK, _PAR_WORK; for experiments and tests, see
 * docs/ALGORITHMS.md); unset variables leave the defaults. */
void cli_bush_tuning_env(cor_bush_tuning *t);

/* Loads NET (TNTP file or GMNS directory) and demand (--demand FILE or the
 * GMNS directory's demand.csv). demand may be NULL to skip.  The reader's
 * notes (self-loops skipped) are printed as warnings, or refused with
 * --strict when the table has it. */
int cli_load(const char *cmd, const char *net_path, const char *demand_path, int strict,
             cor_network **net, cor_demand **demand);
/* Prints the network's reader notes as "corridor CMD: warning: ..." lines. */
void cli_warn_notes(const char *cmd, const cor_network *net);

/* Shared option groups, spliced into each command's table.  The defaults
 * they state are those of cor_assign_params_default and the case (case.h). */
#define CLI_SOLVER_OPTS                                                                  \
    {"method", 0, "bush (default), bfw, cfw or fw", 0, 0, 0},                            \
    {"gap", 0, "target relative gap (default 1e-8)", 0, 0, 0},                           \
    {"max-iter", 0, "iteration limit per solve (default 10000)", 0, 0, 0},               \
    {"max-seconds", 0, "time limit per solve in seconds (default none)", 0, 0, 0},       \
    {"threads", 0, "solver threads (default: 1 below 2000 links, else all cores)", 0, 0, 0}
#define CLI_NETWORK_OPTS                                                                 \
    {"demand", 0, "demand file for a non-freight NET (TNTP _trips or GMNS demand.csv)", 0, 0, 0}, \
    {"toll-factor", 0, "non-freight NET: generalized cost weight of toll (default 0)", 0, 0, 0}, \
    {"distance-factor", 0, "non-freight NET: generalized cost weight of length (default 0)", 0, 0, 0}, \
    {"strict", 1, "refuse what the readers would skip with a warning (self-loops)", 0, 0, 0}
/* --choice ue|logit, applied by cli_case_open (case.h: the default is logit
 * when every class of a freight data set has a logit_scale) */
#define CLI_CHOICE_OPT \
    {"choice", 0, "ue or logit (default: logit when every class of the freight data has a logit_scale)", 0, 0, 0}
/* --out DIR (a result set, cli_out_begin) and its --wait */
#define CLI_OUT_OPT(out_help) {"out", 0, out_help, 0, 0, 0}, CLI_WAIT_OPT
#define CLI_OUTPUT_OPTS(out_help)                                                        \
    CLI_OUT_OPT(out_help), {"json", 1, "print the results as JSON on stdout", 0, 0, 0}

/* Solver parameters from the CLI_SOLVER_OPTS present in the table, on top of
 * cor_assign_params_default; progress = cli_progress, bush tuning from the
 * environment.  Prints and returns -1 on a bad value. */
int cli_solver_params(const char *cmd, cli_opt *o, int n, cor_assign_params *par);
/* Opens NET as a case (cor_case_open) with the CLI_NETWORK_OPTS present
 * (and --year, --nodes, --choice when the table has them); prints the error
 * and returns an exit code, else 0. */
int cli_case_open(const char *cmd, cli_opt *o, int n, const char *net, cor_case **c);
/* cli_case_open for a freight data set only: DIR without class.csv is a
 * usage error. */
int cli_freight_case_open(const char *cmd, cli_opt *o, int n, const char *dir, cor_case **c);
/* The options of the analysis commands on one solved case (exposure,
 * select-link, criticality): scenario, network, output and solver groups. */
#define CLI_ANALYSIS_OPTS(out_help)                                                      \
    {"scenario", 0, "scenario file to apply first", 0, 0, 0},                            \
    CLI_NETWORK_OPTS, CLI_OUTPUT_OPTS(out_help), CLI_SOLVER_OPTS, CLI_CHOICE_OPT
/* An analysis command: its own option check (before any solve; NULL for
 * none) and its report on the solved case.  Both return 0 or an exit code;
 * run gets the solve's status (COR_E_NOCONV: stopped at a limit, not a
 * failure), NET as given and the staging directory to write --out's files
 * into (NULL without --out); ud is the command's own state. */
typedef struct cli_analysis {
    const char *name, *usage;
    int (*check)(cli_opt *o, int n, void *ud);
    int (*run)(cli_opt *o, int n, const char *net, cor_case *c, cor_status st, const char *stage, void *ud);
    void *ud;
} cli_analysis;
/* Parses the options (one NET argument), runs check, opens NET, creates
 * --out when given, applies --scenario, solves with the solver options and
 * runs the report; prints any error; destroys the case.  The exit code. */
int cli_analysis_main(const cli_analysis *cmd, cli_opt *o, int n, int argc, char **argv);

/* Subcommands. */
int cmd_info(int argc, char **argv);
int cmd_route(int argc, char **argv);
int cmd_assign(int argc, char **argv);
int cmd_corridors(int argc, char **argv);
/* analyses (issue 6) */
int cmd_scenario(int argc, char **argv);
int cmd_exposure(int argc, char **argv);
int cmd_select_link(int argc, char **argv);
int cmd_criticality(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_calibrate(int argc, char **argv); /* issue 14 item 6 */
int cmd_risk(int argc, char **argv);      /* issue 16 */
int cmd_appraise(int argc, char **argv);  /* issue 16 item 3 */
#endif
