/* Every call, on a platform without its feature, answers VMI_ENOTSUP and changes nothing. */
#include <string.h>
#include "harness.h"

/* Scratch space for OUT and BUF parameters; large enough for any OUT struct. */
static union {
    uint64_t words[16];
    struct vmi_adapter_info info;
    char bytes[128];
} scratch;

/* Zero for IN parameters, the scratch area for pointers. */
#define ARG_IN(t) (t)0
#define ARG_OUT(t) (t *)(void *)&scratch
#define ARG_BUF(t) (t)(void *)&scratch
#define ARG(i, k, t, n) ARG_##k(t)

/* Calls number `call` on cpu with zero or scratch arguments. */
static vmi_status_t call_by_number(struct vmi_ref_cpu *cpu, uint32_t call)
{
    switch (call) {
#define CALL_CASE(num, group, name, ret, attrs, feat, n, params)             \
    case num:                                                                \
        return vmi_ref_##name(cpu VMI_PARAM_COMMA(n)                         \
                              VMI__MAP_EXPAND(ARG, n, params));
        VMI_CALL_LIST(CALL_CASE)
#undef CALL_CASE
    default:
        return VMI_EINVAL;
    }
}

/* VMI-GEN-003, VMI-DISC-004: the feature check comes first and leaves no trace. */
static void not_supported_every_call_without_its_feature(void)
{
    uint32_t call;

    for (call = 0; call < VMI_CALL_COUNT; call++) {
        uint32_t feature = (uint32_t)vmi_call_feature(call), supported = 1;
        struct vmi_ref_machine *m;
        uint64_t before;

        if (feature == VMI_FEAT_DISC_BASE)
            continue;   /* always offered: VMI-DISC-006 */
        m = vmi_test_machine_without(feature);
        before = vmi_ref_machine_digest(m);
        memset(&scratch, 0xa5, sizeof(scratch));
        scratch.info.size = sizeof(scratch.info);
        if (call_by_number(vmi_ref_cpu(m, 0), call) != VMI_ENOTSUP)
            fprintf(stderr, "%s answered without feature %s\n", vmi_call_name(call),
                    vmi_feature_name(feature));
        VMI_ASSERT_STATUS(call_by_number(vmi_ref_cpu(m, 0), call), VMI_ENOTSUP);
        VMI_ASSERT_EQ(vmi_ref_machine_digest(m), before);
        VMI_ASSERT_STATUS(vmi_ref_call_supported(vmi_ref_cpu(m, 0), call, &supported), VMI_OK);
        VMI_ASSERT_EQ(supported, 0);
        vmi_ref_machine_free(m);
    }
}

/* The base discovery feature cannot be configured away (VMI-DISC-006). */
static void not_supported_disc_base_always_offered(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_DISC_BASE);
    uint32_t version = 0;

    VMI_ASSERT_STATUS(vmi_ref_version_get(vmi_ref_cpu(m, 0), &version), VMI_OK);
    VMI_ASSERT_EQ(version, VMI_ABI_VERSION);
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"not_supported_every_call_without_its_feature",
     not_supported_every_call_without_its_feature},
    {"not_supported_disc_base_always_offered", not_supported_disc_base_always_offered},
};
VMI_TEST_MAIN("not_supported", cases)
