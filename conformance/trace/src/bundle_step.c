/* The freestanding step decoder: one step's bytes checked, and the step iterator. */
#include <stddef.h>
#include <stdint.h>
#include "vmi-trace/bundle.h"
#include "bundle_load.h"

#define STEP_SIZE ((uint32_t)sizeof(struct vmi_bundle_step))
#define SF(f) ((uint32_t)offsetof(struct vmi_bundle_step, f))

static int fail(struct vmi__check *c, int code, uint32_t off)
{
    return vmi__bundle_fail(c, code, off);
}

/* The one operand op at q (an index or a string) refers to something that exists. */
static int operand_check(struct vmi__check *c, uint32_t q, uint32_t n)
{
    const uint8_t *p = c->b->data + q;

    if (p[0] == VMI_BUNDLE_X_RES && vmi__ld16(p + 1) >= c->t->resource_count)
        return fail(c, VMI_BUNDLE_EINDEX, q + 1);
    if (p[0] == VMI_BUNDLE_X_VAR && vmi__ld16(p + 1) >= c->t->var_count)
        return fail(c, VMI_BUNDLE_EINDEX, q + 1);
    if (p[0] != VMI_BUNDLE_X_STR)
        return 0;
    /* A string is a whole BUF argument, never an operand of arithmetic. */
    if (n != 1)
        return fail(c, VMI_BUNDLE_EEXPR, q);
    if (vmi__ld32(p + 5) > VMI_BUNDLE_STRING_MAX)
        return fail(c, VMI_BUNDLE_ELIMIT, q + 5);
    if (!vmi__in_range(c->b->strings_size, vmi__ld32(p + 1), vmi__ld32(p + 5)))
        return fail(c, VMI_BUNDLE_ERANGE, q + 1);
    return 0;
}

/* Checks the expression at p ending before `end`; sets *len to its size. */
static int expr_check(struct vmi__check *c, uint32_t p, uint32_t end, uint32_t *len)
{
    const uint8_t *d = c->b->data;
    uint32_t n, i, q = p + 1;
    int depth = 0, code, osz, eff;

    if (!vmi__in_range(end, p, 1))
        return fail(c, VMI_BUNDLE_ETRUNCATED, p);
    n = d[p];
    if (n == 0 || n > VMI_BUNDLE_EXPR_OPS_MAX)
        return fail(c, VMI_BUNDLE_EEXPR, p);
    for (i = 0; i < n; i++, q += 1u + (uint32_t)osz) {
        if (!vmi__in_range(end, q, 1))
            return fail(c, VMI_BUNDLE_ETRUNCATED, q);
        osz = vmi__bundle_x_operand_size(d[q]);
        if (osz < 0)
            return fail(c, VMI_BUNDLE_EOPCODE, q);
        if (!vmi__in_range(end, q + 1, (uint32_t)osz))
            return fail(c, VMI_BUNDLE_ETRUNCATED, q);
        if ((code = operand_check(c, q, n)) != 0)
            return code;
        eff = vmi__bundle_x_stack_effect(d[q]);
        if (depth < (eff == 1 ? 0 : eff == 0 ? 1 : 2))
            return fail(c, VMI_BUNDLE_EEXPR, q);
        if ((depth += eff) > (int)VMI_BUNDLE_STACK_MAX)
            return fail(c, VMI_BUNDLE_ELIMIT, q);
    }
    if (depth != 1)
        return fail(c, VMI_BUNDLE_EEXPR, p);
    *len = q - p;
    return 0;
}

/* A single-literal expression, the only form a width or a null BUF takes. */
static int expr_literal(const uint8_t *e, uint64_t *value)
{
    if (e[0] != 1 || e[1] != VMI_BUNDLE_X_LIT)
        return 0;
    *value = vmi__ld64(e + 2);
    return 1;
}

static int expr_is_string(const uint8_t *e)
{
    return e[0] == 1 && e[1] == VMI_BUNDLE_X_STR;
}

static int width_check(struct vmi__check *c, const struct vmi_bundle_step_view *s, uint32_t i)
{
    uint64_t w;

    if (!expr_literal(s->args[i], &w) || (w != 1 && w != 2 && w != 4 && w != 8))
        return fail(c, VMI_BUNDLE_EEXPR, (uint32_t)(s->args[i] - c->b->data));
    return 0;
}

/* A CALL step carries exactly the call's IN and BUF arguments, and binds
 * either nothing or every word of its OUT parameters. */
