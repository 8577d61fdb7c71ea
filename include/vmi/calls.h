/* The list of every VMI call, written once; everything else derives from it. */
#ifndef VMI_CALLS_H
#define VMI_CALLS_H

#include <stdint.h>
#include "features.h"
#include "status.h"
#include "types.h"

/*
 * Call attributes (bit flags).
 *   HOT       on a kernel's hot path: adapters should make it cheap and
 *             the stubs may patch its call sites.
 *   BATCH     may be deferred inside lazy MMU mode (spec chapter MMU).
 *   NORETURN  does not return when it succeeds.
 *   NATIVE    an adapter may implement it with the native instruction(s).
 */
#define VMI_ATTR_NONE     0x0u
#define VMI_ATTR_HOT      0x1u
#define VMI_ATTR_BATCH    0x2u
#define VMI_ATTR_NORETURN 0x4u
#define VMI_ATTR_NATIVE   0x8u

/*
 * Parameter kinds.
 *   IN   a value passed in.
 *   OUT  a pointer to where the call stores a value of the given type.
 *   BUF  a pointer to input bytes; the next parameter is their length.
 */
#define VMI_PARAM_IN  0u
#define VMI_PARAM_OUT 1u
#define VMI_PARAM_BUF 2u

/*
 * The call list.  One row per call:
 *
 *   X(number, GROUP, name, return type, attributes, feature,
 *     parameter count, (KIND, type, name, KIND, type, name, ...))
 *
 * Numbers are stable and never reused; a dropped call keeps its number in
 * a comment.  New calls take the next free number, whatever their group.
 * The normative meaning of each call is in spec/<group>.rst.
 */
