/* The KVM adapter's state, per-CPU shared areas and internal functions. */
#ifndef VMI_KVM_INTERNAL_H
#define VMI_KVM_INTERNAL_H

#include <vmi-kvm/kvm.h>
#include "../../native/src/native_internal.h"
#include "kvm_abi.h"

/*
 * One CPU's memory shared with KVM, by VMI CPU number.  The struct is
 * 128-byte aligned so that the steal-time area is 64-byte aligned as its
 * MSR demands and no area crosses a page: each is then physically
 * contiguous whatever maps the guest's image.
 */
struct vmi__kvm_cpu {
    struct kvm_steal_time steal;   /* offset 0 */
    struct kvm_pvclock clock;      /* offset 64 */
    volatile uint32_t eoi;         /* offset 96: the PV EOI word */
    /* What is registered, so teardown writes only the MSRs it enabled. */
    uint8_t clock_on, steal_on, eoi_on;
} __attribute__((aligned(128)));

struct vmi__kvm {
    uint32_t base;          /* KVM's CPUID range */
    uint32_t features;      /* base + 1 EAX */
    uint32_t hints;         /* base + 1 EDX */
    int amd;                /* VMMCALL rather than VMCALL */
    uint32_t msr_clock;     /* kvmclock's MSRs, 0 without kvmclock */
    uint32_t msr_wall;
    uint64_t tsc_hz;        /* from CPU 0's pvclock */
    uint64_t clock_last;    /* the latest unstable-clock reading handed out */
    struct kvm_wall_clock wall;
    volatile uint32_t wall_lock;
    struct vmi__native_hv_use use;   /* what adapter_info_get reports */
};

extern struct vmi__kvm vmi__kvm;
extern struct vmi__kvm_cpu vmi__kvm_cpu[VMI_NATIVE_CPU_MAX];

int vmi__kvm_has(uint32_t feature_bit);
/* Which PV mechanisms the adapter uses, given the feature leaf. */
int vmi__kvm_uses_tlb_flush(void);

/* The hypercall instruction of this CPU's vendor (hypercall.c). */
void vmi__kvm_vendor_init(void);
int64_t vmi__kvm_hypercall(uint32_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3);

/* Per-CPU registration (percpu.c): up on the CPU itself, when it comes
 * online (CPU 0 at init); down when it goes offline or the machine stops. */
void vmi__kvm_cpu_up(uint32_t cpu);
void vmi__kvm_cpu_down(uint32_t cpu);
/* Interrupts off, then this CPU's registrations withdrawn (VMI-PWR-004). */
void vmi__kvm_self_down(void);
/* The calling CPU's number, 0 when the guest never named it. */
uint32_t vmi__kvm_self(void);

/* pvclock arithmetic and reading (pvclock.c). */
uint64_t vmi__kvm_scale_delta(uint64_t delta, uint32_t mul, int8_t shift);
uint64_t vmi__kvm_pvclock_read(const volatile struct kvm_pvclock *p, uint8_t *flags);
uint64_t vmi__kvm_pvclock_hz(uint32_t mul, int8_t shift);
/* kvmclock now, never below an earlier reading on any CPU (time.c). */
uint64_t vmi__kvm_clock_now(void);

/* Steal-time area of `cpu` (steal.c): asks a preempted CPU to flush its
 * TLB on resume; non-zero when it will, so no IPI is needed. */
int vmi__kvm_flush_on_resume(uint32_t cpu);

/* The calls this adapter implements itself. */
vmi_status_t vmi__kvm_features_get(uint32_t group, uint64_t *bitmap);
vmi_status_t vmi__kvm_call_supported(uint32_t call, uint32_t *supported);
vmi_status_t vmi__kvm_adapter_info_get(struct vmi_adapter_info *info);
vmi_status_t vmi__kvm_wallclock_get(uint64_t *ns);
vmi_status_t vmi__kvm_monotonic_get(uint64_t *ns);
vmi_status_t vmi__kvm_tsc_freq_get(uint64_t *hz);
vmi_status_t vmi__kvm_timer_arm(uint64_t deadline_ns, uint32_t vector);
vmi_status_t vmi__kvm_steal_time_get(uint64_t *ns);
vmi_status_t vmi__kvm_cpu_preempted(uint32_t cpu, uint32_t *preempted);
vmi_status_t vmi__kvm_apic_eoi(void);
vmi_status_t vmi__kvm_ipi_send_mask(uint32_t cpu_base, uint64_t cpu_mask, uint32_t vector);
vmi_status_t vmi__kvm_ipi_send_allbutself(uint32_t vector);
vmi_status_t vmi__kvm_tlb_flush_range(uint32_t cpu_base, uint64_t cpu_mask, uint64_t va,
                                      uint64_t pages);
vmi_status_t vmi__kvm_cpu_yield_to(uint32_t cpu);
vmi_status_t vmi__kvm_cpu_kick(uint32_t cpu);
vmi_status_t vmi__kvm_cpu_stop(void);
vmi_status_t vmi__kvm_io_delay(void);
vmi_status_t vmi__kvm_shutdown(uint32_t code);
vmi_status_t vmi__kvm_reboot(void);
vmi_status_t vmi__kvm_crash(uint64_t reason);

#endif /* VMI_KVM_INTERNAL_H */
