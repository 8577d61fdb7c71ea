/* Running traces in the `ref` environment: the platform, the expectations, the verdict. */
#ifndef VMI_CONFORM_RUN_H
#define VMI_CONFORM_RUN_H

/*
 * The runner computes what the reference model allows for each step of a
 * trace (vmi_expect_trace), runs the trace in an environment, and compares
 * the observed stream with those expectations (vmi_compare_trace).  The
 * `ref` environment is the model itself bound as the adapter through the
 * same executor the guest uses (vmi_ref_env); vmi_run_ref_trace does all
 * three for one trace.
 */
#include <stddef.h>
#include <stdint.h>
#include "vmi/vmi.h"
#include "vmi-ref/ref.h"
#include "vmi-exec/exec.h"
#include "vmi-conform/report.h"

/* ---- Options ---- */

/* One address a platform handed a trace: kind VMI_BUNDLE_RES_* (page, va,
 * window), as a real environment's guest reports it. */
struct vmi_run_alloc {
    uint8_t kind;
    uint64_t addr;
};

struct vmi_run_opts {
    uint64_t seed;                       /* permutes page and va addresses */
    uint32_t cpus;                       /* 0: max(trace cpus, 2) */
    uint64_t features[VMI_GROUP_COUNT];  /* what the environment offers */
    /* Test-only fault hook: in the environment run (never the expectation
     * run) the first OUT word of every successful call numbered
     * fault_call is XORed with fault_xor, as a broken adapter would. */
    int fault_enabled;
    uint32_t fault_call;
    uint64_t fault_xor;
    /* A real environment's addresses (NULL: the seeded pools).  Each
     * page_alloc, va_alloc and window_alloc takes the next entry, which
     * must be of its kind, so the expectation run works on the very
     * addresses the guest used (ref_env_replay.c). */
    const struct vmi_run_alloc *replay;
    uint32_t replay_count;
    /* A real environment's observations, in step order (NULL: none).  The
     * expectation run takes the observed value wherever the model allows
     * ANY, so later steps are expected from the machine's own state
     * (ref_env_adopt.c). */
    const struct vmi_exec_obs *adopt;
    size_t adopt_count;
};

/* Seed 0, CPUs from the trace, every defined feature, no fault. */
void vmi_run_opts_default(struct vmi_run_opts *o);
/* The CPUs the machine gets for a trace needing trace_cpus. */
uint32_t vmi_run_machine_cpus(const struct vmi_run_opts *o, uint32_t trace_cpus);

/* ---- The `ref` platform (ref_env*.c) ---- */

/* Guest-physical memory below this is the harness's (its page tables). */
#define VMI_REF_ENV_HARNESS_TOP UINT64_C(0x1000000)
/* Trace pages come from this many pages above the harness, in seed order. */
#define VMI_REF_ENV_POOL_PAGES 4096u
/* The harness's PML4, PDPT and PD, which map the window. */
#define VMI_REF_ENV_PML4 UINT64_C(0x100000)
#define VMI_REF_ENV_PDPT UINT64_C(0x101000)
#define VMI_REF_ENV_PD UINT64_C(0x102000)
/* The 2 MiB window every va page lies in: PML4 entry 256, PDPT 0, PD 0. */
#define VMI_REF_ENV_WINDOW_VA UINT64_C(0xffff800000000000)
#define VMI_REF_ENV_WINDOW_PAGES 512u
/* The vector `probe ud` raises (#UD). */
#define VMI_REF_ENV_UD_VECTOR 6u
/* Replayed pages must lie below this (a guest of at most 4 GiB). */
#define VMI_REF_ENV_REPLAY_MEM_MAX (UINT64_C(1) << 32)

struct vmi_ref_env {
    struct vmi_run_opts opts;
    int fault;                           /* apply opts' fault hook */
    struct vmi_ref_machine *m;           /* this trace's machine, fresh per trace */
    uint32_t pages_used, vas_used;
    uint32_t replay_used;                /* entries of opts.replay taken */
    uint64_t window_va;                  /* the 2 MiB the window table maps */
    uint64_t harness_pml4;               /* where the harness's PML4 is (adoption moves it) */
    size_t adopt_pos;                    /* observations made so far: opts.adopt's cursor */
    /* Non-zero once a probe faulted the CPU on purpose (the test-only
     * `probe ud`: vector 6); the trace ends there, as a guest's would. */
    uint8_t crash_vector;
    /* What the last probe could have observed (the expectation run reads it). */
    struct vmi_ref_allowed probe_allowed;
    /* Where observations go. */
    void (*observe)(void *ctx, const struct vmi_exec_obs *obs);
    void *observe_ctx;
};

/* `fault` non-zero: this is the environment run and opts' hook applies. */
void vmi_ref_env_init(struct vmi_ref_env *e, const struct vmi_run_opts *o, int fault);
/* The platform the executor runs on; valid while e lives. */
void vmi_ref_env_platform(struct vmi_ref_env *e, struct vmi_exec_platform *p);
/* Frees the last trace's machine. */
void vmi_ref_env_fini(struct vmi_ref_env *e);
/* Address of the n-th page / va the seed gives a trace. */
uint64_t vmi_ref_env_page(uint64_t seed, uint32_t n);
uint64_t vmi_ref_env_va(uint64_t seed, uint32_t n);
/* The ops table for a run: vmi_ref_ops, or with `fault` set a table that
 * forwards to it and perturbs opts' fault_call (ref_env_fault.c).  Binds
 * nothing: callers bind the CPU with vmi_ref_bind. */
