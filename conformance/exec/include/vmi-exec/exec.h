/* The one trace executor: runs a compiled trace on whatever platform supplies calls and probes. */
#ifndef VMI_EXEC_EXEC_H
#define VMI_EXEC_EXEC_H

/*
 * Freestanding C99, like the bundle decoder: the same code runs inside the
 * conformance guest (ops = the bound adapter, probes = instructions) and in
 * the runner's `ref` environment (ops = vmi_ref_ops, probes = the model).
 * The executor never grades what it sees: it reports one observation per
 * step, and the runner compares the stream with the reference's allowed
 * outcomes.
 */
#include <stddef.h>
#include <stdint.h>
#include "vmi/vmi.h"
#include "vmi-trace/bundle.h"

/* The most values one observation carries: the OUT words of a call. */
#define VMI_EXEC_VALUES_MAX VMI_BUNDLE_OUTS_MAX

/* The zero-filled area a BUF argument's bytes are copied to
 * (spec/trace-format.rst: a length past the literal reads zeros). */
#define VMI_EXEC_BUF_SCRATCH 8192u

/* err_step of a failure before the first step (resources, the window). */
#define VMI_EXEC_STEP_SETUP 0xffffffffu

/* err_code of a bundle that failed while running (a VMI_BUNDLE_E* code),
 * kept apart from the platform's negative vmi_status_t values, which
 * would otherwise share the numbers -1 .. -14. */
#define VMI_EXEC_EBUNDLE_BASE 0x100
#define VMI_EXEC_EBUNDLE(code) (-(VMI_EXEC_EBUNDLE_BASE + (int32_t)(code)))
#define VMI_EXEC_IS_EBUNDLE(err) ((err) <= -VMI_EXEC_EBUNDLE_BASE)
#define VMI_EXEC_EBUNDLE_CODE(err) (-(err) - VMI_EXEC_EBUNDLE_BASE)

/* One step's outcome, in step order. */
struct vmi_exec_obs {
    uint32_t trace;             /* index in the bundle */
    uint32_t step;              /* index in the trace */
    uint8_t op;                 /* VMI_BUNDLE_OP_* */
    uint8_t value_count;        /* how many of values[] are meaningful */
    uint16_t sub;               /* call number, probe kind or relation */
    uint16_t cpu;
    uint16_t reserved;          /* 0 */
    int32_t status;             /* the call's or probe's status; EXPECT: 0 held, 1 not */
    uint32_t line;              /* source line of the step */
    /* CALL: every OUT word (whether bound or not); PROBE: the value (0 when
     * it faulted); EXPECT: left and right, for reports; WAIT, WRITE: none. */
    uint64_t values[VMI_EXEC_VALUES_MAX];
};

/*
 * What an environment supplies.  Every function returns 0 on success or a
 * negative vmi_status_t; a platform failure ends the trace with
 * VMI_EXEC_ERROR (the harness failed, not the adapter).
 */
struct vmi_exec_platform {
    void *ctx;
    /* Prepares a fresh sandbox for trace `t` (resources freed, CPUs idle,
     * the window's translations flushed on every CPU). */
    int (*trace_begin)(void *ctx, const struct vmi_bundle_trace_view *t);
    /* Ends it: flushes the window's translations again. */
    void (*trace_end)(void *ctx, const struct vmi_bundle_trace_view *t);
    /* A zeroed 4 KiB guest-physical page, or a 4 KiB virtual page in the
     * trace's window (unmapped until the trace maps it). */
    int (*page_alloc)(void *ctx, uint64_t *pa);
    int (*va_alloc)(void *ctx, uint64_t *va);
    /* The zeroed level-1 table that maps the 2 MiB window every va page
     * lies in, linked into the address space of every CPU the trace uses.
     * The executor announces it with pt_page_alloc before the first step. */
    int (*window_alloc)(void *ctx, uint64_t *pt_pa);
    /* The ops table to call on CPU `cpu` (the platform runs the call there). */
    const struct vmi_ops *(*ops_on)(void *ctx, uint32_t cpu);
    /* Observes state without the adapter: kind VMI_BUNDLE_PROBE_*, args as
     * the kind takes them; returns 0 or VMI_EFAULT (value unset). */
    int (*probe)(void *ctx, uint32_t cpu, uint32_t kind, const uint64_t *args,
                 uint64_t *value);
    /* At least ns of guest time with cpu's interrupt flag set, then restored. */
    int (*wait)(void *ctx, uint32_t cpu, uint64_t ns);
    int (*phys_write)(void *ctx, uint64_t pa, uint32_t width, uint64_t value);
    /* Receives each observation as it is made. */
    void (*observe)(void *ctx, const struct vmi_exec_obs *obs);
    /* Optional (NULL: nothing): just before and just after each call the
     * executor makes through ops_on's table (a step's, or the window's
     * page-table notice), so that a platform can tell what the calls alone
     * cost.  A call that does not return gets no call_end. */
    void (*call_begin)(void *ctx);
    void (*call_end)(void *ctx);
};

