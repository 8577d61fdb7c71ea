/* A small, bounded JSON reader (a tree with line:col) and the string writer report.json uses. */
#ifndef VMI_CONFORM_JSON_H
#define VMI_CONFORM_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Limits that bound time and memory for any input, hostile included.  A real
 * report is far below each: a few thousand results of a dozen values each.
 */
#define VMI_JSON_SIZE_MAX   (64u << 20) /* bytes of input */
#define VMI_JSON_DEPTH_MAX  32u         /* arrays and objects open at once */
#define VMI_JSON_STRING_MAX (1u << 20)  /* bytes of one decoded string */
#define VMI_JSON_NUMBER_MAX 64u         /* bytes of one number as written */
#define VMI_JSON_NODES_MAX  (1u << 20)  /* values in one document */

enum vmi_json_type {
    VMI_JSON_NULL,
    VMI_JSON_FALSE,
    VMI_JSON_TRUE,
    VMI_JSON_NUMBER,
    VMI_JSON_STRING,
    VMI_JSON_ARRAY,
    VMI_JSON_OBJECT
};

struct vmi_json {
    enum vmi_json_type type;
    uint32_t line, col;        /* where the value starts, both from 1 */
    char *key;                 /* its member name inside an object, else NULL */
    char *text;                /* STRING: decoded UTF-8 without NUL; NUMBER: as written */
    size_t len;                /* bytes of text */
    size_t count, cap;         /* ARRAY, OBJECT: items in source order */
    struct vmi_json *items;
};

/*
 * Parses one JSON document (RFC 8259) of text[0..len).  Strings must be
 * valid UTF-8 and must not contain U+0000, since the tree hands out C
 * strings.  Returns 0, or -1 with "FILE:LINE:COL: error: ..." in err and
 * *root left empty.  Columns count bytes from 1.
 */
int vmi_json_parse(struct vmi_json *root, const char *file, const char *text, size_t len,
                   char *err, size_t err_len);
void vmi_json_free(struct vmi_json *v);

/* A type's name for messages: "a string", "an object", ... */
const char *vmi_json_type_name(enum vmi_json_type t);

/*
 * The member `key` of an object: NULL if absent.  *dup (if not NULL) is set
 * to the second occurrence when the key appears more than once.
 */
const struct vmi_json *vmi_json_get(const struct vmi_json *obj, const char *key,
                                    const struct vmi_json **dup);

/* A NUMBER written as a plain non-negative integer that fits: 0, or -1 if
 * it has a sign, fraction or exponent, -2 if it is out of range. */
int vmi_json_u64(const struct vmi_json *v, uint64_t *out);

/* Writes s as a JSON string literal: '"' and '\\' escaped, control bytes as
 * \u00XX, valid UTF-8 as is and each invalid byte as U+FFFD (the
 * character, so that a read and a second write give the same bytes). */
void vmi_json_write_string(FILE *out, const char *s);

#endif /* VMI_CONFORM_JSON_H */
