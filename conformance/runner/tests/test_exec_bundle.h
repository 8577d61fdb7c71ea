/* Test helper for the runner's suites: .vmt text compiled into an open bundle. */
#ifndef VMI_TEST_EXEC_BUNDLE_H
#define VMI_TEST_EXEC_BUNDLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cunit_harness.h"
#include "vmi-trace/trace.h"
#include "vmi-trace/bundle.h"

struct test_bundle {
    uint8_t *data;
    size_t len;
    struct vmi_bundle b;
};

/* The spec's requirement IDs, loaded once per program. */
static inline const struct vmi_trace_ids *test_known_ids(void)
{
    static struct vmi_trace_ids ids;
    static int loaded;

    if (!loaded && vmi_trace_ids_load(&ids, VMI_SPEC_REQUIREMENTS) != 0)
        fprintf(stderr, "cannot load %s\n", VMI_SPEC_REQUIREMENTS);
    loaded = 1;
    return &ids;
}

/* Compiles `n` traces into tb; 0 on success, diagnostics printed otherwise. */
static inline int test_bundle_compile_n(struct test_bundle *tb, const char *const *texts,
                                        size_t n)
{
    struct vmi_trace_set set;
    uint32_t off = 0;
    size_t i, errors = 0;
    int rc = -1;

    memset(tb, 0, sizeof(*tb));
    vmi_trace_set_init(&set, test_known_ids());
    for (i = 0; i < n; i++)
        errors += vmi_trace_parse_buffer(&set, "test.vmt", texts[i], strlen(texts[i]));
    errors += vmi_trace_set_validate(&set);
    for (i = 0; i < set.diag_count; i++)
        fprintf(stderr, "%s\n", set.diags[i].text);
    if (errors == 0 && vmi_trace_compile(&set, &tb->data, &tb->len) == 0)
        rc = vmi_bundle_open(&tb->b, tb->data, tb->len, &off);
    vmi_trace_set_free(&set);
    CU_ASSERT_EQUAL(rc, 0);
    return rc;
}

static inline int test_bundle_compile(struct test_bundle *tb, const char *text)
{
    return test_bundle_compile_n(tb, &text, 1);
}

static inline void test_bundle_free(struct test_bundle *tb)
{
    free(tb->data);
    memset(tb, 0, sizeof(*tb));
}

/* Non-zero when `needle` occurs in `hay` (printing both when it does not). */
static inline int test_contains(const char *hay, const char *needle)
{
    int ok = hay && strstr(hay, needle) != NULL;

    if (!ok)
        fprintf(stderr, "expected \"%s\" in \"%s\"\n", needle, hay ? hay : "(null)");
    return ok;
}

#endif /* VMI_TEST_EXEC_BUNDLE_H */
