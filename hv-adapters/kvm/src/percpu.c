/* Per-CPU registration with KVM: kvmclock, steal time and PV EOI, up and down. */
#include "kvm_internal.h"

struct vmi__kvm_cpu vmi__kvm_cpu[VMI_NATIVE_CPU_MAX];

uint32_t vmi__kvm_self(void)
{
    uint32_t self = vmi__native_cpu_self();

    return self < VMI_NATIVE_CPU_MAX ? self : 0;
}

/* Registers `area` with `msr` (GPA | enable); non-zero when KVM took it.
 * The write is fault-safe: a host that lists a feature but refuses its
 * MSR leaves that feature to native rather than crashing the guest. */
static uint8_t area_register(uint32_t msr, const volatile void *area)
{
    uint64_t gpa = vmi__native_phys((const void *)area);

    return vmi_x86_wrmsr_safe(msr, gpa | KVM_MSR_ENABLED) == 0;
}

static void zero(volatile void *p, uint32_t len)
{
    volatile uint8_t *b = (volatile uint8_t *)p;
    uint32_t i;

    for (i = 0; i < len; i++)
        b[i] = 0;
}

void vmi__kvm_cpu_up(uint32_t cpu)
{
    struct vmi__kvm_cpu *c = &vmi__kvm_cpu[cpu];

    if (vmi__kvm.msr_clock)
        c->clock_on = area_register(vmi__kvm.msr_clock, &c->clock);
    if (vmi__kvm_has(KVM_FEATURE_STEAL_TIME)) {
        /* msr.rst: the guest zeroes the area before enabling it. */
        zero(&c->steal, sizeof(c->steal));
        c->steal_on = area_register(MSR_KVM_STEAL_TIME, &c->steal);
    }
    if (vmi__kvm_has(KVM_FEATURE_PV_EOI)) {
        c->eoi = 0;
        c->eoi_on = area_register(MSR_KVM_PV_EOI_EN, &c->eoi);
    }
}

/* Writing 0 stops KVM writing into the area, which the guest may then
 * reuse or which may outlive it (a reboot, kexec). */
void vmi__kvm_cpu_down(uint32_t cpu)
{
    struct vmi__kvm_cpu *c = &vmi__kvm_cpu[cpu];

    if (c->clock_on)
        vmi_x86_wrmsr_safe(vmi__kvm.msr_clock, 0);
    if (c->steal_on)
        vmi_x86_wrmsr_safe(MSR_KVM_STEAL_TIME, 0);
    if (c->eoi_on)
        vmi_x86_wrmsr_safe(MSR_KVM_PV_EOI_EN, 0);
    c->clock_on = c->steal_on = c->eoi_on = 0;
}

void vmi__kvm_self_down(void)
{
    uint32_t self = vmi__native_cpu_self();

    vmi_x86_cli();
    if (self < VMI_NATIVE_CPU_MAX)
        vmi__kvm_cpu_down(self);
}
