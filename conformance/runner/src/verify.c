/* vmi_verify: whether a report certifies — allowed statuses, reasons, mustpass, hashes. */
#include <stdlib.h>
#include <string.h>
#include "vmi-conform/verify.h"
#include "report_internal.h"

struct vctx {
    const struct vmi_report *r;
    const struct vmi_verify_opts *o;
    const struct vmi_waivers *w;      /* NULL: no waivers were given */
    FILE *msgs;
    int problems;
};

/* PASS, NOT_SUPPORTED and WAIVED are what certification accepts, as the
 * Vulkan CTS accepts Pass, NotSupported and Waiver; SKIP only on request,
 * since a skipped trace proves nothing about the adapter. */
static int status_allowed(const struct vctx *c, enum vmi_result_status s)
{
    return s == VMI_RESULT_PASS || s == VMI_RESULT_NOT_SUPPORTED || s == VMI_RESULT_WAIVED ||
           (s == VMI_RESULT_SKIP && c->o->allow_skip);
}

static void problem(struct vctx *c, const struct vmi_result *res, const char *what)
{
    vmi__msg(c->msgs, "error: %s %s/%s: %s\n", res->trace, res->env, res->adapter, what);
    c->problems++;
}

/* The status certification sees: a waivable result a waiver covers is WAIVED. */
static enum vmi_result_status effective_status(struct vctx *c, const struct vmi_result *res)
{
    const struct vmi_waiver *v;

    if (!vmi_result_waivable(res->status) ||
        (v = vmi_waivers_find(c->w, res->trace, res->env, res->adapter)) == NULL)
        return res->status;
    vmi__msg(c->msgs, "note: %s %s/%s: %s waived by %s:%lu: %s\n", res->trace, res->env,
             res->adapter, vmi_result_status_name(res->status), c->w->file,
             (unsigned long)v->line, v->reason);
    return VMI_RESULT_WAIVED;
}

static void check_result(struct vctx *c, const struct vmi_result *res)
{
    enum vmi_result_status s = effective_status(c, res);
    char msg[64];

    if (!status_allowed(c, s)) {
        snprintf(msg, sizeof(msg), "status %s is not allowed for certification",
                 vmi_result_status_name(s));
        problem(c, res, msg);
    }
    if (res->detail[0] == '\0' &&
        (s == VMI_RESULT_NOT_SUPPORTED || res->status == VMI_RESULT_WAIVED))
        problem(c, res, s == VMI_RESULT_WAIVED ? "WAIVED without a reason in its detail"
                                               : "NOT_SUPPORTED without a reason in its detail");
    if (res->status == VMI_RESULT_WAIVED && c->w != NULL &&
        vmi_waivers_find(c->w, res->trace, res->env, res->adapter) == NULL)
        problem(c, res, "WAIVED, but no waiver in the waivers file covers it");
}

/* Each result must run in an environment the report describes, or nobody
 * can tell which adapter version the result certifies. */
static void check_env_known(struct vctx *c, const struct vmi_result *res)
{
    size_t i;

    for (i = 0; i < c->r->env_count; i++)
        if (strcmp(VMI__STR(c->r->envs[i].name), res->env) == 0 &&
            strcmp(VMI__STR(c->r->envs[i].adapter), res->adapter) == 0)
            return;
    problem(c, res, "its environment and adapter are not among the report's environments");
}

static int same_key(const struct vmi_result *a, const struct vmi_result *b)
{
    return strcmp(a->trace, b->trace) == 0 && strcmp(a->env, b->env) == 0 &&
           strcmp(a->adapter, b->adapter) == 0;
}

static void check_duplicates(struct vctx *c, const struct vmi_result **v, size_t n)
{
    size_t i, j;
    char msg[64];

    for (i = 0; i < n; i = j) {
        for (j = i + 1; j < n && same_key(v[i], v[j]); j++)
            ;
        if (j - i > 1) {
            snprintf(msg, sizeof(msg), "%lu results; certification wants exactly one",
                     (unsigned long)(j - i));
            problem(c, v[i], msg);
        }
    }
}

