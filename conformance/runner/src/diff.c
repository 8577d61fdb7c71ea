/* vmi_report_diff: what changed between two runs, result by result, ignoring timings. */
#include <stdlib.h>
#include <string.h>
#include "vmi-conform/verify.h"
#include "report_internal.h"

/* The statuses a certification accepts: leaving them is what makes a change
 * a regression, and reaching them what makes it a fix. */
static int status_good(enum vmi_result_status s)
{
    return s == VMI_RESULT_PASS || s == VMI_RESULT_NOT_SUPPORTED || s == VMI_RESULT_WAIVED;
}

static int key_cmp(const struct vmi_result *a, const struct vmi_result *b)
{
    int c;

    if ((c = strcmp(a->trace, b->trace)) != 0)
        return c;
    if ((c = strcmp(a->env, b->env)) != 0)
        return c;
    return strcmp(a->adapter, b->adapter);
}

static void diff_headers(const struct vmi_report *a, const struct vmi_report *b, FILE *out)
{
    const char *names[] = {"suite_version", "git_revision", "bundle_sha256", "guest_sha256"};
    const char *va[] = {a->suite_version, a->git_revision, a->bundle_sha256, a->guest_sha256};
    const char *vb[] = {b->suite_version, b->git_revision, b->bundle_sha256, b->guest_sha256};
    size_t i;

    for (i = 0; i < 4; i++)
        if (strcmp(VMI__STR(va[i]), VMI__STR(vb[i])) != 0)
            vmi__msg(out, "header: %s: \"%s\" -> \"%s\"\n", names[i], VMI__STR(va[i]),
                     VMI__STR(vb[i]));
}

/* Both reports hold the result; only its status matters, since details
 * of a failure change with unrelated edits and durations with load. */
static void diff_pair(const struct vmi_result *a, const struct vmi_result *b, FILE *out,
                      struct vmi_diff_counts *c)
{
    const char *kind;

    if (a->status == b->status)
        return;
    if (status_good(a->status) && b->status > a->status) {
        kind = "regression";
        c->regressions++;
    } else if (!status_good(a->status) && status_good(b->status)) {
        kind = "fix";
        c->fixes++;
    } else {
        kind = "changed";
        c->changes++;
    }
    vmi__msg(out, "%s: %s %s/%s: %s -> %s%s%s\n", kind, b->trace, b->env, b->adapter,
             vmi_result_status_name(a->status), vmi_result_status_name(b->status),
             b->detail[0] ? ": " : "", b->detail);
}

static void diff_one_side(const struct vmi_result *res, int added, FILE *out,
                          struct vmi_diff_counts *c)
{
    if (added)
        c->added++;
    else
        c->removed++;
    vmi__msg(out, "%s: %s %s/%s: %s\n", added ? "new" : "removed", res->trace, res->env,
             res->adapter, vmi_result_status_name(res->status));
}

/* A merge walk over both sorted result lists. */
static void diff_results(const struct vmi_result **a, size_t na, const struct vmi_result **b,
                         size_t nb, FILE *out, struct vmi_diff_counts *c)
{
    size_t i = 0, j = 0;
    int k;

    while (i < na || j < nb) {
        k = i == na ? 1 : j == nb ? -1 : key_cmp(a[i], b[j]);
        if (k < 0)
            diff_one_side(a[i++], 0, out, c);
        else if (k > 0)
            diff_one_side(b[j++], 1, out, c);
        else
            diff_pair(a[i++], b[j++], out, c);
    }
}

size_t vmi_report_diff(const struct vmi_report *old_r, const struct vmi_report *new_r,
                       FILE *out, struct vmi_diff_counts *counts)
{
    struct vmi_diff_counts c = {0, 0, 0, 0, 0};
    const struct vmi_result **a = vmi__results_sorted(old_r);
    const struct vmi_result **b = vmi__results_sorted(new_r);

    if (a != NULL && b != NULL) {
        diff_headers(old_r, new_r, out);
        diff_results(a, old_r->result_count, b, new_r->result_count, out, &c);
    } else {
        vmi__msg(out, "error: out of memory\n");
        c.regressions = SIZE_MAX;
    }
    free(a);
    free(b);
    if (counts != NULL)
        *counts = c;
    return c.regressions;
}
