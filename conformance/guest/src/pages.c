/* The trace pool: zeroed pages of RAM the image, the boot modules and the harness do not use. */
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

extern char __image_end[];

static const struct boot_info *boot;
static uint64_t pool_base, pool_pages, used;

static uint64_t align_up(uint64_t v)
{
    return (v + PAGE - 1) & ~(PAGE - 1);
}

/* Where the free stretch starting at s ends: the next module, or end;
 * s itself inside a module gives an empty stretch. */
static uint64_t free_until(uint64_t s, uint64_t end)
{
    const struct modlist_entry *m = boot->modules;
    uint32_t i;

    for (i = 0; i < boot->nr_modules; i++) {
        uint64_t lo = m[i].paddr & ~(PAGE - 1), hi = align_up(m[i].paddr + m[i].size);

        if (s >= lo && s < hi)
            return s;
        if (lo > s && lo < end)
            end = lo;
    }
    return end;
}

/* The largest free stretch of one RAM entry, starting at its start or
 * right after a module. */
static void consider(uint64_t lo, uint64_t hi)
{
    const struct modlist_entry *m = boot->modules;
    uint64_t s = lo, e;
    uint32_t i;

    for (i = 0; i <= boot->nr_modules; i++) {
        if (s >= lo && s < hi) {
            e = free_until(s, hi);
            if ((e - s) / PAGE > pool_pages) {
                pool_base = s;
                pool_pages = (e - s) / PAGE;
            }
        }
        if (i < boot->nr_modules)
            s = align_up(m[i].paddr + m[i].size);
    }
}

void pages_init(const struct boot_info *b)
{
    const struct memmap_entry *e = b->memmap;
    uint64_t floor = align_up((uint64_t)(uintptr_t)__image_end);
    uint32_t i;

    boot = b;
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