#define VMI__H VMI_ATTR_HOT
#define VMI__B VMI_ATTR_BATCH
#define VMI__NR VMI_ATTR_NORETURN
#define VMI__N VMI_ATTR_NATIVE
#define VMI_CALL_LIST(X)                                                     \
    /* discovery */                                                          \
    X( 0, DISC, version_get, vmi_status_t, 0, VMI_FEAT_DISC_BASE, 1,         \
       (OUT, uint32_t, version))                                             \
    X( 1, DISC, features_get, vmi_status_t, 0, VMI_FEAT_DISC_BASE, 2,        \
       (IN, uint32_t, group, OUT, uint64_t, bitmap))                         \
    X( 2, DISC, call_supported, vmi_status_t, 0, VMI_FEAT_DISC_BASE, 2,      \
       (IN, uint32_t, call, OUT, uint32_t, supported))                       \
    X( 3, DISC, adapter_info_get, vmi_status_t, 0, VMI_FEAT_DISC_BASE, 1,    \
       (OUT, struct vmi_adapter_info, info))                                 \
    /* CPU state */                                                          \
    X( 4, CPU, cr_read, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_CPU_CR, 2,               \
       (IN, uint32_t, cr, OUT, uint64_t, value))                             \
    X( 5, CPU, cr_write, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_CPU_CR, 2,              \
       (IN, uint32_t, cr, IN, uint64_t, value))                              \
    X( 6, CPU, clts, vmi_status_t, VMI__N, VMI_FEAT_CPU_CR, 0, ())                \
    X( 7, CPU, msr_read, vmi_status_t, VMI__N, VMI_FEAT_CPU_MSR, 2,               \
       (IN, uint32_t, msr, OUT, uint64_t, value))                            \
    X( 8, CPU, msr_write, vmi_status_t, VMI__N, VMI_FEAT_CPU_MSR, 2,              \
       (IN, uint32_t, msr, IN, uint64_t, value))                             \
    X( 9, CPU, cpuid, vmi_status_t, VMI__N, VMI_FEAT_CPU_CPUID, 3,                \
       (IN, uint32_t, leaf, IN, uint32_t, subleaf,                           \
        OUT, struct vmi_cpuid_regs, regs))                                   \
    X(10, CPU, tsc_read, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_CPU_TSC, 1,             \
       (OUT, uint64_t, tsc))                                                 \
    X(11, CPU, gdt_load, vmi_status_t, VMI__N, VMI_FEAT_CPU_DESC, 2,              \
       (IN, uint64_t, base, IN, uint32_t, limit))                            \
    X(12, CPU, idt_load, vmi_status_t, VMI__N, VMI_FEAT_CPU_DESC, 2,              \
       (IN, uint64_t, base, IN, uint32_t, limit))                            \
    X(13, CPU, ldt_load, vmi_status_t, VMI__N, VMI_FEAT_CPU_DESC, 1,              \
       (IN, uint16_t, selector))                                             \
    X(14, CPU, tr_load, vmi_status_t, VMI__N, VMI_FEAT_CPU_DESC, 1,               \
       (IN, uint16_t, selector))                                             \
    X(15, CPU, gdt_get, vmi_status_t, VMI__N, VMI_FEAT_CPU_DESC, 2,               \
       (OUT, uint64_t, base, OUT, uint32_t, limit))                          \
    X(16, CPU, idt_get, vmi_status_t, VMI__N, VMI_FEAT_CPU_DESC, 2,               \
       (OUT, uint64_t, base, OUT, uint32_t, limit))                          \
    X(17, CPU, ldt_get, vmi_status_t, VMI__N, VMI_FEAT_CPU_DESC, 1,               \
       (OUT, uint16_t, selector))                                            \
    X(18, CPU, tr_get, vmi_status_t, VMI__N, VMI_FEAT_CPU_DESC, 1,                \
       (OUT, uint16_t, selector))                                            \
    X(19, CPU, gdt_entry_write, vmi_status_t, VMI__N, VMI_FEAT_CPU_DESC, 2,       \
       (IN, uint32_t, index, IN, uint64_t, value))                           \
    X(20, CPU, idt_entry_write, vmi_status_t, VMI__N, VMI_FEAT_CPU_DESC, 3,       \
       (IN, uint32_t, vector, IN, uint64_t, low, IN, uint64_t, high))        \
    X(21, CPU, ldt_entry_write, vmi_status_t, VMI__N, VMI_FEAT_CPU_DESC, 2,       \
       (IN, uint32_t, index, IN, uint64_t, value))                           \
    X(22, CPU, seg_base_read, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_CPU_SEGBASE, 2,    \
       (IN, uint32_t, seg, OUT, uint64_t, base))                             \
    X(23, CPU, seg_base_write, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_CPU_SEGBASE, 2,   \
       (IN, uint32_t, seg, IN, uint64_t, base))                              \
    X(24, CPU, swapgs, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_CPU_SEGBASE, 0, ())       \
    X(25, CPU, dr_read, vmi_status_t, VMI__N, VMI_FEAT_CPU_DEBUGREG, 2,           \
       (IN, uint32_t, reg, OUT, uint64_t, value))                            \
    X(26, CPU, dr_write, vmi_status_t, VMI__N, VMI_FEAT_CPU_DEBUGREG, 2,          \
       (IN, uint32_t, reg, IN, uint64_t, value))                             \
    X(27, CPU, wbinvd, vmi_status_t, VMI__N, VMI_FEAT_CPU_CACHE, 0, ())           \
    /* interrupt flag and halt */                                            \
    X(28, IRQ, irq_disable, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_IRQ_FLAG, 0, ())     \
    X(29, IRQ, irq_enable, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_IRQ_FLAG, 0, ())      \
    X(30, IRQ, irq_save, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_IRQ_FLAG, 1,            \
       (OUT, uint64_t, flags))                                               \
    X(31, IRQ, irq_restore, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_IRQ_FLAG, 1,         \
       (IN, uint64_t, flags))                                                \
    X(32, IRQ, irq_flags_read, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_IRQ_FLAG, 1,      \
       (OUT, uint64_t, flags))                                               \
    X(33, IRQ, halt, vmi_status_t, VMI__N, VMI_FEAT_IRQ_HALT, 0, ())              \
    X(34, IRQ, safe_halt, vmi_status_t, VMI__N, VMI_FEAT_IRQ_HALT, 0, ())         \
    /* local APIC */                                                         \
    X(35, APIC, apic_read, vmi_status_t, VMI__N, VMI_FEAT_APIC_REG, 2,            \
       (IN, uint32_t, reg, OUT, uint32_t, value))                            \
    X(36, APIC, apic_write, vmi_status_t, VMI__N, VMI_FEAT_APIC_REG, 2,           \
       (IN, uint32_t, reg, IN, uint32_t, value))                             \
    X(37, APIC, apic_eoi, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_APIC_EOI, 0, ())       \
    X(38, APIC, ipi_send, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_APIC_IPI, 2,           \
       (IN, uint32_t, cpu, IN, uint32_t, vector))                            \
    X(39, APIC, ipi_send_mask, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_APIC_IPI, 3,      \
       (IN, uint32_t, cpu_base, IN, uint64_t, cpu_mask, IN, uint32_t, vector)) \
    X(40, APIC, ipi_send_allbutself, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_APIC_IPI, 1, \
       (IN, uint32_t, vector))                                               \
    /* page tables and lazy MMU mode */                                      \
    X(41, MMU, pte_set, vmi_status_t, VMI__H|VMI__B|VMI__N, VMI_FEAT_MMU_PTE, 4,            \
       (IN, uint32_t, level, IN, uint64_t, table, IN, uint32_t, index,       \
        IN, uint64_t, value))                                                \
    X(42, MMU, pte_clear, vmi_status_t, VMI__H|VMI__B|VMI__N, VMI_FEAT_MMU_PTE, 3,          \
       (IN, uint32_t, level, IN, uint64_t, table, IN, uint32_t, index))      \
    X(43, MMU, pte_xchg, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_MMU_PTE, 5,             \
       (IN, uint32_t, level, IN, uint64_t, table, IN, uint32_t, index,       \
        IN, uint64_t, value, OUT, uint64_t, old))                            \
    X(44, MMU, pt_page_alloc, vmi_status_t, VMI__B|VMI__N, VMI_FEAT_MMU_PTPAGE, 2,     \
       (IN, uint32_t, level, IN, uint64_t, page))                            \
    X(45, MMU, pt_page_release, vmi_status_t, VMI__B|VMI__N, VMI_FEAT_MMU_PTPAGE, 2,   \
       (IN, uint32_t, level, IN, uint64_t, page))                            \
    X(46, MMU, lazy_mmu_enter, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_MMU_LAZY, 0, ())  \
    X(47, MMU, lazy_mmu_leave, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_MMU_LAZY, 0, ())  \
    X(48, MMU, lazy_mmu_flush, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_MMU_LAZY, 0, ())  \
    /* TLB */                                                                \
    X(49, TLB, tlb_flush_all, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_TLB_LOCAL, 0, ())  \
    X(50, TLB, tlb_flush_global, vmi_status_t, VMI__N, VMI_FEAT_TLB_LOCAL, 0, ()) \
    X(51, TLB, tlb_flush_one, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_TLB_LOCAL, 1,      \
       (IN, uint64_t, va))                                                   \
    X(52, TLB, tlb_flush_range, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_TLB_REMOTE, 4,   \
       (IN, uint32_t, cpu_base, IN, uint64_t, cpu_mask, IN, uint64_t, va,    \
        IN, uint64_t, pages))                                                \
    /* time */                                                               \
    X(53, TIME, wallclock_get, vmi_status_t, 0, VMI_FEAT_TIME_WALLCLOCK, 1,  \
       (OUT, uint64_t, ns))                                                  \
    X(54, TIME, monotonic_get, vmi_status_t, VMI__H, VMI_FEAT_TIME_MONOTONIC, 1,  \
       (OUT, uint64_t, ns))                                                  \
    X(55, TIME, tsc_freq_get, vmi_status_t, 0, VMI_FEAT_TIME_TSCFREQ, 1,     \
       (OUT, uint64_t, hz))                                                  \
    X(56, TIME, timer_arm, vmi_status_t, VMI__H, VMI_FEAT_TIME_TIMER, 2,          \
       (IN, uint64_t, deadline_ns, IN, uint32_t, vector))                    \
    X(57, TIME, timer_cancel, vmi_status_t, VMI__H, VMI_FEAT_TIME_TIMER, 0, ())   \
    X(58, TIME, steal_time_get, vmi_status_t, 0, VMI_FEAT_TIME_STEAL, 1,     \
       (OUT, uint64_t, ns))                                                  \
    /* SMP */                                                                \
    X(59, SMP, cpu_count_get, vmi_status_t, 0, VMI_FEAT_SMP_INFO, 1,         \
       (OUT, uint32_t, count))                                               \
    X(60, SMP, cpu_id_get, vmi_status_t, VMI__H, VMI_FEAT_SMP_INFO, 1,            \
       (OUT, uint32_t, cpu))                                                 \
    X(61, SMP, cpu_start, vmi_status_t, 0, VMI_FEAT_SMP_START, 4,            \
       (IN, uint32_t, cpu, IN, uint64_t, entry, IN, uint64_t, stack,         \
        IN, uint64_t, arg))                                                  \
    X(62, SMP, cpu_stop, vmi_status_t, VMI__NR, VMI_FEAT_SMP_START, 0, ())        \
    X(63, SMP, cpu_yield, vmi_status_t, 0, VMI_FEAT_SMP_YIELD, 0, ())        \
    X(64, SMP, cpu_yield_to, vmi_status_t, 0, VMI_FEAT_SMP_YIELDTO, 1,       \
       (IN, uint32_t, cpu))                                                  \
    X(65, SMP, cpu_kick, vmi_status_t, VMI__H, VMI_FEAT_SMP_KICK, 1,              \
       (IN, uint32_t, cpu))                                                  \
    X(66, SMP, cpu_preempted, vmi_status_t, VMI__H, VMI_FEAT_SMP_PREEMPTED, 2,    \
       (IN, uint32_t, cpu, OUT, uint32_t, preempted))                        \
    /* port I/O */                                                           \
    X(67, IO, port_in, vmi_status_t, VMI__N, VMI_FEAT_IO_PORT, 3,                 \
       (IN, uint32_t, port, IN, uint32_t, width, OUT, uint32_t, value))      \
    X(68, IO, port_out, vmi_status_t, VMI__N, VMI_FEAT_IO_PORT, 3,                \
       (IN, uint32_t, port, IN, uint32_t, width, IN, uint32_t, value))       \
    X(69, IO, io_delay, vmi_status_t, VMI__H|VMI__N, VMI_FEAT_IO_DELAY, 0, ())         \
    /* console */                                                            \
    X(70, CON, console_write, vmi_status_t, 0, VMI_FEAT_CON_WRITE, 2,        \
       (BUF, const char *, buf, IN, uint32_t, len))                          \
    /* power */                                                              \
    X(71, PWR, shutdown, vmi_status_t, VMI__NR, VMI_FEAT_PWR_SHUTDOWN, 1,         \
       (IN, uint32_t, code))                                                 \
    X(72, PWR, reboot, vmi_status_t, VMI__NR, VMI_FEAT_PWR_REBOOT, 0, ())         \
    X(73, PWR, crash, vmi_status_t, VMI__NR, VMI_FEAT_PWR_CRASH, 1,               \
       (IN, uint64_t, reason))

