/* Allowed-outcome sets: membership and their readable form. */
#include <string.h>
#include "ref_checks.h"

static struct vmi_ref_allowed make(uint32_t kind, uint32_t count, uint64_t a, uint64_t b)
{
    struct vmi_ref_allowed s;

    memset(&s, 0, sizeof(s));
    s.kind = kind;
    s.count = count;
    s.value_ok = 1;
    s.v[0] = a;
    s.v[1] = b;
    return s;
}

static void allowed_exact_contains_listed_values(void)
{
    struct vmi_ref_allowed s = make(VMI_REF_ALLOW_EXACT, 2, 1, 2);

    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&s, 1, 0), 1);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&s, 2, 0), 1);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&s, 3, 0), 0);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&s, 0, 1), 0);
    s.count = 1;
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&s, 2, 0), 0);
    s.value_ok = 0;
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&s, 1, 0), 0);
}

static void allowed_range_is_inclusive(void)
{
    struct vmi_ref_allowed s = make(VMI_REF_ALLOW_RANGE, 0, 5, 9);

    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&s, 4, 0), 0);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&s, 5, 0), 1);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&s, 9, 0), 1);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&s, 10, 0), 0);
}

static void allowed_any_and_fault(void)
{
    struct vmi_ref_allowed s = make(VMI_REF_ALLOW_ANY, 0, 0, 0);

    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&s, UINT64_MAX, 0), 1);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&s, 0, 1), 0);
    s.fault = 1;
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&s, 0, 1), 1);
    s.value_ok = 0;   /* only a fault */
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&s, 0, 0), 0);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(&s, 0, 1), 1);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(NULL, 0, 0), 0);
}

/* Checks the text and that the return value is its length. */
static void expect_format(const struct vmi_ref_allowed *s, const char *want)
{
    char buf[128];
    size_t n = vmi_ref_allowed_format(s, buf, sizeof(buf));

    if (strcmp(buf, want) != 0)
        fprintf(stderr, "format: got \"%s\", want \"%s\"\n", buf, want);
    VMI_ASSERT_EQ(strcmp(buf, want), 0);
    VMI_ASSERT_EQ(n, strlen(want));
}

static void allowed_format_readable(void)
{
    struct vmi_ref_allowed s = make(VMI_REF_ALLOW_EXACT, 2, 1, 0x2a);

    expect_format(&s, "{0x1, 0x2a}");
    s = make(VMI_REF_ALLOW_RANGE, 0, 5, 9);
    expect_format(&s, "[0x5, 0x9]");
    s = make(VMI_REF_ALLOW_ANY, 0, 0, 0);
    expect_format(&s, "any");
    s.fault = 1;
    expect_format(&s, "any or fault");
    s.value_ok = 0;
    expect_format(&s, "fault");
    s = make(VMI_REF_ALLOW_EXACT, 0, 0, 0);
    expect_format(&s, "{}");
}

/* A short buffer gets a NUL-terminated prefix; the length tells the truth. */
static void allowed_format_truncates_safely(void)
{
    struct vmi_ref_allowed s = make(VMI_REF_ALLOW_RANGE, 0, 0x1234, 0x5678);
    char buf[6];

    memset(buf, 'z', sizeof(buf));
    VMI_ASSERT_EQ(vmi_ref_allowed_format(&s, buf, sizeof(buf)), strlen("[0x1234, 0x5678]"));
    VMI_ASSERT_EQ(strcmp(buf, "[0x12"), 0);
    VMI_ASSERT_EQ(vmi_ref_allowed_format(&s, NULL, 0), strlen("[0x1234, 0x5678]"));
}

/* What a call records is what it stored (the model's own answer is a member). */
static void allowed_last_holds_the_stored_value(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint32_t v = 0;

    VMI_ASSERT_STATUS(vmi_ref_apic_read(CPU0(m), VMI_APIC_VERSION, &v), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(vmi_ref_last_allowed(m, 1), v, 0), 1);
    VMI_ASSERT_EQ(vmi_ref_allowed_contains(vmi_ref_last_allowed(m, 1), v + 1, 0), 0);
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"allowed_exact_contains_listed_values", allowed_exact_contains_listed_values},
    {"allowed_range_is_inclusive", allowed_range_is_inclusive},
    {"allowed_any_and_fault", allowed_any_and_fault},
    {"allowed_format_readable", allowed_format_readable},
    {"allowed_format_truncates_safely", allowed_format_truncates_safely},
    {"allowed_last_holds_the_stored_value", allowed_last_holds_the_stored_value},
};
VMI_TEST_MAIN("allowed", cases)
