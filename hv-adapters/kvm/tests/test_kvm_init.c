/* KVM adapter: probe, identity, feature bitmap, and which MSR gets which value at init and teardown. */
#include <setjmp.h>
#include "kvm_fixture.h"

#define TIME_ALL (VMI_FEATURE_MASK(VMI_FEAT_TIME_WALLCLOCK) |                       \
                  VMI_FEATURE_MASK(VMI_FEAT_TIME_MONOTONIC) |                       \
                  VMI_FEATURE_MASK(VMI_FEAT_TIME_TSCFREQ) |                         \
                  VMI_FEATURE_MASK(VMI_FEAT_TIME_TIMER) | VMI_FEATURE_MASK(VMI_FEAT_TIME_STEAL))

static uint64_t gpa(const volatile void *p)
{
    return (uint64_t)(uintptr_t)p;
}

static void binds_on_signature_at_either_base(void)
{
    struct vmi_adapter_info info;

    kf_setup_full(KF_INTEL, 0x40000100u, KF_ALL, 0);
    CU_ASSERT_PTR_EQUAL(vmi_adapter_bound(), &vmi_kvm_adapter);
    VMI_ASSERT_EQ(vmi__kvm.base, 0x40000100u);
    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    VMI_ASSERT_STATUS(vmi_adapter_info_get(&info), VMI_OK);
    VMI_ASSERT_STR(info.name, "kvm");
    VMI_ASSERT_EQ(info.adapter_version, 0x00010000u);
    VMI_ASSERT_EQ(info.abi_version, VMI_ABI_VERSION);
    VMI_ASSERT_EQ(info.hv_base_leaf, 0x40000100u);
    CU_ASSERT(memcmp(info.hv_signature, "KVMKVMKVM\0\0\0", 12) == 0);
    VMI_ASSERT_EQ(info.hv_version, 0);
}

static void no_signature_binds_native(void)
{
    kf_setup(KF_ALL);
    vmi_x86_fake_cpuid_set(0x40000000u, 0, 0x40000001u, 0x54474354u, 0x43544743u, 0x47435447u);
    VMI_ASSERT_STATUS(kf_rebind(), VMI_OK);
    CU_ASSERT_PTR_EQUAL(vmi_adapter_bound(), &vmi_native_adapter);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_VMCALL), 0);
    CU_ASSERT(!kf_msr_written(MSR_KVM_SYSTEM_TIME_NEW, &(uint64_t){0}));
}

static void init_registers_every_area_of_cpu0(void)
{
    uint64_t v = 0;

    kf_setup(KF_ALL);
    vmi_x86_fake_log_clear();
    VMI_ASSERT_STATUS(kf_rebind(), VMI_OK);
    CU_ASSERT(kf_msr_written(MSR_KVM_SYSTEM_TIME_NEW, &v));
    VMI_ASSERT_EQ(v, gpa(&vmi__kvm_cpu[0].clock) | 1u);
    CU_ASSERT(kf_msr_written(MSR_KVM_STEAL_TIME, &v));
    VMI_ASSERT_EQ(v, gpa(&vmi__kvm_cpu[0].steal) | 1u);
    VMI_ASSERT_EQ(v & 0x3e, 0);                         /* 64-byte aligned */
    CU_ASSERT(kf_msr_written(MSR_KVM_PV_EOI_EN, &v));
    VMI_ASSERT_EQ(v, gpa(&vmi__kvm_cpu[0].eoi) | 1u);
    /* The wall clock is read on demand, the legacy MSRs never touched. */
    CU_ASSERT(!kf_msr_written(MSR_KVM_WALL_CLOCK_NEW, &v));
    CU_ASSERT(!kf_msr_written(MSR_KVM_SYSTEM_TIME, &v));
}

static void init_without_features_writes_no_kvm_msr(void)
{
    uint64_t v;

    kf_setup(0);
    vmi_x86_fake_log_clear();
    VMI_ASSERT_STATUS(kf_rebind(), VMI_OK);
    CU_ASSERT_PTR_EQUAL(vmi_adapter_bound(), &vmi_kvm_adapter);
    CU_ASSERT(!kf_msr_written(MSR_KVM_SYSTEM_TIME_NEW, &v));
    CU_ASSERT(!kf_msr_written(MSR_KVM_SYSTEM_TIME, &v));
    CU_ASSERT(!kf_msr_written(MSR_KVM_STEAL_TIME, &v));
    CU_ASSERT(!kf_msr_written(MSR_KVM_PV_EOI_EN, &v));
}

