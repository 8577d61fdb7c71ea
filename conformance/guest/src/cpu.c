/* CPU tables: the TSS (a known-good stack for #DF, NMI and #MC) and the IDT. */
#include "guest.h"
#include "layout.h"

/* The 64-bit TSS: only the interrupt stack table matters here. */
struct tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

_Static_assert(sizeof(struct tss64) == 104, "the 64-bit TSS is 104 bytes");

struct idt_gate {
    uint16_t offset_lo, selector;
    uint8_t ist, type;
    uint16_t offset_mid;
    uint32_t offset_hi, reserved;
};

struct table_reg {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

#define IDT_ENTRIES 256         /* vectors past 31 stay absent until the APIC timer */
#define GATE_INTERRUPT 0x8e     /* present, DPL 0, 64-bit interrupt gate: IF cleared */
#define IST_CRITICAL 1
#define IST_STACK_SIZE 4096

extern uint64_t guest_gdt[GUEST_GDT_SIZE / 8];
extern const uint64_t guest_trap_stubs[32];

static struct tss64 tss;
static struct idt_gate idt[IDT_ENTRIES];
static uint8_t ist_stack[IST_STACK_SIZE] __attribute__((aligned(16)));

/* #DF may come from a stack overflow, NMI and #MC at any instant: these run
 * on their own stack so the report of what happened still gets out. */
static int critical_vector(unsigned v)
{
    return v == 2 || v == 8 || v == 18;
}

static void tss_install(void)
{
    uint64_t base = (uint64_t)(uintptr_t)&tss, limit = sizeof(tss) - 1;

    tss.ist[IST_CRITICAL - 1] = (uint64_t)(uintptr_t)(ist_stack + IST_STACK_SIZE);
    tss.iomap_base = sizeof(tss);     /* no I/O bitmap */
    guest_gdt[GUEST_SEL_TSS / 8] = (limit & 0xffff) | (base & 0xffffff) << 16 |
                                   0x89ull << 40 |     /* present, available 64-bit TSS */
                                   ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
    guest_gdt[GUEST_SEL_TSS / 8 + 1] = base >> 32;
    __asm__ volatile("ltr %w0" : : "r"(GUEST_SEL_TSS));
}

static void idt_set(unsigned v, uint64_t handler, uint8_t ist)
{
    idt[v].offset_lo = (uint16_t)handler;
    idt[v].selector = GUEST_SEL_CODE64;
    idt[v].ist = ist;
    idt[v].type = GATE_INTERRUPT;
    idt[v].offset_mid = (uint16_t)(handler >> 16);
    idt[v].offset_hi = (uint32_t)(handler >> 32);
}

void cpu_init(void)
{
    struct table_reg idtr = {sizeof(idt) - 1, (uint64_t)(uintptr_t)idt};
    unsigned v;

    tss_install();
    for (v = 0; v < 32; v++)
        idt_set(v, guest_trap_stubs[v], critical_vector(v) ? IST_CRITICAL : 0);
    __asm__ volatile("lidt %0" : : "m"(idtr));
}
