/* The guest stubs: hypervisor detection, adapter binding and the published ops table. */
#ifndef VMI_STUBS_H
#define VMI_STUBS_H

#include <stdint.h>
#include <vmi/api.h>

/* Hypervisor leaf ranges are scanned at 0x40000000 + k * 0x100 for k in
 * 0 .. 0xff (Linux's cpuid_base_hypervisor rule); several may answer, for
 * instance Hyper-V at 0x40000000 with Xen or KVM behind it at 0x40000100. */
#define VMI_HV_LEAF_FIRST 0x40000000u
#define VMI_HV_LEAF_END 0x40010000u
#define VMI_HV_LEAF_STEP 0x100u
#define VMI_HV_FOUND_MAX 4u

struct vmi_hv_leaf {
    uint32_t base_leaf;                  /* 0x400xxx00 */
    uint32_t max_leaf;                   /* highest valid leaf, absolute */
    char signature[VMI_SIGNATURE_LEN];   /* EBX, ECX, EDX bytes, raw */
};

struct vmi_hv_info {
    uint32_t present;                    /* CPUID.1:ECX[31] */
    uint32_t count;                      /* ranges found, lowest base first */
    struct vmi_hv_leaf found[VMI_HV_FOUND_MAX];
};

/* Scans CPUID as described above.  With the hypervisor bit clear it scans
 * nothing: bare metal leaves those leaves undefined. */
void vmi_hv_detect(struct vmi_hv_info *out);

/* What vmi_init() detected (all zeros before it ran). */
const struct vmi_hv_info *vmi_hv(void);

/* The range whose signature is `sig` (12 bytes), or 0. */
const struct vmi_hv_leaf *vmi_hv_find(const char *sig);

/*
 * Detects the hypervisor, asks each registered adapter to probe, binds the
 * best one and publishes its calls in `vmi_ops`.  `cmdline` may be null;
 * a `vmi.adapter=NAME` word in it forces that adapter whatever its score.
 * The best score wins, ties going to the name that sorts first; an adapter
 * whose init fails gives way to the next, down to native.  A call whose
 * slot the adapter leaves null, or whose feature it does not offer after
 * init, answers VMI_ENOTSUP.
 *
 * Returns VMI_OK; VMI_EINVAL for a forced name that is not registered or
 * not ABI-compatible; VMI_ENOTSUP when no adapter bound; or the forced
 * adapter's init error.  On an error no adapter is bound and every call
 * answers VMI_ENOTSUP.
 */
vmi_status_t vmi_init(const char *cmdline);

/* The bound adapter, or 0. */
const struct vmi_adapter *vmi_adapter_bound(void);

/* The call sites recorded in `vmi_callsites` (see vmi/api.h). */
uint32_t vmi_callsite_count(void);
const struct vmi_callsite *vmi_callsite_at(uint32_t i);

#endif /* VMI_STUBS_H */
