/* Xen adapter: the 2-level event-channel scan, and the upcall's dispatch of the timer port. */
#include "xen_fixture.h"

static struct vcpu_info vi;
static struct shared_info si;
static uint32_t seen[64];
static uint32_t nseen;

static void record_port(uint32_t port, void *ctx)
{
    (void)ctx;
    if (nseen < 64)
        seen[nseen++] = port;
}

static void scan_reset(void)
{
    memset(&vi, 0, sizeof(vi));
    memset(&si, 0, sizeof(si));
    nseen = 0;
}

static void port_pend(uint32_t port)
{
    si.evtchn_pending[port / 64] |= (uint64_t)1 << (port % 64);
    vi.evtchn_pending_sel |= (uint64_t)1 << (port / 64);
    vi.evtchn_upcall_pending = 1;
}

/* Ports in several words come out in word order, lowest bit first, each
 * cleared; the selector and upcall_pending end cleared. */
static void several_words(void)
{
    scan_reset();
    port_pend(1);
    port_pend(63);
    port_pend(64 * 5 + 7);
    port_pend(4095);
    vmi__xen_evtchn_scan(&vi, &si, record_port, 0);
    VMI_ASSERT_EQ(nseen, 4);
    VMI_ASSERT_EQ(seen[0], 1);
    VMI_ASSERT_EQ(seen[1], 63);
    VMI_ASSERT_EQ(seen[2], 64 * 5 + 7);
    VMI_ASSERT_EQ(seen[3], 4095);
    VMI_ASSERT_EQ(si.evtchn_pending[0] | si.evtchn_pending[5] | si.evtchn_pending[63], 0);
    VMI_ASSERT_EQ(vi.evtchn_pending_sel, 0);
    VMI_ASSERT_EQ(vi.evtchn_upcall_pending, 0);
}

/* A masked port stays pending and is not handled; its neighbours are. */
static void masked_ports_stay_pending(void)
{
    scan_reset();
    port_pend(10);
    port_pend(11);
    port_pend(12);
    si.evtchn_mask[0] = (uint64_t)1 << 11;
    vmi__xen_evtchn_scan(&vi, &si, record_port, 0);
    VMI_ASSERT_EQ(nseen, 2);
    VMI_ASSERT_EQ(seen[0], 10);
    VMI_ASSERT_EQ(seen[1], 12);
    VMI_ASSERT_EQ(si.evtchn_pending[0], (uint64_t)1 << 11);
}

/* Only the words the selector names are looked at: a pending bit in a
 * word whose selector bit is clear belongs to another CPU. */
static void selector_limits_the_words(void)
{
    scan_reset();
    port_pend(70);
    si.evtchn_pending[2] = 1;   /* port 128, not selected */
    vmi__xen_evtchn_scan(&vi, &si, record_port, 0);
    VMI_ASSERT_EQ(nseen, 1);
    VMI_ASSERT_EQ(seen[0], 70);
    VMI_ASSERT_EQ(si.evtchn_pending[2], 1);
}

/* An event Xen raises during the scan (selector bit, then upcall_pending)
 * is taken by another round of the same upcall. */
static void raise_during_scan(uint32_t port, void *ctx)
{
    record_port(port, ctx);
    if (port == 3)
        port_pend(64 * 9 + 1);
}

static void selector_rechecked(void)
{
    scan_reset();
    port_pend(3);
    vmi__xen_evtchn_scan(&vi, &si, raise_during_scan, 0);
    VMI_ASSERT_EQ(nseen, 2);
    VMI_ASSERT_EQ(seen[1], 64 * 9 + 1);
    VMI_ASSERT_EQ(vi.evtchn_pending_sel, 0);
    VMI_ASSERT_EQ(si.evtchn_pending[9], 0);
}

/* A selector bit with nothing pending (a port another CPU handled) costs
 * nothing and leaves nothing behind. */
static void empty_selected_word(void)
{
    scan_reset();
    vi.evtchn_pending_sel = (uint64_t)1 << 7;
    vi.evtchn_upcall_pending = 1;
    vmi__xen_evtchn_scan(&vi, &si, record_port, 0);
    VMI_ASSERT_EQ(nseen, 0);
    VMI_ASSERT_EQ(vi.evtchn_pending_sel, 0);
}

/* ---- the upcall on the bound adapter ---- */

