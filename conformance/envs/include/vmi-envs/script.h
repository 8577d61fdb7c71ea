/* Environments started by a launch script (kvm-nested, xen) instead of QEMU. */
#ifndef VMI_ENVS_SCRIPT_H
#define VMI_ENVS_SCRIPT_H

/*
 * Each boot runs `sh SCRIPT ARGS...` (an argv, never a shell string) whose
 * stdout is the guest's record stream as it comes; the tcg machinery does
 * the rest (watchdog, restart at the next trace).  The scripts and what
 * their exit statuses mean are in kvm-nested/README.md and xen/README.md.
 */
#include <stddef.h>
#include "vmi-envs/qemu.h"

#define VMI_ENV_SCRIPT_IMPOSSIBLE 77    /* the scripts' "cannot run here" */
/* A boot starts QEMU, then Xen or an L1 Linux and its QEMU, before the
 * guest's first record: seconds on an idle host, a minute and more on a
 * busy one.  The watchdog allows this much beyond its timeout for it. */
#define VMI_ENV_SCRIPT_START_S 120u

struct vmi_env_script {
    const char *dir;            /* conformance/envs, where the scripts are */
    const char *env;            /* "kvm-nested" or "xen" */
    char xen_img[4096];         /* xen: the hypervisor fetch-xen.sh printed */
};

/* Makes the environment ready once per run (build-l1.sh, fetch-xen.sh).
 * Returns the script's exit status: 0 ready, 77 impossible here, else
 * failed; why says what went wrong. */
int vmi_env_script_prepare(struct vmi_env_script *sc, char *why, size_t cap);

/* vmi_env_argv_fn for ctx = a prepared struct vmi_env_script. */
int vmi_env_script_argv(const void *ctx, const struct vmi_qemu_boot_cfg *cfg,
                        struct vmi_qemu_argv *a);

/* What the boot with log prefix `boot` ran on, one line for the report:
 * L1's kernel and QEMU (kvm-nested), Xen's version and command line (xen). */
void vmi_env_script_ident(const struct vmi_env_script *sc, const char *boot, char *out,
                          size_t cap);

#endif /* VMI_ENVS_SCRIPT_H */
