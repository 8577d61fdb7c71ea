/* The tables the executor calls through: the bound adapter's, with console bytes counted and power calls announced. */
#include "run.h"
#include "vmi-stubs/stubs.h"

#define OPS_CPUS 8u
#define EXIT_CODE_MAX 255u

static struct vmi_ops wrapped[OPS_CPUS];
static const struct vmi_ops *base[OPS_CPUS];
static uint64_t console_bytes;
static uint32_t trace;

/* `probe console` counts what successful console_write calls accepted
 * since the trace began: the adapter's console is the host's, not ours. */
static vmi_status_t counted(vmi_status_t st, uint32_t len)
{
    if (st == VMI_OK)
        console_bytes += len;
    return st;
}

static int offered(uint32_t feature)
{
    const struct vmi_adapter *a = vmi_adapter_bound();
    uint32_t g = VMI_FEATURE_GROUP(feature);

    return a && g < 16 && (a->features[g] & VMI_FEATURE_MASK(feature)) != 0;
}

/* A power call the adapter offers and the spec lets succeed does not
 * return: the guest is gone before the executor could report the step or
 * the trace's end.  So the end is sent first; the runner accepts a stream
 * that lacks only the final power call's observation.  The run's totals
 * go just ahead of it, so that TRACE_END sends them too. */
static void power_announce(uint32_t feature)
{
    if (!offered(feature))
        return;
    stats_report();
    run_trace_end_report(trace, VMI_EXEC_POWER, VMI_EXEC_STEP_SETUP, 0);
}

#define OPS_THUNKS(i)                                                          \
    static vmi_status_t con_##i(const char *buf, uint32_t len)                 \
    {                                                                          \
        return counted(base[i]->console_write(buf, len), len);                 \
    }                                                                          \
    static vmi_status_t shutdown_##i(uint32_t code)                            \
    {                                                                          \
        if (code <= EXIT_CODE_MAX)                                             \
            power_announce(VMI_FEAT_PWR_SHUTDOWN);                             \
        return base[i]->shutdown(code);                                        \
    }                                                                          \
    static vmi_status_t reboot_##i(void)                                       \
    {                                                                          \
        power_announce(VMI_FEAT_PWR_REBOOT);                                   \
        return base[i]->reboot();                                              \
    }                                                                          \
    static vmi_status_t crash_##i(uint64_t reason)                             \
    {                                                                          \
        power_announce(VMI_FEAT_PWR_CRASH);                                    \
        return base[i]->crash(reason);                                         \
    }
OPS_THUNKS(0)
OPS_THUNKS(1)
OPS_THUNKS(2)
OPS_THUNKS(3)
OPS_THUNKS(4)
OPS_THUNKS(5)
OPS_THUNKS(6)
OPS_THUNKS(7)

#define OPS_SET(i)                                                             \
    case i:                                                                    \
        w->console_write = con_##i;                                            \
        w->shutdown = shutdown_##i;                                            \
        w->reboot = reboot_##i;                                                \
        w->crash = crash_##i;                                                  \
        break;

static void wrap(uint32_t cpu, struct vmi_ops *w)
{
    switch (cpu) {
    OPS_SET(0) OPS_SET(1) OPS_SET(2) OPS_SET(3)
    OPS_SET(4) OPS_SET(5) OPS_SET(6) OPS_SET(7)
    default: break;
    }
}

_Static_assert(OPS_CPUS == 8, "one set of thunks per CPU");

/* The executor asks for a table once per call it makes, so each table
 * handed out is one VMI call for the STATS record. */
const struct vmi_ops *ops_for(uint32_t cpu)
{
    if (cpu >= OPS_CPUS || base[cpu] == NULL)
        return NULL;
    stats_call();
    return &wrapped[cpu];
}

void ops_trace_begin(uint32_t index)
{
    uint32_t cpu;

    trace = index;
    console_bytes = 0;
    for (cpu = 0; cpu < OPS_CPUS; cpu++) {
        base[cpu] = cpus_ops(cpu);
        if (base[cpu] == NULL)
            continue;
        wrapped[cpu] = *base[cpu];
        wrap(cpu, &wrapped[cpu]);
    }
}

uint64_t ops_console_bytes(void)
{
    return console_bytes;
}
