/* report.json: the exact canonical text, escaping, the round trip, and the reader's errors. */
#include "test_report_fixture.h"
#include "vmi-conform/json.h"

static const char golden_json[] =
    "{\n"
    "  \"format\": \"vmi-conform-report\",\n"
    "  \"format_version\": 1,\n"
    "  \"suite_version\": \"1.0.0\",\n"
    "  \"git_revision\": \"abc123\",\n"
    "  \"bundle_sha256\": \"b0\",\n"
    "  \"guest_sha256\": \"g0\",\n"
    "  \"command_line\": \"vmi-conform run\",\n"
    "  \"started\": \"2026-01-02T03:04:05Z\",\n"
    "  \"environments\": [\n"
    "    {\n"
    "      \"name\": \"ref\",\n"
    "      \"hypervisor\": \"\",\n"
    "      \"adapter\": \"ref\",\n"
    "      \"adapter_version\": \"1.0\",\n"
    "      \"features\": \"MMU_PTE\",\n"
    "      \"detail\": \"\"\n"
    "    }\n"
    "  ],\n"
    "  \"summary\": {\n"
    "    \"PASS\": 1,\n"
    "    \"NOT_SUPPORTED\": 1,\n"
    "    \"WAIVED\": 0,\n"
    "    \"SKIP\": 0,\n"
    "    \"FAIL\": 1,\n"
    "    \"TIMEOUT\": 0,\n"
    "    \"CRASH\": 0,\n"
    "    \"ERROR\": 0\n"
    "  },\n"
    "  \"results\": [\n"
    "    {\n"
    "      \"trace\": \"disc/info\",\n"
    "      \"env\": \"ref\",\n"
    "      \"adapter\": \"ref\",\n"
    "      \"status\": \"PASS\",\n"
    "      \"requirements\": [\"VMI-DISC-001\"],\n"
    "      \"detail\": \"\",\n"
    "      \"duration_us\": 20\n"
    "    },\n"
    "    {\n"
    "      \"trace\": \"mmu/remap\",\n"
    "      \"env\": \"ref\",\n"
    "      \"adapter\": \"ref\",\n"
    "      \"status\": \"FAIL\",\n"
    "      \"requirements\": [\"VMI-MMU-001\", \"VMI-TLB-002\"],\n"
    "      \"detail\": \"step 3: read 0x1, expected 0x2\",\n"
    "      \"duration_us\": 1500\n"
    "    },\n"
    "    {\n"
    "      \"trace\": \"smp/ipi\",\n"
    "      \"env\": \"ref\",\n"
    "      \"adapter\": \"ref\",\n"
    "      \"status\": \"NOT_SUPPORTED\",\n"
    "      \"requirements\": [\"VMI-SMP-004\"],\n"
    "      \"detail\": \"needs SMP_IPI\",\n"
    "      \"duration_us\": 0\n"
    "    }\n"
    "  ]\n"
    "}\n"
    ;

static void json_writes_golden_text(void)
{
    struct vmi_report r;
    char *text;

    fixture_small(&r);
    text = fixture_capture(vmi_report_write_json, &r);
    VMI_ASSERT_STR(text, golden_json);
    free(text);
    vmi_report_free(&r);
}

/* U+REPLACEMENT CHARACTER in UTF-8. */
#define FFFD "\xef\xbf\xbd"

static char *json_string(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    vmi_json_write_string(fp, s);
    fclose(fp);
    return buf;
}

static void json_escapes_hostile_strings(void)
{
    char *s = json_string(FIXTURE_HOSTILE);

    /* Quote and backslash escaped, controls as \u00XX, é kept, the lone
     * continuation byte replaced, markup untouched (JSON needs no more). */
    VMI_ASSERT_STR(s, "\"q\\\"<script>&'\\u0001\\u0009" FFFD "\xc3\xa9#\\\\\\u000ax\"");
    free(s);
    s = json_string("\xed\xa0\x80|\xc0\xaf|\xf4\x90\x80\x80|\xe2\x82");
    /* A surrogate, an overlong '/', a value above U+10FFFF, a truncated sequence. */
    VMI_ASSERT_STR(s, "\"" FFFD FFFD FFFD "|" FFFD FFFD "|" FFFD FFFD FFFD FFFD "|" FFFD FFFD "\"");
    free(s);
}

