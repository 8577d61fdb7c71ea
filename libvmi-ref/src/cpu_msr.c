/* Fault-safe MSR access over the MSRs the model implements (VMI-CPU-008..012). */
#include "cpu_tsc.h"

#define EFER_SCE ((uint64_t)1 << 0)
#define EFER_LME ((uint64_t)1 << 8)
#define EFER_LMA ((uint64_t)1 << 10)
#define EFER_NXE ((uint64_t)1 << 11)
/* SVME, LMSLE, FFXSR, TCE: accepted and stored, with no effect in the model. */
#define EFER_OTHER ((uint64_t)0xf000)
#define EFER_KNOWN (EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE | EFER_OTHER)

typedef vmi_status_t (*msr_check_fn)(const struct vmi_ref_cpu *cpu, uint64_t v);

static vmi_status_t check_any(const struct vmi_ref_cpu *cpu, uint64_t v)
{
    (void)cpu;
    (void)v;
    return VMI_OK;
}

static vmi_status_t check_canonical(const struct vmi_ref_cpu *cpu, uint64_t v)
{
    (void)cpu;
    return vmi__ref_canonical(v) ? VMI_OK : VMI_EFAULT;
}

static vmi_status_t check_low32(const struct vmi_ref_cpu *cpu, uint64_t v)
{
    (void)cpu;
    return v >> 32 ? VMI_EFAULT : VMI_OK;
}

/* Each PAT entry must be a memory type: UC, WC, WT, WP, WB or UC-. */
static vmi_status_t check_pat(const struct vmi_ref_cpu *cpu, uint64_t v)
{
    int i;

    (void)cpu;
    for (i = 0; i < 8; i++) {
        uint64_t type = (v >> (8 * i)) & 0xff;

        if (type == 2 || type == 3 || type > 7)
            return VMI_EFAULT;
    }
    return VMI_OK;
}

/* Long mode cannot be left or re-entered from 64-bit code, so LME and LMA
 * must keep their values; unknown bits are reserved. */
static vmi_status_t check_efer(const struct vmi_ref_cpu *cpu, uint64_t v)
{
    uint64_t old = cpu->msr[VMI__REF_MSR_EFER];

    if (v & ~EFER_KNOWN)
        return VMI_EFAULT;
    return (v ^ old) & (EFER_LME | EFER_LMA) ? VMI_EFAULT : VMI_OK;
}

/* The model does not let the guest move, disable or switch the mode of its
 * APIC (a hypervisor may refuse, VMI-CPU-008): only the current value is
 * accepted. */
static vmi_status_t check_apic_base(const struct vmi_ref_cpu *cpu, uint64_t v)
{
    return v == cpu->msr[VMI__REF_MSR_APIC_BASE] ? VMI_OK : VMI_EFAULT;
}

/* VMI-CPU-008 lets the hypervisor refuse TSC writes, and VMI 1.0 has the
 * model refuse them all: a guest that moves its TSC breaks the monotonic
 * reading every other CPU relies on (VMI-CPU-015). */
static vmi_status_t check_refuse(const struct vmi_ref_cpu *cpu, uint64_t v)
{
    (void)cpu;
    (void)v;
    return VMI_EFAULT;
}

static const struct msr_desc {
    uint32_t msr;
    uint32_t slot;
    msr_check_fn check;
} msr_table[] = {
    {0x00000010u, VMI__REF_MSR_TSC, check_refuse},
    {0x0000001bu, VMI__REF_MSR_APIC_BASE, check_apic_base},
    {0x00000174u, VMI__REF_MSR_SYSENTER_CS, check_any},
    {0x00000175u, VMI__REF_MSR_SYSENTER_ESP, check_canonical},
    {0x00000176u, VMI__REF_MSR_SYSENTER_EIP, check_canonical},
    {0x00000277u, VMI__REF_MSR_PAT, check_pat},
    {0x000006e0u, VMI__REF_MSR_TSC_DEADLINE, check_any},
    {0xc0000080u, VMI__REF_MSR_EFER, check_efer},
    {0xc0000081u, VMI__REF_MSR_STAR, check_any},
    {0xc0000082u, VMI__REF_MSR_LSTAR, check_canonical},
    {0xc0000083u, VMI__REF_MSR_CSTAR, check_canonical},
    {0xc0000084u, VMI__REF_MSR_SFMASK, check_low32},
    {0xc0000100u, VMI__REF_MSR_FS_BASE, check_canonical},
    {0xc0000101u, VMI__REF_MSR_GS_BASE, check_canonical},
    {0xc0000102u, VMI__REF_MSR_KERNEL_GS_BASE, check_canonical},
    {0xc0000103u, VMI__REF_MSR_TSC_AUX, check_low32},
};

static const struct msr_desc *msr_find(uint32_t msr)
{
    size_t i;

    for (i = 0; i < sizeof(msr_table) / sizeof(msr_table[0]); i++)
        if (msr_table[i].msr == msr)
            return &msr_table[i];
    return NULL;
}

/* VMI-CPU-012: an MSR the guest never wrote holds what the platform put
 * there (ANY).  TSC_DEADLINE reads back as written or as 0, since hardware
 * answers 0 once the deadline passed or outside TSC-deadline mode. */
static uint64_t msr_read_value(struct vmi_ref_cpu *self, uint32_t slot)
{
    uint64_t v = self->msr[slot];

    if (slot == VMI__REF_MSR_TSC)
        return vmi__ref_tsc_hand_out(self, 1);
    if (!(self->msr_written & (1u << slot))) {
        vmi__ref_allow_any(self->m, 1);
        return v;
    }
    vmi__ref_allow_exact(self->m, 1, v);
    if (slot == VMI__REF_MSR_TSC_DEADLINE)
        vmi__ref_allowed_add(&self->m->last[1], 0);
    return v;
}

vmi_status_t vmi_ref_msr_read(struct vmi_ref_cpu *self, uint32_t msr, uint64_t *value)
{
    /* VMI-CPU-008, VMI-CPU-009, VMI-CPU-011, VMI-CPU-012, VMI-GEN-004 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_MSR);
    const struct msr_desc *d = msr_find(msr);

    if (st == VMI_OK && !value)
        st = VMI_EINVAL;
    if (st == VMI_OK && !d)
        st = VMI_EFAULT;
    if (st == VMI_OK)
        *value = msr_read_value(self, d->slot);
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_msr_write(struct vmi_ref_cpu *self, uint32_t msr, uint64_t value)
{
    /* VMI-CPU-008, VMI-CPU-009, VMI-CPU-010, VMI-CPU-011 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CPU_MSR);
    const struct msr_desc *d = msr_find(msr);
    uint64_t nxe_old = self->msr[VMI__REF_MSR_EFER] & EFER_NXE;

    if (st == VMI_OK)
        st = d ? d->check(self, value) : VMI_EFAULT;
    if (st == VMI_OK) {
        self->msr[d->slot] = value;
        self->msr_written |= 1u << d->slot;
        /* NXE decides whether bit 63 of an entry is NX or reserved. */
        if (d->slot == VMI__REF_MSR_EFER && (value & EFER_NXE) != nxe_old)
            vmi__ref_tlb_refresh(self->m);
    }
    return vmi__ref_leave(self, st);
}
