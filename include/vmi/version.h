/* The ABI version a guest compiles against, and the rule for comparing versions. */
#ifndef VMI_VERSION_H
#define VMI_VERSION_H

#include <stdint.h>

/*
 * The ABI version is major.minor, packed as (major << 16) | minor.
 *
 * Compatibility rule: a minor release only adds calls, features and
 * constants; it never changes the number, parameters or meaning of an
 * existing call, and never reuses a number.  A major release may remove
 * calls (their numbers stay reserved) or change meanings.  So a guest
 * built for A.b runs on an adapter implementing A.c whenever c >= b, and
 * on an adapter implementing A.c with c < b only for the calls the adapter
 * reports as supported.  Different majors are incompatible.
 */
/* 1.1 added struct vmi_adapter_info's hv_features and mechanisms. */
#define VMI_ABI_MAJOR 1u
#define VMI_ABI_MINOR 1u

#define VMI_ABI_VERSION_MAKE(major, minor) \
    ((uint32_t)(((uint32_t)(major) << 16) | ((uint32_t)(minor) & 0xffffu)))
#define VMI_ABI_VERSION_MAJOR(v) ((uint32_t)(v) >> 16)
#define VMI_ABI_VERSION_MINOR(v) ((uint32_t)(v) & 0xffffu)
#define VMI_ABI_VERSION VMI_ABI_VERSION_MAKE(VMI_ABI_MAJOR, VMI_ABI_MINOR)

/* Non-zero when a guest built for `guest` may bind an adapter at `adapter`. */
static inline int vmi_abi_compatible(uint32_t guest, uint32_t adapter)
{
    return VMI_ABI_VERSION_MAJOR(guest) == VMI_ABI_VERSION_MAJOR(adapter);
}

#endif /* VMI_VERSION_H */
