/*
 * Entry points for vectors 32..255: each pushes its vector and joins one
 * path that saves the registers a C call may clobber, calls
 * irq_dispatch(vector) and returns with iretq.  No error code exists for
 * these vectors, so the frame is the CPU's five words and the vector.
 */
        .text
        .code64

        .globl guest_irq_stubs
        .set vec, 32
        .rept 224
        .p2align 3
1:      pushq   $vec
        jmp     irq_common
        .pushsection .rodata
        .if vec == 32
        .p2align 3
guest_irq_stubs:
        .endif
        .quad   1b
        .popsection
        .set vec, vec + 1
        .endr

irq_common:
        push    %rax
        push    %rcx
        push    %rdx
        push    %rsi
        push    %rdi
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        /* CPU frame 40 + vector 8 + 72 = 120 bytes from a 16-aligned
         * %rsp: 8 more keep the call aligned as the ABI wants. */
        sub     $8, %rsp
        mov     80(%rsp), %rdi
        cld
        call    irq_dispatch
        add     $8, %rsp
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rdi
        pop     %rsi
        pop     %rdx
        pop     %rcx
        pop     %rax
        add     $8, %rsp                /* the vector */
        iretq

        .section .note.GNU-stack, "", @progbits
