/* The decoder enforces the format's rules itself, for bundles no parser produced. */
#include <stdlib.h>
#include "harness.h"

static struct vmi_trace *model(void)
{
    struct vmi_trace *t = calloc(1, sizeof(*t));

    strcpy(t->name, "t/x");
    t->cpus = 1;
    t->steps = calloc(8, sizeof(*t->steps));
    t->step_cap = 8;
    return t;
}

static struct vmi_trace_step *step(struct vmi_trace *t, uint8_t op, uint16_t sub)
{
    struct vmi_trace_step *s = &t->steps[t->step_count++];

    s->op = op;
    s->sub = sub;
    return s;
}

static void arg(struct vmi_trace_step *s, uint8_t op, uint64_t value)
{
    struct vmi_trace_expr *e = &s->args[s->arg_count++];

    e->count = 1;
    e->ops[0].op = op;
    e->ops[0].value = value;
    e->ops[0].index = (uint16_t)value;
    if (op == VMI_BUNDLE_X_STR) {
        e->str = malloc(2);
        memcpy(e->str, "hi", 2);
        e->str_len = 2;
    }
}

/* Compiles the model as it stands and opens the result; frees the model. */
static int open_code(struct vmi_trace *t, uint32_t *off)
{
    struct vmi_trace_set set;
    struct vmi_bundle b;
    uint8_t *bundle;
    size_t len;
    uint32_t i, k;
    int code = -1;

    vmi_trace_set_init(&set, NULL);
    set.traces = &t;
    set.count = 1;
    if (vmi_trace_compile(&set, &bundle, &len) == 0) {
        code = vmi_bundle_open(&b, bundle, len, off);
        free(bundle);
    }
    for (i = 0; i < t->step_count; i++)
        for (k = 0; k < t->steps[i].arg_count; k++)
            free(t->steps[i].args[k].str);
    free(t->steps);
    free(t);
    return code;
}

static void rules_crafted_valid_trace_opens(void)
{
    struct vmi_trace *t = model();
    struct vmi_trace_step *s = step(t, VMI_BUNDLE_OP_CALL, VMI_CALL_console_write);
    uint32_t off;

    arg(s, VMI_BUNDLE_X_STR, 0);
    arg(s, VMI_BUNDLE_X_LIT, 2);
    VMI_ASSERT_EQ(open_code(t, &off), 0);
}

static void rules_variable_before_binding(void)
{
    struct vmi_trace *t = model();
    struct vmi_trace_step *s = step(t, VMI_BUNDLE_OP_CALL, VMI_CALL_ipi_send);
    uint32_t off;

    t->var_count = 1;
    arg(s, VMI_BUNDLE_X_VAR, 0);
    arg(s, VMI_BUNDLE_X_LIT, 33);
    s = step(t, VMI_BUNDLE_OP_CALL, VMI_CALL_tsc_read);
    s->outs[s->out_count++] = 0;
    VMI_ASSERT_EQ(open_code(t, &off), VMI_BUNDLE_EBINDING);
}

static void rules_variable_bound_twice(void)
{
    struct vmi_trace *t = model();
    struct vmi_trace_step *s;
    uint32_t off;
    int i;

    t->var_count = 1;
    for (i = 0; i < 2; i++) {
        s = step(t, VMI_BUNDLE_OP_CALL, VMI_CALL_tsc_read);
        s->outs[s->out_count++] = 0;
    }
    VMI_ASSERT_EQ(open_code(t, &off), VMI_BUNDLE_EBINDING);
}

static void rules_indexes_in_range(void)
{
    struct vmi_trace *t = model();
    uint32_t off;

    step(t, VMI_BUNDLE_OP_CALL, VMI_CALL_tsc_read)->cpu = 1;
    VMI_ASSERT_EQ(open_code(t, &off), VMI_BUNDLE_EINDEX);
    t = model();
    arg(step(t, VMI_BUNDLE_OP_WAIT, 0), VMI_BUNDLE_X_RES, 0);
    VMI_ASSERT_EQ(open_code(t, &off), VMI_BUNDLE_EINDEX);
    t = model();
    t->resource_count = 1;
    t->resources[0].kind = VMI_BUNDLE_RES_WINDOW + 1;
    VMI_ASSERT_EQ(open_code(t, &off), VMI_BUNDLE_EOPCODE);
}

