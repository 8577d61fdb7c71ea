/* Halt, kick, yield and the preemption hint through sched_op and event channels (VMI-IRQ-006..008, VMI-SMP-003..009). */
#include "xen_internal.h"

/*
 * Why halt is not HLT: Xen takes an HVM vCPU that executes HLT with
 * interrupts off *down* (hvm_hlt treats it as a request to stop), and an
 * offline vCPU is not woken by an event.  So halt polls the CPU's own kick
 * port with SCHEDOP_poll, which blocks with interrupts off, returns when
 * the port is pending (a kick) and also when the vCPU is woken for an
 * interrupt (a spurious wake, which VMI-IRQ-006 allows).  safe_halt keeps
 * STI;HLT: Xen blocks the vCPU until an interrupt or an event for it,
 * and the kick port is unmasked, so a kick ends it.
 */

static int kick_take(uint32_t self)
{
    return __atomic_exchange_n(&vmi__xen.cpu[self].kick, 0u, __ATOMIC_ACQ_REL) != 0;
}

static void kick_poll(uint32_t port)
{
    struct sched_poll p;

    /* Without a port, a poll of none still blocks until the next wake. */
    p.ports = XEN_PTR(&port);
    p.nr_ports = port != XEN_PORT_NONE;
    p.pad = 0;
    p.timeout = 0;
    vmi__xen_hc(XEN_HC_sched_op, SCHEDOP_poll, XEN_PTR(&p), 0);
}

vmi_status_t vmi__xen_halt(void)
{
    /* VMI-IRQ-006, VMI-IRQ-008, VMI-SMP-008.  The port's pending bit is
     * cleared before the flag is checked: a kick after the check leaves
     * the port pending and the poll returns at once.  Interrupts stay off
     * meanwhile so the upcall cannot clear the port first. */
    uint32_t self = vmi__xen_cpu_self();
    uint64_t flags;
    uint32_t port;

    if (self >= VMI_XEN_CPU_MAX || kick_take(self))
        return VMI_OK;
    port = vmi__xen.cpu[self].kick_port;
    flags = vmi_x86_flags_read();
    vmi_x86_cli();
    if (port != XEN_PORT_NONE)
        vmi__xen_port_clear(port);
    if (!kick_take(self))
        kick_poll(port);
    if (flags & VMI_RFLAGS_IF)
        vmi_x86_sti();
    return VMI_OK;
}

vmi_status_t vmi__xen_safe_halt(void)
{
    /* VMI-IRQ-007 */
    uint32_t self = vmi__xen_cpu_self();

    if (self < VMI_XEN_CPU_MAX && kick_take(self))
        vmi_x86_sti();
    else
        vmi_x86_sti_hlt();
    return VMI_OK;
}

vmi_status_t vmi__xen_cpu_kick(uint32_t cpu)
{
    /* VMI-SMP-008: the flag keeps the kick for the next halt; the event
     * wakes a halt in progress (a poll on the port, or a blocked STI;HLT). */
    uint32_t ncpus = 0;

    if (!vmi__xen_has(VMI_FEAT_SMP_KICK))
        return VMI_ENOTSUP;
    vmi__native_cpu_count_get(&ncpus);
    if (cpu >= ncpus || cpu >= VMI_XEN_CPU_MAX)
        return VMI_EINVAL;
    __atomic_store_n(&vmi__xen.cpu[cpu].kick, 1u, __ATOMIC_RELEASE);
    if (vmi__xen.cpu[cpu].kick_port != XEN_PORT_NONE && cpu != vmi__xen_cpu_self())
        vmi__xen_send(vmi__xen.cpu[cpu].kick_port);
    return VMI_OK;
}

vmi_status_t vmi__xen_cpu_yield(void)
{
    /* VMI-SMP-006 */
    vmi__xen_hc(XEN_HC_sched_op, SCHEDOP_yield, 0, 0);
    return VMI_OK;
}

vmi_status_t vmi__xen_cpu_preempted(uint32_t cpu, uint32_t *preempted)
{
    /* VMI-SMP-009: runnable means Xen has it queued but not running. */
    uint32_t ncpus = 0;
    int32_t state = RUNSTATE_running;

    vmi__native_cpu_count_get(&ncpus);
    if (cpu >= ncpus || !preempted)
        return VMI_EINVAL;
    if (cpu < VMI_XEN_CPU_MAX && vmi__xen.cpu[cpu].runstate)
        vmi__xen_runstate_steal(&vmi__xen_runstate[cpu], &state);
    *preempted = state == (int32_t)RUNSTATE_runnable;
    return VMI_OK;
}

/*
 * CPU start uses the emulated local APIC's INIT-SIPI (Xen supports it for
 * PVH vCPUs, as it does VCPUOP_initialise + VCPUOP_up).  The choice is
 * VMI-SMP-003's: the new CPU must run with the caller's GDT and IDT, which
 * the guest's trampoline loads, while a vcpu_hvm_context in 64-bit mode
 * starts the vCPU with Xen's flat segments and no descriptor tables.
 * Before the CPU runs, its areas and ports are registered from here (Xen
 * accepts registrations for another vCPU of the domain, as Linux does).
 */
vmi_status_t vmi__xen_cpu_start(uint32_t cpu, uint64_t entry, uint64_t stack, uint64_t arg)
{
    uint32_t ncpus = 0;

    vmi__native_cpu_count_get(&ncpus);
    if (cpu < ncpus && cpu < VMI_XEN_CPU_MAX && cpu != vmi__xen_cpu_self() &&
        vmi__xen_cpu_setup(cpu) != 0)
        return VMI_EFAULT;
    return vmi__native_cpu_start(cpu, entry, stack, arg);
}

vmi_status_t vmi__xen_cpu_stop(void)
{
    /* VMI-SMP-005: Xen's timer is this CPU's registration to undo; the
     * native stop's CLI;HLT then takes the vCPU down in Xen, and a later
     * INIT-SIPI brings it back. */
    uint32_t self = vmi__xen_cpu_self();

    if (self != 0 && self < VMI_XEN_CPU_MAX && vmi__xen_has(VMI_FEAT_TIME_TIMER))
        vmi__xen_timer_stop(self);
    return vmi__native_cpu_stop();
}
