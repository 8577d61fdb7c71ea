/* The harness's SMP bring-up: the CPUs a trace uses are running before its first step. */
#include "machine.h"

vmi_status_t vmi_ref_harness_cpu_online(struct vmi_ref_cpu *cpu)
{
    if (!cpu)
        return VMI_EINVAL;
    if (cpu->online)
        return VMI_EBUSY;
    /* What cpu_start's boot leaves (smp.c), minus the caller's registers:
     * the harness set this CPU up itself, so nothing is known to the
     * guest (guest_set stays as reset). */
    cpu->rflags &= ~VMI_RFLAGS_IF;
    cpu->halted = 0;
    cpu->kick_pending = 0;
    cpu->online = 1;
    vmi__ref_tlb_flush_cpu(cpu, 1);
    return VMI_OK;
}
