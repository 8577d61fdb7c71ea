/* IDENT and MECH: the hypervisor the stubs detected, the adapter they bound and the mechanisms it uses, once per boot. */
#include "run.h"
#include "vmi-stubs/stubs.h"

void ident_features(uint64_t *features, uint32_t *groups)
{
    const struct vmi_adapter *a = vmi_adapter_bound();
    uint32_t g;

    *groups = VMI_GROUP_COUNT < VMI_REC_IDENT_GROUPS_MAX ? VMI_GROUP_COUNT
                                                         : VMI_REC_IDENT_GROUPS_MAX;
    for (g = 0; g < *groups; g++)
        features[g] = a ? a->features[g] : 0;
}

/* MECH: what the adapter says of the hypervisor interface it enabled, so
 * that a report can tell kvmclock from a TSC fallback.  An adapter of an
 * older minor fills less, and the record then says so by its size. */
static void mech_report(void)
{
    struct vmi_adapter_info info;
    uint8_t p[VMI_REC_MECH_FIXED + VMI_MECHANISMS_LEN];
    const struct vmi_ops *ops = cpus_ops(0);

    memset(p, 0, sizeof(p));
    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    if (ops == NULL || ops->adapter_info_get(&info) != VMI_OK)
        info.size = 0;
    vmi_rec_put32(p + VMI_REC_MECH_INFO_SIZE, info.size);
    if (info.size >= offsetof(struct vmi_adapter_info, mechanisms) + VMI_MECHANISMS_LEN) {
        vmi_rec_put64(p + VMI_REC_MECH_HV_FEATURES, info.hv_features);
        info.mechanisms[VMI_MECHANISMS_LEN - 1] = 0;
    } else {
        info.mechanisms[0] = 0;
    }
    rec_emit(VMI_REC_MECH, p, rec_text(p, VMI_REC_MECH_FIXED, sizeof(p), info.mechanisms));
}

void ident_report(uint32_t cpus, uint32_t bundle_crc)
{
    uint8_t p[VMI_REC_IDENT_FIXED + 64] = {0};
    const struct vmi_hv_info *hv = vmi_hv();
    const struct vmi_adapter *a = vmi_adapter_bound();
    uint64_t features[VMI_REC_IDENT_GROUPS_MAX];
    uint32_t groups, g;

    if (hv->present && hv->count > 0) {
        vmi_rec_put32(p + VMI_REC_IDENT_HV_BASE, hv->found[0].base_leaf);
        vmi_rec_put32(p + VMI_REC_IDENT_HV_MAX, hv->found[0].max_leaf);
        memcpy(p + VMI_REC_IDENT_SIGNATURE, hv->found[0].signature, 12);
    }
    vmi_rec_put32(p + VMI_REC_IDENT_ADAPTER_VERSION, a ? a->version : 0);
    vmi_rec_put32(p + VMI_REC_IDENT_ABI_VERSION, VMI_ABI_VERSION);
    vmi_rec_put32(p + VMI_REC_IDENT_CPUS, cpus);
    ident_features(features, &groups);
    vmi_rec_put32(p + VMI_REC_IDENT_GROUPS, groups);
    vmi_rec_put32(p + VMI_REC_IDENT_BUNDLE_CRC, bundle_crc);
    for (g = 0; g < groups; g++)
        vmi_rec_put64(p + VMI_REC_IDENT_FEATURES + 8 * g, features[g]);
    rec_emit(VMI_REC_IDENT, p,
             rec_text(p, VMI_REC_IDENT_FIXED, sizeof(p), a && a->name ? a->name : ""));
    mech_report();
}
