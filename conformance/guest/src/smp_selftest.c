/* Self tests of the SMP layer: the AP came up through the adapter, answers calls, survives a fault. */
#include "run.h"
#include "smp.h"
#include "trap.h"
#include "vmi-stubs/stubs.h"

#define CHECK_FIRST 20u
#define VEC_UD 6

/* Which CPU really ran: its initial APIC ID, read by the instruction. */
static int apic_id_here(void *arg)
{
    (void)arg;
    return (int)smp_apic_id_self();
}

static int ud_here(void *arg)
{
    (void)arg;
    __asm__ volatile("ud2");
    return 0;
}

/* A call that never comes back: interrupts off, halted for good. */
static int hang_here(void *arg)
{
    (void)arg;
    for (;;)
        __asm__ volatile("cli; hlt");
    return 0;
}

/* Last, since it costs CPU 1: the caller's wait ends, the CPU is given up. */
static void hang_on_cpu1(void)
{
    check(CHECK_FIRST + 10, "smp-probe-on-cpu1-hang-times-out",
          (uint64_t)(int64_t)smp_probe_on(1, hang_here, 0), (uint64_t)(int64_t)SMP_PROBE_TIMEOUT);
    check(CHECK_FIRST + 11, "smp-lost-cpu1-has-no-ops", smp_ops_on(1) == NULL, 1);
    check(CHECK_FIRST + 12, "smp-online-after-loss", smp_online(), 1);
}

static void calls_on_cpu1(void)
{
    const struct vmi_ops *ops = smp_ops_on(1);
    uint32_t cpu = ~0u, apic = 0;
    vmi_status_t st = VMI_EINVAL, st_apic = VMI_EINVAL;

    check(CHECK_FIRST + 2, "smp-ops-on-cpu1", ops != NULL, 1);
    if (ops) {
        st = ops->cpu_id_get(&cpu);
        st_apic = ops->apic_read(VMI_APIC_ID, &apic);
    }
    check(CHECK_FIRST + 3, "smp-cpu-id-get-on-cpu1-status", (uint64_t)(int64_t)st, VMI_OK);
    check(CHECK_FIRST + 4, "smp-cpu-id-get-on-cpu1", cpu, 1);
    check(CHECK_FIRST + 5, "smp-apic-read-id-on-cpu1", (uint64_t)(int64_t)st_apic << 32 | apic >> 24,
          smp_cpus[1].apic_id);
}

void smp_selftest_run(const struct boot_info *boot, const struct guest_args *args)
{
    uint32_t cpu0 = ~0u;

    pages_init(boot);
    /* The interrupt gates first, as a trace run has them: under Xen the
     * doorbell is then a vector, not the NMI that can lose the AP there. */
    irq_init();
    if (binding_init(args) != 0)
        return;     /* binding_init said why; the checks below would all fail */
    check(CHECK_FIRST, "smp-cpus-online", (uint64_t)smp_init(), 2);
    check(CHECK_FIRST + 1, "smp-ops-on-cpu0-is-null", smp_ops_on(0) == NULL, 1);
    calls_on_cpu1();
    check(CHECK_FIRST + 6, "smp-probe-on-cpu1-apic-id", (uint64_t)smp_probe_on(1, apic_id_here, 0),
          smp_cpus[1].apic_id);
    check(CHECK_FIRST + 7, "smp-probe-on-cpu1-ud-recovered",
          (uint64_t)(int64_t)smp_probe_on(1, ud_here, 0), (uint64_t)(int64_t)SMP_PROBE_FAULT);
    check(CHECK_FIRST + 8, "smp-cpu1-alive-after-fault", (uint64_t)smp_probe_on(1, apic_id_here, 0),
          smp_cpus[1].apic_id);
    vmi_cpu_id_get(&cpu0);
    check(CHECK_FIRST + 9, "smp-cpu-id-get-on-cpu0", cpu0, 0);
    hang_on_cpu1();
}
