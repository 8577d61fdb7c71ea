/* Internal to the .vmt parser: the line being parsed and the helpers each part uses. */
#ifndef VMI_TRACE_INTERNAL_H
#define VMI_TRACE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "vmi-trace/trace.h"

/* One whitespace-separated field: a word, a "string" or a (group). */
struct vmi__field {
    const char *s;
    uint32_t len;
    uint32_t col;        /* 1-based byte column */
};

struct vmi__parser {
    struct vmi_trace_set *set;
    const char *file;
    struct vmi_trace *t;
    uint32_t line;
    uint32_t line_len;   /* of the current line, for "at the end" errors */
    size_t errors;       /* in this file */
    int stopped;         /* too many errors, or a version this parser lacks */
    int header_seen;
    int cpus_seen;
    int steps_seen;      /* a step line was read, even one with errors */
    struct vmi__field f[VMI_TRACE_FIELDS_MAX];
    uint32_t nf;
};

/* Reports "FILE:LINE:COL: error: ..." at column `col` of the current line. */
void vmi__error(struct vmi__parser *p, uint32_t col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Appends a diagnostic to the set as is. */
void vmi__diag_add(struct vmi_trace_set *set, const char *file, uint32_t line,
                   uint32_t col, const char *text);

/* Splits a line into p->f; returns -1 after reporting an error. */
int vmi__line_split(struct vmi__parser *p, const char *s, uint32_t len);

/* Whether the field is exactly `word`. */
int vmi__field_is(const struct vmi__field *f, const char *word);

/* Copies a field into buf as printable text, shortened, for messages. */
const char *vmi__field_show(const struct vmi__field *f, char *buf, size_t size);

/* The column just past the last field, for "expected more" errors. */
uint32_t vmi__end_col(const struct vmi__parser *p);

/* An identifier [A-Za-z_][A-Za-z0-9_]* shorter than VMI_TRACE_IDENT_MAX. */
int vmi__ident_ok(const char *s, uint32_t len);

/* Parses an unsigned integer literal (decimal or 0x hex): 0, -1 for junk,
 * -2 when it does not fit in 64 bits. */
int vmi__int_parse(const char *s, uint32_t len, uint64_t *value);

/* Decodes a "string" field into a malloc'd buffer; -1 after reporting. */
int vmi__string_parse(struct vmi__parser *p, const struct vmi__field *f,
                      char **out, uint32_t *out_len);

/* Parses an expression field into e; -1 after reporting. */
int vmi__expr_parse(struct vmi__parser *p, const struct vmi__field *f,
                    struct vmi_trace_expr *e);

/* Parses the fields after `step`; -1 after reporting. */
int vmi__step_parse(struct vmi__parser *p);

/* Parses a declaration line (name, title, covers, needs, page, va). */
int vmi__decl_parse(struct vmi__parser *p);

/* Index of a variable or resource named by (s, len), or -1. */
int vmi__var_find(const struct vmi_trace *t, const char *s, uint32_t len);
int vmi__res_find(const struct vmi_trace *t, const char *s, uint32_t len);

/* The name of parameter `i` of a call, for messages. */
const char *vmi__call_param_name(uint32_t call, uint32_t i);

/* Frees what a trace owns, then the trace. */
void vmi__trace_free(struct vmi_trace *t);

#endif /* VMI_TRACE_INTERNAL_H */
