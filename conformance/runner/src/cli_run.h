/* The run subcommand's options and its second half: executing and reporting. */
#ifndef VMI_CONFORM_CLI_RUN_H
#define VMI_CONFORM_CLI_RUN_H

#include "cli.h"

struct cli_run_opts {
    const char *env, *adapter, *filter, *requirement, *report_dir, *traces, *reqs;
    uint64_t seed;
    uint32_t jobs, shard_index, shard_count;
    int quiet, progress;
};

struct vmi_result;
/* Runs every selected trace on o->jobs threads; the results are in
 * selection order.  NULL when out of memory. */
struct vmi_result *cli_run_traces(const struct cli_suite *s, const struct cli_run_opts *o,
                                  const uint32_t *idx, uint32_t count);

/* Runs the selected traces, writes the four reports and prints the summary;
 * returns the exit code. */
int cli_run_selected(const struct cli_suite *s, const struct cli_run_opts *o,
                     const uint32_t *idx, uint32_t count, int argc, char **argv);

#endif /* VMI_CONFORM_CLI_RUN_H */
