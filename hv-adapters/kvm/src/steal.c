/* The steal-time area: steal time, the preempted flag, and flush-on-resume requests. */
#include "kvm_internal.h"

vmi_status_t vmi__kvm_steal_time_get(uint64_t *ns)
{
    /* VMI-TIME-009: KVM only ever adds to `steal`.  A CPU the guest
     * never named has no area of its own, a set-up error reported as
     * cpu_id_get reports it. */
    uint32_t self = vmi__native_cpu_self(), version;
    const volatile struct kvm_steal_time *st;
    uint64_t steal;

    if (!ns)
        return VMI_EINVAL;
    if (self >= VMI_NATIVE_CPU_MAX)
        return VMI_EFAULT;
    st = &vmi__kvm_cpu[self].steal;
    do {
        version = st->version;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        steal = st->steal;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((version & 1u) || version != st->version);
    *ns = steal;
    return VMI_OK;
}

vmi_status_t vmi__kvm_cpu_preempted(uint32_t cpu, uint32_t *preempted)
{
    /* VMI-SMP-009: KVM sets the flag when it deschedules the vCPU and
     * clears it when the vCPU runs again.  A CPU that never registered
     * its area (not started) reads 0, a valid hint. */
    if (cpu >= vmi__native.ncpus || !preempted)
        return VMI_EINVAL;
    *preempted = __atomic_load_n(&vmi__kvm_cpu[cpu].steal.preempted, __ATOMIC_ACQUIRE) &
                 KVM_VCPU_PREEMPTED;
    return VMI_OK;
}

/* A preempted vCPU runs nothing, so instead of interrupting it (which
 * would wait for KVM to schedule it) the flush is left in its area and
 * KVM flushes its TLB before it resumes.  The exchange fails when the
 * vCPU resumed meanwhile; it then gets the IPI like a running one. */
int vmi__kvm_flush_on_resume(uint32_t cpu)
{
    uint8_t *flag = &vmi__kvm_cpu[cpu].steal.preempted;
    uint8_t state;

    if (!vmi__kvm_cpu[cpu].steal_on)
        return 0;
    state = __atomic_load_n(flag, __ATOMIC_ACQUIRE);
    if (!(state & KVM_VCPU_PREEMPTED))
        return 0;
    return __atomic_compare_exchange_n(flag, &state, (uint8_t)(state | KVM_VCPU_FLUSH_TLB), 0,
                                       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}
