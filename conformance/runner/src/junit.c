/* Writes junit.xml: one testsuite per (env, adapter), one testcase per result. */
#include <stdlib.h>
#include <string.h>
#include "report_internal.h"

struct junit_counts {
    size_t tests, failures, errors, skipped;
};

static void count_status(struct junit_counts *c, enum vmi_result_status s)
{
    c->tests++;
    c->failures += s == VMI_RESULT_FAIL;
    c->errors += vmi__status_is_error(s);
    c->skipped += vmi__status_is_skip(s) || s == VMI_RESULT_WAIVED;
}

static void write_counts(FILE *out, const struct junit_counts *c)
{
    fprintf(out, " tests=\"%lu\" failures=\"%lu\" errors=\"%lu\" skipped=\"%lu\"",
            (unsigned long)c->tests, (unsigned long)c->failures, (unsigned long)c->errors,
            (unsigned long)c->skipped);
}

static void write_attr(FILE *out, const char *name, const char *prefix, const char *value)
{
    fprintf(out, " %s=\"%s", name, prefix);
    vmi__xml_write(out, value, 1);
    fputc('"', out);
}

/* The element a non-passing result carries: JUnit readers only know
 * failure, error and skipped, so WAIVED and NOT_SUPPORTED say which they are. */
static void write_outcome(FILE *out, const struct vmi_result *res)
{
    const char *el = res->status == VMI_RESULT_FAIL ? "failure" : "error";

    if (res->status == VMI_RESULT_PASS)
        return;
    if (vmi__status_is_skip(res->status) || res->status == VMI_RESULT_WAIVED) {
        fputs("      <skipped", out);
        write_attr(out, "message",
                   res->status == VMI_RESULT_WAIVED          ? "waived: "
                   : res->status == VMI_RESULT_NOT_SUPPORTED ? "not supported: "
                                                             : "",
                   res->detail);
        fputs("/>\n", out);
        return;
    }
    /* A CI page shows the message alone; an empty one would say nothing. */
    fprintf(out, "      <%s", el);
    write_attr(out, "message", "",
               res->detail[0] ? res->detail : vmi_result_status_description(res->status));
    write_attr(out, "type", "", vmi_result_status_name(res->status));
    fputc('>', out);
    vmi__xml_write(out, res->detail, 0);
    fprintf(out, "</%s>\n", el);
}

static void write_case(FILE *out, const struct vmi_result *res, const char *classname)
{
    fputs("    <testcase", out);
    write_attr(out, "name", "", res->trace);
    write_attr(out, "classname", "", classname);
    fprintf(out, " time=\"%llu.%06llu\"", (unsigned long long)(res->duration_us / 1000000u),
            (unsigned long long)(res->duration_us % 1000000u));
    if (res->status == VMI_RESULT_PASS) {
        fputs("/>\n", out);
        return;
    }
    fputs(">\n", out);
    write_outcome(out, res);
    fputs("    </testcase>\n", out);
}

static void write_property(FILE *out, const char *name, const char *value)
{
    fprintf(out, "      <property name=\"%s\"", name);
    write_attr(out, "value", "", value ? value : "");
    fputs("/>\n", out);
}

/* The run's identity, and what the report says of this (environment,
 * adapter): the hypervisor the guest saw, the adapter's version, QEMU's. */
static void write_properties(FILE *out, const struct vmi_report *r, const struct vmi__pair *p)
{
    size_t i;

    fputs("    <properties>\n", out);
    write_property(out, "suite_version", r->suite_version);
    write_property(out, "git_revision", r->git_revision);
    write_property(out, "bundle_sha256", r->bundle_sha256);
    write_property(out, "guest_sha256", r->guest_sha256);
    for (i = 0; i < r->env_count; i++) {
        const struct vmi_report_env *e = &r->envs[i];

        if (!e->name || !e->adapter || strcmp(e->name, p->env) != 0 ||
            strcmp(e->adapter, p->adapter) != 0)
            continue;
        write_property(out, "hypervisor", e->hypervisor);
        write_property(out, "adapter_version", e->adapter_version);
        write_property(out, "environment", e->detail);
        break;
    }
    fputs("    </properties>\n", out);
}

static void write_suite(FILE *out, const struct vmi_report *r, const struct vmi_result **v,
                        const struct vmi__pair *p, char *classname)
{
    struct junit_counts c = {0, 0, 0, 0};
    size_t i;

    for (i = 0; i < r->result_count; i++)
        if (vmi__pair_match(p, v[i]))
            count_status(&c, v[i]->status);
    sprintf(classname, "%s.%s", p->env, p->adapter);
    fputs("  <testsuite", out);
    write_attr(out, "name", "", classname);
    write_counts(out, &c);
    fputs(">\n", out);
    write_properties(out, r, p);
    for (i = 0; i < r->result_count; i++)
        if (vmi__pair_match(p, v[i]))
            write_case(out, v[i], classname);
    fputs("  </testsuite>\n", out);
}

/* The longest "env.adapter" among the pairs, for one reusable buffer. */
static size_t classname_max(const struct vmi__pair *p, size_t n)
{
    size_t i, len, max = 0;

    for (i = 0; i < n; i++) {
        len = strlen(p[i].env) + strlen(p[i].adapter) + 2;
        max = len > max ? len : max;
    }
    return max + 1;
}

static void write_doc(FILE *out, const struct vmi_report *r, const struct vmi_result **v,
                      const struct vmi__pair *pairs, size_t n, char *classname)
{
    struct junit_counts total = {0, 0, 0, 0};
    size_t i;

    for (i = 0; i < r->result_count; i++)
        count_status(&total, v[i]->status);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vmi-conform\"", out);
    write_counts(out, &total);
    fputs(">\n", out);
    for (i = 0; i < n; i++)
        write_suite(out, r, v, &pairs[i], classname);
    fputs("</testsuites>\n", out);
}

int vmi_report_write_junit(const struct vmi_report *r, FILE *out)
{
    const struct vmi_result **v = vmi__results_sorted(r);
    size_t n = 0;
    struct vmi__pair *pairs = vmi__pairs_collect(r, &n);
    char *classname = pairs != NULL ? malloc(classname_max(pairs, n)) : NULL;
    int rc = -1;

    if (v != NULL && classname != NULL) {
        write_doc(out, r, v, pairs, n, classname);
        rc = ferror(out) ? -1 : 0;
    }
    free(classname);
    free(pairs);
    free(v);
    return rc;
}
