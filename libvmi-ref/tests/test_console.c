/* The console (VMI-CON-001..003). */
#include <stdlib.h>
#include <string.h>
#include "machine.h"
#include "ref_checks.h"

/* VMI-CON-001: bytes arrive in order, nothing added or dropped. */
static void console_write_appends_in_order(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    size_t len = 99;
    const char *out = vmi_ref_console(m, &len);

    VMI_ASSERT_EQ(len, 0);
    VMI_ASSERT_EQ(out[0], 0);
    VMI_ASSERT_STATUS(vmi_ref_console_write(CPU0(m), "hello, ", 7), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_console_write(vmi_ref_cpu(m, 1), "wor\0ld", 6), VMI_OK);
    out = vmi_ref_console(m, &len);
    VMI_ASSERT_EQ(len, 13);
    VMI_ASSERT_EQ(memcmp(out, "hello, wor\0ld", 13), 0);
    vmi_ref_machine_free(m);
}

/* VMI-CON-002: the largest write is taken whole. */
static void console_write_takes_max_len(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    char *buf = malloc(VMI_CONSOLE_WRITE_MAX);
    size_t len, i;
    const char *out;

    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    for (i = 0; i < VMI_CONSOLE_WRITE_MAX; i++)
        buf[i] = (char)(i * 7);
    VMI_ASSERT_STATUS(vmi_ref_console_write(CPU0(m), "x", 1), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_console_write(CPU0(m), buf, VMI_CONSOLE_WRITE_MAX), VMI_OK);
    out = vmi_ref_console(m, &len);
    VMI_ASSERT_EQ(len, VMI_CONSOLE_WRITE_MAX + 1);
    VMI_ASSERT_EQ(memcmp(out + 1, buf, VMI_CONSOLE_WRITE_MAX), 0);
    free(buf);
    vmi_ref_machine_free(m);
}

/* VMI-CON-002 */
static void console_write_bad_arguments(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    static char big[VMI_CONSOLE_WRITE_MAX + 1];
    size_t len;

    EXPECT_REFUSED(m, vmi_ref_console_write(CPU0(m), big, VMI_CONSOLE_WRITE_MAX + 1), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_console_write(CPU0(m), big, UINT32_MAX), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_console_write(CPU0(m), NULL, 1), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_console_write(CPU0(m), NULL, 0), VMI_OK);
    EXPECT_REFUSED(m, vmi_ref_console_write(CPU0(m), "abc", 0), VMI_OK);
    vmi_ref_console(m, &len);
    VMI_ASSERT_EQ(len, 0);
    vmi_ref_machine_free(m);
}

/* The model keeps the first VMI__REF_CONSOLE_MAX bytes and counts the rest. */
static void console_write_beyond_capacity_is_counted(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    static char buf[VMI_CONSOLE_WRITE_MAX];
    uint32_t i, writes = VMI__REF_CONSOLE_MAX / VMI_CONSOLE_WRITE_MAX + 1;
    size_t len;

    memset(buf, 'a', sizeof(buf));
    for (i = 0; i < writes; i++)
        VMI_ASSERT_STATUS(vmi_ref_console_write(CPU0(m), buf, sizeof(buf)), VMI_OK);
    vmi_ref_console(m, &len);
    VMI_ASSERT_EQ(len, VMI__REF_CONSOLE_MAX);
    VMI_ASSERT_EQ(m->console_total, (uint64_t)writes * sizeof(buf));
    vmi_ref_machine_free(m);
}

static void console_not_supported(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_CON_WRITE);
    size_t len;

    EXPECT_REFUSED(m, vmi_ref_console_write(CPU0(m), "abc", 3), VMI_ENOTSUP);
    vmi_ref_console(m, &len);
    VMI_ASSERT_EQ(len, 0);
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"console_write_appends_in_order", console_write_appends_in_order},
    {"console_write_takes_max_len", console_write_takes_max_len},
    {"console_write_bad_arguments", console_write_bad_arguments},
    {"console_write_beyond_capacity_is_counted", console_write_beyond_capacity_is_counted},
    {"console_not_supported", console_not_supported},
};
VMI_TEST_MAIN("console", cases)
