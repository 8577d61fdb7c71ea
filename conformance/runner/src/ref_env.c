/* The `ref` environment's platform: a fresh reference machine per trace, bound as the adapter. */
#include <string.h>
#include "ref_env_internal.h"

#define PTE_P_RW UINT64_C(0x3)

/* The index of `va` in the page table of `level` (4 PML4 .. 1 PT). */
static uint64_t table_index(uint64_t va, unsigned level)
{
    return va >> (12 + 9 * (level - 1)) & 511;
}

void vmi_run_opts_default(struct vmi_run_opts *o)
{
    uint32_t g;

    memset(o, 0, sizeof(*o));
    for (g = 0; g < VMI_GROUP_COUNT; g++)
        o->features[g] = vmi_features_defined(g);
}

uint32_t vmi_run_machine_cpus(const struct vmi_run_opts *o, uint32_t trace_cpus)
{
    if (o->cpus)
        return o->cpus;
    /* Two at least, so that a one-CPU trace still runs on an SMP machine
     * as it will on the real environments. */
    return trace_cpus > 2 ? trace_cpus : 2;
}

void vmi_ref_env_init(struct vmi_ref_env *e, const struct vmi_run_opts *o, int fault)
{
    memset(e, 0, sizeof(*e));
    e->opts = *o;
    e->fault = fault && o->fault_enabled;
    e->window_va = vmi__ref_env_window_va(o);
}

void vmi_ref_env_fini(struct vmi_ref_env *e)
{
    vmi_ref_machine_free(e->m);
    e->m = NULL;
}

