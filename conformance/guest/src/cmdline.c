/* The command line: space-separated words, "key=value" or a bare flag. */
#include "guest.h"

struct word {
    const char *key, *value;    /* value is NULL for a bare word */
    size_t key_len, value_len;
};

static int key_is(const struct word *w, const char *key)
{
    return w->key_len == strlen(key) && memcmp(w->key, key, w->key_len) == 0;
}

/* Copies a value, cut to fit; the guest reports what it kept. */
static void copy_value(char *dst, size_t cap, const struct word *w)
{
    size_t n = w->value_len < cap - 1 ? w->value_len : cap - 1;

    memcpy(dst, w->value, n);
    dst[n] = '\0';
}

/* Decimal; anything else (or an overflow) makes the word unknown. */
static int parse_u32(const struct word *w, uint32_t *out)
{
    uint64_t v = 0;
    size_t i;

    if (w->value_len == 0 || w->value_len > 10)
        return -1;
    for (i = 0; i < w->value_len; i++) {
        if (w->value[i] < '0' || w->value[i] > '9')
            return -1;
        v = v * 10 + (uint64_t)(w->value[i] - '0');
    }
    if (v > 0xffffffffu)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

static void apply(const struct word *w, struct guest_args *a)
{
    if (key_is(w, "selftest") && w->value == NULL)
        a->flags |= VMI_REC_ARG_SELFTEST;
    else if (key_is(w, "selftest") && w->value_len == 5 && memcmp(w->value, "panic", 5) == 0)
        a->flags |= VMI_REC_ARG_SELFTEST | VMI_REC_ARG_PANIC;
    else if (key_is(w, "bench") && w->value == NULL)
        a->flags |= VMI_REC_ARG_BENCH;
    else if (key_is(w, "marks") && w->value == NULL)
        a->flags |= VMI_REC_ARG_MARKS;
    else if (key_is(w, "adapter") && w->value != NULL)
        copy_value(a->adapter, sizeof(a->adapter), w);
    else if (key_is(w, "filter") && w->value != NULL)
        copy_value(a->filter, sizeof(a->filter), w);
    else if (!(key_is(w, "start") && w->value != NULL && parse_u32(w, &a->start) == 0) &&
             !(key_is(w, "count") && w->value != NULL && parse_u32(w, &a->count) == 0))
        a->flags |= VMI_REC_ARG_UNKNOWN;
}

/* Splits one word at s; returns the first byte after it. */
static const char *next_word(const char *s, const char *end, struct word *w)
{
    const char *eq = NULL;

    w->key = s;
    while (s < end && *s != ' ') {
        if (*s == '=' && eq == NULL)
            eq = s;
        s++;
    }
    w->key_len = (size_t)((eq ? eq : s) - w->key);
    w->value = eq ? eq + 1 : NULL;
    w->value_len = eq ? (size_t)(s - eq - 1) : 0;
    return s;
}

void args_parse(const char *cmdline, struct guest_args *a)
{
    const char *s = cmdline, *end = cmdline + strnlen_bounded(cmdline, GUEST_CMDLINE_MAX);
    struct word w;

    memset(a, 0, sizeof(*a));
    while (s < end) {
        if (*s == ' ') {
            s++;
            continue;
        }
        s = next_word(s, end, &w);
        apply(&w, a);
    }
}

static char *append(char *o, const char *end, const char *s)
{
    while (*s != '\0' && o < end)
        *o++ = *s++;
    return o;
}

void args_report(const struct guest_args *a)
{
    uint8_t p[VMI_REC_ARGS_FIXED + GUEST_ARG_ADAPTER_MAX + GUEST_ARG_FILTER_MAX + 32];
    char *o = (char *)p + VMI_REC_ARGS_FIXED, *end = (char *)p + sizeof(p);

    vmi_rec_put32(p + VMI_REC_ARGS_FLAGS, a->flags);
    vmi_rec_put32(p + VMI_REC_ARGS_START, a->start);
    vmi_rec_put32(p + VMI_REC_ARGS_COUNT, a->count);
    o = append(o, end, "adapter=");
    o = append(o, end, a->adapter);
    o = append(o, end, " filter=");
    o = append(o, end, a->filter);
    rec_emit(VMI_REC_ARGS, p, (size_t)(o - (char *)p));
}
