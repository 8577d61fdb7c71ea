/* The native adapter's trampoline hook: ap_tramp.S copied below 1 MiB with its data block. */
#include "smp.h"

#define EFER_LMA (1ull << 10)

extern const char smp_tramp_start[], smp_tramp_end[];
extern const char smp_ap_start64[];

static void put16(uint8_t *p, uint16_t v)
{
    vmi_rec_put16(p, v);
}

static void put64(uint8_t *p, uint64_t v)
{
    vmi_rec_put64(p, v);
}

uint64_t smp_trampoline(const struct vmi_native_start *s)
{
    uint8_t *page = (uint8_t *)(uintptr_t)SMP_TRAMPOLINE_PA, *td = page + SMP_TD_OFFSET;

    /* lgdtl in real mode takes a 32-bit base, and CR3 is loaded from 32
     * bits before long mode: both must lie below 4 GiB, as this image's do. */
    if (s->gdt_base >> 32 || s->cr3 >> 32)
        return 0;
    memcpy(page, smp_tramp_start, (size_t)(smp_tramp_end - smp_tramp_start));
    memset(td, 0, SMP_TD_SIZE);
    put16(td + SMP_TD_GDTR, s->gdt_limit);
    vmi_rec_put32(td + SMP_TD_GDTR + 2, (uint32_t)s->gdt_base);
    put64(td + SMP_TD_CR0, s->cr0);
    put64(td + SMP_TD_CR3, s->cr3);
    put64(td + SMP_TD_CR4, s->cr4);
    put64(td + SMP_TD_EFER, s->efer & ~EFER_LMA);   /* LMA is the CPU's to set */
    put64(td + SMP_TD_STACK, s->stack);
    put64(td + SMP_TD_ENTRY, s->entry);
    put64(td + SMP_TD_ARG, s->arg);
    put64(td + SMP_TD_CONT, (uint64_t)(uintptr_t)smp_ap_start64);
    put16(td + SMP_TD_IDTR, s->idt_limit);
    put64(td + SMP_TD_IDTR + 2, s->idt_base);
    return SMP_TRAMPOLINE_PA;
}
