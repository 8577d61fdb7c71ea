/* Waivers: one line per (trace, env, adapter) with a reason; parsing and applying them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "vmi-conform/verify.h"
#include "report_internal.h"

static void waiver_free(struct vmi_waiver *v)
{
    free(v->trace);
    free(v->env);
    free(v->adapter);
    free(v->reason);
}

void vmi_waivers_free(struct vmi_waivers *w)
{
    size_t i;

    for (i = 0; i < w->count; i++)
        waiver_free(&w->items[i]);
    free(w->items);
    free(w->file);
    memset(w, 0, sizeof(*w));
}

const struct vmi_waiver *vmi_waivers_find(const struct vmi_waivers *w, const char *trace,
                                          const char *env, const char *adapter)
{
    size_t i;

    for (i = 0; w != NULL && i < w->count; i++)
        if (strcmp(w->items[i].trace, trace) == 0 && strcmp(w->items[i].env, env) == 0 &&
            strcmp(w->items[i].adapter, adapter) == 0)
            return &w->items[i];
    return NULL;
}

/* A line split into its fields: [0] "waive", [1..3] trace, env, adapter, [4] reason. */
struct line_fields {
    const char *s[5];
    size_t n[5];
};

static size_t skip_blank(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

static size_t field_end(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] != ' ' && s[i] != '\t')
        i++;
    return i;
}

/* Returns 1 with the fields, 0 for a blank or comment line, or -(COL) of
 * the first problem with its message in *why. */
static long split_line(const char *s, size_t n, struct line_fields *f, const char **why)
{
    static const char *const missing[] = {
        "expected 'waive'", "expected a trace name",
        "expected an environment name (a waiver names trace, env and adapter)",
        "expected an adapter name (a waiver names trace, env and adapter)",
        "expected a reason (a waiver must say why it is granted)"};
    size_t i, e = 0, k;

    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
            return *why = "control byte in the waivers file", -(long)(i + 1);
    i = skip_blank(s, n, 0);
    if (i == n || s[i] == '#')
        return 0;
    for (k = 0; k < 5; k++) {
        i = skip_blank(s, n, e);
        if (i == n)
            return *why = missing[k], -(long)(i + 1);
        e = k < 4 ? field_end(s, n, i) : n;
        while (k == 4 && (s[e - 1] == ' ' || s[e - 1] == '\t'))
            e--;
        f->s[k] = s + i;
        f->n[k] = e - i;
        if (k == 0 && (f->n[0] != 5 || memcmp(f->s[0], "waive", 5) != 0))
            return *why = missing[0], -(long)(i + 1);
    }
    return 1;
}

static int add_waiver(struct vmi_waivers *w, const struct line_fields *f, unsigned long ln)
{
    struct vmi_waiver v, *items;

    if (w->count == w->cap) {
        size_t ncap = w->cap ? w->cap * 2 : 8;
        if ((items = realloc(w->items, ncap * sizeof(*items))) == NULL)
            return -1;
        w->items = items;
        w->cap = ncap;
    }
    v.trace = vmi__strndup(f->s[1], f->n[1]);
    v.env = vmi__strndup(f->s[2], f->n[2]);
    v.adapter = vmi__strndup(f->s[3], f->n[3]);
    v.reason = vmi__strndup(f->s[4], f->n[4]);
    v.line = (uint32_t)ln;
    if (!v.trace || !v.env || !v.adapter || !v.reason) {
        waiver_free(&v);
        return -1;
    }
    w->items[w->count++] = v;
    return 0;
}

static int parse_line(struct vmi_waivers *w, unsigned long ln, const char *s, size_t n,
                      FILE *msgs)
{
    const struct vmi_waiver *old;
    struct line_fields f;
    const char *why = NULL;
    long rc = split_line(s, n, &f, &why);

    if (rc < 0) {
        vmi__msg(msgs, "%s:%lu:%ld: error: %s\n", w->file, ln, -rc, why);
        return 1;
    }
    if (rc == 0)
        return 0;
    if (add_waiver(w, &f, ln) != 0) {
        vmi__msg(msgs, "%s:%lu: error: out of memory\n", w->file, ln);
        return 1;
    }
    old = vmi_waivers_find(w, w->items[w->count - 1].trace, w->items[w->count - 1].env,
                           w->items[w->count - 1].adapter);
    if (old == &w->items[w->count - 1])
        return 0;
    vmi__msg(msgs, "%s:%lu:%ld: error: a second waiver for %s %s %s (the first is on line %lu)\n",
             w->file, ln, (long)(f.s[1] - s + 1), old->trace, old->env, old->adapter,
             (unsigned long)old->line);
    waiver_free(&w->items[--w->count]);
    return 1;
}

int vmi_waivers_parse(struct vmi_waivers *w, const char *file, const char *text, size_t len,
                      FILE *msgs)
{
    const char *line;
    size_t pos = 0, n;
    unsigned long ln = 0;
    int problems = 0;

    memset(w, 0, sizeof(*w));
    if ((w->file = vmi__strndup(file, strlen(file))) == NULL) {
        vmi__msg(msgs, "%s: error: out of memory\n", file);
        return 1;
    }
    while (vmi__line_next(text, len, &pos, &line, &n))
        problems += parse_line(w, ++ln, line, n, msgs);
    return problems;
}

int vmi_waivers_load(struct vmi_waivers *w, const char *path, FILE *msgs)
{
    char *text;
    size_t len;
    int problems;

    memset(w, 0, sizeof(*w));
    if (vmi__file_read(path, &text, &len) != 0) {
        vmi__msg(msgs, "%s: error: cannot read the waivers file: %s\n", path, strerror(errno));
        return 1;
    }
    problems = vmi_waivers_parse(w, path, text, len, msgs);
    free(text);
    return problems;
}

int vmi_result_waivable(enum vmi_result_status s)
{
    return s == VMI_RESULT_FAIL || s == VMI_RESULT_TIMEOUT || s == VMI_RESULT_CRASH;
}

/* The waived result keeps what went wrong in its detail, after the reason,
 * so a reader of the rewritten report sees both. */
static char *waived_detail(const char *reason, enum vmi_result_status was, const char *detail)
{
    const char *name = vmi_result_status_name(was);
    size_t n = strlen(reason) + strlen(name) + strlen(detail) + 8;
    char *d = malloc(n);

    if (d == NULL)
        return NULL;
    if (detail[0])
        snprintf(d, n, "%s [%s: %s]", reason, name, detail);
    else
        snprintf(d, n, "%s [%s]", reason, name);
    return d;
}

int vmi_waivers_apply(struct vmi_report *r, const struct vmi_waivers *w)
{
    const struct vmi_waiver *v;
    struct vmi_result *res;
    int changed = 0;
    size_t i;
    char *d;

    for (i = 0; i < r->result_count; i++) {
        res = &r->results[i];
        if (!vmi_result_waivable(res->status) ||
            (v = vmi_waivers_find(w, res->trace, res->env, res->adapter)) == NULL)
            continue;
        if ((d = waived_detail(v->reason, res->status, res->detail)) == NULL)
            return -1;
        free(res->detail);
        res->detail = d;
        res->status = VMI_RESULT_WAIVED;
        changed++;
    }
    return changed;
}
