/* On an application processor: its own GDT and TSS, its APIC as the boot CPU has it, the mailbox loop. */
#include "io.h"
#include "layout.h"
#include "smp.h"
#include "trap.h"
#include "vmi-x86/x86.h"

#define MSR_APIC_BASE 0x1bu
#define APIC_BASE_X2APIC (1ull << 10)
#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_BASE_ADDR 0x000ffffffffff000ull
#define APIC_REG_TPR 0x80u
#define APIC_REG_SVR 0xf0u
#define APIC_SVR_ENABLE 0x100u
#define X2APIC_MSR(reg) (0x800u + ((reg) >> 4))
#define IST_CRITICAL 1      /* cpu.c's IDT sends #DF, NMI and #MC there */

extern uint64_t guest_gdt[GUEST_GDT_SIZE / 8];

static void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/* A GDT of its own, because the TSS descriptor's busy bit is per TSS, and
 * a TSS of its own, because #DF and NMI need a stack no other CPU uses. */
static void tables_load(struct smp_cpu *c)
{
    uint64_t base = (uint64_t)(uintptr_t)&c->tss, limit = sizeof(c->tss) - 1;
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) gdtr = {sizeof(c->gdt) - 1, (uint64_t)(uintptr_t)c->gdt};

    memcpy(c->gdt, guest_gdt, sizeof(c->gdt));
    memset(&c->tss, 0, sizeof(c->tss));
    c->tss.ist[IST_CRITICAL - 1] = (uint64_t)(uintptr_t)(c->ist + SMP_IST_SIZE);
    c->tss.iomap_base = sizeof(c->tss);
    c->gdt[GUEST_SEL_TSS / 8] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ull << 40 |
                                ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
    c->gdt[GUEST_SEL_TSS / 8 + 1] = base >> 32;
    __asm__ volatile("lgdt %0" : : "m"(gdtr));
    __asm__ volatile("ltr %w0" : : "r"(GUEST_SEL_TSS));
}

/* After INIT the APIC is in xAPIC mode and software-disabled.  The
 * adapter reads APIC registers the way it found the boot CPU's, so the AP
 * takes the same mode, and the boot CPU's SVR, enabled so that fixed
 * IPIs (a trace's ipi_send) reach it. */
static void apic_setup(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);
    uint32_t svr = smp_bsp_svr | APIC_SVR_ENABLE;

    if (!(smp_bsp_apic_base & APIC_BASE_ENABLE))
        return;
    if ((smp_bsp_apic_base & APIC_BASE_X2APIC) && !(base & APIC_BASE_X2APIC))
        wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE | APIC_BASE_X2APIC);
    if (smp_bsp_apic_base & APIC_BASE_X2APIC) {
        wrmsr(X2APIC_MSR(APIC_REG_TPR), 0);
        wrmsr(X2APIC_MSR(APIC_REG_SVR), svr);
        return;
    }
    base &= APIC_BASE_ADDR;     /* identity-mapped, uncached (entry.S) */
    *(volatile uint32_t *)(uintptr_t)(base + APIC_REG_TPR) = 0;
    *(volatile uint32_t *)(uintptr_t)(base + APIC_REG_SVR) = svr;
}

void smp_ap_early(struct smp_cpu *c)
{
    tables_load(c);
    apic_setup();
}

struct guarded {
    struct smp_cpu *c;
    int result;
};

static void run_request(void *arg)
{
    struct guarded *g = arg;

    g->result = g->c->fn(g->c->arg);
}

/* One request, guarded: a fault ends it, is reported from here, and the
 * loop goes on with the next. */
static int serve(struct smp_cpu *c)
{
    struct guest_recover r;
    struct guarded g = {c, 0};

    if (guest_try(&r, run_request, &g) == 0)
        return g.result;
    trap_report(VMI_REC_NO_TRACE, &r.fault, 0);
    return SMP_PROBE_FAULT;
}

/*
 * Idle in HLT.  With interrupts on (a trace may have turned them on here
 * to take a timer) anything ends it; with them off, the window lets in the
 * native adapter's shootdown, which a tlb_flush_range on another CPU waits
 * for, and the trace's IF and TPR are as they were when the loop serves the
 * next request.  The caller's doorbell is an NMI, which ends HLT whatever
 * the flag says; one that lands on the HLT itself resumes past it (it is in
 * the fixup table, and trap.c applies fixups to NMIs), and one that lands
 * just before it is rung again by the waiting caller until the request is
 * taken.
 */
static void idle(void)
{
    struct smp_window w;

    smp_window_open(&w);
    smp_window_halt(&w);
    smp_window_close(&w);
}

void smp_ap_main(struct smp_cpu *c)
{
    uint32_t seen = c->done;

    __atomic_store_n(&c->state, SMP_ONLINE, __ATOMIC_RELEASE);
    for (;;) {
        uint32_t req = __atomic_load_n(&c->req, __ATOMIC_ACQUIRE);

        if (req == seen) {
            idle();
            continue;
        }
        __atomic_store_n(&c->taken, req, __ATOMIC_RELEASE);
        c->result = serve(c);
        seen = req;
        __atomic_store_n(&c->done, req, __ATOMIC_RELEASE);
    }
}
