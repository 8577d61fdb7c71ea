/* CPUID and the time-stamp counter read (VMI-CPU-013..015). */
#include <string.h>
#include "ref_checks.h"

static struct vmi_cpuid_regs cpuid(struct vmi_ref_machine *m, uint32_t leaf)
{
    struct vmi_cpuid_regs r;

    memset(&r, 0xa5, sizeof(r));
    VMI_ASSERT_STATUS(vmi_ref_cpuid(CPU0(m), leaf, 0, &r), VMI_OK);
    EXPECT_ALLOWED_ANY(m, 2);
    return r;
}

/* VMI-CPU-013: the model's fixed table. */
static void cpu_cpuid_reports_model_cpu(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_cpuid_regs r = cpuid(m, 0);
    char vendor[12];

    VMI_ASSERT_EQ(r.eax, 0xd);
    memcpy(vendor, &r.ebx, 4);
    memcpy(vendor + 4, &r.edx, 4);
    memcpy(vendor + 8, &r.ecx, 4);
    VMI_ASSERT_EQ(memcmp(vendor, "VMIREFMODEL!", 12), 0);
    r = cpuid(m, 1);
    VMI_ASSERT_EQ(r.ecx >> 31, 1);
    r = cpuid(m, 0x40000000u);
    VMI_ASSERT_EQ(r.eax, 0x40000001u);
    memcpy(vendor, &r.ebx, 4);
    memcpy(vendor + 4, &r.ecx, 4);
    memcpy(vendor + 8, &r.edx, 4);
    VMI_ASSERT_EQ(memcmp(vendor, "VMIREFVMIREF", 12), 0);
    r = cpuid(m, 0x80000000u);
    VMI_ASSERT_EQ(r.eax | r.ebx | r.ecx | r.edx, 0);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-014 */
static void cpu_cpuid_null_is_einval(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    EXPECT_REFUSED(m, vmi_ref_cpuid(CPU0(m), 0, 0, NULL), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-015: readings never go down; the allowed set starts at the last. */
static void cpu_tsc_read_is_monotonic(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t a = 0, b = 0;

    VMI_ASSERT_STATUS(vmi_ref_tsc_read(CPU0(m), &a), VMI_OK);
    EXPECT_ALLOWED_RANGE(m, 0, 0, UINT64_MAX);
    vmi_ref_advance(m, 1000000);
    VMI_ASSERT_STATUS(vmi_ref_tsc_read(CPU0(m), &b), VMI_OK);
    EXPECT_ALLOWED_RANGE(m, 0, a, UINT64_MAX);
    /* 1 ms at 2.5 GHz, plus the calls' own time */
    VMI_ASSERT_EQ(b - a >= 2500000u, 1);
    vmi_ref_machine_free(m);
}

static void cpu_tsc_read_null_is_einval(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    EXPECT_REFUSED(m, vmi_ref_tsc_read(CPU0(m), NULL), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

static void cpu_cpuid_tsc_not_supported(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_CPU_CPUID);
    struct vmi_cpuid_regs r;
    uint64_t tsc = SENTINEL;

    memset(&r, 0xa5, sizeof(r));
    EXPECT_REFUSED(m, vmi_ref_cpuid(CPU0(m), 0, 0, &r), VMI_ENOTSUP);
    VMI_ASSERT_EQ(r.eax, 0xa5a5a5a5u);
    vmi_ref_machine_free(m);
    m = vmi_test_machine_without(VMI_FEAT_CPU_TSC);
    EXPECT_REFUSED(m, vmi_ref_tsc_read(CPU0(m), &tsc), VMI_ENOTSUP);
    VMI_ASSERT_EQ(tsc, SENTINEL);
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"cpu_cpuid_reports_model_cpu", cpu_cpuid_reports_model_cpu},
    {"cpu_cpuid_null_is_einval", cpu_cpuid_null_is_einval},
    {"cpu_tsc_read_is_monotonic", cpu_tsc_read_is_monotonic},
    {"cpu_tsc_read_null_is_einval", cpu_tsc_read_null_is_einval},
    {"cpu_cpuid_tsc_not_supported", cpu_cpuid_tsc_not_supported},
};
VMI_TEST_MAIN("cpu_cpuid", cases)
