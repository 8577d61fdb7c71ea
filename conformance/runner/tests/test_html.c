/* report.html: the exact page for a small report, and HTML-escaping of hostile strings. */
#include "test_report_fixture.h"

static const char golden_html[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<title>VMI conformance report</title>\n"
    "<style>\n"
    "body{font-family:sans-serif;margin:1.5em}\n"
    "table{border-collapse:collapse;margin:0.5em 0}\n"
    "th,td{border:1px solid #999;padding:2px 6px;text-align:left;vertical-align:top}\n"
    "pre{white-space:pre-wrap;margin:0}\n"
    ".st-PASS{background:#c6efce}\n"
    ".st-NOT_SUPPORTED{background:#dde4ee}\n"
    ".st-WAIVED{background:#fff2b3}\n"
    ".st-SKIP{background:#e8e8e8}\n"
    ".st-FAIL{background:#ffc7ce}\n"
    ".st-TIMEOUT{background:#f8cbad}\n"
    ".st-CRASH{background:#f4a6a6}\n"
    ".st-ERROR{background:#d9b3ff}\n"
    "</style>\n"
    "</head>\n"
    "<body>\n"
    "<h1>VMI conformance report</h1>\n"
    "<table>\n"
    "<tr><th>suite_version</th><td>1.0.0</td></tr>\n"
    "<tr><th>git_revision</th><td>abc123</td></tr>\n"
    "<tr><th>bundle_sha256</th><td>b0</td></tr>\n"
    "<tr><th>guest_sha256</th><td>g0</td></tr>\n"
    "<tr><th>command_line</th><td>vmi-conform run</td></tr>\n"
    "<tr><th>started</th><td>2026-01-02T03:04:05Z</td></tr>\n"
    "</table>\n"
    "<h2>Environments</h2>\n"
    "<table>\n"
    "<tr><th>name</th><th>hypervisor</th><th>adapter</th><th>adapter_version</th><th>features</th><th>detail</th></tr>\n"
    "<tr><td>ref</td><td></td><td>ref</td><td>1.0</td><td>MMU_PTE</td><td></td></tr>\n"
    "</table>\n"
    "<h2>Summary</h2>\n"
    "<table>\n"
    "<tr><th class=\"st-PASS\">PASS</th><td>1</td></tr>\n"
    "<tr><th class=\"st-NOT_SUPPORTED\">NOT_SUPPORTED</th><td>1</td></tr>\n"
    "<tr><th class=\"st-WAIVED\">WAIVED</th><td>0</td></tr>\n"
    "<tr><th class=\"st-SKIP\">SKIP</th><td>0</td></tr>\n"
    "<tr><th class=\"st-FAIL\">FAIL</th><td>1</td></tr>\n"
    "<tr><th class=\"st-TIMEOUT\">TIMEOUT</th><td>0</td></tr>\n"
    "<tr><th class=\"st-CRASH\">CRASH</th><td>0</td></tr>\n"
    "<tr><th class=\"st-ERROR\">ERROR</th><td>0</td></tr>\n"
    "<tr><th>total</th><td>3</td></tr>\n"
    "</table>\n"
    "<h2>Results</h2>\n"
    "<table>\n"
    "<tr><th>trace</th><th>ref/ref</th></tr>\n"
    "<tr><th>disc/info</th><td><span class=\"st-PASS\">PASS</span></td></tr>\n"
    "<tr><th>mmu/remap</th><td><span class=\"st-FAIL\">FAIL</span></td></tr>\n"
    "<tr><th>smp/ipi</th><td><span class=\"st-NOT_SUPPORTED\">NOT_SUPPORTED</span></td></tr>\n"
    "</table>\n"
    "<h2>Requirement coverage</h2>\n"
    "<table>\n"
    "<tr><th>requirement</th><th>trace</th><th>statuses</th></tr>\n"
    "<tr><td>VMI-DISC-001</td><td>disc/info</td><td><span class=\"st-PASS\">ref/ref PASS</span></td></tr>\n"
    "<tr><td>VMI-MMU-001</td><td>mmu/remap</td><td><span class=\"st-FAIL\">ref/ref FAIL</span></td></tr>\n"
    "<tr><td>VMI-SMP-004</td><td>smp/ipi</td><td><span class=\"st-NOT_SUPPORTED\">ref/ref NOT_SUPPORTED</span></td></tr>\n"
    "<tr><td>VMI-TLB-002</td><td>mmu/remap</td><td><span class=\"st-FAIL\">ref/ref FAIL</span></td></tr>\n"
    "</table>\n"
    "<h2>Details</h2>\n"
    "<table>\n"
    "<tr><th>trace</th><th>env/adapter</th><th>status</th><th>detail</th></tr>\n"
    "<tr><td>mmu/remap</td><td>ref/ref</td><td><span class=\"st-FAIL\">FAIL</span></td><td><pre>step 3: read 0x1, expected 0x2</pre></td></tr>\n"
    "<tr><td>smp/ipi</td><td>ref/ref</td><td><span class=\"st-NOT_SUPPORTED\">NOT_SUPPORTED</span></td><td><pre>needs SMP_IPI</pre></td></tr>\n"
    "</table>\n"
    "</body>\n"
    "</html>\n"
    ;

static void html_writes_golden_page(void)
{
    struct vmi_report r;
    char *text;

    fixture_small(&r);
    text = fixture_capture(vmi_report_write_html, &r);
    VMI_ASSERT_STR(text, golden_html);
    free(text);
    vmi_report_free(&r);
}

#define HOSTILE_HTML "q&quot;&lt;script&gt;&amp;&#39;\t\xef\xbf\xbd\xc3\xa9#\\\nx"

static void html_escapes_hostile_strings(void)
{
    struct vmi_report r;
    char *text;

    fixture_hostile(&r);
    text = fixture_capture(vmi_report_write_html, &r);
    CU_ASSERT(fixture_clean_text(text));
    CU_ASSERT_PTR_NULL(strstr(text, "<script"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "<tr><th>trace</th><th>" HOSTILE_HTML "/a</th></tr>\n"
                                        "<tr><th>" HOSTILE_HTML "</th><td><span "));
    CU_ASSERT_PTR_NOT_NULL(strstr(
        text, "<tr><td>" HOSTILE_HTML "</td><td>" HOSTILE_HTML "</td><td><span class=\"st-FAIL\">"
              HOSTILE_HTML "/a FAIL</span></td></tr>\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(
        text, "<td><span class=\"st-WAIVED\">WAIVED</span></td><td><pre>" HOSTILE_HTML
              "</pre></td></tr>\n"));
    free(text);
    vmi_report_free(&r);
}

/* A trace that did not run in an environment shows a dash, not a blank
 * that could pass for PASS; two environments give two columns. */
static void html_matrix_marks_missing_results(void)
{
    struct vmi_report r;
    char *text;

    fixture_wide(&r);
    text = fixture_capture(vmi_report_write_html, &r);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "<tr><th>trace</th><th>ref/ref</th><th>tcg/native</th>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(
        text, "<tr><th>time/tsc</th><td>&#8212;</td><td><span class=\"st-TIMEOUT\">TIMEOUT"));
    CU_ASSERT_PTR_NOT_NULL(strstr(
        text, "<tr><td>VMI-SMP-004</td><td>smp/ipi</td><td><span class=\"st-NOT_SUPPORTED\">"
              "ref/ref NOT_SUPPORTED</span> <span class=\"st-WAIVED\">tcg/native WAIVED</span>"));
    free(text);
    vmi_report_free(&r);
}

