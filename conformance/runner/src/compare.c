/* The verdict: an observed stream against the reference's expectations, first mismatch wins. */
#include <inttypes.h>
#include <string.h>
#include "compare_internal.h"
#include "run_text.h"

/* What one trace's comparison needs at hand. */
struct judge {
    const struct vmi_bundle *b;
    struct vmi_bundle_trace_view t;
    struct vmi_run_text text;
    struct vmi_cmp_floors floors;
};

/* The name of call parameter `pos` ("value"), or "?". */
static const char *param_name(uint32_t call, uint32_t pos)
{
    switch (call) {
#define CMP__NAMES(num, group, name, ret, attrs, feat, n, params)                   \
    case (num): {                                                                  \
        static const char *const names[] = {"?" VMI_PARAM_COMMA(n)                 \
                                            VMI_PARAM_NAMES(n, params)};           \
        return pos + 1 < sizeof(names) / sizeof(names[0]) ? names[pos + 1] : "?";  \
    }
    VMI_CALL_LIST(CMP__NAMES)
#undef CMP__NAMES
    default:
        return "?";
    }
}

/* "NAME: step K (line L): call X: " -- where a detail points. */
static void where(struct judge *j, uint32_t step, uint32_t line, uint8_t op, uint16_t sub)
{
    vmi_run_text_add(&j->text, "%s: step %" PRIu32 " (line %" PRIu32 "): ", j->t.name,
                     step, line);
    vmi_run_text_step(&j->text, op, sub);
    vmi_run_text_add(&j->text, ": ");
}

static void covers(struct judge *j)
{
    if (j->t.covers_count == 0)
        return;
    vmi_run_text_add(&j->text, "; ");
    vmi_run_text_covers(&j->text, j->b, &j->t);
}

static void allowed_text(struct judge *j, const struct vmi_ref_allowed *a)
{
    char buf[512];

    vmi_ref_allowed_format(a, buf, sizeof(buf));
    vmi_run_text_add(&j->text, "%s", buf);
}

/* A trace that contradicts the model is the suite's bug, not the adapter's. */
static enum vmi_result_status trace_wrong(struct judge *j, const struct vmi_expect_list *x)
{
    const struct vmi_expect_obs *e = &x->v[x->wrong_step];

    where(j, e->step, e->line, e->op, e->sub);
    if (x->wrong == VMI_EXPECT_WRONG_STATUS) {
        vmi_run_text_add(&j->text, "the trace is wrong: it expects status ");
        vmi_run_text_status(&j->text, x->wrong_status);
        vmi_run_text_add(&j->text, ", but the reference model answers ");
        vmi_run_text_status(&j->text, e->status);
    } else {
        vmi_run_text_add(&j->text, "the trace is wrong: this expectation does not hold on "
                                   "the reference model");
    }
    covers(j);
    return VMI_RESULT_ERROR;
}

static enum vmi_result_status reference_failed(struct judge *j, const struct vmi_expect_list *x)
{
    vmi_run_text_add(&j->text, "%s: the reference run failed ", j->t.name);
    if (x->err_step == VMI_EXEC_STEP_SETUP)
        vmi_run_text_add(&j->text, "before the first step");
    else
        vmi_run_text_add(&j->text, "at step %" PRIu32, x->err_step);
    if (VMI_EXEC_IS_EBUNDLE(x->err_code)) {
        const char *why = vmi_bundle_strerror(VMI_EXEC_EBUNDLE_CODE(x->err_code));

        vmi_run_text_add(&j->text, ": bundle: %s", why ? why : "unknown error");
    } else {
        vmi_run_text_add(&j->text, ": platform: ");
        vmi_run_text_status(&j->text, x->err_code);
    }
    return VMI_RESULT_ERROR;
}

/* CALL outputs: each OUT word must be in its set. */
static enum vmi_result_status call_values(struct judge *j, const struct vmi_expect_obs *e,
                                          const struct vmi_exec_obs *o)
{
    struct vmi_exec_out_map map;
    uint32_t i;

    if (vmi_exec_call_out_map(e->sub, &map) != 0)
        map.words = 0;
    for (i = 0; i < e->value_count; i++) {
        struct vmi_ref_allowed a = e->allowed[i];

        vmi__cmp_floor_rebase(&j->floors, e, &a);
        if (vmi_ref_allowed_contains(&a, o->values[i], 0))
            continue;
        where(j, e->step, e->line, e->op, e->sub);
        if (i < map.words)
            vmi_run_text_add(&j->text, "OUT %s word %u: ", param_name(e->sub, map.param[i]),
                             (unsigned)map.part[i]);
        vmi_run_text_add(&j->text, "expected ");
        allowed_text(j, &a);
        vmi_run_text_add(&j->text, ", observed 0x%" PRIx64, o->values[i]);
        covers(j);
        return VMI_RESULT_FAIL;
    }
    return VMI_RESULT_PASS;
}

/* PROBE: a fault or a value, each as the set allows. */
static enum vmi_result_status probe_value(struct judge *j, const struct vmi_expect_obs *e,
                                          const struct vmi_exec_obs *o)
{
    int faulted = o->status == VMI_EFAULT;

    if ((o->status == VMI_OK || faulted) &&
        vmi_ref_allowed_contains(&e->allowed[0], o->values[0], faulted))
        return VMI_RESULT_PASS;
    where(j, e->step, e->line, e->op, e->sub);
    vmi_run_text_add(&j->text, "expected ");
    allowed_text(j, &e->allowed[0]);
    if (faulted) {
        vmi_run_text_add(&j->text, ", observed a fault");
    } else if (o->status == VMI_OK) {
        vmi_run_text_add(&j->text, ", observed 0x%" PRIx64, o->values[0]);
    } else {
        vmi_run_text_add(&j->text, ", observed status ");
        vmi_run_text_status(&j->text, o->status);
    }
    covers(j);
    return VMI_RESULT_FAIL;
}

