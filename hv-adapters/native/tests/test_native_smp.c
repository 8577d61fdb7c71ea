/* Native adapter: CPU table, INIT-SIPI-SIPI start, kick by NMI, yield and the preemption hint. */
#include "native_fixture.h"

#define ICR_NMI 0x4400u
#define TRAMPOLINE_PAGE 0x8000u

static struct vmi_native_start seen;

static uint64_t trampoline(const struct vmi_native_start *s)
{
    seen = *s;
    return TRAMPOLINE_PAGE;
}

static void smp_setup(void)
{
    nf_setup();
    nf_cfg.trampoline = trampoline;
    VMI_ASSERT_STATUS(nf_rebind(), VMI_OK);
    vmi_x86_fake_tsc_set(0, 10000);   /* each read 10 us later: short delays */
}

static void cpu_table_is_dense(void)
{
    uint32_t n = 0;

    nf_setup();
    VMI_ASSERT_STATUS(vmi_cpu_count_get(&n), VMI_OK);
    VMI_ASSERT_EQ(n, 1);
    VMI_ASSERT_STATUS(vmi_native_cpu_add(2, 2), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_native_cpu_add(1, 2), VMI_OK);
    VMI_ASSERT_STATUS(vmi_native_cpu_add(VMI_NATIVE_CPU_MAX, 2), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_cpu_count_get(&n), VMI_OK);
    VMI_ASSERT_EQ(n, 2);
    VMI_ASSERT_STATUS(vmi_cpu_count_get(NULL), VMI_EINVAL);
}

static void cpu_id_from_apic_id(void)
{
    uint32_t cpu = 9;

    nf_setup();
    nf_cpu_up(1, 6);
    VMI_ASSERT_STATUS(vmi_cpu_id_get(&cpu), VMI_OK);
    VMI_ASSERT_EQ(cpu, 0);
    vmi_x86_fake_mmio_set(NF_APIC + VMI_APIC_ID, 6u << 24);
    VMI_ASSERT_STATUS(vmi_cpu_id_get(&cpu), VMI_OK);
    VMI_ASSERT_EQ(cpu, 1);
    vmi_x86_fake_mmio_set(NF_APIC + VMI_APIC_ID, 5u << 24);   /* never named */
    VMI_ASSERT_STATUS(vmi_cpu_id_get(&cpu), VMI_EFAULT);
}

static void cpu_start_checks(void)
{
    smp_setup();
    nf_cpu_up(1, 1);
    VMI_ASSERT_STATUS(vmi_native_cpu_add(2, 2), VMI_OK);
    VMI_ASSERT_STATUS(vmi_cpu_start(3, 0x1000, 0x2000, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_cpu_start(0, 0x1000, 0x2000, 0), VMI_EINVAL);     /* self */
    VMI_ASSERT_STATUS(vmi_cpu_start(2, 0x0000800000000000u, 0x2000, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_cpu_start(2, 0x1000, 0x0000900000000000u, 0), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_cpu_start(1, 0x1000, 0x2000, 0), VMI_EBUSY);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_MMIO_WRITE), 0);
}

/* The pause hook plays the new CPU reaching vmi_native_cpu_online()
 * once a STARTUP IPI has gone out. */
static void ap_comes_up(void)
{
    const struct vmi_x86_fake_rec *lo = vmi_x86_fake_last(VMI_X86_OP_MMIO_WRITE,
                                                          NF_APIC + VMI_APIC_ICR_LO);

    if (lo && (lo->b & 0x700u) == 0x600u)
        vmi__native.cpu[1].online = 1;
}

static void cpu_start_init_sipi(void)
{
    const struct vmi_x86_fake_rec *init, *sipi;

    smp_setup();
    VMI_ASSERT_STATUS(vmi_native_cpu_add(1, 3), VMI_OK);
    vmi_x86_fake_pause_hook(ap_comes_up);
    VMI_ASSERT_STATUS(vmi_cpu_start(1, 0xffffffff80100000u, 0xffffffff80200000u, 42), VMI_OK);
    init = nf_nth(VMI_X86_OP_MMIO_WRITE, 1);
    sipi = nf_nth(VMI_X86_OP_MMIO_WRITE, 3);
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_MMIO_WRITE, 0)->b, 3u << 24);
    VMI_ASSERT_EQ(init->b, 0x4500);                          /* INIT, assert */
    VMI_ASSERT_EQ(sipi->b, 0x4600 | (TRAMPOLINE_PAGE >> 12)); /* STARTUP, vector 8 */
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_MMIO_WRITE, 5), NULL);    /* one SIPI sufficed */
    VMI_ASSERT_EQ(seen.entry, 0xffffffff80100000u);
    VMI_ASSERT_EQ(seen.stack, 0xffffffff80200000u);
    VMI_ASSERT_EQ(seen.arg, 42);
    VMI_ASSERT_EQ(seen.cr3, 0x1000);
    VMI_ASSERT_EQ(seen.cr4, 0xa0);
    VMI_ASSERT_EQ(seen.efer, 0xd01);
    VMI_ASSERT_EQ(seen.apic_id, 3);
    VMI_ASSERT_STATUS(vmi_cpu_start(1, 0x1000, 0x2000, 0), VMI_EBUSY);
}

