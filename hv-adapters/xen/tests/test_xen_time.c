/* Xen adapter: pvclock arithmetic and its version protocol, wallclock, TSC frequency, the timer, steal time. */
#include "xen_fixture.h"

__extension__ typedef unsigned __int128 u128;

static struct vcpu_time_info rec(uint64_t stamp, uint64_t sys, uint32_t mul, int8_t shift)
{
    struct vcpu_time_info t;

    memset(&t, 0, sizeof(t));
    t.tsc_timestamp = stamp;
    t.system_time = sys;
    t.tsc_to_system_mul = mul;
    t.tsc_shift = shift;
    return t;
}

/* The same conversion done another way: the shifted delta split in
 * 32-bit halves, each multiplied on its own, the partial products added
 * in 128 bits before the >> 32. */
static uint64_t independent_ns(const struct vcpu_time_info *t, uint64_t tsc)
{
    uint64_t d = tsc - t->tsc_timestamp;
    u128 hi, lo;

    d = t->tsc_shift >= 0 ? d << t->tsc_shift : d >> -t->tsc_shift;
    hi = (u128)(d >> 32) * t->tsc_to_system_mul;
    lo = (u128)(d & 0xffffffffu) * t->tsc_to_system_mul;
    return t->system_time + (uint64_t)(((hi << 32) + lo) >> 32);
}

static void scale_shift_left_and_right(void)
{
    struct vcpu_time_info t = rec(100, 7, 0x80000000u, 1);

    /* 1000 ticks << 1 * 0.5 = 1000 ns */
    VMI_ASSERT_EQ(vmi__xen_pvclock_scale(&t, 1100), 1007);
    t.tsc_shift = -2;
    /* 1000 >> 2 * 0.5 = 125 */
    VMI_ASSERT_EQ(vmi__xen_pvclock_scale(&t, 1100), 132);
    t.tsc_shift = -1;
    t.tsc_to_system_mul = 0xffffffffu;
    /* 999 >> 1 = 499 (the dropped bit is truncated), * (1 - 2^-32) -> 498 */
    VMI_ASSERT_EQ(vmi__xen_pvclock_scale(&t, 1099), 7 + 498);
}

/* Deltas whose product needs more than 64 bits, against the independent
 * computation: the 64 x 32 multiply must keep all 96 bits. */
static void scale_large_deltas(void)
{
    static const uint64_t deltas[] = {UINT64_C(1) << 32, UINT64_C(0xffffffff),
                                      UINT64_C(123456789012345), UINT64_C(1) << 40,
                                      UINT64_C(0x0000ffffffffffff)};
    static const uint32_t muls[] = {0xffffffffu, 0x80000000u, 0x1234567u, 1u};
    static const int8_t shifts[] = {-5, -1, 0, 1, 3};
    size_t i, j, k;

    for (i = 0; i < sizeof(deltas) / sizeof(deltas[0]); i++)
        for (j = 0; j < sizeof(muls) / sizeof(muls[0]); j++)
            for (k = 0; k < sizeof(shifts) / sizeof(shifts[0]); k++) {
                struct vcpu_time_info t = rec(5000, 11, muls[j], shifts[k]);

                /* shift left keeps the delta below 2^64 here */
                if (shifts[k] > 0 && deltas[i] >> (64 - shifts[k]))
                    continue;
                VMI_ASSERT_EQ(vmi__xen_pvclock_scale(&t, 5000 + deltas[i]),
                              independent_ns(&t, 5000 + deltas[i]));
            }
}

/* A TSC behind the record adds nothing rather than 2^64 ticks. */
static void scale_tsc_behind_record(void)
{
    struct vcpu_time_info t = rec(5000, 42, 0x80000000u, 0);

    VMI_ASSERT_EQ(vmi__xen_pvclock_scale(&t, 4000), 42);
}

/* The stamp of a PVH dom0's first record on Xen 4.17 lies "before" TSC
 * zero; the difference wraps to the true tick count. */
static void scale_stamp_before_zero(void)
{
    struct vcpu_time_info t = rec(UINT64_C(0xfffffffff54ce06e), 1000, 0x80000000u, 0);

    VMI_ASSERT_EQ(vmi__xen_pvclock_scale(&t, 0x6fab3755u),
                  1000 + (UINT64_C(0x6fab3755) + UINT64_C(0xab31f92)) / 2);
}

static void hz_from_record(void)
{
    struct vcpu_time_info t = rec(0, 0, 0x80000000u, 0);

    VMI_ASSERT_EQ(vmi__xen_pvclock_hz(&t), 2000000000u);
    t.tsc_shift = -1;                          /* ticks halved: twice the rate */
    VMI_ASSERT_EQ(vmi__xen_pvclock_hz(&t), 4000000000u);
    t.tsc_shift = 1;
    VMI_ASSERT_EQ(vmi__xen_pvclock_hz(&t), 1000000000u);
    t.tsc_to_system_mul = 0;
    VMI_ASSERT_EQ(vmi__xen_pvclock_hz(&t), 0);
}

