/* Tests of lazy MMU mode: enter, leave, flush and what observers may see meanwhile. */
#include "pt_build.h"
#include "machine.h"

#define ENTRY_PA (PT_PT + 8 * 5)
#define OLD_E (PAGE_A | TABLE_FLAGS)
#define NEW_E (PAGE_B | TABLE_FLAGS)
#define NEWER_E (PAGE_C | TABLE_FLAGS)

static struct vmi_ref_allowed phys_probe(struct vmi_ref_machine *m, uint64_t pa)
{
    struct vmi_ref_allowed a;

    VMI_ASSERT_STATUS(vmi_ref_probe_phys64(m, pa, &a), VMI_OK);
    return a;
}

/* A machine whose entry at ENTRY_PA holds OLD_E, set outside lazy mode. */
static struct vmi_ref_machine *machine_with_entry(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    VMI_ASSERT_STATUS(vmi_ref_pte_set(vmi_ref_cpu(m, 0), 1, PT_PT, 5, OLD_E), VMI_OK);
    return m;
}

/* Outside lazy mode an update is seen at once and only as written, or with
 * the Accessed and (for a leaf) Dirty bits a CPU's walk may set in it. */
static void lazy_outside_exact(void)
{
    struct vmi_ref_machine *m = machine_with_entry();
    struct vmi_ref_allowed a = phys_probe(m, ENTRY_PA);

    CU_ASSERT(allows(&a, OLD_E));
    CU_ASSERT(allows(&a, OLD_E | VMI_PTE_A));
    CU_ASSERT(allows(&a, OLD_E | VMI_PTE_A | VMI_PTE_D));
    CU_ASSERT(!allows(&a, OLD_E | VMI_PTE_D));
    VMI_ASSERT_EQ(a.count, 3);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(vmi_ref_cpu(m, 0), 1, PT_PT, 5, NEW_E), VMI_OK);
    a = phys_probe(m, ENTRY_PA);
    CU_ASSERT(allows(&a, NEW_E));
    CU_ASSERT(!allows(&a, OLD_E));
    vmi_ref_machine_free(m);
}

/* VMI-MMU-010, VMI-MMU-012: old or new before leave, only new after. */
static void lazy_probe_allows_old_or_new(void)
{
    struct vmi_ref_machine *m = machine_with_entry();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    struct vmi_ref_allowed a;

    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_enter(c0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 1, PT_PT, 5, NEW_E), VMI_OK);
    a = phys_probe(m, ENTRY_PA);
    CU_ASSERT(allows(&a, OLD_E));
    CU_ASSERT(allows(&a, NEW_E));
    CU_ASSERT(!allows(&a, 0));
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_leave(c0), VMI_OK);
    a = phys_probe(m, ENTRY_PA);
    CU_ASSERT(allows(&a, NEW_E));
    CU_ASSERT(!allows(&a, OLD_E));
    vmi_ref_machine_free(m);
}

/* VMI-MMU-004, VMI-MMU-010: a deferred clear too. */
static void lazy_clear_deferred(void)
{
    struct vmi_ref_machine *m = machine_with_entry();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    struct vmi_ref_allowed a;

    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_enter(c0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_pte_clear(c0, 1, PT_PT, 5), VMI_OK);
    a = phys_probe(m, ENTRY_PA);
    CU_ASSERT(allows(&a, OLD_E));
    CU_ASSERT(allows(&a, 0));
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_flush(c0), VMI_OK);
    a = phys_probe(m, ENTRY_PA);
    CU_ASSERT(allows(&a, 0));
    CU_ASSERT(!allows(&a, OLD_E));
    vmi_ref_machine_free(m);
}

/* VMI-MMU-010, VMI-MMU-014: every queued value, and the oldest old one. */
static void lazy_queue_keeps_history(void)
{
    struct vmi_ref_machine *m = machine_with_entry();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    struct vmi_ref_allowed a;

    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_enter(c0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 1, PT_PT, 5, NEW_E), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 1, PT_PT, 5, NEWER_E), VMI_OK);
    a = phys_probe(m, ENTRY_PA);
    CU_ASSERT(allows(&a, OLD_E));
    CU_ASSERT(allows(&a, NEW_E));
    CU_ASSERT(allows(&a, NEWER_E));
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_leave(c0), VMI_OK);
    a = phys_probe(m, ENTRY_PA);
    CU_ASSERT(allows(&a, NEWER_E));
    CU_ASSERT(!allows(&a, NEW_E));
    CU_ASSERT(!allows(&a, OLD_E));
    vmi_ref_machine_free(m);
}

