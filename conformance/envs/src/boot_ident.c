/* IDENT, MECH and FAULT: what the guest ran on, and a trace that took an exception. */
#include <stdio.h>
#include <string.h>
#include "session_internal.h"

/* The signature's 12 bytes, with anything unprintable shown as '.'. */
static void signature_text(const uint8_t *p, char out[13])
{
    size_t i, n = 12;

    while (n > 0 && p[n - 1] == 0)
        n--;
    for (i = 0; i < n; i++)
        out[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '.';
    out[n] = '\0';
}

void vmi__env_boot_ident(struct vmi_env_boot *b, const uint8_t *p, uint16_t len)
{
    struct vmi_env_ident *id = &b->s->ident;
    uint32_t g, i, n;

    if (len < VMI_REC_IDENT_FIXED)
        return;                 /* the report then says the identity is unknown */
    memset(id, 0, sizeof(*id));
    id->seen = 1;
    id->hv_base = vmi_rec_get32(p + VMI_REC_IDENT_HV_BASE);
    id->hv_max = vmi_rec_get32(p + VMI_REC_IDENT_HV_MAX);
    signature_text(p + VMI_REC_IDENT_SIGNATURE, id->signature);
    id->adapter_version = vmi_rec_get32(p + VMI_REC_IDENT_ADAPTER_VERSION);
    id->abi_version = vmi_rec_get32(p + VMI_REC_IDENT_ABI_VERSION);
    id->cpus = vmi_rec_get32(p + VMI_REC_IDENT_CPUS);
    id->groups = vmi_rec_get32(p + VMI_REC_IDENT_GROUPS);
    id->bundle_crc = vmi_rec_get32(p + VMI_REC_IDENT_BUNDLE_CRC);
    if (id->groups > VMI_REC_IDENT_GROUPS_MAX)
        id->groups = VMI_REC_IDENT_GROUPS_MAX;
    for (g = 0; g < id->groups; g++)
        id->features[g] = vmi_rec_get64(p + VMI_REC_IDENT_FEATURES + 8 * g);
    n = len - VMI_REC_IDENT_FIXED;
    if (n >= sizeof(id->adapter))
        n = sizeof(id->adapter) - 1;
    for (i = 0; i < n; i++) {
        uint8_t c = p[VMI_REC_IDENT_FIXED + i];

        id->adapter[i] = c >= 0x20 && c < 0x7f ? (char)c : '.';
    }
}

void vmi__env_boot_mech(struct vmi_env_boot *b, const uint8_t *p, uint16_t len)
{
    struct vmi_env_ident *id = &b->s->ident;
    uint32_t i, n;

    if (len < VMI_REC_MECH_FIXED)
        return;                 /* the report then names no mechanism */
    id->mech_seen = 1;
    id->hv_features = vmi_rec_get64(p + VMI_REC_MECH_HV_FEATURES);
    n = len - VMI_REC_MECH_FIXED;
    if (n >= sizeof(id->mechanisms))
        n = sizeof(id->mechanisms) - 1;
    for (i = 0; i < n; i++) {
        uint8_t c = p[VMI_REC_MECH_FIXED + i];

        id->mechanisms[i] = c >= 0x20 && c < 0x7f ? (char)c : '.';
    }
    id->mechanisms[n] = '\0';
}

void vmi__env_boot_fault(struct vmi_env_boot *b, const uint8_t *p, uint16_t len)
{
    struct vmi_env_fault f;
    uint32_t trace;

    if (len < VMI_REC_FAULT_SIZE)
        return;
    trace = vmi_rec_get32(p + VMI_REC_FAULT_TRACE);
    f.vector = p[VMI_REC_FAULT_VECTOR];
    f.fatal = p[VMI_REC_FAULT_FATAL];
    f.cpu = vmi_rec_get16(p + VMI_REC_FAULT_CPU);
    f.error = vmi_rec_get64(p + VMI_REC_FAULT_ERROR);
    f.rip = vmi_rec_get64(p + VMI_REC_FAULT_RIP);
    f.cr2 = vmi_rec_get64(p + VMI_REC_FAULT_CR2);
    if (f.fatal)
        b->fatal = 1;
    if (b->current >= 0 && (uint32_t)b->current == trace) {
        b->s->traces[trace].fault = f;
        vmi__env_boot_close(b, VMI_ENV_FAULTED);
        return;
    }
    /* Outside the running trace: the harness's own fault.  The trace it
     * interrupts (if any) dies with it when the guest stops. */
    snprintf(b->last_fault, sizeof(b->last_fault),
             "the guest faulted outside a trace: vector %u, error code 0x%llx, RIP 0x%llx%s",
             f.vector, (unsigned long long)f.error, (unsigned long long)f.rip,
             f.fatal ? " (fatal)" : "");
}
