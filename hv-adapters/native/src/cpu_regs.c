/* Control registers, CLTS, debug registers, WBINVD, CPUID and the TSC (VMI-CPU-001..007, 013..015, 027..029). */
#include "native_internal.h"

#define CR0_PE ((uint64_t)1 << 0)
#define CR0_NW ((uint64_t)1 << 29)
#define CR0_CD ((uint64_t)1 << 30)
#define CR0_PG ((uint64_t)1 << 31)
#define CR3_RESERVED ((uint64_t)0x7ff << 52)
#define CR4_PAE ((uint64_t)1 << 5)
#define CR4_LA57 ((uint64_t)1 << 12)
#define CR4_RESERVED (~(uint64_t)0x1ffffff | ((uint64_t)1 << 15))

static int cr_valid(uint32_t cr)
{
    return cr == 0 || cr == 2 || cr == 3 || cr == 4 || cr == 8;
}

vmi_status_t vmi__native_cr_read(uint32_t cr, uint64_t *value)
{
    /* VMI-CPU-001, VMI-CPU-002, VMI-CPU-006; MOV from CR8 gives TPR[7:4]
     * in bits 3:0 by itself. */
    if (!cr_valid(cr) || !value)
        return VMI_EINVAL;
    *value = vmi_x86_cr_read(cr);
    return VMI_OK;
}

/* VMI-CPU-004: what 64-bit mode forbids, checked before the instruction
 * so that a forbidden value is VMI_EINVAL, not a #GP. */
static vmi_status_t cr_check(uint32_t cr, uint64_t v)
{
    switch (cr) {
    case 0:
        if (v >> 32 || !(v & CR0_PG) || !(v & CR0_PE))
            return VMI_EINVAL;
        return (v & CR0_NW) && !(v & CR0_CD) ? VMI_EINVAL : VMI_OK;
    case 2: return VMI_OK;
    case 3: return v & CR3_RESERVED ? VMI_EINVAL : VMI_OK;
    case 4:
        if ((v & CR4_RESERVED) || !(v & CR4_PAE))
            return VMI_EINVAL;
        return (v ^ vmi_x86_cr_read(4)) & CR4_LA57 ? VMI_EINVAL : VMI_OK;
    case 8: return v >> 4 ? VMI_EINVAL : VMI_OK;
    default: return VMI_EINVAL;
    }
}

vmi_status_t vmi__native_cr_write(uint32_t cr, uint64_t value)
{
    /* VMI-CPU-003..005: the CPU flushes on a CR3 write and on a CR4.PGE
     * change itself; a valid bit it lacks raises #GP, which the fault-safe
     * MOV turns into VMI_EFAULT with the register unchanged. */
    vmi_status_t st = cr_check(cr, value);

    if (st != VMI_OK)
        return st;
    return vmi_x86_cr_write_safe(cr, value) == 0 ? VMI_OK : VMI_EFAULT;
}

vmi_status_t vmi__native_clts(void)
{
    /* VMI-CPU-007 */
    vmi_x86_clts();
    return VMI_OK;
}

static int dr_valid(uint32_t reg)
{
    return reg < 8 && ((VMI_DR_VALID_MASK >> reg) & 1u);
}

vmi_status_t vmi__native_dr_read(uint32_t reg, uint64_t *value)
{
    /* VMI-CPU-027 */
    if (!dr_valid(reg) || !value)
        return VMI_EINVAL;
    *value = vmi_x86_dr_read(reg);
    return VMI_OK;
}

vmi_status_t vmi__native_dr_write(uint32_t reg, uint64_t value)
{
    /* VMI-CPU-027, VMI-CPU-028: the CPU applies DR6's and DR7's fixed bits;
     * their upper halves would #GP, so they are refused first. */
    if (!dr_valid(reg) || ((reg == 6 || reg == 7) && value >> 32))
        return VMI_EINVAL;
    vmi_x86_dr_write(reg, value);
    return VMI_OK;
}

vmi_status_t vmi__native_wbinvd(void)
{
    /* VMI-CPU-029 */
    vmi_x86_wbinvd();
    return VMI_OK;
}

vmi_status_t vmi__native_cpuid(uint32_t leaf, uint32_t subleaf, struct vmi_cpuid_regs *regs)
{
    /* VMI-CPU-013, VMI-CPU-014 */
    if (!regs)
        return VMI_EINVAL;
    vmi_x86_cpuid(leaf, subleaf, regs);
    return VMI_OK;
}

vmi_status_t vmi__native_tsc_read(uint64_t *tsc)
{
    /* VMI-CPU-015 */
    if (!tsc)
        return VMI_EINVAL;
    *tsc = vmi_x86_rdtsc();
    return VMI_OK;
}
