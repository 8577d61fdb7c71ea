/* Writes report.html: one self-contained page (inline CSS, no script) for people. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report_internal.h"

/* One colour per status, indexed by the enum so the list stays the source. */
static const char *const status_colour[VMI_RESULT_STATUS_COUNT] = {
    [VMI_RESULT_PASS] = "#c6efce",    [VMI_RESULT_NOT_SUPPORTED] = "#dde4ee",
    [VMI_RESULT_WAIVED] = "#fff2b3",  [VMI_RESULT_SKIP] = "#e8e8e8",
    [VMI_RESULT_FAIL] = "#ffc7ce",    [VMI_RESULT_TIMEOUT] = "#f8cbad",
    [VMI_RESULT_CRASH] = "#f4a6a6",   [VMI_RESULT_ERROR] = "#d9b3ff",
};

static void write_head(FILE *out)
{
    unsigned s;

    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<title>VMI conformance report</title>\n<style>\n"
          "body{font-family:sans-serif;margin:1.5em}\n"
          "table{border-collapse:collapse;margin:0.5em 0}\n"
          "th,td{border:1px solid #999;padding:2px 6px;text-align:left;vertical-align:top}\n"
          "pre{white-space:pre-wrap;margin:0}\n",
          out);
    for (s = 0; s < VMI_RESULT_STATUS_COUNT; s++)
        fprintf(out, ".st-%s{background:%s}\n", vmi_result_status_name((enum vmi_result_status)s),
                status_colour[s]);
    fputs("</style>\n</head>\n<body>\n<h1>VMI conformance report</h1>\n", out);
}

static void cell(FILE *out, const char *tag, const char *text)
{
    fprintf(out, "<%s>", tag);
    vmi__xml_write(out, text, 0);
    fprintf(out, "</%s>", tag);
}

void vmi__html_status(FILE *out, const char *env, const char *adapter,
                      enum vmi_result_status s)
{
    const char *name = vmi_result_status_name(s);

    fprintf(out, "<span class=\"st-%s\">", name);
    if (env != NULL) {
        vmi__xml_write(out, env, 0);
        fputc('/', out);
        vmi__xml_write(out, adapter, 0);
        fputc(' ', out);
    }
    fprintf(out, "%s</span>", name);
}

static void write_header(FILE *out, const struct vmi_report *r)
{
    const char *names[] = {"suite_version", "git_revision", "bundle_sha256", "guest_sha256",
                           "command_line", "started"};
    const char *values[] = {r->suite_version, r->git_revision, r->bundle_sha256,
                            r->guest_sha256, r->command_line, r->started};
    size_t i;

    fputs("<table>\n", out);
    for (i = 0; i < 6; i++) {
        fprintf(out, "<tr><th>%s</th>", names[i]);
        cell(out, "td", values[i]);
        fputs("</tr>\n", out);
    }
    fputs("</table>\n", out);
}

/* The mechanism "FEATURE=mechanism" tokens give `name` (n bytes), or NULL. */
static const char *mechanism_of(const char *mechanisms, const char *name, size_t n,
                                size_t *len)
{
    const char *t = mechanisms;

    while (t && *t) {
        size_t tl = strcspn(t, " ");

        if (tl > n && strncmp(t, name, n) == 0 && t[n] == '=') {
            *len = tl - n - 1;
            return t + n + 1;
        }
        t += tl;
        t += strspn(t, " ");
    }
    return NULL;
}

/* The feature list with each hypervisor-served feature's mechanism beside
 * it, "TIME_MONOTONIC (kvmclock)", so a reader sees what served the calls;
 * written piecewise, since a report read from disk may hold anything. */
