/* Time on Xen: pvclock for the clock, shared_info for the wallclock, a single-shot timer, runstate (VMI-TIME-001..009). */
#include "xen_internal.h"

uint64_t vmi__xen_system_time(void)
{
    uint32_t self = vmi__xen_cpu_self();
    struct vcpu_time_info t;
    uint64_t tsc;

    if (self >= VMI_XEN_CPU_MAX || !vmi__xen.cpu[self].vi)
        self = 0;
    vmi__xen_pvclock_snapshot(&vmi__xen.cpu[self].vi->time, &t, &tsc);
    return vmi__xen_pvclock_scale(&t, tsc);
}

vmi_status_t vmi__xen_monotonic_get(uint64_t *ns)
{
    /* VMI-TIME-002, VMI-TIME-003: Xen system time.  Each CPU has its own
     * record, so readings on two CPUs can differ by Xen's small
     * calibration skew; the clamp keeps them ordered across CPUs. */
    uint64_t now, last;

    if (!vmi__xen_has(VMI_FEAT_TIME_MONOTONIC))
        return VMI_ENOTSUP;
    if (!ns)
        return VMI_EINVAL;
    now = vmi__xen_system_time();
    last = __atomic_load_n(&vmi__xen.mono_last, __ATOMIC_ACQUIRE);
    do {
        if (now <= last) {
            *ns = last;
            return VMI_OK;
        }
    } while (!__atomic_compare_exchange_n(&vmi__xen.mono_last, &last, now, 0, __ATOMIC_ACQ_REL,
                                          __ATOMIC_ACQUIRE));
    *ns = now;
    return VMI_OK;
}

vmi_status_t vmi__xen_tsc_freq_get(uint64_t *hz)
{
    /* VMI-TIME-004: from the boot CPU's record at init. */
    if (!vmi__xen_has(VMI_FEAT_TIME_TSCFREQ))
        return VMI_ENOTSUP;
    if (!hz)
        return VMI_EINVAL;
    *hz = vmi__xen.tsc_hz;
    return VMI_OK;
}

vmi_status_t vmi__xen_wallclock_get(uint64_t *ns)
{
    /* VMI-TIME-001: shared_info holds the Unix time at system time 0,
     * under its own version seqlock. */
    volatile struct shared_info *s = vmi__xen.shared;
    uint32_t v1, v2;
    uint64_t sec, nsec;

    if (!vmi__xen_has(VMI_FEAT_TIME_WALLCLOCK))
        return VMI_ENOTSUP;
    if (!ns)
        return VMI_EINVAL;
    do {
        v1 = __atomic_load_n(&s->wc_version, __ATOMIC_ACQUIRE);
        sec = (uint64_t)s->wc_sec_hi << 32 | s->wc_sec;
        nsec = s->wc_nsec;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        v2 = __atomic_load_n(&s->wc_version, __ATOMIC_RELAXED);
    } while ((v1 & 1u) || v1 != v2);
    *ns = sec * NS_PER_S + nsec + vmi__xen_system_time();
    return VMI_OK;
}

/* ---- the one-shot timer: VCPUOP_set_singleshot_timer and VIRQ_TIMER ---- */

static int64_t singleshot_set(uint32_t cpu, uint64_t deadline_ns)
{
    struct vcpu_set_singleshot_timer t;

    t.timeout_abs_ns = deadline_ns;
    t.flags = 0;
    t.pad = 0;
    return vmi__xen_hc(XEN_HC_vcpu_op, VCPUOP_set_singleshot_timer, cpu, XEN_PTR(&t));
}

vmi_status_t vmi__xen_timer_arm(uint64_t deadline_ns, uint32_t vector)
{
    /* VMI-TIME-005, VMI-TIME-006, VMI-TIME-008.  Monotonic time is Xen
     * system time, so the deadline goes to Xen as it is; no "future" flag,
     * so a past deadline fires at once instead of failing.  Re-arming
     * replaces Xen's timer; the deadline kept here stops an event of the
     * old arming, still pending, from firing the new one early. */
    uint32_t self = vmi__xen_cpu_self();
    struct vmi__xen_cpu *c;

    if (!vmi__xen_has(VMI_FEAT_TIME_TIMER))
        return VMI_ENOTSUP;
    if (vector < VMI_VECTOR_MIN || vector > VMI_VECTOR_MAX)
        return VMI_EINVAL;
    if (self >= VMI_XEN_CPU_MAX || vmi__xen.cpu[self].timer_port == XEN_PORT_NONE)
        return VMI_EFAULT;
    c = &vmi__xen.cpu[self];
    c->timer_deadline = deadline_ns;
    __atomic_store_n(&c->timer_vector, vector, __ATOMIC_RELEASE);
    if (singleshot_set(self, deadline_ns) < 0) {
        __atomic_store_n(&c->timer_vector, 0u, __ATOMIC_RELEASE);
        return VMI_EFAULT;
    }
    return VMI_OK;
}

