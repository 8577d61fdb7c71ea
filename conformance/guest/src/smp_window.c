/* Harness waits that let the native adapter's shootdown in, and no vector of a trace's. */
#include "smp.h"
#include "vmi-x86/x86.h"

#define APIC_BASE_X2APIC (1ull << 10)
#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_BASE_ADDR 0x000ffffffffff000ull
#define APIC_REG_TPR 0x80u
#define X2APIC_TPR 0x808u
#define RFLAGS_IF (1ull << 9)
/*
 * Priority class 14 and below held off: only vectors 0xf0..0xff get
 * through, where the adapter's shootdown vector (0xf2) lives and no trace
 * has one of its own.  Anything else stays pending in the IRR, and is
 * delivered, or not, as the trace's own IF and TPR decide once the window
 * closes.
 */
#define TPR_HARNESS 0xe0u

static int allowed;

/* The TPR holds back no interrupt of the 8259s, and a vector with no gate
 * is a #GP: until irq.c has masked the one and installed the other (the
 * self-test never does), no window opens. */
void smp_window_allow(void)
{
    allowed = 1;
}

int smp_window_allowed(void)
{
    return allowed;
}

static uint32_t tpr_read(void)
{
    if (smp_bsp_apic_base & APIC_BASE_X2APIC)
        return (uint32_t)vmi_x86_rdmsr(X2APIC_TPR);
    return *(volatile uint32_t *)(uintptr_t)((smp_bsp_apic_base & APIC_BASE_ADDR) + APIC_REG_TPR);
}

static void tpr_write(uint32_t v)
{
    if (smp_bsp_apic_base & APIC_BASE_X2APIC)
        vmi_x86_wrmsr(X2APIC_TPR, v);
    else
        *(volatile uint32_t *)(uintptr_t)((smp_bsp_apic_base & APIC_BASE_ADDR) + APIC_REG_TPR) = v;
}

/* With interrupts on already the shootdown comes in anyway, and without
 * an APIC there is no other CPU to send one: nothing to open then. */
void smp_window_open(struct smp_window *w)
{
    w->open = allowed && !(vmi_x86_flags_read() & RFLAGS_IF) &&
              (smp_bsp_apic_base & APIC_BASE_ENABLE);
    if (!w->open)
        return;
    w->tpr = tpr_read();
    if (w->tpr < TPR_HARNESS)
        tpr_write(TPR_HARNESS);
}

void smp_window_close(const struct smp_window *w)
{
    if (w->open && w->tpr < TPR_HARNESS)
        tpr_write(w->tpr);
}

/* STI's shadow lasts one instruction: a pending shootdown is taken after
 * the NOP, and CLI ends the window right there.  Not PAUSE in the shadow:
 * under QEMU's TCG a window of STI; PAUSE; CLI never let the shootdown in
 * (its PAUSE leaves the translated block early, shadow still in force). */
void smp_window_pulse(const struct smp_window *w)
{
    if (w->open)
        __asm__ volatile("sti; nop; cli" ::: "memory");
}

/* Idle until an interrupt the window admits or an NMI (the doorbell). */
void smp_window_halt(const struct smp_window *w)
{
    if (!w->open) {
        if (vmi_x86_flags_read() & RFLAGS_IF)
            vmi_x86_sti_hlt();
        else
            vmi_x86_hlt();
        return;
    }
    vmi_x86_sti_hlt();
    vmi_x86_cli();
}
