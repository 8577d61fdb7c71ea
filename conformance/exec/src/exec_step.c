/* PROBE, WAIT, WRITE and EXPECT steps, and what every step shares. */
#include "exec_internal.h"

void vmi__exec_zero(void *p, size_t n)
{
    uint8_t *b = p;

    while (n--)
        *b++ = 0;
}

int vmi__exec_eval(const struct vmi__exec *x, const uint8_t *expr, uint64_t *value)
{
    return vmi_bundle_expr_eval(expr, &x->env, value) == 0
               ? 0
               : VMI_EXEC_EBUNDLE(VMI_BUNDLE_EEXPR);
}

void vmi__exec_bind(struct vmi__exec *x, const struct vmi_bundle_step_view *s,
                    const uint64_t *vals)
{
    uint32_t i;

    /* The decoder checked every index against var_count. */
    for (i = 0; i < s->out_count; i++)
        x->w->vars[s->outs[i]] = vals[i];
}

/* Evaluates the step's arguments in order. */
static int eval_args(const struct vmi__exec *x, const struct vmi_bundle_step_view *s,
                     uint64_t *args)
{
    uint32_t i;
    int rc;

    for (i = 0; i < VMI_BUNDLE_ARGS_MAX; i++)
        args[i] = 0;
    for (i = 0; i < s->arg_count; i++)
        if ((rc = vmi__exec_eval(x, s->args[i], &args[i])) != 0)
            return rc;
    return 0;
}

int vmi__exec_probe(struct vmi__exec *x, const struct vmi_bundle_step_view *s,
                    struct vmi_exec_obs *obs)
{
    uint64_t args[VMI_BUNDLE_ARGS_MAX], value = 0;
    int rc = eval_args(x, s, args);

    if (rc != 0)
        return rc;
    rc = x->p->probe(x->p->ctx, s->cpu, s->sub, args, &value);
    if (rc != 0 && rc != VMI_EFAULT)
        return rc;
    /* spec: a faulting probe binds 0. */
    if (rc == VMI_EFAULT)
        value = 0;
    obs->status = rc;
    obs->value_count = 1;
    obs->values[0] = value;
    vmi__exec_bind(x, s, obs->values);
    return 0;
}

int vmi__exec_wait(struct vmi__exec *x, const struct vmi_bundle_step_view *s)
{
    uint64_t args[VMI_BUNDLE_ARGS_MAX];
    int rc = eval_args(x, s, args);

    return rc != 0 ? rc : x->p->wait(x->p->ctx, s->cpu, args[0]);
}

int vmi__exec_write(struct vmi__exec *x, const struct vmi_bundle_step_view *s)
{
    uint64_t args[VMI_BUNDLE_ARGS_MAX];
    int rc = eval_args(x, s, args);

    return rc != 0 ? rc : x->p->phys_write(x->p->ctx, args[0], (uint32_t)args[1], args[2]);
}

/* 1 holds, 0 does not, -1 for an unknown relation. */
static int relation_holds(uint32_t rel, uint64_t a, uint64_t b)
{
    switch (rel) {
    case VMI_BUNDLE_REL_EQ: return a == b;
    case VMI_BUNDLE_REL_NE: return a != b;
    case VMI_BUNDLE_REL_LT: return a < b;
    case VMI_BUNDLE_REL_LE: return a <= b;
    case VMI_BUNDLE_REL_GT: return a > b;
    case VMI_BUNDLE_REL_GE: return a >= b;
    default: return -1;
    }
}

int vmi__exec_expect(struct vmi__exec *x, const struct vmi_bundle_step_view *s,
                     struct vmi_exec_obs *obs)
{
    uint64_t args[VMI_BUNDLE_ARGS_MAX];
    int rc = eval_args(x, s, args), holds;

    if (rc != 0)
        return rc;
    holds = relation_holds(s->sub, args[0], args[1]);
    if (holds < 0)
        return VMI_EXEC_EBUNDLE(VMI_BUNDLE_EOPCODE);
    /* Both sides go with the observation so a report can show them. */
    obs->status = holds ? 0 : 1;
    obs->value_count = 2;
    obs->values[0] = args[0];
    obs->values[1] = args[1];
    return 0;
}
