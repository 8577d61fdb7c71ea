/* The interrupt flag, halt and safe halt (VMI-IRQ-001..008). */
#include "machine.h"
#include "ref_checks.h"

#define IF_BIT VMI_RFLAGS_IF

static uint64_t flags_get(struct vmi_ref_machine *m)
{
    uint64_t f = SENTINEL;

    VMI_ASSERT_STATUS(vmi_ref_irq_flags_read(CPU0(m), &f), VMI_OK);
    return f;
}

/* VMI-IRQ-001, VMI-IRQ-002, VMI-IRQ-005 */
static void irq_enable_disable_set_the_flag(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    VMI_ASSERT_EQ(flags_get(m), 0x2);
    EXPECT_ALLOWED_EXACT(m, 0, 0x2);
    VMI_ASSERT_STATUS(vmi_ref_irq_enable(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_enabled(CPU0(m)), 1);
    VMI_ASSERT_EQ(flags_get(m), 0x202);
    EXPECT_ALLOWED_EXACT(m, 0, 0x202);
    VMI_ASSERT_STATUS(vmi_ref_irq_disable(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_enabled(CPU0(m)), 0);
    VMI_ASSERT_EQ(flags_get(m), 0x2);
    vmi_ref_machine_free(m);
}

/* VMI-IRQ-001, VMI-IRQ-002: pending stays pending until IF is set, and is
 * delivered by the time irq_enable returns. */
static void irq_enable_delivers_pending(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    VMI_ASSERT_STATUS(vmi_ref_ipi_send(CPU0(m), 0, 0x40), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_irq_disable(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x40), 0);
    VMI_ASSERT_STATUS(vmi_ref_irq_enable(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x40), 1);
    vmi_ref_machine_free(m);
}

/* VMI-IRQ-003, VMI-IRQ-004 */
static void irq_save_restore_round_trip(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t f = SENTINEL;

    VMI_ASSERT_STATUS(vmi_ref_irq_enable(CPU0(m)), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_irq_save(CPU0(m), &f), VMI_OK);
    VMI_ASSERT_EQ(f & IF_BIT, IF_BIT);
    EXPECT_ALLOWED_EXACT(m, 0, f);
    VMI_ASSERT_EQ(vmi_ref_irq_enabled(CPU0(m)), 0);
    VMI_ASSERT_STATUS(vmi_ref_irq_save(CPU0(m), &f), VMI_OK);
    VMI_ASSERT_EQ(f & IF_BIT, 0);
    /* Only bit 9 counts. */
    VMI_ASSERT_STATUS(vmi_ref_irq_restore(CPU0(m), ~IF_BIT), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_enabled(CPU0(m)), 0);
    VMI_ASSERT_EQ(flags_get(m), 0x2);
    VMI_ASSERT_STATUS(vmi_ref_irq_restore(CPU0(m), IF_BIT), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_enabled(CPU0(m)), 1);
    vmi_ref_machine_free(m);
}

/* VMI-GEN-004; irq_flags_read changes nothing (VMI-IRQ-005). */
static void irq_null_out_is_einval(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t f;

    VMI_ASSERT_STATUS(vmi_ref_irq_enable(CPU0(m)), VMI_OK);
    EXPECT_REFUSED(m, vmi_ref_irq_save(CPU0(m), NULL), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_irq_flags_read(CPU0(m), NULL), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_ref_irq_enabled(CPU0(m)), 1);
    EXPECT_REFUSED(m, vmi_ref_irq_flags_read(CPU0(m), &f), VMI_OK);
    vmi_ref_machine_free(m);
}

/* VMI-IRQ-006: a deliverable interrupt ends the halt before the timer. */
static void irq_halt_takes_pending_interrupt(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t deadline = vmi_ref_now(m) + 5000000;

    VMI_ASSERT_STATUS(vmi_ref_timer_arm(CPU0(m), deadline, 0x30), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_ipi_send(CPU0(m), 0, 0x41), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_safe_halt(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x41), 1);
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x30), 0);
    VMI_ASSERT_EQ(vmi_ref_now(m) < deadline, 1);
    VMI_ASSERT_EQ(vmi_ref_cpu_halted(CPU0(m)), 0);
    vmi_ref_machine_free(m);
}