static enum vmi_result_status status_differs(struct judge *j, const struct vmi_expect_obs *e,
                                             const struct vmi_exec_obs *o)
{
    where(j, e->step, e->line, e->op, e->sub);
    if (e->op == VMI_BUNDLE_OP_EXPECT) {
        vmi_run_text_add(&j->text, "does not hold: left 0x%" PRIx64 ", right 0x%" PRIx64,
                         o->values[0], o->values[1]);
    } else {
        vmi_run_text_add(&j->text, "expected status ");
        vmi_run_text_status(&j->text, e->status);
        vmi_run_text_add(&j->text, ", observed ");
        vmi_run_text_status(&j->text, o->status);
    }
    covers(j);
    return VMI_RESULT_FAIL;
}

/* An observation of another step than the trace's next one: the stream
 * and the bundle disagree, which no adapter can cause. */
static enum vmi_result_status out_of_step(struct judge *j, const struct vmi_expect_obs *e,
                                          const struct vmi_exec_obs *o)
{
    where(j, e->step, e->line, e->op, e->sub);
    vmi_run_text_add(&j->text, "the stream reports step %" PRIu32 " (", o->step);
    vmi_run_text_step(&j->text, o->op, o->sub);
    vmi_run_text_add(&j->text, ", %u values) here: it does not follow the trace",
                     (unsigned)o->value_count);
    return VMI_RESULT_ERROR;
}

static enum vmi_result_status compare_one(struct judge *j, const struct vmi_expect_obs *e,
                                          const struct vmi_exec_obs *o)
{
    if (o->step != e->step || o->op != e->op || o->sub != e->sub ||
        o->value_count != e->value_count)
        return out_of_step(j, e, o);
    if (e->op == VMI_BUNDLE_OP_PROBE)
        return probe_value(j, e, o);
    if (o->status != e->status)
        return status_differs(j, e, o);
    return e->op == VMI_BUNDLE_OP_CALL ? call_values(j, e, o) : VMI_RESULT_PASS;
}

/* The stream ended early: the guest died inside the trace, unless all it
 * missed is the report of a final power call, which took the guest down
 * before it could send it. */
static enum vmi_result_status stream_short(struct judge *j, const struct vmi_expect_list *x,
                                           size_t count)
{
    const struct vmi_expect_obs *e = &x->v[count];

    if (x->end == VMI_EXEC_POWER && count + 1 == x->count)
        return VMI_RESULT_PASS;
    where(j, e->step, e->line, e->op, e->sub);
    vmi_run_text_add(&j->text, "never reported: the stream ended after %zu of %zu "
                               "observations", count, x->count);
    covers(j);
    return VMI_RESULT_CRASH;
}

/* The trace faults the CPU by design (probe ud) and the stream went past
 * that step: the machine did not fault where every x86 CPU does. */
static enum vmi_result_status fault_missing(struct judge *j, const struct vmi_expect_list *x)
{
    vmi_run_text_add(&j->text, "%s: step %" PRIu32 ": expected the CPU to fault with vector "
                               "%u there; the trace went on", j->t.name, x->err_step,
                     (unsigned)x->crash_vector);
    return VMI_RESULT_FAIL;
}

static enum vmi_result_status judge_stream(struct judge *j, const struct vmi_expect_list *x,
                                           const struct vmi_exec_obs *obs, size_t count)
{
    enum vmi_result_status s;
    size_t i;

    if (x->end == VMI_EXEC_ERROR && x->crash_vector) {
        for (i = 0; i < count && i < x->count; i++)
            if ((s = compare_one(j, &x->v[i], &obs[i])) != VMI_RESULT_PASS)
                return s;
        return fault_missing(j, x);
    }
    if (x->end == VMI_EXEC_ERROR)
        return reference_failed(j, x);
    /* With a real machine's values adopted, an `expect` that fails in the
     * model failed on the machine: its own observation says so (FAIL). */
    if (x->wrong != VMI_EXPECT_RIGHT && x->wrong_step < x->count &&
        !(x->adopted && x->wrong == VMI_EXPECT_WRONG_RELATION))
        return trace_wrong(j, x);
    for (i = 0; i < count && i < x->count; i++) {
        if ((s = compare_one(j, &x->v[i], &obs[i])) != VMI_RESULT_PASS)
            return s;
        vmi__cmp_floor_note(&j->floors, &obs[i]);
    }
    if (count < x->count)
        return stream_short(j, x, count);
    if (count > x->count) {
        vmi_run_text_add(&j->text, "%s: %zu observations past the trace's %zu: the stream "
                                   "does not follow the trace", j->t.name, count - x->count,
                         x->count);
        return VMI_RESULT_ERROR;
    }
    return VMI_RESULT_PASS;
}

int vmi_compare_trace(const struct vmi_bundle *b, uint32_t index,
                      const struct vmi_expect_list *exp,
                      const struct vmi_exec_obs *obs, size_t count,
                      enum vmi_result_status *status, char **detail)
{
    struct judge j;

    memset(&j, 0, sizeof(j));
    j.b = b;
    if (vmi_bundle_trace_get(b, index, &j.t) != 0) {
        *status = VMI_RESULT_ERROR;
        vmi_run_text_add(&j.text, "trace %" PRIu32 " is not in the bundle", index);
    } else {
        *status = judge_stream(&j, exp, obs, count);
    }
    *detail = vmi_run_text_take(&j.text);
    return *detail ? 0 : -1;
}
