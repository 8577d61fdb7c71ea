/* The reference machine's lifecycle, memory and the protocol every call follows. */
#include <stdlib.h>
#include <string.h>
#include "machine.h"

#define FRAME_EMPTY UINT64_MAX

void vmi_ref_config_default(struct vmi_ref_config *cfg)
{
    uint32_t g;

    memset(cfg, 0, sizeof(*cfg));
    cfg->cpus = 2;
    cfg->mem_bytes = 64u << 20;
    for (g = 0; g < VMI_GROUP_COUNT; g++)
        cfg->features[g] = vmi_features_defined(g);
    /* DE PSE PAE MCE PGE PCE OSFXSR OSXMMEXCPT FSGSBASE OSXSAVE SMEP SMAP */
    cfg->cr4_supported = 0x3507f8;
    cfg->tsc_hz = 2500000000u;
    cfg->wallclock_boot_ns = UINT64_C(1767225600) * 1000000000u; /* 2026-01-01 */
    cfg->call_cost_ns = 100;
    cfg->steal_ns_per_call = 0;
}

static int config_valid(const struct vmi_ref_config *cfg)
{
    return cfg->cpus >= 1 && cfg->cpus <= VMI_REF_MAX_CPUS &&
           cfg->mem_bytes >= VMI_PAGE_SIZE && cfg->mem_bytes % VMI_PAGE_SIZE == 0 &&
           cfg->mem_bytes <= (UINT64_C(1) << 46) && cfg->tsc_hz != 0;
}

/* The architectural reset state of one CPU as the harness leaves it:
 * long mode, paging on, interrupts off, APIC software-enabled. */
static void cpu_reset(struct vmi_ref_cpu *cpu, struct vmi_ref_machine *m, uint32_t index)
{
    memset(cpu, 0, sizeof(*cpu));
    cpu->m = m;
    cpu->index = index;
    cpu->online = index == 0;
    cpu->cr0 = 0x80050033;          /* PG WP NE ET MP PE */
    cpu->cr4 = 0x000006a0 & (m->cfg.cr4_supported | 0x20); /* PAE PGE OSFXSR OSXMMEXCPT */
    cpu->rflags = 0x2;
    cpu->msr[VMI__REF_MSR_EFER] = 0xd01; /* SCE LME LMA NXE */
    cpu->msr[VMI__REF_MSR_PAT] = UINT64_C(0x0007040600070406);
    cpu->msr[VMI__REF_MSR_APIC_BASE] = 0xfee00000u | 0x800u | (index == 0 ? 0x100u : 0);
    cpu->dr[6] = 0xffff0ff0u;
    cpu->dr[7] = 0x400;
    cpu->apic.svr = 0x1ff;
    cpu->apic.dfr = 0xffffffffu;
    for (index = 0; index < 6; index++)
        cpu->apic.lvt[index] = 0x10000;   /* masked */
}

struct vmi_ref_machine *vmi_ref_machine_new(const struct vmi_ref_config *cfg)
{
    struct vmi_ref_machine *m;
    uint32_t i;

    if (!cfg || !config_valid(cfg))
        return NULL;
    m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    m->cfg = *cfg;
    m->cfg.features[VMI_GROUP_DISC] |= VMI_FEATURE_MASK(VMI_FEAT_DISC_BASE); /* VMI-DISC-006 */
    for (i = 0; i < VMI_GROUP_COUNT; i++)
        m->cfg.features[i] &= vmi_features_defined(i);
    m->frame_slots = 64;
    m->frames = malloc(sizeof(*m->frames) * m->frame_slots);
    if (!m->frames) {
        free(m);
        return NULL;
    }
    for (i = 0; i < m->frame_slots; i++)
        m->frames[i].pfn = FRAME_EMPTY;
    for (i = 0; i < VMI_REF_MAX_CPUS; i++)
        cpu_reset(&m->cpus[i], m, i);
    m->power = VMI_REF_POWER_ON;
    return m;
}

void vmi_ref_machine_free(struct vmi_ref_machine *m)
{
    uint64_t i;

    if (!m)
        return;
    /* Only used slots own data; an empty slot's pointer is never set. */
    for (i = 0; i < m->frame_slots; i++)
        if (m->frames[i].pfn != FRAME_EMPTY)
            free(m->frames[i].data);
    free(m->frames);
    free(m->console);
    free(m);
}

struct vmi_ref_cpu *vmi_ref_cpu(struct vmi_ref_machine *m, uint32_t index)
{
    return m && index < m->cfg.cpus ? &m->cpus[index] : NULL;
}

