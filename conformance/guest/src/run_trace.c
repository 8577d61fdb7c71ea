/* One trace: its records, its feature check, and a recovery point so that a fault ends it and not the run. */
#include "run.h"
#include "trap.h"

/* About 11 KiB: too much for the boot stack. */
static struct vmi_exec_work work;

struct trace_job {
    const struct vmi_bundle *b;
    uint32_t index;
    enum vmi_exec_end end;
    uint32_t err_step;
    int32_t err_code;
};

static void job_run(void *arg)
{
    struct trace_job *j = arg;

    j->end = vmi_exec_trace_work(j->b, j->index, platform_get(j->index), &work, &j->err_step,
                                 &j->err_code);
}

void run_trace_end_report(uint32_t trace, uint32_t end, uint32_t err_step, int32_t err_code)
{
    uint8_t p[VMI_REC_TRACE_END_SIZE];

    vmi_rec_put32(p + VMI_REC_TRACE_END_TRACE, trace);
    vmi_rec_put32(p + VMI_REC_TRACE_END_END, end);
    vmi_rec_put32(p + VMI_REC_TRACE_END_ERR_STEP, err_step);
    vmi_rec_put32(p + VMI_REC_TRACE_END_ERR_CODE, (uint32_t)err_code);
    rec_emit(VMI_REC_TRACE_END, p, sizeof(p));
}

static void begin_report(uint32_t trace, uint32_t cpus)
{
    uint8_t p[VMI_REC_TRACE_BEGIN_SIZE];

    vmi_rec_put32(p + VMI_REC_TRACE_BEGIN_TRACE, trace);
    vmi_rec_put32(p + VMI_REC_TRACE_BEGIN_CPUS, cpus);
    rec_emit(VMI_REC_TRACE_BEGIN, p, sizeof(p));
}

/* The spec forbids running a trace whose features the adapter lacks:
 * TRACE_SKIP says which, and the runner reports NOT_SUPPORTED. */
static int skipped(const struct vmi_bundle *b, const struct vmi_bundle_trace_view *t,
                   uint32_t trace)
{
    uint8_t p[VMI_REC_TRACE_SKIP_MISSING + 8 * VMI_REC_IDENT_GROUPS_MAX];
    uint64_t offered[VMI_REC_IDENT_GROUPS_MAX], missing[VMI_REC_IDENT_GROUPS_MAX];
    uint32_t groups, g;

    ident_features(offered, &groups);
    if (vmi_exec_missing_features(b, t, offered, groups, missing) == 0)
        return 0;
    vmi_rec_put32(p + VMI_REC_TRACE_SKIP_TRACE, trace);
    vmi_rec_put32(p + VMI_REC_TRACE_SKIP_GROUPS, groups);
    for (g = 0; g < groups; g++)
        vmi_rec_put64(p + VMI_REC_TRACE_SKIP_MISSING + 8 * g, missing[g]);
    rec_emit(VMI_REC_TRACE_SKIP, p, VMI_REC_TRACE_SKIP_MISSING + 8 * groups);
    return 1;
}

static int run_held(const struct vmi_bundle *b, uint32_t index)
{
    struct trace_job j = {b, index, VMI_EXEC_ERROR, VMI_EXEC_STEP_SETUP, 0};
    struct guest_recover r;

    if (guest_try(&r, job_run, &j) != 0) {
        /* The fault took the trace's end with it: the harness's state
         * back first, then the report, then the next trace. */
        platform_cleanup();
        trap_report(index, &r.fault, 0);
        return 0;
    }
    run_trace_end_report(index, j.end, j.err_step, j.err_code);
    return j.end == VMI_EXEC_POWER;
}

int run_trace(const struct vmi_bundle *b, uint32_t index)
{
    struct vmi_bundle_trace_view t;
    int rc = vmi_bundle_trace_get(b, index, &t), power;

    /* TRACE_BEGIN goes out at once: if the trace hangs, the host knows which. */
    begin_report(index, rc == 0 ? t.cpus : 0);
    if (rc != 0) {
        run_trace_end_report(index, VMI_EXEC_ERROR, VMI_EXEC_STEP_SETUP, VMI_EXEC_EBUNDLE(rc));
        return 0;
    }
    if (skipped(b, &t, index))
        return 0;
    rec_hold();
    power = run_held(b, index);
    rec_release();
    return power;
}