static void timer_port_pend(void)
{
    volatile struct vcpu_info *v = vmi__xen.cpu[0].vi;

    vmi__xen.shared->evtchn_pending[0] |= (uint64_t)1 << XF_TIMER_PORT0;
    v->evtchn_pending_sel |= 1;
    v->evtchn_upcall_pending = 1;
}

static const struct vmi_x86_fake_rec *icr_write(void)
{
    return vmi_x86_fake_last(VMI_X86_OP_MMIO_WRITE, XF_APIC + VMI_APIC_ICR_LO);
}

/* A due timer's event makes its vector pending by a fixed, asserted IPI
 * to the own APIC ID, once. */
static void upcall_fires_due_timer(void)
{
    xf_setup();
    vmi_x86_fake_tsc_set(1000 + 2 * UINT64_C(1000000), 0);   /* system time 5.001 s */
    VMI_ASSERT_STATUS(vmi_timer_arm(UINT64_C(5000500000), 0x40), VMI_OK);
    timer_port_pend();
    vmi_xen_upcall();
    CU_ASSERT_PTR_NOT_NULL_FATAL(icr_write());
    VMI_ASSERT_EQ(icr_write()->b, 0x40 | 1u << 14);
    VMI_ASSERT_EQ(vmi_x86_fake_last(VMI_X86_OP_MMIO_WRITE, XF_APIC + VMI_APIC_ICR_HI)->b, 0);
    VMI_ASSERT_EQ(vmi__xen.cpu[0].timer_vector, 0);
    vmi_x86_fake_log_clear();
    timer_port_pend();
    vmi_xen_upcall();
    CU_ASSERT_PTR_NULL(icr_write());
    VMI_ASSERT_EQ(vmi__xen.shared->evtchn_pending[0] & ((uint64_t)1 << XF_TIMER_PORT0), 0);
}

/* An event before the deadline (an earlier arming's, or Xen's clock a
 * hair ahead) fires nothing and hands the deadline back to Xen. */
static uint64_t rearmed_at;

static int64_t keep_rearm(uint32_t nr, const uint64_t *arg)
{
    if (nr == XEN_HC_vcpu_op && arg[0] == VCPUOP_set_singleshot_timer)
        rearmed_at = XF_ARG(struct vcpu_set_singleshot_timer, arg[2])->timeout_abs_ns;
    return 0;
}

static void upcall_rearms_early_event(void)
{
    xf_setup();
    vmi_x86_fake_tsc_set(1000, 0);   /* system time 5 s */
    VMI_ASSERT_STATUS(vmi_timer_arm(UINT64_C(6000000000), 0x41), VMI_OK);
    vmi_x86_fake_log_clear();
    rearmed_at = 0;
    vmi_x86_fake_hypercall_hook(keep_rearm);
    timer_port_pend();
    vmi_xen_upcall();
    CU_ASSERT_PTR_NULL(icr_write());
    VMI_ASSERT_EQ(vmi__xen.cpu[0].timer_vector, 0x41);
    VMI_ASSERT_EQ(xf_hcall_count(XEN_HC_vcpu_op, VCPUOP_set_singleshot_timer), 1);
    VMI_ASSERT_EQ(rearmed_at, UINT64_C(6000000000));
}

/* A cancelled timer's pending event fires nothing. */
static void upcall_after_cancel(void)
{
    xf_setup();
    vmi_x86_fake_tsc_set(UINT64_C(4000000000), 0);
    VMI_ASSERT_STATUS(vmi_timer_arm(UINT64_C(5000000000), 0x42), VMI_OK);
    VMI_ASSERT_STATUS(vmi_timer_cancel(), VMI_OK);
    timer_port_pend();
    vmi_xen_upcall();
    CU_ASSERT_PTR_NULL(icr_write());
}

static const struct vmi_test_case cases[] = {
    {"several_words", several_words},
    {"masked_ports_stay_pending", masked_ports_stay_pending},
    {"selector_limits_the_words", selector_limits_the_words},
    {"selector_rechecked", selector_rechecked},
    {"empty_selected_word", empty_selected_word},
    {"upcall_fires_due_timer", upcall_fires_due_timer},
    {"upcall_rearms_early_event", upcall_rearms_early_event},
    {"upcall_after_cancel", upcall_after_cancel},
};

VMI_TEST_MAIN("xen_evtchn", cases)
