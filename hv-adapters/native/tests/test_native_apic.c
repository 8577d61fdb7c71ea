/* Native adapter: local APIC registers, EOI and IPI encodings in xAPIC and x2APIC mode. */
#include "native_fixture.h"

#define X2APIC_ICR 0x830u

static void x2apic_setup(void)
{
    nf_setup();
    vmi_x86_fake_msr_set(VMI_X86_MSR_APIC_BASE, NF_APIC | 0xd00u);
    vmi_x86_fake_msr_set(0x802, 0);   /* x2APIC ID 0 */
    VMI_ASSERT_STATUS(nf_rebind(), VMI_OK);
}

static void xapic_read_is_mmio(void)
{
    uint32_t v = 0;

    nf_setup();
    vmi_x86_fake_mmio_set(NF_APIC + VMI_APIC_SVR, 0x1ff);
    VMI_ASSERT_STATUS(vmi_apic_read(VMI_APIC_SVR, &v), VMI_OK);
    VMI_ASSERT_EQ(v, 0x1ff);
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_MMIO_READ)->a, NF_APIC + VMI_APIC_SVR);
}

static void apic_invalid_registers(void)
{
    uint32_t v;

    nf_setup();
    VMI_ASSERT_STATUS(vmi_apic_read(VMI_APIC_ICR_LO, &v), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_apic_read(VMI_APIC_EOI, &v), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_apic_read(0x24, &v), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_apic_read(0x400, &v), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_apic_read(VMI_APIC_SVR, NULL), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_apic_write(VMI_APIC_ID, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_apic_write(VMI_APIC_TIMER_CCR, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_apic_write(VMI_APIC_ISR0, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_apic_write(VMI_APIC_ICR_HI, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_apic_write(VMI_APIC_EOI, 1), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_x86_fake_count(), 0);
}

static void apic_write_drops_reserved_bits(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_apic_write(VMI_APIC_LVT_TIMER, 0xffffffffu), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_mmio_get(NF_APIC + VMI_APIC_LVT_TIMER), 0x000700ffu);
    VMI_ASSERT_STATUS(vmi_apic_write(VMI_APIC_TPR, 0x1234), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_mmio_get(NF_APIC + VMI_APIC_TPR), 0x34);
    VMI_ASSERT_STATUS(vmi_apic_write(VMI_APIC_EOI, 0), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_MMIO_WRITE)->a, NF_APIC + VMI_APIC_EOI);
}

static void xapic_ipi_writes_icr_high_then_low(void)
{
    const struct vmi_x86_fake_rec *hi, *lo;

    nf_setup();
    nf_cpu_up(1, 5);
    VMI_ASSERT_STATUS(vmi_ipi_send(1, 0x40), VMI_OK);
    hi = nf_nth(VMI_X86_OP_MMIO_WRITE, 0);
    lo = nf_nth(VMI_X86_OP_MMIO_WRITE, 1);
    VMI_ASSERT_EQ(hi->a, NF_APIC + VMI_APIC_ICR_HI);
    VMI_ASSERT_EQ(hi->b, 5u << 24);
    VMI_ASSERT_EQ(lo->a, NF_APIC + VMI_APIC_ICR_LO);
    VMI_ASSERT_EQ(lo->b, 0x4040);   /* fixed, physical, assert, vector 0x40 */
    CU_ASSERT(nf_nth(VMI_X86_OP_CLI, 0) != NULL);   /* the pair is not interrupted */
}

static void ipi_argument_checks_send_nothing(void)
{
    nf_setup();
    nf_cpu_up(1, 1);
    VMI_ASSERT_STATUS(vmi_ipi_send(2, 0x40), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ipi_send(1, 15), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ipi_send(1, 256), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ipi_send_mask(0, 0x7, 0x40), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ipi_send_mask(1, 0x2, 0x40), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ipi_send_allbutself(3), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ipi_send_mask(0, 0, 0x40), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_MMIO_WRITE), 0);
}

static void ipi_mask_and_allbutself(void)
{
    nf_setup();
    nf_cpu_up(1, 4);
    nf_cpu_up(2, 8);
    VMI_ASSERT_STATUS(vmi_native_cpu_add(3, 12), VMI_OK);   /* named, not running */
    VMI_ASSERT_STATUS(vmi_ipi_send_mask(2, 0x3, 0x50), VMI_OK);
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_MMIO_WRITE, 0)->b, 8u << 24);   /* CPU 2 */
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_MMIO_WRITE, 2)->b, 12u << 24);  /* CPU 3 */
    vmi_x86_fake_log_clear();
    VMI_ASSERT_STATUS(vmi_ipi_send_allbutself(0x51), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_MMIO_WRITE), 4);  /* CPUs 1, 2 */
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_MMIO_WRITE, 0)->b, 4u << 24);
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_MMIO_WRITE, 2)->b, 8u << 24);
}

