/* The native adapter's descriptor, ops table, probe, init and discovery calls. */
#include <vmi-stubs/register.h>
#include <vmi-stubs/stubs.h>
#include "native_internal.h"

#define NATIVE_VERSION 0x00010000u   /* 1.0 */
#define INFO_SIZE_MIN 8u

struct vmi__native vmi__native;

const struct vmi_ops vmi__native_ops = {
#define VMI__NATIVE_SLOT(num, group, name, ret, attrs, feat, n, params) \
    .name = vmi__native_##name,
    VMI_CALL_LIST(VMI__NATIVE_SLOT)
#undef VMI__NATIVE_SLOT
};

static uint32_t native_probe(void)
{
    /* Correct wherever the hardware is virtualised, so always a candidate,
     * and always the last one: any adapter that knows its hypervisor wins. */
    return VMI_PROBE_NATIVE;
}

static vmi_status_t native_init(void);

struct vmi_adapter vmi_native_adapter = {
    sizeof(struct vmi_adapter), VMI_ABI_VERSION, "native", "VMI project",
    NATIVE_VERSION, 0, {0}, native_probe, native_init, &vmi__native_ops,
};
VMI_ADAPTER_REGISTER(vmi_native_adapter);

void vmi_native_configure(const struct vmi_native_config *cfg)
{
    vmi__native.cfg = *cfg;
}

static void feature_set(uint32_t feature, int on)
{
    if (on)
        vmi_native_adapter.features[VMI_FEATURE_GROUP(feature)] |= VMI_FEATURE_MASK(feature);
}

/* What this adapter offers on this machine: the calls it implements whose
 * hardware (APIC, a known TSC frequency) and guest wiring (vectors, a
 * trampoline, a console) are present.  Steal time and directed yield are
 * never offered: bare hardware has neither. */
static void features_compute(void)
{
    const struct vmi__native *n = &vmi__native;
    int apic = n->apic_mode != VMI__APIC_NONE, hz = n->tsc_hz != 0;
    uint32_t g;

    for (g = 0; g < 16; g++)
        vmi_native_adapter.features[g] = 0;
    vmi_native_adapter.features[VMI_GROUP_DISC] = vmi_features_defined(VMI_GROUP_DISC);
    vmi_native_adapter.features[VMI_GROUP_CPU] = vmi_features_defined(VMI_GROUP_CPU);
    vmi_native_adapter.features[VMI_GROUP_IRQ] = vmi_features_defined(VMI_GROUP_IRQ);
    vmi_native_adapter.features[VMI_GROUP_MMU] = vmi_features_defined(VMI_GROUP_MMU);
    vmi_native_adapter.features[VMI_GROUP_IO] = vmi_features_defined(VMI_GROUP_IO);
    vmi_native_adapter.features[VMI_GROUP_PWR] = vmi_features_defined(VMI_GROUP_PWR);
    feature_set(VMI_FEAT_APIC_REG, apic);
    feature_set(VMI_FEAT_APIC_EOI, apic);
    feature_set(VMI_FEAT_APIC_IPI, apic);
    feature_set(VMI_FEAT_TLB_LOCAL, 1);
    feature_set(VMI_FEAT_TLB_REMOTE, apic && n->cfg.shootdown_vector >= VMI_VECTOR_MIN &&
                                     n->cfg.shootdown_vector <= VMI_VECTOR_MAX);
    feature_set(VMI_FEAT_TIME_WALLCLOCK, 1);
    feature_set(VMI_FEAT_TIME_MONOTONIC, hz);
    feature_set(VMI_FEAT_TIME_TSCFREQ, hz);
    feature_set(VMI_FEAT_TIME_TIMER, apic && hz && (n->tsc_deadline || n->apic_timer_hz));
    feature_set(VMI_FEAT_SMP_INFO, 1);
    feature_set(VMI_FEAT_SMP_START, apic && hz && n->cfg.trampoline != 0);
    feature_set(VMI_FEAT_SMP_YIELD, 1);
    feature_set(VMI_FEAT_SMP_KICK, apic);
    feature_set(VMI_FEAT_SMP_PREEMPTED, 1);
    feature_set(VMI_FEAT_CON_WRITE, n->cfg.console != 0);
}

/* Forgets every CPU but keeps the guest's configuration, so a test (or a
 * second vmi_init) starts from the same state as the first boot. */
static void state_reset(void)
{
    struct vmi_native_config cfg = vmi__native.cfg;
    uint8_t *p = (uint8_t *)&vmi__native;
    size_t i;

    for (i = 0; i < sizeof(vmi__native); i++)
        p[i] = 0;
    vmi__native.cfg = cfg;
}

static vmi_status_t native_init(void)
{
    return vmi__native_init(0);
}

vmi_status_t vmi__native_init(uint64_t tsc_hz_hint)
{
    state_reset();
    vmi__native_apic_init();
    vmi__native_time_init(tsc_hz_hint);
    vmi__native_console_init();
    /* The boot CPU is CPU 0 and runs. */
    vmi__native.cpu[0].apic_id = vmi__native_apic_id_self();
    vmi__native.cpu[0].present = 1;
    vmi__native.cpu[0].online = 1;
    vmi__native.ncpus = 1;
    features_compute();
    return VMI_OK;
}

