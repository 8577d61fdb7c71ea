/* Shared set-up of the Xen adapter tests: a fake x86 CPU and a fake Xen answering hypercalls. */
#include "xen_fixture.h"

struct xf_xen xf;
struct vmi_native_config xf_ncfg;
struct vmi_xen_config xf_xcfg;

static void *xf_ptr(uint64_t v)
{
    return (void *)(uintptr_t)v;
}

static int64_t vcpu_op(uint64_t cmd, const uint64_t *arg)
{
    switch (cmd) {
    case VCPUOP_register_vcpu_info: {
        const struct vcpu_register_vcpu_info *r = xf_ptr(arg[2]);
        struct vcpu_info *vi = xf_ptr(r->mfn * VMI_PAGE_SIZE + r->offset);

        if (xf.vcpu_info_ret == 0)
            vi->time = xf.time;
        return xf.vcpu_info_ret;
    }
    case VCPUOP_register_runstate_memory_area: return xf.runstate_ret;
    default: return 0;
    }
}

static int64_t evtchn_op(uint64_t cmd, const uint64_t *arg)
{
    switch (cmd) {
    case EVTCHNOP_bind_virq: ((struct evtchn_bind_virq *)xf_ptr(arg[1]))->port = xf.next_port++; return 0;
    case EVTCHNOP_bind_ipi: ((struct evtchn_bind_ipi *)xf_ptr(arg[1]))->port = xf.next_port++; return 0;
    default: return 0;
    }
}

static int64_t sched_op(uint64_t cmd, const uint64_t *arg)
{
    if (cmd == SCHEDOP_shutdown)
        xf.shutdown_reason = XF_ARG(struct sched_shutdown, arg[1])->reason;
    if (cmd == SCHEDOP_poll) {
        const struct sched_poll *p = XF_ARG(struct sched_poll, arg[1]);

        xf.poll_nr = p->nr_ports;
        xf.poll_port = p->nr_ports ? *XF_ARG(uint32_t, p->ports) : XEN_PORT_NONE;
    }
    return 0;
}

static int64_t console_io(const uint64_t *arg)
{
    const char *buf = xf_ptr(arg[2]);
    uint64_t i;

    if (xf.console_ret < 0)
        return xf.console_ret;
    for (i = 0; i < arg[1] && xf.console_len < sizeof(xf.console); i++)
        xf.console[xf.console_len++] = buf[i];
    return 0;
}

/* Plays Xen: answers and writes what Xen would write. */
static int64_t fake_xen(uint32_t nr, const uint64_t *arg)
{
    switch (nr) {
    case XEN_HC_xen_version:
        if (arg[0] == XENVER_get_features)
            ((struct xen_feature_info *)xf_ptr(arg[1]))->submap = xf.features;
        return arg[0] == XENVER_version ? XF_VERSION : 0;
    case XEN_HC_memory_op: {
        const struct xen_add_to_physmap *x = xf_ptr(arg[1]);
        struct shared_info *s = xf_ptr(x->gpfn * VMI_PAGE_SIZE);

        xf.shared_gpfn = x->gpfn;
        s->vcpu_info[0].time = xf.time;
        return 0;
    }
    case XEN_HC_console_io: return console_io(arg);
    case XEN_HC_vcpu_op: return vcpu_op(arg[0], arg);
    case XEN_HC_event_channel_op: return evtchn_op(arg[0], arg);
    case XEN_HC_sched_op: return sched_op(arg[0], arg);
    case XEN_HC_hvm_op:
        return arg[0] == HVMOP_flush_tlbs ? xf.flush_ret : xf.set_param_ret;
    default: return 0;
    }
}

static void cpu_script(uint32_t base, uint32_t msr)
{
    vmi_x86_fake_reset();
    vmi_x86_fake_cpuid_set(0, 0, 0xd, 0, 0, 0);
    vmi_x86_fake_cpuid_set(1, 0, 0, 0, (1u << 31) | (1u << 24), 0);
    if (base != 0x40000000u)   /* Viridian in front */
        vmi_x86_fake_cpuid_set(0x40000000u, 0, 0x40000005u, 0x7263694du, 0x666f736fu, 0x76482074u);
    vmi_x86_fake_cpuid_set(base, 0, base + 5, 0x566e6558u, 0x65584d4du, 0x4d4d566eu);
    vmi_x86_fake_cpuid_set(base + 1, 0, XF_VERSION, 0, 0, 0);
    vmi_x86_fake_cpuid_set(base + 2, 0, 1, msr, 0, 0);
    vmi_x86_fake_msr_set(VMI_X86_MSR_APIC_BASE, XF_APIC | 0x900u);
    vmi_x86_fake_msr_set(VMI_X86_MSR_EFER, 0xd01u);
    vmi_x86_fake_cr_set(0, 0x80000011u);
    vmi_x86_fake_cr_set(4, 0xa0u);
    vmi_x86_fake_mmio_set(XF_APIC + VMI_APIC_ID, 0);
    vmi_x86_fake_hypercall_hook(fake_xen);
}

static void xen_script(void)
{
    memset(&xf, 0, sizeof(xf));
    xf.features = 1u << XENFEAT_hvm_callback_vector;
    xf.next_port = XF_TIMER_PORT0;
    xf.time.version = 2;
    xf.time.tsc_timestamp = 1000;
    xf.time.system_time = UINT64_C(5000000000);
    xf.time.tsc_to_system_mul = 0x80000000u;   /* 0.5 ns a tick: 2 GHz */
    xf.time.tsc_shift = 0;
}

void xf_new_domain(void)
{
    uint32_t i;

    for (i = 0; i < VMI_XEN_CPU_MAX; i++)
        vmi__xen_cpu_forget(i);
}

void xf_setup_at(uint32_t base, uint32_t msr)
{
    cpu_script(base, msr);
    xf_new_domain();
    xen_script();
    memset(&xf_ncfg, 0, sizeof(xf_ncfg));
    xf_ncfg.debug_exit_port = 0xf4;
    memset(&xf_xcfg, 0, sizeof(xf_xcfg));
    xf_xcfg.upcall_vector = XF_VECTOR;
    VMI_ASSERT_STATUS(xf_rebind(), VMI_OK);
}

void xf_setup(void)
{
    xf_setup_at(0x40000000u, 0x40000000u);
}

vmi_status_t xf_bind(int keep_log)
{
    vmi_status_t st;

    vmi_native_configure(&xf_ncfg);
    vmi_xen_configure(&xf_xcfg);
    xf.next_port = XF_TIMER_PORT0;
    vmi_x86_fake_log_clear();
    st = vmi_init(0);
    if (!keep_log)
        vmi_x86_fake_log_clear();
    return st;
}

vmi_status_t xf_rebind(void)
{
    return xf_bind(0);
}

const struct vmi_x86_fake_hcall *xf_hcall(uint32_t nr, uint64_t cmd, size_t i)
{
    size_t k;

    for (k = 0; k < vmi_x86_fake_hcall_count(); k++) {
        const struct vmi_x86_fake_hcall *h = vmi_x86_fake_hcall_at(k);

        if (h->nr == nr && h->arg[0] == cmd && i-- == 0)
            return h;
    }
    return 0;
}

size_t xf_hcall_count(uint32_t nr, uint64_t cmd)
{
    size_t k, n = 0;

    for (k = 0; k < vmi_x86_fake_hcall_count(); k++)
        n += vmi_x86_fake_hcall_at(k)->nr == nr && vmi_x86_fake_hcall_at(k)->arg[0] == cmd;
    return n;
}
