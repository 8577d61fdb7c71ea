/* The native adapter's shared state and internal helpers. */
#ifndef VMI_NATIVE_INTERNAL_H
#define VMI_NATIVE_INTERNAL_H

#include <vmi-native/native.h>
#include <vmi-stubs/stubs.h>
#include <vmi-x86/x86.h>

#define NS_PER_S UINT64_C(1000000000)

enum vmi__native_apic_mode {
    VMI__APIC_NONE = 0,     /* disabled in IA32_APIC_BASE: no APIC calls */
    VMI__APIC_XAPIC = 1,    /* MMIO at the APIC base */
    VMI__APIC_X2APIC = 2    /* MSRs 0x800 + reg / 16 */
};

struct vmi__native_cpu {
    uint32_t apic_id;
    uint8_t present;            /* named by the guest */
    volatile uint8_t online;    /* running guest code */
    uint8_t lazy;               /* in lazy MMU mode (bookkeeping only) */
    uint8_t reserved;
    volatile uint32_t kick;     /* a kick waiting for the next halt */
    volatile uint32_t flush_pending;
    volatile uint64_t flush_va, flush_pages;
};

struct vmi__native {
    struct vmi_native_config cfg;
    struct vmi__native_cpu cpu[VMI_NATIVE_CPU_MAX];
    uint32_t ncpus;             /* CPU numbers 0 .. ncpus-1 are named */
    enum vmi__native_apic_mode apic_mode;
    uint64_t apic_mmio;         /* virtual address of the xAPIC page */
    int tsc_deadline;           /* CPUID.1:ECX[24] */
    uint64_t tsc_hz, tsc_origin;
    uint64_t ns_mult, tick_mult; /* ns = ticks * ns_mult >> 32, the reverse */
    uint32_t tick_shift;
    uint64_t apic_timer_hz;     /* one-shot APIC timer input clock, divide 1 */
    volatile uint32_t con_lock, flush_lock;
    /* Set by an adapter built on native (after vmi__native_init): runs on
     * a CPU the trampoline brought up, before it is marked online. */
    void (*cpu_online_hook)(uint32_t cpu);
};

extern struct vmi__native vmi__native;

/* Every call's function, vmi__native_<name>; the ops table names those
 * this adapter implements. */
#define VMI__NATIVE_DECL(num, group, name, ret, attrs, feat, n, params) \
    ret vmi__native_##name(VMI_PARAMS(n, params));
VMI_CALL_LIST(VMI__NATIVE_DECL)
#undef VMI__NATIVE_DECL
extern const struct vmi_ops vmi__native_ops;

/*
 * For adapters built on native (KVM): they init native with a TSC
 * frequency their hypervisor reported (0 if none; the guest's config still
 * wins), keep native's functions in the ops slots they do not accelerate,
 * and answer discovery for their own descriptor with the same code.
 */
vmi_status_t vmi__native_init(uint64_t tsc_hz_hint);
int vmi__native_offers(const struct vmi_adapter *a, uint32_t feature);
vmi_status_t vmi__native_disc_features(const struct vmi_adapter *a, uint32_t group,
                                       uint64_t *bitmap);
vmi_status_t vmi__native_disc_supported(const struct vmi_adapter *a, uint32_t call,
                                        uint32_t *supported);
/*
 * What an adapter enabled of its hypervisor's interface, for
 * adapter_info_get: the hypervisor's own feature bits, and for each VMI
 * feature served through the hypervisor the mechanism's name.
 */
struct vmi__native_hv_use {
    uint64_t features;
    char mechanisms[VMI_MECHANISMS_LEN];   /* NUL-terminated */
};
/* Appends "FEATURE=mechanism" to use->mechanisms. */
void vmi__native_hv_use_add(struct vmi__native_hv_use *use, uint32_t feature,
                            const char *mechanism);
/* adapter_info_get for `a`, reporting hypervisor range `hv` (0: none) and
 * what the adapter uses of it (0: nothing). */
vmi_status_t vmi__native_disc_info(const struct vmi_adapter *a, const struct vmi_hv_leaf *hv,
                                   const struct vmi__native_hv_use *use,
                                   struct vmi_adapter_info *info);

/* ---- helpers shared by the call files ---- */

int vmi__native_canonical(uint64_t va);
/* This CPU's number, or VMI_NATIVE_CPU_MAX when the guest did not name it. */
uint32_t vmi__native_cpu_self(void);
uint32_t vmi__native_apic_id_self(void);
void *vmi__native_virt(uint64_t pa);
uint64_t vmi__native_phys(const void *va);
int vmi__native_has(uint32_t feature);

/* Local APIC access in whichever mode it runs; 0 or -1 on a refusal. */
int vmi__native_apic_get(uint32_t reg, uint32_t *value);
int vmi__native_apic_put(uint32_t reg, uint32_t value);
/* One IPI: ICR low word (vector, delivery mode, shorthand) to apic_id. */
void vmi__native_icr_send(uint32_t apic_id, uint32_t icr_lo);

void vmi__native_lock(volatile uint32_t *lock);
void vmi__native_unlock(volatile uint32_t *lock);
/* Busy-waits at least us microseconds by the TSC (any time if unknown). */
void vmi__native_delay_us(uint64_t us);

/* The argument checks of tlb_flush_range (VMI-TLB-005), also those of a
 * CPU set for the IPI calls. */
int vmi__native_range_valid(uint64_t va, uint64_t pages);
int vmi__native_cpus_valid(uint32_t base, uint64_t mask);

/* Flushes [va, va + pages pages) on this CPU, global entries included. */
void vmi__native_flush_local(uint64_t va, uint64_t pages);
/* Serves this CPU's shootdown mailbox, if a request waits in it. */
void vmi__native_shootdown_serve(uint32_t cpu);

/* Init steps, one per concern. */
void vmi__native_time_init(uint64_t tsc_hz_hint);
void vmi__native_apic_init(void);
void vmi__native_console_init(void);
void vmi__native_timer_stop(void);

/* Clock scaling (time.c): ns -> ticks of a clock at hz. */
uint64_t vmi__native_scale_make(uint64_t hz, uint32_t *shift);
uint64_t vmi__native_scale(uint64_t ns, uint64_t mult, uint32_t shift);
uint64_t vmi__native_ns_to_ticks(uint64_t ns);
/* The 0x40000010 timing leaf: TSC (bus = 0) or APIC bus (bus = 1) Hz, or 0. */
uint64_t vmi__native_timing_leaf(int bus);

/* Seconds since the epoch from raw RTC registers (sec, min, hour, day,
 * month, year, status B), or 0 for a reading that is not a date (rtc.c). */
uint64_t vmi__native_rtc_seconds(const uint8_t raw[7]);

/* Calibrations and the one-shot APIC timer (calibrate.c). */
uint64_t vmi__native_apic_timer_hz(void);
void vmi__native_oneshot_arm(uint64_t deadline_ns, uint64_t now_ns, uint32_t vector);

#endif /* VMI_NATIVE_INTERNAL_H */
