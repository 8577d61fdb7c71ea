/* The Xen adapter's shared state and internal helpers. */
#ifndef VMI_XEN_INTERNAL_H
#define VMI_XEN_INTERNAL_H

#include <vmi-xen/xen.h>
#include <vmi-x86/x86.h>
#include "native_internal.h"
#include "xen_abi.h"

#define XEN_PORT_NONE 0xffffffffu

struct vmi__xen_cpu {
    volatile struct vcpu_info *vi;   /* registered, or the shared_info copy */
    uint32_t timer_port, kick_port;  /* XEN_PORT_NONE when not bound */
    uint8_t ready;                   /* set up by vmi__xen_cpu_setup */
    uint8_t runstate;                /* the runstate area is registered */
    uint8_t reserved[2];
    volatile uint32_t kick;          /* a kick waiting for the next halt */
    volatile uint32_t timer_vector;  /* armed vector, 0 when disarmed */
    volatile uint64_t timer_deadline;
};

struct vmi__xen {
    struct vmi_xen_config cfg;
    uint32_t base;          /* CPUID leaf of the Xen range */
    uint32_t version;       /* major << 16 | minor */
    uint32_t features;      /* XENFEAT submap 0 */
    uint32_t flush_tlbs;    /* HVMOP_flush_tlbs answered */
    uint32_t console_e9;    /* console_io refused: port 0xe9 instead */
    uint32_t callback;      /* HVM_PARAM_CALLBACK_IRQ holds our vector */
    uint64_t tsc_hz;
    uint64_t mono_last;     /* the last monotonic reading on any CPU */
    volatile struct shared_info *shared;
    struct vmi__xen_cpu cpu[VMI_XEN_CPU_MAX];
    volatile uint32_t con_lock;
};

extern struct vmi__xen vmi__xen;
/* The pages Xen writes into (page-aligned, static). */
extern uint8_t vmi__xen_hypercall_page[VMI_PAGE_SIZE];
extern struct vcpu_runstate_info vmi__xen_runstate[VMI_XEN_CPU_MAX];

/* The calls Xen accelerates, vmi__xen_<name>; the rest run on native. */
#define VMI__XEN_CALLS(X)                                                    \
    X(features_get) X(call_supported) X(adapter_info_get)                    \
    X(halt) X(safe_halt) X(tlb_flush_range)                                  \
    X(wallclock_get) X(monotonic_get) X(tsc_freq_get) X(timer_arm)           \
    X(timer_cancel) X(steal_time_get) X(cpu_start) X(cpu_stop) X(cpu_yield)  \
    X(cpu_kick) X(cpu_preempted) X(console_write) X(shutdown) X(reboot)      \
    X(crash)
#define VMI__XEN_DECL(num, group, name, ret, attrs, feat, n, params) \
    ret vmi__xen_##name(VMI_PARAMS(n, params));
VMI_CALL_LIST(VMI__XEN_DECL)
#undef VMI__XEN_DECL

int vmi__xen_has(uint32_t feature);

/* ---- hypercalls (hypercall.c) ---- */
int vmi__xen_hypercall_page_install(void);
int64_t vmi__xen_hc(uint32_t nr, uint64_t a1, uint64_t a2, uint64_t a3);
/* Pointers are passed to Xen as integers. */
#define XEN_PTR(p) ((uint64_t)(uintptr_t)(p))

/* ---- time (pvclock.c, time.c) ---- */
/* The pvclock conversion of `tsc` by one record (no seqlock). */
uint64_t vmi__xen_pvclock_scale(const struct vcpu_time_info *t, uint64_t tsc);
/* A consistent copy of a record Xen may be writing, and the TSC read
 * inside the same version window. */
void vmi__xen_pvclock_snapshot(volatile const struct vcpu_time_info *src,
                               struct vcpu_time_info *out, uint64_t *tsc);
/* Xen system time on this CPU in ns. */
uint64_t vmi__xen_system_time(void);
/* The TSC frequency a record describes, in Hz (0 for a zero multiplier). */
uint64_t vmi__xen_pvclock_hz(const struct vcpu_time_info *t);
/* The pending timer, if it is this port's and due. */
void vmi__xen_timer_fire(uint32_t cpu);
void vmi__xen_timer_stop(uint32_t cpu);
/* Steal time of a runstate record taken with its update protocol. */
uint64_t vmi__xen_runstate_steal(volatile const struct vcpu_runstate_info *rs, int32_t *state);

/* ---- event channels (evtchn.c) ---- */
typedef void (*vmi__xen_port_fn)(uint32_t port, void *ctx);
/* One upcall's scan of this CPU's selector and the shared bitmaps:
 * every pending, unmasked port is cleared and passed to fn. */
void vmi__xen_evtchn_scan(volatile struct vcpu_info *vi, volatile struct shared_info *s,
                          vmi__xen_port_fn fn, void *ctx);
uint32_t vmi__xen_bind_virq(uint32_t virq, uint32_t cpu);
uint32_t vmi__xen_bind_ipi(uint32_t cpu);
int vmi__xen_send(uint32_t port);
void vmi__xen_port_clear(uint32_t port);
void vmi__xen_port_unmask(uint32_t port);

/* ---- CPUs (percpu.c) ---- */
/* Registers CPU `cpu`'s vcpu_info and runstate areas and binds its timer
 * and kick ports (from any CPU); 0, or -1 when it has no vcpu_info. */
int vmi__xen_cpu_setup(uint32_t cpu);
/* Forgets CPU `cpu`'s registrations (a new domain: tests, first init). */
void vmi__xen_cpu_forget(uint32_t cpu);
/* This CPU's number, or VMI_XEN_CPU_MAX when unknown. */
uint32_t vmi__xen_cpu_self(void);

#endif /* VMI_XEN_INTERNAL_H */
