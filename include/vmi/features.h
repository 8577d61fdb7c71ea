/* Call groups and the features each group can offer, for discovery. */
#ifndef VMI_FEATURES_H
#define VMI_FEATURES_H

#include <stdint.h>

/*
 * Groups, written once:  X(NAME, number, "description")
 * A group's number indexes the per-group feature bitmaps; numbers are
 * never reused.
 */
#define VMI_GROUP_LIST(X)                                                    \
    X(DISC,  0, "discovery and adapter information")                         \
    X(CPU,   1, "CPU state: control registers, MSRs, CPUID, TSC, "            \
                "descriptor tables, segment bases, debug registers, caches") \
    X(IRQ,   2, "interrupt flag and halt")                                   \
    X(APIC,  3, "local APIC: registers, EOI, IPIs")                          \
    X(MMU,   4, "page tables and lazy MMU mode")                             \
    X(TLB,   5, "TLB flushes, local and remote")                             \
    X(TIME,  6, "wallclock, monotonic clock, TSC frequency, timer, "         \
                "steal time")                                                \
    X(SMP,   7, "CPU start and stop, yield, kick, preemption query")         \
    X(IO,    8, "port I/O and I/O delay")                                    \
    X(CON,   9, "console output")                                            \
    X(PWR,  10, "shutdown, reboot, crash report")

enum vmi_group {
#define VMI__GROUP_ENUM(name, num, desc) VMI_GROUP_##name = (num),
    VMI_GROUP_LIST(VMI__GROUP_ENUM)
#undef VMI__GROUP_ENUM
};

#define VMI__COUNT_ONE(...) +1
/* How many groups this ABI version defines (numbers 0 .. count-1). */
#define VMI_GROUP_COUNT (0 VMI_GROUP_LIST(VMI__COUNT_ONE))

/*
 * Features, written once:  X(GROUP, NAME, bit, "description")
 * Each group has one 64-bit feature bitmap; bit numbers are never reused.
 * Every call names the one feature it needs (calls.h); an adapter that
 * does not offer that feature answers the call with VMI_ENOTSUP.
 */
#define VMI_FEATURE_LIST(X)                                                  \
    X(DISC, BASE,      0, "version, features, per-call query, adapter info") \
    X(CPU,  CR,        0, "control register access and CLTS")                \
    X(CPU,  MSR,       1, "fault-safe MSR read and write")                   \
    X(CPU,  CPUID,     2, "CPUID")                                           \
    X(CPU,  TSC,       3, "time-stamp counter read")                         \
    X(CPU,  DESC,      4, "GDT, IDT, LDT and TR load, store and entry writes") \
    X(CPU,  SEGBASE,   5, "FS, GS and kernel-GS base access, SWAPGS")        \
    X(CPU,  DEBUGREG,  6, "debug register access")                           \
    X(CPU,  CACHE,     7, "cache write-back and invalidate")                 \
    X(IRQ,  FLAG,      0, "interrupt flag disable, enable, save, restore")   \
    X(IRQ,  HALT,      1, "halt and safe halt")                              \
    X(APIC, REG,       0, "local APIC register read and write")              \
    X(APIC, EOI,       1, "end of interrupt")                                \
    X(APIC, IPI,       2, "inter-processor interrupts")                      \
    X(MMU,  PTE,       0, "page-table entry set, clear and exchange")        \
    X(MMU,  PTPAGE,    1, "page-table page allocation and release notices")  \
    X(MMU,  LAZY,      2, "lazy (batched) MMU mode")                         \
    X(TLB,  LOCAL,     0, "flush this CPU's TLB: all, global, one page")     \
    X(TLB,  REMOTE,    1, "flush a range on a set of CPUs")                  \
    X(TIME, WALLCLOCK, 0, "wallclock time")                                  \
    X(TIME, MONOTONIC, 1, "monotonic nanosecond clock")                      \
    X(TIME, TSCFREQ,   2, "TSC frequency")                                   \
    X(TIME, TIMER,     3, "one-shot timer")                                  \
    X(TIME, STEAL,     4, "steal time")                                      \
    X(SMP,  INFO,      0, "CPU count and current CPU number")                \
    X(SMP,  START,     1, "start and stop CPUs")                             \
    X(SMP,  YIELD,     2, "yield the physical CPU")                          \
    X(SMP,  YIELDTO,   3, "directed yield to another CPU")                   \
    X(SMP,  KICK,      4, "wake a halted CPU")                               \
    X(SMP,  PREEMPTED, 5, "is-preempted query")                              \
    X(IO,   PORT,      0, "port input and output")                           \
    X(IO,   DELAY,     1, "I/O delay")                                       \
    X(CON,  WRITE,     0, "console write")                                   \
    X(PWR,  SHUTDOWN,  0, "power off")                                       \
    X(PWR,  REBOOT,    1, "reboot")                                          \
    X(PWR,  CRASH,     2, "crash report")

/* A feature's identity: its group in bits 15:6, its bit in bits 5:0. */
#define VMI_FEATURE_ID(group, bit) ((uint32_t)(((group) << 6) | (bit)))
#define VMI_FEATURE_GROUP(id) ((uint32_t)(id) >> 6)
#define VMI_FEATURE_BIT(id) ((uint32_t)(id) & 63u)
#define VMI_FEATURE_MASK(id) ((uint64_t)1 << VMI_FEATURE_BIT(id))

enum vmi_feature {
#define VMI__FEATURE_ENUM(group, name, bit, desc) \
    VMI_FEAT_##group##_##name = VMI_FEATURE_ID(VMI_GROUP_##group, bit),
    VMI_FEATURE_LIST(VMI__FEATURE_ENUM)
#undef VMI__FEATURE_ENUM
};

/* How many features this ABI version defines. */
#define VMI_FEATURE_COUNT (0 VMI_FEATURE_LIST(VMI__COUNT_ONE))

/* Returns the group's name ("MMU"), or 0 for an unknown group. */
static inline const char *vmi_group_name(uint32_t group)
{
    switch (group) {
#define VMI__GROUP_NAME(name, num, desc) case (num): return #name;
    VMI_GROUP_LIST(VMI__GROUP_NAME)
#undef VMI__GROUP_NAME
    default: return 0;
    }
}

/* Returns the feature's name ("MMU_LAZY"), or 0 for an unknown feature. */
static inline const char *vmi_feature_name(uint32_t feature)
{
    switch (feature) {
#define VMI__FEATURE_NAME(group, name, bit, desc) \
    case VMI_FEAT_##group##_##name: return #group "_" #name;
    VMI_FEATURE_LIST(VMI__FEATURE_NAME)
#undef VMI__FEATURE_NAME
    default: return 0;
    }
}

/* The bitmap of every feature this ABI version defines in `group`. */
static inline uint64_t vmi_features_defined(uint32_t group)
{
    uint64_t mask = 0;
#define VMI__FEATURE_MASK(g, name, bit, desc) \
    if (group == VMI_GROUP_##g) mask |= (uint64_t)1 << (bit);
    VMI_FEATURE_LIST(VMI__FEATURE_MASK)
#undef VMI__FEATURE_MASK
    return mask;
}

#endif /* VMI_FEATURES_H */
