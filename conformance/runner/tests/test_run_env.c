/* Judging a real environment's stream: outcomes, adopted values, re-based counter floors. */
#include "test_exec_bundle.h"
#include "vmi-conform/run_env.h"

static const char mono_trace[] =
    "vmi-trace 1\nname t/mono\ncovers VMI-TIME-002\nneeds feature TIME_MONOTONIC\n"
    "step call monotonic_get -> $a\nstep call monotonic_get -> $b\n";

static const char cr0_trace[] =
    "vmi-trace 1\nname t/cr0\ncovers VMI-CPU-003\nneeds feature CPU_CR\n"
    "step call cr_read 0 -> $c\nstep call cr_write 0 ($c | 8) expect status VMI_OK\n"
    "step probe cr 0 -> $p\n";

/* The stream the reference model itself gives, as a guest would send it. */
static void model_stream(const struct test_bundle *tb, struct vmi_obs_list *obs)
{
    struct vmi_run_opts o;
    struct vmi_ref_env e;
    struct vmi_exec_platform p;
    uint32_t step;
    int32_t code;

    memset(obs, 0, sizeof(*obs));
    vmi_run_opts_default(&o);
    vmi_ref_env_init(&e, &o, 0);
    e.observe = vmi_obs_list_record;
    e.observe_ctx = obs;
    vmi_ref_env_platform(&e, &p);
    VMI_ASSERT_EQ(vmi_exec_trace(&tb->b, 0, &p, &step, &code), VMI_EXEC_DONE);
    vmi_ref_env_fini(&e);
}

/* The verdict on an ENDED stream; returns the status, *detail malloc'd. */
static enum vmi_result_status judge(const struct test_bundle *tb, struct vmi_obs_list *obs,
                                    char **detail)
{
    struct vmi_env_trace t;
    struct vmi_run_opts o;
    struct vmi_result res;

    memset(&t, 0, sizeof(t));
    t.outcome = VMI_ENV_ENDED;
    t.obs = obs->v;
    t.obs_count = obs->count;
    vmi_run_opts_default(&o);
    VMI_ASSERT_EQ(vmi_run_env_trace(&tb->b, 0, &t, &o, "tcg", "native", &res), 0);
    VMI_ASSERT_STR(res.env, "tcg");
    *detail = res.detail;
    res.detail = NULL;
    {
        enum vmi_result_status s = res.status;

        vmi_run_result_clear(&res);
        return s;
    }
}

/* A real clock far from the model's: fine while it never goes back. */
static void monotonic_floor_from_the_stream(void)
{
    struct test_bundle tb;
    struct vmi_obs_list obs;
    char *detail;

    if (test_bundle_compile(&tb, mono_trace) != 0)
        return;
    model_stream(&tb, &obs);
    obs.v[0].values[0] = UINT64_C(5000000000000);
    obs.v[1].values[0] = UINT64_C(5000000000010);
    VMI_ASSERT_EQ(judge(&tb, &obs, &detail), VMI_RESULT_PASS);
    free(detail);
    obs.v[1].values[0] = UINT64_C(4999999999999);
    VMI_ASSERT_EQ(judge(&tb, &obs, &detail), VMI_RESULT_FAIL);
    CU_ASSERT(strstr(detail, "step 1") != NULL);
    free(detail);
    vmi_obs_list_free(&obs);
    test_bundle_free(&tb);
}

/* The machine's CR0 is adopted where the model allows any: what the trace
 * then writes and probes is expected from the machine's value. */
static void platform_values_adopted(void)
{
    struct test_bundle tb;
    struct vmi_obs_list obs;
    uint64_t model_p;
    char *detail;

    if (test_bundle_compile(&tb, cr0_trace) != 0)
        return;
    model_stream(&tb, &obs);
    model_p = obs.v[2].values[0];
    obs.v[0].values[0] = 0x80010031;
    obs.v[2].values[0] = 0x80010039;
    VMI_ASSERT_EQ(judge(&tb, &obs, &detail), VMI_RESULT_PASS);
    free(detail);
    CU_ASSERT(model_p != 0x80010039);
    obs.v[2].values[0] = model_p;       /* the model's CR0, not the machine's */
    VMI_ASSERT_EQ(judge(&tb, &obs, &detail), VMI_RESULT_FAIL);
    CU_ASSERT(strstr(detail, "expected {0x80010039}") != NULL);
    free(detail);
    vmi_obs_list_free(&obs);
    test_bundle_free(&tb);
}