const struct vmi_ops *vmi_ref_env_ops(const struct vmi_ref_env *e);

/* ---- Observed streams (run_obs.c) ---- */

struct vmi_obs_list {
    struct vmi_exec_obs *v;
    size_t count, cap;
    int oom;                             /* an observation was dropped */
};
/* An observe hook: appends to the vmi_obs_list ctx. */
void vmi_obs_list_record(void *ctx, const struct vmi_exec_obs *obs);
void vmi_obs_list_free(struct vmi_obs_list *l);

/* ---- Expectations (expect.c) ---- */

/* What the reference model allows for one step. */
struct vmi_expect_obs {
    uint32_t step;
    uint8_t op;
    uint8_t value_count;
    uint16_t sub;
    uint16_t cpu;
    uint32_t line;
    /* CALL, WAIT, WRITE: the status, exactly.  EXPECT: 0 (it must hold).
     * PROBE: the model's own status; VMI_OK or VMI_EFAULT is allowed as
     * allowed[0] says (value_ok, fault). */
    int32_t status;
    struct vmi_ref_allowed allowed[VMI_EXEC_VALUES_MAX];
};

/* Why a trace contradicts the model (then the trace, not an adapter, is wrong). */
enum vmi_expect_wrong {
    VMI_EXPECT_RIGHT = 0,
    VMI_EXPECT_WRONG_STATUS = 1,         /* `expect status` is not the model's status */
    VMI_EXPECT_WRONG_RELATION = 2        /* an `expect` step fails on the model */
};

struct vmi_expect_list {
    struct vmi_expect_obs *v;
    size_t count, cap;
    enum vmi_exec_end end;               /* of the reference run */
    uint32_t err_step;                   /* end == VMI_EXEC_ERROR: where, and why */
    int32_t err_code;
    uint8_t crash_vector;                /* non-zero: the trace faults the CPU at
                                          * err_step by design (probe ud) */
    enum vmi_expect_wrong wrong;
    int adopted;                         /* the run adopted a real machine's values */
    uint32_t wrong_step;                 /* the first step that contradicts the model */
    int32_t wrong_status;                /* WRONG_STATUS: what the trace expected */
    int oom;
};

/* Runs trace `index` on a fresh reference machine (opts' seed, CPUs and
 * features; never the fault hook).  Returns 0, or -1 when out of memory. */
int vmi_expect_trace(const struct vmi_bundle *b, uint32_t index,
                     const struct vmi_run_opts *o, struct vmi_expect_list *out);
void vmi_expect_list_free(struct vmi_expect_list *l);

/* ---- The verdict (compare.c) ---- */

/*
 * Compares an observed stream of trace `index` with its expectations:
 * PASS, FAIL (first observation outside the allowed set), CRASH (the
 * stream ended early, unless only the observation of a final power call
 * is missing), or ERROR (the trace contradicts the model, the reference
 * run failed, or the stream does not match the trace's steps).  *detail
 * is malloc'd ("" for PASS).  Returns 0, or -1 when out of memory.
 */
int vmi_compare_trace(const struct vmi_bundle *b, uint32_t index,
                      const struct vmi_expect_list *exp,
                      const struct vmi_exec_obs *obs, size_t count,
                      enum vmi_result_status *status, char **detail);

/* ---- One trace in the `ref` environment (run.c) ---- */

/*
 * Fills `res` (strings malloc'd; env and adapter "ref") with the trace's
 * status: PASS, FAIL, NOT_SUPPORTED (a needed feature opts lack; detail
 * names them), SKIP (more CPUs than the machine may have), ERROR or CRASH.
 * Returns 0, or -1 when out of memory (res then holds what was filled).
 */
int vmi_run_ref_trace(const struct vmi_bundle *b, uint32_t index,
                      const struct vmi_run_opts *o, struct vmi_result *res);
/* A result's trace name, env, adapter and requirement IDs (malloc'd).
 * Returns 0, or -1 when out of memory. */
int vmi_run_result_start(const struct vmi_bundle *b, const struct vmi_bundle_trace_view *t,
                         const char *env, const char *adapter, struct vmi_result *res);
/* NOT_SUPPORTED's detail: "NAME: needs MMU_LAZY TLB_REMOTE, which the
 * environment does not offer"; missing[] has VMI_GROUP_COUNT bitmaps and
 * count counts every missing bit, those of unknown groups too. */
int vmi_run_missing_detail(const struct vmi_bundle_trace_view *t, const uint64_t *missing,
                           uint32_t count, struct vmi_result *res);
/* CRASH, with the detail of a trace that faulted the model's CPU on
 * purpose (probe ud) at `step`.  Returns 0, or -1 when out of memory. */
int vmi_run_crash_detail(const char *trace, uint32_t step, uint8_t vector,
                         struct vmi_result *res);
/* Frees the strings of a result filled by vmi_run_ref_trace. */
void vmi_run_result_clear(struct vmi_result *res);

#endif /* VMI_CONFORM_RUN_H */
