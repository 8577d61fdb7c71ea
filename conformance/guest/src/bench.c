/*
 * The per-call overhead benchmark ("bench" on the command line).  Each
 * case is timed by the TSC around every single call, set-up and undo
 * outside the timed part, over BENCH_ITERATIONS calls; the same loop
 * around an empty body is subtracted.  Under QEMU's -icount shift=0 the
 * TSC counts instructions, so the figures are instructions per call and
 * the same on every run.  Only CPU 0 runs: a second CPU executing would
 * advance the same instruction clock.
 */
#include "bench.h"
#include "io.h"
#include "run.h"

#define BENCH_ITERATIONS 1000u
#define MSR_APIC_BASE 0x1bu
#define APIC_BASE_X2APIC (1ull << 10)
#define APIC_BASE_ADDR 0x000ffffffffff000ull
#define PIC1_DATA 0x21
#define PIC2_DATA 0xa1

/* The timing loop must stay a loop of indirect calls, whatever the
 * optimiser learns about the bodies. */
#if defined(__GNUC__) && !defined(__clang__)
#define BENCH_OPAQUE __attribute__((noipa))
#else
#define BENCH_OPAQUE __attribute__((noinline))
#endif

static inline uint64_t tsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return (uint64_t)hi << 32 | lo;
}

static BENCH_OPAQUE uint64_t time_body(void (*pre)(void), void (*body)(void),
                                       void (*post)(void))
{
    uint64_t sum = 0, t0;
    uint32_t i;

    for (i = 0; i < BENCH_ITERATIONS; i++) {
        if (pre)
            pre();
        t0 = tsc();
        body();
        sum += tsc() - t0;
        if (post)
            post();
    }
    return sum;
}

static uint64_t minus(uint64_t a, uint64_t b)
{
    return a > b ? a - b : 0;
}

/* BENCH: text "<call>" or "<call> / <raw instruction>". */
static void emit(const struct bench_case *c, uint64_t stub, uint64_t raw)
{
    uint8_t p[VMI_REC_BENCH_FIXED + 64];
    char text[64];
    size_t n = strlen(c->name);

    memcpy(text, c->name, n + 1);
    if (c->raw_name && n + 3 + strlen(c->raw_name) < sizeof(text)) {
        memcpy(text + n, " / ", 3);
        memcpy(text + n + 3, c->raw_name, strlen(c->raw_name) + 1);
    }
    vmi_rec_put32(p + VMI_REC_BENCH_CALL, c->call);
    vmi_rec_put32(p + VMI_REC_BENCH_ITERATIONS, BENCH_ITERATIONS);
    vmi_rec_put64(p + VMI_REC_BENCH_STUB_TICKS, stub);
    vmi_rec_put64(p + VMI_REC_BENCH_RAW_TICKS, raw);
    rec_emit(VMI_REC_BENCH, p, rec_text(p, VMI_REC_BENCH_FIXED, sizeof(p), text));
}

/* One call untimed first: a figure for a call that fails is a figure
 * for its error path, which the log says. */
static void warm_up(const struct bench_case *c)
{
    char msg[96] = "bench: this call did not answer VMI_OK: ";
    size_t n = strlen(msg);

    if (c->pre)
        c->pre();
    c->stub();
    if (c->post)
        c->post();
    if (bench_status != VMI_OK && n + strlen(c->name) < sizeof(msg)) {
        memcpy(msg + n, c->name, strlen(c->name) + 1);
        rec_log(msg);
    }
}

static void env_read(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);
    uint32_t a, b, c, d;

    __asm__ volatile("mov %%cr3, %0" : "=r"(bench_env.cr3));
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    bench_env.apic_id = b >> 24;
    bench_env.x2apic = (base & APIC_BASE_X2APIC) != 0;
    bench_env.apic_mmio = base & APIC_BASE_ADDR;
}

uint32_t bench_main(const struct boot_info *boot, const struct guest_args *args)
{
    uint64_t empty_stub, empty_raw;
    uint32_t i;

    pages_init(boot);
    if (binding_init(args) != 0)
        return VMI_GUEST_EXIT_NO_ADAPTER;
    /* Interrupts stay off but for irq_enable's one call: mask the legacy
     * PIC too, whose timer the BIOS left running. */
    __asm__ volatile("cli" ::: "memory");
    outb(PIC1_DATA, 0xff);
    outb(PIC2_DATA, 0xff);
    env_read();
    empty_stub = time_body(0, bench_empty.stub, 0);
    empty_raw = time_body(0, bench_empty.raw, 0);
    emit(&bench_empty, empty_stub, empty_raw);
    for (i = 0; i < bench_case_count; i++) {
        const struct bench_case *c = &bench_cases[i];
        uint64_t stub, raw = 0;

        warm_up(c);
        stub = minus(time_body(c->pre, c->stub, c->post), empty_stub);
        if (c->raw)
            raw = minus(time_body(c->pre, c->raw, c->post), empty_raw);
        emit(c, stub, raw);
    }
    return VMI_GUEST_EXIT_OK;
}
