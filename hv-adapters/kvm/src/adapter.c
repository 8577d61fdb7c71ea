/* The KVM adapter's descriptor, probe and init: which KVM mechanism backs which call. */
#include <vmi-stubs/register.h>
#include "kvm_internal.h"

#define KVM_ADAPTER_VERSION 0x00010000u   /* 1.0 */
#define TSC_HZ_MIN UINT64_C(1000000)
#define TSC_HZ_MAX UINT64_C(100000000000)

struct vmi__kvm vmi__kvm;

/* Filled at init: native's functions, then KVM's where the feature leaf
 * offers the mechanism.  A slot left native is the fallback. */
static struct vmi_ops kvm_ops;

static uint32_t kvm_probe(void)
{
    return vmi_hv_find(KVM_SIGNATURE) ? VMI_PROBE_HYPERVISOR : VMI_PROBE_NONE;
}

static vmi_status_t kvm_init(void);

struct vmi_adapter vmi_kvm_adapter = {
    sizeof(struct vmi_adapter), VMI_ABI_VERSION, "kvm", "VMI project",
    KVM_ADAPTER_VERSION, 0, {0}, kvm_probe, kvm_init, &kvm_ops,
};
VMI_ADAPTER_REGISTER(vmi_kvm_adapter);

int vmi__kvm_has(uint32_t feature_bit)
{
    return (vmi__kvm.features >> feature_bit) & 1u;
}

/* A vCPU that is never preempted (the REALTIME hint) never has a flush
 * left for its resume, so the check of its flag would be wasted. */
int vmi__kvm_uses_tlb_flush(void)
{
    return vmi__kvm_has(KVM_FEATURE_PV_TLB_FLUSH) && vmi__kvm_has(KVM_FEATURE_STEAL_TIME) &&
           !(vmi__kvm.hints >> KVM_HINTS_REALTIME & 1u);
}

/* kvmclock through the new MSRs, else the legacy pair, else none. */
static void clock_msrs_pick(void)
{
    if (vmi__kvm_has(KVM_FEATURE_CLOCKSOURCE2)) {
        vmi__kvm.msr_clock = MSR_KVM_SYSTEM_TIME_NEW;
        vmi__kvm.msr_wall = MSR_KVM_WALL_CLOCK_NEW;
    } else if (vmi__kvm_has(KVM_FEATURE_CLOCKSOURCE)) {
        vmi__kvm.msr_clock = MSR_KVM_SYSTEM_TIME;
        vmi__kvm.msr_wall = MSR_KVM_WALL_CLOCK;
    }
}

/* KVM fills the page on the exit the WRMSR causes, so it is valid once
 * CPU 0 registered it.  A page with no plausible rate leaves time to
 * native, and is withdrawn so that KVM stops writing it. */
static void clock_check(void)
{
    struct vmi__kvm_cpu *c = &vmi__kvm_cpu[0];
    uint64_t hz = 0;

    if (c->clock_on)
        hz = vmi__kvm_pvclock_hz(c->clock.tsc_to_system_mul, c->clock.tsc_shift);
    if (hz >= TSC_HZ_MIN && hz <= TSC_HZ_MAX) {
        vmi__kvm.tsc_hz = hz;
        return;
    }
    if (c->clock_on)
        vmi_x86_wrmsr_safe(vmi__kvm.msr_clock, 0);
    c->clock_on = 0;
    vmi__kvm.msr_clock = vmi__kvm.msr_wall = 0;
}

static void feature_set(uint32_t feature)
{
    vmi_kvm_adapter.features[VMI_FEATURE_GROUP(feature)] |= VMI_FEATURE_MASK(feature);
}

/* Native's bitmap, plus what KVM adds: steal time and directed yield,
 * which bare hardware lacks, and a kick that needs no APIC. */
