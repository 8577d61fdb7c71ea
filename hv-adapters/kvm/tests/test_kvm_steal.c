/* KVM adapter: steal time, the preempted flag, PV TLB flush of preempted CPUs, PV EOI. */
#include "kvm_fixture.h"

static void steal_time_read_with_seqlock(void)
{
    uint64_t ns = 0;

    kf_setup(KF_ALL);
    vmi__kvm_cpu[0].steal.steal = 123456789;
    vmi__kvm_cpu[0].steal.version = 8;
    VMI_ASSERT_STATUS(vmi_steal_time_get(&ns), VMI_OK);
    VMI_ASSERT_EQ(ns, 123456789);
    VMI_ASSERT_STATUS(vmi_steal_time_get(NULL), VMI_EINVAL);
}

static void steal_area_zeroed_before_enable(void)
{
    kf_setup(KF_ALL);
    memset(&vmi__kvm_cpu[0].steal, 0xa5, sizeof(vmi__kvm_cpu[0].steal));
    VMI_ASSERT_STATUS(kf_rebind(), VMI_OK);
    VMI_ASSERT_EQ(vmi__kvm_cpu[0].steal.steal, 0);
    VMI_ASSERT_EQ(vmi__kvm_cpu[0].steal.preempted, 0);
    VMI_ASSERT_EQ(vmi__kvm_cpu[0].steal.pad[10], 0);
}

static void preempted_flag_is_bit0(void)
{
    uint32_t p = 7;

    kf_setup(KF_ALL);
    kf_cpu_up(1, 1);
    vmi__kvm_cpu[1].steal.preempted = KVM_VCPU_PREEMPTED;
    VMI_ASSERT_STATUS(vmi_cpu_preempted(1, &p), VMI_OK);
    VMI_ASSERT_EQ(p, 1);
    vmi__kvm_cpu[1].steal.preempted = KVM_VCPU_FLUSH_TLB;
    VMI_ASSERT_STATUS(vmi_cpu_preempted(1, &p), VMI_OK);
    VMI_ASSERT_EQ(p, 0);
    VMI_ASSERT_STATUS(vmi_cpu_preempted(2, &p), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_cpu_preempted(0, NULL), VMI_EINVAL);
}

static void without_steal_time_native_answers(void)
{
    uint32_t p = 7;
    uint64_t ns;

    kf_setup(KF_ALL & ~(1u << KVM_FEATURE_STEAL_TIME));
    vmi__kvm_cpu[0].steal.preempted = KVM_VCPU_PREEMPTED;
    VMI_ASSERT_STATUS(vmi_cpu_preempted(0, &p), VMI_OK);
    VMI_ASSERT_EQ(p, 0);
    VMI_ASSERT_STATUS(vmi_steal_time_get(&ns), VMI_ENOTSUP);
    CU_ASSERT_PTR_EQUAL(vmi_ops.tlb_flush_range, vmi__native_tlb_flush_range);
}

/* Three more CPUs, online; CPU 2 preempted, its area registered. */
static void three_more_cpus(void)
{
    uint32_t i;

    for (i = 1; i < 4; i++) {
        kf_cpu_up(i, i);
        vmi__kvm_cpu[i].steal_on = 1;
    }
    vmi__kvm_cpu[2].steal.preempted = KVM_VCPU_PREEMPTED;
}

static int ipis_to(uint32_t apic_id)
{
    size_t i;
    int n = 0;

    for (i = 0; i < vmi_x86_fake_count(); i++) {
        const struct vmi_x86_fake_rec *r = vmi_x86_fake_at(i);

        n += r->op == VMI_X86_OP_MMIO_WRITE && r->a == KF_APIC + VMI_APIC_ICR_HI &&
             r->b == apic_id << 24;
    }
    return n;
}

static void acknowledge_all(void)
{
    uint32_t i;

    for (i = 0; i < VMI_NATIVE_CPU_MAX; i++)
        vmi__native.cpu[i].flush_pending = 0;
}

static void preempted_cpu_flushed_on_resume_not_interrupted(void)
{
    kf_setup(KF_ALL);
    three_more_cpus();
    vmi_x86_fake_pause_hook(acknowledge_all);
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 0xe, 0x200000, 1), VMI_OK);
    vmi_x86_fake_pause_hook(0);
    VMI_ASSERT_EQ(vmi__kvm_cpu[2].steal.preempted, KVM_VCPU_PREEMPTED | KVM_VCPU_FLUSH_TLB);
    VMI_ASSERT_EQ(ipis_to(2), 0);
    VMI_ASSERT_EQ(ipis_to(1), 1);
    VMI_ASSERT_EQ(ipis_to(3), 1);
    VMI_ASSERT_EQ(vmi__kvm_cpu[1].steal.preempted, 0);
}

static void invalid_flush_marks_nothing(void)
{
    kf_setup(KF_ALL);
    three_more_cpus();
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 0x1e, 0x200000, 1), VMI_EINVAL);   /* CPU 4 */
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 0x4, 0x200001, 1), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi__kvm_cpu[2].steal.preempted, KVM_VCPU_PREEMPTED);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_MMIO_WRITE), 0);
}

