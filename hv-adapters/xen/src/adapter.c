/* The Xen adapter's descriptor, probe, init, ops table and discovery calls. */
#include <vmi-stubs/register.h>
#include <vmi-stubs/stubs.h>
#include "xen_internal.h"

#define XEN_ADAPTER_VERSION 0x00010000u   /* 1.0 */
#define TSC_HZ_MIN UINT64_C(1000000)
#define TSC_HZ_MAX UINT64_C(100000000000)
#define INFO_HV_VERSION_END (offsetof(struct vmi_adapter_info, hv_version) + 4u)

struct vmi__xen vmi__xen;
static struct vmi_ops xen_ops;
/* What adapter_info_get reports of Xen's interface. */
static struct vmi__native_hv_use xen_use;
/* The GFN Xen's shared_info is mapped at: this page's own. */
static uint8_t shared_page[VMI_PAGE_SIZE] __attribute__((aligned(VMI_PAGE_SIZE)));

static uint32_t xen_probe(void);
static vmi_status_t xen_init(void);

struct vmi_adapter vmi_xen_adapter = {
    sizeof(struct vmi_adapter), VMI_ABI_VERSION, "xen", "VMI project",
    XEN_ADAPTER_VERSION, 0, {0}, xen_probe, xen_init, &xen_ops,
};
VMI_ADAPTER_REGISTER(vmi_xen_adapter);

void vmi_xen_configure(const struct vmi_xen_config *cfg)
{
    vmi__xen.cfg = *cfg;
}

int vmi__xen_has(uint32_t feature)
{
    return vmi__native_offers(&vmi_xen_adapter, feature);
}

/* Xen's range wherever the scan found it: 0x40000000, or 0x40000100 when
 * Viridian (Hyper-V) takes the first range.  It needs base+2. */
static const struct vmi_hv_leaf *xen_range(void)
{
    const struct vmi_hv_leaf *hv = vmi_hv_find(XEN_SIGNATURE);

    return hv && hv->max_leaf >= hv->base_leaf + XEN_LEAF_HYPERCALL ? hv : 0;
}

static uint32_t xen_probe(void)
{
    return xen_range() ? VMI_PROBE_HYPERVISOR : VMI_PROBE_NONE;
}

/*
 * Everything but the per-CPU registrations: Xen keeps a vcpu_info
 * registration and a VIRQ binding for the domain's life and refuses a
 * second one, so a second vmi_init reuses them (and the shared_info page,
 * mapped again at the same GFN) instead of losing the clock and the timer.
 */
static void state_reset(void)
{
    struct vmi_xen_config cfg = vmi__xen.cfg;
    uint8_t *p = (uint8_t *)&vmi__xen;
    size_t i, cpus = offsetof(struct vmi__xen, cpu);

    for (i = 0; i < sizeof(vmi__xen); i++)
        if (i < cpus || i >= cpus + sizeof(vmi__xen.cpu))
            p[i] = 0;
    vmi__xen.cfg = cfg;
    for (i = 0; i < VMI_XEN_CPU_MAX; i++) {
        struct vmi__xen_cpu *c = &vmi__xen.cpu[i];

        c->kick = 0;
        c->timer_vector = 0;
        c->timer_deadline = 0;
        if (!c->ready)
            vmi__xen_cpu_forget(i);
    }
}

/* ---- init steps ---- */

static uint32_t xen_features_read(void)
{
    struct xen_feature_info fi;

    fi.submap_idx = 0;
    fi.submap = 0;
    if (vmi__xen_hc(XEN_HC_xen_version, XENVER_get_features, XEN_PTR(&fi), 0) < 0)
        return 0;
    return fi.submap;
}

/* XENMEM_add_to_physmap puts shared_info at the GFN of a page of ours,
 * replacing the RAM behind it; the page's own mapping then shows it. */
static int shared_info_map(void)
{
    struct xen_add_to_physmap x;

    x.domid = DOMID_SELF;
    x.size = 0;
    x.space = XENMAPSPACE_shared_info;
    x.idx = 0;
    x.gpfn = vmi__native_phys(shared_page) / VMI_PAGE_SIZE;
    if (vmi__xen_hc(XEN_HC_memory_op, XENMEM_add_to_physmap, XEN_PTR(&x), 0) != 0)
        return -1;
    vmi__xen.shared = (volatile struct shared_info *)(void *)shared_page;
    return 0;
}

