/* A stand-in for qemu-system-x86_64 in tests: plays the conformance guest on the reference model. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vmi-conform/run.h"
#include "vmi-guest/records.h"

/*
 * Takes the tcg environment's argv, runs the -initrd bundle's traces
 * start..start+count-1 (from -append) through the one executor on the
 * `ref` platform, and writes the record stream a guest would write to
 * stdout (-debugcon stdio).  Like a guest on real hardware, `probe ud`
 * raises a recovered #UD and a `wait` of 1000 s or more hangs.  The
 * environment variable VMI_FAKE_QEMU adds faults a real run may show, as
 * WHAT@TRACE words: crc (a record of the trace fails its CRC), gap (a
 * record goes missing), text (console text between its records), die
 * (QEMU exits inside it), fatal (an unrecoverable fault inside it); and
 * the word otherbundle makes IDENT report another bundle's CRC.
 */

static uint32_t seq, current = UINT32_MAX;
static const char *scenario = "";
static struct vmi_exec_platform inner;

/* Non-zero when the scenario names `what` for trace t. */
static int wanted(const char *what, uint32_t t)
{
    char word[64];

    snprintf(word, sizeof(word), "%s@%u", what, (unsigned)t);
    for (const char *p = strstr(scenario, word); p; p = strstr(p + 1, word)) {
        char after = p[strlen(word)];

        if ((p == scenario || p[-1] == ',') && (after == '\0' || after == ','))
            return 1;
    }
    return 0;
}

struct line {
    char buf[VMI_REC_LINE_MAX + 1];
    size_t len;
};

static void sink(void *ctx, const char *bytes, size_t n)
{
    struct line *l = ctx;

    memcpy(l->buf + l->len, bytes, n);
    l->len += n;
}

static void emit(uint8_t type, const void *payload, size_t len)
{
    struct line l = {{0}, 0};

    vmi_rec_encode(type, seq++, payload, len, sink, &l);
    if (current != UINT32_MAX && type == VMI_REC_OBS) {
        static int gap_done;

        if (wanted("gap", current) && !gap_done) {
            gap_done = 1;       /* one lost record is enough */
            return;
        }
        if (wanted("crc", current))
            l.buf[VMI_REC_HEADER_LEN] = l.buf[VMI_REC_HEADER_LEN] == '0' ? '1' : '0';
        if (wanted("text", current))
            fputs("native: console text from the adapter\n", stdout);
        if (wanted("die", current)) {
            fflush(stdout);
            _exit(1);
        }
    }
    fwrite(l.buf, 1, l.len, stdout);
    fflush(stdout);
}

static int on_alloc(uint32_t kind, int rc, uint64_t addr)
{
    uint8_t p[VMI_REC_ALLOC_SIZE];

    if (rc == 0) {
        vmi_rec_put32(p + VMI_REC_ALLOC_TRACE, current);
        vmi_rec_put32(p + VMI_REC_ALLOC_KIND, kind);
        vmi_rec_put64(p + VMI_REC_ALLOC_ADDR, addr);
        emit(VMI_REC_ALLOC, p, sizeof(p));
    }
    return rc;
}

static int page_alloc(void *ctx, uint64_t *pa)
{
    return on_alloc(VMI_REC_ALLOC_PAGE, inner.page_alloc(ctx, pa), *pa);
}

static int va_alloc(void *ctx, uint64_t *va)
{
    return on_alloc(VMI_REC_ALLOC_VA, inner.va_alloc(ctx, va), *va);
}

static int window_alloc(void *ctx, uint64_t *pt)
{
    return on_alloc(VMI_REC_ALLOC_WINDOW, inner.window_alloc(ctx, pt), *pt);
}

static int wait_ns(void *ctx, uint32_t cpu, uint64_t ns)
{
    if (ns >= UINT64_C(1000000000000))
        for (;;)
            pause();            /* as long a wait on a real machine: a hang */
    return inner.wait(ctx, cpu, ns);
}

static void observe(void *ctx, const struct vmi_exec_obs *o)
{
    uint8_t p[VMI_REC_OBS_FIXED + 8 * VMI_REC_OBS_VALUES_MAX];
    uint32_t i;

    (void)ctx;
    vmi_rec_put32(p + VMI_REC_OBS_TRACE, o->trace);
    vmi_rec_put32(p + VMI_REC_OBS_STEP, o->step);
    p[VMI_REC_OBS_OP] = o->op;
    p[VMI_REC_OBS_VALUE_COUNT] = o->value_count;
    vmi_rec_put16(p + VMI_REC_OBS_SUB, o->sub);
    vmi_rec_put16(p + VMI_REC_OBS_CPU, o->cpu);
    vmi_rec_put16(p + VMI_REC_OBS_RESERVED, 0);
    vmi_rec_put32(p + VMI_REC_OBS_STATUS, (uint32_t)o->status);
    vmi_rec_put32(p + VMI_REC_OBS_LINE, o->line);
    for (i = 0; i < o->value_count; i++)
        vmi_rec_put64(p + VMI_REC_OBS_VALUES + 8 * i, o->values[i]);
    emit(VMI_REC_OBS, p, VMI_REC_OBS_FIXED + 8u * o->value_count);
}

