/* KVM adapter: pvclock arithmetic on edge values, the seqlock retry, and the clocks built on it. */
#include "kvm_fixture.h"

#define MUL_3GHZ 0xaaaaaaabu

/* The scaling done without 128-bit arithmetic: the product split at bit
 * 32, hi * 2^32 + lo, shifted right by 32 is hi + (lo >> 32) exactly. */
static uint64_t ref_scale(uint64_t delta, uint32_t mul, int shift)
{
    uint64_t lo, hi;

    if (shift <= -64 || shift >= 64)
        return 0;
    delta = shift < 0 ? delta >> -shift : delta << shift;
    lo = (delta & 0xffffffffu) * mul;
    hi = (delta >> 32) * mul;
    return hi + (lo >> 32);
}

static void scale_matches_split_multiply(void)
{
    static const uint64_t deltas[] = {0, 1, 0xffffffffu, UINT64_C(0x100000000),
                                      UINT64_C(3000000000), UINT64_C(0x7fffffffffffffff),
                                      UINT64_MAX - 1, UINT64_MAX};
    static const uint32_t muls[] = {0, 1, 0x80000000u, MUL_3GHZ, 0xfffffffeu, 0xffffffffu};
    static const int shifts[] = {-63, -32, -31, -5, -1, 0, 1, 5, 31, 32, 63};
    size_t d, m, s;

    for (d = 0; d < sizeof(deltas) / sizeof(deltas[0]); d++)
        for (m = 0; m < sizeof(muls) / sizeof(muls[0]); m++)
            for (s = 0; s < sizeof(shifts) / sizeof(shifts[0]); s++)
                VMI_ASSERT_EQ(vmi__kvm_scale_delta(deltas[d], muls[m], (int8_t)shifts[s]),
                              ref_scale(deltas[d], muls[m], shifts[s]));
}

static void scale_overflow_edges(void)
{
    /* The full product of 2^64-1 and 2^32-1 needs 96 bits; a 64-bit
     * multiply would keep only its low bits. */
    uint64_t r = vmi__kvm_scale_delta(UINT64_MAX, 0xffffffffu, 0);

    VMI_ASSERT_EQ(r, UINT64_C(0xfffffffeffffffff));
    CU_ASSERT(r != (UINT64_MAX * 0xffffffffu) >> 32);
    /* Near 2^64 with a large multiplier: 2^63 * (2^32 - 1) / 2^32. */
    VMI_ASSERT_EQ(vmi__kvm_scale_delta(UINT64_C(1) << 63, 0xffffffffu, 0),
                  (UINT64_C(1) << 63) - (UINT64_C(1) << 31));
    /* Shifts right drop bits, shifts left multiply (and wrap as Linux). */
    VMI_ASSERT_EQ(vmi__kvm_scale_delta(6, 0x80000000u, -1), 1);
    VMI_ASSERT_EQ(vmi__kvm_scale_delta(6, 0x80000000u, 1), 6);
    VMI_ASSERT_EQ(vmi__kvm_scale_delta(UINT64_MAX, 0x80000000u, 1), UINT64_MAX >> 1);
    VMI_ASSERT_EQ(vmi__kvm_scale_delta(UINT64_MAX, 0xffffffffu, -64), 0);
    VMI_ASSERT_EQ(vmi__kvm_scale_delta(1, 0xffffffffu, 64), 0);
    /* One second of a 3 GHz TSC. */
    VMI_ASSERT_EQ(vmi__kvm_scale_delta(3000000000u, MUL_3GHZ, -1), 1000000000u);
}

static void hz_from_scale(void)
{
    VMI_ASSERT_EQ(vmi__kvm_pvclock_hz(0x80000000u, 0), 2000000000u);
    VMI_ASSERT_EQ(vmi__kvm_pvclock_hz(0x80000000u, 1), 1000000000u);
    VMI_ASSERT_EQ(vmi__kvm_pvclock_hz(0x80000000u, -1), 4000000000u);
    VMI_ASSERT_EQ(vmi__kvm_pvclock_hz(MUL_3GHZ, -1), 2999999998u);
    VMI_ASSERT_EQ(vmi__kvm_pvclock_hz(0, -1), 0);
    VMI_ASSERT_EQ(vmi__kvm_pvclock_hz(1, -3), 0);          /* does not fit */
    VMI_ASSERT_EQ(vmi__kvm_pvclock_hz(0x80000000u, -64), 0);
    VMI_ASSERT_EQ(vmi__kvm_pvclock_hz(0x80000000u, 64), 0);
}

/* The ns the fixture's page gives at `tsc`. */
static uint64_t page_ns(const struct kvm_pvclock *p, uint64_t tsc)
{
    return p->system_time + ref_scale(tsc - p->tsc_timestamp, p->tsc_to_system_mul, p->tsc_shift);
}

