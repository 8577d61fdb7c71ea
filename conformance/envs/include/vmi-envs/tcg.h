/* The `tcg` environment: the conformance guest under QEMU TCG. */
#ifndef VMI_ENVS_TCG_H
#define VMI_ENVS_TCG_H

/*
 * One boot runs the whole bundle; a trace that crashes the guest or hangs
 * it costs only itself: QEMU is stopped (or has stopped) and a new boot
 * starts at the next trace.  With per_trace, every trace gets a boot of
 * its own.  Every boot's logs stay in work_dir (boot-NNN.debugcon,
 * .serial, .stderr) for whoever has to find out what happened.
 */
#include <stddef.h>
#include <stdint.h>
#include "vmi-envs/session.h"

#define VMI_ENV_TCG_TIMEOUT_DEFAULT 30u   /* seconds without a record */
#define VMI_ENV_TCG_CPUS 2u
#define VMI_ENV_TCG_MEM_MIB 256u

/* How an environment starts one boot: fills a from cfg.  Returns 0, or -1
 * when a path does not fit.  NULL: QEMU TCG itself (vmi_qemu_tcg_argv). */
struct vmi_qemu_boot_cfg;
struct vmi_qemu_argv;
typedef int (*vmi_env_argv_fn)(const void *ctx, const struct vmi_qemu_boot_cfg *cfg,
                               struct vmi_qemu_argv *a);

struct vmi_env_tcg_opts {
    const char *qemu;           /* a path, or a name found on PATH */
    const char *guest;          /* the guest image */
    const char *adapter;        /* what the guest binds ("native") */
    const char *work_dir;       /* the bundle and the boots' logs; must exist */
    uint32_t timeout_s;         /* the watchdog */
    int per_trace;              /* one boot per trace */
    int marks;                  /* the guest marks each call (records.h) */
    vmi_env_argv_fn argv;       /* the environment's command line; NULL: tcg */
    uint32_t start_s;           /* extra seconds a boot may take to its first record */
    const void *argv_ctx;
    /* Told when a trace closes (progress lines); may be NULL. */
    void (*on_close)(void *ctx, uint32_t trace);
    void *on_close_ctx;
};

struct vmi_env_tcg_info {
    char qemu[4096];            /* the QEMU that ran */
    char qemu_version[160];
    uint32_t boots;
    char last_boot[4096];       /* the last boot's log prefix (work_dir/boot-NNN) */
    char error[512];            /* why the run could not start */
};

enum vmi_env_tcg_rc {
    VMI_ENV_TCG_OK = 0,         /* every trace of s has an outcome */
    VMI_ENV_TCG_NO_QEMU = 1,    /* QEMU is not there: info.error says which */
    VMI_ENV_TCG_FAILED = 2      /* the harness could not run (info.error) */
};

/* Runs bundle (s->count traces) on QEMU TCG; outcomes land in s. */
enum vmi_env_tcg_rc vmi_env_tcg_run(const struct vmi_env_tcg_opts *o, const void *bundle,
                                    size_t len, struct vmi_env_session *s,
                                    struct vmi_env_tcg_info *info);

#endif /* VMI_ENVS_TCG_H */