static void x2apic_ipi_is_one_msr(void)
{
    x2apic_setup();
    nf_cpu_up(1, 0x1234);
    VMI_ASSERT_STATUS(vmi_ipi_send(1, 0x41), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_last(VMI_X86_OP_MSR_WRITE, X2APIC_ICR)->b,
                  (uint64_t)0x1234 << 32 | 0x4041);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_MMIO_WRITE), 0);
}

static void x2apic_registers_are_msrs(void)
{
    uint32_t v = 0;

    x2apic_setup();
    vmi_x86_fake_msr_set(0x802, 3);
    VMI_ASSERT_STATUS(vmi_apic_read(VMI_APIC_ID, &v), VMI_OK);
    VMI_ASSERT_EQ(v, 3u << 24);   /* xAPIC format */
    VMI_ASSERT_STATUS(vmi_apic_read(VMI_APIC_DFR, &v), VMI_OK);
    VMI_ASSERT_EQ(v, 0xffffffffu);
    VMI_ASSERT_STATUS(vmi_apic_write(VMI_APIC_LVT_LINT0, 0xffffffffu), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_msr_get(0x835), 0x0001a7ffu);
    VMI_ASSERT_STATUS(vmi_apic_eoi(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_last(VMI_X86_OP_MSR_WRITE, 0x80b)->b, 0);
    vmi_x86_fake_fault_add(VMI_X86_OP_MSR_WRITE, 0x80d);
    VMI_ASSERT_STATUS(vmi_apic_write(VMI_APIC_LDR, 0x01000000u), VMI_EFAULT);
}

static void apic_disabled_is_not_offered(void)
{
    uint32_t v;
    uint64_t bitmap = 0;

    nf_setup();
    vmi_x86_fake_msr_set(VMI_X86_MSR_APIC_BASE, NF_APIC);
    VMI_ASSERT_STATUS(nf_rebind(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_apic_read(VMI_APIC_SVR, &v), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ipi_send(0, 0x40), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_features_get(VMI_GROUP_APIC, &bitmap), VMI_OK);
    VMI_ASSERT_EQ(bitmap, 0);
}

static const struct vmi_test_case cases[] = {
    {"xapic_read_is_mmio", xapic_read_is_mmio},
    {"apic_invalid_registers", apic_invalid_registers},
    {"apic_write_drops_reserved_bits", apic_write_drops_reserved_bits},
    {"xapic_ipi_writes_icr_high_then_low", xapic_ipi_writes_icr_high_then_low},
    {"ipi_argument_checks_send_nothing", ipi_argument_checks_send_nothing},
    {"ipi_mask_and_allbutself", ipi_mask_and_allbutself},
    {"x2apic_ipi_is_one_msr", x2apic_ipi_is_one_msr},
    {"x2apic_registers_are_msrs", x2apic_registers_are_msrs},
    {"apic_disabled_is_not_offered", apic_disabled_is_not_offered},
};

VMI_TEST_MAIN("native_apic", cases)
