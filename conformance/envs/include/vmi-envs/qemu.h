/* QEMU as a child process: finding it, its argv, one boot under a watchdog. */
#ifndef VMI_ENVS_QEMU_H
#define VMI_ENVS_QEMU_H

#include <stddef.h>
#include <stdint.h>
#include "vmi-envs/session.h"

#define VMI_QEMU_DEFAULT "qemu-system-x86_64"

/* The path of `name` (itself when it holds a '/', else found on PATH) if
 * it is an executable file.  Returns 0, or -1 with out unset. */
int vmi_qemu_find(const char *name, char *out, size_t cap);

/* The first line of `qemu --version` ("QEMU emulator version 7.2.0 ..."),
 * or "unknown" when it prints none.  Never fails. */
void vmi_qemu_version(const char *qemu, char *out, size_t cap);

/* One boot's command line. */
struct vmi_qemu_boot_cfg {
    const char *qemu, *guest, *bundle, *serial_log, *adapter;
    uint32_t cpus, mem_mib, start, count;
    const char *work;           /* the boot's log prefix (work_dir/boot-NNN) */
    int marks;                  /* the guest marks each call (a benchmark's run) */
};
#define VMI_QEMU_ARGV_MAX 48
struct vmi_qemu_argv {
    char *argv[VMI_QEMU_ARGV_MAX];      /* NULL-terminated; points into the fields below */
    char smp[16], mem[16], append[96], serial[4200], kernel[4096], initrd[4096];
    char script[4200], work[4200];      /* a launch script's: itself, the boot's folder */
};
/* Fill a from cfg: QEMU TCG (-icount), or KVM with the host's CPU (its
 * vmi_env_argv_fn form; ctx is unused).  Return 0, or -1 when a path is too
 * long or holds a comma. */
int vmi_qemu_tcg_argv(const struct vmi_qemu_boot_cfg *cfg, struct vmi_qemu_argv *a);
int vmi_qemu_kvm_argv(const void *ctx, const struct vmi_qemu_boot_cfg *cfg,
                      struct vmi_qemu_argv *a);

/* How one boot ended. */
struct vmi_qemu_exit {
    int timed_out;              /* the watchdog killed it */
    int spawn_failed;           /* it never ran (why says so) */
    int exited, status;         /* exited: its exit status; else killed by signal `status` */
    uint32_t silent_s;          /* timed_out: seconds without a record */
    char why[256];              /* one line: the exit and the last line QEMU wrote to stderr */
};

/*
 * Runs argv (never through a shell) with the guest's port 0xe9 console on
 * its stdout, a pipe read as it comes and fed to `b`; QEMU's stderr goes to
 * log_prefix.stderr and the raw console to log_prefix.debugcon.  The
 * watchdog kills QEMU when no new record arrives for timeout_s seconds.
 */
void vmi_qemu_boot(char *const argv[], const char *log_prefix, uint32_t timeout_s,
                   struct vmi_env_boot *b, struct vmi_qemu_exit *x);

#endif /* VMI_ENVS_QEMU_H */
