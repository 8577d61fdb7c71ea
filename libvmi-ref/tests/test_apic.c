/* The local APIC: registers, EOI, priority and IPIs (VMI-APIC-001..012). */
#include "machine.h"
#include "ref_checks.h"

static uint32_t apic_get(struct vmi_ref_machine *m, uint32_t cpu, uint32_t reg)
{
    uint32_t v = SENTINEL32;

    VMI_ASSERT_STATUS(vmi_ref_apic_read(vmi_ref_cpu(m, cpu), reg, &v), VMI_OK);
    return v;
}

static int irr_has(struct vmi_ref_machine *m, uint32_t cpu, uint32_t vector)
{
    return (m->cpus[cpu].apic.irr[vector / 32] >> (vector % 32)) & 1;
}

static int isr_has(struct vmi_ref_machine *m, uint32_t vector)
{
    return (apic_get(m, 0, VMI_APIC_ISR0 + (vector / 32) * 16) >> (vector % 32)) & 1;
}

/* A machine with `cpus` CPUs, the ones in `online` started. */
static struct vmi_ref_machine *smp_machine(uint32_t cpus, uint32_t online)
{
    struct vmi_ref_config cfg;
    struct vmi_ref_machine *m;
    uint32_t i;

    vmi_ref_config_default(&cfg);
    cfg.cpus = cpus;
    m = vmi_ref_machine_new(&cfg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    for (i = 1; i < cpus; i++)
        if (online & (1u << i))
            VMI_ASSERT_STATUS(vmi_ref_cpu_start(CPU0(m), i, 0x1000, 0x2000, 0), VMI_OK);
    return m;
}

/* VMI-APIC-001 */
static void apic_read_fixed_registers(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    VMI_ASSERT_EQ(apic_get(m, 0, VMI_APIC_VERSION), 0x00050014u);
    VMI_ASSERT_EQ(apic_get(m, 0, VMI_APIC_APR), 0);
    VMI_ASSERT_EQ(apic_get(m, 0, VMI_APIC_PPR), 0);
    VMI_ASSERT_EQ(apic_get(m, 0, VMI_APIC_ESR), 0);
    VMI_ASSERT_EQ(apic_get(m, 0, VMI_APIC_TMR0 + 0x70), 0);
    VMI_ASSERT_EQ(apic_get(m, 0, VMI_APIC_SVR), 0x1ff);
    vmi_ref_machine_free(m);
}

/* VMI-APIC-001: the platform assigns APIC IDs (Xen gives dom0's vCPUs 0, 2,
 * 4, ...), so any ID conforms; the model's own IDs still differ per CPU and
 * leave bits 23:0 zero, as the requirement asks of any platform. */
static void apic_id_is_platform_defined(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint32_t id0 = apic_get(m, 0, VMI_APIC_ID), id1;

    EXPECT_ALLOWED_ANY(m, 1);
    id1 = apic_get(m, 1, VMI_APIC_ID);
    EXPECT_ALLOWED_ANY(m, 1);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(vmi_ref_last_allowed(m, 1), 2u << 24, 0), 1);
    VMI_ASSERT_EQ(id0 != id1, 1);
    VMI_ASSERT_EQ(id0 & 0xffffffu, 0);
    VMI_ASSERT_EQ(id1 & 0xffffffu, 0);
    vmi_ref_machine_free(m);
}

/* VMI-APIC-004: TPR[3:0] reads back as written or as zero (KVM on AMD
 * rebuilds the TPR from V_TPR, which holds only the class), and so does
 * PPR[3:0] while PPR shows the TPR; the class itself is exact. */
static void apic_tpr_subclass_reads_as_written_or_zero(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    const struct vmi_ref_allowed *a = vmi_ref_last_allowed(m, 1);

    VMI_ASSERT_STATUS(vmi_ref_apic_write(CPU0(m), VMI_APIC_TPR, 0x1ff), VMI_OK);
    VMI_ASSERT_EQ(apic_get(m, 0, VMI_APIC_TPR), 0xff);
    VMI_ASSERT_EQ(a->kind, VMI_REF_ALLOW_EXACT);
    VMI_ASSERT_EQ(a->count, 2);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(a, 0xff, 0), 1);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(a, 0xf0, 0), 1);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(a, 0x0f, 0), 0);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(a, 0xf5, 0), 0);
    VMI_ASSERT_EQ(apic_get(m, 0, VMI_APIC_PPR), 0xff);
    VMI_ASSERT_EQ(a->count, 2);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(a, 0xf0, 0), 1);
    VMI_ASSERT_STATUS(vmi_ref_apic_write(CPU0(m), VMI_APIC_TPR, 0x30), VMI_OK);
    VMI_ASSERT_EQ(apic_get(m, 0, VMI_APIC_TPR), 0x30);
    EXPECT_ALLOWED_EXACT(m, 1, 0x30);
    vmi_ref_machine_free(m);
}

