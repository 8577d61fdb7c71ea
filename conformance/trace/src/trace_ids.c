/* The set of known requirement IDs (spec/requirements.txt), for `covers` checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trace_internal.h"

static int id_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int id_push(struct vmi_trace_ids *ids, size_t *cap, const char *s, size_t n)
{
    char *id;

    if (ids->count == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        char **nids = realloc(ids->ids, nc * sizeof(*nids));
        if (nids == NULL)
            return -1;
        ids->ids = nids;
        *cap = nc;
    }
    if ((id = malloc(n + 1)) == NULL)
        return -1;
    memcpy(id, s, n);
    id[n] = '\0';
    ids->ids[ids->count++] = id;
    return 0;
}

/* Each line's first word is an ID; blank lines and '#' lines are skipped, so
 * the file may also carry a statement after the ID. */
int vmi_trace_ids_parse(struct vmi_trace_ids *ids, const char *text, size_t len)
{
    size_t pos = 0, cap = 0;

    ids->ids = NULL;
    ids->count = 0;
    while (pos < len) {
        size_t start, end;
        while (pos < len && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\r'))
            pos++;
        start = end = pos;
        while (end < len && text[end] != '\n' && text[end] != ' ' && text[end] != '\t' &&
               text[end] != '\r' && text[end] != '|')
            end++;
        if (end > start && text[start] != '#' && id_push(ids, &cap, text + start, end - start) != 0) {
            vmi_trace_ids_free(ids);
            return -1;
        }
        while (end < len && text[end] != '\n')
            end++;
        pos = end + 1;
    }
    if (ids->count > 0)
        qsort(ids->ids, ids->count, sizeof(*ids->ids), id_cmp);
    return 0;
}

int vmi_trace_ids_load(struct vmi_trace_ids *ids, const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;
    int rc = -1;

    ids->ids = NULL;
    ids->count = 0;
    if (fp == NULL)
        return -1;
    if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL) {
        if (fread(buf, 1, (size_t)n, fp) == (size_t)n)
            rc = vmi_trace_ids_parse(ids, buf, (size_t)n);
        free(buf);
    }
    fclose(fp);
    return rc;
}

int vmi_trace_ids_has(const struct vmi_trace_ids *ids, const char *id)
{
    if (ids->count == 0)
        return 0;
    return bsearch(&id, ids->ids, ids->count, sizeof(*ids->ids), id_cmp) != NULL;
}

void vmi_trace_ids_free(struct vmi_trace_ids *ids)
{
    size_t i;

    for (i = 0; i < ids->count; i++)
        free(ids->ids[i]);
    free(ids->ids);
    ids->ids = NULL;
    ids->count = 0;
}
