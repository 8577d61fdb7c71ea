/* What is done with finished reports: certification checks, waivers, merge and diff. */
#ifndef VMI_CONFORM_VERIFY_H
#define VMI_CONFORM_VERIFY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "vmi-conform/report.h"

/*
 * Messages go to a FILE (NULL: none), one per line:
 *   error: ...      a problem; each is counted
 *   warning: ...    worth a look, not counted (an unused waiver)
 *   note: ...       for the record (a failure a waiver covers)
 * A problem in a list file is "FILE:LINE:COL: error: ..." instead.
 */

/* A mustpass list: one trace name per line; '#' starts a comment; blank lines ignored. */
struct vmi_mustpass {
    size_t count, cap;
    char **traces;
};

/* Parse text[0..len) named `file`; return the number of malformed lines
 * (each reported), 0 when the list is well formed.  Out of memory counts
 * as one problem.  m must be zeroed or freed before. */
int vmi_mustpass_parse(struct vmi_mustpass *m, const char *file, const char *text, size_t len,
                       FILE *msgs);
/* The same for a file; an unreadable file is one problem. */
int vmi_mustpass_load(struct vmi_mustpass *m, const char *path, FILE *msgs);
void vmi_mustpass_free(struct vmi_mustpass *m);

/*
 * A waivers file: one waiver per line,
 *   waive TRACE ENV ADAPTER REASON...
 * fields separated by spaces or TABs, REASON the rest of the line (it may
 * hold '#', so issue numbers can be cited).  '#' as the first non-blank
 * byte makes a comment line.  A waiver names exactly one result; there are
 * no patterns, so a waiver never covers more than was argued for.
 */
struct vmi_waiver {
    char *trace, *env, *adapter, *reason;
    uint32_t line;
};
struct vmi_waivers {
    char *file;                 /* for messages: "FILE:LINE" */
    size_t count, cap;
    struct vmi_waiver *items;
};

int vmi_waivers_parse(struct vmi_waivers *w, const char *file, const char *text, size_t len,
                      FILE *msgs);
int vmi_waivers_load(struct vmi_waivers *w, const char *path, FILE *msgs);
void vmi_waivers_free(struct vmi_waivers *w);
/* The waiver naming (trace, env, adapter), or NULL. */
const struct vmi_waiver *vmi_waivers_find(const struct vmi_waivers *w, const char *trace,
                                          const char *env, const char *adapter);
/* A result a waiver may cover: FAIL, TIMEOUT or CRASH -- the adapter or
 * the environment misbehaved.  Never ERROR (the harness failed) or SKIP. */
int vmi_result_waivable(enum vmi_result_status s);
/* Turns each waivable result a waiver covers into WAIVED with the detail
 * "REASON [STATUS: OLD DETAIL]" (or "REASON [STATUS]").  Returns how many it
 * changed, or -1 when out of memory (the report stays valid). */
int vmi_waivers_apply(struct vmi_report *r, const struct vmi_waivers *w);

struct vmi_verify_opts {
    int allow_skip;             /* SKIP is allowed too (PASS, NOT_SUPPORTED, WAIVED always) */
    const char *mustpass_file;  /* or NULL */
    const char *waivers_file;   /* or NULL */
    const struct vmi_mustpass *mustpass; /* already parsed; wins over mustpass_file */
    const struct vmi_waivers *waivers;   /* already parsed; wins over waivers_file */
    const char *bundle_sha256;  /* expected value, or NULL not to check */
    const char *guest_sha256;   /* expected value, or NULL not to check */
};

/*
 * Checks r for certification.  Returns the number of problems (0: the
 * report certifies).  o may be NULL for the defaults.  With waivers, a FAIL
 * a waiver covers counts as WAIVED, and a WAIVED result no waiver covers is
 * a problem.
 */
int vmi_verify(const struct vmi_report *r, const struct vmi_verify_opts *o, FILE *msgs);

/*
 * Merges shard reports into out (initialised here): their suite_version,
 * git_revision, bundle_sha256 and guest_sha256 must agree; environments
 * are united by (name, adapter) and must agree in every other field; the
 * same (trace, env, adapter) in two shards is a problem.  command_line is
 * the first shard's, started the earliest.  Returns the number of problems;
 * out holds the merge (sorted) only when it is 0.
 */
int vmi_report_merge(struct vmi_report *out, const struct vmi_report *const *in, size_t n,
                     FILE *msgs);

/* What vmi_report_diff found, by kind. */
struct vmi_diff_counts {
    size_t regressions;         /* was PASS, NOT_SUPPORTED or WAIVED; now more severe */
    size_t fixes;               /* was none of those; now one of them */
    size_t changes;             /* any other change of status */
    size_t added, removed;      /* results only in new, only in old */
};

/*
 * Compares two reports result by result, keyed by (trace, env, adapter),
 * writing one line per difference to out (NULL: none).  started and
 * duration_us are ignored.  Returns the number of regressions, or SIZE_MAX
 * when out of memory; counts may be NULL.
 */
size_t vmi_report_diff(const struct vmi_report *old_r, const struct vmi_report *new_r,
                       FILE *out, struct vmi_diff_counts *counts);

#endif /* VMI_CONFORM_VERIFY_H */
