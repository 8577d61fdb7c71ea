/* The recording fake of the x86 layer: a log, a small register file, scripted answers. */
#include <string.h>
#include <vmi-x86/x86.h>

#define LOG_MAX 8192u
#define MAP_MAX 128u
#define CPUID_MAX 64u
#define FAULT_MAX 16u
#define HCALL_MAX 1024u
#define RFLAGS_FIXED 0x2u
#define CR0_TS ((uint64_t)1 << 3)

struct map_entry {
    uint64_t key, value;
};

struct cpuid_entry {
    uint32_t leaf, subleaf;
    struct vmi_cpuid_regs regs;
};

struct fault {
    enum vmi_x86_op op;
    uint64_t a;
};

static struct {
    struct vmi_x86_fake_rec log[LOG_MAX];
    size_t count;
    uint64_t cr[16], dr[8], flags, tsc, tsc_step;
    uint64_t gdt_base, idt_base;
    uint16_t gdt_limit, idt_limit, ldtr, tr;
    struct map_entry msr[MAP_MAX], mmio[MAP_MAX];
    size_t nmsr, nmmio;
    struct cpuid_entry cpuid[CPUID_MAX];
    size_t ncpuid;
    struct fault faults[FAULT_MAX];
    size_t nfaults;
    vmi_x86_fake_in_fn in_hook;
    vmi_x86_fake_out_fn out_hook;
    vmi_x86_fake_hook_fn pause_hook, hlt_hook, tsc_hook;
    vmi_x86_fake_msr_fn msr_hook;
    struct vmi_x86_fake_hcall hcall[HCALL_MAX];
    size_t nhcall;
    vmi_x86_fake_hcall_fn hcall_hook;
} f;

static void record(enum vmi_x86_op op, uint64_t a, uint64_t b, uint64_t c)
{
    if (f.count < LOG_MAX) {
        f.log[f.count].op = op;
        f.log[f.count].a = a;
        f.log[f.count].b = b;
        f.log[f.count].c = c;
        f.count++;
    }
}

/* The slot for key in a map, created (as 0) when create is set. */
static uint64_t *map_slot(struct map_entry *m, size_t *n, uint64_t key, int create)
{
    size_t i;

    for (i = 0; i < *n; i++)
        if (m[i].key == key)
            return &m[i].value;
    if (!create || *n == MAP_MAX)
        return 0;
    m[*n].key = key;
    m[*n].value = 0;
    return &m[(*n)++].value;
}

static uint64_t map_get(struct map_entry *m, size_t *n, uint64_t key)
{
    uint64_t *slot = map_slot(m, n, key, 0);

    return slot ? *slot : 0;
}

static void map_set(struct map_entry *m, size_t *n, uint64_t key, uint64_t v)
{
    uint64_t *slot = map_slot(m, n, key, 1);

    if (slot)
        *slot = v;
}

/* A scripted fault is consumed by the access it hits. */
static int fault_take(enum vmi_x86_op op, uint64_t a)
{
    size_t i;

    for (i = 0; i < f.nfaults; i++)
        if (f.faults[i].op == op && f.faults[i].a == a) {
            f.faults[i] = f.faults[--f.nfaults];
            return 1;
        }
    return 0;
}

void vmi_x86_fake_reset(void)
{
    memset(&f, 0, sizeof(f));
    vmi_x86_hypercalls = 0;
    f.flags = RFLAGS_FIXED;
    f.tsc_step = 1000;
}

/* ---- reads ---- */

static uint64_t tsc_next(void)
{
    uint64_t v;

    if (f.tsc_hook)
        f.tsc_hook();
    v = f.tsc;
    f.tsc += f.tsc_step;
    return v;
}

