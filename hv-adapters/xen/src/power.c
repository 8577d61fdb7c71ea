/* Console through console_io with port 0xe9 behind it; shutdown, reboot and crash through sched_op (VMI-CON-001..003, VMI-PWR-001..004). */
#include "xen_internal.h"

#define PORT_E9 0xe9u
#define EXIT_CODE_MAX 255u
#define CRASH_EXIT_DEFAULT 0xffu

/*
 * console_io writes to Xen's console: dom0 may, a domU only with a debug
 * build of Xen, and otherwise gets -EPERM.  The first refusal switches the
 * adapter to port 0xe9, which Xen itself handles for every HVM/PVH guest
 * (one line of its log per '\n'), and the refused bytes go there too.
 */
static void console_out(const char *buf, uint32_t len)
{
    uint32_t i;

    if (!vmi__xen.console_e9 &&
        vmi__xen_hc(XEN_HC_console_io, CONSOLEIO_write, len, XEN_PTR(buf)) >= 0)
        return;
    vmi__xen.console_e9 = 1;
    for (i = 0; i < len; i++)
        vmi_x86_outb(PORT_E9, (uint8_t)buf[i]);
}

vmi_status_t vmi__xen_console_write(const char *buf, uint32_t len)
{
    /* VMI-CON-001..003: one lock keeps another CPU's bytes out. */
    if (!vmi__xen_has(VMI_FEAT_CON_WRITE))
        return VMI_ENOTSUP;
    if (len > VMI_CONSOLE_WRITE_MAX || (!buf && len))
        return VMI_EINVAL;
    if (!len)
        return VMI_OK;
    vmi__native_lock(&vmi__xen.con_lock);
    console_out(buf, len);
    vmi__native_unlock(&vmi__xen.con_lock);
    return VMI_OK;
}

/* VMI-PWR-004: this CPU's timer and the callback vector are the
 * registrations Xen would act on after the guest is gone. */
static void registrations_undo(void)
{
    uint32_t self = vmi__xen_cpu_self();
    struct xen_hvm_param p;

    vmi_x86_cli();
    if (self < VMI_XEN_CPU_MAX && vmi__xen.cpu[self].timer_port != XEN_PORT_NONE)
        vmi__xen_timer_stop(self);
    if (vmi__xen.callback) {
        p.domid = DOMID_SELF;
        p.pad = 0;
        p.index = HVM_PARAM_CALLBACK_IRQ;
        p.value = 0;
        vmi__xen_hc(XEN_HC_hvm_op, HVMOP_set_param, XEN_PTR(&p), 0);
        vmi__xen.callback = 0;
    }
}

static void xen_shutdown(uint32_t reason)
{
    struct sched_shutdown s;

    s.reason = reason;
    vmi__xen_hc(XEN_HC_sched_op, SCHEDOP_shutdown, XEN_PTR(&s), 0);
}

vmi_status_t vmi__xen_shutdown(uint32_t code)
{
    /* VMI-PWR-001: Xen's poweroff carries no exit code, and for a dom0
     * under QEMU it halts Xen with QEMU still running; an isa-debug-exit
     * port the guest named carries the code and ends QEMU, so it goes
     * first.  If Xen returns, the native stop. */
    uint16_t port = vmi__native.cfg.debug_exit_port;

    if (code > EXIT_CODE_MAX)
        return VMI_EINVAL;
    registrations_undo();
    if (port)
        vmi_x86_out(port, 4, code);
    xen_shutdown(SHUTDOWN_poweroff);
    return vmi__native_shutdown(code);
}

vmi_status_t vmi__xen_reboot(void)
{
    /* VMI-PWR-002 */
    registrations_undo();
    xen_shutdown(SHUTDOWN_reboot);
    return vmi__native_reboot();
}

static void hex_put(char *out, uint64_t v)
{
    int i;

    for (i = 15; i >= 0; i--, v >>= 4)
        out[i] = "0123456789abcdef"[v & 0xf];
}

vmi_status_t vmi__xen_crash(uint64_t reason)
{
    /* VMI-PWR-003: the reason goes to Xen's console, then the crash
     * shutdown, which Xen records (and, for dom0, reboots on). */
    char line[] = "vmi: crash 0x0000000000000000\n";
    uint32_t exit_value = vmi__native.cfg.crash_exit ? vmi__native.cfg.crash_exit
                                                     : CRASH_EXIT_DEFAULT;

    hex_put(line + 13, reason);
    vmi__xen_console_write(line, (uint32_t)(sizeof(line) - 1));
    registrations_undo();
    xen_shutdown(SHUTDOWN_crash);
    return vmi__native_shutdown(exit_value);
}
