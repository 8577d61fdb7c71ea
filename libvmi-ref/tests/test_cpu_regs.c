/* Control registers, CLTS, debug registers and WBINVD (VMI-CPU-001..007, 027..029). */
#include "ref_checks.h"

#define CR0_RESET UINT64_C(0x80050033)
#define CR0_TS UINT64_C(0x8)
#define CR4_PGE UINT64_C(0x80)
#define PML4 0x1000u
#define VA UINT64_C(0x200000)

/* Reads CR `cr` and checks the call succeeded. */
static uint64_t cr_get(struct vmi_ref_machine *m, uint32_t cr)
{
    uint64_t v = SENTINEL;

    VMI_ASSERT_STATUS(vmi_ref_cr_read(CPU0(m), cr, &v), VMI_OK);
    return v;
}

/* VMI-CPU-001, VMI-CPU-003: each register reads back what was written,
 * and its allowed set becomes exact once the guest set it. */
static void cpu_regs_cr_write_reads_back(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    static const uint32_t crs[] = {0, 2, 3, 4};
    static const uint64_t vals[] = {0x8005003b, 0xffff800012345678u, 0x5000, 0x6a8};
    int i;

    for (i = 0; i < 4; i++) {
        cr_get(m, crs[i]);
        EXPECT_ALLOWED_ANY(m, 1);   /* VMI-CPU-012 style: the harness's value */
        VMI_ASSERT_STATUS(vmi_ref_cr_write(CPU0(m), crs[i], vals[i]), VMI_OK);
        VMI_ASSERT_EQ(cr_get(m, crs[i]), vals[i]);
        EXPECT_ALLOWED_EXACT(m, 1, vals[i]);
    }
    VMI_ASSERT_STATUS(vmi_ref_cr_write(CPU0(m), 8, 0xb), VMI_OK);
    VMI_ASSERT_EQ(cr_get(m, 8), 0xb);
    EXPECT_ALLOWED_EXACT(m, 1, 0xb);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-002, VMI-GEN-004 */
static void cpu_regs_cr_bad_register_is_einval(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    static const uint32_t bad[] = {1, 5, 6, 7, 9, 15, UINT32_MAX};
    uint64_t v = SENTINEL;
    int i;

    for (i = 0; i < 7; i++) {
        EXPECT_REFUSED(m, vmi_ref_cr_read(CPU0(m), bad[i], &v), VMI_EINVAL);
        EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), bad[i], 0), VMI_EINVAL);
    }
    EXPECT_REFUSED(m, vmi_ref_cr_read(CPU0(m), 0, NULL), VMI_EINVAL);
    VMI_ASSERT_EQ(v, SENTINEL);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-004 for CR0 and CR3 */
static void cpu_regs_cr0_cr3_forbidden_values_are_einval(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), 0, CR0_RESET | UINT64_C(1) << 32), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), 0, CR0_RESET & ~UINT64_C(0x80000000)), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), 0, CR0_RESET & ~UINT64_C(1)), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), 0, CR0_RESET | UINT64_C(1) << 29), VMI_EINVAL);
    /* NW with CD is allowed. */
    VMI_ASSERT_STATUS(vmi_ref_cr_write(CPU0(m), 0, CR0_RESET | UINT64_C(3) << 29), VMI_OK);
    EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), 3, UINT64_C(1) << 52), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), 3, UINT64_C(1) << 62), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_cr_write(CPU0(m), 3, UINT64_C(1) << 51 | 0x1000), VMI_OK);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-004 and VMI-CPU-005 for CR4 */
static void cpu_regs_cr4_checks(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t cr4 = cr_get(m, 4);

    EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), 4, cr4 | UINT64_C(1) << 15), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), 4, cr4 | UINT64_C(1) << 25), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), 4, cr4 | UINT64_C(1) << 63), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), 4, cr4 & ~UINT64_C(0x20)), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), 4, cr4 | UINT64_C(1) << 12), VMI_EINVAL);
    /* PCIDE (17) and UMIP (11) are valid bits this CPU lacks. */
    EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), 4, cr4 | UINT64_C(1) << 17), VMI_EFAULT);
    EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), 4, cr4 | UINT64_C(1) << 11), VMI_EFAULT);
    VMI_ASSERT_EQ(cr_get(m, 4), cr4);
    /* PCE (8) and SMEP (20) it has. */
    VMI_ASSERT_STATUS(vmi_ref_cr_write(CPU0(m), 4, cr4 | UINT64_C(0x100100)), VMI_OK);
    VMI_ASSERT_EQ(cr_get(m, 4), cr4 | UINT64_C(0x100100));
    vmi_ref_machine_free(m);
}