/* One past the highest call number this ABI version defines. */
#define VMI_CALL_COUNT 74u
#define VMI__CALL_ROW(...) +1
/* Numbers are dense while no call has been dropped; the switch statements
 * below reject a duplicate number at compile time. */
VMI_STATIC_ASSERT((0 VMI_CALL_LIST(VMI__CALL_ROW)) == VMI_CALL_COUNT,
                  call_numbers_dense);

/* Call numbers: VMI_CALL_version_get, VMI_CALL_cr_read, ... */
enum vmi_call {
#define VMI__CALL_ENUM(num, group, name, ret, attrs, feat, n, params) \
    VMI_CALL_##name = (num),
    VMI_CALL_LIST(VMI__CALL_ENUM)
#undef VMI__CALL_ENUM
};

/* ---- Parameter-list expansion: turns (KIND, type, name, ...) into C. ---- */

#define VMI__CAT2(a, b) a##b
#define VMI__CAT(a, b) VMI__CAT2(a, b)

/* One parameter as a declaration, as an argument, and as metadata. */
#define VMI__DECL_IN(t, n) t n
#define VMI__DECL_OUT(t, n) t *n
#define VMI__DECL_BUF(t, n) t n
#define VMI__PDECL(i, k, t, n) VMI__DECL_##k(t, n)
#define VMI__PARG(i, k, t, n) n
#define VMI__PKIND(i, k, t, n) VMI_PARAM_##k
#define VMI__PSIZE_IN(t) sizeof(t)
#define VMI__PSIZE_OUT(t) sizeof(t)
#define VMI__PSIZE_BUF(t) 0
#define VMI__PSIZE(i, k, t, n) VMI__PSIZE_##k(t)
#define VMI__PNAME(i, k, t, n) #n

