/* Constants shared by the guest's assembly and C: selectors, stacks, early exit codes. */
#ifndef GUEST_LAYOUT_H
#define GUEST_LAYOUT_H

/* The GDT (entry.S builds it; cpu.c fills in the TSS descriptor). */
#define GUEST_SEL_CODE64 0x08
#define GUEST_SEL_DATA 0x10
#define GUEST_SEL_CODE32 0x18
#define GUEST_SEL_TSS 0x20      /* 16 bytes: a 64-bit TSS descriptor */
#define GUEST_GDT_SIZE 0x30

#define GUEST_BOOT_STACK_SIZE 16384
/* How much of the physical address space entry.S maps one to one (2 MiB
 * pages): 4 GiB, so the local APIC and I/O APIC (0xfec00000..) are reachable. */
#define GUEST_IDMAP_GIB 4
/* The top GiB holds the MMIO hole: mapped uncached so no MTRR setup is needed. */
#define GUEST_IDMAP_UC_FROM_2M 1536

/* Written to isa-debug-exit before C runs; records.h names the same value. */
#define GUEST_EXIT_NO_LM 0x13
#define GUEST_DEBUG_EXIT_PORT 0xf4

/* XEN_ELFNOTE_PHYS32_ENTRY (Xen public/elfnote.h). */
#define GUEST_XEN_ELFNOTE_PHYS32_ENTRY 18

#endif /* GUEST_LAYOUT_H */
