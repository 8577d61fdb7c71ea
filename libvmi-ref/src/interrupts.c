/* Pending and in-service interrupts: raising, priority and delivery (VMI-APIC-011). */
#include "interrupts.h"

int vmi__ref_bank_highest(const uint32_t bank[8])
{
    int word;

    for (word = 7; word >= 0; word--)
        if (bank[word])
            return word * 32 + 31 - __builtin_clz(bank[word]);
    return -1;
}

/* VMI-APIC-011: the processor priority is the larger of TPR[7:4] and the
 * class of the highest in-service vector; PPR[3:0] follow TPR when it wins. */
uint32_t vmi__ref_apic_ppr(const struct vmi_ref_cpu *cpu)
{
    int isr = vmi__ref_bank_highest(cpu->apic.isr);
    uint32_t tpr = cpu->apic.tpr & 0xff;
    uint32_t isr_class = isr < 0 ? 0 : (uint32_t)isr & 0xf0;

    return (tpr & 0xf0) >= isr_class ? tpr : isr_class;
}

void vmi__ref_tpr_set(struct vmi_ref_cpu *cpu, uint32_t tpr)
{
    cpu->apic.tpr = tpr & 0xff;
    cpu->cr8 = (tpr >> 4) & 0xf;
}

/* A CPU that is offline takes nothing: its IRR waits until it is started
 * and enables interrupts. */
int vmi__ref_irq_deliverable(const struct vmi_ref_cpu *cpu)
{
    int irr;

    if (!cpu->online || !(cpu->rflags & VMI_RFLAGS_IF))
        return 0;
    irr = vmi__ref_bank_highest(cpu->apic.irr);
    if (irr < 0)
        return 0;
    return ((uint32_t)irr >> 4) > (vmi__ref_apic_ppr(cpu) >> 4);
}

/* VMI-APIC-011: each delivery moves the highest pending vector from IRR to
 * ISR and counts it.  The model's handler does not EOI (the guest calls
 * apic_eoi), so the loop stops once the in-service class blocks the rest. */
void vmi__ref_irq_deliver(struct vmi_ref_cpu *cpu)
{
    while (vmi__ref_irq_deliverable(cpu)) {
        uint32_t v = (uint32_t)vmi__ref_bank_highest(cpu->apic.irr);

        cpu->apic.irr[v / 32] &= ~(1u << (v % 32));
        cpu->apic.isr[v / 32] |= 1u << (v % 32);
        cpu->irq_count[v]++;
        cpu->halted = 0;
    }
}

/*
 * VMI-APIC-012: raising a vector already pending changes nothing, so IPIs
 * coalesce.  A halted CPU that can take the interrupt (or has a kick
 * waiting) wakes and takes it at once; a running CPU takes it at the end
 * of its next call (vmi__ref_leave), which VMI-IRQ-002 allows.
 */
void vmi__ref_irq_raise(struct vmi_ref_cpu *cpu, uint32_t vector)
{
    if (vector > VMI_VECTOR_MAX)
        return;
    cpu->apic.irr[vector / 32] |= 1u << (vector % 32);
    if (cpu->halted && (vmi__ref_irq_deliverable(cpu) || cpu->kick_pending)) {
        cpu->halted = 0;
        vmi__ref_irq_deliver(cpu);
    }
}

uint64_t vmi_ref_irq_count(const struct vmi_ref_cpu *cpu, uint32_t vector)
{
    return cpu && vector <= VMI_VECTOR_MAX ? cpu->irq_count[vector] : 0;
}

int vmi_ref_irq_enabled(const struct vmi_ref_cpu *cpu)
{
    return cpu && (cpu->rflags & VMI_RFLAGS_IF) != 0;
}
