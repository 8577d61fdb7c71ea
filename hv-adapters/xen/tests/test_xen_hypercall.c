/* Xen adapter: detection, the hypercall page, init's hypercalls, features and identity. */
#include "xen_fixture.h"

static void binds_xen_over_native(void)
{
    xf_setup();
    VMI_ASSERT_STR(vmi_adapter_bound()->name, "xen");
}

static void no_signature_leaves_native(void)
{
    xf_setup();
    vmi_x86_fake_cpuid_set(0x40000000u, 0, 0x40000001u, 0x54474354u, 0x43544743u, 0x47435447u);
    VMI_ASSERT_STATUS(xf_rebind(), VMI_OK);
    VMI_ASSERT_STR(vmi_adapter_bound()->name, "native");
}

/* The page's address, page index 0 in the low bits, to the MSR CPUID
 * base+2 names, before the first hypercall. */
static void hypercall_page_msr_write(void)
{
    const struct vmi_x86_fake_rec *w;
    size_t i;

    xf_setup();
    VMI_ASSERT_STATUS(xf_bind(1), VMI_OK);
    w = vmi_x86_fake_last(VMI_X86_OP_MSR_WRITE, 0x40000000u);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    VMI_ASSERT_EQ(w->b, (uint64_t)(uintptr_t)vmi__xen_hypercall_page);
    VMI_ASSERT_EQ(w->b & 0xfffu, 0);
    for (i = 0; vmi_x86_fake_at(i) != w; i++)
        CU_ASSERT(vmi_x86_fake_at(i)->op != VMI_X86_OP_HYPERCALL);
}

/* Behind Viridian: Xen's leaves at 0x40000100, its MSR 0x40000200. */
static void viridian_moves_the_range(void)
{
    struct vmi_adapter_info info;

    xf_setup_at(0x40000100u, 0x40000200u);
    VMI_ASSERT_STR(vmi_adapter_bound()->name, "xen");
    VMI_ASSERT_STATUS(xf_bind(1), VMI_OK);
    CU_ASSERT_PTR_NOT_NULL(vmi_x86_fake_last(VMI_X86_OP_MSR_WRITE, 0x40000200u));
    CU_ASSERT_PTR_NULL(vmi_x86_fake_last(VMI_X86_OP_MSR_WRITE, 0x40000000u));
    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    VMI_ASSERT_STATUS(vmi_adapter_info_get(&info), VMI_OK);
    VMI_ASSERT_EQ(info.hv_base_leaf, 0x40000100u);
}

static void msr_refused_falls_back_to_native(void)
{
    xf_setup();
    vmi_x86_fake_fault_add(VMI_X86_OP_MSR_WRITE, 0x40000000u);
    VMI_ASSERT_STATUS(xf_rebind(), VMI_OK);
    VMI_ASSERT_STR(vmi_adapter_bound()->name, "native");
}

static void init_asks_version_and_features(void)
{
    xf_setup();
    VMI_ASSERT_STATUS(xf_bind(1), VMI_OK);
    CU_ASSERT_PTR_NOT_NULL(xf_hcall(XEN_HC_xen_version, XENVER_version, 0));
    CU_ASSERT_PTR_NOT_NULL(xf_hcall(XEN_HC_xen_version, XENVER_get_features, 0));
    CU_ASSERT_PTR_NOT_NULL(xf_hcall(XEN_HC_vm_assist, VMASST_CMD_enable, 0));
    VMI_ASSERT_EQ(xf_hcall(XEN_HC_vm_assist, VMASST_CMD_enable, 0)->arg[1],
                  VMASST_TYPE_runstate_update_flag);
}

