/* The JSON parser's state, shared by its value and string halves; not part of the API. */
#ifndef VMI_CONFORM_JSON_INTERNAL_H
#define VMI_CONFORM_JSON_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

struct vmi__jp {
    const char *s;
    size_t len, pos;
    size_t line_start;          /* offset of the current line's first byte */
    uint32_t line;
    size_t nodes;
    const char *file;
    char *err;
    size_t err_len;
};

/* Sets the error "FILE:LINE:COL: error: ..." for byte `pos` of the current
 * line and returns -1. */
int vmi__jp_fail_at(struct vmi__jp *p, size_t pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* "expected X, got Y" at the current position; returns -1. */
int vmi__jp_fail_got(struct vmi__jp *p, const char *expected);

/* The string literal at p->pos (its opening quote), decoded into a new
 * NUL-terminated buffer.  Returns 0, or -1 with the error set. */
int vmi__jp_string(struct vmi__jp *p, char **out, size_t *out_len);

#endif /* VMI_CONFORM_JSON_INTERNAL_H */
