/* Ops tables whose calls run on another CPU: each call's arguments go through the mailbox. */
#include "smp.h"
#include "vmi-stubs/stubs.h"

/*
 * A call in flight: its number and its arguments, each widened to 64 bits
 * (pointers included: OUT pointers name the caller's memory, which the
 * identity map shows every CPU at the same address).  a[0] is a dummy so
 * that calls without parameters still have an array.
 */
struct smp_call {
    uint32_t num;
    uint64_t a[1 + VMI_PARAM_MAX];
};

#define SMP__PACK_IN(t, n) (uint64_t)(n)
#define SMP__PACK_OUT(t, n) (uint64_t)(uintptr_t)(n)
#define SMP__PACK_BUF(t, n) (uint64_t)(uintptr_t)(n)
#define SMP__PACK(i, k, t, n) SMP__PACK_##k(t, n)
#define SMP__UNPACK_IN(i, t) (t)a[(i) + 1]
#define SMP__UNPACK_OUT(i, t) (t *)(uintptr_t)a[(i) + 1]
#define SMP__UNPACK_BUF(i, t) (t)(uintptr_t)a[(i) + 1]
#define SMP__UNPACK(i, k, t, n) SMP__UNPACK_##k(i, t)

/* On the target CPU: the bound adapter's call, as published in vmi_ops. */
static int dispatch(void *arg)
{
    const struct smp_call *call = arg;
    const uint64_t *a = call->a;

    (void)a;
    switch (call->num) {
#define SMP__CASE(num, group, name, ret, attrs, feat, n, params) \
    case (num): return vmi_ops.name(VMI__MAP_EXPAND(SMP__UNPACK, n, params));
    VMI_CALL_LIST(SMP__CASE)
#undef SMP__CASE
    default:
        return VMI_EINVAL;
    }
}

/* On the calling CPU: the status, or what went wrong on the way. */
static vmi_status_t run_on(uint32_t cpu, struct smp_call *call)
{
    int r = smp_probe_on(cpu, dispatch, call);

    if (r == SMP_PROBE_FAULT)
        return VMI_EFAULT;
    if (r == SMP_PROBE_TIMEOUT || r == SMP_PROBE_OFFLINE)
        return VMI_EBUSY;
    return (vmi_status_t)r;
}

/* One thunk per call and CPU: the CPU is part of the function, since an
 * ops slot carries no context. */
#define SMP__THUNK(cpu, num, name, n, params)                                     \
    static vmi_status_t smp_on##cpu##_##name(VMI_PARAMS(n, params))              \
    {                                                                             \
        struct smp_call smp__c = {                                                \
            (num), {0 VMI_PARAM_COMMA(n) VMI__MAP_EXPAND(SMP__PACK, n, params)}}; \
        return run_on((cpu), &smp__c);                                            \
    }
#define SMP__THUNK1(num, group, name, ret, attrs, feat, n, params) SMP__THUNK(1, num, name, n, params)
#define SMP__THUNK2(num, group, name, ret, attrs, feat, n, params) SMP__THUNK(2, num, name, n, params)
#define SMP__THUNK3(num, group, name, ret, attrs, feat, n, params) SMP__THUNK(3, num, name, n, params)
VMI_CALL_LIST(SMP__THUNK1)
VMI_CALL_LIST(SMP__THUNK2)
VMI_CALL_LIST(SMP__THUNK3)

#define SMP__SLOT1(num, group, name, ret, attrs, feat, n, params) smp_on1_##name,
#define SMP__SLOT2(num, group, name, ret, attrs, feat, n, params) smp_on2_##name,
#define SMP__SLOT3(num, group, name, ret, attrs, feat, n, params) smp_on3_##name,
static const struct vmi_ops tables[SMP_CPU_MAX] = {
    {0},
    {VMI_CALL_LIST(SMP__SLOT1)},
    {VMI_CALL_LIST(SMP__SLOT2)},
    {VMI_CALL_LIST(SMP__SLOT3)},
};

_Static_assert(SMP_CPU_MAX == 4, "one thunk set per AP above");

const struct vmi_ops *smp_ops_on(uint32_t cpu)
{
    if (cpu == 0 || cpu >= SMP_CPU_MAX || smp_cpus[cpu].state != SMP_ONLINE)
        return NULL;
    return &tables[cpu];
}