static int host_writes;

/* Plays the host rewriting CPU 0's page while the guest reads it: the
 * first RDTSC finds it half-written (odd), the second finished. */
static void host_update_in_two_steps(void)
{
    struct kvm_pvclock *p = &vmi__kvm_cpu[0].clock;

    host_writes++;
    if (host_writes == 1) {
        p->version = 3;
        p->system_time = UINT64_C(9000000000);
    } else if (host_writes == 2) {
        p->tsc_timestamp = 2000000;
        p->version = 4;
    }
}

static void odd_version_mid_read_retries(void)
{
    uint64_t ns = 0;
    struct kvm_pvclock want;

    kf_setup(KF_ALL);
    vmi_x86_fake_tsc_set(5000000, 0);
    host_writes = 0;
    vmi_x86_fake_tsc_hook(host_update_in_two_steps);
    VMI_ASSERT_STATUS(vmi_monotonic_get(&ns), VMI_OK);
    vmi_x86_fake_tsc_hook(0);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_RDTSC), 3);
    want = kf_clock;
    want.system_time = UINT64_C(9000000000);
    want.tsc_timestamp = 2000000;
    VMI_ASSERT_EQ(ns, page_ns(&want, 5000000));
}

static void host_bumps_version_once(void)
{
    if (++host_writes == 1) {
        vmi__kvm_cpu[0].clock.system_time += 777;
        vmi__kvm_cpu[0].clock.version += 2;
    }
}

static void changed_version_retries(void)
{
    uint64_t ns = 0;

    kf_setup(KF_ALL);
    vmi_x86_fake_tsc_set(4000000, 0);
    host_writes = 0;
    vmi_x86_fake_tsc_hook(host_bumps_version_once);
    VMI_ASSERT_STATUS(vmi_monotonic_get(&ns), VMI_OK);
    vmi_x86_fake_tsc_hook(0);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_RDTSC), 2);
    VMI_ASSERT_EQ(ns, page_ns(&kf_clock, 4000000) + 777);
}

static void host_finishes_update(void)
{
    if (++host_writes == 1)
        vmi__kvm_cpu[0].clock.version = 6;
}

static void odd_version_at_start_retries(void)
{
    uint64_t ns = 0;

    kf_setup(KF_ALL);
    vmi__kvm_cpu[0].clock.version = 5;
    vmi_x86_fake_tsc_set(3000000, 0);
    host_writes = 0;
    vmi_x86_fake_tsc_hook(host_finishes_update);
    VMI_ASSERT_STATUS(vmi_monotonic_get(&ns), VMI_OK);
    vmi_x86_fake_tsc_hook(0);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_RDTSC), 2);
    VMI_ASSERT_EQ(ns, page_ns(&kf_clock, 3000000));
}

static void stable_clock_reads_cpu0_page_without_lookup(void)
{
    uint64_t ns = 0;

    kf_setup(KF_ALL);
    kf_cpu_up(1, 4);
    vmi_x86_fake_mmio_set(KF_APIC + VMI_APIC_ID, 4u << 24);
    vmi_x86_fake_tsc_set(7000000, 0);
    VMI_ASSERT_STATUS(vmi_monotonic_get(&ns), VMI_OK);
    VMI_ASSERT_EQ(ns, page_ns(&kf_clock, 7000000));
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_MMIO_READ), 0);
}

static void unstable_clock_reads_own_page_and_never_goes_back(void)
{
    uint64_t first = 0, second = 0;

    kf_setup(KF_ALL & ~(1u << KVM_FEATURE_CLOCKSOURCE_STABLE_BIT));
    kf_cpu_up(1, 4);
    vmi__kvm_cpu[1].clock = kf_clock;
    vmi__kvm_cpu[1].clock.system_time -= 1000000;   /* CPU 1's clock is behind */
    vmi_x86_fake_tsc_set(7000000, 0);
    VMI_ASSERT_STATUS(vmi_monotonic_get(&first), VMI_OK);
    VMI_ASSERT_EQ(first, page_ns(&kf_clock, 7000000));
    vmi_x86_fake_mmio_set(KF_APIC + VMI_APIC_ID, 4u << 24);
    VMI_ASSERT_STATUS(vmi_monotonic_get(&second), VMI_OK);
    CU_ASSERT(vmi_x86_fake_count_op(VMI_X86_OP_MMIO_READ) >= 2);
    VMI_ASSERT_EQ(second, first);                    /* clamped */
    vmi_x86_fake_tsc_set(UINT64_C(9000000000), 0);
    VMI_ASSERT_STATUS(vmi_monotonic_get(&second), VMI_OK);
    VMI_ASSERT_EQ(second, page_ns(&vmi__kvm_cpu[1].clock, UINT64_C(9000000000)));
}

