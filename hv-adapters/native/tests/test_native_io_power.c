/* Native adapter: port I/O, console, discovery, and the power calls' last writes. */
#include <setjmp.h>
#include "native_fixture.h"

static void port_io_encoding_and_checks(void)
{
    uint32_t v = 0;

    nf_setup();
    VMI_ASSERT_STATUS(vmi_port_out(0x1234, 2, 0xbeef), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_OUT)->a, 0x1234);
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_OUT)->b, 0xbeef);
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_OUT)->c, 2);
    VMI_ASSERT_STATUS(vmi_port_in(0x60, 1, &v), VMI_OK);
    VMI_ASSERT_EQ(v, 0xff);   /* the fake's floating bus */
    vmi_x86_fake_log_clear();
    VMI_ASSERT_STATUS(vmi_port_out(0x60, 1, 0x100), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_port_out(0xffff, 2, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_port_out(0x10000, 1, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_port_in(0x60, 3, &v), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_port_in(0x60, 4, NULL), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_x86_fake_count(), 0);
}

static void io_delay_is_port_80(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_io_delay(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_OUT)->a, 0x80);
}

static char e9[64];
static size_t e9_len;

static void capture_e9(uint16_t port, uint32_t width, uint32_t v)
{
    (void)width;
    if (port == 0xe9 && e9_len < sizeof(e9))
        e9[e9_len++] = (char)v;
}

static void console_bytes_in_order(void)
{
    nf_setup();
    e9_len = 0;
    vmi_x86_fake_out_hook(capture_e9);
    VMI_ASSERT_STATUS(vmi_console_write("hi\0x", 4), VMI_OK);
    VMI_ASSERT_EQ(e9_len, 4);
    CU_ASSERT(memcmp(e9, "hi\0x", 4) == 0);
    VMI_ASSERT_STATUS(vmi_console_write(NULL, 0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_console_write(NULL, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_console_write("x", 4097), VMI_EINVAL);
    VMI_ASSERT_EQ(e9_len, 4);
    VMI_ASSERT_EQ(vmi__native.con_lock, 0);
}

static uint32_t lsr_empty(uint16_t port, uint32_t width)
{
    (void)width;
    return port == 0x3fd ? 0x60 : 0;
}

static void console_com1_programmed_and_polled(void)
{
    nf_setup();
    nf_cfg.console = VMI_NATIVE_CON_COM1;
    VMI_ASSERT_STATUS(nf_rebind(), VMI_OK);
    vmi_x86_fake_in_hook(lsr_empty);
    VMI_ASSERT_STATUS(vmi_console_write("A", 1), VMI_OK);
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_IN, 0)->a, 0x3fd);         /* LSR first */
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_OUT)->a, 0x3f8);
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_OUT)->b, 'A');
    VMI_ASSERT_EQ(vmi_x86_fake_last(VMI_X86_OP_OUT, 0xe9), NULL);
}

