/* The recording fake of the x86 layer: what x86.h turns into under -DVMI_X86_FAKE. */
#ifndef VMI_X86_FAKE_H
#define VMI_X86_FAKE_H

#include <stddef.h>
#include <stdint.h>
#include <vmi/types.h>

/*
 * Under VMI_X86_FAKE every wrapper of x86.h calls one of five entry points
 * below instead of executing an instruction.  The fake (fake/x86_fake.c,
 * linked into host tests only) logs each operation with its operands,
 * keeps a small register file so that a write reads back, and answers
 * with scripted values (CPUID leaves, port reads, the TSC) and scripted
 * faults (an MSR or CR access that "raises #GP", so the safe wrappers
 * return -1).  A test then asserts on the log: which CR or MSR got which
 * value, which port saw which byte, in which order.
 */
enum vmi_x86_op {
    VMI_X86_OP_CR_READ, VMI_X86_OP_CR_WRITE, VMI_X86_OP_CLTS,
    VMI_X86_OP_MSR_READ, VMI_X86_OP_MSR_WRITE, VMI_X86_OP_CPUID, VMI_X86_OP_RDTSC,
    VMI_X86_OP_LGDT, VMI_X86_OP_LIDT, VMI_X86_OP_SGDT, VMI_X86_OP_SIDT,
    VMI_X86_OP_LLDT, VMI_X86_OP_LTR, VMI_X86_OP_SLDT, VMI_X86_OP_STR,
    VMI_X86_OP_SWAPGS, VMI_X86_OP_DR_READ, VMI_X86_OP_DR_WRITE,
    VMI_X86_OP_WBINVD, VMI_X86_OP_INVLPG,
    VMI_X86_OP_CLI, VMI_X86_OP_STI, VMI_X86_OP_FLAGS_READ, VMI_X86_OP_FLAGS_WRITE,
    VMI_X86_OP_HLT, VMI_X86_OP_STI_HLT, VMI_X86_OP_PAUSE,
    VMI_X86_OP_IN, VMI_X86_OP_OUT, VMI_X86_OP_MMIO_READ, VMI_X86_OP_MMIO_WRITE,
    VMI_X86_OP_HYPERCALL, VMI_X86_OP_VMCALL, VMI_X86_OP_VMMCALL,
    VMI_X86_OP_COUNT
};

/* One logged operation: a is the register, MSR, port or address; b the
 * value written or read (for IN and OUT, the width is in c). */
struct vmi_x86_fake_rec {
    enum vmi_x86_op op;
    uint64_t a, b, c;
};

/* ---- the entry points the wrappers call ---- */
uint64_t vmi_x86_fake_read(enum vmi_x86_op op, uint64_t a, uint64_t c);
void vmi_x86_fake_write(enum vmi_x86_op op, uint64_t a, uint64_t b, uint64_t c);
int vmi_x86_fake_try_read(enum vmi_x86_op op, uint64_t a, uint64_t *value);
int vmi_x86_fake_try_write(enum vmi_x86_op op, uint64_t a, uint64_t b);
void vmi_x86_fake_cpuid(uint32_t leaf, uint32_t subleaf, struct vmi_cpuid_regs *r);
void vmi_x86_fake_table_get(enum vmi_x86_op op, uint64_t *base, uint16_t *limit);
/* VMCALL or VMMCALL (op) with KVM's four register arguments. */
int64_t vmi_x86_fake_hypercall_insn(enum vmi_x86_op op, uint32_t nr, uint64_t a0, uint64_t a1,
                                    uint64_t a2, uint64_t a3);
int64_t vmi_x86_fake_hypercall(uint32_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                               uint64_t a5);

/* ---- scripting and inspection, for tests ---- */
typedef uint32_t (*vmi_x86_fake_in_fn)(uint16_t port, uint32_t width);
typedef void (*vmi_x86_fake_out_fn)(uint16_t port, uint32_t width, uint32_t value);
typedef void (*vmi_x86_fake_hook_fn)(void);
typedef void (*vmi_x86_fake_msr_fn)(uint32_t msr, uint64_t value);

