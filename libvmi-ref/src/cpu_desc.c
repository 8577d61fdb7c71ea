/* Descriptor tables: GDT/IDT/LDT/TR load and store, and entry writes (VMI-CPU-016..023). */
#include "machine.h"

/*
 * Modelling choice: a descriptor-table base is a linear address, but the
 * model treats it as a guest-physical address mapped one to one, so that
 * tables live in the machine's memory without a page walk.  A table, or
 * an entry, that does not lie in guest memory is refused with VMI_EINVAL.
 */

#define SEL_TI 4u
#define SEL_INDEX(sel) ((uint32_t)(sel) >> 3)
#define SEL_OFFSET(sel) ((uint32_t)(sel) & ~7u)
#define DESC_TYPE_LDT 0x02u        /* S=0, type 2 */
#define DESC_TYPE_TSS_AVAIL 0x09u  /* S=0, 64-bit TSS, available */
#define DESC_TSS_BUSY ((uint64_t)1 << 41)
#define TABLE_LIMIT_MAX 0xffffu

/* The guest-physical address of [base + off, + len), or VMI_EINVAL when it
 * wraps or leaves guest memory. */
static vmi_status_t table_addr(const struct vmi_ref_machine *m, uint64_t base, uint64_t off,
                               uint64_t len, uint64_t *pa)
{
    *pa = base + off;
    if (*pa < base || !vmi__ref_mem_valid(m, *pa, len))
        return VMI_EINVAL;
    return VMI_OK;
}

/* Records a value the guest set as EXACT, one it never set as ANY. */
static void allow_known(struct vmi_ref_cpu *cpu, uint32_t param, uint32_t set_bit, uint64_t v)
{
    if (cpu->guest_set & set_bit)
        vmi__ref_allow_exact(cpu->m, param, v);
    else
        vmi__ref_allow_any(cpu->m, param);
}

/* ---- GDT and IDT registers ---- */

