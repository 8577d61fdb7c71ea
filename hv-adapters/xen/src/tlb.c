/* Remote TLB flushes through HVMOP_flush_tlbs (VMI-TLB-004..006). */
#include "xen_internal.h"

/*
 * HVMOP_flush_tlbs flushes every vCPU of the domain, global translations
 * included, and returns when they are flushed: more than asked, which
 * VMI-TLB-006 allows, and no IPI or handler in the guest.  A set naming
 * only the caller is flushed locally; where Xen does not answer the
 * hypercall, the native shootdown does the work.
 */
vmi_status_t vmi__xen_tlb_flush_range(uint32_t cpu_base, uint64_t cpu_mask, uint64_t va,
                                      uint64_t pages)
{
    uint32_t self = vmi__xen_cpu_self();
    uint64_t mine = self >= cpu_base && self - cpu_base < VMI_CPU_MASK_BITS
                        ? (uint64_t)1 << (self - cpu_base) : 0;

    if (!vmi__xen.flush_tlbs)
        return vmi__native_tlb_flush_range(cpu_base, cpu_mask, va, pages);
    if (!vmi__xen_has(VMI_FEAT_TLB_REMOTE))
        return VMI_ENOTSUP;
    if (!vmi__native_range_valid(va, pages) || !vmi__native_cpus_valid(cpu_base, cpu_mask))
        return VMI_EINVAL;
    if (!(cpu_mask & ~mine)) {
        if (mine)
            vmi__native_flush_local(va, pages);
        return VMI_OK;
    }
    return vmi__xen_hc(XEN_HC_hvm_op, HVMOP_flush_tlbs, 0, 0) < 0 ? VMI_EFAULT : VMI_OK;
}