/* VMI-IRQ-006: with only the timer to wait for, time jumps to it. */
static void irq_halt_waits_for_timer(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t deadline = vmi_ref_now(m) + 5000000;

    VMI_ASSERT_STATUS(vmi_ref_timer_arm(CPU0(m), deadline, 0x30), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_irq_enable(CPU0(m)), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_halt(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x30), 1);
    VMI_ASSERT_EQ(vmi_ref_now(m) >= deadline, 1);
    vmi_ref_machine_free(m);
}

/* VMI-IRQ-008, VMI-SMP-008: with IF clear no interrupt is taken and the
 * timer is not waited for; a kick made before the halt is consumed by it. */
static void irq_halt_with_if_clear(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t deadline = vmi_ref_now(m) + 5000000;

    VMI_ASSERT_STATUS(vmi_ref_timer_arm(CPU0(m), deadline, 0x30), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_ipi_send(CPU0(m), 0, 0x41), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_halt(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x41), 0);
    VMI_ASSERT_EQ(vmi_ref_now(m) < deadline, 1);
    VMI_ASSERT_STATUS(vmi_ref_cpu_kick(CPU0(m), 0), VMI_OK);
    VMI_ASSERT_EQ(m->cpus[0].kick_pending, 1);
    VMI_ASSERT_STATUS(vmi_ref_halt(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(m->cpus[0].kick_pending, 0);
    VMI_ASSERT_EQ(vmi_ref_irq_enabled(CPU0(m)), 0);
    vmi_ref_machine_free(m);
}

/* VMI-IRQ-007: safe_halt sets IF, takes what is pending, returns with IF set. */
static void irq_safe_halt_enables_and_delivers(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    VMI_ASSERT_STATUS(vmi_ref_ipi_send(CPU0(m), 0, 0x41), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_safe_halt(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x41), 1);
    VMI_ASSERT_EQ(vmi_ref_irq_enabled(CPU0(m)), 1);
    vmi_ref_machine_free(m);
}

static void irq_not_supported(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_IRQ_FLAG);
    uint64_t f = SENTINEL;

    EXPECT_REFUSED(m, vmi_ref_irq_enable(CPU0(m)), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_irq_disable(CPU0(m)), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_irq_save(CPU0(m), &f), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_irq_restore(CPU0(m), IF_BIT), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_irq_flags_read(CPU0(m), &f), VMI_ENOTSUP);
    VMI_ASSERT_EQ(f, SENTINEL);
    vmi_ref_machine_free(m);
    m = vmi_test_machine_without(VMI_FEAT_IRQ_HALT);
    EXPECT_REFUSED(m, vmi_ref_halt(CPU0(m)), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_safe_halt(CPU0(m)), VMI_ENOTSUP);
    VMI_ASSERT_EQ(vmi_ref_irq_enabled(CPU0(m)), 0);
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"irq_enable_disable_set_the_flag", irq_enable_disable_set_the_flag},
    {"irq_enable_delivers_pending", irq_enable_delivers_pending},
    {"irq_save_restore_round_trip", irq_save_restore_round_trip},
    {"irq_null_out_is_einval", irq_null_out_is_einval},
    {"irq_halt_takes_pending_interrupt", irq_halt_takes_pending_interrupt},
    {"irq_halt_waits_for_timer", irq_halt_waits_for_timer},
    {"irq_halt_with_if_clear", irq_halt_with_if_clear},
    {"irq_safe_halt_enables_and_delivers", irq_safe_halt_enables_and_delivers},
    {"irq_not_supported", irq_not_supported},
};
VMI_TEST_MAIN("irq", cases)
