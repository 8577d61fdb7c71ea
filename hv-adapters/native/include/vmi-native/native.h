/* The native adapter: VMI calls as the privileged instructions, and what the guest tells it. */
#ifndef VMI_NATIVE_H
#define VMI_NATIVE_H

#include <stdint.h>
#include <vmi/vmi.h>

/* The most CPUs the native adapter's CPU-number-to-APIC-ID table holds. */
#define VMI_NATIVE_CPU_MAX 64u

/* Console outputs (vmi_native_config.console). */
#define VMI_NATIVE_CON_E9 0x1u      /* QEMU/Bochs debug port 0xe9 */
#define VMI_NATIVE_CON_COM1 0x2u    /* 16550 at 0x3f8, polled, 115200 8N1 */

/*
 * What a CPU started by cpu_start must be given (VMI-SMP-003).  The adapter
 * fills it from the calling CPU and hands it to the guest's trampoline
 * hook; the trampoline brings the new CPU from real mode to long mode with
 * these CR0/CR3/CR4/EFER/GDT/IDT values, calls vmi_native_cpu_online(),
 * then jumps to `entry` with rsp = `stack`, rdi = `arg` and IF clear.
 */
struct vmi_native_start {
    uint64_t entry, stack, arg;
    uint64_t cr0, cr3, cr4, efer;
    uint64_t gdt_base, idt_base;
    uint16_t gdt_limit, idt_limit;
    uint32_t cpu;          /* the new CPU's VMI number */
    uint32_t apic_id;      /* and its local APIC ID */
    uint32_t reserved;
};

/*
 * What only the guest knows.  Set it with vmi_native_configure() before
 * vmi_init(); a zeroed config is valid and means "nothing known".
 */
struct vmi_native_config {
    /* Guest-physical memory is [0, phys_end); 0 leaves the "within guest
     * memory" checks of the MMU calls to alignment alone. */
    uint64_t phys_end;
    /* Where guest-physical `pa` is mapped (page tables, the xAPIC page);
     * null means identity-mapped. */
    void *(*phys_to_virt)(uint64_t pa);
    /* isa-debug-exit I/O port, 0 when the device is absent. */
    uint16_t debug_exit_port;
    uint16_t reserved0;
    /* VMI_NATIVE_CON_* bits; 0 means no console (CON_WRITE not offered). */
    uint32_t console;
    /* The TSC frequency when the guest already knows it, else 0. */
    uint64_t tsc_hz;
    /* The guest's own TSC calibration, tried before the adapter's PIT
     * calibration; returns Hz or 0. */
    uint64_t (*calibrate_tsc)(void);
    /* The vector whose handler calls vmi_native_shootdown_handler(); 0
     * means tlb_flush_range cannot reach other CPUs (TLB_REMOTE not
     * offered). */
    uint32_t shootdown_vector;
    /* What crash() writes to isa-debug-exit; 0 means 0xff. */
    uint32_t crash_exit;
    /* Writes a real-mode trampoline for `start` into a page below 1 MiB
     * and returns its address; null means SMP_START is not offered. */
    uint64_t (*trampoline)(const struct vmi_native_start *start);
    /* The guest-physical address of `va`, for memory an adapter built on
     * native shares with its hypervisor (KVM's clock and steal-time
     * areas); null means identity-mapped. */
    uint64_t (*virt_to_phys)(const void *va);
};

/* The adapter descriptor, registered in the `vmi_adapters` section. */
extern struct vmi_adapter vmi_native_adapter;

void vmi_native_configure(const struct vmi_native_config *cfg);

/* Names CPU number `cpu` as the one with local APIC ID `apic_id` (from the
 * MADT, or 0..n-1 on QEMU).  The boot CPU is CPU 0, added by init; call
 * this for the others before cpu_start.  VMI_EINVAL for a number out of
 * range or already taken. */
vmi_status_t vmi_native_cpu_add(uint32_t cpu, uint32_t apic_id);

/* Called by a CPU the trampoline brought up, on itself, before it jumps
 * to its entry: cpu_start waits for this. */
void vmi_native_cpu_online(void);

/*
 * The remote-flush contract.  tlb_flush_range posts a request into each
 * target CPU's mailbox and sends it the shootdown vector (fixed, edge).
 * The guest's handler for that vector calls this function and IRETs; it
 * flushes the requested range, acknowledges, and writes the EOI itself.
 * A CPU that spins waiting for a flush of its own also serves its mailbox,
 * so two CPUs flushing each other with interrupts off do not deadlock.
 */
void vmi_native_shootdown_handler(void);

/*
 * The kick contract.  cpu_kick sets the target's kick flag and sends it an
 * NMI, because only an NMI wakes HLT with interrupts off (VMI-IRQ-008).
 * halt and safe_halt return at once when the flag is set.  The guest's NMI
 * handler must call vmi_x86_extable_fixup() on the interrupted RIP (the
 * HLT of halt is in the fixup table), so that an NMI landing between the
 * flag check and the HLT resumes after the HLT instead of sleeping.
 */

/* TSC frequency from the PIT (channel 2, a 50 ms one-shot); 0 when the
 * PIT does not answer.  Exposed for the guest and the tests. */
uint64_t vmi_native_pit_calibrate(void);

#endif /* VMI_NATIVE_H */
