/* The test-only fault hook: an ops table that forwards to the model but corrupts one call's output. */
#include <string.h>
#include "ref_env_internal.h"

/*
 * The hook lives here, in the environment, never in libvmi-ref: the model
 * stays the spec, and the table below plays a broken adapter.  The ops
 * signatures carry no context, so the call to corrupt is per thread, like
 * vmi_ref_bind's CPU (runs on other threads keep their own).
 */
static _Thread_local uint32_t fault_call;
static _Thread_local uint64_t fault_xor;

/* XORs the first OUT word (at most the parameter's size) of a call. */
static void corrupt(uint32_t call, void *const *outs, const size_t *sizes, size_t n)
{
    size_t i, len;
    uint8_t *p;

    if (call != fault_call)
        return;
    for (i = 0; i < n; i++) {
        if (!outs[i])
            continue;
        p = outs[i];
        for (len = 0; len < sizes[i] && len < 8; len++)
            p[len] ^= (uint8_t)(fault_xor >> (8 * len));
        return;
    }
}

/* Each parameter's OUT pointer (NULL for IN and BUF) and size, with a
 * leading dummy so that calls without parameters get a non-empty list. */
#define FAULT__PTR_IN(t, n) NULL
#define FAULT__PTR_BUF(t, n) NULL
#define FAULT__PTR_OUT(t, n) (void *)(n)
#define FAULT__PTR(i, k, t, n) FAULT__PTR_##k(t, n)

#define FAULT__THUNK(num, group, name, ret, attrs, feat, n, params)                     \
    static ret fault_op_##name(VMI_PARAMS(n, params))                                  \
    {                                                                                  \
        ret st = vmi_ref_ops.name(VMI_ARGS(n, params));                                \
        void *const outs[] = {NULL VMI_PARAM_COMMA(n) VMI__MAP_EXPAND(FAULT__PTR, n, params)}; \
        const size_t sizes[] = {0 VMI_PARAM_COMMA(n) VMI_PARAM_SIZES(n, params)};      \
                                                                                       \
        if (st == VMI_OK)                                                              \
            corrupt((num), outs + 1, sizes + 1, (n));                                  \
        return st;                                                                     \
    }
VMI_CALL_LIST(FAULT__THUNK)
#undef FAULT__THUNK

static const struct vmi_ops fault_ops = {
#define FAULT__SLOT(num, group, name, ret, attrs, feat, n, params) fault_op_##name,
    VMI_CALL_LIST(FAULT__SLOT)
#undef FAULT__SLOT
};

const struct vmi_ops *vmi_ref_env_ops(const struct vmi_ref_env *e)
{
    if (!e->fault)
        return &vmi_ref_ops;
    fault_call = e->opts.fault_call;
    fault_xor = e->opts.fault_xor;
    return &fault_ops;
}
