/* Test-only traces: they test the harness, so they never count for certification. */
#include "cli.h"

/*
 * A trace that uses `probe ud` faults the CPU on purpose
 * (spec/trace-format.rst).  It proves that the harness survives a fault,
 * nothing about an adapter, so it must not cover requirement IDs in a
 * coverage count or a certification run.  Test-only traces live in
 * conformance/traces-test/.
 */
static int uses_probe_ud(const struct vmi_bundle *b, const struct vmi_bundle_trace_view *t)
{
    struct vmi_bundle_step_iter it;
    struct vmi_bundle_step_view s;

    vmi_bundle_steps_begin(&it, b, t);
    while (vmi_bundle_steps_next(&it, &s) == 1)
        if (s.op == VMI_BUNDLE_OP_PROBE && s.sub == VMI_BUNDLE_PROBE_UD)
            return 1;
    return 0;
}

size_t cli_suite_test_only(const struct cli_suite *s, const char *why, FILE *err)
{
    struct vmi_bundle_trace_view t;
    size_t found = 0;
    uint32_t i;

    for (i = 0; i < s->b.trace_count; i++) {
        if (vmi_bundle_trace_get(&s->b, i, &t) != 0 || !uses_probe_ud(&s->b, &t))
            continue;
        fprintf(err, "vmi-conform: error: %s uses the test-only 'probe ud'; %s\n", t.name,
                why);
        found++;
    }
    return found;
}
