/* run --env tcg, kvm, kvm-nested, xen: the environment's description and its results. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "cli_run_tcg.h"
#include "run_text.h"

static int add_env(struct tcg_run *t, struct vmi_report *r, const char *detail)
{
    const struct vmi_env_ident *id = &t->session.ident;
    uint64_t offered[VMI_GROUP_COUNT] = {0};
    char version[32] = "", features[1024] = "", hv_features[24] = "";
    struct vmi_report_env env;
    uint32_t g;

    if (id->seen) {
        for (g = 0; g < id->groups && g < VMI_GROUP_COUNT; g++)
            offered[g] = id->features[g];
        cli_feature_names(offered, features, sizeof(features));
        snprintf(version, sizeof(version), "%u.%u", (unsigned)(id->adapter_version >> 16),
                 (unsigned)(id->adapter_version & 0xffff));
    }
    env.name = (char *)t->env;
    env.hypervisor = (char *)(id->seen ? id->signature : "");
    env.adapter = (char *)t->o->adapter;
    env.adapter_version = version;
    env.features = features;
    env.detail = (char *)detail;
    /* The guest's MECH record: which hypervisor mechanism serves what. */
    env.mechanisms = id->seen && id->mech_seen ? (char *)id->mechanisms : NULL;
    env.hv_features = NULL;
    if (env.mechanisms) {
        snprintf(hv_features, sizeof(hv_features), "0x%" PRIx64, id->hv_features);
        env.hv_features = hv_features;
    }
    if (r->guest_sha256 && t->guest_sha256[0] &&
        vmi_report_set_string(&r->guest_sha256, t->guest_sha256) != 0)
        return -1;
    return vmi_report_add_env(r, &env);
}

static int add_fixed(struct tcg_run *t, struct vmi_report *r, uint32_t pos,
                     enum vmi_result_status status, const char *why)
{
    struct vmi_bundle_trace_view v;
    struct vmi_result res;
    struct vmi_run_text text = {0};
    int rc;

    memset(&res, 0, sizeof(res));
    if (vmi_bundle_trace_get(&t->s->b, t->idx[pos], &v) != 0 ||
        vmi_run_result_start(&t->s->b, &v, t->env, t->o->adapter, &res) != 0) {
        cli_result_free(&res);
        return -1;
    }
    res.status = status;
    vmi_run_text_add(&text, "%s: %s", v.name, why);
    res.detail = vmi_run_text_take(&text);
    rc = res.detail ? vmi_report_add_result(r, &res) : -1;
    cli_result_free(&res);
    return rc;
}

int tcg_report_all(struct tcg_run *t, struct vmi_report *r, enum vmi_result_status status,
                   const char *why)
{
    uint32_t i;
    int rc = add_env(t, r, why);

    fprintf(stderr, "vmi-conform: %s: %s: every trace is %s\n", t->env, why,
            vmi_result_status_name(status));
    for (i = 0; i < t->count && rc == 0; i++)
        rc = add_fixed(t, r, i, status, why);
    return rc;
}

/* The options of the reference run: the CPUs and features the guest had. */
static void guest_opts(const struct tcg_run *t, struct vmi_run_opts *o)
{
    const struct vmi_env_ident *id = &t->session.ident;
    uint32_t g;

    vmi_run_opts_default(o);
    o->cpus = id->seen && id->cpus ? id->cpus : VMI_ENV_TCG_CPUS;
    if (!id->seen)
        return;
    for (g = 0; g < VMI_GROUP_COUNT; g++)
        o->features[g] = g < id->groups ? id->features[g] : 0;
}

static int add_judged(struct tcg_run *t, struct vmi_report *r, uint32_t sub)
{
    struct vmi_run_opts o;
    struct vmi_result res;
    int rc;

    guest_opts(t, &o);
    rc = vmi_run_env_trace(&t->b, sub, &t->session.traces[sub], &o, t->env, t->o->adapter,
                           &res);
    if (rc == 0)
        rc = vmi_report_add_result(r, &res);
    cli_result_free(&res);
    return rc;
}

static void describe(const struct tcg_run *t, char *out, size_t cap)
{
    const struct vmi_env_ident *id = &t->session.ident;
    char host[1024] = "";

    /* A script environment's own layers first: the host QEMU is only under them. */
    if (t->script.env && t->info.last_boot[0]) {
        vmi_env_script_ident(&t->script, t->info.last_boot, host, sizeof(host) - 8);
        strcat(host, "; under ");
    } else if (t->layers[0]) {
        snprintf(host, sizeof(host), "%.500s; ", t->layers);
    }

    snprintf(out, cap, "%s%.200s (%.500s); guest image %.1000s; %u boot(s), %s; watchdog %u s%s",
             host, t->info.qemu_version, t->info.qemu, t->o->guest, (unsigned)t->info.boots,
             t->o->per_trace ? "one per trace" : "one for the whole bundle, again after a "
                                                 "crash or hang",
             (unsigned)t->o->timeout_s,
             id->seen ? "" : "; the guest never identified itself (no IDENT record)");
}

/* Non-zero when the guest says it ran another bundle than the one sent:
 * then no observation can be matched to a trace. */
static int other_bundle(const struct tcg_run *t, char *why, size_t cap)
{
    const struct vmi_env_ident *id = &t->session.ident;
    uint32_t crc = vmi_rec_crc32(0, t->bundle, t->bundle_len);

    if (!id->seen || id->bundle_crc == crc)
        return 0;
    snprintf(why, cap, "the guest ran a bundle with CRC-32 0x%08x, not the one sent (0x%08x)",
             (unsigned)id->bundle_crc, (unsigned)crc);
    return 1;
}

int tcg_report(struct tcg_run *t, struct vmi_report *r, enum vmi_env_tcg_rc rc)
{
    char detail[2048], why[160];
    uint32_t i, k = 0;
    int st;

    if (rc == VMI_ENV_TCG_NO_QEMU)
        return tcg_report_all(t, r, VMI_RESULT_SKIP, t->info.error);
    if (rc != VMI_ENV_TCG_OK)
        return tcg_report_all(t, r, VMI_RESULT_ERROR, t->info.error);
    if (other_bundle(t, why, sizeof(why)))
        return tcg_report_all(t, r, VMI_RESULT_ERROR, why);
    describe(t, detail, sizeof(detail));
    st = add_env(t, r, detail);
    for (i = 0; i < t->count && st == 0; i++) {
        if (k < t->sent_count && t->sent[k] == i) {
            st = add_judged(t, r, k++);
            continue;
        }
        snprintf(why, sizeof(why), "needs more CPUs than the %s environment's %u", t->env,
                 (unsigned)VMI_ENV_TCG_CPUS);
        st = add_fixed(t, r, i, VMI_RESULT_SKIP, why);
    }
    return st;
}