static void console_not_offered_without_output(void)
{
    nf_setup();
    nf_cfg.console = 0;
    VMI_ASSERT_STATUS(nf_rebind(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_console_write("A", 1), VMI_ENOTSUP);
}

static void discovery_answers(void)
{
    uint32_t v = 0;
    uint64_t bitmap = 0;

    nf_setup();
    VMI_ASSERT_STATUS(vmi_version_get(&v), VMI_OK);
    VMI_ASSERT_EQ(v, VMI_ABI_VERSION);
    VMI_ASSERT_STATUS(vmi_features_get(VMI_GROUP_COUNT, &bitmap), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_features_get(VMI_GROUP_SMP, &bitmap), VMI_OK);
    VMI_ASSERT_EQ(bitmap & VMI_FEATURE_MASK(VMI_FEAT_SMP_YIELDTO), 0);
    VMI_ASSERT_STATUS(vmi_call_supported(VMI_CALL_cr_read, &v), VMI_OK);
    VMI_ASSERT_EQ(v, 1);
    VMI_ASSERT_STATUS(vmi_call_supported(VMI_CALL_steal_time_get, &v), VMI_OK);
    VMI_ASSERT_EQ(v, 0);
    VMI_ASSERT_STATUS(vmi_call_supported(VMI_CALL_COUNT, &v), VMI_EINVAL);
}

static void adapter_info_fills_what_fits(void)
{
    struct vmi_adapter_info info;

    nf_setup();
    memset(&info, 0xaa, sizeof(info));
    info.size = 8;
    VMI_ASSERT_STATUS(vmi_adapter_info_get(&info), VMI_OK);
    VMI_ASSERT_EQ(info.abi_version, VMI_ABI_VERSION);
    VMI_ASSERT_EQ(info.adapter_version, 0xaaaaaaaau);   /* beyond size 8 */
    info.size = sizeof(info);
    VMI_ASSERT_STATUS(vmi_adapter_info_get(&info), VMI_OK);
    VMI_ASSERT_EQ(info.size, 512);
    VMI_ASSERT_STR(info.name, "native");
    VMI_ASSERT_EQ(info.hv_features, 0);      /* VMI-DISC-010: no hypervisor interface */
    VMI_ASSERT_STR(info.mechanisms, "");
    VMI_ASSERT_EQ(info.hv_base_leaf, 0x40000000u);
    CU_ASSERT(memcmp(info.hv_signature, "TCGTCGTCGTCG", 12) == 0);
    info.size = 7;
    VMI_ASSERT_STATUS(vmi_adapter_info_get(&info), VMI_EINVAL);
}

static jmp_buf halted;

static void escape_halt(void)
{
    longjmp(halted, 1);
}

static void shutdown_writes_debug_exit(void)
{
    const struct vmi_x86_fake_rec *out;

    nf_setup();
    VMI_ASSERT_STATUS(vmi_shutdown(256), VMI_EINVAL);
    vmi_x86_fake_hlt_hook(escape_halt);
    if (setjmp(halted) == 0)
        vmi_shutdown(7);
    out = vmi_x86_fake_last(VMI_X86_OP_OUT, 0xf4);
    VMI_ASSERT_EQ(out->b, 7);
    VMI_ASSERT_EQ(out->c, 4);
    CU_ASSERT(nf_nth(VMI_X86_OP_CLI, 0) < out);
    /* The timer is disarmed before (VMI-PWR-004). */
    CU_ASSERT(vmi_x86_fake_last(VMI_X86_OP_MSR_WRITE, VMI_X86_MSR_TSC_DEADLINE) != NULL);
    CU_ASSERT(vmi_x86_fake_last(VMI_X86_OP_MSR_WRITE, VMI_X86_MSR_TSC_DEADLINE) < out);
}

static void shutdown_without_device_parks_cpus(void)
{
    nf_setup();
    nf_cfg.debug_exit_port = 0;
    VMI_ASSERT_STATUS(nf_rebind(), VMI_OK);
    vmi_x86_fake_hlt_hook(escape_halt);
    if (setjmp(halted) == 0)
        vmi_shutdown(0);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_OUT), 0);
    VMI_ASSERT_EQ(vmi_x86_fake_last(VMI_X86_OP_MMIO_WRITE, NF_APIC + VMI_APIC_ICR_LO)->b,
                  0xc4500);   /* INIT to all but self */
}

static void crash_reports_reason(void)
{
    nf_setup();
    e9_len = 0;
    vmi_x86_fake_out_hook(capture_e9);
    vmi_x86_fake_hlt_hook(escape_halt);
    if (setjmp(halted) == 0)
        vmi_crash(0xdeadbeefu);
    e9[e9_len < sizeof(e9) ? e9_len : sizeof(e9) - 1] = 0;
    VMI_ASSERT_STR(e9, "vmi: crash 0x00000000deadbeef\n");
    VMI_ASSERT_EQ(vmi_x86_fake_last(VMI_X86_OP_OUT, 0xf4)->b, 0xff);
}

static const struct vmi_test_case cases[] = {
    {"port_io_encoding_and_checks", port_io_encoding_and_checks},
    {"io_delay_is_port_80", io_delay_is_port_80},
    {"console_bytes_in_order", console_bytes_in_order},
    {"console_com1_programmed_and_polled", console_com1_programmed_and_polled},
    {"console_not_offered_without_output", console_not_offered_without_output},
    {"discovery_answers", discovery_answers},
    {"adapter_info_fills_what_fits", adapter_info_fills_what_fits},
    {"shutdown_writes_debug_exit", shutdown_writes_debug_exit},
    {"shutdown_without_device_parks_cpus", shutdown_without_device_parks_cpus},
    {"crash_reports_reason", crash_reports_reason},
};

VMI_TEST_MAIN("native_io_power", cases)