static uint64_t state_read(enum vmi_x86_op op, uint64_t a, uint64_t c)
{
    switch (op) {
    case VMI_X86_OP_CR_READ: return f.cr[a & 15];
    case VMI_X86_OP_DR_READ: return f.dr[a & 7];
    case VMI_X86_OP_MSR_READ: return map_get(f.msr, &f.nmsr, a);
    case VMI_X86_OP_RDTSC: return tsc_next();
    case VMI_X86_OP_SLDT: return f.ldtr;
    case VMI_X86_OP_STR: return f.tr;
    case VMI_X86_OP_FLAGS_READ: return f.flags;
    case VMI_X86_OP_MMIO_READ: return map_get(f.mmio, &f.nmmio, a);
    case VMI_X86_OP_IN:
        return f.in_hook ? f.in_hook((uint16_t)a, (uint32_t)c)
                         : (c == 4 ? 0xffffffffu : (1u << (8 * c)) - 1);
    default: return 0;
    }
}

uint64_t vmi_x86_fake_read(enum vmi_x86_op op, uint64_t a, uint64_t c)
{
    uint64_t v = state_read(op, a, c);

    record(op, a, v, c);
    return v;
}

int vmi_x86_fake_try_read(enum vmi_x86_op op, uint64_t a, uint64_t *value)
{
    if (fault_take(op, a)) {
        record(op, a, 0, 1);   /* c = 1 marks a faulted access */
        return -1;
    }
    *value = vmi_x86_fake_read(op, a, 0);
    return 0;
}

/* ---- writes ---- */

static void swapgs(void)
{
    uint64_t gs = map_get(f.msr, &f.nmsr, 0xc0000101u);

    map_set(f.msr, &f.nmsr, 0xc0000101u, map_get(f.msr, &f.nmsr, 0xc0000102u));
    map_set(f.msr, &f.nmsr, 0xc0000102u, gs);
}

static void state_write(enum vmi_x86_op op, uint64_t a, uint64_t b)
{
    switch (op) {
    case VMI_X86_OP_CR_WRITE: f.cr[a & 15] = b; break;
    case VMI_X86_OP_CLTS: f.cr[0] &= ~CR0_TS; break;
    case VMI_X86_OP_DR_WRITE: f.dr[a & 7] = b; break;
    case VMI_X86_OP_MSR_WRITE: map_set(f.msr, &f.nmsr, a, b); break;
    case VMI_X86_OP_MMIO_WRITE: map_set(f.mmio, &f.nmmio, a, b); break;
    case VMI_X86_OP_LGDT: f.gdt_base = a; f.gdt_limit = (uint16_t)b; break;
    case VMI_X86_OP_LIDT: f.idt_base = a; f.idt_limit = (uint16_t)b; break;
    case VMI_X86_OP_LLDT: f.ldtr = (uint16_t)a; break;
    case VMI_X86_OP_LTR: f.tr = (uint16_t)a; break;
    case VMI_X86_OP_SWAPGS: swapgs(); break;
    case VMI_X86_OP_CLI: f.flags &= ~(uint64_t)VMI_RFLAGS_IF; break;
    case VMI_X86_OP_STI: case VMI_X86_OP_STI_HLT: f.flags |= VMI_RFLAGS_IF; break;
    case VMI_X86_OP_FLAGS_WRITE: f.flags = b | RFLAGS_FIXED; break;
    default: break;
    }
}

void vmi_x86_fake_write(enum vmi_x86_op op, uint64_t a, uint64_t b, uint64_t c)
{
    record(op, a, b, c);
    state_write(op, a, b);
    if (op == VMI_X86_OP_OUT && f.out_hook)
        f.out_hook((uint16_t)a, (uint32_t)c, (uint32_t)b);
    if (op == VMI_X86_OP_MSR_WRITE && f.msr_hook)
        f.msr_hook((uint32_t)a, b);
    if (op == VMI_X86_OP_PAUSE && f.pause_hook)
        f.pause_hook();
    if ((op == VMI_X86_OP_HLT || op == VMI_X86_OP_STI_HLT) && f.hlt_hook)
        f.hlt_hook();
}

int vmi_x86_fake_try_write(enum vmi_x86_op op, uint64_t a, uint64_t b)
{
    if (fault_take(op, a)) {
        record(op, a, b, 1);
        return -1;
    }
    vmi_x86_fake_write(op, a, b, 0);
    return 0;
}

