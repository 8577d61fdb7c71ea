/* How an adapter registers itself: one pointer in the `vmi_adapters` linker section. */
#ifndef VMI_STUBS_REGISTER_H
#define VMI_STUBS_REGISTER_H

#include <vmi/adapter.h>

/*
 * VMI_ADAPTER_REGISTER(desc) puts a pointer to the adapter descriptor
 * `desc` into the ELF section `vmi_adapters`.  vmi_init() walks the
 * section from __start_vmi_adapters to __stop_vmi_adapters, so linking an
 * adapter's object file is all it takes to make it a candidate.
 *
 * The section holds pointers, not descriptors: every element is then 8
 * bytes and 8-aligned whatever the compiler does to structs, and the
 * descriptors themselves stay ordinary (writable) objects.  `used` keeps
 * the pointer from being dropped as unreferenced; the guest's linker
 * script must KEEP the section and leave it an orphan or give the output
 * section the same name, so GNU ld defines the __start_/__stop_ symbols.
 */
#define VMI__REG_JOIN2(a, b) a##b
#define VMI__REG_JOIN(a, b) VMI__REG_JOIN2(a, b)
#define VMI_ADAPTER_REGISTER(desc)                                             \
    const struct vmi_adapter *const VMI__REG_JOIN(vmi__adapter_ptr_, desc)     \
        __attribute__((used, section("vmi_adapters"), aligned(8))) = &(desc)

#endif /* VMI_STUBS_REGISTER_H */
