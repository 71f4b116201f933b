/* corridor — command-line entry point: a table of subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command COMMANDS[] = {
    {"info", cmd_info, "summarise a network and its demand"},
    {"route", cmd_route, "k shortest routes between two nodes"},
    {"assign", cmd_assign, "user-equilibrium assignment; writes link flows"},
    {"corridors", cmd_corridors, "freight corridors: tonnes, days, USD/t per corridor and class"},
    {"scenario", cmd_scenario, "what-if scenarios solved against the base: corridor, cost and unserved deltas"},
    {"exposure", cmd_exposure, "transit-country exposure: share of tonnes and value crossing each country"},
    {"select-link", cmd_select_link, "OD pairs and classes using given links, and their link volumes"},
    {"criticality", cmd_criticality, "close each link/node/country/border in turn and rank the damage"},
    {"calibrate", cmd_calibrate, "fit route-choice constants (and scales) to the published targets"},
    {"risk", cmd_risk, "hazard ensemble: expected annual cost, VaR/CVaR, hazard contributions"},
    {"appraise", cmd_appraise, "candidate investments under the hazards: benefit, NPV, BCR, regret"},
    {"report", cmd_report, "HTML map report, GeoJSON and GeoPackage of the results"},
};

static void usage(FILE *fp)
{
    fprintf(fp, "corridor %s — freight-corridor network analysis\n\n"
                "usage: corridor COMMAND [options]   (corridor COMMAND --help for its options)\n\n"
                "commands:\n", COR_VERSION);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        fprintf(fp, "  %-12s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(fp, "\nexit codes: 0 ok, 1 usage, 2 bad input, 3 did not converge within limits,\n"
                "            4 i/o error, 5 out of memory, 7 internal error, 130 interrupted\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) { usage(stderr); return EXIT_USAGE; }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) { printf("corridor %s\n", COR_VERSION); return EXIT_OK; }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        if (!strcmp(argv[1], COMMANDS[i].name)) {
            cli_install_signals();
            return COMMANDS[i].run(argc - 1, argv + 1);
        }
    fprintf(stderr, "corridor: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
