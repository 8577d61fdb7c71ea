/* Tests of the SMP calls: count, identity, start, stop, yield, kick, preemption hint. */
#include "harness.h"
#include "machine.h"

#define ENTRY UINT64_C(0xffffffff81000000)
#define STACK UINT64_C(0xffff888000100000)
#define NONCANON UINT64_C(0x0000800000000000)

static const struct vmi_ref_allowed *out(struct vmi_ref_machine *m, uint32_t param)
{
    return vmi_ref_last_allowed(m, param);
}

/* VMI-SMP-001: the configured count, exactly. */
static void smp_cpu_count(void)
{
    struct vmi_ref_config cfg;
    struct vmi_ref_machine *m;
    uint32_t n = 0;

    vmi_ref_config_default(&cfg);
    cfg.cpus = 5;
    m = vmi_ref_machine_new(&cfg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    VMI_ASSERT_STATUS(vmi_ref_cpu_count_get(vmi_ref_cpu(m, 0), &n), VMI_OK);
    VMI_ASSERT_EQ(n, 5);
    CU_ASSERT(vmi_ref_allowed_contains(out(m, 0), 5, 0));
    CU_ASSERT(!vmi_ref_allowed_contains(out(m, 0), 4, 0));
    vmi_ref_machine_free(m);
}

/* VMI-SMP-002: each CPU its own number. */
static void smp_cpu_id(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint32_t id = 99;

    VMI_ASSERT_STATUS(vmi_ref_cpu_start(vmi_ref_cpu(m, 0), 1, ENTRY, STACK, 0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_cpu_id_get(vmi_ref_cpu(m, 1), &id), VMI_OK);
    VMI_ASSERT_EQ(id, 1);
    CU_ASSERT(vmi_ref_allowed_contains(out(m, 0), 1, 0));
    CU_ASSERT(!vmi_ref_allowed_contains(out(m, 0), 0, 0));
    VMI_ASSERT_STATUS(vmi_ref_cpu_id_get(vmi_ref_cpu(m, 0), &id), VMI_OK);
    VMI_ASSERT_EQ(id, 0);
    vmi_ref_machine_free(m);
}

/* VMI-GEN-004: null OUT pointers change nothing. */
static void smp_null_out_einval(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t d = vmi_ref_machine_digest(m);

    VMI_ASSERT_STATUS(vmi_ref_cpu_count_get(c0, NULL), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_cpu_id_get(c0, NULL), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_cpu_preempted(c0, 1, NULL), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    vmi_ref_machine_free(m);
}

/* VMI-SMP-003: the caller's CR0/CR3/CR4/EFER/GDT/IDT, interrupts off. */
static void smp_cpu_start_copies_state(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0), *c1 = vmi_ref_cpu(m, 1);
    uint64_t v = 0, base = 0;
    uint32_t limit = 0;

    VMI_ASSERT_STATUS(vmi_ref_cr_write(c0, VMI_CR3, 0x5000), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_gdt_load(c0, 0x7000, 0x7f), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_idt_load(c0, 0x8000, 0xfff), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_irq_enable(c0), VMI_OK);
    CU_ASSERT(!vmi_ref_cpu_online(c1));
    VMI_ASSERT_STATUS(vmi_ref_cpu_start(c0, 1, ENTRY, STACK, 42), VMI_OK);
    CU_ASSERT(vmi_ref_cpu_online(c1));
    CU_ASSERT(!vmi_ref_irq_enabled(c1));
    VMI_ASSERT_STATUS(vmi_ref_cr_read(c1, VMI_CR3, &v), VMI_OK);
    VMI_ASSERT_EQ(v, 0x5000);
    VMI_ASSERT_EQ(c1->cr0, c0->cr0);
    VMI_ASSERT_EQ(c1->cr4, c0->cr4);
    VMI_ASSERT_EQ(c1->msr[VMI__REF_MSR_EFER], c0->msr[VMI__REF_MSR_EFER]);
    VMI_ASSERT_STATUS(vmi_ref_gdt_get(c1, &base, &limit), VMI_OK);
    VMI_ASSERT_EQ(base, 0x7000);
    VMI_ASSERT_EQ(limit, 0x7f);
    VMI_ASSERT_STATUS(vmi_ref_idt_get(c1, &base, &limit), VMI_OK);
    VMI_ASSERT_EQ(base, 0x8000);
    VMI_ASSERT_EQ(limit, 0xfff);
    VMI_ASSERT_EQ(c1->start_entry, ENTRY);
    VMI_ASSERT_EQ(c1->start_stack, STACK);
    VMI_ASSERT_EQ(c1->start_arg, 42);
    vmi_ref_machine_free(m);
}

/* VMI-SMP-004: each refused class leaves the target offline and the machine unchanged. */
static void smp_cpu_start_bad_args(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t d = vmi_ref_machine_digest(m);

    VMI_ASSERT_STATUS(vmi_ref_cpu_start(c0, 2, ENTRY, STACK, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_cpu_start(c0, UINT32_MAX, ENTRY, STACK, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_cpu_start(c0, 0, ENTRY, STACK, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_cpu_start(c0, 1, NONCANON, STACK, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_cpu_start(c0, 1, ENTRY, NONCANON, 0), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    CU_ASSERT(!vmi_ref_cpu_online(vmi_ref_cpu(m, 1)));
    vmi_ref_machine_free(m);
}

/* VMI-SMP-004: a CPU already online is EBUSY, its state untouched. */
static void smp_cpu_start_online_busy(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0), *c1 = vmi_ref_cpu(m, 1);
    uint64_t d;

    VMI_ASSERT_STATUS(vmi_ref_cpu_start(c0, 1, ENTRY, STACK, 1), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_irq_enable(c1), VMI_OK);
    d = vmi_ref_machine_digest(m);
    VMI_ASSERT_STATUS(vmi_ref_cpu_start(c0, 1, ENTRY + 16, STACK, 2), VMI_EBUSY);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    CU_ASSERT(vmi_ref_irq_enabled(c1));
    VMI_ASSERT_EQ(c1->start_arg, 1);
    vmi_ref_machine_free(m);
}

/* VMI-SMP-005: a stopped CPU is offline and can be started again. */
static void smp_cpu_stop_offline(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0), *c1 = vmi_ref_cpu(m, 1);

    VMI_ASSERT_STATUS(vmi_ref_cpu_start(c0, 1, ENTRY, STACK, 0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_irq_enable(c1), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_enter(c1), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_timer_arm(c1, vmi_ref_now(m) + 100000, 0x40), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_cpu_stop(c1), VMI_OK);
    CU_ASSERT(!vmi_ref_cpu_online(c1));
    VMI_ASSERT_EQ(c1->timer_armed, 0);
    vmi_ref_advance(m, 200000);
    VMI_ASSERT_EQ(vmi_ref_irq_count(c1, 0x40), 0);
    /* Started again: interrupts off and out of lazy mode, as new. */
    VMI_ASSERT_STATUS(vmi_ref_cpu_start(c0, 1, ENTRY, STACK, 0), VMI_OK);
    CU_ASSERT(vmi_ref_cpu_online(c1));
    CU_ASSERT(!vmi_ref_irq_enabled(c1));
    VMI_ASSERT_STATUS(vmi_ref_lazy_mmu_leave(c1), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

/* VMI-SMP-005: CPU 0 may not stop. */
static void smp_cpu_stop_cpu0_busy(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t d = vmi_ref_machine_digest(m);

    VMI_ASSERT_STATUS(vmi_ref_cpu_stop(c0), VMI_EBUSY);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    CU_ASSERT(vmi_ref_cpu_online(c0));
    vmi_ref_machine_free(m);
}

/* VMI-SMP-006, VMI-SMP-007: hints with no guest-visible effect. */
static void smp_yield(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t d = vmi_ref_machine_digest(m);

    VMI_ASSERT_STATUS(vmi_ref_cpu_yield(c0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_cpu_yield_to(c0, 1), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_cpu_yield_to(c0, 0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_cpu_yield_to(c0, 2), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_cpu_yield_to(c0, UINT32_MAX), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    vmi_ref_machine_free(m);
}

/* VMI-SMP-008, VMI-IRQ-008: a kick wakes a halted CPU, interrupts off or not. */
static void smp_kick_wakes_halted(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0), *c1 = vmi_ref_cpu(m, 1);

    VMI_ASSERT_STATUS(vmi_ref_cpu_start(c0, 1, ENTRY, STACK, 0), VMI_OK);
    c1->halted = 1;   /* the model's halt returns at once; put it mid-halt */
    CU_ASSERT(vmi_ref_cpu_halted(c1));
    CU_ASSERT(!vmi_ref_irq_enabled(c1));
    VMI_ASSERT_STATUS(vmi_ref_cpu_kick(c0, 1), VMI_OK);
    CU_ASSERT(!vmi_ref_cpu_halted(c1));
    VMI_ASSERT_EQ(c1->kick_pending, 0);
    vmi_ref_machine_free(m);
}

/* VMI-SMP-008: a kick of a running CPU is kept for its next halt. */
static void smp_kick_not_lost(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0), *c1 = vmi_ref_cpu(m, 1);

    VMI_ASSERT_STATUS(vmi_ref_cpu_start(c0, 1, ENTRY, STACK, 0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_cpu_kick(c0, 1), VMI_OK);
    VMI_ASSERT_EQ(c1->kick_pending, 1);
    VMI_ASSERT_STATUS(vmi_ref_cpu_kick(c1, 1), VMI_OK);
    VMI_ASSERT_EQ(c1->kick_pending, 1);
    VMI_ASSERT_STATUS(vmi_ref_halt(c1), VMI_OK);
    CU_ASSERT(!vmi_ref_cpu_halted(c1));
    VMI_ASSERT_EQ(c1->kick_pending, 0);
    vmi_ref_machine_free(m);
}

static void smp_kick_bad_cpu(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint64_t d = vmi_ref_machine_digest(m);

    VMI_ASSERT_STATUS(vmi_ref_cpu_kick(c0, 2), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_cpu_kick(c0, UINT32_MAX), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    vmi_ref_machine_free(m);
}

/* VMI-SMP-009: a hint; 0 or 1 are both allowed, nothing else. */
static void smp_preempted_hint(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_ref_cpu *c0 = vmi_ref_cpu(m, 0);
    uint32_t p = 7;
    uint64_t d;

    VMI_ASSERT_STATUS(vmi_ref_cpu_preempted(c0, 1, &p), VMI_OK);
    VMI_ASSERT_EQ(p, 0);
    CU_ASSERT(vmi_ref_allowed_contains(out(m, 1), 0, 0));
    CU_ASSERT(vmi_ref_allowed_contains(out(m, 1), 1, 0));
    CU_ASSERT(!vmi_ref_allowed_contains(out(m, 1), 2, 0));
    p = 7;
    d = vmi_ref_machine_digest(m);
    VMI_ASSERT_STATUS(vmi_ref_cpu_preempted(c0, 2, &p), VMI_EINVAL);
    VMI_ASSERT_EQ(p, 7);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(m), d);
    vmi_ref_machine_free(m);
}

/* VMI-GEN-003: each feature missing gives ENOTSUP whatever the arguments. */
static void smp_not_supported(void)
{
    struct vmi_ref_machine *m;
    struct vmi_ref_cpu *c0;
    uint32_t v = 9;

    m = vmi_test_machine_without(VMI_FEAT_SMP_INFO);
    c0 = vmi_ref_cpu(m, 0);
    VMI_ASSERT_STATUS(vmi_ref_cpu_count_get(c0, &v), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_cpu_id_get(c0, NULL), VMI_ENOTSUP);
    VMI_ASSERT_EQ(v, 9);
    vmi_ref_machine_free(m);
    m = vmi_test_machine_without(VMI_FEAT_SMP_START);
    c0 = vmi_ref_cpu(m, 0);
    VMI_ASSERT_STATUS(vmi_ref_cpu_start(c0, 1, ENTRY, STACK, 0), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_cpu_stop(c0), VMI_ENOTSUP);
    CU_ASSERT(!vmi_ref_cpu_online(vmi_ref_cpu(m, 1)));
    vmi_ref_machine_free(m);
    m = vmi_test_machine_without(VMI_FEAT_SMP_YIELD);
    VMI_ASSERT_STATUS(vmi_ref_cpu_yield(vmi_ref_cpu(m, 0)), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_cpu_yield_to(vmi_ref_cpu(m, 0), 1), VMI_OK);
    vmi_ref_machine_free(m);
    m = vmi_test_machine_without(VMI_FEAT_SMP_YIELDTO);
    VMI_ASSERT_STATUS(vmi_ref_cpu_yield_to(vmi_ref_cpu(m, 0), 1), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_ref_cpu_yield_to(vmi_ref_cpu(m, 0), 99), VMI_ENOTSUP);
    vmi_ref_machine_free(m);
    m = vmi_test_machine_without(VMI_FEAT_SMP_KICK);
    VMI_ASSERT_STATUS(vmi_ref_cpu_kick(vmi_ref_cpu(m, 0), 1), VMI_ENOTSUP);
    VMI_ASSERT_EQ(vmi_ref_cpu(m, 1)->kick_pending, 0);
    vmi_ref_machine_free(m);
    m = vmi_test_machine_without(VMI_FEAT_SMP_PREEMPTED);
    VMI_ASSERT_STATUS(vmi_ref_cpu_preempted(vmi_ref_cpu(m, 0), 1, &v), VMI_ENOTSUP);
    VMI_ASSERT_EQ(v, 9);
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"smp_cpu_count", smp_cpu_count},
    {"smp_cpu_id", smp_cpu_id},
    {"smp_null_out_einval", smp_null_out_einval},
    {"smp_cpu_start_copies_state", smp_cpu_start_copies_state},
    {"smp_cpu_start_bad_args", smp_cpu_start_bad_args},
    {"smp_cpu_start_online_busy", smp_cpu_start_online_busy},
    {"smp_cpu_stop_offline", smp_cpu_stop_offline},
    {"smp_cpu_stop_cpu0_busy", smp_cpu_stop_cpu0_busy},
    {"smp_yield", smp_yield},
    {"smp_kick_wakes_halted", smp_kick_wakes_halted},
    {"smp_kick_not_lost", smp_kick_not_lost},
    {"smp_kick_bad_cpu", smp_kick_bad_cpu},
    {"smp_preempted_hint", smp_preempted_hint},
    {"smp_not_supported", smp_not_supported},
};

VMI_TEST_MAIN("smp", cases)
