/* The guest's record stream: the framing, the record types and their payloads. */
#ifndef VMI_GUEST_RECORDS_H
#define VMI_GUEST_RECORDS_H

/*
 * The conformance guest reports everything it has to say as framed,
 * checksummed records on its console (COM1, mirrored to a virtio console
 * where the VMM offers one, else to port 0xe9; within a trace they are held
 * back and sent when it ends, so a hung trace shows only its TRACE_BEGIN).
 * The guest encodes them with common/records_encode.c and the host decodes them
 * with host/records_decode.c; both include this header, which is the
 * format's only description.  Freestanding C99: <stddef.h>, <stdint.h>.
 *
 * Framing
 * -------
 * One record is one line of printable ASCII:
 *
 *     @VMI TT SSSSSSSS LLLL PPPP...PP CCCCCCCC\n
 *
 *   "@VMI "    the marker; a decoder resynchronises on it
 *   TT         record type, 2 lowercase hex digits
 *   SSSSSSSS   sequence number, 8 hex digits: 0 for the first record of a
 *              boot (always HELLO), then +1 per record, so a lost record
 *              shows as a gap
 *   LLLL       payload length in bytes, 4 hex digits, at most
 *              VMI_REC_PAYLOAD_MAX
 *   PP..PP     the payload, 2*LLLL lowercase hex digits (empty when LLLL
 *              is 0, which leaves two spaces in a row)
 *   CCCCCCCC   CRC-32 (ISO-HDLC, as zlib's crc32) of every byte of the
 *              line from '@' up to and including the space before it
 *   "\n"       the end; a decoder also accepts "\r\n"
 *
 * Why text: a serial log stays readable, a terminal cannot mangle it, and
 * a frame can hold no byte that looks like the marker, so resynchronising
 * after garbage or a guest that died mid-line is a search for "@VMI ".
 * Why the CRC covers the text: any flipped character, separators included,
 * fails the check, and the guest computes it while it writes.
 *
 * A decoder reports every byte outside a valid frame as an ERROR with its
 * byte offset: garbage between frames, a frame cut short, a bad character,
 * a bad length, a bad checksum, a sequence gap.  A record that fails its
 * checksum is an ERROR, never data.
 *
 * Payloads
 * --------
 * Little-endian fixed fields at the offsets below, then (for some types)
 * a text tail of printable ASCII running to the end of the payload.
 */
#include <stddef.h>
#include <stdint.h>

#define VMI_REC_FORMAT_VERSION 1u
#define VMI_REC_MARKER "@VMI "
#define VMI_REC_MARKER_LEN 5u
#define VMI_REC_PAYLOAD_MAX 1024u
/* "@VMI TT SSSSSSSS LLLL " */
#define VMI_REC_HEADER_LEN 22u
/* " CCCCCCCC\n" */
#define VMI_REC_TRAILER_LEN 10u
#define VMI_REC_LINE_MAX (VMI_REC_HEADER_LEN + 2u * VMI_REC_PAYLOAD_MAX + VMI_REC_TRAILER_LEN)

/* Record types.  0x10..0x1f are the executor's: what it ran on, and per
 * trace its resources, its observations and how it ended. */
enum vmi_rec_type {
    VMI_REC_HELLO = 0x01,   /* first record of a boot */
    VMI_REC_LOG = 0x02,     /* text for people: no fixed fields */
    VMI_REC_BOOT = 0x03,    /* start_info summary and CPU mode */
    VMI_REC_CMDLINE = 0x04, /* the raw command line: text only */
    VMI_REC_MEMMAP = 0x05,  /* one memory-map entry */
    VMI_REC_MODULE = 0x06,  /* one boot module */
    VMI_REC_ARGS = 0x07,    /* the command line as the guest understood it */
    VMI_REC_FAULT = 0x08,   /* an exception: recovered or fatal */
    VMI_REC_CHECK = 0x09,   /* one self-test check */
    VMI_REC_END = 0x0f,     /* the last record before the guest exits */
    VMI_REC_IDENT = 0x10,   /* the hypervisor as seen and the adapter bound */
    VMI_REC_TRACE_BEGIN = 0x11, /* a trace starts */
    VMI_REC_ALLOC = 0x12,   /* one resource the platform gave the trace */
    VMI_REC_OBS = 0x13,     /* one step's observation */
    VMI_REC_TRACE_END = 0x14, /* the trace ran to its end (or the executor stopped it) */
    VMI_REC_TRACE_SKIP = 0x15, /* the trace needs features the adapter lacks */
    VMI_REC_BENCH = 0x16,   /* one benchmark figure */
    VMI_REC_MECH = 0x17,    /* the hypervisor mechanisms the adapter uses */
    VMI_REC_STATS = 0x18    /* the trace run's totals so far: calls, hypercalls */
};

