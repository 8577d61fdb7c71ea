/* The TLB group: local flushes (all, global, one page) and the remote range flush. */
#include "machine.h"

/*
 * Every flush first applies the caller's deferred lazy-MMU updates
 * (VMI-MMU-013).  The model flushes exactly what was asked: an adapter
 * may flush more (VMI-TLB-006), which only narrows what a later read can
 * see, so the model's allowed sets still hold it.
 */

#define PAGE_SHIFT 12u

vmi_status_t vmi_ref_tlb_flush_all(struct vmi_ref_cpu *self)
{
    /* VMI-TLB-001, VMI-MMU-013 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_TLB_LOCAL);

    if (st == VMI_OK) {
        vmi__ref_lazy_apply(self);
        vmi__ref_tlb_flush_cpu(self, 0);
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_tlb_flush_global(struct vmi_ref_cpu *self)
{
    /* VMI-TLB-002, VMI-MMU-013 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_TLB_LOCAL);

    if (st == VMI_OK) {
        vmi__ref_lazy_apply(self);
        vmi__ref_tlb_flush_cpu(self, 1);
    }
    return vmi__ref_leave(self, st);
}

static vmi_status_t flush_one_checked(struct vmi_ref_cpu *self, uint64_t va)
{
    if (!vmi__ref_canonical(va))
        return VMI_EINVAL;
    vmi__ref_lazy_apply(self);
    vmi__ref_tlb_flush_pages(self, va, 1);
    return VMI_OK;
}

vmi_status_t vmi_ref_tlb_flush_one(struct vmi_ref_cpu *self, uint64_t va)
{
    /* VMI-TLB-003, VMI-MMU-013 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_TLB_LOCAL);

    if (st == VMI_OK)
        st = flush_one_checked(self, va);
    return vmi__ref_leave(self, st);
}

/* VMI-TLB-005: aligned, non-empty, no wrap, wholly in one canonical half. */
static int range_valid(uint64_t va, uint64_t pages)
{
    uint64_t last;

    if ((va & (VMI_PAGE_SIZE - 1)) != 0 || pages == 0 || pages > (UINT64_MAX >> PAGE_SHIFT))
        return 0;
    if ((pages << PAGE_SHIFT) - 1 > UINT64_MAX - va)
        return 0;
    last = va + (pages << PAGE_SHIFT) - 1;
    return vmi__ref_canonical(va) && vmi__ref_canonical(last) && (va >> 47) == (last >> 47);
}

/* VMI-TLB-005: every named CPU exists. */
static int cpus_valid(const struct vmi_ref_machine *m, uint32_t base, uint64_t mask)
{
    uint32_t i;

    for (i = 0; i < VMI_CPU_MASK_BITS; i++)
        if ((mask >> i & 1u) && (uint64_t)base + i >= m->cfg.cpus)
            return 0;
    return 1;
}

static vmi_status_t flush_range_checked(struct vmi_ref_cpu *self, uint32_t base, uint64_t mask,
                                        uint64_t va, uint64_t pages)
{
    struct vmi_ref_machine *m = self->m;
    uint32_t i;

    /* Every argument is checked even for an empty mask, so a call that
     * would be refused with CPUs named is refused without them too. */
    if (!range_valid(va, pages) || !cpus_valid(m, base, mask))
        return VMI_EINVAL;
    vmi__ref_lazy_apply(self);
    for (i = 0; i < VMI_CPU_MASK_BITS; i++)
        if (mask >> i & 1u)
            vmi__ref_tlb_flush_pages(&m->cpus[base + i], va, pages);
    return VMI_OK;
}

vmi_status_t vmi_ref_tlb_flush_range(struct vmi_ref_cpu *self, uint32_t cpu_base,
                                     uint64_t cpu_mask, uint64_t va, uint64_t pages)
{
    /* VMI-TLB-004, VMI-TLB-005, VMI-TLB-006, VMI-MMU-013 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_TLB_REMOTE);

    if (st == VMI_OK)
        st = flush_range_checked(self, cpu_base, cpu_mask, va, pages);
    return vmi__ref_leave(self, st);
}
