/* Per-CPU registration: vcpu_info, runstate area, the timer VIRQ and the kick port. */
#include "xen_internal.h"

/* One page of vcpu_info records, 64 bytes each: none crosses a page, as
 * Xen requires. */
static struct vcpu_info vcpu_info_area[VMI_XEN_CPU_MAX] __attribute__((aligned(VMI_PAGE_SIZE)));
struct vcpu_runstate_info vmi__xen_runstate[VMI_XEN_CPU_MAX] __attribute__((aligned(64)));

VMI_STATIC_ASSERT(sizeof(vcpu_info_area) <= VMI_PAGE_SIZE, xen_vcpu_info_one_page);

uint32_t vmi__xen_cpu_self(void)
{
    uint32_t self = vmi__native_cpu_self();

    return self < VMI_XEN_CPU_MAX ? self : VMI_XEN_CPU_MAX;
}

/* Xen writes the record where the guest registers it (needed beyond the
 * 32 legacy slots of shared_info); without a registration the legacy
 * slot is the one Xen keeps up to date. */
static volatile struct vcpu_info *vcpu_info_register(uint32_t cpu)
{
    struct vcpu_register_vcpu_info r;
    uint64_t pa = vmi__native_phys(&vcpu_info_area[cpu]);

    r.mfn = pa / VMI_PAGE_SIZE;
    r.offset = (uint32_t)(pa % VMI_PAGE_SIZE);
    r.rsvd = 0;
    if (vmi__xen_hc(XEN_HC_vcpu_op, VCPUOP_register_vcpu_info, cpu, XEN_PTR(&r)) == 0)
        return &vcpu_info_area[cpu];
    return cpu < XEN_LEGACY_MAX_VCPUS ? &vmi__xen.shared->vcpu_info[cpu] : 0;
}

/* The area's address is a guest virtual one: Xen writes it through the
 * vCPU's page tables on every state change. */
static int runstate_register(uint32_t cpu)
{
    struct vcpu_register_runstate_memory_area r;

    r.addr = XEN_PTR(&vmi__xen_runstate[cpu]);
    return vmi__xen_hc(XEN_HC_vcpu_op, VCPUOP_register_runstate_memory_area, cpu,
                       XEN_PTR(&r)) == 0;
}

static uint32_t port_ready(uint32_t port)
{
    if (port != XEN_PORT_NONE)
        vmi__xen_port_unmask(port);
    return port;
}

void vmi__xen_cpu_forget(uint32_t cpu)
{
    struct vmi__xen_cpu *c = &vmi__xen.cpu[cpu];

    c->vi = 0;
    c->timer_port = c->kick_port = XEN_PORT_NONE;
    c->ready = 0;
    c->runstate = 0;
}

int vmi__xen_cpu_setup(uint32_t cpu)
{
    struct vmi__xen_cpu *c = &vmi__xen.cpu[cpu];

    if (cpu >= VMI_XEN_CPU_MAX)
        return -1;
    if (c->ready)
        return 0;
    c->vi = vcpu_info_register(cpu);
    if (!c->vi)
        return -1;
    c->runstate = (uint8_t)runstate_register(cpu);
    /* Only the single-shot timer raises VIRQ_TIMER from now on. */
    vmi__xen_hc(XEN_HC_vcpu_op, VCPUOP_stop_periodic_timer, cpu, 0);
    c->timer_port = port_ready(vmi__xen_bind_virq(VIRQ_TIMER, cpu));
    c->kick_port = port_ready(vmi__xen_bind_ipi(cpu));
    c->ready = 1;
    return 0;
}
