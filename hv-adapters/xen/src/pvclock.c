/* pvclock arithmetic: Xen's vcpu_time_info records read with their version protocol, and scaled. */
#include "xen_internal.h"

__extension__ typedef unsigned __int128 u128;

#define NS_PER_S_SHIFTED (UINT64_C(1000000000) << 32)

/*
 * ns = system_time + ((tsc - tsc_timestamp) << shift) * mul >> 32, with a
 * negative shift meaning a right shift.  The product is 64 x 32 bits and
 * needs all 96 before the >> 32 (Linux does mulq then shrd).  The
 * difference wraps: Xen 4.17 stamps a PVH dom0's first record with a
 * guest TSC "before zero" (0xfffffffff54ce06e seen, read at 0x6fab3755).
 * A TSC a little behind the stamp (another CPU's record) counts as no
 * time rather than as nearly 2^64 ticks.
 */
uint64_t vmi__xen_pvclock_scale(const struct vcpu_time_info *t, uint64_t tsc)
{
    uint64_t delta = tsc - t->tsc_timestamp;

    if ((int64_t)delta < 0)
        delta = 0;

    if (t->tsc_shift >= 0)
        delta <<= t->tsc_shift;
    else
        delta >>= -t->tsc_shift;
    return t->system_time + (uint64_t)(((u128)delta * t->tsc_to_system_mul) >> 32);
}

/* The seqlock: an odd version is a write in progress, a changed one a
 * write that happened meanwhile; both mean read again.  The TSC is read
 * inside the window so that it belongs to the record. */
void vmi__xen_pvclock_snapshot(volatile const struct vcpu_time_info *src,
                               struct vcpu_time_info *out, uint64_t *tsc)
{
    uint32_t v1, v2;

    do {
        v1 = __atomic_load_n(&src->version, __ATOMIC_ACQUIRE);
        out->tsc_timestamp = src->tsc_timestamp;
        out->system_time = src->system_time;
        out->tsc_to_system_mul = src->tsc_to_system_mul;
        out->tsc_shift = src->tsc_shift;
        out->flags = src->flags;
        *tsc = vmi_x86_rdtsc();
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        v2 = __atomic_load_n(&src->version, __ATOMIC_RELAXED);
    } while ((v1 & 1u) || v1 != v2);
    out->version = v1;
}

/* Hz = (10^9 << 32) / mul, shifted the other way from tsc_shift. */
uint64_t vmi__xen_pvclock_hz(const struct vcpu_time_info *t)
{
    uint64_t hz;

    if (!t->tsc_to_system_mul)
        return 0;
    hz = NS_PER_S_SHIFTED / t->tsc_to_system_mul;
    return t->tsc_shift < 0 ? hz << -t->tsc_shift : hz >> t->tsc_shift;
}
