/* The TSC clock: frequency, monotonic time and the one-shot timer (VMI-TIME-002..008). */
#include <vmi-stubs/stubs.h>
#include "native_internal.h"

/*
 * Time is the TSC.  Its frequency comes from, in order: the guest's
 * config (it may know better), the hint of an adapter built on native
 * (what its hypervisor reported), CPUID 0x15 (crystal clock times the TSC
 * ratio: exact where Intel enumerates it), the 0x40000010 timing leaf of a
 * hypervisor at 0x40000000 (VMware, QEMU/KVM with a known TSC), the guest's
 * calibrate_tsc hook, and last a PIT calibration (calibrate.c).  CPUID
 * 0x16 is not used: it is the nominal base frequency, not the TSC's.
 * Monotonic time assumes TSCs that tick together on every CPU (invariant
 * and synchronised, as on any host a hypervisor migrates between), and
 * clamps to the last reading handed out so that small skews never make it
 * run backwards across CPUs (VMI-TIME-002).
 */

#define TSC_HZ_MIN UINT64_C(1000000)
#define TSC_HZ_MAX UINT64_C(100000000000)
#define CPUID1_ECX_TSC_DEADLINE (1u << 24)
#define LEAF_TIMING 0x40000010u
#define LVT_TSC_DEADLINE (2u << 17)

__extension__ typedef unsigned __int128 u128;

static uint64_t mono_last;

static int hz_plausible(uint64_t hz)
{
    return hz >= TSC_HZ_MIN && hz <= TSC_HZ_MAX;
}

static uint64_t hz_from_leaf15(void)
{
    struct vmi_cpuid_regs r;

    vmi_x86_cpuid(0, 0, &r);
    if (r.eax < 0x15)
        return 0;
    vmi_x86_cpuid(0x15, 0, &r);
    if (!r.eax || !r.ebx || !r.ecx)
        return 0;
    return (uint64_t)r.ecx * r.ebx / r.eax;
}

/* The timing leaf belongs to the range at 0x40000000 only, and must be
 * within its maximum (bhyve answers higher leaves with the maximum's). */
uint64_t vmi__native_timing_leaf(int bus)
{
    const struct vmi_hv_info *hv = vmi_hv();
    struct vmi_cpuid_regs r;

    if (!hv->count || hv->found[0].base_leaf != 0x40000000u || hv->found[0].max_leaf < LEAF_TIMING)
        return 0;
    vmi_x86_cpuid(LEAF_TIMING, 0, &r);
    return (uint64_t)(bus ? r.ebx : r.eax) * 1000u;
}

static uint64_t tsc_hz_find(uint64_t hint)
{
    const struct vmi_native_config *cfg = &vmi__native.cfg;
    uint64_t hz = cfg->tsc_hz;

    if (!hz_plausible(hz))
        hz = hint;
    if (!hz_plausible(hz))
        hz = hz_from_leaf15();
    if (!hz_plausible(hz))
        hz = vmi__native_timing_leaf(0);
    if (!hz_plausible(hz) && cfg->calibrate_tsc)
        hz = cfg->calibrate_tsc();
    if (!hz_plausible(hz))
        hz = vmi_native_pit_calibrate();
    return hz_plausible(hz) ? hz : 0;
}

/* ns -> ticks of a clock at hz: ticks = ns * mult >> shift, with the
 * largest shift (up to 32) for which hz << shift fits in 64 bits, so no
 * 128-bit division (a libgcc call) is ever needed. */
uint64_t vmi__native_scale_make(uint64_t hz, uint32_t *shift)
{
    *shift = 32;
    while (*shift && (hz >> (64 - *shift)))
        (*shift)--;
    return (hz << *shift) / NS_PER_S;
}

uint64_t vmi__native_scale(uint64_t ns, uint64_t mult, uint32_t shift)
{
    u128 t = ((u128)ns * mult) >> shift;

    return t >> 64 ? UINT64_MAX : (uint64_t)t;
}

uint64_t vmi__native_ns_to_ticks(uint64_t ns)
{
    return vmi__native_scale(ns, vmi__native.tick_mult, vmi__native.tick_shift);
}

