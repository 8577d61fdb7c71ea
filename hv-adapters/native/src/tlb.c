/* TLB flushes: local by INVLPG, CR3 reload and CR4.PGE toggle; remote by IPI (VMI-TLB-001..006). */
#include "native_internal.h"

#define CR4_PGE ((uint64_t)1 << 7)
#define PAGE_SHIFT 12u
/* Above this many pages one global flush is cheaper than INVLPG each
 * (VMI-TLB-006 allows flushing more). */
#define INVLPG_MAX 32u
#define SHOOTDOWN_WAIT_MAX 100000000u

int vmi__native_canonical(uint64_t va)
{
    uint64_t top = va >> 47;

    return top == 0 || top == 0x1ffff;
}

static void flush_cr3(void)
{
    vmi_x86_cr_write_safe(3, vmi_x86_cr_read(3));
}

/* Toggling CR4.PGE drops every translation, global ones included; with
 * PGE clear there are no global translations and a CR3 reload suffices. */
static void flush_global(void)
{
    uint64_t cr4 = vmi_x86_cr_read(4);

    if (cr4 & CR4_PGE) {
        vmi_x86_cr_write_safe(4, cr4 & ~CR4_PGE);
        vmi_x86_cr_write_safe(4, cr4);
    } else {
        flush_cr3();
    }
}

vmi_status_t vmi__native_tlb_flush_all(void)
{
    /* VMI-TLB-001; nothing is ever deferred (VMI-MMU-013 holds). */
    flush_cr3();
    return VMI_OK;
}

vmi_status_t vmi__native_tlb_flush_global(void)
{
    /* VMI-TLB-002 */
    flush_global();
    return VMI_OK;
}

vmi_status_t vmi__native_tlb_flush_one(uint64_t va)
{
    /* VMI-TLB-003: INVLPG drops global translations of the page too. */
    if (!vmi__native_canonical(va))
        return VMI_EINVAL;
    vmi_x86_invlpg(va);
    return VMI_OK;
}

void vmi__native_flush_local(uint64_t va, uint64_t pages)
{
    uint64_t i;

    if (pages > INVLPG_MAX) {
        flush_global();
        return;
    }
    for (i = 0; i < pages; i++)
        vmi_x86_invlpg(va + (i << PAGE_SHIFT));
}

/* VMI-TLB-005: aligned, non-empty, no wrap, wholly in one canonical half. */
int vmi__native_range_valid(uint64_t va, uint64_t pages)
{
    uint64_t last;

    if ((va & (VMI_PAGE_SIZE - 1)) != 0 || pages == 0 || pages > (UINT64_MAX >> PAGE_SHIFT))
        return 0;
    if ((pages << PAGE_SHIFT) - 1 > UINT64_MAX - va)
        return 0;
    last = va + (pages << PAGE_SHIFT) - 1;
    return vmi__native_canonical(va) && vmi__native_canonical(last) && (va >> 47) == (last >> 47);
}

int vmi__native_cpus_valid(uint32_t base, uint64_t mask)
{
    uint32_t i;

    for (i = 0; i < VMI_CPU_MASK_BITS; i++)
        if ((mask >> i & 1u) && (uint64_t)base + i >= vmi__native.ncpus)
            return 0;
    return 1;
}

void vmi__native_shootdown_serve(uint32_t cpu)
{
    struct vmi__native_cpu *c;

    if (cpu >= VMI_NATIVE_CPU_MAX)
        return;
    c = &vmi__native.cpu[cpu];
    if (!__atomic_load_n(&c->flush_pending, __ATOMIC_ACQUIRE))
        return;
    vmi__native_flush_local(c->flush_va, c->flush_pages);
    __atomic_store_n(&c->flush_pending, 0u, __ATOMIC_RELEASE);
}

void vmi_native_shootdown_handler(void)
{
    vmi__native_shootdown_serve(vmi__native_cpu_self());
    vmi__native_apic_put(VMI_APIC_EOI, 0);
}

/* Posts the request to every named online CPU but the caller, sends the
 * vector, and waits for each to acknowledge, serving its own mailbox as
 * it waits (the deadlock-freedom half of the contract in native.h).  A CPU
 * that is not online holds no translations and is skipped. */
static void shootdown(uint32_t self, uint32_t base, uint64_t mask, uint64_t va, uint64_t pages)
{
    uint32_t i, spins;

    for (i = 0; i < VMI_CPU_MASK_BITS; i++) {
        struct vmi__native_cpu *c = &vmi__native.cpu[base + i];

        if (!(mask >> i & 1u) || base + i == self || !c->online)
            continue;
        c->flush_va = va;
        c->flush_pages = pages;
        __atomic_store_n(&c->flush_pending, 1u, __ATOMIC_RELEASE);
        vmi__native_icr_send(c->apic_id, vmi__native.cfg.shootdown_vector);
    }
    for (i = 0; i < VMI_CPU_MASK_BITS; i++)
        for (spins = 0; (mask >> i & 1u) && spins < SHOOTDOWN_WAIT_MAX &&
                        __atomic_load_n(&vmi__native.cpu[base + i].flush_pending, __ATOMIC_ACQUIRE);
             spins++) {
            vmi__native_shootdown_serve(self);
            vmi_x86_pause();
        }
}

/* The caller's bit in a mask based at cpu_base, or 0 when outside it. */
static uint64_t self_bit(uint32_t self, uint32_t base)
{
    return self >= base && self - base < VMI_CPU_MASK_BITS ? (uint64_t)1 << (self - base) : 0;
}

vmi_status_t vmi__native_tlb_flush_range(uint32_t cpu_base, uint64_t cpu_mask, uint64_t va,
                                         uint64_t pages)
{
    /* VMI-TLB-004..006 */
    uint32_t self = vmi__native_cpu_self();
    uint64_t mine = self_bit(self, cpu_base) & cpu_mask;

    if (!vmi__native_has(VMI_FEAT_TLB_REMOTE))
        return VMI_ENOTSUP;
    if (!vmi__native_range_valid(va, pages) || !vmi__native_cpus_valid(cpu_base, cpu_mask))
        return VMI_EINVAL;
    if (mine)
        vmi__native_flush_local(va, pages);
    if (cpu_mask & ~mine) {
        /* One shootdown at a time; a CPU waiting its turn serves requests
         * made to it meanwhile. */
        while (__atomic_exchange_n(&vmi__native.flush_lock, 1u, __ATOMIC_ACQUIRE)) {
            vmi__native_shootdown_serve(self);
            vmi_x86_pause();
        }
        shootdown(self, cpu_base, cpu_mask, va, pages);
        __atomic_store_n(&vmi__native.flush_lock, 0u, __ATOMIC_RELEASE);
    }
    return VMI_OK;
}
