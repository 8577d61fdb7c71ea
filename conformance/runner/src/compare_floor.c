/* Counters that never go back: their floors come from the stream, not the model. */
#include <string.h>
#include "compare_internal.h"

/*
 * tsc_read, monotonic_get and steal_time_get may return any value from the
 * last reading up (VMI-CPU-015, VMI-TIME-002/003, VMI-TIME-009); the model
 * states that as a range whose floor is its own last reading.  A real
 * machine's counters are not the model's, so the floor that matters is the
 * last value the stream itself showed: per CPU for the TSC and steal time,
 * across CPUs for the monotonic clock.  In `ref` the stream is the model's,
 * so both floors are the same number there.
 */

static uint64_t *floor_of(struct vmi_cmp_floors *f, uint16_t call, uint16_t cpu)
{
    uint16_t c = cpu < VMI_CMP_FLOOR_CPUS ? cpu : VMI_CMP_FLOOR_CPUS - 1;

    switch (call) {
    case VMI_CALL_tsc_read: return &f->tsc[c];
    case VMI_CALL_monotonic_get: return &f->mono;
    case VMI_CALL_steal_time_get: return &f->steal[c];
    default: return NULL;
    }
}

void vmi__cmp_floor_rebase(struct vmi_cmp_floors *f, const struct vmi_expect_obs *e,
                           struct vmi_ref_allowed *a)
{
    uint64_t *fl = floor_of(f, e->sub, e->cpu);

    if (fl && e->op == VMI_BUNDLE_OP_CALL && e->value_count == 1 &&
        a->kind == VMI_REF_ALLOW_RANGE && a->v[1] == UINT64_MAX)
        a->v[0] = *fl;
}

void vmi__cmp_floor_note(struct vmi_cmp_floors *f, const struct vmi_exec_obs *o)
{
    uint64_t *fl = floor_of(f, o->sub, o->cpu);

    if (fl && o->op == VMI_BUNDLE_OP_CALL && o->status == VMI_OK && o->value_count == 1 &&
        o->values[0] > *fl)
        *fl = o->values[0];
}
