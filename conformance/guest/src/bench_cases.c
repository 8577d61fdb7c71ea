/*
 * What the benchmark times: each hot call through the api.h wrappers, and
 * the instruction(s) the native adapter would issue for it.  Arguments are
 * chosen so that the call succeeds and changes nothing the guest relies on;
 * a call that would change something is undone after each timed call, by
 * its `post`, outside the timed part (or set up by its `pre`).  So no hot
 * call has to be left out: each row below says why its call is harmless.
 * Calls without a row's raw instruction (lazy MMU bookkeeping, the timer,
 * kick, preempted, IPI to all others) have no single instruction the
 * native adapter issues for them.
 */
#include "bench.h"

#define MSR_FS_BASE 0xc0000100u
#define BENCH_VECTOR 0xfdu      /* self IPIs stay pending: interrupts are off */
#define APIC_EOI 0xb0u
#define APIC_ICR_LO 0x300u
#define APIC_ICR_HI 0x310u
#define X2APIC_MSR(reg) (0x800u + ((reg) >> 4))
#define PTE_VALUE 0x1003ull     /* present, writable, page 1 */
#define TIMER_FAR_NS (1ull << 62)

volatile vmi_status_t bench_status;
struct bench_env bench_env;

/* A level-1 table linked into no hierarchy: writing it maps nothing. */
static uint64_t scratch_pt[512] __attribute__((aligned(4096)));

#define PT_PA ((uint64_t)(uintptr_t)scratch_pt)
#define VA ((uint64_t)(uintptr_t)scratch_pt)

static uint64_t cr3_now(void)
{
    uint64_t v;

    __asm__ volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}

static void apic_put(uint32_t reg, uint32_t v)
{
    if (bench_env.x2apic)
        __asm__ volatile("wrmsr" : : "c"(X2APIC_MSR(reg)), "a"(v), "d"(0));
    else
        *(volatile uint32_t *)(uintptr_t)(bench_env.apic_mmio + reg) = v;
}

static void empty_stub(void) { bench_status = VMI_OK; }
static void empty_raw(void) {}

/* ---- CPU state ---- */
static void s_cr_read(void) { uint64_t v; bench_status = vmi_cr_read(VMI_CR3, &v); }
static void r_cr_read(void) { uint64_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); }
/* CR3 rewritten with its own value: a TLB flush, nothing else. */
static void s_cr_write(void) { bench_status = vmi_cr_write(VMI_CR3, bench_env.cr3); }
static void r_cr_write(void) { __asm__ volatile("mov %0, %%cr3" : : "r"(bench_env.cr3) : "memory"); }
static void s_tsc_read(void) { uint64_t v; bench_status = vmi_tsc_read(&v); }
static void r_tsc_read(void) { uint32_t a, d; __asm__ volatile("rdtsc" : "=a"(a), "=d"(d)); }
/* FS is unused by the guest: its base may be read and rewritten. */
static void s_seg_read(void) { uint64_t v; bench_status = vmi_seg_base_read(VMI_SEG_FS, &v); }
static void r_seg_read(void)
{
    uint32_t a, d;
    __asm__ volatile("rdmsr" : "=a"(a), "=d"(d) : "c"(MSR_FS_BASE));
}
static void s_seg_write(void) { bench_status = vmi_seg_base_write(VMI_SEG_FS, 0); }
static void r_seg_write(void) { __asm__ volatile("wrmsr" : : "c"(MSR_FS_BASE), "a"(0), "d"(0)); }
/* Undone by a second SWAPGS after each timed one. */
static void s_swapgs(void) { bench_status = vmi_swapgs(); }
static void r_swapgs(void) { __asm__ volatile("swapgs" ::: "memory"); }

/* ---- interrupt flag ---- */
static void s_cli(void) { bench_status = vmi_irq_disable(); }
static void r_cli(void) { __asm__ volatile("cli" ::: "memory"); }
/* Interrupts on for one call, off again after it (the PIC is masked and no
 * timer armed, so nothing arrives in between). */
static void s_sti(void) { bench_status = vmi_irq_enable(); }
static void r_sti(void) { __asm__ volatile("sti" ::: "memory"); }
static void s_irq_save(void) { uint64_t f; bench_status = vmi_irq_save(&f); }
static void r_irq_save(void)
{
    uint64_t f;
    __asm__ volatile("pushfq; popq %0; cli" : "=r"(f) : : "memory");
}
static void s_irq_restore(void) { bench_status = vmi_irq_restore(0x2); }
static void r_irq_restore(void) { __asm__ volatile("pushq $0x2; popfq" ::: "memory", "cc"); }
static void s_flags_read(void) { uint64_t f; bench_status = vmi_irq_flags_read(&f); }
static void r_flags_read(void) { uint64_t f; __asm__ volatile("pushfq; popq %0" : "=r"(f)); }

