/* The test-only fault hook: a broken adapter's output turns PASS into FAIL, with a useful detail. */
#include "test_exec_bundle.h"
#include "vmi-conform/run.h"

static const char clock_trace[] =
    "vmi-trace 1\n"
    "name time/monotonic-forward\n"
    "covers VMI-TIME-002 VMI-TIME-003\n"
    "needs feature TIME_MONOTONIC\n"
    "step call version_get -> $v\n"
    "step call monotonic_get -> $t0\n"
    "step wait 1000\n"
    "step call monotonic_get -> $t1\n"
    "step expect $t1 >= $t0\n";

static enum vmi_result_status run_with(const char *text, const struct vmi_run_opts *o,
                                       char **detail)
{
    struct test_bundle tb;
    struct vmi_result res;
    enum vmi_result_status s = VMI_RESULT_ERROR;

    if (test_bundle_compile(&tb, text) != 0)
        return s;
    CU_ASSERT_EQUAL(vmi_run_ref_trace(&tb.b, 0, o, &res), 0);
    s = res.status;
    *detail = res.detail;
    res.detail = NULL;
    vmi_run_result_clear(&res);
    test_bundle_free(&tb);
    return s;
}

static void fault_version_turns_pass_into_fail(void)
{
    struct vmi_run_opts o;
    char *detail = NULL;

    vmi_run_opts_default(&o);
    VMI_ASSERT_EQ(run_with(clock_trace, &o, &detail), VMI_RESULT_PASS);
    free(detail);
    o.fault_enabled = 1;
    o.fault_call = VMI_CALL_version_get;
    o.fault_xor = 0x3;
    VMI_ASSERT_EQ(run_with(clock_trace, &o, &detail), VMI_RESULT_FAIL);
    CU_ASSERT(test_contains(detail, "time/monotonic-forward: step 0 (line 5): "
                                    "call version_get: OUT version word 0: "
                                    "expected {0x10001}, observed 0x10002; "
                                    "covers VMI-TIME-002 VMI-TIME-003 (seed 0)"));
    free(detail);
}

/* A range set: the corrupted TSC frequency falls outside 1 MHz .. 100 GHz. */
static void fault_value_outside_range(void)
{
    struct vmi_run_opts o;
    char *detail = NULL;

    vmi_run_opts_default(&o);
    o.fault_enabled = 1;
    o.fault_call = VMI_CALL_tsc_freq_get;
    o.fault_xor = UINT64_C(1) << 63;
    VMI_ASSERT_EQ(run_with("vmi-trace 1\nname time/tsc-freq\ncovers VMI-TIME-004\n"
                           "step call tsc_freq_get -> $hz\n",
                           &o, &detail),
                  VMI_RESULT_FAIL);
    CU_ASSERT(test_contains(detail, "time/tsc-freq: step 0 (line 4): call tsc_freq_get: "
                                    "OUT hz word 0: expected [0xf4240, 0x174876e800], "
                                    "observed 0x80000000"));
    CU_ASSERT(test_contains(detail, "; covers VMI-TIME-004 (seed 0)"));
    free(detail);
}

/* A corrupted value the trace then uses as an address makes the harness
 * fail later; the verdict is still the mismatch that caused it. */
static void fault_reported_before_harness_failure(void)
{
    struct vmi_run_opts o;
    char *detail = NULL;

    vmi_run_opts_default(&o);
    o.fault_enabled = 1;
    o.fault_call = VMI_CALL_version_get;
    o.fault_xor = 0x80000000u;
    VMI_ASSERT_EQ(run_with("vmi-trace 1\nname t/addr-from-value\ncovers VMI-DISC-001\n"
                           "page p\nstep call version_get -> $v\n"
                           "step write (@p + ($v - 0x10000)) 8 1\n",
                           &o, &detail),
                  VMI_RESULT_FAIL);
    CU_ASSERT(test_contains(detail, "step 0 (line 5): call version_get"));
    free(detail);
}

/* Only the environment run is perturbed; other calls and disabled hooks
 * change nothing. */
static void fault_only_named_call_when_enabled(void)
{
    struct vmi_run_opts o;
    char *detail = NULL;

    vmi_run_opts_default(&o);
    o.fault_call = VMI_CALL_version_get;
    o.fault_xor = 0x3;
    VMI_ASSERT_EQ(run_with(clock_trace, &o, &detail), VMI_RESULT_PASS);   /* not enabled */
    free(detail);
    o.fault_enabled = 1;
    o.fault_call = VMI_CALL_tsc_read;   /* not in the trace */
    VMI_ASSERT_EQ(run_with(clock_trace, &o, &detail), VMI_RESULT_PASS);
    free(detail);
}

/* A failing call is left alone: the hook corrupts successful outputs. */
static void fault_spares_failed_calls(void)
{
    struct vmi_run_opts o;
    char *detail = NULL;

    vmi_run_opts_default(&o);
    o.fault_enabled = 1;
    o.fault_call = VMI_CALL_cr_read;
    o.fault_xor = 0xff;
    VMI_ASSERT_EQ(run_with("vmi-trace 1\nname t/crbad\ncovers VMI-CPU-001\n"
                           "step call cr_read 99 -> $x expect status VMI_EINVAL\n"
                           "step expect $x == 0\n",
                           &o, &detail),
                  VMI_RESULT_PASS);
    free(detail);
}

/* The table the environment run uses forwards every call to the model. */
static void fault_ops_forward_to_model(void)
{
    struct vmi_run_opts o;
    struct vmi_ref_env e;
    struct vmi_ref_config cfg;
    struct vmi_ref_machine *m;
    const struct vmi_ops *ops;
    uint32_t version = 0, count = 0;

    vmi_run_opts_default(&o);
    o.fault_enabled = 1;
    o.fault_call = VMI_CALL_version_get;
    o.fault_xor = 0x100;
    vmi_ref_env_init(&e, &o, 0);
    CU_ASSERT(vmi_ref_env_ops(&e) == &vmi_ref_ops);   /* expectation run: plain */
    vmi_ref_env_init(&e, &o, 1);
    ops = vmi_ref_env_ops(&e);
    CU_ASSERT(ops != &vmi_ref_ops);
    vmi_ref_config_default(&cfg);
    m = vmi_ref_machine_new(&cfg);
    vmi_ref_bind(vmi_ref_cpu(m, 0));
    VMI_ASSERT_STATUS(ops->version_get(&version), VMI_OK);
    VMI_ASSERT_EQ(version, VMI_ABI_VERSION ^ 0x100);
    VMI_ASSERT_STATUS(ops->cpu_count_get(&count), VMI_OK);
    VMI_ASSERT_EQ(count, 2);
    vmi_ref_bind(NULL);
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"fault_version_turns_pass_into_fail", fault_version_turns_pass_into_fail},
    {"fault_value_outside_range", fault_value_outside_range},
    {"fault_reported_before_harness_failure", fault_reported_before_harness_failure},
    {"fault_only_named_call_when_enabled", fault_only_named_call_when_enabled},
    {"fault_spares_failed_calls", fault_spares_failed_calls},
    {"fault_ops_forward_to_model", fault_ops_forward_to_model},
};
VMI_TEST_MAIN("fault", cases)