void vmi_x86_fake_cpuid(uint32_t leaf, uint32_t subleaf, struct vmi_cpuid_regs *r)
{
    size_t i;

    record(VMI_X86_OP_CPUID, leaf, subleaf, 0);
    memset(r, 0, sizeof(*r));
    for (i = 0; i < f.ncpuid; i++)
        if (f.cpuid[i].leaf == leaf && f.cpuid[i].subleaf == subleaf)
            *r = f.cpuid[i].regs;
}

void vmi_x86_fake_table_get(enum vmi_x86_op op, uint64_t *base, uint16_t *limit)
{
    *base = op == VMI_X86_OP_SGDT ? f.gdt_base : f.idt_base;
    *limit = op == VMI_X86_OP_SGDT ? f.gdt_limit : f.idt_limit;
    record(op, *base, *limit, 0);
}

/* ---- scripting ---- */

void vmi_x86_fake_cr_set(uint32_t cr, uint64_t v) { f.cr[cr & 15] = v; }
uint64_t vmi_x86_fake_cr_get(uint32_t cr) { return f.cr[cr & 15]; }
void vmi_x86_fake_msr_set(uint32_t msr, uint64_t v) { map_set(f.msr, &f.nmsr, msr, v); }
uint64_t vmi_x86_fake_msr_get(uint32_t msr) { return map_get(f.msr, &f.nmsr, msr); }
uint64_t vmi_x86_fake_dr_get(uint32_t n) { return f.dr[n & 7]; }
uint64_t vmi_x86_fake_flags_get(void) { return f.flags; }
void vmi_x86_fake_flags_set(uint64_t flags) { f.flags = flags | RFLAGS_FIXED; }
void vmi_x86_fake_mmio_set(uint64_t addr, uint32_t v) { map_set(f.mmio, &f.nmmio, addr, v); }
uint32_t vmi_x86_fake_mmio_get(uint64_t addr) { return (uint32_t)map_get(f.mmio, &f.nmmio, addr); }
void vmi_x86_fake_in_hook(vmi_x86_fake_in_fn fn) { f.in_hook = fn; }
void vmi_x86_fake_out_hook(vmi_x86_fake_out_fn fn) { f.out_hook = fn; }
void vmi_x86_fake_pause_hook(vmi_x86_fake_hook_fn fn) { f.pause_hook = fn; }
void vmi_x86_fake_hlt_hook(vmi_x86_fake_hook_fn fn) { f.hlt_hook = fn; }
void vmi_x86_fake_tsc_hook(vmi_x86_fake_hook_fn fn) { f.tsc_hook = fn; }
void vmi_x86_fake_msr_hook(vmi_x86_fake_msr_fn fn) { f.msr_hook = fn; }

void vmi_x86_fake_table_set(enum vmi_x86_op op, uint64_t base, uint16_t limit)
{
    state_write(op == VMI_X86_OP_SGDT ? VMI_X86_OP_LGDT : VMI_X86_OP_LIDT, base, limit);
}

uint16_t vmi_x86_fake_sel_get(enum vmi_x86_op op)
{
    return op == VMI_X86_OP_LTR ? f.tr : f.ldtr;
}

void vmi_x86_fake_sel_set(enum vmi_x86_op op, uint16_t sel)
{
    state_write(op, sel, 0);
}

void vmi_x86_fake_cpuid_set(uint32_t leaf, uint32_t subleaf, uint32_t eax, uint32_t ebx,
                            uint32_t ecx, uint32_t edx)
{
    size_t i;

    for (i = 0; i < f.ncpuid; i++)
        if (f.cpuid[i].leaf == leaf && f.cpuid[i].subleaf == subleaf)
            break;
    if (i == CPUID_MAX)
        return;
    if (i == f.ncpuid)
        f.ncpuid++;
    f.cpuid[i].leaf = leaf;
    f.cpuid[i].subleaf = subleaf;
    f.cpuid[i].regs.eax = eax;
    f.cpuid[i].regs.ebx = ebx;
    f.cpuid[i].regs.ecx = ecx;
    f.cpuid[i].regs.edx = edx;
}