/* VMI-APIC-004: while a higher class is in service PPR shows that class,
 * not the TPR, so its value is exact. */
static void apic_ppr_of_in_service_class_is_exact(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    VMI_ASSERT_STATUS(vmi_ref_apic_write(CPU0(m), VMI_APIC_TPR, 0x25), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_irq_enable(CPU0(m)), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_ipi_send(CPU0(m), 0, 0x80), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x80), 1);
    VMI_ASSERT_EQ(apic_get(m, 0, VMI_APIC_PPR), 0x80);
    EXPECT_ALLOWED_EXACT(m, 1, 0x80);
    vmi_ref_machine_free(m);
}

/* VMI-APIC-004: writes keep the writable bits and drop the rest (TPR's
 * sub-class has its own test above). */
static void apic_write_keeps_writable_bits(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    static const struct { uint32_t reg, write, read; } t[] = {
        {VMI_APIC_TPR, 0xfffffff0u, 0xf0}, {VMI_APIC_LDR, 0xffffffffu, 0xff000000u},
        {VMI_APIC_DFR, 0, 0x0fffffffu}, {VMI_APIC_SVR, 0xffffffffu, 0x13ff},
        {VMI_APIC_LVT_TIMER, 0xffffffffu, 0x700ff}, {VMI_APIC_LVT_THERMAL, 0xffffffffu, 0x107ff},
        {VMI_APIC_LVT_PMC, 0xffffffffu, 0x107ff}, {VMI_APIC_LVT_LINT0, 0xffffffffu, 0x1a7ff},
        {VMI_APIC_LVT_LINT1, 0xffffffffu, 0x1a7ff}, {VMI_APIC_LVT_ERROR, 0xffffffffu, 0x100ff},
        {VMI_APIC_ESR, 0xff, 0}, {VMI_APIC_TIMER_ICR, 0xdeadbeefu, 0xdeadbeefu},
        {VMI_APIC_TIMER_DCR, 0xff, 0xb}, {VMI_APIC_LVT_TIMER, 0x20030, 0x20030},
    };
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        VMI_ASSERT_STATUS(vmi_ref_apic_write(CPU0(m), t[i].reg, t[i].write), VMI_OK);
        VMI_ASSERT_EQ(apic_get(m, 0, t[i].reg), t[i].read);
        EXPECT_ALLOWED_EXACT(m, 1, t[i].read);
    }
    vmi_ref_machine_free(m);
}

/* VMI-APIC-003 */
static void apic_write_read_only_is_einval(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    static const uint32_t ro[] = {VMI_APIC_ID, VMI_APIC_VERSION, VMI_APIC_APR, VMI_APIC_PPR,
                                  VMI_APIC_TIMER_CCR};
    uint32_t i;

    for (i = 0; i < 5; i++)
        EXPECT_REFUSED(m, vmi_ref_apic_write(CPU0(m), ro[i], 0), VMI_EINVAL);
    for (i = 0; i < 8; i++) {
        EXPECT_REFUSED(m, vmi_ref_apic_write(CPU0(m), VMI_APIC_ISR0 + 16 * i, 0), VMI_EINVAL);
        EXPECT_REFUSED(m, vmi_ref_apic_write(CPU0(m), VMI_APIC_TMR0 + 16 * i, 0), VMI_EINVAL);
        EXPECT_REFUSED(m, vmi_ref_apic_write(CPU0(m), VMI_APIC_IRR0 + 16 * i, 0), VMI_EINVAL);
    }
    vmi_ref_machine_free(m);
}

