/* IDENT, MECH and FAULT: what the guest ran on, and a trace that took an exception. */
#include <stdio.h>
#include <string.h>
#include "session_internal.h"

/* n bytes of guest text into out (cap bytes, NUL-terminated, cut to fit),
 * anything unprintable shown as '.'. */
static void printable(char *out, size_t cap, const uint8_t *p, size_t n)
{
    size_t i;

    if (n >= cap)
        n = cap - 1;
    for (i = 0; i < n; i++)
        out[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '.';
    out[n] = '\0';
}

/* The signature's 12 bytes, without the NULs that pad it. */
static void signature_text(const uint8_t *p, char out[13])
{
    size_t n = 12;

    while (n > 0 && p[n - 1] == 0)
        n--;
    printable(out, 13, p, n);
}

void vmi__env_boot_ident(struct vmi_env_boot *b, const uint8_t *p, uint16_t len)
{
    struct vmi_env_ident *id = &b->s->ident;
    uint32_t g;

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
    printable(id->adapter, sizeof(id->adapter), p + VMI_REC_IDENT_FIXED,
              len - VMI_REC_IDENT_FIXED);
}

void vmi__env_boot_mech(struct vmi_env_boot *b, const uint8_t *p, uint16_t len)
{
    struct vmi_env_ident *id = &b->s->ident;

    if (len < VMI_REC_MECH_FIXED)
        return;                 /* the report then names no mechanism */
    id->mech_seen = 1;
    id->hv_features = vmi_rec_get64(p + VMI_REC_MECH_HV_FEATURES);
    printable(id->mechanisms, sizeof(id->mechanisms), p + VMI_REC_MECH_FIXED,
              len - VMI_REC_MECH_FIXED);
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