static void each_feature_bit_alone(void)
{
    uint64_t v;

    kf_setup(1u << KVM_FEATURE_STEAL_TIME);
    vmi_x86_fake_log_clear();
    VMI_ASSERT_STATUS(kf_rebind(), VMI_OK);
    CU_ASSERT(kf_msr_written(MSR_KVM_STEAL_TIME, &v));
    CU_ASSERT(!kf_msr_written(MSR_KVM_PV_EOI_EN, &v));
    CU_ASSERT(!kf_msr_written(MSR_KVM_SYSTEM_TIME_NEW, &v));
    kf_setup(1u << KVM_FEATURE_PV_EOI);
    vmi_x86_fake_log_clear();
    VMI_ASSERT_STATUS(kf_rebind(), VMI_OK);
    CU_ASSERT(!kf_msr_written(MSR_KVM_STEAL_TIME, &v));
    CU_ASSERT(kf_msr_written(MSR_KVM_PV_EOI_EN, &v));
}

static void legacy_clocksource_uses_old_msrs(void)
{
    uint64_t v = 0, ns = 0;

    kf_setup(1u << KVM_FEATURE_CLOCKSOURCE);
    vmi_x86_fake_log_clear();
    VMI_ASSERT_STATUS(kf_rebind(), VMI_OK);
    CU_ASSERT(kf_msr_written(MSR_KVM_SYSTEM_TIME, &v));
    VMI_ASSERT_EQ(v, gpa(&vmi__kvm_cpu[0].clock) | 1u);
    CU_ASSERT(!kf_msr_written(MSR_KVM_SYSTEM_TIME_NEW, &v));
    VMI_ASSERT_STATUS(vmi_wallclock_get(&ns), VMI_OK);
    CU_ASSERT(kf_msr_written(MSR_KVM_WALL_CLOCK, &v));
    VMI_ASSERT_EQ(v, gpa(&vmi__kvm.wall));
}

static void feature_bitmap_with_everything(void)
{
    uint64_t bitmap = 0;
    uint32_t supported = 0;

    kf_setup(KF_ALL);
    VMI_ASSERT_STATUS(vmi_features_get(VMI_GROUP_TIME, &bitmap), VMI_OK);
    VMI_ASSERT_EQ(bitmap, TIME_ALL);
    VMI_ASSERT_STATUS(vmi_features_get(VMI_GROUP_SMP, &bitmap), VMI_OK);
    VMI_ASSERT_EQ(bitmap, vmi_features_defined(VMI_GROUP_SMP) &
                              ~VMI_FEATURE_MASK(VMI_FEAT_SMP_START));   /* no trampoline */
    VMI_ASSERT_STATUS(vmi_call_supported(VMI_CALL_steal_time_get, &supported), VMI_OK);
    VMI_ASSERT_EQ(supported, 1);
    VMI_ASSERT_STATUS(vmi_call_supported(VMI_CALL_cpu_yield_to, &supported), VMI_OK);
    VMI_ASSERT_EQ(supported, 1);
}

static void feature_bitmap_without_features_is_native(void)
{
    uint64_t bitmap = 0, native_time = 0;
    uint32_t supported = 1;

    kf_setup(0);
    VMI_ASSERT_STATUS(vmi_features_get(VMI_GROUP_TIME, &bitmap), VMI_OK);
    native_time = vmi_native_adapter.features[VMI_GROUP_TIME];
    VMI_ASSERT_EQ(bitmap, native_time);
    CU_ASSERT(!(bitmap & VMI_FEATURE_MASK(VMI_FEAT_TIME_STEAL)));
    VMI_ASSERT_STATUS(vmi_call_supported(VMI_CALL_cpu_yield_to, &supported), VMI_OK);
    VMI_ASSERT_EQ(supported, 0);
    VMI_ASSERT_STATUS(vmi_cpu_yield_to(0), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_steal_time_get(&bitmap), VMI_ENOTSUP);
}

static void unfilled_clock_page_falls_back_to_native(void)
{
    uint64_t v = 0, hz = 0;

    kf_setup(KF_ALL);
    kf_clock.tsc_to_system_mul = 0;   /* the host never filled it */
    kf_cfg.tsc_hz = 2000000000u;
    vmi_x86_fake_log_clear();
    VMI_ASSERT_STATUS(kf_rebind(), VMI_OK);
    CU_ASSERT(kf_msr_written(MSR_KVM_SYSTEM_TIME_NEW, &v));
    VMI_ASSERT_EQ(v, 0);                                  /* withdrawn */
    VMI_ASSERT_STATUS(vmi_tsc_freq_get(&hz), VMI_OK);
    VMI_ASSERT_EQ(hz, 2000000000u);                       /* native's */
    CU_ASSERT_PTR_EQUAL(vmi_ops.monotonic_get, vmi__native_monotonic_get);
}