static void features_compute(void)
{
    uint32_t g;

    for (g = 0; g < 16; g++)
        vmi_kvm_adapter.features[g] = vmi_native_adapter.features[g];
    if (vmi__kvm.msr_clock) {
        feature_set(VMI_FEAT_TIME_WALLCLOCK);
        feature_set(VMI_FEAT_TIME_MONOTONIC);
        feature_set(VMI_FEAT_TIME_TSCFREQ);
    }
    if (vmi__kvm_cpu[0].steal_on)
        feature_set(VMI_FEAT_TIME_STEAL);
    if (vmi__kvm_has(KVM_FEATURE_PV_SCHED_YIELD))
        feature_set(VMI_FEAT_SMP_YIELDTO);
    if (vmi__kvm_has(KVM_FEATURE_PV_UNHALT))
        feature_set(VMI_FEAT_SMP_KICK);
}

static void ops_time(struct vmi_ops *o)
{
    o->wallclock_get = vmi__kvm_wallclock_get;
    o->monotonic_get = vmi__kvm_monotonic_get;
    o->tsc_freq_get = vmi__kvm_tsc_freq_get;
    o->timer_arm = vmi__kvm_timer_arm;
}

static void ops_fill(void)
{
    struct vmi_ops *o = &kvm_ops;

#define VMI__KVM_NATIVE_SLOT(num, group, name, ret, attrs, feat, n, params) \
    o->name = vmi__native_ops.name;
    VMI_CALL_LIST(VMI__KVM_NATIVE_SLOT)
#undef VMI__KVM_NATIVE_SLOT
    o->features_get = vmi__kvm_features_get;
    o->call_supported = vmi__kvm_call_supported;
    o->adapter_info_get = vmi__kvm_adapter_info_get;
    o->cpu_stop = vmi__kvm_cpu_stop;
    o->shutdown = vmi__kvm_shutdown;
    o->reboot = vmi__kvm_reboot;
    o->crash = vmi__kvm_crash;
    if (vmi__kvm.msr_clock)
        ops_time(o);
    if (vmi__kvm_cpu[0].steal_on) {
        o->steal_time_get = vmi__kvm_steal_time_get;
        o->cpu_preempted = vmi__kvm_cpu_preempted;
    }
    if (vmi__kvm_cpu[0].eoi_on)
        o->apic_eoi = vmi__kvm_apic_eoi;
    if (vmi__kvm_has(KVM_FEATURE_PV_SEND_IPI)) {
        o->ipi_send_mask = vmi__kvm_ipi_send_mask;
        o->ipi_send_allbutself = vmi__kvm_ipi_send_allbutself;
    }
    if (vmi__kvm_uses_tlb_flush() && vmi__kvm_cpu[0].steal_on)
        o->tlb_flush_range = vmi__kvm_tlb_flush_range;
    if (vmi__kvm_has(KVM_FEATURE_PV_SCHED_YIELD))
        o->cpu_yield_to = vmi__kvm_cpu_yield_to;
    if (vmi__kvm_has(KVM_FEATURE_PV_UNHALT))
        o->cpu_kick = vmi__kvm_cpu_kick;
    if (vmi__kvm_has(KVM_FEATURE_NOP_IO_DELAY))
        o->io_delay = vmi__kvm_io_delay;
}

static void use_note(uint32_t kvm_bit, uint32_t feature, const char *mechanism)
{
    vmi__kvm.use.features |= (uint64_t)1 << kvm_bit;
    vmi__native_hv_use_add(&vmi__kvm.use, feature, mechanism);
}

/* What adapter_info_get reports, read from the slots ops_fill bound, so
 * it names a mechanism only when a call goes through it (VMI-DISC-010). */
