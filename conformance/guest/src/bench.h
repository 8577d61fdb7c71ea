/* The per-call overhead benchmark: what is timed, and the entry the command line's "bench" runs. */
#ifndef GUEST_BENCH_H
#define GUEST_BENCH_H

#include <stdint.h>
#include "guest.h"
#include "vmi-stubs/stubs.h"

/* One figure: the call through the stubs and, when there is one, the raw
 * instruction(s) the native adapter issues for it.  pre and post run
 * around each timed call, untimed, to set up or undo its effect. */
struct bench_case {
    uint32_t call;
    const char *name;
    const char *raw_name;   /* NULL when there is no raw counterpart */
    void (*stub)(void);
    void (*raw)(void);
    void (*pre)(void);
    void (*post)(void);
};

/* What the raw instructions need to know of this CPU (bench.c fills it). */
struct bench_env {
    uint64_t cr3, apic_mmio;
    uint32_t apic_id;
    int x2apic;
};

extern struct bench_env bench_env;
extern volatile vmi_status_t bench_status;     /* the last stub call's */
extern const struct bench_case bench_cases[];
extern const uint32_t bench_case_count;
extern const struct bench_case bench_empty;

/* Binds the adapter as the trace run does, times every case and emits one
 * BENCH record each; returns the exit value. */
uint32_t bench_main(const struct boot_info *boot, const struct guest_args *args);

#endif /* GUEST_BENCH_H */
