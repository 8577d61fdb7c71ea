/* KVM's guest interface: every number and layout the adapter uses, in one place. */
#ifndef VMI_KVM_ABI_H
#define VMI_KVM_ABI_H

#include <stdint.h>
#include <vmi/types.h>

/*
 * Sources: Linux Documentation/virt/kvm/x86/cpuid.rst, msr.rst and
 * hypercalls.rst; the uapi headers asm/kvm_para.h, linux/kvm_para.h and
 * asm/pvclock-abi.h.  The project's summary is reference/hv-abi-facts.md,
 * section 2 (2.1 CPUID, 2.2 hypercall ABI, 2.3 numbers, 2.4 MSRs, 2.5
 * pvclock, 2.6 steal time).
 */

/* CPUID base + 0: "KVMKVMKVM\0\0\0" in EBX, ECX, EDX. */
#define KVM_SIGNATURE "KVMKVMKVM\0\0\0"
/* CPUID base + 1: features in EAX, hints in EDX (bit numbers). */
#define KVM_LEAF_FEATURES 1u
#define KVM_FEATURE_CLOCKSOURCE 0u          /* kvmclock, legacy MSRs 0x11/0x12 */
#define KVM_FEATURE_NOP_IO_DELAY 1u
#define KVM_FEATURE_CLOCKSOURCE2 3u         /* kvmclock, MSRs 0x4b564d00/01 */
#define KVM_FEATURE_STEAL_TIME 5u
#define KVM_FEATURE_PV_EOI 6u
#define KVM_FEATURE_PV_UNHALT 7u            /* KVM_HC_KICK_CPU */
#define KVM_FEATURE_PV_TLB_FLUSH 9u
#define KVM_FEATURE_PV_SEND_IPI 11u
#define KVM_FEATURE_PV_SCHED_YIELD 13u
#define KVM_FEATURE_CLOCKSOURCE_STABLE_BIT 24u
#define KVM_HINTS_REALTIME 0u               /* EDX: vCPUs never preempted */

/* MSRs.  The per-vCPU ones take a GPA with bit 0 = enable; 0 disables. */
#define MSR_KVM_WALL_CLOCK 0x11u
#define MSR_KVM_SYSTEM_TIME 0x12u
#define MSR_KVM_WALL_CLOCK_NEW 0x4b564d00u  /* filled once per write, VM-wide */
#define MSR_KVM_SYSTEM_TIME_NEW 0x4b564d01u /* 4-byte aligned, one per vCPU */
#define MSR_KVM_STEAL_TIME 0x4b564d03u      /* 64-byte aligned, zeroed first */
#define MSR_KVM_PV_EOI_EN 0x4b564d04u       /* 4-byte aligned, zeroed first */
#define KVM_MSR_ENABLED 1u

/* Hypercalls: VMCALL (Intel) or VMMCALL (AMD, Hygon); nr in RAX,
 * arguments in RBX, RCX, RDX, RSI, a negative result is -KVM_E*. */
#define KVM_HC_KICK_CPU 5u        /* a0 = flags (0), a1 = APIC ID */
#define KVM_HC_SEND_IPI 10u       /* a0/a1 = bitmap low/high, a2 = min APIC ID, a3 = ICR */
#define KVM_HC_SCHED_YIELD 11u    /* a0 = APIC ID */
#define KVM_ENOSYS 1000
/* KVM_HC_SEND_IPI's bitmap spans 128 APIC IDs in 64-bit mode. */
#define KVM_IPI_CLUSTER 128u

/* pvclock_vcpu_time_info, 32 bytes: seqlock version (odd while the host
 * writes), and ns = system_time + ((tsc - tsc_timestamp) <<>> shift) *
 * mul >> 32. */
struct kvm_pvclock {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t tsc_to_system_mul;
    int8_t tsc_shift;
    uint8_t flags;
    uint8_t pad[2];
};
#define PVCLOCK_TSC_STABLE_BIT 0x1u   /* flags: readings agree across vCPUs */
VMI_STATIC_ASSERT(sizeof(struct kvm_pvclock) == 32, kvm_pvclock_size);
VMI_STATIC_ASSERT(offsetof(struct kvm_pvclock, tsc_timestamp) == 8, kvm_pvclock_tsc);
VMI_STATIC_ASSERT(offsetof(struct kvm_pvclock, system_time) == 16, kvm_pvclock_time);
VMI_STATIC_ASSERT(offsetof(struct kvm_pvclock, tsc_to_system_mul) == 24, kvm_pvclock_mul);
VMI_STATIC_ASSERT(offsetof(struct kvm_pvclock, tsc_shift) == 28, kvm_pvclock_shift);
VMI_STATIC_ASSERT(offsetof(struct kvm_pvclock, flags) == 29, kvm_pvclock_flags);

/* pvclock_wall_clock, 12 bytes: the wall-clock time at system_time 0. */
struct kvm_wall_clock {
    uint32_t version;
    uint32_t sec;
    uint32_t nsec;
};
VMI_STATIC_ASSERT(sizeof(struct kvm_wall_clock) == 12, kvm_wall_clock_size);

/* kvm_steal_time, 64 bytes. */
struct kvm_steal_time {
    uint64_t steal;        /* ns runnable but not running */
    uint32_t version;      /* seqlock, as pvclock */
    uint32_t flags;
    uint8_t preempted;     /* KVM_VCPU_PREEMPTED, KVM_VCPU_FLUSH_TLB */
    uint8_t u8_pad[3];
    uint32_t pad[11];
};
#define KVM_VCPU_PREEMPTED 0x1u
#define KVM_VCPU_FLUSH_TLB 0x2u   /* set by another vCPU: flush on resume */
VMI_STATIC_ASSERT(sizeof(struct kvm_steal_time) == 64, kvm_steal_time_size);
VMI_STATIC_ASSERT(offsetof(struct kvm_steal_time, version) == 8, kvm_steal_version);
VMI_STATIC_ASSERT(offsetof(struct kvm_steal_time, preempted) == 16, kvm_steal_preempted);

/* The PV EOI word: bit 0 set by the host means "EOI may be skipped". */
#define KVM_PV_EOI_PENDING 0x1u

#endif /* VMI_KVM_ABI_H */