/* VMI-DISC-010: every mechanism the feature leaf offers and init enabled,
 * named, and its bit reported; the legacy clock MSRs and the stable-clock
 * hint are offered too but not what the adapter uses. */
static void adapter_info_names_mechanisms_in_use(void)
{
    struct vmi_adapter_info info;

    kf_setup(KF_ALL);
    memset(&info, 0xaa, sizeof(info));
    info.size = sizeof(info);
    VMI_ASSERT_STATUS(vmi_adapter_info_get(&info), VMI_OK);
    VMI_ASSERT_EQ(info.size, 512);
    VMI_ASSERT_EQ(info.hv_features, KF_ALL & ~((1u << KVM_FEATURE_CLOCKSOURCE) |
                                               (1u << KVM_FEATURE_CLOCKSOURCE_STABLE_BIT)));
    VMI_ASSERT_STR(info.mechanisms,
                   "TIME_MONOTONIC=kvmclock TIME_TSCFREQ=kvmclock TIME_WALLCLOCK=wallclock-msr "
                   "TIME_TIMER=kvmclock+lapic TIME_STEAL=steal-time SMP_PREEMPTED=steal-time "
                   "APIC_EOI=pv-eoi APIC_IPI=pv-send-ipi TLB_REMOTE=pv-tlb-flush "
                   "SMP_YIELDTO=sched-yield SMP_KICK=kick-cpu IO_DELAY=nop-io-delay");
    VMI_ASSERT_EQ(info.mechanisms[VMI_MECHANISMS_LEN - 1], 0);
}

/* VMI-DISC-010: kvmclock offered but its page never filled is withdrawn,
 * so the clock is the TSC's and the report does not claim kvmclock. */
static void adapter_info_omits_withdrawn_kvmclock(void)
{
    struct vmi_adapter_info info;

    kf_setup(1u << KVM_FEATURE_CLOCKSOURCE2);
    kf_clock.tsc_to_system_mul = 0;
    kf_cfg.tsc_hz = 2000000000u;
    VMI_ASSERT_STATUS(kf_rebind(), VMI_OK);
    memset(&info, 0xaa, sizeof(info));
    info.size = sizeof(info);
    VMI_ASSERT_STATUS(vmi_adapter_info_get(&info), VMI_OK);
    VMI_ASSERT_EQ(info.hv_features, 0);
    VMI_ASSERT_STR(info.mechanisms, "");
    /* A VMI 1.0 caller's 64 bytes end before the new fields. */
    memset(&info, 0xaa, sizeof(info));
    info.size = VMI_ADAPTER_INFO_SIZE_1_0;
    VMI_ASSERT_STATUS(vmi_adapter_info_get(&info), VMI_OK);
    VMI_ASSERT_EQ(info.size, 64);
    VMI_ASSERT_EQ(info.hv_features, UINT64_C(0xaaaaaaaaaaaaaaaa));
}

