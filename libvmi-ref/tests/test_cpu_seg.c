/* Segment bases and SWAPGS (VMI-CPU-011, VMI-CPU-024..026). */
#include "ref_checks.h"

#define MSR_FS_BASE 0xc0000100u
#define MSR_GS_BASE 0xc0000101u
#define MSR_KERNEL_GS_BASE 0xc0000102u

static uint64_t seg_get(struct vmi_ref_machine *m, uint32_t seg)
{
    uint64_t v = SENTINEL;

    VMI_ASSERT_STATUS(vmi_ref_seg_base_read(CPU0(m), seg, &v), VMI_OK);
    return v;
}

static uint64_t msr_get(struct vmi_ref_machine *m, uint32_t msr)
{
    uint64_t v = SENTINEL;

    VMI_ASSERT_STATUS(vmi_ref_msr_read(CPU0(m), msr, &v), VMI_OK);
    return v;
}

/* VMI-CPU-024, VMI-CPU-025 */
static void cpu_seg_base_write_reads_back(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint32_t seg;

    for (seg = 0; seg < 3; seg++) {
        seg_get(m, seg);
        EXPECT_ALLOWED_ANY(m, 1);
        VMI_ASSERT_STATUS(vmi_ref_seg_base_write(CPU0(m), seg, 0xffff800000000000u + seg), VMI_OK);
        VMI_ASSERT_EQ(seg_get(m, seg), 0xffff800000000000u + seg);
        EXPECT_ALLOWED_EXACT(m, 1, 0xffff800000000000u + seg);
    }
    vmi_ref_machine_free(m);
}

/* VMI-CPU-011: the MSRs and the segment calls are one state. */
static void cpu_seg_base_is_msr_state(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    VMI_ASSERT_STATUS(vmi_ref_seg_base_write(CPU0(m), VMI_SEG_FS, 0x1000), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_seg_base_write(CPU0(m), VMI_SEG_GS, 0x2000), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_seg_base_write(CPU0(m), VMI_SEG_KERNEL_GS, 0x3000), VMI_OK);
    VMI_ASSERT_EQ(msr_get(m, MSR_FS_BASE), 0x1000);
    EXPECT_ALLOWED_EXACT(m, 1, 0x1000);
    VMI_ASSERT_EQ(msr_get(m, MSR_GS_BASE), 0x2000);
    VMI_ASSERT_EQ(msr_get(m, MSR_KERNEL_GS_BASE), 0x3000);
    VMI_ASSERT_STATUS(vmi_ref_msr_write(CPU0(m), MSR_GS_BASE, 0x4000), VMI_OK);
    VMI_ASSERT_EQ(seg_get(m, VMI_SEG_GS), 0x4000);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-024, VMI-CPU-025, VMI-GEN-004 */
static void cpu_seg_bad_arguments_are_einval(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t v = SENTINEL;

    EXPECT_REFUSED(m, vmi_ref_seg_base_read(CPU0(m), 3, &v), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_seg_base_read(CPU0(m), UINT32_MAX, &v), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_seg_base_read(CPU0(m), VMI_SEG_FS, NULL), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_seg_base_write(CPU0(m), 3, 0), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_seg_base_write(CPU0(m), VMI_SEG_GS, 0x0000800000000000u), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_seg_base_write(CPU0(m), VMI_SEG_KERNEL_GS, 0xfff0000000000000u),
                   VMI_EINVAL);
    VMI_ASSERT_EQ(v, SENTINEL);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-026: the bases trade places, and so does what is known of them. */
static void cpu_seg_swapgs_exchanges(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    VMI_ASSERT_STATUS(vmi_ref_seg_base_write(CPU0(m), VMI_SEG_KERNEL_GS, 0xffff888000001000u),
                      VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_swapgs(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(seg_get(m, VMI_SEG_GS), 0xffff888000001000u);
    EXPECT_ALLOWED_EXACT(m, 1, 0xffff888000001000u);
    seg_get(m, VMI_SEG_KERNEL_GS);
    EXPECT_ALLOWED_ANY(m, 1);   /* the old GS base was the harness's */
    VMI_ASSERT_STATUS(vmi_ref_seg_base_write(CPU0(m), VMI_SEG_KERNEL_GS, 0x7000), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_swapgs(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(seg_get(m, VMI_SEG_GS), 0x7000);
    VMI_ASSERT_EQ(seg_get(m, VMI_SEG_KERNEL_GS), 0xffff888000001000u);
    VMI_ASSERT_EQ(msr_get(m, MSR_KERNEL_GS_BASE), 0xffff888000001000u);
    vmi_ref_machine_free(m);
}

static void cpu_seg_not_supported(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_CPU_SEGBASE);
    uint64_t v = SENTINEL;

    EXPECT_REFUSED(m, vmi_ref_seg_base_read(CPU0(m), VMI_SEG_FS, &v), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_seg_base_write(CPU0(m), VMI_SEG_FS, 0x1000), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_swapgs(CPU0(m)), VMI_ENOTSUP);
    VMI_ASSERT_EQ(v, SENTINEL);
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"cpu_seg_base_write_reads_back", cpu_seg_base_write_reads_back},
    {"cpu_seg_base_is_msr_state", cpu_seg_base_is_msr_state},
    {"cpu_seg_bad_arguments_are_einval", cpu_seg_bad_arguments_are_einval},
    {"cpu_seg_swapgs_exchanges", cpu_seg_swapgs_exchanges},
    {"cpu_seg_not_supported", cpu_seg_not_supported},
};
VMI_TEST_MAIN("cpu_seg", cases)
