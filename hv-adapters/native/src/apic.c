/* The local APIC in xAPIC or x2APIC mode: registers, EOI and IPIs (VMI-APIC-001..012). */
#include "native_internal.h"

#define APIC_BASE_X2APIC ((uint64_t)1 << 10)
#define APIC_BASE_ENABLE ((uint64_t)1 << 11)
#define APIC_BASE_ADDR ((uint64_t)0x000ffffffffff000)
#define APIC_REG_LAST 0x3f0u
#define ICR_DELIVERY_PENDING (1u << 12)
#define ICR_ASSERT (1u << 14)
#define ICR_WAIT_MAX 1000000u

void vmi__native_apic_init(void)
{
    uint64_t base;

    /* The mode the firmware or the guest left: the adapter never switches
     * it, so the guest's own APIC code and the adapter agree. */
    if (vmi_x86_rdmsr_safe(VMI_X86_MSR_APIC_BASE, &base) != 0 || !(base & APIC_BASE_ENABLE))
        return;
    if (base & APIC_BASE_X2APIC) {
        vmi__native.apic_mode = VMI__APIC_X2APIC;
        return;
    }
    vmi__native.apic_mode = VMI__APIC_XAPIC;
    vmi__native.apic_mmio = (uint64_t)(uintptr_t)vmi__native_virt(base & APIC_BASE_ADDR);
}

uint32_t vmi__native_apic_id_self(void)
{
    uint64_t v = 0;

    switch (vmi__native.apic_mode) {
    case VMI__APIC_X2APIC:
        return vmi_x86_x2apic_read(VMI_APIC_ID, &v) == 0 ? (uint32_t)v : 0;
    case VMI__APIC_XAPIC:
        return vmi_x86_mmio_read32(vmi__native.apic_mmio + VMI_APIC_ID) >> 24;
    default:
        return 0;
    }
}

/*
 * Register access in xAPIC format whatever the mode (VMI-APIC-001).  In
 * x2APIC mode the ID is 32 bits wide and is shifted into bits 31:24, and
 * DFR does not exist: it reads as the flat model's all ones, and writing
 * it (or LDR, read-only there) is refused by the CPU, which the fault-safe
 * WRMSR reports as VMI_EFAULT.
 */
int vmi__native_apic_get(uint32_t reg, uint32_t *value)
{
    uint64_t v;

    if (vmi__native.apic_mode == VMI__APIC_XAPIC) {
        *value = vmi_x86_mmio_read32(vmi__native.apic_mmio + reg);
        return 0;
    }
    if (reg == VMI_APIC_DFR) {
        *value = 0xffffffffu;
        return 0;
    }
    if (vmi_x86_x2apic_read(reg, &v) != 0)
        return -1;
    *value = reg == VMI_APIC_ID ? (uint32_t)v << 24 : (uint32_t)v;
    return 0;
}

int vmi__native_apic_put(uint32_t reg, uint32_t value)
{
    if (vmi__native.apic_mode == VMI__APIC_XAPIC) {
        vmi_x86_mmio_write32(vmi__native.apic_mmio + reg, value);
        return 0;
    }
    return vmi_x86_x2apic_write(reg, value);
}

/* Writable bits of each LVT (timer, thermal, PMC, LINT0, LINT1, error),
 * as the reference model has them: x2APIC refuses reserved bits with #GP,
 * so they are dropped before the write in both modes (VMI-APIC-004). */
static const uint32_t lvt_writable[6] = {
    0x000700ffu, 0x000107ffu, 0x000107ffu, 0x0001a7ffu, 0x0001a7ffu, 0x000100ffu,
};

static int is_lvt(uint32_t reg)
{
    return reg >= VMI_APIC_LVT_TIMER && reg <= VMI_APIC_LVT_ERROR;
}

/* VMI-APIC-002: the offsets apic_read accepts (not EOI, not the ICR). */
static int readable(uint32_t reg)
{
    if (reg & 0xfu || reg > APIC_REG_LAST)
        return 0;
    switch (reg) {
    case VMI_APIC_ID: case VMI_APIC_VERSION: case VMI_APIC_TPR: case VMI_APIC_APR:
    case VMI_APIC_PPR: case VMI_APIC_LDR: case VMI_APIC_DFR: case VMI_APIC_SVR:
    case VMI_APIC_ESR: case VMI_APIC_TIMER_ICR: case VMI_APIC_TIMER_CCR:
    case VMI_APIC_TIMER_DCR:
        return 1;
    default:
        return is_lvt(reg) || (reg >= VMI_APIC_ISR0 && reg < VMI_APIC_ESR);
    }
}

/* The writable bits of a register apic_write accepts; 0 for one it
 * refuses (VMI-APIC-002, VMI-APIC-003).  ESR is written whole: a write
 * arms the error latch, whatever the value. */
static uint32_t writable_mask(uint32_t reg)
{
    if (is_lvt(reg))
        return lvt_writable[(reg - VMI_APIC_LVT_TIMER) >> 4];
    switch (reg) {
    case VMI_APIC_TPR: return 0xffu;
    case VMI_APIC_LDR: return 0xff000000u;
    case VMI_APIC_DFR: return 0xf0000000u;
    case VMI_APIC_SVR: return 0x000013ffu;
    case VMI_APIC_ESR: return 0xffffffffu;
    case VMI_APIC_TIMER_ICR: return 0xffffffffu;
    case VMI_APIC_TIMER_DCR: return 0x0000000bu;
    default: return 0;
    }
}

