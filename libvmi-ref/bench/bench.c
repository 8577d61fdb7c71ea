/* Reference-model throughput: calls per second on a mixed call sequence, one core. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <vmi-ref/ref.h>

/* The mix a kernel makes most: interrupt flag, clocks, CR and page-table
 * traffic, TLB flushes, APIC EOI, discovery.  Sixteen calls per round. */
static unsigned mixed_round(struct vmi_ref_cpu *cpu, uint64_t table, uint32_t i)
{
    uint64_t v = 0;
    uint32_t w = 0;
    unsigned bad = 0;

    bad += vmi_ref_irq_save(cpu, &v) != VMI_OK;
    bad += vmi_ref_irq_restore(cpu, v) != VMI_OK;
    bad += vmi_ref_irq_disable(cpu) != VMI_OK;
    bad += vmi_ref_irq_enable(cpu) != VMI_OK;
    bad += vmi_ref_monotonic_get(cpu, &v) != VMI_OK;
    bad += vmi_ref_tsc_read(cpu, &v) != VMI_OK;
    bad += vmi_ref_cr_read(cpu, VMI_CR3, &v) != VMI_OK;
    bad += vmi_ref_cr_read(cpu, VMI_CR0, &v) != VMI_OK;
    bad += vmi_ref_pte_set(cpu, VMI_PT_LEVEL_PT, table, i & 511,
                           ((uint64_t)(i & 1023) << 12) | VMI_PTE_P | VMI_PTE_RW) != VMI_OK;
    bad += vmi_ref_pte_clear(cpu, VMI_PT_LEVEL_PT, table, (i + 7) & 511) != VMI_OK;
    bad += vmi_ref_tlb_flush_one(cpu, (uint64_t)(i & 511) << 12) != VMI_OK;
    bad += vmi_ref_apic_eoi(cpu) != VMI_OK;
    bad += vmi_ref_seg_base_read(cpu, VMI_SEG_GS, &v) != VMI_OK;
    bad += vmi_ref_cpu_id_get(cpu, &w) != VMI_OK;
    bad += vmi_ref_io_delay(cpu) != VMI_OK;
    bad += vmi_ref_call_supported(cpu, i % VMI_CALL_COUNT, &w) != VMI_OK;
    return bad;
}

static double seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    struct vmi_ref_config cfg;
    struct vmi_ref_machine *m;
    uint32_t rounds = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 0) : 4000000u, i;
    unsigned bad = 0;
    double t0, t1;

    vmi_ref_config_default(&cfg);
    m = vmi_ref_machine_new(&cfg);
    if (!m) {
        fprintf(stderr, "vmi-ref-bench: cannot create the machine\n");
        return 2;
    }
    for (i = 0; i < 4096; i++)   /* warm-up: touch the page-table page */
        bad += mixed_round(vmi_ref_cpu(m, 0), 0x200000, i);
    t0 = seconds();
    for (i = 0; i < rounds; i++)
        bad += mixed_round(vmi_ref_cpu(m, 0), 0x200000, i);
    t1 = seconds();
    vmi_ref_machine_free(m);
    if (bad) {
        fprintf(stderr, "vmi-ref-bench: %u calls failed\n", bad);
        return 1;
    }
    printf("vmi-ref-bench: %.1f million calls/s (%u calls of a 16-call mix in %.3f s)\n",
           (double)rounds * 16 / (t1 - t0) / 1e6, rounds * 16, t1 - t0);
    return 0;
}