static void cpu_start_timeout_is_efault(void)
{
    smp_setup();
    VMI_ASSERT_STATUS(vmi_native_cpu_add(1, 3), VMI_OK);
    VMI_ASSERT_STATUS(vmi_cpu_start(1, 0x1000, 0x2000, 0), VMI_EFAULT);
    /* INIT and both STARTUPs went out before it gave up. */
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_MMIO_WRITE, 5)->b, 0x4600 | (TRAMPOLINE_PAGE >> 12));
    VMI_ASSERT_EQ(vmi__native.cpu[1].online, 0);
}

static void cpu_start_not_offered_without_trampoline(void)
{
    uint32_t supported = 1;

    nf_setup();
    nf_cfg.trampoline = NULL;
    VMI_ASSERT_STATUS(nf_rebind(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_native_cpu_add(1, 1), VMI_OK);
    VMI_ASSERT_STATUS(vmi_cpu_start(1, 0x1000, 0x2000, 0), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_call_supported(VMI_CALL_cpu_start, &supported), VMI_OK);
    VMI_ASSERT_EQ(supported, 0);
}

static void cpu_stop_refused_on_cpu0(void)
{
    smp_setup();
    VMI_ASSERT_STATUS(vmi_cpu_stop(), VMI_EBUSY);
}

static void kick_sends_nmi_to_a_running_cpu(void)
{
    nf_setup();
    nf_cpu_up(1, 4);
    VMI_ASSERT_STATUS(vmi_cpu_kick(1), VMI_OK);
    VMI_ASSERT_EQ(vmi__native.cpu[1].kick, 1);
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_MMIO_WRITE, 0)->b, 4u << 24);
    VMI_ASSERT_EQ(nf_nth(VMI_X86_OP_MMIO_WRITE, 1)->b, ICR_NMI);
    VMI_ASSERT_STATUS(vmi_cpu_kick(2), VMI_EINVAL);
}

static void kick_is_kept_for_the_next_halt(void)
{
    nf_setup();
    VMI_ASSERT_STATUS(vmi_cpu_kick(0), VMI_OK);              /* self: no IPI */
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_MMIO_WRITE), 0);
    VMI_ASSERT_STATUS(vmi_halt(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_HLT), 0);  /* returned at once */
    VMI_ASSERT_STATUS(vmi_halt(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_HLT), 1);  /* taken once */
    VMI_ASSERT_STATUS(vmi_cpu_kick(0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_safe_halt(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_STI_HLT), 0);
    VMI_ASSERT_EQ(vmi_x86_fake_flags_get() & VMI_RFLAGS_IF, VMI_RFLAGS_IF);
}

static void yield_hints(void)
{
    uint32_t p = 7;

    nf_setup();
    VMI_ASSERT_STATUS(vmi_cpu_yield(), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_PAUSE), 1);
    VMI_ASSERT_STATUS(vmi_cpu_yield_to(0), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_cpu_preempted(0, &p), VMI_OK);
    VMI_ASSERT_EQ(p, 0);
    VMI_ASSERT_STATUS(vmi_cpu_preempted(1, &p), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_cpu_preempted(0, NULL), VMI_EINVAL);
}

static const struct vmi_test_case cases[] = {
    {"cpu_table_is_dense", cpu_table_is_dense},
    {"cpu_id_from_apic_id", cpu_id_from_apic_id},
    {"cpu_start_checks", cpu_start_checks},
    {"cpu_start_init_sipi", cpu_start_init_sipi},
    {"cpu_start_timeout_is_efault", cpu_start_timeout_is_efault},
    {"cpu_start_not_offered_without_trampoline", cpu_start_not_offered_without_trampoline},
    {"cpu_stop_refused_on_cpu0", cpu_stop_refused_on_cpu0},
    {"kick_sends_nmi_to_a_running_cpu", kick_sends_nmi_to_a_running_cpu},
    {"kick_is_kept_for_the_next_halt", kick_is_kept_for_the_next_halt},
    {"yield_hints", yield_hints},
};

VMI_TEST_MAIN("native_smp", cases)
