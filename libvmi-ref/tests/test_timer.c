/* Tests of the one-shot timer: arming, firing time, cancelling, firing once. */
#include "harness.h"
#include "machine.h"

#define VEC 0x40u
#define VEC2 0x50u

/* A machine whose CPU 0 has interrupts enabled. */
static struct vmi_ref_machine *machine_if_on(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    VMI_ASSERT_STATUS(vmi_ref_irq_enable(vmi_ref_cpu(m, 0)), VMI_OK);
    return m;
}

/* VMI-TIME-005: no earlier than the deadline, and then it fires. */
static void timer_fires_at_deadline(void)
{
    struct vmi_ref_machine *m = machine_if_on();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t deadline = vmi_ref_now(m) + 10000;

    VMI_ASSERT_STATUS(vmi_ref_timer_arm(c0, deadline, VEC), VMI_OK);
    vmi_ref_advance(m, deadline - 1 - vmi_ref_now(m));
    VMI_ASSERT_EQ(vmi_ref_now(m), deadline - 1);
    VMI_ASSERT_EQ(vmi_ref_irq_count(c0, VEC), 0);
    vmi_ref_advance(m, 1);
    VMI_ASSERT_EQ(vmi_ref_irq_count(c0, VEC), 1);
    vmi_ref_machine_free(m);
}

/* VMI-TIME-008: a fired timer is disarmed and does not fire again. */
static void timer_fires_once(void)
{
    struct vmi_ref_machine *m = machine_if_on();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);

    VMI_ASSERT_STATUS(vmi_ref_timer_arm(c0, vmi_ref_now(m) + 500, VEC), VMI_OK);
    vmi_ref_advance(m, 1000);
    VMI_ASSERT_EQ(vmi_ref_irq_count(c0, VEC), 1);
    VMI_ASSERT_STATUS(vmi_ref_apic_eoi(c0), VMI_OK);
    vmi_ref_advance(m, 1000000);
    VMI_ASSERT_EQ(vmi_ref_irq_count(c0, VEC), 1);
    VMI_ASSERT_EQ(c0->timer_armed, 0);
    vmi_ref_machine_free(m);
}

/* VMI-TIME-007: a cancelled timer never fires; cancelling twice is OK. */
static void timer_cancel_prevents_firing(void)
{
    struct vmi_ref_machine *m = machine_if_on();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);

    VMI_ASSERT_STATUS(vmi_ref_timer_arm(c0, vmi_ref_now(m) + 500, VEC), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_timer_cancel(c0), VMI_OK);
    vmi_ref_advance(m, 1000000);
    VMI_ASSERT_EQ(vmi_ref_irq_count(c0, VEC), 0);
    VMI_ASSERT_STATUS(vmi_ref_timer_cancel(c0), VMI_OK);
    vmi_ref_machine_free(m);
}

/* VMI-TIME-005: arming again replaces the earlier deadline and vector. */
static void timer_rearm_replaces(void)
{
    struct vmi_ref_machine *m = machine_if_on();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t t = vmi_ref_now(m);

    VMI_ASSERT_STATUS(vmi_ref_timer_arm(c0, t + 1000, VEC), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_timer_arm(c0, t + 5000, VEC2), VMI_OK);
    vmi_ref_advance(m, t + 4000 - vmi_ref_now(m));
    VMI_ASSERT_EQ(vmi_ref_irq_count(c0, VEC), 0);
    VMI_ASSERT_EQ(vmi_ref_irq_count(c0, VEC2), 0);
    vmi_ref_advance(m, 2000);
    VMI_ASSERT_EQ(vmi_ref_irq_count(c0, VEC), 0);
    VMI_ASSERT_EQ(vmi_ref_irq_count(c0, VEC2), 1);
    vmi_ref_machine_free(m);
}

/* VMI-TIME-005: a deadline already past fires as soon as possible. */
static void timer_past_deadline_fires(void)
{
    struct vmi_ref_machine *m = machine_if_on();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);

    vmi_ref_advance(m, 5000);
    VMI_ASSERT_STATUS(vmi_ref_timer_arm(c0, 10, VEC), VMI_OK);
    vmi_ref_advance(m, 0);
    VMI_ASSERT_EQ(vmi_ref_irq_count(c0, VEC), 1);
    vmi_ref_machine_free(m);
}

/* The timer belongs to the CPU that armed it. */
static void timer_per_cpu(void)
{
    struct vmi_ref_machine *m = machine_if_on();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0), *c1 = vmi_ref_cpu(m, 1);

    VMI_ASSERT_STATUS(vmi_ref_cpu_start(c0, 1, 0x1000, 0x2000, 0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_irq_enable(c1), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_timer_arm(c1, vmi_ref_now(m) + 300, VEC), VMI_OK);
    vmi_ref_advance(m, 1000);
    VMI_ASSERT_EQ(vmi_ref_irq_count(c1, VEC), 1);
    VMI_ASSERT_EQ(vmi_ref_irq_count(c0, VEC), 0);
    vmi_ref_machine_free(m);
}

/* With interrupts off the timer still fires, but delivery waits for IF. */
static void timer_waits_for_if(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);

    VMI_ASSERT_STATUS(vmi_ref_timer_arm(c0, vmi_ref_now(m) + 300, VEC), VMI_OK);
    vmi_ref_advance(m, 1000);
    VMI_ASSERT_EQ(vmi_ref_irq_count(c0, VEC), 0);
    VMI_ASSERT_EQ(c0->timer_armed, 0);
    VMI_ASSERT_STATUS(vmi_ref_irq_enable(c0), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_count(c0, VEC), 1);
    vmi_ref_machine_free(m);
}

/* VMI-TIME-006: vectors outside 16..255 are refused and nothing is armed. */
static void timer_bad_vector(void)
{
    struct vmi_ref_machine *m = machine_if_on();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t d = vmi_ref_machine_digest(m);
    uint32_t v;

    VMI_ASSERT_STATUS(vmi_ref_timer_arm(c0, 0, 15), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_timer_arm(c0, 0, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_timer_arm(c0, 0, 256), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_timer_arm(c0, 0, UINT32_MAX), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    vmi_ref_advance(m, 1000);
    for (v = 0; v < 256; v++)
        VMI_ASSERT_EQ(vmi_ref_irq_count(c0, v), 0);
    VMI_ASSERT_STATUS(vmi_ref_timer_arm(c0, 0, 16), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_timer_arm(c0, 0, 255), VMI_OK);
    vmi_ref_machine_free(m);
}

static void timer_not_supported(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_TIME_TIMER);
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t d = vmi_ref_machine_digest(m);

    VMI_ASSERT_STATUS(vmi_ref_timer_arm(c0, 100, VEC), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_timer_arm(c0, 100, 3), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_timer_cancel(c0), VMI_ENOTSUP);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    VMI_ASSERT_EQ(c0->timer_armed, 0);
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"timer_fires_at_deadline", timer_fires_at_deadline},
    {"timer_fires_once", timer_fires_once},
    {"timer_cancel_prevents_firing", timer_cancel_prevents_firing},
    {"timer_rearm_replaces", timer_rearm_replaces},
    {"timer_past_deadline_fires", timer_past_deadline_fires},
    {"timer_per_cpu", timer_per_cpu},
    {"timer_waits_for_if", timer_waits_for_if},
    {"timer_bad_vector", timer_bad_vector},
    {"timer_not_supported", timer_not_supported},
};

VMI_TEST_MAIN("timer", cases)
