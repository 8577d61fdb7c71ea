/* Helpers shared by the report writers, readers and checks; not part of the API. */
#ifndef VMI_CONFORM_REPORT_INTERNAL_H
#define VMI_CONFORM_REPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "vmi-conform/report.h"

/* A NULL string field reads as "": an initialised report has NULL headers. */
#define VMI__STR(s) ((s) != NULL ? (s) : "")

/*
 * Decodes one UTF-8 sequence of s[0..n).  Returns its length (1-4) and sets
 * *cp, or 0 when the bytes are not valid UTF-8 (overlong forms, surrogates
 * and values above U+10FFFF included), so every writer replaces exactly the
 * same bytes.
 */
size_t vmi__utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Writes s escaped for XML/HTML text (attr = 0) or a quoted attribute
 * value (attr = 1): markup characters become entities, characters XML 1.0
 * forbids are dropped and invalid UTF-8 becomes U+FFFD. */
void vmi__xml_write(FILE *out, const char *s, int attr);

/* Orders results by (trace, env, adapter), then status and detail. */
int vmi__result_cmp(const struct vmi_result *a, const struct vmi_result *b);

/* A sorted view of the results, for writers that take a const report. */
const struct vmi_result **vmi__results_sorted(const struct vmi_report *r);

/* The distinct (env, adapter) pairs the report's results and environments
 * name, sorted; each pair is a pointer to a result or a synthetic entry. */
struct vmi__pair {
    const char *env;
    const char *adapter;
};
struct vmi__pair *vmi__pairs_collect(const struct vmi_report *r, size_t *count);
int vmi__pair_match(const struct vmi__pair *p, const struct vmi_result *res);

/* Whether a status counts as a failure (FAIL) or an error (ERROR, CRASH,
 * TIMEOUT) in JUnit and TAP terms, or as skipped (SKIP, NOT_SUPPORTED). */
int vmi__status_is_error(enum vmi_result_status s);
int vmi__status_is_skip(enum vmi_result_status s);

/* Line-oriented list files (mustpass, waivers): the next line of
 * text[0..len) from *pos, without its LF or a CR before it.  Returns 0 at
 * the end of text. */
int vmi__line_next(const char *text, size_t len, size_t *pos, const char **line,
                   size_t *line_len);
/* The whole file in a NUL-terminated buffer; 0, or -1 with errno. */
int vmi__file_read(const char *path, char **text, size_t *len);
/* printf to msgs when it is not NULL. */
void vmi__msg(FILE *msgs, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* A copy of s[0..n) with a NUL, or NULL. */
char *vmi__strndup(const char *s, size_t n);

/* Parts of report.html (html_matrix.c): the trace-by-environment matrix and
 * the requirement coverage table, over results sorted by vmi__results_sorted. */
void vmi__html_matrix(FILE *out, const struct vmi_result **v, size_t n,
                      const struct vmi__pair *pairs, size_t pair_count);
int vmi__html_coverage(FILE *out, const struct vmi_result **v, size_t n);
/* <span class="st-STATUS">env/adapter STATUS</span>; without the label when
 * env is NULL.  The label is HTML-escaped. */
void vmi__html_status(FILE *out, const char *env, const char *adapter,
                      enum vmi_result_status s);

#endif /* VMI_CONFORM_REPORT_INTERNAL_H */
