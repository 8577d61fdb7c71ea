/* The interrupt flag and halt (VMI-IRQ-001..008). */
#include "machine.h"

/* RFLAGS bit 1 always reads as 1; the model keeps only IF besides it. */
#define RFLAGS_FIXED ((uint64_t)0x2)

static void if_set(struct vmi_ref_cpu *cpu, int on)
{
    cpu->rflags = RFLAGS_FIXED | (on ? VMI_RFLAGS_IF : 0);
}

/* The flags word the calls store: bit 9 is IF, bit 1 is set. */
static uint64_t flags_word(const struct vmi_ref_cpu *cpu)
{
    return RFLAGS_FIXED | (cpu->rflags & VMI_RFLAGS_IF);
}

vmi_status_t vmi_ref_irq_disable(struct vmi_ref_cpu *self)
{
    /* VMI-IRQ-001 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_IRQ_FLAG);

    if (st == VMI_OK)
        if_set(self, 0);
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_irq_enable(struct vmi_ref_cpu *self)
{
    /* VMI-IRQ-002: vmi__ref_leave delivers what is pending before return. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_IRQ_FLAG);

    if (st == VMI_OK)
        if_set(self, 1);
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_irq_save(struct vmi_ref_cpu *self, uint64_t *flags)
{
    /* VMI-IRQ-003, VMI-GEN-004 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_IRQ_FLAG);

    if (st == VMI_OK && !flags)
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *flags = flags_word(self);
        vmi__ref_allow_exact(self->m, 0, *flags);
        if_set(self, 0);
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_irq_restore(struct vmi_ref_cpu *self, uint64_t flags)
{
    /* VMI-IRQ-004: only bit 9 counts; every other bit is ignored. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_IRQ_FLAG);

    if (st == VMI_OK)
        if_set(self, (flags & VMI_RFLAGS_IF) != 0);
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_irq_flags_read(struct vmi_ref_cpu *self, uint64_t *flags)
{
    /* VMI-IRQ-005, VMI-GEN-004 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_IRQ_FLAG);

    if (st == VMI_OK && !flags)
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *flags = flags_word(self);
        vmi__ref_allow_exact(self->m, 0, *flags);
    }
    return vmi__ref_leave(self, st);
}

/*
 * VMI-IRQ-006, VMI-IRQ-008, VMI-SMP-008.  The model runs one call at a
 * time, so a halt cannot wait for another CPU: it takes the first wake
 * event it can see and otherwise wakes spuriously, which VMI-IRQ-006
 * allows.  In order: a waiting kick; with IF set, a deliverable
 * interrupt, then this CPU's armed timer (time jumps to its deadline).
 */
static void halt_run(struct vmi_ref_cpu *self)
{
    if (self->kick_pending) {
        self->kick_pending = 0;
        return;
    }
    if (!(self->rflags & VMI_RFLAGS_IF))
        return;
    if (!vmi__ref_irq_deliverable(self) && self->timer_armed) {
        self->halted = 1;
        vmi__ref_time_advance_to(self->m, self->timer_deadline);
        self->halted = 0;
    }
    vmi__ref_irq_deliver(self);
}

vmi_status_t vmi_ref_halt(struct vmi_ref_cpu *self)
{
    /* VMI-IRQ-006, VMI-IRQ-008, VMI-SMP-008 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_IRQ_HALT);

    if (st == VMI_OK)
        halt_run(self);
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_safe_halt(struct vmi_ref_cpu *self)
{
    /* VMI-IRQ-007: IF is set and the halt begins with nothing in between,
     * since the model delivers only inside halt_run or at the call's end. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_IRQ_HALT);

    if (st == VMI_OK) {
        if_set(self, 1);
        halt_run(self);
    }
    return vmi__ref_leave(self, st);
}
