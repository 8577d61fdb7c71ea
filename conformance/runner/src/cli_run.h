/* The run subcommand's options and its second half: executing and reporting. */
#ifndef VMI_CONFORM_CLI_RUN_H
#define VMI_CONFORM_CLI_RUN_H

#include "cli.h"

#define CLI_ENVS_MAX 4

struct cli_run_opts {
    const char *envs[CLI_ENVS_MAX];     /* in the order given, each once */
    uint32_t env_count;
    const char *adapter, *filter, *requirement, *report_dir, *traces, *reqs;
    const char *guest, *qemu;           /* hypervisor environments */
    uint64_t seed;
    uint32_t jobs, shard_index, shard_count, timeout_s;
    int quiet, progress, per_trace, mark_calls;
};

/* Where the build put the guest image, unless --guest says otherwise. */
#ifndef VMI_BINARY_DIR
#define VMI_BINARY_DIR "build"
#endif
#define CLI_DEFAULT_GUEST VMI_BINARY_DIR "/conformance/guest/vmi-guest.elf"

struct vmi_result;
/* Runs every selected trace on o->jobs threads; the results are in
 * selection order.  NULL when out of memory. */
struct vmi_result *cli_run_traces(const struct cli_suite *s, const struct cli_run_opts *o,
                                  const uint32_t *idx, uint32_t count);

/* The names of the features in offered[VMI_GROUP_COUNT], space-separated. */
void cli_feature_names(const uint64_t *offered, char *out, size_t len);
/* Frees a result's strings. */
void cli_result_free(struct vmi_result *res);

struct vmi_report;
/* A guest environment (cli_run_tcg.c): tcg, kvm-nested or xen.  Runs the
 * selected traces in the conformance guest, adds the environment's
 * description and one result per trace to r.  Returns 0, or -1 when out of
 * memory. */
int cli_run_tcg(const struct cli_suite *s, const struct cli_run_opts *o, const char *env,
                const uint32_t *idx, uint32_t count, struct vmi_report *r);

/* Runs the selected traces, writes the four reports and prints the summary;
 * returns the exit code. */
int cli_run_selected(const struct cli_suite *s, const struct cli_run_opts *o,
                     const uint32_t *idx, uint32_t count, int argc, char **argv);

#endif /* VMI_CONFORM_CLI_RUN_H */