static int phys_store64(struct vmi_ref_machine *m, uint64_t pa, uint64_t v)
{
    uint8_t b[8];
    uint32_t i;

    for (i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    return vmi_ref_phys_write(m, pa, b, 8);
}

/* The harness's address space: PML4 -> PDPT -> PD, whose entry for the
 * window the window's table takes when a trace asks for it.  Every CPU
 * starts on it, as a guest's CPUs start on the harness's tables; the CPUs the trace uses
 * are running (a step "on cpu 1" needs CPU 1 to run it), the others stay
 * offline for cpu_start. */
static int harness_setup(struct vmi_ref_env *e, uint32_t trace_cpus)
{
    uint32_t c;
    int rc;

    e->harness_pml4 = VMI_REF_ENV_PML4;
    rc = phys_store64(e->m, VMI_REF_ENV_PML4 + 8 * table_index(e->window_va, 4),
                      VMI_REF_ENV_PDPT | PTE_P_RW);
    if (rc == 0)
        rc = phys_store64(e->m, VMI_REF_ENV_PDPT + 8 * table_index(e->window_va, 3),
                          VMI_REF_ENV_PD | PTE_P_RW);
    for (c = 0; rc == 0 && vmi_ref_cpu(e->m, c); c++)
        rc = vmi_ref_harness_cr3(vmi_ref_cpu(e->m, c), VMI_REF_ENV_PML4);
    for (c = 1; rc == 0 && c < trace_cpus; c++)
        rc = vmi_ref_harness_cpu_online(vmi_ref_cpu(e->m, c));
    return rc;
}

static int env_trace_begin(void *ctx, const struct vmi_bundle_trace_view *t)
{
    struct vmi_ref_env *e = ctx;
    struct vmi_ref_config cfg;

    /* A fresh machine per trace: no translation, timer or console byte of
     * an earlier trace survives, which is what the guest's flushes of the
     * window before and after a trace approximate. */
    vmi_ref_env_fini(e);
    vmi_ref_config_default(&cfg);
    cfg.cpus = vmi_run_machine_cpus(&e->opts, t->cpus);
    if (cfg.cpus < t->cpus || cfg.cpus > VMI_REF_MAX_CPUS)
        return VMI_EINVAL;
    memcpy(cfg.features, e->opts.features, sizeof(cfg.features));
    cfg.mem_bytes = vmi__ref_env_mem_bytes(&e->opts, cfg.mem_bytes);
    e->m = vmi_ref_machine_new(&cfg);
    if (!e->m)
        return VMI_ENOMEM;
    e->pages_used = 0;
    e->vas_used = 0;
    e->replay_used = 0;
    e->adopt_pos = 0;
    return harness_setup(e, t->cpus);
}

static void env_trace_end(void *ctx, const struct vmi_bundle_trace_view *t)
{
    (void)ctx;
    (void)t;
    /* The machine stays for inspection until the next trace or fini; only
     * the thread's binding must not outlive the run. */
    vmi_ref_bind(NULL);
}

static int env_page_alloc(void *ctx, uint64_t *pa)
{
    struct vmi_ref_env *e = ctx;

    /* A fresh machine's memory is zero: nothing to clear. */
    if (e->opts.replay)
        return vmi__ref_env_replay_take(e, VMI_BUNDLE_RES_PAGE, pa);
    if (e->pages_used >= VMI_REF_ENV_POOL_PAGES)
        return VMI_ENOMEM;
    *pa = vmi_ref_env_page(e->opts.seed, e->pages_used++);
    return 0;
}

static int env_va_alloc(void *ctx, uint64_t *va)
{
    struct vmi_ref_env *e = ctx;
    int rc = 0;

    if (e->opts.replay)
        rc = vmi__ref_env_replay_take(e, VMI_BUNDLE_RES_VA, va);
    else if (e->vas_used >= VMI_REF_ENV_WINDOW_PAGES)
        return VMI_ENOMEM;
    else
        *va = vmi_ref_env_va(e->opts.seed, e->vas_used++);
    if (rc != 0)
        return rc;
    /* A replayed page outside the window the table maps: not this trace's. */
    if ((*va & ~UINT64_C(0x1fffff)) != e->window_va)
        return VMI_EINVAL;
    /* Tracked from the start, so the model knows every translation a CPU
     * may cache for it (TLB freedom), not only those after a first probe. */
    return vmi_ref_va_track(e->m, *va);
}

static int env_window_alloc(void *ctx, uint64_t *pt)
{
    struct vmi_ref_env *e = ctx;
    int rc = e->opts.replay ? vmi__ref_env_replay_take(e, VMI_BUNDLE_RES_WINDOW, pt)
                            : env_page_alloc(ctx, pt);

    if (rc != 0)
        return rc;
    return phys_store64(e->m, VMI_REF_ENV_PD + 8 * table_index(e->window_va, 2),
                        *pt | PTE_P_RW);
}

static const struct vmi_ops *env_ops_on(void *ctx, uint32_t cpu)
{
    struct vmi_ref_env *e = ctx;
    struct vmi_ref_cpu *c = vmi_ref_cpu(e->m, cpu);

    if (!c)
        return NULL;
    vmi_ref_bind(c);
    return e->opts.adopt && !e->fault ? vmi__ref_env_adopt_ops(e) : vmi_ref_env_ops(e);
}

static int env_wait(void *ctx, uint32_t cpu, uint64_t ns)
{
    struct vmi_ref_env *e = ctx;
    struct vmi_ref_cpu *c = vmi_ref_cpu(e->m, cpu);

    if (!c)
        return VMI_EINVAL;
    vmi_ref_wait(c, ns);
    return 0;
}

static int env_phys_write(void *ctx, uint64_t pa, uint32_t width, uint64_t value)
{
    struct vmi_ref_env *e = ctx;
    uint8_t b[8];
    uint32_t i;

    if (width != 1 && width != 2 && width != 4 && width != 8)
        return VMI_EINVAL;
    for (i = 0; i < width; i++)
        b[i] = (uint8_t)(value >> (8 * i));
    return vmi_ref_phys_write(e->m, pa, b, width);
}

static void env_observe(void *ctx, const struct vmi_exec_obs *obs)
{
    struct vmi_ref_env *e = ctx;

    e->adopt_pos++;
    if (e->observe)
        e->observe(e->observe_ctx, obs);
}

void vmi_ref_env_platform(struct vmi_ref_env *e, struct vmi_exec_platform *p)
{
    memset(p, 0, sizeof(*p));
    p->ctx = e;
    p->trace_begin = env_trace_begin;
    p->trace_end = env_trace_end;
    p->page_alloc = env_page_alloc;
    p->va_alloc = env_va_alloc;
    p->window_alloc = env_window_alloc;
    p->ops_on = env_ops_on;
    p->probe = vmi__ref_env_probe;
    p->wait = env_wait;
    p->phys_write = env_phys_write;
    p->observe = env_observe;
}