/* ---- local APIC ---- */
/* EOI with nothing in service ends nothing. */
static void s_eoi(void) { bench_status = vmi_apic_eoi(); }
static void r_eoi(void) { apic_put(APIC_EOI, 0); }
static void s_ipi(void) { bench_status = vmi_ipi_send(0, BENCH_VECTOR); }
static void s_ipi_mask(void) { bench_status = vmi_ipi_send_mask(0, 1, BENCH_VECTOR); }
static void r_ipi(void)
{
    if (bench_env.x2apic) {
        __asm__ volatile("wrmsr" : : "c"(X2APIC_MSR(APIC_ICR_LO)), "a"(BENCH_VECTOR | 0x4000u),
                         "d"(bench_env.apic_id));
        return;
    }
    apic_put(APIC_ICR_HI, bench_env.apic_id << 24);
    apic_put(APIC_ICR_LO, BENCH_VECTOR | 0x4000u);
}
/* No other CPU runs during the benchmark: the adapter sends nothing. */
static void s_ipi_all(void) { bench_status = vmi_ipi_send_allbutself(BENCH_VECTOR); }

/* ---- page tables, lazy mode and TLB ---- */
static void s_pte_set(void) { bench_status = vmi_pte_set(VMI_PT_LEVEL_PT, PT_PA, 0, PTE_VALUE); }
static void r_pte_set(void) { __atomic_store_n(&scratch_pt[0], PTE_VALUE, __ATOMIC_RELEASE); }
static void s_pte_clear(void) { bench_status = vmi_pte_clear(VMI_PT_LEVEL_PT, PT_PA, 0); }
static void r_pte_clear(void) { __atomic_store_n(&scratch_pt[0], 0, __ATOMIC_RELEASE); }
static void s_pte_xchg(void)
{
    uint64_t old;
    bench_status = vmi_pte_xchg(VMI_PT_LEVEL_PT, PT_PA, 0, PTE_VALUE, &old);
}
static void r_pte_xchg(void) { (void)__atomic_exchange_n(&scratch_pt[0], PTE_VALUE, __ATOMIC_ACQ_REL); }
static void s_lazy_enter(void) { bench_status = vmi_lazy_mmu_enter(); }
static void s_lazy_leave(void) { bench_status = vmi_lazy_mmu_leave(); }
static void s_lazy_flush(void) { bench_status = vmi_lazy_mmu_flush(); }
static void lazy_enter(void) { (void)vmi_lazy_mmu_enter(); }
static void lazy_leave(void) { (void)vmi_lazy_mmu_leave(); }
static void s_flush_all(void) { bench_status = vmi_tlb_flush_all(); }
static void r_flush_all(void) { __asm__ volatile("mov %0, %%cr3" : : "r"(cr3_now()) : "memory"); }
static void s_flush_one(void) { bench_status = vmi_tlb_flush_one(VA); }
static void r_invlpg(void) { __asm__ volatile("invlpg (%0)" : : "r"(VA) : "memory"); }
/* This CPU only: the local flush, no IPI. */
static void s_flush_range(void) { bench_status = vmi_tlb_flush_range(0, 1, VA, 1); }

/* ---- time ---- */
static void s_monotonic(void) { uint64_t ns; bench_status = vmi_monotonic_get(&ns); }
/* A deadline centuries away, cancelled after each timed call. */
static void s_timer_arm(void) { bench_status = vmi_timer_arm(TIMER_FAR_NS, BENCH_VECTOR); }
static void s_timer_cancel(void) { bench_status = vmi_timer_cancel(); }
static void timer_arm(void) { (void)vmi_timer_arm(TIMER_FAR_NS, BENCH_VECTOR); }
static void timer_cancel(void) { (void)vmi_timer_cancel(); }

/* ---- SMP and I/O ---- */
static void s_cpu_id(void) { uint32_t c; bench_status = vmi_cpu_id_get(&c); }
static void r_cpu_id(void)
{
    uint32_t v;

    if (bench_env.x2apic)
        __asm__ volatile("rdmsr" : "=a"(v) : "c"(X2APIC_MSR(0x20u)) : "rdx");
    else
        v = *(volatile uint32_t *)(uintptr_t)(bench_env.apic_mmio + 0x20u);
    (void)v;
}
/* A kick to this CPU sets its flag and sends nothing; the next halt would
 * return at once, and the benchmark halts nowhere. */
