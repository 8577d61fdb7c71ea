/* Harness access to memory and time: the model's own load through a mapping, and the wait. */
#include "machine.h"

#define PAGE_OFFSET_MASK ((uint64_t)VMI_PAGE_SIZE - 1)

vmi_status_t vmi_ref_read_now(const struct vmi_ref_cpu *cpu, uint64_t va, uint32_t width,
                              uint64_t *value)
{
    struct vmi__ref_xlate cur;
    uint64_t off = va & PAGE_OFFSET_MASK;

    if (!cpu || !value || (width != 1 && width != 2 && width != 4 && width != 8) ||
        off + width > VMI_PAGE_SIZE || !vmi__ref_canonical(va))
        return VMI_EINVAL;
    /* The current walk is always in vmi_ref_probe_read's set: it is the
     * translation a CPU with an empty TLB would use. */
    vmi__ref_walk(cpu, va, &cur);
    if (!cur.present)
        return VMI_EFAULT;
    if (!vmi__ref_mem_valid(cpu->m, cur.pa_page + off, width)) {
        /* No RAM behind it (the set is ANY): reads float high, as on a PC. */
        *value = width == 8 ? UINT64_MAX : ((uint64_t)1 << (width * 8)) - 1;
        return VMI_OK;
    }
    *value = vmi__ref_mem_load(cpu->m, cur.pa_page + off, width);
    return VMI_OK;
}

void vmi_ref_wait(struct vmi_ref_cpu *cpu, uint64_t ns)
{
    uint64_t saved;

    if (!cpu)
        return;
    /* spec/trace-format.rst, wait: IF is set on the waiting CPU for the
     * duration, so what is already pending is taken before time moves. */
    saved = cpu->rflags & VMI_RFLAGS_IF;
    cpu->rflags |= VMI_RFLAGS_IF;
    if (cpu->online)
        vmi__ref_irq_deliver(cpu);
    vmi_ref_advance(cpu->m, ns);
    cpu->rflags = (cpu->rflags & ~VMI_RFLAGS_IF) | saved;
}
