/* KVM adapter: the hypercall instruction by vendor, and the number and arguments of each hypercall. */
#include "kvm_fixture.h"

#define ICR_NMI 0x400u

static void intel_uses_vmcall(void)
{
    kf_setup_full(KF_INTEL, 0x40000000u, KF_ALL, 0);
    VMI_ASSERT_STATUS(vmi_cpu_yield_to(0), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_VMCALL), 1);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_VMMCALL), 0);
}

static void amd_and_hygon_use_vmmcall(void)
{
    kf_setup_full(KF_AMD, 0x40000000u, KF_ALL, 0);
    VMI_ASSERT_STATUS(vmi_cpu_yield_to(0), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_VMMCALL), 1);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_VMCALL), 0);
    kf_setup_full(KF_HYGON, 0x40000100u, KF_ALL, 0);
    VMI_ASSERT_STATUS(vmi_cpu_yield_to(0), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_VMMCALL), 1);
}

static void yield_to_passes_apic_id(void)
{
    const struct vmi_x86_fake_hcall *h;

    kf_setup(KF_ALL);
    kf_cpu_up(1, 9);
    VMI_ASSERT_STATUS(vmi_cpu_yield_to(1), VMI_OK);
    h = kf_hcall(0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    VMI_ASSERT_EQ(h->nr, KVM_HC_SCHED_YIELD);
    VMI_ASSERT_EQ(h->arg[0], 9);
    VMI_ASSERT_STATUS(vmi_cpu_yield_to(2), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_x86_fake_hcall_count(), 1);
}

static void kick_sets_flag_and_calls_kick_cpu(void)
{
    const struct vmi_x86_fake_hcall *h;

    kf_setup(KF_ALL);
    kf_cpu_up(1, 6);
    VMI_ASSERT_STATUS(vmi_cpu_kick(1), VMI_OK);
    VMI_ASSERT_EQ(vmi__native.cpu[1].kick, 1);
    h = kf_hcall(0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    VMI_ASSERT_EQ(h->nr, KVM_HC_KICK_CPU);
    VMI_ASSERT_EQ(h->arg[0], 0);
    VMI_ASSERT_EQ(h->arg[1], 6);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_MMIO_WRITE), 0);   /* no NMI */
    VMI_ASSERT_STATUS(vmi_cpu_kick(2), VMI_EINVAL);
}

static void kick_of_self_or_offline_cpu_only_sets_flag(void)
{
    kf_setup(KF_ALL);
    VMI_ASSERT_STATUS(vmi_native_cpu_add(1, 6), VMI_OK);   /* named, not online */
    VMI_ASSERT_STATUS(vmi_cpu_kick(1), VMI_OK);
    VMI_ASSERT_STATUS(vmi_cpu_kick(0), VMI_OK);
    VMI_ASSERT_EQ(vmi__native.cpu[0].kick, 1);
    VMI_ASSERT_EQ(vmi__native.cpu[1].kick, 1);
    VMI_ASSERT_EQ(vmi_x86_fake_hcall_count(), 0);
}

static int64_t refuse(uint32_t nr, const uint64_t *arg)
{
    (void)nr;
    (void)arg;
    return -KVM_ENOSYS;
}

static void refused_kick_falls_back_to_nmi(void)
{
    kf_setup(KF_ALL);
    kf_cpu_up(1, 6);
    vmi_x86_fake_hypercall_hook(refuse);
    VMI_ASSERT_STATUS(vmi_cpu_kick(1), VMI_OK);
    vmi_x86_fake_hypercall_hook(0);
    VMI_ASSERT_EQ(vmi_x86_fake_last(VMI_X86_OP_MMIO_WRITE, KF_APIC + VMI_APIC_ICR_HI)->b, 6u << 24);
    VMI_ASSERT_EQ(vmi_x86_fake_last(VMI_X86_OP_MMIO_WRITE, KF_APIC + VMI_APIC_ICR_LO)->b & 0x7ff,
                  ICR_NMI);
}

static void kick_without_pv_unhalt_is_native_nmi(void)
{
    kf_setup(KF_ALL & ~(1u << KVM_FEATURE_PV_UNHALT));
    kf_cpu_up(1, 6);
    VMI_ASSERT_STATUS(vmi_cpu_kick(1), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_hcall_count(), 0);
    VMI_ASSERT_EQ(vmi_x86_fake_last(VMI_X86_OP_MMIO_WRITE, KF_APIC + VMI_APIC_ICR_LO)->b & 0x7ff,
                  ICR_NMI);
}

