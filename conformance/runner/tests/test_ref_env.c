/* The `ref` environment: its platform, and whole traces run through expectations and verdict. */
#include "test_exec_bundle.h"
#include "vmi-conform/run.h"

/* Reads the model's clock, registers and power state; all must PASS. */
static const char basic_trace[] =
    "vmi-trace 1\n"
    "name t/basic\n"
    "covers VMI-DISC-001 VMI-TIME-002\n"
    "needs feature DISC_BASE TIME_MONOTONIC CPU_CR\n"
    "step call version_get -> $v\n"
    "step expect ($v >> 16) == 1\n"
    "step call monotonic_get -> $t0\n"
    "step wait 1000\n"
    "step call monotonic_get -> $t1\n"
    "step expect $t1 > $t0\n"
    "step call cr_read 3 -> $cr3\n"
    "step probe cr 3 -> $p\n"
    "step expect $p == $cr3\n"
    "step probe cr 5 -> $bad expect status VMI_EFAULT\n"
    "step probe power -> $pw\n"
    "step expect $pw == 0\n";

/* Maps a window page through the window's table and reads it back. */
static const char window_trace[] =
    "vmi-trace 1\n"
    "name t/window\n"
    "covers VMI-MMU-001\n"
    "needs feature MMU_PTE MMU_PTPAGE TLB_LOCAL\n"
    "page data\n"
    "va v\n"
    "window wpt\n"
    "step write @data 8 0x1122334455667788\n"
    "step probe read @v 8 -> $before expect status VMI_EFAULT\n"
    "step call pte_set 1 @wpt ((@v >> 12) & 511) (@data | 3)\n"
    "step call tlb_flush_one @v\n"
    "step probe read @v 8 -> $after\n"
    "step expect $after == 0x1122334455667788\n"
    "step probe read (@v + 4) 4 -> $hi\n"
    "step expect $hi == 0x11223344\n"
    "step probe phys64 @data -> $raw\n"
    "step expect $raw == $after\n";

/* A timer fires during a wait, which runs with interrupts enabled. */
static const char timer_trace[] =
    "vmi-trace 1\n"
    "name t/timer\n"
    "covers VMI-TIME-001\n"
    "needs feature TIME_TIMER TIME_MONOTONIC\n"
    "step call monotonic_get -> $now\n"
    "step call timer_arm ($now + 1000) 40\n"
    "step probe irqcount 40 -> $a\n"
    "step probe if -> $if0\n"
    "step wait 5000\n"
    "step probe irqcount 40 -> $b\n"
    "step expect $b == ($a + 1)\n"
    "step probe if -> $if1\n"
    "step expect $if1 == $if0\n";

static enum vmi_result_status run_one(const char *text, const struct vmi_run_opts *o,
                                      char **detail)
{
    struct test_bundle tb;
    struct vmi_result res;
    enum vmi_result_status s = VMI_RESULT_ERROR;

    memset(&res, 0, sizeof(res));
    if (test_bundle_compile(&tb, text) != 0)
        return s;
    CU_ASSERT_EQUAL(vmi_run_ref_trace(&tb.b, 0, o, &res), 0);
    s = res.status;
    if (s != VMI_RESULT_PASS || detail)
        fprintf(stderr, "%s: %s\n", res.trace ? res.trace : "?", res.detail ? res.detail : "");
    if (detail) {
        *detail = res.detail;
        res.detail = NULL;
    }
    VMI_ASSERT_STR(res.env, "ref");
    VMI_ASSERT_STR(res.adapter, "ref");
    vmi_run_result_clear(&res);
    test_bundle_free(&tb);
    return s;
}

static void ref_env_pages_distinct_aligned_above_harness(void)
{
    uint64_t seeds[] = {0, 1, 42, UINT64_MAX};
    uint32_t s, i, j;

    for (s = 0; s < 4; s++) {
        uint64_t pa[64], va[64];

        for (i = 0; i < 64; i++) {
            pa[i] = vmi_ref_env_page(seeds[s], i);
            va[i] = vmi_ref_env_va(seeds[s], i);
            VMI_ASSERT_EQ(pa[i] % VMI_PAGE_SIZE, 0);
            VMI_ASSERT_EQ(va[i] % VMI_PAGE_SIZE, 0);
            CU_ASSERT(pa[i] >= VMI_REF_ENV_HARNESS_TOP);
            CU_ASSERT(pa[i] < VMI_REF_ENV_HARNESS_TOP +
                                  (uint64_t)VMI_REF_ENV_POOL_PAGES * VMI_PAGE_SIZE);
            CU_ASSERT(va[i] >= VMI_REF_ENV_WINDOW_VA);
            CU_ASSERT(va[i] < VMI_REF_ENV_WINDOW_VA + (2u << 20));
            for (j = 0; j < i; j++) {
                CU_ASSERT(pa[i] != pa[j]);
                CU_ASSERT(va[i] != va[j]);
            }
        }
    }
}

