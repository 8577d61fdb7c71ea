/* Native adapter: TSC frequency sources, monotonic time, both timers, the CMOS wallclock. */
#include "native_fixture.h"

#define LVT_TSC_DEADLINE (2u << 17)

static void tsc_hz_from_config(void)
{
    uint64_t hz = 0;

    nf_setup();
    VMI_ASSERT_STATUS(vmi_tsc_freq_get(&hz), VMI_OK);
    VMI_ASSERT_EQ(hz, NF_TSC_HZ);
    VMI_ASSERT_STATUS(vmi_tsc_freq_get(NULL), VMI_EINVAL);
}

static void tsc_hz_from_cpuid_15(void)
{
    uint64_t hz = 0;

    nf_setup();
    nf_cfg.tsc_hz = 0;
    vmi_x86_fake_cpuid_set(0, 0, 0x15, 0, 0, 0);
    vmi_x86_fake_cpuid_set(0x15, 0, 2, 200, 24000000, 0);   /* 24 MHz * 200 / 2 */
    VMI_ASSERT_STATUS(nf_rebind(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_tsc_freq_get(&hz), VMI_OK);
    VMI_ASSERT_EQ(hz, 2400000000u);
}

static void tsc_hz_from_timing_leaf(void)
{
    uint64_t hz = 0;

    nf_setup();
    nf_cfg.tsc_hz = 0;
    vmi_x86_fake_cpuid_set(0x40000000u, 0, 0x40000010u, 0x4b4d564bu, 0x564b4d56u, 0x4du);
    vmi_x86_fake_cpuid_set(0x40000010u, 0, 2500000, 1000000, 0, 0);
    VMI_ASSERT_STATUS(nf_rebind(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_tsc_freq_get(&hz), VMI_OK);
    VMI_ASSERT_EQ(hz, 2500000000u);
}

static uint64_t guest_calibration(void)
{
    return 1500000000u;
}

static void tsc_hz_from_guest_hook(void)
{
    uint64_t hz = 0;

    nf_setup();
    nf_cfg.tsc_hz = 0;
    nf_cfg.calibrate_tsc = guest_calibration;
    VMI_ASSERT_STATUS(nf_rebind(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_tsc_freq_get(&hz), VMI_OK);
    VMI_ASSERT_EQ(hz, 1500000000u);
}

static int pit_reads;

/* Port 0x61: OUT2 (bit 5) rises on the third poll. */
static uint32_t pit_in(uint16_t port, uint32_t width)
{
    (void)width;
    return port == 0x61 && ++pit_reads > 3 ? 0x20 : 0;
}

static void tsc_hz_from_pit(void)
{
    uint64_t hz = 0;

    nf_setup();
    nf_cfg.tsc_hz = 0;
    pit_reads = 0;
    vmi_x86_fake_in_hook(pit_in);
    vmi_x86_fake_tsc_set(0, 150000000);   /* 150M ticks per 50 ms */
    VMI_ASSERT_STATUS(nf_rebind(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_tsc_freq_get(&hz), VMI_OK);
    VMI_ASSERT_EQ(hz, 3000000000u);
}

/* Nothing behind the ports: every read is all ones, OUT2 included. */
static uint32_t no_pit_in(uint16_t port, uint32_t width)
{
    (void)port;
    return width == 1 ? 0xffu : 0xffffffffu;
}

/* Timing OUT2 that is high from the start would time two port reads: no
 * PIT gives no rate, and without any other source no clock is offered. */
static void pit_absent_gives_no_rate(void)
{
    uint64_t hz = 0;

    nf_setup();
    nf_cfg.tsc_hz = 0;
    vmi_x86_fake_in_hook(no_pit_in);
    vmi_x86_fake_tsc_set(0, 150000);
    VMI_ASSERT_EQ(vmi_native_pit_calibrate(), 0);
    VMI_ASSERT_STATUS(nf_rebind(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_tsc_freq_get(&hz), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_timer_arm(1000000, 0x40), VMI_ENOTSUP);
}

static void pit_programming(void)
{
    nf_setup();
    pit_reads = 0;
    vmi_x86_fake_in_hook(pit_in);
    (void)vmi_native_pit_calibrate();
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_OUT, 0)->a, 0x61);
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_OUT, 0)->b, 0x01);   /* gate on, speaker off */
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_OUT, 1)->b, 0xb0);   /* ch 2, mode 0 */
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_OUT, 2)->b, 59659 & 0xff);
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_OUT, 3)->b, 59659 >> 8);
}

