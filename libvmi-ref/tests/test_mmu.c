/* Tests of pte_set, pte_clear, pte_xchg, the page-table notices and the page walk. */
#include "pt_build.h"
#include "machine.h"

static uint64_t phys64(struct vmi_ref_machine *m, uint64_t pa)
{
    uint64_t v = 0;

    VMI_ASSERT_STATUS(vmi_ref_phys_read(m, pa, &v, 8), VMI_OK);
    return v;
}

/* VMI-MMU-001: a table built with pte_set maps TEST_VA to page A. */
static void mmu_pte_set_maps_page(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    struct vmi_ref_allowed a;

    pt_build(c0);
    a = pt_probe(c0, TEST_VA);
    CU_ASSERT(allows_fault(&a));
    pt_map(c0, TEST_VA, PAGE_A, 0);
    VMI_ASSERT_EQ(phys64(m, PT_PT + 8 * pt_index(TEST_VA, 1)), PAGE_A | TABLE_FLAGS);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_one(c0, TEST_VA), VMI_OK);
    a = pt_probe(c0, TEST_VA);
    CU_ASSERT(allows(&a, WORD_A));
    CU_ASSERT(!allows(&a, WORD_B));
    CU_ASSERT(!allows_fault(&a));
    vmi_ref_machine_free(m);
}

/* VMI-MMU-001: every level's entry lands at table + 8 * index. */
static void mmu_pte_set_stores_each_level(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint32_t level;

    for (level = 1; level <= 4; level++) {
        uint64_t value = PAGE_C | TABLE_FLAGS | ((uint64_t)level << 52);

        VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, level, PT_PT, 511, value), VMI_OK);
        VMI_ASSERT_EQ(phys64(m, PT_PT + 8 * 511), value);
    }
    vmi_ref_machine_free(m);
}

/* Reads a narrower width and the right bytes of the word (little-endian). */
static void mmu_probe_read_widths(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    struct vmi_ref_allowed a;

    pt_build(c0);
    pt_map(c0, TEST_VA, PAGE_A, 0);
    VMI_ASSERT_STATUS(vmi_ref_probe_read(c0, TEST_VA + WORD_OFF, 2, &a), VMI_OK);
    CU_ASSERT(allows(&a, WORD_A & 0xffff));
    VMI_ASSERT_STATUS(vmi_ref_probe_read(c0, TEST_VA + WORD_OFF + 4, 4, &a), VMI_OK);
    CU_ASSERT(allows(&a, WORD_A >> 32));
    VMI_ASSERT_STATUS(vmi_ref_probe_read(c0, TEST_VA + WORD_OFF + 7, 1, &a), VMI_OK);
    CU_ASSERT(allows(&a, WORD_A >> 56));
    VMI_ASSERT_STATUS(vmi_ref_probe_read(c0, TEST_VA + 1, 3, &a), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_probe_read(c0, TEST_VA + 0xffc, 8, &a), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_probe_read(c0, TEST_VA, 8, NULL), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

/* PS at level 2 maps 2 MiB, at level 3 maps 1 GiB. */
static void mmu_walk_large_pages(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t va2m = UINT64_C(0x40400000), va1g = UINT64_C(0x80000000);
    struct vmi_ref_allowed a;

    pt_build(c0);
    /* 2 MiB page at physical 0: PAGE_A sits PAGE_A bytes in. */
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 2, PT_PD, pt_index(va2m, 2),
                                      TABLE_FLAGS | VMI_PTE_PS), VMI_OK);
    a = pt_probe(c0, va2m + PAGE_B);
    CU_ASSERT(allows(&a, WORD_B));
    CU_ASSERT(!allows_fault(&a));
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 3, PT_PDPT, pt_index(va1g, 3),
                                      TABLE_FLAGS | VMI_PTE_PS), VMI_OK);
    a = pt_probe(c0, va1g + PAGE_C);
    CU_ASSERT(allows(&a, WORD_C));
    CU_ASSERT(!allows_fault(&a));
    vmi_ref_machine_free(m);
}

/* Tables outside guest memory read as not present; reserved bits fault. */
static void mmu_walk_faults(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t va = UINT64_C(0x8000000000), va2m = UINT64_C(0x40600000);
    struct vmi_ref_allowed a;

    pt_build(c0);
    /* PML4 index 1 points at a PDPT far above the 64 MiB of memory. */
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 4, PT_PML4, 1, UINT64_C(0x100000000) | TABLE_FLAGS),
                      VMI_OK);
    a = pt_probe(c0, va);
    CU_ASSERT(allows_fault(&a));
    CU_ASSERT(!a.value_ok);
    /* A 2 MiB entry whose address is not 2 MiB aligned. */
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 2, PT_PD, pt_index(va2m, 2),
                                      PAGE_A | TABLE_FLAGS | VMI_PTE_PS), VMI_OK);
    a = pt_probe(c0, va2m);
    CU_ASSERT(allows_fault(&a));
    CU_ASSERT(!a.value_ok);
    vmi_ref_machine_free(m);
}

