/* The harness's CPU state, put back after every trace: a trace may leave CR3, the GDT, IDT or TR changed. */
#include "run.h"
#include "layout.h"
#include "vmi-x86/x86.h"
#include "vmi/api.h"

#define TSS_TYPE_BUSY_BIT (1ull << 41)
#define CR4_PGE (1ull << 7)

extern uint64_t guest_gdt[GUEST_GDT_SIZE / 8];

static uint64_t cr0, cr3, cr4, gdt_base, idt_base;
static uint16_t gdt_limit, idt_limit;

void harness_save(void)
{
    /* The traces' platform precondition (traces/README.md): global pages
     * exist.  Set before the SMP layer starts CPUs, which copy CR4. */
    vmi_x86_cr_write_safe(4, vmi_x86_cr_read(4) | CR4_PGE);
    cr0 = vmi_x86_cr_read(0);
    cr3 = vmi_x86_cr_read(3);
    cr4 = vmi_x86_cr_read(4);
    vmi_x86_sgdt(&gdt_base, &gdt_limit);
    vmi_x86_sidt(&idt_base, &idt_limit);
}

uint64_t harness_cr3(void)
{
    return cr3;
}

/* After cpu/tr-load TR holds a scratch TSS: reload the harness's, whose
 * descriptor must first lose its busy bit for LTR to accept it. */
static void tr_restore(void)
{
    if (vmi_x86_str() == GUEST_SEL_TSS)
        return;
    guest_gdt[GUEST_SEL_TSS / 8] &= ~TSS_TYPE_BUSY_BIT;
    vmi_x86_ltr(GUEST_SEL_TSS);
}

/* A trace cut short may have left CR0.TS or CR4.PGE toggled. */
void harness_restore(void)
{
    if (vmi_x86_cr_read(0) != cr0)
        vmi_x86_cr_write_safe(0, cr0);
    if (vmi_x86_cr_read(4) != cr4)
        vmi_x86_cr_write_safe(4, cr4);
    if (vmi_x86_cr_read(3) != cr3)
        vmi_x86_cr_write_safe(3, cr3);
    vmi_x86_lgdt(gdt_base, gdt_limit);
    vmi_x86_lidt(idt_base, idt_limit);
    vmi_x86_lldt(0);
    tr_restore();
}

/* Global entries too: a trace may have mapped window pages global. */
int harness_flush_this_cpu(void *unused)
{
    uint64_t cr4 = vmi_x86_cr_read(4);

    (void)unused;
    if (cr4 & CR4_PGE) {
        vmi_x86_cr_write_safe(4, cr4 & ~CR4_PGE);
        vmi_x86_cr_write_safe(4, cr4);
    } else {
        vmi_x86_cr_write_safe(3, vmi_x86_cr_read(3));
    }
    return 0;
}

#define APIC_TPR 0x80u
#define APIC_ISR0 0x100u
#define APIC_ISR_WORDS 8u

static int in_service(void)
{
    uint32_t w, v;

    for (w = 0; w < APIC_ISR_WORDS; w++)
        if (vmi_ops.apic_read(APIC_ISR0 + 0x10 * w, &v) == VMI_OK && v != 0)
            return 1;
    return 0;
}

/* The calling CPU as a trace may find it: interrupts off and the
 * harness's address space, as the ref environment's fresh machine has
 * them.  Then, through the bound adapter: the traces cancel their timers
 * and end their own vectors, so only a trace cut short (or one that reached
 * CPUs it did not use) leaves any.  A stale timer would put its vector in
 * service in the middle of a later trace; each EOI ends the highest in
 * service, so 256 end them all. */
int harness_reset_cpu(void *unused)
{
    uint32_t i;

    (void)unused;
    vmi_x86_cli();
    if (vmi_x86_cr_read(3) != cr3)
        vmi_x86_cr_write_safe(3, cr3);
    (void)vmi_ops.timer_cancel();
    (void)vmi_ops.apic_write(APIC_TPR, 0);
    for (i = 0; i < 256 && in_service(); i++)
        (void)vmi_ops.apic_eoi();
    return 0;
}
