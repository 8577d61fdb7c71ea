/* A trace from a real environment's stream: its outcome, or the comparison. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "vmi-conform/run_env.h"
#include "run_text.h"

const char *vmi_run_vector_name(uint8_t vector)
{
    static const char *const names[20] = {"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD",
                                          "#NM", "#DF", "", "#TS", "#NP", "#SS", "#GP",
                                          "#PF", "", "#MF", "#AC", "#MC", "#XM"};

    return vector < 20 ? names[vector] : "";
}

static int set_detail(struct vmi_result *res, enum vmi_result_status st,
                      struct vmi_run_text *text)
{
    res->status = st;
    free(res->detail);
    res->detail = vmi_run_text_take(text);
    return res->detail ? 0 : -1;
}

/* The step a trace was in when the stream stopped: the one after the last observed. */
static uint32_t step_reached(const struct vmi_env_trace *t)
{
    return t->obs_count ? t->obs[t->obs_count - 1].step + 1 : 0;
}

static int crashed(const char *name, const struct vmi_env_trace *t, struct vmi_result *res)
{
    const struct vmi_env_fault *f = &t->fault;
    struct vmi_run_text text = {0};

    vmi_run_text_add(&text, "%s: step %" PRIu32 ": the guest took vector %u%s%s, error code "
                            "0x%" PRIx64 ", RIP 0x%" PRIx64 ", CR2 0x%" PRIx64 " on CPU %u "
                            "after %zu observations%s",
                     name, step_reached(t), (unsigned)f->vector,
                     vmi_run_vector_name(f->vector)[0] ? " " : "",
                     vmi_run_vector_name(f->vector), f->error, f->rip, f->cr2,
                     (unsigned)f->cpu, t->obs_count,
                     f->fatal ? "; the guest could not recover and stopped" : "");
    return set_detail(res, VMI_RESULT_CRASH, &text);
}

/* TRACE_SKIP: the guest's bitmaps, cut to the groups this ABI knows. */
static int skipped(const struct vmi_bundle_trace_view *v, const struct vmi_env_trace *t,
                   struct vmi_result *res)
{
    uint64_t missing[VMI_GROUP_COUNT] = {0};
    uint32_t g, count = 0;

    for (g = 0; g < t->groups; g++) {
        uint64_t m = t->missing[g];

        if (g < VMI_GROUP_COUNT)
            missing[g] = m & vmi_features_defined(g);
        for (; m; m &= m - 1)
            count++;
    }
    res->status = VMI_RESULT_NOT_SUPPORTED;
    free(res->detail);
    res->detail = NULL;
    return vmi_run_missing_detail(v, missing, count, res);
}

static int ended_in_error(const struct vmi_bundle_trace_view *v, const struct vmi_env_trace *t,
                          struct vmi_result *res)
{
    struct vmi_run_text text = {0};

    vmi_run_text_add(&text, "%s: the guest's harness failed at step %" PRIu32 ": ", v->name,
                     t->err_step);
    if (VMI_EXEC_IS_EBUNDLE(t->err_code))
        vmi_run_text_add(&text, "bundle error %ld", (long)VMI_EXEC_EBUNDLE_CODE(t->err_code));
    else
        vmi_run_text_status(&text, t->err_code);
    return set_detail(res, VMI_RESULT_ERROR, &text);
}

/* The reference run on the guest's addresses, then the verdict. */
static int compare(const struct vmi_bundle *b, uint32_t index,
                   const struct vmi_bundle_trace_view *v, const struct vmi_env_trace *t,
                   const struct vmi_run_opts *opts, struct vmi_result *res)
{
    struct vmi_run_opts o = *opts;
    struct vmi_run_alloc *replay = calloc(t->alloc_count ? t->alloc_count : 1, sizeof(*replay));
    struct vmi_expect_list exp;
    uint32_t i;
    int rc = -1;

    if (!replay)
        return -1;
    for (i = 0; i < t->alloc_count; i++) {
        replay[i].kind = t->allocs[i].kind;
        replay[i].addr = t->allocs[i].addr;
    }
    o.replay = replay;
    o.replay_count = t->alloc_count;
    o.adopt = t->obs;
    o.adopt_count = t->obs_count;
    o.fault_enabled = 0;
    if (vmi_expect_trace(b, index, &o, &exp) == 0) {
        free(res->detail);
        rc = vmi_compare_trace(b, index, &exp, t->obs, t->obs_count, &res->status,
                               &res->detail);
        /* The guest's harness failing is an ERROR, unless a mismatch led to it. */
        if (rc == 0 && t->end == VMI_EXEC_ERROR && exp.end != VMI_EXEC_ERROR &&
            res->status != VMI_RESULT_FAIL)
            rc = ended_in_error(v, t, res);
    }
    vmi_expect_list_free(&exp);
    free(replay);
    return rc;
}

static int from_outcome(const struct vmi_bundle *b, uint32_t index,
                        const struct vmi_bundle_trace_view *v, const struct vmi_env_trace *t,
                        const struct vmi_run_opts *opts, struct vmi_result *res)
{
    struct vmi_run_text text = {0};

    switch (t->outcome) {
    case VMI_ENV_ENDED: return compare(b, index, v, t, opts, res);
    case VMI_ENV_SKIPPED: return skipped(v, t, res);
    case VMI_ENV_FAULTED: return crashed(v->name, t, res);
    case VMI_ENV_TIMED_OUT:
        vmi_run_text_add(&text, "%s: %s", v->name, t->why);
        return set_detail(res, VMI_RESULT_TIMEOUT, &text);
    case VMI_ENV_DIED:
        vmi_run_text_add(&text, "%s: %s", v->name, t->why);
        return set_detail(res, VMI_RESULT_CRASH, &text);
    case VMI_ENV_DAMAGED:
        vmi_run_text_add(&text, "%s: the guest's stream is damaged: %s", v->name, t->why);
        return set_detail(res, VMI_RESULT_ERROR, &text);
    default:
        vmi_run_text_add(&text, "%s: the environment never ran the trace", v->name);
        return set_detail(res, VMI_RESULT_ERROR, &text);
    }
}

int vmi_run_env_trace(const struct vmi_bundle *b, uint32_t index,
                      const struct vmi_env_trace *t, const struct vmi_run_opts *opts,
                      const char *env, const char *adapter, struct vmi_result *res)
{
    struct vmi_bundle_trace_view v;

    memset(res, 0, sizeof(*res));
    res->status = VMI_RESULT_ERROR;
    if (vmi_bundle_trace_get(b, index, &v) != 0 ||
        vmi_run_result_start(b, &v, env, adapter, res) != 0)
        return -1;
    if (from_outcome(b, index, &v, t, opts, res) != 0)
        return -1;
    res->duration_us = t->duration_us;
    return 0;
}
