/* junit.xml: the exact text for a small report, and escaping of hostile strings. */
#include "test_report_fixture.h"

static const char golden_junit[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<testsuites name=\"vmi-conform\" tests=\"7\" failures=\"1\" errors=\"2\" skipped=\"3\">\n"
    "  <testsuite name=\"ref.ref\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\">\n"
    "    <properties>\n"
    "      <property name=\"suite_version\" value=\"1.0.0\"/>\n"
    "      <property name=\"git_revision\" value=\"abc123\"/>\n"
    "      <property name=\"bundle_sha256\" value=\"b0\"/>\n"
    "      <property name=\"guest_sha256\" value=\"g0\"/>\n"
    "      <property name=\"hypervisor\" value=\"\"/>\n"
    "      <property name=\"adapter_version\" value=\"1.0\"/>\n"
    "      <property name=\"environment\" value=\"\"/>\n"
    "    </properties>\n"
    "    <testcase name=\"disc/info\" classname=\"ref.ref\" time=\"0.000020\"/>\n"
    "    <testcase name=\"mmu/remap\" classname=\"ref.ref\" time=\"0.001500\">\n"
    "      <failure message=\"step 3: read 0x1, expected 0x2\" type=\"FAIL\">step 3: read 0x1, expected 0x2</failure>\n"
    "    </testcase>\n"
    "    <testcase name=\"smp/ipi\" classname=\"ref.ref\" time=\"0.000000\">\n"
    "      <skipped message=\"not supported: needs SMP_IPI\"/>\n"
    "    </testcase>\n"
    "  </testsuite>\n"
    "  <testsuite name=\"tcg.native\" tests=\"4\" failures=\"0\" errors=\"2\" skipped=\"2\">\n"
    "    <properties>\n"
    "      <property name=\"suite_version\" value=\"1.0.0\"/>\n"
    "      <property name=\"git_revision\" value=\"abc123\"/>\n"
    "      <property name=\"bundle_sha256\" value=\"b0\"/>\n"
    "      <property name=\"guest_sha256\" value=\"g0\"/>\n"
    "      <property name=\"hypervisor\" value=\"\"/>\n"
    "      <property name=\"adapter_version\" value=\"1.0\"/>\n"
    "      <property name=\"environment\" value=\"\"/>\n"
    "    </properties>\n"
    "    <testcase name=\"disc/info\" classname=\"tcg.native\" time=\"3.000000\">\n"
    "      <error message=\"triple fault at step 2\" type=\"CRASH\">triple fault at step 2</error>\n"
    "    </testcase>\n"
    "    <testcase name=\"mmu/remap\" classname=\"tcg.native\" time=\"0.000000\">\n"
    "      <skipped message=\"needs 4 CPUs\"/>\n"
    "    </testcase>\n"
    "    <testcase name=\"smp/ipi\" classname=\"tcg.native\" time=\"0.000005\">\n"
    "      <skipped message=\"waived: issue 12 [FAIL: no IPI]\"/>\n"
    "    </testcase>\n"
    "    <testcase name=\"time/tsc\" classname=\"tcg.native\" time=\"0.000001\">\n"
    "      <error message=\"the guest made no progress before the watchdog fired\" type=\"TIMEOUT\"></error>\n"
    "    </testcase>\n"
    "  </testsuite>\n"
    "</testsuites>\n"
    ;

static void junit_writes_golden_text(void)
{
    struct vmi_report r;
    char *text;

    fixture_wide(&r);
    text = fixture_capture(vmi_report_write_junit, &r);
    VMI_ASSERT_STR(text, golden_junit);
    free(text);
    vmi_report_free(&r);
}

/* Markup escaped, the control byte dropped (XML 1.0 cannot hold it, even as
 * a reference), the invalid byte replaced, newline and TAB kept as
 * references inside attributes so they survive attribute normalisation. */
#define HOSTILE_ATTR "q&quot;&lt;script&gt;&amp;&#39;&#9;\xef\xbf\xbd\xc3\xa9#\\&#10;x"
#define HOSTILE_TEXT "q&quot;&lt;script&gt;&amp;&#39;\t\xef\xbf\xbd\xc3\xa9#\\\nx"

static void junit_escapes_hostile_strings(void)
{
    struct vmi_report r;
    char *text;

    fixture_hostile(&r);
    text = fixture_capture(vmi_report_write_junit, &r);
    CU_ASSERT(fixture_clean_text(text));
    CU_ASSERT_PTR_NULL(strstr(text, "<script"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "  <testsuite name=\"" HOSTILE_ATTR ".a\" tests=\"3\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(
        text, "    <testcase name=\"" HOSTILE_ATTR "\" classname=\"" HOSTILE_ATTR
              ".a\" time=\"0.000000\">\n      <failure message=\"" HOSTILE_ATTR
              "\" type=\"FAIL\">" HOSTILE_TEXT "</failure>\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "<skipped message=\"" HOSTILE_ATTR "\"/>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "<skipped message=\"waived: " HOSTILE_ATTR "\"/>"));
    free(text);
    vmi_report_free(&r);
}

static void junit_empty_report_is_one_empty_suite_list(void)
{
    struct vmi_report r;
    char *text;

    vmi_report_init(&r);
    text = fixture_capture(vmi_report_write_junit, &r);
    VMI_ASSERT_STR(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<testsuites name=\"vmi-conform\" tests=\"0\" failures=\"0\" "
                         "errors=\"0\" skipped=\"0\">\n</testsuites>\n");
    free(text);
}

static const struct vmi_test_case cases[] = {
    {"junit_writes_golden_text", junit_writes_golden_text},
    {"junit_escapes_hostile_strings", junit_escapes_hostile_strings},
    {"junit_empty_report_is_one_empty_suite_list", junit_empty_report_is_one_empty_suite_list},
};

VMI_TEST_MAIN("junit", cases)