/* VMI-MMU-002: each bad argument class, with the machine unchanged. */
static void mmu_pte_set_bad_args(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t mem = UINT64_C(64) << 20, d = vmi_ref_machine_digest(m);

    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 0, PT_PT, 0, PAGE_A | 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 5, PT_PT, 0, PAGE_A | 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 1, PT_PT, 512, PAGE_A | 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 1, PT_PT + 8, 0, PAGE_A | 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 1, mem, 0, PAGE_A | 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 1, UINT64_MAX & ~UINT64_C(0xfff), 0, 1),
                      VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    VMI_ASSERT_EQ(phys64(m, PT_PT), 0);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 1, mem - VMI_PAGE_SIZE, 511, PAGE_A | 1), VMI_OK);
    vmi_ref_machine_free(m);
}

/* VMI-MMU-003: a present PML4 entry with PS is refused; a non-present one is not. */
static void mmu_pte_set_pml4_ps_refused(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t old = 77, d = vmi_ref_machine_digest(m);

    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 4, PT_PML4, 3, PT_PDPT | TABLE_FLAGS | VMI_PTE_PS),
                      VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pte_xchg(c0, 4, PT_PML4, 3,
                                       PT_PDPT | TABLE_FLAGS | VMI_PTE_PS, &old), VMI_EINVAL);
    VMI_ASSERT_EQ(old, 77);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 4, PT_PML4, 3, VMI_PTE_PS), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 3, PT_PDPT, 3, TABLE_FLAGS | VMI_PTE_PS), VMI_OK);
    vmi_ref_machine_free(m);
}

/* VMI-MMU-004: clear is set-to-zero; the old translation lasts until a flush. */
static void mmu_pte_clear_unmaps(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    struct vmi_ref_allowed a;

    pt_build(c0);
    pt_map(c0, TEST_VA, PAGE_A, 0);
    VMI_ASSERT_STATUS(vmi_ref_pte_clear(c0, 1, PT_PT, pt_index(TEST_VA, 1)), VMI_OK);
    VMI_ASSERT_EQ(phys64(m, PT_PT + 8 * pt_index(TEST_VA, 1)), 0);
    a = pt_probe(c0, TEST_VA);
    CU_ASSERT(allows(&a, WORD_A));
    CU_ASSERT(allows_fault(&a));
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_one(c0, TEST_VA), VMI_OK);
    a = pt_probe(c0, TEST_VA);
    CU_ASSERT(!allows(&a, WORD_A));
    CU_ASSERT(allows_fault(&a));
    vmi_ref_machine_free(m);
}

