/* The expectation engine: the reference run, each value with its allowed set. */
#include "test_exec_bundle.h"
#include "vmi-conform/run.h"

static int expect_text(const char *text, struct vmi_expect_list *x)
{
    struct test_bundle tb;
    struct vmi_run_opts o;
    int rc = -1;

    memset(x, 0, sizeof(*x));
    if (test_bundle_compile(&tb, text) != 0)
        return -1;
    vmi_run_opts_default(&o);
    rc = vmi_expect_trace(&tb.b, 0, &o, x);
    CU_ASSERT_EQUAL(rc, 0);
    test_bundle_free(&tb);
    return rc;
}

#define HEAD "vmi-trace 1\nname t/expect\ncovers VMI-TIME-002\n"

/* Exact where the model knows, a range for clocks, ANY for what the
 * harness chose, ANY per word of a struct. */
static void expect_call_sets_from_model(void)
{
    struct vmi_expect_list x;

    if (expect_text(HEAD "step call version_get\nstep call monotonic_get\n"
                         "step call cr_read 3\nstep call cpuid 0 0\n"
                         "step call cr_read 77\n",
                    &x) != 0)
        return;
    VMI_ASSERT_EQ(x.end, VMI_EXEC_DONE);
    VMI_ASSERT_EQ(x.count, 5);
    VMI_ASSERT_EQ(x.wrong, VMI_EXPECT_RIGHT);
    VMI_ASSERT_EQ(x.v[0].allowed[0].kind, VMI_REF_ALLOW_EXACT);
    VMI_ASSERT_EQ(x.v[0].allowed[0].v[0], VMI_ABI_VERSION);
    VMI_ASSERT_EQ(x.v[1].allowed[0].kind, VMI_REF_ALLOW_RANGE);
    VMI_ASSERT_EQ(x.v[2].allowed[0].kind, VMI_REF_ALLOW_ANY);
    VMI_ASSERT_EQ(x.v[3].value_count, 2);
    VMI_ASSERT_EQ(x.v[3].allowed[0].kind, VMI_REF_ALLOW_ANY);
    VMI_ASSERT_EQ(x.v[3].allowed[1].kind, VMI_REF_ALLOW_ANY);
    VMI_ASSERT_STATUS(x.v[4].status, VMI_EINVAL);
    VMI_ASSERT_EQ(x.v[4].line, 8);
    VMI_ASSERT_EQ(x.v[4].step, 4);
    vmi_expect_list_free(&x);
}

/* A probe's set says whether a fault is allowed; exact probes are exact. */
static void expect_probe_sets(void)
{
    struct vmi_expect_list x;

    if (expect_text(HEAD "va v\nstep probe read @v 4\nstep probe if\nstep probe console\n"
                         "step probe cr 9\n",
                    &x) != 0)
        return;
    VMI_ASSERT_EQ(x.count, 4);
    VMI_ASSERT_STATUS(x.v[0].status, VMI_EFAULT);
    CU_ASSERT(x.v[0].allowed[0].fault);
    CU_ASSERT(!x.v[0].allowed[0].value_ok);
    VMI_ASSERT_EQ(x.v[1].allowed[0].kind, VMI_REF_ALLOW_EXACT);
    VMI_ASSERT_EQ(x.v[1].allowed[0].v[0], 0);
    VMI_ASSERT_EQ(x.v[2].allowed[0].v[0], 0);
    CU_ASSERT(x.v[3].allowed[0].fault);
    vmi_expect_list_free(&x);
}

/* `expect` must hold; WAIT and WRITE expect success. */
static void expect_relations_and_setup_steps(void)
{
    struct vmi_expect_list x;

    if (expect_text(HEAD "page p\nstep write @p 8 1\nstep wait 10\nstep expect 1 < 2\n", &x) != 0)
        return;
    VMI_ASSERT_EQ(x.count, 3);
    VMI_ASSERT_EQ(x.v[0].op, VMI_BUNDLE_OP_WRITE);
    VMI_ASSERT_EQ(x.v[0].value_count, 0);
    VMI_ASSERT_EQ(x.v[2].status, 0);
    VMI_ASSERT_EQ(x.v[2].value_count, 2);
    VMI_ASSERT_EQ(x.v[2].allowed[0].kind, VMI_REF_ALLOW_ANY);
    VMI_ASSERT_EQ(x.wrong, VMI_EXPECT_RIGHT);
    vmi_expect_list_free(&x);
}

static void expect_wrong_status_found(void)
{
    struct vmi_expect_list x;

    if (expect_text(HEAD "step call version_get expect status VMI_OK\n"
                         "step call cr_read 3 expect status VMI_EINVAL\n"
                         "step expect 1 == 2\n",
                    &x) != 0)
        return;
    VMI_ASSERT_EQ(x.wrong, VMI_EXPECT_WRONG_STATUS);
    VMI_ASSERT_EQ(x.wrong_step, 1);
    VMI_ASSERT_STATUS(x.wrong_status, VMI_EINVAL);
    VMI_ASSERT_STATUS(x.v[1].status, VMI_OK);
    vmi_expect_list_free(&x);
}

static void expect_failing_relation_found(void)
{
    struct vmi_expect_list x;

    if (expect_text(HEAD "step call version_get -> $v\nstep expect $v == 3\n"
                         "step call cr_read 3 expect status VMI_EINVAL\n",
                    &x) != 0)
        return;
    VMI_ASSERT_EQ(x.wrong, VMI_EXPECT_WRONG_RELATION);
    VMI_ASSERT_EQ(x.wrong_step, 1);
    VMI_ASSERT_EQ(x.v[1].status, 0);   /* what an environment must observe */
    vmi_expect_list_free(&x);
}

static void expect_power_call_ends_run(void)
{
    struct vmi_expect_list x;

    if (expect_text("vmi-trace 1\nname t/off\ncovers VMI-PWR-001\n"
                    "step call shutdown 3\nstep probe power\n",
                    &x) != 0)
        return;
    VMI_ASSERT_EQ(x.end, VMI_EXEC_POWER);
    VMI_ASSERT_EQ(x.count, 1);
    vmi_expect_list_free(&x);
}

static const struct vmi_test_case cases[] = {
    {"expect_call_sets_from_model", expect_call_sets_from_model},
    {"expect_probe_sets", expect_probe_sets},
    {"expect_relations_and_setup_steps", expect_relations_and_setup_steps},
    {"expect_wrong_status_found", expect_wrong_status_found},
    {"expect_failing_relation_found", expect_failing_relation_found},
    {"expect_power_call_ends_run", expect_power_call_ends_run},
};
VMI_TEST_MAIN("expect", cases)
