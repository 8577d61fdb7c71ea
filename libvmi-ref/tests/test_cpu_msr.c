/* Fault-safe MSR access (VMI-CPU-008..012). */
#include "ref_checks.h"

#define MSR_TSC 0x10u
#define MSR_APIC_BASE 0x1bu
#define MSR_SYSENTER_CS 0x174u
#define MSR_SYSENTER_ESP 0x175u
#define MSR_SYSENTER_EIP 0x176u
#define MSR_PAT 0x277u
#define MSR_TSC_DEADLINE 0x6e0u
#define MSR_EFER 0xc0000080u
#define MSR_STAR 0xc0000081u
#define MSR_LSTAR 0xc0000082u
#define MSR_CSTAR 0xc0000083u
#define MSR_SFMASK 0xc0000084u
#define MSR_FS_BASE 0xc0000100u
#define MSR_GS_BASE 0xc0000101u
#define MSR_KERNEL_GS_BASE 0xc0000102u
#define MSR_TSC_AUX 0xc0000103u
#define NONCANONICAL UINT64_C(0x0000800000000000)

static uint64_t msr_get(struct vmi_ref_machine *m, uint32_t msr)
{
    uint64_t v = SENTINEL;

    VMI_ASSERT_STATUS(vmi_ref_msr_read(CPU0(m), msr, &v), VMI_OK);
    return v;
}

/* VMI-CPU-009, VMI-CPU-012: unwritten reads are ANY, written ones exact. */
static void cpu_msr_write_reads_back(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    static const struct { uint32_t msr; uint64_t v; } rw[] = {
        {MSR_SYSENTER_CS, 0xffffffffffff0010u}, {MSR_SYSENTER_ESP, 0xffff800000002000u},
        {MSR_SYSENTER_EIP, 0x401000}, {MSR_PAT, 0x0007010600070106u},
        {MSR_STAR, 0x0023001000000000u}, {MSR_LSTAR, 0xffffffff81000000u},
        {MSR_CSTAR, 0x7fffffffffffu}, {MSR_SFMASK, 0x47700},
        {MSR_FS_BASE, 0x7f0000001000u}, {MSR_GS_BASE, 0xffff888000000000u},
        {MSR_KERNEL_GS_BASE, 0x1234}, {MSR_TSC_AUX, 0xffffffffu},
        {MSR_EFER, 0xd00}, {MSR_APIC_BASE, 0xfee00900u},
    };
    size_t i;

    for (i = 0; i < sizeof(rw) / sizeof(rw[0]); i++) {
        msr_get(m, rw[i].msr);
        EXPECT_ALLOWED_ANY(m, 1);
        VMI_ASSERT_STATUS(vmi_ref_msr_write(CPU0(m), rw[i].msr, rw[i].v), VMI_OK);
        VMI_ASSERT_EQ(msr_get(m, rw[i].msr), rw[i].v);
        EXPECT_ALLOWED_EXACT(m, 1, rw[i].v);
    }
    vmi_ref_machine_free(m);
}