static void refused_msr_leaves_feature_to_native(void)
{
    uint64_t bitmap = 0;

    kf_setup(KF_ALL);
    vmi_x86_fake_fault_add(VMI_X86_OP_MSR_WRITE, MSR_KVM_STEAL_TIME);
    VMI_ASSERT_STATUS(kf_rebind(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_features_get(VMI_GROUP_TIME, &bitmap), VMI_OK);
    CU_ASSERT(!(bitmap & VMI_FEATURE_MASK(VMI_FEAT_TIME_STEAL)));
    CU_ASSERT_PTR_EQUAL(vmi_ops.cpu_preempted, vmi__native_cpu_preempted);
}

static void kvm_clock_rate_reaches_native(void)
{
    uint64_t hz = 0;

    kf_setup(KF_ALL);
    VMI_ASSERT_STATUS(vmi_tsc_freq_get(&hz), VMI_OK);
    VMI_ASSERT_EQ(hz, vmi__kvm_pvclock_hz(0xaaaaaaabu, -1));
    VMI_ASSERT_EQ(vmi__native.tsc_hz, hz);               /* no PIT calibration */
    CU_ASSERT(hz > 2999999990u && hz <= 3000000000u);
}

static uint64_t v2p_base;

static uint64_t offset_v2p(const void *va)
{
    return (uint64_t)(uintptr_t)va - v2p_base + 0x100000u;
}

static void virt_to_phys_gives_the_gpa(void)
{
    uint64_t v = 0;

    kf_setup(1u << KVM_FEATURE_STEAL_TIME);
    v2p_base = (uint64_t)(uintptr_t)vmi__kvm_cpu;
    kf_cfg.virt_to_phys = offset_v2p;
    vmi_x86_fake_log_clear();
    VMI_ASSERT_STATUS(kf_rebind(), VMI_OK);
    CU_ASSERT(kf_msr_written(MSR_KVM_STEAL_TIME, &v));
    VMI_ASSERT_EQ(v, 0x100000u | 1u);
}

static void online_cpu_registers_its_own_areas(void)
{
    uint64_t v = 0;

    kf_setup(KF_ALL);
    VMI_ASSERT_STATUS(vmi_native_cpu_add(1, 4), VMI_OK);
    vmi_x86_fake_mmio_set(KF_APIC + VMI_APIC_ID, 4u << 24);   /* running on CPU 1 */
    vmi_native_cpu_online();
    CU_ASSERT(vmi__native.cpu[1].online);
    CU_ASSERT(kf_msr_written(MSR_KVM_SYSTEM_TIME_NEW, &v));
    VMI_ASSERT_EQ(v, gpa(&vmi__kvm_cpu[1].clock) | 1u);
    CU_ASSERT(kf_msr_written(MSR_KVM_STEAL_TIME, &v));
    VMI_ASSERT_EQ(v, gpa(&vmi__kvm_cpu[1].steal) | 1u);
    CU_ASSERT(kf_msr_written(MSR_KVM_PV_EOI_EN, &v));
    VMI_ASSERT_EQ(v, gpa(&vmi__kvm_cpu[1].eoi) | 1u);
}

static uint64_t trampoline_stub(const struct vmi_native_start *s)
{
    (void)s;
    return 0;
}

static jmp_buf halted;

static void escape_halt(void)
{
    longjmp(halted, 1);
}

/* Every KVM MSR the CPU registered got 0, after interrupts went off. */
static void assert_torn_down(void)
{
    const struct vmi_x86_fake_rec *cli = kf_nth(VMI_X86_OP_CLI, 0);
    uint32_t msrs[3] = {MSR_KVM_SYSTEM_TIME_NEW, MSR_KVM_STEAL_TIME, MSR_KVM_PV_EOI_EN};
    uint64_t v;
    size_t i;

    CU_ASSERT_PTR_NOT_NULL(cli);
    for (i = 0; i < 3; i++) {
        CU_ASSERT(kf_msr_written(msrs[i], &v));
        VMI_ASSERT_EQ(v, 0);
        CU_ASSERT(cli < vmi_x86_fake_last(VMI_X86_OP_MSR_WRITE, msrs[i]));
    }
}

static void cpu_stop_withdraws_this_cpu(void)
{
    kf_setup(KF_ALL);
    kf_cfg.trampoline = trampoline_stub;   /* offers SMP_START */
    VMI_ASSERT_STATUS(kf_rebind(), VMI_OK);
    kf_cpu_up(1, 4);
    vmi_x86_fake_mmio_set(KF_APIC + VMI_APIC_ID, 4u << 24);
    vmi_native_cpu_online();
    vmi_x86_fake_log_clear();
    vmi_x86_fake_hlt_hook(escape_halt);
    if (!setjmp(halted))
        (void)vmi_cpu_stop();
    assert_torn_down();
    CU_ASSERT(!vmi__kvm_cpu[1].clock_on && !vmi__kvm_cpu[1].steal_on && !vmi__kvm_cpu[1].eoi_on);
    CU_ASSERT(!vmi__native.cpu[1].online);
}

static void cpu0_stop_refused_and_keeps_areas(void)
{
    uint64_t v;

    kf_setup(KF_ALL);
    kf_cfg.trampoline = trampoline_stub;
    VMI_ASSERT_STATUS(kf_rebind(), VMI_OK);
    vmi_x86_fake_log_clear();
    VMI_ASSERT_STATUS(vmi_cpu_stop(), VMI_EBUSY);
    CU_ASSERT(!kf_msr_written(MSR_KVM_STEAL_TIME, &v));
    CU_ASSERT(vmi__kvm_cpu[0].steal_on);
}

static void teardown_writes_only_what_was_enabled(void)
{
    uint64_t v = 1;

    kf_setup(1u << KVM_FEATURE_STEAL_TIME);
    vmi_x86_fake_hlt_hook(escape_halt);
    if (!setjmp(halted))
        (void)vmi_shutdown(0);
    CU_ASSERT(kf_msr_written(MSR_KVM_STEAL_TIME, &v));
    VMI_ASSERT_EQ(v, 0);
    CU_ASSERT(!kf_msr_written(MSR_KVM_SYSTEM_TIME_NEW, &v));
    CU_ASSERT(!kf_msr_written(MSR_KVM_SYSTEM_TIME, &v));
    CU_ASSERT(!kf_msr_written(MSR_KVM_PV_EOI_EN, &v));
    kf_setup(1u << KVM_FEATURE_CLOCKSOURCE);
    vmi_x86_fake_hlt_hook(escape_halt);
    if (!setjmp(halted))
        (void)vmi_shutdown(0);
    CU_ASSERT(kf_msr_written(MSR_KVM_SYSTEM_TIME, &v));
    VMI_ASSERT_EQ(v, 0);
    CU_ASSERT(!kf_msr_written(MSR_KVM_SYSTEM_TIME_NEW, &v));
    CU_ASSERT(!kf_msr_written(MSR_KVM_STEAL_TIME, &v));
}

static void shutdown_withdraws_then_exits(void)
{
    const struct vmi_x86_fake_rec *out;

    kf_setup(KF_ALL);
    vmi_x86_fake_hlt_hook(escape_halt);
    VMI_ASSERT_STATUS(vmi_shutdown(256), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_MSR_WRITE), 0);
    if (!setjmp(halted))
        (void)vmi_shutdown(3);
    assert_torn_down();
    out = vmi_x86_fake_last(VMI_X86_OP_OUT, 0xf4);
    CU_ASSERT_PTR_NOT_NULL(out);
    if (out) {
        VMI_ASSERT_EQ(out->b, 3);
        CU_ASSERT(vmi_x86_fake_last(VMI_X86_OP_MSR_WRITE, MSR_KVM_STEAL_TIME) < out);
    }
}