/* VMI-APIC-002, VMI-GEN-004 */
static void apic_bad_offsets_are_einval(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    static const uint32_t bad[] = {0x0, 0x10, 0x24, 0x28, 0x40, 0x70, 0xc0, 0x2f0, 0x3a0,
                                   0x3d0, 0x3f0, 0x400, UINT32_MAX, VMI_APIC_ICR_LO,
                                   VMI_APIC_ICR_HI};
    uint32_t v = SENTINEL32;
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        EXPECT_REFUSED(m, vmi_ref_apic_read(CPU0(m), bad[i], &v), VMI_EINVAL);
        EXPECT_REFUSED(m, vmi_ref_apic_write(CPU0(m), bad[i], 0), VMI_EINVAL);
    }
    EXPECT_REFUSED(m, vmi_ref_apic_read(CPU0(m), VMI_APIC_EOI, &v), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_apic_read(CPU0(m), VMI_APIC_TPR, NULL), VMI_EINVAL);
    VMI_ASSERT_EQ(v, SENTINEL32);
    vmi_ref_machine_free(m);
}

/* VMI-APIC-001: the timer's current count lies in [0, initial count]. */
static void apic_timer_ccr_is_a_range(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    VMI_ASSERT_STATUS(vmi_ref_apic_write(CPU0(m), VMI_APIC_TIMER_ICR, 1000), VMI_OK);
    VMI_ASSERT_EQ(apic_get(m, 0, VMI_APIC_TIMER_CCR) <= 1000, 1);
    EXPECT_ALLOWED_RANGE(m, 1, 0, 1000);
    vmi_ref_machine_free(m);
}

/* What the guest's kernel configured before any VMI call is the platform's
 * until the guest writes it: the timer's divider, then exactly as written. */
static void apic_unwritten_registers_are_platform_defined(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    (void)apic_get(m, 0, VMI_APIC_TIMER_DCR);
    EXPECT_ALLOWED_ANY(m, 1);
    VMI_ASSERT_STATUS(vmi_ref_apic_write(CPU0(m), VMI_APIC_TIMER_DCR, 0xb), VMI_OK);
    VMI_ASSERT_EQ(apic_get(m, 0, VMI_APIC_TIMER_DCR), 0xb);
    EXPECT_ALLOWED_EXACT(m, 1, 0xb);
    vmi_ref_machine_free(m);
}

/* Two vectors in service on CPU 0: 0x40 first, then the higher 0x80. */
static struct vmi_ref_machine *two_in_service(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    VMI_ASSERT_STATUS(vmi_ref_irq_enable(CPU0(m)), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_ipi_send(CPU0(m), 0, 0x40), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_ipi_send(CPU0(m), 0, 0x80), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x40), 1);
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x80), 1);
    return m;
}

/* VMI-APIC-006: EOI ends the highest in service; with none, nothing. */
static void apic_eoi_ends_highest_in_service(void)
{
    struct vmi_ref_machine *m = two_in_service();

    VMI_ASSERT_EQ(apic_get(m, 0, VMI_APIC_PPR), 0x80);
    VMI_ASSERT_STATUS(vmi_ref_apic_eoi(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(isr_has(m, 0x80), 0);
    VMI_ASSERT_EQ(isr_has(m, 0x40), 1);
    VMI_ASSERT_EQ(apic_get(m, 0, VMI_APIC_PPR), 0x40);
    VMI_ASSERT_STATUS(vmi_ref_apic_eoi(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(isr_has(m, 0x40), 0);
    EXPECT_REFUSED(m, vmi_ref_apic_eoi(CPU0(m)), VMI_OK);
    vmi_ref_machine_free(m);
}

/* VMI-APIC-005 */
static void apic_eoi_register_write(void)
{
    struct vmi_ref_machine *m = two_in_service();

    EXPECT_REFUSED(m, vmi_ref_apic_write(CPU0(m), VMI_APIC_EOI, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_apic_write(CPU0(m), VMI_APIC_EOI, 0), VMI_OK);
    VMI_ASSERT_EQ(isr_has(m, 0x80), 0);
    VMI_ASSERT_EQ(isr_has(m, 0x40), 1);
    vmi_ref_machine_free(m);
}

/* VMI-APIC-011: TPR and the in-service class hold back lower classes. */
static void apic_priority_holds_back_delivery(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    VMI_ASSERT_STATUS(vmi_ref_irq_enable(CPU0(m)), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_apic_write(CPU0(m), VMI_APIC_TPR, 0x5f), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_ipi_send(CPU0(m), 0, 0x5e), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x5e), 0);
    VMI_ASSERT_EQ(apic_get(m, 0, VMI_APIC_PPR), 0x5f);
    VMI_ASSERT_STATUS(vmi_ref_ipi_send(CPU0(m), 0, 0x61), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x61), 1);
    VMI_ASSERT_EQ(apic_get(m, 0, VMI_APIC_PPR), 0x60);
    VMI_ASSERT_STATUS(vmi_ref_ipi_send(CPU0(m), 0, 0x62), VMI_OK);   /* same class */
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x62), 0);
    VMI_ASSERT_STATUS(vmi_ref_apic_eoi(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x62), 1);
    VMI_ASSERT_STATUS(vmi_ref_apic_eoi(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x5e), 0);
    VMI_ASSERT_STATUS(vmi_ref_cr_write(CPU0(m), 8, 0), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x5e), 1);
    vmi_ref_machine_free(m);
}