static void only_preempted_target_needs_no_ipi(void)
{
    kf_setup(KF_ALL);
    three_more_cpus();
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(2, 0x1, 0x200000, 4), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_MMIO_WRITE), 0);
    CU_ASSERT(vmi__kvm_cpu[2].steal.preempted & KVM_VCPU_FLUSH_TLB);
}

static void realtime_hint_disables_pv_flush(void)
{
    kf_setup_full(KF_INTEL, 0x40000000u, KF_ALL, 1u << KVM_HINTS_REALTIME);
    CU_ASSERT_PTR_EQUAL(vmi_ops.tlb_flush_range, vmi__native_tlb_flush_range);
    kf_setup(KF_ALL & ~(1u << KVM_FEATURE_PV_TLB_FLUSH));
    CU_ASSERT_PTR_EQUAL(vmi_ops.tlb_flush_range, vmi__native_tlb_flush_range);
    kf_setup(KF_ALL);
    CU_ASSERT_PTR_EQUAL(vmi_ops.tlb_flush_range, vmi__kvm_tlb_flush_range);
}

static void pv_eoi_pending_skips_the_write(void)
{
    kf_setup(KF_ALL);
    vmi__kvm_cpu[0].eoi = KVM_PV_EOI_PENDING;
    VMI_ASSERT_STATUS(vmi_apic_eoi(), VMI_OK);
    VMI_ASSERT_EQ(vmi__kvm_cpu[0].eoi, 0);
    CU_ASSERT_PTR_NULL(vmi_x86_fake_last(VMI_X86_OP_MMIO_WRITE, KF_APIC + VMI_APIC_EOI));
    /* Nothing pending: the real EOI. */
    VMI_ASSERT_STATUS(vmi_apic_eoi(), VMI_OK);
    CU_ASSERT_PTR_NOT_NULL(vmi_x86_fake_last(VMI_X86_OP_MMIO_WRITE, KF_APIC + VMI_APIC_EOI));
}

static void pv_eoi_uses_this_cpus_word(void)
{
    kf_setup(KF_ALL);
    kf_cpu_up(1, 3);
    vmi__kvm_cpu[0].eoi = KVM_PV_EOI_PENDING;
    vmi_x86_fake_mmio_set(KF_APIC + VMI_APIC_ID, 3u << 24);
    VMI_ASSERT_STATUS(vmi_apic_eoi(), VMI_OK);
    VMI_ASSERT_EQ(vmi__kvm_cpu[0].eoi, KVM_PV_EOI_PENDING);   /* CPU 0's untouched */
    CU_ASSERT_PTR_NOT_NULL(vmi_x86_fake_last(VMI_X86_OP_MMIO_WRITE, KF_APIC + VMI_APIC_EOI));
}

static void unnamed_cpu_writes_its_eoi(void)
{
    uint64_t ns;

    kf_setup(KF_ALL);
    vmi__kvm_cpu[0].eoi = KVM_PV_EOI_PENDING;
    vmi_x86_fake_mmio_set(KF_APIC + VMI_APIC_ID, 9u << 24);   /* never named */
    VMI_ASSERT_STATUS(vmi_apic_eoi(), VMI_OK);
    VMI_ASSERT_EQ(vmi__kvm_cpu[0].eoi, KVM_PV_EOI_PENDING);
    CU_ASSERT_PTR_NOT_NULL(vmi_x86_fake_last(VMI_X86_OP_MMIO_WRITE, KF_APIC + VMI_APIC_EOI));
    VMI_ASSERT_STATUS(vmi_steal_time_get(&ns), VMI_EFAULT);
}

static void without_pv_eoi_every_eoi_is_written(void)
{
    kf_setup(KF_ALL & ~(1u << KVM_FEATURE_PV_EOI));
    vmi__kvm_cpu[0].eoi = KVM_PV_EOI_PENDING;
    VMI_ASSERT_STATUS(vmi_apic_eoi(), VMI_OK);
    CU_ASSERT_PTR_NOT_NULL(vmi_x86_fake_last(VMI_X86_OP_MMIO_WRITE, KF_APIC + VMI_APIC_EOI));
    VMI_ASSERT_EQ(vmi__kvm_cpu[0].eoi, KVM_PV_EOI_PENDING);
}

static const struct vmi_test_case cases[] = {
    {"steal_time_read_with_seqlock", steal_time_read_with_seqlock},
    {"steal_area_zeroed_before_enable", steal_area_zeroed_before_enable},
    {"preempted_flag_is_bit0", preempted_flag_is_bit0},
    {"without_steal_time_native_answers", without_steal_time_native_answers},
    {"preempted_cpu_flushed_on_resume_not_interrupted",
     preempted_cpu_flushed_on_resume_not_interrupted},
    {"invalid_flush_marks_nothing", invalid_flush_marks_nothing},
    {"only_preempted_target_needs_no_ipi", only_preempted_target_needs_no_ipi},
    {"realtime_hint_disables_pv_flush", realtime_hint_disables_pv_flush},
    {"pv_eoi_pending_skips_the_write", pv_eoi_pending_skips_the_write},
    {"pv_eoi_uses_this_cpus_word", pv_eoi_uses_this_cpus_word},
    {"unnamed_cpu_writes_its_eoi", unnamed_cpu_writes_its_eoi},
    {"without_pv_eoi_every_eoi_is_written", without_pv_eoi_every_eoi_is_written},
};

VMI_TEST_MAIN("kvm_steal", cases)
