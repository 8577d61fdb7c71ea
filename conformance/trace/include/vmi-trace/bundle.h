/* The compiled trace bundle: its byte layout, opcodes and a freestanding decoder. */
#ifndef VMI_TRACE_BUNDLE_H
#define VMI_TRACE_BUNDLE_H

/*
 * A bundle is what conformance/trace compiles a set of .vmt traces into and
 * what the one executor runs, in the guest and in the runner.  The guest has
 * no parser and no allocator, and it must not trust the bytes it is given,
 * so this header and src/bundle_decode.c are freestanding C99: they include
 * only <stddef.h>, <stdint.h> and the ABI headers, and every offset and
 * count is checked before it is used.  spec/trace-format.rst is normative.
 *
 * Every multi-byte field is little-endian.  The structs below state the
 * layout and pin it with static assertions; the decoder never casts the
 * untrusted buffer to them (it may be unaligned) but reads each field at
 * its offsetof() with byte loads.
 */
#include <stddef.h>
#include <stdint.h>
#include "vmi/calls.h"

#define VMI_BUNDLE_MAGIC0 'V'
#define VMI_BUNDLE_MAGIC1 'M'
#define VMI_BUNDLE_MAGIC2 'I'
#define VMI_BUNDLE_MAGIC3 'B'
#define VMI_BUNDLE_VERSION 1u

/* Limits shared by the text format and the bundle; a trace over one is rejected. */
#define VMI_BUNDLE_TRACES_MAX 4096u
#define VMI_BUNDLE_STEPS_MAX 1024u
#define VMI_BUNDLE_RESOURCES_MAX 64u
#define VMI_BUNDLE_VARS_MAX 256u
#define VMI_BUNDLE_COVERS_MAX 32u
#define VMI_BUNDLE_CPUS_MAX 64u
#define VMI_BUNDLE_FEATURE_GROUPS_MAX 64u
#define VMI_BUNDLE_ARGS_MAX 5u    /* VMI_PARAM_MAX: no step has more */
#define VMI_BUNDLE_OUTS_MAX 8u    /* struct vmi_adapter_info is 8 words */

/* The bytes of an OUT parameter a trace sees.  Traces see struct
 * vmi_adapter_info in its VMI 1.0 layout, 64 bytes, and the executor calls
 * as a 1.0 caller would: the size protocol of VMI-DISC-007 keeps that
 * working on every later minor, so every trace stays valid. */
#define VMI_BUNDLE_OUT_SIZE(call, size) \
    ((call) == VMI_CALL_adapter_info_get ? VMI_ADAPTER_INFO_SIZE_1_0 : (size))
#define VMI_BUNDLE_EXPR_OPS_MAX 32u
#define VMI_BUNDLE_STACK_MAX 16u
#define VMI_BUNDLE_STRING_MAX 4096u

/* ---- Layout ---- */

/* At offset 0.  checksum is FNV-1a 64 over bytes [0, total_size) but for the
 * checksum field itself: bytes [0, 40) then [48, total_size). */
struct vmi_bundle_header {
    uint8_t  magic[4];        /* "VMIB" */
    uint16_t version;         /* VMI_BUNDLE_VERSION */
    uint16_t header_size;     /* 48 */
    uint32_t abi_version;     /* VMI_ABI_VERSION the call numbers belong to */
    uint32_t total_size;      /* the whole bundle, this header included */
    uint32_t trace_count;
    uint32_t index_offset;    /* trace_count u32 offsets of trace records */
    uint32_t strings_offset;  /* the string table */
    uint32_t strings_size;
    uint16_t feature_groups;  /* feature bitmaps per trace record */
    uint16_t reserved0;       /* 0 */
    uint32_t reserved1;       /* 0 */
    uint64_t checksum;
}; /* 48 bytes */

/*
 * One trace.  Offsets are from the start of the bundle; a "string" is an
 * offset into the string table of a NUL-terminated name.  The record is
 * followed by feature_groups u64 bitmaps (bit N of bitmap G: feature bit N
 * of group G is needed).
 */
struct vmi_bundle_trace {
    uint32_t name;             /* string: "mmu/remap-stale-until-flush" */
    uint32_t title;            /* string, may be empty */
    uint32_t covers_offset;    /* covers_count u32 strings: "VMI-MMU-006" */
    uint32_t resources_offset; /* resource_count struct vmi_bundle_resource */
    uint32_t vars_offset;      /* var_count u32 strings: names without '$' */
    uint32_t steps_offset;     /* the step stream */
    uint32_t steps_size;       /* its length in bytes */
    uint32_t step_count;
    uint16_t covers_count;
    uint16_t cpus;             /* CPUs the trace needs, 1..VMI_BUNDLE_CPUS_MAX */
    uint16_t resource_count;
    uint16_t var_count;
}; /* 40 bytes */