void vmi_x86_fake_reset(void);
void vmi_x86_fake_cr_set(uint32_t cr, uint64_t v);
uint64_t vmi_x86_fake_cr_get(uint32_t cr);
void vmi_x86_fake_msr_set(uint32_t msr, uint64_t v);
uint64_t vmi_x86_fake_msr_get(uint32_t msr);
uint64_t vmi_x86_fake_dr_get(uint32_t n);
uint64_t vmi_x86_fake_flags_get(void);
void vmi_x86_fake_flags_set(uint64_t flags);
void vmi_x86_fake_table_set(enum vmi_x86_op op, uint64_t base, uint16_t limit);
uint16_t vmi_x86_fake_sel_get(enum vmi_x86_op op);       /* LLDT or LTR */
void vmi_x86_fake_sel_set(enum vmi_x86_op op, uint16_t sel);
void vmi_x86_fake_mmio_set(uint64_t addr, uint32_t v);
uint32_t vmi_x86_fake_mmio_get(uint64_t addr);
void vmi_x86_fake_cpuid_set(uint32_t leaf, uint32_t subleaf, uint32_t eax, uint32_t ebx,
                            uint32_t ecx, uint32_t edx);
void vmi_x86_fake_tsc_set(uint64_t start, uint64_t step);
/* The next access of `op` to `a` (an MSR, a CR) raises #GP. */
void vmi_x86_fake_fault_add(enum vmi_x86_op op, uint64_t a);
void vmi_x86_fake_in_hook(vmi_x86_fake_in_fn fn);
void vmi_x86_fake_out_hook(vmi_x86_fake_out_fn fn);
void vmi_x86_fake_pause_hook(vmi_x86_fake_hook_fn fn);
/* Called on HLT and STI;HLT: a test escapes a halt loop (shutdown) with
 * longjmp from here. */
void vmi_x86_fake_hlt_hook(vmi_x86_fake_hook_fn fn);
/* Called on every RDTSC before it reads the counter: a test plays the
 * hypervisor updating shared memory between two reads. */
void vmi_x86_fake_tsc_hook(vmi_x86_fake_hook_fn fn);
/* Called after every MSR write that did not fault: a test plays the
 * hypervisor reacting to a registration. */
void vmi_x86_fake_msr_hook(vmi_x86_fake_msr_fn fn);

size_t vmi_x86_fake_count(void);
const struct vmi_x86_fake_rec *vmi_x86_fake_at(size_t i);
/* How many logged operations are `op`. */
size_t vmi_x86_fake_count_op(enum vmi_x86_op op);
/* The last logged operation `op` on `a`, or 0. */
const struct vmi_x86_fake_rec *vmi_x86_fake_last(enum vmi_x86_op op, uint64_t a);
/* The last logged operation `op` on anything, or 0. */
const struct vmi_x86_fake_rec *vmi_x86_fake_last_op(enum vmi_x86_op op);
/* Forgets the log (hypercalls included), keeps the state. */
void vmi_x86_fake_log_clear(void);

/*
 * Hypercalls through a hypercall page.  Each is logged twice: in the main
 * log as VMI_X86_OP_HYPERCALL (a = number, b = first argument, c = second),
 * which keeps its order among the other operations, and in the hypercall
 * log below with all five arguments.  The hook answers it: it gets the
 * number and arguments, may write through argument pointers (host
 * addresses in a test) to play the hypervisor's memory effects, and
 * returns the result; without a hook every hypercall returns 0.
 * VMCALL and VMMCALL (vmi_x86_vmcall, vmi_x86_vmmcall) are logged the same
 * way, as VMI_X86_OP_VMCALL or VMI_X86_OP_VMMCALL in the main log, with
 * their four arguments in arg[0..3] of the hypercall log.
 */
