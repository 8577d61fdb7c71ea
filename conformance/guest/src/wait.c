/* `wait`: at least so much guest time by the TSC, with the interrupt flag set so that deliveries happen. */
#include "run.h"
#include "vmi-native/native.h"
#include "vmi-x86/x86.h"

#define NS_PER_S 1000000000ull
/* Only when neither the adapter nor the PIT gives a rate: a guess that
 * errs long for any CPU slower than 4 GHz. */
#define TSC_HZ_GUESS 4000000000ull

static uint64_t tsc_hz;

void wait_init(void)
{
    const struct vmi_ops *ops = cpus_ops(0);

    if (ops == NULL || ops->tsc_freq_get(&tsc_hz) != VMI_OK || tsc_hz == 0)
        tsc_hz = vmi_native_pit_calibrate();
    if (tsc_hz == 0)
        tsc_hz = TSC_HZ_GUESS;
}

static uint64_t ns_to_ticks(uint64_t ns)
{
    return ns / NS_PER_S * tsc_hz + (ns % NS_PER_S) * tsc_hz / NS_PER_S + 1;
}

/* A pause loop rather than HLT: with no timer armed, HLT could sleep for good. */
static int wait_here(void *arg)
{
    uint64_t ticks = ns_to_ticks(*(const uint64_t *)arg);
    uint64_t flags = vmi_x86_flags_read(), start = vmi_x86_rdtsc();

    vmi_x86_sti();
    while (vmi_x86_rdtsc() - start < ticks)
        vmi_x86_pause();
    vmi_x86_flags_write(flags);
    return 0;
}

int wait_on(uint32_t cpu, uint64_t ns)
{
    return cpus_run_on(cpu, wait_here, &ns);
}
