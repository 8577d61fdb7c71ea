/* The same traces always compile to the same bytes, whatever order the files come in. */
#include <stdlib.h>
#include "roundtrip.h"

static uint8_t *compile_order(const char *const *names, size_t n, size_t *len)
{
    struct vmi_trace_set set;
    uint8_t *bundle = NULL;

    vmi_test_parse_valid(&set, names, n);
    if (set.error_count != 0 || vmi_trace_compile(&set, &bundle, len) != 0)
        bundle = NULL;
    vmi_trace_set_free(&set);
    return bundle;
}

static void determinism_same_input_same_bytes(void)
{
    size_t la, lb;
    uint8_t *a = vmi_test_bundle(&la), *b = vmi_test_bundle(&lb);

    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    VMI_ASSERT_EQ(la, lb);
    CU_ASSERT(la == lb && memcmp(a, b, la) == 0);
    free(a);
    free(b);
}

static void determinism_file_order_does_not_matter(void)
{
    const char *rev[VMI_TEST_VALID_COUNT];
    size_t la, lb, i;
    uint8_t *a, *b;

    for (i = 0; i < VMI_TEST_VALID_COUNT; i++)
        rev[i] = vmi_test_valid[VMI_TEST_VALID_COUNT - 1 - i];
    a = compile_order(vmi_test_valid, VMI_TEST_VALID_COUNT, &la);
    b = compile_order(rev, VMI_TEST_VALID_COUNT, &lb);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT(la == lb && memcmp(a, b, la) == 0);
    free(a);
    free(b);
}

/* One trace alone is as stable as a set, and the header starts with the
 * bytes the spec fixes: magic, version 1, header size 48, little-endian. */
static void determinism_header_bytes_are_fixed(void)
{
    const char *one[1] = {"con-write"};
    size_t la, lb;
    uint8_t *a = compile_order(one, 1, &la), *b = compile_order(one, 1, &lb);

    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT(la == lb && memcmp(a, b, la) == 0);
    CU_ASSERT(memcmp(a, "VMIB\x01\x00\x30\x00", 8) == 0); /* magic, version 1, header 48 */
    free(a);
    free(b);
}

static const struct vmi_test_case cases[] = {
    {"determinism_same_input_same_bytes", determinism_same_input_same_bytes},
    {"determinism_file_order_does_not_matter", determinism_file_order_does_not_matter},
    {"determinism_header_bytes_are_fixed", determinism_header_bytes_are_fixed},
};

VMI_TEST_MAIN("trace_determinism", cases)
