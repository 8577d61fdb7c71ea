/* Self tests the boot test reads: long mode, and exceptions that end a guarded call. */
#include "guest.h"
#include "io.h"
#include "trap.h"

#define VEC_DE 0
#define VEC_UD 6
#define VEC_GP 13
#define VEC_PF 14
#define NONCANONICAL 0x8000000000000000ull
/* Canonical but past the 4 GiB identity map: not present. */
#define UNMAPPED 0x4000000000ull
#define PF_ERR_WRITE 0x2u

/* Where the #UD will be reported: the address of the ud2 itself. */
extern const char selftest_ud_insn[];

static void do_ud(void *arg)
{
    (void)arg;
    __asm__ volatile(".globl selftest_ud_insn\nselftest_ud_insn: ud2");
}

static void do_gp(void *arg)
{
    (void)arg;
    __asm__ volatile("movq (%0), %%rax" : : "r"(NONCANONICAL) : "rax", "memory");
}

static void do_pf(void *arg)
{
    (void)arg;
    __asm__ volatile("movq $0, (%0)" : : "r"(UNMAPPED) : "memory");
}

static void do_de(void *arg)
{
    (void)arg;
    __asm__ volatile("xor %%edx, %%edx; xor %%ecx, %%ecx; mov $1, %%eax; divl %%ecx"
                     : : : "rax", "rcx", "rdx");
}

struct guest_tally guest_checks;

void check(uint32_t id, const char *name, uint64_t got, uint64_t want)
{
    uint8_t p[VMI_REC_CHECK_FIXED + 64];

    vmi_rec_put32(p + VMI_REC_CHECK_ID, id);
    vmi_rec_put32(p + VMI_REC_CHECK_PASSED, got == want);
    vmi_rec_put64(p + VMI_REC_CHECK_GOT, got);
    vmi_rec_put64(p + VMI_REC_CHECK_WANT, want);
    rec_emit(VMI_REC_CHECK, p, rec_text(p, VMI_REC_CHECK_FIXED, sizeof(p), name));
    if (got == want)
        guest_checks.passed++;
    else
        guest_checks.failed++;
}

/* Runs fn guarded; reports the fault it must end with.  Returns that fault
 * (vector ~0 when fn returned instead). */
static struct guest_fault guarded(void (*fn)(void *))
{
    struct guest_recover r;

    if (guest_try(&r, fn, NULL) == 0) {
        r.fault.vector = ~0ull;
        return r.fault;
    }
    trap_report(VMI_REC_NO_TRACE, &r.fault, 0);
    return r.fault;
}

/* A fault in an inner try ends only the inner call. */
static void nested_outer(void *arg)
{
    struct guest_recover inner;

    *(uint64_t *)arg = guest_try(&inner, do_ud, NULL) == 1 ? inner.fault.vector : ~0ull;
}

static void faults(void)
{
    struct guest_fault f;
    struct guest_recover outer;
    uint64_t inner_vector = 0;

    f = guarded(do_ud);
    check(2, "ud-vector", f.vector, VEC_UD);
    check(3, "ud-rip", f.rip, (uint64_t)(uintptr_t)selftest_ud_insn);
    f = guarded(do_gp);
    check(4, "gp-vector", f.vector, VEC_GP);
    check(5, "gp-error", f.error, 0);
    f = guarded(do_pf);
    check(6, "pf-vector", f.vector, VEC_PF);
    check(7, "pf-cr2", f.cr2, UNMAPPED);
    check(8, "pf-error", f.error, PF_ERR_WRITE);
    f = guarded(do_de);
    check(9, "de-vector", f.vector, VEC_DE);
    check(10, "nested-outer-returns", guest_try(&outer, nested_outer, &inner_vector), 0);
    check(11, "nested-inner-vector", inner_vector, VEC_UD);
}

void selftest_run(void)
{
    uint64_t before;

    check(1, "long-mode", (rdmsr(MSR_EFER) >> 10) & 1, 1);
    faults();
    before = guest_breakpoints;
    __asm__ volatile("int3");
    check(12, "bp-resumed", guest_breakpoints - before, 1);
}

void selftest_panic(void)
{
    rec_log("selftest=panic: #UD outside any recovery point");
    __asm__ volatile("ud2");
    halt_forever();     /* not reached: the fault stops the guest */
}
