/* Writes report.tap: TAP version 13, one test point per result, YAML diagnostics for failures. */
#include <stdlib.h>
#include <string.h>
#include "report_internal.h"

/*
 * A description or directive reason must stay on one line and must not
 * start a directive early, so control bytes become spaces and '#' and '\'
 * are escaped as TAP 13 says.
 */
static void tap_text(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)VMI__STR(s);
    size_t left = strlen((const char *)p), n;
    uint32_t c;

    while (left > 0) {
        n = vmi__utf8_decode(p, left, &c);
        if (n == 0)
            fputs("\xEF\xBF\xBD", out), n = 1;
        else if (c == '#' || c == '\\')
            fputc('\\', out), fputc((int)c, out);
        else if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
            fputc(' ', out);
        else
            fwrite(p, 1, n, out);
        p += n;
        left -= n;
    }
}

/* A YAML double-quoted scalar: printable Unicode as is, everything YAML
 * calls non-printable escaped, invalid UTF-8 as U+FFFD. */
static void yaml_string(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)VMI__STR(s);
    size_t left = strlen((const char *)p), n;
    uint32_t c;

    fputc('"', out);
    while (left > 0) {
        n = vmi__utf8_decode(p, left, &c);
        if (n == 0)
            fputs("\\ufffd", out), n = 1;
        else if (c == '"' || c == '\\')
            fputc('\\', out), fputc((int)c, out);
        else if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xFEFF || c >= 0xFFFE)
            fprintf(out, c > 0xFFFF ? "\\U%08lx" : "\\u%04lx", (unsigned long)c);
        else
            fwrite(p, 1, n, out);
        p += n;
        left -= n;
    }
    fputc('"', out);
}

static void write_yaml(FILE *out, const struct vmi_result *res)
{
    uint32_t i;

    fprintf(out, "  ---\n  status: %s\n  requirements: [",
            vmi_result_status_name(res->status));
    for (i = 0; i < res->req_count && i < VMI_REPORT_REQS_MAX; i++) {
        fputs(i ? ", " : "", out);
        yaml_string(out, res->reqs[i]);
    }
    fputs("]\n  detail: ", out);
    yaml_string(out, res->detail);
    fputs("\n  ...\n", out);
}

/* WAIVED is "not ok # TODO": a known failure TAP consumers do not count. */
static void write_point(FILE *out, size_t n, const struct vmi_result *res)
{
    enum vmi_result_status s = res->status;
    int ok = s == VMI_RESULT_PASS || vmi__status_is_skip(s);

    fprintf(out, "%s %lu - ", ok ? "ok" : "not ok", (unsigned long)n);
    tap_text(out, res->env);
    fputc('/', out);
    tap_text(out, res->adapter);
    fputc(' ', out);
    tap_text(out, res->trace);
    if (vmi__status_is_skip(s) || s == VMI_RESULT_WAIVED) {
        fputs(s == VMI_RESULT_WAIVED          ? " # TODO waived"
              : s == VMI_RESULT_NOT_SUPPORTED ? " # SKIP not supported"
                                              : " # SKIP",
              out);
        if (res->detail[0] != '\0') {
            fputs(s == VMI_RESULT_SKIP ? " " : ": ", out);
            tap_text(out, res->detail);
        }
    }
    fputc('\n', out);
    if (!ok && s != VMI_RESULT_WAIVED)
        write_yaml(out, res);
}

int vmi_report_write_tap(const struct vmi_report *r, FILE *out)
{
    const struct vmi_result **v = vmi__results_sorted(r);
    size_t i;

    if (v == NULL)
        return -1;
    fprintf(out, "TAP version 13\n1..%lu\n", (unsigned long)r->result_count);
    for (i = 0; i < r->result_count; i++)
        write_point(out, i + 1, v[i]);
    free(v);
    return ferror(out) ? -1 : 0;
}
