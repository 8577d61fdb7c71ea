/* The reference machine's state, shared by the files that implement the calls. */
#ifndef VMI_REF_MACHINE_H
#define VMI_REF_MACHINE_H

#include <vmi-ref/ref.h>

/* Translations tracked per CPU for TLB freedom (see tlb.c). */
#define VMI__REF_TRACK_MAX 64u
#define VMI__REF_TLB_ALT 8u
/* Deferred lazy-MMU updates one CPU may hold before they must be applied. */
#define VMI__REF_LAZY_MAX 64u
/* The console keeps at most this many bytes; later ones are counted only. */
#define VMI__REF_CONSOLE_MAX (1u << 20)

/* One translation of a page: where it goes and with which rights. */
struct vmi__ref_xlate {
    uint64_t pa_page;       /* physical page address, 4 KiB aligned */
    uint64_t flags;         /* effective P/RW/US/G/NX bits of the leaf */
    uint8_t present;        /* 0: a not-present translation (a fault) */
    uint8_t global;
};

/* Every translation cpu may still use for one tracked page. */
struct vmi__ref_tlb_set {
    uint32_t count;
    uint32_t overflow;      /* more than fit: anything goes until a flush */
    struct vmi__ref_xlate x[VMI__REF_TLB_ALT];
};

struct vmi__ref_lazy_update {
    uint64_t pa;            /* entry address */
    uint64_t old_value;
    uint64_t new_value;
};

struct vmi__ref_apic {
    uint32_t tpr, ldr, dfr, svr, esr;
    uint32_t lvt[6];        /* timer, thermal, pmc, lint0, lint1, error */
    uint32_t timer_icr, timer_dcr;
    uint64_t written;           /* bit reg >> 4: the guest wrote that register */
    uint32_t irr[8], isr[8], tmr[8];
};

/* The MSRs the model implements, by slot. */
enum vmi__ref_msr_slot {
    VMI__REF_MSR_TSC, VMI__REF_MSR_APIC_BASE, VMI__REF_MSR_SYSENTER_CS,
    VMI__REF_MSR_SYSENTER_ESP, VMI__REF_MSR_SYSENTER_EIP, VMI__REF_MSR_PAT,
    VMI__REF_MSR_TSC_DEADLINE, VMI__REF_MSR_EFER, VMI__REF_MSR_STAR,
    VMI__REF_MSR_LSTAR, VMI__REF_MSR_CSTAR, VMI__REF_MSR_SFMASK,
    VMI__REF_MSR_FS_BASE, VMI__REF_MSR_GS_BASE, VMI__REF_MSR_KERNEL_GS_BASE,
    VMI__REF_MSR_TSC_AUX,
    VMI__REF_MSR_COUNT
};

/*
 * Registers whose value the model knows only once the guest has set them
 * through a call: before that they hold what the harness or firmware left
 * there, so reads answer ANY (bits of vmi_ref_cpu.guest_set).  A CPU
 * started with another CPU's registers (cpu_start) may copy these bits.
 */
enum vmi__ref_set_bit {
    VMI__REF_SET_CR0 = 1u << 0, VMI__REF_SET_CR2 = 1u << 1,
    VMI__REF_SET_CR3 = 1u << 2, VMI__REF_SET_CR4 = 1u << 3,
    VMI__REF_SET_GDT = 1u << 4, VMI__REF_SET_IDT = 1u << 5,
    VMI__REF_SET_LDT = 1u << 6, VMI__REF_SET_TR = 1u << 7,
    VMI__REF_SET_DR0 = 1u << 8  /* DR n is bit 8 + n */
};

struct vmi_ref_cpu {
    struct vmi_ref_machine *m;
    uint32_t index;
    uint8_t online, halted, kick_pending, lazy;

    uint64_t cr0, cr2, cr3, cr4, cr8;
    uint64_t rflags;
    uint64_t msr[VMI__REF_MSR_COUNT];
    uint32_t msr_written;   /* bit per slot: written by the guest, so known */
    uint64_t gdt_base, idt_base;
    uint32_t gdt_limit, idt_limit;
    uint16_t ldt_sel, tr_sel;
    uint64_t ldt_base;
    uint32_t ldt_limit;
    uint64_t dr[8];
    uint32_t guest_set;     /* bit per VMI__REF_SET_*: set by the guest, so known */

    struct vmi__ref_apic apic;
    uint64_t irq_count[256];

    uint8_t timer_armed;
    uint32_t timer_vector;
    uint64_t timer_deadline;

    uint64_t tsc_last;      /* last TSC value handed out */
    uint64_t steal_ns;
    uint64_t steal_last;    /* last steal time handed out (time.c) */

    uint64_t start_entry, start_stack, start_arg;

    uint32_t lazy_count;
    struct vmi__ref_lazy_update lazy_q[VMI__REF_LAZY_MAX];

    struct vmi__ref_tlb_set tlb[VMI__REF_TRACK_MAX];
};

/* Sparse guest-physical memory: 4 KiB frames in an open-addressing table. */
struct vmi__ref_frame {
    uint64_t pfn;           /* UINT64_MAX: empty slot */
    uint8_t *data;
};

#define VMI__REF_ENTRIES_MAX 256u

struct vmi_ref_machine {
    struct vmi_ref_config cfg;
    struct vmi_ref_cpu cpus[VMI_REF_MAX_CPUS];

