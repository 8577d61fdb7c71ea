/* run: select traces, run them on an environment, write the reports and the summary. */
#define _XOPEN_SOURCE 700
#include <fnmatch.h>
#include <limits.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "cli_run.h"

static const char run_usage[] =
    "usage: vmi-conform run --env ENV[,ENV...] [OPTIONS]\n"
    "  --env ENV           the environment: ref (the reference model, in process), tcg\n"
    "                      (the conformance guest under QEMU TCG), kvm (under QEMU with\n"
    "                      KVM, where /dev/kvm is usable), kvm-nested (on Linux KVM nested\n"
    "                      in QEMU TCG) or xen (as Xen 4.17's PVH dom0 under QEMU TCG); a\n"
    "                      comma list or a repeated --env runs several into one report;\n"
    "                      kvm-nested and xen fetch what they need on first use; where an\n"
    "                      environment cannot run, every trace is a SKIP saying why\n"
    "  --adapter NAME      the adapter the guest binds: native (default), kvm, xen; ref\n"
    "                      binds ref\n"
    "  --guest PATH        the guest image (default: the build's vmi-guest.elf)\n"
    "  --qemu PATH         qemu-system-x86_64 for tcg, kvm (default: found on PATH; kvm-nested\n"
    "                      and xen run the one on PATH)\n"
    "  --isolate MODE      'boot' (default): one guest boot runs every trace, and a new\n"
    "                      one starts after a crash or hang; 'per-trace': a boot per trace\n"
    "  --timeout S         seconds without a record before the watchdog stops the guest\n"
    "                      and the trace is a TIMEOUT (default 30)\n"
    "  --filter GLOB       only traces whose name matches (shell glob)\n"
    "  --requirement ID    only traces covering this requirement ID\n"
    "  --shard I/N         only the I-th of N equal shares of the selection (1-based)\n"
    "  --seed N            resource placement seed (default 1), recorded in the report\n"
    "  --report-dir DIR    where report.json, junit.xml, report.tap, report.html go\n"
    "                      (default: report)\n"
    "  --jobs N            traces run in parallel in ref (default 1); the others run one guest\n"
    "  --quiet             no progress lines (they appear only on a terminal anyway)\n"
    "  --mark-calls        the guest marks each call for a hypervisor-side count (for\n"
    "                      scripts/bench-hv.sh; two exits a call, so not for certifying)\n"
    "  --traces DIR        the trace folder; --spec FILE the requirement ID list\n"
    "Exit 0 when every result is PASS, NOT_SUPPORTED or WAIVED, 1 otherwise, 2 on bad input.\n";

static int parse_shard(const char *s, struct cli_run_opts *o)
{
    char *slash = strchr(s, '/');
    uint64_t i, n;
    int ok;

    if (!slash)
        return -1;
    *slash = '\0';
    ok = cli_parse_u64(s, &i) == 0 && cli_parse_u64(slash + 1, &n) == 0;
    *slash = '/';
    if (!ok || n == 0 || n > 4096 || i == 0 || i > n)
        return -1;
    o->shard_index = (uint32_t)i - 1;
    o->shard_count = (uint32_t)n;
    return 0;
}

/* The environment named by the n bytes at e, as a static string, or NULL. */
static const char *known_env(const char *e, size_t n)
{
    static const char *const envs[] = {"ref", "tcg", "kvm", "kvm-nested", "xen"};
    size_t k;

    for (k = 0; k < sizeof(envs) / sizeof(envs[0]); k++)
        if (strlen(envs[k]) == n && strncmp(envs[k], e, n) == 0)
            return envs[k];
    return NULL;
}

/* --env ref,tcg or a repeated --env: each environment once, in order.
 * argv stays as it was: the report quotes the command line. */
static int add_envs(const char *list, struct cli_run_opts *o)
{
    const char *p = list;

    for (;;) {
        size_t n = strcspn(p, ",");
        const char *e = known_env(p, n);
        uint32_t k;

        if (!e)
            return cli_usage_error("run", "unknown environment '%.*s' (this build runs: ref, "
                                   "tcg, kvm, kvm-nested, xen)", (int)n, p);
        for (k = 0; k < o->env_count && o->envs[k] != e; k++)
            ;
        if (k == o->env_count && k == CLI_ENVS_MAX)
            return cli_usage_error("run", "too many environments");
        if (k == o->env_count)
            o->envs[o->env_count++] = e;
        if (!p[n])
            return 0;
        p += n + 1;
    }
}

static int run_option(int c, struct cli_run_opts *o)
{
    uint64_t v;

    switch (c) {
    case 'e': return add_envs(optarg, o);
    case 'g': o->guest = optarg; return 0;
    case 'Q': o->qemu = optarg; return 0;
    case 'i':
        if (strcmp(optarg, "per-trace") == 0 || strcmp(optarg, "boot") == 0) {
            o->per_trace = optarg[0] == 'p';
            return 0;
        }
        return cli_usage_error("run", "--isolate expects 'boot' or 'per-trace'");
    case 'T':
        if (cli_parse_u64(optarg, &v) != 0 || v == 0 || v > 86400)
            return cli_usage_error("run", "--timeout expects 1 to 86400 seconds");
        o->timeout_s = (uint32_t)v;
        return 0;
    case 'a': o->adapter = optarg; return 0;
    case 'f': o->filter = optarg; return 0;
    case 'r': o->requirement = optarg; return 0;
    case 'S': return parse_shard(optarg, o) == 0 ? 0 : cli_usage_error("run", "--shard expects I/N with 1 <= I <= N");
    case 's': return cli_parse_u64(optarg, &o->seed) == 0 ? 0 : cli_usage_error("run", "--seed expects a number");
    case 'd': o->report_dir = optarg; return 0;
    case 'j':
        if (cli_parse_u64(optarg, &v) != 0 || v == 0 || v > 256)
            return cli_usage_error("run", "--jobs expects 1 to 256");
        o->jobs = (uint32_t)v;
        return 0;
    case 'q': o->quiet = 1; return 0;
    case 'M': o->mark_calls = 1; return 0;
    case 't': o->traces = optarg; return 0;
    case 'p': o->reqs = optarg; return 0;
    default: return cli_usage_error("run", "unknown option");
    }
}