/* VMI-MMU-011: flush applies but stays in lazy mode. */
static void lazy_flush_stays_lazy(void)
{
    struct vmi_ref_machine *m = machine_with_entry();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    struct vmi_ref_allowed a;

    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_enter(c0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 1, PT_PT, 5, NEW_E), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_flush(c0), VMI_OK);
    a = phys_probe(m, ENTRY_PA);
    CU_ASSERT(!allows(&a, OLD_E));
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 1, PT_PT, 5, NEWER_E), VMI_OK);
    a = phys_probe(m, ENTRY_PA);
    CU_ASSERT(allows(&a, NEW_E));
    CU_ASSERT(allows(&a, NEWER_E));
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_enter(c0), VMI_EBUSY);
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_leave(c0), VMI_OK);
    vmi_ref_machine_free(m);
}

/* VMI-MMU-011: outside lazy mode flush is OK and changes nothing. */
static void lazy_flush_outside_noop(void)
{
    struct vmi_ref_machine *m = machine_with_entry();
    uint64_t d = vmi_ref_machine_digest(m);

    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_flush(vmi_ref_cpu(m, 0)), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_leave(vmi_ref_cpu(m, 0)), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

/* VMI-MMU-009: entering twice is EBUSY and changes nothing. */
static void lazy_enter_twice_busy(void)
{
    struct vmi_ref_machine *m = machine_with_entry();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    struct vmi_ref_allowed a;
    uint64_t d;

    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_enter(c0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 1, PT_PT, 5, NEW_E), VMI_OK);
    d = vmi_ref_machine_digest(m);
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_enter(c0), VMI_EBUSY);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    a = phys_probe(m, ENTRY_PA);
    CU_ASSERT(allows(&a, OLD_E));
    /* Lazy mode is per CPU: CPU 1 may enter its own. */
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_enter(pt_start_cpu1(m)), VMI_OK);
    vmi_ref_machine_free(m);
}

/* VMI-MMU-012: leave outside lazy mode is EINVAL and changes nothing. */
static void lazy_leave_outside_einval(void)
{
    struct vmi_ref_machine *m = machine_with_entry();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t d = vmi_ref_machine_digest(m);

    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_leave(c0), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_enter(c0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_leave(c0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_leave(c0), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

/* VMI-MMU-005, VMI-MMU-014: xchg is never deferred, and lands after the
 * updates queued before it. */
static void lazy_xchg_not_deferred(void)
{
    struct vmi_ref_machine *m = machine_with_entry();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    struct vmi_ref_allowed a;
    uint64_t old = 0;

    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_enter(c0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 1, PT_PT, 5, NEW_E), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_pte_xchg(c0, 1, PT_PT, 6, NEWER_E, &old), VMI_OK);
    VMI_ASSERT_EQ(old, 0);
    a = phys_probe(m, ENTRY_PA);
    CU_ASSERT(!allows(&a, OLD_E));
    a = phys_probe(m, ENTRY_PA + 8);
    CU_ASSERT(allows(&a, NEWER_E));
    CU_ASSERT(!allows(&a, 0));
    VMI_ASSERT_STATUS(vmi_ref_pte_xchg(c0, 1, PT_PT, 5, OLD_E, &old), VMI_OK);
    VMI_ASSERT_EQ(old, NEW_E);
    vmi_ref_machine_free(m);
}

/* VMI-MMU-013: every TLB flush call first applies the caller's queue. */
static void lazy_tlb_flush_applies_queue(void)
{
    struct vmi_ref_machine *m = machine_with_entry();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    struct vmi_ref_allowed a;
    int i;

    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_enter(c0), VMI_OK);
    for (i = 0; i < 4; i++) {
        uint64_t v = (i % 2 ? OLD_E : NEW_E), was = (i % 2 ? NEW_E : OLD_E);
        vmi_status_t st;

        VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 1, PT_PT, 5, v), VMI_OK);
        st = i == 0 ? vmi_ref_tlb_flush_all(c0)
           : i == 1 ? vmi_ref_tlb_flush_global(c0)
           : i == 2 ? vmi_ref_tlb_flush_one(c0, TEST_VA)
                    : vmi_ref_tlb_flush_range(c0, 0, 0, TEST_VA, 1);
        VMI_ASSERT_STATUS(st, VMI_OK);
        a = phys_probe(m, ENTRY_PA);
        CU_ASSERT(allows(&a, v));
        CU_ASSERT(!allows(&a, was));
    }
    vmi_ref_machine_free(m);
}

