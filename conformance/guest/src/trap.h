/* Exceptions: the frame the stubs build, and recovery points that end a trace on a fault. */
#ifndef GUEST_TRAP_H
#define GUEST_TRAP_H

#include <stddef.h>
#include <stdint.h>

/* What trap.S pushes, lowest address first. */
struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;     /* pushed by the CPU */
};

/* The fault that ended a guarded call. */
struct guest_fault {
    uint64_t vector, error, rip, cr2, rsp;
};

/* A recovery point; the first 72 bytes are recover.S's. */
struct guest_recover {
    uint64_t rbx, rbp, r12, r13, r14, r15, rsp, rip, rflags;
    struct guest_recover *prev;     /* the point this one nests in */
    struct guest_fault fault;       /* filled in when a fault lands here */
};

_Static_assert(offsetof(struct guest_recover, rflags) == 64,
               "recover.S stores rflags at offset 64");

/* Returns twice, like setjmp: only guest_try uses these directly. */
int guest_recover_set(struct guest_recover *r) __attribute__((returns_twice));
void guest_recover_jump(struct guest_recover *r, int value) __attribute__((noreturn));

/*
 * Runs fn(arg) with a recovery point armed.  Returns 0 when fn returned,
 * or 1 when an exception ended it: r->fault then says which, and the
 * registers, stack and interrupt flag are as they were at the call.  Tries
 * nest; a fault ends the innermost.  This is what ends one trace as CRASH
 * and lets the run go on.
 */
int guest_try(struct guest_recover *r, void (*fn)(void *), void *arg);

/* The FAULT record of a fault: trace is VMI_REC_NO_TRACE outside a trace. */
void trap_report(uint32_t trace, const struct guest_fault *g, int fatal);

/* #BP exceptions taken and resumed (the return path's self test). */
extern volatile uint64_t guest_breakpoints;

void trap_dispatch(struct trap_frame *f);

#endif /* GUEST_TRAP_H */
