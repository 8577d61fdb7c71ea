/* The mustpass list: the traces a certification run must hold a result for. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "vmi-conform/verify.h"
#include "report_internal.h"

void vmi_mustpass_free(struct vmi_mustpass *m)
{
    size_t i;

    for (i = 0; i < m->count; i++)
        free(m->traces[i]);
    free(m->traces);
    memset(m, 0, sizeof(*m));
}

static int add_trace(struct vmi_mustpass *m, const char *name, size_t n)
{
    char **t;

    if (m->count == m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 16;
        if ((t = realloc(m->traces, ncap * sizeof(*t))) == NULL)
            return -1;
        m->traces = t;
        m->cap = ncap;
    }
    if ((m->traces[m->count] = vmi__strndup(name, n)) == NULL)
        return -1;
    m->count++;
    return 0;
}

static size_t find_trace(const struct vmi_mustpass *m, const char *name, size_t n)
{
    size_t i;

    for (i = 0; i < m->count; i++)
        if (strlen(m->traces[i]) == n && memcmp(m->traces[i], name, n) == 0)
            return i;
    return SIZE_MAX;
}

/* One line: a trace name, optionally surrounded by blanks and followed by
 * a comment.  Returns 0 or 1 (a problem, reported). */
static int parse_line(struct vmi_mustpass *m, const char *file, unsigned long ln,
                      const char *s, size_t n, FILE *msgs)
{
    size_t i = 0, start, end;

    for (end = 0; end < n && s[end] != '#'; end++)
        if ((unsigned char)s[end] < 0x20 && s[end] != '\t') {
            vmi__msg(msgs, "%s:%lu:%lu: error: control byte 0x%02x in the mustpass list\n",
                     file, ln, (unsigned long)end + 1, (unsigned)(unsigned char)s[end]);
            return 1;
        }
    while (i < end && (s[i] == ' ' || s[i] == '\t'))
        i++;
    start = i;
    while (i < end && s[i] != ' ' && s[i] != '\t')
        i++;
    if (start == i)
        return 0;
    n = i;
    while (i < end && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i < end) {
        vmi__msg(msgs, "%s:%lu:%lu: error: expected one trace name per line\n", file, ln,
                 (unsigned long)i + 1);
        return 1;
    }
    if (find_trace(m, s + start, n - start) != SIZE_MAX) {
        vmi__msg(msgs, "%s:%lu:%lu: error: %.*s is listed twice\n", file, ln,
                 (unsigned long)start + 1, (int)(n - start), s + start);
        return 1;
    }
    if (add_trace(m, s + start, n - start) != 0) {
        vmi__msg(msgs, "%s:%lu: error: out of memory\n", file, ln);
        return 1;
    }
    return 0;
}

int vmi_mustpass_parse(struct vmi_mustpass *m, const char *file, const char *text, size_t len,
                       FILE *msgs)
{
    const char *line;
    size_t pos = 0, n;
    unsigned long ln = 0;
    int problems = 0;

    memset(m, 0, sizeof(*m));
    while (vmi__line_next(text, len, &pos, &line, &n))
        problems += parse_line(m, file, ++ln, line, n, msgs);
    return problems;
}

int vmi_mustpass_load(struct vmi_mustpass *m, const char *path, FILE *msgs)
{
    char *text;
    size_t len;
    int problems;

    memset(m, 0, sizeof(*m));
    if (vmi__file_read(path, &text, &len) != 0) {
        vmi__msg(msgs, "%s: error: cannot read the mustpass list: %s\n", path, strerror(errno));
        return 1;
    }
    problems = vmi_mustpass_parse(m, path, text, len, msgs);
    free(text);
    return problems;
}
