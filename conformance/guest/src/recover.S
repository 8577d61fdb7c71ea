/*
 * Recovery points, a setjmp/longjmp pair of our own: the guest has no C
 * library, and a fault handler must get back to the code that started a
 * trace with the callee-saved registers, the stack and the interrupt flag
 * as they were.  Offsets match struct guest_recover in trap.h.
 */
        .text
        .code64

/* int guest_recover_set(struct guest_recover *r): 0 now, the value given
 * to guest_recover_jump later. */
        .globl guest_recover_set
guest_recover_set:
        mov     %rbx, 0(%rdi)
        mov     %rbp, 8(%rdi)
        mov     %r12, 16(%rdi)
        mov     %r13, 24(%rdi)
        mov     %r14, 32(%rdi)
        mov     %r15, 40(%rdi)
        lea     8(%rsp), %rax           /* %rsp once we have returned */
        mov     %rax, 48(%rdi)
        mov     (%rsp), %rax            /* where we return to */
        mov     %rax, 56(%rdi)
        pushfq
        pop     %rax
        mov     %rax, 64(%rdi)
        xor     %eax, %eax
        ret

/* void guest_recover_jump(struct guest_recover *r, int value): returns
 * from r's guest_recover_set a second time, with value (never 0). */
        .globl guest_recover_jump
guest_recover_jump:
        mov     0(%rdi), %rbx
        mov     8(%rdi), %rbp
        mov     16(%rdi), %r12
        mov     24(%rdi), %r13
        mov     32(%rdi), %r14
        mov     40(%rdi), %r15
        mov     48(%rdi), %rsp
        pushq   64(%rdi)
        popfq                           /* the interrupt flag as it was at set time */
        mov     %esi, %eax
        jmp     *56(%rdi)

        .section .note.GNU-stack, "", @progbits
