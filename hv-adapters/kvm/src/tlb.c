/* Remote TLB flushes that spare preempted CPUs the IPI (KVM_VCPU_FLUSH_TLB). */
#include "kvm_internal.h"

vmi_status_t vmi__kvm_tlb_flush_range(uint32_t cpu_base, uint64_t cpu_mask, uint64_t va,
                                      uint64_t pages)
{
    /* VMI-TLB-004..006.  KVM's flush on resume drops the whole TLB, more
     * than asked, which VMI-TLB-006 allows.  Arguments are checked before
     * any CPU's area is touched, so an invalid call changes nothing. */
    uint32_t self = vmi__native_cpu_self(), i;

    if (!vmi__native_range_valid(va, pages) || !vmi__native_cpus_valid(cpu_base, cpu_mask))
        return VMI_EINVAL;
    for (i = 0; i < VMI_CPU_MASK_BITS; i++)
        if ((cpu_mask >> i & 1u) && cpu_base + i != self && vmi__kvm_flush_on_resume(cpu_base + i))
            cpu_mask &= ~((uint64_t)1 << i);
    return vmi__native_tlb_flush_range(cpu_base, cpu_mask, va, pages);
}
