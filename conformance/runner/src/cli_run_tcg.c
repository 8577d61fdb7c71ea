/* run --env tcg, kvm, kvm-nested, xen: the selected traces in the conformance guest. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli_run_tcg.h"
#include "elfcheck.h"
#include "vmi-envs/kvm.h"
#include "vmi-envs/qemu.h"

#ifndef VMI_SOURCE_DIR
#define VMI_SOURCE_DIR "."
#endif

/* Reads the image and checks it is a PVH ELF QEMU can boot. */
static int check_guest(struct tcg_run *t, char *why, size_t cap)
{
    char err[256];
    struct vmi_elfcheck_info info;
    FILE *f = fopen(t->o->guest, "rb");
    uint8_t *image = NULL;
    long size = -1;
    int rc = -1;

    if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (image = malloc((size_t)size)) && fread(image, 1, (size_t)size, f) == (size_t)size) {
        if (vmi_elfcheck(image, (size_t)size, 0, &info, err, sizeof(err)) != 0)
            snprintf(why, cap, "guest image %.3000s is not a bootable PVH image: %s",
                     t->o->guest, err);
        else if (cli_sha256_hex(image, (size_t)size, t->guest_sha256) == 0)
            rc = 0;
    } else {
        snprintf(why, cap, "guest image %.3000s cannot be read: %s (build it, or give --guest "
                 "PATH)", t->o->guest, f && size == 0 ? "empty file" : strerror(errno));
    }
    if (f)
        fclose(f);
    free(image);
    return rc;
}

/* The traces that fit the machine go to the guest, compiled into a bundle
 * of their own, so that the guest runs exactly the selection. */
static int build_bundle(struct tcg_run *t)
{
    struct vmi_trace_set sub = t->s->set;
    struct vmi_bundle_trace_view v;
    uint32_t i, off = 0;
    size_t k;
    int rc = 0;

    sub.traces = calloc(t->count ? t->count : 1, sizeof(*sub.traces));
    t->sent = calloc(t->count ? t->count : 1, sizeof(*t->sent));
    if (!sub.traces || !t->sent) {
        free(sub.traces);
        return -1;
    }
    sub.count = 0;
    for (i = 0; i < t->count; i++) {
        if (vmi_bundle_trace_get(&t->s->b, t->idx[i], &v) != 0 || v.cpus > VMI_ENV_TCG_CPUS)
            continue;
        for (k = 0; k < t->s->set.count; k++)
            if (strcmp(t->s->set.traces[k]->name, v.name) == 0)
                break;
        if (k == t->s->set.count)
            continue;
        sub.traces[sub.count++] = t->s->set.traces[k];
        t->sent[t->sent_count++] = i;
    }
    /* The set's traces are borrowed: only the pointer array is ours. */
    if (sub.count > 0 && (vmi_trace_compile(&sub, &t->bundle, &t->bundle_len) != 0 ||
                          vmi_bundle_open(&t->b, t->bundle, t->bundle_len, &off) != 0))
        rc = -1;
    free(sub.traces);
    return rc;
}

static void progress(void *ctx, uint32_t trace)
{
    struct tcg_run *t = ctx;
    struct vmi_bundle_trace_view v;

    t->closed++;
    if (!t->o->progress || vmi_bundle_trace_get(&t->b, trace, &v) != 0)
        return;
    fprintf(stderr, "[%s %u/%u] %s\n", t->env, t->closed, t->sent_count, v.name);
}

/* kvm: QEMU with -accel kvm, where /dev/kvm is usable (else every trace is
 * a SKIP saying why).  kvm-nested and xen: a script boots the guest, after
 * another made the environment ready; one that cannot run here (exit 77: no
 * QEMU, no packages) makes every trace a SKIP.  Their scripts run the QEMU
 * on PATH. */
static enum vmi_env_tcg_rc prepare(struct tcg_run *t, struct vmi_env_tcg_opts *eo)
{
    char qemu[4096];
    int rc;

    if (strcmp(t->env, "tcg") == 0)
        return VMI_ENV_TCG_OK;
    if (strcmp(t->env, "kvm") == 0) {
        if (vmi_env_kvm_usable("/dev/kvm", t->layers, sizeof(t->layers), t->info.error,
                               sizeof(t->info.error)) != 0)
            return VMI_ENV_TCG_NO_QEMU;
        eo->argv = vmi_qemu_kvm_argv;
        return VMI_ENV_TCG_OK;
    }
    t->script.dir = VMI_SOURCE_DIR "/conformance/envs";
    t->script.env = t->env;
    if (vmi_qemu_find(VMI_QEMU_DEFAULT, qemu, sizeof(qemu)) != 0) {
        snprintf(t->info.error, sizeof(t->info.error),
                 VMI_QEMU_DEFAULT " not found (install the qemu-system-x86 package)");
        return VMI_ENV_TCG_NO_QEMU;
    }
    rc = vmi_env_script_prepare(&t->script, t->info.error, sizeof(t->info.error));
    if (rc != 0)
        return rc == VMI_ENV_SCRIPT_IMPOSSIBLE ? VMI_ENV_TCG_NO_QEMU : VMI_ENV_TCG_FAILED;
    eo->argv = vmi_env_script_argv;
    eo->argv_ctx = &t->script;
    eo->start_s = VMI_ENV_SCRIPT_START_S;
    return VMI_ENV_TCG_OK;
}

int cli_run_tcg(const struct cli_suite *s, const struct cli_run_opts *o, const char *env,
                const uint32_t *idx, uint32_t count, struct vmi_report *r)
{
    struct tcg_run t;
    struct vmi_env_tcg_opts eo;
    char why[4096] = "";
    enum vmi_env_tcg_rc rc = VMI_ENV_TCG_OK;
    int status;

    memset(&t, 0, sizeof(t));
    t.env = env;
    t.s = s;
    t.o = o;
    t.idx = idx;
    t.count = count;
    snprintf(t.work_dir, sizeof(t.work_dir), "%.4000s/%s", o->report_dir, env);
    if (check_guest(&t, why, sizeof(why)) != 0) {
        status = tcg_report_all(&t, r, VMI_RESULT_ERROR, why);
    } else if (build_bundle(&t) != 0 ||
               vmi_env_session_init(&t.session, t.b.trace_count) != 0) {
        status = -1;
    } else {
        memset(&eo, 0, sizeof(eo));
        eo.qemu = o->qemu;
        eo.guest = o->guest;
        eo.adapter = o->adapter;
        eo.work_dir = t.work_dir;
        eo.timeout_s = o->timeout_s;
        eo.per_trace = o->per_trace;
        eo.marks = o->mark_calls;
        eo.on_close = progress;
        eo.on_close_ctx = &t;
        if (mkdir(t.work_dir, 0777) != 0 && errno != EEXIST) {
            snprintf(t.info.error, sizeof(t.info.error), "%.300s: cannot create: %s",
                     t.work_dir, strerror(errno));
            rc = VMI_ENV_TCG_FAILED;
        } else if (t.sent_count > 0 && (rc = prepare(&t, &eo)) == VMI_ENV_TCG_OK) {
            rc = vmi_env_tcg_run(&eo, t.bundle, t.bundle_len, &t.session, &t.info);
        }
        status = tcg_report(&t, r, rc);
    }
    vmi_env_session_free(&t.session);
    free(t.bundle);
    free(t.sent);
    return status;
}
