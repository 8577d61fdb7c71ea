/* Time on kvmclock: monotonic clock, TSC frequency, wallclock, and the timer in its time base. */
#include "kvm_internal.h"

/* The timer runs on native's TSC clock: a deadline in kvmclock time is
 * converted through "now" in both, and pushed out by 1/65536 of the wait
 * plus 1 us so that a TSC rate rounded differently from kvmclock's never
 * fires it early (VMI-TIME-005 allows late, never early). */
#define TIMER_MARGIN_NS 1000u
#define TIMER_MARGIN_SHIFT 16u

/* With the stable bit (CPUID-enabled, set by the host) every vCPU's page
 * gives the same time and CPU 0's is read, which saves finding this CPU.
 * Otherwise this CPU's page is read, and readings are clamped to the
 * latest one handed out so that time never goes back across CPUs
 * (VMI-TIME-002), as Linux's pvclock does. */
uint64_t vmi__kvm_clock_now(void)
{
    const struct vmi__kvm_cpu *c = &vmi__kvm_cpu[0];
    uint64_t ns, last;
    uint8_t flags;

    if (!vmi__kvm_has(KVM_FEATURE_CLOCKSOURCE_STABLE_BIT) ||
        !(c->clock.flags & PVCLOCK_TSC_STABLE_BIT))
        c = &vmi__kvm_cpu[vmi__kvm_self()];
    ns = vmi__kvm_pvclock_read(&c->clock, &flags);
    if (vmi__kvm_has(KVM_FEATURE_CLOCKSOURCE_STABLE_BIT) && (flags & PVCLOCK_TSC_STABLE_BIT))
        return ns;
    last = __atomic_load_n(&vmi__kvm.clock_last, __ATOMIC_ACQUIRE);
    do {
        if (ns <= last)
            return last;
    } while (!__atomic_compare_exchange_n(&vmi__kvm.clock_last, &last, ns, 0, __ATOMIC_ACQ_REL,
                                          __ATOMIC_ACQUIRE));
    return ns;
}

vmi_status_t vmi__kvm_monotonic_get(uint64_t *ns)
{
    /* VMI-TIME-002, VMI-TIME-003: kvmclock counts host nanoseconds. */
    if (!ns)
        return VMI_EINVAL;
    *ns = vmi__kvm_clock_now();
    return VMI_OK;
}

vmi_status_t vmi__kvm_tsc_freq_get(uint64_t *hz)
{
    /* VMI-TIME-004: the rate kvmclock's own scaling encodes. */
    if (!hz)
        return VMI_EINVAL;
    *hz = vmi__kvm.tsc_hz;
    return VMI_OK;
}

/* The wall-clock page is filled only when its MSR is written, so each
 * reading writes it again; the lock keeps two CPUs from reading a page
 * the other's write is refilling. */
static uint64_t wall_at_boot_ns(void)
{
    const volatile struct kvm_wall_clock *w = &vmi__kvm.wall;
    uint32_t version, sec, nsec;

    vmi__native_lock(&vmi__kvm.wall_lock);
    vmi_x86_wrmsr(vmi__kvm.msr_wall, vmi__native_phys(&vmi__kvm.wall));
    do {
        version = w->version;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        sec = w->sec;
        nsec = w->nsec;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((version & 1u) || version != w->version);
    vmi__native_unlock(&vmi__kvm.wall_lock);
    return (uint64_t)sec * NS_PER_S + nsec;
}

vmi_status_t vmi__kvm_wallclock_get(uint64_t *ns)
{
    /* VMI-TIME-001: the page holds the wall time at kvmclock 0. */
    if (!ns)
        return VMI_EINVAL;
    *ns = wall_at_boot_ns() + vmi__kvm_clock_now();
    return VMI_OK;
}

vmi_status_t vmi__kvm_timer_arm(uint64_t deadline_ns, uint32_t vector)
{
    /* VMI-TIME-005..008 through native's timer.  kvmclock is read first,
     * so the wait measured from it starts no later than native's now. */
    uint64_t now = vmi__kvm_clock_now(), native_now = 0, wait, at;
    vmi_status_t st = vmi__native_monotonic_get(&native_now);

    if (st != VMI_OK)
        return st;
    wait = deadline_ns > now ? deadline_ns - now : 0;
    if (wait)
        wait += (wait >> TIMER_MARGIN_SHIFT) + TIMER_MARGIN_NS;
    at = wait > UINT64_MAX - native_now ? UINT64_MAX : native_now + wait;
    return vmi__native_timer_arm(at, vector);
}
