/* The JSON tree's accessors and the JSON string writer. */
#include <stdlib.h>
#include <string.h>
#include "vmi-conform/json.h"
#include "report_internal.h"

void vmi_json_free(struct vmi_json *v)
{
    size_t i;

    for (i = 0; i < v->count; i++)
        vmi_json_free(&v->items[i]);
    free(v->items);
    free(v->key);
    free(v->text);
    memset(v, 0, sizeof(*v));
}

const char *vmi_json_type_name(enum vmi_json_type t)
{
    switch (t) {
    case VMI_JSON_NULL: return "null";
    case VMI_JSON_FALSE:
    case VMI_JSON_TRUE: return "a boolean";
    case VMI_JSON_NUMBER: return "a number";
    case VMI_JSON_STRING: return "a string";
    case VMI_JSON_ARRAY: return "an array";
    case VMI_JSON_OBJECT: return "an object";
    }
    return "a value";
}

const struct vmi_json *vmi_json_get(const struct vmi_json *obj, const char *key,
                                    const struct vmi_json **dup)
{
    const struct vmi_json *first = NULL;
    size_t i;

    if (dup != NULL)
        *dup = NULL;
    if (obj->type != VMI_JSON_OBJECT)
        return NULL;
    for (i = 0; i < obj->count; i++) {
        if (strcmp(obj->items[i].key, key) != 0)
            continue;
        if (first == NULL) {
            first = &obj->items[i];
        } else {
            if (dup != NULL)
                *dup = &obj->items[i];
            break;
        }
    }
    return first;
}

int vmi_json_u64(const struct vmi_json *v, uint64_t *out)
{
    uint64_t n = 0;
    size_t i;
    unsigned d;

    if (v->type != VMI_JSON_NUMBER || v->len == 0)
        return -1;
    for (i = 0; i < v->len; i++) {
        if (v->text[i] < '0' || v->text[i] > '9')
            return -1;
        d = (unsigned)(v->text[i] - '0');
        if (n > (UINT64_MAX - d) / 10)
            return -2;
        n = n * 10 + d;
    }
    *out = n;
    return 0;
}

/* Control bytes are written as \u00XX (never the short forms) so that one
 * rule covers them all; valid UTF-8 passes through so that names stay
 * readable, and an invalid byte becomes U+FFFD, as in every other writer.
 * U+FFFD is written as the character, not as an escape, because that is
 * how the reader hands it back: write, read, write gives the same bytes. */
void vmi_json_write_string(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)VMI__STR(s);
    size_t left = strlen((const char *)p), n;
    uint32_t c;

    fputc('"', out);
    while (left > 0) {
        n = vmi__utf8_decode(p, left, &c);
        if (n == 0) {
            fputs("\xEF\xBF\xBD", out);
            n = 1;
        } else if (c == '"' || c == '\\') {
            fputc('\\', out);
            fputc((int)c, out);
        } else if (c < 0x20) {
            fprintf(out, "\\u%04x", (unsigned)c);
        } else {
            fwrite(p, 1, n, out);
        }
        p += n;
        left -= n;
    }
    fputc('"', out);
}
