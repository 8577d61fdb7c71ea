/* Shutdown, reboot and crash on bare hardware (VMI-PWR-001..004). */
#include "native_internal.h"

#define EXIT_CODE_MAX 255u
#define CRASH_EXIT_DEFAULT 0xffu
#define ICR_INIT 0x500u
#define ICR_ALL_BUT_SELF (3u << 18)
#define PORT_RESET_CONTROL 0xcf9u
#define PORT_KBC_COMMAND 0x64u

/*
 * Without ACPI the adapter cannot power the machine off.  Under QEMU the
 * guest names its isa-debug-exit port and the write ends QEMU with status
 * (value << 1) | 1.  Without one, or if the write returned, the other CPUs
 * are parked with an INIT (wait-for-SIPI) and this CPU halts with
 * interrupts off for good: the machine stops doing anything observable.
 */
static void machine_stop(uint32_t exit_value)
{
    uint16_t port = vmi__native.cfg.debug_exit_port;

    /* VMI-PWR-004: the one registration that outlives a call is a timer. */
    vmi_x86_cli();
    vmi__native_timer_stop();
    if (port)
        vmi_x86_out(port, 4, exit_value);
    if (vmi__native.apic_mode != VMI__APIC_NONE)
        vmi__native_icr_send(0, ICR_INIT | ICR_ALL_BUT_SELF);
    for (;;)
        vmi_x86_hlt();
}

vmi_status_t vmi__native_shutdown(uint32_t code)
{
    /* VMI-PWR-001 */
    if (code > EXIT_CODE_MAX)
        return VMI_EINVAL;
    machine_stop(code);
    return VMI_OK;   /* not reached */
}

vmi_status_t vmi__native_reboot(void)
{
    /* VMI-PWR-002: the PCI reset control register (a hard reset), then the
     * keyboard controller's reset line; if neither exists, stop. */
    vmi_x86_cli();
    vmi__native_timer_stop();
    vmi_x86_outb(PORT_RESET_CONTROL, 0x02);
    vmi_x86_outb(PORT_RESET_CONTROL, 0x06);
    vmi_x86_outb(PORT_KBC_COMMAND, 0xfe);
    machine_stop(CRASH_EXIT_DEFAULT);
    return VMI_OK;
}

static void hex_put(char *out, uint64_t v)
{
    int i;

    for (i = 15; i >= 0; i--, v >>= 4)
        out[i] = "0123456789abcdef"[v & 0xf];
}

vmi_status_t vmi__native_crash(uint64_t reason)
{
    /* VMI-PWR-003: the reason goes to the console (the host's only record
     * of it on bare hardware), then the machine stops with crash_exit. */
    char line[] = "vmi: crash 0x0000000000000000\n";
    uint32_t exit_value = vmi__native.cfg.crash_exit ? vmi__native.cfg.crash_exit
                                                     : CRASH_EXIT_DEFAULT;

    hex_put(line + 13, reason);
    if (vmi__native_has(VMI_FEAT_CON_WRITE))
        vmi__native_console_write(line, (uint32_t)(sizeof(line) - 1));
    machine_stop(exit_value);
    return VMI_OK;
}