static void ident(uint32_t bundle_crc)
{
    uint8_t p[VMI_REC_IDENT_FIXED + 8] = {0};
    uint32_t g;

    vmi_rec_put32(p + VMI_REC_IDENT_HV_BASE, 0x40000000u);
    vmi_rec_put32(p + VMI_REC_IDENT_HV_MAX, 0x40000001u);
    memcpy(p + VMI_REC_IDENT_SIGNATURE, "TCGTCGTCGTCG", 12);
    vmi_rec_put32(p + VMI_REC_IDENT_ADAPTER_VERSION, 1u << 16);
    vmi_rec_put32(p + VMI_REC_IDENT_ABI_VERSION, VMI_ABI_VERSION);
    vmi_rec_put32(p + VMI_REC_IDENT_CPUS, 2);
    vmi_rec_put32(p + VMI_REC_IDENT_GROUPS, VMI_GROUP_COUNT);
    vmi_rec_put32(p + VMI_REC_IDENT_BUNDLE_CRC,
                  strstr(scenario, "otherbundle") ? ~bundle_crc : bundle_crc);
    for (g = 0; g < VMI_GROUP_COUNT; g++)
        vmi_rec_put64(p + VMI_REC_IDENT_FEATURES + 8 * g, vmi_features_defined(g));
    memcpy(p + VMI_REC_IDENT_FIXED, "native", 6);
    emit(VMI_REC_IDENT, p, VMI_REC_IDENT_FIXED + 6);
}

static void fault(uint32_t trace, uint8_t vector, int fatal)
{
    uint8_t p[VMI_REC_FAULT_SIZE] = {0};

    vmi_rec_put32(p + VMI_REC_FAULT_TRACE, trace);
    p[VMI_REC_FAULT_VECTOR] = vector;
    p[VMI_REC_FAULT_FATAL] = (uint8_t)fatal;
    vmi_rec_put64(p + VMI_REC_FAULT_RIP, 0x101234);
    emit(VMI_REC_FAULT, p, sizeof(p));
}

static void trace_end(uint32_t t, enum vmi_exec_end end, uint32_t step, int32_t code)
{
    uint8_t p[VMI_REC_TRACE_END_SIZE];

    vmi_rec_put32(p + VMI_REC_TRACE_END_TRACE, t);
    vmi_rec_put32(p + VMI_REC_TRACE_END_END, (uint32_t)end);
    vmi_rec_put32(p + VMI_REC_TRACE_END_ERR_STEP, step);
    vmi_rec_put32(p + VMI_REC_TRACE_END_ERR_CODE, (uint32_t)code);
    emit(VMI_REC_TRACE_END, p, sizeof(p));
}

static void run_trace(const struct vmi_bundle *b, uint32_t t)
{
    struct vmi_run_opts o;
    struct vmi_ref_env e;
    struct vmi_exec_platform p;
    uint8_t begin[VMI_REC_TRACE_BEGIN_SIZE];
    uint32_t step = 0;
    int32_t code = 0;
    enum vmi_exec_end end;

    vmi_run_opts_default(&o);
    o.seed = 4242;              /* not the runner's: it must replay our addresses */
    vmi_ref_env_init(&e, &o, 0);
    vmi_ref_env_platform(&e, &inner);
    p = inner;
    p.page_alloc = page_alloc;
    p.va_alloc = va_alloc;
    p.window_alloc = window_alloc;
    p.wait = wait_ns;
    p.observe = observe;
    current = t;
    vmi_rec_put32(begin + VMI_REC_TRACE_BEGIN_TRACE, t);
    vmi_rec_put32(begin + VMI_REC_TRACE_BEGIN_CPUS, 2);
    emit(VMI_REC_TRACE_BEGIN, begin, sizeof(begin));
    if (wanted("fatal", t)) {
        fault(t, 13, 1);
        exit(37);
    }
    end = vmi_exec_trace(b, t, &p, &step, &code);
    if (e.crash_vector)
        fault(t, e.crash_vector, 0);
    else
        trace_end(t, end, step, code);
    vmi_ref_env_fini(&e);
    current = UINT32_MAX;
}

static uint8_t *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long n;

    if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n)) && fread(buf, 1, (size_t)n, f) == (size_t)n)
        *len = (size_t)n;
    if (f)
        fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    const char *initrd = NULL, *append = "", *env = getenv("VMI_FAKE_QEMU");
    unsigned start = 0, count = 0;
    struct vmi_bundle b;
    uint8_t hello[4] = {1, 0, 0, 0}, endp[VMI_REC_END_SIZE] = {0};
    uint8_t *bundle;
    size_t len = 0;
    uint32_t off, t;
    int i;

    for (i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], "-initrd") == 0)
            initrd = argv[i + 1];
        else if (strcmp(argv[i], "-append") == 0)
            append = argv[i + 1];
    }
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("QEMU emulator version 0.0 (the tests' fake)\n");
        return 0;
    }
    scenario = env ? env : "";
    if (!initrd || !(bundle = read_all(initrd, &len)) || vmi_bundle_open(&b, bundle, len, &off) ||
        sscanf(strstr(append, "start=") ? strstr(append, "start=") : "", "start=%u count=%u",
               &start, &count) != 2) {
        fprintf(stderr, "fake qemu: cannot load the bundle or the command line\n");
        return 1;
    }
    emit(VMI_REC_HELLO, hello, sizeof(hello));
    ident(vmi_rec_crc32(0, bundle, len));
    for (t = start; t < start + count && t < b.trace_count; t++)
        run_trace(&b, t);
    vmi_rec_put32(endp + VMI_REC_END_EXIT, 0x10);
    emit(VMI_REC_END, endp, sizeof(endp));
    free(bundle);
    return 33;
}
