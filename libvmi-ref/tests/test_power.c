/* Shutdown, reboot and crash (VMI-PWR-001..004). */
#include "ref_checks.h"

static void power_starts_on(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t code = SENTINEL;

    VMI_ASSERT_EQ(vmi_ref_power_state(m, &code), VMI_REF_POWER_ON);
    VMI_ASSERT_EQ(vmi_ref_power_state(m, NULL), VMI_REF_POWER_ON);
    vmi_ref_machine_free(m);
}

/* VMI-PWR-001, VMI-PWR-004: off with the code; no timer outlives it. */
static void power_shutdown_reports_code(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t code = SENTINEL;

    VMI_ASSERT_STATUS(vmi_ref_timer_arm(CPU0(m), vmi_ref_now(m) + 1000, 0x30), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_shutdown(CPU0(m), 255), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_power_state(m, &code), VMI_REF_POWER_OFF);
    VMI_ASSERT_EQ(code, 255);
    vmi_ref_advance(m, 1000000);
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x30), 0);
    vmi_ref_machine_free(m);
}

/* VMI-PWR-001 */
static void power_shutdown_bad_code_is_einval(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    EXPECT_REFUSED(m, vmi_ref_shutdown(CPU0(m), 256), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_shutdown(CPU0(m), UINT32_MAX), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_ref_power_state(m, NULL), VMI_REF_POWER_ON);
    vmi_ref_machine_free(m);
}

/* VMI-PWR-002 */
static void power_reboot_resets(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t code = SENTINEL;

    VMI_ASSERT_STATUS(vmi_ref_reboot(vmi_ref_cpu(m, 1)), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_power_state(m, &code), VMI_REF_POWER_REBOOT);
    VMI_ASSERT_EQ(code, 0);
    vmi_ref_machine_free(m);
}

/* VMI-PWR-003: the 64-bit reason is kept whole. */
static void power_crash_reports_reason(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t code = 0;

    VMI_ASSERT_STATUS(vmi_ref_crash(CPU0(m), 0xdeadbeefcafef00du), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_power_state(m, &code), VMI_REF_POWER_CRASHED);
    VMI_ASSERT_EQ(code, 0xdeadbeefcafef00du);
    vmi_ref_machine_free(m);
}

static void power_not_supported(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_PWR_SHUTDOWN);

    EXPECT_REFUSED(m, vmi_ref_shutdown(CPU0(m), 0), VMI_ENOTSUP);
    vmi_ref_machine_free(m);
    m = vmi_test_machine_without(VMI_FEAT_PWR_REBOOT);
    EXPECT_REFUSED(m, vmi_ref_reboot(CPU0(m)), VMI_ENOTSUP);
    vmi_ref_machine_free(m);
    m = vmi_test_machine_without(VMI_FEAT_PWR_CRASH);
    EXPECT_REFUSED(m, vmi_ref_crash(CPU0(m), 1), VMI_ENOTSUP);
    VMI_ASSERT_EQ(vmi_ref_power_state(m, NULL), VMI_REF_POWER_ON);
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"power_starts_on", power_starts_on},
    {"power_shutdown_reports_code", power_shutdown_reports_code},
    {"power_shutdown_bad_code_is_einval", power_shutdown_bad_code_is_einval},
    {"power_reboot_resets", power_reboot_resets},
    {"power_crash_reports_reason", power_crash_reports_reason},
    {"power_not_supported", power_not_supported},
};
VMI_TEST_MAIN("power", cases)
