/* The decoder takes untrusted bytes: every corruption is an error or a bundle it can walk. */
#include <stdlib.h>
#include "roundtrip.h"

static void put_le(uint8_t *p, uint64_t v, int n)
{
    int i;

    for (i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Recomputes the checksum so that a test reaches the checks behind it. */
static void checksum_fix(uint8_t *p, size_t len)
{
    uint32_t total = (uint32_t)p[12] | (uint32_t)p[13] << 8 | (uint32_t)p[14] << 16 |
                     (uint32_t)p[15] << 24;

    if (total >= 48 && total <= len)
        put_le(p + 40, vmi_bundle_checksum(p, total), 8);
}

/* Touches everything an executor would, as ASan would notice a stray read. */
static void walk(const struct vmi_bundle *b)
{
    static const uint64_t zeros[VMI_BUNDLE_VARS_MAX];
    const struct vmi_bundle_env env = {zeros, zeros};
    struct vmi_bundle_trace_view t;
    struct vmi_bundle_step_iter it;
    struct vmi_bundle_step_view s;
    const uint8_t *bytes;
    const char *name;
    uint32_t i, k, len;
    uint64_t v;

    for (i = 0; i < b->trace_count; i++) {
        CU_ASSERT_FATAL(vmi_bundle_trace_get(b, i, &t) == 0);
        for (k = 0; k < t.covers_count; k++)
            CU_ASSERT(vmi_bundle_trace_cover(b, &t, k) != NULL);
        for (k = 0; k < t.resource_count; k++)
            CU_ASSERT(vmi_bundle_trace_resource(b, &t, k, &name) != 0 && name != NULL);
        for (k = 0; k < t.var_count; k++)
            CU_ASSERT(vmi_bundle_trace_var(b, &t, k) != NULL);
        vmi_bundle_steps_begin(&it, b, &t);
        while (vmi_bundle_steps_next(&it, &s) == 1)
            for (k = 0; k < s.arg_count; k++)
                CU_ASSERT(vmi_bundle_expr_string(b, s.args[k], &bytes, &len) >= 0 ||
                          vmi_bundle_expr_eval(s.args[k], &env, &v) == 0);
        VMI_ASSERT_EQ(it.index, t.step_count);
    }
}

/* Opens a corrupted copy: it fails with an offset inside the buffer, or it is walkable. */
static int try_open(const uint8_t *p, size_t len)
{
    struct vmi_bundle b;
    uint32_t off = 0;
    int code = vmi_bundle_open(&b, p, len, &off);

    if (code == 0)
        walk(&b);
    else
        CU_ASSERT(vmi_bundle_strerror(code) != NULL && off <= len);
    return code;
}

static void bundle_every_truncation_rejected(void)
{
    size_t len, n;
    uint8_t *full = vmi_test_bundle(&len), *cut;

    CU_ASSERT_PTR_NOT_NULL_FATAL(full);
    VMI_ASSERT_EQ(try_open(full, len), 0);
    for (n = 0; n < len; n++) {
        cut = malloc(n ? n : 1); /* an exact-size heap copy, so ASan sees overreads */
        memcpy(cut, full, n);
        VMI_ASSERT_EQ(try_open(cut, n), VMI_BUNDLE_ETRUNCATED);
        free(cut);
    }
    free(full);
}

/* Truncations that also rewrite total_size and the checksum: the tables
 * then point past the end, which the bounds checks must catch. */
static void bundle_truncation_with_consistent_header(void)
{
    size_t len, n;
    uint8_t *full = vmi_test_bundle(&len), *cut;

    CU_ASSERT_PTR_NOT_NULL_FATAL(full);
    for (n = 48; n < len; n++) {
        cut = malloc(n);
        memcpy(cut, full, n);
        put_le(cut + 12, n, 4);
        checksum_fix(cut, n);
        CU_ASSERT(try_open(cut, n) != 0);
        free(cut);
    }
    free(full);
}

static void bundle_every_byte_flip_rejected(void)
{
    size_t len, i;
    uint8_t *p = vmi_test_bundle(&len);
    int bit;

    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    for (i = 0; i < len; i++)
        for (bit = 0; bit < 8; bit++) {
            p[i] ^= (uint8_t)(1u << bit);
            CU_ASSERT(try_open(p, len) != 0); /* the checksum or a header check */
            p[i] ^= (uint8_t)(1u << bit);
        }
    free(p);
}

/* With the checksum repaired, a flip must still give an error or a bundle
 * the executor can walk; counts show both outcomes happen. */
static void bundle_byte_flips_behind_the_checksum(void)
{
    size_t len, i, accepted = 0, rejected = 0;
    uint8_t *orig = vmi_test_bundle(&len), *p;
    static const uint8_t masks[] = {0x01, 0x80, 0xff};
    unsigned m;

    CU_ASSERT_PTR_NOT_NULL_FATAL(orig);
    p = malloc(len);
    for (i = 0; i < len; i++)
        for (m = 0; m < sizeof(masks); m++) {
            memcpy(p, orig, len);
            p[i] ^= masks[m];
            checksum_fix(p, len);
            if (try_open(p, len) == 0)
                accepted++;
            else
                rejected++;
        }
    CU_ASSERT(accepted > 0 && rejected > 0);
    free(p);
    free(orig);
}

static void bundle_header_errors_name_their_field(void)
{
    static const struct {
        size_t at;
        uint8_t value;
        int code;
        uint32_t off;
    } cases[] = {
        {0, 'X', VMI_BUNDLE_EMAGIC, 0},       {4, 2, VMI_BUNDLE_EVERSION, 4},
        {6, 40, VMI_BUNDLE_EHEADER, 6},       {10, 2, VMI_BUNDLE_EHEADER, 8},
        {34, 1, VMI_BUNDLE_ERESERVED, 34},    {32, 0, VMI_BUNDLE_ELIMIT, 32},
        {32, 65, VMI_BUNDLE_ELIMIT, 32},      {17, 0xff, VMI_BUNDLE_ELIMIT, 16},
        {27, 0xff, VMI_BUNDLE_ERANGE, 24},    {23, 0x7f, VMI_BUNDLE_ERANGE, 20},
    };
    size_t len, i;
    uint8_t *orig = vmi_test_bundle(&len), *p;
    struct vmi_bundle b;
    uint32_t off;

    CU_ASSERT_PTR_NOT_NULL_FATAL(orig);
    p = malloc(len);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        memcpy(p, orig, len);
        p[cases[i].at] = cases[i].value;
        checksum_fix(p, len);
        VMI_ASSERT_EQ(vmi_bundle_open(&b, p, len, &off), cases[i].code);
        VMI_ASSERT_EQ(off, cases[i].off);
        VMI_ASSERT_EQ(b.trace_count, 0);
    }
    memcpy(p, orig, len);
    p[len - 1] ^= 1;
    VMI_ASSERT_EQ(vmi_bundle_open(&b, p, len, &off), VMI_BUNDLE_ECHECKSUM);
    VMI_ASSERT_EQ(off, 40);
    VMI_ASSERT_EQ(vmi_bundle_open(&b, p, 3, &off), VMI_BUNDLE_ETRUNCATED);
    VMI_ASSERT_EQ(vmi_bundle_open(&b, NULL, 0, &off), VMI_BUNDLE_ETRUNCATED);
    free(p);
    free(orig);
}

static void bundle_trailing_bytes_ignored(void)
{
    size_t len;
    uint8_t *p = vmi_test_bundle(&len), *big;
    struct vmi_bundle b;

    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    big = calloc(1, len + 100);
    memcpy(big, p, len);
    VMI_ASSERT_EQ(vmi_bundle_open(&b, big, len + 100, NULL), 0);
    VMI_ASSERT_EQ(b.size, len);
    free(big);
    free(p);
}

static const struct vmi_test_case cases[] = {
    {"bundle_every_truncation_rejected", bundle_every_truncation_rejected},
    {"bundle_truncation_with_consistent_header", bundle_truncation_with_consistent_header},
    {"bundle_every_byte_flip_rejected", bundle_every_byte_flip_rejected},
    {"bundle_byte_flips_behind_the_checksum", bundle_byte_flips_behind_the_checksum},
    {"bundle_header_errors_name_their_field", bundle_header_errors_name_their_field},
    {"bundle_trailing_bytes_ignored", bundle_trailing_bytes_ignored},
};

VMI_TEST_MAIN("trace_bundle", cases)
