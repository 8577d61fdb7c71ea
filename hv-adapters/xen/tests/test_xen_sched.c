/* Xen adapter: yield, halt and kick through sched_op and event channels, preemption, remote TLB flushes. */
#include "xen_fixture.h"

/* CPU 1 named and set up the way cpu_start sets it up. */
static void second_cpu(void)
{
    VMI_ASSERT_STATUS(vmi_native_cpu_add(1, 1), VMI_OK);
    CU_ASSERT_EQUAL(vmi__xen_cpu_setup(1), 0);
    vmi__native.cpu[1].online = 1;
    vmi_x86_fake_log_clear();
}

static void yield_is_sched_yield(void)
{
    xf_setup();
    VMI_ASSERT_STATUS(vmi_cpu_yield(), VMI_OK);
    CU_ASSERT_PTR_NOT_NULL(xf_hcall(XEN_HC_sched_op, SCHEDOP_yield, 0));
    VMI_ASSERT_STATUS(vmi_cpu_yield_to(0), VMI_ENOTSUP);
}

/* A kick sends the target's own IPI port, and sets its flag. */
static void kick_sends_target_port(void)
{
    const struct vmi_x86_fake_hcall *h;
    uint32_t port;

    xf_setup();
    second_cpu();
    port = vmi__xen.cpu[1].kick_port;
    CU_ASSERT(port != XEN_PORT_NONE && port != vmi__xen.cpu[0].kick_port);
    VMI_ASSERT_STATUS(vmi_cpu_kick(1), VMI_OK);
    h = xf_hcall(XEN_HC_event_channel_op, EVTCHNOP_send, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    VMI_ASSERT_EQ(vmi__xen.cpu[1].kick, 1);
    VMI_ASSERT_STATUS(vmi_cpu_kick(2), VMI_EINVAL);
}

static uint32_t sent_port;

static int64_t keep_send(uint32_t nr, const uint64_t *arg)
{
    if (nr == XEN_HC_event_channel_op && arg[0] == EVTCHNOP_send)
        sent_port = XF_ARG(struct evtchn_send, arg[1])->port;
    return 0;
}

static void kick_port_argument(void)
{
    xf_setup();
    second_cpu();
    vmi_x86_fake_hypercall_hook(keep_send);
    VMI_ASSERT_STATUS(vmi_cpu_kick(1), VMI_OK);
    VMI_ASSERT_EQ(sent_port, vmi__xen.cpu[1].kick_port);
}

/* Kicking oneself only sets the flag: the next halt returns at once. */
static void kick_self_then_halt(void)
{
    xf_setup();
    VMI_ASSERT_STATUS(vmi_cpu_kick(0), VMI_OK);
    VMI_ASSERT_EQ(xf_hcall_count(XEN_HC_event_channel_op, EVTCHNOP_send), 0);
    VMI_ASSERT_STATUS(vmi_halt(), VMI_OK);
    VMI_ASSERT_EQ(xf_hcall_count(XEN_HC_sched_op, SCHEDOP_poll), 0);
    VMI_ASSERT_EQ(vmi__xen.cpu[0].kick, 0);
}

/* halt: interrupts off, own kick port cleared, SCHEDOP_poll on that one
 * port with no timeout, interrupts back on; never HLT (Xen would take the
 * vCPU down with IF clear). */
static void halt_polls_kick_port(void)
{
    const struct vmi_x86_fake_rec *cli, *poll, *sti;
    uint32_t port;

    xf_setup();
    port = vmi__xen.cpu[0].kick_port;
    vmi__xen.shared->evtchn_pending[0] |= (uint64_t)1 << port;
    vmi_x86_fake_flags_set(VMI_RFLAGS_IF);
    VMI_ASSERT_STATUS(vmi_halt(), VMI_OK);
    VMI_ASSERT_EQ(xf.poll_nr, 1);
    VMI_ASSERT_EQ(xf.poll_port, port);
    VMI_ASSERT_EQ(vmi__xen.shared->evtchn_pending[0] & ((uint64_t)1 << port), 0);
    cli = vmi_x86_fake_last_op(VMI_X86_OP_CLI);
    poll = vmi_x86_fake_last_op(VMI_X86_OP_HYPERCALL);
    sti = vmi_x86_fake_last_op(VMI_X86_OP_STI);
    CU_ASSERT_FATAL(cli && poll && sti);
    CU_ASSERT(cli < poll && poll < sti);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_HLT) + vmi_x86_fake_count_op(VMI_X86_OP_STI_HLT), 0);
}

