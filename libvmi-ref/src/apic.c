/* The local APIC registers, EOI and IPIs (VMI-APIC-001..012). */
#include "interrupts.h"

#define APIC_VERSION_VALUE 0x00050014u  /* integrated APIC, 6 LVT entries */
#define APIC_REG_LAST 0x3f0u
#define DFR_WRITABLE 0xf0000000u
#define SVR_WRITABLE 0x000013ffu        /* vector, enable, focus, EOI suppress */
#define LDR_WRITABLE 0xff000000u
#define DCR_WRITABLE 0x0000000bu
#define TPR_SUBCLASS 0x0000000fu

/*
 * Writable bits of each LVT (timer, thermal, PMC, LINT0, LINT1, error):
 * vector, delivery mode, polarity, trigger mode, mask and timer mode as
 * hardware defines them.  Delivery status (bit 12) and remote IRR (bit 14)
 * are read-only and read as 0, because the model delivers at once.
 */
static const uint32_t lvt_writable[6] = {
    0x000700ffu, 0x000107ffu, 0x000107ffu, 0x0001a7ffu, 0x0001a7ffu, 0x000100ffu,
};

/* Which 256-bit bank (ISR, TMR, IRR) a register is a word of, or -1. */
static int bank_index(uint32_t reg)
{
    if (reg >= VMI_APIC_ISR0 && reg < VMI_APIC_ESR)
        return (int)((reg - VMI_APIC_ISR0) >> 7);
    return -1;
}

static const uint32_t *bank_of(const struct vmi_ref_cpu *cpu, int bank)
{
    return bank == 0 ? cpu->apic.isr : bank == 1 ? cpu->apic.tmr : cpu->apic.irr;
}

static int is_lvt(uint32_t reg)
{
    return reg >= VMI_APIC_LVT_TIMER && reg <= VMI_APIC_LVT_ERROR;
}

/* VMI-APIC-002: the offsets apic_read accepts; EOI and the ICR are not. */
static int readable(uint32_t reg)
{
    if (reg & 0xfu || reg > APIC_REG_LAST)
        return 0;
    switch (reg) {
    case VMI_APIC_ID: case VMI_APIC_VERSION: case VMI_APIC_TPR: case VMI_APIC_APR:
    case VMI_APIC_PPR: case VMI_APIC_LDR: case VMI_APIC_DFR: case VMI_APIC_SVR:
    case VMI_APIC_ESR: case VMI_APIC_TIMER_ICR: case VMI_APIC_TIMER_CCR:
    case VMI_APIC_TIMER_DCR:
        return 1;
    default:
        return is_lvt(reg) || bank_index(reg) >= 0;
    }
}

/* The register's value; TIMER_CCR is left to the caller's allowed set. */
static uint32_t reg_value(const struct vmi_ref_cpu *cpu, uint32_t reg)
{
    int bank = bank_index(reg);

    if (bank >= 0)
        return bank_of(cpu, bank)[(reg >> 4) & 7];
    if (is_lvt(reg))
        return cpu->apic.lvt[(reg - VMI_APIC_LVT_TIMER) >> 4];
    switch (reg) {
    case VMI_APIC_ID: return cpu->index << 24;   /* one choice; the platform's is allowed */
    case VMI_APIC_VERSION: return APIC_VERSION_VALUE;
    case VMI_APIC_TPR: return cpu->apic.tpr;
    case VMI_APIC_PPR: return vmi__ref_apic_ppr(cpu);
    case VMI_APIC_LDR: return cpu->apic.ldr;
    case VMI_APIC_DFR: return cpu->apic.dfr | ~DFR_WRITABLE;
    case VMI_APIC_SVR: return cpu->apic.svr;
    case VMI_APIC_ESR: return cpu->apic.esr;
    case VMI_APIC_TIMER_ICR: return cpu->apic.timer_icr;
    case VMI_APIC_TIMER_DCR: return cpu->apic.timer_dcr;
    default: return 0;   /* APR, and TIMER_CCR: the model's timer never counts */
    }
}