/* HELLO: u16 format version, u16 reserved (0); text: the guest's name. */
#define VMI_REC_HELLO_VERSION 0
#define VMI_REC_HELLO_FIXED 4

/* BOOT: what start_info said and that the code runs in long mode. */
#define VMI_REC_BOOT_MAGIC 0        /* u32 start_info magic */
#define VMI_REC_BOOT_SI_VERSION 4   /* u32 */
#define VMI_REC_BOOT_FLAGS 8        /* u32 */
#define VMI_REC_BOOT_NR_MODULES 12  /* u32 */
#define VMI_REC_BOOT_MEMMAP 16      /* u32 memmap entries (0 before v1) */
#define VMI_REC_BOOT_START_INFO 20  /* u32 physical address of start_info */
#define VMI_REC_BOOT_RSDP 24        /* u64 */
#define VMI_REC_BOOT_RAM 32         /* u64 bytes of type-1 RAM in the map */
#define VMI_REC_BOOT_EFER 40        /* u64 */
#define VMI_REC_BOOT_CR0 48         /* u64 */
#define VMI_REC_BOOT_CR4 56         /* u64 */
#define VMI_REC_BOOT_SIZE 64

/* MEMMAP: u32 index, u32 type (1 RAM, 2 reserved, ...), u64 addr, u64 size. */
#define VMI_REC_MEMMAP_INDEX 0
#define VMI_REC_MEMMAP_TYPE 4
#define VMI_REC_MEMMAP_ADDR 8
#define VMI_REC_MEMMAP_LEN 16
#define VMI_REC_MEMMAP_SIZE 24

/* MODULE: u32 index, u32 reserved, u64 paddr, u64 size; text: its cmdline. */
#define VMI_REC_MODULE_INDEX 0
#define VMI_REC_MODULE_PADDR 8
#define VMI_REC_MODULE_LEN 16
#define VMI_REC_MODULE_FIXED 24

/* ARGS: u32 flags (VMI_REC_ARG_*), u32 first trace to run (start=N),
 * u32 most traces to run (count=N; 0 when absent: no limit);
 * text: "adapter=<name> filter=<glob>" as parsed (empty values allowed). */
#define VMI_REC_ARGS_FLAGS 0
#define VMI_REC_ARGS_START 4
#define VMI_REC_ARGS_COUNT 8
#define VMI_REC_ARGS_FIXED 12
#define VMI_REC_ARG_SELFTEST 0x1u  /* "selftest": run the guest's self tests */
#define VMI_REC_ARG_PANIC 0x2u     /* "selftest=panic": fault outside recovery */
#define VMI_REC_ARG_BENCH 0x4u     /* "bench": time every hot call (BENCH records) */
#define VMI_REC_ARG_MARKS 0x8u     /* "marks": the call markers below, for a benchmark */
#define VMI_REC_ARG_UNKNOWN 0x80000000u /* a word the guest did not know */

/* FAULT: an exception the guest took.  trace is the trace it ended (or
 * VMI_REC_NO_TRACE outside one); fatal is 1 when nothing could recover. */
