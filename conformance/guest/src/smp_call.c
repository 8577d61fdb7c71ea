/* Running a function on another CPU: post it in that CPU's mailbox and wait, for a bounded time. */
#include "smp.h"

/*
 * How long a caller waits for an answer, in TSC ticks: about a second on a
 * GHz clock, longer under -icount where a tick is an instruction.  A call
 * that does not come back by then (a halt with interrupts off, cpu_stop,
 * a hang) is reported and its CPU is given up: later requests to it fail
 * at once instead of waiting again.
 */
#define SMP_WAIT_TICKS 2000000000ull
/* How often the doorbell rings again while a request waits untaken. */
#define SMP_RING_TICKS 2000000ull

uint64_t smp_rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

uint32_t smp_apic_id_self(void)
{
    uint32_t a, b, c, d;

    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    return b >> 24;
}

static int answered(const struct smp_cpu *c, uint32_t req)
{
    return __atomic_load_n(&c->done, __ATOMIC_ACQUIRE) == req;
}

/* Until CPU `c` has answered request `req` or the wait runs out; the
 * caller's window stays open meanwhile, since the call may be a
 * tlb_flush_range that waits for this CPU in turn. */
static int await(struct smp_cpu *c, uint32_t req, const struct smp_window *w)
{
    uint64_t start = smp_rdtsc(), rung = start;

    while (!answered(c, req)) {
        uint64_t now = smp_rdtsc();

        /* Rung again only until the CPU takes the request: an NMI during
         * the call itself would end a HLT the call is timing. */
        if (c->taken != req && now - rung > SMP_RING_TICKS) {
            smp_doorbell(c);
            rung = now;
        }
        if (now - start > SMP_WAIT_TICKS)
            return 0;
        smp_window_pulse(w);
        __asm__ volatile("pause");
    }
    return 1;
}

int smp_probe_on(uint32_t cpu, int (*fn)(void *), void *arg)
{
    struct smp_cpu *c;
    struct smp_window w;
    uint32_t req;
    int ok;

    if (cpu == 0 || cpu >= SMP_CPU_MAX || smp_cpus[cpu].state != SMP_ONLINE)
        return SMP_PROBE_OFFLINE;
    c = &smp_cpus[cpu];
    c->fn = fn;
    c->arg = arg;
    req = c->req + 1;
    smp_window_open(&w);
    __atomic_store_n(&c->req, req, __ATOMIC_RELEASE);
    smp_doorbell(c);
    ok = await(c, req, &w);
    smp_window_close(&w);
    if (!ok) {
        c->state = SMP_LOST;
        rec_log("smp: no answer from an AP in time: it is given up");
        return SMP_PROBE_TIMEOUT;
    }
    return c->result;
}
