/* Writes the canonical report.json: fixed key order, 2-space indent, one trailing newline. */
#include <stdlib.h>
#include "vmi-conform/json.h"
#include "report_internal.h"

/* `"key": "value"` at the given indent, with the comma unless it is last. */
static void field_str(FILE *out, const char *indent, const char *key, const char *val,
                      int last)
{
    fprintf(out, "%s\"%s\": ", indent, key);
    vmi_json_write_string(out, val);
    fputs(last ? "\n" : ",\n", out);
}

static void write_header(const struct vmi_report *r, FILE *out)
{
    field_str(out, "  ", "format", VMI_REPORT_FORMAT, 0);
    fprintf(out, "  \"format_version\": %d,\n", VMI_REPORT_FORMAT_VERSION);
    field_str(out, "  ", "suite_version", r->suite_version, 0);
    field_str(out, "  ", "git_revision", r->git_revision, 0);
    field_str(out, "  ", "bundle_sha256", r->bundle_sha256, 0);
    field_str(out, "  ", "guest_sha256", r->guest_sha256, 0);
    field_str(out, "  ", "command_line", r->command_line, 0);
    field_str(out, "  ", "started", r->started, 0);
}

static void write_envs(const struct vmi_report *r, FILE *out)
{
    const struct vmi_report_env *e;
    size_t i;

    fputs(r->env_count == 0 ? "  \"environments\": [],\n" : "  \"environments\": [\n", out);
    for (i = 0; i < r->env_count; i++) {
        e = &r->envs[i];
        fputs("    {\n", out);
        field_str(out, "      ", "name", e->name, 0);
        field_str(out, "      ", "hypervisor", e->hypervisor, 0);
        field_str(out, "      ", "adapter", e->adapter, 0);
        field_str(out, "      ", "adapter_version", e->adapter_version, 0);
        field_str(out, "      ", "features", e->features, 0);
        if (e->mechanisms)
            field_str(out, "      ", "mechanisms", e->mechanisms, 0);
        if (e->hv_features)
            field_str(out, "      ", "hv_features", e->hv_features, 0);
        field_str(out, "      ", "detail", e->detail, 1);
        fputs(i + 1 < r->env_count ? "    },\n" : "    }\n", out);
    }
    if (r->env_count != 0)
        fputs("  ],\n", out);
}

/* Every status is written, zero or not, so readers of the summary never
 * have to know which statuses a version of the format has. */
static void write_summary(const struct vmi_report *r, FILE *out)
{
    size_t counts[VMI_RESULT_STATUS_COUNT];
    unsigned s;

    vmi_report_summary(r, counts);
    fputs("  \"summary\": {\n", out);
    for (s = 0; s < VMI_RESULT_STATUS_COUNT; s++)
        fprintf(out, "    \"%s\": %lu%s\n", vmi_result_status_name((enum vmi_result_status)s),
                (unsigned long)counts[s], s + 1 < VMI_RESULT_STATUS_COUNT ? "," : "");
    fputs("  },\n", out);
}

static void write_result(const struct vmi_result *res, FILE *out, unsigned flags)
{
    uint32_t i;

    fputs("    {\n", out);
    field_str(out, "      ", "trace", res->trace, 0);
    field_str(out, "      ", "env", res->env, 0);
    field_str(out, "      ", "adapter", res->adapter, 0);
    field_str(out, "      ", "status", vmi_result_status_name(res->status), 0);
    fputs("      \"requirements\": [", out);
    for (i = 0; i < res->req_count && i < VMI_REPORT_REQS_MAX; i++) {
        fputs(i ? ", " : "", out);
        vmi_json_write_string(out, res->reqs[i]);
    }
    fputs("],\n", out);
    field_str(out, "      ", "detail", res->detail, (flags & VMI_REPORT_NO_TIMES) != 0);
    if (!(flags & VMI_REPORT_NO_TIMES))
        fprintf(out, "      \"duration_us\": %llu\n", (unsigned long long)res->duration_us);
}

/* Results go out sorted whatever order they were added in, so two reports
 * with the same content are the same file (timings aside). */
int vmi_report_write_json_flags(const struct vmi_report *r, FILE *out, unsigned flags)
{
    const struct vmi_result **sorted = vmi__results_sorted(r);
    size_t i;

    if (sorted == NULL)
        return -1;

    fputs("{\n", out);
    write_header(r, out);
    write_envs(r, out);
    write_summary(r, out);
    fputs(r->result_count == 0 ? "  \"results\": []\n" : "  \"results\": [\n", out);
    for (i = 0; i < r->result_count; i++) {
        write_result(sorted[i], out, flags);
        fputs(i + 1 < r->result_count ? "    },\n" : "    }\n", out);
    }
    if (r->result_count != 0)
        fputs("  ]\n", out);
    fputs("}\n", out);
    free(sorted);
    return ferror(out) ? -1 : 0;
}

int vmi_report_write_json(const struct vmi_report *r, FILE *out)
{
    return vmi_report_write_json_flags(r, out, 0);
}
