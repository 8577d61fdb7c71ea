/* Adapter choice by score, by name, by command line; ABI checks; null and unoffered slots. */
#include <cunit_harness.h>
#include <vmi-stubs/register.h>
#include <vmi-stubs/stubs.h>
#include <vmi-x86/x86.h>
#include "stubs_internal.h"

/* Three test adapters, registered like any vendor's. */
static uint32_t score_alpha, score_beta, score_zulu;
static vmi_status_t init_alpha_result;
static int inits_alpha, inits_beta, inits_zulu;

static uint32_t probe_alpha(void) { return score_alpha; }
static uint32_t probe_beta(void) { return score_beta; }
static uint32_t probe_zulu(void) { return score_zulu; }
static vmi_status_t init_alpha(void) { inits_alpha++; return init_alpha_result; }
static vmi_status_t init_beta(void) { inits_beta++; return VMI_OK; }
static vmi_status_t init_zulu(void) { inits_zulu++; return VMI_OK; }

static vmi_status_t alpha_version(uint32_t *v) { *v = 0xa; return VMI_OK; }
static vmi_status_t beta_version(uint32_t *v) { *v = 0xb; return VMI_OK; }
static vmi_status_t zulu_version(uint32_t *v) { *v = 0xc; return VMI_OK; }
static vmi_status_t beta_halt(void) { return VMI_OK; }
static vmi_status_t beta_cpuid(uint32_t l, uint32_t s, struct vmi_cpuid_regs *r)
{
    (void)l;
    (void)s;
    (void)r;
    return VMI_OK;
}

static const struct vmi_ops ops_alpha = {.version_get = alpha_version};
/* beta fills halt and cpuid but offers only IRQ_HALT: cpuid must answer
 * VMI_ENOTSUP through the stubs. */
static const struct vmi_ops ops_beta = {.version_get = beta_version, .halt = beta_halt,
                                        .cpuid = beta_cpuid};
static const struct vmi_ops ops_zulu = {.version_get = zulu_version};

#define DISC_BASE VMI_FEATURE_MASK(VMI_FEAT_DISC_BASE)
static struct vmi_adapter alpha = {sizeof(struct vmi_adapter), VMI_ABI_VERSION, "alpha",
                                   "test", 1, 0, {DISC_BASE}, probe_alpha, init_alpha,
                                   &ops_alpha};
static struct vmi_adapter beta = {sizeof(struct vmi_adapter), VMI_ABI_VERSION, "beta", "test",
                                  1, 0, {DISC_BASE, 0, VMI_FEATURE_MASK(VMI_FEAT_IRQ_HALT)},
                                  probe_beta, init_beta, &ops_beta};
static struct vmi_adapter zulu = {sizeof(struct vmi_adapter), VMI_ABI_VERSION, "zulu", "test",
                                  1, 0, {DISC_BASE}, probe_zulu, init_zulu, &ops_zulu};
/* Built for ABI 2.0: never bound by a 1.x guest. */
static struct vmi_adapter future = {sizeof(struct vmi_adapter), VMI_ABI_VERSION_MAKE(2, 0),
                                    "future", "test", 1, 0, {DISC_BASE}, probe_zulu,
                                    init_zulu, &ops_zulu};
VMI_ADAPTER_REGISTER(alpha);
VMI_ADAPTER_REGISTER(beta);
VMI_ADAPTER_REGISTER(zulu);
VMI_ADAPTER_REGISTER(future);

static void scores(uint32_t a, uint32_t b, uint32_t z)
{
    vmi_x86_fake_reset();
    score_alpha = a;
    score_beta = b;
    score_zulu = z;
    init_alpha_result = VMI_OK;
    inits_alpha = inits_beta = inits_zulu = 0;
}

static uint32_t bound_version(void)
{
    uint32_t v = 0;

    return vmi_version_get(&v) == VMI_OK ? v : 0;
}

static void bind_highest_score(void)
{
    scores(VMI_PROBE_NATIVE, VMI_PROBE_HYPERVISOR, 50);
    VMI_ASSERT_STATUS(vmi_init(NULL), VMI_OK);
    VMI_ASSERT_STR(vmi_adapter_bound()->name, "beta");
    VMI_ASSERT_EQ(bound_version(), 0xb);
    VMI_ASSERT_EQ(inits_alpha + inits_zulu, 0);
}

static void bind_tie_goes_to_first_name(void)
{
    scores(7, 0, 7);
    VMI_ASSERT_STATUS(vmi_init(""), VMI_OK);
    VMI_ASSERT_STR(vmi_adapter_bound()->name, "alpha");
}