/* write -> read -> write must give the same bytes, hostile strings included. */
static void json_round_trip_is_byte_identical(void)
{
    struct vmi_report r, back;
    struct vmi_report_env e = {FIXTURE_HOSTILE, FIXTURE_HOSTILE, "a\x7f", "", "",
                               "\xf0\x9f\x98\x80", FIXTURE_HOSTILE, "0x28"};
    char err[256], *a, *b;

    fixture_small(&r);
    CU_ASSERT_EQUAL_FATAL(vmi_report_add_env(&r, &e), 0);
    fixture_result(&r, FIXTURE_HOSTILE, FIXTURE_HOSTILE, "x", VMI_RESULT_CRASH, FIXTURE_HOSTILE,
                   FIXTURE_HOSTILE, UINT64_MAX);
    CU_ASSERT_EQUAL(vmi_report_set_string(&r.command_line, FIXTURE_HOSTILE), 0);
    a = fixture_capture(vmi_report_write_json, &r);
    if (vmi_report_read_json(&back, "a.json", a, strlen(a), err, sizeof(err)) != 0)
        fprintf(stderr, "%s\n", err);
    b = fixture_capture(vmi_report_write_json, &back);
    VMI_ASSERT_STR(b, a);
    VMI_ASSERT_EQ(back.results[2].duration_us, UINT64_MAX);
    free(a);
    free(b);
    vmi_report_free(&back);
    vmi_report_free(&r);
}

static void json_no_times_leaves_out_durations(void)
{
    struct vmi_report r, back;
    char *buf = NULL, err[256];
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    fixture_small(&r);
    CU_ASSERT_EQUAL(vmi_report_write_json_flags(&r, fp, VMI_REPORT_NO_TIMES), 0);
    fclose(fp);
    CU_ASSERT_PTR_NULL(strstr(buf, "duration_us"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"detail\": \"\"\n    }"));
    CU_ASSERT_EQUAL_FATAL(vmi_report_read_json(&back, "t.json", buf, len, err, sizeof(err)), 0);
    VMI_ASSERT_EQ(back.result_count, 3);
    VMI_ASSERT_EQ(back.results[1].duration_us, 0);
    free(buf);
    vmi_report_free(&back);
    vmi_report_free(&r);
}

static void json_unknown_keys_are_ignored(void)
{
    struct vmi_report r;
    char err[256];
    const char *doc =
        "{\"format\": \"vmi-conform-report\", \"format_version\": 1, \"x-new\": [1.5e3, {}],\n"
        " \"suite_version\": \"1\", \"git_revision\": \"g\", \"bundle_sha256\": \"b\",\n"
        " \"guest_sha256\": \"\", \"command_line\": \"c\", \"started\": \"s\",\n"
        " \"environments\": [], \"results\": [{\"trace\": \"t\", \"env\": \"e\",\n"
        " \"adapter\": \"a\", \"status\": \"SKIP\", \"requirements\": [], \"detail\": \"\",\n"
        " \"duration_us\": 0, \"extra\": null}], \"summary\": {\"PASS\": 0,\n"
        " \"NOT_SUPPORTED\": 0, \"WAIVED\": 0, \"SKIP\": 1, \"FAIL\": 0, \"TIMEOUT\": 0,\n"
        " \"CRASH\": 0, \"ERROR\": 0}}";

    if (vmi_report_read_json(&r, "u.json", doc, strlen(doc), err, sizeof(err)) != 0)
        fprintf(stderr, "%s\n", err);
    VMI_ASSERT_EQ(r.result_count, 1);
    VMI_ASSERT_EQ(r.results[0].status, VMI_RESULT_SKIP);
    vmi_report_free(&r);
}

/* A one-line report whose result object is `res` and summary is `sum`;
 * columns in the messages below count from this prefix. */