static struct vmi_result outcome(const struct test_bundle *tb, const struct vmi_env_trace *t)
{
    struct vmi_run_opts o;
    struct vmi_result res;

    vmi_run_opts_default(&o);
    VMI_ASSERT_EQ(vmi_run_env_trace(&tb->b, 0, t, &o, "tcg", "native", &res), 0);
    return res;
}

static void outcomes(void)
{
    struct test_bundle tb;
    struct vmi_env_trace t;
    struct vmi_result res;

    if (test_bundle_compile(&tb, cr0_trace) != 0)
        return;
    memset(&t, 0, sizeof(t));
    t.outcome = VMI_ENV_FAULTED;
    t.fault.vector = 6;
    t.fault.rip = 0x1234;
    res = outcome(&tb, &t);
    VMI_ASSERT_EQ(res.status, VMI_RESULT_CRASH);
    CU_ASSERT(strstr(res.detail, "vector 6 #UD") && strstr(res.detail, "RIP 0x1234"));
    vmi_run_result_clear(&res);

    memset(&t, 0, sizeof(t));
    t.outcome = VMI_ENV_SKIPPED;
    t.groups = VMI_GROUP_COUNT;
    t.missing[VMI_GROUP_CPU] = VMI_FEATURE_MASK(VMI_FEAT_CPU_CR);
    res = outcome(&tb, &t);
    VMI_ASSERT_EQ(res.status, VMI_RESULT_NOT_SUPPORTED);
    CU_ASSERT(strstr(res.detail, "needs CPU_CR") != NULL);
    vmi_run_result_clear(&res);

    memset(&t, 0, sizeof(t));
    t.outcome = VMI_ENV_DAMAGED;
    strcpy(t.why, "a damaged record (bad-crc)");
    res = outcome(&tb, &t);
    VMI_ASSERT_EQ(res.status, VMI_RESULT_ERROR);
    vmi_run_result_clear(&res);

    memset(&t, 0, sizeof(t));
    t.outcome = VMI_ENV_TIMED_OUT;
    res = outcome(&tb, &t);
    VMI_ASSERT_EQ(res.status, VMI_RESULT_TIMEOUT);
    vmi_run_result_clear(&res);
    test_bundle_free(&tb);
}

/* Addresses the guest reported that do not fit the trace: an ERROR, never a PASS. */
static void replay_mismatch(void)
{
    static const char page_trace[] =
        "vmi-trace 1\nname t/page\ncovers VMI-MMU-001\npage a\nstep probe phys64 @a -> $v\n";
    struct test_bundle tb;
    struct vmi_obs_list obs;
    struct vmi_env_alloc wrong = {VMI_BUNDLE_RES_VA, 0xffff800000001000};
    struct vmi_env_trace t;
    struct vmi_result res;

    if (test_bundle_compile(&tb, page_trace) != 0)
        return;
    model_stream(&tb, &obs);
    memset(&t, 0, sizeof(t));
    t.outcome = VMI_ENV_ENDED;
    t.obs = obs.v;
    t.obs_count = obs.count;
    t.allocs = &wrong;
    t.alloc_count = 1;
    res = outcome(&tb, &t);
    VMI_ASSERT_EQ(res.status, VMI_RESULT_ERROR);
    vmi_run_result_clear(&res);
    vmi_obs_list_free(&obs);
    test_bundle_free(&tb);
}

static const struct vmi_test_case cases[] = {
    {"a counter's floor comes from the stream", monotonic_floor_from_the_stream},
    {"platform-defined values are adopted", platform_values_adopted},
    {"outcomes: fault, skip, damage, timeout", outcomes},
    {"allocations that do not fit the trace", replay_mismatch},
};

VMI_TEST_MAIN("runner_run_env", cases)
