/* SMP: application processors started through the bound adapter, each serving a mailbox. */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

/*
 * The real-mode trampoline lives in one page below 1 MiB (a STARTUP IPI
 * can only name such a page).  0x8000 is conventional RAM that neither the
 * BIOS, QEMU's PVH loader nor this image uses once the guest runs.  The
 * trampoline reads what the adapter handed over from its data block at
 * SMP_TD_OFFSET in the same page; ap_tramp.S and smp_tramp.c share the
 * offsets below.
 */
#define SMP_TRAMPOLINE_PA 0x8000
#define SMP_TD_OFFSET 0xf00
#define SMP_TD_GDTR 0x00        /* u16 limit, u32 base: lgdtl in 16-bit mode */
#define SMP_TD_CR0 0x08
#define SMP_TD_CR3 0x10
#define SMP_TD_CR4 0x18
#define SMP_TD_EFER 0x20
#define SMP_TD_STACK 0x28
#define SMP_TD_ENTRY 0x30
#define SMP_TD_ARG 0x38
#define SMP_TD_CONT 0x40        /* smp_ap_start64 in the image */
#define SMP_TD_IDTR 0x48        /* u16 limit, u64 base */
#define SMP_TD_SIZE 0x58

#ifndef __ASSEMBLER__
#include <stdint.h>
#include "guest.h"
#include "vmi-native/native.h"

/* CPU 0 and up to three application processors.  APs whose APIC ID is
 * SMP_CPU_MAX or more are left alone: trap.c and irq.c keep per-CPU state
 * indexed by APIC ID. */
#define SMP_CPU_MAX 4u

/* What smp_probe_on returns instead of fn's result.  fn must not return
 * these itself. */
#define SMP_PROBE_FAULT (-0x7f000001)   /* fn took an exception on the AP */
#define SMP_PROBE_TIMEOUT (-0x7f000002) /* no answer in time: the CPU is given up */
#define SMP_PROBE_OFFLINE (-0x7f000003) /* cpu 0, a CPU never started or given up */

/* Starts the APs the MADT names through the bound adapter's cpu_start
 * (once; later calls return the same count).  Returns CPUs online (>= 1). */
int smp_init(void);
uint32_t smp_online(void);
/* An ops table whose every call runs on `cpu` (the caller waits); NULL for
 * cpu 0 or a CPU that is not online.  A call that faults there answers
 * VMI_EFAULT, one that does not come back in time VMI_EBUSY. */
const struct vmi_ops *smp_ops_on(uint32_t cpu);
/* Runs fn(arg) on `cpu` and returns its result, or an SMP_PROBE_* value.
 * A fault during fn is recovered on that CPU and reported there with a
 * FAULT record (trace none, cpu = its APIC ID). */
int smp_probe_on(uint32_t cpu, int (*fn)(void *), void *arg);

/* The native adapter's trampoline hook (vmi_native_config.trampoline):
 * writes the trampoline for `start` and returns SMP_TRAMPOLINE_PA. */
uint64_t smp_trampoline(const struct vmi_native_start *start);

/* The self-test checks of the SMP layer (CHECK ids 20..): binds the
 * adapter as the trace run does, starts the APs and calls on CPU 1. */
void smp_selftest_run(const struct boot_info *boot, const struct guest_args *args);

/* ---- Inside the SMP layer ---- */

struct smp_tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

enum smp_state { SMP_OFF = 0, SMP_ONLINE = 1, SMP_LOST = 2 };

#define SMP_STACK_SIZE 16384
#define SMP_IST_SIZE 4096

/* One CPU: its mailbox (the caller bumps req, the CPU sets taken to it
 * when it starts and done when it has answered), and the tables and stacks
 * an AP needs of its own. */
struct smp_cpu {
    uint32_t apic_id;
    volatile uint32_t state;
    volatile uint32_t req, taken, done;
    int (*fn)(void *);
    void *arg;
    volatile int result;
    uint64_t gdt[6];
    struct smp_tss tss;
    uint8_t ist[SMP_IST_SIZE] __attribute__((aligned(16)));
    uint8_t stack[SMP_STACK_SIZE] __attribute__((aligned(16)));
};

extern struct smp_cpu smp_cpus[SMP_CPU_MAX];
/* The boot CPU's IA32_APIC_BASE and spurious-vector register, which every
 * AP copies so that the adapter finds the same APIC mode everywhere. */
extern uint64_t smp_bsp_apic_base;
extern uint32_t smp_bsp_svr;

/* smp_ap.c: on the AP, before and after the adapter knows it runs. */
void smp_ap_early(struct smp_cpu *c);
void smp_ap_main(struct smp_cpu *c) __attribute__((noreturn));
/* smp_madt.c: the APIC IDs of the enabled CPUs other than `self`, from
 * the ACPI MADT; how many were stored (at most max). */
uint32_t smp_madt_apic_ids(uint32_t self, uint32_t *ids, uint32_t max);
/* smp_call.c: the calling CPU's initial APIC ID (CPUID.1:EBX[31:24]). */
uint32_t smp_apic_id_self(void);
uint64_t smp_rdtsc(void);
/* smp_doorbell.c: an NMI to the CPU, which wakes its idle HLT; or, once
 * smp_doorbell_vector has named one and the windows are allowed, that
 * fixed vector (0xf0 class, let in by every idle window), which
 * smp_doorbell_eoi ends. */
void smp_doorbell(const struct smp_cpu *c);
void smp_doorbell_vector(uint32_t vector);     /* 0: the NMI */
void smp_doorbell_eoi(void);

/* smp_window.c: while the harness waits (an AP idle in its mailbox loop,
 * a caller waiting for an answer) with a trace's interrupts off, another
 * CPU's tlb_flush_range may be waiting for this one.  The window lets the
 * shootdown vector in, and only vectors of its priority class, with the
 * trace's TPR raised to 0xe0 and IF set for one instruction at a time;
 * closing it puts the TPR back, and IF was never left set.  Open and close
 * on the same CPU, with nothing of the trace's run in between. */
struct smp_window {
    int open;
    uint32_t tpr;
};
void smp_window_allow(void);   /* once the harness's vectors are in place */
int smp_window_allowed(void);
void smp_window_open(struct smp_window *w);
void smp_window_close(const struct smp_window *w);
void smp_window_pulse(const struct smp_window *w);     /* one chance to take it */
void smp_window_halt(const struct smp_window *w);      /* HLT until an interrupt or NMI */

#endif /* __ASSEMBLER__ */
#endif /* GUEST_SMP_H */