/* A full queue is applied before the next update is queued. */
static void lazy_queue_full_applies(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    struct vmi_ref_allowed a;
    uint32_t i;

    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_enter(c0), VMI_OK);
    for (i = 0; i <= VMI__REF_LAZY_MAX; i++)
        VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 1, PT_PT, i, NEW_E), VMI_OK);
    a = phys_probe(m, PT_PT);
    CU_ASSERT(!allows(&a, 0));
    a = phys_probe(m, PT_PT + 8 * VMI__REF_LAZY_MAX);
    CU_ASSERT(allows(&a, 0));
    CU_ASSERT(allows(&a, NEW_E));
    vmi_ref_machine_free(m);
}

/* VMI-MMU-010: another CPU may still walk the old entry after flushing
 * its own TLB, until the deferring CPU applies its queue. */
static void lazy_remote_sees_deferred(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0), *c1;
    struct vmi_ref_allowed a;

    pt_build(c0);
    pt_map(c0, TEST_VA, PAGE_A, 0);
    c1 = pt_start_cpu1(m);
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_enter(c0), VMI_OK);
    pt_map(c0, TEST_VA, PAGE_B, 0);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_all(c1), VMI_OK);
    a = pt_probe(c1, TEST_VA);
    CU_ASSERT(allows(&a, WORD_A));
    CU_ASSERT(allows(&a, WORD_B));
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_flush(c0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_all(c1), VMI_OK);
    a = pt_probe(c1, TEST_VA);
    CU_ASSERT(!allows(&a, WORD_A));
    CU_ASSERT(allows(&a, WORD_B));
    vmi_ref_machine_free(m);
}

static void lazy_probe_phys64_args(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_allowed a;

    VMI_ASSERT_STATUS(vmi_ref_probe_phys64(m, UINT64_C(64) << 20, &a), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_probe_phys64(m, (UINT64_C(64) << 20) - 4, &a), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_probe_phys64(m, 0, NULL), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

static void lazy_not_supported(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_MMU_LAZY);
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    struct vmi_ref_allowed a;
    uint64_t d = vmi_ref_machine_digest(m);

    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_enter(c0), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_flush(c0), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_leave(c0), VMI_ENOTSUP);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    /* Not in lazy mode, so updates are exact. */
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 1, PT_PT, 5, NEW_E), VMI_OK);
    a = phys_probe(m, ENTRY_PA);
    CU_ASSERT(!allows(&a, 0));
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"lazy_outside_exact", lazy_outside_exact},
    {"lazy_probe_allows_old_or_new", lazy_probe_allows_old_or_new},
    {"lazy_clear_deferred", lazy_clear_deferred},
    {"lazy_queue_keeps_history", lazy_queue_keeps_history},
    {"lazy_flush_stays_lazy", lazy_flush_stays_lazy},
    {"lazy_flush_outside_noop", lazy_flush_outside_noop},
    {"lazy_enter_twice_busy", lazy_enter_twice_busy},
    {"lazy_leave_outside_einval", lazy_leave_outside_einval},
    {"lazy_xchg_not_deferred", lazy_xchg_not_deferred},
    {"lazy_tlb_flush_applies_queue", lazy_tlb_flush_applies_queue},
    {"lazy_queue_full_applies", lazy_queue_full_applies},
    {"lazy_remote_sees_deferred", lazy_remote_sees_deferred},
    {"lazy_probe_phys64_args", lazy_probe_phys64_args},
    {"lazy_not_supported", lazy_not_supported},
};

VMI_TEST_MAIN("lazy", cases)