/* ---- the version protocol: the TSC hook plays Xen writing meanwhile ---- */

static struct vcpu_time_info shared_rec;
static int tsc_reads;

/* First read: the record is being written (odd version). */
static void odd_then_done(void)
{
    if (++tsc_reads == 1) {
        shared_rec.version = 4;
        shared_rec.system_time = 9000;
    }
}

static void version_odd_retries(void)
{
    struct vcpu_time_info out;
    uint64_t tsc;

    vmi_x86_fake_reset();
    shared_rec = rec(0, 1000, 0x80000000u, 0);
    shared_rec.version = 3;
    tsc_reads = 0;
    vmi_x86_fake_tsc_hook(odd_then_done);
    vmi__xen_pvclock_snapshot(&shared_rec, &out, &tsc);
    VMI_ASSERT_EQ(tsc_reads, 2);
    VMI_ASSERT_EQ(out.version, 4);
    VMI_ASSERT_EQ(out.system_time, 9000);
}

/* First read: Xen finishes a whole update between the two version reads. */
static void changed_then_stable(void)
{
    if (++tsc_reads == 1) {
        shared_rec.version += 2;
        shared_rec.tsc_timestamp = 777;
    }
}

static void version_changed_retries(void)
{
    struct vcpu_time_info out;
    uint64_t tsc;

    vmi_x86_fake_reset();
    shared_rec = rec(1, 1000, 0x80000000u, 0);
    shared_rec.version = 6;
    tsc_reads = 0;
    vmi_x86_fake_tsc_hook(changed_then_stable);
    vmi__xen_pvclock_snapshot(&shared_rec, &out, &tsc);
    VMI_ASSERT_EQ(tsc_reads, 2);
    VMI_ASSERT_EQ(out.version, 8);
    VMI_ASSERT_EQ(out.tsc_timestamp, 777);
}

/* ---- the calls ---- */

static void monotonic_and_tsc_freq(void)
{
    uint64_t ns = 0, hz = 0;

    xf_setup();
    vmi_x86_fake_tsc_set(1000 + 4000, 0);   /* 4000 ticks after the record */
    VMI_ASSERT_STATUS(vmi_monotonic_get(&ns), VMI_OK);
    VMI_ASSERT_EQ(ns, UINT64_C(5000000000) + 2000);
    VMI_ASSERT_STATUS(vmi_tsc_freq_get(&hz), VMI_OK);
    VMI_ASSERT_EQ(hz, 2000000000u);
    VMI_ASSERT_STATUS(vmi_monotonic_get(NULL), VMI_EINVAL);
}

/* A record that moves back (a new calibration) never moves time back. */
static void monotonic_never_decreases(void)
{
    uint64_t a = 0, b = 0;

    xf_setup();
    vmi_x86_fake_tsc_set(1000 + 4000, 0);
    VMI_ASSERT_STATUS(vmi_monotonic_get(&a), VMI_OK);
    vmi__xen.cpu[0].vi->time.system_time -= 1000;
    VMI_ASSERT_STATUS(vmi_monotonic_get(&b), VMI_OK);
    VMI_ASSERT_EQ(b, a);
}

static void wallclock_adds_system_time(void)
{
    uint64_t ns = 0;

    xf_setup();
    vmi__xen.shared->wc_version = 2;
    vmi__xen.shared->wc_sec = 0x10;
    vmi__xen.shared->wc_sec_hi = 1;
    vmi__xen.shared->wc_nsec = 500;
    vmi_x86_fake_tsc_set(1000, 0);
    VMI_ASSERT_STATUS(vmi_wallclock_get(&ns), VMI_OK);
    VMI_ASSERT_EQ(ns, (((uint64_t)1 << 32) + 0x10) * UINT64_C(1000000000) + 500 +
                          UINT64_C(5000000000));
}