struct vmi_ref_machine *vmi_ref_cpu_machine(const struct vmi_ref_cpu *cpu)
{
    return cpu->m;
}

uint32_t vmi_ref_cpu_index(const struct vmi_ref_cpu *cpu)
{
    return cpu->index;
}

/* ---- sparse memory ---- */

static uint64_t frame_hash(uint64_t pfn, uint64_t slots)
{
    return (pfn * UINT64_C(0x9e3779b97f4a7c15)) >> 7 & (slots - 1);
}

static const struct vmi__ref_frame *frame_find(const struct vmi_ref_machine *m, uint64_t pfn)
{
    uint64_t i = frame_hash(pfn, m->frame_slots);

    while (m->frames[i].pfn != FRAME_EMPTY) {
        if (m->frames[i].pfn == pfn)
            return &m->frames[i];
        i = (i + 1) & (m->frame_slots - 1);
    }
    return NULL;
}

static int frames_grow(struct vmi_ref_machine *m)
{
    uint64_t slots = m->frame_slots * 2, i, j;
    struct vmi__ref_frame *f = malloc(sizeof(*f) * slots);

    if (!f)
        return -1;
    for (i = 0; i < slots; i++)
        f[i].pfn = FRAME_EMPTY;
    for (i = 0; i < m->frame_slots; i++) {
        if (m->frames[i].pfn == FRAME_EMPTY)
            continue;
        j = frame_hash(m->frames[i].pfn, slots);
        while (f[j].pfn != FRAME_EMPTY)
            j = (j + 1) & (slots - 1);
        f[j] = m->frames[i];
    }
    free(m->frames);
    m->frames = f;
    m->frame_slots = slots;
    return 0;
}

/* The frame holding pfn, created zeroed on first use; NULL when out of memory. */
static uint8_t *frame_get(struct vmi_ref_machine *m, uint64_t pfn)
{
    const struct vmi__ref_frame *found = frame_find(m, pfn);
    uint64_t i;

    if (found)
        return found->data;
    if ((m->frame_used + 1) * 2 > m->frame_slots && frames_grow(m) != 0)
        return NULL;
    i = frame_hash(pfn, m->frame_slots);
    while (m->frames[i].pfn != FRAME_EMPTY)
        i = (i + 1) & (m->frame_slots - 1);
    m->frames[i].data = calloc(1, VMI_PAGE_SIZE);
    if (!m->frames[i].data)
        return NULL;
    m->frames[i].pfn = pfn;
    m->frame_used++;
    return m->frames[i].data;
}

int vmi__ref_mem_valid(const struct vmi_ref_machine *m, uint64_t pa, uint64_t len)
{
    return pa < m->cfg.mem_bytes && len <= m->cfg.mem_bytes - pa;
}

void vmi__ref_mem_read(const struct vmi_ref_machine *m, uint64_t pa, void *buf, uint64_t len)
{
    uint8_t *out = buf;

    while (len) {
        uint64_t off = pa & (VMI_PAGE_SIZE - 1), n = VMI_PAGE_SIZE - off;
        const struct vmi__ref_frame *f = frame_find(m, pa / VMI_PAGE_SIZE);

        if (n > len)
            n = len;
        if (f)
            memcpy(out, f->data + off, n);
        else
            memset(out, 0, n);
        out += n;
        pa += n;
        len -= n;
    }
}

int vmi__ref_mem_write(struct vmi_ref_machine *m, uint64_t pa, const void *buf, uint64_t len)
{
    const uint8_t *in = buf;

    while (len) {
        uint64_t off = pa & (VMI_PAGE_SIZE - 1), n = VMI_PAGE_SIZE - off;
        uint8_t *data = frame_get(m, pa / VMI_PAGE_SIZE);

        if (!data)
            return -1;
        if (n > len)
            n = len;
        memcpy(data + off, in, n);
        in += n;
        pa += n;
        len -= n;
    }
    return 0;
}

uint64_t vmi__ref_mem_read64(const struct vmi_ref_machine *m, uint64_t pa)
{
    uint64_t v;

    vmi__ref_mem_read(m, pa, &v, sizeof(v));
    return v;
}

uint64_t vmi__ref_mem_load(const struct vmi_ref_machine *m, uint64_t pa, uint32_t width)
{
    uint8_t b[8];
    uint64_t v = 0;
    uint32_t i;

    vmi__ref_mem_read(m, pa, b, width);
    for (i = width; i > 0; i--)
        v = v << 8 | b[i - 1];
    return v;
}