static char *doc_with(const char *head, const char *res, const char *sum)
{
    static const char *dflt_head =
        "\"format\": \"vmi-conform-report\", \"format_version\": 1, \"suite_version\": \"1\", "
        "\"git_revision\": \"g\", \"bundle_sha256\": \"b\", \"guest_sha256\": \"\", "
        "\"command_line\": \"c\", \"started\": \"s\", \"environments\": []";
    static const char *dflt_sum = "\"PASS\": 1, \"NOT_SUPPORTED\": 0, \"WAIVED\": 0, "
                                  "\"SKIP\": 0, \"FAIL\": 0, \"TIMEOUT\": 0, \"CRASH\": 0, "
                                  "\"ERROR\": 0";
    size_t n = 4096;
    char *d = malloc(n);

    snprintf(d, n, "{%s,\n\"results\": [\n%s\n],\n\"summary\": {%s}}\n", head ? head : dflt_head,
             res, sum ? sum : dflt_sum);
    return d;
}

#define RES_OK                                                                       \
    "{\"trace\": \"t\", \"env\": \"e\", \"adapter\": \"a\", \"status\": \"PASS\", " \
    "\"requirements\": [], \"detail\": \"\", \"duration_us\": 7}"

static void expect_error(const char *doc, size_t len, const char *want)
{
    struct vmi_report r;
    char err[256] = "";

    CU_ASSERT_EQUAL(vmi_report_read_json(&r, "r.json", doc, len, err, sizeof(err)), -1);
    VMI_ASSERT_STR(err, want);
    VMI_ASSERT_EQ(r.result_count, 0);
    vmi_report_free(&r);
}

static void expect_doc_error(const char *head, const char *res, const char *sum,
                             const char *want)
{
    char *d = doc_with(head, res, sum);

    expect_error(d, strlen(d), want);
    free(d);
}

static void json_reader_accepts_the_test_document(void)
{
    struct vmi_report r;
    char err[256] = "", *d = doc_with(NULL, RES_OK, NULL);

    if (vmi_report_read_json(&r, "r.json", d, strlen(d), err, sizeof(err)) != 0)
        fprintf(stderr, "%s\n", err);
    VMI_ASSERT_EQ(r.result_count, 1);
    vmi_report_free(&r);
    free(d);
}

/* Every proper prefix of a valid report is refused, with a position. */
static void json_reader_refuses_truncated_input(void)
{
    struct vmi_report r;
    char err[256];
    size_t len, bad = 0;

    for (len = 0; len + 1 < sizeof(golden_json) - 1; len++) {
        if (vmi_report_read_json(&r, "r.json", golden_json, len, err, sizeof(err)) == 0 ||
            strncmp(err, "r.json:", 7) != 0 || strstr(err, ": error: ") == NULL)
            bad++;
        vmi_report_free(&r);
    }
    VMI_ASSERT_EQ(bad, 0);
    expect_error(golden_json, 40, "r.json:3:5: error: unterminated string (opened at column 3)");
    expect_error(golden_json, 34, "r.json:2:33: error: expected ',' or '}', got end of input");
    expect_error("", 0, "r.json:1:1: error: expected a value, got end of input");
}

static void json_reader_refuses_wrong_types(void)
{
    expect_doc_error(NULL, "{\"trace\": 1}", NULL,
                     "r.json:3:11: error: expected a string for \"trace\", got a number");
    expect_doc_error(NULL, "[]", NULL,
                     "r.json:3:1: error: expected an object for a result, got an array");
    expect_doc_error("\"format\": \"vmi-conform-report\", \"format_version\": \"1\"", RES_OK,
                     NULL,
                     "r.json:1:52: error: expected a number for \"format_version\", got a "
                     "string");
    expect_error("[1]", 3, "r.json:1:1: error: expected an object at the top level, got an array");
    expect_doc_error(NULL,
                     "{\"trace\": \"t\", \"env\": \"e\", \"adapter\": \"a\", \"status\": \"PASS\", "
                     "\"requirements\": [7], \"detail\": \"\"}",
                     NULL, "r.json:3:79: error: expected a string for a requirement, got a number");
}