static void timer_arm_hypercall(void)
{
    const struct vmi_x86_fake_hcall *h;

    xf_setup();
    VMI_ASSERT_STATUS(vmi_timer_arm(UINT64_C(7000000000), 0x30), VMI_OK);
    h = xf_hcall(XEN_HC_vcpu_op, VCPUOP_set_singleshot_timer, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    VMI_ASSERT_EQ(h->arg[1], 0);   /* vCPU 0 */
    VMI_ASSERT_EQ(vmi__xen.cpu[0].timer_vector, 0x30);
    VMI_ASSERT_STATUS(vmi_timer_arm(1, 15), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_timer_arm(1, 256), VMI_EINVAL);
    VMI_ASSERT_EQ(xf_hcall_count(XEN_HC_vcpu_op, VCPUOP_set_singleshot_timer), 1);
    VMI_ASSERT_STATUS(vmi_timer_cancel(), VMI_OK);
    CU_ASSERT_PTR_NOT_NULL(xf_hcall(XEN_HC_vcpu_op, VCPUOP_stop_singleshot_timer, 0));
    VMI_ASSERT_EQ(vmi__xen.cpu[0].timer_vector, 0);
}

/* The struct passed: the deadline as Xen system time, no "future" flag. */
static struct vcpu_set_singleshot_timer sshot_seen;

static int64_t keep_sshot(uint32_t nr, const uint64_t *arg)
{
    if (nr == XEN_HC_vcpu_op && arg[0] == VCPUOP_set_singleshot_timer)
        sshot_seen = *XF_ARG(struct vcpu_set_singleshot_timer, arg[2]);
    return 0;
}

static void timer_arm_struct(void)
{
    xf_setup();
    vmi_x86_fake_hypercall_hook(keep_sshot);
    VMI_ASSERT_STATUS(vmi_timer_arm(UINT64_C(0x123456789), 0x31), VMI_OK);
    VMI_ASSERT_EQ(sshot_seen.timeout_abs_ns, UINT64_C(0x123456789));
    VMI_ASSERT_EQ(sshot_seen.flags, 0);
}

static int64_t refuse_sshot(uint32_t nr, const uint64_t *arg)
{
    return nr == XEN_HC_vcpu_op && arg[0] == VCPUOP_set_singleshot_timer ? -22 : 0;
}

/* A refused arming is reported and leaves the timer disarmed. */
static void timer_arm_refused(void)
{
    xf_setup();
    vmi_x86_fake_hypercall_hook(refuse_sshot);
    VMI_ASSERT_STATUS(vmi_timer_arm(1, 0x31), VMI_EFAULT);
    VMI_ASSERT_EQ(vmi__xen.cpu[0].timer_vector, 0);
}

/* ---- steal time ---- */

/* A runstate record as Xen keeps it for vCPU 0. */
static void steal_record(uint64_t runnable, uint64_t offline, uint64_t entry)
{
    struct vcpu_runstate_info *rs = &vmi__xen_runstate[0];

    rs->state = RUNSTATE_running;
    rs->time[RUNSTATE_running] = 1000000;
    rs->time[RUNSTATE_runnable] = runnable;
    rs->time[RUNSTATE_blocked] = 300;
    rs->time[RUNSTATE_offline] = offline;
    rs->state_entry_time = entry;
}

static void steal_is_runnable_plus_offline(void)
{
    uint64_t ns = 0;

    xf_setup();
    steal_record(700, 50, 1234);
    VMI_ASSERT_STATUS(vmi_steal_time_get(&ns), VMI_OK);
    VMI_ASSERT_EQ(ns, 750);
    VMI_ASSERT_STATUS(vmi_steal_time_get(NULL), VMI_EINVAL);
}

static struct vcpu_runstate_info rs_live;
static int pauses;

/* Xen finishes its update while the reader waits. */
static void update_done(void)
{
    pauses++;
    rs_live.time[RUNSTATE_runnable] = 25;
    rs_live.state = RUNSTATE_runnable;
    rs_live.state_entry_time = 100;
}

/* While XEN_RUNSTATE_UPDATE is set the reader waits and reads again; the
 * half-written times (10) are never used. */
static void steal_update_flag_retries(void)
{
    int32_t state = -1;

    vmi_x86_fake_reset();
    memset(&rs_live, 0, sizeof(rs_live));
    rs_live.time[RUNSTATE_runnable] = 10;
    rs_live.state_entry_time = 99 | XEN_RUNSTATE_UPDATE;
    pauses = 0;
    vmi_x86_fake_pause_hook(update_done);
    VMI_ASSERT_EQ(vmi__xen_runstate_steal(&rs_live, &state), 25);
    VMI_ASSERT_EQ(state, RUNSTATE_runnable);
    VMI_ASSERT_EQ(pauses, 1);
}

static void steal_not_registered(void)
{
    uint64_t ns = 0;

    xf_setup();
    xf.runstate_ret = -XEN_ENOSYS;
    xf_new_domain();
    VMI_ASSERT_STATUS(xf_rebind(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_steal_time_get(&ns), VMI_ENOTSUP);
}

static const struct vmi_test_case cases[] = {
    {"scale_shift_left_and_right", scale_shift_left_and_right},
    {"scale_large_deltas", scale_large_deltas},
    {"scale_tsc_behind_record", scale_tsc_behind_record},
    {"scale_stamp_before_zero", scale_stamp_before_zero},
    {"hz_from_record", hz_from_record},
    {"version_odd_retries", version_odd_retries},
    {"version_changed_retries", version_changed_retries},
    {"monotonic_and_tsc_freq", monotonic_and_tsc_freq},
    {"monotonic_never_decreases", monotonic_never_decreases},
    {"wallclock_adds_system_time", wallclock_adds_system_time},
    {"timer_arm_hypercall", timer_arm_hypercall},
    {"timer_arm_struct", timer_arm_struct},
    {"timer_arm_refused", timer_arm_refused},
    {"steal_is_runnable_plus_offline", steal_is_runnable_plus_offline},
    {"steal_update_flag_retries", steal_update_flag_retries},
    {"steal_not_registered", steal_not_registered},
};

VMI_TEST_MAIN("xen_time", cases)