/* CPUs 0..n-1 with the given APIC IDs, all online. */
static void cpus(const uint32_t *ids, uint32_t n)
{
    uint32_t i;

    vmi__native.cpu[0].apic_id = ids[0];
    vmi_x86_fake_mmio_set(KF_APIC + VMI_APIC_ID, ids[0] << 24);
    for (i = 1; i < n; i++)
        kf_cpu_up(i, ids[i]);
}

/* Linux's grouping: 130 does not fit a window starting at 2, so {2, 65}
 * goes out; 3 then slides the window starting at 130 down to 3. */
static void send_ipi_batches_follow_linux(void)
{
    static const uint32_t ids[] = {0, 2, 65, 130, 3};
    const struct vmi_x86_fake_hcall *h0, *h1;

    kf_setup(KF_ALL);
    cpus(ids, 5);
    VMI_ASSERT_STATUS(vmi_ipi_send_mask(1, 0xf, 0x40), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_hcall_count(), 2);
    h0 = kf_hcall(0);
    h1 = kf_hcall(1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h1);
    VMI_ASSERT_EQ(h0->nr, KVM_HC_SEND_IPI);
    VMI_ASSERT_EQ(h0->arg[2], 2);
    VMI_ASSERT_EQ(h0->arg[0], 1 | (UINT64_C(1) << 63));
    VMI_ASSERT_EQ(h0->arg[1], 0);
    VMI_ASSERT_EQ(h1->arg[2], 3);
    VMI_ASSERT_EQ(h1->arg[0], 1);
    VMI_ASSERT_EQ(h1->arg[1], UINT64_C(1) << 63);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_MMIO_WRITE), 0);
}

static void send_ipi_bitmap_and_min(void)
{
    static const uint32_t ids[] = {0, 10, 11, 74, 137};
    const struct vmi_x86_fake_hcall *h;

    kf_setup(KF_ALL);
    cpus(ids, 5);
    VMI_ASSERT_STATUS(vmi_ipi_send_mask(1, 0xf, 0x41), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_hcall_count(), 1);
    h = kf_hcall(0);
    VMI_ASSERT_EQ(h->nr, KVM_HC_SEND_IPI);
    VMI_ASSERT_EQ(h->arg[0], UINT64_C(3));                          /* 10, 11 */
    VMI_ASSERT_EQ(h->arg[1], (UINT64_C(1) << 0) | (UINT64_C(1) << 63));   /* 74, 137 */
    VMI_ASSERT_EQ(h->arg[2], 10);
    VMI_ASSERT_EQ(h->arg[3], 0x41);                                 /* fixed, vector */
}

static void send_ipi_window_slides_down(void)
{
    static const uint32_t ids[] = {0, 100, 40, 3};
    const struct vmi_x86_fake_hcall *h;

    kf_setup(KF_ALL);
    cpus(ids, 4);
    VMI_ASSERT_STATUS(vmi_ipi_send_mask(1, 0x7, 0x42), VMI_OK);   /* 100, 40, 3 */
    VMI_ASSERT_EQ(vmi_x86_fake_hcall_count(), 1);
    h = kf_hcall(0);
    VMI_ASSERT_EQ(h->arg[2], 3);
    VMI_ASSERT_EQ(h->arg[0], (UINT64_C(1) << 0) | (UINT64_C(1) << 37));
    VMI_ASSERT_EQ(h->arg[1], UINT64_C(1) << (97 - 64));
}

static void send_ipi_splits_beyond_128_ids(void)
{
    static const uint32_t ids[] = {0, 5, 200, 6};
    static const uint32_t mins[] = {5, 200, 6};
    size_t i;

    kf_setup(KF_ALL);
    cpus(ids, 4);
    VMI_ASSERT_STATUS(vmi_ipi_send_mask(0, 0xe, 0x43), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_hcall_count(), 3);
    for (i = 0; i < 3 && kf_hcall(i); i++) {
        VMI_ASSERT_EQ(kf_hcall(i)->arg[2], mins[i]);
        VMI_ASSERT_EQ(kf_hcall(i)->arg[0], 1);
        VMI_ASSERT_EQ(kf_hcall(i)->arg[3], 0x43);
    }
}