void vmi__xen_timer_stop(uint32_t cpu)
{
    __atomic_store_n(&vmi__xen.cpu[cpu].timer_vector, 0u, __ATOMIC_RELEASE);
    vmi__xen_hc(XEN_HC_vcpu_op, VCPUOP_stop_singleshot_timer, cpu, 0);
}

vmi_status_t vmi__xen_timer_cancel(void)
{
    /* VMI-TIME-007 */
    uint32_t self = vmi__xen_cpu_self();

    if (!vmi__xen_has(VMI_FEAT_TIME_TIMER))
        return VMI_ENOTSUP;
    if (self < VMI_XEN_CPU_MAX)
        vmi__xen_timer_stop(self);
    return VMI_OK;
}

/*
 * From the upcall, on the timer's CPU: an armed and due timer is disarmed
 * (it fires once) and its vector made pending by a self-IPI, which the
 * local APIC delivers like any interrupt once the upcall returns.  An
 * event before the deadline by this CPU's clock (an earlier arming's, or
 * Xen's clock a hair ahead of the pvclock estimate) is not dropped: the
 * deadline goes back to Xen, which fires again when it is due.
 */
void vmi__xen_timer_fire(uint32_t cpu)
{
    struct vmi__xen_cpu *c = &vmi__xen.cpu[cpu];
    uint32_t vector = __atomic_load_n(&c->timer_vector, __ATOMIC_ACQUIRE);
    uint64_t deadline = c->timer_deadline;

    if (!vector)
        return;
    if (vmi__xen_system_time() < deadline) {
        singleshot_set(cpu, deadline);
        return;
    }
    if (__atomic_compare_exchange_n(&c->timer_vector, &vector, 0u, 0, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
        vmi__native_icr_send(vmi__native_apic_id_self(), vector);
}

/* ---- steal time from the runstate area ---- */

/*
 * With VMASST_TYPE_runstate_update_flag on, Xen sets XEN_RUNSTATE_UPDATE
 * in state_entry_time while it writes the record; without it the entry
 * time still changes on every update.  Either way: read it, copy, read it
 * again, and retry on a change or the flag.  Steal is the time the vCPU
 * wanted to run but did not: runnable plus offline, as Linux counts it.
 */
uint64_t vmi__xen_runstate_steal(volatile const struct vcpu_runstate_info *rs, int32_t *state)
{
    uint64_t t1, t2, runnable, offline;

    for (;;) {
        t1 = __atomic_load_n(&rs->state_entry_time, __ATOMIC_ACQUIRE);
        if (!(t1 & XEN_RUNSTATE_UPDATE)) {
            *state = rs->state;
            runnable = rs->time[RUNSTATE_runnable];
            offline = rs->time[RUNSTATE_offline];
            __atomic_thread_fence(__ATOMIC_ACQUIRE);
            t2 = __atomic_load_n(&rs->state_entry_time, __ATOMIC_RELAXED);
            if (t1 == t2)
                return runnable + offline;
        }
        vmi_x86_pause();   /* Xen is writing it right now */
    }
}

vmi_status_t vmi__xen_steal_time_get(uint64_t *ns)
{
    /* VMI-TIME-009: Xen's per-state times only grow. */
    uint32_t self = vmi__xen_cpu_self();
    int32_t state;

    if (!vmi__xen_has(VMI_FEAT_TIME_STEAL))
        return VMI_ENOTSUP;
    if (!ns)
        return VMI_EINVAL;
    if (self >= VMI_XEN_CPU_MAX || !vmi__xen.cpu[self].runstate)
        return VMI_EFAULT;
    *ns = vmi__xen_runstate_steal(&vmi__xen_runstate[self], &state);
    return VMI_OK;
}
