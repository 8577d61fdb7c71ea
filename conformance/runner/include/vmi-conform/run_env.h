/* Judging a trace run in a real environment (conformance/envs). */
#ifndef VMI_CONFORM_RUN_ENV_H
#define VMI_CONFORM_RUN_ENV_H

#include "vmi-conform/run.h"
#include "vmi-envs/session.h"

/*
 * Turns what the guest reported for trace `index` into a result:
 * TRACE_SKIP gives NOT_SUPPORTED naming the missing features; a FAULT,
 * CRASH with vector, error code and RIP; the watchdog, TIMEOUT; QEMU or
 * the stream ending inside it, CRASH; a damaged or lost record, ERROR;
 * a complete stream is compared with the reference run made on the
 * guest's own addresses (opts->replay is set from its ALLOC records;
 * opts gives CPUs and features, which the guest's IDENT says).
 * Returns 0, or -1 when out of memory.
 */
int vmi_run_env_trace(const struct vmi_bundle *b, uint32_t index,
                      const struct vmi_env_trace *t, const struct vmi_run_opts *opts,
                      const char *env, const char *adapter, struct vmi_result *res);

/* "#UD" for 6, "" for a vector without a mnemonic. */
const char *vmi_run_vector_name(uint8_t vector);

#endif /* VMI_CONFORM_RUN_ENV_H */
