/* Shared set-up of the Xen adapter tests: a fake x86 CPU and a fake Xen answering hypercalls. */
#ifndef XEN_FIXTURE_H
#define XEN_FIXTURE_H

#include <cunit_harness.h>
#include <vmi-stubs/stubs.h>
#include <vmi-x86/x86.h>
#include "xen_internal.h"

#define XF_APIC 0xfee00000u
#define XF_VECTOR 0xf3u
#define XF_VERSION 0x00040011u          /* 4.17 */
#define XF_TIMER_PORT0 3u               /* ports the fake hands out, CPU 0 */
#define XF_KICK_PORT0 4u

/* What the fake Xen answers and what it saw. */
struct xf_xen {
    /* Results of the calls a test may make fail. */
    int64_t console_ret, flush_ret, vcpu_info_ret, runstate_ret, set_param_ret;
    uint32_t features;                  /* XENVER_get_features submap 0 */
    uint32_t next_port;
    /* Seen. */
    uint64_t shared_gpfn;
    uint32_t shutdown_reason, poll_port, poll_nr;
    char console[8192];
    uint32_t console_len;
    /* The time record Xen writes into every vcpu_info it is given. */
    struct vcpu_time_info time;
};
extern struct xf_xen xf;
/* The configs xf_bind hands the adapters; tests change them, then rebind. */
extern struct vmi_native_config xf_ncfg;
extern struct vmi_xen_config xf_xcfg;

/* Xen at `base` (0x40000000, or 0x40000100 behind Viridian), a CPU like
 * QEMU's (xAPIC, APIC ID 0, long mode), a 2 GHz pvclock; the upcall
 * vector configured; then vmi_init(0) and the log cleared. */
void xf_setup(void);
void xf_setup_at(uint32_t base, uint32_t msr);
/* A domain that registered nothing yet: Xen's registrations otherwise
 * outlive a vmi_init. */
void xf_new_domain(void);
/* vmi_init(0) again after a test changed a config or the fake Xen; the
 * log of init's operations is kept when keep_log is set. */
vmi_status_t xf_bind(int keep_log);
vmi_status_t xf_rebind(void);
/* The i-th hypercall number `nr` with first argument `cmd` in the log. */
const struct vmi_x86_fake_hcall *xf_hcall(uint32_t nr, uint64_t cmd, size_t i);
size_t xf_hcall_count(uint32_t nr, uint64_t cmd);
/* Reads a struct the adapter passed by pointer. */
#define XF_ARG(type, v) ((const type *)(uintptr_t)(v))

#endif /* XEN_FIXTURE_H */
