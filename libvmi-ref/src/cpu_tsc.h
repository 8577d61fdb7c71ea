/* Handing out the time-stamp counter, shared by tsc_read and the TSC MSR. */
#ifndef VMI_REF_CPU_TSC_H
#define VMI_REF_CPU_TSC_H

#include "machine.h"

/*
 * VMI-CPU-015: a reading never goes below the last one this CPU handed
 * out.  The exact value is the platform's, so the allowed set is every
 * value from that last reading up; OUT parameter `param` gets it.
 */
static inline uint64_t vmi__ref_tsc_hand_out(struct vmi_ref_cpu *cpu, uint32_t param)
{
    uint64_t now = vmi__ref_tsc_now(cpu), floor = cpu->tsc_last;

    if (now < floor)
        now = floor;
    vmi__ref_allow_range(cpu->m, param, floor, UINT64_MAX);
    cpu->tsc_last = now;
    return now;
}

#endif