static int run_parse(int argc, char **argv, struct cli_run_opts *o)
{
    static const struct option opts[] = {
        {"env", required_argument, 0, 'e'},     {"adapter", required_argument, 0, 'a'},
        {"filter", required_argument, 0, 'f'},  {"requirement", required_argument, 0, 'r'},
        {"shard", required_argument, 0, 'S'},   {"seed", required_argument, 0, 's'},
        {"report-dir", required_argument, 0, 'd'}, {"jobs", required_argument, 0, 'j'},
        {"quiet", no_argument, 0, 'q'},         {"traces", required_argument, 0, 't'},
        {"spec", required_argument, 0, 'p'},    {"guest", required_argument, 0, 'g'},
        {"qemu", required_argument, 0, 'Q'},    {"isolate", required_argument, 0, 'i'},
        {"timeout", required_argument, 0, 'T'}, {"mark-calls", no_argument, 0, 'M'},
        {0, 0, 0, 0}};
    int c, rc;

    memset(o, 0, sizeof(*o));
    o->seed = 1;
    o->jobs = 1;
    o->shard_count = 1;
    o->report_dir = "report";
    o->traces = CLI_DEFAULT_TRACES;
    o->reqs = CLI_DEFAULT_REQS;
    o->guest = CLI_DEFAULT_GUEST;
    o->qemu = "qemu-system-x86_64";
    o->timeout_s = 30;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
        if ((rc = run_option(c, o)) != 0)
            return rc;
    if (optind < argc)
        return cli_usage_error("run", "unexpected argument '%s'", argv[optind]);
    if (o->env_count == 0)
        return cli_usage_error("run", "--env is required");
    if (o->env_count == 1 && strcmp(o->envs[0], "ref") == 0 && o->adapter &&
        strcmp(o->adapter, "ref") != 0)
        return cli_usage_error("run", "environment 'ref' binds only the adapter 'ref'");
    if (!o->adapter || strcmp(o->adapter, "ref") == 0)
        o->adapter = "native";
    return 0;
}

/* Non-zero when trace `t` passes the name, requirement and shard selection. */
static int selected(const struct cli_suite *s, const struct vmi_bundle_trace_view *t,
                    const struct cli_run_opts *o)
{
    uint32_t k;

    if (o->filter && fnmatch(o->filter, t->name, 0) != 0)
        return 0;
    if (!o->requirement)
        return 1;
    for (k = 0; k < t->covers_count; k++)
        if (strcmp(vmi_bundle_trace_cover(&s->b, t, k), o->requirement) == 0)
            return 1;
    return 0;
}

/* The bundle indexes to run, in bundle (name) order, sharded round-robin. */
static uint32_t *select_traces(const struct cli_suite *s, const struct cli_run_opts *o,
                               uint32_t *count)
{
    uint32_t *idx = calloc(s->b.trace_count ? s->b.trace_count : 1, sizeof(*idx));
    struct vmi_bundle_trace_view t;
    uint32_t i, matched = 0;

    *count = 0;
    for (i = 0; idx && i < s->b.trace_count; i++) {
        if (vmi_bundle_trace_get(&s->b, i, &t) != 0 || !selected(s, &t, o))
            continue;
        if (matched++ % o->shard_count == o->shard_index)
            idx[(*count)++] = i;
    }
    return idx;
}

/* Non-zero when dir is the suite's own trace folder, however it is spelt. */
static int is_suite_folder(const char *dir)
{
    char a[PATH_MAX], b[PATH_MAX];

    return realpath(dir, a) && realpath(CLI_DEFAULT_TRACES, b) && strcmp(a, b) == 0;
}

int cli_run(int argc, char **argv)
{
    struct cli_run_opts o;
    struct cli_suite s;
    uint32_t *idx, count = 0;
    int rc;

    if (cli_wants_help(argc, argv)) {
        fputs(run_usage, stdout);
        return CLI_EXIT_OK;
    }
    if ((rc = run_parse(argc, argv, &o)) != 0)
        return rc;
    o.progress = !o.quiet && isatty(STDERR_FILENO);
    rc = cli_suite_load_dir(&s, o.traces, o.reqs, stderr);
    if (rc != 0) {
        cli_suite_free(&s);
        return rc;
    }
    /* The certification suite never runs a test-only trace. */
    if (is_suite_folder(o.traces) &&
        cli_suite_test_only(&s, "it does not belong in conformance/traces (move it to "
                                "conformance/traces-test)", stderr)) {
        cli_suite_free(&s);
        return CLI_EXIT_USAGE;
    }
    idx = select_traces(&s, &o, &count);
    if (!idx)
        rc = CLI_EXIT_USAGE;
    else if (count == 0)
        rc = cli_usage_error("run", "no trace matches the selection");
    else
        rc = cli_run_selected(&s, &o, idx, count, argc, argv);
    free(idx);
    cli_suite_free(&s);
    return rc;
}
