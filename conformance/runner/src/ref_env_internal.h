/* What the `ref` platform's files share. */
#ifndef VMI_CONFORM_REF_ENV_INTERNAL_H
#define VMI_CONFORM_REF_ENV_INTERNAL_H

#include "vmi-conform/run.h"

/* The platform's probe (ref_env_probe.c): the model's value, and in
 * e->probe_allowed what an adapter's machine could have shown. */
int vmi__ref_env_probe(void *ctx, uint32_t cpu, uint32_t kind, const uint64_t *args,
                       uint64_t *value);

#endif /* VMI_CONFORM_REF_ENV_INTERNAL_H */
