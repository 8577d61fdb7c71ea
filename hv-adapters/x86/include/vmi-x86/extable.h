/* The exception-fixup table: where a fault-safe instruction may fault and where to resume. */
#ifndef VMI_X86_EXTABLE_H
#define VMI_X86_EXTABLE_H

#include <stdint.h>

/*
 * Every fault-safe wrapper in x86.h emits one entry into the ELF section
 * `vmi_x86_extable`: the address of the instruction that may fault and the
 * address to resume at.  Both are stored as 32-bit offsets relative to the
 * field itself, so the table needs no relocation in a position-independent
 * build.  The wrapper's own code tells a resumed fault from success (its
 * fault flag is cleared only by the instruction after the risky one, which
 * the fixup skips), so the handler changes nothing but RIP.
 *
 * The guest's contract: its #GP handler (and #UD, #PF if it wants the same
 * safety) calls vmi_x86_extable_fixup(rip) with the faulting RIP from the
 * exception frame; a non-zero answer is the RIP to resume at (write it into
 * the frame and IRET).  A zero answer means the fault was not in a
 * fault-safe wrapper and is the guest's own to report.
 *
 * The linker script must keep the section (KEEP) and either leave it an
 * orphan or name an output section `vmi_x86_extable`, so that GNU ld
 * defines __start_vmi_x86_extable and __stop_vmi_x86_extable.
 */
struct vmi_x86_extable_entry {
    int32_t insn;   /* the instruction, relative to &insn */
    int32_t fixup;  /* where to resume, relative to &fixup */
}; /* 8 bytes */

#define VMI_X86_EXTABLE_ENTRY(insn_label, fixup_label)                       \
    ".pushsection vmi_x86_extable, \"a\"\n\t"                                \
    ".balign 4\n\t"                                                          \
    ".long " insn_label " - .\n\t"                                           \
    ".long " fixup_label " - .\n\t"                                          \
    ".popsection\n\t"

static inline uint64_t vmi_x86_extable_insn(const struct vmi_x86_extable_entry *e)
{
    return (uint64_t)(uintptr_t)&e->insn + (uint64_t)(int64_t)e->insn;
}

static inline uint64_t vmi_x86_extable_resume(const struct vmi_x86_extable_entry *e)
{
    return (uint64_t)(uintptr_t)&e->fixup + (uint64_t)(int64_t)e->fixup;
}

/* The entry for `rip` in [begin, end), or 0.  Linear: the table holds one
 * entry per inlined fault-safe wrapper, a few dozen in a kernel. */
const struct vmi_x86_extable_entry *
vmi_x86_extable_search(const struct vmi_x86_extable_entry *begin,
                       const struct vmi_x86_extable_entry *end, uint64_t rip);

/* The resume address for a fault at `rip` in the linked table, or 0. */
uint64_t vmi_x86_extable_fixup(uint64_t rip);

#endif /* VMI_X86_EXTABLE_H */