/* The boot CPU's record in shared_info, before any vcpu_info is moved. */
static uint64_t tsc_hz_read(void)
{
    struct vcpu_time_info t;
    uint64_t tsc, hz;

    vmi__xen_pvclock_snapshot(&vmi__xen.shared->vcpu_info[0].time, &t, &tsc);
    hz = vmi__xen_pvclock_hz(&t);
    return hz >= TSC_HZ_MIN && hz <= TSC_HZ_MAX ? hz : 0;
}

/* Events arrive as the guest's upcall vector (callback type 2), which
 * needs XENFEAT_hvm_callback_vector. */
static void callback_set(void)
{
    struct xen_hvm_param p;
    uint32_t vector = vmi__xen.cfg.upcall_vector;

    if (vector < VMI_VECTOR_MIN || vector > VMI_VECTOR_MAX ||
        !(vmi__xen.features & (1u << XENFEAT_hvm_callback_vector)))
        return;
    p.domid = DOMID_SELF;
    p.pad = 0;
    p.index = HVM_PARAM_CALLBACK_IRQ;
    p.value = HVM_PARAM_CALLBACK_TYPE_VECTOR | vector;
    vmi__xen.callback = vmi__xen_hc(XEN_HC_hvm_op, HVMOP_set_param, XEN_PTR(&p), 0) == 0;
}

static void feature_put(uint32_t feature, int on)
{
    uint64_t *g = &vmi_xen_adapter.features[VMI_FEATURE_GROUP(feature)];

    *g = on ? *g | VMI_FEATURE_MASK(feature) : *g & ~VMI_FEATURE_MASK(feature);
}

/* Native's features for what runs on native, and what Xen offers for the
 * rest.  No directed yield: sched_op has none for HVM/PVH guests. */
static int xen_timer(void)
{
    return vmi__xen.callback && vmi__xen.cpu[0].timer_port != XEN_PORT_NONE;
}

static void features_compute(void)
{
    uint32_t g;

    for (g = 0; g < 16; g++)
        vmi_xen_adapter.features[g] = vmi_native_adapter.features[g];
    feature_put(VMI_FEAT_TLB_REMOTE, vmi__xen.flush_tlbs || vmi__native_has(VMI_FEAT_TLB_REMOTE));
    feature_put(VMI_FEAT_TIME_WALLCLOCK, 1);
    feature_put(VMI_FEAT_TIME_MONOTONIC, 1);
    feature_put(VMI_FEAT_TIME_TSCFREQ, vmi__xen.tsc_hz != 0);
    feature_put(VMI_FEAT_TIME_TIMER, xen_timer() || vmi__native_has(VMI_FEAT_TIME_TIMER));
    feature_put(VMI_FEAT_TIME_STEAL, vmi__xen.cpu[0].runstate);
    feature_put(VMI_FEAT_SMP_YIELD, 1);
    feature_put(VMI_FEAT_SMP_YIELDTO, 0);
    feature_put(VMI_FEAT_SMP_KICK, vmi__xen.callback && vmi__xen.cpu[0].kick_port != XEN_PORT_NONE);
    feature_put(VMI_FEAT_SMP_PREEMPTED, 1);
    feature_put(VMI_FEAT_CON_WRITE, 1);
}

/* Native's function in every slot, then Xen's where Xen does the work;
 * without the upcall the timer stays the native (emulated APIC) one. */
static void ops_fill(void)
{
#define XEN_NATIVE_SLOT(num, group, name, ret, attrs, feat, n, params) \
    xen_ops.name = vmi__native_ops.name;
    VMI_CALL_LIST(XEN_NATIVE_SLOT)
#undef XEN_NATIVE_SLOT
#define XEN_SLOT(name) xen_ops.name = vmi__xen_##name;
    VMI__XEN_CALLS(XEN_SLOT)
#undef XEN_SLOT
    if (!xen_timer()) {
        xen_ops.timer_arm = vmi__native_timer_arm;
        xen_ops.timer_cancel = vmi__native_timer_cancel;
    }
}

/* What adapter_info_get reports, read from what init enabled and the
 * slots ops_fill bound (VMI-DISC-010).  hv_features holds the XENFEAT
 * (submap 0) bits the adapter acts on. */