static void mmu_pte_clear_bad_args(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t d;

    pt_build(c0);
    pt_map(c0, TEST_VA, PAGE_A, 0);
    d = vmi_ref_machine_digest(m);
    VMI_ASSERT_STATUS(vmi_ref_pte_clear(c0, 0, PT_PT, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pte_clear(c0, 5, PT_PT, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pte_clear(c0, 1, PT_PT, 512), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pte_clear(c0, 1, PT_PT + 0x800, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pte_clear(c0, 1, UINT64_C(64) << 20, 1), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    VMI_ASSERT_EQ(phys64(m, PT_PT + 8), PAGE_A | TABLE_FLAGS);
    vmi_ref_machine_free(m);
}

/* VMI-MMU-005: xchg stores the new entry and hands back the old one. */
static void mmu_pte_xchg_returns_old(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t old = 0;
    struct vmi_ref_allowed a;

    pt_build(c0);
    pt_map(c0, TEST_VA, PAGE_A, 0);
    VMI_ASSERT_STATUS(vmi_ref_pte_xchg(c0, 1, PT_PT, pt_index(TEST_VA, 1),
                                       PAGE_B | TABLE_FLAGS, &old), VMI_OK);
    VMI_ASSERT_EQ(old, PAGE_A | TABLE_FLAGS);
    CU_ASSERT(vmi_ref_allowed_contains(vmi_ref_last_allowed(m, 4), old, 0));
    CU_ASSERT(!vmi_ref_allowed_contains(vmi_ref_last_allowed(m, 4), PAGE_B | TABLE_FLAGS, 0));
    VMI_ASSERT_EQ(phys64(m, PT_PT + 8 * pt_index(TEST_VA, 1)), PAGE_B | TABLE_FLAGS);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_one(c0, TEST_VA), VMI_OK);
    a = pt_probe(c0, TEST_VA);
    CU_ASSERT(allows(&a, WORD_B));
    CU_ASSERT(!allows(&a, WORD_A));
    vmi_ref_machine_free(m);
}

static void mmu_pte_xchg_bad_args(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t old = 77, d = vmi_ref_machine_digest(m);

    VMI_ASSERT_STATUS(vmi_ref_pte_xchg(c0, 0, PT_PT, 1, 5, &old), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pte_xchg(c0, 5, PT_PT, 1, 5, &old), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pte_xchg(c0, 1, PT_PT, 512, 5, &old), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pte_xchg(c0, 1, PT_PT + 4, 1, 5, &old), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pte_xchg(c0, 1, UINT64_C(64) << 20, 1, 5, &old), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pte_xchg(c0, 1, PT_PT, 1, 5, NULL), VMI_EINVAL);
    VMI_ASSERT_EQ(old, 77);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    VMI_ASSERT_EQ(phys64(m, PT_PT + 8), 0);
    vmi_ref_machine_free(m);
}

/* VMI-MMU-007, VMI-MMU-008: notices accept good pages and refuse bad ones. */
static void mmu_pt_page_notices(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t mem = UINT64_C(64) << 20, d = vmi_ref_machine_digest(m);
    uint32_t level;

    for (level = 1; level <= 4; level++) {
        VMI_ASSERT_STATUS(vmi_ref_pt_page_alloc(c0, level, PT_PT), VMI_OK);
        VMI_ASSERT_STATUS(vmi_ref_pt_page_release(c0, level, PT_PT), VMI_OK);
    }
    VMI_ASSERT_STATUS(vmi_ref_pt_page_alloc(c0, 1, mem - VMI_PAGE_SIZE), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    vmi_ref_machine_free(m);
}

static void mmu_pt_page_bad_args(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t mem = UINT64_C(64) << 20, d = vmi_ref_machine_digest(m);

    VMI_ASSERT_STATUS(vmi_ref_pt_page_alloc(c0, 0, PT_PT), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pt_page_alloc(c0, 5, PT_PT), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pt_page_alloc(c0, 1, PT_PT + 8), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pt_page_alloc(c0, 1, mem), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pt_page_release(c0, 0, PT_PT), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pt_page_release(c0, 5, PT_PT), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pt_page_release(c0, 1, PT_PT + 0x100), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_pt_page_release(c0, 1, mem), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    vmi_ref_machine_free(m);
}

/* VMI-GEN-003: without the feature, ENOTSUP whatever the arguments. */
static void mmu_not_supported(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_MMU_PTE);
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t old = 77, d = vmi_ref_machine_digest(m);

    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 1, PT_PT, 0, 1), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 9, 3, 999, 1), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_pte_clear(c0, 1, PT_PT, 0), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_pte_xchg(c0, 1, PT_PT, 0, 1, &old), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_pte_xchg(c0, 1, PT_PT, 0, 1, NULL), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_pt_page_alloc(c0, 1, PT_PT), VMI_OK);
    VMI_ASSERT_EQ(old, 77);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    vmi_ref_machine_free(m);

    m = vmi_test_machine_without(VMI_FEAT_MMU_PTPAGE);
    c0 = vmi_ref_cpu(m, 0);
    VMI_ASSERT_STATUS(vmi_ref_pt_page_alloc(c0, 1, PT_PT), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_pt_page_release(c0, 1, PT_PT), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_pt_page_alloc(c0, 0, 1), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(c0, 1, PT_PT, 0, 1), VMI_OK);
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"mmu_pte_set_maps_page", mmu_pte_set_maps_page},
    {"mmu_pte_set_stores_each_level", mmu_pte_set_stores_each_level},
    {"mmu_probe_read_widths", mmu_probe_read_widths},
    {"mmu_walk_large_pages", mmu_walk_large_pages},
    {"mmu_walk_faults", mmu_walk_faults},
    {"mmu_pte_set_bad_args", mmu_pte_set_bad_args},
    {"mmu_pte_set_pml4_ps_refused", mmu_pte_set_pml4_ps_refused},
    {"mmu_pte_clear_unmaps", mmu_pte_clear_unmaps},
    {"mmu_pte_clear_bad_args", mmu_pte_clear_bad_args},
    {"mmu_pte_xchg_returns_old", mmu_pte_xchg_returns_old},
    {"mmu_pte_xchg_bad_args", mmu_pte_xchg_bad_args},
    {"mmu_pt_page_notices", mmu_pt_page_notices},
    {"mmu_pt_page_bad_args", mmu_pt_page_bad_args},
    {"mmu_not_supported", mmu_not_supported},
};

VMI_TEST_MAIN("mmu", cases)
