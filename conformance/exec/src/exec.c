/* The trace loop: set the sandbox up, run each step, report each observation. */
#include "exec_internal.h"

/* Each resource's address from the platform, in declaration order. */
static int alloc_resources(struct vmi__exec *x, uint64_t *window)
{
    const struct vmi_exec_platform *p = x->p;
    uint32_t i;
    int rc;

    *window = 0;
    for (i = 0; i < x->t->resource_count; i++) {
        uint64_t *at = &x->w->resources[i];

        switch (vmi_bundle_trace_resource(x->b, x->t, i, 0)) {
        case VMI_BUNDLE_RES_PAGE: rc = p->page_alloc(p->ctx, at); break;
        case VMI_BUNDLE_RES_VA: rc = p->va_alloc(p->ctx, at); break;
        case VMI_BUNDLE_RES_WINDOW:
            rc = p->window_alloc ? p->window_alloc(p->ctx, at) : VMI_ENOTSUP;
            *window = *at;
            break;
        default: return VMI_EXEC_EBUNDLE(VMI_BUNDLE_EOPCODE);
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* The window's table is the trace's, so the adapter hears of it as of any
 * page table (spec: window).  An adapter that needs no notices says so
 * with VMI_ENOTSUP; any other refusal leaves the sandbox unusable. */
static int announce_window(struct vmi__exec *x, uint64_t pt)
{
    const struct vmi_ops *ops = x->p->ops_on(x->p->ctx, 0);
    vmi_status_t st;

    if (!ops)
        return VMI_EINVAL;
    if (x->p->call_begin)
        x->p->call_begin(x->p->ctx);
    st = ops->pt_page_alloc ? ops->pt_page_alloc(VMI_PT_LEVEL_PT, pt) : VMI_ENOTSUP;
    if (x->p->call_end)
        x->p->call_end(x->p->ctx);
    return st == VMI_OK || st == VMI_ENOTSUP ? 0 : st;
}

static int run_step(struct vmi__exec *x, const struct vmi_bundle_step_view *s,
                    struct vmi_exec_obs *obs)
{
    switch (s->op) {
    case VMI_BUNDLE_OP_CALL: return vmi__exec_call(x, s, obs);
    case VMI_BUNDLE_OP_PROBE: return vmi__exec_probe(x, s, obs);
    case VMI_BUNDLE_OP_WAIT: return vmi__exec_wait(x, s);
    case VMI_BUNDLE_OP_WRITE: return vmi__exec_write(x, s);
    case VMI_BUNDLE_OP_EXPECT: return vmi__exec_expect(x, s, obs);
    default: return VMI_EXEC_EBUNDLE(VMI_BUNDLE_EOPCODE);
    }
}

static void obs_start(struct vmi_exec_obs *obs, uint32_t trace, uint32_t step,
                      const struct vmi_bundle_step_view *s)
{
    vmi__exec_zero(obs, sizeof(*obs));
    obs->trace = trace;
    obs->step = step;
    obs->op = s->op;
    obs->sub = s->sub;
    obs->cpu = s->cpu;
    obs->line = s->line;
}

/* Runs every step; returns the end and sets the error outputs on ERROR. */
static enum vmi_exec_end run_steps(struct vmi__exec *x, uint32_t trace, uint32_t *err_step,
                                   int32_t *err_code)
{
    struct vmi_bundle_step_iter it;
    struct vmi_bundle_step_view s;
    struct vmi_exec_obs obs;
    uint32_t step = 0;
    int more, rc;

    vmi_bundle_steps_begin(&it, x->b, x->t);
    while ((more = vmi_bundle_steps_next(&it, &s)) == 1) {
        obs_start(&obs, trace, step, &s);
        rc = run_step(x, &s, &obs);
        if (rc < 0) {
            *err_step = step;
            *err_code = rc;
            return VMI_EXEC_ERROR;
        }
        x->p->observe(x->p->ctx, &obs);
        if (rc == 1)
            return VMI_EXEC_POWER;
        step++;
    }
    if (more == 0)
        return VMI_EXEC_DONE;
    *err_step = step;
    *err_code = VMI_EXEC_EBUNDLE(-more);
    return VMI_EXEC_ERROR;
}

/* Resources, then the window notice: everything before the first step. */
static int setup(struct vmi__exec *x)
{
    uint64_t window;
    int rc;

    vmi__exec_zero(x->w->vars, sizeof(x->w->vars));
    x->w->buf_dirty = VMI_EXEC_BUF_SCRATCH;  /* unknown contents: zero all once */
    rc = alloc_resources(x, &window);
    if (rc == 0 && window != 0)
        rc = announce_window(x, window);
    return rc;
}

enum vmi_exec_end vmi_exec_trace_work(const struct vmi_bundle *b, uint32_t index,
                                      const struct vmi_exec_platform *p,
                                      struct vmi_exec_work *w,
                                      uint32_t *err_step, int32_t *err_code)
{
    struct vmi_bundle_trace_view t;
    struct vmi__exec x;
    enum vmi_exec_end end = VMI_EXEC_ERROR;
    int rc;

    *err_step = VMI_EXEC_STEP_SETUP;
    *err_code = 0;
    if ((rc = vmi_bundle_trace_get(b, index, &t)) != 0) {
        *err_code = VMI_EXEC_EBUNDLE(rc);
        return VMI_EXEC_ERROR;
    }
    x.b = b;
    x.t = &t;
    x.p = p;
    x.w = w;
    x.env.resources = w->resources;
    x.env.vars = w->vars;
    if ((rc = p->trace_begin(p->ctx, &t)) != 0) {
        *err_code = rc;
        return VMI_EXEC_ERROR;
    }
    if ((rc = setup(&x)) != 0)
        *err_code = rc;
    else
        end = run_steps(&x, index, err_step, err_code);
    p->trace_end(p->ctx, &t);
    return end;
}

enum vmi_exec_end vmi_exec_trace(const struct vmi_bundle *b, uint32_t index,
                                 const struct vmi_exec_platform *p,
                                 uint32_t *err_step, int32_t *err_code)
{
    struct vmi_exec_work w;

    return vmi_exec_trace_work(b, index, p, &w, err_step, err_code);
}

uint32_t vmi_exec_missing_features(const struct vmi_bundle *b,
                                   const struct vmi_bundle_trace_view *t,
                                   const uint64_t *offered, uint32_t groups,
                                   uint64_t *missing)
{
    uint32_t g, count = 0;

    for (g = 0; g < groups; g++)
        missing[g] = 0;
    for (g = 0; g < b->feature_groups; g++) {
        uint64_t lack = vmi_bundle_trace_features(b, t, g) & ~(g < groups ? offered[g] : 0);

        if (g < groups)
            missing[g] = lack;
        for (; lack; lack &= lack - 1)
            count++;
    }
    return count;
}
