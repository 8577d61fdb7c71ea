/* The SMP group: CPU count and identity, start and stop, yield, kick, preemption hint. */
#include "machine.h"

/*
 * The model runs no guest code, so cpu_start records where the new CPU
 * would begin (entry, stack, arg) and gives it the caller's paging and
 * descriptor-table state; the executor then issues calls on it.  cpu_stop
 * returns VMI_OK in the model: the CPU is offline and the executor makes
 * no more calls on it.
 */

vmi_status_t vmi_ref_cpu_count_get(struct vmi_ref_cpu *self, uint32_t *count)
{
    /* VMI-SMP-001, VMI-GEN-004 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_SMP_INFO);

    if (st == VMI_OK && !count)
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *count = self->m->cfg.cpus;
        vmi__ref_allow_exact(self->m, 0, *count);
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_cpu_id_get(struct vmi_ref_cpu *self, uint32_t *cpu)
{
    /* VMI-SMP-002, VMI-GEN-004 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_SMP_INFO);

    if (st == VMI_OK && !cpu)
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *cpu = self->index;
        vmi__ref_allow_exact(self->m, 0, *cpu);
    }
    return vmi__ref_leave(self, st);
}

/* VMI-SMP-003: the new CPU starts with the caller's mode and tables,
 * interrupts off and nothing left over from an earlier life. */
static void cpu_boot(struct vmi_ref_cpu *t, const struct vmi_ref_cpu *self, uint64_t entry,
                     uint64_t stack, uint64_t arg)
{
    const uint32_t copied = VMI__REF_SET_CR0 | VMI__REF_SET_CR3 | VMI__REF_SET_CR4 |
                            VMI__REF_SET_GDT | VMI__REF_SET_IDT;
    const uint32_t efer = 1u << VMI__REF_MSR_EFER;

    t->cr0 = self->cr0;
    t->cr3 = self->cr3;
    t->cr4 = self->cr4;
    t->msr[VMI__REF_MSR_EFER] = self->msr[VMI__REF_MSR_EFER];
    t->gdt_base = self->gdt_base;
    t->gdt_limit = self->gdt_limit;
    t->idt_base = self->idt_base;
    t->idt_limit = self->idt_limit;
    /* Known to the guest on the new CPU exactly when known on the caller. */
    t->guest_set = (t->guest_set & ~copied) | (self->guest_set & copied);
    t->msr_written = (t->msr_written & ~efer) | (self->msr_written & efer);
    t->rflags &= ~VMI_RFLAGS_IF;
    t->start_entry = entry;
    t->start_stack = stack;
    t->start_arg = arg;
    t->halted = 0;
    t->kick_pending = 0;   /* a kick sent while it was offline is void */
    t->online = 1;
    /* A CPU coming up has an empty TLB: only the current tables apply. */
    vmi__ref_tlb_flush_cpu(t, 1);
}

static vmi_status_t cpu_start_checked(struct vmi_ref_cpu *self, uint32_t cpu, uint64_t entry,
                                      uint64_t stack, uint64_t arg)
{
    struct vmi_ref_cpu *t;

    if (cpu >= self->m->cfg.cpus || cpu == self->index || !vmi__ref_canonical(entry) ||
        !vmi__ref_canonical(stack))
        return VMI_EINVAL;
    t = &self->m->cpus[cpu];
    if (t->online)
        return VMI_EBUSY;
    cpu_boot(t, self, entry, stack, arg);
    return VMI_OK;
}

vmi_status_t vmi_ref_cpu_start(struct vmi_ref_cpu *self, uint32_t cpu, uint64_t entry,
                               uint64_t stack, uint64_t arg)
{
    /* VMI-SMP-003, VMI-SMP-004 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_SMP_START);

    if (st == VMI_OK)
        st = cpu_start_checked(self, cpu, entry, stack, arg);
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_cpu_stop(struct vmi_ref_cpu *self)
{
    /* VMI-SMP-005: CPU 0 stays; a stopped CPU leaves no batch or timer
     * behind (its deferred updates are applied, VMI-MMU-012). */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_SMP_START);

    if (st == VMI_OK && self->index == 0)
        st = VMI_EBUSY;
    if (st == VMI_OK) {
        vmi__ref_lazy_apply(self);
        self->lazy = 0;
        self->timer_armed = 0;
        self->halted = 0;
        self->online = 0;
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_cpu_yield(struct vmi_ref_cpu *self)
{
    /* VMI-SMP-006: no guest-visible effect. */
    return vmi__ref_leave(self, vmi__ref_enter(self, VMI_FEAT_SMP_YIELD));
}

vmi_status_t vmi_ref_cpu_yield_to(struct vmi_ref_cpu *self, uint32_t cpu)
{
    /* VMI-SMP-007: a hint only. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_SMP_YIELDTO);

    if (st == VMI_OK && cpu >= self->m->cfg.cpus)
        st = VMI_EINVAL;
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_cpu_kick(struct vmi_ref_cpu *self, uint32_t cpu)
{
    /* VMI-SMP-008, VMI-IRQ-008: wakes even with interrupts off; a kick of
     * a running CPU is kept for its next halt. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_SMP_KICK);

    if (st == VMI_OK && cpu >= self->m->cfg.cpus)
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        struct vmi_ref_cpu *t = &self->m->cpus[cpu];

        if (t->halted)
            t->halted = 0;
        else
            t->kick_pending = 1;
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_cpu_preempted(struct vmi_ref_cpu *self, uint32_t cpu, uint32_t *preempted)
{
    /* VMI-SMP-009: the model never preempts, but either answer is allowed. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_SMP_PREEMPTED);

    if (st == VMI_OK && (cpu >= self->m->cfg.cpus || !preempted))
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *preempted = 0;
        vmi__ref_allow_exact(self->m, 1, 0);
        vmi__ref_allowed_add(&self->m->last[1], 1);
    }
    return vmi__ref_leave(self, st);
}

int vmi_ref_cpu_online(const struct vmi_ref_cpu *cpu)
{
    return cpu->online;
}

int vmi_ref_cpu_halted(const struct vmi_ref_cpu *cpu)
{
    return cpu->halted;
}
