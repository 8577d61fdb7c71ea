/* What the tcg run's files share (cli_run_tcg.c, cli_run_tcg_report.c). */
#ifndef VMI_CONFORM_CLI_RUN_TCG_H
#define VMI_CONFORM_CLI_RUN_TCG_H

#include "cli_run.h"
#include "vmi-conform/report.h"
#include "vmi-conform/run_env.h"
#include "vmi-envs/script.h"
#include "vmi-envs/tcg.h"

/* One run of tcg or kvm, or of an environment a script starts (kvm-nested,
 * xen), from setup to the report. */
struct tcg_run {
    const char *env;                    /* its name in the report */
    struct vmi_env_script script;       /* kvm-nested, xen */
    const struct cli_suite *s;
    const struct cli_run_opts *o;
    const uint32_t *idx;                /* the selection, by suite bundle index */
    uint32_t count;
    uint32_t *sent;                     /* positions in idx of the traces the guest runs */
    uint32_t sent_count, closed;
    uint8_t *bundle;                    /* the guest's bundle: the sent traces */
    size_t bundle_len;
    struct vmi_bundle b;
    struct vmi_env_session session;
    struct vmi_env_tcg_info info;
    char work_dir[4096], guest_sha256[65];
    char layers[512];                   /* kvm: the host kernel under the guest's QEMU */
};

/* The environment's description and every selected trace with `status`
 * and `why` (no QEMU, no guest image, a script that cannot run here).  Returns 0, or -1 when out of memory. */
int tcg_report_all(struct tcg_run *t, struct vmi_report *r, enum vmi_result_status status,
                   const char *why);
/* After the run: the description from the guest's IDENT, one result per
 * selected trace.  Returns 0, or -1 when out of memory. */
int tcg_report(struct tcg_run *t, struct vmi_report *r, enum vmi_env_tcg_rc rc);

#endif /* VMI_CONFORM_CLI_RUN_TCG_H */