static void s_kick(void) { bench_status = vmi_cpu_kick(0); }
static void s_preempted(void) { uint32_t p; bench_status = vmi_cpu_preempted(0, &p); }
/* Port 0x80, the POST port: writes there are the classic delay. */
static void s_io_delay(void) { bench_status = vmi_io_delay(); }
static void r_io_delay(void) { __asm__ volatile("outb %%al, $0x80" : : "a"(0)); }

static void swapgs_back(void) { __asm__ volatile("swapgs" ::: "memory"); }
static void irq_off(void) { __asm__ volatile("cli" ::: "memory"); }

#define C(name) VMI_CALL_##name, #name
/* Every call with VMI_ATTR_HOT in calls.h, in call-number order; the
 * irq_enable rows come before the IPI rows so that no pending self IPI
 * can be taken while interrupts are briefly on. */
const struct bench_case bench_cases[] = {
    {C(cr_read), "mov %cr3,%rax", s_cr_read, r_cr_read, 0, 0},
    {C(cr_write), "mov %rax,%cr3", s_cr_write, r_cr_write, 0, 0},
    {C(tsc_read), "rdtsc", s_tsc_read, r_tsc_read, 0, 0},
    {C(seg_base_read), "rdmsr FS_BASE", s_seg_read, r_seg_read, 0, 0},
    {C(seg_base_write), "wrmsr FS_BASE", s_seg_write, r_seg_write, 0, 0},
    {C(swapgs), "swapgs", s_swapgs, r_swapgs, 0, swapgs_back},
    {C(irq_disable), "cli", s_cli, r_cli, 0, 0},
    {C(irq_enable), "sti", s_sti, r_sti, 0, irq_off},
    {C(irq_save), "pushf;pop;cli", s_irq_save, r_irq_save, 0, 0},
    {C(irq_restore), "push;popf", s_irq_restore, r_irq_restore, 0, 0},
    {C(irq_flags_read), "pushf;pop", s_flags_read, r_flags_read, 0, 0},
    {C(apic_eoi), "APIC EOI write", s_eoi, r_eoi, 0, 0},
    {C(ipi_send), "APIC ICR write", s_ipi, r_ipi, 0, 0},
    {C(ipi_send_mask), "APIC ICR write", s_ipi_mask, r_ipi, 0, 0},
    {C(ipi_send_allbutself), 0, s_ipi_all, 0, 0, 0},
    {C(pte_set), "mov to PTE", s_pte_set, r_pte_set, 0, 0},
    {C(pte_clear), "mov to PTE", s_pte_clear, r_pte_clear, 0, 0},
    {C(pte_xchg), "xchg PTE", s_pte_xchg, r_pte_xchg, 0, 0},
    {C(lazy_mmu_enter), 0, s_lazy_enter, 0, 0, lazy_leave},
    {C(lazy_mmu_leave), 0, s_lazy_leave, 0, lazy_enter, 0},
    {C(lazy_mmu_flush), 0, s_lazy_flush, 0, lazy_enter, lazy_leave},
    {C(tlb_flush_all), "mov %cr3,%cr3", s_flush_all, r_flush_all, 0, 0},
    {C(tlb_flush_one), "invlpg", s_flush_one, r_invlpg, 0, 0},
    {C(tlb_flush_range), "invlpg", s_flush_range, r_invlpg, 0, 0},
    {C(monotonic_get), "rdtsc", s_monotonic, r_tsc_read, 0, 0},
    {C(timer_arm), 0, s_timer_arm, 0, 0, timer_cancel},
    {C(timer_cancel), 0, s_timer_cancel, 0, timer_arm, 0},
    {C(cpu_id_get), "APIC ID read", s_cpu_id, r_cpu_id, 0, 0},
    {C(cpu_kick), 0, s_kick, 0, 0, 0},
    {C(cpu_preempted), 0, s_preempted, 0, 0, 0},
    {C(io_delay), "out %al,$0x80", s_io_delay, r_io_delay, 0, 0},
};
const uint32_t bench_case_count = sizeof(bench_cases) / sizeof(bench_cases[0]);
const struct bench_case bench_empty = {0xffffffffu, "empty", "nothing", empty_stub, empty_raw, 0, 0};

#define BENCH__HOT(num, group, name, ret, attrs, feat, n, params) +(((attrs) & VMI_ATTR_HOT) != 0)
_Static_assert(sizeof(bench_cases) / sizeof(bench_cases[0]) == 0 VMI_CALL_LIST(BENCH__HOT),
               "one case per hot call of calls.h");
#undef BENCH__HOT
