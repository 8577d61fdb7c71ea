/* JSON string literals: escapes, surrogate pairs, UTF-8 validation, the length bound. */
#include <stdlib.h>
#include <string.h>
#include "vmi-conform/json.h"
#include "json_internal.h"
#include "report_internal.h"

/* Growable byte buffer for one decoded string. */
struct sbuf {
    char *b;
    size_t n, cap;
};

static int sbuf_put(struct vmi__jp *p, struct sbuf *sb, const void *bytes, size_t n, size_t start)
{
    char *nb;
    size_t ncap;

    if (sb->n + n > VMI_JSON_STRING_MAX)
        return vmi__jp_fail_at(p, start, "string longer than %u bytes", VMI_JSON_STRING_MAX);
    if (sb->n + n + 1 > sb->cap) {
        ncap = sb->cap ? sb->cap * 2 : 32;
        while (ncap < sb->n + n + 1)
            ncap *= 2;
        if ((nb = realloc(sb->b, ncap)) == NULL)
            return vmi__jp_fail_at(p, start, "out of memory");
        sb->b = nb;
        sb->cap = ncap;
    }
    memcpy(sb->b + sb->n, bytes, n);
    sb->n += n;
    sb->b[sb->n] = '\0';
    return 0;
}

static int hex4(struct vmi__jp *p, size_t at_pos, uint32_t *out)
{
    uint32_t v = 0;
    size_t i;
    char c;

    for (i = 0; i < 4; i++) {
        if (at_pos + i >= p->len)
            return -1;
        c = p->s[at_pos + i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (uint32_t)(c - '0');
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            v |= (uint32_t)((c | 0x20) - 'a' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static size_t utf8_encode(uint32_t c, unsigned char *o)
{
    if (c < 0x80) {
        o[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (unsigned char)(0xC0 | c >> 6);
        o[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (unsigned char)(0xE0 | c >> 12);
        o[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
        o[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | c >> 18);
    o[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
    o[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
    o[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

/* \uXXXX at p->pos (the 'u'), joining a surrogate pair into one character.
 * U+0000 is refused: the tree's strings are C strings. */
static int parse_u_escape(struct vmi__jp *p, struct sbuf *sb, size_t start)
{
    size_t esc = p->pos - 1;
    uint32_t c, lo;
    unsigned char o[4];

    if (hex4(p, p->pos + 1, &c) != 0)
        return vmi__jp_fail_at(p, esc, "expected four hex digits after \\u");
    p->pos += 5;
    if (c >= 0xDC00 && c <= 0xDFFF)
        return vmi__jp_fail_at(p, esc, "unpaired surrogate \\u%04x", (unsigned)c);
    if (c >= 0xD800 && c <= 0xDBFF) {
        if (p->pos + 1 >= p->len || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u' ||
            hex4(p, p->pos + 2, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF)
            return vmi__jp_fail_at(p, esc, "unpaired surrogate \\u%04x", (unsigned)c);
        c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
        p->pos += 6;
    }
    if (c == 0)
        return vmi__jp_fail_at(p, esc, "\\u0000 is not allowed in a string");
    return sbuf_put(p, sb, o, utf8_encode(c, o), start);
}

static int parse_escape(struct vmi__jp *p, struct sbuf *sb, size_t start)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *hit;
    char c;

    p->pos++; /* the backslash */
    if (p->pos >= p->len)
        return vmi__jp_fail_got(p, "an escape character");
    c = p->s[p->pos];
    if (c == 'u')
        return parse_u_escape(p, sb, start);
    if (c == '\0' || (hit = strchr(from, c)) == NULL)
        return vmi__jp_fail_at(p, p->pos - 1, "unknown escape '\\%c'",
                               c > 0x20 && c < 0x7F ? c : '?');
    p->pos++;
    return sbuf_put(p, sb, &to[hit - from], 1, start);
}

/* One byte or UTF-8 sequence of a string's body, raw. */
static int parse_raw(struct vmi__jp *p, struct sbuf *sb, size_t start)
{
    const unsigned char *u = (const unsigned char *)p->s + p->pos;
    uint32_t c;
    size_t n;

    if (u[0] < 0x20)
        return vmi__jp_fail_at(p, p->pos,
                               "control byte 0x%02x in a string (write it as \\u00%02x)", u[0],
                               u[0]);
    n = vmi__utf8_decode(u, p->len - p->pos, &c);
    if (n == 0)
        return vmi__jp_fail_at(p, p->pos, "invalid UTF-8 in a string");
    p->pos += n;
    return sbuf_put(p, sb, u, n, start);
}

int vmi__jp_string(struct vmi__jp *p, char **out, size_t *out_len)
{
    struct sbuf sb = {NULL, 0, 0};
    size_t start = p->pos++;
    int rc = sbuf_put(p, &sb, "", 0, start);

    while (rc == 0) {
        if (p->pos >= p->len) {
            rc = vmi__jp_fail_at(p, p->pos, "unterminated string (opened at column %lu)",
                                 (unsigned long)(start - p->line_start + 1));
        } else if (p->s[p->pos] == '"') {
            p->pos++;
            *out = sb.b;
            *out_len = sb.n;
            return 0;
        } else {
            rc = p->s[p->pos] == '\\' ? parse_escape(p, &sb, start) : parse_raw(p, &sb, start);
        }
    }
    free(sb.b);
    return -1;
}
