/* Fault-safe MSR access, segment bases and SWAPGS (VMI-CPU-008..012, 024..026). */
#include "native_internal.h"

#define EFER_LME ((uint64_t)1 << 8)
#define EFER_LMA ((uint64_t)1 << 10)
/* SCE, LME, LMA, NXE, SVME, LMSLE, FFXSR, TCE. */
#define EFER_KNOWN ((uint64_t)0xfd01)

/*
 * The checks the reference model makes (libvmi-ref/src/cpu_msr.c), made
 * here before WRMSR.  Hardware would refuse most of these values with #GP
 * anyway, but not every virtual CPU does: QEMU TCG stores a non-canonical
 * LSTAR or SYSENTER_EIP without complaint.  Two are policy, not hardware:
 * the TSC is never written (the monotonic clock counts from it) and the
 * APIC base is never moved or switched (the adapter's APIC mode is fixed
 * at init).  Any MSR not in this table is left to the CPU.
 */
typedef vmi_status_t (*msr_check_fn)(uint32_t msr, uint64_t v);

static vmi_status_t check_canonical(uint32_t msr, uint64_t v)
{
    (void)msr;
    return vmi__native_canonical(v) ? VMI_OK : VMI_EFAULT;
}

static vmi_status_t check_low32(uint32_t msr, uint64_t v)
{
    (void)msr;
    return v >> 32 ? VMI_EFAULT : VMI_OK;
}

static vmi_status_t check_pat(uint32_t msr, uint64_t v)
{
    int i;

    (void)msr;
    for (i = 0; i < 8; i++) {
        uint64_t type = (v >> (8 * i)) & 0xff;

        if (type == 2 || type == 3 || type > 7)
            return VMI_EFAULT;
    }
    return VMI_OK;
}

/* Only the current value: reading it first is itself fault-safe. */
static vmi_status_t check_unchanged(uint32_t msr, uint64_t v)
{
    uint64_t cur;

    return vmi_x86_rdmsr_safe(msr, &cur) == 0 && cur == v ? VMI_OK : VMI_EFAULT;
}

static vmi_status_t check_efer(uint32_t msr, uint64_t v)
{
    uint64_t cur;

    if (v & ~EFER_KNOWN || vmi_x86_rdmsr_safe(msr, &cur) != 0)
        return VMI_EFAULT;
    return (v ^ cur) & (EFER_LME | EFER_LMA) ? VMI_EFAULT : VMI_OK;
}

static vmi_status_t check_refuse(uint32_t msr, uint64_t v)
{
    (void)msr;
    (void)v;
    return VMI_EFAULT;
}

static const struct {
    uint32_t msr;
    msr_check_fn check;
} msr_checks[] = {
    {0x00000010u, check_refuse},       /* TSC */
    {0x0000001bu, check_unchanged},    /* APIC_BASE */
    {0x00000175u, check_canonical},    /* SYSENTER_ESP */
    {0x00000176u, check_canonical},    /* SYSENTER_EIP */
    {0x00000277u, check_pat},
    {0xc0000080u, check_efer},
    {0xc0000082u, check_canonical},    /* LSTAR */
    {0xc0000083u, check_canonical},    /* CSTAR */
    {0xc0000084u, check_low32},        /* SFMASK */
    {0xc0000100u, check_canonical},    /* FS_BASE */
    {0xc0000101u, check_canonical},    /* GS_BASE */
    {0xc0000102u, check_canonical},    /* KERNEL_GS_BASE */
    {0xc0000103u, check_low32},        /* TSC_AUX */
};

static vmi_status_t msr_check(uint32_t msr, uint64_t v)
{
    uint32_t i;

    for (i = 0; i < sizeof(msr_checks) / sizeof(msr_checks[0]); i++)
        if (msr_checks[i].msr == msr)
            return msr_checks[i].check(msr, v);
    return VMI_OK;
}

vmi_status_t vmi__native_msr_read(uint32_t msr, uint64_t *value)
{
    /* VMI-CPU-008: a #GP becomes VMI_EFAULT, *value untouched. */
    uint64_t v;

    if (!value)
        return VMI_EINVAL;
    if (vmi_x86_rdmsr_safe(msr, &v) != 0)
        return VMI_EFAULT;
    *value = v;
    return VMI_OK;
}

vmi_status_t vmi__native_msr_write(uint32_t msr, uint64_t value)
{
    /* VMI-CPU-008, VMI-CPU-010 */
    vmi_status_t st = msr_check(msr, value);

    if (st != VMI_OK)
        return st;
    return vmi_x86_wrmsr_safe(msr, value) == 0 ? VMI_OK : VMI_EFAULT;
}

/* The MSR behind a segment base, or 0 for an unknown seg: the MSRs are
 * the bases themselves, which makes VMI-CPU-011 hold by construction. */
static uint32_t seg_msr(uint32_t seg)
{
    switch (seg) {
    case VMI_SEG_FS: return VMI_X86_MSR_FS_BASE;
    case VMI_SEG_GS: return VMI_X86_MSR_GS_BASE;
    case VMI_SEG_KERNEL_GS: return VMI_X86_MSR_KERNEL_GS_BASE;
    default: return 0;
    }
}

vmi_status_t vmi__native_seg_base_read(uint32_t seg, uint64_t *base)
{
    /* VMI-CPU-024 */
    uint32_t msr = seg_msr(seg);
    uint64_t v;

    if (!msr || !base)
        return VMI_EINVAL;
    if (vmi_x86_rdmsr_safe(msr, &v) != 0)
        return VMI_EFAULT;
    *base = v;
    return VMI_OK;
}

vmi_status_t vmi__native_seg_base_write(uint32_t seg, uint64_t base)
{
    /* VMI-CPU-025 */
    uint32_t msr = seg_msr(seg);

    if (!msr || !vmi__native_canonical(base))
        return VMI_EINVAL;
    return vmi_x86_wrmsr_safe(msr, base) == 0 ? VMI_OK : VMI_EFAULT;
}

vmi_status_t vmi__native_swapgs(void)
{
    /* VMI-CPU-026 */
    vmi_x86_swapgs();
    return VMI_OK;
}
