/* Tests of the clocks: wallclock, monotonic, TSC frequency, steal time, model time. */
#include "harness.h"
#include "machine.h"

#define NS_2020 (UINT64_C(1577836800) * 1000000000u)
#define NS_2100 (UINT64_C(4102444800) * 1000000000u)

static const struct vmi_ref_allowed *out0(struct vmi_ref_machine *m)
{
    return vmi_ref_last_allowed(m, 0);
}

/* VMI-TIME-001: boot wallclock plus model time, in the plausible range. */
static void time_wallclock_value(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_config cfg;
    uint64_t ns = 0, before;

    vmi_ref_config_default(&cfg);
    vmi_ref_advance(m, 5000);
    before = vmi_ref_now(m);
    VMI_ASSERT_STATUS(vmi_ref_wallclock_get(vmi_ref_cpu(m, 0), &ns), VMI_OK);
    VMI_ASSERT_EQ(ns, cfg.wallclock_boot_ns + before);
    CU_ASSERT(vmi_ref_allowed_contains(out0(m), ns, 0));
    CU_ASSERT(vmi_ref_allowed_contains(out0(m), NS_2020, 0));
    CU_ASSERT(vmi_ref_allowed_contains(out0(m), NS_2100, 0));
    CU_ASSERT(!vmi_ref_allowed_contains(out0(m), NS_2020 - 1, 0));
    CU_ASSERT(!vmi_ref_allowed_contains(out0(m), NS_2100 + 1, 0));
    CU_ASSERT(!vmi_ref_allowed_contains(out0(m), 0, 0));
    vmi_ref_machine_free(m);
}

/* VMI-TIME-002: readings never decrease; the allowed set says so. */
static void time_monotonic_never_decreases(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t a = 0, b = 0, c = 0;

    VMI_ASSERT_STATUS(vmi_ref_monotonic_get(c0, &a), VMI_OK);
    vmi_ref_advance(m, 1000000);
    VMI_ASSERT_STATUS(vmi_ref_monotonic_get(c0, &b), VMI_OK);
    CU_ASSERT(b >= a + 1000000);
    CU_ASSERT(vmi_ref_allowed_contains(out0(m), b, 0));
    CU_ASSERT(vmi_ref_allowed_contains(out0(m), UINT64_MAX, 0));
    VMI_ASSERT_STATUS(vmi_ref_monotonic_get(c0, &c), VMI_OK);
    CU_ASSERT(c >= b);
    /* A value between the first and second readings is now too small. */
    CU_ASSERT(!vmi_ref_allowed_contains(out0(m), b - 1, 0));
    CU_ASSERT(!vmi_ref_allowed_contains(out0(m), a, 0));
    CU_ASSERT(vmi_ref_allowed_contains(out0(m), c, 0));
    vmi_ref_machine_free(m);
}

/* VMI-TIME-002: causal order across CPUs. */
static void time_monotonic_across_cpus(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t a = 0, b = 0;

    VMI_ASSERT_STATUS(vmi_ref_cpu_start(vmi_ref_cpu(m, 0), 1, 0x1000, 0x2000, 0), VMI_OK);
    vmi_ref_advance(m, 777);
    VMI_ASSERT_STATUS(vmi_ref_monotonic_get(vmi_ref_cpu(m, 0), &a), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_monotonic_get(vmi_ref_cpu(m, 1), &b), VMI_OK);
    CU_ASSERT(b >= a);
    CU_ASSERT(!vmi_ref_allowed_contains(out0(m), a - 1, 0));
    CU_ASSERT(vmi_ref_allowed_contains(out0(m), a, 0));
    vmi_ref_machine_free(m);
}

/* VMI-TIME-004: the platform's value, allowed anywhere in [1 MHz, 100 GHz]. */
static void time_tsc_freq_range(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t hz = 0;

    VMI_ASSERT_STATUS(vmi_ref_tsc_freq_get(vmi_ref_cpu(m, 0), &hz), VMI_OK);
    VMI_ASSERT_EQ(hz, 2500000000u);
    CU_ASSERT(vmi_ref_allowed_contains(out0(m), 1000000, 0));
    CU_ASSERT(vmi_ref_allowed_contains(out0(m), UINT64_C(100000000000), 0));
    CU_ASSERT(!vmi_ref_allowed_contains(out0(m), 999999, 0));
    CU_ASSERT(!vmi_ref_allowed_contains(out0(m), UINT64_C(100000000001), 0));
    CU_ASSERT(!vmi_ref_allowed_contains(out0(m), 0, 0));
    vmi_ref_machine_free(m);
}

