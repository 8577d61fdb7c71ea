/* The x86 instruction layer: every privileged instruction the adapters use, one static inline each. */
#ifndef VMI_X86_H
#define VMI_X86_H

#include <stddef.h>
#include <stdint.h>
#include <vmi/types.h>
#include "extable.h"

/*
 * This header holds the project's only inline assembly that executes an
 * instruction.  Adapters call these wrappers and nothing else, so that a
 * host test can compile an adapter with -DVMI_X86_FAKE: every wrapper then
 * becomes a call into the recording fake (x86_fake.h), which logs the
 * operation and answers with scripted values and faults.  Both variants
 * have the same names and signatures; the adapter cannot tell them apart.
 *
 * Conventions: a `_safe` wrapper returns 0, or -1 when the instruction
 * raised #GP and the guest's #GP handler resumed at the fixup (extable.h).
 */

/* Architectural MSR numbers the adapters use. */
#define VMI_X86_MSR_APIC_BASE 0x0000001bu
#define VMI_X86_MSR_TSC_DEADLINE 0x000006e0u
#define VMI_X86_MSR_X2APIC_BASE 0x00000800u
#define VMI_X86_MSR_EFER 0xc0000080u
#define VMI_X86_MSR_FS_BASE 0xc0000100u
#define VMI_X86_MSR_GS_BASE 0xc0000101u
#define VMI_X86_MSR_KERNEL_GS_BASE 0xc0000102u

/* The distance between two stubs of a hypercall page. */
#define VMI_X86_HYPERCALL_STUB_SIZE 32u

/*
 * Every hypercall the wrappers issue (hypercall page, VMCALL, VMMCALL), on
 * every CPU, since boot (src/hypercalls.c): what a benchmark reads to say
 * how many hypercalls a run of VMI calls cost.  A relaxed atomic add keeps
 * CPUs from losing each other's counts; beside the exit it goes with, its
 * cost does not show.  The fake counts the hypercalls it logs, from its
 * last reset or log clear.
 */
extern uint64_t vmi_x86_hypercalls;

static inline void vmi_x86__hypercall_counted(void)
{
    __atomic_fetch_add(&vmi_x86_hypercalls, 1, __ATOMIC_RELAXED);
}

static inline uint64_t vmi_x86_hypercall_count(void)
{
    return __atomic_load_n(&vmi_x86_hypercalls, __ATOMIC_RELAXED);
}

#ifdef VMI_X86_FAKE
#include "x86_fake.h"
#else /* the real instructions */

/* ---- control registers ---- */

static inline uint64_t vmi_x86_cr_read(uint32_t cr)
{
    uint64_t v = 0;

    switch (cr) {
    case 0: __asm__ __volatile__("mov %%cr0, %0" : "=r"(v)); break;
    case 2: __asm__ __volatile__("mov %%cr2, %0" : "=r"(v)); break;
    case 3: __asm__ __volatile__("mov %%cr3, %0" : "=r"(v)); break;
    case 4: __asm__ __volatile__("mov %%cr4, %0" : "=r"(v)); break;
    case 8: __asm__ __volatile__("mov %%cr8, %0" : "=r"(v)); break;
    default: break;
    }
    return v;
}

/* A CR write the CPU may refuse (a CR4 bit it lacks, a CR3 above
 * MAXPHYADDR): fault-safe, so the adapter can answer VMI_EFAULT. */
#define VMI_X86__CR_WRITE_SAFE(reg, v, fault)                                \
    __asm__ __volatile__("1: mov %[val], %%" reg "\n\t"                     \
                         "xorl %[f], %[f]\n"                                 \
                         "2:\n\t" VMI_X86_EXTABLE_ENTRY("1b", "2b")          \
                         : [f] "+r"(fault) : [val] "r"(v) : "memory")

static inline int vmi_x86_cr_write_safe(uint32_t cr, uint64_t v)
{
    int fault = 1;

    switch (cr) {
    case 0: VMI_X86__CR_WRITE_SAFE("cr0", v, fault); break;
    case 2: VMI_X86__CR_WRITE_SAFE("cr2", v, fault); break;
    case 3: VMI_X86__CR_WRITE_SAFE("cr3", v, fault); break;
    case 4: VMI_X86__CR_WRITE_SAFE("cr4", v, fault); break;
    case 8: VMI_X86__CR_WRITE_SAFE("cr8", v, fault); break;
    default: break;
    }
    return fault ? -1 : 0;
}

static inline void vmi_x86_clts(void)
{
    __asm__ __volatile__("clts" ::: "memory");
}