static void halt_keeps_interrupts_off(void)
{
    xf_setup();
    vmi_x86_fake_flags_set(0);
    VMI_ASSERT_STATUS(vmi_halt(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_STI), 0);
    VMI_ASSERT_EQ(vmi_x86_fake_flags_get() & VMI_RFLAGS_IF, 0);
}

/* safe_halt is STI;HLT (Xen blocks the vCPU until an event or interrupt);
 * with a kick waiting it only enables interrupts. */
static void safe_halt_forms(void)
{
    xf_setup();
    VMI_ASSERT_STATUS(vmi_safe_halt(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_STI_HLT), 1);
    VMI_ASSERT_STATUS(vmi_cpu_kick(0), VMI_OK);
    vmi_x86_fake_log_clear();
    VMI_ASSERT_STATUS(vmi_safe_halt(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_STI_HLT), 0);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_STI), 1);
}

/* A CPU Xen holds runnable but not running is preempted. */
static void preempted_from_runstate(void)
{
    uint32_t p = 7;

    xf_setup();
    second_cpu();
    vmi__xen_runstate[1].state = RUNSTATE_runnable;
    VMI_ASSERT_STATUS(vmi_cpu_preempted(1, &p), VMI_OK);
    VMI_ASSERT_EQ(p, 1);
    vmi__xen_runstate[1].state = RUNSTATE_blocked;
    VMI_ASSERT_STATUS(vmi_cpu_preempted(1, &p), VMI_OK);
    VMI_ASSERT_EQ(p, 0);
    VMI_ASSERT_STATUS(vmi_cpu_preempted(2, &p), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_cpu_preempted(0, NULL), VMI_EINVAL);
}

