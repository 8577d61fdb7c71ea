/* Parse, compile and decode: the bundle holds everything the model holds. */
#include <stdlib.h>
#include "roundtrip.h"

static uint64_t le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    int i;

    for (i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* The encoded expression equals the model's, op by op; returns its size. */
static size_t expr_compare(const struct vmi_bundle *b, const struct vmi_trace_expr *m,
                           const uint8_t *e)
{
    const uint8_t *p = e + 1, *bytes;
    uint32_t len;
    uint8_t i;

    VMI_ASSERT_EQ(e[0], m->count);
    for (i = 0; i < m->count && i < e[0]; i++) {
        VMI_ASSERT_EQ(p[0], m->ops[i].op);
        if (p[0] == VMI_BUNDLE_X_LIT)
            VMI_ASSERT_EQ(le(p + 1, 8), m->ops[i].value);
        if (p[0] == VMI_BUNDLE_X_RES || p[0] == VMI_BUNDLE_X_VAR)
            VMI_ASSERT_EQ(le(p + 1, 2), m->ops[i].index);
        p += p[0] == VMI_BUNDLE_X_LIT || p[0] == VMI_BUNDLE_X_STR ? 9
           : p[0] <= VMI_BUNDLE_X_VAR ? 3 : 1;
    }
    if (m->count == 1 && m->ops[0].op == VMI_BUNDLE_X_STR) {
        VMI_ASSERT_EQ(vmi_bundle_expr_string(b, e, &bytes, &len), 1);
        VMI_ASSERT_EQ(len, m->str_len);
        CU_ASSERT(memcmp(bytes, m->str, len) == 0);
    }
    return (size_t)(p - e);
}

static void step_compare(const struct vmi_bundle *b, const struct vmi_trace_step *m,
                         const struct vmi_bundle_step_view *s)
{
    uint8_t i;

    VMI_ASSERT_EQ(s->op, m->op);
    VMI_ASSERT_EQ(s->flags, m->has_status ? VMI_BUNDLE_STEP_STATUS : 0);
    VMI_ASSERT_EQ((uint32_t)s->status, (uint32_t)(m->has_status ? m->status : 0));
    VMI_ASSERT_EQ(s->cpu, m->cpu);
    VMI_ASSERT_EQ(s->sub, m->sub);
    VMI_ASSERT_EQ(s->line, m->line);
    VMI_ASSERT_EQ(s->arg_count, m->arg_count);
    VMI_ASSERT_EQ(s->out_count, m->out_count);
    for (i = 0; i < m->arg_count && i < s->arg_count; i++)
        expr_compare(b, &m->args[i], s->args[i]);
    for (i = 0; i < m->out_count && i < s->out_count; i++)
        VMI_ASSERT_EQ(s->outs[i], m->outs[i]);
}

static void tables_compare(const struct vmi_bundle *b, const struct vmi_trace *m,
                           const struct vmi_bundle_trace_view *t)
{
    const char *name;
    uint32_t i;

    VMI_ASSERT_STR(t->name, m->name);
    VMI_ASSERT_STR(t->title, m->title ? m->title : "");
    VMI_ASSERT_EQ(t->cpus, m->cpus);
    VMI_ASSERT_EQ(t->covers_count, m->covers_count);
    for (i = 0; i < m->covers_count; i++)
        VMI_ASSERT_STR(vmi_bundle_trace_cover(b, t, i), m->covers[i]);
    VMI_ASSERT_EQ(b->feature_groups, VMI_GROUP_COUNT);
    for (i = 0; i < VMI_GROUP_COUNT; i++)
        VMI_ASSERT_EQ(vmi_bundle_trace_features(b, t, i), m->features[i]);
    VMI_ASSERT_EQ(t->resource_count, m->resource_count);
    for (i = 0; i < m->resource_count; i++) {
        VMI_ASSERT_EQ(vmi_bundle_trace_resource(b, t, i, &name), m->resources[i].kind);
        VMI_ASSERT_STR(name, m->resources[i].name);
    }
    VMI_ASSERT_EQ(t->var_count, m->var_count);
    for (i = 0; i < m->var_count; i++)
        VMI_ASSERT_STR(vmi_bundle_trace_var(b, t, i), m->vars[i]);
}

static void trace_compare(const struct vmi_bundle *b, const struct vmi_trace *m,
                          const struct vmi_bundle_trace_view *t)
{
    struct vmi_bundle_step_iter it;
    struct vmi_bundle_step_view s;
    uint32_t i = 0;

    tables_compare(b, m, t);
    VMI_ASSERT_EQ(t->step_count, m->step_count);
    vmi_bundle_steps_begin(&it, b, t);
    while (vmi_bundle_steps_next(&it, &s) == 1 && i < m->step_count)
        step_compare(b, &m->steps[i++], &s);
    VMI_ASSERT_EQ(i, m->step_count);
    VMI_ASSERT_EQ(vmi_bundle_steps_next(&it, &s), 0);
}

static const struct vmi_trace *find(const struct vmi_trace_set *set, const char *name)
{
    size_t i;

    for (i = 0; i < set->count; i++)
        if (strcmp(set->traces[i]->name, name) == 0)
            return set->traces[i];
    return NULL;
}

static void roundtrip_preserves_every_field(void)
{
    struct vmi_trace_set set;
    struct vmi_bundle b;
    struct vmi_bundle_trace_view t;
    uint8_t *bundle;
    size_t len;
    uint32_t i, off = 1;

    vmi_test_parse_valid(&set, vmi_test_valid, VMI_TEST_VALID_COUNT);
    VMI_ASSERT_EQ(set.error_count, 0);
    CU_ASSERT_FATAL(vmi_trace_compile(&set, &bundle, &len) == 0);
    VMI_ASSERT_EQ(vmi_bundle_open(&b, bundle, len, &off), VMI_BUNDLE_EOK);
    VMI_ASSERT_EQ(off, 0);
    VMI_ASSERT_EQ(b.trace_count, set.count);
    VMI_ASSERT_EQ(b.abi_version, VMI_ABI_VERSION);
    for (i = 0; i < b.trace_count; i++) {
        const struct vmi_trace *m;
        CU_ASSERT_FATAL(vmi_bundle_trace_get(&b, i, &t) == 0);
        m = find(&set, t.name);
        CU_ASSERT_PTR_NOT_NULL(m);
        if (m != NULL)
            trace_compare(&b, m, &t);
    }
    free(bundle);
    vmi_trace_set_free(&set);
}

static void roundtrip_traces_in_name_order(void)
{
    static const char *const want[] = {
        "apic/ipi-delivered-once", "con/write-bytes", "disc/adapter-info",
        "mmu/remap-stale-until-flush",
    };
    struct vmi_bundle b;
    struct vmi_bundle_trace_view t;
    size_t len;
    uint8_t *bundle = vmi_test_bundle(&len);
    uint32_t i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(bundle);
    CU_ASSERT_FATAL(vmi_bundle_open(&b, bundle, len, NULL) == 0);
    for (i = 0; i < b.trace_count && i < 4; i++) {
        vmi_bundle_trace_get(&b, i, &t);
        VMI_ASSERT_STR(t.name, want[i]);
    }
    VMI_ASSERT_EQ(vmi_bundle_trace_get(&b, b.trace_count, &t), VMI_BUNDLE_EINDEX);
    free(bundle);
}

static void roundtrip_empty_set_is_a_valid_bundle(void)
{
    struct vmi_trace_set set;
    struct vmi_bundle b;
    uint8_t *bundle;
    size_t len;

    vmi_trace_set_init(&set, NULL);
    CU_ASSERT_FATAL(vmi_trace_compile(&set, &bundle, &len) == 0);
    VMI_ASSERT_EQ(vmi_bundle_open(&b, bundle, len, NULL), 0);
    VMI_ASSERT_EQ(b.trace_count, 0);
    free(bundle);
    vmi_trace_set_free(&set);
}

static void roundtrip_refuses_a_set_with_errors(void)
{
    struct vmi_trace_set set;
    uint8_t *bundle = (uint8_t *)&set;
    size_t len = 1;

    vmi_test_parse(&set, "t.vmt", "vmi-trace 1\nname t/x\n");
    CU_ASSERT(set.error_count > 0);
    VMI_ASSERT_EQ(vmi_trace_compile(&set, &bundle, &len), -1);
    CU_ASSERT_PTR_NULL(bundle);
    VMI_ASSERT_EQ(len, 0);
    vmi_trace_set_free(&set);
}

static const struct vmi_test_case cases[] = {
    {"roundtrip_preserves_every_field", roundtrip_preserves_every_field},
    {"roundtrip_traces_in_name_order", roundtrip_traces_in_name_order},
    {"roundtrip_empty_set_is_a_valid_bundle", roundtrip_empty_set_is_a_valid_bundle},
    {"roundtrip_refuses_a_set_with_errors", roundtrip_refuses_a_set_with_errors},
};

VMI_TEST_MAIN("trace_roundtrip", cases)
