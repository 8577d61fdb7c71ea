/* Xen adapter: console_io with the 0xe9 fallback, shutdown, reboot and crash through sched_op. */
#include <setjmp.h>
#include "xen_fixture.h"

static char e9[8192];
static size_t ne9;

static void e9_out(uint16_t port, uint32_t width, uint32_t value)
{
    (void)width;
    if (port == 0xe9 && ne9 < sizeof(e9))
        e9[ne9++] = (char)value;
}

static void console_setup(void)
{
    xf_setup();
    ne9 = 0;
    vmi_x86_fake_out_hook(e9_out);
}

static void console_io_write(void)
{
    const struct vmi_x86_fake_hcall *h;

    console_setup();
    VMI_ASSERT_STATUS(vmi_console_write("hello\n", 6), VMI_OK);
    h = xf_hcall(XEN_HC_console_io, CONSOLEIO_write, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    VMI_ASSERT_EQ(h->arg[1], 6);
    VMI_ASSERT_EQ(xf.console_len, 6);
    CU_ASSERT(memcmp(xf.console, "hello\n", 6) == 0);
    VMI_ASSERT_EQ(ne9, 0);
}

/* Refused once (-EPERM): those bytes and every later write go to 0xe9. */
static void console_refused_falls_back_to_e9(void)
{
    console_setup();
    xf.console_ret = -XEN_EPERM;
    VMI_ASSERT_STATUS(vmi_console_write("ab", 2), VMI_OK);
    VMI_ASSERT_EQ(ne9, 2);
    CU_ASSERT(memcmp(e9, "ab", 2) == 0);
    VMI_ASSERT_STATUS(vmi_console_write("cde", 3), VMI_OK);
    VMI_ASSERT_EQ(ne9, 5);
    CU_ASSERT(memcmp(e9, "abcde", 5) == 0);
    VMI_ASSERT_EQ(xf_hcall_count(XEN_HC_console_io, CONSOLEIO_write), 1);
}

static void console_arguments_checked(void)
{
    console_setup();
    VMI_ASSERT_STATUS(vmi_console_write(NULL, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_console_write("x", VMI_CONSOLE_WRITE_MAX + 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_console_write(NULL, 0), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_hcall_count(), 0);
}

/* ---- power: the halt loop after a refused shutdown ends the test ---- */

static jmp_buf stopped;

static void escape(void)
{
    longjmp(stopped, 1);
}

static void power_setup(void)
{
    console_setup();
    vmi_x86_fake_hlt_hook(escape);
}

/* Shutdown: the timer stopped and the callback cleared (VMI-PWR-004), the
 * code to isa-debug-exit, then SCHEDOP_shutdown(poweroff). */
static void shutdown_sequence(void)
{
    const struct vmi_x86_fake_rec *out, *off;
    const struct vmi_x86_fake_hcall *cb;

    power_setup();
    if (!setjmp(stopped))
        vmi_shutdown(3);
    CU_ASSERT_PTR_NOT_NULL(xf_hcall(XEN_HC_vcpu_op, VCPUOP_stop_singleshot_timer, 0));
    cb = xf_hcall(XEN_HC_hvm_op, HVMOP_set_param, 0);
    CU_ASSERT_PTR_NOT_NULL(cb);
    out = vmi_x86_fake_last(VMI_X86_OP_OUT, 0xf4);
    off = vmi_x86_fake_last(VMI_X86_OP_HYPERCALL, XEN_HC_sched_op);
    CU_ASSERT_FATAL(out && off);
    VMI_ASSERT_EQ(out->b, 3);
    VMI_ASSERT_EQ(xf.shutdown_reason, SHUTDOWN_poweroff);
    CU_ASSERT_PTR_NOT_NULL(xf_hcall(XEN_HC_sched_op, SCHEDOP_shutdown, 0));
    VMI_ASSERT_STATUS(vmi_shutdown(256), VMI_EINVAL);
}

static uint64_t callback_value;

static int64_t keep_param(uint32_t nr, const uint64_t *arg)
{
    if (nr == XEN_HC_hvm_op && arg[0] == HVMOP_set_param)
        callback_value = XF_ARG(struct xen_hvm_param, arg[1])->value;
    return 0;
}

static void shutdown_clears_callback(void)
{
    power_setup();
    callback_value = 1;
    vmi_x86_fake_hypercall_hook(keep_param);
    if (!setjmp(stopped))
        vmi_shutdown(0);
    VMI_ASSERT_EQ(callback_value, 0);
}

static void reboot_reason(void)
{
    power_setup();
    if (!setjmp(stopped))
        vmi_reboot();
    VMI_ASSERT_EQ(xf.shutdown_reason, SHUTDOWN_reboot);
}

/* Crash: the reason on Xen's console, then SCHEDOP_shutdown(crash). */
static void crash_reports_reason(void)
{
    power_setup();
    if (!setjmp(stopped))
        vmi_crash(0xdeadbeef);
    VMI_ASSERT_EQ(xf.shutdown_reason, SHUTDOWN_crash);
    xf.console[xf.console_len] = 0;
    VMI_ASSERT_STR(xf.console, "vmi: crash 0x00000000deadbeef\n");
}

static const struct vmi_test_case cases[] = {
    {"console_io_write", console_io_write},
    {"console_refused_falls_back_to_e9", console_refused_falls_back_to_e9},
    {"console_arguments_checked", console_arguments_checked},
    {"shutdown_sequence", shutdown_sequence},
    {"shutdown_clears_callback", shutdown_clears_callback},
    {"reboot_reason", reboot_reason},
    {"crash_reports_reason", crash_reports_reason},
};

VMI_TEST_MAIN("xen_power", cases)
