/* One trace in the `ref` environment: expectations, the environment run, the verdict. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "run_text.h"

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);

    if (d)
        memcpy(d, s, n);
    return d;
}

int vmi_run_result_start(const struct vmi_bundle *b, const struct vmi_bundle_trace_view *t,
                         const char *env, const char *adapter, struct vmi_result *res)
{
    uint32_t i;

    res->trace = dup_str(t->name);
    res->env = dup_str(env);
    res->adapter = dup_str(adapter);
    if (!res->trace || !res->env || !res->adapter)
        return -1;
    for (i = 0; i < t->covers_count && i < VMI_REPORT_REQS_MAX; i++) {
        const char *id = vmi_bundle_trace_cover(b, t, i);

        if (!(res->reqs[i] = dup_str(id ? id : "")))
            return -1;
        res->req_count = i + 1;
    }
    return 0;
}

/* What the machine offers: the options' bitmaps as the model takes them
 * (only defined bits, and base discovery always, VMI-DISC-006). */
static void offered_features(const struct vmi_run_opts *o, uint64_t *offered)
{
    uint32_t g;

    for (g = 0; g < VMI_GROUP_COUNT; g++)
        offered[g] = o->features[g] & vmi_features_defined(g);
    offered[VMI_GROUP_DISC] |= VMI_FEATURE_MASK(VMI_FEAT_DISC_BASE);
}

int vmi_run_missing_detail(const struct vmi_bundle_trace_view *t, const uint64_t *missing,
                           uint32_t count, struct vmi_result *res)
{
    struct vmi_run_text text = {0};
    uint32_t g, bit, named = 0;

    vmi_run_text_add(&text, "%s: needs", t->name);
    for (g = 0; g < VMI_GROUP_COUNT; g++)
        for (bit = 0; bit < 64; bit++) {
            const char *name = vmi_feature_name(VMI_FEATURE_ID(g, bit));

            if (!(missing[g] >> bit & 1))
                continue;
            vmi_run_text_add(&text, " %s", name ? name : "?");
            named++;
        }
    if (named < count)
        vmi_run_text_add(&text, "%s %" PRIu32 " features of groups this ABI version lacks",
                         named ? " and" : "", count - named);
    vmi_run_text_add(&text, ", which the environment does not offer");
    res->detail = vmi_run_text_take(&text);
    return res->detail ? 0 : -1;
}

/* SKIP or NOT_SUPPORTED before anything runs; 1 when the trace may run. */
static int admit(const struct vmi_bundle *b, const struct vmi_bundle_trace_view *t,
                 const struct vmi_run_opts *o, struct vmi_result *res)
{
    uint64_t offered[VMI_GROUP_COUNT], missing[VMI_GROUP_COUNT];
    uint32_t cpus = vmi_run_machine_cpus(o, t->cpus), count;
    struct vmi_run_text text = {0};

    if (t->cpus > cpus || cpus > VMI_REF_MAX_CPUS) {
        res->status = VMI_RESULT_SKIP;
        vmi_run_text_add(&text, "%s: needs %u CPUs; the ref environment has %" PRIu32
                         " (at most %u)", t->name, (unsigned)t->cpus, cpus,
                         (unsigned)VMI_REF_MAX_CPUS);
        res->detail = vmi_run_text_take(&text);
        return res->detail ? 0 : -1;
    }
    offered_features(o, offered);
    count = vmi_exec_missing_features(b, t, offered, VMI_GROUP_COUNT, missing);
    if (count == 0)
        return 1;
    res->status = VMI_RESULT_NOT_SUPPORTED;
    return vmi_run_missing_detail(t, missing, count, res);
}

/* The environment run: the same model, with the fault hook if asked. */
static enum vmi_exec_end environment_run(const struct vmi_bundle *b, uint32_t index,
                                         const struct vmi_run_opts *o,
                                         struct vmi_obs_list *obs, uint32_t *err_step,
                                         int32_t *err_code, uint8_t *crash_vector)
{
    struct vmi_ref_env e;
    struct vmi_exec_platform p;
    enum vmi_exec_end end;

    vmi_ref_env_init(&e, o, 1);
    e.observe = vmi_obs_list_record;
    e.observe_ctx = obs;
    vmi_ref_env_platform(&e, &p);
    end = vmi_exec_trace(b, index, &p, err_step, err_code);
    *crash_vector = e.crash_vector;
    vmi_ref_env_fini(&e);
    return end;
}

