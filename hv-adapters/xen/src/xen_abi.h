/* The Xen guest interface this adapter uses, for x86-64 PVH/HVM guests: numbers and layouts. */
#ifndef VMI_XEN_ABI_H
#define VMI_XEN_ABI_H

#include <stdint.h>
#include <vmi/types.h>

/*
 * Every Xen number and layout the adapter depends on, each written once
 * here.  Sources are the Xen public headers (xen-project/xen,
 * xen/include/public/...); the offsets are the x86-64 ones, pinned below
 * so that a change of compiler or flags cannot move a field Xen writes.
 */

/* ---- detection and the hypercall page (public/arch-x86/cpuid.h) ---- */

/* "XenVMMXenVMM" in EBX, ECX, EDX of the range's base leaf. */
#define XEN_SIGNATURE "XenVMMXenVMM"
/* base + 2: EAX = hypercall page count, EBX = the MSR that installs them. */
#define XEN_LEAF_HYPERCALL 2u

/* ---- hypercall numbers (public/xen.h) ---- */
#define XEN_HC_memory_op 12u
#define XEN_HC_xen_version 17u
#define XEN_HC_console_io 18u
#define XEN_HC_vm_assist 21u
#define XEN_HC_vcpu_op 24u
#define XEN_HC_sched_op 29u
#define XEN_HC_event_channel_op 32u
#define XEN_HC_hvm_op 34u

/* Errors come back negated (public/errno.h). */
#define XEN_EPERM 1
#define XEN_ENOSYS 38

/* ---- xen_version (public/version.h) ---- */
#define XENVER_version 0u
#define XENVER_get_features 6u
struct xen_feature_info {
    uint32_t submap_idx;   /* IN: which 32-bit word of feature bits */
    uint32_t submap;       /* OUT */
};
/* Feature bits of submap 0 (public/features.h). */
#define XENFEAT_hvm_callback_vector 8u

/* ---- console_io (public/xen.h) ---- */
#define CONSOLEIO_write 0u

/* ---- vm_assist (public/xen.h) ---- */
#define VMASST_CMD_enable 0u
/* Xen sets XEN_RUNSTATE_UPDATE in state_entry_time while it writes. */
#define VMASST_TYPE_runstate_update_flag 5u

/* ---- memory_op (public/memory.h) ---- */
#define XENMEM_add_to_physmap 7u
#define XENMAPSPACE_shared_info 0u
#define DOMID_SELF 0x7ff0u
struct xen_add_to_physmap {
    uint16_t domid;
    uint16_t size;
    uint32_t space;
    uint64_t idx;
    uint64_t gpfn;
};

/* ---- sched_op (public/sched.h) ---- */
#define SCHEDOP_yield 0u
#define SCHEDOP_shutdown 2u
#define SCHEDOP_poll 3u
#define SHUTDOWN_poweroff 0u
#define SHUTDOWN_reboot 1u
#define SHUTDOWN_crash 3u
struct sched_shutdown {
    uint32_t reason;
};
struct sched_poll {
    uint64_t ports;        /* guest handle: address of evtchn_port_t[] */
    uint32_t nr_ports;
    uint32_t pad;
    uint64_t timeout;      /* absolute system time, 0 = none */
};

/* ---- vcpu_op (public/vcpu.h) ---- */
#define VCPUOP_register_runstate_memory_area 5u
#define VCPUOP_stop_periodic_timer 7u
#define VCPUOP_set_singleshot_timer 8u
#define VCPUOP_stop_singleshot_timer 9u
#define VCPUOP_register_vcpu_info 10u
struct vcpu_register_runstate_memory_area {
    uint64_t addr;         /* a guest virtual address */
};
struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;
    uint32_t flags;
    uint32_t pad;
};
struct vcpu_register_vcpu_info {
    uint64_t mfn;          /* the GFN, for an HVM guest */
    uint32_t offset;
    uint32_t rsvd;
};

#define RUNSTATE_running 0u
#define RUNSTATE_runnable 1u
#define RUNSTATE_blocked 2u
#define RUNSTATE_offline 3u
#define XEN_RUNSTATE_UPDATE ((uint64_t)1 << 63)
struct vcpu_runstate_info {
    int32_t state;
    uint32_t pad;
    uint64_t state_entry_time;
    uint64_t time[4];      /* ns spent in each RUNSTATE_* */
};

/* ---- event channels (public/event_channel.h) ---- */
#define EVTCHNOP_bind_virq 1u
#define EVTCHNOP_send 4u
#define EVTCHNOP_bind_ipi 7u
#define VIRQ_TIMER 0u
struct evtchn_bind_virq {
    uint32_t virq;
    uint32_t vcpu;
    uint32_t port;         /* OUT */
};
struct evtchn_bind_ipi {
    uint32_t vcpu;
    uint32_t port;         /* OUT */
};
struct evtchn_send {
    uint32_t port;
};
/* The 2-level ABI: 64 words of 64 ports for a 64-bit guest. */
#define XEN_EVTCHN_WORDS 64u
#define XEN_EVTCHN_PORTS (XEN_EVTCHN_WORDS * 64u)

/* ---- hvm_op (public/hvm/hvm_op.h, public/hvm/params.h) ---- */
#define HVMOP_set_param 0u
#define HVMOP_flush_tlbs 5u        /* argument must be null */
#define HVM_PARAM_CALLBACK_IRQ 0u
/* The callback's type in bits 63:56; type 2 delivers a vector (7:0). */
#define HVM_PARAM_CALLBACK_TYPE_VECTOR ((uint64_t)2 << 56)
struct xen_hvm_param {
    uint16_t domid;
    uint16_t pad;
    uint32_t index;
    uint64_t value;
};