/* VMI-CPU-001, VMI-CPU-004: CR8 is TPR[7:4], one state with the APIC. */
static void cpu_regs_cr8_is_apic_tpr(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint32_t tpr = SENTINEL32;

    VMI_ASSERT_STATUS(vmi_ref_cr_write(CPU0(m), 8, 0x7), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_apic_read(CPU0(m), VMI_APIC_TPR, &tpr), VMI_OK);
    VMI_ASSERT_EQ(tpr, 0x70);
    VMI_ASSERT_STATUS(vmi_ref_apic_write(CPU0(m), VMI_APIC_TPR, 0xc5), VMI_OK);
    VMI_ASSERT_EQ(cr_get(m, 8), 0xc);
    EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), 8, 0x10), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), 8, UINT64_C(1) << 63), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-007: only TS changes. */
static void cpu_regs_clts_clears_ts_only(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    VMI_ASSERT_STATUS(vmi_ref_cr_write(CPU0(m), 0, CR0_RESET | CR0_TS), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_clts(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(cr_get(m, 0), CR0_RESET);
    VMI_ASSERT_STATUS(vmi_ref_clts(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(cr_get(m, 0), CR0_RESET);
    vmi_ref_machine_free(m);
}

/* Maps VA through a four-level tree at PML4.. to `frame`, with `flags`. */
static void map_va(struct vmi_ref_machine *m, uint64_t frame, uint64_t flags)
{
    struct vmi_ref_cpu *c = CPU0(m);

    VMI_ASSERT_STATUS(vmi_ref_pte_set(c, 4, PML4, 0, 0x2000 | 3), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c, 3, 0x2000, 0, 0x3000 | 3), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c, 2, 0x3000, 1, 0x4000 | 3), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c, 1, 0x4000, 0, frame | flags), VMI_OK);
}

/* Two frames told apart by their first word, VA mapped to the first. */
static struct vmi_ref_machine *two_frames(uint64_t pte_flags)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t a = 0xaaaa, b = 0xbbbb;

    VMI_ASSERT_STATUS(vmi_ref_phys_write(m, 0x10000, &a, 8), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_phys_write(m, 0x11000, &b, 8), VMI_OK);
    map_va(m, 0x10000, pte_flags);
    VMI_ASSERT_STATUS(vmi_ref_cr_write(CPU0(m), 3, PML4), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_va_track(m, VA), VMI_OK);
    map_va(m, 0x11000, pte_flags);   /* the old mapping may linger */
    return m;
}

/* Whether a read of VA on CPU 0 may give `v`. */
static int may_read(struct vmi_ref_machine *m, uint64_t v)
{
    struct vmi_ref_allowed a;

    VMI_ASSERT_STATUS(vmi_ref_probe_read(CPU0(m), VA, 8, &a), VMI_OK);
    return vmi_ref_allowed_contains(&a, v, 0);
}

/* VMI-CPU-003: a CR3 write drops non-global translations. */
static void cpu_regs_cr3_write_flushes_tlb(void)
{
    struct vmi_ref_machine *m = two_frames(3);

    VMI_ASSERT_EQ(may_read(m, 0xaaaa), 1);
    VMI_ASSERT_STATUS(vmi_ref_cr_write(CPU0(m), 3, PML4), VMI_OK);
    VMI_ASSERT_EQ(may_read(m, 0xaaaa), 0);
    VMI_ASSERT_EQ(may_read(m, 0xbbbb), 1);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-003: global translations survive a CR3 write and a CR4 write
 * that keeps PGE, and go when PGE changes. */
static void cpu_regs_cr4_pge_change_flushes_global(void)
{
    struct vmi_ref_machine *m = two_frames(3 | 0x100);
    uint64_t cr4 = cr_get(m, 4);

    VMI_ASSERT_EQ(cr4 & CR4_PGE, CR4_PGE);
    VMI_ASSERT_STATUS(vmi_ref_cr_write(CPU0(m), 3, PML4), VMI_OK);
    VMI_ASSERT_EQ(may_read(m, 0xaaaa), 1);
    VMI_ASSERT_STATUS(vmi_ref_cr_write(CPU0(m), 4, cr4), VMI_OK);
    VMI_ASSERT_EQ(may_read(m, 0xaaaa), 1);
    VMI_ASSERT_STATUS(vmi_ref_cr_write(CPU0(m), 4, cr4 & ~CR4_PGE), VMI_OK);
    VMI_ASSERT_EQ(may_read(m, 0xaaaa), 0);
    VMI_ASSERT_EQ(may_read(m, 0xbbbb), 1);
    vmi_ref_machine_free(m);
}

/* VMI-MMU-013: a CR3 write in lazy mode applies the deferred updates. */
static void cpu_regs_cr3_write_applies_lazy_updates(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_allowed a;

    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_enter(CPU0(m)), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(CPU0(m), 1, 0x4000, 5, 0x7003), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_probe_phys64(m, 0x4000 + 40, &a), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&a, 0, 0), 1);
    VMI_ASSERT_STATUS(vmi_ref_cr_write(CPU0(m), 3, PML4), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_probe_phys64(m, 0x4000 + 40, &a), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&a, 0, 0), 0);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&a, 0x7003, 0), 1);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-027, VMI-CPU-028 */
