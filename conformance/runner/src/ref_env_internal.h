/* What the `ref` platform's files share. */
#ifndef VMI_CONFORM_REF_ENV_INTERNAL_H
#define VMI_CONFORM_REF_ENV_INTERNAL_H

#include "vmi-conform/run.h"

/* The platform's probe (ref_env_probe.c): the model's value, and in
 * e->probe_allowed what an adapter's machine could have shown. */
int vmi__ref_env_probe(void *ctx, uint32_t cpu, uint32_t kind, const uint64_t *args,
                       uint64_t *value);

/* Replay (ref_env_replay.c).  The next address of opts.replay, which must
 * be of `kind`; VMI_EINVAL when the list runs out or disagrees. */
int vmi__ref_env_replay_take(struct vmi_ref_env *e, uint8_t kind, uint64_t *addr);
/* The 2 MiB-aligned virtual range the window table maps. */
uint64_t vmi__ref_env_window_va(const struct vmi_run_opts *o);
/* Memory the machine needs to hold every replayed page (at least dflt). */
uint64_t vmi__ref_env_mem_bytes(const struct vmi_run_opts *o, uint64_t dflt);

/* Adoption (ref_env_adopt.c): an ops table that takes the guest's value
 * for each OUT word the model leaves ANY, and the same for a probe. */
const struct vmi_ops *vmi__ref_env_adopt_ops(struct vmi_ref_env *e);
void vmi__ref_env_adopt_probe(struct vmi_ref_env *e, uint32_t kind, const uint64_t *args,
                              uint64_t *value);

#endif /* VMI_CONFORM_REF_ENV_INTERNAL_H */
