/* The guest kernel's internal interfaces: console, records, CPU setup, boot info, arguments. */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <stddef.h>
#include <stdint.h>
#include "vmi-guest/records.h"

/* console.c: COM1 (polled 16550), and a virtio console or else port 0xe9. */
void console_init(void);
void console_write(const char *s, size_t n);

/* virtio_con.c: a legacy virtio console on PCI bus 0, if the VMM offers one;
 * virtio_con_write returns 0 when there is none (or it stopped answering). */
void virtio_con_init(void);
int virtio_con_write(const char *s, size_t n);

/* record.c: framed records (records.h) on the console.  Between rec_hold
 * and rec_release records are batched (TRACE_END, FAULT and END still go
 * out at once, with everything before them). */
void rec_emit(uint8_t type, const void *payload, size_t len);
void rec_hold(void);
void rec_release(void);
void rec_log(const char *text);
/* Copies a NUL-terminated text after `fixed` bytes of buf (cap bytes in all);
 * returns the payload length. */
size_t rec_text(uint8_t *buf, size_t fixed, size_t cap, const char *text);
uint32_t rec_count(void);

/* cpu.c: the TSS (with a known-good stack for #DF and NMI) and the IDT. */
void cpu_init(void);

/* start_info.c: the PVH hvm_start_info, checked and summarised. */
#define GUEST_CMDLINE_MAX 4096u     /* longer command lines are cut here */
struct boot_info {
    uint32_t start_info_pa;
    uint32_t version, flags, nr_modules, memmap_entries;
    uint64_t rsdp, ram_bytes;
    const char *cmdline;            /* never NULL: "" when absent */
    const void *memmap;             /* memmap_entries entries, or NULL */
    const void *modules;            /* nr_modules entries, or NULL */
};
int boot_parse(uint64_t start_info_pa, struct boot_info *out);
void boot_report(const struct boot_info *b);
/* xen_memmap.c: under Xen, the domain's e820 in start_info's entry layout
 * (0), else nonzero and nothing set. */
int xen_memmap_fetch(const void **memmap, uint32_t *entries);
int guest_under_xen(void);          /* CPUID shows Xen's signature */
/* start_info's rsdp_paddr (0: none), kept by boot_parse for smp_madt.c:
 * Xen gives a PVH dom0 ACPI tables of its own only there, while the BIOS
 * area still holds the host's, which name the host's CPUs. */
extern uint64_t guest_rsdp;

/* cmdline.c: "selftest", "selftest=panic", "adapter=", "filter=", "start=", "count=". */
#define GUEST_ARG_ADAPTER_MAX 32
#define GUEST_ARG_FILTER_MAX 128
struct guest_args {
    uint32_t flags;                 /* VMI_REC_ARG_* */
    uint32_t start;                 /* first trace to run */
    uint32_t count;                 /* most traces to run; 0: no limit */
    char adapter[GUEST_ARG_ADAPTER_MAX];
    char filter[GUEST_ARG_FILTER_MAX];
};
void args_parse(const char *cmdline, struct guest_args *out);
void args_report(const struct guest_args *a);

/* selftest.c: checks report a CHECK record each and are tallied for END. */
struct guest_tally {
    uint32_t passed, failed;
};
extern struct guest_tally guest_checks;
void check(uint32_t id, const char *name, uint64_t got, uint64_t want);
void selftest_run(void);
void selftest_panic(void) __attribute__((noreturn));

/* main.c: END, then isa-debug-exit; halts if nothing listens on the port. */
void guest_exit(uint32_t code) __attribute__((noreturn));

/* libc.c: what the compiler may call on its own. */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen_bounded(const char *s, size_t max);

#endif /* GUEST_GUEST_H */