void vmi__native_time_init(uint64_t tsc_hz_hint)
{
    struct vmi_cpuid_regs r;
    struct vmi__native *n = &vmi__native;

    vmi_x86_cpuid(1, 0, &r);
    n->tsc_deadline = (r.ecx & CPUID1_ECX_TSC_DEADLINE) != 0;
    n->tsc_hz = tsc_hz_find(tsc_hz_hint);
    mono_last = 0;
    if (!n->tsc_hz)
        return;
    n->ns_mult = (NS_PER_S << 32) / n->tsc_hz;
    n->tick_mult = vmi__native_scale_make(n->tsc_hz, &n->tick_shift);
    n->tsc_origin = vmi_x86_rdtsc();
    if (!n->tsc_deadline && n->apic_mode != VMI__APIC_NONE)
        n->apic_timer_hz = vmi__native_apic_timer_hz();
}

vmi_status_t vmi__native_tsc_freq_get(uint64_t *hz)
{
    /* VMI-TIME-004 */
    if (!vmi__native_has(VMI_FEAT_TIME_TSCFREQ))
        return VMI_ENOTSUP;
    if (!hz)
        return VMI_EINVAL;
    *hz = vmi__native.tsc_hz;
    return VMI_OK;
}

/* Nanoseconds since init, never below what any CPU was last given. */
static uint64_t monotonic_now(void)
{
    uint64_t tsc = vmi_x86_rdtsc(), ticks = tsc > vmi__native.tsc_origin
                                                ? tsc - vmi__native.tsc_origin : 0;
    uint64_t ns = (uint64_t)(((u128)ticks * vmi__native.ns_mult) >> 32);
    uint64_t last = __atomic_load_n(&mono_last, __ATOMIC_ACQUIRE);

    do {
        if (ns <= last)
            return last;
    } while (!__atomic_compare_exchange_n(&mono_last, &last, ns, 0, __ATOMIC_ACQ_REL,
                                          __ATOMIC_ACQUIRE));
    return ns;
}

vmi_status_t vmi__native_monotonic_get(uint64_t *ns)
{
    /* VMI-TIME-002, VMI-TIME-003: resolution is one TSC tick. */
    if (!vmi__native_has(VMI_FEAT_TIME_MONOTONIC))
        return VMI_ENOTSUP;
    if (!ns)
        return VMI_EINVAL;
    *ns = monotonic_now();
    return VMI_OK;
}

static void deadline_arm(uint64_t deadline_ns, uint32_t vector)
{
    uint64_t ticks = vmi__native_ns_to_ticks(deadline_ns);
    uint64_t tsc = ticks > UINT64_MAX - vmi__native.tsc_origin ? UINT64_MAX
                                                               : vmi__native.tsc_origin + ticks;

    vmi__native_apic_put(VMI_APIC_LVT_TIMER, vector | LVT_TSC_DEADLINE);
    /* The SDM wants the LVT write ordered before the deadline MSR write. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    /* 0 would disarm; a deadline at the origin is long past anyway. */
    vmi_x86_wrmsr(VMI_X86_MSR_TSC_DEADLINE, tsc ? tsc : 1);
}

vmi_status_t vmi__native_timer_arm(uint64_t deadline_ns, uint32_t vector)
{
    /* VMI-TIME-005, VMI-TIME-006, VMI-TIME-008: both hardware timers are
     * one-shot, and re-arming replaces the old deadline. */
    if (!vmi__native_has(VMI_FEAT_TIME_TIMER))
        return VMI_ENOTSUP;
    if (vector < VMI_VECTOR_MIN || vector > VMI_VECTOR_MAX)
        return VMI_EINVAL;
    /* The old deadline goes first: were it still live while the LVT takes
     * the new vector, its expiry could arrive as the new timer, early. */
    vmi__native_timer_stop();
    if (vmi__native.tsc_deadline)
        deadline_arm(deadline_ns, vector);
    else
        vmi__native_oneshot_arm(deadline_ns, monotonic_now(), vector);
    return VMI_OK;
}

void vmi__native_timer_stop(void)
{
    if (vmi__native.apic_mode == VMI__APIC_NONE)
        return;
    if (vmi__native.tsc_deadline)
        vmi_x86_wrmsr(VMI_X86_MSR_TSC_DEADLINE, 0);
    else
        vmi__native_apic_put(VMI_APIC_TIMER_ICR, 0);
}

vmi_status_t vmi__native_timer_cancel(void)
{
    /* VMI-TIME-007 */
    if (!vmi__native_has(VMI_FEAT_TIME_TIMER))
        return VMI_ENOTSUP;
    vmi__native_timer_stop();
    return VMI_OK;
}

vmi_status_t vmi__native_steal_time_get(uint64_t *ns)
{
    /* Bare hardware steals nothing it could count: TIME_STEAL is not
     * offered. */
    (void)ns;
    return VMI_ENOTSUP;
}
