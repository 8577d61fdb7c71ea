/* The trace's window: 2 MiB of virtual space whose level-1 table the trace owns, at PML4 entry 256. */
#include "run.h"

#define PTE_P_RW 0x3ull
#define PML4_INDEX ((WINDOW_VA >> 39) & 511)

extern uint64_t guest_pml4[512];

/* The harness's own levels above the window's table: linked once, so
 * every CPU sharing the harness's PML4 sees the window. */
static uint64_t window_pdpt[512] __attribute__((aligned(4096)));
static uint64_t window_pd[512] __attribute__((aligned(4096)));
static uint32_t vas_used;

_Static_assert(PML4_INDEX == 256, "the window lies where the ref environment puts it");

void window_init(void)
{
    window_pdpt[0] = (uint64_t)(uintptr_t)window_pd | PTE_P_RW;
    guest_pml4[PML4_INDEX] = (uint64_t)(uintptr_t)window_pdpt | PTE_P_RW;
}

int window_va_alloc(uint64_t *va)
{
    if (vas_used >= WINDOW_PAGES)
        return VMI_ENOMEM;
    *va = WINDOW_VA + (uint64_t)vas_used++ * 4096u;
    return 0;
}

void window_link(uint64_t pt_pa)
{
    *(volatile uint64_t *)&window_pd[0] = pt_pa | PTE_P_RW;
}

void window_reset(void)
{
    uint32_t cpu;

    *(volatile uint64_t *)&window_pd[0] = 0;
    vas_used = 0;
    for (cpu = 0; cpu < cpus_online(); cpu++)
        (void)cpus_run_on(cpu, harness_flush_this_cpu, NULL);
}