/* ERROR: the environment's harness failed (the ref platform or the bundle). */
static int environment_failed(const struct vmi_bundle_trace_view *t, uint32_t err_step,
                              int32_t err_code, struct vmi_result *res)
{
    struct vmi_run_text text = {0};

    res->status = VMI_RESULT_ERROR;
    vmi_run_text_add(&text, "%s: the environment run failed at step %" PRIu32 ": ",
                     t->name, err_step);
    if (VMI_EXEC_IS_EBUNDLE(err_code))
        vmi_run_text_add(&text, "bundle error %ld", (long)VMI_EXEC_EBUNDLE_CODE(err_code));
    else
        vmi_run_text_status(&text, err_code);
    res->detail = vmi_run_text_take(&text);
    return res->detail ? 0 : -1;
}

/* Expectations, then the environment, then the verdict. */
static int run_and_compare(const struct vmi_bundle *b, uint32_t index,
                           const struct vmi_bundle_trace_view *t,
                           const struct vmi_run_opts *o, struct vmi_result *res)
{
    struct vmi_expect_list exp;
    struct vmi_obs_list obs = {0};
    uint32_t err_step = 0;
    int32_t err_code = 0;
    uint8_t vector = 0;
    int rc = -1;

    if (vmi_expect_trace(b, index, o, &exp) == 0) {
        enum vmi_exec_end end = environment_run(b, index, o, &obs, &err_step, &err_code,
                                                &vector);

        if (vector && end == VMI_EXEC_ERROR)
            rc = vmi_run_crash_detail(t->name, err_step, vector, res);
        else if (!obs.oom)
            rc = vmi_compare_trace(b, index, &exp, obs.v, obs.count, &res->status,
                                   &res->detail);
        /* A harness failure midway (a corrupted value used as an address,
         * say) reports the mismatch that led to it when there is one. */
        if (rc == 0 && end == VMI_EXEC_ERROR && exp.end != VMI_EXEC_ERROR &&
            res->status != VMI_RESULT_FAIL) {
            free(res->detail);
            res->detail = NULL;
            rc = environment_failed(t, err_step, err_code, res);
        }
    }
    vmi_obs_list_free(&obs);
    vmi_expect_list_free(&exp);
    return rc;
}

int vmi_run_crash_detail(const char *trace, uint32_t step, uint8_t vector,
                         struct vmi_result *res)
{
    struct vmi_run_text text = {0};

    res->status = VMI_RESULT_CRASH;
    vmi_run_text_add(&text, "%s: step %" PRIu32 ": the CPU faulted with vector %u (the "
                            "test-only probe ud)", trace, step, (unsigned)vector);
    res->detail = vmi_run_text_take(&text);
    return res->detail ? 0 : -1;
}

/* A failure names the seed that placed its pages, to reproduce it with. */
static int note_seed(const struct vmi_run_opts *o, struct vmi_result *res)
{
    struct vmi_run_text text = {0};

    vmi_run_text_add(&text, "%s (seed %" PRIu64 ")", res->detail ? res->detail : "", o->seed);
    free(res->detail);
    res->detail = vmi_run_text_take(&text);
    return res->detail ? 0 : -1;
}

int vmi_run_ref_trace(const struct vmi_bundle *b, uint32_t index,
                      const struct vmi_run_opts *o, struct vmi_result *res)
{
    struct vmi_bundle_trace_view t;
    struct vmi_run_text text = {0};
    int rc;

    memset(res, 0, sizeof(*res));
    res->status = VMI_RESULT_ERROR;
    if (vmi_bundle_trace_get(b, index, &t) != 0) {
        vmi_run_text_add(&text, "trace %" PRIu32 " is not in the bundle", index);
        res->detail = vmi_run_text_take(&text);
        res->env = dup_str("ref");
        res->adapter = dup_str("ref");
        res->trace = dup_str("?");
        return res->detail && res->env && res->adapter && res->trace ? 0 : -1;
    }
    if (vmi_run_result_start(b, &t, "ref", "ref", res) != 0)
        return -1;
    rc = admit(b, &t, o, res);
    if (rc != 1)
        return rc;
    rc = run_and_compare(b, index, &t, o, res);
    if (rc == 0 && res->status != VMI_RESULT_PASS)
        rc = note_seed(o, res);
    return rc;
}

void vmi_run_result_clear(struct vmi_result *res)
{
    uint32_t i;

    free(res->trace);
    free(res->env);
    free(res->adapter);
    free(res->detail);
    for (i = 0; i < res->req_count && i < VMI_REPORT_REQS_MAX; i++)
        free(res->reqs[i]);
    memset(res, 0, sizeof(*res));
}
