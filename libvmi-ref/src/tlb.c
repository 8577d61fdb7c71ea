/* The TLB model: page walks and the translations each CPU may still use. */
#include <string.h>
#include "machine.h"

/*
 * Modelling choice.  An x86 TLB may hold any translation that was valid
 * for an address on that CPU since the CPU last invalidated it
 * (VMI-MMU-006).  The model does not pick which one the hardware uses: for
 * each tracked virtual page (m->track_va) and each CPU it keeps the set of
 * translations the CPU may still use, cpu->tlb[i].  Every page-table change
 * adds the new walk result to the sets of the online CPUs; a flush resets
 * a set to the current walk (plus the global entries a non-global flush
 * keeps).  A probe read then allows the value behind any member.
 *
 * Lazy MMU mode (VMI-MMU-010) lets a CPU's page-table updates reach other
 * observers late, until that CPU flushes.  The model writes them at once,
 * so a flush also re-adds the walks as they would be with only a prefix of
 * each CPU's deferred queue applied (VMI-MMU-014 keeps the order).
 *
 * A set that fills up records which kinds of translation it dropped in
 * `overflow`; while any are missing, every value and a fault are allowed.
 */

/* overflow bits: a dropped translation was non-global / global. */
#define OVF_LOCAL 1u
#define OVF_GLOBAL 2u

#define EFER_NXE ((uint64_t)1 << 11)
#define CR4_PGE ((uint64_t)1 << 7)
#define PAGE_MASK (~(uint64_t)(VMI_PAGE_SIZE - 1))

/* A view of page-table memory: the current contents, or those seen with
 * only the first `prefix` updates of queue `q` applied. */
struct pt_view {
    const struct vmi_ref_cpu *q;
    uint32_t prefix;
};

/* One entry as the view shows it; outside guest memory reads as not present. */
static uint64_t entry_read(const struct vmi_ref_machine *m, const struct pt_view *v,
                           uint64_t pa)
{
    uint32_t i;

    if (v && v->q)
        for (i = v->prefix; i < v->q->lazy_count; i++)
            if (v->q->lazy_q[i].pa == pa)
                return v->q->lazy_q[i].old_value;
    return vmi__ref_mem_valid(m, pa, 8) ? vmi__ref_mem_read64(m, pa) : 0;
}

/* Bits the architecture reserves in an entry, which make the walk fault. */
static int entry_reserved(uint64_t e, uint32_t level, int leaf, int nxe)
{
    if (!nxe && (e & VMI_PTE_NX))
        return 1;
    if (level == 4 && (e & VMI_PTE_PS))
        return 1;
    /* A large page's address bits below its size, except PAT (bit 12). */
    if (leaf && level == 2)
        return (e & UINT64_C(0x1fe000)) != 0;
    if (leaf && level == 3)
        return (e & UINT64_C(0x3fffe000)) != 0;
    return 0;
}

static void leaf_fill(const struct vmi_ref_cpu *cpu, uint64_t va, uint64_t e, uint32_t level,
                      uint64_t flags, struct vmi__ref_xlate *x)
{
    uint64_t size = (uint64_t)VMI_PAGE_SIZE << (9 * (level - 1));

    x->present = 1;
    x->pa_page = (e & VMI_PTE_ADDR_MASK & ~(size - 1)) | (va & (size - 1) & PAGE_MASK);
    x->global = (e & VMI_PTE_G) && (cpu->cr4 & CR4_PGE);
    x->flags = flags | (x->global ? VMI_PTE_G : 0);
}

/* The 4-level walk from CR3 through view v (VMI-MMU-006 "current tables"). */
static void walk_view(const struct vmi_ref_cpu *cpu, uint64_t va, const struct pt_view *v,
                      struct vmi__ref_xlate *x)
{
    uint64_t table = cpu->cr3 & VMI_PTE_ADDR_MASK;
    uint64_t flags = VMI_PTE_P | VMI_PTE_RW | VMI_PTE_US;
    int nxe = (cpu->msr[VMI__REF_MSR_EFER] & EFER_NXE) != 0;
    uint32_t level;

