/* Checks the tables derived from the call, status and feature lists against each other. */
#include <stdio.h>
#include <string.h>
#include <vmi/vmi.h>

static int failures;

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            failures++;                                                      \
            printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);           \
            printf(__VA_ARGS__);                                             \
            printf("\n");                                                    \
        }                                                                    \
    } while (0)

/* Every call has a unique name, a defined group and a feature of that group. */
static void calls_consistent(void)
{
    uint32_t a, b;

    for (a = 0; a < VMI_CALL_COUNT; a++) {
        const char *name = vmi_call_name(a);
        int32_t feat = vmi_call_feature(a);

        CHECK(name != NULL, "call %u has no name", a);
        if (!name)
            continue;
        CHECK(vmi_feature_name((uint32_t)feat) != NULL, "%s: unknown feature %d", name, feat);
        CHECK(VMI_FEATURE_GROUP(feat) == (uint32_t)vmi_call_group(a),
              "%s: feature %s is outside group %s", name, vmi_feature_name((uint32_t)feat),
              vmi_group_name((uint32_t)vmi_call_group(a)));
        CHECK(vmi_call_param_count(a) <= (int32_t)VMI_PARAM_MAX, "%s: too many params", name);
        for (b = a + 1; b < VMI_CALL_COUNT; b++)
            CHECK(!vmi_call_name(b) || strcmp(name, vmi_call_name(b)) != 0,
                  "calls %u and %u share the name %s", a, b, name);
    }
    CHECK(vmi_call_name(VMI_CALL_COUNT) == NULL, "a call beyond VMI_CALL_COUNT");
}

/* The metadata the executor needs: kinds and sizes per parameter. */
static void params_described(void)
{
#define PARAMS_ROW(num, group, name, ret, attrs, feat, n, params)            \
    {                                                                        \
        static const unsigned kinds[] = {0, VMI_PARAM_KINDS(n, params)};     \
        static const size_t sizes[] = {0, VMI_PARAM_SIZES(n, params)};       \
        CHECK(sizeof(kinds) / sizeof(kinds[0]) == (size_t)(n) + 1,           \
              "%s: kinds", #name);                                           \
        CHECK(sizeof(sizes) / sizeof(sizes[0]) == (size_t)(n) + 1,           \
              "%s: sizes", #name);                                           \
    }
    VMI_CALL_LIST(PARAMS_ROW)
#undef PARAMS_ROW
}

/* Each status has one name and description; unknown values have none. */
static void statuses_named(void)
{
    CHECK(strcmp(vmi_status_name(VMI_OK), "VMI_OK") == 0, "OK");
    CHECK(strcmp(vmi_status_name(VMI_ENOTSUP), "VMI_ENOTSUP") == 0, "ENOTSUP");
    CHECK(vmi_strerror(VMI_EBUSY) != NULL, "EBUSY has a description");
    CHECK(vmi_status_name(-100) == NULL, "unknown status");
    CHECK(vmi_status_name(VMI_STATUS_MIN) != NULL, "VMI_STATUS_MIN is a status");
    CHECK(vmi_status_name(VMI_STATUS_MIN - 1) == NULL, "VMI_STATUS_MIN is the lowest");
}

/* Feature bitmaps are per group; every group has at least one feature. */
static void features_per_group(void)
{
    uint32_t g;

    for (g = 0; g < VMI_GROUP_COUNT; g++) {
        CHECK(vmi_group_name(g) != NULL, "group %u unnamed", g);
        CHECK(vmi_features_defined(g) != 0, "group %u has no feature", g);
    }
    CHECK(vmi_group_name(VMI_GROUP_COUNT) == NULL, "group beyond count");
    CHECK(vmi_features_defined(VMI_GROUP_MMU) == 0x7, "MMU features 0x%llx",
          (unsigned long long)vmi_features_defined(VMI_GROUP_MMU));
}

static void versions(void)
{
    CHECK(VMI_ABI_VERSION_MAKE(1, 0) == 0x00010000u, "1.0 packs as 0x00010000");
    CHECK(VMI_ABI_VERSION == 0x00010001u, "this ABI is 1.1, packed 0x00010001");
    CHECK(vmi_abi_compatible(VMI_ABI_VERSION_MAKE(1, 3), VMI_ABI_VERSION_MAKE(1, 0)), "1.3 on 1.0");
    CHECK(!vmi_abi_compatible(VMI_ABI_VERSION_MAKE(2, 0), VMI_ABI_VERSION_MAKE(1, 9)), "2.0 on 1.9");
}

int main(void)
{
    calls_consistent();
    params_described();
    statuses_named();
    features_per_group();
    versions();
    printf("%s: %u calls, %u features, %u groups\n", failures ? "FAILED" : "ok",
           VMI_CALL_COUNT, (unsigned)VMI_FEATURE_COUNT, (unsigned)VMI_GROUP_COUNT);
    return failures ? 1 : 0;
}
