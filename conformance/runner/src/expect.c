/* The expectation engine: a trace run on the reference model, every value with its allowed set. */
#include <stdlib.h>
#include <string.h>
#include "vmi-conform/run.h"

/*
 * The expectation run uses the very executor and `ref` platform an
 * environment run uses, with an observe hook that also records what the
 * model allows for each value.  So a trace needs no second interpreter,
 * and the two runs cannot disagree about what a step means.
 *
 * Relations across observations (a monotonic clock read after another)
 * need no special casing here: in `ref` the environment and the
 * expectation share one deterministic model, so the ranges recorded here
 * fit the environment's stream.  A real environment will need the lower
 * bound of such a range re-based on the value it observed earlier (its
 * clock is not the model's), which the comparison must then do.
 */

struct recorder {
    const struct vmi_ref_env *e;
    struct vmi_expect_list *l;
};

static void allow_any(struct vmi_ref_allowed *a)
{
    memset(a, 0, sizeof(*a));
    a->kind = VMI_REF_ALLOW_ANY;
    a->value_ok = 1;
}

/* A single-word OUT parameter gets the model's set for it; each word of
 * a struct OUT is ANY (the model states no per-word sets for structs). */
static void expect_call(const struct recorder *r, const struct vmi_exec_obs *obs,
                        struct vmi_expect_obs *x)
{
    struct vmi_exec_out_map map;
    uint32_t i;

    if (vmi_exec_call_out_map(obs->sub, &map) != 0)
        map.words = 0;
    for (i = 0; i < obs->value_count; i++) {
        const struct vmi_ref_allowed *a = NULL;

        if (i < map.words && map.param_words[i] == 1)
            a = vmi_ref_last_allowed(r->e->m, map.param[i]);
        if (a)
            x->allowed[i] = *a;
        else
            allow_any(&x->allowed[i]);
    }
}

/* An `expect` step must hold; if it fails on the model, the trace is wrong. */
static void expect_relation(const struct recorder *r, const struct vmi_exec_obs *obs,
                            struct vmi_expect_obs *x)
{
    allow_any(&x->allowed[0]);
    allow_any(&x->allowed[1]);
    x->status = 0;
    if (obs->status != 0 && r->l->wrong == VMI_EXPECT_RIGHT) {
        r->l->wrong = VMI_EXPECT_WRONG_RELATION;
        r->l->wrong_step = obs->step;
    }
}

static int list_push(struct vmi_expect_list *l, const struct vmi_expect_obs *x)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        struct vmi_expect_obs *v = realloc(l->v, cap * sizeof(*v));

        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->count++] = *x;
    return 0;
}

/* The observe hook of the expectation run.  It runs right after each
 * step, before the next call can replace the model's allowed sets. */
static void record(void *ctx, const struct vmi_exec_obs *obs)
{
    struct recorder *r = ctx;
    struct vmi_expect_obs x;

    memset(&x, 0, sizeof(x));
    x.step = obs->step;
    x.op = obs->op;
    x.value_count = obs->value_count;
    x.sub = obs->sub;
    x.cpu = obs->cpu;
    x.line = obs->line;
    x.status = obs->status;
    if (obs->op == VMI_BUNDLE_OP_CALL)
        expect_call(r, obs, &x);
    else if (obs->op == VMI_BUNDLE_OP_PROBE)
        x.allowed[0] = r->e->probe_allowed;
    else if (obs->op == VMI_BUNDLE_OP_EXPECT)
        expect_relation(r, obs, &x);
    if (list_push(r->l, &x) != 0)
        r->l->oom = 1;
}

/* `expect status` on a call or probe states what the model must answer;
 * the first step where it does not (or where an `expect` fails) is where
 * the trace is wrong. */
static void check_statuses(const struct vmi_bundle *b, uint32_t index,
                           struct vmi_expect_list *l)
{
    struct vmi_bundle_trace_view t;
    struct vmi_bundle_step_iter it;
    struct vmi_bundle_step_view s;
    uint32_t k;

    if (vmi_bundle_trace_get(b, index, &t) != 0)
        return;
    vmi_bundle_steps_begin(&it, b, &t);
    for (k = 0; k < l->count && k < l->wrong_step; k++) {
        if (vmi_bundle_steps_next(&it, &s) != 1)
            return;
        if ((s.flags & VMI_BUNDLE_STEP_STATUS) && s.status != l->v[k].status) {
            l->wrong = VMI_EXPECT_WRONG_STATUS;
            l->wrong_step = k;
            l->wrong_status = s.status;
            return;
        }
    }
}

int vmi_expect_trace(const struct vmi_bundle *b, uint32_t index,
                     const struct vmi_run_opts *o, struct vmi_expect_list *out)
{
    struct vmi_ref_env e;
    struct vmi_exec_platform p;
    struct recorder r;

    memset(out, 0, sizeof(*out));
    out->wrong_step = UINT32_MAX;
    out->adopted = o->adopt != NULL;
    vmi_ref_env_init(&e, o, 0);
    r.e = &e;
    r.l = out;
    e.observe = record;
    e.observe_ctx = &r;
    vmi_ref_env_platform(&e, &p);
    out->end = vmi_exec_trace(b, index, &p, &out->err_step, &out->err_code);
    out->crash_vector = e.crash_vector;
    vmi_ref_env_fini(&e);
    if (!out->oom)
        check_statuses(b, index, out);
    return out->oom ? -1 : 0;
}

void vmi_expect_list_free(struct vmi_expect_list *l)
{
    free(l->v);
    memset(l, 0, sizeof(*l));
}
