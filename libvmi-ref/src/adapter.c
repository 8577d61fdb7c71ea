/* The reference model bound as an in-process adapter: an ops table over one CPU. */
#include "machine.h"

/* The CPU the ops table acts on.  Thread-local so that parallel runs of
 * the ref environment (one machine per thread) do not see each other. */
static _Thread_local struct vmi_ref_cpu *bound_cpu;

void vmi_ref_bind(struct vmi_ref_cpu *cpu)
{
    bound_cpu = cpu;
}

struct vmi_ref_cpu *vmi_ref_bound(void)
{
    return bound_cpu;
}

/* One thunk per call: forward to the reference function on the bound CPU.
 * With no CPU bound the ABI still must not crash the caller (VMI-GEN-005),
 * so the thunk answers VMI_EFAULT instead. */
#define REF_THUNK(num, group, name, ret, attrs, feat, n, params)             \
    static ret ref_op_##name(VMI_PARAMS(n, params))                          \
    {                                                                        \
        if (!bound_cpu)                                                      \
            return VMI_EFAULT;                                               \
        return vmi_ref_##name(bound_cpu VMI_PARAM_COMMA(n) VMI_ARGS(n, params)); \
    }
VMI_CALL_LIST(REF_THUNK)
#undef REF_THUNK

const struct vmi_ops vmi_ref_ops = {
#define REF_SLOT(num, group, name, ret, attrs, feat, n, params) ref_op_##name,
    VMI_CALL_LIST(REF_SLOT)
#undef REF_SLOT
};

static uint32_t ref_probe(void)
{
    return VMI_PROBE_NONE;  /* never chosen by detection: bound explicitly */
}

static vmi_status_t ref_init(void)
{
    return VMI_OK;
}

const struct vmi_adapter vmi_ref_adapter = {
    .size = sizeof(struct vmi_adapter),
    .abi_version = VMI_ABI_VERSION,
    .name = "ref",
    .vendor = "VMI",
    .version = 0x00010000,
    .probe = ref_probe,
    .init = ref_init,
    .ops = &vmi_ref_ops,
};
