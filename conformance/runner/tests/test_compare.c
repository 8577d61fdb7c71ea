/* The verdict: observed streams, edited by hand, against the reference's expectations. */
#include "test_exec_bundle.h"
#include "vmi-conform/run.h"

static const char trace_text[] =
    "vmi-trace 1\n"
    "name t/cmp\n"
    "covers VMI-DISC-001 VMI-IRQ-001\n"
    "va v\n"
    "step call version_get -> $v\n"     /* step 0, line 5 */
    "step probe read @v 8 -> $r\n"      /* step 1: must fault */
    "step call cr_read 99\n"            /* step 2: VMI_EINVAL */
    "step expect $v != 0\n"             /* step 3 */
    "step call shutdown 0\n";           /* step 4: ends the trace */

struct fixture {
    struct test_bundle tb;
    struct vmi_expect_list exp;
    struct vmi_obs_list obs;
};

/* Expectations and an untouched environment stream of trace_text. */
static int fixture_init(struct fixture *f, const char *text)
{
    struct vmi_run_opts o;
    struct vmi_ref_env e;
    struct vmi_exec_platform p;
    uint32_t step;
    int32_t code;

    memset(f, 0, sizeof(*f));
    if (test_bundle_compile(&f->tb, text) != 0)
        return -1;
    vmi_run_opts_default(&o);
    CU_ASSERT_EQUAL(vmi_expect_trace(&f->tb.b, 0, &o, &f->exp), 0);
    vmi_ref_env_init(&e, &o, 1);
    e.observe = vmi_obs_list_record;
    e.observe_ctx = &f->obs;
    vmi_ref_env_platform(&e, &p);
    vmi_exec_trace(&f->tb.b, 0, &p, &step, &code);
    vmi_ref_env_fini(&e);
    return 0;
}

static void fixture_free(struct fixture *f)
{
    vmi_expect_list_free(&f->exp);
    vmi_obs_list_free(&f->obs);
    test_bundle_free(&f->tb);
}

/* Compares the first `count` observations; returns the status, prints and
 * checks the detail against `want` (NULL: must be empty). */
static enum vmi_result_status judge(struct fixture *f, size_t count, const char *want)
{
    enum vmi_result_status s = VMI_RESULT_PASS;
    char *detail = NULL;

    CU_ASSERT_EQUAL(vmi_compare_trace(&f->tb.b, 0, &f->exp, f->obs.v, count, &s, &detail), 0);
    if (want) {
        CU_ASSERT(test_contains(detail, want));
    } else {
        VMI_ASSERT_STR(detail, "");
    }
    free(detail);
    return s;
}

static void compare_untouched_stream_passes(void)
{
    struct fixture f;

    if (fixture_init(&f, trace_text) != 0)
        return;
    VMI_ASSERT_EQ(f.obs.count, 5);
    VMI_ASSERT_EQ(judge(&f, f.obs.count, NULL), VMI_RESULT_PASS);
    fixture_free(&f);
}

static void compare_value_outside_set_fails(void)
{
    struct fixture f;

    if (fixture_init(&f, trace_text) != 0)
        return;
    f.obs.v[0].values[0] = 0x20000;
    VMI_ASSERT_EQ(judge(&f, f.obs.count,
                        "t/cmp: step 0 (line 5): call version_get: OUT version word 0: "
                        "expected {0x10001}, observed 0x20000; covers VMI-DISC-001 VMI-IRQ-001"),
                  VMI_RESULT_FAIL);
    fixture_free(&f);
}

static void compare_status_differs_fails(void)
{
    struct fixture f;

    if (fixture_init(&f, trace_text) != 0)
        return;
    f.obs.v[2].status = VMI_OK;
    VMI_ASSERT_EQ(judge(&f, f.obs.count, "step 2 (line 7): call cr_read: expected status "
                                         "VMI_EINVAL, observed VMI_OK; covers"),
                  VMI_RESULT_FAIL);
    fixture_free(&f);
}

static void compare_probe_fault_and_value(void)
{
    struct fixture f;

    if (fixture_init(&f, trace_text) != 0)
        return;
    f.obs.v[1].status = VMI_OK;
    f.obs.v[1].values[0] = 0x1234;
    VMI_ASSERT_EQ(judge(&f, f.obs.count, "step 1 (line 6): probe read: expected fault, "
                                         "observed 0x1234"),
                  VMI_RESULT_FAIL);
    f.obs.v[1].status = VMI_EBUSY;
    VMI_ASSERT_EQ(judge(&f, f.obs.count, "observed status VMI_EBUSY"), VMI_RESULT_FAIL);
    fixture_free(&f);
}

static void compare_failed_expectation_fails(void)
{
    struct fixture f;

    if (fixture_init(&f, trace_text) != 0)
        return;
    f.obs.v[3].status = 1;
    f.obs.v[3].values[0] = 0;
    VMI_ASSERT_EQ(judge(&f, f.obs.count, "step 3 (line 8): expect !=: does not hold: "
                                         "left 0x0, right 0x0"),
                  VMI_RESULT_FAIL);
    fixture_free(&f);
}

