/* Shared set-up of the native adapter tests. */
#include "native_fixture.h"

uint8_t nf_phys[NF_PHYS_SIZE] __attribute__((aligned(4096)));
struct vmi_native_config nf_cfg;

/* Low addresses are the test's memory; anything else (the APIC page) maps
 * to itself and only ever reaches the fake's MMIO. */
static void *phys_to_virt(uint64_t pa)
{
    return pa < NF_PHYS_SIZE ? (void *)(nf_phys + pa) : (void *)(uintptr_t)pa;
}

static uint64_t no_trampoline(const struct vmi_native_start *s)
{
    (void)s;
    return 0;
}

static void cpu_script(void)
{
    vmi_x86_fake_reset();
    vmi_x86_fake_cpuid_set(0, 0, 0xd, 0, 0, 0);
    vmi_x86_fake_cpuid_set(1, 0, 0, 0, (1u << 31) | (1u << 24), 0);
    vmi_x86_fake_cpuid_set(0x40000000u, 0, 0x40000001u, 0x54474354u, 0x43544743u, 0x47435447u);
    vmi_x86_fake_msr_set(VMI_X86_MSR_APIC_BASE, NF_APIC | 0x900u);   /* enabled, BSP */
    vmi_x86_fake_msr_set(VMI_X86_MSR_EFER, 0xd01u);
    vmi_x86_fake_cr_set(0, 0x80000011u);
    vmi_x86_fake_cr_set(3, 0x1000u);
    vmi_x86_fake_cr_set(4, 0xa0u);   /* PAE, PGE */
    vmi_x86_fake_mmio_set(NF_APIC + VMI_APIC_ID, 0);
}

void nf_setup(void)
{
    cpu_script();
    memset(nf_phys, 0, sizeof(nf_phys));
    memset(&nf_cfg, 0, sizeof(nf_cfg));
    nf_cfg.phys_end = NF_PHYS_SIZE;
    nf_cfg.phys_to_virt = phys_to_virt;
    nf_cfg.debug_exit_port = 0xf4;
    nf_cfg.console = VMI_NATIVE_CON_E9;
    nf_cfg.tsc_hz = NF_TSC_HZ;
    nf_cfg.shootdown_vector = NF_SHOOTDOWN;
    nf_cfg.trampoline = no_trampoline;
    VMI_ASSERT_STATUS(nf_rebind(), VMI_OK);
}

vmi_status_t nf_rebind(void)
{
    vmi_status_t st;

    vmi_native_configure(&nf_cfg);
    st = vmi_init("vmi.adapter=native");
    vmi_x86_fake_log_clear();
    return st;
}

const struct vmi_x86_fake_rec *nf_nth(enum vmi_x86_op op, size_t n)
{
    size_t i;

    for (i = 0; i < vmi_x86_fake_count(); i++)
        if (vmi_x86_fake_at(i)->op == op && n-- == 0)
            return vmi_x86_fake_at(i);
    return 0;
}

void nf_cpu_up(uint32_t cpu, uint32_t apic_id)
{
    VMI_ASSERT_STATUS(vmi_native_cpu_add(cpu, apic_id), VMI_OK);
    vmi__native.cpu[cpu].online = 1;
}