/* Resource kinds: what @NAME evaluates to. */
#define VMI_BUNDLE_RES_PAGE 1u /* guest-physical address of a zeroed 4 KiB page */
#define VMI_BUNDLE_RES_VA   2u /* a 4 KiB virtual page in the trace's window */
#define VMI_BUNDLE_RES_WINDOW 3u /* guest-physical address of the PT that maps the window */

struct vmi_bundle_resource {
    uint32_t name;        /* string */
    uint8_t  kind;        /* VMI_BUNDLE_RES_* */
    uint8_t  reserved[3]; /* 0 */
}; /* 8 bytes */

/*
 * A step: this header, then arg_count expressions, then out_count u16
 * variable indices.  Steps are packed back to back without alignment.
 */
struct vmi_bundle_step {
    uint8_t  op;        /* VMI_BUNDLE_OP_* */
    uint8_t  flags;     /* VMI_BUNDLE_STEP_* */
    uint8_t  arg_count;
    uint8_t  out_count;
    uint16_t cpu;       /* the CPU that performs the step */
    uint16_t sub;       /* CALL: call number; PROBE: probe kind; EXPECT: relation */
    int32_t  status;    /* the expected status when VMI_BUNDLE_STEP_STATUS, else 0 */
    uint32_t line;      /* source line, for reports */
}; /* 16 bytes */

/* Step opcodes and the arguments each takes. */
#define VMI_BUNDLE_OP_CALL   1u /* call `sub`: its IN and BUF parameters in order */
#define VMI_BUNDLE_OP_PROBE  2u /* probe `sub`: see the probe kinds */
#define VMI_BUNDLE_OP_WAIT   3u /* ns */
#define VMI_BUNDLE_OP_WRITE  4u /* physical address, width, value */
#define VMI_BUNDLE_OP_EXPECT 5u /* left, right: holds `sub` relation */

#define VMI_BUNDLE_STEP_STATUS 0x1u /* `status` is an expectation */

/* Probe kinds: how state is observed without the adapter under test. */
#define VMI_BUNDLE_PROBE_READ     1u /* va, width: load through the mapping */
#define VMI_BUNDLE_PROBE_PHYS64   2u /* pa: 8 bytes of guest-physical memory */
#define VMI_BUNDLE_PROBE_CR       3u /* n: control register by instruction */
#define VMI_BUNDLE_PROBE_IRQCOUNT 4u /* vector: deliveries on this CPU so far */
#define VMI_BUNDLE_PROBE_IF       5u /* the interrupt flag, 0 or 1 */
#define VMI_BUNDLE_PROBE_CONSOLE  6u /* console bytes captured so far */
#define VMI_BUNDLE_PROBE_POWER    7u /* power state: VMI_BUNDLE_POWER_* */
/* Test-only: executes an undefined instruction (UD2), so that a suite of
 * the harness itself can prove that a fault ends one trace, not the run. */
#define VMI_BUNDLE_PROBE_UD       8u
#define VMI_BUNDLE_PROBE_KIND_MAX 8u

#define VMI_BUNDLE_POWER_ON       0u
#define VMI_BUNDLE_POWER_OFF      1u
#define VMI_BUNDLE_POWER_REBOOT   2u
#define VMI_BUNDLE_POWER_CRASHED  3u

/* EXPECT relations, unsigned 64-bit. */
#define VMI_BUNDLE_REL_EQ 1u
#define VMI_BUNDLE_REL_NE 2u
#define VMI_BUNDLE_REL_LT 3u
#define VMI_BUNDLE_REL_LE 4u
#define VMI_BUNDLE_REL_GT 5u
#define VMI_BUNDLE_REL_GE 6u

/*
 * An expression: u8 op count (1..VMI_BUNDLE_EXPR_OPS_MAX), then the ops of
 * a postfix program, each an opcode byte and its operand.  Arithmetic is
 * on u64 and wraps; a shift by 64 or more gives 0.
 */
#define VMI_BUNDLE_X_LIT 0x01u /* + u64 value */
#define VMI_BUNDLE_X_RES 0x02u /* + u16 resource index */
#define VMI_BUNDLE_X_VAR 0x03u /* + u16 variable index */
#define VMI_BUNDLE_X_STR 0x04u /* + u32 string-table offset + u32 length: BUF only */
#define VMI_BUNDLE_X_NOT 0x10u /* ~a */
#define VMI_BUNDLE_X_NEG 0x11u /* -a */
#define VMI_BUNDLE_X_OR  0x20u /* binary ops pop b then a and push a op b */
#define VMI_BUNDLE_X_XOR 0x21u
#define VMI_BUNDLE_X_AND 0x22u
#define VMI_BUNDLE_X_SHL 0x23u
#define VMI_BUNDLE_X_SHR 0x24u
#define VMI_BUNDLE_X_ADD 0x25u
#define VMI_BUNDLE_X_SUB 0x26u

