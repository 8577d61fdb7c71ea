/* The report model: status names, owned copies, sorting and the summary. */
#include "test_report_fixture.h"

static void report_status_names_round_trip(void)
{
    enum vmi_result_status s;
    unsigned i;

    for (i = 0; i < VMI_RESULT_STATUS_COUNT; i++) {
        CU_ASSERT_EQUAL(vmi_result_status_parse(vmi_result_status_name(i), &s), 0);
        VMI_ASSERT_EQ(s, i);
        CU_ASSERT_PTR_NOT_NULL(vmi_result_status_description(i));
    }
    VMI_ASSERT_STR(vmi_result_status_name(VMI_RESULT_NOT_SUPPORTED), "NOT_SUPPORTED");
    CU_ASSERT_PTR_NULL(vmi_result_status_name(VMI_RESULT_STATUS_COUNT));
    CU_ASSERT_EQUAL(vmi_result_status_parse("pass", &s), -1);
    CU_ASSERT_EQUAL(vmi_result_status_parse(NULL, &s), -1);
}

static void report_add_copies_strings(void)
{
    struct vmi_report r;
    char trace[] = "mmu/a", req[] = "VMI-MMU-001";

    vmi_report_init(&r);
    fixture_result(&r, trace, "ref", "ref", VMI_RESULT_PASS, req, NULL, 1);
    trace[0] = 'X';
    req[0] = 'X';
    VMI_ASSERT_STR(r.results[0].trace, "mmu/a");
    VMI_ASSERT_STR(r.results[0].reqs[0], "VMI-MMU-001");
    VMI_ASSERT_STR(r.results[0].detail, ""); /* NULL is kept as "" */
    vmi_report_free(&r);
}

static void report_add_refuses_what_cannot_be_written(void)
{
    struct vmi_report r;
    struct vmi_result res;

    vmi_report_init(&r);
    memset(&res, 0, sizeof(res));
    res.req_count = VMI_REPORT_REQS_MAX + 1;
    CU_ASSERT_EQUAL(vmi_report_add_result(&r, &res), -1);
    res.req_count = 0;
    res.status = VMI_RESULT_STATUS_COUNT;
    CU_ASSERT_EQUAL(vmi_report_add_result(&r, &res), -1);
    VMI_ASSERT_EQ(r.result_count, 0);
    vmi_report_free(&r);
}

static void report_sort_orders_by_trace_env_adapter(void)
{
    struct vmi_report r;

    vmi_report_init(&r);
    fixture_result(&r, "b", "ref", "ref", VMI_RESULT_PASS, NULL, "", 0);
    fixture_result(&r, "a", "tcg", "ref", VMI_RESULT_PASS, NULL, "", 0);
    fixture_result(&r, "a", "ref", "z", VMI_RESULT_PASS, NULL, "", 0);
    fixture_result(&r, "a", "ref", "native", VMI_RESULT_PASS, NULL, "", 0);
    vmi_report_sort(&r);
    VMI_ASSERT_STR(r.results[0].adapter, "native");
    VMI_ASSERT_STR(r.results[1].adapter, "z");
    VMI_ASSERT_STR(r.results[2].env, "tcg");
    VMI_ASSERT_STR(r.results[3].trace, "b");
    vmi_report_free(&r);
}

static void report_summary_counts_each_status(void)
{
    size_t counts[VMI_RESULT_STATUS_COUNT];
    struct vmi_report r;

    fixture_wide(&r);
    vmi_report_summary(&r, counts);
    VMI_ASSERT_EQ(counts[VMI_RESULT_PASS], 1);
    VMI_ASSERT_EQ(counts[VMI_RESULT_FAIL], 1);
    VMI_ASSERT_EQ(counts[VMI_RESULT_WAIVED], 1);
    VMI_ASSERT_EQ(counts[VMI_RESULT_ERROR], 0);
    vmi_report_free(&r);
}

static void report_set_string_replaces(void)
{
    struct vmi_report r;

    vmi_report_init(&r);
    CU_ASSERT_EQUAL(vmi_report_set_string(&r.git_revision, "abc"), 0);
    CU_ASSERT_EQUAL(vmi_report_set_string(&r.git_revision, NULL), 0);
    VMI_ASSERT_STR(r.git_revision, "");
    vmi_report_free(&r);
    CU_ASSERT_PTR_NULL(r.git_revision);
}

static const struct vmi_test_case cases[] = {
    {"report_status_names_round_trip", report_status_names_round_trip},
    {"report_add_copies_strings", report_add_copies_strings},
    {"report_add_refuses_what_cannot_be_written", report_add_refuses_what_cannot_be_written},
    {"report_sort_orders_by_trace_env_adapter", report_sort_orders_by_trace_env_adapter},
    {"report_summary_counts_each_status", report_summary_counts_each_status},
    {"report_set_string_replaces", report_set_string_replaces},
};

VMI_TEST_MAIN("report", cases)
