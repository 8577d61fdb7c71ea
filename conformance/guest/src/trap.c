/* Exception dispatch: resume a breakpoint, end the innermost guarded call, or stop the guest. */
#include "guest.h"
#include "io.h"
#include "trap.h"
#include "vmi-x86/extable.h"

#define VEC_NMI 2
#define VEC_BREAKPOINT 3

volatile uint64_t guest_breakpoints;

/* The innermost armed recovery point of each CPU, by initial APIC ID
 * (QEMU numbers them 0..n-1; the SMP layer starts no CPU past the table).
 * CPUID is the one per-CPU index a trace cannot move: GS base, TSC_AUX
 * and the TR are all things traces may write. */
#define CPU_SLOTS 16u
static struct guest_recover *current[CPU_SLOTS];

static uint32_t cpu_slot(void)
{
    uint32_t a, b, c, d;

    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    return (b >> 24) < CPU_SLOTS ? b >> 24 : 0;
}

int guest_try(struct guest_recover *r, void (*fn)(void *), void *arg)
{
    uint32_t slot;

    if (guest_recover_set(r) != 0)
        return 1;               /* trap_dispatch has unlinked r already */
    slot = cpu_slot();
    r->prev = current[slot];
    current[slot] = r;
    fn(arg);
    current[slot] = r->prev;
    return 0;
}

/* Never worth recovering from: the machine itself is in doubt. */
static int fatal_vector(uint64_t v)
{
    return v == 2 || v == 8 || v == 18;
}

void trap_report(uint32_t trace, const struct guest_fault *g, int fatal)
{
    uint8_t p[VMI_REC_FAULT_SIZE] = {0};

    vmi_rec_put32(p + VMI_REC_FAULT_TRACE, trace);
    p[VMI_REC_FAULT_VECTOR] = (uint8_t)g->vector;
    p[VMI_REC_FAULT_FATAL] = (uint8_t)fatal;
    vmi_rec_put16(p + VMI_REC_FAULT_CPU, (uint16_t)cpu_slot());
    vmi_rec_put64(p + VMI_REC_FAULT_ERROR, g->error);
    vmi_rec_put64(p + VMI_REC_FAULT_RIP, g->rip);
    vmi_rec_put64(p + VMI_REC_FAULT_CR2, g->cr2);
    vmi_rec_put64(p + VMI_REC_FAULT_RSP, g->rsp);
    rec_emit(VMI_REC_FAULT, p, sizeof(p));
}

static void fault_from_frame(const struct trap_frame *f, uint64_t cr2, struct guest_fault *g)
{
    g->vector = f->vector;
    g->error = f->error;
    g->rip = f->rip;
    g->cr2 = cr2;
    g->rsp = f->rsp;
}

/* Nothing to return to: say what happened and stop the run. */
static void panic(const struct trap_frame *f, uint64_t cr2) __attribute__((noreturn));

static void panic(const struct trap_frame *f, uint64_t cr2)
{
    static int panicking;
    struct guest_fault g;

    current[cpu_slot()] = NULL; /* a fault while reporting must not loop back here */
    if (panicking++)            /* ... nor recurse: leave without a word */
        outl(VMI_GUEST_DEBUG_EXIT_PORT, VMI_GUEST_EXIT_PANIC), halt_forever();
    fault_from_frame(f, cr2, &g);
    trap_report(VMI_REC_NO_TRACE, &g, 1);
    rec_log("unrecoverable exception: stopping");
    guest_exit(VMI_GUEST_EXIT_PANIC);
}

void trap_dispatch(struct trap_frame *f)
{
    uint64_t cr2 = read_cr2();  /* before anything else can fault */
    uint32_t slot = cpu_slot();
    struct guest_recover *r = current[slot];
    uint64_t resume = vmi_x86_extable_fixup(f->rip);

    if (f->vector == VEC_BREAKPOINT) {
        guest_breakpoints++;    /* a trap: RIP is past the int3 already */
        return;
    }
    /* The adapters' fault-safe instructions (rdmsr_safe, a refused CR
     * write) resume at their fixup and report the fault themselves; an
     * NMI is the native adapter's kick, which must not sleep in its HLT. */
    if (f->vector == VEC_NMI) {
        if (resume != 0)
            f->rip = resume;
        return;
    }
    if (resume != 0) {
        f->rip = resume;
        return;
    }
    if (r == NULL || fatal_vector(f->vector))
        panic(f, cr2);
    /* The recovering caller, which knows the trace, reports the fault. */
    fault_from_frame(f, cr2, &r->fault);
    current[slot] = r->prev;
    guest_recover_jump(r, 1);
}