static int call_check(struct vmi__check *c, const struct vmi_bundle_step_view *s)
{
    struct vmi_bundle_call_shape shape;
    uint64_t v;
    uint32_t i;

    if (vmi_bundle_call_shape_get(s->sub, &shape) != 0)
        return fail(c, VMI_BUNDLE_ECALL, s->offset + SF(sub));
    if (s->arg_count != shape.in_count)
        return fail(c, VMI_BUNDLE_ECALL, s->offset + SF(arg_count));
    if (s->out_count != 0 && s->out_count != shape.out_words)
        return fail(c, VMI_BUNDLE_ECALL, s->offset + SF(out_count));
    for (i = 0; i < s->arg_count; i++) {
        int buf = shape.in_kinds[i] == VMI_PARAM_BUF;
        int ok = buf ? expr_is_string(s->args[i]) || (expr_literal(s->args[i], &v) && v == 0)
                     : !expr_is_string(s->args[i]);
        if (!ok)
            return fail(c, VMI_BUNDLE_ECALL, (uint32_t)(s->args[i] - c->b->data));
    }
    return 0;
}

/* Fixed argument and output counts for the steps that are not calls. */
static int counts_check(struct vmi__check *c, const struct vmi_bundle_step_view *s,
                        uint32_t args, uint32_t outs_max)
{
    uint32_t i;

    if (s->arg_count != args)
        return fail(c, VMI_BUNDLE_ECALL, s->offset + SF(arg_count));
    if (s->out_count > outs_max)
        return fail(c, VMI_BUNDLE_ECALL, s->offset + SF(out_count));
    for (i = 0; i < s->arg_count; i++)
        if (expr_is_string(s->args[i]))
            return fail(c, VMI_BUNDLE_EEXPR, (uint32_t)(s->args[i] - c->b->data));
    return 0;
}

static int shape_check(struct vmi__check *c, const struct vmi_bundle_step_view *s)
{
    int arity, code;

    switch (s->op) {
    case VMI_BUNDLE_OP_CALL:
        return call_check(c, s);
    case VMI_BUNDLE_OP_PROBE:
        if ((arity = vmi_bundle_probe_arity(s->sub)) < 0)
            return fail(c, VMI_BUNDLE_EOPCODE, s->offset + SF(sub));
        code = counts_check(c, s, (uint32_t)arity, 1);
        return code == 0 && s->sub == VMI_BUNDLE_PROBE_READ ? width_check(c, s, 1) : code;
    case VMI_BUNDLE_OP_WAIT:
        return counts_check(c, s, 1, 0);
    case VMI_BUNDLE_OP_WRITE:
        code = counts_check(c, s, 3, 0);
        return code == 0 ? width_check(c, s, 1) : code;
    default: /* EXPECT; the header check allowed no other opcode */
        if (s->sub < VMI_BUNDLE_REL_EQ || s->sub > VMI_BUNDLE_REL_GE)
            return fail(c, VMI_BUNDLE_EOPCODE, s->offset + SF(sub));
        return counts_check(c, s, 2, 0);
    }
}

static int header_check(struct vmi__check *c, const struct vmi_bundle_step_view *s)
{
    int may_status = s->op == VMI_BUNDLE_OP_CALL || s->op == VMI_BUNDLE_OP_PROBE;

    if (s->op < VMI_BUNDLE_OP_CALL || s->op > VMI_BUNDLE_OP_EXPECT)
        return fail(c, VMI_BUNDLE_EOPCODE, s->offset);
    if ((s->flags & ~VMI_BUNDLE_STEP_STATUS) != 0 ||
        (!may_status && (s->flags & VMI_BUNDLE_STEP_STATUS) != 0))
        return fail(c, VMI_BUNDLE_ERESERVED, s->offset + SF(flags));
    if ((s->flags & VMI_BUNDLE_STEP_STATUS) == 0 && s->status != 0)
        return fail(c, VMI_BUNDLE_ERESERVED, s->offset + SF(status));
    if ((s->op == VMI_BUNDLE_OP_WAIT || s->op == VMI_BUNDLE_OP_WRITE) && s->sub != 0)
        return fail(c, VMI_BUNDLE_ERESERVED, s->offset + SF(sub));
    if (s->cpu >= c->t->cpus)
        return fail(c, VMI_BUNDLE_EINDEX, s->offset + SF(cpu));
    if (s->arg_count > VMI_BUNDLE_ARGS_MAX)
        return fail(c, VMI_BUNDLE_ELIMIT, s->offset + SF(arg_count));
    if (s->out_count > VMI_BUNDLE_OUTS_MAX)
        return fail(c, VMI_BUNDLE_ELIMIT, s->offset + SF(out_count));
    return 0;
}

