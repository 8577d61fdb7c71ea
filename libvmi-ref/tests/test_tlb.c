/* Tests of the TLB model and the flush calls: stale translations, globals, remote flushes. */
#include "pt_build.h"
#include "machine.h"

#define VA2 (TEST_VA + 0x1000)
#define VA3 (TEST_VA + 0x2000)

/* TEST_VA, VA2 and VA3 mapped to page A (with `extra` bits), tracked,
 * and then remapped to page B without a flush. */
static struct vmi_ref_machine *machine_remapped(uint64_t extra)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t va;

    pt_build(c0);
    for (va = TEST_VA; va <= VA3; va += VMI_PAGE_SIZE) {
        VMI_ASSERT_STATUS(vmi_ref_va_track(m, va), VMI_OK);
        pt_map(c0, va, PAGE_A, extra);
    }
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_global(c0), VMI_OK);
    for (va = TEST_VA; va <= VA3; va += VMI_PAGE_SIZE)
        pt_map(c0, va, PAGE_B, 0);
    return m;
}

static int stale(struct vmi_ref_cpu *cpu, uint64_t va)
{
    struct vmi_ref_allowed a = pt_probe(cpu, va);

    CU_ASSERT(allows(&a, WORD_B));
    return allows(&a, WORD_A);
}

/* VMI-MMU-006, VMI-TLB-003: a stale translation is allowed until the page is flushed. */
static void tlb_stale_until_flush_one(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    struct vmi_ref_allowed a;

    pt_build(c0);
    pt_map(c0, TEST_VA, PAGE_A, 0);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_one(c0, TEST_VA), VMI_OK);
    a = pt_probe(c0, TEST_VA);
    CU_ASSERT(allows(&a, WORD_A));
    CU_ASSERT(!allows(&a, WORD_B));
    pt_map(c0, TEST_VA, PAGE_B, 0);
    a = pt_probe(c0, TEST_VA);
    CU_ASSERT(allows(&a, WORD_A));
    CU_ASSERT(allows(&a, WORD_B));
    CU_ASSERT(!allows(&a, WORD_C));
    CU_ASSERT(!allows_fault(&a));
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_one(c0, TEST_VA + 0x123), VMI_OK);
    a = pt_probe(c0, TEST_VA);
    CU_ASSERT(!allows(&a, WORD_A));
    CU_ASSERT(allows(&a, WORD_B));
    vmi_ref_machine_free(m);
}

/* VMI-TLB-003: flushing one page leaves the others' stale entries alone. */
static void tlb_flush_one_only_that_page(void)
{
    struct vmi_ref_machine *m = machine_remapped(0);
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);

    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_one(c0, VA2), VMI_OK);
    CU_ASSERT(!stale(c0, VA2));
    CU_ASSERT(stale(c0, TEST_VA));
    CU_ASSERT(stale(c0, VA3));
    vmi_ref_machine_free(m);
}

static void tlb_flush_one_noncanonical(void)
{
    struct vmi_ref_machine *m = machine_remapped(0);
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t d = vmi_ref_machine_digest(m);

    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_one(c0, UINT64_C(0x0000800000000000)), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_one(c0, UINT64_C(0xffff7fffffffffff)), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    CU_ASSERT(stale(c0, TEST_VA));
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_one(c0, UINT64_C(0xffff800000000000)), VMI_OK);
    vmi_ref_machine_free(m);
}

/* VMI-TLB-001: flush_all drops every non-global stale entry. */
static void tlb_flush_all_drops_nonglobal(void)
{
    struct vmi_ref_machine *m = machine_remapped(0);
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);

    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_all(c0), VMI_OK);
    CU_ASSERT(!stale(c0, TEST_VA));
    CU_ASSERT(!stale(c0, VA3));
    vmi_ref_machine_free(m);
}

/* VMI-TLB-001, VMI-TLB-002: globals survive flush_all, not flush_global. */
static void tlb_global_survives_flush_all(void)
{
    struct vmi_ref_machine *m = machine_remapped(VMI_PTE_G);
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);

    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_all(c0), VMI_OK);
    CU_ASSERT(stale(c0, TEST_VA));
    CU_ASSERT(stale(c0, VA3));
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_global(c0), VMI_OK);
    CU_ASSERT(!stale(c0, TEST_VA));
    CU_ASSERT(!stale(c0, VA3));
    vmi_ref_machine_free(m);
}

/* VMI-TLB-003: a per-page flush drops global entries too. */
static void tlb_flush_one_drops_global(void)
{
    struct vmi_ref_machine *m = machine_remapped(VMI_PTE_G);
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);

    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_one(c0, TEST_VA), VMI_OK);
    CU_ASSERT(!stale(c0, TEST_VA));
    CU_ASSERT(stale(c0, VA2));
    vmi_ref_machine_free(m);
}

/* VMI-TLB-004: CPU 0 flushes a range on CPU 1 only. */
static void tlb_remote_flush_range(void)
{
    struct vmi_ref_machine *m = machine_remapped(0);
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0), *c1;

    /* CPU 1 starts with A mapped, then sees the remap to B unflushed. */
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_global(c0), VMI_OK);
    pt_map(c0, TEST_VA, PAGE_A, 0);
    pt_map(c0, VA2, PAGE_A, 0);
    c1 = pt_start_cpu1(m);
    pt_map(c0, TEST_VA, PAGE_B, 0);
    pt_map(c0, VA2, PAGE_B, 0);
    CU_ASSERT(stale(c1, TEST_VA));
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 0, 2, TEST_VA, 2), VMI_OK);
    CU_ASSERT(!stale(c1, TEST_VA));
    CU_ASSERT(!stale(c1, VA2));
    CU_ASSERT(stale(c0, TEST_VA));
    vmi_ref_machine_free(m);
}