/* The first of the sorted results whose trace is `trace`, by bisection. */
static size_t lower_bound(const struct vmi_result **v, size_t n, const char *trace)
{
    size_t lo = 0, hi = n, mid;

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        if (strcmp(v[mid]->trace, trace) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void check_mustpass(struct vctx *c, const struct vmi_mustpass *m,
                           const struct vmi_result **v, size_t n)
{
    struct vmi__pair *pairs;
    size_t np = 0, i, j, k;
    int found;

    if ((pairs = vmi__pairs_collect(c->r, &np)) == NULL) {
        vmi__msg(c->msgs, "error: out of memory\n");
        c->problems++;
        return;
    }
    for (i = 0; i < m->count; i++) {
        for (j = 0; j < np; j++) {
            found = 0;
            for (k = lower_bound(v, n, m->traces[i]);
                 k < n && strcmp(v[k]->trace, m->traces[i]) == 0; k++)
                found |= vmi__pair_match(&pairs[j], v[k]);
            if (!found) {
                vmi__msg(c->msgs, "error: mustpass trace %s has no result in %s/%s\n",
                         m->traces[i], pairs[j].env, pairs[j].adapter);
                c->problems++;
            }
        }
    }
    free(pairs);
}

static void check_hash(struct vctx *c, const char *name, const char *got, const char *want)
{
    if (want == NULL || strcmp(VMI__STR(got), want) == 0)
        return;
    vmi__msg(c->msgs, "error: %s is \"%s\", expected \"%s\"\n", name, VMI__STR(got), want);
    c->problems++;
}

/* A waiver that covers no failure is left over from a fixed bug or names
 * the wrong result; either way someone should look, but it harms nothing. */
static void warn_unused(struct vctx *c)
{
    const struct vmi_result *res;
    size_t i, k;
    int used;

    for (i = 0; c->w != NULL && i < c->w->count; i++) {
        const struct vmi_waiver *v = &c->w->items[i];
        for (k = 0, used = 0; k < c->r->result_count && !used; k++) {
            res = &c->r->results[k];
            used = (vmi_result_waivable(res->status) || res->status == VMI_RESULT_WAIVED) &&
                   strcmp(res->trace, v->trace) == 0 && strcmp(res->env, v->env) == 0 &&
                   strcmp(res->adapter, v->adapter) == 0;
        }
        if (!used)
            vmi__msg(c->msgs, "warning: %s:%lu: unused waiver: no failed result of %s %s/%s\n",
                     c->w->file, (unsigned long)v->line, v->trace, v->env, v->adapter);
    }
}

static void check_results(struct vctx *c, const struct vmi_mustpass *m)
{
    const struct vmi_result **v = vmi__results_sorted(c->r);
    size_t i, n = c->r->result_count;

    if (v == NULL) {
        vmi__msg(c->msgs, "error: out of memory\n");
        c->problems++;
        return;
    }
    if (n == 0) {
        vmi__msg(c->msgs, "error: the report holds no results\n");
        c->problems++;
    }
    for (i = 0; i < n; i++) {
        check_result(c, v[i]);
        check_env_known(c, v[i]);
    }
    check_duplicates(c, v, n);
    if (m != NULL)
        check_mustpass(c, m, v, n);
    free(v);
}

int vmi_verify(const struct vmi_report *r, const struct vmi_verify_opts *o, FILE *msgs)
{
    static const struct vmi_verify_opts defaults;
    struct vmi_mustpass mp_file;
    struct vmi_waivers wv_file;
    const struct vmi_mustpass *m;
    struct vctx c;

    memset(&mp_file, 0, sizeof(mp_file));
    memset(&wv_file, 0, sizeof(wv_file));
    c.r = r;
    c.o = o != NULL ? o : &defaults;
    c.msgs = msgs;
    c.problems = 0;
    m = c.o->mustpass;
    if (m == NULL && c.o->mustpass_file != NULL) {
        c.problems += vmi_mustpass_load(&mp_file, c.o->mustpass_file, msgs);
        m = &mp_file;
    }
    c.w = c.o->waivers;
    if (c.w == NULL && c.o->waivers_file != NULL) {
        c.problems += vmi_waivers_load(&wv_file, c.o->waivers_file, msgs);
        c.w = &wv_file;
    }
    check_hash(&c, "bundle_sha256", r->bundle_sha256, c.o->bundle_sha256);
    check_hash(&c, "guest_sha256", r->guest_sha256, c.o->guest_sha256);
    check_results(&c, m);
    warn_unused(&c);
    vmi_mustpass_free(&mp_file);
    vmi_waivers_free(&wv_file);
    return c.problems;
}
