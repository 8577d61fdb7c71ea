/* What the vmi-conform subcommands share: exit codes, the loaded suite, option helpers. */
#ifndef VMI_CONFORM_CLI_H
#define VMI_CONFORM_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "vmi-trace/bundle.h"
#include "vmi-trace/trace.h"

/* Exit codes, documented in `vmi-conform --help`. */
#define CLI_EXIT_OK 0      /* every status is one certification allows */
#define CLI_EXIT_FAIL 1    /* some result is not allowed, or a check failed */
#define CLI_EXIT_USAGE 2   /* bad usage or bad input */

/* Where the suite lives unless options say otherwise (set by the build). */
#ifndef VMI_SOURCE_DIR
#define VMI_SOURCE_DIR "."
#endif
#define CLI_DEFAULT_TRACES VMI_SOURCE_DIR "/conformance/traces"
#define CLI_DEFAULT_REQS VMI_SOURCE_DIR "/spec/requirements.txt"

/* The traces of a run, parsed, checked against the requirement IDs and compiled. */
struct cli_suite {
    struct vmi_trace_ids ids;
    struct vmi_trace_set set;
    char **files;
    size_t file_count;
    uint8_t *bundle;
    size_t bundle_len;
    struct vmi_bundle b;
    char bundle_sha256[65];
};

/* Loads every *.vmt under `dir` (or the given files).  Returns 0, or
 * CLI_EXIT_USAGE after printing every diagnostic to `err`. */
int cli_suite_load_dir(struct cli_suite *s, const char *dir, const char *reqs, FILE *err);
int cli_suite_load_files(struct cli_suite *s, char **files, size_t n, const char *reqs,
                         FILE *err);
void cli_suite_free(struct cli_suite *s);

/* The traces that use the test-only `probe ud`, each reported to err with
 * `why` (cli_test_only.c).  Returns how many. */
size_t cli_suite_test_only(const struct cli_suite *s, const char *why, FILE *err);

/* Hex SHA-256 of a buffer or a file (65 bytes with the NUL).  Return 0 or -1. */
int cli_sha256_hex(const void *data, size_t len, char out[65]);
int cli_sha256_file(const char *path, char out[65]);

/* Subcommands: argc/argv start at the subcommand's name. */
int cli_list(int argc, char **argv);
int cli_trace(int argc, char **argv);
int cli_coverage(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_verify(int argc, char **argv);
int cli_merge(int argc, char **argv);
int cli_diff(int argc, char **argv);

/* A usage error: prints "vmi-conform SUB: MESSAGE" and a hint; returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *sub, const char *fmt, ...);
/* Non-zero when argv[i] is -h or --help. */
int cli_wants_help(int argc, char **argv);
/* Parses a decimal or 0x number; returns 0 or -1. */
int cli_parse_u64(const char *s, uint64_t *v);

#endif /* VMI_CONFORM_CLI_H */