/* VMI-APIC-007, VMI-APIC-012: a vector pending twice is delivered once. */
static void apic_ipi_send_coalesces(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    VMI_ASSERT_STATUS(vmi_ref_ipi_send(CPU0(m), 0, 0x40), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_ipi_send(CPU0(m), 0, 0x40), VMI_OK);
    VMI_ASSERT_EQ(irr_has(m, 0, 0x40), 1);
    VMI_ASSERT_EQ(apic_get(m, 0, VMI_APIC_IRR0 + 0x20), 1);   /* 0x40 is bit 0 of word 2 */
    VMI_ASSERT_STATUS(vmi_ref_irq_enable(CPU0(m)), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_count(CPU0(m), 0x40), 1);
    VMI_ASSERT_EQ(irr_has(m, 0, 0x40), 0);
    vmi_ref_machine_free(m);
}

/* VMI-APIC-007: a CPU not yet online keeps the vector pending. */
static void apic_ipi_send_to_offline_cpu_waits(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c1 = vmi_ref_cpu(m, 1);

    VMI_ASSERT_STATUS(vmi_ref_ipi_send(CPU0(m), 1, 0xff), VMI_OK);
    VMI_ASSERT_EQ(irr_has(m, 1, 0xff), 1);
    VMI_ASSERT_EQ(irr_has(m, 0, 0xff), 0);
    VMI_ASSERT_STATUS(vmi_ref_cpu_start(CPU0(m), 1, 0x1000, 0x2000, 0), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_count(c1, 0xff), 0);
    VMI_ASSERT_STATUS(vmi_ref_irq_enable(c1), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_irq_count(c1, 0xff), 1);
    vmi_ref_machine_free(m);
}

/* VMI-APIC-007, VMI-APIC-008 */
static void apic_ipi_send_bad_arguments(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    EXPECT_REFUSED(m, vmi_ref_ipi_send(CPU0(m), 2, 0x40), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_ipi_send(CPU0(m), UINT32_MAX, 0x40), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_ipi_send(CPU0(m), 0, 15), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_ipi_send(CPU0(m), 0, 0), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_ipi_send(CPU0(m), 0, 256), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_ipi_send(CPU0(m), 1, 16), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_ipi_send(CPU0(m), 1, 255), VMI_OK);
    vmi_ref_machine_free(m);
}

/* VMI-APIC-009 */
static void apic_ipi_send_mask_sends_to_named_cpus(void)
{
    struct vmi_ref_machine *m = smp_machine(4, 0xe);

    VMI_ASSERT_STATUS(vmi_ref_ipi_send_mask(CPU0(m), 0, 0xa, 0x40), VMI_OK);
    VMI_ASSERT_EQ(irr_has(m, 0, 0x40), 0);
    VMI_ASSERT_EQ(irr_has(m, 1, 0x40), 1);
    VMI_ASSERT_EQ(irr_has(m, 2, 0x40), 0);
    VMI_ASSERT_EQ(irr_has(m, 3, 0x40), 1);
    VMI_ASSERT_STATUS(vmi_ref_ipi_send_mask(CPU0(m), 2, 0x3, 0x41), VMI_OK);
    VMI_ASSERT_EQ(irr_has(m, 0, 0x41), 0);
    VMI_ASSERT_EQ(irr_has(m, 1, 0x41), 0);
    VMI_ASSERT_EQ(irr_has(m, 2, 0x41), 1);
    VMI_ASSERT_EQ(irr_has(m, 3, 0x41), 1);
    vmi_ref_machine_free(m);
}