static void json_reader_refuses_unknown_statuses(void)
{
    expect_doc_error(NULL,
                     "{\"trace\": \"t\", \"env\": \"e\", \"adapter\": \"a\", \"status\": \"pass\", "
                     "\"requirements\": [], \"detail\": \"\"}",
                     NULL, "r.json:3:54: error: unknown status \"pass\"");
    expect_doc_error(NULL, RES_OK, "\"PASS\": 1, \"BROKEN\": 0",
                     "r.json:5:34: error: unknown status \"BROKEN\" in the summary");
    expect_doc_error(NULL, RES_OK, "\"PASS\": 1",
                     "r.json:5:12: error: missing key \"NOT_SUPPORTED\" in this object");
    expect_doc_error(NULL, RES_OK,
                     "\"PASS\": 0, \"NOT_SUPPORTED\": 0, \"WAIVED\": 0, \"SKIP\": 0, "
                     "\"FAIL\": 0, \"TIMEOUT\": 0, \"CRASH\": 0, \"ERROR\": 0",
                     "r.json:5:21: error: the summary counts 0 PASS results, the report holds 1");
}

static void json_reader_refuses_deep_nesting(void)
{
    char doc[256];
    struct vmi_json v;
    char err[256];

    memset(doc, '[', 32);
    memset(doc + 32, ']', 32);
    CU_ASSERT_EQUAL(vmi_json_parse(&v, "n.json", doc, 64, err, sizeof(err)), 0);
    vmi_json_free(&v);
    memset(doc, '[', 200);
    expect_error(doc, 200, "r.json:1:33: error: nesting deeper than 32");
}

static void json_reader_refuses_huge_and_odd_numbers(void)
{
    static const struct {
        const char *num, *want;
    } cases[] = {
        {"18446744073709551616", "r.json:3:127: error: \"duration_us\" 18446744073709551616 is out "
                                 "of range"},
        {"1e3",
         "r.json:3:127: error: expected a non-negative integer for \"duration_us\", got 1e3"},
        {"-1", "r.json:3:127: error: expected a non-negative integer for \"duration_us\", got -1"},
        {"1.", "r.json:3:129: error: expected a digit, got '}'"},
        {"01", "r.json:3:128: error: expected ',' or '}', got '1'"},
        {"11111111111111111111111111111111111111111111111111111111111111111",
         "r.json:3:127: error: number longer than 64 bytes"},
    };
    char res[256];
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(res, sizeof(res),
                 "{\"trace\": \"t\", \"env\": \"e\", \"adapter\": \"a\", \"status\": \"PASS\", "
                 "\"requirements\": [], \"detail\": \"\", \"x\": 0, \"y\": 0, \"duration_us\": %s}",
                 cases[i].num);
        expect_doc_error(NULL, res, NULL, cases[i].want);
    }
}

static void json_reader_refuses_other_formats(void)
{
    expect_doc_error("\"format\": \"junit\", \"format_version\": 1", RES_OK, NULL,
                     "r.json:1:12: error: unknown format \"junit\" (expected "
                     "\"vmi-conform-report\")");
    expect_doc_error("\"format\": \"vmi-conform-report\", \"format_version\": 2", RES_OK, NULL,
                     "r.json:1:52: error: format_version 2 is not one this reader knows (1)");
    expect_doc_error("\"format_version\": 1", RES_OK, NULL,
                     "r.json:1:1: error: missing key \"format\" in this object");
}

static void json_reader_refuses_missing_and_duplicate_keys(void)
{
    expect_doc_error(NULL,
                     "{\"trace\": \"t\", \"env\": \"e\", \"adapter\": \"a\", \"status\": \"PASS\", "
                     "\"requirements\": []}",
                     NULL, "r.json:3:1: error: missing key \"detail\" in this object");
    expect_doc_error(NULL,
                     "{\"trace\": \"t\", \"env\": \"e\", \"adapter\": \"a\", \"status\": \"PASS\", "
                     "\"requirements\": [], \"detail\": \"\", \"trace\": \"u\"}",
                     NULL, "r.json:3:105: error: duplicate key \"trace\"");
}

