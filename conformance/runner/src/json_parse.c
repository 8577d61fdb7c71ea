/* A recursive-descent JSON parser into a tree, bounded in depth, size and count, with line:col. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "vmi-conform/json.h"
#include "json_internal.h"

/* Newlines only occur in whitespace, so every position an error names is
 * on the line being read and its column is an offset from line_start. */
int vmi__jp_fail_at(struct vmi__jp *p, size_t pos, const char *fmt, ...)
{
    int n = 0;
    va_list ap;

    if (p->err_len == 0)
        return -1;
    n = snprintf(p->err, p->err_len, "%s:%lu:%lu: error: ", p->file, (unsigned long)p->line,
                 (unsigned long)(pos - p->line_start + 1));
    if (n >= 0 && (size_t)n < p->err_len) {
        va_start(ap, fmt);
        vsnprintf(p->err + n, p->err_len - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* "expected X, got Y", with Y shown so that any byte prints safely. */
int vmi__jp_fail_got(struct vmi__jp *p, const char *expected)
{
    unsigned char c;

    if (p->pos >= p->len)
        return vmi__jp_fail_at(p, p->pos, "expected %s, got end of input", expected);
    c = (unsigned char)p->s[p->pos];
    if (c > 0x20 && c < 0x7F)
        return vmi__jp_fail_at(p, p->pos, "expected %s, got '%c'", expected, c);
    return vmi__jp_fail_at(p, p->pos, "expected %s, got byte 0x%02x", expected, c);
}

static void skip_ws(struct vmi__jp *p)
{
    char c;

    while (p->pos < p->len) {
        c = p->s[p->pos];
        if (c == '\n') {
            p->line++;
            p->line_start = p->pos + 1;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            return;
        }
        p->pos++;
    }
}

static int at(const struct vmi__jp *p, char c)
{
    return p->pos < p->len && p->s[p->pos] == c;
}

static int digits(struct vmi__jp *p)
{
    size_t start = p->pos;

    while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
        p->pos++;
    return p->pos > start ? 0 : vmi__jp_fail_got(p, "a digit");
}

/* The RFC 8259 number grammar; the lexeme is kept and converted on use. */
static int parse_number(struct vmi__jp *p, struct vmi_json *v)
{
    size_t start = p->pos;

    if (at(p, '-'))
        p->pos++;
    if (at(p, '0'))
        p->pos++;
    else if (digits(p) != 0)
        return -1;
    if (at(p, '.') && (p->pos++, digits(p) != 0))
        return -1;
    if (at(p, 'e') || at(p, 'E')) {
        p->pos++;
        if (at(p, '+') || at(p, '-'))
            p->pos++;
        if (digits(p) != 0)
            return -1;
    }
    if (p->pos - start > VMI_JSON_NUMBER_MAX)
        return vmi__jp_fail_at(p, start, "number longer than %u bytes", VMI_JSON_NUMBER_MAX);
    v->type = VMI_JSON_NUMBER;
    v->len = p->pos - start;
    if ((v->text = malloc(v->len + 1)) == NULL)
        return vmi__jp_fail_at(p, start, "out of memory");
    memcpy(v->text, p->s + start, v->len);
    v->text[v->len] = '\0';
    return 0;
}

static int parse_word(struct vmi__jp *p, struct vmi_json *v, const char *word, enum vmi_json_type t)
{
    size_t n = strlen(word);

    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
        return vmi__jp_fail_got(p, "a value");
    p->pos += n;
    v->type = t;
    return 0;
}

static int parse_value(struct vmi__jp *p, struct vmi_json *v, unsigned depth);

/* Appends a zeroed item to a container; the caller fills it in place, so a
 * failure half-way leaves a tree vmi_json_free can still release. */
static struct vmi_json *add_item(struct vmi__jp *p, struct vmi_json *v)
{
    struct vmi_json *n;
    size_t ncap;

    if (v->count == v->cap) {
        ncap = v->cap ? v->cap * 2 : 4;
        if ((n = realloc(v->items, ncap * sizeof(*n))) == NULL) {
            vmi__jp_fail_at(p, p->pos, "out of memory");
            return NULL;
        }
        v->items = n;
        v->cap = ncap;
    }
    n = &v->items[v->count++];
    memset(n, 0, sizeof(*n));
    return n;
}

static int parse_member(struct vmi__jp *p, struct vmi_json *obj, unsigned depth)
{
    struct vmi_json *item;
    char *key;
    size_t key_len;

    skip_ws(p);
    if (!at(p, '"'))
        return vmi__jp_fail_got(p, "a member name (a string)");
    if (vmi__jp_string(p, &key, &key_len) != 0)
        return -1;
    if ((item = add_item(p, obj)) == NULL) {
        free(key);
        return -1;
    }
    item->key = key;
    skip_ws(p);
    if (!at(p, ':'))
        return vmi__jp_fail_got(p, "':'");
    p->pos++;
    return parse_value(p, item, depth);
}

/* An object or array after its opening bracket: items until `close`. */
static int parse_container(struct vmi__jp *p, struct vmi_json *v, unsigned depth, char close)
{
    struct vmi_json *item;

    if (depth >= VMI_JSON_DEPTH_MAX)
        return vmi__jp_fail_at(p, p->pos, "nesting deeper than %u", VMI_JSON_DEPTH_MAX);
    v->type = close == '}' ? VMI_JSON_OBJECT : VMI_JSON_ARRAY;
    p->pos++;
    skip_ws(p);
    if (at(p, close)) {
        p->pos++;
        return 0;
    }
    for (;;) {
        if (close == '}' ? parse_member(p, v, depth + 1) != 0
                         : ((item = add_item(p, v)) == NULL ||
                            parse_value(p, item, depth + 1) != 0))
            return -1;
        skip_ws(p);
        if (at(p, close)) {
            p->pos++;
            return 0;
        }
        if (!at(p, ','))
            return vmi__jp_fail_got(p, close == '}' ? "',' or '}'" : "',' or ']'");
        p->pos++;
    }
}

static int parse_value(struct vmi__jp *p, struct vmi_json *v, unsigned depth)
{
    char c;

    skip_ws(p);
    v->line = p->line;
    v->col = (uint32_t)(p->pos - p->line_start + 1);
    if (++p->nodes > VMI_JSON_NODES_MAX)
        return vmi__jp_fail_at(p, p->pos, "more than %u values", VMI_JSON_NODES_MAX);
    if (p->pos >= p->len)
        return vmi__jp_fail_got(p, "a value");
    c = p->s[p->pos];
    switch (c) {
    case '{': return parse_container(p, v, depth, '}');
    case '[': return parse_container(p, v, depth, ']');
    case '"': v->type = VMI_JSON_STRING; return vmi__jp_string(p, &v->text, &v->len);
    case 't': return parse_word(p, v, "true", VMI_JSON_TRUE);
    case 'f': return parse_word(p, v, "false", VMI_JSON_FALSE);
    case 'n': return parse_word(p, v, "null", VMI_JSON_NULL);
    default:
        if (c == '-' || (c >= '0' && c <= '9'))
            return parse_number(p, v);
        return vmi__jp_fail_got(p, "a value");
    }
}

int vmi_json_parse(struct vmi_json *root, const char *file, const char *text, size_t len,
                   char *err, size_t err_len)
{
    struct vmi__jp p;

    memset(root, 0, sizeof(*root));
    memset(&p, 0, sizeof(p));
    p.s = text;
    p.len = len;
    p.line = 1;
    p.file = file != NULL ? file : "<input>";
    p.err = err;
    p.err_len = err_len;
    if (len > VMI_JSON_SIZE_MAX)
        return vmi__jp_fail_at(&p, 0, "input larger than %u bytes", VMI_JSON_SIZE_MAX);
    if (parse_value(&p, root, 0) == 0) {
        skip_ws(&p);
        if (p.pos >= p.len)
            return 0;
        vmi__jp_fail_got(&p, "end of input");
    }
    vmi_json_free(root);
    return -1;
}
