/* Native adapter: page-table entries in guest memory, lazy-mode bookkeeping, local and remote TLB flushes. */
#include "native_fixture.h"

#define TABLE 0x3000u

static uint64_t entry(uint32_t index)
{
    uint64_t v;

    memcpy(&v, nf_phys + TABLE + 8u * index, 8);
    return v;
}

static void pte_set_stores_the_entry(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_pte_set(VMI_PT_LEVEL_PT, TABLE, 5, 0x7003), VMI_OK);
    VMI_ASSERT_EQ(entry(5), 0x7003);
    VMI_ASSERT_STATUS(vmi_pte_clear(VMI_PT_LEVEL_PT, TABLE, 5), VMI_OK);
    VMI_ASSERT_EQ(entry(5), 0);
}

static void pte_xchg_returns_old(void)
{
    uint64_t old = 0;

    nf_setup();
    VMI_ASSERT_STATUS(vmi_pte_set(VMI_PT_LEVEL_PD, TABLE, 511, 0x200083), VMI_OK);
    VMI_ASSERT_STATUS(vmi_pte_xchg(VMI_PT_LEVEL_PD, TABLE, 511, 0x400083, &old), VMI_OK);
    VMI_ASSERT_EQ(old, 0x200083);
    VMI_ASSERT_EQ(entry(511), 0x400083);
    VMI_ASSERT_STATUS(vmi_pte_xchg(VMI_PT_LEVEL_PD, TABLE, 1, 0, NULL), VMI_EINVAL);
}

static void pte_checks_leave_memory_alone(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_pte_set(0, TABLE, 0, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_pte_set(5, TABLE, 0, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_pte_set(VMI_PT_LEVEL_PT, TABLE, 512, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_pte_set(VMI_PT_LEVEL_PT, TABLE + 8, 0, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_pte_set(VMI_PT_LEVEL_PT, NF_PHYS_SIZE, 0, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_pte_set(VMI_PT_LEVEL_PML4, TABLE, 0, 0x83), VMI_EINVAL);
    VMI_ASSERT_EQ(entry(0), 0);
    VMI_ASSERT_STATUS(vmi_pte_set(VMI_PT_LEVEL_PML4, TABLE, 0, 0x80), VMI_OK);  /* not present */
}

static void pt_page_notices_check_arguments(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_pt_page_alloc(VMI_PT_LEVEL_PT, TABLE), VMI_OK);
    VMI_ASSERT_STATUS(vmi_pt_page_release(VMI_PT_LEVEL_PT, TABLE), VMI_OK);
    VMI_ASSERT_STATUS(vmi_pt_page_alloc(VMI_PT_LEVEL_PT, TABLE + 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_pt_page_release(9, TABLE), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_x86_fake_count(), 0);
}

static void lazy_mode_bookkeeping(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_lazy_mmu_leave(), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_lazy_mmu_flush(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_lazy_mmu_enter(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_lazy_mmu_enter(), VMI_EBUSY);
    /* Native defers nothing: the entry is in memory inside lazy mode. */
    VMI_ASSERT_STATUS(vmi_pte_set(VMI_PT_LEVEL_PT, TABLE, 1, 0x5003), VMI_OK);
    VMI_ASSERT_EQ(entry(1), 0x5003);
    VMI_ASSERT_STATUS(vmi_lazy_mmu_flush(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_lazy_mmu_leave(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_lazy_mmu_leave(), VMI_EINVAL);
}

static void lazy_mode_is_per_cpu(void)
{
    nf_setup();
    nf_cpu_up(1, 7);
    VMI_ASSERT_STATUS(vmi_lazy_mmu_enter(), VMI_OK);
    vmi_x86_fake_mmio_set(NF_APIC + VMI_APIC_ID, 7u << 24);   /* now on CPU 1 */
    VMI_ASSERT_STATUS(vmi_lazy_mmu_leave(), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_lazy_mmu_enter(), VMI_OK);
    VMI_ASSERT_EQ(vmi__native.cpu[1].lazy, 1);
}

static void flush_all_reloads_cr3(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_tlb_flush_all(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_last(VMI_X86_OP_CR_WRITE, 3)->b, 0x1000);
}

static void flush_global_toggles_pge(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_tlb_flush_global(), VMI_OK);
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_CR_WRITE, 0)->b, 0x20);   /* PGE off */
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_CR_WRITE, 1)->b, 0xa0);   /* and back */
    vmi_x86_fake_cr_set(4, 0x20);
    vmi_x86_fake_log_clear();
    VMI_ASSERT_STATUS(vmi_tlb_flush_global(), VMI_OK);      /* no PGE: CR3 */
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_CR_WRITE, 0)->a, 3);
}

