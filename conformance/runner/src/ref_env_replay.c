/* Replaying a real environment's addresses in the `ref` platform. */
#include "ref_env_internal.h"

#define TWO_MIB UINT64_C(0x200000)

/* A guest-physical page the model can hold, or a canonical virtual page. */
static int plausible(uint8_t kind, uint64_t addr)
{
    uint64_t top = addr >> 47;

    if (addr % VMI_PAGE_SIZE != 0)
        return 0;
    if (kind == VMI_BUNDLE_RES_VA)
        return top == 0 || top == 0x1ffff;
    return addr < VMI_REF_ENV_REPLAY_MEM_MAX;
}

int vmi__ref_env_replay_take(struct vmi_ref_env *e, uint8_t kind, uint64_t *addr)
{
    const struct vmi_run_alloc *a;

    /* The guest's list ran out or disagrees with the trace's resources:
     * the stream does not belong to this trace, a harness error. */
    if (e->replay_used >= e->opts.replay_count)
        return VMI_EINVAL;
    a = &e->opts.replay[e->replay_used];
    if (a->kind != kind || !plausible(kind, a->addr))
        return VMI_EINVAL;
    e->replay_used++;
    *addr = a->addr;
    return 0;
}

uint64_t vmi__ref_env_window_va(const struct vmi_run_opts *o)
{
    uint32_t i;

    /* Every va page of a trace lies in the 2 MiB its window table maps
     * (spec/trace-format.rst), so the first one names it. */
    for (i = 0; o->replay && i < o->replay_count; i++)
        if (o->replay[i].kind == VMI_BUNDLE_RES_VA)
            return o->replay[i].addr & ~(TWO_MIB - 1);
    return VMI_REF_ENV_WINDOW_VA;
}

uint64_t vmi__ref_env_mem_bytes(const struct vmi_run_opts *o, uint64_t dflt)
{
    uint64_t need = dflt;
    uint32_t i;

    for (i = 0; o->replay && i < o->replay_count; i++) {
        const struct vmi_run_alloc *a = &o->replay[i];

        if (a->kind != VMI_BUNDLE_RES_VA && plausible(a->kind, a->addr) &&
            a->addr + VMI_PAGE_SIZE > need)
            need = a->addr + VMI_PAGE_SIZE;
    }
    return need;
}