static void rules_calls_fit_their_shape(void)
{
    struct vmi_trace *t = model();
    struct vmi_trace_step *s;
    uint32_t off;

    step(t, VMI_BUNDLE_OP_CALL, 200);
    VMI_ASSERT_EQ(open_code(t, &off), VMI_BUNDLE_ECALL);
    t = model();
    arg(step(t, VMI_BUNDLE_OP_CALL, VMI_CALL_ipi_send), VMI_BUNDLE_X_LIT, 1);
    VMI_ASSERT_EQ(open_code(t, &off), VMI_BUNDLE_ECALL);
    t = model();
    s = step(t, VMI_BUNDLE_OP_CALL, VMI_CALL_console_write);
    arg(s, VMI_BUNDLE_X_LIT, 5); /* a BUF must be a string or null */
    arg(s, VMI_BUNDLE_X_LIT, 1);
    VMI_ASSERT_EQ(open_code(t, &off), VMI_BUNDLE_ECALL);
    t = model();
    s = step(t, VMI_BUNDLE_OP_CALL, VMI_CALL_ipi_send);
    arg(s, VMI_BUNDLE_X_STR, 0); /* a string to an IN parameter */
    arg(s, VMI_BUNDLE_X_LIT, 1);
    VMI_ASSERT_EQ(open_code(t, &off), VMI_BUNDLE_ECALL);
    t = model();
    t->var_count = 2;
    s = step(t, VMI_BUNDLE_OP_CALL, VMI_CALL_tsc_read);
    s->outs[s->out_count++] = 0;
    s->outs[s->out_count++] = 1;
    VMI_ASSERT_EQ(open_code(t, &off), VMI_BUNDLE_ECALL);
}

static void rules_steps_and_expressions(void)
{
    struct vmi_trace *t = model();
    struct vmi_trace_step *s;
    uint32_t off;
    int i;

    s = step(t, VMI_BUNDLE_OP_PROBE, VMI_BUNDLE_PROBE_READ);
    arg(s, VMI_BUNDLE_X_LIT, 0x1000);
    arg(s, VMI_BUNDLE_X_LIT, 3);
    VMI_ASSERT_EQ(open_code(t, &off), VMI_BUNDLE_EEXPR);
    t = model();
    arg(step(t, VMI_BUNDLE_OP_WAIT, 0), VMI_BUNDLE_X_ADD, 0);
    VMI_ASSERT_EQ(open_code(t, &off), VMI_BUNDLE_EEXPR);
    t = model();
    step(t, 9, 0);
    VMI_ASSERT_EQ(open_code(t, &off), VMI_BUNDLE_EOPCODE);
    t = model();
    arg(step(t, VMI_BUNDLE_OP_WAIT, 0), VMI_BUNDLE_X_LIT, 1);
    t->steps[0].has_status = 1;
    VMI_ASSERT_EQ(open_code(t, &off), VMI_BUNDLE_ERESERVED);
    t = model();
    s = step(t, VMI_BUNDLE_OP_EXPECT, 7);
    arg(s, VMI_BUNDLE_X_LIT, 1);
    arg(s, VMI_BUNDLE_X_LIT, 1);
    VMI_ASSERT_EQ(open_code(t, &off), VMI_BUNDLE_EOPCODE);
    t = model();
    s = step(t, VMI_BUNDLE_OP_WAIT, 0);
    arg(s, VMI_BUNDLE_X_LIT, 0);
    for (i = 1; i < 17; i++)
        s->args[0].ops[i].op = VMI_BUNDLE_X_LIT; /* 17 pending operands */
    s->args[0].count = 17;
    VMI_ASSERT_EQ(open_code(t, &off), VMI_BUNDLE_ELIMIT);
}

static const struct vmi_test_case cases[] = {
    {"rules_crafted_valid_trace_opens", rules_crafted_valid_trace_opens},
    {"rules_variable_before_binding", rules_variable_before_binding},
    {"rules_variable_bound_twice", rules_variable_bound_twice},
    {"rules_indexes_in_range", rules_indexes_in_range},
    {"rules_calls_fit_their_shape", rules_calls_fit_their_shape},
    {"rules_steps_and_expressions", rules_steps_and_expressions},
};

VMI_TEST_MAIN("trace_decode_rules", cases)