static void shared_info_mapped_at_our_page(void)
{
    const struct vmi_x86_fake_hcall *h;

    xf_setup();
    VMI_ASSERT_STATUS(xf_bind(1), VMI_OK);
    h = xf_hcall(XEN_HC_memory_op, XENMEM_add_to_physmap, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    /* The struct is gone with init's stack frame; the fake kept the GFN. */
    VMI_ASSERT_EQ(xf.shared_gpfn * VMI_PAGE_SIZE, (uint64_t)(uintptr_t)vmi__xen.shared);
}

static void vcpu_areas_registered(void)
{
    const struct vmi_x86_fake_hcall *vi, *rs;

    xf_setup();
    xf_new_domain();
    VMI_ASSERT_STATUS(xf_bind(1), VMI_OK);
    vi = xf_hcall(XEN_HC_vcpu_op, VCPUOP_register_vcpu_info, 0);
    rs = xf_hcall(XEN_HC_vcpu_op, VCPUOP_register_runstate_memory_area, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(vi);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rs);
    VMI_ASSERT_EQ(vi->arg[1], 0);   /* vCPU 0 */
    VMI_ASSERT_EQ(rs->arg[1], 0);
    CU_ASSERT_PTR_NOT_NULL(xf_hcall(XEN_HC_vcpu_op, VCPUOP_stop_periodic_timer, 0));
    /* Xen's record lands in the registered area, not in shared_info. */
    CU_ASSERT((const void *)vmi__xen.cpu[0].vi != (const void *)&vmi__xen.shared->vcpu_info[0]);
    VMI_ASSERT_EQ(vmi__xen.cpu[0].vi->time.tsc_to_system_mul, 0x80000000u);
    VMI_ASSERT_EQ((uint64_t)(uintptr_t)vmi__xen.cpu[0].vi % 64, 0);
}

/* A refused registration keeps the legacy slot in shared_info. */
static void vcpu_info_refused_uses_shared_slot(void)
{
    xf_setup();
    xf.vcpu_info_ret = -XEN_ENOSYS;
    xf_new_domain();
    VMI_ASSERT_STATUS(xf_rebind(), VMI_OK);
    VMI_ASSERT_STR(vmi_adapter_bound()->name, "xen");
    CU_ASSERT((const void *)vmi__xen.cpu[0].vi == (const void *)&vmi__xen.shared->vcpu_info[0]);
}

static void ports_bound_and_unmasked(void)
{
    const struct vmi_x86_fake_hcall *virq;

    xf_setup();
    xf_new_domain();
    vmi__xen.shared->evtchn_mask[0] = ~(uint64_t)0;
    VMI_ASSERT_STATUS(xf_bind(1), VMI_OK);
    virq = xf_hcall(XEN_HC_event_channel_op, EVTCHNOP_bind_virq, 0);
    CU_ASSERT_PTR_NOT_NULL(virq);
    CU_ASSERT_PTR_NOT_NULL(xf_hcall(XEN_HC_event_channel_op, EVTCHNOP_bind_ipi, 0));
    VMI_ASSERT_EQ(vmi__xen.cpu[0].timer_port, XF_TIMER_PORT0);
    VMI_ASSERT_EQ(vmi__xen.cpu[0].kick_port, XF_KICK_PORT0);
    VMI_ASSERT_EQ(vmi__xen.shared->evtchn_mask[0],
                  ~(((uint64_t)1 << XF_TIMER_PORT0) | ((uint64_t)1 << XF_KICK_PORT0)));
}

/* The vector goes to HVM_PARAM_CALLBACK_IRQ with type 2 in bits 63:56. */
static void callback_vector_set(void)
{
    const struct vmi_x86_fake_hcall *h;

    xf_setup();
    VMI_ASSERT_STATUS(xf_bind(1), VMI_OK);
    h = xf_hcall(XEN_HC_hvm_op, HVMOP_set_param, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    CU_ASSERT(vmi__xen.callback);
    CU_ASSERT_PTR_NOT_NULL(xf_hcall(XEN_HC_hvm_op, HVMOP_flush_tlbs, 0));
    VMI_ASSERT_EQ(xf_hcall(XEN_HC_hvm_op, HVMOP_flush_tlbs, 0)->arg[1], 0);
}

static uint64_t group_features(uint32_t group)
{
    uint64_t bitmap = 0;

    VMI_ASSERT_STATUS(vmi_features_get(group, &bitmap), VMI_OK);
    return bitmap;
}

static void features_offered(void)
{
    xf_setup();
    VMI_ASSERT_EQ(group_features(VMI_GROUP_TIME), 0x1f);   /* all five */
    VMI_ASSERT_EQ(group_features(VMI_GROUP_SMP),
                  vmi_features_defined(VMI_GROUP_SMP) &
                      ~VMI_FEATURE_MASK(VMI_FEAT_SMP_START) &
                      ~VMI_FEATURE_MASK(VMI_FEAT_SMP_YIELDTO));
    CU_ASSERT(group_features(VMI_GROUP_TLB) & VMI_FEATURE_MASK(VMI_FEAT_TLB_REMOTE));
    VMI_ASSERT_EQ(group_features(VMI_GROUP_CON), 1);
    VMI_ASSERT_EQ(group_features(VMI_GROUP_PWR), 7);
    CU_ASSERT(vmi_ops.timer_arm == vmi__xen_timer_arm);
}

/* Without the guest's upcall vector: no callback, the native timer, no kick. */
static void no_upcall_vector(void)
{
    xf_setup();
    xf_xcfg.upcall_vector = 0;
    VMI_ASSERT_STATUS(xf_bind(1), VMI_OK);
    VMI_ASSERT_EQ(xf_hcall_count(XEN_HC_hvm_op, HVMOP_set_param), 0);
    CU_ASSERT(!(group_features(VMI_GROUP_SMP) & VMI_FEATURE_MASK(VMI_FEAT_SMP_KICK)));
    CU_ASSERT(group_features(VMI_GROUP_TIME) & VMI_FEATURE_MASK(VMI_FEAT_TIME_TIMER));
    CU_ASSERT(vmi_ops.timer_arm == vmi__native_timer_arm);
}

/* An old Xen without the callback-vector feature gets no vector either. */
static void no_callback_feature(void)
{
    xf_setup();
    xf.features = 0;
    VMI_ASSERT_STATUS(xf_bind(1), VMI_OK);
    VMI_ASSERT_EQ(xf_hcall_count(XEN_HC_hvm_op, HVMOP_set_param), 0);
    CU_ASSERT(vmi_ops.timer_arm == vmi__native_timer_arm);
}

/* A second vmi_init keeps Xen's registrations: Xen would refuse a second
 * vcpu_info and a second VIRQ_TIMER binding. */
static void reinit_keeps_registrations(void)
{
    xf_setup();
    VMI_ASSERT_STATUS(xf_bind(1), VMI_OK);
    VMI_ASSERT_EQ(xf_hcall_count(XEN_HC_vcpu_op, VCPUOP_register_vcpu_info), 0);
    VMI_ASSERT_EQ(xf_hcall_count(XEN_HC_event_channel_op, EVTCHNOP_bind_virq), 0);
    VMI_ASSERT_EQ(vmi__xen.cpu[0].timer_port, XF_TIMER_PORT0);
    CU_ASSERT((const void *)vmi__xen.cpu[0].vi != (const void *)&vmi__xen.shared->vcpu_info[0]);
    CU_ASSERT(vmi_ops.timer_arm == vmi__xen_timer_arm);
}

static void adapter_info_reports_xen(void)
{
    struct vmi_adapter_info info;

    xf_setup();
    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    VMI_ASSERT_STATUS(vmi_adapter_info_get(&info), VMI_OK);
    VMI_ASSERT_STR(info.name, "xen");
    VMI_ASSERT_EQ(info.hv_version, XF_VERSION);
    VMI_ASSERT_EQ(info.hv_base_leaf, 0x40000000u);
    CU_ASSERT(memcmp(info.hv_signature, "XenVMMXenVMM", 12) == 0);
    /* VMI-DISC-010: the fake Xen answers every hypercall init makes, so
     * every mechanism is enabled, the upcall vector among them. */
    VMI_ASSERT_STR(info.mechanisms,
                   "TIME_MONOTONIC=vcpu-time-info TIME_TSCFREQ=vcpu-time-info "
                   "TIME_WALLCLOCK=shared-info TIME_TIMER=singleshot-timer+evtchn "
                   "TIME_STEAL=runstate SMP_PREEMPTED=runstate TLB_REMOTE=hvmop-flush-tlbs "
                   "IRQ_HALT=sched-poll SMP_YIELD=sched-yield SMP_KICK=evtchn-ipi "
                   "CON_WRITE=console-io PWR_SHUTDOWN=sched-shutdown PWR_REBOOT=sched-shutdown");
    VMI_ASSERT_EQ(info.hv_features, UINT64_C(1) << XENFEAT_hvm_callback_vector);
    /* A caller that knows a shorter struct gets no hv_version written. */
    memset(&info, 0xaa, sizeof(info));
    info.size = 60;
    VMI_ASSERT_STATUS(vmi_adapter_info_get(&info), VMI_OK);
    VMI_ASSERT_EQ(info.hv_version, 0xaaaaaaaau);
}

static const struct vmi_test_case cases[] = {
    {"binds_xen_over_native", binds_xen_over_native},
    {"no_signature_leaves_native", no_signature_leaves_native},
    {"hypercall_page_msr_write", hypercall_page_msr_write},
    {"viridian_moves_the_range", viridian_moves_the_range},
    {"msr_refused_falls_back_to_native", msr_refused_falls_back_to_native},
    {"init_asks_version_and_features", init_asks_version_and_features},
    {"shared_info_mapped_at_our_page", shared_info_mapped_at_our_page},
    {"vcpu_areas_registered", vcpu_areas_registered},
    {"vcpu_info_refused_uses_shared_slot", vcpu_info_refused_uses_shared_slot},
    {"ports_bound_and_unmasked", ports_bound_and_unmasked},
    {"callback_vector_set", callback_vector_set},
    {"features_offered", features_offered},
    {"no_upcall_vector", no_upcall_vector},
    {"no_callback_feature", no_callback_feature},
    {"reinit_keeps_registrations", reinit_keeps_registrations},
    {"adapter_info_reports_xen", adapter_info_reports_xen},
};

VMI_TEST_MAIN("xen_hypercall", cases)