static void bind_falls_back_when_init_fails(void)
{
    scores(VMI_PROBE_HYPERVISOR, 0, VMI_PROBE_NATIVE);
    init_alpha_result = VMI_ENOTSUP;
    VMI_ASSERT_STATUS(vmi_init(NULL), VMI_OK);
    VMI_ASSERT_STR(vmi_adapter_bound()->name, "zulu");
    VMI_ASSERT_EQ(inits_alpha, 1);
}

static void bind_none_when_nobody_probes(void)
{
    scores(0, 0, 0);
    VMI_ASSERT_STATUS(vmi_init(NULL), VMI_ENOTSUP);
    CU_ASSERT(vmi_adapter_bound() == NULL);
    VMI_ASSERT_EQ(bound_version(), 0);   /* every call: VMI_ENOTSUP */
}

static void bind_forced_by_cmdline(void)
{
    scores(VMI_PROBE_HYPERVISOR, 0, VMI_PROBE_NATIVE);
    VMI_ASSERT_STATUS(vmi_init("console=ttyS0 vmi.adapter=beta quiet"), VMI_OK);
    VMI_ASSERT_STR(vmi_adapter_bound()->name, "beta");   /* even with score 0 */
    VMI_ASSERT_EQ(inits_alpha, 0);
    VMI_ASSERT_STATUS(vmi_init("vmi.adapter=alpha vmi.adapter=zulu"), VMI_OK);
    VMI_ASSERT_STR(vmi_adapter_bound()->name, "zulu");   /* the last word wins */
}

static void bind_forced_unknown_binds_nothing(void)
{
    scores(VMI_PROBE_HYPERVISOR, 0, 0);
    VMI_ASSERT_STATUS(vmi_init("vmi.adapter=alph"), VMI_EINVAL);
    CU_ASSERT(vmi_adapter_bound() == NULL);
    VMI_ASSERT_EQ(bound_version(), 0);
    VMI_ASSERT_STATUS(vmi_init("vmi.adapter=future"), VMI_EINVAL);   /* ABI 2.0 */
    VMI_ASSERT_STATUS(vmi_init("vmi.adapter="), VMI_OK);   /* empty: no override */
    VMI_ASSERT_STR(vmi_adapter_bound()->name, "alpha");
}

static void bind_skips_incompatible_abi(void)
{
    scores(0, 0, VMI_PROBE_NATIVE);   /* future probes with zulu's score too */
    VMI_ASSERT_STATUS(vmi_init(NULL), VMI_OK);
    VMI_ASSERT_STR(vmi_adapter_bound()->name, "zulu");
}

static void null_and_unoffered_slots_are_enotsup(void)
{
    struct vmi_cpuid_regs r;
    uint64_t v;

    scores(0, VMI_PROBE_HYPERVISOR, 0);
    VMI_ASSERT_STATUS(vmi_init(NULL), VMI_OK);
    VMI_ASSERT_STATUS(vmi_halt(), VMI_OK);                   /* filled and offered */
    VMI_ASSERT_STATUS(vmi_cpuid(0, 0, &r), VMI_ENOTSUP);     /* filled, not offered */
    VMI_ASSERT_STATUS(vmi_cr_read(VMI_CR0, &v), VMI_ENOTSUP); /* null slot */
    VMI_ASSERT_STATUS(vmi_shutdown(0), VMI_ENOTSUP);
    CU_ASSERT(vmi_ops.cr_read == vmi__stubs_enotsup.cr_read);
}

static void cmdline_parsing(void)
{
    size_t len = 0;
    const char *n = vmi__stubs_cmdline_adapter("a vmi.adapter=kvm\tb", &len);

    VMI_ASSERT_EQ(len, 3);
    CU_ASSERT(n && strncmp(n, "kvm", 3) == 0);
    CU_ASSERT(vmi__stubs_cmdline_adapter("xvmi.adapter=kvm", &len) == NULL);
    CU_ASSERT(vmi__stubs_cmdline_adapter(NULL, &len) == NULL);
    CU_ASSERT(vmi__stubs_cmdline_adapter("vmi.adapte=kvm", &len) == NULL);
}

static const struct vmi_test_case cases[] = {
    {"bind_highest_score", bind_highest_score},
    {"bind_tie_goes_to_first_name", bind_tie_goes_to_first_name},
    {"bind_falls_back_when_init_fails", bind_falls_back_when_init_fails},
    {"bind_none_when_nobody_probes", bind_none_when_nobody_probes},
    {"bind_forced_by_cmdline", bind_forced_by_cmdline},
    {"bind_forced_unknown_binds_nothing", bind_forced_unknown_binds_nothing},
    {"bind_skips_incompatible_abi", bind_skips_incompatible_abi},
    {"null_and_unoffered_slots_are_enotsup", null_and_unoffered_slots_are_enotsup},
    {"cmdline_parsing", cmdline_parsing},
};

VMI_TEST_MAIN("stubs_bind", cases)
