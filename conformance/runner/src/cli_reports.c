/* verify, merge and diff: what is done with reports after a run. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "vmi-conform/report.h"
#include "vmi-conform/verify.h"

static const char verify_usage[] =
    "usage: vmi-conform verify REPORT [--mustpass FILE] [--waivers FILE] [--allow-skip]\n"
    "                                 [--bundle-sha256 HEX] [--guest-sha256 HEX]\n"
    "Checks that every status is one certification allows (PASS, NOT_SUPPORTED with a\n"
    "reason, WAIVED by a waiver naming trace, environment and adapter with a reason),\n"
    "that every mustpass trace ran exactly once per environment and adapter, and that\n"
    "the hashes match. Exit 0 when it certifies, 1 when not, 2 on malformed input.\n";
static const char merge_usage[] =
    "usage: vmi-conform merge -o OUT REPORT...\n"
    "Merges the reports of shards of one run; exit 2 when they do not belong together.\n";
static const char diff_usage[] =
    "usage: vmi-conform diff OLD NEW\n"
    "Lists regressions, fixes and other changes; exit 1 when there is a regression.\n";

/* The most a report file may be: bounded so that no input exhausts memory. */
#define REPORT_MAX (64u << 20)

/* Reads and parses a report; on failure prints a located error and returns -1. */
static int report_load(struct vmi_report *r, const char *path)
{
    char err[512];
    FILE *f = fopen(path, "rb");
    char *text = malloc(REPORT_MAX + 1);
    size_t len = 0;
    int rc = -1;

    vmi_report_init(r);
    if (!f || !text) {
        fprintf(stderr, "%s: error: cannot read the report\n", path);
    } else if ((len = fread(text, 1, REPORT_MAX + 1, f)) > REPORT_MAX) {
        fprintf(stderr, "%s: error: larger than %u bytes\n", path, REPORT_MAX);
    } else if (vmi_report_read_json(r, path, text, len, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s\n", err);
    } else {
        rc = 0;
    }
    if (f)
        fclose(f);
    free(text);
    return rc;
}

static int verify_parse(int argc, char **argv, struct vmi_verify_opts *o)
{
    static const struct option opts[] = {
        {"mustpass", required_argument, 0, 'm'}, {"waivers", required_argument, 0, 'w'},
        {"allow-skip", no_argument, 0, 'k'},     {"bundle-sha256", required_argument, 0, 'b'},
        {"guest-sha256", required_argument, 0, 'g'}, {0, 0, 0, 0}};
    int c;

    memset(o, 0, sizeof(*o));
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'm') o->mustpass_file = optarg;
        else if (c == 'w') o->waivers_file = optarg;
        else if (c == 'k') o->allow_skip = 1;
        else if (c == 'b') o->bundle_sha256 = optarg;
        else if (c == 'g') o->guest_sha256 = optarg;
        else return cli_usage_error("verify", "unknown option");
    }
    if (optind != argc - 1)
        return cli_usage_error("verify", "expected one REPORT");
    return 0;
}

int cli_verify(int argc, char **argv)
{
    struct vmi_verify_opts o;
    struct vmi_mustpass mp;
    struct vmi_waivers wv;
    struct vmi_report r;
    int rc, problems;

    if (cli_wants_help(argc, argv)) {
        fputs(verify_usage, stdout);
        return CLI_EXIT_OK;
    }
    if ((rc = verify_parse(argc, argv, &o)) != 0)
        return rc;
    memset(&mp, 0, sizeof(mp));
    memset(&wv, 0, sizeof(wv));
    rc = CLI_EXIT_USAGE;
    if (o.mustpass_file && vmi_mustpass_load(&mp, o.mustpass_file, stderr) != 0)
        goto out;
    if (o.waivers_file && vmi_waivers_load(&wv, o.waivers_file, stderr) != 0)
        goto out;
    o.mustpass = o.mustpass_file ? &mp : NULL;
    o.waivers = o.waivers_file ? &wv : NULL;
    if (report_load(&r, argv[optind]) == 0) {
        problems = vmi_verify(&r, &o, stdout);
        printf("verify: %s: %d problem(s)\n", problems ? "does not certify" : "certifies",
               problems);
        rc = problems ? CLI_EXIT_FAIL : CLI_EXIT_OK;
    }
    vmi_report_free(&r);
out:
    vmi_mustpass_free(&mp);
    vmi_waivers_free(&wv);
    return rc;
}

/* Loads argv[0..n) as reports; returns how many loaded (all or an error). */
static size_t reports_load(struct vmi_report *reps, char **paths, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (report_load(&reps[i], paths[i]) != 0) {
            vmi_report_free(&reps[i]);
            break;
        }
    return i;
}

static int merge_write(const struct vmi_report *m, const char *out)
{
    FILE *f = fopen(out, "w");
    int ok = f && vmi_report_write_json(m, f) == 0;

    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok)
        fprintf(stderr, "%s: error: cannot write the merged report\n", out);
    return ok ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

int cli_merge(int argc, char **argv)
{
    const char *out = NULL;
    struct vmi_report *reps, merged;
    const struct vmi_report **in;
    size_t n, loaded, i;
    int c, rc = CLI_EXIT_USAGE;

    if (cli_wants_help(argc, argv)) {
        fputs(merge_usage, stdout);
        return CLI_EXIT_OK;
    }
    optind = 1;
    while ((c = getopt(argc, argv, "o:")) != -1)
        if (c == 'o')
            out = optarg;
        else
            return cli_usage_error("merge", "unknown option");
    if (!out || optind >= argc)
        return cli_usage_error("merge", "expected -o OUT and one or more reports");
    n = (size_t)(argc - optind);
    reps = calloc(n, sizeof(*reps));
    in = calloc(n, sizeof(*in));
    loaded = reps && in ? reports_load(reps, argv + optind, n) : 0;
    for (i = 0; i < loaded; i++)
        in[i] = &reps[i];
    vmi_report_init(&merged);
    if (loaded == n && vmi_report_merge(&merged, in, n, stderr) == 0)
        rc = merge_write(&merged, out);
    vmi_report_free(&merged);
    for (i = 0; i < loaded; i++)
        vmi_report_free(&reps[i]);
    free(reps);
    free(in);
    return rc;
}

int cli_diff(int argc, char **argv)
{
    struct vmi_report old_r, new_r;
    struct vmi_diff_counts c;
    size_t regressions;
    int rc = CLI_EXIT_USAGE;

    if (cli_wants_help(argc, argv)) {
        fputs(diff_usage, stdout);
        return CLI_EXIT_OK;
    }
    if (argc != 3)
        return cli_usage_error("diff", "expected OLD and NEW reports");
    if (report_load(&old_r, argv[1]) == 0 && report_load(&new_r, argv[2]) == 0) {
        regressions = vmi_report_diff(&old_r, &new_r, stdout, &c);
        if (regressions != (size_t)-1) {
            printf("diff: %zu regression(s), %zu fix(es), %zu other change(s), %zu added, "
                   "%zu removed\n", c.regressions, c.fixes, c.changes, c.added, c.removed);
            rc = regressions ? CLI_EXIT_FAIL : CLI_EXIT_OK;
        }
        vmi_report_free(&new_r);
    }
    vmi_report_free(&old_r);
    return rc;
}