static void flush_one_is_invlpg(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_tlb_flush_one(0xffff800000123456u), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_INVLPG)->a, 0xffff800000123456u);
    VMI_ASSERT_STATUS(vmi_tlb_flush_one(0x0000800000000000u), VMI_EINVAL);
}

static void flush_range_checks(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 1, 0x1001, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 1, 0x1000, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 1, 0x00007ffffffff000u, 2), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 1, 0xfffffffffffff000u, 2), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 2, 0x1000, 1), VMI_EINVAL);   /* CPU 1 */
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_INVLPG), 0);
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 0, 0x1000, 1), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_INVLPG), 0);
}

static void flush_range_local_pages(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 1, 0x400000, 3), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_INVLPG), 3);
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_INVLPG, 2)->a, 0x402000);
    vmi_x86_fake_log_clear();
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 1, 0x400000, 1000), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_INVLPG), 0);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_CR_WRITE), 2);   /* global flush */
}

/* The pause hook plays CPU 1 answering its shootdown IPI. */
static void cpu1_serves(void)
{
    vmi__native_shootdown_serve(1);
}

static void flush_range_remote_by_ipi(void)
{
    const struct vmi_x86_fake_rec *lo;

    nf_setup();
    nf_cpu_up(1, 9);
    vmi_x86_fake_pause_hook(cpu1_serves);
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 2, 0x800000, 2), VMI_OK);
    lo = nf_nth(VMI_X86_OP_MMIO_WRITE, 1);
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_MMIO_WRITE, 0)->b, 9u << 24);
    VMI_ASSERT_EQ(lo->b, 0x4000 | NF_SHOOTDOWN);
    VMI_ASSERT_EQ(vmi__native.cpu[1].flush_pending, 0);
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_INVLPG, 1)->a, 0x801000);     /* done by "CPU 1" */
    VMI_ASSERT_EQ(vmi__native.flush_lock, 0);
}

static void flush_range_not_offered_without_vector(void)
{
    nf_setup();
    nf_cfg.shootdown_vector = 0;
    VMI_ASSERT_STATUS(nf_rebind(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 1, 0x1000, 1), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_tlb_flush_one(0x1000), VMI_OK);
}

static const struct vmi_test_case cases[] = {
    {"pte_set_stores_the_entry", pte_set_stores_the_entry},
    {"pte_xchg_returns_old", pte_xchg_returns_old},
    {"pte_checks_leave_memory_alone", pte_checks_leave_memory_alone},
    {"pt_page_notices_check_arguments", pt_page_notices_check_arguments},
    {"lazy_mode_bookkeeping", lazy_mode_bookkeeping},
    {"lazy_mode_is_per_cpu", lazy_mode_is_per_cpu},
    {"flush_all_reloads_cr3", flush_all_reloads_cr3},
    {"flush_global_toggles_pge", flush_global_toggles_pge},
    {"flush_one_is_invlpg", flush_one_is_invlpg},
    {"flush_range_checks", flush_range_checks},
    {"flush_range_local_pages", flush_range_local_pages},
    {"flush_range_remote_by_ipi", flush_range_remote_by_ipi},
    {"flush_range_not_offered_without_vector", flush_range_not_offered_without_vector},
};

VMI_TEST_MAIN("native_mmu_tlb", cases)