#define VMI_REC_FAULT_TRACE 0   /* u32 */
#define VMI_REC_FAULT_VECTOR 4  /* u8 */
#define VMI_REC_FAULT_FATAL 5   /* u8 */
#define VMI_REC_FAULT_CPU 6     /* u16 */
#define VMI_REC_FAULT_ERROR 8   /* u64 error code (0 for vectors without one) */
#define VMI_REC_FAULT_RIP 16    /* u64 */
#define VMI_REC_FAULT_CR2 24    /* u64 */
#define VMI_REC_FAULT_RSP 32    /* u64 */
#define VMI_REC_FAULT_SIZE 40
#define VMI_REC_NO_TRACE 0xffffffffu

/* CHECK: u32 id, u32 passed (1 or 0), u64 observed, u64 expected;
 * text: the check's name. */
#define VMI_REC_CHECK_ID 0
#define VMI_REC_CHECK_PASSED 4
#define VMI_REC_CHECK_GOT 8
#define VMI_REC_CHECK_WANT 16
#define VMI_REC_CHECK_FIXED 24

/* END: u32 exit value (what the guest writes to isa-debug-exit), u32 records
 * before this one, u32 checks passed, u32 checks failed. */
#define VMI_REC_END_EXIT 0
#define VMI_REC_END_RECORDS 4
#define VMI_REC_END_PASSED 8
#define VMI_REC_END_FAILED 12
#define VMI_REC_END_SIZE 16

/* IDENT: once per boot, after binding and before the first trace.
 * hv_base is 0 when CPUID.1:ECX[31] is clear (then hv_max and the
 * signature are 0); the signature is the 12 raw bytes of EBX, ECX, EDX of
 * the lowest range found.  features[g] for g < groups (at most
 * VMI_REC_IDENT_GROUPS_MAX) is what the bound adapter offers after init;
 * the rest are 0.  Text: the adapter's name. */
#define VMI_REC_IDENT_HV_BASE 0       /* u32 */
#define VMI_REC_IDENT_HV_MAX 4        /* u32 */
#define VMI_REC_IDENT_SIGNATURE 8     /* 12 bytes */
#define VMI_REC_IDENT_ADAPTER_VERSION 20 /* u32 (major << 16 | minor) */
#define VMI_REC_IDENT_ABI_VERSION 24  /* u32 the guest's VMI_VERSION */
#define VMI_REC_IDENT_CPUS 28         /* u32 CPUs online for traces */
#define VMI_REC_IDENT_GROUPS 32       /* u32 */
#define VMI_REC_IDENT_BUNDLE_CRC 36   /* u32 CRC-32 of the bundle module */
#define VMI_REC_IDENT_FEATURES 40     /* u64 [VMI_REC_IDENT_GROUPS_MAX] */
#define VMI_REC_IDENT_GROUPS_MAX 16u
#define VMI_REC_IDENT_FIXED (40 + 8 * 16)

/* MECH: right after IDENT, what adapter_info_get reports of the
 * hypervisor's interface (VMI-DISC-010): u32 the size the adapter filled
 * (below 512 for an adapter of VMI 1.0, whose fields below are then 0),
 * u32 reserved (0), u64 hv_features.  Text: mechanisms, the
 * "FEATURE=mechanism" tokens, possibly empty. */
#define VMI_REC_MECH_INFO_SIZE 0      /* u32 */
#define VMI_REC_MECH_RESERVED 4       /* u32, 0 */
#define VMI_REC_MECH_HV_FEATURES 8    /* u64 */
#define VMI_REC_MECH_FIXED 16

/* TRACE_BEGIN: u32 trace index in the bundle, u32 CPUs it uses. */
#define VMI_REC_TRACE_BEGIN_TRACE 0
#define VMI_REC_TRACE_BEGIN_CPUS 4
#define VMI_REC_TRACE_BEGIN_SIZE 8

/* ALLOC: in the order the executor asked for them, each address the
 * platform handed out, so that the runner's reference run can use the
 * very same addresses.  kind: VMI_REC_ALLOC_*. */