    memset(x, 0, sizeof(*x));
    if (!vmi__ref_canonical(va))
        return;
    for (level = 4; level >= 1; level--) {
        uint64_t idx = (va >> (12 + 9 * (level - 1))) & (VMI_PT_ENTRIES - 1);
        uint64_t e = entry_read(cpu->m, v, table + 8 * idx);
        int leaf = level == 1 || ((level == 2 || level == 3) && (e & VMI_PTE_PS));

        if (!(e & VMI_PTE_P) || entry_reserved(e, level, leaf, nxe))
            return;
        flags &= e | ~(VMI_PTE_RW | VMI_PTE_US);
        if (nxe && (e & VMI_PTE_NX))
            flags |= VMI_PTE_NX;
        if (leaf) {
            leaf_fill(cpu, va, e, level, flags, x);
            return;
        }
        table = e & VMI_PTE_ADDR_MASK;
    }
}

void vmi__ref_walk(const struct vmi_ref_cpu *cpu, uint64_t va, struct vmi__ref_xlate *x)
{
    walk_view(cpu, va, NULL, x);
}

/* ---- translation sets ---- */

static int xlate_same(const struct vmi__ref_xlate *a, const struct vmi__ref_xlate *b)
{
    return a->present == b->present && a->pa_page == b->pa_page &&
           a->flags == b->flags && a->global == b->global;
}

static void set_add(struct vmi__ref_tlb_set *s, const struct vmi__ref_xlate *x)
{
    uint32_t i;

    for (i = 0; i < s->count; i++)
        if (xlate_same(&s->x[i], x))
            return;
    if (s->count < VMI__REF_TLB_ALT)
        s->x[s->count++] = *x;
    else
        s->overflow |= x->global ? OVF_GLOBAL : OVF_LOCAL;
}

/* Walks of va under every prefix of every CPU's deferred queue. */
static void set_add_deferred(struct vmi__ref_tlb_set *s, const struct vmi_ref_cpu *cpu,
                             uint64_t va)
{
    const struct vmi_ref_machine *m = cpu->m;
    struct vmi__ref_xlate x;
    struct pt_view v;
    uint32_t c;

    for (c = 0; c < m->cfg.cpus; c++) {
        v.q = &m->cpus[c];
        for (v.prefix = 0; v.prefix < v.q->lazy_count; v.prefix++) {
            walk_view(cpu, va, &v, &x);
            set_add(s, &x);
        }
    }
}

/* Invalidate one tracked page: only the current tables (and, for a
 * non-global flush, the global entries held) remain usable. */
static void set_reset(struct vmi_ref_cpu *cpu, uint32_t i, int keep_global)
{
    struct vmi__ref_tlb_set old = cpu->tlb[i], *s = &cpu->tlb[i];
    struct vmi__ref_xlate cur;
    uint32_t j;

    vmi__ref_walk(cpu, cpu->m->track_va[i], &cur);
    memset(s, 0, sizeof(*s));
    s->x[s->count++] = cur;
    if (keep_global) {
        for (j = 0; j < old.count; j++)
            if (old.x[j].global)
                set_add(s, &old.x[j]);
        s->overflow |= old.overflow & OVF_GLOBAL;
    }
    set_add_deferred(s, cpu, cpu->m->track_va[i]);
}

void vmi__ref_tlb_refresh(struct vmi_ref_machine *m)
{
    struct vmi__ref_xlate x;
    uint32_t c, i;

    for (c = 0; c < m->cfg.cpus; c++) {
        struct vmi_ref_cpu *cpu = &m->cpus[c];

        if (!cpu->online)
            continue;
        for (i = 0; i < m->track_count; i++) {
            vmi__ref_walk(cpu, m->track_va[i], &x);
            set_add(&cpu->tlb[i], &x);
        }
    }
}

