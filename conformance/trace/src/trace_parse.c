/* The .vmt parser's driver: lines, the header line, and the checks at the end of a file. */
#include <stdlib.h>
#include <string.h>
#include "trace_internal.h"

int vmi__var_find(const struct vmi_trace *t, const char *s, uint32_t len)
{
    uint16_t i;

    for (i = 0; i < t->var_count; i++)
        if (strlen(t->vars[i]) == len && memcmp(t->vars[i], s, len) == 0)
            return i;
    return -1;
}

int vmi__res_find(const struct vmi_trace *t, const char *s, uint32_t len)
{
    uint16_t i;

    for (i = 0; i < t->resource_count; i++)
        if (strlen(t->resources[i].name) == len && memcmp(t->resources[i].name, s, len) == 0)
            return i;
    return -1;
}

/* The first line: "vmi-trace 1".  Without it the rest is still checked as
 * version 1; an unknown version stops, as its rules are unknown. */
static int header_parse(struct vmi__parser *p)
{
    uint64_t v;

    p->header_seen = 1;
    if (!vmi__field_is(&p->f[0], "vmi-trace")) {
        vmi__error(p, p->f[0].col, "expected 'vmi-trace 1' as the first line");
        return 0; /* the line is still a directive */
    }
    if (p->nf != 2) {
        vmi__error(p, p->nf < 2 ? vmi__end_col(p) : p->f[2].col,
                   "expected exactly one format version after 'vmi-trace'");
        return 1;
    }
    if (vmi__int_parse(p->f[1].s, p->f[1].len, &v) != 0 || v != VMI_TRACE_FORMAT_VERSION) {
        vmi__error(p, p->f[1].col, "expected format version 1");
        p->stopped = 1;
    }
    return 1;
}

static void line_parse(struct vmi__parser *p, const char *s, uint32_t len)
{
    if (vmi__line_split(p, s, len) != 0 || p->nf == 0)
        return;
    p->line_len = len;
    if (!p->header_seen && header_parse(p))
        return;
    if (vmi__field_is(&p->f[0], "step")) {
        vmi__step_parse(p);
        return;
    }
    if (p->steps_seen) {
        vmi__error(p, p->f[0].col, "expected 'step': declarations come before the first step");
        return;
    }
    vmi__decl_parse(p);
}

/* What a whole file must have, reported at the header line. */
static void end_checks(struct vmi__parser *p)
{
    p->line = 1;
    if (!p->header_seen) {
        vmi__error(p, 1, "expected 'vmi-trace 1' as the first line");
        return;
    }
    if (p->t->name[0] == '\0')
        vmi__error(p, 1, "expected a 'name' line");
    if (p->t->covers_count == 0)
        vmi__error(p, 1, "expected a 'covers' line naming the requirement IDs");
    if (!p->steps_seen)
        vmi__error(p, 1, "expected at least one 'step'");
}

static int trace_add(struct vmi_trace_set *set, struct vmi_trace *t)
{
    if (set->count == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 16;
        struct vmi_trace **nt = realloc(set->traces, cap * sizeof(*nt));
        if (nt == NULL)
            return -1;
        set->traces = nt;
        set->cap = cap;
    }
    set->traces[set->count++] = t;
    return 0;
}

static void lines_parse(struct vmi__parser *p, const char *text, size_t len)
{
    size_t pos = 0;

    while (pos < len && !p->stopped) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        p->line++;
        if (n > VMI_TRACE_LINE_MAX)
            vmi__error(p, VMI_TRACE_LINE_MAX + 1, "expected at most %u bytes on a line",
                       VMI_TRACE_LINE_MAX);
        else
            line_parse(p, text + pos, (uint32_t)n);
        pos += n + 1;
    }
}

size_t vmi_trace_parse_buffer(struct vmi_trace_set *set, const char *file,
                              const char *text, size_t len)
{
    struct vmi__parser *p = calloc(1, sizeof(*p));
    struct vmi_trace *t = calloc(1, sizeof(*t));
    size_t errors;

    if (p == NULL || t == NULL || (t->file = malloc(strlen(file) + 1)) == NULL) {
        free(p);
        free(t);
        vmi__diag_add(set, file, 1, 1, "error: out of memory");
        return 1;
    }
    memcpy(t->file, file, strlen(file) + 1);
    t->cpus = 1;
    p->set = set;
    p->file = file;
    p->t = t;
    lines_parse(p, text, len);
    if (!p->stopped)
        end_checks(p);
    errors = p->errors;
    if (errors == 0 && trace_add(set, t) != 0) {
        vmi__diag_add(set, file, 1, 1, "error: out of memory");
        errors = 1;
    }
    if (errors != 0)
        vmi__trace_free(t);
    free(p);
    return errors;
}