#define VMI_X86_FAKE_HCALL_ARGS 5u
struct vmi_x86_fake_hcall {
    uint32_t nr;
    uint64_t arg[VMI_X86_FAKE_HCALL_ARGS];
    int64_t ret;
};
typedef int64_t (*vmi_x86_fake_hcall_fn)(uint32_t nr, const uint64_t *arg);

void vmi_x86_fake_hypercall_hook(vmi_x86_fake_hcall_fn fn);
size_t vmi_x86_fake_hcall_count(void);
const struct vmi_x86_fake_hcall *vmi_x86_fake_hcall_at(size_t i);
/* The last hypercall `nr` whose first argument is `cmd`, or 0. */
const struct vmi_x86_fake_hcall *vmi_x86_fake_hcall_last(uint32_t nr, uint64_t cmd);

/* ---- the wrappers: the same names and signatures as the real ones ---- */

static inline uint64_t vmi_x86_cr_read(uint32_t cr)
{
    return vmi_x86_fake_read(VMI_X86_OP_CR_READ, cr, 0);
}

static inline int vmi_x86_cr_write_safe(uint32_t cr, uint64_t v)
{
    return vmi_x86_fake_try_write(VMI_X86_OP_CR_WRITE, cr, v);
}

static inline void vmi_x86_clts(void)
{
    vmi_x86_fake_write(VMI_X86_OP_CLTS, 0, 0, 0);
}

static inline uint64_t vmi_x86_rdmsr(uint32_t msr)
{
    return vmi_x86_fake_read(VMI_X86_OP_MSR_READ, msr, 0);
}

static inline void vmi_x86_wrmsr(uint32_t msr, uint64_t v)
{
    vmi_x86_fake_write(VMI_X86_OP_MSR_WRITE, msr, v, 0);
}

static inline int vmi_x86_rdmsr_safe(uint32_t msr, uint64_t *value)
{
    return vmi_x86_fake_try_read(VMI_X86_OP_MSR_READ, msr, value);
}

static inline int vmi_x86_wrmsr_safe(uint32_t msr, uint64_t v)
{
    return vmi_x86_fake_try_write(VMI_X86_OP_MSR_WRITE, msr, v);
}

static inline void vmi_x86_cpuid(uint32_t leaf, uint32_t subleaf, struct vmi_cpuid_regs *r)
{
    vmi_x86_fake_cpuid(leaf, subleaf, r);
}

static inline uint64_t vmi_x86_rdtsc(void)
{
    return vmi_x86_fake_read(VMI_X86_OP_RDTSC, 0, 0);
}

static inline void vmi_x86_lgdt(uint64_t base, uint16_t limit)
{
    vmi_x86_fake_write(VMI_X86_OP_LGDT, base, limit, 0);
}

static inline void vmi_x86_lidt(uint64_t base, uint16_t limit)
{
    vmi_x86_fake_write(VMI_X86_OP_LIDT, base, limit, 0);
}

static inline void vmi_x86_sgdt(uint64_t *base, uint16_t *limit)
{
    vmi_x86_fake_table_get(VMI_X86_OP_SGDT, base, limit);
}

static inline void vmi_x86_sidt(uint64_t *base, uint16_t *limit)
{
    vmi_x86_fake_table_get(VMI_X86_OP_SIDT, base, limit);
}

static inline void vmi_x86_lldt(uint16_t sel)
{
    vmi_x86_fake_write(VMI_X86_OP_LLDT, sel, 0, 0);
}

static inline void vmi_x86_ltr(uint16_t sel)
{
    vmi_x86_fake_write(VMI_X86_OP_LTR, sel, 0, 0);
}

static inline uint16_t vmi_x86_sldt(void)
{
    return (uint16_t)vmi_x86_fake_read(VMI_X86_OP_SLDT, 0, 0);
}

static inline uint16_t vmi_x86_str(void)
{
    return (uint16_t)vmi_x86_fake_read(VMI_X86_OP_STR, 0, 0);
}

