/*
 * The 32 exception entry points.  Each pushes a dummy error code where the
 * CPU pushes none, then its vector, so trap_dispatch sees one frame layout
 * (struct trap_frame in trap.h).  trap_dispatch either returns (the frame,
 * perhaps edited, is resumed with iretq) or never returns (recovery jump or
 * exit).
 */
        .text
        .code64

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERROR(n) ((n) == 8 || (n) == 10 || (n) == 11 || (n) == 12 || (n) == 13 || \
                      (n) == 14 || (n) == 17 || (n) == 21 || (n) == 29 || (n) == 30)

        .globl guest_trap_stubs
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        .p2align 4
trap_vector_\n:
        .if HAS_ERROR(\n) == 0
        pushq   $0
        .endif
        pushq   $\n
        jmp     trap_common
        .pushsection .rodata
        .if \n == 0
        .p2align 3
guest_trap_stubs:
        .endif
        .quad   trap_vector_\n
        .popsection
        .endr

trap_common:
        push    %rax
        push    %rbx
        push    %rcx
        push    %rdx
        push    %rsi
        push    %rdi
        push    %rbp
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        /* 15 registers + vector + error + the CPU's 5 words = 176 bytes:
         * %rsp stays 16-byte aligned for the call, as the ABI wants. */
        mov     %rsp, %rdi
        cld
        call    trap_dispatch
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rbp
        pop     %rdi
        pop     %rsi
        pop     %rdx
        pop     %rcx
        pop     %rbx
        pop     %rax
        add     $16, %rsp               /* vector and error code */
        iretq

        .section .note.GNU-stack, "", @progbits
