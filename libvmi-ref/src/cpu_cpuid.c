/* CPUID of the model's CPU and the time-stamp counter read. */
#include <string.h>
#include "cpu_tsc.h"

#define LEAF_HV_BASE 0x40000000u
#define CPUID1_ECX_HYPERVISOR (1u << 31)

/* Twelve signature bytes into three registers, in CPUID's byte order. */
static void put_signature(uint32_t *a, uint32_t *b, uint32_t *c, const char sig[12])
{
    memcpy(a, sig, 4);
    memcpy(b, sig + 4, 4);
    memcpy(c, sig + 8, 4);
}

/* The model's small, fixed CPU: a basic vendor leaf, the hypervisor-present
 * bit, and a hypervisor leaf range of its own.  Every other leaf is zeros. */
static void cpuid_fill(uint32_t leaf, struct vmi_cpuid_regs *r)
{
    memset(r, 0, sizeof(*r));
    switch (leaf) {
    case 0:
        r->eax = 0xd;
        /* The vendor string is EBX, EDX, ECX. */
        put_signature(&r->ebx, &r->edx, &r->ecx, "VMIREFMODEL!");
        break;
    case 1:
        r->ecx = CPUID1_ECX_HYPERVISOR;
        break;
    case LEAF_HV_BASE:
        r->eax = LEAF_HV_BASE + 1;
        put_signature(&r->ebx, &r->ecx, &r->edx, "VMIREFVMIREF");
        break;
    default:
        break;
    }
}

vmi_status_t vmi_ref_cpuid(struct vmi_ref_cpu *self, uint32_t leaf, uint32_t subleaf,
                           struct vmi_cpuid_regs *regs)
{
    /* VMI-CPU-013, VMI-CPU-014: the values are platform-defined, so the
     * allowed set is ANY; the model's table only gives it an answer. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_CPUID);

    (void)subleaf;
    if (st == VMI_OK && !regs)
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        cpuid_fill(leaf, regs);
        vmi__ref_allow_any(self->m, 2);
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_tsc_read(struct vmi_ref_cpu *self, uint64_t *tsc)
{
    /* VMI-CPU-015, VMI-GEN-004 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_TSC);

    if (st == VMI_OK && !tsc)
        st = VMI_EINVAL;
    if (st == VMI_OK)
        *tsc = vmi__ref_tsc_hand_out(self, 0);
    return vmi__ref_leave(self, st);
}