vmi_status_t vmi__native_apic_read(uint32_t reg, uint32_t *value)
{
    /* VMI-APIC-001, VMI-APIC-002 */
    uint32_t v;

    if (!vmi__native_has(VMI_FEAT_APIC_REG))
        return VMI_ENOTSUP;
    if (!readable(reg) || !value)
        return VMI_EINVAL;
    if (vmi__native_apic_get(reg, &v) != 0)
        return VMI_EFAULT;
    *value = v;
    return VMI_OK;
}

vmi_status_t vmi__native_apic_write(uint32_t reg, uint32_t value)
{
    /* VMI-APIC-002..005 */
    uint32_t mask = writable_mask(reg);

    if (!vmi__native_has(VMI_FEAT_APIC_REG))
        return VMI_ENOTSUP;
    if (reg == VMI_APIC_EOI)
        return value == 0 ? vmi__native_apic_eoi() : VMI_EINVAL;
    if (!mask)
        return VMI_EINVAL;
    if (reg == VMI_APIC_ESR)
        value = 0;   /* the architecture wants 0 written to ESR */
    return vmi__native_apic_put(reg, value & mask) == 0 ? VMI_OK : VMI_EFAULT;
}

vmi_status_t vmi__native_apic_eoi(void)
{
    /* VMI-APIC-006: the APIC ends the highest in-service vector itself. */
    if (!vmi__native_has(VMI_FEAT_APIC_EOI))
        return VMI_ENOTSUP;
    vmi__native_apic_put(VMI_APIC_EOI, 0);
    return VMI_OK;
}

/* xAPIC: wait for the previous IPI to leave, then ICR_HI (destination in
 * bits 31:24) and ICR_LO, which sends.  Interrupts are held off across
 * the pair so a handler cannot send its own IPI between the two writes.
 * x2APIC: one 64-bit WRMSR with the destination in bits 63:32. */
void vmi__native_icr_send(uint32_t apic_id, uint32_t icr_lo)
{
    uint64_t flags;
    uint32_t i;

    if (vmi__native.apic_mode == VMI__APIC_X2APIC) {
        vmi_x86_wrmsr(vmi_x86_x2apic_msr(VMI_APIC_ICR_LO),
                      (uint64_t)apic_id << 32 | icr_lo | ICR_ASSERT);
        return;
    }
    flags = vmi_x86_flags_read();
    vmi_x86_cli();
    for (i = 0; i < ICR_WAIT_MAX && (vmi_x86_mmio_read32(vmi__native.apic_mmio + VMI_APIC_ICR_LO) &
                                     ICR_DELIVERY_PENDING); i++)
        vmi_x86_pause();
    vmi_x86_mmio_write32(vmi__native.apic_mmio + VMI_APIC_ICR_HI, apic_id << 24);
    vmi_x86_mmio_write32(vmi__native.apic_mmio + VMI_APIC_ICR_LO, icr_lo | ICR_ASSERT);
    if (flags & VMI_RFLAGS_IF)
        vmi_x86_sti();
}

static int vector_valid(uint32_t vector)
{
    return vector >= VMI_VECTOR_MIN && vector <= VMI_VECTOR_MAX;
}

vmi_status_t vmi__native_ipi_send(uint32_t cpu, uint32_t vector)
{
    /* VMI-APIC-007, VMI-APIC-008: fixed delivery, physical destination. */
    if (!vmi__native_has(VMI_FEAT_APIC_IPI))
        return VMI_ENOTSUP;
    if (cpu >= vmi__native.ncpus || !vector_valid(vector))
        return VMI_EINVAL;
    vmi__native_icr_send(vmi__native.cpu[cpu].apic_id, vector);
    return VMI_OK;
}

vmi_status_t vmi__native_ipi_send_mask(uint32_t cpu_base, uint64_t cpu_mask, uint32_t vector)
{
    /* VMI-APIC-009: every named CPU is checked before anything is sent. */
    uint32_t i;

    if (!vmi__native_has(VMI_FEAT_APIC_IPI))
        return VMI_ENOTSUP;
    if (!vector_valid(vector))
        return VMI_EINVAL;
    for (i = 0; i < VMI_CPU_MASK_BITS; i++)
        if ((cpu_mask >> i & 1u) && (uint64_t)cpu_base + i >= vmi__native.ncpus)
            return VMI_EINVAL;
    for (i = 0; i < VMI_CPU_MASK_BITS; i++)
        if (cpu_mask >> i & 1u)
            vmi__native_icr_send(vmi__native.cpu[cpu_base + i].apic_id, vector);
    return VMI_OK;
}

vmi_status_t vmi__native_ipi_send_allbutself(uint32_t vector)
{
    /* VMI-APIC-010: online CPUs only, one by one, since the all-but-self
     * shorthand would also reach CPUs the guest stopped or never named. */
    uint32_t i, self = vmi__native_cpu_self();

    if (!vmi__native_has(VMI_FEAT_APIC_IPI))
        return VMI_ENOTSUP;
    if (!vector_valid(vector))
        return VMI_EINVAL;
    for (i = 0; i < vmi__native.ncpus; i++)
        if (i != self && vmi__native.cpu[i].online)
            vmi__native_icr_send(vmi__native.cpu[i].apic_id, vector);
    return VMI_OK;
}
