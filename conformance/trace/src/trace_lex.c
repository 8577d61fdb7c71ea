/* The .vmt lexer: diagnostics, splitting a line into fields, literals and strings. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trace_internal.h"

void vmi__error(struct vmi__parser *p, uint32_t col, const char *fmt, ...)
{
    char what[512], text[1024];
    va_list ap;

    if (p->stopped)
        return;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    snprintf(text, sizeof(text), "%s:%u:%u: error: %s", p->file, p->line, col, what);
    vmi__diag_add(p->set, p->file, p->line, col, text);
    if (++p->errors >= VMI_TRACE_ERRORS_MAX) {
        snprintf(text, sizeof(text), "%s:%u:%u: error: too many errors (%u); stopping",
                 p->file, p->line, col, VMI_TRACE_ERRORS_MAX);
        vmi__diag_add(p->set, p->file, p->line, col, text);
        p->stopped = 1;
    }
}

int vmi__field_is(const struct vmi__field *f, const char *word)
{
    return strlen(word) == f->len && memcmp(word, f->s, f->len) == 0;
}

const char *vmi__field_show(const struct vmi__field *f, char *buf, size_t size)
{
    size_t o = 0;
    uint32_t i;

    for (i = 0; i < f->len && o + 5 < size; i++) {
        unsigned char c = (unsigned char)f->s[i];
        if (i == 40) {
            o += (size_t)snprintf(buf + o, size - o, "...");
            break;
        }
        if (c >= 0x20 && c < 0x7f)
            buf[o++] = (char)c;
        else
            o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
    }
    buf[o < size ? o : size - 1] = '\0';
    return buf;
}

uint32_t vmi__end_col(const struct vmi__parser *p)
{
    if (p->nf == 0)
        return 1;
    return p->f[p->nf - 1].col + p->f[p->nf - 1].len + 1;
}

int vmi__ident_ok(const char *s, uint32_t len)
{
    uint32_t i;

    if (len == 0 || len >= VMI_TRACE_IDENT_MAX)
        return 0;
    for (i = 0; i < len; i++) {
        char c = s[i];
        int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        if (!alpha && !(i > 0 && c >= '0' && c <= '9'))
            return 0;
    }
    return 1;
}

static int digit_value(char c, unsigned base)
{
    int v = c >= '0' && c <= '9' ? c - '0'
          : c >= 'a' && c <= 'f' ? c - 'a' + 10
          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
    return v < (int)base ? v : -1;
}

int vmi__int_parse(const char *s, uint32_t len, uint64_t *value)
{
    unsigned base = 10;
    uint64_t v = 0;
    uint32_t i = 0;

    if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        i = 2;
    }
    if (i == len)
        return -1;
    for (; i < len; i++) {
        int d = digit_value(s[i], base);
        if (d < 0)
            return -1;
        if (v > (UINT64_MAX - (uint64_t)d) / base)
            return -2;
        v = v * base + (uint64_t)d;
    }
    *value = v;
    return 0;
}

/* The end of a "string" starting at s[i]: the index past its closing quote, or 0. */
static uint32_t string_end(const char *s, uint32_t len, uint32_t i)
{
    for (i++; i < len; i++) {
        if (s[i] == '\\')
            i++;
        else if (s[i] == '"')
            return i + 1;
    }
    return 0;
}

/* The end of a plain field at s[i]; parentheses group, so "(a | b)" is one field. */
static uint32_t word_end(struct vmi__parser *p, const char *s, uint32_t len, uint32_t i)
{
    uint32_t depth = 0, open_col = 0;

    for (; i < len; i++) {
        char c = s[i];
        if (c == '#' || ((c == ' ' || c == '\t' || c == '\r') && depth == 0))
            break;
        if (c == '(' && depth++ == 0)
            open_col = i + 1;
        else if (c == ')' && depth > 0)
            depth--;
    }
    if (depth > 0) {
        vmi__error(p, open_col, "expected ')' to close the '(' here");
        return 0;
    }
    return i;
}

static int field_add(struct vmi__parser *p, const char *s, uint32_t start, uint32_t end)
{
    if (p->nf == VMI_TRACE_FIELDS_MAX) {
        vmi__error(p, start + 1, "expected at most %u fields on one line",
                   VMI_TRACE_FIELDS_MAX);
        return -1;
    }
    p->f[p->nf].s = s + start;
    p->f[p->nf].len = end - start;
    p->f[p->nf].col = start + 1;
    p->nf++;
    return 0;
}

/* Lines are text: a control byte other than tab (or the CR of a CRLF line
 * end) is an error even in a comment, since it is invisible to a reviewer. */
static int text_check(struct vmi__parser *p, const char *s, uint32_t len)
{
    uint32_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t' && !(c == '\r' && i + 1 == len)) || c == 0x7f) {
            vmi__error(p, i + 1, "expected text, found control character 0x%02x", c);
            return -1;
        }
    }
    return 0;
}

int vmi__line_split(struct vmi__parser *p, const char *s, uint32_t len)
{
    uint32_t i = 0, end;

    p->nf = 0;
    if (text_check(p, s, len) != 0)
        return -1;
    while (i < len) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
            i++;
            continue;
        }
        if (s[i] == '#')
            break;
        if (s[i] == '"' && (end = string_end(s, len, i)) == 0) {
            vmi__error(p, i + 1, "expected '\"' to close the string");
            return -1;
        }
        if (s[i] != '"' && (end = word_end(p, s, len, i)) == 0)
            return -1;
        if (field_add(p, s, i, end) != 0)
            return -1;
        i = end;
    }
    return 0;
}

static int hex_escape(const char *s, uint32_t i, uint32_t len)
{
    int hi, lo;

    if (i + 2 >= len)
        return -1;
    hi = digit_value(s[i + 1], 16);
    lo = digit_value(s[i + 2], 16);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

/* One escape at s[i] (the backslash): its byte value, or -1; *used its length. */
static int escape_value(const char *s, uint32_t i, uint32_t len, uint32_t *used)
{
    *used = 2;
    switch (s[i + 1]) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case '0': return 0;
    case '\\': return '\\';
    case '"': return '"';
    case 'x':
        *used = 4;
        return hex_escape(s, i + 1, len);
    default: return -1;
    }
}

int vmi__string_parse(struct vmi__parser *p, const struct vmi__field *f,
                      char **out, uint32_t *out_len)
{
    uint32_t i, n = 0, used;
    char *buf;

    if (f->len < 2 || f->s[0] != '"' || f->s[f->len - 1] != '"') {
        vmi__error(p, f->col, "expected a string literal \"...\"");
        return -1;
    }
    buf = malloc(f->len);
    if (buf == NULL) {
        vmi__error(p, f->col, "out of memory");
        return -1;
    }
    for (i = 1; i + 1 < f->len; i += used) {
        int c = (unsigned char)f->s[i];
        used = 1;
        if (c == '\\')
            c = escape_value(f->s, i, f->len - 1, &used);
        if (c < 0) {
            vmi__error(p, f->col + i, "expected an escape \\n \\t \\r \\0 \\\\ \\\" or \\xHH");
            free(buf);
            return -1;
        }
        buf[n++] = (char)c;
    }
    *out = buf;
    *out_len = n;
    return 0;
}