    struct vmi__ref_frame *frames;
    uint64_t frame_slots, frame_used;

    uint64_t now_ns;
    uint64_t mono_last;     /* last monotonic value handed out */

    char *console;
    size_t console_len, console_total;

    enum vmi_ref_power power;
    uint64_t power_code;

    uint32_t track_count;
    uint64_t track_va[VMI__REF_TRACK_MAX];   /* page addresses */

    /* Entries the guest stored through pte_set/pte_xchg, for the A and D
     * bits a CPU's walk may set in them (mmu.c). */
    uint32_t entry_count;
    uint64_t entry_pa[VMI__REF_ENTRIES_MAX];
    uint8_t entry_leaf[VMI__REF_ENTRIES_MAX];

    struct vmi_ref_allowed last[VMI_PARAM_MAX];
};

/* ---- machine.c: memory ---- */
/* Non-zero when [pa, pa+len) lies in guest memory. */
int vmi__ref_mem_valid(const struct vmi_ref_machine *m, uint64_t pa, uint64_t len);
/* Reads and writes within guest memory; callers check vmi__ref_mem_valid.
 * A frame never written reads as zeros. */
uint64_t vmi__ref_mem_read64(const struct vmi_ref_machine *m, uint64_t pa);
/* The little-endian value of `width` (1..8) bytes at pa, as an x86 load sees it. */
uint64_t vmi__ref_mem_load(const struct vmi_ref_machine *m, uint64_t pa, uint32_t width);
int vmi__ref_mem_write64(struct vmi_ref_machine *m, uint64_t pa, uint64_t value);
void vmi__ref_mem_read(const struct vmi_ref_machine *m, uint64_t pa, void *buf, uint64_t len);
int vmi__ref_mem_write(struct vmi_ref_machine *m, uint64_t pa, const void *buf, uint64_t len);

/* ---- machine.c: the call protocol every reference function follows ---- */
/*
 * vmi__ref_enter() starts a call: it clears the previous call's allowed
 * sets and answers VMI_ENOTSUP when the platform lacks `feature` (the
 * check comes first, VMI-GEN-003).  vmi__ref_leave() ends it: time moves
 * on by the call's cost and pending interrupts are delivered.  Both run
 * whatever the outcome, so the model's clock counts refused calls too.
 */
vmi_status_t vmi__ref_enter(struct vmi_ref_cpu *cpu, uint32_t feature);
vmi_status_t vmi__ref_leave(struct vmi_ref_cpu *cpu, vmi_status_t status);
/* Non-zero when the platform offers feature. */
int vmi__ref_has(const struct vmi_ref_machine *m, uint32_t feature);

/* Record the allowed set of OUT parameter `param` of the current call. */
void vmi__ref_allow_exact(struct vmi_ref_machine *m, uint32_t param, uint64_t v);
void vmi__ref_allow_range(struct vmi_ref_machine *m, uint32_t param, uint64_t lo, uint64_t hi);
void vmi__ref_allow_any(struct vmi_ref_machine *m, uint32_t param);
/* Add one more value to an EXACT set (becomes ANY past VMI_REF_ALLOWED_MAX). */
void vmi__ref_allowed_add(struct vmi_ref_allowed *a, uint64_t v);

/* Canonical 48-bit virtual address. */
int vmi__ref_canonical(uint64_t va);

/* ---- interrupts.c: pending and delivered interrupts ---- */
/* Make vector pending (IRR) on cpu; wakes it from halt if deliverable. */
void vmi__ref_irq_raise(struct vmi_ref_cpu *cpu, uint32_t vector);
/* Deliver what cpu's interrupt flag and priority allow. */
void vmi__ref_irq_deliver(struct vmi_ref_cpu *cpu);
/* Non-zero when an interrupt is pending that delivery would take now. */
int vmi__ref_irq_deliverable(const struct vmi_ref_cpu *cpu);

/* ---- time.c: the clock and timers ---- */
/* Move model time to `ns` (never backwards), firing timers that fall due. */
void vmi__ref_time_advance_to(struct vmi_ref_machine *m, uint64_t ns);
/* The TSC of cpu at the current model time. */
uint64_t vmi__ref_tsc_now(const struct vmi_ref_cpu *cpu);

/* ---- tlb.c: translation tracking ---- */
/* Walk cpu's page tables for va; fills *x (present=0 when unmapped). */
void vmi__ref_walk(const struct vmi_ref_cpu *cpu, uint64_t va, struct vmi__ref_xlate *x);
/* After any page-table or CR3 change: add current translations to every
 * CPU's tracked sets. */
void vmi__ref_tlb_refresh(struct vmi_ref_machine *m);
/* Invalidate on cpu: every non-global (global=0) or every (global=1) entry. */
void vmi__ref_tlb_flush_cpu(struct vmi_ref_cpu *cpu, int global);
/* Invalidate on cpu the tracked pages in [va, va + pages*4096). */
void vmi__ref_tlb_flush_pages(struct vmi_ref_cpu *cpu, uint64_t va, uint64_t pages);

/* ---- mmu.c: lazy mode ---- */
/* Apply cpu's deferred page-table updates, in order (VMI-MMU-014). */
void vmi__ref_lazy_apply(struct vmi_ref_cpu *cpu);

#endif /* VMI_REF_MACHINE_H */
