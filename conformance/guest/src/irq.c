/* Interrupts 32..255: counted per CPU and vector for `probe irqcount`, never ended here. */
#include "run.h"
#include "smp.h"
#include "vmi-native/native.h"
#include "vmi-xen/xen.h"
#include "vmi-x86/x86.h"

/* QEMU numbers APIC IDs 0..n-1; a CPU with a larger ID is not counted. */
#define IRQ_APIC_IDS 16u
#define IRQ_FIRST 32u
#define IRQ_VECTORS 256u
#define GATE_INTERRUPT 0x8e
#define SEL_CODE64 0x08

struct idt_gate {
    uint16_t offset_lo, selector;
    uint8_t ist, type;
    uint16_t offset_mid;
    uint32_t offset_hi, reserved;
};

extern const uint64_t guest_irq_stubs[IRQ_VECTORS - IRQ_FIRST];

static volatile uint32_t counts[IRQ_APIC_IDS][IRQ_VECTORS];

void irq_dispatch(uint64_t vector);

static uint32_t apic_id_self(void)
{
    struct vmi_cpuid_regs r;

    vmi_x86_cpuid(1, 0, &r);
    return r.ebx >> 24;
}

/* The spec's model: a delivered vector stays in service until the trace
 * calls apic_eoi (conformance/traces/README.md, assumption 2).  Only the
 * adapters' own vectors are served by the adapters: the shootdown (which
 * ends itself) and Xen's upcall (not an APIC interrupt: nothing to end;
 * it does nothing until the Xen adapter has bound); and the harness's
 * doorbell is ended here. */
void irq_dispatch(uint64_t vector)
{
    uint32_t id;

    if (vector == IRQ_SHOOTDOWN_VECTOR) {
        vmi_native_shootdown_handler();
        return;
    }
    if (vector == IRQ_XEN_UPCALL_VECTOR) {
        vmi_xen_upcall();
        return;
    }
    if (vector == IRQ_DOORBELL_VECTOR) {
        smp_doorbell_eoi();     /* it only ends the idle HLT */
        return;
    }
    id = apic_id_self();
    if (id < IRQ_APIC_IDS && vector < IRQ_VECTORS)
        counts[id][vector]++;
}

uint32_t irq_count(uint32_t vector)
{
    uint32_t id = apic_id_self();

    return id < IRQ_APIC_IDS && vector < IRQ_VECTORS ? counts[id][vector] : 0;
}

#define PIC_MASTER_DATA 0x21
#define PIC_SLAVE_DATA 0xa1

void irq_init(void)
{
    uint64_t base;
    uint16_t limit;
    struct idt_gate *idt;
    uint32_t v;

    /* The firmware leaves the 8259s on their real-mode vectors: the PIT's
     * IRQ 0 would arrive as vector 8, a #DF, the first time a trace sets
     * IF.  Traces get interrupts from the local APIC only. */
    vmi_x86_outb(PIC_SLAVE_DATA, 0xff);
    vmi_x86_outb(PIC_MASTER_DATA, 0xff);
    vmi_x86_sidt(&base, &limit);
    idt = (struct idt_gate *)(uintptr_t)base;
    for (v = IRQ_FIRST; v < IRQ_VECTORS && (v + 1) * sizeof(*idt) - 1 <= limit; v++) {
        uint64_t h = guest_irq_stubs[v - IRQ_FIRST];

        idt[v].offset_lo = (uint16_t)h;
        idt[v].selector = SEL_CODE64;
        idt[v].ist = 0;
        idt[v].type = GATE_INTERRUPT;
        idt[v].offset_mid = (uint16_t)(h >> 16);
        idt[v].offset_hi = (uint32_t)(h >> 32);
        idt[v].reserved = 0;
    }
    smp_window_allow();
}