int vmi__ref_mem_write64(struct vmi_ref_machine *m, uint64_t pa, uint64_t value)
{
    return vmi__ref_mem_write(m, pa, &value, sizeof(value));
}

vmi_status_t vmi_ref_phys_read(const struct vmi_ref_machine *m, uint64_t pa,
                               void *buf, uint32_t len)
{
    if (!buf || !vmi__ref_mem_valid(m, pa, len))
        return VMI_EINVAL;
    vmi__ref_mem_read(m, pa, buf, len);
    return VMI_OK;
}

vmi_status_t vmi_ref_phys_write(struct vmi_ref_machine *m, uint64_t pa,
                                const void *buf, uint32_t len)
{
    if (!buf || !vmi__ref_mem_valid(m, pa, len))
        return VMI_EINVAL;
    if (vmi__ref_mem_write(m, pa, buf, len) != 0)
        return VMI_ENOMEM;
    /* The bytes may be page-table entries: CPUs may now use what they map. */
    vmi__ref_tlb_refresh(m);
    return VMI_OK;
}

/* ---- the call protocol ---- */

int vmi__ref_has(const struct vmi_ref_machine *m, uint32_t feature)
{
    uint32_t g = VMI_FEATURE_GROUP(feature);

    return g < VMI_GROUP_COUNT && (m->cfg.features[g] & VMI_FEATURE_MASK(feature)) != 0;
}

vmi_status_t vmi__ref_enter(struct vmi_ref_cpu *cpu, uint32_t feature)
{
    struct vmi_ref_machine *m = cpu->m;
    uint32_t i;

    for (i = 0; i < VMI_PARAM_MAX; i++) {
        m->last[i].kind = VMI_REF_ALLOW_ANY;
        m->last[i].count = 0;
        m->last[i].fault = 0;
        m->last[i].value_ok = 1;
    }
    return vmi__ref_has(m, feature) ? VMI_OK : VMI_ENOTSUP;
}

vmi_status_t vmi__ref_leave(struct vmi_ref_cpu *cpu, vmi_status_t status)
{
    struct vmi_ref_machine *m = cpu->m;

    cpu->steal_ns += m->cfg.steal_ns_per_call;
    vmi__ref_time_advance_to(m, m->now_ns + m->cfg.call_cost_ns);
    vmi__ref_irq_deliver(cpu);
    return status;
}

static void allow_set(struct vmi_ref_machine *m, uint32_t param, uint32_t kind,
                      uint64_t a, uint64_t b)
{
    struct vmi_ref_allowed *al;

    if (param >= VMI_PARAM_MAX)
        return;
    al = &m->last[param];
    al->kind = kind;
    al->count = kind == VMI_REF_ALLOW_EXACT ? 1 : 0;
    al->fault = 0;
    al->value_ok = 1;
    al->v[0] = a;
    al->v[1] = b;
}

void vmi__ref_allow_exact(struct vmi_ref_machine *m, uint32_t param, uint64_t v)
{
    allow_set(m, param, VMI_REF_ALLOW_EXACT, v, 0);
}

void vmi__ref_allow_range(struct vmi_ref_machine *m, uint32_t param, uint64_t lo, uint64_t hi)
{
    allow_set(m, param, VMI_REF_ALLOW_RANGE, lo, hi);
}

void vmi__ref_allow_any(struct vmi_ref_machine *m, uint32_t param)
{
    allow_set(m, param, VMI_REF_ALLOW_ANY, 0, 0);
}

void vmi__ref_allowed_add(struct vmi_ref_allowed *a, uint64_t v)
{
    uint32_t i;

    if (a->kind != VMI_REF_ALLOW_EXACT)
        return;
    if (!a->value_ok) {
        a->value_ok = 1;
        a->count = 0;
    }
    for (i = 0; i < a->count; i++)
        if (a->v[i] == v)
            return;
    if (a->count == VMI_REF_ALLOWED_MAX)
        a->kind = VMI_REF_ALLOW_ANY;
    else
        a->v[a->count++] = v;
}

const struct vmi_ref_allowed *vmi_ref_last_allowed(const struct vmi_ref_machine *m,
                                                   uint32_t param)
{
    return param < VMI_PARAM_MAX ? &m->last[param] : NULL;
}

int vmi__ref_canonical(uint64_t va)
{
    uint64_t top = va >> 47;

    return top == 0 || top == 0x1ffff;
}
