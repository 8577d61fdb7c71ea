/*
 * The PVH entry: QEMU (or Xen) jumps to pvh_start32 in 32-bit protected mode,
 * paging off, flat segments, %ebx = physical address of hvm_start_info, no
 * stack and no GDT we may rely on.  This file gets to long mode with an
 * identity map of the low 4 GiB and calls guest_main(start_info).
 */
#include "layout.h"

/* The one ELF note QEMU looks for.  p_align of its segment must stay 4:
 * QEMU pads the note name to p_align (hv-abi-facts.md §3.8). */
        .section .note.Xen, "a", @note
        .p2align 2
        .long 4                         /* namesz: "Xen\0" */
        .long 4                         /* descsz: a 32-bit entry */
        .long GUEST_XEN_ELFNOTE_PHYS32_ENTRY
        .asciz "Xen"
        .long pvh_start32

        .section .text.boot, "ax"
        .code32
        .globl pvh_start32
pvh_start32:
        cli
        cld
        mov     %ebx, %esi              /* cpuid below clobbers %ebx */
        lgdt    boot_gdtr
        ljmp    $GUEST_SEL_CODE32, $1f
1:      mov     $GUEST_SEL_DATA, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %eax, %fs
        mov     %eax, %gs
        /* .bss holds the page tables and the stack: zero it before use,
         * whatever the loader did with it. */
        mov     $__bss_start, %edi
        mov     $__bss_end, %ecx
        sub     %edi, %ecx
        shr     $2, %ecx
        xor     %eax, %eax
        rep stosl
        /* The calls below need a stack, and PVH gives none: QEMU's option
         * ROM leaves a usable %esp, Xen enters dom0 with %esp = 0, where a
         * call pushes to 0xfffffffc (no RAM) and ret pops 0xffffffff. */
        mov     $guest_boot_stack_top, %esp
        call    check_long_mode
        call    build_idmap
        jmp     enter_long_mode

/* CPUID.80000001h:EDX[29]; without it the only thing to do is say so. */
check_long_mode:
        mov     $0x80000000, %eax
        cpuid
        cmp     $0x80000001, %eax
        jb      no_long_mode
        mov     $0x80000001, %eax
        cpuid
        bt      $29, %edx
        jnc     no_long_mode
        ret
no_long_mode:
        mov     $GUEST_EXIT_NO_LM, %eax
        mov     $GUEST_DEBUG_EXIT_PORT, %dx
        out     %eax, %dx
2:      hlt
        jmp     2b

/* PML4[0] -> PDPT[0..3] -> four page directories of 2 MiB pages. */
build_idmap:
        mov     $guest_pdpt, %eax
        or      $0x3, %eax              /* present, writable */
        mov     %eax, guest_pml4
        xor     %ecx, %ecx
3:      mov     %ecx, %eax
        shl     $12, %eax
        add     $guest_pd, %eax
        or      $0x3, %eax
        mov     %eax, guest_pdpt(,%ecx,8)
        inc     %ecx
        cmp     $GUEST_IDMAP_GIB, %ecx
        jb      3b
        xor     %ecx, %ecx
4:      mov     %ecx, %eax
        shl     $21, %eax
        or      $0x83, %eax             /* present, writable, 2 MiB page */
        cmp     $GUEST_IDMAP_UC_FROM_2M, %ecx
        jb      5f
        or      $0x18, %eax             /* PWT|PCD: uncached MMIO */
5:      mov     %eax, guest_pd(,%ecx,8)
        inc     %ecx
        cmp     $(GUEST_IDMAP_GIB * 512), %ecx
        jb      4b
        ret

enter_long_mode:
        mov     %cr4, %eax
        or      $0x20, %eax             /* PAE */
        mov     %eax, %cr4
        mov     $guest_pml4, %eax
        mov     %eax, %cr3
        mov     $0xc0000080, %ecx       /* EFER */
        rdmsr
        or      $0x100, %eax            /* LME */
        wrmsr
        mov     %cr0, %eax
        or      $0x80010020, %eax       /* PG, WP (read-only pages bind ring 0), NE */
        mov     %eax, %cr0
        ljmp    $GUEST_SEL_CODE64, $long_entry

        .code64
long_entry:
        mov     $GUEST_SEL_DATA, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %eax, %fs
        mov     %eax, %gs
        mov     $guest_boot_stack_top, %rsp
        xor     %ebp, %ebp              /* ends frame-pointer walks */
        mov     %esi, %edi              /* zero-extends: start_info is below 4 GiB */
        call    guest_main
6:      cli
        hlt
        jmp     6b

/* The GDT lives on for the whole run; cpu.c adds the TSS descriptor. */
        .section .data
        .p2align 4
        .globl guest_gdt
guest_gdt:
        .quad 0
        .quad 0x00af9a000000ffff        /* 0x08: 64-bit code */
        .quad 0x00cf92000000ffff        /* 0x10: flat data */
        .quad 0x00cf9a000000ffff        /* 0x18: flat 32-bit code */
        .quad 0, 0                      /* 0x20: the TSS, filled in by cpu.c */
guest_gdt_end:
        .if guest_gdt_end - guest_gdt != GUEST_GDT_SIZE
        .error "the GDT and GUEST_GDT_SIZE (layout.h) disagree"
        .endif
        .p2align 2
boot_gdtr:
        .word guest_gdt_end - guest_gdt - 1
        .long guest_gdt

        .section .bss
        .p2align 12
        .globl guest_pml4, guest_pdpt, guest_pd
guest_pml4:
        .skip 4096
guest_pdpt:
        .skip 4096
guest_pd:
        .skip 4096 * GUEST_IDMAP_GIB
        .p2align 4
guest_boot_stack:
        .skip GUEST_BOOT_STACK_SIZE
        .globl guest_boot_stack_top
guest_boot_stack_top:

        .section .note.GNU-stack, "", @progbits
