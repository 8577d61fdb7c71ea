/* The trace pool: zeroed pages of RAM that neither the image nor what the boot loader handed over uses. */
#include "run.h"

#define PAGE 4096ull
#define MEMMAP_RAM 1u
/* The identity map's reach (layout.h: GUEST_IDMAP_GIB). */
#define IDMAP_END (1ull << 32)

struct memmap_entry {
    uint64_t addr, size;
    uint32_t type, reserved;
};

struct modlist_entry {
    uint64_t paddr, size, cmdline_paddr, reserved;
};

/* What the boot loader put in RAM and the guest still reads: QEMU keeps
 * these below the image, Xen may place them anywhere. */
#define BUSY_MAX 24u
#define BUSY_MODULES_MAX 8u

struct busy {
    uint64_t lo, hi;    /* page-aligned [lo, hi) */
};

extern char __image_end[];

static const struct boot_info *boot;
static struct busy busy[BUSY_MAX];
static uint32_t busy_count;
static uint64_t pool_base, pool_pages, used;

static uint64_t align_up(uint64_t v)
{
    return (v + PAGE - 1) & ~(PAGE - 1);
}

static void busy_add(uint64_t pa, uint64_t len)
{
    if (busy_count < BUSY_MAX && pa != 0 && len != 0) {
        busy[busy_count].lo = pa & ~(PAGE - 1);
        busy[busy_count].hi = align_up(pa + len);
        busy_count++;
    }
}

/* The modules with their command lines, start_info and the tables it
 * points to (a command line is read up to GUEST_CMDLINE_MAX bytes). */
static void busy_collect(const struct boot_info *b)
{
    const struct modlist_entry *m = b->modules;
    uint32_t i;

    busy_add(b->start_info_pa, PAGE);
    busy_add((uint64_t)(uintptr_t)b->cmdline, GUEST_CMDLINE_MAX);
    busy_add((uint64_t)(uintptr_t)b->memmap, (uint64_t)b->memmap_entries * 24);
    busy_add((uint64_t)(uintptr_t)m, (uint64_t)b->nr_modules * sizeof(*m));
    for (i = 0; m != NULL && i < b->nr_modules && i < BUSY_MODULES_MAX; i++) {
        busy_add(m[i].paddr, m[i].size);
        busy_add(m[i].cmdline_paddr, PAGE);
    }
}

/* Where the free stretch starting at s ends: the next busy range, or end;
 * s itself inside one gives an empty stretch. */
static uint64_t free_until(uint64_t s, uint64_t end)
{
    uint32_t i;

    for (i = 0; i < busy_count; i++) {
        if (s >= busy[i].lo && s < busy[i].hi)
            return s;
        if (busy[i].lo > s && busy[i].lo < end)
            end = busy[i].lo;
    }
    return end;
}

/* The largest free stretch of one RAM entry, starting at its start or
 * right after a busy range. */
static void consider(uint64_t lo, uint64_t hi)
{
    uint64_t s = lo, e;
    uint32_t i;

    for (i = 0; i <= busy_count; i++) {
        if (s >= lo && s < hi) {
            e = free_until(s, hi);
            if ((e - s) / PAGE > pool_pages) {
                pool_base = s;
                pool_pages = (e - s) / PAGE;
            }
        }
        if (i < busy_count)
            s = busy[i].hi;
    }
}

void pages_init(const struct boot_info *b)
{
    const struct memmap_entry *e = b->memmap;
    uint64_t floor = align_up((uint64_t)(uintptr_t)__image_end);
    uint32_t i;

    boot = b;
    busy_count = 0;
    pool_base = pool_pages = used = 0;
    busy_collect(b);
    for (i = 0; i < b->memmap_entries; i++) {
        uint64_t lo = align_up(e[i].addr), hi = (e[i].addr + e[i].size) & ~(PAGE - 1);

        if (e[i].type != MEMMAP_RAM)
            continue;
        lo = lo < floor ? floor : lo;
        hi = hi > IDMAP_END ? IDMAP_END : hi;
        if (lo < hi)
            consider(lo, hi);
    }
    if (pool_pages > PAGES_TRACE_MAX)
        pool_pages = PAGES_TRACE_MAX;
}

void pages_reset(void)
{
    used = 0;
}

int pages_alloc(uint64_t *pa)
{
    if (used >= pool_pages)
        return VMI_ENOMEM;
    *pa = pool_base + used++ * PAGE;
    memset((void *)(uintptr_t)*pa, 0, PAGE);
    return 0;
}

int pages_in_ram(uint64_t pa, uint64_t len)
{
    const struct memmap_entry *e = boot->memmap;
    uint32_t i;

    if (pa >= IDMAP_END || len > IDMAP_END - pa)
        return 0;
    for (i = 0; i < boot->memmap_entries; i++)
        if (e[i].type == MEMMAP_RAM && pa >= e[i].addr && pa + len <= e[i].addr + e[i].size)
            return 1;
    return 0;
}

uint64_t pages_phys_end(void)
{
    const struct memmap_entry *e = boot->memmap;
    uint64_t end = 0;
    uint32_t i;

    for (i = 0; i < boot->memmap_entries; i++)
        if (e[i].type == MEMMAP_RAM && e[i].addr + e[i].size > end)
            end = e[i].addr + e[i].size;
    return end;
}