/* A second CPU's registrations name its vCPU. */
static void cpu_setup_names_vcpu(void)
{
    const struct vmi_x86_fake_hcall *vi;

    xf_setup();
    VMI_ASSERT_STATUS(vmi_native_cpu_add(1, 1), VMI_OK);
    CU_ASSERT_EQUAL(vmi__xen_cpu_setup(1), 0);
    vi = xf_hcall(XEN_HC_vcpu_op, VCPUOP_register_vcpu_info, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(vi);
    VMI_ASSERT_EQ(vi->arg[1], 1);
    VMI_ASSERT_EQ(xf_hcall(XEN_HC_vcpu_op, VCPUOP_register_runstate_memory_area, 0)->arg[1], 1);
    VMI_ASSERT_EQ(xf_hcall(XEN_HC_vcpu_op, VCPUOP_stop_periodic_timer, 0)->arg[1], 1);
    /* Twice is once. */
    vmi_x86_fake_log_clear();
    CU_ASSERT_EQUAL(vmi__xen_cpu_setup(1), 0);
    VMI_ASSERT_EQ(vmi_x86_fake_hcall_count(), 0);
}

static uint64_t trampoline(const struct vmi_native_start *s)
{
    (void)s;
    return 0x8000;
}

/* The pause hook plays the new CPU reaching vmi_native_cpu_online() once
 * a STARTUP IPI has gone out. */
static void ap_comes_up(void)
{
    const struct vmi_x86_fake_rec *lo = vmi_x86_fake_last(VMI_X86_OP_MMIO_WRITE,
                                                          XF_APIC + VMI_APIC_ICR_LO);

    if (lo && (lo->b & 0x700u) == 0x600u)
        vmi__native.cpu[1].online = 1;
}

/* cpu_start registers the new vCPU's areas and ports, then INIT-SIPI
 * through the emulated local APIC. */
static void cpu_start_registers_then_init_sipi(void)
{
    const struct vmi_x86_fake_rec *reg, *init;
    size_t i;

    xf_setup();
    xf_ncfg.trampoline = trampoline;
    VMI_ASSERT_STATUS(xf_rebind(), VMI_OK);
    vmi_x86_fake_tsc_set(0, 20000);   /* each read 10 us later */
    VMI_ASSERT_STATUS(vmi_native_cpu_add(1, 1), VMI_OK);
    vmi_x86_fake_pause_hook(ap_comes_up);
    VMI_ASSERT_STATUS(vmi_cpu_start(1, 0x1000, 0x2000, 0), VMI_OK);
    VMI_ASSERT_EQ(xf_hcall(XEN_HC_vcpu_op, VCPUOP_register_vcpu_info, 0)->arg[1], 1);
    CU_ASSERT(vmi__xen.cpu[1].ready);
    CU_ASSERT(vmi__xen.cpu[1].kick_port != XEN_PORT_NONE);
    reg = vmi_x86_fake_last(VMI_X86_OP_HYPERCALL, XEN_HC_event_channel_op);
    for (i = 0, init = 0; i < vmi_x86_fake_count() && !init; i++)
        if (vmi_x86_fake_at(i)->op == VMI_X86_OP_MMIO_WRITE &&
            vmi_x86_fake_at(i)->a == XF_APIC + VMI_APIC_ICR_LO)
            init = vmi_x86_fake_at(i);
    CU_ASSERT_FATAL(reg && init);
    CU_ASSERT(reg < init);
    VMI_ASSERT_EQ(init->b, 0x4500);
}

/* Another CPU named: one HVMOP_flush_tlbs with a null argument. */
static void flush_range_remote_is_hvmop(void)
{
    const struct vmi_x86_fake_hcall *h;

    xf_setup();
    second_cpu();
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 3, 0x400000, 2), VMI_OK);
    h = xf_hcall(XEN_HC_hvm_op, HVMOP_flush_tlbs, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    VMI_ASSERT_EQ(h->arg[1], 0);
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 2, 0x400001, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 4, 0x400000, 1), VMI_EINVAL);
}

/* Only the caller named: INVLPG here, no hypercall. */
static void flush_range_self_is_local(void)
{
    xf_setup();
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 1, 0x400000, 2), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_hcall_count(), 0);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_INVLPG), 2);
}

/* Xen refusing the hypercall at init: the native shootdown's rules. */
static void flush_range_without_hvmop(void)
{
    xf_setup();
    xf.flush_ret = -XEN_ENOSYS;
    VMI_ASSERT_STATUS(xf_rebind(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 1, 0x400000, 1), VMI_ENOTSUP);
}

static const struct vmi_test_case cases[] = {
    {"yield_is_sched_yield", yield_is_sched_yield},
    {"kick_sends_target_port", kick_sends_target_port},
    {"kick_port_argument", kick_port_argument},
    {"kick_self_then_halt", kick_self_then_halt},
    {"halt_polls_kick_port", halt_polls_kick_port},
    {"halt_keeps_interrupts_off", halt_keeps_interrupts_off},
    {"safe_halt_forms", safe_halt_forms},
    {"preempted_from_runstate", preempted_from_runstate},
    {"cpu_setup_names_vcpu", cpu_setup_names_vcpu},
    {"cpu_start_registers_then_init_sipi", cpu_start_registers_then_init_sipi},
    {"flush_range_remote_is_hvmop", flush_range_remote_is_hvmop},
    {"flush_range_self_is_local", flush_range_self_is_local},
    {"flush_range_without_hvmop", flush_range_without_hvmop},
};

VMI_TEST_MAIN("xen_sched", cases)
