/* Discovery: version, feature bitmaps, per-call support, adapter identity. */
#include <string.h>
#include "ref_checks.h"

/* VMI-DISC-001 */
static void disc_version_get_reports_abi(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint32_t v = SENTINEL32;

    VMI_ASSERT_STATUS(vmi_ref_version_get(CPU0(m), &v), VMI_OK);
    VMI_ASSERT_EQ(v, VMI_ABI_VERSION);
    EXPECT_ALLOWED_EXACT(m, 0, VMI_ABI_VERSION);
    vmi_ref_machine_free(m);
}

/* VMI-GEN-004 for all four calls */
static void disc_null_out_is_einval(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    EXPECT_REFUSED(m, vmi_ref_version_get(CPU0(m), NULL), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_features_get(CPU0(m), VMI_GROUP_CPU, NULL), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_call_supported(CPU0(m), VMI_CALL_cr_read, NULL), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_adapter_info_get(CPU0(m), NULL), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

/* VMI-DISC-002: every group answers what the platform offers, and a
 * feature configured away is missing from its bitmap. */
static void disc_features_get_reports_offered(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_CPU_MSR);
    uint64_t bitmap;
    uint32_t g;

    for (g = 0; g < VMI_GROUP_COUNT; g++) {
        uint64_t want = vmi_features_defined(g);

        if (g == VMI_GROUP_CPU)
            want &= ~VMI_FEATURE_MASK(VMI_FEAT_CPU_MSR);
        bitmap = SENTINEL;
        VMI_ASSERT_STATUS(vmi_ref_features_get(CPU0(m), g, &bitmap), VMI_OK);
        VMI_ASSERT_EQ(bitmap, want);
        EXPECT_ALLOWED_EXACT(m, 1, want);
    }
    vmi_ref_machine_free(m);
}

/* VMI-DISC-003 */
static void disc_features_get_bad_group_is_einval(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t bitmap = SENTINEL;

    EXPECT_REFUSED(m, vmi_ref_features_get(CPU0(m), VMI_GROUP_COUNT, &bitmap), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_features_get(CPU0(m), UINT32_MAX, &bitmap), VMI_EINVAL);
    VMI_ASSERT_EQ(bitmap, SENTINEL);
    vmi_ref_machine_free(m);
}

/* VMI-DISC-004: the answer agrees with the bitmap and with the call. */
static void disc_call_supported_agrees_with_calls(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_CPU_MSR);
    uint32_t call, supported;
    uint64_t value;

    for (call = 0; call < VMI_CALL_COUNT; call++) {
        uint32_t feat = (uint32_t)vmi_call_feature(call);
        uint32_t want = feat != VMI_FEAT_CPU_MSR;

        supported = SENTINEL32;
        VMI_ASSERT_STATUS(vmi_ref_call_supported(CPU0(m), call, &supported), VMI_OK);
        VMI_ASSERT_EQ(supported, want);
        EXPECT_ALLOWED_EXACT(m, 1, want);
    }
    VMI_ASSERT_STATUS(vmi_ref_msr_read(CPU0(m), 0xc0000081u, &value), VMI_ENOTSUP);
    vmi_ref_machine_free(m);
}

/* VMI-DISC-005 */
static void disc_call_supported_bad_call_is_einval(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint32_t supported = SENTINEL32;

    EXPECT_REFUSED(m, vmi_ref_call_supported(CPU0(m), VMI_CALL_COUNT, &supported), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_call_supported(CPU0(m), UINT32_MAX, &supported), VMI_EINVAL);
    VMI_ASSERT_EQ(supported, SENTINEL32);
    vmi_ref_machine_free(m);
}

/* VMI-DISC-007, VMI-DISC-008: the whole struct when the caller knows it. */
static void disc_adapter_info_full(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_adapter_info info;
    static const char zeros[VMI_SIGNATURE_LEN];

    memset(&info, 0xa5, sizeof(info));
    info.size = sizeof(info);
    VMI_ASSERT_STATUS(vmi_ref_adapter_info_get(CPU0(m), &info), VMI_OK);
    VMI_ASSERT_EQ(info.size, 512);
    VMI_ASSERT_EQ(info.abi_version, VMI_ABI_VERSION);
    VMI_ASSERT_EQ(info.adapter_version, 0x00010000u);
    VMI_ASSERT_EQ(info.hv_base_leaf, 0);
    VMI_ASSERT_EQ(info.hv_version, 0);
    VMI_ASSERT_EQ(memcmp(info.name, "ref\0\0\0\0\0\0\0\0\0\0\0\0\0", VMI_NAME_LEN), 0);
    VMI_ASSERT_EQ(memcmp(info.vendor, "VMI\0\0\0\0\0\0\0\0\0\0\0\0\0", VMI_NAME_LEN), 0);
    VMI_ASSERT_EQ(memcmp(info.hv_signature, zeros, VMI_SIGNATURE_LEN), 0);
    /* VMI-DISC-010: the model uses no hypervisor interface. */
    VMI_ASSERT_EQ(info.hv_features, 0);
    VMI_ASSERT_EQ(info.mechanisms[0], 0);
    EXPECT_ALLOWED_ANY(m, 0);
    vmi_ref_machine_free(m);
}

