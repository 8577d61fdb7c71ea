/* The `ref` platform's probes: the model's value, and the set an adapter's machine may show. */
#include <string.h>
#include "ref_env_internal.h"

/* A value the model knows exactly (counts, flags, the power state). */
static void allow_exact(struct vmi_ref_allowed *a, uint64_t v)
{
    memset(a, 0, sizeof(*a));
    a->kind = VMI_REF_ALLOW_EXACT;
    a->count = 1;
    a->value_ok = 1;
    a->v[0] = v;
}

/* An access that must fault: the instruction itself faults (#UD, #GP). */
static int allow_fault_only(struct vmi_ref_allowed *a)
{
    memset(a, 0, sizeof(*a));
    a->fault = 1;
    return VMI_EFAULT;
}

/* READ: the set from the model's TLB freedom; the value of the current
 * walk, which that set always holds. */
static int probe_read(struct vmi_ref_env *e, struct vmi_ref_cpu *c, const uint64_t *args,
                      uint64_t *value)
{
    vmi_status_t st = vmi_ref_probe_read(c, args[0], (uint32_t)args[1], &e->probe_allowed);

    if (st == VMI_EINVAL)
        return allow_fault_only(&e->probe_allowed);
    if (st != VMI_OK)
        return st;   /* out of tracking slots: the harness's limit */
    return vmi_ref_read_now(c, args[0], (uint32_t)args[1], value);
}

/* PHYS64: memory as it is; while a lazy update is deferred an observer
 * may see the old word too.  Past the end of memory nothing is there. */
static int probe_phys64(struct vmi_ref_env *e, const uint64_t *args, uint64_t *value)
{
    if (vmi_ref_probe_phys64(e->m, args[0], &e->probe_allowed) != VMI_OK)
        return allow_fault_only(&e->probe_allowed);
    *value = e->probe_allowed.v[0];
    return 0;
}

static int probe_cr(struct vmi_ref_env *e, struct vmi_ref_cpu *c, const uint64_t *args,
                    uint64_t *value)
{
    if (args[0] > UINT32_MAX ||
        vmi_ref_probe_cr(c, (uint32_t)args[0], value, &e->probe_allowed) != VMI_OK)
        return allow_fault_only(&e->probe_allowed);
    return 0;
}

/* The probes whose value the model knows exactly. */
static int probe_exact(struct vmi_ref_env *e, struct vmi_ref_cpu *c, uint32_t kind,
                       const uint64_t *args, uint64_t *value)
{
    size_t len = 0;

    switch (kind) {
    case VMI_BUNDLE_PROBE_IRQCOUNT:
        *value = args[0] > VMI_VECTOR_MAX ? 0 : vmi_ref_irq_count(c, (uint32_t)args[0]);
        break;
    case VMI_BUNDLE_PROBE_IF: *value = vmi_ref_irq_enabled(c) ? 1 : 0; break;
    case VMI_BUNDLE_PROBE_CONSOLE:
        (void)vmi_ref_console(e->m, &len);
        *value = len;
        break;
    case VMI_BUNDLE_PROBE_POWER:
        /* enum vmi_ref_power numbers the states as VMI_BUNDLE_POWER_* do. */
        *value = (uint64_t)vmi_ref_power_state(e->m, NULL);
        break;
    default:
        return VMI_EINVAL;
    }
    allow_exact(&e->probe_allowed, *value);
    return 0;
}

static int probe_model(struct vmi_ref_env *e, struct vmi_ref_cpu *c, uint32_t kind,
                       const uint64_t *args, uint64_t *value)
{
    *value = 0;
    switch (kind) {
    case VMI_BUNDLE_PROBE_READ: return probe_read(e, c, args, value);
    case VMI_BUNDLE_PROBE_PHYS64: return probe_phys64(e, args, value);
    case VMI_BUNDLE_PROBE_CR: return probe_cr(e, c, args, value);
    case VMI_BUNDLE_PROBE_UD:
        /* UD2 faults on every x86 CPU; a guest's trace ends in the fault
         * handler, so the model's does too (spec/trace-format.rst). */
        e->crash_vector = VMI_REF_ENV_UD_VECTOR;
        allow_fault_only(&e->probe_allowed);
        return VMI_ENOTSUP;
    default: return probe_exact(e, c, kind, args, value);
    }
}

int vmi__ref_env_probe(void *ctx, uint32_t cpu, uint32_t kind, const uint64_t *args,
                       uint64_t *value)
{
    struct vmi_ref_env *e = ctx;
    struct vmi_ref_cpu *c = vmi_ref_cpu(e->m, cpu);
    int rc;

    if (!c)
        return VMI_EINVAL;
    rc = probe_model(e, c, kind, args, value);
    if (rc == 0)
        vmi__ref_env_adopt_probe(e, kind, args, value);
    return rc;
}

_Static_assert(VMI_REF_POWER_ON == VMI_BUNDLE_POWER_ON && VMI_REF_POWER_OFF == VMI_BUNDLE_POWER_OFF &&
                   VMI_REF_POWER_REBOOT == VMI_BUNDLE_POWER_REBOOT &&
                   VMI_REF_POWER_CRASHED == VMI_BUNDLE_POWER_CRASHED,
               "power probe values are the model's states");