/* Ending early is a crash, except for the report of the final power call. */
static void compare_short_stream_crashes(void)
{
    struct fixture f;

    if (fixture_init(&f, trace_text) != 0)
        return;
    VMI_ASSERT_EQ(f.exp.end, VMI_EXEC_POWER);
    VMI_ASSERT_EQ(judge(&f, 4, NULL), VMI_RESULT_PASS);
    VMI_ASSERT_EQ(judge(&f, 2, "step 2 (line 7): call cr_read: never reported: the stream "
                               "ended after 2 of 5 observations"),
                  VMI_RESULT_CRASH);
    fixture_free(&f);
    if (fixture_init(&f, "vmi-trace 1\nname t/short\ncovers VMI-DISC-001\n"
                         "step call version_get\nstep call version_get\n") != 0)
        return;
    VMI_ASSERT_EQ(judge(&f, 1, "never reported"), VMI_RESULT_CRASH);
    fixture_free(&f);
}

static void compare_extra_or_misplaced_is_error(void)
{
    struct fixture f;

    if (fixture_init(&f, trace_text) != 0)
        return;
    f.obs.v[f.obs.count] = f.obs.v[0];   /* the list has room: cap >= 64 */
    VMI_ASSERT_EQ(judge(&f, f.obs.count + 1, "1 observations past the trace's 5"),
                  VMI_RESULT_ERROR);
    f.obs.v[1] = f.obs.v[0];
    VMI_ASSERT_EQ(judge(&f, f.obs.count, "step 1 (line 6): probe read: the stream reports "
                                         "step 0 (call version_get, 1 values) here"),
                  VMI_RESULT_ERROR);
    fixture_free(&f);
}

/* The trace, not the adapter, is wrong: ERROR whatever the stream says. */
static void compare_wrong_trace_is_error(void)
{
    struct fixture f;

    if (fixture_init(&f, "vmi-trace 1\nname t/wrong\ncovers VMI-CPU-001\n"
                         "step call version_get\n"
                         "step call cr_read 3 expect status VMI_EINVAL\n") != 0)
        return;
    VMI_ASSERT_EQ(judge(&f, f.obs.count,
                        "t/wrong: step 1 (line 5): call cr_read: the trace is wrong: it "
                        "expects status VMI_EINVAL, but the reference model answers VMI_OK; "
                        "covers VMI-CPU-001"),
                  VMI_RESULT_ERROR);
    fixture_free(&f);
    if (fixture_init(&f, "vmi-trace 1\nname t/wrong2\ncovers VMI-CPU-001\n"
                         "step call version_get -> $v\nstep expect $v == 1\n") != 0)
        return;
    VMI_ASSERT_EQ(judge(&f, f.obs.count, "step 1 (line 5): expect ==: the trace is wrong: "
                                         "this expectation does not hold on the reference"),
                  VMI_RESULT_ERROR);
    fixture_free(&f);
}

/* Through the whole run, the wrong `expect status` is an ERROR too. */
static void compare_run_wrong_status_error(void)
{
    struct test_bundle tb;
    struct vmi_run_opts o;
    struct vmi_result res;

    if (test_bundle_compile(&tb, "vmi-trace 1\nname t/wrong\ncovers VMI-CPU-001\n"
                                 "step call cr_read 3 expect status VMI_EINVAL\n") != 0)
        return;
    vmi_run_opts_default(&o);
    CU_ASSERT_EQUAL(vmi_run_ref_trace(&tb.b, 0, &o, &res), 0);
    VMI_ASSERT_EQ(res.status, VMI_RESULT_ERROR);
    CU_ASSERT(test_contains(res.detail, "the trace is wrong"));
    VMI_ASSERT_EQ(res.req_count, 1);
    VMI_ASSERT_STR(res.reqs[0], "VMI-CPU-001");
    VMI_ASSERT_STR(res.trace, "t/wrong");
    vmi_run_result_clear(&res);
    test_bundle_free(&tb);
}

static const struct vmi_test_case cases[] = {
    {"compare_untouched_stream_passes", compare_untouched_stream_passes},
    {"compare_value_outside_set_fails", compare_value_outside_set_fails},
    {"compare_status_differs_fails", compare_status_differs_fails},
    {"compare_probe_fault_and_value", compare_probe_fault_and_value},
    {"compare_failed_expectation_fails", compare_failed_expectation_fails},
    {"compare_short_stream_crashes", compare_short_stream_crashes},
    {"compare_extra_or_misplaced_is_error", compare_extra_or_misplaced_is_error},
    {"compare_wrong_trace_is_error", compare_wrong_trace_is_error},
    {"compare_run_wrong_status_error", compare_run_wrong_status_error},
};
VMI_TEST_MAIN("compare", cases)
