/* The certification report: results, their statuses, and the canonical report.json. */
#ifndef VMI_CONFORM_REPORT_H
#define VMI_CONFORM_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The canonical format's name and version, written as "format" and "format_version". */
#define VMI_REPORT_FORMAT "vmi-conform-report"
#define VMI_REPORT_FORMAT_VERSION 1

/*
 * Statuses, written once:  X(NAME, "description")
 * Ordered by severity as a merge of several results of one trace sees it.
 */
#define VMI_RESULT_STATUS_LIST(X)                                            \
    X(PASS,          "every observation is one the reference allows")        \
    X(NOT_SUPPORTED, "the adapter does not offer a feature the trace needs") \
    X(WAIVED,        "failed, and a waiver for this adapter and environment covers it") \
    X(SKIP,          "the environment cannot run the trace (too few CPUs, missing tool)") \
    X(FAIL,          "an observation is outside the reference's allowed set") \
    X(TIMEOUT,       "the guest made no progress before the watchdog fired")  \
    X(CRASH,         "the guest faulted or stopped inside the trace")         \
    X(ERROR,         "the harness failed: a bug of the suite, not the adapter")

enum vmi_result_status {
#define VMI__RESULT_ENUM(name, desc) VMI_RESULT_##name,
    VMI_RESULT_STATUS_LIST(VMI__RESULT_ENUM)
#undef VMI__RESULT_ENUM
    VMI_RESULT_STATUS_COUNT
};

/* "PASS", ... ; NULL for an unknown status. */
const char *vmi_result_status_name(enum vmi_result_status s);
/* The status's description from the list; NULL for an unknown status. */
const char *vmi_result_status_description(enum vmi_result_status s);
/* Parses a status name; returns 0 and sets *s, or -1. */
int vmi_result_status_parse(const char *name, enum vmi_result_status *s);

#define VMI_REPORT_REQS_MAX 32u

/* One trace's result in one environment with one adapter. */
struct vmi_result {
    char *trace;                 /* "mmu/remap-stale-until-flush" */
    char *env;                   /* "ref", "tcg", ... */
    char *adapter;               /* "ref", "native", ... */
    enum vmi_result_status status;
    uint32_t req_count;
    char *reqs[VMI_REPORT_REQS_MAX]; /* requirement IDs the trace covers */
    char *detail;                /* "" for PASS; for FAIL the first mismatch */
    uint64_t duration_us;        /* not compared by diff; omitted with --no-times */
};

/* An environment as the run saw it. */
struct vmi_report_env {
    char *name;                  /* "ref" */
    char *hypervisor;            /* the CPUID signature the guest saw, or "" */
    char *adapter;               /* adapter name */
    char *adapter_version;       /* "1.0" */
    char *features;              /* feature names the adapter offered, space-separated */
    char *detail;                /* host kernel, QEMU version, ... or "" */
    /* What the adapter said of the hypervisor interface it uses
     * (VMI-DISC-010): "FEATURE=mechanism ..." tokens and the hypervisor's
     * feature bits as "0x..."; both NULL when the environment did not say
     * (the reference model, a guest or a report from before the field). */
    char *mechanisms;
    char *hv_features;
};

struct vmi_report {
    char *suite_version;         /* "1.0.0" */
    char *git_revision;          /* commit of the suite, or "unknown" */
    char *bundle_sha256;         /* of the compiled trace bundle */
    char *guest_sha256;          /* of the guest image, or "" */
    char *command_line;          /* the exact command, arguments space-joined and quoted */
    char *started;               /* ISO 8601 UTC; not compared by diff */
    size_t env_count, env_cap;
    struct vmi_report_env *envs;
    size_t result_count, result_cap;
    struct vmi_result *results;
};

void vmi_report_init(struct vmi_report *r);
void vmi_report_free(struct vmi_report *r);
/* Copies the strings it is given (NULL is stored as "").  Return 0, or -1
 * when out of memory; add_result also refuses (-1) a result with more than
 * VMI_REPORT_REQS_MAX requirements or an unknown status. */
int vmi_report_add_env(struct vmi_report *r, const struct vmi_report_env *e);
int vmi_report_add_result(struct vmi_report *r, const struct vmi_result *res);
/* Sorts results by (trace, env, adapter) so output is byte-stable. */
void vmi_report_sort(struct vmi_report *r);
/* Counts per status. */
void vmi_report_summary(const struct vmi_report *r, size_t counts[VMI_RESULT_STATUS_COUNT]);
/* Replaces a header field (&r->suite_version, ...) with a copy of value
 * (NULL gives "").  Returns 0, or -1 when out of memory (field unchanged). */
int vmi_report_set_string(char **field, const char *value);

/*
 * Writers.  The JSON is the canonical result; the others derive from it.
 * Two reports with equal content give byte-identical files except the
 * "started" and "duration_us" values.  Return 0 or -1 on a write error.
 */
int vmi_report_write_json(const struct vmi_report *r, FILE *out);
int vmi_report_write_junit(const struct vmi_report *r, FILE *out);
int vmi_report_write_tap(const struct vmi_report *r, FILE *out);
int vmi_report_write_html(const struct vmi_report *r, FILE *out);

/* vmi_report_write_json with flags; VMI_REPORT_NO_TIMES leaves out every
 * "duration_us" (the reader takes a missing one as 0). */
#define VMI_REPORT_NO_TIMES 1u
int vmi_report_write_json_flags(const struct vmi_report *r, FILE *out, unsigned flags);

/*
 * Reads a report.json.  Returns 0, or -1 with a message
 * "FILE:LINE:COL: error: ..." in err (never crashes, bounded memory and
 * nesting for any input).  r is initialised here (any content it held is
 * not freed) and is left empty on an error.
 */
int vmi_report_read_json(struct vmi_report *r, const char *file, const char *text,
                         size_t len, char *err, size_t err_len);

#endif /* VMI_CONFORM_REPORT_H */
