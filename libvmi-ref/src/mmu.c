/* The MMU group: page-table entry updates, page-table page notices, lazy MMU mode. */
#include <string.h>
#include "machine.h"

/*
 * Modelling choice.  pte_set writes the new entry into guest memory at
 * once, so page walks see it, and the TLB model (tlb.c) keeps whatever a
 * CPU may still use.  In lazy MMU mode the update is also queued on the
 * CPU as {pa, old, new}: while it is queued an observer may see the entry
 * before or after any queued update (VMI-MMU-010), which
 * vmi_ref_probe_phys64 reports.  Applying the queue only forgets it, in
 * order (VMI-MMU-014).  A full queue is applied before the next update is
 * queued, as an adapter may flush its batch whenever it likes.
 */

#define PAGE_OFFSET_MASK ((uint64_t)VMI_PAGE_SIZE - 1)

/* VMI-MMU-002: the entry's level, index and table address. */
static int entry_args_valid(const struct vmi_ref_machine *m, uint32_t level, uint64_t table,
                            uint32_t index)
{
    return level >= VMI_PT_LEVEL_PT && level <= VMI_PT_LEVEL_PML4 &&
           index < VMI_PT_ENTRIES && (table & PAGE_OFFSET_MASK) == 0 &&
           vmi__ref_mem_valid(m, table, VMI_PAGE_SIZE);
}

/* VMI-MMU-003: a present PML4 entry with PS set is reserved. */
static int entry_value_valid(uint32_t level, uint64_t value)
{
    return !(level == VMI_PT_LEVEL_PML4 && (value & VMI_PTE_P) && (value & VMI_PTE_PS));
}

void vmi__ref_lazy_apply(struct vmi_ref_cpu *cpu)
{
    /* The entries are already in memory; applying ends the freedom to
     * see them as they were, which is all a deferral meant. */
    cpu->lazy_count = 0;
}

/* Store an entry; in lazy mode remember it as deferred (VMI-MMU-010). */
static vmi_status_t entry_store(struct vmi_ref_cpu *cpu, uint64_t pa, uint64_t value, int defer)
{
    struct vmi_ref_machine *m = cpu->m;
    uint64_t old = vmi__ref_mem_read64(m, pa);

    if (vmi__ref_mem_write64(m, pa, value) != 0)
        return VMI_ENOMEM;
    if (defer && cpu->lazy) {
        struct vmi__ref_lazy_update *u;

        if (cpu->lazy_count == VMI__REF_LAZY_MAX)
            vmi__ref_lazy_apply(cpu);
        u = &cpu->lazy_q[cpu->lazy_count++];
        u->pa = pa;
        u->old_value = old;
        u->new_value = value;
    }
    vmi__ref_tlb_refresh(m);
    return VMI_OK;
}

/* Remembers a guest-stored entry and whether it maps a page (a leaf). */
static void entry_note(struct vmi_ref_machine *m, uint64_t pa, uint32_t level, uint64_t value)
{
    uint32_t i;
    uint8_t leaf = level == VMI_PT_LEVEL_PT || (value & VMI_PTE_PS) != 0;

    for (i = 0; i < m->entry_count && m->entry_pa[i] != pa; i++)
        ;
    if (i == VMI__REF_ENTRIES_MAX)
        return;             /* past the bound: that entry is judged exactly */
    m->entry_pa[i] = pa;
    m->entry_leaf[i] = leaf;
    if (i == m->entry_count)
        m->entry_count++;
}

/*
 * A CPU that walks a present entry may set its Accessed bit, and the
 * Dirty bit of a leaf it writes through (Intel SDM 4.8, AMD APM 5.4.2),
 * whether or not the model's walks did: an observer of memory may see
 * either.  Only entries the guest stored are known to be entries.
 */
static void accessed_dirty(const struct vmi_ref_machine *m, uint64_t pa, struct vmi_ref_allowed *a)
{
    uint64_t v = a->v[0];
    uint32_t i;

    if (!(v & VMI_PTE_P))
        return;
    for (i = 0; i < m->entry_count; i++) {
        if (m->entry_pa[i] != pa)
            continue;
        vmi__ref_allowed_add(a, v | VMI_PTE_A);
        if (m->entry_leaf[i])
            vmi__ref_allowed_add(a, v | VMI_PTE_A | VMI_PTE_D);
        return;
    }
}

static vmi_status_t pte_set_checked(struct vmi_ref_cpu *self, uint32_t level, uint64_t table,
                                    uint32_t index, uint64_t value)
{
    if (!entry_args_valid(self->m, level, table, index) || !entry_value_valid(level, value))
        return VMI_EINVAL;
    entry_note(self->m, table + 8u * index, level, value);
    return entry_store(self, table + 8u * index, value, 1);
}

vmi_status_t vmi_ref_pte_set(struct vmi_ref_cpu *self, uint32_t level, uint64_t table,
                             uint32_t index, uint64_t value)
{
    /* VMI-MMU-001, VMI-MMU-002, VMI-MMU-003, VMI-MMU-010 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_MMU_PTE);

    if (st == VMI_OK)
        st = pte_set_checked(self, level, table, index, value);
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_pte_clear(struct vmi_ref_cpu *self, uint32_t level, uint64_t table,
                               uint32_t index)
{
    /* VMI-MMU-004: exactly pte_set(level, table, index, 0). */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_MMU_PTE);

    if (st == VMI_OK)
        st = pte_set_checked(self, level, table, index, 0);
    return vmi__ref_leave(self, st);
}

