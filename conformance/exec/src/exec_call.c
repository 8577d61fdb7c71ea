/* CALL steps: lay out the arguments, call the op by number, read back the OUT words. */
#include "exec_internal.h"

/* The call's parameters as the call list states them. */
struct call_layout {
    uint32_t n;
    uint8_t kind[VMI_PARAM_MAX];   /* VMI_PARAM_* */
    uint32_t size[VMI_PARAM_MAX];  /* bytes of an IN or OUT value; BUF 0 */
};

static int layout_fill(struct call_layout *l, uint32_t call, uint32_t n,
                       const uint8_t *kind, const uint32_t *size)
{
    uint32_t i;

    l->n = n;
    for (i = 0; i < n; i++) {
        l->kind[i] = kind[i];
        l->size[i] = VMI_BUNDLE_OUT_SIZE(call, size[i]);
    }
    return 0;
}

/* A leading 0 keeps each table non-empty for calls without parameters. */
static int layout_get(uint32_t call, struct call_layout *l)
{
    switch (call) {
#define EXEC__LAYOUT(num, group, name, ret, attrs, feat, n, params)                  \
    case (num): {                                                                  \
        static const uint8_t k[] = {0 VMI_PARAM_COMMA(n) VMI_PARAM_KINDS(n, params)}; \
        static const uint32_t s[] = {0 VMI_PARAM_COMMA(n) VMI_PARAM_SIZES(n, params)}; \
        return layout_fill(l, call, (n), k + 1, s + 1);                                \
    }
    VMI_CALL_LIST(EXEC__LAYOUT)
#undef EXEC__LAYOUT
    default:
        return -1;
    }
}

/* Parameter i as the op takes it: an IN value cast to its type, a BUF or
 * OUT pointer. */
#define EXEC__ARG_IN(t, i) (t)pv[i]
#define EXEC__ARG_OUT(t, i) (t *)pp[i]
#define EXEC__ARG_BUF(t, i) (t)pp[i]
#define EXEC__ARG(i, k, t, n) EXEC__ARG_##k(t, i)

/* A null slot is "not supported" (ops.h), as the stubs would answer. */
static vmi_status_t dispatch(const struct vmi_ops *ops, uint32_t call, const uint64_t *pv,
                             void *const *pp)
{
    (void)pv;
    (void)pp;
    switch (call) {
#define EXEC__CASE(num, group, name, ret, attrs, feat, n, params)             \
    case (num):                                                             \
        return ops->name ? ops->name(VMI__MAP_EXPAND(EXEC__ARG, n, params))  \
                         : VMI_ENOTSUP;
    VMI_CALL_LIST(EXEC__CASE)
#undef EXEC__CASE
    default:
        return VMI_ENOTSUP;
    }
}

/* A BUF argument: a copy at the start of the zeroed scratch, or NULL. */
static int buf_arg(struct vmi__exec *x, const uint8_t *expr, void **ptr)
{
    struct vmi_exec_work *w = x->w;
    const uint8_t *bytes = 0;
    uint32_t len = 0, i;
    int kind = vmi_bundle_expr_string(x->b, expr, &bytes, &len);

    *ptr = 0;
    if (kind == 0)
        return 0;   /* `null`: neither bytes nor len are set */
    if (kind < 0 || len > VMI_BUNDLE_STRING_MAX)
        return VMI_EXEC_EBUNDLE(VMI_BUNDLE_ECALL);
    vmi__exec_zero(w->buf.bytes, w->buf_dirty);
    for (i = 0; i < len; i++)
        w->buf.bytes[i] = bytes[i];
    w->buf_dirty = len;
    *ptr = w->buf.bytes;
    return 0;
}

/* IN values and pointers by parameter position; OUT parameters get
 * word-aligned slots of the zeroed scratch, in order. */
