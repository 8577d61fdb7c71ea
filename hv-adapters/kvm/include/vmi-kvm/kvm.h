/* The KVM adapter: VMI calls on KVM's paravirtual interface, native for the rest. */
#ifndef VMI_KVM_H
#define VMI_KVM_H

#include <vmi/vmi.h>

/*
 * The adapter registers itself in the `vmi_adapters` section and binds
 * when the stubs find KVM's signature in any 0x40000000 + k * 0x100
 * range.  It is built on the native adapter and needs nothing of its own
 * from the guest: the guest wires the native adapter (vmi_native_configure,
 * the vectors, the trampoline, see hv-adapters/README.md), and the KVM
 * adapter takes the guest-physical addresses of its shared areas from the
 * config's virt_to_phys.
 */
extern struct vmi_adapter vmi_kvm_adapter;

#endif /* VMI_KVM_H */
