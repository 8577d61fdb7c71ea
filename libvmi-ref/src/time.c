/* The TIME group and the model clock: wallclock, monotonic, TSC, timers, steal time. */
#include "machine.h"

/*
 * Model time (m->now_ns) only moves forward: each call costs
 * cfg.call_cost_ns and the harness waits with vmi_ref_advance.  What a
 * real platform chooses (the TSC frequency, the exact time of day, how
 * much later than the model a clock reads) is given as an allowed range,
 * not the model's one value.
 */

#define NS_PER_S UINT64_C(1000000000)
/* VMI-TIME-001: the plausible time of day, 2020-01-01 .. 2100-01-01 UTC. */
#define WALLCLOCK_MIN_NS (UINT64_C(1577836800) * NS_PER_S)
#define WALLCLOCK_MAX_NS (UINT64_C(4102444800) * NS_PER_S)
/* VMI-TIME-004: 1 MHz .. 100 GHz. */
#define TSC_HZ_MIN UINT64_C(1000000)
#define TSC_HZ_MAX UINT64_C(100000000000)

__extension__ typedef unsigned __int128 u128;

void vmi__ref_time_advance_to(struct vmi_ref_machine *m, uint64_t ns)
{
    uint32_t c;

    if (ns > m->now_ns)
        m->now_ns = ns;
    /* Checked even when time stands still, so a deadline already past
     * fires at the next advance (VMI-TIME-005). */
    for (c = 0; c < m->cfg.cpus; c++) {
        struct vmi_ref_cpu *cpu = &m->cpus[c];

        if (cpu->timer_armed && cpu->timer_deadline <= m->now_ns) {
            cpu->timer_armed = 0;   /* VMI-TIME-008: once per arming */
            vmi__ref_irq_raise(cpu, cpu->timer_vector);
        }
    }
}

uint64_t vmi__ref_tsc_now(const struct vmi_ref_cpu *cpu)
{
    /* A 128-bit product cannot overflow; the TSC wraps at 64 bits as the
     * hardware counter does. */
    return (uint64_t)((u128)cpu->m->now_ns * cpu->m->cfg.tsc_hz / NS_PER_S);
}

uint64_t vmi_ref_now(const struct vmi_ref_machine *m)
{
    return m->now_ns;
}

void vmi_ref_advance(struct vmi_ref_machine *m, uint64_t ns)
{
    uint64_t to = ns > UINT64_MAX - m->now_ns ? UINT64_MAX : m->now_ns + ns;
    uint32_t c;

    vmi__ref_time_advance_to(m, to);
    for (c = 0; c < m->cfg.cpus; c++)
        if (m->cpus[c].online)
            vmi__ref_irq_deliver(&m->cpus[c]);
}

/* A platform-chosen value in [lo, hi]; the model's own value always fits. */
static void allow_plausible(struct vmi_ref_machine *m, uint32_t param, uint64_t value,
                            uint64_t lo, uint64_t hi)
{
    vmi__ref_allow_range(m, param, value < lo ? value : lo, value > hi ? value : hi);
}

vmi_status_t vmi_ref_wallclock_get(struct vmi_ref_cpu *self, uint64_t *ns)
{
    /* VMI-TIME-001, VMI-GEN-004 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_TIME_WALLCLOCK);

    if (st == VMI_OK && !ns)
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *ns = self->m->cfg.wallclock_boot_ns + self->m->now_ns;
        allow_plausible(self->m, 0, *ns, WALLCLOCK_MIN_NS, WALLCLOCK_MAX_NS);
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_monotonic_get(struct vmi_ref_cpu *self, uint64_t *ns)
{
    /* VMI-TIME-002, VMI-TIME-003, VMI-GEN-004: never below the last
     * reading on any CPU; how far ahead of the model is unspecified.
     * VMI-TIME-010: the model's clock is the machine's, which waits
     * advance whether or not calls are made. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_TIME_MONOTONIC);
    struct vmi_ref_machine *m = self->m;

    if (st == VMI_OK && !ns)
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *ns = m->now_ns;
        vmi__ref_allow_range(m, 0, m->mono_last, UINT64_MAX);
        m->mono_last = m->now_ns;
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_tsc_freq_get(struct vmi_ref_cpu *self, uint64_t *hz)
{
    /* VMI-TIME-004: the frequency is platform-defined within its range. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_TIME_TSCFREQ);

    if (st == VMI_OK && !hz)
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *hz = self->m->cfg.tsc_hz;
        allow_plausible(self->m, 0, *hz, TSC_HZ_MIN, TSC_HZ_MAX);
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_timer_arm(struct vmi_ref_cpu *self, uint64_t deadline_ns, uint32_t vector)
{
    /* VMI-TIME-005, VMI-TIME-006: a new arming replaces the old one. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_TIME_TIMER);

    if (st == VMI_OK && (vector < VMI_VECTOR_MIN || vector > VMI_VECTOR_MAX))
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        self->timer_armed = 1;
        self->timer_deadline = deadline_ns;
        self->timer_vector = vector;
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_timer_cancel(struct vmi_ref_cpu *self)
{
    /* VMI-TIME-007 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_TIME_TIMER);

    if (st == VMI_OK)
        self->timer_armed = 0;
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_steal_time_get(struct vmi_ref_cpu *self, uint64_t *ns)
{
    /* VMI-TIME-009: never below this CPU's last reading. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_TIME_STEAL);

    if (st == VMI_OK && !ns)
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *ns = self->steal_ns;
        vmi__ref_allow_range(self->m, 0, self->steal_last, UINT64_MAX);
        self->steal_last = self->steal_ns;
    }
    return vmi__ref_leave(self, st);
}