/* Registers the platform or the guest's own kernel configures before any
 * VMI call (its APIC timer's divider, the spurious vector, the LVTs): until
 * the guest writes one through VMI, its value is not the spec's to predict.
 * The APIC ID is always the firmware's or the hypervisor's choice, which
 * need not be the CPU number: Xen numbers a PVH dom0's vCPUs 0, 2, 4, ...
 * (VMI-APIC-001). */
static int platform_defined(const struct vmi_ref_cpu *cpu, uint32_t reg)
{
    if (reg == VMI_APIC_ID)
        return 1;
    if (cpu->apic.written >> (reg >> 4) & 1)
        return 0;
    switch (reg) {
    case VMI_APIC_LDR: case VMI_APIC_DFR: case VMI_APIC_SVR:
    case VMI_APIC_TIMER_ICR: case VMI_APIC_TIMER_DCR:
        return 1;
    default:
        return is_lvt(reg);
    }
}

/*
 * VMI-APIC-004: TPR[3:0], the priority sub-class, reads back as written or
 * as zero, and so does PPR[3:0] where PPR shows the TPR.  KVM on AMD keeps
 * the TPR in the VMCB's V_TPR, which holds only the class, and rebuilds
 * the register from it after an exit; delivery uses the class alone.
 */
static int tpr_subclass_shown(const struct vmi_ref_cpu *cpu, uint32_t reg)
{
    uint32_t ppr = vmi__ref_apic_ppr(cpu);

    if (!(cpu->apic.tpr & TPR_SUBCLASS))
        return 0;
    return reg == VMI_APIC_TPR || (reg == VMI_APIC_PPR && ppr == cpu->apic.tpr);
}

