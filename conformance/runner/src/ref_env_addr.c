/* Where a trace's pages and va pages go: fixed pools, in an order the seed permutes. */
#include "vmi-conform/run.h"

/* splitmix64: a well-mixed stream from any seed, 0 included. */
static uint64_t mix_next(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/*
 * A bijection of [0, 2^bits) chosen by the seed: each round multiplies by
 * an odd number, adds, and xor-shifts, all invertible modulo 2^bits.  So
 * n-th allocations never collide, and no trace can come to depend on the
 * address its resource happened to get.
 */
static uint32_t permute(uint64_t seed, uint32_t x, uint32_t bits)
{
    uint64_t state = seed, mask = ((uint64_t)1 << bits) - 1, v = x & mask;
    uint32_t round;

    for (round = 0; round < 3; round++) {
        uint64_t a = mix_next(&state) | 1, b = mix_next(&state);

        v = (v * a + b) & mask;
        v ^= v >> (bits / 2);
    }
    return (uint32_t)v;
}

uint64_t vmi_ref_env_page(uint64_t seed, uint32_t n)
{
    /* 4096 pool pages: 12 bits. */
    return VMI_REF_ENV_HARNESS_TOP + (uint64_t)permute(seed, n, 12) * VMI_PAGE_SIZE;
}

uint64_t vmi_ref_env_va(uint64_t seed, uint32_t n)
{
    /* 512 window pages: 9 bits; a salt keeps the order apart from pages'. */
    return VMI_REF_ENV_WINDOW_VA +
           (uint64_t)permute(seed ^ UINT64_C(0x7661), n, 9) * VMI_PAGE_SIZE;
}

_Static_assert(VMI_REF_ENV_POOL_PAGES == 1u << 12, "permute(.., 12) covers the pool");
_Static_assert(VMI_REF_ENV_WINDOW_PAGES == 1u << 9, "permute(.., 9) covers the window");
_Static_assert(VMI_REF_ENV_PML4 + 3 * VMI_PAGE_SIZE <= VMI_REF_ENV_HARNESS_TOP,
               "the harness tables lie below the trace pool");
