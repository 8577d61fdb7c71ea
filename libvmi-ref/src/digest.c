/* A digest of the machine's guest-visible state, for determinism and no-effect checks. */
#include <stdlib.h>
#include "machine.h"

/*
 * FNV-1a over each field in a fixed order, never over a struct as a whole,
 * so padding and pointers do not enter it.  Left out on purpose: model time
 * (now_ns) and steal time, because every call moves them, refused ones
 * included (vmi__ref_leave); leaving them out is what lets "a refused call
 * changes nothing" (VMI-GEN-002) be checked by comparing digests.  Also
 * left out: the allowed sets of the last call, which describe a call, not
 * the machine.
 */

#define FNV_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME UINT64_C(0x100000001b3)

static void h_bytes(uint64_t *h, const void *p, size_t n)
{
    const uint8_t *b = p;
    size_t i;

    for (i = 0; i < n; i++) {
        *h ^= b[i];
        *h *= FNV_PRIME;
    }
}

/* Integers go in little-endian byte order whatever the host's. */
static void h_u64(uint64_t *h, uint64_t v)
{
    int i;

    for (i = 0; i < 8; i++) {
        *h ^= (uint8_t)(v >> (8 * i));
        *h *= FNV_PRIME;
    }
}

static void h_u64s(uint64_t *h, const uint64_t *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        h_u64(h, v[i]);
}

static void h_u32s(uint64_t *h, const uint32_t *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        h_u64(h, v[i]);
}

static void h_config(uint64_t *h, const struct vmi_ref_config *c)
{
    h_u64(h, c->cpus);
    h_u64(h, c->mem_bytes);
    h_u64s(h, c->features, VMI_GROUP_COUNT);
    h_u64(h, c->cr4_supported);
    h_u64(h, c->tsc_hz);
    h_u64(h, c->wallclock_boot_ns);
    h_u64(h, c->call_cost_ns);
    h_u64(h, c->steal_ns_per_call);
}

static void h_apic(uint64_t *h, const struct vmi__ref_apic *a)
{
    uint32_t scalars[7];

    scalars[0] = a->tpr;
    scalars[1] = a->ldr;
    scalars[2] = a->dfr;
    scalars[3] = a->svr;
    scalars[4] = a->esr;
    scalars[5] = a->timer_icr;
    scalars[6] = a->timer_dcr;
    h_u32s(h, scalars, 7);
    h_u32s(h, a->lvt, 6);
    h_u32s(h, a->irr, 8);
    h_u32s(h, a->isr, 8);
    h_u32s(h, a->tmr, 8);
}

static void h_tlb_set(uint64_t *h, const struct vmi__ref_tlb_set *s)
{
    uint32_t i;

    h_u64(h, s->count);
    h_u64(h, s->overflow);
    for (i = 0; i < s->count && i < VMI__REF_TLB_ALT; i++) {
        h_u64(h, s->x[i].pa_page);
        h_u64(h, s->x[i].flags);
        h_u64(h, s->x[i].present);
        h_u64(h, s->x[i].global);
    }
}

/* Registers, descriptor tables and what the model knows of them. */
static void h_cpu_regs(uint64_t *h, const struct vmi_ref_cpu *c)
{
    uint64_t v[18];

    v[0] = c->online; v[1] = c->halted; v[2] = c->kick_pending; v[3] = c->lazy;
    v[4] = c->cr0; v[5] = c->cr2; v[6] = c->cr3; v[7] = c->cr4; v[8] = c->cr8;
    v[9] = c->rflags; v[10] = c->msr_written; v[11] = c->guest_set;
    v[12] = c->gdt_base; v[13] = c->gdt_limit; v[14] = c->idt_base;
    v[15] = c->idt_limit; v[16] = (uint64_t)c->ldt_sel << 16 | c->tr_sel;
    v[17] = c->ldt_base;
    h_u64s(h, v, 18);
    h_u64(h, c->ldt_limit);
    h_u64s(h, c->msr, VMI__REF_MSR_COUNT);
    h_u64s(h, c->dr, 8);
}

static void h_cpu(uint64_t *h, const struct vmi_ref_cpu *c)
{
    uint32_t i;

    h_u64(h, c->index);
    h_cpu_regs(h, c);
    h_apic(h, &c->apic);
    h_u64s(h, c->irq_count, 256);
    h_u64(h, c->timer_armed);
    h_u64(h, c->timer_vector);
    h_u64(h, c->timer_deadline);
    h_u64(h, c->tsc_last);
    h_u64(h, c->start_entry);
    h_u64(h, c->start_stack);
    h_u64(h, c->start_arg);
    h_u64(h, c->lazy_count);
    for (i = 0; i < c->lazy_count && i < VMI__REF_LAZY_MAX; i++) {
        h_u64(h, c->lazy_q[i].pa);
        h_u64(h, c->lazy_q[i].old_value);
        h_u64(h, c->lazy_q[i].new_value);
    }
    for (i = 0; i < VMI__REF_TRACK_MAX; i++)
        h_tlb_set(h, &c->tlb[i]);
}

static int frame_zero(const uint8_t *data)
{
    size_t i;

    for (i = 0; i < VMI_PAGE_SIZE; i++)
        if (data[i])
            return 0;
    return 1;
}

static int pfn_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* The pfns of the frames with a non-zero byte, sorted; a frame of zeros
 * reads like one never written, so it must hash like one.  NULL with *n
 * set when out of memory. */
static uint64_t *frames_sorted(const struct vmi_ref_machine *m, uint64_t *n)
{
    uint64_t i, *pfns = malloc(sizeof(*pfns) * (m->frame_used ? m->frame_used : 1));

    *n = 0;
    if (!pfns)
        return NULL;
    for (i = 0; i < m->frame_slots; i++)
        if (m->frames[i].pfn != UINT64_MAX && !frame_zero(m->frames[i].data))
            pfns[(*n)++] = m->frames[i].pfn;
    qsort(pfns, *n, sizeof(*pfns), pfn_cmp);
    return pfns;
}

static void h_memory(uint64_t *h, const struct vmi_ref_machine *m)
{
    uint64_t n, i;
    uint64_t *pfns = frames_sorted(m, &n);
    uint8_t page[VMI_PAGE_SIZE];

    if (!pfns) {
        h_u64(h, UINT64_MAX);   /* cannot happen in tests; marks the digest */
        return;
    }
    for (i = 0; i < n; i++) {
        h_u64(h, pfns[i]);
        vmi__ref_mem_read(m, pfns[i] * VMI_PAGE_SIZE, page, VMI_PAGE_SIZE);
        h_bytes(h, page, VMI_PAGE_SIZE);
    }
    free(pfns);
}

uint64_t vmi_ref_machine_digest(const struct vmi_ref_machine *m)
{
    uint64_t h = FNV_OFFSET;
    uint32_t i;

    h_config(&h, &m->cfg);
    for (i = 0; i < m->cfg.cpus; i++)
        h_cpu(&h, &m->cpus[i]);
    h_memory(&h, m);
    h_u64(&h, m->console_len);
    h_u64(&h, m->console_total);
    if (m->console_len)
        h_bytes(&h, m->console, m->console_len);
    h_u64(&h, m->power);
    h_u64(&h, m->power_code);
    h_u64(&h, m->mono_last);
    h_u64(&h, m->track_count);
    h_u64s(&h, m->track_va, m->track_count < VMI__REF_TRACK_MAX ? m->track_count
                                                                : VMI__REF_TRACK_MAX);
    return h;
}
