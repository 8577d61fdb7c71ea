/* The probes: state read by instruction on the CPU a step names, never through the adapter. */
#include "run.h"
#include "trap.h"
#include "vmi-x86/x86.h"

#define RFLAGS_IF 0x200u

struct probe_job {
    uint32_t kind;
    const uint64_t *args;
    uint64_t value;
};

struct load_job {
    uint64_t va, value;
    uint32_t width;
};

static void load(void *arg)
{
    struct load_job *j = arg;

    switch (j->width) {
    case 1: j->value = *(volatile const uint8_t *)(uintptr_t)j->va; break;
    case 2: j->value = *(volatile const uint16_t *)(uintptr_t)j->va; break;
    case 4: j->value = *(volatile const uint32_t *)(uintptr_t)j->va; break;
    default: j->value = *(volatile const uint64_t *)(uintptr_t)j->va; break;
    }
}

/* Through whatever the CPU maps now: a #PF (or #GP for a non-canonical
 * address) is the probe's answer, not the trace's end. */
static int probe_read(const uint64_t *args, uint64_t *value)
{
    struct load_job j = {args[0], 0, (uint32_t)args[1]};
    struct guest_recover r;

    if (j.width != 1 && j.width != 2 && j.width != 4 && j.width != 8)
        return VMI_EFAULT;
    if (guest_try(&r, load, &j) != 0)
        return VMI_EFAULT;
    *value = j.value;
    return 0;
}

static int probe_phys64(const uint64_t *args, uint64_t *value)
{
    if (!pages_in_ram(args[0], 8))
        return VMI_EFAULT;
    *value = *(volatile const uint64_t *)(uintptr_t)args[0];
    return 0;
}

/* Only the registers long mode has: MOV from any other number is #UD. */
static int probe_cr(const uint64_t *args, uint64_t *value)
{
    uint64_t n = args[0];

    if (n != 0 && n != 2 && n != 3 && n != 4 && n != 8)
        return VMI_EFAULT;
    *value = vmi_x86_cr_read((uint32_t)n);
    return 0;
}

/* Test-only: the fault must end the trace, so nothing guards it. */
static void probe_ud(void)
{
    __asm__ volatile("ud2");
}

static int probe_here(void *arg)
{
    struct probe_job *j = arg;

    switch (j->kind) {
    case VMI_BUNDLE_PROBE_READ: return probe_read(j->args, &j->value);
    case VMI_BUNDLE_PROBE_PHYS64: return probe_phys64(j->args, &j->value);
    case VMI_BUNDLE_PROBE_CR: return probe_cr(j->args, &j->value);
    case VMI_BUNDLE_PROBE_IRQCOUNT:
        j->value = j->args[0] > 255 ? 0 : irq_count((uint32_t)j->args[0]);
        return 0;
    case VMI_BUNDLE_PROBE_IF:
        j->value = (vmi_x86_flags_read() & RFLAGS_IF) ? 1 : 0;
        return 0;
    case VMI_BUNDLE_PROBE_CONSOLE: j->value = ops_console_bytes(); return 0;
    case VMI_BUNDLE_PROBE_POWER: j->value = VMI_BUNDLE_POWER_ON; return 0;
    case VMI_BUNDLE_PROBE_UD: probe_ud(); return 0;
    default: return VMI_EINVAL;
    }
}

int probe_on(uint32_t cpu, uint32_t kind, const uint64_t *args, uint64_t *value)
{
    struct probe_job j = {kind, args, 0};
    int rc = cpus_run_on(cpu, probe_here, &j);

    if (rc == 0)
        *value = j.value;
    return rc;
}