static void monotonic_counts_tsc_from_init(void)
{
    uint64_t ns = 0, origin;

    nf_setup();
    origin = vmi__native.tsc_origin;
    vmi_x86_fake_tsc_set(origin + 5000, 0);
    VMI_ASSERT_STATUS(vmi_monotonic_get(&ns), VMI_OK);
    VMI_ASSERT_EQ(ns, 5000);
    vmi_x86_fake_tsc_set(origin + 4000, 0);   /* another CPU's TSC, behind */
    VMI_ASSERT_STATUS(vmi_monotonic_get(&ns), VMI_OK);
    VMI_ASSERT_EQ(ns, 5000);
    VMI_ASSERT_STATUS(vmi_monotonic_get(NULL), VMI_EINVAL);
}

static void deadline_timer_encoding(void)
{
    const struct vmi_x86_fake_rec *stop, *lvt, *msr;
    uint64_t origin;

    nf_setup();
    origin = vmi__native.tsc_origin;
    VMI_ASSERT_STATUS(vmi_timer_arm(1000000, 0x30), VMI_OK);
    stop = nf_nth(VMI_X86_OP_MSR_WRITE, 0);
    lvt = nf_nth(VMI_X86_OP_MMIO_WRITE, 0);
    msr = nf_nth(VMI_X86_OP_MSR_WRITE, 1);
    VMI_ASSERT_EQ(stop->a, VMI_X86_MSR_TSC_DEADLINE);
    VMI_ASSERT_EQ(stop->b, 0);
    VMI_ASSERT_EQ(lvt->a, NF_APIC + VMI_APIC_LVT_TIMER);
    VMI_ASSERT_EQ(lvt->b, 0x30 | LVT_TSC_DEADLINE);
    VMI_ASSERT_EQ(msr->a, VMI_X86_MSR_TSC_DEADLINE);
    VMI_ASSERT_EQ(msr->b, origin + 1000000);
    /* The old deadline disarmed before the LVT takes the new vector, and
     * the LVT before the new deadline, as the SDM orders. */
    CU_ASSERT(stop < lvt);
    CU_ASSERT(lvt < msr);
    VMI_ASSERT_STATUS(vmi_timer_cancel(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_msr_get(VMI_X86_MSR_TSC_DEADLINE), 0);
}

static void timer_vector_checked_first(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_timer_arm(5, 15), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_timer_arm(5, 256), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_x86_fake_count(), 0);
}

/* No TSC-deadline: the APIC timer, calibrated against the TSC. */
static void oneshot_setup(void)
{
    nf_setup();
    vmi_x86_fake_cpuid_set(1, 0, 0, 0, 1u << 31, 0);
    vmi_x86_fake_mmio_set(NF_APIC + VMI_APIC_TIMER_CCR, 0xffffffffu - 10000000u);
    VMI_ASSERT_STATUS(nf_rebind(), VMI_OK);
    vmi_x86_fake_tsc_set(vmi__native.tsc_origin, 0);   /* time stands at 0 */
}

static void oneshot_calibrated_against_tsc(void)
{
    oneshot_setup();
    VMI_ASSERT_EQ(vmi__native.apic_timer_hz, 1000000000u);   /* 10M counts in 10 ms */
}

