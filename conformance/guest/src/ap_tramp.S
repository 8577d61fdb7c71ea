/*
 * The application processor's way from a STARTUP IPI to the image.
 *
 * smp_tramp_start..smp_tramp_end is a template: smp_tramp.c copies it to
 * SMP_TRAMPOLINE_PA and fills the data block at SMP_TD_OFFSET with what
 * cpu_start handed over (the calling CPU's CR0/CR3/CR4/EFER, GDT and IDT,
 * the entry, stack and argument).  It runs only there, so every absolute
 * address in it is computed for that page.  The CPU starts in real mode
 * with CS = page >> 4 and IP = 0.
 */
#include "layout.h"
#include "smp.h"

#define TD(field) (SMP_TRAMPOLINE_PA + SMP_TD_OFFSET + (field))
#define AT(label) (SMP_TRAMPOLINE_PA + ((label) - smp_tramp_start))

        .section .rodata.smp_tramp, "a"
        .globl smp_tramp_start, smp_tramp_end
        .code16
smp_tramp_start:
        cli
        cld
        mov     %cs, %ax
        mov     %ax, %ds
        /* The guest's own GDT: its 0x18 is flat 32-bit code, 0x10 flat
         * data and 0x08 64-bit code, all this path needs. */
        lgdtl   SMP_TD_OFFSET + SMP_TD_GDTR
        mov     %cr0, %eax
        or      $1, %eax                /* PE */
        mov     %eax, %cr0
        ljmpl   $GUEST_SEL_CODE32, $AT(tramp32)

        .code32
tramp32:
        mov     $GUEST_SEL_DATA, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     TD(SMP_TD_CR4), %eax    /* PAE first: paging comes on in long mode */
        mov     %eax, %cr4
        mov     TD(SMP_TD_CR3), %eax    /* the page tables sit below 4 GiB */
        mov     %eax, %cr3
        mov     $0xc0000080, %ecx       /* EFER: LME, and NXE if the caller has it */
        mov     TD(SMP_TD_EFER), %eax
        mov     TD(SMP_TD_EFER) + 4, %edx
        wrmsr
        mov     TD(SMP_TD_CR0), %eax
        mov     %eax, %cr0
        ljmp    $GUEST_SEL_CODE64, $AT(tramp64)

        .code64
tramp64:
        mov     $GUEST_SEL_DATA, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %eax, %fs
        mov     %eax, %gs
        lidt    TD(SMP_TD_IDTR)
        mov     TD(SMP_TD_STACK), %rsp
        mov     TD(SMP_TD_ARG), %rdi
        mov     TD(SMP_TD_ENTRY), %rsi
        mov     TD(SMP_TD_CONT), %rax
        jmp     *%rax
smp_tramp_end:

        .if smp_tramp_end - smp_tramp_start > SMP_TD_OFFSET
        .error "the trampoline's code runs into its data block"
        .endif

/*
 * In the image, on the stack cpu_start named: the CPU's own tables and
 * APIC first, then the adapter is told the CPU runs, then the entry gets
 * rsp = stack and rdi = arg with interrupts still off (the contract in
 * vmi-native/native.h).
 */
        .text
        .globl smp_ap_start64
smp_ap_start64:
        mov     %rsp, %r12
        mov     %rdi, %r13
        mov     %rsi, %r14
        and     $-16, %rsp
        call    smp_ap_early
        call    vmi_native_cpu_online
        mov     %r12, %rsp
        mov     %r13, %rdi
        jmp     *%r14

/* The entry smp_init hands to cpu_start: a C call frame, then the
 * mailbox loop, which never returns. */
        .globl smp_ap_entry
smp_ap_entry:
        and     $-16, %rsp
        xor     %ebp, %ebp
        call    smp_ap_main
1:      cli
        hlt
        jmp     1b

        .section .note.GNU-stack, "", @progbits