/* ---- shared memory (public/xen.h) ---- */

/* Identical to the pvclock record KVM uses. */
struct vcpu_time_info {
    uint32_t version;      /* odd while Xen writes */
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;  /* ns at tsc_timestamp */
    uint32_t tsc_to_system_mul;
    int8_t tsc_shift;
    uint8_t flags;
    uint8_t pad1[2];
};

struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;   /* PV only: HVM/PVH delivery follows RFLAGS.IF */
    uint8_t pad0[6];
    uint64_t evtchn_pending_sel;  /* one bit per word of evtchn_pending */
    uint64_t arch_cr2;
    uint64_t arch_pad;
    struct vcpu_time_info time;
};

#define XEN_LEGACY_MAX_VCPUS 32u
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    uint64_t evtchn_pending[XEN_EVTCHN_WORDS];
    uint64_t evtchn_mask[XEN_EVTCHN_WORDS];
    uint32_t wc_version;   /* seqlock of the three below */
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
    uint64_t arch[6];
};

/* ---- the layouts Xen writes, pinned ---- */
VMI_STATIC_ASSERT(sizeof(struct vcpu_time_info) == 32, xen_time_size);
VMI_STATIC_ASSERT(offsetof(struct vcpu_time_info, tsc_timestamp) == 8, xen_time_tsc);
VMI_STATIC_ASSERT(offsetof(struct vcpu_time_info, system_time) == 16, xen_time_sys);
VMI_STATIC_ASSERT(offsetof(struct vcpu_time_info, tsc_to_system_mul) == 24, xen_time_mul);
VMI_STATIC_ASSERT(offsetof(struct vcpu_time_info, tsc_shift) == 28, xen_time_shift);
VMI_STATIC_ASSERT(offsetof(struct vcpu_time_info, flags) == 29, xen_time_flags);
VMI_STATIC_ASSERT(sizeof(struct vcpu_info) == 64, xen_vcpu_info_size);
VMI_STATIC_ASSERT(offsetof(struct vcpu_info, evtchn_upcall_mask) == 1, xen_vi_mask);
VMI_STATIC_ASSERT(offsetof(struct vcpu_info, evtchn_pending_sel) == 8, xen_vi_sel);
VMI_STATIC_ASSERT(offsetof(struct vcpu_info, arch_cr2) == 16, xen_vi_arch);
VMI_STATIC_ASSERT(offsetof(struct vcpu_info, time) == 32, xen_vi_time);
VMI_STATIC_ASSERT(offsetof(struct shared_info, evtchn_pending) == 2048, xen_si_pending);
VMI_STATIC_ASSERT(offsetof(struct shared_info, evtchn_mask) == 2560, xen_si_mask);
VMI_STATIC_ASSERT(offsetof(struct shared_info, wc_version) == 3072, xen_si_wc_version);
VMI_STATIC_ASSERT(offsetof(struct shared_info, wc_sec) == 3076, xen_si_wc_sec);
VMI_STATIC_ASSERT(offsetof(struct shared_info, wc_nsec) == 3080, xen_si_wc_nsec);
VMI_STATIC_ASSERT(offsetof(struct shared_info, wc_sec_hi) == 3084, xen_si_wc_sec_hi);
VMI_STATIC_ASSERT(offsetof(struct shared_info, arch) == 3088, xen_si_arch);
VMI_STATIC_ASSERT(sizeof(struct shared_info) <= VMI_PAGE_SIZE, xen_si_fits);
VMI_STATIC_ASSERT(sizeof(struct vcpu_runstate_info) == 48, xen_runstate_size);
VMI_STATIC_ASSERT(offsetof(struct vcpu_runstate_info, state_entry_time) == 8, xen_rs_entry);
VMI_STATIC_ASSERT(offsetof(struct vcpu_runstate_info, time) == 16, xen_rs_time);
VMI_STATIC_ASSERT(sizeof(struct xen_add_to_physmap) == 24, xen_atp_size);
VMI_STATIC_ASSERT(offsetof(struct xen_add_to_physmap, space) == 4, xen_atp_space);
VMI_STATIC_ASSERT(offsetof(struct xen_add_to_physmap, gpfn) == 16, xen_atp_gpfn);
VMI_STATIC_ASSERT(sizeof(struct sched_poll) == 24, xen_poll_size);
VMI_STATIC_ASSERT(offsetof(struct sched_poll, timeout) == 16, xen_poll_timeout);
VMI_STATIC_ASSERT(sizeof(struct vcpu_set_singleshot_timer) == 16, xen_sshot_size);
VMI_STATIC_ASSERT(sizeof(struct vcpu_register_vcpu_info) == 16, xen_rvi_size);
VMI_STATIC_ASSERT(sizeof(struct evtchn_bind_virq) == 12, xen_bind_virq_size);
VMI_STATIC_ASSERT(sizeof(struct evtchn_bind_ipi) == 8, xen_bind_ipi_size);
VMI_STATIC_ASSERT(sizeof(struct xen_hvm_param) == 16, xen_hvm_param_size);
VMI_STATIC_ASSERT(offsetof(struct xen_hvm_param, value) == 8, xen_hvm_param_value);

#endif /* VMI_XEN_ABI_H */
