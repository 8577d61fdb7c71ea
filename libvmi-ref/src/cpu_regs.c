/* Control registers, CLTS, debug registers and WBINVD. */
#include "interrupts.h"

#define CR0_PE ((uint64_t)1 << 0)
#define CR0_TS ((uint64_t)1 << 3)
#define CR0_NW ((uint64_t)1 << 29)
#define CR0_CD ((uint64_t)1 << 30)
#define CR0_PG ((uint64_t)1 << 31)
#define CR3_RESERVED ((uint64_t)0x7ff << 52)              /* bits 62:52 */
#define CR4_PAE ((uint64_t)1 << 5)
#define CR4_PGE ((uint64_t)1 << 7)
#define CR4_LA57 ((uint64_t)1 << 12)
#define CR4_RESERVED (~(uint64_t)0x1ffffff | ((uint64_t)1 << 15)) /* 63:25, 15 */
#define DR6_FIXED ((uint64_t)0xffff0ff0)
#define DR7_FIXED ((uint64_t)0x400)

/* The set bit of a control register; CR8 has none because it is the APIC
 * TPR, which the model always knows (it decides interrupt delivery). */
static uint32_t cr_set_bit(uint32_t cr)
{
    switch (cr) {
    case VMI_CR0: return VMI__REF_SET_CR0;
    case VMI_CR2: return VMI__REF_SET_CR2;
    case VMI_CR3: return VMI__REF_SET_CR3;
    case VMI_CR4: return VMI__REF_SET_CR4;
    default: return 0;
    }
}

/* The storage of CR0, CR2, CR3 or CR4; NULL for CR8 and unknown numbers. */
static uint64_t *cr_slot(struct vmi_ref_cpu *cpu, uint32_t cr)
{
    switch (cr) {
    case VMI_CR0: return &cpu->cr0;
    case VMI_CR2: return &cpu->cr2;
    case VMI_CR3: return &cpu->cr3;
    case VMI_CR4: return &cpu->cr4;
    default: return NULL;
    }
}

/* Records a value the guest set as EXACT, one it never set as ANY. */
static void allow_known(struct vmi_ref_cpu *cpu, uint32_t param, uint32_t set_bit, uint64_t v)
{
    if (set_bit == 0 || (cpu->guest_set & set_bit))
        vmi__ref_allow_exact(cpu->m, param, v);
    else
        vmi__ref_allow_any(cpu->m, param);
}

static vmi_status_t cr_read_checked(struct vmi_ref_cpu *self, uint32_t cr, uint64_t *value)
{
    uint64_t *slot = cr_slot(self, cr);

    if ((!slot && cr != VMI_CR8) || !value)
        return VMI_EINVAL;
    *value = slot ? *slot : (self->apic.tpr >> 4) & 0xf;
    allow_known(self, 1, cr_set_bit(cr), *value);
    return VMI_OK;
}