static vmi_status_t pte_xchg_checked(struct vmi_ref_cpu *self, uint32_t level, uint64_t table,
                                     uint32_t index, uint64_t value, uint64_t *old)
{
    uint64_t pa = table + 8u * index, prev;
    vmi_status_t st;

    if (!old || !entry_args_valid(self->m, level, table, index) ||
        !entry_value_valid(level, value))
        return VMI_EINVAL;
    /* Never deferred; earlier deferred updates land first to keep order. */
    vmi__ref_lazy_apply(self);
    entry_note(self->m, pa, level, value);
    prev = vmi__ref_mem_read64(self->m, pa);
    st = entry_store(self, pa, value, 0);
    if (st != VMI_OK)
        return st;
    *old = prev;
    vmi__ref_allow_exact(self->m, 4, prev);
    return VMI_OK;
}

vmi_status_t vmi_ref_pte_xchg(struct vmi_ref_cpu *self, uint32_t level, uint64_t table,
                              uint32_t index, uint64_t value, uint64_t *old)
{
    /* VMI-MMU-002, VMI-MMU-003, VMI-MMU-005, VMI-MMU-014, VMI-GEN-004 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_MMU_PTE);

    if (st == VMI_OK)
        st = pte_xchg_checked(self, level, table, index, value, old);
    return vmi__ref_leave(self, st);
}

/* VMI-MMU-007, VMI-MMU-008: the notices change nothing the guest can see. */
static vmi_status_t pt_page_checked(const struct vmi_ref_machine *m, uint32_t level,
                                    uint64_t page)
{
    if (level < VMI_PT_LEVEL_PT || level > VMI_PT_LEVEL_PML4 ||
        (page & PAGE_OFFSET_MASK) != 0 || !vmi__ref_mem_valid(m, page, VMI_PAGE_SIZE))
        return VMI_EINVAL;
    return VMI_OK;
}

vmi_status_t vmi_ref_pt_page_alloc(struct vmi_ref_cpu *self, uint32_t level, uint64_t page)
{
    /* VMI-MMU-007 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_MMU_PTPAGE);

    if (st == VMI_OK)
        st = pt_page_checked(self->m, level, page);
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_pt_page_release(struct vmi_ref_cpu *self, uint32_t level, uint64_t page)
{
    /* VMI-MMU-008 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_MMU_PTPAGE);

    if (st == VMI_OK)
        st = pt_page_checked(self->m, level, page);
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_lazy_mmu_enter(struct vmi_ref_cpu *self)
{
    /* VMI-MMU-009 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_MMU_LAZY);

    if (st == VMI_OK && self->lazy)
        st = VMI_EBUSY;
    if (st == VMI_OK)
        self->lazy = 1;
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_lazy_mmu_leave(struct vmi_ref_cpu *self)
{
    /* VMI-MMU-012, VMI-MMU-014 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_MMU_LAZY);

    if (st == VMI_OK && !self->lazy)
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        vmi__ref_lazy_apply(self);
        self->lazy = 0;
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_lazy_mmu_flush(struct vmi_ref_cpu *self)
{
    /* VMI-MMU-011, VMI-MMU-014: outside lazy mode the queue is empty. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_MMU_LAZY);

    if (st == VMI_OK)
        vmi__ref_lazy_apply(self);
    return vmi__ref_leave(self, st);
}

/* Add what queue q lets an observer see at pa: the value before its
 * first queued update and every queued value (VMI-MMU-010). */
static void deferred_note(const struct vmi_ref_cpu *q, uint64_t pa, struct vmi_ref_allowed *a)
{
    uint32_t i;
    int first = 1;

    for (i = 0; i < q->lazy_count; i++) {
        if (q->lazy_q[i].pa != pa)
            continue;
        if (first)
            vmi__ref_allowed_add(a, q->lazy_q[i].old_value);
        first = 0;
        vmi__ref_allowed_add(a, q->lazy_q[i].new_value);
    }
}

/* Non-zero when some CPU has a deferred update overlapping [pa, pa+8). */
static int deferred_overlaps(const struct vmi_ref_machine *m, uint64_t pa)
{
    uint32_t c, i;

    for (c = 0; c < m->cfg.cpus; c++)
        for (i = 0; i < m->cpus[c].lazy_count; i++) {
            uint64_t e = m->cpus[c].lazy_q[i].pa;

            if (e + 8 > pa && e < pa + 8)
                return 1;
        }
    return 0;
}

vmi_status_t vmi_ref_probe_phys64(const struct vmi_ref_machine *m, uint64_t pa,
                                  struct vmi_ref_allowed *out)
{
    uint32_t c;

    if (!m || !out || !vmi__ref_mem_valid(m, pa, 8))
        return VMI_EINVAL;
    memset(out, 0, sizeof(*out));
    out->kind = VMI_REF_ALLOW_EXACT;
    out->count = 1;
    out->value_ok = 1;
    out->v[0] = vmi__ref_mem_read64(m, pa);
    if (pa % 8 != 0) {
        /* A word straddling entries: any mix of old and new bytes. */
        if (deferred_overlaps(m, pa))
            out->kind = VMI_REF_ALLOW_ANY;
        return VMI_OK;
    }
    accessed_dirty(m, pa, out);
    for (c = 0; c < m->cfg.cpus; c++)
        deferred_note(&m->cpus[c], pa, out);
    return VMI_OK;
}
