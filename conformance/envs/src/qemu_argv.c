/* The tcg and kvm environments' QEMU command lines, as argvs. */
#include <stdio.h>
#include <string.h>
#include "vmi-envs/qemu.h"

static int copy(char *dst, size_t cap, const char *prefix, const char *s)
{
    return (size_t)snprintf(dst, cap, "%s%s", prefix, s) < cap ? 0 : -1;
}

/* The parts of the command line both accelerators share, after `accel`
 * (which ends at a NULL).  -nodefaults: no VGA, no NIC, nothing the guest
 * did not ask for; -no-reboot: a triple fault ends QEMU instead of
 * looping; the guest's console is the stream (stdout, a pipe): port 0xe9
 * until the guest found the virtio console, then that (a batch of records
 * per exit, where port output exits per byte); COM1 mirrors it to a log;
 * isa-debug-exit carries the guest's exit value. */
static int argv_fill(const struct vmi_qemu_boot_cfg *cfg, struct vmi_qemu_argv *a,
                     const char *const accel[])
{
    const char *fixed[] = {"-smp", a->smp, "-m", a->mem, "-display", "none", "-nodefaults",
                           "-no-reboot", "-serial", a->serial, "-monitor", "none",
                           "-debugcon", "stdio", "-chardev", "file,id=rec,path=/dev/stdout",
                           "-device", "virtio-serial-pci", "-device", "virtconsole,chardev=rec",
                           "-device", "isa-debug-exit,iobase=0xf4,iosize=4", "-kernel",
                           a->kernel, "-initrd", a->initrd, "-append", a->append};
    size_t i, k = 1, n = sizeof(fixed) / sizeof(fixed[0]);

    memset(a, 0, sizeof(*a));
    snprintf(a->smp, sizeof(a->smp), "%u", (unsigned)cfg->cpus);
    snprintf(a->mem, sizeof(a->mem), "%u", (unsigned)cfg->mem_mib);
    if ((size_t)snprintf(a->append, sizeof(a->append), "adapter=%s start=%u count=%u%s",
                         cfg->adapter, (unsigned)cfg->start, (unsigned)cfg->count,
                         cfg->marks ? " marks" : "") >= sizeof(a->append) ||
        copy(a->serial, sizeof(a->serial), "file:", cfg->serial_log) ||
        copy(a->kernel, sizeof(a->kernel), "", cfg->guest) ||
        copy(a->initrd, sizeof(a->initrd), "", cfg->bundle))
        return -1;
    /* QEMU splits -initrd at commas (several modules): a comma in the path
     * would name two files. */
    if (strchr(a->initrd, ',') || strchr(a->kernel, ','))
        return -1;
    a->argv[0] = (char *)cfg->qemu;
    for (i = 0; accel[i]; i++)
        a->argv[k++] = (char *)accel[i];
    for (i = 0; i < n; i++)
        a->argv[k++] = (char *)fixed[i];
    a->argv[k] = NULL;
    return 0;
}

int vmi_qemu_tcg_argv(const struct vmi_qemu_boot_cfg *cfg, struct vmi_qemu_argv *a)
{
    /* -icount: the guest's clocks count its instructions (8 ns each), so a
     * trace's timing no longer depends on how busy the host is; sleep=off
     * skips the time every CPU spends halted instead of waiting it out. */
    static const char *const accel[] = {"-accel", "tcg", "-icount", "shift=3,sleep=off",
                                        "-cpu", "max", NULL};

    return argv_fill(cfg, a, accel);
}

int vmi_qemu_kvm_argv(const void *ctx, const struct vmi_qemu_boot_cfg *cfg,
                      struct vmi_qemu_argv *a)
{
    /* The host's CPU as KVM offers it: what a guest on this host sees. */
    static const char *const accel[] = {"-accel", "kvm", "-cpu", "host", NULL};

    (void)ctx;
    return argv_fill(cfg, a, accel);
}