static void reboot_and_crash_withdraw(void)
{
    kf_setup(KF_ALL);
    vmi_x86_fake_hlt_hook(escape_halt);
    if (!setjmp(halted))
        (void)vmi_reboot();
    assert_torn_down();
    VMI_ASSERT_STATUS(kf_rebind(), VMI_OK);
    vmi_x86_fake_log_clear();
    if (!setjmp(halted))
        (void)vmi_crash(0x1234);
    assert_torn_down();
}

static const struct vmi_test_case cases[] = {
    {"binds_on_signature_at_either_base", binds_on_signature_at_either_base},
    {"no_signature_binds_native", no_signature_binds_native},
    {"init_registers_every_area_of_cpu0", init_registers_every_area_of_cpu0},
    {"init_without_features_writes_no_kvm_msr", init_without_features_writes_no_kvm_msr},
    {"each_feature_bit_alone", each_feature_bit_alone},
    {"legacy_clocksource_uses_old_msrs", legacy_clocksource_uses_old_msrs},
    {"feature_bitmap_with_everything", feature_bitmap_with_everything},
    {"feature_bitmap_without_features_is_native", feature_bitmap_without_features_is_native},
    {"unfilled_clock_page_falls_back_to_native", unfilled_clock_page_falls_back_to_native},
    {"refused_msr_leaves_feature_to_native", refused_msr_leaves_feature_to_native},
    {"adapter_info_names_mechanisms_in_use", adapter_info_names_mechanisms_in_use},
    {"adapter_info_omits_withdrawn_kvmclock", adapter_info_omits_withdrawn_kvmclock},
    {"kvm_clock_rate_reaches_native", kvm_clock_rate_reaches_native},
    {"virt_to_phys_gives_the_gpa", virt_to_phys_gives_the_gpa},
    {"online_cpu_registers_its_own_areas", online_cpu_registers_its_own_areas},
    {"cpu_stop_withdraws_this_cpu", cpu_stop_withdraws_this_cpu},
    {"cpu0_stop_refused_and_keeps_areas", cpu0_stop_refused_and_keeps_areas},
    {"teardown_writes_only_what_was_enabled", teardown_writes_only_what_was_enabled},
    {"shutdown_withdraws_then_exits", shutdown_withdraws_then_exits},
    {"reboot_and_crash_withdraw", reboot_and_crash_withdraw},
};

VMI_TEST_MAIN("kvm_init", cases)