/* Apply M to each (kind, type, name) triple, separated by commas. */
#define VMI__MAP_0(...)
#define VMI__MAP_1(M, k0, t0, n0) M(0, k0, t0, n0)
#define VMI__MAP_2(M, k0, t0, n0, k1, t1, n1) \
    M(0, k0, t0, n0), M(1, k1, t1, n1)
#define VMI__MAP_3(M, k0, t0, n0, k1, t1, n1, k2, t2, n2) \
    M(0, k0, t0, n0), M(1, k1, t1, n1), M(2, k2, t2, n2)
#define VMI__MAP_4(M, k0, t0, n0, k1, t1, n1, k2, t2, n2, k3, t3, n3) \
    M(0, k0, t0, n0), M(1, k1, t1, n1), M(2, k2, t2, n2), M(3, k3, t3, n3)
#define VMI__MAP_5(M, k0, t0, n0, k1, t1, n1, k2, t2, n2, k3, t3, n3,       \
                   k4, t4, n4)                                               \
    M(0, k0, t0, n0), M(1, k1, t1, n1), M(2, k2, t2, n2), M(3, k3, t3, n3), \
    M(4, k4, t4, n4)
#define VMI__APPLY(macro, args) macro args
#define VMI__MAP_HELPER(n, M, ...) VMI__CAT(VMI__MAP_, n)(M, __VA_ARGS__)
#define VMI__MAP_EXPAND(M, n, params) \
    VMI__APPLY(VMI__MAP_HELPER, (n, M, VMI__STRIP params))
