/* report.tap: the exact TAP 13 text for a small report, and hostile strings kept on one line. */
#include "test_report_fixture.h"

static const char golden_tap[] =
    "TAP version 13\n"
    "1..7\n"
    "ok 1 - ref/ref disc/info\n"
    "not ok 2 - tcg/native disc/info\n"
    "  ---\n"
    "  status: CRASH\n"
    "  requirements: [\"VMI-DISC-001\"]\n"
    "  detail: \"triple fault at step 2\"\n"
    "  ...\n"
    "not ok 3 - ref/ref mmu/remap\n"
    "  ---\n"
    "  status: FAIL\n"
    "  requirements: [\"VMI-MMU-001\", \"VMI-TLB-002\"]\n"
    "  detail: \"step 3: read 0x1, expected 0x2\"\n"
    "  ...\n"
    "ok 4 - tcg/native mmu/remap # SKIP needs 4 CPUs\n"
    "ok 5 - ref/ref smp/ipi # SKIP not supported: needs SMP_IPI\n"
    "not ok 6 - tcg/native smp/ipi # TODO waived: issue 12 [FAIL: no IPI]\n"
    "not ok 7 - tcg/native time/tsc\n"
    "  ---\n"
    "  status: TIMEOUT\n"
    "  requirements: [\"VMI-TIME-001\"]\n"
    "  detail: \"\"\n"
    "  ...\n"
    ;

static void tap_writes_golden_text(void)
{
    struct vmi_report r;
    char *text;

    fixture_wide(&r);
    text = fixture_capture(vmi_report_write_tap, &r);
    VMI_ASSERT_STR(text, golden_tap);
    free(text);
    vmi_report_free(&r);
}

/* On a test line: controls become spaces (a newline would end the line),
 * '#' and '\' are escaped (a bare '#' would start a directive). */
#define HOSTILE_LINE "q\"<script>&'  \xef\xbf\xbd\xc3\xa9\\#\\\\ x"
/* In YAML: a double-quoted scalar with escapes. */
#define HOSTILE_YAML "\"q\\\"<script>&'\\u0001\\u0009\\ufffd\xc3\xa9#\\\\\\u000ax\""

static void tap_escapes_hostile_strings(void)
{
    struct vmi_report r;
    char *text;

    fixture_hostile(&r);
    text = fixture_capture(vmi_report_write_tap, &r);
    CU_ASSERT(fixture_clean_text(text));
    VMI_ASSERT_STR(text, "TAP version 13\n1..3\n"
                         "not ok 1 - " HOSTILE_LINE "/a " HOSTILE_LINE "\n"
                         "  ---\n  status: FAIL\n  requirements: [" HOSTILE_YAML "]\n"
                         "  detail: " HOSTILE_YAML "\n  ...\n"
                         "ok 2 - " HOSTILE_LINE "/a s # SKIP " HOSTILE_LINE "\n"
                         "not ok 3 - " HOSTILE_LINE "/a w # TODO waived: " HOSTILE_LINE "\n");
    free(text);
    vmi_report_free(&r);
}

static void tap_empty_report_has_an_empty_plan(void)
{
    struct vmi_report r;
    char *text;

    vmi_report_init(&r);
    text = fixture_capture(vmi_report_write_tap, &r);
    VMI_ASSERT_STR(text, "TAP version 13\n1..0\n");
    free(text);
}

static const struct vmi_test_case cases[] = {
    {"tap_writes_golden_text", tap_writes_golden_text},
    {"tap_escapes_hostile_strings", tap_escapes_hostile_strings},
    {"tap_empty_report_has_an_empty_plan", tap_empty_report_has_an_empty_plan},
};

VMI_TEST_MAIN("tap", cases)
