/* The tcg environment: boots until every trace has an outcome. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "vmi-envs/qemu.h"
#include "vmi-envs/tcg.h"

static uint64_t now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static int write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(data, 1, len, f) == len;

    if (f && fclose(f) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

static void blame(const struct vmi_env_tcg_opts *o, struct vmi_env_session *s, uint32_t i,
                  enum vmi_env_outcome what, const char *fmt, const char *why)
{
    vmi_env_trace_close(&s->traces[i], what, fmt, why);
    if (o->on_close)
        o->on_close(o->on_close_ctx, i);
}

/*
 * After a boot that did not finish its range, the trace it was in pays:
 * TIMEOUT for a hang, CRASH for QEMU or the stream ending.  A boot that
 * stopped between traces, having closed none, blames the next one, so
 * every boot closes at least one trace and the run always ends.
 */
static void settle(const struct vmi_env_tcg_opts *o, struct vmi_env_boot *b,
                   const struct vmi_qemu_exit *x)
{
    enum vmi_env_outcome what = x->timed_out ? VMI_ENV_TIMED_OUT : VMI_ENV_DIED;
    char why[512];

    snprintf(why, sizeof(why), "%s%s%s", x->why, b->last_fault[0] ? "; " : "", b->last_fault);
    if (b->current >= 0) {
        struct vmi_env_trace *t = &b->s->traces[b->current];

        t->duration_us = now_us() - t->begin_us;
        snprintf(why + strlen(why), sizeof(why) - strlen(why),
                 " (inside the trace, after %zu observations)", t->obs_count);
        blame(o, b->s, (uint32_t)b->current, what, "%s", why);
    } else if (b->closed == 0 && b->next < b->stop) {
        blame(o, b->s, b->next, what, "the guest stopped before reaching the trace: %s", why);
    }
}

static uint32_t first_open(const struct vmi_env_session *s, uint32_t from)
{
    while (from < s->count && s->traces[from].outcome != VMI_ENV_NOT_RUN)
        from++;
    return from;
}

/* One boot over [start, stop). */
static int boot_once(const struct vmi_env_tcg_opts *o, struct vmi_env_tcg_info *info,
                     const char *bundle_path, struct vmi_env_session *s, uint32_t start,
                     uint32_t stop)
{
    struct vmi_qemu_boot_cfg cfg = {info->qemu, o->guest, bundle_path, NULL, o->adapter,
                                    VMI_ENV_TCG_CPUS, VMI_ENV_TCG_MEM_MIB, start,
                                    stop - start, NULL, o->marks};
    char prefix[4096], serial[4200];
    static struct vmi_qemu_argv argv;   /* large; one boot at a time */
    struct vmi_env_boot b;
    struct vmi_qemu_exit x;

    snprintf(prefix, sizeof(prefix), "%s/boot-%03u", o->work_dir, (unsigned)++info->boots);
    snprintf(serial, sizeof(serial), "%s.serial", prefix);
    snprintf(info->last_boot, sizeof(info->last_boot), "%s", prefix);
    cfg.serial_log = serial;
    cfg.work = prefix;
    if ((o->argv ? o->argv(o->argv_ctx, &cfg, &argv) : vmi_qemu_tcg_argv(&cfg, &argv)) != 0) {
        snprintf(info->error, sizeof(info->error),
                 "a path is too long or holds a comma: %.200s, %.200s", o->guest, bundle_path);
        return -1;
    }
    vmi_env_boot_init(&b, s, start, stop);
    b.clock_us = now_us;
    b.start_s = o->start_s;
    b.on_close = o->on_close;
    b.on_close_ctx = o->on_close_ctx;
    vmi_qemu_boot(argv.argv, prefix, o->timeout_s, &b, &x);
    if (x.spawn_failed) {
        snprintf(info->error, sizeof(info->error), "%.400s", x.why);
        return -1;
    }
    settle(o, &b, &x);
    return 0;
}

enum vmi_env_tcg_rc vmi_env_tcg_run(const struct vmi_env_tcg_opts *o, const void *bundle,
                                    size_t len, struct vmi_env_session *s,
                                    struct vmi_env_tcg_info *info)
{
    char bundle_path[4096];
    uint32_t next;

    memset(info, 0, sizeof(*info));
    if (vmi_qemu_find(o->qemu, info->qemu, sizeof(info->qemu)) != 0) {
        snprintf(info->error, sizeof(info->error),
                 "%.300s not found (install the qemu-system-x86 package, or give --qemu PATH)",
                 o->qemu);
        return VMI_ENV_TCG_NO_QEMU;
    }
    vmi_qemu_version(info->qemu, info->qemu_version, sizeof(info->qemu_version));
    snprintf(bundle_path, sizeof(bundle_path), "%s/bundle.bin", o->work_dir);
    if (write_file(bundle_path, bundle, len) != 0) {
        snprintf(info->error, sizeof(info->error), "%.400s: cannot write the bundle", bundle_path);
        return VMI_ENV_TCG_FAILED;
    }
    for (next = first_open(s, 0); next < s->count; next = first_open(s, next)) {
        uint32_t stop = o->per_trace ? next + 1 : s->count;

        if (boot_once(o, info, bundle_path, s, next, stop) != 0)
            return VMI_ENV_TCG_FAILED;
    }
    return VMI_ENV_TCG_OK;
}
