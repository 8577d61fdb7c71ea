/* IDENT: the hypervisor the stubs detected and the adapter they bound, once per boot. */
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
}
