/* FS, GS and kernel-GS bases, one state with their MSRs (VMI-CPU-011), and SWAPGS. */
#include "machine.h"

/* The MSR slot behind seg, or VMI__REF_MSR_COUNT for an unknown seg. */
static uint32_t seg_slot(uint32_t seg)
{
    switch (seg) {
    case VMI_SEG_FS: return VMI__REF_MSR_FS_BASE;
    case VMI_SEG_GS: return VMI__REF_MSR_GS_BASE;
    case VMI_SEG_KERNEL_GS: return VMI__REF_MSR_KERNEL_GS_BASE;
    default: return VMI__REF_MSR_COUNT;
    }
}

vmi_status_t vmi_ref_seg_base_read(struct vmi_ref_cpu *self, uint32_t seg, uint64_t *base)
{
    /* VMI-CPU-024, VMI-CPU-011, VMI-GEN-004: a base the guest never set is
     * the platform's (ANY), as for its MSR (VMI-CPU-012). */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_SEGBASE);
    uint32_t slot = seg_slot(seg);

    if (st == VMI_OK && (slot == VMI__REF_MSR_COUNT || !base))
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *base = self->msr[slot];
        if (self->msr_written & (1u << slot))
            vmi__ref_allow_exact(self->m, 1, *base);
        else
            vmi__ref_allow_any(self->m, 1);
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_seg_base_write(struct vmi_ref_cpu *self, uint32_t seg, uint64_t base)
{
    /* VMI-CPU-025, VMI-CPU-011 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_SEGBASE);
    uint32_t slot = seg_slot(seg);

    if (st == VMI_OK && (slot == VMI__REF_MSR_COUNT || !vmi__ref_canonical(base)))
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        self->msr[slot] = base;
        self->msr_written |= 1u << slot;
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_swapgs(struct vmi_ref_cpu *self)
{
    /* VMI-CPU-026: the values move, and so does what the model knows of them. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_SEGBASE);
    const uint32_t gs = 1u << VMI__REF_MSR_GS_BASE, kgs = 1u << VMI__REF_MSR_KERNEL_GS_BASE;

    if (st == VMI_OK) {
        uint64_t tmp = self->msr[VMI__REF_MSR_GS_BASE];
        uint32_t known = self->msr_written;

        self->msr[VMI__REF_MSR_GS_BASE] = self->msr[VMI__REF_MSR_KERNEL_GS_BASE];
        self->msr[VMI__REF_MSR_KERNEL_GS_BASE] = tmp;
        self->msr_written &= ~(gs | kgs);
        self->msr_written |= (known & gs ? kgs : 0) | (known & kgs ? gs : 0);
    }
    return vmi__ref_leave(self, st);
}
