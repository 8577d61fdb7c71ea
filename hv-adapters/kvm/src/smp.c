/* SMP on KVM: directed yield, kick by hypercall, and CPU stop with its registrations withdrawn. */
#include "kvm_internal.h"

vmi_status_t vmi__kvm_cpu_yield_to(uint32_t cpu)
{
    /* VMI-SMP-007: KVM runs the target in our place if it was preempted;
     * its answer changes nothing for the caller, a yield being a hint. */
    if (cpu >= vmi__native.ncpus)
        return VMI_EINVAL;
    (void)vmi__kvm_hypercall(KVM_HC_SCHED_YIELD, vmi__native.cpu[cpu].apic_id, 0, 0, 0);
    return VMI_OK;
}

vmi_status_t vmi__kvm_cpu_kick(uint32_t cpu)
{
    /* VMI-SMP-008.  The flag is native's (its halt takes it), so a kick
     * sent before the target halts is kept.  KVM_HC_KICK_CPU wakes a HLT
     * whatever the target's IF, like native's NMI, and KVM also keeps it
     * for a HLT still to come; native's NMI is the fallback if KVM
     * refuses the call. */
    const struct vmi__native_cpu *c;

    if (cpu >= vmi__native.ncpus)
        return VMI_EINVAL;
    c = &vmi__native.cpu[cpu];
    __atomic_store_n(&vmi__native.cpu[cpu].kick, 1u, __ATOMIC_RELEASE);
    if (!c->online || cpu == vmi__native_cpu_self())
        return VMI_OK;
    if (vmi__kvm_hypercall(KVM_HC_KICK_CPU, 0, c->apic_id, 0, 0) < 0)
        return vmi__native_cpu_kick(cpu);
    return VMI_OK;
}

vmi_status_t vmi__kvm_cpu_stop(void)
{
    /* VMI-SMP-005: CPU 0 and an unnamed CPU get native's refusal before
     * anything is withdrawn; any other CPU withdraws its areas and stops. */
    uint32_t self = vmi__native_cpu_self();

    if (vmi__native_has(VMI_FEAT_SMP_START) && self != 0 && self < VMI_NATIVE_CPU_MAX)
        vmi__kvm_self_down();
    return vmi__native_cpu_stop();
}