static void cpu_regs_dr_write_reads_back(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t v = SENTINEL;
    uint32_t r;

    VMI_ASSERT_STATUS(vmi_ref_dr_read(CPU0(m), 0, &v), VMI_OK);
    EXPECT_ALLOWED_ANY(m, 1);
    for (r = 0; r < 4; r++) {
        VMI_ASSERT_STATUS(vmi_ref_dr_write(CPU0(m), r, 0xffff800000001000u + r), VMI_OK);
        VMI_ASSERT_STATUS(vmi_ref_dr_read(CPU0(m), r, &v), VMI_OK);
        VMI_ASSERT_EQ(v, 0xffff800000001000u + r);
        EXPECT_ALLOWED_EXACT(m, 1, 0xffff800000001000u + r);
    }
    VMI_ASSERT_STATUS(vmi_ref_dr_write(CPU0(m), 6, 0x4001), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_dr_read(CPU0(m), 6, &v), VMI_OK);
    VMI_ASSERT_EQ(v, 0xffff4ff1u);
    VMI_ASSERT_STATUS(vmi_ref_dr_write(CPU0(m), 7, 0x3), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_dr_read(CPU0(m), 7, &v), VMI_OK);
    VMI_ASSERT_EQ(v, 0x403);
    EXPECT_ALLOWED_EXACT(m, 1, 0x403);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-027, VMI-CPU-028, VMI-GEN-004 */
static void cpu_regs_dr_bad_arguments_are_einval(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    static const uint32_t bad[] = {4, 5, 8, 15, UINT32_MAX};
    uint64_t v = SENTINEL;
    int i;

    for (i = 0; i < 5; i++) {
        EXPECT_REFUSED(m, vmi_ref_dr_read(CPU0(m), bad[i], &v), VMI_EINVAL);
        EXPECT_REFUSED(m, vmi_ref_dr_write(CPU0(m), bad[i], 0), VMI_EINVAL);
    }
    EXPECT_REFUSED(m, vmi_ref_dr_read(CPU0(m), 0, NULL), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_dr_write(CPU0(m), 6, UINT64_C(1) << 32), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_dr_write(CPU0(m), 7, UINT64_C(1) << 63), VMI_EINVAL);
    VMI_ASSERT_EQ(v, SENTINEL);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-029: no guest-visible effect. */
static void cpu_regs_wbinvd_changes_nothing(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    EXPECT_REFUSED(m, vmi_ref_wbinvd(CPU0(m)), VMI_OK);
    vmi_ref_machine_free(m);
}

/* VMI-GEN-003: without the feature every call answers VMI_ENOTSUP. */
static void cpu_regs_not_supported(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_CPU_CR);
    uint64_t v = SENTINEL;

    EXPECT_REFUSED(m, vmi_ref_cr_read(CPU0(m), 0, &v), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), 2, 1), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_cr_write(CPU0(m), 1, 1), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_clts(CPU0(m)), VMI_ENOTSUP);
    vmi_ref_machine_free(m);
    m = vmi_test_machine_without(VMI_FEAT_CPU_DEBUGREG);
    EXPECT_REFUSED(m, vmi_ref_dr_read(CPU0(m), 0, &v), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_dr_write(CPU0(m), 0, 1), VMI_ENOTSUP);
    vmi_ref_machine_free(m);
    m = vmi_test_machine_without(VMI_FEAT_CPU_CACHE);
    EXPECT_REFUSED(m, vmi_ref_wbinvd(CPU0(m)), VMI_ENOTSUP);
    vmi_ref_machine_free(m);
    VMI_ASSERT_EQ(v, SENTINEL);
}

static const struct vmi_test_case cases[] = {
    {"cpu_regs_cr_write_reads_back", cpu_regs_cr_write_reads_back},
    {"cpu_regs_cr_bad_register_is_einval", cpu_regs_cr_bad_register_is_einval},
    {"cpu_regs_cr0_cr3_forbidden_values_are_einval", cpu_regs_cr0_cr3_forbidden_values_are_einval},
    {"cpu_regs_cr4_checks", cpu_regs_cr4_checks},
    {"cpu_regs_cr8_is_apic_tpr", cpu_regs_cr8_is_apic_tpr},
    {"cpu_regs_clts_clears_ts_only", cpu_regs_clts_clears_ts_only},
    {"cpu_regs_cr3_write_flushes_tlb", cpu_regs_cr3_write_flushes_tlb},
    {"cpu_regs_cr4_pge_change_flushes_global", cpu_regs_cr4_pge_change_flushes_global},
    {"cpu_regs_cr3_write_applies_lazy_updates", cpu_regs_cr3_write_applies_lazy_updates},
    {"cpu_regs_dr_write_reads_back", cpu_regs_dr_write_reads_back},
    {"cpu_regs_dr_bad_arguments_are_einval", cpu_regs_dr_bad_arguments_are_einval},
    {"cpu_regs_wbinvd_changes_nothing", cpu_regs_wbinvd_changes_nothing},
    {"cpu_regs_not_supported", cpu_regs_not_supported},
};
VMI_TEST_MAIN("cpu_regs", cases)