static int lay_out(struct vmi__exec *x, const struct vmi_bundle_step_view *s,
                   const struct call_layout *l, uint64_t *pv, void **pp)
{
    uint32_t i, a = 0, word = 0;
    int rc = 0;

    vmi__exec_zero(x->w->out.bytes, sizeof(x->w->out.bytes));
    for (i = 0; i < l->n && rc == 0; i++) {
        pv[i] = 0;
        pp[i] = 0;
        if (l->kind[i] == VMI_PARAM_OUT) {
            if (word + (l->size[i] + 7) / 8 > VMI_BUNDLE_OUTS_MAX)
                return VMI_EXEC_EBUNDLE(VMI_BUNDLE_ECALL);
            pp[i] = x->w->out.bytes + word * 8;
            word += (l->size[i] + 7) / 8;
        } else if (a >= s->arg_count) {
            return VMI_EXEC_EBUNDLE(VMI_BUNDLE_ECALL);
        } else if (l->kind[i] == VMI_PARAM_BUF) {
            rc = buf_arg(x, s->args[a++], &pp[i]);
        } else {
            rc = vmi__exec_eval(x, s->args[a++], &pv[i]);
        }
    }
    return rc;
}

/* VMI-DISC-007: the caller states the size of the struct it knows. */
static void out_preset(struct vmi__exec *x, uint32_t call)
{
    if (call == VMI_CALL_adapter_info_get)
        x->w->out.bytes[0] = (uint8_t)VMI_ADAPTER_INFO_SIZE_1_0;
}

/* OUT word i, little-endian as the trace format defines it. */
static uint64_t out_word(const struct vmi__exec *x, uint32_t i)
{
    uint64_t v = 0;
    uint32_t j;

    for (j = 8; j > 0; j--)
        v = v << 8 | x->w->out.bytes[i * 8 + j - 1];
    return v;
}

int vmi__exec_call(struct vmi__exec *x, const struct vmi_bundle_step_view *s,
                   struct vmi_exec_obs *obs)
{
    struct call_layout l;
    struct vmi_bundle_call_shape shape;
    uint64_t pv[VMI_PARAM_MAX];
    void *pp[VMI_PARAM_MAX];
    const struct vmi_ops *ops;
    uint32_t i;
    int rc;

    if (layout_get(s->sub, &l) != 0 || vmi_bundle_call_shape_get(s->sub, &shape) != 0)
        return VMI_EXEC_EBUNDLE(VMI_BUNDLE_ECALL);
    if ((rc = lay_out(x, s, &l, pv, pp)) != 0)
        return rc;
    out_preset(x, s->sub);
    ops = x->p->ops_on(x->p->ctx, s->cpu);
    if (!ops)
        return VMI_EINVAL;
    if (x->p->call_begin)
        x->p->call_begin(x->p->ctx);
    obs->status = dispatch(ops, s->sub, pv, pp);
    if (x->p->call_end)
        x->p->call_end(x->p->ctx);
    obs->value_count = shape.out_words;
    for (i = 0; i < shape.out_words; i++)
        obs->values[i] = out_word(x, i);
    vmi__exec_bind(x, s, obs->values);
    return obs->status == VMI_OK && vmi_exec_call_ends_trace(s->sub) ? 1 : 0;
}

int vmi_exec_call_ends_trace(uint32_t call)
{
    return (vmi_call_attrs(call) & VMI_ATTR_NORETURN) != 0 &&
           vmi_call_group(call) == VMI_GROUP_PWR;
}

int vmi_exec_call_out_map(uint32_t call, struct vmi_exec_out_map *m)
{
    struct call_layout l;
    uint32_t i, j, words;

    if (layout_get(call, &l) != 0)
        return -1;
    m->words = 0;
    for (i = 0; i < l.n; i++) {
        if (l.kind[i] != VMI_PARAM_OUT)
            continue;
        words = (l.size[i] + 7) / 8;
        for (j = 0; j < words && m->words < VMI_EXEC_VALUES_MAX; j++) {
            m->param[m->words] = (uint8_t)i;
            m->part[m->words] = (uint8_t)j;
            m->param_words[m->words] = (uint8_t)words;
            m->words++;
        }
    }
    return 0;
}