vmi_status_t vmi_ref_apic_read(struct vmi_ref_cpu *self, uint32_t reg, uint32_t *value)
{
    /* VMI-APIC-001, VMI-APIC-002, VMI-APIC-004, VMI-GEN-004.  The current
     * count of the APIC timer is anywhere between 0 and the initial count. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_APIC_REG);

    if (st == VMI_OK && (!readable(reg) || !value))
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *value = reg_value(self, reg);
        if (reg == VMI_APIC_TIMER_CCR)
            vmi__ref_allow_range(self->m, 1, 0, self->apic.timer_icr);
        else if (platform_defined(self, reg))
            vmi__ref_allow_any(self->m, 1);
        else
            vmi__ref_allow_exact(self->m, 1, *value);
        if (tpr_subclass_shown(self, reg))
            vmi__ref_allowed_add(&self->m->last[1], *value & ~TPR_SUBCLASS);
    }
    return vmi__ref_leave(self, st);
}

/* VMI-APIC-006: the highest in-service vector ends; none is no effect. */
static void eoi_apply(struct vmi_ref_cpu *cpu)
{
    int v = vmi__ref_bank_highest(cpu->apic.isr);

    if (v >= 0)
        cpu->apic.isr[v / 32] &= ~(1u << (v % 32));
}

/* The field a writable register stores into and the bits it keeps;
 * NULL for a register apic_write refuses (VMI-APIC-002, VMI-APIC-003). */
static uint32_t *write_target(struct vmi_ref_cpu *cpu, uint32_t reg, uint32_t *mask)
{
    *mask = 0xffffffffu;
    if (is_lvt(reg)) {
        *mask = lvt_writable[(reg - VMI_APIC_LVT_TIMER) >> 4];
        return &cpu->apic.lvt[(reg - VMI_APIC_LVT_TIMER) >> 4];
    }
    switch (reg) {
    case VMI_APIC_TPR: *mask = 0xff; return &cpu->apic.tpr;
    case VMI_APIC_LDR: *mask = LDR_WRITABLE; return &cpu->apic.ldr;
    case VMI_APIC_DFR: *mask = DFR_WRITABLE; return &cpu->apic.dfr;
    case VMI_APIC_SVR: *mask = SVR_WRITABLE; return &cpu->apic.svr;
    case VMI_APIC_ESR: *mask = 0; return &cpu->apic.esr; /* errors are the APIC's to set */
    case VMI_APIC_TIMER_ICR: return &cpu->apic.timer_icr;
    case VMI_APIC_TIMER_DCR: *mask = DCR_WRITABLE; return &cpu->apic.timer_dcr;
    default: return NULL;
    }
}

static vmi_status_t apic_write_checked(struct vmi_ref_cpu *self, uint32_t reg, uint32_t value)
{
    uint32_t mask, *target;

    if (reg == VMI_APIC_EOI) {
        if (value != 0)
            return VMI_EINVAL;
        eoi_apply(self);
        return VMI_OK;
    }
    target = write_target(self, reg, &mask);
    if (!target)
        return VMI_EINVAL;
    if (reg == VMI_APIC_TPR)
        vmi__ref_tpr_set(self, value);
    else
        *target = (*target & ~mask) | (value & mask);
    return VMI_OK;
}

vmi_status_t vmi_ref_apic_write(struct vmi_ref_cpu *self, uint32_t reg, uint32_t value)
{
    /* VMI-APIC-002, VMI-APIC-003, VMI-APIC-004, VMI-APIC-005 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_APIC_REG);

    if (st == VMI_OK)
        st = apic_write_checked(self, reg, value);
    if (st == VMI_OK && reg <= APIC_REG_LAST)
        self->apic.written |= (uint64_t)1 << (reg >> 4);
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_apic_eoi(struct vmi_ref_cpu *self)
{
    /* VMI-APIC-006: a lower pending vector may now be delivered on leave. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_APIC_EOI);

    if (st == VMI_OK)
        eoi_apply(self);
    return vmi__ref_leave(self, st);
}

static int vector_valid(uint32_t vector)
{
    return vector >= VMI_VECTOR_MIN && vector <= VMI_VECTOR_MAX;
}

vmi_status_t vmi_ref_ipi_send(struct vmi_ref_cpu *self, uint32_t cpu, uint32_t vector)
{
    /* VMI-APIC-007, VMI-APIC-008, VMI-APIC-012.  A CPU that is not online
     * keeps the vector pending until it runs with interrupts enabled. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_APIC_IPI);

    if (st == VMI_OK && (cpu >= self->m->cfg.cpus || !vector_valid(vector)))
        st = VMI_EINVAL;
    if (st == VMI_OK)
        vmi__ref_irq_raise(&self->m->cpus[cpu], vector);
    return vmi__ref_leave(self, st);
}

/* Every CPU the mask names must exist before anything is sent. */
static int mask_valid(const struct vmi_ref_machine *m, uint32_t base, uint64_t mask)
{
    uint32_t i;

    for (i = 0; i < VMI_CPU_MASK_BITS; i++)
        if ((mask >> i) & 1u && (uint64_t)base + i >= m->cfg.cpus)
            return 0;
    return 1;
}

vmi_status_t vmi_ref_ipi_send_mask(struct vmi_ref_cpu *self, uint32_t cpu_base, uint64_t cpu_mask,
                                   uint32_t vector)
{
    /* VMI-APIC-008, VMI-APIC-009 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_APIC_IPI);
    uint32_t i;

    if (st == VMI_OK && (!vector_valid(vector) || !mask_valid(self->m, cpu_base, cpu_mask)))
        st = VMI_EINVAL;
    for (i = 0; st == VMI_OK && i < VMI_CPU_MASK_BITS; i++)
        if ((cpu_mask >> i) & 1u)
            vmi__ref_irq_raise(&self->m->cpus[cpu_base + i], vector);
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_ipi_send_allbutself(struct vmi_ref_cpu *self, uint32_t vector)
{
    /* VMI-APIC-008, VMI-APIC-010: online CPUs only. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_APIC_IPI);
    uint32_t i;

    if (st == VMI_OK && !vector_valid(vector))
        st = VMI_EINVAL;
    for (i = 0; st == VMI_OK && i < self->m->cfg.cpus; i++)
        if (i != self->index && self->m->cpus[i].online)
            vmi__ref_irq_raise(&self->m->cpus[i], vector);
    return vmi__ref_leave(self, st);
}
