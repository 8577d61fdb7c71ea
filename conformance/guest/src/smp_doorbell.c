/* The doorbell: an NMI (or a fixed vector) by the boot CPU's APIC, written by the harness, not through the adapter under test. */
#include "smp.h"

#define APIC_BASE_X2APIC (1ull << 10)
#define APIC_BASE_ADDR 0x000ffffffffff000ull
#define APIC_ICR_LO 0x300u
#define APIC_ICR_HI 0x310u
#define APIC_ICR_PENDING (1u << 12)
#define X2APIC_ICR 0x830u
#define ICR_NMI_ASSERT 0x4400u     /* delivery mode NMI, level assert */
#define ICR_FIXED_ASSERT 0x4000u   /* delivery mode fixed, level assert */
#define APIC_EOI 0xb0u
#define X2APIC_EOI 0x80bu
#define ICR_WAIT_MAX 100000u

static volatile uint32_t *xapic(uint32_t reg)
{
    return (volatile uint32_t *)(uintptr_t)((smp_bsp_apic_base & APIC_BASE_ADDR) + reg);
}

/*
 * Under Xen (on QEMU's TCG) an NMI doorbell can lose the AP, with the xen
 * adapter bound and with the native one: Xen (SVM) intercepts the NMI
 * handler's IRETQ to track NMI blocking, and the AP was seen spinning on
 * that IRETQ taking nothing but further NMIs.  A fixed vector needs no
 * such tracking, and the idle window lets the 0xf0 class in.
 */
static uint32_t doorbell_vector;

void smp_doorbell_vector(uint32_t vector)
{
    doorbell_vector = vector;
}

void smp_doorbell_eoi(void)
{
    if (smp_bsp_apic_base & APIC_BASE_X2APIC)
        __asm__ volatile("wrmsr" : : "c"(X2APIC_EOI), "a"(0), "d"(0));
    else
        *xapic(APIC_EOI) = 0;
}

/* Interrupts stay off across the xAPIC's two ICR writes, so that a
 * handler's own IPI cannot land between them. */
void smp_doorbell(const struct smp_cpu *c)
{
    /* Without the harness's gates a vector would be a #GP on the AP. */
    uint32_t icr = doorbell_vector && smp_window_allowed() ? ICR_FIXED_ASSERT | doorbell_vector
                                                           : ICR_NMI_ASSERT;
    uint64_t flags;
    uint32_t i;

    if (smp_bsp_apic_base & APIC_BASE_X2APIC) {
        __asm__ volatile("wrmsr" : : "c"(X2APIC_ICR), "a"(icr), "d"(c->apic_id));
        return;
    }
    __asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
    for (i = 0; i < ICR_WAIT_MAX && (*xapic(APIC_ICR_LO) & APIC_ICR_PENDING); i++)
        __asm__ volatile("pause");
    *xapic(APIC_ICR_HI) = c->apic_id << 24;
    *xapic(APIC_ICR_LO) = icr;
    if (flags & (1u << 9))
        __asm__ volatile("sti" ::: "memory");
}