static void ref_env_seed_permutes_addresses(void)
{
    uint32_t i, same_pa = 0, same_va = 0;

    for (i = 0; i < 16; i++) {
        same_pa += vmi_ref_env_page(1, i) == vmi_ref_env_page(2, i);
        same_va += vmi_ref_env_va(1, i) == vmi_ref_env_va(2, i);
    }
    CU_ASSERT(same_pa < 16);
    CU_ASSERT(same_va < 16);
    VMI_ASSERT_EQ(vmi_ref_env_page(7, 3), vmi_ref_env_page(7, 3));
}

static void ref_env_machine_cpus_from_options(void)
{
    struct vmi_run_opts o;

    vmi_run_opts_default(&o);
    VMI_ASSERT_EQ(vmi_run_machine_cpus(&o, 1), 2);
    VMI_ASSERT_EQ(vmi_run_machine_cpus(&o, 5), 5);
    o.cpus = 3;
    VMI_ASSERT_EQ(vmi_run_machine_cpus(&o, 1), 3);
}

static void ref_env_basic_trace_passes(void)
{
    struct vmi_run_opts o;

    vmi_run_opts_default(&o);
    VMI_ASSERT_EQ(run_one(basic_trace, &o, NULL), VMI_RESULT_PASS);
}

static void ref_env_window_maps_va_pages(void)
{
    struct vmi_run_opts o;

    vmi_run_opts_default(&o);
    VMI_ASSERT_EQ(run_one(window_trace, &o, NULL), VMI_RESULT_PASS);
    o.seed = 99;
    VMI_ASSERT_EQ(run_one(window_trace, &o, NULL), VMI_RESULT_PASS);
}

static void ref_env_wait_delivers_timer(void)
{
    struct vmi_run_opts o;

    vmi_run_opts_default(&o);
    VMI_ASSERT_EQ(run_one(timer_trace, &o, NULL), VMI_RESULT_PASS);
}

/* The platform by itself: a probe through the window and the CR probe. */
static void ref_env_platform_probes_model(void)
{
    struct test_bundle tb;
    struct vmi_run_opts o;
    struct vmi_ref_env e;
    struct vmi_exec_platform p;
    struct vmi_obs_list obs = {0};
    uint32_t step;
    int32_t code;

    if (test_bundle_compile(&tb, window_trace) != 0)
        return;
    vmi_run_opts_default(&o);
    vmi_ref_env_init(&e, &o, 0);
    e.observe = vmi_obs_list_record;
    e.observe_ctx = &obs;
    vmi_ref_env_platform(&e, &p);
    VMI_ASSERT_EQ(vmi_exec_trace(&tb.b, 0, &p, &step, &code), VMI_EXEC_DONE);
    VMI_ASSERT_EQ(obs.count, 10);
    VMI_ASSERT_STATUS(obs.v[1].status, VMI_EFAULT);
    VMI_ASSERT_EQ(obs.v[4].values[0], UINT64_C(0x1122334455667788));
    CU_ASSERT(vmi_ref_bound() == NULL);   /* trace_end unbinds */
    VMI_ASSERT_EQ(vmi_ref_cpu_index(vmi_ref_cpu(e.m, 1)), 1);   /* 2 CPUs */
    CU_ASSERT(vmi_ref_cpu(e.m, 2) == NULL);
    vmi_ref_env_fini(&e);
    vmi_obs_list_free(&obs);
    test_bundle_free(&tb);
}

static void ref_env_missing_feature_not_supported(void)
{
    struct vmi_run_opts o;
    char *detail = NULL;

    vmi_run_opts_default(&o);
    o.features[VMI_GROUP_MMU] &= ~VMI_FEATURE_MASK(VMI_FEAT_MMU_PTPAGE);
    o.features[VMI_GROUP_TLB] = 0;
    VMI_ASSERT_EQ(run_one(window_trace, &o, &detail), VMI_RESULT_NOT_SUPPORTED);
    CU_ASSERT(test_contains(detail, "t/window: needs MMU_PTPAGE TLB_LOCAL, which"));
    free(detail);
    /* Base discovery cannot be configured away (VMI-DISC-006). */
    o.features[VMI_GROUP_DISC] = 0;
    VMI_ASSERT_EQ(run_one(basic_trace, &o, NULL), VMI_RESULT_PASS);
}

static void ref_env_too_few_cpus_skip(void)
{
    struct vmi_run_opts o;
    char *detail = NULL;

    vmi_run_opts_default(&o);
    o.cpus = 2;
    VMI_ASSERT_EQ(run_one("vmi-trace 1\nname t/four\ncovers VMI-SMP-001\nneeds cpus 4\n"
                          "step on cpu 3 call version_get\n",
                          &o, &detail),
                  VMI_RESULT_SKIP);
    CU_ASSERT(test_contains(detail, "needs 4 CPUs"));
    free(detail);
    o.cpus = 0;
    VMI_ASSERT_EQ(run_one("vmi-trace 1\nname t/four\ncovers VMI-SMP-001\nneeds cpus 4\n"
                          "step on cpu 3 call cpu_id_get -> $id\nstep expect $id == 3\n",
                          &o, NULL),
                  VMI_RESULT_PASS);
}