/* VMI-TIME-009: steal time grows and never goes back, per CPU. */
static void time_steal_never_decreases(void)
{
    struct vmi_ref_config cfg;
    struct vmi_ref_machine *m;
    struct vmi_ref_cpu *c0;
    uint64_t a = 0, b = 0, c = 0;

    vmi_ref_config_default(&cfg);
    cfg.steal_ns_per_call = 50;
    m = vmi_ref_machine_new(&cfg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    c0 = vmi_ref_cpu(m, 0);
    VMI_ASSERT_STATUS(vmi_ref_steal_time_get(c0, &a), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_steal_time_get(c0, &b), VMI_OK);
    VMI_ASSERT_EQ(b, a + 50);
    VMI_ASSERT_STATUS(vmi_ref_steal_time_get(c0, &c), VMI_OK);
    VMI_ASSERT_EQ(c, b + 50);
    /* The floor is the previous reading on this CPU. */
    CU_ASSERT(vmi_ref_allowed_contains(out0(m), c, 0));
    CU_ASSERT(vmi_ref_allowed_contains(out0(m), b, 0));
    CU_ASSERT(!vmi_ref_allowed_contains(out0(m), b - 1, 0));
    /* CPU 1 has its own steal time and its own floor. */
    VMI_ASSERT_STATUS(vmi_ref_cpu_start(c0, 1, 0x1000, 0x2000, 0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_steal_time_get(vmi_ref_cpu(m, 1), &a), VMI_OK);
    CU_ASSERT(a < c);
    CU_ASSERT(vmi_ref_allowed_contains(out0(m), 0, 0));
    vmi_ref_machine_free(m);
}

/* VMI-GEN-004: null OUT pointers, with the machine unchanged. */
static void time_null_out_einval(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t d = vmi_ref_machine_digest(m), ns = 0;

    VMI_ASSERT_STATUS(vmi_ref_wallclock_get(c0, NULL), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_monotonic_get(c0, NULL), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_tsc_freq_get(c0, NULL), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_steal_time_get(c0, NULL), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    /* A refused monotonic read does not raise the floor. */
    vmi_ref_advance(m, 1000);
    VMI_ASSERT_STATUS(vmi_ref_monotonic_get(c0, NULL), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_monotonic_get(c0, &ns), VMI_OK);
    CU_ASSERT(vmi_ref_allowed_contains(out0(m), 0, 0));
    vmi_ref_machine_free(m);
}

/* Each call costs model time; time never goes back. */
static void time_model_clock(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t t0 = vmi_ref_now(m), ns;

    VMI_ASSERT_STATUS(vmi_ref_monotonic_get(vmi_ref_cpu(m, 0), &ns), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_now(m), t0 + 100);
    vmi_ref_advance(m, 900);
    VMI_ASSERT_EQ(vmi_ref_now(m), t0 + 1000);
    vmi__ref_time_advance_to(m, 10);
    VMI_ASSERT_EQ(vmi_ref_now(m), t0 + 1000);
    vmi_ref_advance(m, UINT64_MAX);
    VMI_ASSERT_EQ(vmi_ref_now(m), UINT64_MAX);
    vmi_ref_machine_free(m);
}

/* The TSC is now * hz / 1e9 without 64-bit overflow of the product. */
static void time_tsc_no_overflow(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    vmi_ref_advance(m, UINT64_C(1000000000000) - vmi_ref_now(m)); /* 1000 s */
    VMI_ASSERT_EQ(vmi__ref_tsc_now(vmi_ref_cpu(m, 0)), UINT64_C(2500000000000));
    vmi_ref_advance(m, 1);
    VMI_ASSERT_EQ(vmi__ref_tsc_now(vmi_ref_cpu(m, 0)), UINT64_C(2500000000002));
    vmi_ref_machine_free(m);
}

static void time_not_supported(void)
{
    static const uint32_t feats[] = {VMI_FEAT_TIME_WALLCLOCK, VMI_FEAT_TIME_MONOTONIC,
                                     VMI_FEAT_TIME_TSCFREQ, VMI_FEAT_TIME_STEAL};
    uint32_t i;

    for (i = 0; i < 4; i++) {
        struct vmi_ref_machine *m = vmi_test_machine_without(feats[i]);
        struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
        uint64_t v = 99, d = vmi_ref_machine_digest(m);

        /* The missing feature answers ENOTSUP; the others see a null OUT. */
        VMI_ASSERT_STATUS(vmi_ref_wallclock_get(c0, i == 0 ? &v : NULL),
                          i == 0 ? VMI_ENOTSUP : VMI_EINVAL);
        VMI_ASSERT_STATUS(vmi_ref_monotonic_get(c0, i == 1 ? &v : NULL),
                          i == 1 ? VMI_ENOTSUP : VMI_EINVAL);
        VMI_ASSERT_STATUS(vmi_ref_tsc_freq_get(c0, i == 2 ? &v : NULL),
                          i == 2 ? VMI_ENOTSUP : VMI_EINVAL);
        VMI_ASSERT_STATUS(vmi_ref_steal_time_get(c0, i == 3 ? &v : NULL),
                          i == 3 ? VMI_ENOTSUP : VMI_EINVAL);
        VMI_ASSERT_EQ(v, 99);
        VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
        vmi_ref_machine_free(m);
    }
}

static const struct vmi_test_case cases[] = {
    {"time_wallclock_value", time_wallclock_value},
    {"time_monotonic_never_decreases", time_monotonic_never_decreases},
    {"time_monotonic_across_cpus", time_monotonic_across_cpus},
    {"time_tsc_freq_range", time_tsc_freq_range},
    {"time_steal_never_decreases", time_steal_never_decreases},
    {"time_null_out_einval", time_null_out_einval},
    {"time_model_clock", time_model_clock},
    {"time_tsc_no_overflow", time_tsc_no_overflow},
    {"time_not_supported", time_not_supported},
};

VMI_TEST_MAIN("time", cases)
