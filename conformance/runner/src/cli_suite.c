/* Loading a suite: find the .vmt files, parse and check them, compile and open the bundle. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

/* nftw has no user pointer, so the walk collects into this while it runs. */
static struct cli_suite *walk_suite;

static int walk_add(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    size_t n = strlen(path);
    char **grown;

    (void)st;
    (void)ftw;
    if (type != FTW_F || n < 4 || strcmp(path + n - 4, ".vmt") != 0)
        return 0;
    grown = realloc(walk_suite->files, (walk_suite->file_count + 1) * sizeof(*grown));
    if (!grown)
        return -1;
    walk_suite->files = grown;
    grown[walk_suite->file_count] = strdup(path);
    return grown[walk_suite->file_count++] ? 0 : -1;
}

static int path_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void print_diags(const struct vmi_trace_set *set, FILE *err)
{
    size_t i;

    for (i = 0; i < set->diag_count; i++)
        fprintf(err, "%s\n", set->diags[i].text);
}

/* Parses s->files (sorted), validates, compiles and opens the bundle. */
static int suite_build(struct cli_suite *s, const char *reqs, FILE *err)
{
    uint32_t off = 0;
    size_t i;
    int rc;

    if (vmi_trace_ids_load(&s->ids, reqs) != 0) {
        fprintf(err, "%s: error: cannot read the requirement IDs\n", reqs);
        return CLI_EXIT_USAGE;
    }
    vmi_trace_set_init(&s->set, &s->ids);
    qsort(s->files, s->file_count, sizeof(*s->files), path_cmp);
    for (i = 0; i < s->file_count; i++)
        vmi_trace_parse_file(&s->set, s->files[i]);
    vmi_trace_set_validate(&s->set);
    if (s->set.error_count) {
        print_diags(&s->set, err);
        fprintf(err, "vmi-conform: %zu error(s) in the traces\n", s->set.error_count);
        return CLI_EXIT_USAGE;
    }
    if (vmi_trace_compile(&s->set, &s->bundle, &s->bundle_len) != 0) {
        fprintf(err, "vmi-conform: error: the traces do not compile into a bundle\n");
        return CLI_EXIT_USAGE;
    }
    rc = vmi_bundle_open(&s->b, s->bundle, s->bundle_len, &off);
    if (rc != 0) {
        fprintf(err, "vmi-conform: error: the compiled bundle does not open: %s at byte %u\n",
                vmi_bundle_strerror(rc), off);
        return CLI_EXIT_USAGE;
    }
    return cli_sha256_hex(s->bundle, s->bundle_len, s->bundle_sha256) == 0 ? 0 : CLI_EXIT_USAGE;
}

int cli_suite_load_dir(struct cli_suite *s, const char *dir, const char *reqs, FILE *err)
{
    memset(s, 0, sizeof(*s));
    walk_suite = s;
    if (nftw(dir, walk_add, 16, FTW_PHYS) != 0) {
        fprintf(err, "%s: error: cannot read the trace folder\n", dir);
        return CLI_EXIT_USAGE;
    }
    if (s->file_count == 0) {
        fprintf(err, "%s: error: expected .vmt traces, found none\n", dir);
        return CLI_EXIT_USAGE;
    }
    return suite_build(s, reqs, err);
}

int cli_suite_load_files(struct cli_suite *s, char **files, size_t n, const char *reqs,
                         FILE *err)
{
    size_t i;

    memset(s, 0, sizeof(*s));
    s->files = calloc(n ? n : 1, sizeof(*s->files));
    if (!s->files)
        return CLI_EXIT_USAGE;
    for (i = 0; i < n; i++) {
        s->files[i] = strdup(files[i]);
        if (!s->files[i])
            return CLI_EXIT_USAGE;
        s->file_count++;
    }
    return suite_build(s, reqs, err);
}

void cli_suite_free(struct cli_suite *s)
{
    size_t i;

    for (i = 0; i < s->file_count; i++)
        free(s->files[i]);
    free(s->files);
    if (s->set.traces || s->set.diags)
        vmi_trace_set_free(&s->set);
    vmi_trace_ids_free(&s->ids);
    free(s->bundle);
    memset(s, 0, sizeof(*s));
}
