/* Harness access to control registers: the CR probe and the harness's own CR3 load. */
#include <string.h>
#include "interrupts.h"

/* The model's value of a register MOV can read, and the guest_set bit that
 * says whether the guest (not the harness) chose it; -1 for CR1, CR5.. */
static int cr_lookup(const struct vmi_ref_cpu *cpu, uint32_t cr, uint64_t *value,
                     uint32_t *set_bit)
{
    switch (cr) {
    case VMI_CR0: *value = cpu->cr0; *set_bit = VMI__REF_SET_CR0; return 0;
    case VMI_CR2: *value = cpu->cr2; *set_bit = VMI__REF_SET_CR2; return 0;
    case VMI_CR3: *value = cpu->cr3; *set_bit = VMI__REF_SET_CR3; return 0;
    case VMI_CR4: *value = cpu->cr4; *set_bit = VMI__REF_SET_CR4; return 0;
    case VMI_CR8: *value = (cpu->apic.tpr >> 4) & 0xf; *set_bit = 0; return 0;
    default: return -1;
    }
}

vmi_status_t vmi_ref_probe_cr(const struct vmi_ref_cpu *cpu, uint32_t cr, uint64_t *value,
                              struct vmi_ref_allowed *out)
{
    uint32_t set_bit;

    if (!cpu || !value || !out || cr_lookup(cpu, cr, value, &set_bit) != 0)
        return VMI_EINVAL;
    memset(out, 0, sizeof(*out));
    out->value_ok = 1;
    /* Same freedom as cr_read (cpu_regs.c): what the harness or firmware
     * left in a register is not the spec's to predict. */
    if (set_bit != 0 && !(cpu->guest_set & set_bit)) {
        out->kind = VMI_REF_ALLOW_ANY;
        return VMI_OK;
    }
    out->kind = VMI_REF_ALLOW_EXACT;
    out->count = 1;
    out->v[0] = *value;
    return VMI_OK;
}

vmi_status_t vmi_ref_harness_cr3(struct vmi_ref_cpu *cpu, uint64_t cr3)
{
    /* Bits 62:52 are reserved, as for cr_write (VMI-CPU-004). */
    if (!cpu || (cr3 & ((uint64_t)0x7ff << 52)))
        return VMI_EINVAL;
    vmi__ref_lazy_apply(cpu);
    cpu->cr3 = cr3;
    vmi__ref_tlb_flush_cpu(cpu, 0);
    vmi__ref_tlb_refresh(cpu->m);
    return VMI_OK;
}