static void oneshot_timer_encoding(void)
{
    const struct vmi_x86_fake_rec *stop, *lvt;

    oneshot_setup();
    VMI_ASSERT_STATUS(vmi_timer_arm(1000000, 0x31), VMI_OK);
    /* The old count stopped before the LVT takes the new vector. */
    stop = nf_nth(VMI_X86_OP_MMIO_WRITE, 0);
    lvt = nf_nth(VMI_X86_OP_MMIO_WRITE, 1);
    VMI_ASSERT_EQ(stop->a, NF_APIC + VMI_APIC_TIMER_ICR);
    VMI_ASSERT_EQ(stop->b, 0);
    VMI_ASSERT_EQ(lvt->a, NF_APIC + VMI_APIC_LVT_TIMER);
    VMI_ASSERT_EQ(vmi_x86_fake_mmio_get(NF_APIC + VMI_APIC_LVT_TIMER), 0x31);
    VMI_ASSERT_EQ(vmi_x86_fake_mmio_get(NF_APIC + VMI_APIC_TIMER_DCR), 0xb);  /* divide 1 */
    VMI_ASSERT_EQ(vmi_x86_fake_mmio_get(NF_APIC + VMI_APIC_TIMER_ICR), 1000001);
    VMI_ASSERT_STATUS(vmi_timer_arm(10000000000u, 0x31), VMI_OK);             /* 10 s */
    VMI_ASSERT_EQ(vmi_x86_fake_mmio_get(NF_APIC + VMI_APIC_TIMER_DCR), 0x1);  /* divide 4 */
    VMI_ASSERT_EQ(vmi_x86_fake_mmio_get(NF_APIC + VMI_APIC_TIMER_ICR), 2500000001u);
    VMI_ASSERT_STATUS(vmi_timer_cancel(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_mmio_get(NF_APIC + VMI_APIC_TIMER_ICR), 0);
}

static void oneshot_past_deadline_fires_at_once(void)
{
    oneshot_setup();
    vmi_x86_fake_tsc_set(vmi__native.tsc_origin + 5000000, 0);
    VMI_ASSERT_STATUS(vmi_timer_arm(1000, 0x31), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_mmio_get(NF_APIC + VMI_APIC_TIMER_ICR), 1);
}

/* ---- the CMOS RTC, modelled behind ports 0x70/0x71 ---- */

static uint8_t cmos[128], cmos_index;
static int uip_reads;

static void cmos_out(uint16_t port, uint32_t width, uint32_t v)
{
    (void)width;
    if (port == 0x70)
        cmos_index = (uint8_t)(v & 0x7f);
}

static uint32_t cmos_in(uint16_t port, uint32_t width)
{
    (void)width;
    if (port != 0x71)
        return 0xff;
    if (cmos_index == 0x0a)
        return uip_reads-- > 0 ? 0x80 : 0x26;
    return cmos[cmos_index];
}

static void rtc_set(uint8_t s, uint8_t m, uint8_t h, uint8_t d, uint8_t mo, uint8_t y, uint8_t b)
{
    cmos[0] = s; cmos[2] = m; cmos[4] = h; cmos[7] = d; cmos[8] = mo; cmos[9] = y;
    cmos[0x0b] = b;
    vmi_x86_fake_in_hook(cmos_in);
    vmi_x86_fake_out_hook(cmos_out);
}

static void wallclock_bcd_24h(void)
{
    uint64_t ns = 0;

    nf_setup();
    uip_reads = 3;   /* the first reads land in an update */
    rtc_set(0x30, 0x45, 0x13, 0x15, 0x03, 0x24, 0x02);
    VMI_ASSERT_STATUS(vmi_wallclock_get(&ns), VMI_OK);
    VMI_ASSERT_EQ(ns, UINT64_C(1710510330) * 1000000000u);
}

static void wallclock_binary_12h(void)
{
    uint64_t ns = 0;

    nf_setup();
    uip_reads = 0;
    rtc_set(30, 45, 0x80 | 1, 15, 3, 24, 0x04);   /* 1 PM */
    VMI_ASSERT_STATUS(vmi_wallclock_get(&ns), VMI_OK);
    VMI_ASSERT_EQ(ns, UINT64_C(1710510330) * 1000000000u);
    rtc_set(0x00, 0x05, 0x12, 0x04, 0x07, 0x21, 0x00);   /* BCD, 12 AM */
    VMI_ASSERT_STATUS(vmi_wallclock_get(&ns), VMI_OK);
    VMI_ASSERT_EQ(ns, UINT64_C(1625357100) * 1000000000u);
}

static void wallclock_garbage_is_efault(void)
{
    uint64_t ns = 7;

    nf_setup();
    uip_reads = 0;
    rtc_set(0x30, 0x45, 0x13, 0x15, 0x13, 0x24, 0x02);   /* month 13 */
    VMI_ASSERT_STATUS(vmi_wallclock_get(&ns), VMI_EFAULT);
    VMI_ASSERT_EQ(ns, 7);
    VMI_ASSERT_STATUS(vmi_wallclock_get(NULL), VMI_EINVAL);
}

static void rtc_calendar_edges(void)
{
    const uint8_t leap[7] = {0, 0, 0, 0x29, 0x02, 0x00, 0x02};
    const uint8_t last[7] = {59, 59, 23, 31, 12, 99, 0x06};

    VMI_ASSERT_EQ(vmi__native_rtc_seconds(leap), 951782400u);
    VMI_ASSERT_EQ(vmi__native_rtc_seconds(last), 4102444799u);
}

static void steal_time_not_offered(void)
{
    uint64_t ns, bitmap = 0;

    nf_setup();
    VMI_ASSERT_STATUS(vmi_steal_time_get(&ns), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_features_get(VMI_GROUP_TIME, &bitmap), VMI_OK);
    VMI_ASSERT_EQ(bitmap, VMI_FEATURE_MASK(VMI_FEAT_TIME_WALLCLOCK) |
                              VMI_FEATURE_MASK(VMI_FEAT_TIME_MONOTONIC) |
                              VMI_FEATURE_MASK(VMI_FEAT_TIME_TSCFREQ) |
                              VMI_FEATURE_MASK(VMI_FEAT_TIME_TIMER));
}

static void scale_never_needs_division_overflow(void)
{
    uint32_t shift;
    uint64_t mult = vmi__native_scale_make(1000000000u, &shift);

    VMI_ASSERT_EQ(vmi__native_scale(123456789, mult, shift), 123456789);
    mult = vmi__native_scale_make(UINT64_C(100000000000), &shift);   /* 100 GHz */
    CU_ASSERT(shift < 32);
    CU_ASSERT(vmi__native_scale(1000000000u, mult, shift) > UINT64_C(99999999000));
    CU_ASSERT(vmi__native_scale(1000000000u, mult, shift) <= UINT64_C(100000000000));
    VMI_ASSERT_EQ(vmi__native_scale(UINT64_MAX, mult, shift), UINT64_MAX);
}

static const struct vmi_test_case cases[] = {
    {"tsc_hz_from_config", tsc_hz_from_config},
    {"tsc_hz_from_cpuid_15", tsc_hz_from_cpuid_15},
    {"tsc_hz_from_timing_leaf", tsc_hz_from_timing_leaf},
    {"tsc_hz_from_guest_hook", tsc_hz_from_guest_hook},
    {"tsc_hz_from_pit", tsc_hz_from_pit},
    {"pit_programming", pit_programming},
    {"pit_absent_gives_no_rate", pit_absent_gives_no_rate},
    {"monotonic_counts_tsc_from_init", monotonic_counts_tsc_from_init},
    {"deadline_timer_encoding", deadline_timer_encoding},
    {"timer_vector_checked_first", timer_vector_checked_first},
    {"oneshot_calibrated_against_tsc", oneshot_calibrated_against_tsc},
    {"oneshot_timer_encoding", oneshot_timer_encoding},
    {"oneshot_past_deadline_fires_at_once", oneshot_past_deadline_fires_at_once},
    {"wallclock_bcd_24h", wallclock_bcd_24h},
    {"wallclock_binary_12h", wallclock_binary_12h},
    {"wallclock_garbage_is_efault", wallclock_garbage_is_efault},
    {"rtc_calendar_edges", rtc_calendar_edges},
    {"steal_time_not_offered", steal_time_not_offered},
    {"scale_never_needs_division_overflow", scale_never_needs_division_overflow},
};

VMI_TEST_MAIN("native_time", cases)