int vmi__native_offers(const struct vmi_adapter *a, uint32_t feature)
{
    uint32_t g = VMI_FEATURE_GROUP(feature);

    return g < 16 && (a->features[g] & VMI_FEATURE_MASK(feature)) != 0;
}

int vmi__native_has(uint32_t feature)
{
    return vmi__native_offers(&vmi_native_adapter, feature);
}

/* ---- discovery ---- */

vmi_status_t vmi__native_version_get(uint32_t *version)
{
    /* VMI-DISC-001 */
    if (!version)
        return VMI_EINVAL;
    *version = VMI_ABI_VERSION;
    return VMI_OK;
}

vmi_status_t vmi__native_disc_features(const struct vmi_adapter *a, uint32_t group,
                                       uint64_t *bitmap)
{
    /* VMI-DISC-002, VMI-DISC-003 */
    if (group >= VMI_GROUP_COUNT || !bitmap)
        return VMI_EINVAL;
    *bitmap = a->features[group] & vmi_features_defined(group);
    return VMI_OK;
}

vmi_status_t vmi__native_features_get(uint32_t group, uint64_t *bitmap)
{
    return vmi__native_disc_features(&vmi_native_adapter, group, bitmap);
}

vmi_status_t vmi__native_disc_supported(const struct vmi_adapter *a, uint32_t call,
                                        uint32_t *supported)
{
    /* VMI-DISC-004, VMI-DISC-005: the same bitmap the stubs gate on. */
    int32_t feature = vmi_call_feature(call);

    if (feature < 0 || !supported)
        return VMI_EINVAL;
    *supported = vmi__native_offers(a, (uint32_t)feature) ? 1u : 0u;
    return VMI_OK;
}

vmi_status_t vmi__native_call_supported(uint32_t call, uint32_t *supported)
{
    return vmi__native_disc_supported(&vmi_native_adapter, call, supported);
}

static void name_copy(char *field, const char *name, uint32_t max)
{
    uint32_t i;

    for (i = 0; i < max && name[i]; i++)
        field[i] = name[i];
}

static void info_fill(struct vmi_adapter_info *full, const struct vmi_adapter *a,
                      const struct vmi_hv_leaf *hv, const struct vmi__native_hv_use *use)
{
    uint8_t *p = (uint8_t *)full;
    uint32_t i;

    for (i = 0; i < sizeof(*full); i++)
        p[i] = 0;
    full->size = sizeof(*full);
    full->abi_version = VMI_ABI_VERSION;
    full->adapter_version = a->version;
    name_copy(full->name, a->name, VMI_NAME_LEN);
    name_copy(full->vendor, a->vendor, VMI_NAME_LEN);
    if (hv) {
        full->hv_base_leaf = hv->base_leaf;
        for (i = 0; i < VMI_SIGNATURE_LEN; i++)
            full->hv_signature[i] = hv->signature[i];
    }
    if (use) {
        full->hv_features = use->features;
        name_copy(full->mechanisms, use->mechanisms, VMI_MECHANISMS_LEN);
    }
}

vmi_status_t vmi__native_disc_info(const struct vmi_adapter *a, const struct vmi_hv_leaf *hv,
                                   const struct vmi__native_hv_use *use,
                                   struct vmi_adapter_info *info)
{
    /* VMI-DISC-007, VMI-DISC-008, VMI-DISC-010 */
    struct vmi_adapter_info full;
    uint32_t size, i;

    if (!info || info->size < INFO_SIZE_MIN)
        return VMI_EINVAL;
    size = info->size < sizeof(full) ? info->size : (uint32_t)sizeof(full);
    info_fill(&full, a, hv, use);
    full.size = size;
    for (i = 0; i < size; i++)
        ((uint8_t *)info)[i] = ((const uint8_t *)&full)[i];
    return VMI_OK;
}

void vmi__native_hv_use_add(struct vmi__native_hv_use *use, uint32_t feature,
                            const char *mechanism)
{
    /* Tokens are "FEATURE=mechanism", one space apart; one that would not
     * fit with its terminating NUL is left out whole, never cut. */
    const char *name = vmi_feature_name(feature);
    uint32_t at = 0, len = 0, i;

    while (at < VMI_MECHANISMS_LEN && use->mechanisms[at])
        at++;
    while (name[len])
        len++;
    for (i = 0; mechanism[i]; i++)
        len++;
    if (at + (at != 0) + len + 1 > VMI_MECHANISMS_LEN)
        return;
    if (at)
        use->mechanisms[at++] = ' ';
    while (*name)
        use->mechanisms[at++] = *name++;
    use->mechanisms[at++] = '=';
    while (*mechanism)
        use->mechanisms[at++] = *mechanism++;
    use->mechanisms[at] = 0;
}

vmi_status_t vmi__native_adapter_info_get(struct vmi_adapter_info *info)
{
    /* The hypervisor reported is the first one the stubs found, the one a
     * guest without VMI would see. */
    const struct vmi_hv_info *hv = vmi_hv();

    return vmi__native_disc_info(&vmi_native_adapter, hv->count ? &hv->found[0] : 0, 0, info);
}
