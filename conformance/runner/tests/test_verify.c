/* vmi_verify, mustpass lists and waivers: what certifies, and every way a report does not. */
#include "test_report_fixture.h"
#include <unistd.h>
#include "vmi-conform/verify.h"

/* Runs vmi_verify and returns its messages; *problems gets its result. */
static char *verify_msgs(const struct vmi_report *r, const struct vmi_verify_opts *o,
                         int *problems)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    *problems = vmi_verify(r, o, fp);
    fclose(fp);
    return buf;
}

static void expect_verify(const struct vmi_report *r, const struct vmi_verify_opts *o,
                          int want_problems, const char *want_msgs)
{
    int problems;
    char *msgs = verify_msgs(r, o, &problems);

    VMI_ASSERT_EQ(problems, want_problems);
    VMI_ASSERT_STR(msgs, want_msgs);
    free(msgs);
}

/* PASS, NOT_SUPPORTED with a reason and WAIVED with a reason certify. */
static void certifying(struct vmi_report *r)
{
    vmi_report_init(r);
    fixture_header(r);
    fixture_env(r, "ref", "ref");
    fixture_result(r, "a", "ref", "ref", VMI_RESULT_PASS, NULL, "", 1);
    fixture_result(r, "b", "ref", "ref", VMI_RESULT_NOT_SUPPORTED, NULL, "needs SMP_IPI", 1);
    fixture_result(r, "c", "ref", "ref", VMI_RESULT_WAIVED, NULL, "issue 3 [FAIL]", 1);
}

static void verify_accepts_allowed_statuses(void)
{
    struct vmi_report r;

    certifying(&r);
    expect_verify(&r, NULL, 0, "");
    vmi_report_free(&r);
}

static void verify_refuses_disallowed_statuses(void)
{
    struct vmi_verify_opts o = {0};
    struct vmi_report r;

    certifying(&r);
    fixture_result(&r, "d", "ref", "ref", VMI_RESULT_SKIP, NULL, "needs 4 CPUs", 1);
    fixture_result(&r, "e", "ref", "ref", VMI_RESULT_ERROR, NULL, "harness", 1);
    expect_verify(&r, NULL, 2,
                  "error: d ref/ref: status SKIP is not allowed for certification\n"
                  "error: e ref/ref: status ERROR is not allowed for certification\n");
    o.allow_skip = 1;
    expect_verify(&r, &o, 1, "error: e ref/ref: status ERROR is not allowed for certification\n");
    vmi_report_free(&r);
}

static void verify_requires_reasons(void)
{
    struct vmi_report r;

    certifying(&r);
    fixture_result(&r, "d", "ref", "ref", VMI_RESULT_NOT_SUPPORTED, NULL, "", 1);
    fixture_result(&r, "e", "ref", "ref", VMI_RESULT_WAIVED, NULL, "", 1);
    expect_verify(&r, NULL, 2,
                  "error: d ref/ref: NOT_SUPPORTED without a reason in its detail\n"
                  "error: e ref/ref: WAIVED without a reason in its detail\n");
    vmi_report_free(&r);
}

static void verify_refuses_duplicates_and_unknown_environments(void)
{
    struct vmi_report r;

    certifying(&r);
    fixture_result(&r, "a", "ref", "ref", VMI_RESULT_PASS, NULL, "", 2);
    fixture_result(&r, "a", "tcg", "ref", VMI_RESULT_PASS, NULL, "", 2);
    expect_verify(&r, NULL, 2,
                  "error: a tcg/ref: its environment and adapter are not among the report's "
                  "environments\n"
                  "error: a ref/ref: 2 results; certification wants exactly one\n");
    vmi_report_free(&r);
}

static void verify_refuses_an_empty_report(void)
{
    struct vmi_report r;

    vmi_report_init(&r);
    expect_verify(&r, NULL, 1, "error: the report holds no results\n");
}

static void verify_checks_expected_hashes(void)
{
    struct vmi_verify_opts o = {0};
    struct vmi_report r;

    certifying(&r);
    o.bundle_sha256 = "b0";
    o.guest_sha256 = "g1";
    expect_verify(&r, &o, 1, "error: guest_sha256 is \"g0\", expected \"g1\"\n");
    vmi_report_free(&r);
}

/* Every mustpass trace needs a result in every (env, adapter) of the
 * report, including one that is only described. */
static void verify_mustpass_finds_missing_traces(void)
{
    static const char list[] = "# core\na\n  b   # needs SMP\n\nc\r\nz\n";
    struct vmi_verify_opts o = {0};
    struct vmi_mustpass m;
    struct vmi_report r;

    certifying(&r);
    fixture_env(&r, "tcg", "native");
    fixture_result(&r, "a", "tcg", "native", VMI_RESULT_PASS, NULL, "", 1);
    CU_ASSERT_EQUAL_FATAL(vmi_mustpass_parse(&m, "m.txt", list, sizeof(list) - 1, NULL), 0);
    VMI_ASSERT_EQ(m.count, 4);
    o.mustpass = &m;
    expect_verify(&r, &o, 4,
                  "error: mustpass trace b has no result in tcg/native\n"
                  "error: mustpass trace c has no result in tcg/native\n"
                  "error: mustpass trace z has no result in ref/ref\n"
                  "error: mustpass trace z has no result in tcg/native\n");
    vmi_mustpass_free(&m);
    vmi_report_free(&r);
}