static void header_read(const uint8_t *p, struct vmi_bundle_step_view *s)
{
    s->op = p[SF(op)];
    s->flags = p[SF(flags)];
    s->arg_count = p[SF(arg_count)];
    s->out_count = p[SF(out_count)];
    s->cpu = vmi__ld16(p + SF(cpu));
    s->sub = vmi__ld16(p + SF(sub));
    s->status = (int32_t)vmi__ld32(p + SF(status));
    s->line = vmi__ld32(p + SF(line));
}

/* Decodes and checks the step at *pos, advancing *pos past it. */
static int step_decode(struct vmi__check *c, uint32_t *pos, struct vmi_bundle_step_view *s)
{
    uint32_t end = c->t->steps_offset + c->t->steps_size, p = *pos, i, len;
    int code;

    if (!vmi__in_range(end, p, STEP_SIZE))
        return fail(c, VMI_BUNDLE_ETRUNCATED, p);
    s->offset = p;
    header_read(c->b->data + p, s);
    if ((code = header_check(c, s)) != 0)
        return code;
    for (p += STEP_SIZE, i = 0; i < s->arg_count; i++, p += len) {
        s->args[i] = c->b->data + p;
        if ((code = expr_check(c, p, end, &len)) != 0)
            return code;
    }
    if (!vmi__in_range(end, p, 2u * s->out_count))
        return fail(c, VMI_BUNDLE_ETRUNCATED, p);
    for (i = 0; i < s->out_count; i++, p += 2) {
        s->outs[i] = vmi__ld16(c->b->data + p);
        if (s->outs[i] >= c->t->var_count)
            return fail(c, VMI_BUNDLE_EINDEX, p);
    }
    *pos = p;
    return shape_check(c, s);
}

static int bit_get(const uint8_t *bits, uint32_t i)
{
    return (bits[i / 8] >> (i % 8)) & 1;
}

/* Straight-line traces bind each variable once, before any use, so the
 * reference can compute every expectation ahead of the run. */
static int bindings_check(struct vmi__check *c, const struct vmi_bundle_step_view *s,
                          uint8_t *bound)
{
    uint32_t i, j, osz;

    for (i = 0; i < s->arg_count; i++) {
        const uint8_t *q = s->args[i] + 1;
        for (j = 0; j < s->args[i][0]; j++, q += 1 + osz) {
            osz = (uint32_t)vmi__bundle_x_operand_size(q[0]);
            if (q[0] == VMI_BUNDLE_X_VAR && !bit_get(bound, vmi__ld16(q + 1)))
                return fail(c, VMI_BUNDLE_EBINDING, (uint32_t)(q - c->b->data));
        }
    }
    for (i = 0; i < s->out_count; i++) {
        uint32_t v = s->outs[i];
        if (bit_get(bound, v))
            return fail(c, VMI_BUNDLE_EBINDING, s->offset);
        bound[v / 8] = (uint8_t)(bound[v / 8] | (1u << (v % 8)));
    }
    return 0;
}

int vmi__bundle_steps_check(struct vmi__check *c)
{
    uint8_t bound[VMI_BUNDLE_VARS_MAX / 8];
    struct vmi_bundle_step_view s;
    uint32_t pos = c->t->steps_offset, i;
    int code = 0;

    for (i = 0; i < sizeof(bound); i++)
        bound[i] = 0;
    for (i = 0; code == 0 && i < c->t->step_count; i++)
        if ((code = step_decode(c, &pos, &s)) == 0)
            code = bindings_check(c, &s, bound);
    if (code == 0 && pos != c->t->steps_offset + c->t->steps_size)
        code = fail(c, VMI_BUNDLE_ERANGE, c->t->offset +
                    (uint32_t)offsetof(struct vmi_bundle_trace, steps_size));
    return code;
}

void vmi_bundle_steps_begin(struct vmi_bundle_step_iter *it, const struct vmi_bundle *b,
                            const struct vmi_bundle_trace_view *t)
{
    it->bundle = b;
    it->trace = t;
    it->pos = t->steps_offset;
    it->index = 0;
}

int vmi_bundle_steps_next(struct vmi_bundle_step_iter *it, struct vmi_bundle_step_view *s)
{
    struct vmi__check c;
    int code;

    if (it->index >= it->trace->step_count)
        return 0;
    c.b = it->bundle;
    c.t = it->trace;
    c.err_off = 0;
    if ((code = step_decode(&c, &it->pos, s)) != 0)
        return -code;
    it->index++;
    return 1;
}
