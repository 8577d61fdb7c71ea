/* The guest-facing API: vmi_<name>() for every call, dispatched through the bound ops table. */
#ifndef VMI_API_H
#define VMI_API_H

#include <stdint.h>
#include "calls.h"
#include "ops.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The ops table the guest stubs publish (guest-stubs/, vmi_init()).  Every
 * slot is callable at all times: before vmi_init(), and for a call the
 * bound adapter does not offer, the slot answers VMI_ENOTSUP.
 */
extern struct vmi_ops vmi_ops;

/*
 * Call-site records.  Each wrapper below records, in the ELF section
 * `vmi_callsites`, one 8-byte entry: the call number and the address of
 * the point in the wrapper's code where its dispatch begins.  Since the
 * wrappers are static inline, an optimising build has one inlined copy,
 * and so one record, per call site; a build that does not inline has one
 * out-of-line copy per translation unit, and the record names that copy.
 *
 * What the address is, honestly: a label emitted by an assembler
 * directive placed just before the indirect call through `vmi_ops`.  The
 * compiler is free to schedule argument set-up around it, so it marks
 * where a site's dispatch is, for inspection and counting; it is not the
 * exact address of the CALL instruction, and patching the instruction
 * stream at it would need the call itself written in assembly.
 *
 * The record is emitted with the GNU `__asm__` keyword, which GCC and
 * clang accept in strict ISO modes and under -pedantic, and holds no
 * instruction (only section directives and a label).  Other compilers, or
 * a guest defining VMI_NO_CALLSITES, get no records and the same calls.
 * The site is stored relative to the field, so the table needs no
 * relocation in a position-independent build.
 */
struct vmi_callsite {
    uint32_t call;   /* VMI_CALL_<name> */
    int32_t site;    /* address of the site, relative to &site */
}; /* 8 bytes */
VMI_STATIC_ASSERT(sizeof(struct vmi_callsite) == 8, callsite_size);

static inline uint64_t vmi_callsite_addr(const struct vmi_callsite *c)
{
    return (uint64_t)(uintptr_t)&c->site + (uint64_t)(int64_t)c->site;
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(VMI_NO_CALLSITES)
#define VMI__CALLSITE(num)                                                   \
    __asm__ __volatile__("1:\n\t"                                            \
                         ".pushsection vmi_callsites, \"a\"\n\t"             \
                         ".balign 4\n\t"                                     \
                         ".long %c0\n\t"                                     \
                         ".long 1b - .\n\t"                                  \
                         ".popsection" ::"i"(num))
#else
#define VMI__CALLSITE(num) ((void)0)
#endif

/* vmi_cr_read(cr, &value), vmi_halt(), ...: one wrapper per call. */
#define VMI__API_WRAPPER(num, group, name, ret, attrs, feat, n, params)     \
    static inline ret vmi_##name(VMI_PARAMS(n, params))                     \
    {                                                                        \
        VMI__CALLSITE(num);                                                  \
        return vmi_ops.name(VMI_ARGS(n, params));                            \
    }
VMI_CALL_LIST(VMI__API_WRAPPER)
#undef VMI__API_WRAPPER

#ifdef __cplusplus
}
#endif

#endif /* VMI_API_H */
