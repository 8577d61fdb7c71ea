/* The machine digest: same calls give the same digest, different ones do not. */
#include "ref_checks.h"

/* A mixed sequence over several groups; `twist` changes one argument. */
static void run_sequence(struct vmi_ref_machine *m, int twist)
{
    struct vmi_ref_cpu *c0 = CPU0(m), *c1 = vmi_ref_cpu(m, 1);
    uint64_t v;
    uint32_t w;

    VMI_ASSERT_STATUS(vmi_ref_cpu_start(c0, 1, 0x1000, 0x2000, 7), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_cr_write(c0, 3, 0x5000), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_msr_write(c0, 0xc0000082u, 0xffffffff81000000u), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_gdt_load(c0, 0x8000, 0xff), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_gdt_entry_write(c0, 1, 0x00af9b000000ffffu + (uint64_t)twist), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_seg_base_write(c1, VMI_SEG_GS, 0x7000), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_irq_enable(c1), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_ipi_send(c0, 1, 0x40), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_apic_write(c1, VMI_APIC_LVT_TIMER, 0x30), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_apic_eoi(c1), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_tsc_read(c0, &v), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_port_in(c0, 0x60, 1, &w), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_console_write(c1, "boot\n", 5), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_dr_write(c0, 7, 0x1), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_cr_write(c0, 1, 0), VMI_EINVAL);
}

static void determinism_same_sequence_same_digest(void)
{
    struct vmi_ref_machine *a = vmi_test_machine(), *b = vmi_test_machine();

    VMI_ASSERT_EQ(vmi_ref_machine_digest(a), vmi_ref_machine_digest(b));
    run_sequence(a, 0);
    run_sequence(b, 0);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(a), vmi_ref_machine_digest(b));
    vmi_ref_machine_free(a);
    vmi_ref_machine_free(b);
}

static void determinism_different_sequence_different_digest(void)
{
    struct vmi_ref_machine *a = vmi_test_machine(), *b = vmi_test_machine();
    struct vmi_ref_machine *c = vmi_test_machine();

    run_sequence(a, 0);
    run_sequence(b, 1);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(a) != vmi_ref_machine_digest(b), 1);
    run_sequence(c, 0);
    VMI_ASSERT_STATUS(vmi_ref_console_write(CPU0(c), "!", 1), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(a) != vmi_ref_machine_digest(c), 1);
    vmi_ref_machine_free(a);
    vmi_ref_machine_free(b);
    vmi_ref_machine_free(c);
}

/* Model time is left out, so that a refused call can be seen to change nothing. */
static void determinism_digest_ignores_time(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t d = vmi_ref_machine_digest(m);

    vmi_ref_advance(m, 123456789);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    vmi_ref_machine_free(m);
}

/* Memory enters by content and pfn: not by the order frames were made,
 * and a frame of zeros is the same as one never written. */
static void determinism_digest_memory_by_content(void)
{
    struct vmi_ref_machine *a = vmi_test_machine(), *b = vmi_test_machine();
    uint64_t one = 1, two = 2, zero = 0;
    uint32_t i;

    for (i = 0; i < 200; i++) {
        VMI_ASSERT_STATUS(vmi_ref_phys_write(a, (uint64_t)i * 4096, &one, 8), VMI_OK);
        VMI_ASSERT_STATUS(vmi_ref_phys_write(b, (uint64_t)(199 - i) * 4096, &one, 8), VMI_OK);
    }
    VMI_ASSERT_EQ(vmi_ref_machine_digest(a), vmi_ref_machine_digest(b));
    VMI_ASSERT_STATUS(vmi_ref_phys_write(a, 0x800000, &zero, 8), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(a), vmi_ref_machine_digest(b));
    VMI_ASSERT_STATUS(vmi_ref_phys_write(a, 0x10, &two, 8), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(a) != vmi_ref_machine_digest(b), 1);
    vmi_ref_machine_free(a);
    vmi_ref_machine_free(b);
}

static const struct vmi_test_case cases[] = {
    {"determinism_same_sequence_same_digest", determinism_same_sequence_same_digest},
    {"determinism_different_sequence_different_digest",
     determinism_different_sequence_different_digest},
    {"determinism_digest_ignores_time", determinism_digest_ignores_time},
    {"determinism_digest_memory_by_content", determinism_digest_memory_by_content},
};
VMI_TEST_MAIN("determinism", cases)