static inline void vmi_x86_swapgs(void)
{
    vmi_x86_fake_write(VMI_X86_OP_SWAPGS, 0, 0, 0);
}

static inline uint64_t vmi_x86_dr_read(uint32_t n)
{
    return vmi_x86_fake_read(VMI_X86_OP_DR_READ, n, 0);
}

static inline void vmi_x86_dr_write(uint32_t n, uint64_t v)
{
    vmi_x86_fake_write(VMI_X86_OP_DR_WRITE, n, v, 0);
}

static inline void vmi_x86_wbinvd(void)
{
    vmi_x86_fake_write(VMI_X86_OP_WBINVD, 0, 0, 0);
}

static inline void vmi_x86_invlpg(uint64_t va)
{
    vmi_x86_fake_write(VMI_X86_OP_INVLPG, va, 0, 0);
}

static inline void vmi_x86_cli(void)
{
    vmi_x86_fake_write(VMI_X86_OP_CLI, 0, 0, 0);
}

static inline void vmi_x86_sti(void)
{
    vmi_x86_fake_write(VMI_X86_OP_STI, 0, 0, 0);
}

static inline uint64_t vmi_x86_flags_read(void)
{
    return vmi_x86_fake_read(VMI_X86_OP_FLAGS_READ, 0, 0);
}

static inline void vmi_x86_flags_write(uint64_t f)
{
    vmi_x86_fake_write(VMI_X86_OP_FLAGS_WRITE, 0, f, 0);
}

static inline void vmi_x86_hlt(void)
{
    vmi_x86_fake_write(VMI_X86_OP_HLT, 0, 0, 0);
}

static inline void vmi_x86_sti_hlt(void)
{
    vmi_x86_fake_write(VMI_X86_OP_STI_HLT, 0, 0, 0);
}

static inline void vmi_x86_pause(void)
{
    vmi_x86_fake_write(VMI_X86_OP_PAUSE, 0, 0, 0);
}

static inline uint32_t vmi_x86_in(uint16_t port, uint32_t width)
{
    return (uint32_t)vmi_x86_fake_read(VMI_X86_OP_IN, port, width);
}

static inline void vmi_x86_out(uint16_t port, uint32_t width, uint32_t v)
{
    vmi_x86_fake_write(VMI_X86_OP_OUT, port, v, width);
}

/* Recorded as the byte writes the string instruction performs. */
static inline void vmi_x86_outsb(uint16_t port, const void *buf, size_t n)
{
    const uint8_t *b = buf;
    size_t i;

    for (i = 0; i < n; i++)
        vmi_x86_out(port, 1, b[i]);
}

static inline uint32_t vmi_x86_mmio_read32(uint64_t addr)
{
    return (uint32_t)vmi_x86_fake_read(VMI_X86_OP_MMIO_READ, addr, 0);
}

static inline void vmi_x86_mmio_write32(uint64_t addr, uint32_t v)
{
    vmi_x86_fake_write(VMI_X86_OP_MMIO_WRITE, addr, v, 0);
}

static inline int64_t vmi_x86_hypercall_page(const void *page, uint32_t nr, uint64_t a1,
                                             uint64_t a2, uint64_t a3, uint64_t a4,
                                             uint64_t a5)
{
    (void)page;
    return vmi_x86_fake_hypercall(nr, a1, a2, a3, a4, a5);
}

static inline int64_t vmi_x86_vmcall(uint32_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
                                     uint64_t a3)
{
    return vmi_x86_fake_hypercall_insn(VMI_X86_OP_VMCALL, nr, a0, a1, a2, a3);
}

static inline int64_t vmi_x86_vmmcall(uint32_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
                                      uint64_t a3)
{
    return vmi_x86_fake_hypercall_insn(VMI_X86_OP_VMMCALL, nr, a0, a1, a2, a3);
}

#endif /* VMI_X86_FAKE_H */