/* VMI-DISC-007: a shorter struct gets only its bytes (a VMI 1.0 caller's
 * 64 among them); a longer one gets 512. */
static void disc_adapter_info_size_bounds_the_fill(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    union {
        struct vmi_adapter_info info;
        uint8_t bytes[544];
    } u;

    memset(&u, 0xa5, sizeof(u));
    u.info.size = 12;
    VMI_ASSERT_STATUS(vmi_ref_adapter_info_get(CPU0(m), &u.info), VMI_OK);
    VMI_ASSERT_EQ(u.info.size, 12);
    VMI_ASSERT_EQ(u.info.adapter_version, 0x00010000u);
    VMI_ASSERT_EQ(u.bytes[12], 0xa5);
    VMI_ASSERT_EQ(u.bytes[63], 0xa5);

    memset(&u, 0xa5, sizeof(u));
    u.info.size = VMI_ADAPTER_INFO_SIZE_1_0;
    VMI_ASSERT_STATUS(vmi_ref_adapter_info_get(CPU0(m), &u.info), VMI_OK);
    VMI_ASSERT_EQ(u.info.size, 64);
    VMI_ASSERT_EQ(u.info.abi_version, VMI_ABI_VERSION);
    VMI_ASSERT_EQ(u.bytes[63], 0);
    VMI_ASSERT_EQ(u.bytes[64], 0xa5);

    memset(&u, 0xa5, sizeof(u));
    u.info.size = sizeof(u);
    VMI_ASSERT_STATUS(vmi_ref_adapter_info_get(CPU0(m), &u.info), VMI_OK);
    VMI_ASSERT_EQ(u.info.size, 512);
    VMI_ASSERT_EQ(u.bytes[511], 0);
    VMI_ASSERT_EQ(u.bytes[512], 0xa5);
    vmi_ref_machine_free(m);
}

/* VMI-DISC-007: a size below 8 is refused and nothing is written. */
static void disc_adapter_info_small_size_is_einval(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    struct vmi_adapter_info info;

    memset(&info, 0xa5, sizeof(info));
    info.size = 7;
    EXPECT_REFUSED(m, vmi_ref_adapter_info_get(CPU0(m), &info), VMI_EINVAL);
    VMI_ASSERT_EQ(info.size, 7);
    VMI_ASSERT_EQ(info.abi_version, 0xa5a5a5a5u);
    info.size = 0;
    EXPECT_REFUSED(m, vmi_ref_adapter_info_get(CPU0(m), &info), VMI_EINVAL);
    info.size = 8;
    VMI_ASSERT_STATUS(vmi_ref_adapter_info_get(CPU0(m), &info), VMI_OK);
    VMI_ASSERT_EQ(info.abi_version, VMI_ABI_VERSION);
    VMI_ASSERT_EQ(info.adapter_version, 0xa5a5a5a5u);
    vmi_ref_machine_free(m);
}

/* VMI-DISC-006: DISC_BASE cannot be configured away. */
static void disc_base_always_offered(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_DISC_BASE);
    uint32_t v = 0, supported = 0;
    uint64_t bitmap = 0;

    VMI_ASSERT_STATUS(vmi_ref_version_get(CPU0(m), &v), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_features_get(CPU0(m), VMI_GROUP_DISC, &bitmap), VMI_OK);
    VMI_ASSERT_EQ(bitmap, VMI_FEATURE_MASK(VMI_FEAT_DISC_BASE));
    VMI_ASSERT_STATUS(vmi_ref_call_supported(CPU0(m), VMI_CALL_version_get, &supported), VMI_OK);
    VMI_ASSERT_EQ(supported, 1);
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"disc_version_get_reports_abi", disc_version_get_reports_abi},
    {"disc_null_out_is_einval", disc_null_out_is_einval},
    {"disc_features_get_reports_offered", disc_features_get_reports_offered},
    {"disc_features_get_bad_group_is_einval", disc_features_get_bad_group_is_einval},
    {"disc_call_supported_agrees_with_calls", disc_call_supported_agrees_with_calls},
    {"disc_call_supported_bad_call_is_einval", disc_call_supported_bad_call_is_einval},
    {"disc_adapter_info_full", disc_adapter_info_full},
    {"disc_adapter_info_size_bounds_the_fill", disc_adapter_info_size_bounds_the_fill},
    {"disc_adapter_info_small_size_is_einval", disc_adapter_info_small_size_is_einval},
    {"disc_base_always_offered", disc_base_always_offered},
};
VMI_TEST_MAIN("disc", cases)
