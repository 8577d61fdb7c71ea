/* struct vmi_exec_platform for the guest: the sandbox, the probes by instruction, the records. */
#include "run.h"

static uint32_t trace;

static void alloc_report(uint32_t kind, uint64_t addr)
{
    uint8_t p[VMI_REC_ALLOC_SIZE];

    vmi_rec_put32(p + VMI_REC_ALLOC_TRACE, trace);
    vmi_rec_put32(p + VMI_REC_ALLOC_KIND, kind);
    vmi_rec_put64(p + VMI_REC_ALLOC_ADDR, addr);
    rec_emit(VMI_REC_ALLOC, p, sizeof(p));
}

void platform_cleanup(void)
{
    harness_restore();
    window_reset();
    pages_reset();
}

/* A fresh sandbox, and the harness's interrupt state: a trace that ended
 * early may have left vectors in service or the TPR raised. */
static int pf_trace_begin(void *ctx, const struct vmi_bundle_trace_view *t)
{
    uint32_t cpu;

    (void)ctx;
    /* As the ref environment does for a machine too small: the trace ends
     * as ERROR at setup (VMI_EINVAL), a harness limit, not the adapter's. */
    if (t->cpus > cpus_online())
        return VMI_EINVAL;
    platform_cleanup();
    for (cpu = 0; cpu < cpus_online(); cpu++)
        (void)cpus_run_on(cpu, harness_reset_cpu, NULL);
    ops_trace_begin(trace);
    return 0;
}

static void pf_trace_end(void *ctx, const struct vmi_bundle_trace_view *t)
{
    (void)ctx;
    (void)t;
    platform_cleanup();
}

static int pf_page_alloc(void *ctx, uint64_t *pa)
{
    int rc = pages_alloc(pa);

    (void)ctx;
    if (rc == 0)
        alloc_report(VMI_REC_ALLOC_PAGE, *pa);
    return rc;
}

static int pf_va_alloc(void *ctx, uint64_t *va)
{
    int rc = window_va_alloc(va);

    (void)ctx;
    if (rc == 0)
        alloc_report(VMI_REC_ALLOC_VA, *va);
    return rc;
}

static int pf_window_alloc(void *ctx, uint64_t *pt)
{
    int rc = pages_alloc(pt);

    (void)ctx;
    if (rc != 0)
        return rc;
    window_link(*pt);
    alloc_report(VMI_REC_ALLOC_WINDOW, *pt);
    return 0;
}

static const struct vmi_ops *pf_ops_on(void *ctx, uint32_t cpu)
{
    (void)ctx;
    return ops_for(cpu);
}

static int pf_probe(void *ctx, uint32_t cpu, uint32_t kind, const uint64_t *args,
                    uint64_t *value)
{
    (void)ctx;
    return probe_on(cpu, kind, args, value);
}

static int pf_wait(void *ctx, uint32_t cpu, uint64_t ns)
{
    (void)ctx;
    return wait_on(cpu, ns);
}

static int pf_phys_write(void *ctx, uint64_t pa, uint32_t width, uint64_t value)
{
    (void)ctx;
    if (width != 1 && width != 2 && width != 4 && width != 8)
        return VMI_EINVAL;
    if (!pages_in_ram(pa, width))
        return VMI_EFAULT;
    switch (width) {
    case 1: *(volatile uint8_t *)(uintptr_t)pa = (uint8_t)value; break;
    case 2: *(volatile uint16_t *)(uintptr_t)pa = (uint16_t)value; break;
    case 4: *(volatile uint32_t *)(uintptr_t)pa = (uint32_t)value; break;
    default: *(volatile uint64_t *)(uintptr_t)pa = value; break;
    }
    return 0;
}

static void pf_observe(void *ctx, const struct vmi_exec_obs *o)
{
    uint8_t p[VMI_REC_OBS_FIXED + 8 * VMI_REC_OBS_VALUES_MAX] = {0};
    uint32_t n = o->value_count < VMI_REC_OBS_VALUES_MAX ? o->value_count
                                                          : VMI_REC_OBS_VALUES_MAX, i;

    (void)ctx;
    vmi_rec_put32(p + VMI_REC_OBS_TRACE, o->trace);
    vmi_rec_put32(p + VMI_REC_OBS_STEP, o->step);
    p[VMI_REC_OBS_OP] = o->op;
    p[VMI_REC_OBS_VALUE_COUNT] = (uint8_t)n;
    vmi_rec_put16(p + VMI_REC_OBS_SUB, o->sub);
    vmi_rec_put16(p + VMI_REC_OBS_CPU, o->cpu);
    vmi_rec_put32(p + VMI_REC_OBS_STATUS, (uint32_t)o->status);
    vmi_rec_put32(p + VMI_REC_OBS_LINE, o->line);
    for (i = 0; i < n; i++)
        vmi_rec_put64(p + VMI_REC_OBS_VALUES + 8 * i, o->values[i]);
    rec_emit(VMI_REC_OBS, p, VMI_REC_OBS_FIXED + 8 * n);
}

static void pf_call_begin(void *ctx)
{
    (void)ctx;
    stats_call_mark(0);
}

static void pf_call_end(void *ctx)
{
    (void)ctx;
    stats_call_mark(1);
}

static const struct vmi_exec_platform platform = {
    .ctx = NULL,
    .trace_begin = pf_trace_begin,
    .trace_end = pf_trace_end,
    .page_alloc = pf_page_alloc,
    .va_alloc = pf_va_alloc,
    .window_alloc = pf_window_alloc,
    .ops_on = pf_ops_on,
    .probe = pf_probe,
    .wait = pf_wait,
    .phys_write = pf_phys_write,
    .observe = pf_observe,
    .call_begin = pf_call_begin,
    .call_end = pf_call_end,
};

const struct vmi_exec_platform *platform_get(uint32_t index)
{
    trace = index;
    return &platform;
}
