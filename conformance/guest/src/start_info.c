/* The PVH start_info (Xen public/arch-x86/hvm/start_info.h): checked, summarised, reported. */
#include "guest.h"
#include "io.h"

#define HVM_START_MAGIC 0x336ec578u
#define MEMMAP_RAM 1u

/* Only the identity-mapped low 4 GiB is readable. */
#define READABLE_LIMIT (1ull << 32)

struct hvm_start_info {
    uint32_t magic, version, flags, nr_modules;
    uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr;
    uint64_t memmap_paddr;      /* version 1 and later */
    uint32_t memmap_entries, reserved;
};

struct hvm_modlist_entry {
    uint64_t paddr, size, cmdline_paddr, reserved;
};

struct hvm_memmap_entry {
    uint64_t addr, size;
    uint32_t type, reserved;
};

uint64_t guest_rsdp;

/* An address start_info gives is usable when the whole object is mapped. */
static const void *readable(uint64_t pa, uint64_t bytes)
{
    if (pa == 0 || pa >= READABLE_LIMIT || bytes > READABLE_LIMIT - pa)
        return NULL;
    return (const void *)(uintptr_t)pa;
}

int boot_parse(uint64_t pa, struct boot_info *b)
{
    const struct hvm_start_info *si = readable(pa, sizeof(*si));
    const char *cmdline;
    uint32_t i;

    memset(b, 0, sizeof(*b));
    b->cmdline = "";
    if (si == NULL || si->magic != HVM_START_MAGIC)
        return -1;
    b->start_info_pa = (uint32_t)pa;
    b->version = si->version;
    b->flags = si->flags;
    b->rsdp = si->rsdp_paddr;
    guest_rsdp = si->rsdp_paddr;
    cmdline = readable(si->cmdline_paddr, GUEST_CMDLINE_MAX);
    if (cmdline != NULL)
        b->cmdline = cmdline;
    b->modules = readable(si->modlist_paddr, (uint64_t)si->nr_modules * 32);
    b->nr_modules = b->modules ? si->nr_modules : 0;
    if (si->version >= 1) {
        b->memmap = readable(si->memmap_paddr, (uint64_t)si->memmap_entries * 24);
        b->memmap_entries = b->memmap ? si->memmap_entries : 0;
    }
    /* Xen's PVH dom0 gets version 0: ask Xen for the map instead. */
    if (b->memmap_entries == 0 &&
        xen_memmap_fetch(&b->memmap, &b->memmap_entries) != 0) {
        b->memmap = NULL;
        b->memmap_entries = 0;
    }
    for (i = 0; i < b->memmap_entries; i++) {
        const struct hvm_memmap_entry *e = (const struct hvm_memmap_entry *)b->memmap + i;
        if (e->type == MEMMAP_RAM)
            b->ram_bytes += e->size;
    }
    return 0;
}

static void report_summary(const struct boot_info *b)
{
    uint8_t p[VMI_REC_BOOT_SIZE] = {0};

    vmi_rec_put32(p + VMI_REC_BOOT_MAGIC, HVM_START_MAGIC);
    vmi_rec_put32(p + VMI_REC_BOOT_SI_VERSION, b->version);
    vmi_rec_put32(p + VMI_REC_BOOT_FLAGS, b->flags);
    vmi_rec_put32(p + VMI_REC_BOOT_NR_MODULES, b->nr_modules);
    vmi_rec_put32(p + VMI_REC_BOOT_MEMMAP, b->memmap_entries);
    vmi_rec_put32(p + VMI_REC_BOOT_START_INFO, b->start_info_pa);
    vmi_rec_put64(p + VMI_REC_BOOT_RSDP, b->rsdp);
    vmi_rec_put64(p + VMI_REC_BOOT_RAM, b->ram_bytes);
    vmi_rec_put64(p + VMI_REC_BOOT_EFER, rdmsr(MSR_EFER));
    vmi_rec_put64(p + VMI_REC_BOOT_CR0, read_cr0());
    vmi_rec_put64(p + VMI_REC_BOOT_CR4, read_cr4());
    rec_emit(VMI_REC_BOOT, p, sizeof(p));
}

static void report_memmap(const struct boot_info *b)
{
    const struct hvm_memmap_entry *e = b->memmap;
    uint8_t p[VMI_REC_MEMMAP_SIZE];
    uint32_t i;

    for (i = 0; i < b->memmap_entries; i++) {
        vmi_rec_put32(p + VMI_REC_MEMMAP_INDEX, i);
        vmi_rec_put32(p + VMI_REC_MEMMAP_TYPE, e[i].type);
        vmi_rec_put64(p + VMI_REC_MEMMAP_ADDR, e[i].addr);
        vmi_rec_put64(p + VMI_REC_MEMMAP_LEN, e[i].size);
        rec_emit(VMI_REC_MEMMAP, p, sizeof(p));
    }
}

static void report_modules(const struct boot_info *b)
{
    const struct hvm_modlist_entry *m = b->modules;
    uint8_t p[VMI_REC_MODULE_FIXED + 128] = {0};
    uint32_t i;

    for (i = 0; i < b->nr_modules; i++) {
        const char *cmd = readable(m[i].cmdline_paddr, 128);
        vmi_rec_put32(p + VMI_REC_MODULE_INDEX, i);
        vmi_rec_put64(p + VMI_REC_MODULE_PADDR, m[i].paddr);
        vmi_rec_put64(p + VMI_REC_MODULE_LEN, m[i].size);
        rec_emit(VMI_REC_MODULE, p, rec_text(p, VMI_REC_MODULE_FIXED, sizeof(p), cmd ? cmd : ""));
    }
}

void boot_report(const struct boot_info *b)
{
    report_summary(b);
    report_memmap(b);
    report_modules(b);
    rec_emit(VMI_REC_CMDLINE, b->cmdline,
             strnlen_bounded(b->cmdline, VMI_REC_PAYLOAD_MAX));
}
