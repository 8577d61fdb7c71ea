/* The CPUs a trace may use: CPU 0 here, the others through the guest's SMP layer. */
#include "run.h"
#include "smp.h"
#include "vmi/api.h"

static uint32_t online = 1;

uint32_t cpus_start(void)
{
    int n = smp_init();

    online = n > 0 ? (uint32_t)n : 1u;
    return online;
}

uint32_t cpus_online(void)
{
    return online;
}

const struct vmi_ops *cpus_ops(uint32_t cpu)
{
    if (cpu == 0)
        return &vmi_ops;
    if (cpu < online)
        return smp_ops_on(cpu);
    return NULL;
}

/* The SMP layer's own answers as statuses: a fault the other CPU took
 * (reported there with a FAULT record) is the probe's fault; a CPU that
 * stopped answering is busy for good. */
static int status_of(int rc)
{
    switch (rc) {
    case SMP_PROBE_FAULT: return VMI_EFAULT;
    case SMP_PROBE_TIMEOUT: return VMI_EBUSY;
    case SMP_PROBE_OFFLINE: return VMI_EINVAL;
    default: return rc;
    }
}

int cpus_run_on(uint32_t cpu, int (*fn)(void *), void *arg)
{
    if (cpu == 0)
        return fn(arg);
    if (cpu < online)
        return status_of(smp_probe_on(cpu, fn, arg));
    return VMI_EINVAL;
}
