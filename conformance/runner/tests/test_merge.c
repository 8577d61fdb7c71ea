/* vmi_report_merge: shards of one run become one sorted report; shards of different runs do not. */
#include "test_report_fixture.h"
#include "vmi-conform/verify.h"

static char *merge_msgs(struct vmi_report *out, const struct vmi_report *const *in, size_t n,
                        int *problems)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    *problems = vmi_report_merge(out, in, n, fp);
    fclose(fp);
    return buf;
}

/* Shard 1 has ref/ref; shard 2 has ref/ref again plus tcg/native. */
static void two_shards(struct vmi_report *a, struct vmi_report *b)
{
    vmi_report_init(a);
    fixture_header(a);
    fixture_env(a, "ref", "ref");
    fixture_result(a, "b", "ref", "ref", VMI_RESULT_PASS, NULL, "", 1);
    vmi_report_init(b);
    fixture_header(b);
    CU_ASSERT_EQUAL(vmi_report_set_string(&b->started, "2026-01-01T00:00:00Z"), 0);
    CU_ASSERT_EQUAL(vmi_report_set_string(&b->command_line, "shard 2"), 0);
    fixture_env(b, "tcg", "native");
    fixture_env(b, "ref", "ref");
    fixture_result(b, "a", "ref", "ref", VMI_RESULT_FAIL, NULL, "x", 1);
    fixture_result(b, "a", "tcg", "native", VMI_RESULT_PASS, NULL, "", 1);
}

static void merge_unites_shards(void)
{
    struct vmi_report a, b, m;
    const struct vmi_report *in[2] = {&a, &b};
    int problems;
    char *msgs;

    two_shards(&a, &b);
    msgs = merge_msgs(&m, in, 2, &problems);
    VMI_ASSERT_EQ(problems, 0);
    VMI_ASSERT_STR(msgs, "");
    VMI_ASSERT_EQ(m.env_count, 2);
    VMI_ASSERT_STR(m.envs[1].name, "tcg");
    VMI_ASSERT_EQ(m.result_count, 3);
    VMI_ASSERT_STR(m.results[0].trace, "a");
    VMI_ASSERT_STR(m.results[1].env, "tcg");
    VMI_ASSERT_STR(m.results[2].trace, "b");
    VMI_ASSERT_STR(m.started, "2026-01-01T00:00:00Z"); /* the earliest */
    VMI_ASSERT_STR(m.command_line, "vmi-conform run");  /* the first shard's */
    free(msgs);
    vmi_report_free(&m);
    vmi_report_free(&a);
    vmi_report_free(&b);
}

static void merge_refuses_disagreeing_headers(void)
{
    struct vmi_report a, b, m;
    const struct vmi_report *in[2] = {&a, &b};
    int problems;
    char *msgs;

    two_shards(&a, &b);
    CU_ASSERT_EQUAL(vmi_report_set_string(&b.bundle_sha256, "b1"), 0);
    CU_ASSERT_EQUAL(vmi_report_set_string(&b.git_revision, "def456"), 0);
    msgs = merge_msgs(&m, in, 2, &problems);
    VMI_ASSERT_EQ(problems, 2);
    VMI_ASSERT_STR(msgs, "error: shard 2 has git_revision \"def456\", shard 1 has \"abc123\"\n"
                         "error: shard 2 has bundle_sha256 \"b1\", shard 1 has \"b0\"\n");
    VMI_ASSERT_EQ(m.result_count, 0);
    free(msgs);
    vmi_report_free(&a);
    vmi_report_free(&b);
}

static void merge_refuses_a_result_in_two_shards(void)
{
    struct vmi_report a, b, m;
    const struct vmi_report *in[2] = {&a, &b};
    int problems;
    char *msgs;

    two_shards(&a, &b);
    fixture_result(&b, "b", "ref", "ref", VMI_RESULT_PASS, NULL, "", 9);
    msgs = merge_msgs(&m, in, 2, &problems);
    VMI_ASSERT_EQ(problems, 1);
    VMI_ASSERT_STR(msgs, "error: b ref/ref has more than one result\n");
    free(msgs);
    vmi_report_free(&a);
    vmi_report_free(&b);
}

static void merge_refuses_differently_described_environments(void)
{
    struct vmi_report a, b, m;
    const struct vmi_report *in[2] = {&a, &b};
    struct vmi_report_env e = {"ref", "", "ref", "2.0", "MMU_PTE", "", NULL, NULL};
    int problems;
    char *msgs;

    two_shards(&a, &b);
    vmi_report_free(&b);
    vmi_report_init(&b);
    fixture_header(&b);
    CU_ASSERT_EQUAL(vmi_report_add_env(&b, &e), 0);
    msgs = merge_msgs(&m, in, 2, &problems);
    VMI_ASSERT_EQ(problems, 1);
    VMI_ASSERT_STR(msgs, "error: shard 2 describes environment ref/ref differently\n");
    free(msgs);
    vmi_report_free(&a);
    vmi_report_free(&b);
}

static const struct vmi_test_case cases[] = {
    {"merge_unites_shards", merge_unites_shards},
    {"merge_refuses_disagreeing_headers", merge_refuses_disagreeing_headers},
    {"merge_refuses_a_result_in_two_shards", merge_refuses_a_result_in_two_shards},
    {"merge_refuses_differently_described_environments",
     merge_refuses_differently_described_environments},
};

VMI_TEST_MAIN("merge", cases)
