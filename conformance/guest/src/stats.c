/* What the trace run cost, for the STATS record: traces started, VMI calls made, hypercalls issued. */
#include "run.h"
#include "vmi-x86/x86.h"

/* The executor and this module run on CPU 0 only; the hypercall count is
 * the x86 layer's, kept by every CPU. */
static uint32_t traces;
static uint64_t calls, hypercalls_before;
static int marking;

void stats_begin(int marks)
{
    struct vmi_cpuid_regs r;

    marking = marks;
    traces = 0;
    calls = 0;
    hypercalls_before = vmi_x86_hypercall_count();
    vmi_x86_cpuid(VMI_GUEST_STATS_MARK_LEAF, 0, &r);
}

void stats_trace(void)
{
    traces++;
}

void stats_call(void)
{
    calls++;
}

void stats_call_mark(int end)
{
    struct vmi_cpuid_regs r;

    if (!marking)
        return;     /* two exits a call: for a benchmark's run only */
    if (end)
        vmi_x86_cpuid(VMI_GUEST_CALL_MARK_END, 0, &r);
    else
        vmi_x86_outb(VMI_GUEST_CALL_MARK_PORT, VMI_GUEST_CALL_MARK_BYTE);
}

void stats_report(void)
{
    uint8_t p[VMI_REC_STATS_SIZE] = {0};

    vmi_rec_put32(p + VMI_REC_STATS_TRACES, traces);
    vmi_rec_put64(p + VMI_REC_STATS_CALLS, calls);
    vmi_rec_put64(p + VMI_REC_STATS_HYPERCALLS, vmi_x86_hypercall_count() - hypercalls_before);
    rec_emit(VMI_REC_STATS, p, sizeof(p));
}