static void mustpass_refuses_malformed_lines(void)
{
    static const char list[] = "a\nb c\na\nd\x01\n";
    struct vmi_mustpass m;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    VMI_ASSERT_EQ(vmi_mustpass_parse(&m, "m.txt", list, sizeof(list) - 1, fp), 3);
    fclose(fp);
    VMI_ASSERT_STR(buf, "m.txt:2:3: error: expected one trace name per line\n"
                        "m.txt:3:1: error: a is listed twice\n"
                        "m.txt:4:2: error: control byte 0x01 in the mustpass list\n");
    free(buf);
    vmi_mustpass_free(&m);
}

static char *waivers_msgs(struct vmi_waivers *w, const char *text, int *problems)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    *problems = vmi_waivers_parse(w, "w.txt", text, strlen(text), fp);
    fclose(fp);
    return buf;
}

/* A waiver must name trace, env and adapter and say why, or the whole
 * file is malformed; each bad line is reported where it goes wrong. */
static void waivers_refuse_malformed_lines(void)
{
    static const char text[] = "# waivers of the native adapter\n"
                               "waive mmu/remap tcg native\n"
                               "waive mmu/remap tcg   \n"
                               "waiver a b c d\n"
                               "waive a b c see issue #12\n"
                               "waive a b c again\n"
                               "\twaive x y z \x02\n";
    struct vmi_waivers w;
    int problems;
    char *msgs = waivers_msgs(&w, text, &problems);

    VMI_ASSERT_EQ(problems, 5);
    VMI_ASSERT_STR(msgs,
                   "w.txt:2:27: error: expected a reason (a waiver must say why it is granted)\n"
                   "w.txt:3:23: error: expected an adapter name (a waiver names trace, env and "
                   "adapter)\n"
                   "w.txt:4:1: error: expected 'waive'\n"
                   "w.txt:6:7: error: a second waiver for a b c (the first is on line 5)\n"
                   "w.txt:7:14: error: control byte in the waivers file\n");
    VMI_ASSERT_EQ(w.count, 1);
    VMI_ASSERT_STR(w.items[0].reason, "see issue #12");
    free(msgs);
    vmi_waivers_free(&w);
}

static void waivers_apply_turns_covered_failures_into_waived(void)
{
    struct vmi_verify_opts o = {0};
    struct vmi_waivers w;
    struct vmi_report r;
    int problems;
    char *msgs;

    fixture_small(&r);
    msgs = waivers_msgs(&w, "waive mmu/remap ref ref issue 7: stale TLB on TCG\n", &problems);
    VMI_ASSERT_EQ(problems, 0);
    free(msgs);
    o.waivers = &w;
    /* verify sees the FAIL as WAIVED without changing the report... */
    expect_verify(&r, &o, 0,
                  "note: mmu/remap ref/ref: FAIL waived by w.txt:1: issue 7: stale TLB on TCG\n");
    VMI_ASSERT_EQ(r.results[1].status, VMI_RESULT_FAIL);
    /* ...and apply rewrites it, keeping what failed. */
    VMI_ASSERT_EQ(vmi_waivers_apply(&r, &w), 1);
    VMI_ASSERT_EQ(r.results[1].status, VMI_RESULT_WAIVED);
    VMI_ASSERT_STR(r.results[1].detail,
                   "issue 7: stale TLB on TCG [FAIL: step 3: read 0x1, expected 0x2]");
    expect_verify(&r, &o, 0, "");
    VMI_ASSERT_EQ(vmi_waivers_apply(&r, &w), 0);
    vmi_waivers_free(&w);
    vmi_report_free(&r);
}

static const struct vmi_result *result_of(const struct vmi_report *r, const char *trace)
{
    size_t i;

    for (i = 0; i < r->result_count; i++)
        if (strcmp(r->results[i].trace, trace) == 0)
            return &r->results[i];
    CU_FAIL_FATAL("no such result");
    return NULL;
}

/* An environment's hang or crash can be waived like a FAIL; a harness
 * ERROR and a SKIP cannot: no waiver makes the suite's own faults certify. */
