/* Hypervisor detection on scripted CPUID: none, KVM, Xen behind Hyper-V, TCG, noise. */
#include <cunit_harness.h>
#include <vmi-stubs/stubs.h>
#include <vmi-x86/x86.h>

#define HV_BIT (1u << 31)

static void sig_set(uint32_t leaf, uint32_t eax, const char sig[12])
{
    uint32_t r[3];

    memcpy(r, sig, 12);
    vmi_x86_fake_cpuid_set(leaf, 0, eax, r[0], r[1], r[2]);
}

static size_t hv_leaves_read(void)
{
    size_t i, n = 0;

    for (i = 0; i < vmi_x86_fake_count(); i++) {
        const struct vmi_x86_fake_rec *r = vmi_x86_fake_at(i);

        n += r->op == VMI_X86_OP_CPUID && r->a >= 0x40000000u && r->a < 0x50000000u;
    }
    return n;
}

static void detect_no_hypervisor_bit(void)
{
    struct vmi_hv_info hv;

    vmi_x86_fake_reset();
    sig_set(0x40000000u, 0x40000001u, "KVMKVMKVM\0\0\0");   /* must not be read */
    vmi_hv_detect(&hv);
    VMI_ASSERT_EQ(hv.present, 0);
    VMI_ASSERT_EQ(hv.count, 0);
    VMI_ASSERT_EQ(hv_leaves_read(), 0);
}

static void detect_kvm_at_base(void)
{
    struct vmi_hv_info hv;

    vmi_x86_fake_reset();
    vmi_x86_fake_cpuid_set(1, 0, 0, 0, HV_BIT, 0);
    sig_set(0x40000000u, 0, "KVMKVMKVM\0\0\0");   /* old KVM: EAX 0 */
    vmi_hv_detect(&hv);
    VMI_ASSERT_EQ(hv.present, 1);
    VMI_ASSERT_EQ(hv.count, 1);
    VMI_ASSERT_EQ(hv.found[0].base_leaf, 0x40000000u);
    VMI_ASSERT_EQ(hv.found[0].max_leaf, 0x40000001u);
    CU_ASSERT(memcmp(hv.found[0].signature, "KVMKVMKVM\0\0\0", 12) == 0);
    VMI_ASSERT_EQ(hv_leaves_read(), 256);   /* every base, in steps of 0x100 */
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_CPUID)->a, 0x4000ff00u);
}

static void detect_xen_behind_hyperv(void)
{
    struct vmi_hv_info hv;

    vmi_x86_fake_reset();
    vmi_x86_fake_cpuid_set(1, 0, 0, 0, HV_BIT, 0);
    sig_set(0x40000000u, 0x4000000bu, "Microsoft Hv");
    sig_set(0x40000100u, 0x40000105u, "XenVMMXenVMM");
    vmi_hv_detect(&hv);
    VMI_ASSERT_EQ(hv.count, 2);
    VMI_ASSERT_EQ(hv.found[0].base_leaf, 0x40000000u);
    VMI_ASSERT_EQ(hv.found[0].max_leaf, 0x4000000bu);
    VMI_ASSERT_EQ(hv.found[1].base_leaf, 0x40000100u);
    VMI_ASSERT_EQ(hv.found[1].max_leaf, 0x40000105u);
    CU_ASSERT(memcmp(hv.found[1].signature, "XenVMMXenVMM", 12) == 0);
}

static void detect_tcg_and_find(void)
{
    vmi_x86_fake_reset();
    vmi_x86_fake_cpuid_set(1, 0, 0, 0, HV_BIT, 0);
    sig_set(0x40000000u, 0x40000001u, "TCGTCGTCGTCG");
    sig_set(0x40000100u, 0x40000101u, "KVMKVMKVM\0\0\0");
    VMI_ASSERT_STATUS(vmi_init("vmi.adapter=none-registered"), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_hv()->count, 2);   /* detection ran even so */
    VMI_ASSERT_EQ(vmi_hv_find("KVMKVMKVM\0\0\0")->base_leaf, 0x40000100u);
    VMI_ASSERT_EQ(vmi_hv_find("TCGTCGTCGTCG")->base_leaf, 0x40000000u);
    CU_ASSERT(vmi_hv_find("XenVMMXenVMM") == NULL);
}

static void detect_ignores_noise(void)
{
    struct vmi_hv_info hv;

    vmi_x86_fake_reset();
    vmi_x86_fake_cpuid_set(1, 0, 0, 0, HV_BIT, 0);
    /* bhyve-style clamping: a higher base answers with a non-text leaf. */
    vmi_x86_fake_cpuid_set(0x40000000u, 0, 0x40000001u, 0x76796862u, 0x68622065u, 0x20657679u);
    vmi_x86_fake_cpuid_set(0x40000100u, 0, 0x1, 0x00010203u, 0xfffefdfcu, 0);
    vmi_hv_detect(&hv);
    VMI_ASSERT_EQ(hv.count, 1);
    CU_ASSERT(memcmp(hv.found[0].signature, "bhyve bhyve ", 12) == 0);
    VMI_ASSERT_EQ(hv.found[1].base_leaf, 0);
}

static void detect_stops_at_capacity(void)
{
    struct vmi_hv_info hv;
    uint32_t i;

    vmi_x86_fake_reset();
    vmi_x86_fake_cpuid_set(1, 0, 0, 0, HV_BIT, 0);
    for (i = 0; i < 6; i++)
        sig_set(0x40000000u + 0x100u * i, 0, "ACRNACRNACRN");
    vmi_hv_detect(&hv);
    VMI_ASSERT_EQ(hv.count, VMI_HV_FOUND_MAX);
    VMI_ASSERT_EQ(hv.found[3].base_leaf, 0x40000300u);
}

static const struct vmi_test_case cases[] = {
    {"detect_no_hypervisor_bit", detect_no_hypervisor_bit},
    {"detect_kvm_at_base", detect_kvm_at_base},
    {"detect_xen_behind_hyperv", detect_xen_behind_hyperv},
    {"detect_tcg_and_find", detect_tcg_and_find},
    {"detect_ignores_noise", detect_ignores_noise},
    {"detect_stops_at_capacity", detect_stops_at_capacity},
};

VMI_TEST_MAIN("stubs_detect", cases)
