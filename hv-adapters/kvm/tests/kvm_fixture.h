/* Shared set-up of the KVM adapter tests: a fake x86 that answers like a KVM host. */
#ifndef KVM_FIXTURE_H
#define KVM_FIXTURE_H

#include <cunit_harness.h>
#include <vmi-kvm/kvm.h>
#include <vmi-native/native.h>
#include <vmi-stubs/stubs.h>
#include <vmi-x86/x86.h>
#include "kvm_internal.h"

#define KF_APIC 0xfee00000u
#define KF_SHOOTDOWN 0xf0u

/* CPUID 0 vendors. */
enum kf_vendor { KF_INTEL, KF_AMD, KF_HYGON };

/* Every feature bit the adapter uses. */
#define KF_ALL ((1u << KVM_FEATURE_CLOCKSOURCE) | (1u << KVM_FEATURE_NOP_IO_DELAY) |           \
                (1u << KVM_FEATURE_CLOCKSOURCE2) | (1u << KVM_FEATURE_STEAL_TIME) |             \
                (1u << KVM_FEATURE_PV_EOI) | (1u << KVM_FEATURE_PV_UNHALT) |                    \
                (1u << KVM_FEATURE_PV_TLB_FLUSH) | (1u << KVM_FEATURE_PV_SEND_IPI) |            \
                (1u << KVM_FEATURE_PV_SCHED_YIELD) | (1u << KVM_FEATURE_CLOCKSOURCE_STABLE_BIT))

/* What the fake host writes into a clock page registered with it, and
 * into the wall-clock page when its MSR is written. */
extern struct kvm_pvclock kf_clock;
extern struct kvm_wall_clock kf_wall;
extern struct vmi_native_config kf_cfg;

/* A CPU of `vendor` under KVM at `base` (0x40000000 or 0x40000100) with
 * feature leaf EAX `features` and EDX `hints`; xAPIC at KF_APIC (ID 0),
 * TSC-deadline; kvmclock pages filled as kf_clock says (3 GHz, shift -1,
 * stable); vmi_init() unforced, and the log cleared. */
void kf_setup_full(enum kf_vendor vendor, uint32_t base, uint32_t features, uint32_t hints);
/* Intel, base 0x40000000, no hints. */
void kf_setup(uint32_t features);
/* vmi_init() again after a test changed kf_cfg, kf_clock or the fake;
 * the log keeps what init did. */
vmi_status_t kf_rebind(void);
/* Names CPU `cpu` with APIC ID `apic_id` and marks it running. */
void kf_cpu_up(uint32_t cpu, uint32_t apic_id);
/* The nth (0-based) logged operation `op`, or 0. */
const struct vmi_x86_fake_rec *kf_nth(enum vmi_x86_op op, size_t n);
/* The value last written to `msr`, and whether it was written at all. */
int kf_msr_written(uint32_t msr, uint64_t *value);
/* The nth hypercall in the hypercall log, or 0. */
const struct vmi_x86_fake_hcall *kf_hcall(size_t n);

#endif /* KVM_FIXTURE_H */