static void json_reader_refuses_bad_strings(void)
{
    static const struct {
        const char *doc, *want;
    } cases[] = {
        {"{\"a\": \"x\xff\"}", "r.json:1:9: error: invalid UTF-8 in a string"},
        {"{\"a\": \"x\ty\"}", "r.json:1:9: error: control byte 0x09 in a string (write it as "
                              "\\u0009)"},
        {"{\"a\": \"\\u0000\"}", "r.json:1:8: error: \\u0000 is not allowed in a string"},
        {"{\"a\": \"\\ud800x\"}", "r.json:1:8: error: unpaired surrogate \\ud800"},
        {"{\"a\": \"\\q\"}", "r.json:1:8: error: unknown escape '\\q'"},
        {"{\"a\": \"\\u12\"}", "r.json:1:8: error: expected four hex digits after \\u"},
        {"{\"a\": 1} x", "r.json:1:10: error: expected end of input, got 'x'"},
        {"{\"a\": tru}", "r.json:1:7: error: expected a value, got 't'"},
        {"{\"a\" 1}", "r.json:1:6: error: expected ':', got '1'"},
        {"{1: 2}", "r.json:1:2: error: expected a member name (a string), got '1'"},
        {"\n\n  [1,]", "r.json:3:6: error: expected a value, got ']'"},
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_error(cases[i].doc, strlen(cases[i].doc), cases[i].want);
}

static void json_reader_refuses_too_many_requirements(void)
{
    char res[1024];
    int n = snprintf(res, sizeof(res),
                     "{\"trace\": \"t\", \"env\": \"e\", \"adapter\": \"a\", \"status\": \"PASS\", "
                     "\"detail\": \"\", \"requirements\": [\"R\"");
    int i;

    for (i = 1; i < 33; i++)
        n += snprintf(res + n, sizeof(res) - (size_t)n, ", \"R\"");
    snprintf(res + n, sizeof(res) - (size_t)n, "]}");
    expect_doc_error(NULL, res, NULL, "r.json:3:92: error: more than 32 requirements");
}

/* Surrogate pairs decode to one character, which the writer emits raw. */
static void json_reader_joins_surrogate_pairs(void)
{
    struct vmi_json v;
    char err[256];
    const char *doc = "[\"\\ud83d\\ude00\\u00e9\\n\"]";

    CU_ASSERT_EQUAL_FATAL(vmi_json_parse(&v, "s.json", doc, strlen(doc), err, sizeof(err)), 0);
    VMI_ASSERT_STR(v.items[0].text, "\xf0\x9f\x98\x80\xc3\xa9\n");
    vmi_json_free(&v);
}

static const struct vmi_test_case cases[] = {
    {"json_writes_golden_text", json_writes_golden_text},
    {"json_escapes_hostile_strings", json_escapes_hostile_strings},
    {"json_round_trip_is_byte_identical", json_round_trip_is_byte_identical},
    {"json_no_times_leaves_out_durations", json_no_times_leaves_out_durations},
    {"json_unknown_keys_are_ignored", json_unknown_keys_are_ignored},
    {"json_reader_accepts_the_test_document", json_reader_accepts_the_test_document},
    {"json_reader_refuses_truncated_input", json_reader_refuses_truncated_input},
    {"json_reader_refuses_wrong_types", json_reader_refuses_wrong_types},
    {"json_reader_refuses_unknown_statuses", json_reader_refuses_unknown_statuses},
    {"json_reader_refuses_deep_nesting", json_reader_refuses_deep_nesting},
    {"json_reader_refuses_huge_and_odd_numbers", json_reader_refuses_huge_and_odd_numbers},
    {"json_reader_refuses_other_formats", json_reader_refuses_other_formats},
    {"json_reader_refuses_missing_and_duplicate_keys",
     json_reader_refuses_missing_and_duplicate_keys},
    {"json_reader_refuses_bad_strings", json_reader_refuses_bad_strings},
    {"json_reader_refuses_too_many_requirements", json_reader_refuses_too_many_requirements},
    {"json_reader_joins_surrogate_pairs", json_reader_joins_surrogate_pairs},
};

VMI_TEST_MAIN("json", cases)