static void use_compute(void)
{
    struct vmi__native_hv_use *u = &xen_use;
    uint32_t g;

    for (g = 0; g < sizeof(u->mechanisms); g++)
        u->mechanisms[g] = 0;
    u->features = vmi__xen.callback ? (uint64_t)1 << XENFEAT_hvm_callback_vector : 0;
    vmi__native_hv_use_add(u, VMI_FEAT_TIME_MONOTONIC, "vcpu-time-info");
    if (vmi__xen.tsc_hz)
        vmi__native_hv_use_add(u, VMI_FEAT_TIME_TSCFREQ, "vcpu-time-info");
    vmi__native_hv_use_add(u, VMI_FEAT_TIME_WALLCLOCK, "shared-info");
    if (xen_ops.timer_arm == vmi__xen_timer_arm)
        vmi__native_hv_use_add(u, VMI_FEAT_TIME_TIMER, "singleshot-timer+evtchn");
    if (vmi__xen.cpu[0].runstate) {
        vmi__native_hv_use_add(u, VMI_FEAT_TIME_STEAL, "runstate");
        vmi__native_hv_use_add(u, VMI_FEAT_SMP_PREEMPTED, "runstate");
    }
    if (vmi__xen.flush_tlbs)
        vmi__native_hv_use_add(u, VMI_FEAT_TLB_REMOTE, "hvmop-flush-tlbs");
    vmi__native_hv_use_add(u, VMI_FEAT_IRQ_HALT, "sched-poll");
    vmi__native_hv_use_add(u, VMI_FEAT_SMP_YIELD, "sched-yield");
    if (vmi__xen.callback && vmi__xen.cpu[0].kick_port != XEN_PORT_NONE)
        vmi__native_hv_use_add(u, VMI_FEAT_SMP_KICK, "evtchn-ipi");
    vmi__native_hv_use_add(u, VMI_FEAT_CON_WRITE, vmi__xen.console_e9 ? "port-e9" : "console-io");
    vmi__native_hv_use_add(u, VMI_FEAT_PWR_SHUTDOWN, "sched-shutdown");
    vmi__native_hv_use_add(u, VMI_FEAT_PWR_REBOOT, "sched-shutdown");
}

static vmi_status_t xen_init(void)
{
    const struct vmi_hv_leaf *hv = xen_range();
    int64_t version;
    vmi_status_t st;

    state_reset();
    if (!hv)
        return VMI_ENOTSUP;
    vmi__xen.base = hv->base_leaf;
    if (vmi__xen_hypercall_page_install() != 0)
        return VMI_ENOTSUP;
    version = vmi__xen_hc(XEN_HC_xen_version, XENVER_version, 0, 0);
    if (version < 0 || shared_info_map() != 0)
        return VMI_ENOTSUP;
    vmi__xen.version = (uint32_t)version;
    vmi__xen.features = xen_features_read();
    vmi__xen.tsc_hz = tsc_hz_read();
    st = vmi__native_init(vmi__xen.tsc_hz);
    if (st != VMI_OK)
        return st;
    vmi__xen_hc(XEN_HC_vm_assist, VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag, 0);
    if (vmi__xen_cpu_setup(0) != 0)
        return VMI_ENOTSUP;
    callback_set();
    vmi__xen.flush_tlbs = vmi__xen_hc(XEN_HC_hvm_op, HVMOP_flush_tlbs, 0, 0) == 0;
    features_compute();
    ops_fill();
    use_compute();
    return VMI_OK;
}

/* ---- discovery ---- */

vmi_status_t vmi__xen_features_get(uint32_t group, uint64_t *bitmap)
{
    /* VMI-DISC-002, VMI-DISC-003 */
    return vmi__native_disc_features(&vmi_xen_adapter, group, bitmap);
}

vmi_status_t vmi__xen_call_supported(uint32_t call, uint32_t *supported)
{
    /* VMI-DISC-004, VMI-DISC-005 */
    return vmi__native_disc_supported(&vmi_xen_adapter, call, supported);
}

vmi_status_t vmi__xen_adapter_info_get(struct vmi_adapter_info *info)
{
    /* VMI-DISC-007, VMI-DISC-008: Xen's range and its version, major in
     * bits 31:16 and minor in 15:0 as xen_version reports it. */
    vmi_status_t st = vmi__native_disc_info(&vmi_xen_adapter, xen_range(), &xen_use, info);

    if (st == VMI_OK && info->size >= INFO_HV_VERSION_END)
        info->hv_version = vmi__xen.version;
    return st;
}