void vmi_x86_fake_tsc_set(uint64_t start, uint64_t step)
{
    f.tsc = start;
    f.tsc_step = step;
}

void vmi_x86_fake_fault_add(enum vmi_x86_op op, uint64_t a)
{
    if (f.nfaults < FAULT_MAX) {
        f.faults[f.nfaults].op = op;
        f.faults[f.nfaults].a = a;
        f.nfaults++;
    }
}

/* ---- inspection ---- */

size_t vmi_x86_fake_count(void) { return f.count; }

void vmi_x86_fake_log_clear(void)
{
    f.count = 0;
    f.nhcall = 0;
    vmi_x86_hypercalls = 0;
}

const struct vmi_x86_fake_rec *vmi_x86_fake_at(size_t i)
{
    return i < f.count ? &f.log[i] : 0;
}

size_t vmi_x86_fake_count_op(enum vmi_x86_op op)
{
    size_t i, n = 0;

    for (i = 0; i < f.count; i++)
        n += f.log[i].op == op;
    return n;
}

const struct vmi_x86_fake_rec *vmi_x86_fake_last(enum vmi_x86_op op, uint64_t a)
{
    size_t i;

    for (i = f.count; i-- > 0;)
        if (f.log[i].op == op && f.log[i].a == a)
            return &f.log[i];
    return 0;
}

const struct vmi_x86_fake_rec *vmi_x86_fake_last_op(enum vmi_x86_op op)
{
    size_t i;

    for (i = f.count; i-- > 0;)
        if (f.log[i].op == op)
            return &f.log[i];
    return 0;
}

/* ---- hypercalls ---- */

/* Logs a hypercall made by `op` in both logs and lets the hook answer. */
static int64_t hcall_take(enum vmi_x86_op op, uint32_t nr, const uint64_t *arg)
{
    int64_t ret;
    size_t i;

    record(op, nr, arg[0], arg[1]);
    vmi_x86__hypercall_counted();
    ret = f.hcall_hook ? f.hcall_hook(nr, arg) : 0;
    if (f.nhcall < HCALL_MAX) {
        f.hcall[f.nhcall].nr = nr;
        for (i = 0; i < VMI_X86_FAKE_HCALL_ARGS; i++)
            f.hcall[f.nhcall].arg[i] = arg[i];
        f.hcall[f.nhcall].ret = ret;
        f.nhcall++;
    }
    return ret;
}

int64_t vmi_x86_fake_hypercall(uint32_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                               uint64_t a5)
{
    const uint64_t arg[VMI_X86_FAKE_HCALL_ARGS] = {a1, a2, a3, a4, a5};

    return hcall_take(VMI_X86_OP_HYPERCALL, nr, arg);
}

int64_t vmi_x86_fake_hypercall_insn(enum vmi_x86_op op, uint32_t nr, uint64_t a0, uint64_t a1,
                                    uint64_t a2, uint64_t a3)
{
    const uint64_t arg[VMI_X86_FAKE_HCALL_ARGS] = {a0, a1, a2, a3, 0};

    return hcall_take(op, nr, arg);
}

void vmi_x86_fake_hypercall_hook(vmi_x86_fake_hcall_fn fn) { f.hcall_hook = fn; }
size_t vmi_x86_fake_hcall_count(void) { return f.nhcall; }

const struct vmi_x86_fake_hcall *vmi_x86_fake_hcall_at(size_t i)
{
    return i < f.nhcall ? &f.hcall[i] : 0;
}

const struct vmi_x86_fake_hcall *vmi_x86_fake_hcall_last(uint32_t nr, uint64_t cmd)
{
    size_t i;

    for (i = f.nhcall; i-- > 0;)
        if (f.hcall[i].nr == nr && f.hcall[i].arg[0] == cmd)
            return &f.hcall[i];
    return 0;
}