static void features_cell(FILE *out, const struct vmi_report_env *e)
{
    const char *f = VMI__STR(e->features), *m;
    size_t n, ml = 0;
    int first = 1;

    if (e->mechanisms == NULL) {
        cell(out, "td", f);
        return;
    }
    fputs("<td>", out);
    while (*f) {
        char *tok;

        n = strcspn(f, " ");
        m = n > 0 ? mechanism_of(e->mechanisms, f, n, &ml) : NULL;
        tok = n > 0 ? malloc(n + 1 + (m ? ml + 3 : 0) + 1) : NULL;
        if (tok) {
            if (m)
                sprintf(tok, "%s%.*s (%.*s)", first ? "" : " ", (int)n, f, (int)ml, m);
            else
                sprintf(tok, "%s%.*s", first ? "" : " ", (int)n, f);
            vmi__xml_write(out, tok, 0);
            first = 0;
            free(tok);
        }
        f += n;
        f += strspn(f, " ");
    }
    if (e->hv_features) {
        fputs(first ? "hypervisor features " : "; hypervisor features ", out);
        vmi__xml_write(out, e->hv_features, 0);
    }
    fputs("</td>", out);
}

static void write_envs(FILE *out, const struct vmi_report *r)
{
    const struct vmi_report_env *e;
    size_t i;

    fputs("<h2>Environments</h2>\n<table>\n<tr><th>name</th><th>hypervisor</th>"
          "<th>adapter</th><th>adapter_version</th><th>features</th><th>detail</th></tr>\n",
          out);
    for (i = 0; i < r->env_count; i++) {
        e = &r->envs[i];
        fputs("<tr>", out);
        cell(out, "td", e->name);
        cell(out, "td", e->hypervisor);
        cell(out, "td", e->adapter);
        cell(out, "td", e->adapter_version);
        features_cell(out, e);
        cell(out, "td", e->detail);
        fputs("</tr>\n", out);
    }
    fputs("</table>\n", out);
}

static void write_summary(FILE *out, const struct vmi_report *r)
{
    size_t counts[VMI_RESULT_STATUS_COUNT];
    unsigned s;

    vmi_report_summary(r, counts);
    fputs("<h2>Summary</h2>\n<table>\n", out);
    for (s = 0; s < VMI_RESULT_STATUS_COUNT; s++)
        fprintf(out, "<tr><th class=\"st-%s\">%s</th><td>%lu</td></tr>\n",
                vmi_result_status_name((enum vmi_result_status)s),
                vmi_result_status_name((enum vmi_result_status)s), (unsigned long)counts[s]);
    fprintf(out, "<tr><th>total</th><td>%lu</td></tr>\n</table>\n",
            (unsigned long)r->result_count);
}

/* Every result that did not pass, with its whole detail: the page must
 * answer "why" without the JSON next to it. */
static void write_details(FILE *out, const struct vmi_result **v, size_t n)
{
    size_t i;

    fputs("<h2>Details</h2>\n<table>\n<tr><th>trace</th><th>env/adapter</th>"
          "<th>status</th><th>detail</th></tr>\n",
          out);
    for (i = 0; i < n; i++) {
        if (v[i]->status == VMI_RESULT_PASS)
            continue;
        fputs("<tr>", out);
        cell(out, "td", v[i]->trace);
        fputs("<td>", out);
        vmi__xml_write(out, v[i]->env, 0);
        fputc('/', out);
        vmi__xml_write(out, v[i]->adapter, 0);
        fputs("</td><td>", out);
        vmi__html_status(out, NULL, NULL, v[i]->status);
        fputs("</td><td><pre>", out);
        vmi__xml_write(out, v[i]->detail, 0);
        fputs("</pre></td></tr>\n", out);
    }
    fputs("</table>\n", out);
}

int vmi_report_write_html(const struct vmi_report *r, FILE *out)
{
    const struct vmi_result **v = vmi__results_sorted(r);
    size_t n = 0;
    struct vmi__pair *pairs = vmi__pairs_collect(r, &n);
    int rc = -1;

    if (v != NULL && pairs != NULL) {
        write_head(out);
        write_header(out, r);
        write_envs(out, r);
        write_summary(out, r);
        vmi__html_matrix(out, v, r->result_count, pairs, n);
        if (vmi__html_coverage(out, v, r->result_count) == 0) {
            write_details(out, v, r->result_count);
            fputs("</body>\n</html>\n", out);
            rc = ferror(out) ? -1 : 0;
        }
    }
    free(pairs);
    free(v);
    return rc;
}
