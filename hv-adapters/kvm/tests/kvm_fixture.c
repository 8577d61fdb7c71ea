/* Shared set-up of the KVM adapter tests: the fake host behind the MSRs. */
#include "kvm_fixture.h"

struct kvm_pvclock kf_clock;
struct kvm_wall_clock kf_wall;
struct vmi_native_config kf_cfg;

/* The areas live in the test's own memory and the config has no
 * virt_to_phys, so a registered GPA is the host address. */
static void host_msr(uint32_t msr, uint64_t value)
{
    if ((msr == MSR_KVM_SYSTEM_TIME_NEW || msr == MSR_KVM_SYSTEM_TIME) && (value & 1u))
        memcpy((void *)(uintptr_t)(value & ~(uint64_t)1), &kf_clock, sizeof(kf_clock));
    if (msr == MSR_KVM_WALL_CLOCK_NEW || msr == MSR_KVM_WALL_CLOCK)
        memcpy((void *)(uintptr_t)value, &kf_wall, sizeof(kf_wall));
}

static void vendor_set(enum kf_vendor vendor)
{
    static const uint32_t words[3][3] = {
        {0x756e6547u, 0x6c65746eu, 0x49656e69u},   /* GenuineIntel: EBX ECX EDX */
        {0x68747541u, 0x444d4163u, 0x69746e65u},   /* AuthenticAMD */
        {0x6f677948u, 0x656e6975u, 0x6e65476eu},   /* HygonGenuine */
    };

    vmi_x86_fake_cpuid_set(0, 0, 0xd, words[vendor][0], words[vendor][1], words[vendor][2]);
}

static void cpu_script(enum kf_vendor vendor, uint32_t base, uint32_t features, uint32_t hints)
{
    vmi_x86_fake_reset();
    vendor_set(vendor);
    vmi_x86_fake_cpuid_set(1, 0, 0, 0, (1u << 31) | (1u << 24), 0);
    vmi_x86_fake_cpuid_set(base, 0, base + 1, 0x4b4d564bu, 0x564b4d56u, 0x4du);
    vmi_x86_fake_cpuid_set(base + 1, 0, features, 0, 0, hints);
    vmi_x86_fake_msr_set(VMI_X86_MSR_APIC_BASE, KF_APIC | 0x900u);
    vmi_x86_fake_msr_set(VMI_X86_MSR_EFER, 0xd01u);
    vmi_x86_fake_cr_set(0, 0x80000011u);
    vmi_x86_fake_cr_set(3, 0x1000u);
    vmi_x86_fake_cr_set(4, 0xa0u);
    vmi_x86_fake_mmio_set(KF_APIC + VMI_APIC_ID, 0);
    vmi_x86_fake_msr_hook(host_msr);
}

void kf_setup_full(enum kf_vendor vendor, uint32_t base, uint32_t features, uint32_t hints)
{
    cpu_script(vendor, base, features, hints);
    memset(vmi__kvm_cpu, 0, sizeof(vmi__kvm_cpu));
    memset(&kf_cfg, 0, sizeof(kf_cfg));
    kf_cfg.console = VMI_NATIVE_CON_E9;
    kf_cfg.debug_exit_port = 0xf4;
    kf_cfg.shootdown_vector = KF_SHOOTDOWN;
    /* 3 GHz: ns = (delta >> 1) * (2/3 * 2^32) >> 32. */
    memset(&kf_clock, 0, sizeof(kf_clock));
    kf_clock.version = 2;
    kf_clock.tsc_timestamp = 1000000;
    kf_clock.system_time = UINT64_C(5000000000);
    kf_clock.tsc_to_system_mul = 0xaaaaaaabu;
    kf_clock.tsc_shift = -1;
    kf_clock.flags = PVCLOCK_TSC_STABLE_BIT;
    kf_wall.version = 4;
    kf_wall.sec = 1700000000u;
    kf_wall.nsec = 250000000u;
    VMI_ASSERT_STATUS(kf_rebind(), VMI_OK);
    vmi_x86_fake_log_clear();
}

void kf_setup(uint32_t features)
{
    kf_setup_full(KF_INTEL, 0x40000000u, features, 0);
}

vmi_status_t kf_rebind(void)
{
    vmi_native_configure(&kf_cfg);
    return vmi_init(NULL);
}

void kf_cpu_up(uint32_t cpu, uint32_t apic_id)
{
    VMI_ASSERT_STATUS(vmi_native_cpu_add(cpu, apic_id), VMI_OK);
    vmi__native.cpu[cpu].online = 1;
}

const struct vmi_x86_fake_rec *kf_nth(enum vmi_x86_op op, size_t n)
{
    size_t i;

    for (i = 0; i < vmi_x86_fake_count(); i++)
        if (vmi_x86_fake_at(i)->op == op && n-- == 0)
            return vmi_x86_fake_at(i);
    return 0;
}

int kf_msr_written(uint32_t msr, uint64_t *value)
{
    const struct vmi_x86_fake_rec *r = vmi_x86_fake_last(VMI_X86_OP_MSR_WRITE, msr);

    if (!r || r->c)
        return 0;
    *value = r->b;
    return 1;
}

const struct vmi_x86_fake_hcall *kf_hcall(size_t n)
{
    return vmi_x86_fake_hcall_at(n);
}
