/* corridor CLI — the shared front half of the analysis commands. */
#ifndef COR_ANALYSIS_CLI_H
#define COR_ANALYSIS_CLI_H
#include "analysis/run.h"
#include "cli/cli.h"

/* For exposure, select-link and criticality: loads --scenario, creates --out
 * when given, reads NET (a freight directory, or a TNTP/GMNS network with
 * --demand and --toll-factor/--distance-factor) and solves it into *r with
 * par (par->threads is set from `threads` and the network size).  *st gets
 * the solve's status (COR_E_NOCONV is not a failure).  Returns 0, or an exit
 * code after printing the error.  The caller frees *sc, *f, *pnet, *pdem and
 * *r whatever the outcome. */
int cli_analysis_solve(const char *cmd, cli_opt *o, int n, const char *net_path, long threads,
                       cor_assign_params *par, cor_scenario **sc, cor_freight **f,
                       cor_network **pnet, cor_demand **pdem, cor_arun **r, cor_status *st);
#endif
