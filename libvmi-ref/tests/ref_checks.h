/* Checks shared by the reference-model test files: refusals, allowed sets. */
#ifndef VMI_REF_TEST_CHECKS_H
#define VMI_REF_TEST_CHECKS_H

#include "harness.h"

/* A value no call stores, to see that a refused call left an OUT alone. */
#define SENTINEL UINT64_C(0x5a5a5a5a5a5a5a5a)
#define SENTINEL32 0x5a5a5a5au

/* VMI-GEN-002: `expr` answers `want` and the machine's digest (which
 * leaves model time out) is what it was before.  Also used with VMI_OK
 * for calls that must have no guest-visible effect. */
#define EXPECT_REFUSED(m, expr, want) \
    do { \
        uint64_t refused_before_ = vmi_ref_machine_digest(m); \
        VMI_ASSERT_STATUS(expr, want); \
        VMI_ASSERT_EQ(vmi_ref_machine_digest(m), refused_before_); \
    } while (0)

/* The last call's allowed set of OUT parameter `param` is exactly {want}. */
#define EXPECT_ALLOWED_EXACT(m, param, want) \
    do { \
        const struct vmi_ref_allowed *al_ = vmi_ref_last_allowed(m, param); \
        VMI_ASSERT_EQ(al_->kind, VMI_REF_ALLOW_EXACT); \
        VMI_ASSERT_EQ(al_->count, 1); \
        VMI_ASSERT_EQ(al_->v[0], want); \
    } while (0)

/* The last call's allowed set of OUT parameter `param` is ANY. */
#define EXPECT_ALLOWED_ANY(m, param) \
    VMI_ASSERT_EQ(vmi_ref_last_allowed(m, param)->kind, VMI_REF_ALLOW_ANY)

/* The last call's allowed set of OUT parameter `param` is [low, high]. */
#define EXPECT_ALLOWED_RANGE(m, param, low, high) \
    do { \
        const struct vmi_ref_allowed *al_ = vmi_ref_last_allowed(m, param); \
        VMI_ASSERT_EQ(al_->kind, VMI_REF_ALLOW_RANGE); \
        VMI_ASSERT_EQ(al_->v[0], low); \
        VMI_ASSERT_EQ(al_->v[1], high); \
    } while (0)

#define CPU0(m) vmi_ref_cpu(m, 0)

#endif