static void use_compute(void)
{
    const struct vmi_ops *o = &kvm_ops;
    uint32_t clock = vmi__kvm.msr_clock == MSR_KVM_SYSTEM_TIME_NEW ? KVM_FEATURE_CLOCKSOURCE2
                                                                   : KVM_FEATURE_CLOCKSOURCE;

    if (o->monotonic_get == vmi__kvm_monotonic_get) {
        use_note(clock, VMI_FEAT_TIME_MONOTONIC, "kvmclock");
        use_note(clock, VMI_FEAT_TIME_TSCFREQ, "kvmclock");
        use_note(clock, VMI_FEAT_TIME_WALLCLOCK, "wallclock-msr");
        use_note(clock, VMI_FEAT_TIME_TIMER, "kvmclock+lapic");
    }
    if (o->steal_time_get == vmi__kvm_steal_time_get) {
        use_note(KVM_FEATURE_STEAL_TIME, VMI_FEAT_TIME_STEAL, "steal-time");
        use_note(KVM_FEATURE_STEAL_TIME, VMI_FEAT_SMP_PREEMPTED, "steal-time");
    }
    if (o->apic_eoi == vmi__kvm_apic_eoi)
        use_note(KVM_FEATURE_PV_EOI, VMI_FEAT_APIC_EOI, "pv-eoi");
    if (o->ipi_send_mask == vmi__kvm_ipi_send_mask)
        use_note(KVM_FEATURE_PV_SEND_IPI, VMI_FEAT_APIC_IPI, "pv-send-ipi");
    if (o->tlb_flush_range == vmi__kvm_tlb_flush_range)
        use_note(KVM_FEATURE_PV_TLB_FLUSH, VMI_FEAT_TLB_REMOTE, "pv-tlb-flush");
    if (o->cpu_yield_to == vmi__kvm_cpu_yield_to)
        use_note(KVM_FEATURE_PV_SCHED_YIELD, VMI_FEAT_SMP_YIELDTO, "sched-yield");
    if (o->cpu_kick == vmi__kvm_cpu_kick)
        use_note(KVM_FEATURE_PV_UNHALT, VMI_FEAT_SMP_KICK, "kick-cpu");
    if (o->io_delay == vmi__kvm_io_delay)
        use_note(KVM_FEATURE_NOP_IO_DELAY, VMI_FEAT_IO_DELAY, "nop-io-delay");
}

/* Forgets the previous binding's state; the areas are rewritten as each
 * CPU registers them. */
static void state_reset(void)
{
    uint8_t *p = (uint8_t *)&vmi__kvm;
    uint32_t i;

    for (i = 0; i < sizeof(vmi__kvm); i++)
        p[i] = 0;
    for (i = 0; i < VMI_NATIVE_CPU_MAX; i++)
        vmi__kvm_cpu[i].clock_on = vmi__kvm_cpu[i].steal_on = vmi__kvm_cpu[i].eoi_on = 0;
}

static vmi_status_t kvm_init(void)
{
    const struct vmi_hv_leaf *leaf = vmi_hv_find(KVM_SIGNATURE);
    struct vmi_cpuid_regs r;
    vmi_status_t st;

    if (!leaf)
        return VMI_ENOTSUP;
    state_reset();
    vmi__kvm.base = leaf->base_leaf;
    vmi_x86_cpuid(leaf->base_leaf + KVM_LEAF_FEATURES, 0, &r);
    vmi__kvm.features = r.eax;
    vmi__kvm.hints = r.edx;
    vmi__kvm_vendor_init();
    clock_msrs_pick();
    /* CPU 0 registers first: its clock page gives native the TSC rate. */
    vmi__kvm_cpu_up(0);
    clock_check();
    st = vmi__native_init(vmi__kvm.tsc_hz);
    if (st != VMI_OK)
        return st;
    vmi__native.cpu_online_hook = vmi__kvm_cpu_up;
    features_compute();
    ops_fill();
    use_compute();
    return VMI_OK;
}

/* ---- discovery, native's code on this adapter's descriptor ---- */

vmi_status_t vmi__kvm_features_get(uint32_t group, uint64_t *bitmap)
{
    return vmi__native_disc_features(&vmi_kvm_adapter, group, bitmap);
}

vmi_status_t vmi__kvm_call_supported(uint32_t call, uint32_t *supported)
{
    return vmi__native_disc_supported(&vmi_kvm_adapter, call, supported);
}

vmi_status_t vmi__kvm_adapter_info_get(struct vmi_adapter_info *info)
{
    /* VMI-DISC-007, VMI-DISC-008: KVM's own range, wherever it sits (at
     * 0x40000100 behind Hyper-V's when QEMU enables enlightenments).  KVM
     * has no version leaf, so hv_version stays 0.  VMI-DISC-010:
     * hv_features holds the CPUID base+1 EAX bits in use. */
    return vmi__native_disc_info(&vmi_kvm_adapter, vmi_hv_find(KVM_SIGNATURE), &vmi__kvm.use,
                                 info);
}
