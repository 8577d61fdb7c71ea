/* What the executor's files share: one run's state and the step handlers. */
#ifndef VMI_EXEC_INTERNAL_H
#define VMI_EXEC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "vmi-exec/exec.h"

/* One trace being run. */
struct vmi__exec {
    const struct vmi_bundle *b;
    const struct vmi_bundle_trace_view *t;
    const struct vmi_exec_platform *p;
    struct vmi_exec_work *w;
    struct vmi_bundle_env env;  /* {w->resources, w->vars} */
};

/*
 * Step handlers fill *obs (already zeroed and identified) and return 0 to
 * go on, 1 when the step powered the machine off (the trace ends), or a
 * negative err_code (exec.h) when the platform or the bundle failed.
 */
int vmi__exec_call(struct vmi__exec *x, const struct vmi_bundle_step_view *s,
                   struct vmi_exec_obs *obs);
int vmi__exec_probe(struct vmi__exec *x, const struct vmi_bundle_step_view *s,
                    struct vmi_exec_obs *obs);
int vmi__exec_wait(struct vmi__exec *x, const struct vmi_bundle_step_view *s);
int vmi__exec_write(struct vmi__exec *x, const struct vmi_bundle_step_view *s);
int vmi__exec_expect(struct vmi__exec *x, const struct vmi_bundle_step_view *s,
                     struct vmi_exec_obs *obs);

/* Evaluates a value expression; 0 or VMI_EXEC_EBUNDLE(EXPR). */
int vmi__exec_eval(const struct vmi__exec *x, const uint8_t *expr, uint64_t *value);
/* Binds the step's outputs (if it names any) to vals[0..out_count). */
void vmi__exec_bind(struct vmi__exec *x, const struct vmi_bundle_step_view *s,
                    const uint64_t *vals);

/* No C library here: the byte loops the guest build has no memset for. */
void vmi__exec_zero(void *p, size_t n);

#endif /* VMI_EXEC_INTERNAL_H */