vmi_status_t vmi_ref_cr_read(struct vmi_ref_cpu *self, uint32_t cr, uint64_t *value)
{
    /* VMI-CPU-001, VMI-CPU-002, VMI-CPU-006, VMI-GEN-004 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_CR);

    if (st == VMI_OK)
        st = cr_read_checked(self, cr, value);
    return vmi__ref_leave(self, st);
}

/* VMI-CPU-004: what 64-bit mode forbids. */
static vmi_status_t cr0_check(uint64_t v)
{
    if (v >> 32 || !(v & CR0_PG) || !(v & CR0_PE))
        return VMI_EINVAL;
    return (v & CR0_NW) && !(v & CR0_CD) ? VMI_EINVAL : VMI_OK;
}

/* VMI-CPU-004 (reserved, PAE, LA57) before VMI-CPU-005 (a valid bit this
 * CPU lacks is refused with VMI_EFAULT). */
static vmi_status_t cr4_check(const struct vmi_ref_cpu *cpu, uint64_t v)
{
    if ((v & CR4_RESERVED) || !(v & CR4_PAE) || ((v ^ cpu->cr4) & CR4_LA57))
        return VMI_EINVAL;
    return v & ~cpu->m->cfg.cr4_supported ? VMI_EFAULT : VMI_OK;
}

static vmi_status_t cr_write_check(const struct vmi_ref_cpu *cpu, uint32_t cr, uint64_t v)
{
    switch (cr) {
    case VMI_CR0: return cr0_check(v);
    case VMI_CR2: return VMI_OK;
    case VMI_CR3: return v & CR3_RESERVED ? VMI_EINVAL : VMI_OK;
    case VMI_CR4: return cr4_check(cpu, v);
    case VMI_CR8: return v >> 4 ? VMI_EINVAL : VMI_OK;
    default: return VMI_EINVAL;
    }
}

/* VMI-CPU-003 side effects: a CR3 write first applies deferred lazy
 * updates (VMI-MMU-013) and drops non-global translations; a change of
 * CR4.PGE drops global ones too. */
static void cr_write_apply(struct vmi_ref_cpu *self, uint32_t cr, uint64_t v)
{
    uint64_t old = self->cr4;

    if (cr == VMI_CR8) {
        vmi__ref_tpr_set(self, (uint32_t)v << 4);
        return;
    }
    if (cr == VMI_CR3)
        vmi__ref_lazy_apply(self);
    *cr_slot(self, cr) = v;
    self->guest_set |= cr_set_bit(cr);
    if (cr == VMI_CR3)
        vmi__ref_tlb_flush_cpu(self, 0);
    if (cr == VMI_CR4 && ((old ^ v) & CR4_PGE))
        vmi__ref_tlb_flush_cpu(self, 1);
    if (cr == VMI_CR3 || cr == VMI_CR4)
        vmi__ref_tlb_refresh(self->m);
}

vmi_status_t vmi_ref_cr_write(struct vmi_ref_cpu *self, uint32_t cr, uint64_t value)
{
    /* VMI-CPU-002, VMI-CPU-003, VMI-CPU-004, VMI-CPU-005, VMI-CPU-006 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_CR);

    if (st == VMI_OK)
        st = cr_write_check(self, cr, value);
    if (st == VMI_OK)
        cr_write_apply(self, cr, value);
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_clts(struct vmi_ref_cpu *self)
{
    /* VMI-CPU-007 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_CR);

    if (st == VMI_OK)
        self->cr0 &= ~CR0_TS;
    return vmi__ref_leave(self, st);
}

static int dr_valid(uint32_t reg)
{
    return reg < 8 && ((VMI_DR_VALID_MASK >> reg) & 1u);
}

vmi_status_t vmi_ref_dr_read(struct vmi_ref_cpu *self, uint32_t reg, uint64_t *value)
{
    /* VMI-CPU-027, VMI-GEN-004 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_DEBUGREG);

    if (st == VMI_OK && (!dr_valid(reg) || !value))
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *value = self->dr[reg];
        allow_known(self, 1, (uint32_t)VMI__REF_SET_DR0 << reg, *value);
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_dr_write(struct vmi_ref_cpu *self, uint32_t reg, uint64_t value)
{
    /* VMI-CPU-027, VMI-CPU-028 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_DEBUGREG);

    if (st == VMI_OK && !dr_valid(reg))
        st = VMI_EINVAL;
    if (st == VMI_OK && (reg == 6 || reg == 7) && value >> 32)
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        self->dr[reg] = value | (reg == 6 ? DR6_FIXED : reg == 7 ? DR7_FIXED : 0);
        self->guest_set |= (uint32_t)VMI__REF_SET_DR0 << reg;
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_wbinvd(struct vmi_ref_cpu *self)
{
    /* VMI-CPU-029: the model has no caches, so nothing guest-visible changes. */
    return vmi__ref_leave(self, vmi__ref_enter(self, VMI_FEAT_CPU_CACHE));
}
