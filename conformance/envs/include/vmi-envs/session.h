/* One environment run's record stream turned into per-trace outcomes. */
#ifndef VMI_ENVS_SESSION_H
#define VMI_ENVS_SESSION_H

/*
 * The guest runs traces start..start+count-1 of the bundle it was given
 * and reports each through records (vmi-guest/records.h).  A session holds
 * what every boot of one environment run reported, by bundle index; a boot
 * (struct vmi_env_boot) decodes one guest's stream into it.  Nothing here
 * judges: the runner compares the observations with the reference model.
 */
#include <stddef.h>
#include <stdint.h>
#include "vmi-exec/exec.h"
#include "vmi-guest/decode.h"

/* How a trace's part of the stream ended. */
enum vmi_env_outcome {
    VMI_ENV_NOT_RUN = 0,    /* no boot reached it */
    VMI_ENV_ENDED,          /* TRACE_END: the observations are complete */
    VMI_ENV_SKIPPED,        /* TRACE_SKIP: the adapter lacks needed features */
    VMI_ENV_FAULTED,        /* a FAULT record names it */
    VMI_ENV_TIMED_OUT,      /* the watchdog fired while it ran */
    VMI_ENV_DIED,           /* QEMU or the stream ended while it ran */
    VMI_ENV_DAMAGED         /* a record of it failed its check or went missing */
};

struct vmi_env_alloc {
    uint8_t kind;           /* VMI_REC_ALLOC_* (= VMI_BUNDLE_RES_*) */
    uint64_t addr;
};

struct vmi_env_fault {
    uint8_t vector, fatal;
    uint16_t cpu;
    uint64_t error, rip, cr2;
};

struct vmi_env_trace {
    enum vmi_env_outcome outcome;
    struct vmi_env_alloc *allocs;
    uint32_t alloc_count, alloc_cap;
    struct vmi_exec_obs *obs;
    size_t obs_count, obs_cap;
    uint32_t end, err_step;             /* ENDED: as vmi_exec_trace reported */
    int32_t err_code;
    uint32_t groups;                    /* SKIPPED: missing[0..groups-1] */
    uint64_t missing[VMI_REC_IDENT_GROUPS_MAX];
    struct vmi_env_fault fault;         /* FAULTED */
    char why[256];                      /* TIMED_OUT, DIED, DAMAGED: what happened */
    uint64_t begin_us, duration_us;
};

/* What IDENT said: the hypervisor as the guest saw it, the adapter bound. */
struct vmi_env_ident {
    int seen;
    uint32_t hv_base, hv_max;
    char signature[13];                 /* printable, NUL-terminated */
    char adapter[64];
    uint32_t adapter_version, abi_version, cpus, groups, bundle_crc;
    uint64_t features[VMI_REC_IDENT_GROUPS_MAX];
    /* From MECH (VMI-DISC-010), when the guest sent one: the hypervisor
     * feature bits and the "FEATURE=mechanism" tokens, printable. */
    int mech_seen;
    uint64_t hv_features;
    char mechanisms[VMI_MECHANISMS_LEN];
};

struct vmi_env_session {
    struct vmi_env_trace *traces;       /* by bundle index */
    uint32_t count;
    struct vmi_env_ident ident;
    int oom;                            /* an observation could not be kept */
};

/* Returns 0, or -1 when out of memory. */
int vmi_env_session_init(struct vmi_env_session *s, uint32_t count);
void vmi_env_session_free(struct vmi_env_session *s);
/* Sets a trace's outcome and its reason (printf-style); first close wins. */
void vmi_env_trace_close(struct vmi_env_trace *t, enum vmi_env_outcome o, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* One boot's stream. */
struct vmi_env_boot {
    struct vmi_env_session *s;
    struct vmi_rec_decoder dec;
    uint32_t first, stop;               /* the range this boot runs */
    int64_t current;                    /* the trace begun and not closed, or -1 */
    uint32_t next;                      /* the first trace not closed by this boot */
    uint32_t closed;                    /* traces this boot closed */
    uint64_t records;                   /* valid records so far: the watchdog's progress */
    int ended, fatal;                   /* END seen; a fatal FAULT stopped the guest */
    int resync;                         /* a record was rejected; none valid since */
    uint32_t exit_value;                /* END's */
    char pending[256];                  /* damage seen outside a trace, for the next one */
    char last_fault[160];               /* a FAULT outside any trace, for reports */
    uint64_t (*clock_us)(void);         /* for durations; NULL: none */
    uint32_t start_s;                   /* the watchdog's extra patience for the first
                                         * record: booting the layers under the guest */
    /* Told each time a trace of this boot closes (progress lines). */
    void (*on_close)(void *ctx, uint32_t trace);
    void *on_close_ctx;
};

void vmi_env_boot_init(struct vmi_env_boot *b, struct vmi_env_session *s, uint32_t first,
                       uint32_t stop);
/* Bytes of the guest's console (port 0xe9), in pieces of any size. */
void vmi_env_boot_feed(struct vmi_env_boot *b, const void *data, size_t n);
/* The stream ended: a frame in progress is a damaged record. */
void vmi_env_boot_finish(struct vmi_env_boot *b);

#endif /* VMI_ENVS_SESSION_H */