/* VMI-CPU-008: an MSR the model does not implement faults, contained. */
static void cpu_msr_unknown_is_efault(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    static const uint32_t bad[] = {0, 0x11, 0x1a, 0x3a, 0xc0000104u, 0x40000000u, UINT32_MAX};
    uint64_t v = SENTINEL;
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        EXPECT_REFUSED(m, vmi_ref_msr_read(CPU0(m), bad[i], &v), VMI_EFAULT);
        EXPECT_REFUSED(m, vmi_ref_msr_write(CPU0(m), bad[i], 0), VMI_EFAULT);
    }
    VMI_ASSERT_EQ(v, SENTINEL);
    EXPECT_REFUSED(m, vmi_ref_msr_read(CPU0(m), MSR_STAR, NULL), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-010: non-canonical addresses and reserved bits fault. */
static void cpu_msr_bad_values_are_efault(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    static const uint32_t addr[] = {MSR_LSTAR, MSR_CSTAR, MSR_FS_BASE, MSR_GS_BASE,
                                    MSR_KERNEL_GS_BASE, MSR_SYSENTER_ESP, MSR_SYSENTER_EIP};
    size_t i;

    for (i = 0; i < sizeof(addr) / sizeof(addr[0]); i++)
        EXPECT_REFUSED(m, vmi_ref_msr_write(CPU0(m), addr[i], NONCANONICAL), VMI_EFAULT);
    EXPECT_REFUSED(m, vmi_ref_msr_write(CPU0(m), MSR_SFMASK, UINT64_C(1) << 32), VMI_EFAULT);
    EXPECT_REFUSED(m, vmi_ref_msr_write(CPU0(m), MSR_TSC_AUX, UINT64_C(1) << 63), VMI_EFAULT);
    /* PAT types 2 and 3 are reserved, as is anything above 7. */
    EXPECT_REFUSED(m, vmi_ref_msr_write(CPU0(m), MSR_PAT, 0x0007040600070402u), VMI_EFAULT);
    EXPECT_REFUSED(m, vmi_ref_msr_write(CPU0(m), MSR_PAT, 0x0307040600070406u), VMI_EFAULT);
    EXPECT_REFUSED(m, vmi_ref_msr_write(CPU0(m), MSR_PAT, 0x0807040600070406u), VMI_EFAULT);
    vmi_ref_machine_free(m);
}

/* EFER: reserved bits and a change of LME or LMA fault; SCE and NXE move. */
static void cpu_msr_efer_rules(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    EXPECT_REFUSED(m, vmi_ref_msr_write(CPU0(m), MSR_EFER, 0xd03), VMI_EFAULT);
    EXPECT_REFUSED(m, vmi_ref_msr_write(CPU0(m), MSR_EFER, 0xd01 | UINT64_C(1) << 16), VMI_EFAULT);
    EXPECT_REFUSED(m, vmi_ref_msr_write(CPU0(m), MSR_EFER, 0xc01), VMI_EFAULT);
    EXPECT_REFUSED(m, vmi_ref_msr_write(CPU0(m), MSR_EFER, 0x901), VMI_EFAULT);
    VMI_ASSERT_STATUS(vmi_ref_msr_write(CPU0(m), MSR_EFER, 0x500), VMI_OK);
    VMI_ASSERT_EQ(msr_get(m, MSR_EFER), 0x500);
    VMI_ASSERT_STATUS(vmi_ref_msr_write(CPU0(m), MSR_EFER, 0xfd01), VMI_OK);
    VMI_ASSERT_EQ(msr_get(m, MSR_EFER), 0xfd01);
    vmi_ref_machine_free(m);
}

/* The model refuses to move or switch the APIC: only the current value. */
static void cpu_msr_apic_base_is_fixed(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    EXPECT_REFUSED(m, vmi_ref_msr_write(CPU0(m), MSR_APIC_BASE, 0xfed00900u), VMI_EFAULT);
    EXPECT_REFUSED(m, vmi_ref_msr_write(CPU0(m), MSR_APIC_BASE, 0xfee00d00u), VMI_EFAULT);
    VMI_ASSERT_STATUS(vmi_ref_msr_write(CPU0(m), MSR_APIC_BASE, 0xfee00900u), VMI_OK);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-015 through the MSR; VMI-CPU-008: TSC writes are refused. */
static void cpu_msr_tsc_reads_monotonic_and_refuses_writes(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t first, second;

    first = msr_get(m, MSR_TSC);
    EXPECT_ALLOWED_RANGE(m, 1, 0, UINT64_MAX);
    vmi_ref_advance(m, 1000);
    second = msr_get(m, MSR_TSC);
    EXPECT_ALLOWED_RANGE(m, 1, first, UINT64_MAX);
    VMI_ASSERT_EQ(second > first, 1);
    EXPECT_REFUSED(m, vmi_ref_msr_write(CPU0(m), MSR_TSC, 0), VMI_EFAULT);
    vmi_ref_machine_free(m);
}

/* TSC_DEADLINE reads back as written, or 0 once it passed. */
static void cpu_msr_tsc_deadline_reads_written_or_zero(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    const struct vmi_ref_allowed *a;

    VMI_ASSERT_STATUS(vmi_ref_msr_write(CPU0(m), MSR_TSC_DEADLINE, 12345), VMI_OK);
    VMI_ASSERT_EQ(msr_get(m, MSR_TSC_DEADLINE), 12345);
    a = vmi_ref_last_allowed(m, 1);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(a, 12345, 0), 1);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(a, 0, 0), 1);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(a, 12344, 0), 0);
    vmi_ref_machine_free(m);
}

static void cpu_msr_not_supported(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_CPU_MSR);
    uint64_t v = SENTINEL;

    EXPECT_REFUSED(m, vmi_ref_msr_read(CPU0(m), MSR_STAR, &v), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_msr_write(CPU0(m), MSR_STAR, 1), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_msr_write(CPU0(m), 0, 1), VMI_ENOTSUP);
    VMI_ASSERT_EQ(v, SENTINEL);
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"cpu_msr_write_reads_back", cpu_msr_write_reads_back},
    {"cpu_msr_unknown_is_efault", cpu_msr_unknown_is_efault},
    {"cpu_msr_bad_values_are_efault", cpu_msr_bad_values_are_efault},
    {"cpu_msr_efer_rules", cpu_msr_efer_rules},
    {"cpu_msr_apic_base_is_fixed", cpu_msr_apic_base_is_fixed},
    {"cpu_msr_tsc_reads_monotonic_and_refuses_writes", cpu_msr_tsc_reads_monotonic_and_refuses_writes},
    {"cpu_msr_tsc_deadline_reads_written_or_zero", cpu_msr_tsc_deadline_reads_written_or_zero},
    {"cpu_msr_not_supported", cpu_msr_not_supported},
};
VMI_TEST_MAIN("cpu_msr", cases)
