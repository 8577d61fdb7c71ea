/* Allowed-outcome sets: membership and a readable form for reports. */
#include <inttypes.h>
#include <stdio.h>
#include "machine.h"

/* A set with value_ok clear allows no value at all (only, perhaps, a fault):
 * that is how a probe says "this read must fault". */
static int value_allowed(const struct vmi_ref_allowed *a, uint64_t x)
{
    uint32_t i;

    if (!a->value_ok)
        return 0;
    switch (a->kind) {
    case VMI_REF_ALLOW_EXACT:
        for (i = 0; i < a->count && i < VMI_REF_ALLOWED_MAX; i++)
            if (a->v[i] == x)
                return 1;
        return 0;
    case VMI_REF_ALLOW_RANGE:
        return a->v[0] <= x && x <= a->v[1];
    case VMI_REF_ALLOW_ANY:
        return 1;
    default:
        return 0;
    }
}

int vmi_ref_allowed_contains(const struct vmi_ref_allowed *a, uint64_t observed,
                             int faulted)
{
    if (!a)
        return 0;
    if (faulted)
        return a->fault != 0;
    return value_allowed(a, observed);
}

/* Appends to buf at *pos like snprintf, tracking the length the whole text
 * needs so that the caller can tell a truncated form. */
static void put(char *buf, size_t len, size_t *pos, const char *fmt, uint64_t a, uint64_t b)
{
    char *at = *pos < len ? buf + *pos : NULL;
    size_t room = *pos < len ? len - *pos : 0;
    int n = snprintf(at, room, fmt, a, b);

    if (n > 0)
        *pos += (size_t)n;
}

static void format_values(const struct vmi_ref_allowed *a, char *buf, size_t len, size_t *pos)
{
    uint32_t i;

    if (a->kind == VMI_REF_ALLOW_RANGE) {
        put(buf, len, pos, "[0x%" PRIx64 ", 0x%" PRIx64 "]", a->v[0], a->v[1]);
        return;
    }
    if (a->kind != VMI_REF_ALLOW_EXACT) {
        put(buf, len, pos, "any", 0, 0);
        return;
    }
    put(buf, len, pos, "{", 0, 0);
    for (i = 0; i < a->count && i < VMI_REF_ALLOWED_MAX; i++)
        put(buf, len, pos, i ? ", 0x%" PRIx64 : "0x%" PRIx64, a->v[i], 0);
    put(buf, len, pos, "}", 0, 0);
}

/* Returns the length of the whole form, as snprintf does; buf always ends
 * in a NUL when len > 0. */
size_t vmi_ref_allowed_format(const struct vmi_ref_allowed *a, char *buf, size_t len)
{
    size_t pos = 0;

    if (buf && len)
        buf[0] = '\0';
    if (!buf)
        len = 0;
    if (!a)
        return 0;
    if (a->value_ok)
        format_values(a, buf, len, &pos);
    if (a->fault)
        put(buf, len, &pos, a->value_ok ? " or fault" : "fault", 0, 0);
    else if (!a->value_ok)
        put(buf, len, &pos, "nothing", 0, 0);
    return pos;
}
