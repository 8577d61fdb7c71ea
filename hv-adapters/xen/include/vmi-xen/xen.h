/* The Xen adapter for PVH (and HVM) guests: what the guest tells it and the upcall it wires. */
#ifndef VMI_XEN_H
#define VMI_XEN_H

#include <stdint.h>
#include <vmi/vmi.h>

/* The most CPUs (Xen vCPUs 0 .. n-1) the adapter registers areas for. */
#define VMI_XEN_CPU_MAX 64u

/*
 * What only the guest knows.  The calls Xen does not accelerate run on the
 * native adapter, so the guest configures that one too
 * (vmi_native_configure: virt_to_phys for the adapter's static pages Xen
 * writes into, the isa-debug-exit port, the SMP trampoline, the shootdown
 * vector); CPU numbers are named the native way
 * (vmi_native_cpu_add) and must equal Xen vCPU IDs, as they do when the
 * guest numbers CPUs in MADT order.  A zeroed config is valid.
 */
struct vmi_xen_config {
    /* The IDT vector whose handler calls vmi_xen_upcall() and IRETs; 0
     * means none, and then the one-shot timer is the native one and
     * cpu_kick is not offered. */
    uint32_t upcall_vector;
    uint32_t reserved;
};

/* The adapter descriptor, registered in the `vmi_adapters` section. */
extern struct vmi_adapter vmi_xen_adapter;

void vmi_xen_configure(const struct vmi_xen_config *cfg);

/*
 * The event-channel upcall: the handler of upcall_vector calls it with
 * interrupts off.  It takes every pending, unmasked port of this CPU,
 * clears it and acts on it (a fired timer makes its vector pending through
 * the local APIC).  The callback vector is not an APIC interrupt: no EOI.
 */
void vmi_xen_upcall(void);

#endif /* VMI_XEN_H */
