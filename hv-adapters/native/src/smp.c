/* CPU numbers and APIC IDs, start and stop, yield, kick and the preemption hint (VMI-SMP-001..009). */
#include "native_internal.h"

#define ICR_NMI 0x400u
#define ICR_INIT 0x500u
#define ICR_STARTUP 0x600u
#define INIT_DELAY_US 10000u
#define SIPI_DELAY_US 200u
#define ONLINE_WAIT_US 1000000u
#define TRAMPOLINE_LIMIT 0x100000u

vmi_status_t vmi_native_cpu_add(uint32_t cpu, uint32_t apic_id)
{
    struct vmi__native_cpu *c = &vmi__native.cpu[cpu < VMI_NATIVE_CPU_MAX ? cpu : 0];

    /* Numbers are dense (VMI-SMP-001), so the next one is the only one
     * that can be added. */
    if (cpu >= VMI_NATIVE_CPU_MAX || cpu != vmi__native.ncpus)
        return VMI_EINVAL;
    c->apic_id = apic_id;
    c->present = 1;
    c->online = 0;
    vmi__native.ncpus = cpu + 1;
    return VMI_OK;
}

uint32_t vmi__native_cpu_self(void)
{
    uint32_t id, i;

    if (vmi__native.apic_mode == VMI__APIC_NONE)
        return 0;   /* without an APIC there is one CPU */
    id = vmi__native_apic_id_self();
    for (i = 0; i < vmi__native.ncpus; i++)
        if (vmi__native.cpu[i].apic_id == id)
            return i;
    return VMI_NATIVE_CPU_MAX;
}

void vmi_native_cpu_online(void)
{
    uint32_t self = vmi__native_cpu_self();

    if (self >= VMI_NATIVE_CPU_MAX)
        return;
    if (vmi__native.cpu_online_hook)
        vmi__native.cpu_online_hook(self);
    __atomic_store_n(&vmi__native.cpu[self].online, 1, __ATOMIC_RELEASE);
}

vmi_status_t vmi__native_cpu_count_get(uint32_t *count)
{
    /* VMI-SMP-001 */
    if (!count)
        return VMI_EINVAL;
    *count = vmi__native.ncpus;
    return VMI_OK;
}

vmi_status_t vmi__native_cpu_id_get(uint32_t *cpu)
{
    /* VMI-SMP-002: an APIC ID the guest never named is its set-up error,
     * reported rather than guessed. */
    uint32_t self = vmi__native_cpu_self();

    if (!cpu)
        return VMI_EINVAL;
    if (self >= VMI_NATIVE_CPU_MAX)
        return VMI_EFAULT;
    *cpu = self;
    return VMI_OK;
}

/* The calling CPU's state the new one starts with (VMI-SMP-003). */
static void start_fill(struct vmi_native_start *s, uint32_t cpu, uint64_t entry,
                       uint64_t stack, uint64_t arg)
{
    s->entry = entry;
    s->stack = stack;
    s->arg = arg;
    s->cr0 = vmi_x86_cr_read(0);
    s->cr3 = vmi_x86_cr_read(3);
    s->cr4 = vmi_x86_cr_read(4);
    s->efer = vmi_x86_rdmsr(VMI_X86_MSR_EFER);
    vmi_x86_sgdt(&s->gdt_base, &s->gdt_limit);
    vmi_x86_sidt(&s->idt_base, &s->idt_limit);
    s->cpu = cpu;
    s->apic_id = vmi__native.cpu[cpu].apic_id;
    s->reserved = 0;
}

/* INIT, then two STARTUPs at the trampoline page, as the MP specification
 * has it; the second only when the first did not bring the CPU up. */