VMI_STATIC_ASSERT(sizeof(struct vmi_bundle_header) == 48, bundle_header_size);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_header, version) == 4, bh_version);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_header, header_size) == 6, bh_hsize);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_header, abi_version) == 8, bh_abi);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_header, total_size) == 12, bh_total);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_header, trace_count) == 16, bh_count);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_header, index_offset) == 20, bh_index);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_header, strings_offset) == 24, bh_str);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_header, strings_size) == 28, bh_strsz);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_header, feature_groups) == 32, bh_fg);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_header, reserved0) == 34, bh_res0);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_header, reserved1) == 36, bh_res1);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_header, checksum) == 40, bh_sum);
VMI_STATIC_ASSERT(sizeof(struct vmi_bundle_trace) == 40, bundle_trace_size);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_trace, title) == 4, bt_title);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_trace, covers_offset) == 8, bt_cov);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_trace, resources_offset) == 12, bt_res);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_trace, vars_offset) == 16, bt_vars);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_trace, steps_offset) == 20, bt_steps);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_trace, steps_size) == 24, bt_stepsz);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_trace, step_count) == 28, bt_stepn);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_trace, covers_count) == 32, bt_covn);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_trace, cpus) == 34, bt_cpus);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_trace, resource_count) == 36, bt_resn);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_trace, var_count) == 38, bt_varn);
VMI_STATIC_ASSERT(sizeof(struct vmi_bundle_resource) == 8, bundle_resource_size);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_resource, kind) == 4, br_kind);
VMI_STATIC_ASSERT(sizeof(struct vmi_bundle_step) == 16, bundle_step_size);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_step, flags) == 1, bs_flags);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_step, arg_count) == 2, bs_argn);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_step, out_count) == 3, bs_outn);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_step, cpu) == 4, bs_cpu);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_step, sub) == 6, bs_sub);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_step, status) == 8, bs_status);
VMI_STATIC_ASSERT(offsetof(struct vmi_bundle_step, line) == 12, bs_line);
VMI_STATIC_ASSERT(VMI_BUNDLE_ARGS_MAX >= VMI_PARAM_MAX, args_hold_any_call);

/* ---- Decoder ---- */

/* What vmi_bundle_open found wrong; 0 is success. */
#define VMI_BUNDLE_ERROR_LIST(X)                                             \
    X(OK,        0, "no error")                                              \
    X(TRUNCATED, 1, "the bundle ends inside a field")                        \
    X(MAGIC,     2, "not a bundle: bad magic")                               \
    X(VERSION,   3, "unknown bundle format version")                         \
    X(HEADER,    4, "inconsistent header field")                             \
    X(CHECKSUM,  5, "checksum mismatch")                                     \
    X(RANGE,     6, "an offset or size points outside its region")           \
    X(STRING,    7, "a string is not NUL-terminated inside the string table") \
    X(LIMIT,     8, "a count exceeds the format's limit")                    \
    X(OPCODE,    9, "unknown step, probe, relation or expression opcode")    \
    X(CALL,     10, "unknown call, or arguments that do not fit the call")   \
    X(EXPR,     11, "malformed expression")                                  \
    X(INDEX,    12, "resource, variable or CPU index out of range")          \
    X(BINDING,  13, "variable used before it is bound or bound twice")       \
    X(RESERVED, 14, "a reserved field or flag is not zero")

enum vmi_bundle_error {
#define VMI__BUNDLE_ERR_ENUM(name, value, desc) VMI_BUNDLE_E##name = (value),
    VMI_BUNDLE_ERROR_LIST(VMI__BUNDLE_ERR_ENUM)
#undef VMI__BUNDLE_ERR_ENUM
    VMI_BUNDLE_ERROR_COUNT
};

/* A validated bundle.  Fill it with vmi_bundle_open; it borrows `data`. */
struct vmi_bundle {
    const uint8_t *data;
    uint32_t size;
    uint32_t abi_version;
    uint32_t trace_count;
    uint32_t index_offset;
    uint32_t strings_offset;
    uint32_t strings_size;
    uint16_t feature_groups;
};

/* One trace of an open bundle; strings point into the bundle. */
struct vmi_bundle_trace_view {
    uint32_t offset;          /* of the trace record, for error reports */
    const char *name;
    const char *title;
    uint16_t covers_count;
    uint16_t cpus;
    uint16_t resource_count;
    uint16_t var_count;
    uint32_t step_count;
    uint32_t covers_offset;
    uint32_t resources_offset;
    uint32_t vars_offset;
    uint32_t features_offset;
    uint32_t steps_offset;
    uint32_t steps_size;
};