static void send_ipi_checks_before_sending(void)
{
    kf_setup(KF_ALL);
    kf_cpu_up(1, 1);
    VMI_ASSERT_STATUS(vmi_ipi_send_mask(0, 0x7, 0x40), VMI_EINVAL);   /* CPU 2 unnamed */
    VMI_ASSERT_STATUS(vmi_ipi_send_mask(0, 0x1, 15), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ipi_send_allbutself(256), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_x86_fake_hcall_count(), 0);
}

static void refused_send_ipi_falls_back_per_cpu(void)
{
    static const uint32_t ids[] = {0, 7, 9};

    kf_setup(KF_ALL);
    cpus(ids, 3);
    vmi_x86_fake_hypercall_hook(refuse);
    VMI_ASSERT_STATUS(vmi_ipi_send_mask(1, 0x3, 0x44), VMI_OK);
    vmi_x86_fake_hypercall_hook(0);
    VMI_ASSERT_EQ(kf_nth(VMI_X86_OP_MMIO_WRITE, 0)->b, 7u << 24);   /* ICR_HI */
    VMI_ASSERT_EQ(kf_nth(VMI_X86_OP_MMIO_WRITE, 1)->b & 0xff, 0x44);
    VMI_ASSERT_EQ(kf_nth(VMI_X86_OP_MMIO_WRITE, 2)->b, 9u << 24);
}

static void allbutself_online_cpus_only(void)
{
    static const uint32_t ids[] = {4, 5, 6, 7};
    const struct vmi_x86_fake_hcall *h;

    kf_setup(KF_ALL);
    cpus(ids, 4);
    vmi__native.cpu[2].online = 0;
    vmi_x86_fake_mmio_set(KF_APIC + VMI_APIC_ID, 5u << 24);   /* running on CPU 1 */
    VMI_ASSERT_STATUS(vmi_ipi_send_allbutself(0x50), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_hcall_count(), 1);
    h = kf_hcall(0);
    VMI_ASSERT_EQ(h->arg[2], 4);
    VMI_ASSERT_EQ(h->arg[0], (1u << 0) | (1u << 3));   /* IDs 4 and 7 */
    VMI_ASSERT_EQ(h->arg[1], 0);
}

static void without_pv_send_ipi_ipis_are_native(void)
{
    static const uint32_t ids[] = {0, 7};

    kf_setup(KF_ALL & ~(1u << KVM_FEATURE_PV_SEND_IPI));
    cpus(ids, 2);
    VMI_ASSERT_STATUS(vmi_ipi_send_mask(0, 0x2, 0x45), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_hcall_count(), 0);
    VMI_ASSERT_EQ(vmi_x86_fake_last(VMI_X86_OP_MMIO_WRITE, KF_APIC + VMI_APIC_ICR_HI)->b, 7u << 24);
}

static void nop_io_delay(void)
{
    kf_setup(KF_ALL);
    VMI_ASSERT_STATUS(vmi_io_delay(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count(), 0);
    kf_setup(0);
    VMI_ASSERT_STATUS(vmi_io_delay(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_OUT)->a, 0x80);
}

static const struct vmi_test_case cases[] = {
    {"intel_uses_vmcall", intel_uses_vmcall},
    {"amd_and_hygon_use_vmmcall", amd_and_hygon_use_vmmcall},
    {"yield_to_passes_apic_id", yield_to_passes_apic_id},
    {"kick_sets_flag_and_calls_kick_cpu", kick_sets_flag_and_calls_kick_cpu},
    {"kick_of_self_or_offline_cpu_only_sets_flag", kick_of_self_or_offline_cpu_only_sets_flag},
    {"refused_kick_falls_back_to_nmi", refused_kick_falls_back_to_nmi},
    {"kick_without_pv_unhalt_is_native_nmi", kick_without_pv_unhalt_is_native_nmi},
    {"send_ipi_batches_follow_linux", send_ipi_batches_follow_linux},
    {"send_ipi_bitmap_and_min", send_ipi_bitmap_and_min},
    {"send_ipi_window_slides_down", send_ipi_window_slides_down},
    {"send_ipi_splits_beyond_128_ids", send_ipi_splits_beyond_128_ids},
    {"send_ipi_checks_before_sending", send_ipi_checks_before_sending},
    {"refused_send_ipi_falls_back_per_cpu", refused_send_ipi_falls_back_per_cpu},
    {"allbutself_online_cpus_only", allbutself_online_cpus_only},
    {"without_pv_send_ipi_ipis_are_native", without_pv_send_ipi_ipis_are_native},
    {"nop_io_delay", nop_io_delay},
};

VMI_TEST_MAIN("kvm_hypercall", cases)