/* How a trace ended, as far as the executor can tell. */
enum vmi_exec_end {
    VMI_EXEC_DONE = 0,          /* every step ran (or a power call ended it) */
    VMI_EXEC_ERROR = 1,         /* the platform or the bundle failed */
    VMI_EXEC_POWER = 2          /* a shutdown, reboot or crash call succeeded */
};

/*
 * The executor's working memory: resource addresses, variables, the OUT
 * scratch words and the BUF scratch (about 11 KiB).  vmi_exec_trace keeps
 * one on its stack; a guest with a small stack passes a static one.
 */
struct vmi_exec_work {
    uint64_t resources[VMI_BUNDLE_RESOURCES_MAX];
    uint64_t vars[VMI_BUNDLE_VARS_MAX];
    union {
        uint64_t align;
        uint8_t bytes[VMI_BUNDLE_OUTS_MAX * 8];
    } out;
    union {
        uint64_t align;
        uint8_t bytes[VMI_EXEC_BUF_SCRATCH];
    } buf;
    uint32_t buf_dirty;         /* bytes of buf that may be non-zero */
};

/*
 * Runs trace `index` of an open bundle.  On VMI_EXEC_ERROR, *err_step is
 * the step that failed (VMI_EXEC_STEP_SETUP before the first) and
 * *err_code a negative status of the platform, or VMI_EXEC_EBUNDLE(code).
 */
enum vmi_exec_end vmi_exec_trace(const struct vmi_bundle *b, uint32_t index,
                                 const struct vmi_exec_platform *p,
                                 uint32_t *err_step, int32_t *err_code);
/* The same with caller-provided working memory. */
enum vmi_exec_end vmi_exec_trace_work(const struct vmi_bundle *b, uint32_t index,
                                      const struct vmi_exec_platform *p,
                                      struct vmi_exec_work *w,
                                      uint32_t *err_step, int32_t *err_code);

/*
 * The features trace `t` needs that `offered` (bitmaps of groups
 * 0..groups-1) lacks: missing[g] for g < groups.  Returns how many needed
 * feature bits are missing, counting bits of groups past `groups` too; 0
 * means the trace may run.  The spec forbids running it otherwise: the
 * caller reports NOT_SUPPORTED.
 */
uint32_t vmi_exec_missing_features(const struct vmi_bundle *b,
                                   const struct vmi_bundle_trace_view *t,
                                   const uint64_t *offered, uint32_t groups,
                                   uint64_t *missing);

/* Where each OUT word of a call comes from: the words of its OUT
 * parameters in order, ceil(size / 8) each (spec/trace-format.rst). */
struct vmi_exec_out_map {
    uint8_t words;                          /* OUT words of the call */
    uint8_t param[VMI_EXEC_VALUES_MAX];     /* word i: its parameter's position */
    uint8_t part[VMI_EXEC_VALUES_MAX];      /* word i: which word of that parameter */
    uint8_t param_words[VMI_EXEC_VALUES_MAX]; /* word i: that parameter's word count */
};
/* Fills `m` for call `call`; returns 0, or -1 for a number this ABI lacks. */
int vmi_exec_call_out_map(uint32_t call, struct vmi_exec_out_map *m);

/* Non-zero when a successful call `call` ends the trace (shutdown, reboot,
 * crash: NORETURN calls of the power group; cpu_stop only stops its CPU). */
int vmi_exec_call_ends_trace(uint32_t call);

#endif /* VMI_EXEC_EXEC_H */
