/* Expressions mean what spec/trace-format.rst says: C precedence, wrapping u64 arithmetic. */
#include <stdlib.h>
#include "harness.h"

/* Compiles a trace whose last step is "expect EXPR == 0" and evaluates EXPR
 * through the bundle decoder with @a = 0x1000, @b = 0x2000, $v = 0x0f. */
static uint64_t eval(const char *expr)
{
    static const uint64_t res[] = {0x1000, 0x2000}, vars[] = {0x0f};
    const struct vmi_bundle_env env = {res, vars};
    struct vmi_trace_set set;
    struct vmi_bundle b;
    struct vmi_bundle_trace_view t;
    struct vmi_bundle_step_iter it;
    struct vmi_bundle_step_view s;
    char text[512];
    uint8_t *bundle = NULL;
    size_t len;
    uint64_t v = 0xdeadbeef;

    snprintf(text, sizeof(text), "vmi-trace 1\nname t/x\ncovers VMI-MMU-001\npage a b\n"
             "step call tsc_read -> $v\nstep expect %s == 0\n", expr);
    vmi_test_parse(&set, "t.vmt", text);
    vmi_test_print_diags(&set);
    if (vmi_trace_compile(&set, &bundle, &len) == 0 && vmi_bundle_open(&b, bundle, len, NULL) == 0 &&
        vmi_bundle_trace_get(&b, 0, &t) == 0) {
        vmi_bundle_steps_begin(&it, &b, &t);
        while (vmi_bundle_steps_next(&it, &s) == 1)
            if (s.op == VMI_BUNDLE_OP_EXPECT)
                CU_ASSERT(vmi_bundle_expr_eval(s.args[0], &env, &v) == 0);
    } else {
        CU_FAIL("expression did not compile");
    }
    free(bundle);
    vmi_trace_set_free(&set);
    return v;
}

static void expr_literals(void)
{
    VMI_ASSERT_EQ(eval("0"), 0);
    VMI_ASSERT_EQ(eval("0x7fffFFFF"), 0x7fffffff);
    VMI_ASSERT_EQ(eval("18446744073709551615"), UINT64_MAX);
    VMI_ASSERT_EQ(eval("0xffffffffffffffff"), UINT64_MAX);
}

static void expr_references(void)
{
    VMI_ASSERT_EQ(eval("@a"), 0x1000);
    VMI_ASSERT_EQ(eval("@b+8"), 0x2008);
    VMI_ASSERT_EQ(eval("(@a | 3)"), 0x1003);
    VMI_ASSERT_EQ(eval("($v ^ 0xff)"), 0xf0);
    VMI_ASSERT_EQ(eval("($v&@a)"), 0);
}

static void expr_precedence_is_c(void)
{
    VMI_ASSERT_EQ(eval("(1 | 2 & 3)"), 3);
    VMI_ASSERT_EQ(eval("(1 + 2 << 3)"), 24);
    VMI_ASSERT_EQ(eval("(2 << 1 + 1)"), 8);
    VMI_ASSERT_EQ(eval("(6 ^ 3 | 8)"), 13);
    VMI_ASSERT_EQ(eval("(8 - 2 - 1)"), 5); /* left-associative */
    VMI_ASSERT_EQ(eval("((1))"), 1);
}

static void expr_unary(void)
{
    VMI_ASSERT_EQ(eval("~0"), UINT64_MAX);
    VMI_ASSERT_EQ(eval("-1"), UINT64_MAX);
    VMI_ASSERT_EQ(eval("(~~5)"), 5);
    VMI_ASSERT_EQ(eval("(- -5)"), 5);
    VMI_ASSERT_EQ(eval("(~0xfff & @b)"), 0x2000);
}

static void expr_wraps_and_saturates_shifts(void)
{
    VMI_ASSERT_EQ(eval("(18446744073709551615 + 2)"), 1);
    VMI_ASSERT_EQ(eval("(0 - 1)"), UINT64_MAX);
    VMI_ASSERT_EQ(eval("(1 << 63)"), 0x8000000000000000ull);
    VMI_ASSERT_EQ(eval("(1 << 64)"), 0);
    VMI_ASSERT_EQ(eval("(-1 >> 60)"), 15);
    VMI_ASSERT_EQ(eval("(-1 >> 1000)"), 0);
}

static const struct vmi_test_case cases[] = {
    {"expr_literals", expr_literals},
    {"expr_references", expr_references},
    {"expr_precedence_is_c", expr_precedence_is_c},
    {"expr_unary", expr_unary},
    {"expr_wraps_and_saturates_shifts", expr_wraps_and_saturates_shifts},
};

VMI_TEST_MAIN("trace_expr", cases)
