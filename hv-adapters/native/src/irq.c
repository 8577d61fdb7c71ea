/* The interrupt flag and halt (VMI-IRQ-001..008). */
#include "native_internal.h"

/* The flags word the calls store: IF in bit 9 and the always-one bit 1,
 * nothing else, so the value is the same on every platform. */
static uint64_t flags_word(void)
{
    return (vmi_x86_flags_read() & VMI_RFLAGS_IF) | 0x2u;
}

vmi_status_t vmi__native_irq_disable(void)
{
    /* VMI-IRQ-001 */
    vmi_x86_cli();
    return VMI_OK;
}

vmi_status_t vmi__native_irq_enable(void)
{
    /* VMI-IRQ-002: pending interrupts arrive after STI's one-instruction
     * shadow, before this call returns. */
    vmi_x86_sti();
    return VMI_OK;
}

vmi_status_t vmi__native_irq_save(uint64_t *flags)
{
    /* VMI-IRQ-003 */
    if (!flags)
        return VMI_EINVAL;
    *flags = flags_word();
    vmi_x86_cli();
    return VMI_OK;
}

vmi_status_t vmi__native_irq_restore(uint64_t flags)
{
    /* VMI-IRQ-004: only bit 9 counts. */
    if (flags & VMI_RFLAGS_IF)
        vmi_x86_sti();
    else
        vmi_x86_cli();
    return VMI_OK;
}

vmi_status_t vmi__native_irq_flags_read(uint64_t *flags)
{
    /* VMI-IRQ-005 */
    if (!flags)
        return VMI_EINVAL;
    *flags = flags_word();
    return VMI_OK;
}

/* Takes this CPU's pending kick: non-zero when there was one. */
static int kick_take(void)
{
    uint32_t self = vmi__native_cpu_self();

    if (self >= VMI_NATIVE_CPU_MAX)
        return 0;
    return __atomic_exchange_n(&vmi__native.cpu[self].kick, 0u, __ATOMIC_ACQ_REL) != 0;
}

vmi_status_t vmi__native_halt(void)
{
    /* VMI-IRQ-006, VMI-IRQ-008, VMI-SMP-008: a kick sent before the HLT
     * is taken here; one sent while halted is an NMI, which wakes HLT
     * whatever IF says (see the kick contract in native.h). */
    if (!kick_take())
        vmi_x86_hlt();
    return VMI_OK;
}

vmi_status_t vmi__native_safe_halt(void)
{
    /* VMI-IRQ-007 */
    if (kick_take())
        vmi_x86_sti();
    else
        vmi_x86_sti_hlt();
    return VMI_OK;
}
