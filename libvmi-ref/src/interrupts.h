/* Interrupt-priority helpers shared by interrupts.c, apic.c and cpu_regs.c. */
#ifndef VMI_REF_INTERRUPTS_H
#define VMI_REF_INTERRUPTS_H

#include "machine.h"

/* The highest vector set in a 256-bit APIC bank, or -1 when none is. */
int vmi__ref_bank_highest(const uint32_t bank[8]);
/* The processor priority register: TPR, or the in-service class when higher. */
uint32_t vmi__ref_apic_ppr(const struct vmi_ref_cpu *cpu);
/* Set the task priority; CR8 is its bits 7:4, and the two stay one state. */
void vmi__ref_tpr_set(struct vmi_ref_cpu *cpu, uint32_t tpr);

#endif
