/* list, trace check|compile and coverage: what the suite holds and how well it covers the spec. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static const char list_usage[] =
    "usage: vmi-conform list traces|requirements|environments [--traces DIR] [--spec FILE]\n"
    "  traces         every trace: name, CPUs, covered requirement IDs\n"
    "  requirements   every requirement ID the spec issues\n"
    "  environments   the environments this build can run\n";
static const char trace_usage[] =
    "usage: vmi-conform trace check [--spec FILE] FILE...\n"
    "       vmi-conform trace compile -o BUNDLE [--spec FILE] FILE...\n"
    "Errors are printed as FILE:LINE:COL: error: ...; exit 2 when there are any.\n";
static const char coverage_usage[] =
    "usage: vmi-conform coverage [--traces DIR] [--spec FILE]\n"
    "Lists every requirement ID that no trace covers; exit 1 when there is one.\n";

/* --traces DIR and --spec FILE, shared by list and coverage. */
static int suite_options(int argc, char **argv, const char *sub, const char **dir,
                         const char **reqs)
{
    static const struct option opts[] = {
        {"traces", required_argument, 0, 't'}, {"spec", required_argument, 0, 's'}, {0, 0, 0, 0}};
    int c;

    *dir = CLI_DEFAULT_TRACES;
    *reqs = CLI_DEFAULT_REQS;
    optind = 1;
    while ((c = getopt_long(argc, argv, "t:s:", opts, NULL)) != -1) {
        if (c == 't')
            *dir = optarg;
        else if (c == 's')
            *reqs = optarg;
        else
            return cli_usage_error(sub, "unknown option");
    }
    return 0;
}

static void list_traces(const struct cli_suite *s)
{
    struct vmi_bundle_trace_view t;
    uint32_t i, k;

    for (i = 0; i < s->b.trace_count; i++) {
        if (vmi_bundle_trace_get(&s->b, i, &t) != 0)
            continue;
        printf("%s  cpus=%u ", t.name, (unsigned)t.cpus);
        for (k = 0; k < t.covers_count; k++)
            printf(" %s", vmi_bundle_trace_cover(&s->b, &t, k));
        printf("\n");
    }
}

int cli_list(int argc, char **argv)
{
    struct cli_suite s;
    const char *dir, *reqs, *what = argc > 1 ? argv[1] : "";
    size_t i;
    int rc;

    memset(&s, 0, sizeof(s));
    if (cli_wants_help(argc, argv)) {
        fputs(list_usage, stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(what, "environments") == 0) {
        printf("ref  the reference model in process, through the same executor as a guest\n"
               "tcg  the conformance guest under QEMU TCG (-accel tcg -cpu max -smp 2), the\n"
               "     native adapter bound; needs qemu-system-x86_64\n"
               "kvm  the guest under QEMU -accel kvm -cpu host -smp 2 (--adapter kvm or\n"
               "     native); needs a usable /dev/kvm\n"
               "kvm-nested  the guest on Linux KVM nested in QEMU TCG (--adapter kvm or\n"
               "     native); builds its L1 from Debian packages on first use\n"
               "xen  the guest as Xen 4.17's PVH dom0 under QEMU TCG (--adapter xen or\n"
               "     native); fetches Xen's Debian package on first use\n");
        return CLI_EXIT_OK;
    }
    if (strcmp(what, "traces") != 0 && strcmp(what, "requirements") != 0)
        return cli_usage_error("list", "expected traces, requirements or environments");
    rc = suite_options(argc - 1, argv + 1, "list", &dir, &reqs);
    if (rc == 0)
        rc = cli_suite_load_dir(&s, dir, reqs, stderr);
    if (rc == 0 && what[0] == 't')
        list_traces(&s);
    for (i = 0; rc == 0 && what[0] == 'r' && i < s.ids.count; i++)
        printf("%s\n", s.ids.ids[i]);
    cli_suite_free(&s);
    return rc;
}

/* Writes the compiled bundle to `out`. */
static int bundle_write(const struct cli_suite *s, const char *out)
{
    FILE *f = fopen(out, "wb");
    int ok = f && fwrite(s->bundle, 1, s->bundle_len, f) == s->bundle_len;

    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok)
        fprintf(stderr, "%s: error: cannot write the bundle\n", out);
    return ok ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

int cli_trace(int argc, char **argv)
{
    static const struct option opts[] = {
        {"spec", required_argument, 0, 's'}, {"output", required_argument, 0, 'o'}, {0, 0, 0, 0}};
    const char *reqs = CLI_DEFAULT_REQS, *out = NULL, *what = argc > 1 ? argv[1] : "";
    struct cli_suite s;
    int c, rc, compile = strcmp(what, "compile") == 0;

    if (cli_wants_help(argc, argv)) {
        fputs(trace_usage, stdout);
        return CLI_EXIT_OK;
    }
    if (!compile && strcmp(what, "check") != 0)
        return cli_usage_error("trace", "expected 'check' or 'compile'");
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "s:o:", opts, NULL)) != -1) {
        if (c == 's')
            reqs = optarg;
        else if (c == 'o')
            out = optarg;
        else
            return cli_usage_error("trace", "unknown option");
    }
    if (optind >= argc - 1)
        return cli_usage_error("trace", "expected one or more .vmt files");
    if (compile && !out)
        return cli_usage_error("trace", "compile needs -o BUNDLE");
    rc = cli_suite_load_files(&s, argv + 1 + optind, (size_t)(argc - 1 - optind), reqs, stderr);
    if (rc == 0 && compile)
        rc = bundle_write(&s, out);
    if (rc == 0)
        fprintf(stderr, "%u trace(s) ok%s%s\n", s.b.trace_count, compile ? ", bundle " : "",
                compile ? s.bundle_sha256 : "");
    cli_suite_free(&s);
    return rc;
}

/* Non-zero when some trace of the suite covers `id`. */
static int id_covered(const struct cli_suite *s, const char *id)
{
    size_t i, k;

    for (i = 0; i < s->set.count; i++)
        for (k = 0; k < s->set.traces[i]->covers_count; k++)
            if (strcmp(s->set.traces[i]->covers[k], id) == 0)
                return 1;
    return 0;
}

int cli_coverage(int argc, char **argv)
{
    struct cli_suite s;
    const char *dir, *reqs;
    size_t i, missing = 0;
    int rc;

    memset(&s, 0, sizeof(s));
    if (cli_wants_help(argc, argv)) {
        fputs(coverage_usage, stdout);
        return CLI_EXIT_OK;
    }
    rc = suite_options(argc, argv, "coverage", &dir, &reqs);
    if (rc == 0)
        rc = cli_suite_load_dir(&s, dir, reqs, stderr);
    if (rc == 0 && cli_suite_test_only(&s, "a test-only trace covers nothing (move it to "
                                           "conformance/traces-test)", stderr))
        rc = CLI_EXIT_USAGE;
    if (rc != 0) {
        cli_suite_free(&s);
        return rc;
    }
    for (i = 0; i < s.ids.count; i++)
        if (!id_covered(&s, s.ids.ids[i])) {
            printf("not covered: %s\n", s.ids.ids[i]);
            missing++;
        }
    printf("coverage: %zu of %zu requirement IDs have a trace (%zu traces)\n",
           s.ids.count - missing, s.ids.count, s.set.count);
    cli_suite_free(&s);
    return missing ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