#define VMI__STRIP(...) __VA_ARGS__

/*
 * VMI_PARAMS(n, params)   the C parameter list, "void" when empty
 * VMI_PARAM_DECLS(n, params)  the same declarations, nothing when empty,
 *                         for lists that prefix a context parameter
 * VMI_ARGS(n, params)     the argument names, for forwarding a call
 * VMI_PARAM_COMMA(n)      a comma when n > 0, for prefixing a context
 */
#define VMI__PARAMS_0(...) void
#define VMI__PARAMS_N(n, params) VMI__MAP_EXPAND(VMI__PDECL, n, params)
#define VMI__SEL_0 VMI__PARAMS_0
#define VMI__SEL_1 VMI__PARAMS_N
#define VMI__SEL_2 VMI__PARAMS_N
#define VMI__SEL_3 VMI__PARAMS_N
#define VMI__SEL_4 VMI__PARAMS_N
#define VMI__SEL_5 VMI__PARAMS_N
#define VMI_PARAMS(n, params) VMI__CAT(VMI__SEL_, n)(n, params)
#define VMI_PARAM_DECLS(n, params) VMI__MAP_EXPAND(VMI__PDECL, n, params)
#define VMI_ARGS(n, params) VMI__MAP_EXPAND(VMI__PARG, n, params)
#define VMI_PARAM_KINDS(n, params) VMI__MAP_EXPAND(VMI__PKIND, n, params)
#define VMI_PARAM_SIZES(n, params) VMI__MAP_EXPAND(VMI__PSIZE, n, params)
#define VMI_PARAM_NAMES(n, params) VMI__MAP_EXPAND(VMI__PNAME, n, params)
#define VMI__COMMA_0
#define VMI__COMMA_1 ,
#define VMI__COMMA_2 ,
#define VMI__COMMA_3 ,
#define VMI__COMMA_4 ,
#define VMI__COMMA_5 ,
#define VMI_PARAM_COMMA(n) VMI__CAT(VMI__COMMA_, n)

/* The most parameters any call takes. */
#define VMI_PARAM_MAX 5u

/* ---- Per-call lookups, derived from the list. ---- */

/* The call's name ("cr_read"), or 0 for a number this version lacks. */
static inline const char *vmi_call_name(uint32_t call)
{
    switch (call) {
#define VMI__CALL_NAME(num, group, name, ret, attrs, feat, n, params) \
    case (num): return #name;
    VMI_CALL_LIST(VMI__CALL_NAME)
#undef VMI__CALL_NAME
    default: return 0;
    }
}

/* The call's group, or -1 for a number this version lacks. */
static inline int32_t vmi_call_group(uint32_t call)
{
    switch (call) {
#define VMI__CALL_GROUP(num, group, name, ret, attrs, feat, n, params) \
    case (num): return VMI_GROUP_##group;
    VMI_CALL_LIST(VMI__CALL_GROUP)
#undef VMI__CALL_GROUP
    default: return -1;
    }
}

/* The feature the call needs, or -1 for a number this version lacks. */
static inline int32_t vmi_call_feature(uint32_t call)
{
    switch (call) {
#define VMI__CALL_FEAT(num, group, name, ret, attrs, feat, n, params) \
    case (num): return (int32_t)(feat);
    VMI_CALL_LIST(VMI__CALL_FEAT)
#undef VMI__CALL_FEAT
    default: return -1;
    }
}

/* The call's attribute flags (0 for a number this version lacks). */
static inline uint32_t vmi_call_attrs(uint32_t call)
{
    switch (call) {
#define VMI__CALL_ATTRS(num, group, name, ret, attrs, feat, n, params) \
    case (num): return (uint32_t)(attrs);
    VMI_CALL_LIST(VMI__CALL_ATTRS)
#undef VMI__CALL_ATTRS
    default: return 0;
    }
}

/* The call's parameter count, or -1 for a number this version lacks. */
static inline int32_t vmi_call_param_count(uint32_t call)
{
    switch (call) {
#define VMI__CALL_NPARAMS(num, group, name, ret, attrs, feat, n, params) \
    case (num): return (n);
    VMI_CALL_LIST(VMI__CALL_NPARAMS)
#undef VMI__CALL_NPARAMS
    default: return -1;
    }
}

#endif /* VMI_CALLS_H */