static void wallclock_is_boot_wall_time_plus_clock(void)
{
    uint64_t ns = 0, v = 0;

    kf_setup(KF_ALL);
    vmi_x86_fake_tsc_set(6000000, 0);
    VMI_ASSERT_STATUS(vmi_wallclock_get(&ns), VMI_OK);
    VMI_ASSERT_EQ(ns, UINT64_C(1700000000) * 1000000000u + 250000000u + page_ns(&kf_clock, 6000000));
    CU_ASSERT(kf_msr_written(MSR_KVM_WALL_CLOCK_NEW, &v));
    VMI_ASSERT_EQ(v, (uint64_t)(uintptr_t)&vmi__kvm.wall);
    /* The page is filled per write, so every reading writes the MSR. */
    VMI_ASSERT_STATUS(vmi_wallclock_get(&ns), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_MSR_WRITE), 2);
    VMI_ASSERT_STATUS(vmi_wallclock_get(NULL), VMI_EINVAL);
}

static void without_kvmclock_time_is_native(void)
{
    uint64_t ns = 0;

    kf_setup(1u << KVM_FEATURE_STEAL_TIME);
    kf_cfg.tsc_hz = 1000000000u;
    VMI_ASSERT_STATUS(kf_rebind(), VMI_OK);
    CU_ASSERT_PTR_EQUAL(vmi_ops.monotonic_get, vmi__native_monotonic_get);
    CU_ASSERT_PTR_EQUAL(vmi_ops.wallclock_get, vmi__native_wallclock_get);
    CU_ASSERT_PTR_EQUAL(vmi_ops.timer_arm, vmi__native_timer_arm);
    vmi_x86_fake_tsc_set(vmi__native.tsc_origin + 1234, 0);
    VMI_ASSERT_STATUS(vmi_monotonic_get(&ns), VMI_OK);
    VMI_ASSERT_EQ(ns, 1234);
}

/* Arms a timer `wait` ns after kvmclock's now with the TSC frozen, and
 * returns the TSC deadline native wrote. */
static uint64_t deadline_for(uint64_t deadline_ns, uint64_t *native_now)
{
    const struct vmi_x86_fake_rec *msr;

    VMI_ASSERT_STATUS(vmi__native_monotonic_get(native_now), VMI_OK);
    vmi_x86_fake_log_clear();
    VMI_ASSERT_STATUS(vmi_timer_arm(deadline_ns, 0x30), VMI_OK);
    msr = vmi_x86_fake_last(VMI_X86_OP_MSR_WRITE, VMI_X86_MSR_TSC_DEADLINE);
    CU_ASSERT_PTR_NOT_NULL(msr);
    return msr ? msr->b : 0;
}

static void timer_deadline_moves_to_native_time_base(void)
{
    uint64_t now_kvm, native_now = 0, tsc;

    kf_setup(KF_ALL);
    vmi_x86_fake_tsc_set(8000000, 0);
    now_kvm = page_ns(&kf_clock, 8000000);
    tsc = deadline_for(now_kvm + 1000000, &native_now);
    /* 1 ms, plus 1/65536 of it and 1 us of margin, after native's now. */
    VMI_ASSERT_EQ(tsc, vmi__native.tsc_origin + vmi__native_ns_to_ticks(native_now + 1001015));
    tsc = deadline_for(now_kvm - 5, &native_now);   /* past: at once */
    VMI_ASSERT_EQ(tsc, vmi__native.tsc_origin + vmi__native_ns_to_ticks(native_now));
    VMI_ASSERT_STATUS(vmi_timer_arm(now_kvm, 15), VMI_EINVAL);
}

static const struct vmi_test_case cases[] = {
    {"scale_matches_split_multiply", scale_matches_split_multiply},
    {"scale_overflow_edges", scale_overflow_edges},
    {"hz_from_scale", hz_from_scale},
    {"odd_version_mid_read_retries", odd_version_mid_read_retries},
    {"changed_version_retries", changed_version_retries},
    {"odd_version_at_start_retries", odd_version_at_start_retries},
    {"stable_clock_reads_cpu0_page_without_lookup", stable_clock_reads_cpu0_page_without_lookup},
    {"unstable_clock_reads_own_page_and_never_goes_back",
     unstable_clock_reads_own_page_and_never_goes_back},
    {"wallclock_is_boot_wall_time_plus_clock", wallclock_is_boot_wall_time_plus_clock},
    {"without_kvmclock_time_is_native", without_kvmclock_time_is_native},
    {"timer_deadline_moves_to_native_time_base", timer_deadline_moves_to_native_time_base},
};

VMI_TEST_MAIN("kvm_pvclock", cases)
