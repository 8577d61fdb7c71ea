/* Calibrations: the TSC against the PIT, the APIC timer against the TSC, and the one-shot timer. */
#include "native_internal.h"

#define PIT_HZ 1193182u
#define PIT_MS 50u
#define PIT_COUNT (PIT_HZ / (1000u / PIT_MS))     /* 59659: fits 16 bits */
#define PIT_POLL_MAX 100000000u
#define PORT_PIT_CH2 0x42u
#define PORT_PIT_MODE 0x43u
#define PORT_NMI_SC 0x61u      /* bit 0: channel 2 gate, 1: speaker, 5: OUT2 */
#define APIC_CAL_US 10000u
#define LVT_MASKED (1u << 16)
#define DCR_DIV1 0xbu

uint64_t vmi_native_pit_calibrate(void)
{
    /* Channel 2 in mode 0 (interrupt on terminal count): OUT2 goes high
     * when the count expires, and port 0x61 bit 5 shows it.  The gate is
     * set and the speaker kept off, as Linux's pit_calibrate_tsc does. */
    uint8_t sc = vmi_x86_inb(PORT_NMI_SC);
    uint64_t t0, t1;
    uint32_t polls = 0;

    vmi_x86_outb(PORT_NMI_SC, (uint8_t)((sc & ~0x02u) | 0x01u));
    vmi_x86_outb(PORT_PIT_MODE, 0xb0);       /* ch 2, lo/hi byte, mode 0, binary */
    vmi_x86_outb(PORT_PIT_CH2, PIT_COUNT & 0xff);
    vmi_x86_outb(PORT_PIT_CH2, PIT_COUNT >> 8);
    /* Mode 0 holds OUT2 low until the count expires, 50 ms from now: OUT2
     * already high means nothing answers these ports (Xen's PVH dom0 reads
     * 0xff there), and timing the poll would only time the port accesses
     * -- a rate a hundred times too low that makes every timer early. */
    if (vmi_x86_inb(PORT_NMI_SC) & 0x20u) {
        vmi_x86_outb(PORT_NMI_SC, sc);
        return 0;
    }
    t0 = vmi_x86_rdtsc();
    while (!(vmi_x86_inb(PORT_NMI_SC) & 0x20u))
        if (++polls == PIT_POLL_MAX)
            return 0;   /* no PIT answers */
    t1 = vmi_x86_rdtsc();
    vmi_x86_outb(PORT_NMI_SC, sc);
    return (t1 - t0) * (1000u / PIT_MS);
}

void vmi__native_delay_us(uint64_t us)
{
    uint64_t hz = vmi__native.tsc_hz ? vmi__native.tsc_hz : UINT64_C(3000000000);
    uint64_t start = vmi_x86_rdtsc(), ticks = us * (hz / 1000000u);

    /* Without a known frequency a generous guess: waiting too long is
     * harmless where these delays are used (INIT/SIPI spacing). */
    while (vmi_x86_rdtsc() - start < ticks)
        vmi_x86_pause();
}

/* The APIC timer's input clock: the crystal (CPUID 0x15 ECX, which
 * drives the APIC timer where it is enumerated), the hypervisor's bus
 * frequency (0x40000010 EBX), or a 10 ms count against the TSC. */
uint64_t vmi__native_apic_timer_hz(void)
{
    struct vmi_cpuid_regs r;
    uint32_t left;
    uint64_t hz;

    vmi_x86_cpuid(0, 0, &r);
    if (r.eax >= 0x15) {
        vmi_x86_cpuid(0x15, 0, &r);
        if (r.ecx)
            return r.ecx;
    }
    hz = vmi__native_timing_leaf(1);
    if (hz)
        return hz;
    vmi__native_apic_put(VMI_APIC_LVT_TIMER, LVT_MASKED);
    vmi__native_apic_put(VMI_APIC_TIMER_DCR, DCR_DIV1);
    vmi__native_apic_put(VMI_APIC_TIMER_ICR, 0xffffffffu);
    vmi__native_delay_us(APIC_CAL_US);
    if (vmi__native_apic_get(VMI_APIC_TIMER_CCR, &left) != 0)
        left = 0xffffffffu;
    vmi__native_apic_put(VMI_APIC_TIMER_ICR, 0);
    return (uint64_t)(0xffffffffu - left) * (1000000u / APIC_CAL_US);
}

/* DCR encodings of divide by 1, 2, 4 ... 128. */
static const uint8_t dcr_of_shift[8] = {0xb, 0x0, 0x1, 0x2, 0x3, 0x8, 0x9, 0xa};

/* The one-shot APIC timer counts `ticks` input clocks; the smallest
 * divider that fits the count in 32 bits keeps the finest resolution.  A
 * deadline beyond 2^32 * 128 clocks (over 500 s at 1 GHz) fires at that
 * limit, early: the guest re-arms, as with any one-shot clock event. */
void vmi__native_oneshot_arm(uint64_t deadline_ns, uint64_t now_ns, uint32_t vector)
{
    uint32_t mult_shift, div = 0;
    uint64_t mult = vmi__native_scale_make(vmi__native.apic_timer_hz, &mult_shift);
    uint64_t ticks = vmi__native_scale(deadline_ns > now_ns ? deadline_ns - now_ns : 0, mult,
                                       mult_shift);
    uint64_t count;

    if (ticks < UINT64_MAX)
        ticks++;   /* round up: never early */
    while (div < 7 && (ticks >> div) >= 0xffffffffu)
        div++;
    count = (ticks >> div) + ((ticks & ((UINT64_C(1) << div) - 1)) != 0);
    if (count > 0xffffffffu)
        count = 0xffffffffu;
    vmi__native_apic_put(VMI_APIC_LVT_TIMER, vector);
    vmi__native_apic_put(VMI_APIC_TIMER_DCR, dcr_of_shift[div]);
    vmi__native_apic_put(VMI_APIC_TIMER_ICR, (uint32_t)count);
}
