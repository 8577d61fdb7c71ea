/* A set of parsed traces: its diagnostics, file reading and the checks across files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trace_internal.h"

void vmi_trace_set_init(struct vmi_trace_set *set, const struct vmi_trace_ids *known)
{
    memset(set, 0, sizeof(*set));
    set->known = known;
}

void vmi__trace_free(struct vmi_trace *t)
{
    uint32_t i, j;

    if (t == NULL)
        return;
    for (i = 0; i < t->step_count; i++)
        for (j = 0; j < t->steps[i].arg_count; j++)
            free(t->steps[i].args[j].str);
    free(t->steps);
    free(t->title);
    free(t->file);
    free(t);
}

void vmi_trace_set_free(struct vmi_trace_set *set)
{
    size_t i;

    for (i = 0; i < set->count; i++)
        vmi__trace_free(set->traces[i]);
    for (i = 0; i < set->diag_count; i++) {
        free(set->diags[i].file);
        free(set->diags[i].text);
    }
    free(set->traces);
    free(set->diags);
    memset(set, 0, sizeof(*set));
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);

    if (d != NULL)
        memcpy(d, s, n);
    return d;
}

/* A diagnostic that cannot be stored still counts as an error. */
void vmi__diag_add(struct vmi_trace_set *set, const char *file, uint32_t line,
                   uint32_t col, const char *text)
{
    struct vmi_trace_diag *d;

    set->error_count++;
    if (set->diag_count == set->diag_cap) {
        size_t cap = set->diag_cap ? set->diag_cap * 2 : 16;
        d = realloc(set->diags, cap * sizeof(*d));
        if (d == NULL)
            return;
        set->diags = d;
        set->diag_cap = cap;
    }
    d = &set->diags[set->diag_count];
    d->file = dup_str(file);
    d->text = dup_str(text);
    if (d->file == NULL || d->text == NULL) {
        free(d->file);
        free(d->text);
        return;
    }
    d->line = line;
    d->col = col;
    set->diag_count++;
}

size_t vmi_trace_parse_file(struct vmi_trace_set *set, const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL, text[1024];
    size_t len = 0, cap = 0, n, errors;
    int nomem = 0;

    if (fp == NULL) {
        snprintf(text, sizeof(text), "%s:1:1: error: expected a readable file: %s",
                 path, strerror(errno));
        vmi__diag_add(set, path, 1, 1, text);
        return 1;
    }
    do {
        if (len == cap) {
            char *nb = realloc(buf, cap = cap ? cap * 2 : 8192);
            if (nb == NULL) {
                nomem = 1;
                break;
            }
            buf = nb;
        }
        n = fread(buf + len, 1, cap - len, fp);
        len += n;
    } while (n > 0);
    fclose(fp);
    if (nomem) {
        snprintf(text, sizeof(text), "%s:1:1: error: expected a file that fits in memory", path);
        vmi__diag_add(set, path, 1, 1, text);
        free(buf);
        return 1;
    }
    errors = vmi_trace_parse_buffer(set, path, buf ? buf : "", len);
    free(buf);
    return errors;
}

struct named {
    const struct vmi_trace *t;
    size_t index;
};

/* By name, then by position in the set, so that the order is total and the
 * report does not depend on qsort's instability. */
static int named_cmp(const void *a, const void *b)
{
    const struct named *na = a, *nb = b;
    int c = strcmp(na->t->name, nb->t->name);

    return c != 0 ? c : (na->index > nb->index) - (na->index < nb->index);
}

/* Sorting by name puts duplicates side by side; each later one is reported,
 * pointing at the first. */
size_t vmi_trace_set_validate(struct vmi_trace_set *set)
{
    struct named *sorted;
    size_t i, errors = 0;
    char text[1024];

    if (set->count < 2)
        return 0;
    sorted = malloc(set->count * sizeof(*sorted));
    if (sorted == NULL)
        return 0;
    for (i = 0; i < set->count; i++) {
        sorted[i].t = set->traces[i];
        sorted[i].index = i;
    }
    qsort(sorted, set->count, sizeof(*sorted), named_cmp);
    for (i = 1; i < set->count; i++) {
        const struct vmi_trace *a = sorted[i - 1].t, *b = sorted[i].t;
        if (strcmp(a->name, b->name) != 0)
            continue;
        snprintf(text, sizeof(text),
                 "%s:%u:%u: error: expected a trace name not used before; '%s' is also at %s:%u",
                 b->file, b->name_line, b->name_col, b->name, a->file, a->name_line);
        vmi__diag_add(set, b->file, b->name_line, b->name_col, text);
        errors++;
    }
    free(sorted);
    return errors;
}
