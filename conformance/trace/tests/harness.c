/* Helpers the trace tests share: test IDs, parsing, data files, bundles. */
#include <stdlib.h>
#include "harness.h"

static struct vmi_trace_ids test_ids;
static int test_ids_loaded;

static void ids_free(void)
{
    vmi_trace_ids_free(&test_ids);
}

const struct vmi_trace_ids *vmi_test_ids(void)
{
    if (!test_ids_loaded) {
        if (vmi_trace_ids_load(&test_ids, vmi_test_data("requirements.txt")) != 0)
            fprintf(stderr, "cannot load %s\n", vmi_test_data("requirements.txt"));
        test_ids_loaded = 1;
        atexit(ids_free);
    }
    return &test_ids;
}

void vmi_test_parse(struct vmi_trace_set *set, const char *name, const char *text)
{
    vmi_trace_set_init(set, vmi_test_ids());
    vmi_trace_parse_buffer(set, name, text, strlen(text));
}

const char *vmi_test_data(const char *rel)
{
    static char path[4096];

    snprintf(path, sizeof(path), "%s/%s", VMI_TRACE_TEST_DATA, rel);
    return path;
}

char *vmi_test_read(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;

    if (fp == NULL)
        return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, fp) == (size_t)n) {
        buf[n] = '\0';
        *len = (size_t)n;
    } else {
        free(buf);
        buf = NULL;
    }
    fclose(fp);
    return buf;
}

void vmi_test_print_diags(const struct vmi_trace_set *set)
{
    size_t i;

    for (i = 0; i < set->diag_count; i++)
        fprintf(stderr, "  %s\n", set->diags[i].text);
}

/* ---- The example set (roundtrip.h) ---- */
#include "roundtrip.h"

const char *const vmi_test_valid[VMI_TEST_VALID_COUNT] = {
    "mmu-remap", "con-write", "smp-ipi", "disc-info",
};

void vmi_test_parse_valid(struct vmi_trace_set *set, const char *const *names, size_t n)
{
    char rel[256];
    size_t i;

    vmi_trace_set_init(set, vmi_test_ids());
    for (i = 0; i < n; i++) {
        snprintf(rel, sizeof(rel), "valid/%s.vmt", names[i]);
        vmi_trace_parse_file(set, vmi_test_data(rel));
    }
    vmi_trace_set_validate(set);
    if (set->error_count != 0)
        vmi_test_print_diags(set);
}

uint8_t *vmi_test_bundle(size_t *len)
{
    struct vmi_trace_set set;
    uint8_t *bundle = NULL;

    vmi_test_parse_valid(&set, vmi_test_valid, VMI_TEST_VALID_COUNT);
    if (vmi_trace_compile(&set, &bundle, len) != 0)
        bundle = NULL;
    vmi_trace_set_free(&set);
    return bundle;
}