/* ---- MSRs ---- */

static inline uint64_t vmi_x86_rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr) : "memory");
    return (uint64_t)hi << 32 | lo;
}

static inline void vmi_x86_wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ __volatile__("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
                         : "memory");
}

static inline int vmi_x86_rdmsr_safe(uint32_t msr, uint64_t *value)
{
    uint32_t lo = 0, hi = 0;
    int fault = 1;

    __asm__ __volatile__("1: rdmsr\n\t"
                         "xorl %[f], %[f]\n"
                         "2:\n\t" VMI_X86_EXTABLE_ENTRY("1b", "2b")
                         : [f] "+r"(fault), "+a"(lo), "+d"(hi) : "c"(msr) : "memory");
    if (fault)
        return -1;
    *value = (uint64_t)hi << 32 | lo;
    return 0;
}

static inline int vmi_x86_wrmsr_safe(uint32_t msr, uint64_t v)
{
    int fault = 1;

    __asm__ __volatile__("1: wrmsr\n\t"
                         "xorl %[f], %[f]\n"
                         "2:\n\t" VMI_X86_EXTABLE_ENTRY("1b", "2b")
                         : [f] "+r"(fault)
                         : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
                         : "memory");
    return fault ? -1 : 0;
}

/* ---- CPUID and the TSC ---- */

static inline void vmi_x86_cpuid(uint32_t leaf, uint32_t subleaf, struct vmi_cpuid_regs *r)
{
    __asm__ __volatile__("cpuid"
                         : "=a"(r->eax), "=b"(r->ebx), "=c"(r->ecx), "=d"(r->edx)
                         : "a"(leaf), "c"(subleaf));
}

static inline uint64_t vmi_x86_rdtsc(void)
{
    uint32_t lo, hi;

    /* lfence keeps the read from running ahead of earlier loads, so two
     * readings on one CPU are ordered like the code that makes them. */
    __asm__ __volatile__("lfence\n\trdtsc" : "=a"(lo), "=d"(hi)::"memory");
    return (uint64_t)hi << 32 | lo;
}

/* ---- descriptor tables ---- */

