/* Hypervisor detection: the CPUID hypervisor bit and the 0x400000xx signature leaves. */
#include <vmi-stubs/stubs.h>
#include <vmi-x86/x86.h>
#include "stubs_internal.h"

#define CPUID1_ECX_HYPERVISOR (1u << 31)

/* Twelve raw signature bytes from EBX, ECX, EDX, as CPUID orders them. */
static void signature_take(const struct vmi_cpuid_regs *r, char sig[VMI_SIGNATURE_LEN])
{
    const uint32_t words[3] = {r->ebx, r->ecx, r->edx};
    uint32_t i;

    for (i = 0; i < VMI_SIGNATURE_LEN; i++)
        sig[i] = (char)(words[i / 4] >> (8 * (i % 4)));
}

/* A signature is printable ASCII padded with NULs, and not empty: a range
 * nobody answers reads as zeros (QEMU TCG), and bhyve answers any leaf
 * above its maximum with the maximum leaf, whose registers are not text. */
static int signature_plausible(const char sig[VMI_SIGNATURE_LEN])
{
    uint32_t i, text = 0;

    for (i = 0; i < VMI_SIGNATURE_LEN; i++) {
        unsigned char c = (unsigned char)sig[i];

        if (c != 0 && (c < 0x20 || c > 0x7e))
            return 0;
        text += c != 0;
    }
    return text != 0;
}

/* EAX is the highest leaf of the range; KVM on old hosts answers 0, which
 * means base + 1.  Anything outside the range is read the same way. */
static uint32_t max_leaf(uint32_t base, uint32_t eax)
{
    return eax > base && eax < base + VMI_HV_LEAF_STEP * 0x100u ? eax : base + 1;
}

void vmi_hv_detect(struct vmi_hv_info *out)
{
    struct vmi_cpuid_regs r;
    uint32_t base;

    vmi__stubs_zero(out, sizeof(*out));
    vmi_x86_cpuid(1, 0, &r);
    out->present = (r.ecx & CPUID1_ECX_HYPERVISOR) != 0;
    for (base = VMI_HV_LEAF_FIRST; out->present && base < VMI_HV_LEAF_END;
         base += VMI_HV_LEAF_STEP) {
        struct vmi_hv_leaf *f = &out->found[out->count];

        vmi_x86_cpuid(base, 0, &r);
        signature_take(&r, f->signature);
        if (!signature_plausible(f->signature))
            continue;
        f->base_leaf = base;
        f->max_leaf = max_leaf(base, r.eax);
        if (++out->count == VMI_HV_FOUND_MAX)
            break;
    }
    if (out->count < VMI_HV_FOUND_MAX)
        vmi__stubs_zero(&out->found[out->count], sizeof(out->found[0]));
}

const struct vmi_hv_leaf *vmi_hv_find(const char *sig)
{
    const struct vmi_hv_info *hv = vmi_hv();
    uint32_t i, j;

    for (i = 0; i < hv->count; i++) {
        for (j = 0; j < VMI_SIGNATURE_LEN && hv->found[i].signature[j] == sig[j]; j++)
            ;
        if (j == VMI_SIGNATURE_LEN)
            return &hv->found[i];
    }
    return 0;
}
