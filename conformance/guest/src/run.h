/* The trace run: the bundle, the bound adapter, the sandbox and the platform the executor uses. */
#ifndef GUEST_RUN_H
#define GUEST_RUN_H

#include <stddef.h>
#include <stdint.h>
#include "guest.h"
#include "vmi-exec/exec.h"

struct vmi_native_config;

/* run.c: every selected trace of the bundle, then END; returns the exit value. */
uint32_t run_main(const struct boot_info *boot, const struct guest_args *args);

/* run_trace.c: one trace, reported; returns 1 when a power call ended the run. */
int run_trace(const struct vmi_bundle *b, uint32_t index);

/* bundle.c: module 0 opened with the freestanding decoder.  Returns 0, or
 * -1 after a LOG record saying why (no module, a corrupt bundle). */
int bundle_find(const struct boot_info *boot, struct vmi_bundle *b, uint32_t *crc);

/* binding.c: the adapters configured, vmi_init() with the command
 * line's adapter=NAME forced; 0, or -1 after a LOG record. */
int binding_init(const struct guest_args *args);
/* What the native adapter was told, for a layer that needs to add to it. */
const struct vmi_native_config *binding_native_config(void);
/* cpus.c: the CPUs traces may use, which the SMP layer starts through the
 * bound adapter (CPU 0 alone when it starts none). */
uint32_t cpus_start(void);
uint32_t cpus_online(void);
/* The table whose calls run on `cpu`, or NULL for a CPU that is not online. */
const struct vmi_ops *cpus_ops(uint32_t cpu);
/* Runs fn(arg) on `cpu` and returns its result; VMI_EINVAL for a CPU that
 * is not online, VMI_EFAULT when fn faulted there, VMI_EBUSY when the CPU
 * stopped answering. */
int cpus_run_on(uint32_t cpu, int (*fn)(void *), void *arg);

/* ident.c: the IDENT record. */
void ident_report(uint32_t cpus, uint32_t bundle_crc);
/* What the bound adapter offers after init (groups 0..VMI_GROUP_COUNT-1). */
void ident_features(uint64_t *features, uint32_t *groups);

/* pages.c: the trace pool, zeroed 4 KiB pages of identity-mapped RAM
 * above the image and the boot modules, handed out afresh per trace. */
#define PAGES_TRACE_MAX 4096u
void pages_init(const struct boot_info *boot);
void pages_reset(void);
int pages_alloc(uint64_t *pa);
/* 1 when [pa, pa + len) lies in RAM the identity map reaches. */
int pages_in_ram(uint64_t pa, uint64_t len);
/* The end of the highest RAM entry: all the guest-physical memory there is. */
uint64_t pages_phys_end(void);

/* window.c: the trace's 2 MiB window at WINDOW_VA (PML4 entry 256, PDPT
 * entry 0, PD entry 0 holds the trace's level-1 table). */
#define WINDOW_VA 0xffff800000000000ull
#define WINDOW_PAGES 512u
void window_init(void);
int window_va_alloc(uint64_t *va);
void window_link(uint64_t pt_pa);
/* Unlinks the table, forgets the va pages and flushes every online CPU. */
void window_reset(void);

/* harness.c: the harness's own CR0, CR3, CR4, GDT, IDT and TR (saved
 * once CR4.PGE is on, as the traces require), put back after a trace
 * however it ended; and a full TLB flush of this CPU. */
void harness_save(void);
void harness_restore(void);
int harness_flush_this_cpu(void *unused);
/* The calling CPU reset for a trace: IF clear, the harness's CR3, no
 * timer armed, TPR 0 and no vector in service. */
int harness_reset_cpu(void *unused);
uint64_t harness_cr3(void);

/* irq.c: vectors 32..255 count per CPU and end nothing (traces EOI
 * themselves), but for the native adapter's shootdown vector and the Xen
 * adapter's event-channel upcall.  Both sit in the 0xf0 priority class,
 * which the traces leave to the harness (they use 0x41-0x83), so no TPR a
 * trace sets holds them back. */
#define IRQ_SHOOTDOWN_VECTOR 0xf2u
#define IRQ_XEN_UPCALL_VECTOR 0xf3u
/* The harness's doorbell to an idle AP when not an NMI (smp_doorbell.c). */
#define IRQ_DOORBELL_VECTOR 0xf4u
void irq_init(void);
uint32_t irq_count(uint32_t vector);    /* on the calling CPU */

/* ops_wrap.c: the tables the executor calls through: console bytes are
 * counted, and a power call is announced before it takes the guest down. */
const struct vmi_ops *ops_for(uint32_t cpu);
void ops_trace_begin(uint32_t trace);
uint64_t ops_console_bytes(void);

/* stats.c: the trace run's totals, from stats_begin on: traces started,
 * VMI calls the executor made (ops_for counts them) and hypercalls issued;
 * stats_report sends them as a STATS record. */
void stats_begin(int marks);
void stats_trace(void);
void stats_call(void);
void stats_report(void);
/* The marker just before (0) or after (1) a call (records.h), when
 * stats_begin was told to mark. */
void stats_call_mark(int end);

/* probe.c: the probes, by instruction, on the calling CPU or another. */
int probe_on(uint32_t cpu, uint32_t kind, const uint64_t *args, uint64_t *value);

/* wait.c: the TSC rate, then waits of guest time with interrupts on. */
void wait_init(void);
int wait_on(uint32_t cpu, uint64_t ns);

/* platform.c: struct vmi_exec_platform over all of the above, for trace `index`. */
const struct vmi_exec_platform *platform_get(uint32_t index);
/* Frees the trace's pages and window: what trace_end does, also after a fault. */
void platform_cleanup(void);

/* TRACE_END, also sent before a power call that will not return. */
void run_trace_end_report(uint32_t trace, uint32_t end, uint32_t err_step, int32_t err_code);

#endif /* GUEST_RUN_H */
