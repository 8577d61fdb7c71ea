/* Native adapter: control and debug registers, MSRs, segment bases, CPUID, TSC, interrupt flag, halt. */
#include "native_fixture.h"

static void cr_write_reaches_register(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_cr_write(VMI_CR3, 0x5000), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_last(VMI_X86_OP_CR_WRITE, 3)->b, 0x5000);
    VMI_ASSERT_STATUS(vmi_cr_write(VMI_CR2, 0xdead000), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_cr_get(2), 0xdead000);
    VMI_ASSERT_STATUS(vmi_cr_write(VMI_CR8, 0xf), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_cr_get(8), 0xf);
}

static void cr_read_reads_register(void)
{
    uint64_t v = 0;

    nf_setup();
    vmi_x86_fake_cr_set(4, 0x6a0);
    VMI_ASSERT_STATUS(vmi_cr_read(VMI_CR4, &v), VMI_OK);
    VMI_ASSERT_EQ(v, 0x6a0);
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_CR_READ)->a, 4);
}

static void cr_invalid_never_touches_hardware(void)
{
    uint64_t v = 0;

    nf_setup();
    VMI_ASSERT_STATUS(vmi_cr_read(1, &v), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_cr_read(VMI_CR0, NULL), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_cr_write(5, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_cr_write(VMI_CR0, 0x11), VMI_EINVAL);               /* PG clear */
    VMI_ASSERT_STATUS(vmi_cr_write(VMI_CR0, 0xa0000011u), VMI_EINVAL);        /* NW, no CD */
    VMI_ASSERT_STATUS(vmi_cr_write(VMI_CR0, (uint64_t)1 << 32 | 0x80000011u), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_cr_write(VMI_CR3, (uint64_t)1 << 52), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_cr_write(VMI_CR4, 0x80), VMI_EINVAL);               /* PAE clear */
    VMI_ASSERT_STATUS(vmi_cr_write(VMI_CR4, 0xa0 | 1u << 15), VMI_EINVAL);    /* reserved */
    VMI_ASSERT_STATUS(vmi_cr_write(VMI_CR4, 0xa0 | 1u << 12), VMI_EINVAL);    /* LA57 change */
    VMI_ASSERT_STATUS(vmi_cr_write(VMI_CR8, 0x10), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_CR_WRITE), 0);
}

static void cr4_bit_cpu_lacks_is_efault(void)
{
    nf_setup();
    vmi_x86_fake_fault_add(VMI_X86_OP_CR_WRITE, 4);
    VMI_ASSERT_STATUS(vmi_cr_write(VMI_CR4, 0xa0 | 1u << 21), VMI_EFAULT);
    VMI_ASSERT_EQ(vmi_x86_fake_cr_get(4), 0xa0);
}

static void clts_is_the_instruction(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_clts(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_CLTS), 1);
}

static void dr_checks_and_encoding(void)
{
    uint64_t v = 0;

    nf_setup();
    VMI_ASSERT_STATUS(vmi_dr_write(4, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_dr_write(8, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_dr_write(7, (uint64_t)1 << 32), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_dr_read(5, &v), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_x86_fake_count(), 0);
    VMI_ASSERT_STATUS(vmi_dr_write(3, 0x1234), VMI_OK);
    VMI_ASSERT_STATUS(vmi_dr_read(3, &v), VMI_OK);
    VMI_ASSERT_EQ(v, 0x1234);
    VMI_ASSERT_EQ(vmi_x86_fake_last(VMI_X86_OP_DR_WRITE, 3)->b, 0x1234);
}

static void msr_read_fault_is_efault(void)
{
    uint64_t v = 77;

    nf_setup();
    vmi_x86_fake_fault_add(VMI_X86_OP_MSR_READ, 0xdeadbeef);
    VMI_ASSERT_STATUS(vmi_msr_read(0xdeadbeef, &v), VMI_EFAULT);
    VMI_ASSERT_EQ(v, 77);
    VMI_ASSERT_STATUS(vmi_msr_read(0x10, NULL), VMI_EINVAL);
}

static void msr_write_fault_is_efault(void)
{
    nf_setup();
    vmi_x86_fake_fault_add(VMI_X86_OP_MSR_WRITE, 0xdeadbeef);
    VMI_ASSERT_STATUS(vmi_msr_write(0xdeadbeef, 5), VMI_EFAULT);
    VMI_ASSERT_EQ(vmi_x86_fake_msr_get(0xdeadbeef), 0);
}

static void msr_write_roundtrip(void)
{
    uint64_t v = 0;

    nf_setup();
    VMI_ASSERT_STATUS(vmi_msr_write(0xc0000081u, 0x0023001000000000u), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_last(VMI_X86_OP_MSR_WRITE, 0xc0000081u)->b, 0x0023001000000000u);
    VMI_ASSERT_STATUS(vmi_msr_read(0xc0000081u, &v), VMI_OK);
    VMI_ASSERT_EQ(v, 0x0023001000000000u);
}

/* Values a virtual CPU might accept but the spec refuses: never written. */
static void msr_checks_refuse_before_wrmsr(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_msr_write(0xc0000082u, 0x0000800000000000u), VMI_EFAULT);
    VMI_ASSERT_STATUS(vmi_msr_write(0x176, 0x8000000000001000u), VMI_EFAULT);
    VMI_ASSERT_STATUS(vmi_msr_write(0xc0000084u, (uint64_t)1 << 40), VMI_EFAULT);
    VMI_ASSERT_STATUS(vmi_msr_write(0xc0000103u, (uint64_t)1 << 32), VMI_EFAULT);
    VMI_ASSERT_STATUS(vmi_msr_write(0x277, 0x0007040600070402u), VMI_EFAULT);  /* type 2 */
    VMI_ASSERT_STATUS(vmi_msr_write(0x10, 0), VMI_EFAULT);                     /* TSC */
    VMI_ASSERT_STATUS(vmi_msr_write(0x1b, NF_APIC | 0xd00u), VMI_EFAULT);      /* x2APIC */
    VMI_ASSERT_STATUS(vmi_msr_write(0xc0000080u, 0xc01u), VMI_EFAULT);         /* LME off */
    VMI_ASSERT_STATUS(vmi_msr_write(0xc0000080u, 0xd03u), VMI_EFAULT);         /* bit 1 */
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_MSR_WRITE), 0);
    VMI_ASSERT_STATUS(vmi_msr_write(0xc0000080u, 0x501u), VMI_OK);             /* NXE off */
    VMI_ASSERT_EQ(vmi_x86_fake_msr_get(0xc0000080u), 0x501u);
}