struct vmi_x86_dtr {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

static inline void vmi_x86_lgdt(uint64_t base, uint16_t limit)
{
    struct vmi_x86_dtr d;

    d.limit = limit;
    d.base = base;
    __asm__ __volatile__("lgdt %0" ::"m"(d) : "memory");
}

static inline void vmi_x86_lidt(uint64_t base, uint16_t limit)
{
    struct vmi_x86_dtr d;

    d.limit = limit;
    d.base = base;
    __asm__ __volatile__("lidt %0" ::"m"(d) : "memory");
}

static inline void vmi_x86_sgdt(uint64_t *base, uint16_t *limit)
{
    struct vmi_x86_dtr d;

    __asm__ __volatile__("sgdt %0" : "=m"(d));
    *base = d.base;
    *limit = d.limit;
}

static inline void vmi_x86_sidt(uint64_t *base, uint16_t *limit)
{
    struct vmi_x86_dtr d;

    __asm__ __volatile__("sidt %0" : "=m"(d));
    *base = d.base;
    *limit = d.limit;
}

static inline void vmi_x86_lldt(uint16_t sel)
{
    __asm__ __volatile__("lldt %0" ::"rm"(sel) : "memory");
}

static inline void vmi_x86_ltr(uint16_t sel)
{
    __asm__ __volatile__("ltr %0" ::"rm"(sel) : "memory");
}

static inline uint16_t vmi_x86_sldt(void)
{
    uint16_t sel;

    __asm__ __volatile__("sldt %0" : "=rm"(sel));
    return sel;
}

static inline uint16_t vmi_x86_str(void)
{
    uint16_t sel;

    __asm__ __volatile__("str %0" : "=rm"(sel));
    return sel;
}

/* ---- segment bases ---- */

static inline void vmi_x86_swapgs(void)
{
    __asm__ __volatile__("swapgs" ::: "memory");
}

/* ---- debug registers ---- */

static inline uint64_t vmi_x86_dr_read(uint32_t n)
{
    uint64_t v = 0;

    switch (n) {
    case 0: __asm__ __volatile__("mov %%dr0, %0" : "=r"(v)); break;
    case 1: __asm__ __volatile__("mov %%dr1, %0" : "=r"(v)); break;
    case 2: __asm__ __volatile__("mov %%dr2, %0" : "=r"(v)); break;
    case 3: __asm__ __volatile__("mov %%dr3, %0" : "=r"(v)); break;
    case 6: __asm__ __volatile__("mov %%dr6, %0" : "=r"(v)); break;
    case 7: __asm__ __volatile__("mov %%dr7, %0" : "=r"(v)); break;
    default: break;
    }
    return v;
}

static inline void vmi_x86_dr_write(uint32_t n, uint64_t v)
{
    switch (n) {
    case 0: __asm__ __volatile__("mov %0, %%dr0" ::"r"(v)); break;
    case 1: __asm__ __volatile__("mov %0, %%dr1" ::"r"(v)); break;
    case 2: __asm__ __volatile__("mov %0, %%dr2" ::"r"(v)); break;
    case 3: __asm__ __volatile__("mov %0, %%dr3" ::"r"(v)); break;
    case 6: __asm__ __volatile__("mov %0, %%dr6" ::"r"(v)); break;
    case 7: __asm__ __volatile__("mov %0, %%dr7" ::"r"(v)); break;
    default: break;
    }
}

/* ---- caches, TLB ---- */

static inline void vmi_x86_wbinvd(void)
{
    __asm__ __volatile__("wbinvd" ::: "memory");
}

static inline void vmi_x86_invlpg(uint64_t va)
{
    __asm__ __volatile__("invlpg (%0)" ::"r"(va) : "memory");
}

/* ---- interrupt flag and halt ---- */

static inline void vmi_x86_cli(void)
{
    __asm__ __volatile__("cli" ::: "memory");
}

static inline void vmi_x86_sti(void)
{
    __asm__ __volatile__("sti" ::: "memory");
}

static inline uint64_t vmi_x86_flags_read(void)
{
    uint64_t f;

    __asm__ __volatile__("pushfq\n\tpopq %0" : "=r"(f)::"memory");
    return f;
}

static inline void vmi_x86_flags_write(uint64_t f)
{
    __asm__ __volatile__("pushq %0\n\tpopfq" ::"r"(f) : "memory", "cc");
}

/* The HLT is in the fixup table with its resume address just after it: an
 * NMI (a kick) taken with RIP at the HLT, after the caller checked its
 * wake-up flag, resumes past it instead of sleeping (the NMI handler calls
 * vmi_x86_extable_fixup). */
static inline void vmi_x86_hlt(void)
{
    __asm__ __volatile__("1: hlt\n"
                         "2:\n\t" VMI_X86_EXTABLE_ENTRY("1b", "2b") ::: "memory");
}

/* STI's one-instruction interrupt shadow covers HLT: no interrupt can
 * arrive between the two without ending the halt. */
static inline void vmi_x86_sti_hlt(void)
{
    __asm__ __volatile__("sti\n"
                         "1: hlt\n"
                         "2:\n\t" VMI_X86_EXTABLE_ENTRY("1b", "2b") ::: "memory");
}

static inline void vmi_x86_pause(void)
{
    __asm__ __volatile__("pause" ::: "memory");
}

/* ---- port I/O ---- */

static inline uint32_t vmi_x86_in(uint16_t port, uint32_t width)
{
    uint8_t b;
    uint16_t w;
    uint32_t l;

    switch (width) {
    case 1: __asm__ __volatile__("inb %1, %0" : "=a"(b) : "Nd"(port)); return b;
    case 2: __asm__ __volatile__("inw %1, %0" : "=a"(w) : "Nd"(port)); return w;
    default: __asm__ __volatile__("inl %1, %0" : "=a"(l) : "Nd"(port)); return l;
    }
}

static inline void vmi_x86_out(uint16_t port, uint32_t width, uint32_t v)
{
    switch (width) {
    case 1: __asm__ __volatile__("outb %0, %1" ::"a"((uint8_t)v), "Nd"(port)); break;
    case 2: __asm__ __volatile__("outw %0, %1" ::"a"((uint16_t)v), "Nd"(port)); break;
    default: __asm__ __volatile__("outl %0, %1" ::"a"(v), "Nd"(port)); break;
    }
}

/* A string to one port in one instruction: a hypervisor that emulates the
 * port takes one exit for the whole string instead of one per byte. */
static inline void vmi_x86_outsb(uint16_t port, const void *buf, size_t n)
{
    __asm__ __volatile__("rep outsb" : "+S"(buf), "+c"(n) : "d"(port) : "memory");
}

/* ---- memory-mapped registers (the xAPIC page) ---- */

static inline uint32_t vmi_x86_mmio_read32(uint64_t addr)
{
    return *(volatile uint32_t *)(uintptr_t)addr;
}

static inline void vmi_x86_mmio_write32(uint64_t addr, uint32_t v)
{
    *(volatile uint32_t *)(uintptr_t)addr = v;
}

/* ---- hypercalls through a hypercall page ---- */

/*
 * Calls stub `nr` of a hypercall page whose stubs are 32 bytes apart (the
 * layout Xen writes): an indirect call to page + 32 * nr, arguments in
 * rdi, rsi, rdx, r10 and r8, the result in rax.  The stub may clobber
 * every argument register, so all of them are outputs too.  The call
 * pushes a return address below rsp: callers are built with
 * -mno-red-zone, as kernel code is.
 */
static inline int64_t vmi_x86_hypercall_page(const void *page, uint32_t nr, uint64_t a1,
                                             uint64_t a2, uint64_t a3, uint64_t a4,
                                             uint64_t a5)
{
    register uint64_t r10 __asm__("r10") = a4;
    register uint64_t r8 __asm__("r8") = a5;
    uint64_t stub = (uint64_t)(uintptr_t)page + (uint64_t)nr * VMI_X86_HYPERCALL_STUB_SIZE;
    int64_t ret;

    vmi_x86__hypercall_counted();
    __asm__ __volatile__("call *%[stub]"
                         : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                         : [stub] "r"(stub)
                         : "memory", "cc", "rcx", "r9", "r11");
    return ret;
}

/* ---- hypercalls by instruction ---- */

/*
 * KVM's register convention, the one these serve: the number in RAX, the
 * arguments in RBX, RCX, RDX and RSI, the result in RAX, nothing else
 * clobbered.  VMCALL is the VMX (Intel) instruction and VMMCALL the SVM
 * (AMD) one; the caller picks by CPU vendor, since a hypervisor may raise
 * #UD for the other vendor's instruction instead of patching it.
 */
static inline int64_t vmi_x86_vmcall(uint32_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
                                     uint64_t a3)
{
    int64_t ret;

    vmi_x86__hypercall_counted();
    __asm__ __volatile__("vmcall"
                         : "=a"(ret)
                         : "a"((uint64_t)nr), "b"(a0), "c"(a1), "d"(a2), "S"(a3)
                         : "memory");
    return ret;
}

static inline int64_t vmi_x86_vmmcall(uint32_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
                                      uint64_t a3)
{
    int64_t ret;

    vmi_x86__hypercall_counted();
    __asm__ __volatile__("vmmcall"
                         : "=a"(ret)
                         : "a"((uint64_t)nr), "b"(a0), "c"(a1), "d"(a2), "S"(a3)
                         : "memory");
    return ret;
}

#endif /* VMI_X86_FAKE */

/* ---- helpers built on the wrappers above, the same in both variants ---- */

static inline uint8_t vmi_x86_inb(uint16_t port)
{
    return (uint8_t)vmi_x86_in(port, 1);
}

static inline void vmi_x86_outb(uint16_t port, uint8_t v)
{
    vmi_x86_out(port, 1, v);
}

/* x2APIC register `reg` (its xAPIC offset) is MSR 0x800 + reg / 16. */
static inline uint32_t vmi_x86_x2apic_msr(uint32_t reg)
{
    return VMI_X86_MSR_X2APIC_BASE + (reg >> 4);
}

static inline int vmi_x86_x2apic_read(uint32_t reg, uint64_t *v)
{
    return vmi_x86_rdmsr_safe(vmi_x86_x2apic_msr(reg), v);
}

static inline int vmi_x86_x2apic_write(uint32_t reg, uint64_t v)
{
    return vmi_x86_wrmsr_safe(vmi_x86_x2apic_msr(reg), v);
}

/* The FS, GS and kernel-GS bases through their MSRs (one state with the
 * segment registers' hidden bases). */
static inline int vmi_x86_fs_base_write(uint64_t base)
{
    return vmi_x86_wrmsr_safe(VMI_X86_MSR_FS_BASE, base);
}

static inline int vmi_x86_gs_base_write(uint64_t base)
{
    return vmi_x86_wrmsr_safe(VMI_X86_MSR_GS_BASE, base);
}

static inline int vmi_x86_fs_base_read(uint64_t *base)
{
    return vmi_x86_rdmsr_safe(VMI_X86_MSR_FS_BASE, base);
}

static inline int vmi_x86_gs_base_read(uint64_t *base)
{
    return vmi_x86_rdmsr_safe(VMI_X86_MSR_GS_BASE, base);
}

#endif /* VMI_X86_H */
