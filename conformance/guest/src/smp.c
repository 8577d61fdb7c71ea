/* Bring-up: every AP the MADT names, started through the bound adapter's cpu_start. */
#include "io.h"
#include "smp.h"
#include "vmi-stubs/stubs.h"
#include "vmi-x86/x86.h"

#define MSR_APIC_BASE 0x1bu
#define APIC_BASE_X2APIC (1ull << 10)
#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_BASE_ADDR 0x000ffffffffff000ull
#define APIC_REG_SVR 0xf0u
#define X2APIC_SVR 0x80fu
#define APIC_SVR_ENABLE 0x100u
#define SMP_ONLINE_TICKS 2000000000ull

struct smp_cpu smp_cpus[SMP_CPU_MAX];
uint64_t smp_bsp_apic_base;
uint32_t smp_bsp_svr;

static int started;

void smp_ap_entry(void);

uint32_t smp_online(void)
{
    uint32_t i, n = 1;

    for (i = 1; i < SMP_CPU_MAX; i++)
        n += smp_cpus[i].state == SMP_ONLINE;
    return n;
}

/* The boot CPU's APIC mode and SVR, which the APs copy.  SeaBIOS leaves
 * the boot CPU's APIC software-enabled; Xen starts a PVH dom0's vLAPIC
 * disabled (SVR 0xff), where it accepts no fixed interrupt: no IPI, no
 * timer vector, no Xen upcall made pending by a self-IPI.  So it is
 * enabled here, as an OS would, keeping the spurious vector. */
static void bsp_apic_read(void)
{
    volatile uint32_t *svr;

    smp_bsp_apic_base = rdmsr(MSR_APIC_BASE);
    if (!(smp_bsp_apic_base & APIC_BASE_ENABLE)) {
        smp_bsp_svr = 0;
    } else if (smp_bsp_apic_base & APIC_BASE_X2APIC) {
        smp_bsp_svr = (uint32_t)rdmsr(X2APIC_SVR);
        if (!(smp_bsp_svr & APIC_SVR_ENABLE))
            vmi_x86_wrmsr(X2APIC_SVR, smp_bsp_svr |= APIC_SVR_ENABLE);
    } else {
        svr = (volatile uint32_t *)(uintptr_t)((smp_bsp_apic_base & APIC_BASE_ADDR) +
                                               APIC_REG_SVR);
        smp_bsp_svr = *svr;
        if (!(smp_bsp_svr & APIC_SVR_ENABLE))
            *svr = smp_bsp_svr |= APIC_SVR_ENABLE;
    }
}

/* CPU `cpu` is the one with APIC ID `id`: named to the native adapter
 * (QEMU gives no other way to learn it), then started by the bound one. */
static int start_one(uint32_t cpu, uint32_t id)
{
    struct smp_cpu *c = &smp_cpus[cpu];
    vmi_status_t st;
    uint64_t start;

    c->apic_id = id;
    vmi_native_cpu_add(cpu, id);
    st = vmi_cpu_start(cpu, (uint64_t)(uintptr_t)smp_ap_entry,
                       (uint64_t)(uintptr_t)(c->stack + SMP_STACK_SIZE), (uint64_t)(uintptr_t)c);
    if (st != VMI_OK)
        return -(int)st - 1;
    /* cpu_start returned once the adapter saw the CPU; the mailbox is
     * served a few instructions later. */
    start = smp_rdtsc();
    while (__atomic_load_n(&c->state, __ATOMIC_ACQUIRE) != SMP_ONLINE)
        if (smp_rdtsc() - start > SMP_ONLINE_TICKS)
            return -1;
    return 0;
}

int smp_init(void)
{
    uint32_t ids[SMP_CPU_MAX - 1], n, i, cpu = 1;

    if (started)
        return (int)smp_online();
    started = 1;
    smp_cpus[0].state = SMP_ONLINE;
    smp_cpus[0].apic_id = smp_apic_id_self();
    if (vmi_adapter_bound() == NULL) {
        rec_log("smp: no adapter bound: one CPU");
        return 1;
    }
    bsp_apic_read();
    n = smp_madt_apic_ids(smp_cpus[0].apic_id, ids, SMP_CPU_MAX - 1);
    for (i = 0; i < n; i++) {
        if (ids[i] >= SMP_CPU_MAX) {
            rec_log("smp: an AP's APIC ID is past the per-CPU tables: left alone");
            continue;
        }
        if (start_one(cpu, ids[i]) != 0) {
            rec_log("smp: cpu_start refused or the AP did not come up");
            break;      /* CPU numbers stay dense: no later one either */
        }
        cpu++;
    }
    return (int)smp_online();
}
