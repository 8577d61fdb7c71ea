/* Shared set-up of the native adapter tests: a fresh fake x86, a typical CPU, the adapter bound. */
#ifndef NATIVE_FIXTURE_H
#define NATIVE_FIXTURE_H

#include <cunit_harness.h>
#include <vmi-native/native.h>
#include <vmi-stubs/stubs.h>
#include <vmi-x86/x86.h>
#include "native_internal.h"

/* Guest-physical memory of the tests: [0, NF_PHYS_SIZE) is this array. */
#define NF_PHYS_SIZE (64u * 4096u)
#define NF_APIC 0xfee00000u
#define NF_TSC_HZ UINT64_C(1000000000)
#define NF_SHOOTDOWN 0xf0u

extern uint8_t nf_phys[NF_PHYS_SIZE];
extern struct vmi_native_config nf_cfg;

/* A CPU like QEMU's with TSC-deadline, xAPIC at 0xfee00000 (APIC ID 0),
 * long mode, TCG's signature, and a config naming everything; then
 * vmi_init() with native forced and the log cleared. */
void nf_setup(void);
/* vmi_init() again after a test changed nf_cfg or the fake's state. */
vmi_status_t nf_rebind(void);
/* The nth (0-based) logged operation `op`, or 0. */
const struct vmi_x86_fake_rec *nf_nth(enum vmi_x86_op op, size_t n);
/* Names CPU `cpu` with APIC ID `apic_id` and marks it running. */
void nf_cpu_up(uint32_t cpu, uint32_t apic_id);

#endif /* NATIVE_FIXTURE_H */
