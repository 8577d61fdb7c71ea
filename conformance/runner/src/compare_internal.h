/* What the comparison's files share. */
#ifndef VMI_CONFORM_COMPARE_INTERNAL_H
#define VMI_CONFORM_COMPARE_INTERNAL_H

#include "vmi-conform/run.h"

/* The last reading of each never-decreasing counter seen in the stream. */
#define VMI_CMP_FLOOR_CPUS 64
struct vmi_cmp_floors {
    uint64_t mono;
    uint64_t tsc[VMI_CMP_FLOOR_CPUS];
    uint64_t steal[VMI_CMP_FLOOR_CPUS];
};

/* Replaces a counter's model floor in `a` with the stream's (compare_floor.c). */
void vmi__cmp_floor_rebase(struct vmi_cmp_floors *f, const struct vmi_expect_obs *e,
                           struct vmi_ref_allowed *a);
/* Records an observed reading as the counter's new floor. */
void vmi__cmp_floor_note(struct vmi_cmp_floors *f, const struct vmi_exec_obs *o);

#endif /* VMI_CONFORM_COMPARE_INTERNAL_H */
