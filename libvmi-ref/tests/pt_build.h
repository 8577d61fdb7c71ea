/* A small 4-level page table in guest memory, shared by the MMU, lazy and TLB tests. */
#ifndef VMI_REF_TEST_PT_BUILD_H
#define VMI_REF_TEST_PT_BUILD_H

#include "harness.h"

/* Table pages and two data pages, all well inside the default 64 MiB. */
#define PT_PML4 UINT64_C(0x10000)
#define PT_PDPT UINT64_C(0x11000)
#define PT_PD   UINT64_C(0x12000)
#define PT_PT   UINT64_C(0x13000)
#define PAGE_A  UINT64_C(0x20000)
#define PAGE_B  UINT64_C(0x21000)
#define PAGE_C  UINT64_C(0x22000)

/* The word each data page holds at WORD_OFF. */
#define WORD_OFF 0x10u
#define WORD_A UINT64_C(0xaaaaaaaa11111111)
#define WORD_B UINT64_C(0xbbbbbbbb22222222)
#define WORD_C UINT64_C(0xcccccccc33333333)

/* PML4 index 0, PDPT index 1, PD index 1: PT_PT maps 0x40200000..0x403fffff. */
#define TEST_VA UINT64_C(0x40201000)
#define TABLE_FLAGS (VMI_PTE_P | VMI_PTE_RW)

static inline uint32_t pt_index(uint64_t va, uint32_t level)
{
    return (uint32_t)(va >> (12 + 9 * (level - 1))) & 511u;
}

static inline void pt_fill_data(struct vmi_ref_machine *m)
{
    uint64_t a = WORD_A, b = WORD_B, c = WORD_C;

    VMI_ASSERT_STATUS(vmi_ref_phys_write(m, PAGE_A + WORD_OFF, &a, 8), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_phys_write(m, PAGE_B + WORD_OFF, &b, 8), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_phys_write(m, PAGE_C + WORD_OFF, &c, 8), VMI_OK);
}

/* Links PML4 -> PDPT -> PD -> PT for TEST_VA with pte_set and loads CR3
 * on cpu; the data pages get their words.  Nothing maps TEST_VA yet. */
static inline void pt_build(struct vmi_ref_cpu *cpu)
{
    pt_fill_data(vmi_ref_cpu_machine(cpu));
    /* Tracked from the start, as the executor tracks every trace VA. */
    VMI_ASSERT_STATUS(vmi_ref_va_track(vmi_ref_cpu_machine(cpu), TEST_VA), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(cpu, 4, PT_PML4, pt_index(TEST_VA, 4),
                                      PT_PDPT | TABLE_FLAGS), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(cpu, 3, PT_PDPT, pt_index(TEST_VA, 3),
                                      PT_PD | TABLE_FLAGS), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_pte_set(cpu, 2, PT_PD, pt_index(TEST_VA, 2),
                                      PT_PT | TABLE_FLAGS), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_cr_write(cpu, VMI_CR3, PT_PML4), VMI_OK);
}

/* Maps the 4 KiB page at va (inside PT_PT's 2 MiB) to page with pte_set. */
static inline void pt_map(struct vmi_ref_cpu *cpu, uint64_t va, uint64_t page, uint64_t extra)
{
    VMI_ASSERT_STATUS(vmi_ref_pte_set(cpu, 1, PT_PT, pt_index(va, 1),
                                      page | TABLE_FLAGS | extra), VMI_OK);
}

/* What a read of 8 bytes at va + WORD_OFF through cpu may give. */
static inline struct vmi_ref_allowed pt_probe(struct vmi_ref_cpu *cpu, uint64_t va)
{
    struct vmi_ref_allowed a;

    VMI_ASSERT_STATUS(vmi_ref_probe_read(cpu, va + WORD_OFF, 8, &a), VMI_OK);
    return a;
}

static inline int allows(const struct vmi_ref_allowed *a, uint64_t v)
{
    return vmi_ref_allowed_contains(a, v, 0);
}

static inline int allows_fault(const struct vmi_ref_allowed *a)
{
    return vmi_ref_allowed_contains(a, 0, 1);
}

/* Starts CPU 1 from CPU 0 (it takes CPU 0's CR3). */
static inline struct vmi_ref_cpu *pt_start_cpu1(struct vmi_ref_machine *m)
{
    VMI_ASSERT_STATUS(vmi_ref_cpu_start(vmi_ref_cpu(m, 0), 1, 0x100000, 0x200000, 0), VMI_OK);
    return vmi_ref_cpu(m, 1);
}

#endif