void vmi__ref_tlb_flush_cpu(struct vmi_ref_cpu *cpu, int global)
{
    uint32_t i;

    for (i = 0; i < cpu->m->track_count; i++)
        set_reset(cpu, i, !global);
}

void vmi__ref_tlb_flush_pages(struct vmi_ref_cpu *cpu, uint64_t va, uint64_t pages)
{
    uint64_t base = va & PAGE_MASK;
    uint32_t i;

    /* Global entries go too: a per-page flush is INVLPG (VMI-TLB-003). */
    for (i = 0; i < cpu->m->track_count; i++) {
        uint64_t t = cpu->m->track_va[i];

        if (t >= base && (t - base) / VMI_PAGE_SIZE < pages)
            set_reset(cpu, i, 0);
    }
}

/* ---- probes ---- */

static int track_find(const struct vmi_ref_machine *m, uint64_t page)
{
    uint32_t i;

    for (i = 0; i < m->track_count; i++)
        if (m->track_va[i] == page)
            return (int)i;
    return -1;
}

vmi_status_t vmi_ref_va_track(struct vmi_ref_machine *m, uint64_t va)
{
    uint64_t page = va & PAGE_MASK;
    uint32_t c, i;

    if (!m || !vmi__ref_canonical(va))
        return VMI_EINVAL;
    if (track_find(m, page) >= 0)
        return VMI_OK;
    if (m->track_count == VMI__REF_TRACK_MAX)
        return VMI_ENOMEM;
    /* Translations from before tracking began are not known: the set
     * starts as the current walk, so callers track before they remap. */
    i = m->track_count++;
    m->track_va[i] = page;
    for (c = 0; c < VMI_REF_MAX_CPUS; c++) {
        struct vmi__ref_tlb_set *s = &m->cpus[c].tlb[i];

        memset(s, 0, sizeof(*s));
        vmi__ref_walk(&m->cpus[c], page, &s->x[0]);
        s->count = 1;
    }
    return VMI_OK;
}

/* Add what a read through translation x may give to the allowed set. */
static void allowed_note(const struct vmi_ref_machine *m, const struct vmi__ref_xlate *x,
                         uint64_t off, uint32_t width, struct vmi_ref_allowed *a)
{
    uint64_t pa = x->pa_page + off;

    if (!x->present) {
        a->fault = 1;
    } else if (!vmi__ref_mem_valid(m, pa, width)) {
        /* No RAM behind the address: what a read returns is platform-defined. */
        a->kind = VMI_REF_ALLOW_ANY;
        a->value_ok = 1;
    } else {
        vmi__ref_allowed_add(a, vmi__ref_mem_load(m, pa, width));
    }
}

vmi_status_t vmi_ref_probe_read(struct vmi_ref_cpu *cpu, uint64_t va, uint32_t width,
                                struct vmi_ref_allowed *out)
{
    const struct vmi__ref_tlb_set *s;
    struct vmi__ref_xlate cur;
    uint64_t off = va & (VMI_PAGE_SIZE - 1);
    uint32_t j;
    int i;

    if (!cpu || !out || (width != 1 && width != 2 && width != 4 && width != 8) ||
        off + width > VMI_PAGE_SIZE || !vmi__ref_canonical(va))
        return VMI_EINVAL;
    i = track_find(cpu->m, va & PAGE_MASK);
    if (i < 0) {
        vmi_status_t st = vmi_ref_va_track(cpu->m, va);

        if (st != VMI_OK)
            return st;
        i = track_find(cpu->m, va & PAGE_MASK);
    }
    memset(out, 0, sizeof(*out));
    out->kind = VMI_REF_ALLOW_EXACT;
    s = &cpu->tlb[i];
    vmi__ref_walk(cpu, va, &cur);
    allowed_note(cpu->m, &cur, off, width, out);
    for (j = 0; j < s->count; j++)
        allowed_note(cpu->m, &s->x[j], off, width, out);
    if (s->overflow) {
        out->kind = VMI_REF_ALLOW_ANY;
        out->value_ok = 1;
        out->fault = 1;
    }
    return VMI_OK;
}
