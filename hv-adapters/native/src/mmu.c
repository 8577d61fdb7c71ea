/* Page-table entries, page-table page notices and lazy MMU mode (VMI-MMU-001..014). */
#include "native_internal.h"

/*
 * On bare hardware an entry is ordinary memory: pte_set is one atomic
 * 8-byte store through the guest's mapping of the table, effective at once.
 * Lazy MMU mode therefore defers nothing (VMI-MMU-010 allows, never
 * requires, a deferral); the adapter keeps only the per-CPU bookkeeping
 * the spec's status codes need (VMI-MMU-009, VMI-MMU-012).
 */

#define PAGE_MASK ((uint64_t)VMI_PAGE_SIZE - 1)

/* VMI-MMU-002: level 1..4 and a 4 KiB-aligned page within guest memory. */
static int page_valid(uint32_t level, uint64_t page)
{
    uint64_t end = vmi__native.cfg.phys_end;

    if (level < VMI_PT_LEVEL_PT || level > VMI_PT_LEVEL_PML4 || (page & PAGE_MASK))
        return 0;
    return end == 0 || (page < end && end - page >= VMI_PAGE_SIZE);
}

/* VMI-MMU-003: a present PML4 entry with PS set is reserved. */
static int value_valid(uint32_t level, uint64_t value)
{
    return !(level == VMI_PT_LEVEL_PML4 && (value & VMI_PTE_P) && (value & VMI_PTE_PS));
}

static volatile uint64_t *entry_at(uint64_t table, uint32_t index)
{
    return (volatile uint64_t *)vmi__native_virt(table + 8u * index);
}

vmi_status_t vmi__native_pte_set(uint32_t level, uint64_t table, uint32_t index, uint64_t value)
{
    /* VMI-MMU-001..003 */
    if (!page_valid(level, table) || index >= VMI_PT_ENTRIES || !value_valid(level, value))
        return VMI_EINVAL;
    __atomic_store_n(entry_at(table, index), value, __ATOMIC_RELEASE);
    return VMI_OK;
}

vmi_status_t vmi__native_pte_clear(uint32_t level, uint64_t table, uint32_t index)
{
    /* VMI-MMU-004 */
    return vmi__native_pte_set(level, table, index, 0);
}

vmi_status_t vmi__native_pte_xchg(uint32_t level, uint64_t table, uint32_t index,
                                  uint64_t value, uint64_t *old)
{
    /* VMI-MMU-005: XCHG, which also sees A/D bits the CPU set meanwhile. */
    if (!old || !page_valid(level, table) || index >= VMI_PT_ENTRIES ||
        !value_valid(level, value))
        return VMI_EINVAL;
    *old = __atomic_exchange_n(entry_at(table, index), value, __ATOMIC_ACQ_REL);
    return VMI_OK;
}

vmi_status_t vmi__native_pt_page_alloc(uint32_t level, uint64_t page)
{
    /* VMI-MMU-007: hardware needs no notice. */
    return page_valid(level, page) ? VMI_OK : VMI_EINVAL;
}

vmi_status_t vmi__native_pt_page_release(uint32_t level, uint64_t page)
{
    /* VMI-MMU-008 */
    return page_valid(level, page) ? VMI_OK : VMI_EINVAL;
}

static struct vmi__native_cpu *cpu_self_state(void)
{
    uint32_t self = vmi__native_cpu_self();

    return self < VMI_NATIVE_CPU_MAX ? &vmi__native.cpu[self] : 0;
}

vmi_status_t vmi__native_lazy_mmu_enter(void)
{
    /* VMI-MMU-009 */
    struct vmi__native_cpu *c = cpu_self_state();

    if (!c)
        return VMI_EFAULT;
    if (c->lazy)
        return VMI_EBUSY;
    c->lazy = 1;
    return VMI_OK;
}

vmi_status_t vmi__native_lazy_mmu_leave(void)
{
    /* VMI-MMU-012: nothing is deferred, so nothing to apply. */
    struct vmi__native_cpu *c = cpu_self_state();

    if (!c)
        return VMI_EFAULT;
    if (!c->lazy)
        return VMI_EINVAL;
    c->lazy = 0;
    return VMI_OK;
}

vmi_status_t vmi__native_lazy_mmu_flush(void)
{
    /* VMI-MMU-011 */
    return VMI_OK;
}
