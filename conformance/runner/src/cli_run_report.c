/* After a run: the report's header, the four files, the summary line and the exit code. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "cli_run.h"
#include "vmi-conform/report.h"

#ifndef VMI_GIT_REVISION
#define VMI_GIT_REVISION "unknown"
#endif
#ifndef VMI_SUITE_VERSION
#define VMI_SUITE_VERSION "0"
#endif

/* Non-zero when `a` needs no quoting in a POSIX shell. */
static int arg_is_plain(const char *a)
{
    static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                               "0123456789-_./=:,@+";

    return a[0] && strspn(a, safe) == strlen(a);
}

/* The exact command, each argument single-quoted when it needs to be. */
static char *command_line(int argc, char **argv)
{
    size_t len = 16, i;
    char *s, *p;
    int k;

    for (k = 0; k < argc; k++)
        len += 4 * strlen(argv[k]) + 3;
    s = p = malloc(len);
    if (!s)
        return NULL;
    p += sprintf(p, "vmi-conform");
    for (k = 0; k < argc; k++) {
        *p++ = ' ';
        if (arg_is_plain(argv[k])) {
            p += sprintf(p, "%s", argv[k]);
            continue;
        }
        *p++ = '\'';
        for (i = 0; argv[k][i]; i++)
            p += argv[k][i] == '\'' ? sprintf(p, "'\\''") : sprintf(p, "%c", argv[k][i]);
        *p++ = '\'';
    }
    *p = '\0';
    return s;
}

static void iso_now(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void cli_feature_names(const uint64_t *offered, char *out, size_t len)
{
    size_t used = 0;

    out[0] = '\0';
#define FEATURE_NAME(group, name, bit, desc)                                              \
    if (offered[VMI_GROUP_##group] >> (bit) & 1)                                          \
        used += (size_t)snprintf(out + used, used < len ? len - used : 0, "%s%s",        \
                                 used ? " " : "", #group "_" #name);
    VMI_FEATURE_LIST(FEATURE_NAME)
#undef FEATURE_NAME
}

/* The ref environment offers every feature this ABI version defines. */
static int add_ref_env(struct vmi_report *r)
{
    uint64_t all[VMI_GROUP_COUNT];
    char features[1024];
    struct vmi_report_env env = {"ref", "", "ref", "1.0", features,
                                 "the reference model (libvmi-ref), in process", NULL, NULL};
    uint32_t g;

    for (g = 0; g < VMI_GROUP_COUNT; g++)
        all[g] = vmi_features_defined(g);
    cli_feature_names(all, features, sizeof(features));
    return vmi_report_add_env(r, &env);
}

static int report_header(struct vmi_report *r, const struct cli_suite *s, int argc, char **argv)
{
    char started[32];

    iso_now(started);
    r->suite_version = strdup(VMI_SUITE_VERSION);
    r->git_revision = strdup(VMI_GIT_REVISION);
    r->bundle_sha256 = strdup(s->bundle_sha256);
    r->guest_sha256 = strdup("");
    r->command_line = command_line(argc, argv);
    r->started = strdup(started);
    if (!r->suite_version || !r->git_revision || !r->bundle_sha256 || !r->guest_sha256 ||
        !r->command_line || !r->started)
        return -1;
    return 0;
}

static int write_one(const struct vmi_report *r, const char *dir, const char *name,
                     int (*writer)(const struct vmi_report *, FILE *))
{
    char path[4096];
    FILE *f;
    int ok;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "w");
    ok = f && writer(r, f) == 0;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok)
        fprintf(stderr, "%s: error: cannot write the report\n", path);
    return ok ? 0 : -1;
}

static int make_dir(const char *dir)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "%s: error: cannot create the report folder\n", dir);
        return -1;
    }
    return 0;
}

static int write_reports(const struct vmi_report *r, const char *dir)
{
    if (make_dir(dir) != 0)
        return -1;
    return write_one(r, dir, "report.json", vmi_report_write_json) |
           write_one(r, dir, "junit.xml", vmi_report_write_junit) |
           write_one(r, dir, "report.tap", vmi_report_write_tap) |
           write_one(r, dir, "report.html", vmi_report_write_html);
}

/* Prints "summary: PASS 80, FAIL 1, ..." and returns the exit code. */
static int summarize(const struct vmi_report *r, const char *dir)
{
    size_t counts[VMI_RESULT_STATUS_COUNT];
    int s, bad = 0, first = 1;

    vmi_report_summary(r, counts);
    printf("summary:");
    for (s = 0; s < VMI_RESULT_STATUS_COUNT; s++) {
        if (!counts[s])
            continue;
        printf("%s %s %zu", first ? "" : ",", vmi_result_status_name((enum vmi_result_status)s),
               counts[s]);
        first = 0;
        if (s != VMI_RESULT_PASS && s != VMI_RESULT_NOT_SUPPORTED && s != VMI_RESULT_WAIVED)
            bad = 1;
    }
    printf("\nreports: %s/report.json %s/junit.xml %s/report.tap %s/report.html\n", dir, dir,
           dir, dir);
    return bad ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

void cli_result_free(struct vmi_result *res)
{
    uint32_t k;

    free(res->trace);
    free(res->env);
    free(res->adapter);
    free(res->detail);
    for (k = 0; k < res->req_count; k++)
        free(res->reqs[k]);
}

/* The ref environment's part of the report. */
static int run_ref(const struct cli_suite *s, const struct cli_run_opts *o,
                   const uint32_t *idx, uint32_t count, struct vmi_report *r)
{
    struct vmi_result *results = cli_run_traces(s, o, idx, count);
    uint32_t i;
    int rc = results ? add_ref_env(r) : -1;

    for (i = 0; results && i < count; i++) {
        if (rc == 0)
            rc = vmi_report_add_result(r, &results[i]);
        cli_result_free(&results[i]);
    }
    free(results);
    return rc;
}

int cli_run_selected(const struct cli_suite *s, const struct cli_run_opts *o,
                     const uint32_t *idx, uint32_t count, int argc, char **argv)
{
    struct vmi_report r;
    uint32_t e;
    int rc;

    vmi_report_init(&r);
    /* The report folder first: a hypervisor environment keeps its logs there. */
    rc = report_header(&r, s, argc, argv) == 0 && make_dir(o->report_dir) == 0 ? 0 : -1;
    for (e = 0; e < o->env_count && rc == 0; e++)
        rc = strcmp(o->envs[e], "ref") == 0 ? run_ref(s, o, idx, count, &r)
                                           : cli_run_tcg(s, o, o->envs[e], idx, count, &r);
    vmi_report_sort(&r);
    if (rc == 0 && write_reports(&r, o->report_dir) == 0)
        rc = summarize(&r, o->report_dir);
    else
        rc = CLI_EXIT_USAGE;
    vmi_report_free(&r);
    return rc;
}