/* One step; args[i] points at expression i (its op-count byte). */
struct vmi_bundle_step_view {
    uint32_t offset;          /* of the step header */
    uint8_t op;
    uint8_t flags;
    uint8_t arg_count;
    uint8_t out_count;
    uint16_t cpu;
    uint16_t sub;
    int32_t status;
    uint32_t line;
    const uint8_t *args[VMI_BUNDLE_ARGS_MAX];
    uint16_t outs[VMI_BUNDLE_OUTS_MAX];
};

struct vmi_bundle_step_iter {
    const struct vmi_bundle *bundle;
    const struct vmi_bundle_trace_view *trace;
    uint32_t pos;             /* offset of the next step */
    uint32_t index;
};

/* What a call expects from a CALL step, derived from VMI_CALL_LIST. */
struct vmi_bundle_call_shape {
    uint8_t in_count;                       /* IN and BUF parameters */
    uint8_t out_words;                      /* u64 words of all OUT parameters */
    uint8_t in_kinds[VMI_BUNDLE_ARGS_MAX];  /* VMI_PARAM_IN or VMI_PARAM_BUF */
};

/* Values an expression refers to, indexed like the trace's tables. */
struct vmi_bundle_env {
    const uint64_t *resources; /* resource_count addresses */
    const uint64_t *vars;      /* var_count values */
};

/*
 * Validates all of `data` (header, checksum, every trace and step, that
 * each variable is bound once before use) and fills `b`.  Returns 0 or a
 * VMI_BUNDLE_E* code with *err_offset the offset of the bad field.
 */
int vmi_bundle_open(struct vmi_bundle *b, const void *data, size_t size,
                    uint32_t *err_offset);

/* The error's description ("checksum mismatch"), or 0 for an unknown code. */
const char *vmi_bundle_strerror(int code);

/* Fills `t` for trace `index` of an open bundle; returns 0 or an error. */
int vmi_bundle_trace_get(const struct vmi_bundle *b, uint32_t index,
                         struct vmi_bundle_trace_view *t);

/* Requirement ID `i` ("VMI-MMU-006") of the trace, or 0 out of range. */
const char *vmi_bundle_trace_cover(const struct vmi_bundle *b,
                                   const struct vmi_bundle_trace_view *t, uint32_t i);

/* The trace's needed-feature bitmap of `group` (0 beyond feature_groups). */
uint64_t vmi_bundle_trace_features(const struct vmi_bundle *b,
                                   const struct vmi_bundle_trace_view *t, uint32_t group);

/* Resource `i`: its kind (VMI_BUNDLE_RES_*) and name, or 0 out of range. */
uint8_t vmi_bundle_trace_resource(const struct vmi_bundle *b,
                                  const struct vmi_bundle_trace_view *t, uint32_t i,
                                  const char **name);

/* Variable `i`'s name without '$', or 0 out of range. */
const char *vmi_bundle_trace_var(const struct vmi_bundle *b,
                                 const struct vmi_bundle_trace_view *t, uint32_t i);

/* Iterates a trace's steps: next returns 1 and fills `s`, 0 at the end, or -code. */
void vmi_bundle_steps_begin(struct vmi_bundle_step_iter *it, const struct vmi_bundle *b,
                            const struct vmi_bundle_trace_view *t);
int vmi_bundle_steps_next(struct vmi_bundle_step_iter *it, struct vmi_bundle_step_view *s);

/* Evaluates an expression (not a string); returns 0 or VMI_BUNDLE_EEXPR. */
int vmi_bundle_expr_eval(const uint8_t *expr, const struct vmi_bundle_env *env,
                         uint64_t *value);

/*
 * A BUF argument: 1 with *bytes and *len set for a string, 0 for the null
 * pointer (written `null`), -1 when the expression is neither.
 */
int vmi_bundle_expr_string(const struct vmi_bundle *b, const uint8_t *expr,
                           const uint8_t **bytes, uint32_t *len);

/* The shape of call `call`; returns 0, or VMI_BUNDLE_ECALL for an unknown number. */
int vmi_bundle_call_shape_get(uint32_t call, struct vmi_bundle_call_shape *shape);

/* How many arguments probe `kind` takes, or -1 for an unknown kind. */
int vmi_bundle_probe_arity(uint32_t kind);

/* FNV-1a 64 of `n` bytes, continuing from `h` (start with VMI_BUNDLE_FNV_BASIS). */
#define VMI_BUNDLE_FNV_BASIS 0xcbf29ce484222325u
uint64_t vmi_bundle_fnv1a64(uint64_t h, const uint8_t *p, uint32_t n);

/* The checksum of a bundle of `total` (>= 48) bytes, as stored in its header. */
uint64_t vmi_bundle_checksum(const uint8_t *p, uint32_t total);

#endif /* VMI_TRACE_BUNDLE_H */