/* The CPUs a trace uses run from its first step (an IPI reaches CPU 1
 * without a cpu_start); the machine's other CPUs stay offline. */
static void ref_env_trace_cpus_running(void)
{
    struct vmi_run_opts o;

    vmi_run_opts_default(&o);
    o.cpus = 3;
    VMI_ASSERT_EQ(run_one("vmi-trace 1\nname t/ipi\ncovers VMI-APIC-007\nneeds cpus 2\n"
                          "step on cpu 1 call irq_enable\n"
                          "step on cpu 1 probe irqcount 33 -> $before\n"
                          "step call ipi_send 1 33\n"
                          "step wait 1000000\n"
                          "step on cpu 1 probe irqcount 33 -> $after\n"
                          "step expect $after == ($before + 1)\n"
                          "step call cpu_start 2 0x1000 0x2000 0\n"
                          "step call cpu_start 1 0x1000 0x2000 0 expect status VMI_EBUSY\n",
                          &o, NULL),
                  VMI_RESULT_PASS);
}

/* Same seed: the same stream, word for word.  Another seed moves pages
 * (so values holding addresses differ) but not the verdict. */
static void collect(const struct test_bundle *tb, uint64_t seed, struct vmi_obs_list *obs)
{
    struct vmi_run_opts o;
    struct vmi_ref_env e;
    struct vmi_exec_platform p;
    uint32_t step;
    int32_t code;

    vmi_run_opts_default(&o);
    o.seed = seed;
    vmi_ref_env_init(&e, &o, 0);
    e.observe = vmi_obs_list_record;
    e.observe_ctx = obs;
    vmi_ref_env_platform(&e, &p);
    VMI_ASSERT_EQ(vmi_exec_trace(&tb->b, 0, &p, &step, &code), VMI_EXEC_DONE);
    vmi_ref_env_fini(&e);
}

static const char addr_trace[] =
    "vmi-trace 1\nname t/addr\ncovers VMI-MMU-001\npage a\nva v\n"
    "step expect @a == 0\nstep expect @v == 0\nstep probe phys64 @a -> $z\n"
    "step call monotonic_get -> $t\n";

static void ref_env_deterministic_per_seed(void)
{
    struct test_bundle tb;
    struct vmi_obs_list a = {0}, b = {0}, c = {0};
    struct vmi_run_opts o;

    if (test_bundle_compile(&tb, addr_trace) != 0)
        return;
    collect(&tb, 5, &a);
    collect(&tb, 5, &b);
    collect(&tb, 6, &c);
    VMI_ASSERT_EQ(a.count, 4);
    VMI_ASSERT_EQ(b.count, a.count);
    CU_ASSERT(memcmp(a.v, b.v, a.count * sizeof(*a.v)) == 0);
    VMI_ASSERT_EQ(a.v[0].values[0], vmi_ref_env_page(5, 0));   /* left of @a == 0 */
    VMI_ASSERT_EQ(a.v[1].values[0], vmi_ref_env_va(5, 0));
    CU_ASSERT(c.v[0].values[0] != a.v[0].values[0]);
    CU_ASSERT(c.v[1].values[0] != a.v[1].values[0]);
    VMI_ASSERT_EQ(c.v[3].values[0], a.v[3].values[0]);        /* time is not an address */
    vmi_run_opts_default(&o);
    o.seed = 6;
    VMI_ASSERT_EQ(run_one(window_trace, &o, NULL), VMI_RESULT_PASS);
    vmi_obs_list_free(&a);
    vmi_obs_list_free(&b);
    vmi_obs_list_free(&c);
    test_bundle_free(&tb);
}

static const struct vmi_test_case cases[] = {
    {"ref_env_pages_distinct_aligned_above_harness", ref_env_pages_distinct_aligned_above_harness},
    {"ref_env_seed_permutes_addresses", ref_env_seed_permutes_addresses},
    {"ref_env_machine_cpus_from_options", ref_env_machine_cpus_from_options},
    {"ref_env_basic_trace_passes", ref_env_basic_trace_passes},
    {"ref_env_window_maps_va_pages", ref_env_window_maps_va_pages},
    {"ref_env_wait_delivers_timer", ref_env_wait_delivers_timer},
    {"ref_env_platform_probes_model", ref_env_platform_probes_model},
    {"ref_env_missing_feature_not_supported", ref_env_missing_feature_not_supported},
    {"ref_env_too_few_cpus_skip", ref_env_too_few_cpus_skip},
    {"ref_env_trace_cpus_running", ref_env_trace_cpus_running},
    {"ref_env_deterministic_per_seed", ref_env_deterministic_per_seed},
};
VMI_TEST_MAIN("ref_env", cases)