/* VMI-APIC-008, VMI-APIC-009: any bad name sends nothing; empty is OK. */
static void apic_ipi_send_mask_bad_arguments(void)
{
    struct vmi_ref_machine *m = smp_machine(4, 0xe);

    EXPECT_REFUSED(m, vmi_ref_ipi_send_mask(CPU0(m), 3, 0x3, 0x40), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_ipi_send_mask(CPU0(m), 0, UINT64_C(1) << 63 | 1, 0x40), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_ipi_send_mask(CPU0(m), UINT32_MAX, 1, 0x40), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_ipi_send_mask(CPU0(m), 0, 0x3, 15), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_ipi_send_mask(CPU0(m), 0, 0x3, 256), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_ipi_send_mask(CPU0(m), 0, 0, 0x40), VMI_OK);
    EXPECT_REFUSED(m, vmi_ref_ipi_send_mask(CPU0(m), 100, 0, 0x40), VMI_OK);
    vmi_ref_machine_free(m);
}

/* VMI-APIC-010: every online CPU but the caller. */
static void apic_ipi_send_allbutself_reaches_online_others(void)
{
    struct vmi_ref_machine *m = smp_machine(4, 0x6);

    VMI_ASSERT_STATUS(vmi_ref_ipi_send_allbutself(vmi_ref_cpu(m, 1), 0x40), VMI_OK);
    VMI_ASSERT_EQ(irr_has(m, 0, 0x40), 1);
    VMI_ASSERT_EQ(irr_has(m, 1, 0x40), 0);
    VMI_ASSERT_EQ(irr_has(m, 2, 0x40), 1);
    VMI_ASSERT_EQ(irr_has(m, 3, 0x40), 0);
    EXPECT_REFUSED(m, vmi_ref_ipi_send_allbutself(CPU0(m), 15), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_ipi_send_allbutself(CPU0(m), 256), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

static void apic_not_supported(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_APIC_REG);
    uint32_t v = SENTINEL32;

    EXPECT_REFUSED(m, vmi_ref_apic_read(CPU0(m), VMI_APIC_TPR, &v), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_apic_write(CPU0(m), VMI_APIC_TPR, 0x20), VMI_ENOTSUP);
    VMI_ASSERT_EQ(v, SENTINEL32);
    vmi_ref_machine_free(m);
    m = vmi_test_machine_without(VMI_FEAT_APIC_EOI);
    m->cpus[0].apic.isr[2] = 1;   /* vector 0x40 in service */
    EXPECT_REFUSED(m, vmi_ref_apic_eoi(CPU0(m)), VMI_ENOTSUP);
    vmi_ref_machine_free(m);
    m = vmi_test_machine_without(VMI_FEAT_APIC_IPI);
    EXPECT_REFUSED(m, vmi_ref_ipi_send(CPU0(m), 0, 0x40), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_ipi_send_mask(CPU0(m), 0, 1, 0x40), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_ipi_send_allbutself(CPU0(m), 0x40), VMI_ENOTSUP);
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"apic_unwritten_registers_are_platform_defined",
     apic_unwritten_registers_are_platform_defined},
    {"apic_read_fixed_registers", apic_read_fixed_registers},
    {"apic_id_is_platform_defined", apic_id_is_platform_defined},
    {"apic_tpr_subclass_reads_as_written_or_zero", apic_tpr_subclass_reads_as_written_or_zero},
    {"apic_ppr_of_in_service_class_is_exact", apic_ppr_of_in_service_class_is_exact},
    {"apic_write_keeps_writable_bits", apic_write_keeps_writable_bits},
    {"apic_write_read_only_is_einval", apic_write_read_only_is_einval},
    {"apic_bad_offsets_are_einval", apic_bad_offsets_are_einval},
    {"apic_timer_ccr_is_a_range", apic_timer_ccr_is_a_range},
    {"apic_eoi_ends_highest_in_service", apic_eoi_ends_highest_in_service},
    {"apic_eoi_register_write", apic_eoi_register_write},
    {"apic_priority_holds_back_delivery", apic_priority_holds_back_delivery},
    {"apic_ipi_send_coalesces", apic_ipi_send_coalesces},
    {"apic_ipi_send_to_offline_cpu_waits", apic_ipi_send_to_offline_cpu_waits},
    {"apic_ipi_send_bad_arguments", apic_ipi_send_bad_arguments},
    {"apic_ipi_send_mask_sends_to_named_cpus", apic_ipi_send_mask_sends_to_named_cpus},
    {"apic_ipi_send_mask_bad_arguments", apic_ipi_send_mask_bad_arguments},
    {"apic_ipi_send_allbutself_reaches_online_others", apic_ipi_send_allbutself_reaches_online_others},
    {"apic_not_supported", apic_not_supported},
};
VMI_TEST_MAIN("apic", cases)
