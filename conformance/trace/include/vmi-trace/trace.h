/* Host side of traces: the in-memory model, the .vmt parser and the bundle compiler. */
#ifndef VMI_TRACE_TRACE_H
#define VMI_TRACE_TRACE_H

/*
 * A .vmt file holds one trace (spec/trace-format.rst).  Parsing fills a
 * trace set and collects diagnostics, each "FILE:LINE:COL: error: what was
 * expected"; a file with errors adds no trace.  Once every file is parsed,
 * vmi_trace_set_validate adds the checks that span files, and
 * vmi_trace_compile turns an error-free set into a bundle (bundle.h).
 */
#include <stddef.h>
#include <stdint.h>
#include "vmi/features.h"
#include "vmi-trace/bundle.h"

#define VMI_TRACE_FORMAT_VERSION 1u
#define VMI_TRACE_LINE_MAX 4096u   /* bytes on one line, newline excluded */
#define VMI_TRACE_ERRORS_MAX 20u   /* errors reported per file before stopping */
#define VMI_TRACE_NAME_MAX 128u    /* a trace name, NUL included */
#define VMI_TRACE_IDENT_MAX 32u    /* resource and variable names, NUL included */
#define VMI_TRACE_ID_MAX 32u       /* a requirement ID, NUL included */
#define VMI_TRACE_FIELDS_MAX 64u   /* whitespace-separated fields on one line */

/* One postfix operation: VMI_BUNDLE_X_*, with a literal or an index. */
struct vmi_trace_op {
    uint8_t op;
    uint16_t index;   /* RES, VAR */
    uint64_t value;   /* LIT */
};

/* An argument: a postfix program, or (op STR) the bytes of a string literal. */
struct vmi_trace_expr {
    uint8_t count;
    struct vmi_trace_op ops[VMI_BUNDLE_EXPR_OPS_MAX];
    char *str;        /* malloc'd, for a single STR op */
    uint32_t str_len;
};

struct vmi_trace_step {
    uint8_t op;          /* VMI_BUNDLE_OP_* */
    uint8_t has_status;  /* `expect status` was given */
    uint16_t cpu;
    uint16_t sub;        /* call number, probe kind or relation */
    int32_t status;
    uint32_t line;
    uint8_t arg_count;
    uint8_t out_count;
    struct vmi_trace_expr args[VMI_BUNDLE_ARGS_MAX];
    uint16_t outs[VMI_BUNDLE_OUTS_MAX];
};

struct vmi_trace_resource {
    char name[VMI_TRACE_IDENT_MAX];
    uint8_t kind;        /* VMI_BUNDLE_RES_* */
};

struct vmi_trace {
    char *file;
    uint32_t name_line;  /* where `name` was given, for cross-file errors */
    uint32_t name_col;
    char name[VMI_TRACE_NAME_MAX];
    char *title;
    char covers[VMI_BUNDLE_COVERS_MAX][VMI_TRACE_ID_MAX];
    uint16_t covers_count;
    uint64_t features[VMI_GROUP_COUNT];
    uint16_t cpus;
    struct vmi_trace_resource resources[VMI_BUNDLE_RESOURCES_MAX];
    uint16_t resource_count;
    char vars[VMI_BUNDLE_VARS_MAX][VMI_TRACE_IDENT_MAX];
    uint16_t var_count;
    struct vmi_trace_step *steps;
    uint32_t step_count;
    uint32_t step_cap;
};

struct vmi_trace_diag {
    char *file;
    uint32_t line;
    uint32_t col;
    char *text;          /* the whole "FILE:LINE:COL: error: ..." line */
};

/* The known requirement IDs, sorted, for `covers` checks. */
struct vmi_trace_ids {
    char **ids;
    size_t count;
};

struct vmi_trace_set {
    struct vmi_trace **traces;
    size_t count;
    size_t cap;
    struct vmi_trace_diag *diags;
    size_t diag_count;
    size_t diag_cap;
    size_t error_count;
    const struct vmi_trace_ids *known; /* borrowed; 0 checks only the ID's shape */
};

/* Starts an empty set that checks `covers` against `known` (may be 0). */
void vmi_trace_set_init(struct vmi_trace_set *set, const struct vmi_trace_ids *known);
void vmi_trace_set_free(struct vmi_trace_set *set);

/*
 * Parses one trace from `len` bytes of `text`, named `file` in diagnostics.
 * Returns the number of errors found in it; with none, the trace joins the set.
 */
size_t vmi_trace_parse_buffer(struct vmi_trace_set *set, const char *file,
                              const char *text, size_t len);

/* Reads and parses a file; a file that cannot be read is one error. */
size_t vmi_trace_parse_file(struct vmi_trace_set *set, const char *path);

/* Checks across the set (trace names unique); returns the errors it added. */
size_t vmi_trace_set_validate(struct vmi_trace_set *set);

/*
 * Compiles the set, traces in name order, into a malloc'd bundle.  Returns
 * 0, or -1 when the set has errors or memory ran out.  The same set always
 * gives the same bytes.
 */
int vmi_trace_compile(const struct vmi_trace_set *set, uint8_t **out, size_t *out_len);

/* Requirement IDs: one per line, the first word of the line; '#' comments. */
int vmi_trace_ids_parse(struct vmi_trace_ids *ids, const char *text, size_t len);
int vmi_trace_ids_load(struct vmi_trace_ids *ids, const char *path);
int vmi_trace_ids_has(const struct vmi_trace_ids *ids, const char *id);
void vmi_trace_ids_free(struct vmi_trace_ids *ids);

/* Name lookups over the ABI lists, -1 when unknown. */
int32_t vmi_trace_call_lookup(const char *name, size_t len);
int32_t vmi_trace_feature_lookup(const char *name, size_t len);
int vmi_trace_status_lookup(const char *name, size_t len, int32_t *status);

#endif /* VMI_TRACE_TRACE_H */
