/* The doorbell: an NMI by the boot CPU's APIC, written by the harness, not through the adapter under test. */
#include "smp.h"

#define APIC_BASE_X2APIC (1ull << 10)
#define APIC_BASE_ADDR 0x000ffffffffff000ull
#define APIC_ICR_LO 0x300u
#define APIC_ICR_HI 0x310u
#define APIC_ICR_PENDING (1u << 12)
#define X2APIC_ICR 0x830u
#define ICR_NMI_ASSERT 0x4400u     /* delivery mode NMI, level assert */
#define ICR_WAIT_MAX 100000u

static volatile uint32_t *xapic(uint32_t reg)
{
    return (volatile uint32_t *)(uintptr_t)((smp_bsp_apic_base & APIC_BASE_ADDR) + reg);
}

/* Interrupts stay off across the xAPIC's two ICR writes, so that a
 * handler's own IPI cannot land between them. */
void smp_doorbell(const struct smp_cpu *c)
{
    uint64_t flags;
    uint32_t i;

    if (smp_bsp_apic_base & APIC_BASE_X2APIC) {
        __asm__ volatile("wrmsr" : : "c"(X2APIC_ICR), "a"(ICR_NMI_ASSERT), "d"(c->apic_id));
        return;
    }
    __asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
    for (i = 0; i < ICR_WAIT_MAX && (*xapic(APIC_ICR_LO) & APIC_ICR_PENDING); i++)
        __asm__ volatile("pause");
    *xapic(APIC_ICR_HI) = c->apic_id << 24;
    *xapic(APIC_ICR_LO) = ICR_NMI_ASSERT;
    if (flags & (1u << 9))
        __asm__ volatile("sti" ::: "memory");
}