/* VMI-TLB-004: the caller when named; [va, va + pages*4096) and no more. */
static void tlb_flush_range_bounds(void)
{
    struct vmi_ref_machine *m = machine_remapped(VMI_PTE_G);
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);

    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 0, 1, TEST_VA, 2), VMI_OK);
    CU_ASSERT(!stale(c0, TEST_VA));
    CU_ASSERT(!stale(c0, VA2));
    CU_ASSERT(stale(c0, VA3));
    /* Base 1, bit 0 names CPU 1, not the caller. */
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 1, 1, VA3, 1), VMI_OK);
    CU_ASSERT(stale(c0, VA3));
    vmi_ref_machine_free(m);
}

/* VMI-TLB-005: each refused argument class flushes nothing anywhere. */
static void tlb_flush_range_bad_args(void)
{
    struct vmi_ref_machine *m = machine_remapped(0);
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t d = vmi_ref_machine_digest(m);

    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 0, 1, TEST_VA + 8, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 0, 1, TEST_VA, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 0, 1, TEST_VA, UINT64_C(1) << 52),
                      VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 0, 1, UINT64_C(0x7ffffffff000), 2),
                      VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 0, 1, UINT64_C(0xfffffffffffff000), 2),
                      VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 0, 1, UINT64_C(0x800000000000), 1),
                      VMI_EINVAL);
    /* CPU 2 does not exist: CPU 0, also named, is not flushed either. */
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 0, 5, TEST_VA, 3), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 1, 2, TEST_VA, 3), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, UINT32_MAX, 1, TEST_VA, 3), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 0, UINT64_C(1) << 63, TEST_VA, 3),
                      VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    CU_ASSERT(stale(c0, TEST_VA));
    vmi_ref_machine_free(m);
}

/* VMI-TLB-005: an empty mask is OK and flushes nothing; the top page of
 * the address space is a valid range. */
static void tlb_flush_range_edges(void)
{
    struct vmi_ref_machine *m = machine_remapped(0);
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);

    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 0, 0, TEST_VA, 3), VMI_OK);
    CU_ASSERT(stale(c0, TEST_VA));
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 0, 1, UINT64_C(0xfffffffffffff000), 1),
                      VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 0, 1, UINT64_C(0x7ffffffff000), 1), VMI_OK);
    CU_ASSERT(stale(c0, TEST_VA));
    vmi_ref_machine_free(m);
}

/* More alternatives than a set holds: anything goes until a flush. */
static void tlb_overflow_allows_anything(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    struct vmi_ref_allowed a;
    uint32_t i;

    pt_build(c0);
    for (i = 0; i <= VMI__REF_TLB_ALT; i++)
        pt_map(c0, TEST_VA, PAGE_C + VMI_PAGE_SIZE * (i + 1), 0);
    pt_map(c0, TEST_VA, PAGE_A, 0);
    a = pt_probe(c0, TEST_VA);
    CU_ASSERT(allows(&a, 12345));
    CU_ASSERT(allows_fault(&a));
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_all(c0), VMI_OK);
    a = pt_probe(c0, TEST_VA);
    CU_ASSERT(!allows(&a, 12345));
    CU_ASSERT(allows(&a, WORD_A));
    vmi_ref_machine_free(m);
}

/* A probe of a page never tracked sees the current tables only. */
static void tlb_untracked_probe(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    struct vmi_ref_allowed a;

    pt_build(c0);
    pt_map(c0, VA2, PAGE_A, 0);
    pt_map(c0, VA2, PAGE_B, 0);
    a = pt_probe(c0, VA2);
    CU_ASSERT(allows(&a, WORD_B));
    CU_ASSERT(!allows(&a, WORD_A));
    VMI_ASSERT_STATUS(vmi_ref_va_track(m, UINT64_C(0x0000800000000000)), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

static void tlb_not_supported(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_TLB_LOCAL);
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t d = vmi_ref_machine_digest(m);

    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_all(c0), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_global(c0), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_one(c0, TEST_VA), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_one(c0, UINT64_C(0x800000000000)), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 0, 1, TEST_VA, 1), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    vmi_ref_machine_free(m);

    m = vmi_test_machine_without(VMI_FEAT_TLB_REMOTE);
    c0 = vmi_ref_cpu(m, 0);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 0, 1, TEST_VA, 1), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_range(c0, 0, 1, TEST_VA + 1, 0), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_tlb_flush_all(c0), VMI_OK);
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"tlb_stale_until_flush_one", tlb_stale_until_flush_one},
    {"tlb_flush_one_only_that_page", tlb_flush_one_only_that_page},
    {"tlb_flush_one_noncanonical", tlb_flush_one_noncanonical},
    {"tlb_flush_all_drops_nonglobal", tlb_flush_all_drops_nonglobal},
    {"tlb_global_survives_flush_all", tlb_global_survives_flush_all},
    {"tlb_flush_one_drops_global", tlb_flush_one_drops_global},
    {"tlb_remote_flush_range", tlb_remote_flush_range},
    {"tlb_flush_range_bounds", tlb_flush_range_bounds},
    {"tlb_flush_range_bad_args", tlb_flush_range_bad_args},
    {"tlb_flush_range_edges", tlb_flush_range_edges},
    {"tlb_overflow_allows_anything", tlb_overflow_allows_anything},
    {"tlb_untracked_probe", tlb_untracked_probe},
    {"tlb_not_supported", tlb_not_supported},
};

VMI_TEST_MAIN("tlb", cases)
