/* vmi_report_merge: shards of one run into one report, refusing shards of different runs. */
#include <string.h>
#include "vmi-conform/verify.h"
#include "report_internal.h"

/* Shards of one certification run were built from one suite and ran one
 * bundle in one guest; a shard that disagrees belongs to another run. */
static int check_headers(const struct vmi_report *const *in, size_t n, FILE *msgs)
{
    static const char *const names[] = {"suite_version", "git_revision", "bundle_sha256",
                                        "guest_sha256"};
    const char *first[4] = {in[0]->suite_version, in[0]->git_revision, in[0]->bundle_sha256,
                            in[0]->guest_sha256};
    const char *got[4];
    int problems = 0;
    size_t i, k;

    for (i = 1; i < n; i++) {
        got[0] = in[i]->suite_version;
        got[1] = in[i]->git_revision;
        got[2] = in[i]->bundle_sha256;
        got[3] = in[i]->guest_sha256;
        for (k = 0; k < 4; k++) {
            if (strcmp(VMI__STR(first[k]), VMI__STR(got[k])) == 0)
                continue;
            vmi__msg(msgs, "error: shard %lu has %s \"%s\", shard 1 has \"%s\"\n",
                     (unsigned long)i + 1, names[k], VMI__STR(got[k]), VMI__STR(first[k]));
            problems++;
        }
    }
    return problems;
}

static int set_header(struct vmi_report *out, const struct vmi_report *const *in, size_t n)
{
    const char *started = VMI__STR(in[0]->started);
    size_t i;

    /* ISO 8601 UTC times order as strings; an empty one is unknown. */
    for (i = 1; i < n; i++)
        if (in[i]->started != NULL && in[i]->started[0] != '\0' &&
            (started[0] == '\0' || strcmp(in[i]->started, started) < 0))
            started = in[i]->started;
    return vmi_report_set_string(&out->suite_version, in[0]->suite_version) |
           vmi_report_set_string(&out->git_revision, in[0]->git_revision) |
           vmi_report_set_string(&out->bundle_sha256, in[0]->bundle_sha256) |
           vmi_report_set_string(&out->guest_sha256, in[0]->guest_sha256) |
           vmi_report_set_string(&out->command_line, in[0]->command_line) |
           vmi_report_set_string(&out->started, started);
}

static int env_equal(const struct vmi_report_env *a, const struct vmi_report_env *b)
{
    return strcmp(VMI__STR(a->hypervisor), VMI__STR(b->hypervisor)) == 0 &&
           strcmp(VMI__STR(a->adapter_version), VMI__STR(b->adapter_version)) == 0 &&
           strcmp(VMI__STR(a->features), VMI__STR(b->features)) == 0 &&
           strcmp(VMI__STR(a->mechanisms), VMI__STR(b->mechanisms)) == 0 &&
           strcmp(VMI__STR(a->hv_features), VMI__STR(b->hv_features)) == 0 &&
           strcmp(VMI__STR(a->detail), VMI__STR(b->detail)) == 0;
}

/* Adds e unless an environment of the same (name, adapter) is there; one
 * that is there must be described alike, or the shards ran different things. */
static int merge_env(struct vmi_report *out, const struct vmi_report_env *e, size_t shard,
                     FILE *msgs)
{
    size_t i;

    for (i = 0; i < out->env_count; i++) {
        if (strcmp(out->envs[i].name, VMI__STR(e->name)) != 0 ||
            strcmp(out->envs[i].adapter, VMI__STR(e->adapter)) != 0)
            continue;
        if (env_equal(&out->envs[i], e))
            return 0;
        vmi__msg(msgs, "error: shard %lu describes environment %s/%s differently\n",
                 (unsigned long)shard + 1, VMI__STR(e->name), VMI__STR(e->adapter));
        return 1;
    }
    if (vmi_report_add_env(out, e) == 0)
        return 0;
    vmi__msg(msgs, "error: out of memory\n");
    return 1;
}

static int check_unique(const struct vmi_report *out, FILE *msgs)
{
    const struct vmi_result *a, *b;
    int problems = 0;
    size_t i;

    for (i = 1; i < out->result_count; i++) {
        a = &out->results[i - 1];
        b = &out->results[i];
        if (strcmp(a->trace, b->trace) == 0 && strcmp(a->env, b->env) == 0 &&
            strcmp(a->adapter, b->adapter) == 0) {
            vmi__msg(msgs, "error: %s %s/%s has more than one result\n", b->trace, b->env,
                     b->adapter);
            problems++;
        }
    }
    return problems;
}

static int merge_body(struct vmi_report *out, const struct vmi_report *const *in, size_t n,
                      FILE *msgs)
{
    int problems = 0;
    size_t i, k;

    for (i = 0; i < n; i++)
        for (k = 0; k < in[i]->env_count; k++)
            problems += merge_env(out, &in[i]->envs[k], i, msgs);
    for (i = 0; i < n; i++) {
        for (k = 0; k < in[i]->result_count; k++) {
            if (vmi_report_add_result(out, &in[i]->results[k]) != 0) {
                vmi__msg(msgs, "error: out of memory\n");
                return problems + 1;
            }
        }
    }
    vmi_report_sort(out);
    return problems + check_unique(out, msgs);
}

int vmi_report_merge(struct vmi_report *out, const struct vmi_report *const *in, size_t n,
                     FILE *msgs)
{
    int problems;

    vmi_report_init(out);
    if (n == 0) {
        vmi__msg(msgs, "error: no reports to merge\n");
        return 1;
    }
    problems = check_headers(in, n, msgs);
    if (set_header(out, in, n) != 0) {
        vmi__msg(msgs, "error: out of memory\n");
        problems++;
    }
    if (problems == 0)
        problems = merge_body(out, in, n, msgs);
    if (problems != 0)
        vmi_report_free(out);
    return problems;
}