#define VMI_REC_ALLOC_TRACE 0         /* u32 */
#define VMI_REC_ALLOC_KIND 4          /* u32 */
#define VMI_REC_ALLOC_ADDR 8          /* u64 */
#define VMI_REC_ALLOC_SIZE 16
#define VMI_REC_ALLOC_PAGE 1u         /* page_alloc: a guest-physical page */
#define VMI_REC_ALLOC_VA 2u           /* va_alloc: a virtual page */
#define VMI_REC_ALLOC_WINDOW 3u       /* window_alloc: the window's page table */

/* OBS: struct vmi_exec_obs field by field, values[] cut to value_count. */
#define VMI_REC_OBS_TRACE 0           /* u32 */
#define VMI_REC_OBS_STEP 4            /* u32 */
#define VMI_REC_OBS_OP 8              /* u8 */
#define VMI_REC_OBS_VALUE_COUNT 9     /* u8, at most VMI_REC_OBS_VALUES_MAX */
#define VMI_REC_OBS_SUB 10            /* u16 */
#define VMI_REC_OBS_CPU 12            /* u16 */
#define VMI_REC_OBS_RESERVED 14       /* u16, 0 */
#define VMI_REC_OBS_STATUS 16         /* i32 as u32 */
#define VMI_REC_OBS_LINE 20           /* u32 */
#define VMI_REC_OBS_VALUES 24         /* u64 [value_count] */
#define VMI_REC_OBS_VALUES_MAX 8u
#define VMI_REC_OBS_FIXED 24

/* TRACE_END: u32 trace, u32 end (enum vmi_exec_end), u32 err_step,
 * i32 err_code (as vmi_exec_trace reports them).  Three cases besides the
 * executor's own end:
 *   - a shutdown, reboot or crash call the adapter offers (and, for
 *     shutdown, with a code the spec accepts) does not return, so the
 *     guest sends end = power, err_step = 0xffffffff, err_code 0 just
 *     before making it; no OBS of that call follows, and the boot ends
 *     with the call's own exit (no END record);
 *   - a trace that needs more CPUs than are online ends as error at setup
 *     (err_step 0xffffffff) with err_code VMI_EINVAL, as in the ref
 *     environment;
 *   - a trace that took an exception has a FAULT record naming it instead
 *     of a TRACE_END. */
#define VMI_REC_TRACE_END_TRACE 0
#define VMI_REC_TRACE_END_END 4
#define VMI_REC_TRACE_END_ERR_STEP 8
#define VMI_REC_TRACE_END_ERR_CODE 12
#define VMI_REC_TRACE_END_SIZE 16

/* TRACE_SKIP: u32 trace, u32 groups, u64 missing[groups] (at most
 * VMI_REC_IDENT_GROUPS_MAX): what vmi_exec_missing_features found. */
#define VMI_REC_TRACE_SKIP_TRACE 0
#define VMI_REC_TRACE_SKIP_GROUPS 4
#define VMI_REC_TRACE_SKIP_MISSING 8

/* BENCH: u32 call number (or 0xffffffff for none), u32 iterations,
 * u64 ticks through the stubs, u64 ticks of the raw instruction (0 when
 * there is none); ticks are TSC deltas over all iterations, so under
 * QEMU's -icount shift=0 they count instructions.  Text: the figure's name. */
#define VMI_REC_BENCH_CALL 0
#define VMI_REC_BENCH_ITERATIONS 4
#define VMI_REC_BENCH_STUB_TICKS 8
#define VMI_REC_BENCH_RAW_TICKS 16
#define VMI_REC_BENCH_FIXED 24

/* STATS: what the trace run of this boot cost so far, counted from the
 * first trace: u32 traces started, u32 reserved (0), u64 VMI calls the
 * executor made through the bound adapter (one per CALL step, and the
 * window's page-table notice per trace), u64 hypercalls the adapter
 * issued meanwhile on every CPU (each VMCALL, VMMCALL or hypercall-page
 * call of the x86 layer, whoever made it).  Sent after the last trace, and
 * before a power call that may end the boot: the last STATS of a boot
 * holds its totals. */