static vmi_status_t table_load(struct vmi_ref_cpu *self, int idt, uint64_t base, uint32_t limit)
{
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_DESC);

    if (st == VMI_OK && (limit > TABLE_LIMIT_MAX || !vmi__ref_canonical(base)))
        st = VMI_EINVAL;
    if (st == VMI_OK && idt) {
        self->idt_base = base;
        self->idt_limit = limit;
        self->guest_set |= VMI__REF_SET_IDT;
    } else if (st == VMI_OK) {
        self->gdt_base = base;
        self->gdt_limit = limit;
        self->guest_set |= VMI__REF_SET_GDT;
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_gdt_load(struct vmi_ref_cpu *self, uint64_t base, uint32_t limit)
{
    /* VMI-CPU-016 */
    return table_load(self, 0, base, limit);
}

vmi_status_t vmi_ref_idt_load(struct vmi_ref_cpu *self, uint64_t base, uint32_t limit)
{
    /* VMI-CPU-016 */
    return table_load(self, 1, base, limit);
}

static vmi_status_t table_get(struct vmi_ref_cpu *self, int idt, uint64_t *base, uint32_t *limit)
{
    /* VMI-CPU-017, VMI-GEN-004: before the guest loads a table, it is the
     * one the harness or firmware loaded (ANY). */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_DESC);
    uint32_t bit = idt ? VMI__REF_SET_IDT : VMI__REF_SET_GDT;

    if (st == VMI_OK && (!base || !limit))
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *base = idt ? self->idt_base : self->gdt_base;
        *limit = idt ? self->idt_limit : self->gdt_limit;
        allow_known(self, 0, bit, *base);
        allow_known(self, 1, bit, *limit);
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_gdt_get(struct vmi_ref_cpu *self, uint64_t *base, uint32_t *limit)
{
    /* VMI-CPU-017 */
    return table_get(self, 0, base, limit);
}

vmi_status_t vmi_ref_idt_get(struct vmi_ref_cpu *self, uint64_t *base, uint32_t *limit)
{
    /* VMI-CPU-017 */
    return table_get(self, 1, base, limit);
}

/* ---- LDT and TR: 16-byte system descriptors in the GDT ---- */

struct sys_desc {
    uint64_t pa;        /* where the descriptor lies */
    uint64_t lo, hi;
};

/* Reads the system descriptor `sel` names: TI=0 and all 16 bytes within
 * the GDT limit (VMI-CPU-018, VMI-CPU-019). */
static vmi_status_t sys_desc_read(const struct vmi_ref_cpu *cpu, uint16_t sel, struct sys_desc *d)
{
    vmi_status_t st;

    if ((sel & SEL_TI) || (uint64_t)SEL_OFFSET(sel) + 15 > cpu->gdt_limit)
        return VMI_EINVAL;
    st = table_addr(cpu->m, cpu->gdt_base, SEL_OFFSET(sel), 16, &d->pa);
    if (st != VMI_OK)
        return st;
    d->lo = vmi__ref_mem_read64(cpu->m, d->pa);
    d->hi = vmi__ref_mem_read64(cpu->m, d->pa + 8);
    return VMI_OK;
}

/* Present, with S=0 and the given system type. */
static int sys_desc_is(const struct sys_desc *d, uint32_t type)
{
    return ((d->lo >> 47) & 1) && ((d->lo >> 40) & 0x1f) == type;
}

static uint64_t sys_desc_base(const struct sys_desc *d)
{
    return ((d->lo >> 16) & 0xffffff) | ((d->lo >> 56) & 0xff) << 24 | (d->hi & 0xffffffffu) << 32;
}

/* The byte limit, scaled by 4 KiB when the granularity bit is set. */
static uint32_t sys_desc_limit(const struct sys_desc *d)
{
    uint32_t limit = (uint32_t)(d->lo & 0xffff) | (uint32_t)((d->lo >> 48) & 0xf) << 16;

    return (d->lo >> 55) & 1 ? limit << 12 | 0xfff : limit;
}

static vmi_status_t ldt_load_checked(struct vmi_ref_cpu *self, uint16_t sel)
{
    struct sys_desc d = {0, 0, 0};
    /* A selector with index 0 and TI=0 (0-3) is the null LDT, as LLDT
     * treats it (VMI-CPU-018). */
    int null_sel = (sel & ~3u) == 0;
    vmi_status_t st = null_sel ? VMI_OK : sys_desc_read(self, sel, &d);

    if (st == VMI_OK && !null_sel && !sys_desc_is(&d, DESC_TYPE_LDT))
        st = VMI_EINVAL;
    if (st != VMI_OK)
        return st;
    self->ldt_sel = sel;
    self->ldt_base = null_sel ? 0 : sys_desc_base(&d);
    self->ldt_limit = null_sel ? 0 : sys_desc_limit(&d);
    self->guest_set |= VMI__REF_SET_LDT;
    return VMI_OK;
}

vmi_status_t vmi_ref_ldt_load(struct vmi_ref_cpu *self, uint16_t selector)
{
    /* VMI-CPU-018 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_DESC);

    if (st == VMI_OK)
        st = ldt_load_checked(self, selector);
    return vmi__ref_leave(self, st);
}

static vmi_status_t tr_load_checked(struct vmi_ref_cpu *self, uint16_t sel)
{
    struct sys_desc d;
    vmi_status_t st = SEL_INDEX(sel) == 0 ? VMI_EINVAL : sys_desc_read(self, sel, &d);

    if (st == VMI_OK && !sys_desc_is(&d, DESC_TYPE_TSS_AVAIL))
        st = VMI_EINVAL;
    /* Marking it busy (type 9 -> 11) is the load's one memory effect. */
    if (st == VMI_OK && vmi__ref_mem_write64(self->m, d.pa, d.lo | DESC_TSS_BUSY) != 0)
        st = VMI_ENOMEM;
    if (st != VMI_OK)
        return st;
    self->tr_sel = sel;
    self->guest_set |= VMI__REF_SET_TR;
    return VMI_OK;
}

vmi_status_t vmi_ref_tr_load(struct vmi_ref_cpu *self, uint16_t selector)
{
    /* VMI-CPU-019 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_DESC);

    if (st == VMI_OK)
        st = tr_load_checked(self, selector);
    return vmi__ref_leave(self, st);
}

static vmi_status_t selector_get(struct vmi_ref_cpu *self, int tr, uint16_t *selector)
{
    /* VMI-CPU-020: the selector before any load by the guest is the
     * platform's (ANY). */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_DESC);

    if (st == VMI_OK && !selector)
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *selector = tr ? self->tr_sel : self->ldt_sel;
        allow_known(self, 0, tr ? VMI__REF_SET_TR : VMI__REF_SET_LDT, *selector);
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_ldt_get(struct vmi_ref_cpu *self, uint16_t *selector)
{
    /* VMI-CPU-020 */
    return selector_get(self, 0, selector);
}

vmi_status_t vmi_ref_tr_get(struct vmi_ref_cpu *self, uint16_t *selector)
{
    /* VMI-CPU-020 */
    return selector_get(self, 1, selector);
}

/* ---- entry writes ---- */

/* Stores `len` bytes at base + off of a table with byte limit `limit`:
 * the last byte must lie within the limit and in guest memory. */
static vmi_status_t table_store(struct vmi_ref_machine *m, uint64_t base, uint32_t limit,
                                uint64_t off, const uint64_t *words, uint32_t len)
{
    uint64_t pa;
    vmi_status_t st = off + len - 1 > limit ? VMI_EINVAL : table_addr(m, base, off, len, &pa);

    if (st == VMI_OK && vmi__ref_mem_write(m, pa, words, len) != 0)
        st = VMI_ENOMEM;
    return st;
}

vmi_status_t vmi_ref_gdt_entry_write(struct vmi_ref_cpu *self, uint32_t index, uint64_t value)
{
    /* VMI-CPU-021 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_DESC);

    if (st == VMI_OK)
        st = table_store(self->m, self->gdt_base, self->gdt_limit, (uint64_t)index * 8, &value, 8);
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_idt_entry_write(struct vmi_ref_cpu *self, uint32_t vector, uint64_t low,
                                     uint64_t high)
{
    /* VMI-CPU-022 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_DESC);
    uint64_t gate[2];

    gate[0] = low;
    gate[1] = high;
    if (st == VMI_OK && vector > VMI_VECTOR_MAX)
        st = VMI_EINVAL;
    if (st == VMI_OK)
        st = table_store(self->m, self->idt_base, self->idt_limit, (uint64_t)vector * 16, gate, 16);
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_ldt_entry_write(struct vmi_ref_cpu *self, uint32_t index, uint64_t value)
{
    /* VMI-CPU-023: a null LDT has no entries. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_DESC);

    if (st == VMI_OK && self->ldt_sel == 0)
        st = VMI_EINVAL;
    if (st == VMI_OK)
        st = table_store(self->m, self->ldt_base, self->ldt_limit, (uint64_t)index * 8, &value, 8);
    return vmi__ref_leave(self, st);
}
