/* Adopting a real machine's platform-defined values into the reference run. */
#include <string.h>
#include "ref_env_internal.h"

/*
 * Where the model allows ANY value (a register the guest never set, CPUID,
 * the harness's own GDT or page tables), any answer conforms, and the
 * reference cannot know which one the machine will give.  But a trace
 * goes on computing with it: it writes a CR0 it read back with TS set, or
 * reloads the CR3 it found.  So the expectation run of a real environment
 * adopts the value the guest observed at that very step (opts.adopt): the
 * model's answer becomes the machine's, and every later step is expected
 * from the machine's state, not from the model's invented one.  Values the
 * model knows are never adopted: those are what is being checked.
 */

static _Thread_local struct vmi_ref_env *adopt_env;

/* The guest's observation of the step now running, if it is `op`/`sub`. */
static const struct vmi_exec_obs *current_obs(const struct vmi_ref_env *e, uint8_t op,
                                              uint32_t sub)
{
    const struct vmi_exec_obs *o;

    if (!e->opts.adopt || e->adopt_pos >= e->opts.adopt_count)
        return NULL;
    o = &e->opts.adopt[e->adopt_pos];
    return o->op == op && o->sub == sub && o->status == VMI_OK ? o : NULL;
}

/* Overwrites each OUT word whose expected set is ANY with the observed one. */
static void adopt_outs(uint32_t call, void *const *outs, const size_t *sizes)
{
    const struct vmi_exec_obs *o = current_obs(adopt_env, VMI_BUNDLE_OP_CALL, call);
    struct vmi_exec_out_map map;
    uint32_t i, b;

    if (!o || vmi_exec_call_out_map(call, &map) != 0)
        return;
    for (i = 0; i < map.words && i < o->value_count; i++) {
        const struct vmi_ref_allowed *a = vmi_ref_last_allowed(adopt_env->m, map.param[i]);
        uint8_t *p = outs[map.param[i]];
        size_t at = 8u * map.part[i];

        /* Struct OUTs (CPUID leaves, adapter info) have no per-word set: ANY. */
        if (!p || (map.param_words[i] == 1 && (!a || a->kind != VMI_REF_ALLOW_ANY)))
            continue;
        for (b = 0; b < 8 && at + b < sizes[map.param[i]]; b++)
            p[at + b] = (uint8_t)(o->values[i] >> (8 * b));
    }
}

#define ADOPT__PTR_IN(t, n) NULL
#define ADOPT__PTR_BUF(t, n) NULL
#define ADOPT__PTR_OUT(t, n) (void *)(n)
#define ADOPT__PTR(i, k, t, n) ADOPT__PTR_##k(t, n)

#define ADOPT__THUNK(num, group, name, ret, attrs, feat, n, params)                     \
    static ret adopt_op_##name(VMI_PARAMS(n, params))                                  \
    {                                                                                  \
        ret st = vmi_ref_ops.name(VMI_ARGS(n, params));                                \
        void *const outs[] = {NULL VMI_PARAM_COMMA(n) VMI__MAP_EXPAND(ADOPT__PTR, n, params)}; \
        const size_t sizes[] = {0 VMI_PARAM_COMMA(n) VMI_PARAM_SIZES(n, params)};      \
                                                                                       \
        if (st == VMI_OK)                                                              \
            adopt_outs((num), outs + 1, sizes + 1);                                    \
        return st;                                                                     \
    }
VMI_CALL_LIST(ADOPT__THUNK)
#undef ADOPT__THUNK

/* The harness's CR3 is the guest's: move the model's harness PML4 to the
 * address the machine showed, while no CPU has left it yet. */
static void adopt_harness_cr3(struct vmi_ref_env *e, uint64_t cr3)
{
    uint8_t page[VMI_PAGE_SIZE];
    uint64_t pml4 = cr3 & ~(uint64_t)(VMI_PAGE_SIZE - 1);
    uint32_t c;

    if (e->harness_pml4 != VMI_REF_ENV_PML4 || pml4 == VMI_REF_ENV_PML4 ||
        vmi_ref_phys_read(e->m, VMI_REF_ENV_PML4, page, sizeof(page)) != VMI_OK ||
        vmi_ref_phys_write(e->m, pml4, page, sizeof(page)) != VMI_OK)
        return;
    for (c = 0; vmi_ref_cpu(e->m, c); c++)
        if (vmi_ref_harness_cr3(vmi_ref_cpu(e->m, c), cr3) != VMI_OK)
            return;
    e->harness_pml4 = pml4;
}

static vmi_status_t adopt_op_cr_read_harness(uint32_t cr, uint64_t *value)
{
    const struct vmi_ref_allowed *a;
    vmi_status_t st = adopt_op_cr_read(cr, value);

    a = vmi_ref_last_allowed(adopt_env->m, 1);
    if (st == VMI_OK && cr == 3 && a && a->kind == VMI_REF_ALLOW_ANY &&
        current_obs(adopt_env, VMI_BUNDLE_OP_CALL, VMI_CALL_cr_read))
        adopt_harness_cr3(adopt_env, *value);
    return st;
}

void vmi__ref_env_adopt_probe(struct vmi_ref_env *e, uint32_t kind, const uint64_t *args,
                              uint64_t *value)
{
    const struct vmi_exec_obs *o = current_obs(e, VMI_BUNDLE_OP_PROBE, kind);

    if (!o || e->probe_allowed.kind != VMI_REF_ALLOW_ANY || !e->probe_allowed.value_ok)
        return;
    *value = o->values[0];
    if (kind == VMI_BUNDLE_PROBE_CR && args[0] == 3)
        adopt_harness_cr3(e, *value);
}

static struct vmi_ops adopt_ops = {
#define ADOPT__SLOT(num, group, name, ret, attrs, feat, n, params) adopt_op_##name,
    VMI_CALL_LIST(ADOPT__SLOT)
#undef ADOPT__SLOT
};

const struct vmi_ops *vmi__ref_env_adopt_ops(struct vmi_ref_env *e)
{
    adopt_env = e;
    adopt_ops.cr_read = adopt_op_cr_read_harness;
    return &adopt_ops;
}
