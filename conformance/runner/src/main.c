/* vmi-conform: the conformance runner's command line, one subcommand per job. */
#include <stdio.h>
#include <string.h>
#include "cli.h"

static const char usage[] =
    "usage: vmi-conform COMMAND [OPTIONS]\n"
    "\n"
    "Runs the VMI conformance traces on an environment and writes certification reports.\n"
    "\n"
    "commands:\n"
    "  list traces|requirements|environments   what the suite holds\n"
    "  trace check FILE...                      parse and check traces\n"
    "  trace compile -o BUNDLE FILE...          compile traces into a bundle\n"
    "  run --env ENV[,ENV] [OPTIONS]            run the traces (ref, tcg, kvm, kvm-nested, xen)\n"
    "  verify REPORT [OPTIONS]                  check a report for certification\n"
    "  merge -o OUT REPORT...                   merge shard reports into one\n"
    "  diff OLD NEW                             list regressions between two reports\n"
    "  coverage                                 list requirement IDs no trace covers\n"
    "\n"
    "'vmi-conform COMMAND --help' describes each command.\n"
    "\n"
    "exit status:\n"
    "  0  success: every result has a status certification allows\n"
    "  1  failure: some result is not allowed, or a check found a problem\n"
    "  2  bad usage or bad input (malformed trace, report or option)\n";

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
    {"list", cli_list},     {"trace", cli_trace}, {"run", cli_run},
    {"verify", cli_verify}, {"merge", cli_merge}, {"diff", cli_diff},
    {"coverage", cli_coverage},
};

int main(int argc, char **argv)
{
    size_t i;

    if (argc < 2) {
        fputs(usage, stderr);
        return CLI_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage, stdout);
        return CLI_EXIT_OK;
    }
    for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "vmi-conform: unknown command '%s'\n\n%s", argv[1], usage);
    return CLI_EXIT_USAGE;
}
