/* vmi_report_diff: regressions, fixes, new and removed results; timings never count. */
#include "test_report_fixture.h"
#include "vmi-conform/verify.h"

static char *diff_msgs(const struct vmi_report *a, const struct vmi_report *b,
                       struct vmi_diff_counts *c, size_t *regressions)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    *regressions = vmi_report_diff(a, b, fp, c);
    fclose(fp);
    return buf;
}

static void diff_finds_regressions_fixes_and_changes(void)
{
    struct vmi_report a, b;
    struct vmi_diff_counts c;
    size_t regressions;
    char *msgs;

    fixture_small(&a); /* disc/info PASS, mmu/remap FAIL, smp/ipi NOT_SUPPORTED */
    vmi_report_init(&b);
    fixture_header(&b);
    fixture_result(&b, "disc/info", "ref", "ref", VMI_RESULT_CRASH, NULL, "fault", 1);
    fixture_result(&b, "mmu/remap", "ref", "ref", VMI_RESULT_PASS, NULL, "", 1);
    fixture_result(&b, "smp/ipi", "ref", "ref", VMI_RESULT_WAIVED, NULL, "issue 4", 1);
    fixture_result(&b, "time/tsc", "ref", "ref", VMI_RESULT_FAIL, NULL, "late", 1);
    msgs = diff_msgs(&a, &b, &c, &regressions);
    VMI_ASSERT_EQ(regressions, 2);
    VMI_ASSERT_STR(msgs, "regression: disc/info ref/ref: PASS -> CRASH: fault\n"
                         "fix: mmu/remap ref/ref: FAIL -> PASS\n"
                         "regression: smp/ipi ref/ref: NOT_SUPPORTED -> WAIVED: issue 4\n"
                         "new: time/tsc ref/ref: FAIL\n");
    VMI_ASSERT_EQ(c.fixes, 1);
    VMI_ASSERT_EQ(c.added, 1);
    VMI_ASSERT_EQ(c.removed, 0);
    free(msgs);
    msgs = diff_msgs(&b, &a, &c, &regressions);
    VMI_ASSERT_EQ(regressions, 1); /* mmu/remap PASS -> FAIL */
    VMI_ASSERT_EQ(c.fixes, 1);     /* disc/info CRASH -> PASS */
    VMI_ASSERT_EQ(c.changes, 1);   /* smp/ipi WAIVED -> NOT_SUPPORTED */
    VMI_ASSERT_EQ(c.removed, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(msgs, "removed: time/tsc ref/ref: FAIL\n"));
    free(msgs);
    vmi_report_free(&a);
    vmi_report_free(&b);
}

/* Same results, other times, details and order: no difference at all. */
static void diff_ignores_timing_and_order(void)
{
    struct vmi_report a, b;
    struct vmi_diff_counts c;
    size_t regressions, i;
    char *msgs;

    fixture_small(&a);
    fixture_small(&b);
    CU_ASSERT_EQUAL(vmi_report_set_string(&b.started, "2030-01-01T00:00:00Z"), 0);
    for (i = 0; i < b.result_count; i++)
        b.results[i].duration_us += 1000000 * (i + 1);
    vmi_report_sort(&b);
    msgs = diff_msgs(&a, &b, &c, &regressions);
    VMI_ASSERT_EQ(regressions, 0);
    VMI_ASSERT_STR(msgs, "");
    VMI_ASSERT_EQ(c.fixes + c.changes + c.added + c.removed, 0);
    free(msgs);
    vmi_report_free(&a);
    vmi_report_free(&b);
}

static void diff_reports_header_changes(void)
{
    struct vmi_report a, b;
    size_t regressions;
    char *msgs;

    fixture_small(&a);
    fixture_small(&b);
    CU_ASSERT_EQUAL(vmi_report_set_string(&b.git_revision, "fff"), 0);
    msgs = diff_msgs(&a, &b, NULL, &regressions);
    VMI_ASSERT_STR(msgs, "header: git_revision: \"abc123\" -> \"fff\"\n");
    free(msgs);
    vmi_report_free(&a);
    vmi_report_free(&b);
}

static const struct vmi_test_case cases[] = {
    {"diff_finds_regressions_fixes_and_changes", diff_finds_regressions_fixes_and_changes},
    {"diff_ignores_timing_and_order", diff_ignores_timing_and_order},
    {"diff_reports_header_changes", diff_reports_header_changes},
};

VMI_TEST_MAIN("diff", cases)