static void waivers_cover_timeout_and_crash_never_error(void)
{
    static const char text[] = "waive t ref ref QEMU 7.2 loops on the write\n"
                               "waive c ref ref QEMU 7.2 resets\n"
                               "waive e ref ref harness broke\n";
    struct vmi_verify_opts o = {0};
    struct vmi_waivers w;
    struct vmi_report r;
    int problems;
    char *msgs;

    vmi_report_init(&r);
    fixture_header(&r);
    fixture_env(&r, "ref", "ref");
    fixture_result(&r, "t", "ref", "ref", VMI_RESULT_TIMEOUT, NULL, "no record for 10 s", 1);
    fixture_result(&r, "c", "ref", "ref", VMI_RESULT_CRASH, NULL, "", 1);
    fixture_result(&r, "e", "ref", "ref", VMI_RESULT_ERROR, NULL, "harness", 1);
    msgs = waivers_msgs(&w, text, &problems);
    VMI_ASSERT_EQ(problems, 0);
    free(msgs);
    o.waivers = &w;
    expect_verify(&r, &o, 1,
                  "note: c ref/ref: CRASH waived by w.txt:2: QEMU 7.2 resets\n"
                  "error: e ref/ref: status ERROR is not allowed for certification\n"
                  "note: t ref/ref: TIMEOUT waived by w.txt:1: QEMU 7.2 loops on the write\n"
                  "warning: w.txt:3: unused waiver: no failed result of e ref/ref\n");
    VMI_ASSERT_EQ(vmi_waivers_apply(&r, &w), 2);
    VMI_ASSERT_STR(result_of(&r, "t")->detail,
                   "QEMU 7.2 loops on the write [TIMEOUT: no record for 10 s]");
    VMI_ASSERT_STR(result_of(&r, "c")->detail, "QEMU 7.2 resets [CRASH]");
    VMI_ASSERT_EQ(result_of(&r, "e")->status, VMI_RESULT_ERROR);
    vmi_waivers_free(&w);
    vmi_report_free(&r);
}

/* A waiver that covers no failure is a warning, not a problem; a WAIVED
 * result that no waiver of the given file covers is a problem. */
static void waivers_unused_warn_and_uncovered_waived_fail(void)
{
    struct vmi_verify_opts o = {0};
    struct vmi_waivers w;
    struct vmi_report r;
    int problems;
    char *msgs;

    certifying(&r);
    msgs = waivers_msgs(&w, "waive a ref ref fixed since\nwaive gone ref ref old\n", &problems);
    free(msgs);
    o.waivers = &w;
    expect_verify(&r, &o, 1,
                  "error: c ref/ref: WAIVED, but no waiver in the waivers file covers it\n"
                  "warning: w.txt:1: unused waiver: no failed result of a ref/ref\n"
                  "warning: w.txt:2: unused waiver: no failed result of gone ref/ref\n");
    vmi_waivers_free(&w);
    vmi_report_free(&r);
}

static char *temp_file(const char *text)
{
    char *path = strdup("/tmp/vmi-verify-XXXXXX");
    int fd = mkstemp(path);

    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void verify_loads_list_files(void)
{
    struct vmi_verify_opts o = {0};
    struct vmi_report r;
    char *mp = temp_file("a\nb\nc\n"), *wv = temp_file("waive a ref ref\n");
    char want[512];
    int problems;
    char *msgs;

    certifying(&r);
    o.mustpass_file = mp;
    o.waivers_file = wv;
    msgs = verify_msgs(&r, &o, &problems);
    snprintf(want, sizeof(want),
             "%s:1:16: error: expected a reason (a waiver must say why it is granted)\n"
             "error: c ref/ref: WAIVED, but no waiver in the waivers file covers it\n", wv);
    VMI_ASSERT_EQ(problems, 2);
    VMI_ASSERT_STR(msgs, want);
    free(msgs);
    unlink(wv);
    msgs = verify_msgs(&r, &o, &problems);
    VMI_ASSERT_EQ(problems, 2); /* the unreadable file, and c's waiver it held */
    CU_ASSERT_PTR_NOT_NULL(strstr(msgs, ": error: cannot read the waivers file: "));
    free(msgs);
    unlink(mp);
    free(mp);
    free(wv);
    vmi_report_free(&r);
}

static const struct vmi_test_case cases[] = {
    {"verify_accepts_allowed_statuses", verify_accepts_allowed_statuses},
    {"verify_refuses_disallowed_statuses", verify_refuses_disallowed_statuses},
    {"verify_requires_reasons", verify_requires_reasons},
    {"verify_refuses_duplicates_and_unknown_environments",
     verify_refuses_duplicates_and_unknown_environments},
    {"verify_refuses_an_empty_report", verify_refuses_an_empty_report},
    {"verify_checks_expected_hashes", verify_checks_expected_hashes},
    {"verify_mustpass_finds_missing_traces", verify_mustpass_finds_missing_traces},
    {"mustpass_refuses_malformed_lines", mustpass_refuses_malformed_lines},
    {"waivers_refuse_malformed_lines", waivers_refuse_malformed_lines},
    {"waivers_apply_turns_covered_failures_into_waived",
     waivers_apply_turns_covered_failures_into_waived},
    {"waivers_cover_timeout_and_crash_never_error", waivers_cover_timeout_and_crash_never_error},
    {"waivers_unused_warn_and_uncovered_waived_fail",
     waivers_unused_warn_and_uncovered_waived_fail},
    {"verify_loads_list_files", verify_loads_list_files},
};

VMI_TEST_MAIN("verify", cases)