static int cpu_wake(uint32_t cpu, uint64_t page)
{
    uint32_t apic_id = vmi__native.cpu[cpu].apic_id, i;
    uint64_t waited;

    vmi__native_icr_send(apic_id, ICR_INIT);
    vmi__native_delay_us(INIT_DELAY_US);
    for (i = 0; i < 2 && !vmi__native.cpu[cpu].online; i++) {
        vmi__native_icr_send(apic_id, ICR_STARTUP | (uint32_t)(page >> 12));
        vmi__native_delay_us(SIPI_DELAY_US);
    }
    for (waited = 0; !vmi__native.cpu[cpu].online && waited < ONLINE_WAIT_US; waited += 100)
        vmi__native_delay_us(100);
    return vmi__native.cpu[cpu].online;
}

vmi_status_t vmi__native_cpu_start(uint32_t cpu, uint64_t entry, uint64_t stack, uint64_t arg)
{
    /* VMI-SMP-003, VMI-SMP-004.  A CPU that does not come up in a second
     * is reported as a refusal of the platform (VMI_EFAULT). */
    struct vmi_native_start s;
    uint64_t page;

    if (!vmi__native_has(VMI_FEAT_SMP_START))
        return VMI_ENOTSUP;
    if (cpu >= vmi__native.ncpus || cpu == vmi__native_cpu_self() ||
        !vmi__native_canonical(entry) || !vmi__native_canonical(stack))
        return VMI_EINVAL;
    if (vmi__native.cpu[cpu].online)
        return VMI_EBUSY;
    /* A kick sent while the CPU was offline is void, as is any batch. */
    vmi__native.cpu[cpu].kick = 0;
    vmi__native.cpu[cpu].lazy = 0;
    start_fill(&s, cpu, entry, stack, arg);
    page = vmi__native.cfg.trampoline(&s);
    if (page == 0 || page >= TRAMPOLINE_LIMIT || (page & 0xfffu))
        return VMI_EFAULT;
    return cpu_wake(cpu, page) ? VMI_OK : VMI_EFAULT;
}

vmi_status_t vmi__native_cpu_stop(void)
{
    /* VMI-SMP-005: offline, no batch and no timer left; the CPU then halts
     * with interrupts off until an INIT (a later cpu_start) resets it. */
    uint32_t self = vmi__native_cpu_self();

    if (!vmi__native_has(VMI_FEAT_SMP_START))
        return VMI_ENOTSUP;
    if (self == 0 || self >= VMI_NATIVE_CPU_MAX)
        return VMI_EBUSY;
    vmi_x86_cli();
    vmi__native_timer_stop();
    vmi__native.cpu[self].lazy = 0;
    __atomic_store_n(&vmi__native.cpu[self].online, 0, __ATOMIC_RELEASE);
    for (;;)
        vmi_x86_hlt();
}

vmi_status_t vmi__native_cpu_yield(void)
{
    /* VMI-SMP-006: PAUSE is the hardware's "this CPU is spinning" hint,
     * which a hypervisor with pause-loop exiting turns into a yield. */
    vmi_x86_pause();
    return VMI_OK;
}

vmi_status_t vmi__native_cpu_yield_to(uint32_t cpu)
{
    /* Bare hardware has no directed yield; SMP_YIELDTO is not offered. */
    (void)cpu;
    return VMI_ENOTSUP;
}

vmi_status_t vmi__native_cpu_kick(uint32_t cpu)
{
    /* VMI-SMP-008: the flag keeps a kick for the next halt; the NMI wakes
     * a halt in progress even with interrupts off. */
    if (!vmi__native_has(VMI_FEAT_SMP_KICK))
        return VMI_ENOTSUP;
    if (cpu >= vmi__native.ncpus)
        return VMI_EINVAL;
    __atomic_store_n(&vmi__native.cpu[cpu].kick, 1u, __ATOMIC_RELEASE);
    if (vmi__native.cpu[cpu].online && cpu != vmi__native_cpu_self())
        vmi__native_icr_send(vmi__native.cpu[cpu].apic_id, ICR_NMI);
    return VMI_OK;
}

vmi_status_t vmi__native_cpu_preempted(uint32_t cpu, uint32_t *preempted)
{
    /* VMI-SMP-009: bare hardware never knows of a preemption. */
    if (cpu >= vmi__native.ncpus || !preempted)
        return VMI_EINVAL;
    *preempted = 0;
    return VMI_OK;
}
