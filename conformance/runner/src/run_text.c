/* Result details: a growing string and the names of statuses, steps and requirements. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "run_text.h"

static int text_reserve(struct vmi_run_text *t, size_t more)
{
    size_t cap = t->cap ? t->cap : 128;
    char *s;

    if (t->len + more + 1 <= t->cap)
        return 0;
    while (cap < t->len + more + 1)
        cap *= 2;
    s = realloc(t->s, cap);
    if (!s)
        return -1;
    t->s = s;
    t->cap = cap;
    return 0;
}

void vmi_run_text_add(struct vmi_run_text *t, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (t->oom)
        return;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || text_reserve(t, (size_t)n) != 0) {
        t->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

char *vmi_run_text_take(struct vmi_run_text *t)
{
    char *s = t->s;

    if (!t->oom && !s && text_reserve(t, 0) == 0) {
        s = t->s;
        s[0] = '\0';
    }
    if (t->oom) {
        free(t->s);
        s = NULL;
    }
    t->s = NULL;
    t->len = t->cap = 0;
    t->oom = 0;
    return s;
}

void vmi_run_text_status(struct vmi_run_text *t, int32_t status)
{
    const char *name = vmi_status_name(status);

    if (name)
        vmi_run_text_add(t, "%s", name);
    else
        vmi_run_text_add(t, "status %ld", (long)status);
}

static const char *probe_name(uint16_t kind)
{
    static const char *const names[] = {"?", "read", "phys64", "cr", "irqcount",
                                        "if", "console", "power", "ud"};

    return kind <= VMI_BUNDLE_PROBE_KIND_MAX ? names[kind] : "?";
}

static const char *relation_name(uint16_t rel)
{
    static const char *const names[] = {"?", "==", "!=", "<", "<=", ">", ">="};

    return rel <= VMI_BUNDLE_REL_GE ? names[rel] : "?";
}

void vmi_run_text_step(struct vmi_run_text *t, uint8_t op, uint16_t sub)
{
    const char *call = vmi_call_name(sub);

    switch (op) {
    case VMI_BUNDLE_OP_CALL: vmi_run_text_add(t, "call %s", call ? call : "?"); break;
    case VMI_BUNDLE_OP_PROBE: vmi_run_text_add(t, "probe %s", probe_name(sub)); break;
    case VMI_BUNDLE_OP_WAIT: vmi_run_text_add(t, "wait"); break;
    case VMI_BUNDLE_OP_WRITE: vmi_run_text_add(t, "write"); break;
    case VMI_BUNDLE_OP_EXPECT: vmi_run_text_add(t, "expect %s", relation_name(sub)); break;
    default: vmi_run_text_add(t, "op %u", (unsigned)op); break;
    }
}

void vmi_run_text_covers(struct vmi_run_text *t, const struct vmi_bundle *b,
                         const struct vmi_bundle_trace_view *v)
{
    uint32_t i;

    if (v->covers_count == 0)
        return;
    vmi_run_text_add(t, "covers");
    for (i = 0; i < v->covers_count; i++) {
        const char *id = vmi_bundle_trace_cover(b, v, i);

        vmi_run_text_add(t, " %s", id ? id : "?");
    }
}