/* VMI-DISC-010 in the page: each hypervisor-served feature shows its
 * mechanism, the rest stay bare, and the hypervisor's bits follow. */
static void html_features_show_mechanisms(void)
{
    struct vmi_report r;
    struct vmi_report_env e = {"kvm-nested", "KVMKVMKVM", "kvm", "1.0",
                               "CPU_CR TIME_MONOTONIC TIME_STEAL", "",
                               "TIME_MONOTONIC=kvmclock TIME_STEAL=steal-time APIC_EOI=<x>",
                               "0x28"};
    char *text;

    fixture_small(&r);
    CU_ASSERT_EQUAL_FATAL(vmi_report_add_env(&r, &e), 0);
    text = fixture_capture(vmi_report_write_html, &r);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "<td>CPU_CR TIME_MONOTONIC (kvmclock) "
                                        "TIME_STEAL (steal-time); hypervisor features 0x28</td>"));
    CU_ASSERT_PTR_NULL(strstr(text, "<x>"));
    /* An environment that reported nothing keeps the bare list. */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "<td>1.0</td><td>MMU_PTE</td>"));
    free(text);
    vmi_report_free(&r);
}

static const struct vmi_test_case cases[] = {
    {"html_writes_golden_page", html_writes_golden_page},
    {"html_escapes_hostile_strings", html_escapes_hostile_strings},
    {"html_matrix_marks_missing_results", html_matrix_marks_missing_results},
    {"html_features_show_mechanisms", html_features_show_mechanisms},
};

VMI_TEST_MAIN("html", cases)
