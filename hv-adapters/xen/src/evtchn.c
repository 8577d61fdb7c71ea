/* Event channels, 2-level ABI: binding, sending, and the upcall that scans the pending bitmaps. */
#include "xen_internal.h"

#define WORD_BITS 64u

uint32_t vmi__xen_bind_virq(uint32_t virq, uint32_t cpu)
{
    struct evtchn_bind_virq b;

    b.virq = virq;
    b.vcpu = cpu;
    b.port = XEN_PORT_NONE;
    if (vmi__xen_hc(XEN_HC_event_channel_op, EVTCHNOP_bind_virq, XEN_PTR(&b), 0) < 0 ||
        b.port >= XEN_EVTCHN_PORTS)
        return XEN_PORT_NONE;
    return b.port;
}

uint32_t vmi__xen_bind_ipi(uint32_t cpu)
{
    struct evtchn_bind_ipi b;

    b.vcpu = cpu;
    b.port = XEN_PORT_NONE;
    if (vmi__xen_hc(XEN_HC_event_channel_op, EVTCHNOP_bind_ipi, XEN_PTR(&b), 0) < 0 ||
        b.port >= XEN_EVTCHN_PORTS)
        return XEN_PORT_NONE;
    return b.port;
}

int vmi__xen_send(uint32_t port)
{
    struct evtchn_send s;

    s.port = port;
    return vmi__xen_hc(XEN_HC_event_channel_op, EVTCHNOP_send, XEN_PTR(&s), 0) < 0 ? -1 : 0;
}

static uint64_t port_bit(uint32_t port)
{
    return (uint64_t)1 << (port % WORD_BITS);
}

void vmi__xen_port_clear(uint32_t port)
{
    __atomic_fetch_and(&vmi__xen.shared->evtchn_pending[port / WORD_BITS], ~port_bit(port),
                       __ATOMIC_SEQ_CST);
}

/* In the 2-level ABI the mask bits are the guest's to write; a port is
 * unmasked once, right after it is bound, when nothing can be pending. */
void vmi__xen_port_unmask(uint32_t port)
{
    __atomic_fetch_and(&vmi__xen.shared->evtchn_mask[port / WORD_BITS], ~port_bit(port),
                       __ATOMIC_SEQ_CST);
}

/* The ports of one selector word: pending and not masked, each cleared
 * with a locked test-and-clear before it is handled, so an event Xen sets
 * again meanwhile is seen by the next scan and never lost. */
static void word_scan(volatile struct shared_info *s, uint32_t w, vmi__xen_port_fn fn,
                      void *ctx)
{
    uint64_t bits = s->evtchn_pending[w] & ~s->evtchn_mask[w];

    while (bits) {
        uint32_t b = (uint32_t)__builtin_ctzll(bits);
        uint64_t bit = (uint64_t)1 << b;

        bits &= bits - 1;
        if (__atomic_fetch_and(&s->evtchn_pending[w], ~bit, __ATOMIC_SEQ_CST) & bit)
            fn(w * WORD_BITS + b, ctx);
    }
}

/*
 * Clear upcall_pending first, then swap the selector with 0, then scan the
 * words it named; Xen sets the selector bit before upcall_pending, so an
 * event arriving during the scan shows as upcall_pending again and the
 * loop takes another round instead of leaving it for an upcall that is
 * not coming (the vector was already delivered).
 */
void vmi__xen_evtchn_scan(volatile struct vcpu_info *vi, volatile struct shared_info *s,
                          vmi__xen_port_fn fn, void *ctx)
{
    uint64_t sel;

    do {
        __atomic_store_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
        sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
        while (sel) {
            uint32_t w = (uint32_t)__builtin_ctzll(sel);

            sel &= sel - 1;
            word_scan(s, w, fn, ctx);
        }
    } while (__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST));
}

/* A port of this CPU: its timer fires; a kick has done its work by waking
 * the CPU.  Any other port is only cleared. */
static void port_dispatch(uint32_t port, void *ctx)
{
    uint32_t cpu = *(const uint32_t *)ctx;

    if (port == vmi__xen.cpu[cpu].timer_port)
        vmi__xen_timer_fire(cpu);
}

void vmi_xen_upcall(void)
{
    uint32_t self = vmi__xen_cpu_self();

    if (self >= VMI_XEN_CPU_MAX || !vmi__xen.cpu[self].vi || !vmi__xen.shared)
        return;
    vmi__xen_evtchn_scan(vmi__xen.cpu[self].vi, vmi__xen.shared, port_dispatch, &self);
}
