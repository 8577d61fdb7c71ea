/* The launch scripts' command lines, one boot each. */
#include <stdio.h>
#include <string.h>
#include "vmi-envs/script.h"

#define FIT(buf, ...) ((size_t)snprintf(buf, sizeof(buf), __VA_ARGS__) < sizeof(buf))

/* run-l2.sh -n: the run prepared L1 already.  -t: L0's own watchdog, far
 * above the runner's, which stops a silent boot first. */
static int kvm_nested(const struct vmi_env_script *sc, const struct vmi_qemu_boot_cfg *cfg,
                      struct vmi_qemu_argv *a)
{
    char *const v[] = {(char *)"/bin/sh", a->script, (char *)"-n", (char *)"-t",
                       (char *)"86400", (char *)"-s", a->smp, (char *)"-m", a->mem, a->work,
                       (char *)cfg->guest, (char *)cfg->bundle, a->append, NULL};

    if (!FIT(a->script, "%s/kvm-nested/run-l2.sh", sc->dir))
        return -1;
    memcpy(a->argv, v, sizeof(v));
    return 0;
}

/* run-xen.sh --stream: Xen's console through d0-records.sh on stdout. */
static int xen(const struct vmi_env_script *sc, const struct vmi_qemu_boot_cfg *cfg,
               struct vmi_qemu_argv *a)
{
    char *const v[] = {(char *)"/bin/sh", a->script, (char *)"--stream",
                       (char *)sc->xen_img, (char *)cfg->guest, a->work, a->append,
                       (char *)cfg->bundle, NULL};

    if (!FIT(a->script, "%s/xen/run-xen.sh", sc->dir))
        return -1;
    memcpy(a->argv, v, sizeof(v));
    return 0;
}

int vmi_env_script_argv(const void *ctx, const struct vmi_qemu_boot_cfg *cfg,
                        struct vmi_qemu_argv *a)
{
    const struct vmi_env_script *sc = ctx;

    memset(a, 0, sizeof(*a));
    snprintf(a->smp, sizeof(a->smp), "%u", (unsigned)cfg->cpus);
    snprintf(a->mem, sizeof(a->mem), "%u", (unsigned)cfg->mem_mib);
    if (!FIT(a->append, "adapter=%s start=%u count=%u%s", cfg->adapter, (unsigned)cfg->start,
             (unsigned)cfg->count, cfg->marks ? " marks" : "") ||
        !FIT(a->work, "%s.d", cfg->work))
        return -1;
    return strcmp(sc->env, "xen") == 0 ? xen(sc, cfg, a) : kvm_nested(sc, cfg, a);
}
