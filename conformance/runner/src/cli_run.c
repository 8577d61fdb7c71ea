/* run: select traces, run them on an environment, write the reports and the summary. */
#define _POSIX_C_SOURCE 200809L
#include <fnmatch.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "cli_run.h"

static const char run_usage[] =
    "usage: vmi-conform run --env ENV [OPTIONS]\n"
    "  --env ENV           the environment ('vmi-conform list environments')\n"
    "  --adapter NAME      the adapter to bind (default: the environment's own)\n"
    "  --filter GLOB       only traces whose name matches (shell glob)\n"
    "  --requirement ID    only traces covering this requirement ID\n"
    "  --shard I/N         only the I-th of N equal shares of the selection (1-based)\n"
    "  --seed N            resource placement seed (default 1), recorded in the report\n"
    "  --report-dir DIR    where report.json, junit.xml, report.tap, report.html go\n"
    "                      (default: report)\n"
    "  --jobs N            traces run in parallel (default 1)\n"
    "  --quiet             no progress lines (they appear only on a terminal anyway)\n"
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

static int run_option(int c, struct cli_run_opts *o)
{
    uint64_t v;

    switch (c) {
    case 'e': o->env = optarg; return 0;
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
        {"spec", required_argument, 0, 'p'},    {0, 0, 0, 0}};
    int c, rc;

    memset(o, 0, sizeof(*o));
    o->seed = 1;
    o->jobs = 1;
    o->shard_count = 1;
    o->report_dir = "report";
    o->traces = CLI_DEFAULT_TRACES;
    o->reqs = CLI_DEFAULT_REQS;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
        if ((rc = run_option(c, o)) != 0)
            return rc;
    if (optind < argc)
        return cli_usage_error("run", "unexpected argument '%s'", argv[optind]);
    if (!o->env)
        return cli_usage_error("run", "--env is required");
    if (strcmp(o->env, "ref") != 0)
        return cli_usage_error("run", "unknown environment '%s' (this build runs: ref)", o->env);
    if (o->adapter && strcmp(o->adapter, "ref") != 0)
        return cli_usage_error("run", "environment 'ref' binds only the adapter 'ref'");
    o->adapter = "ref";
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
