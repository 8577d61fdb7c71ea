/* Port I/O and the I/O delay (VMI-IO-001..004). */
#include "ref_checks.h"

/* VMI-IO-001: the value is the device's, zero-extended to the width. */
static void io_port_in_is_zero_extended(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    static const uint32_t widths[] = {1, 2, 4};
    static const uint32_t ones[] = {0xff, 0xffff, 0xffffffffu};
    uint32_t v;
    int i;

    for (i = 0; i < 3; i++) {
        v = SENTINEL32;
        VMI_ASSERT_STATUS(vmi_ref_port_in(CPU0(m), 0x80, widths[i], &v), VMI_OK);
        VMI_ASSERT_EQ(v, ones[i]);
        EXPECT_ALLOWED_RANGE(m, 2, 0, ones[i]);
    }
    VMI_ASSERT_STATUS(vmi_ref_port_in(CPU0(m), 0xfffc, 4, &v), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_port_in(CPU0(m), 0xffff, 1, &v), VMI_OK);
    vmi_ref_machine_free(m);
}

/* VMI-IO-003, VMI-GEN-004 */
static void io_port_in_bad_arguments(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint32_t v = SENTINEL32;

    EXPECT_REFUSED(m, vmi_ref_port_in(CPU0(m), 0x80, 0, &v), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_port_in(CPU0(m), 0x80, 3, &v), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_port_in(CPU0(m), 0x80, 8, &v), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_port_in(CPU0(m), 0x10000, 1, &v), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_port_in(CPU0(m), 0xfffd, 4, &v), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_port_in(CPU0(m), 0xffff, 2, &v), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_port_in(CPU0(m), UINT32_MAX, 1, &v), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_port_in(CPU0(m), 0x80, 1, NULL), VMI_EINVAL);
    VMI_ASSERT_EQ(v, SENTINEL32);
    vmi_ref_machine_free(m);
}

/* VMI-IO-002: nothing listens in the model, so nothing changes. */
static void io_port_out_has_no_effect(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    EXPECT_REFUSED(m, vmi_ref_port_out(CPU0(m), 0x80, 1, 0xff), VMI_OK);
    EXPECT_REFUSED(m, vmi_ref_port_out(CPU0(m), 0xfffe, 2, 0xffff), VMI_OK);
    EXPECT_REFUSED(m, vmi_ref_port_out(CPU0(m), 0xcf8, 4, 0x80000000u), VMI_OK);
    vmi_ref_machine_free(m);
}

/* VMI-IO-003 */
static void io_port_out_bad_arguments(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    EXPECT_REFUSED(m, vmi_ref_port_out(CPU0(m), 0x80, 3, 0), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_port_out(CPU0(m), 0x10000, 1, 0), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_port_out(CPU0(m), 0xffff, 2, 0), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_port_out(CPU0(m), 0x80, 1, 0x100), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_port_out(CPU0(m), 0x80, 2, 0x10000), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

/* VMI-IO-004: the delay takes model time and changes nothing else. */
static void io_delay_waits_and_changes_nothing(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t t0 = vmi_ref_now(m);

    EXPECT_REFUSED(m, vmi_ref_io_delay(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_now(m) > t0, 1);
    vmi_ref_machine_free(m);
}

static void io_not_supported(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_IO_PORT);
    uint32_t v = SENTINEL32;

    EXPECT_REFUSED(m, vmi_ref_port_in(CPU0(m), 0x80, 1, &v), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_port_out(CPU0(m), 0x80, 1, 0), VMI_ENOTSUP);
    VMI_ASSERT_EQ(v, SENTINEL32);
    vmi_ref_machine_free(m);
    m = vmi_test_machine_without(VMI_FEAT_IO_DELAY);
    EXPECT_REFUSED(m, vmi_ref_io_delay(CPU0(m)), VMI_ENOTSUP);
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"io_port_in_is_zero_extended", io_port_in_is_zero_extended},
    {"io_port_in_bad_arguments", io_port_in_bad_arguments},
    {"io_port_out_has_no_effect", io_port_out_has_no_effect},
    {"io_port_out_bad_arguments", io_port_out_bad_arguments},
    {"io_delay_waits_and_changes_nothing", io_delay_waits_and_changes_nothing},
    {"io_not_supported", io_not_supported},
};
VMI_TEST_MAIN("io", cases)
