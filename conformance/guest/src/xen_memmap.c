/*
 * The memory map of a Xen PVH dom0.  Xen 4.17 hands dom0 a version 0
 * start_info, which has no memory map, so the page pool would be empty.
 * Xen keeps dom0's own (pseudo-physical) e820 and answers
 * XENMEM_memory_map with it.  This runs before any adapter is bound, so it
 * makes that one hypercall itself, with the vendor's instruction (Xen
 * accepts a hypercall without the hypercall page).
 */
#include "guest.h"
#include "io.h"

#define XEN_SIG_EBX 0x566e6558u   /* "XenV" */
#define XEN_SIG_ECX 0x65584d4du   /* "MMXe" */
#define XEN_SIG_EDX 0x4d4d566eu   /* "nVMM" */
#define HC_MEMORY_OP 12u
#define XENMEM_MEMORY_MAP 9u
#define XEN_E820_MAX 64u

/* Xen's e820 entry is packed: 20 bytes. */
struct xen_e820 {
    uint64_t addr, size;
    uint32_t type;
} __attribute__((packed));

struct xen_memory_map {
    uint32_t nr_entries;        /* in: room; out: entries written */
    uint32_t pad;
    uint64_t buffer;
};

/* start_info's layout (hvm_memmap_entry), which the pool reads. */
struct memmap_entry {
    uint64_t addr, size;
    uint32_t type, reserved;
};

static struct xen_e820 raw[XEN_E820_MAX];
static struct memmap_entry map[XEN_E820_MAX];

static void cpuid4(uint32_t leaf, uint32_t r[4])
{
    __asm__ __volatile__("cpuid"
                         : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                         : "a"(leaf), "c"(0));
}

/* Xen's leaves start at 0x40000000, or 0x100 further up with Viridian. */
int guest_under_xen(void)
{
    uint32_t r[4], base;

    for (base = 0x40000000u; base < 0x40010000u; base += 0x100u) {
        cpuid4(base, r);
        if (r[1] == XEN_SIG_EBX && r[2] == XEN_SIG_ECX && r[3] == XEN_SIG_EDX)
            return 1;
    }
    return 0;
}

/* VMMCALL on AMD and Hygon; Xen may raise #UD for the other one. */
static int vendor_amd(void)
{
    uint32_t r[4];

    cpuid4(0, r);
    return (r[1] == 0x68747541u && r[3] == 0x69746e65u && r[2] == 0x444d4163u) ||
           (r[1] == 0x6f677948u && r[3] == 0x6e65476eu && r[2] == 0x656e6975u);
}

/* Xen's 64-bit ABI: number in RAX, arguments in RDI, RSI; every argument
 * register may come back clobbered. */
static int64_t xen_hc2(uint32_t nr, uint64_t a1, uint64_t a2, int amd)
{
    register uint64_t rdx __asm__("rdx") = 0;
    register uint64_t r10 __asm__("r10") = 0;
    register uint64_t r8 __asm__("r8") = 0;
    int64_t ret;

    if (amd)
        __asm__ __volatile__("vmmcall"
                             : "=a"(ret), "+D"(a1), "+S"(a2), "+r"(rdx), "+r"(r10), "+r"(r8)
                             : "a"((uint64_t)nr)
                             : "memory");
    else
        __asm__ __volatile__("vmcall"
                             : "=a"(ret), "+D"(a1), "+S"(a2), "+r"(rdx), "+r"(r10), "+r"(r8)
                             : "a"((uint64_t)nr)
                             : "memory");
    return ret;
}

int xen_memmap_fetch(const void **memmap, uint32_t *entries)
{
    struct xen_memory_map m;
    int64_t rc;
    uint32_t i;

    if (!guest_under_xen())
        return -1;
    m.nr_entries = XEN_E820_MAX;
    m.pad = 0;
    m.buffer = (uint64_t)(uintptr_t)raw;    /* identity-mapped */
    rc = xen_hc2(HC_MEMORY_OP, XENMEM_MEMORY_MAP, (uint64_t)(uintptr_t)&m, vendor_amd());
    if (rc != 0 || m.nr_entries == 0 || m.nr_entries > XEN_E820_MAX)
        return rc != 0 ? (int)rc : -1;
    for (i = 0; i < m.nr_entries; i++) {
        map[i].addr = raw[i].addr;
        map[i].size = raw[i].size;
        map[i].type = raw[i].type;
        map[i].reserved = 0;
    }
    *memmap = map;
    *entries = m.nr_entries;
    return 0;
}