static void seg_base_is_the_msr(void)
{
    uint64_t v = 0;

    nf_setup();
    VMI_ASSERT_STATUS(vmi_seg_base_write(VMI_SEG_FS, 0x7f0000001000u), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_msr_get(VMI_X86_MSR_FS_BASE), 0x7f0000001000u);
    VMI_ASSERT_STATUS(vmi_seg_base_write(VMI_SEG_KERNEL_GS, 0xffff800000002000u), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_msr_get(VMI_X86_MSR_KERNEL_GS_BASE), 0xffff800000002000u);
    VMI_ASSERT_STATUS(vmi_seg_base_read(VMI_SEG_KERNEL_GS, &v), VMI_OK);
    VMI_ASSERT_EQ(v, 0xffff800000002000u);
    VMI_ASSERT_STATUS(vmi_swapgs(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_msr_get(VMI_X86_MSR_GS_BASE), 0xffff800000002000u);
}

static void seg_base_invalid(void)
{
    uint64_t v;

    nf_setup();
    VMI_ASSERT_STATUS(vmi_seg_base_write(3, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_seg_base_write(VMI_SEG_GS, 0x0000800000000000u), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_seg_base_read(VMI_SEG_FS, NULL), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_seg_base_read(7, &v), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_x86_fake_count(), 0);
}

static void cpuid_and_tsc(void)
{
    struct vmi_cpuid_regs r;
    uint64_t t = 0;

    nf_setup();
    VMI_ASSERT_STATUS(vmi_cpuid(0x40000000u, 0, &r), VMI_OK);
    VMI_ASSERT_EQ(r.ebx, 0x54474354u);
    VMI_ASSERT_STATUS(vmi_cpuid(0, 0, NULL), VMI_EINVAL);
    vmi_x86_fake_tsc_set(12345, 1);
    VMI_ASSERT_STATUS(vmi_tsc_read(&t), VMI_OK);
    VMI_ASSERT_EQ(t, 12345);
    VMI_ASSERT_STATUS(vmi_tsc_read(NULL), VMI_EINVAL);
}

static void irq_flag_words(void)
{
    uint64_t f = 0;

    nf_setup();
    vmi_x86_fake_flags_set(0x246);
    VMI_ASSERT_STATUS(vmi_irq_save(&f), VMI_OK);
    VMI_ASSERT_EQ(f, 0x202);   /* IF and bit 1, nothing else */
    VMI_ASSERT_EQ(vmi_x86_fake_flags_get() & VMI_RFLAGS_IF, 0);
    VMI_ASSERT_STATUS(vmi_irq_flags_read(&f), VMI_OK);
    VMI_ASSERT_EQ(f, 0x2);
    VMI_ASSERT_STATUS(vmi_irq_restore(0xfffffffffffffdffu), VMI_OK);    /* IF clear */
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_CLI) != NULL, 1);
    VMI_ASSERT_STATUS(vmi_irq_restore(VMI_RFLAGS_IF), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_flags_get() & VMI_RFLAGS_IF, VMI_RFLAGS_IF);
    VMI_ASSERT_STATUS(vmi_irq_save(NULL), VMI_EINVAL);
}

static void halt_instructions(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_halt(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_HLT), 1);
    VMI_ASSERT_STATUS(vmi_safe_halt(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_STI_HLT), 1);
    VMI_ASSERT_STATUS(vmi_irq_enable(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_irq_disable(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_CLI)->op, VMI_X86_OP_CLI);
}

static void wbinvd_is_the_instruction(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_wbinvd(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_WBINVD), 1);
}

static const struct vmi_test_case cases[] = {
    {"cr_write_reaches_register", cr_write_reaches_register},
    {"cr_read_reads_register", cr_read_reads_register},
    {"cr_invalid_never_touches_hardware", cr_invalid_never_touches_hardware},
    {"cr4_bit_cpu_lacks_is_efault", cr4_bit_cpu_lacks_is_efault},
    {"clts_is_the_instruction", clts_is_the_instruction},
    {"dr_checks_and_encoding", dr_checks_and_encoding},
    {"msr_read_fault_is_efault", msr_read_fault_is_efault},
    {"msr_write_fault_is_efault", msr_write_fault_is_efault},
    {"msr_write_roundtrip", msr_write_roundtrip},
    {"msr_checks_refuse_before_wrmsr", msr_checks_refuse_before_wrmsr},
    {"seg_base_is_the_msr", seg_base_is_the_msr},
    {"seg_base_invalid", seg_base_invalid},
    {"cpuid_and_tsc", cpuid_and_tsc},
    {"irq_flag_words", irq_flag_words},
    {"halt_instructions", halt_instructions},
    {"wbinvd_is_the_instruction", wbinvd_is_the_instruction},
};

VMI_TEST_MAIN("native_cpu", cases)