#define VMI_REC_STATS_TRACES 0
#define VMI_REC_STATS_RESERVED 4
#define VMI_REC_STATS_CALLS 8
#define VMI_REC_STATS_HYPERCALLS 16
#define VMI_REC_STATS_SIZE 24
/* The CPUID leaf ("VMIS", in no vendor's range) the guest executes once as
 * its trace run begins, where STATS starts counting: a hypervisor-side
 * count (kvm-nested's L1 counts VM entries and hypercalls) can start at
 * the same point. */
#define VMI_GUEST_STATS_MARK_LEAF 0x564d4953u
/* With "marks" on its command line only (a benchmark's run, never a
 * certification's): what the guest does just before each VMI call of its
 * trace run (a byte
 * 'V' to the POST port, harmless everywhere) and just after it (CPUID
 * "VMIE"), so that a hypervisor-side count can take in the calls alone.
 * Two kinds of exit, because a hypervisor's tracing may start a count on
 * one event and stop it only on another (Linux refuses an enable_hist and
 * a disable_hist of the same histogram on one event); each costs an exit. */
#define VMI_GUEST_CALL_MARK_PORT 0x80u
#define VMI_GUEST_CALL_MARK_BYTE 0x56u
#define VMI_GUEST_CALL_MARK_END 0x564d4945u

/* Exit values the guest writes to isa-debug-exit (port 0xf4, 4 bytes);
 * QEMU exits with (value << 1) | 1.  None is 0: QEMU's own errors exit 1. */
#define VMI_GUEST_EXIT_OK 0x10u        /* QEMU status 33 */
#define VMI_GUEST_EXIT_FAILED 0x11u    /* a self test failed: 35 */
#define VMI_GUEST_EXIT_PANIC 0x12u     /* an unrecoverable fault: 37 */
#define VMI_GUEST_EXIT_NO_LM 0x13u     /* no long mode: 39 (from entry.S) */
#define VMI_GUEST_EXIT_BAD_BOOT 0x14u  /* no valid start_info: 41 */
#define VMI_GUEST_EXIT_BAD_BUNDLE 0x15u /* no bundle module, or a corrupt one: 43 */
#define VMI_GUEST_EXIT_NO_ADAPTER 0x16u /* vmi_init bound no adapter: 45 */
#define VMI_GUEST_DEBUG_EXIT_PORT 0xf4u
#define VMI_GUEST_QEMU_STATUS(v) (((v) << 1) | 1u)

/* ---- Encoding: common/records_encode.c, in the guest and the host ---- */

/* Where encoded bytes go; the encoder hands over whole pieces of a line. */
typedef void (*vmi_rec_sink)(void *ctx, const char *bytes, size_t n);

/* CRC-32/ISO-HDLC, continuing from crc (start with 0). */
uint32_t vmi_rec_crc32(uint32_t crc, const void *data, size_t n);

/* Writes one frame to sink.  Returns the line's length, or 0 when len is
 * over VMI_REC_PAYLOAD_MAX (nothing written). */
size_t vmi_rec_encode(uint8_t type, uint32_t seq, const void *payload, size_t len,
                      vmi_rec_sink sink, void *ctx);

/* Little-endian field access, for payloads at any alignment. */
static inline void vmi_rec_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void vmi_rec_put32(uint8_t *p, uint32_t v)
{
    vmi_rec_put16(p, (uint16_t)v);
    vmi_rec_put16(p + 2, (uint16_t)(v >> 16));
}

static inline void vmi_rec_put64(uint8_t *p, uint64_t v)
{
    vmi_rec_put32(p, (uint32_t)v);
    vmi_rec_put32(p + 4, (uint32_t)(v >> 32));
}

static inline uint16_t vmi_rec_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t vmi_rec_get32(const uint8_t *p)
{
    return (uint32_t)vmi_rec_get16(p) | ((uint32_t)vmi_rec_get16(p + 2) << 16);
}

static inline uint64_t vmi_rec_get64(const uint8_t *p)
{
    return (uint64_t)vmi_rec_get32(p) | ((uint64_t)vmi_rec_get32(p + 4) << 32);
}

#endif /* VMI_GUEST_RECORDS_H */
