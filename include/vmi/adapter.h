/* The contract between the guest stubs and a hypervisor adapter. */
#ifndef VMI_ADAPTER_H
#define VMI_ADAPTER_H

#include "ops.h"
#include "version.h"

/*
 * One adapter: what it is, what it offers and how to bind it.  The stubs
 * read `size` before any other field, so later minor versions may append
 * fields; an adapter built against an older header reports a smaller size
 * and the stubs treat the missing fields as absent.
 *
 * probe() returns a score: 0 means "this hypervisor is not mine", higher
 * means a better match (the native adapter answers 1, a hypervisor-
 * specific adapter that found its signature answers 100).  init() runs on
 * the boot CPU once the adapter is chosen; it may narrow `features` to
 * what the running hypervisor really offers.
 */
struct vmi_adapter {
    uint32_t size;                        /* sizeof(struct vmi_adapter) */
    uint32_t abi_version;                 /* VMI_ABI_VERSION built against */
    const char *name;                     /* "native", "kvm", ... */
    const char *vendor;
    uint32_t version;                     /* the adapter's own version */
    uint32_t reserved;                    /* must be 0 */
    uint64_t features[16];                /* per-group bitmaps, by group */
    uint32_t (*probe)(void);
    vmi_status_t (*init)(void);
    const struct vmi_ops *ops;
}; /* 184 bytes */

VMI_STATIC_ASSERT(VMI_GROUP_COUNT <= 16, adapter_features_fit);
VMI_STATIC_ASSERT(sizeof(struct vmi_adapter) == 184, adapter_size);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter, size) == 0, adapter_size_off);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter, abi_version) == 4, adapter_abi_off);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter, name) == 8, adapter_name_off);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter, vendor) == 16, adapter_vendor_off);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter, version) == 24, adapter_version_off);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter, reserved) == 28, adapter_reserved_off);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter, features) == 32, adapter_features_off);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter, probe) == 160, adapter_probe_off);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter, init) == 168, adapter_init_off);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter, ops) == 176, adapter_ops_off);

/* Probe scores the stubs compare. */
#define VMI_PROBE_NONE 0u
#define VMI_PROBE_NATIVE 1u
#define VMI_PROBE_HYPERVISOR 100u

#endif /* VMI_ADAPTER_H */
