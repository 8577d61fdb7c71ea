/* Discovery: the ABI version, feature bitmaps, per-call support and adapter identity. */
#include <string.h>
#include "machine.h"

/* adapter_info_get refuses a size that cannot even hold size and abi_version. */
#define INFO_SIZE_MIN 8u

vmi_status_t vmi_ref_version_get(struct vmi_ref_cpu *self, uint32_t *version)
{
    /* VMI-DISC-001, VMI-GEN-004 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_DISC_BASE);

    if (st == VMI_OK && !version)
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *version = VMI_ABI_VERSION;
        vmi__ref_allow_exact(self->m, 0, VMI_ABI_VERSION);
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_features_get(struct vmi_ref_cpu *self, uint32_t group, uint64_t *bitmap)
{
    /* VMI-DISC-002, VMI-DISC-003, VMI-DISC-009: the machine's bitmaps were
     * narrowed to the defined bits when it was made and never change. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_DISC_BASE);

    if (st == VMI_OK && (group >= VMI_GROUP_COUNT || !bitmap))
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *bitmap = self->m->cfg.features[group];
        vmi__ref_allow_exact(self->m, 1, *bitmap);
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_call_supported(struct vmi_ref_cpu *self, uint32_t call, uint32_t *supported)
{
    /* VMI-DISC-004, VMI-DISC-005: the answer is the very check
     * vmi__ref_enter makes, so it agrees with what the call does. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_DISC_BASE);
    int32_t feature = vmi_call_feature(call);

    if (st == VMI_OK && (feature < 0 || !supported))
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *supported = vmi__ref_has(self->m, (uint32_t)feature) ? 1u : 0u;
        vmi__ref_allow_exact(self->m, 1, *supported);
    }
    return vmi__ref_leave(self, st);
}

/* A NUL-padded name field; a name that fills it needs no terminator. */
static void name_copy(char field[VMI_NAME_LEN], const char *name)
{
    size_t n = strlen(name);

    memcpy(field, name, n < VMI_NAME_LEN ? n : VMI_NAME_LEN);
}

/* The whole struct as the model reports it: the identity is the one its
 * adapter descriptor holds, and no hypervisor signature, since the model
 * is not reached through CPUID leaves (VMI-DISC-008); for the same reason
 * no hypervisor features and no mechanisms (VMI-DISC-010). */
static void info_fill(struct vmi_adapter_info *info)
{
    memset(info, 0, sizeof(*info));
    info->size = sizeof(*info);
    info->abi_version = vmi_ref_adapter.abi_version;
    info->adapter_version = vmi_ref_adapter.version;
    info->hv_base_leaf = 0;
    name_copy(info->name, vmi_ref_adapter.name);
    name_copy(info->vendor, vmi_ref_adapter.vendor);
}

vmi_status_t vmi_ref_adapter_info_get(struct vmi_ref_cpu *self, struct vmi_adapter_info *info)
{
    /* VMI-DISC-007, VMI-DISC-008, VMI-DISC-010: size is read first; only
     * min(size, 512) bytes are written, so an older, shorter struct (64
     * bytes in VMI 1.0) is not overrun. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_DISC_BASE);
    struct vmi_adapter_info full;
    uint32_t size;

    if (st == VMI_OK && (!info || info->size < INFO_SIZE_MIN))
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        size = info->size < sizeof(full) ? info->size : (uint32_t)sizeof(full);
        info_fill(&full);
        full.size = size;
        memcpy(info, &full, size);
        vmi__ref_allow_any(self->m, 0);
    }
    return vmi__ref_leave(self, st);
}
