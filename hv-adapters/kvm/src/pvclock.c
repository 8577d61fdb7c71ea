/* pvclock: the seqlock read and the TSC-to-nanosecond scaling KVM's clock pages define. */
#include "kvm_internal.h"

__extension__ typedef unsigned __int128 u128;

/*
 * (delta shifted by `shift`) * mul / 2^32.  The product needs 96 bits: a
 * 64 x 64 -> 128-bit multiply is one MUL on x86-64 and no libgcc call.
 * Its top is below 2^96, so the result always fits in 64 bits.  Hosts
 * send shifts of a few bits; one of 64 or more shifts everything out.
 */
uint64_t vmi__kvm_scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
    if (shift < 0)
        delta = shift > -64 ? delta >> -shift : 0;
    else
        delta = shift < 64 ? delta << shift : 0;
    return (uint64_t)(((u128)delta * mul) >> 32);
}

/* The host rewrites the page while the vCPU is out, bumping version to
 * odd before and to even after; a reading between two equal even
 * versions is consistent.  The fences keep the compiler (x86 keeps loads
 * in order itself) from moving field loads outside the version loads. */
uint64_t vmi__kvm_pvclock_read(const volatile struct kvm_pvclock *p, uint8_t *flags)
{
    uint32_t version;
    uint64_t ns, tsc;
    uint8_t f;

    do {
        version = p->version;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        tsc = vmi_x86_rdtsc();
        ns = p->system_time +
             vmi__kvm_scale_delta(tsc - p->tsc_timestamp, p->tsc_to_system_mul, p->tsc_shift);
        f = p->flags;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((version & 1u) || version != p->version);
    if (flags)
        *flags = f;
    return ns;
}

/*
 * The TSC frequency the scaling encodes: 1 s worth of ns is 10^9 << 32 /
 * mul shifted ticks, and the shift undone the other way.  0 for a page
 * the host never filled, or a frequency that does not fit.
 */
uint64_t vmi__kvm_pvclock_hz(uint32_t mul, int8_t shift)
{
    uint64_t hz;

    if (mul == 0)
        return 0;
    hz = (NS_PER_S << 32) / mul;
    if (shift == 0)
        return hz;
    if (shift > 0)
        return shift < 64 ? hz >> shift : 0;
    if (shift <= -64 || (hz >> (64 + shift)) != 0)
        return 0;
    return hz << -shift;
}
