/* Each class of error in a .vmt file gives its FILE:LINE:COL message, and parsing goes on. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include "harness.h"

/* Parses tests/data/bad/<name>.vmt and compares every diagnostic with the
 * lines of bad/<name>.err, in order. */
static void golden_check(const char *name)
{
    char rel[256], label[256], *text, *want, *line, *save = NULL;
    struct vmi_trace_set set;
    size_t len, wlen, i = 0;

    snprintf(rel, sizeof(rel), "bad/%s.vmt", name);
    text = vmi_test_read(vmi_test_data(rel), &len);
    snprintf(label, sizeof(label), "bad/%s.err", name);
    want = vmi_test_read(vmi_test_data(label), &wlen);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(want);
    vmi_trace_set_init(&set, vmi_test_ids());
    vmi_trace_parse_buffer(&set, rel, text, len);
    for (line = strtok_r(want, "\n", &save); line; line = strtok_r(NULL, "\n", &save), i++) {
        if (i < set.diag_count)
            VMI_ASSERT_STR(set.diags[i].text, line);
        else
            VMI_ASSERT_STR("(no diagnostic)", line);
    }
    VMI_ASSERT_EQ(set.diag_count, i);
    VMI_ASSERT_EQ(set.count, 0); /* a file with errors adds no trace */
    free(text);
    free(want);
    vmi_trace_set_free(&set);
}

static void errors_directives(void) { golden_check("directives"); }
static void errors_calls(void) { golden_check("calls"); }
static void errors_exprs(void) { golden_check("exprs"); }
static void errors_structure(void) { golden_check("structure"); }
static void errors_no_header(void) { golden_check("no-header"); }
static void errors_wrong_version(void) { golden_check("wrong-version"); }
static void errors_long_line(void) { golden_check("long-line"); }
static void errors_control(void) { golden_check("control"); }
static void errors_window(void) { golden_check("window"); }
static void errors_many_stop_at_limit(void) { golden_check("many-errors"); }

/* The first diagnostic of parsing `text`, or "" when there is none. */
static const char *first_diag(struct vmi_trace_set *set, const char *text)
{
    vmi_test_parse(set, "t.vmt", text);
    return set->diag_count ? set->diags[0].text : "";
}

#define HEAD "vmi-trace 1\nname t/x\ncovers VMI-MMU-001\n"

static void errors_duplicate_trace_names(void)
{
    struct vmi_trace_set set;
    const char *a = HEAD "step call tsc_read\n";
    const char *b = "vmi-trace 1\n\nname  t/x\ncovers VMI-MMU-001\nstep call tsc_read\n";

    vmi_trace_set_init(&set, vmi_test_ids());
    VMI_ASSERT_EQ(vmi_trace_parse_buffer(&set, "a.vmt", a, strlen(a)), 0);
    VMI_ASSERT_EQ(vmi_trace_parse_buffer(&set, "b.vmt", b, strlen(b)), 0);
    VMI_ASSERT_EQ(vmi_trace_set_validate(&set), 1);
    VMI_ASSERT_STR(set.diag_count ? set.diags[0].text : "",
                   "b.vmt:3:7: error: expected a trace name not used before; "
                   "'t/x' is also at a.vmt:2");
    vmi_trace_set_free(&set);
}

static void errors_empty_file(void)
{
    struct vmi_trace_set set;

    VMI_ASSERT_STR(first_diag(&set, ""), "t.vmt:1:1: error: expected 'vmi-trace 1' as the first line");
    VMI_ASSERT_EQ(set.error_count, 1);
    vmi_trace_set_free(&set);
    VMI_ASSERT_STR(first_diag(&set, "# only a comment\n\n"),
                   "t.vmt:1:1: error: expected 'vmi-trace 1' as the first line");
    vmi_trace_set_free(&set);
}

static void errors_nul_byte_reported(void)
{
    static const char text[] = HEAD "step call tsc_read\0\n";
    struct vmi_trace_set set;

    vmi_trace_set_init(&set, vmi_test_ids());
    vmi_trace_parse_buffer(&set, "t.vmt", text, sizeof(text) - 1);
    VMI_ASSERT_STR(set.diag_count ? set.diags[0].text : "",
                   "t.vmt:4:19: error: expected text, found control character 0x00");
    vmi_trace_set_free(&set);
}

static void errors_unknown_id_shape_without_known_set(void)
{
    struct vmi_trace_set set;
    const char *text = "vmi-trace 1\nname t/x\ncovers VMI-ANY-999 GEN-001\nstep call tsc_read\n";

    vmi_trace_set_init(&set, NULL); /* no ID list: only the shape is checked */
    vmi_trace_parse_buffer(&set, "t.vmt", text, strlen(text));
    VMI_ASSERT_EQ(set.error_count, 1);
    VMI_ASSERT_STR(set.diag_count ? set.diags[0].text : "",
                   "t.vmt:3:20: error: expected a requirement ID like VMI-MMU-006");
    vmi_trace_set_free(&set);
}

/* A trace of `n` lines made by `line(i)`, to push the limits. */
static char *repeat(const char *head, const char *fmt, unsigned n)
{
    size_t cap = strlen(head) + (size_t)n * 64 + 64, len;
    char *s = malloc(cap);
    unsigned i;

    len = (size_t)snprintf(s, cap, "%s", head);
    for (i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, cap - len, fmt, i);
    return s;
}

static void errors_limits(void)
{
    struct vmi_trace_set set;
    char *text;

    text = repeat(HEAD, "step call tsc_read\n", VMI_BUNDLE_STEPS_MAX + 1);
    VMI_ASSERT_STR(first_diag(&set, text), "t.vmt:1028:1: error: expected at most 1024 steps");
    vmi_trace_set_free(&set);
    free(text);
    text = repeat(HEAD, "page p%u\n", VMI_BUNDLE_RESOURCES_MAX + 1);
    VMI_ASSERT_STR(first_diag(&set, text), "t.vmt:68:6: error: expected at most 64 resources");
    vmi_trace_set_free(&set);
    free(text);
    text = repeat(HEAD, "step call tsc_read -> $v%u\n", VMI_BUNDLE_VARS_MAX + 1);
    VMI_ASSERT_STR(first_diag(&set, text), "t.vmt:260:23: error: expected at most 256 variables");
    vmi_trace_set_free(&set);
    free(text);
}

static void errors_expression_too_long(void)
{
    struct vmi_trace_set set;
    char *text = repeat(HEAD "step call ipi_send 1 (0", "+%u", 20);

    strcat(text, ")\n");
    VMI_ASSERT_STR(first_diag(&set, text),
                   "t.vmt:4:59: error: expected a shorter expression (at most 32 operations)");
    vmi_trace_set_free(&set);
    free(text);
}

static void errors_crlf_accepted(void)
{
    struct vmi_trace_set set;

    VMI_ASSERT_STR(first_diag(&set, "vmi-trace 1\r\nname t/x\r\ncovers VMI-MMU-001\r\n"
                                    "title a b\r\nstep call tsc_read\r\n"), "");
    VMI_ASSERT_EQ(set.count, 1);
    VMI_ASSERT_STR(set.count ? set.traces[0]->title : "", "a b");
    vmi_trace_set_free(&set);
}

static const struct vmi_test_case cases[] = {
    {"errors_directives", errors_directives},
    {"errors_calls", errors_calls},
    {"errors_exprs", errors_exprs},
    {"errors_structure", errors_structure},
    {"errors_no_header", errors_no_header},
    {"errors_wrong_version", errors_wrong_version},
    {"errors_long_line", errors_long_line},
    {"errors_control", errors_control},
    {"errors_window", errors_window},
    {"errors_many_stop_at_limit", errors_many_stop_at_limit},
    {"errors_duplicate_trace_names", errors_duplicate_trace_names},
    {"errors_empty_file", errors_empty_file},
    {"errors_nul_byte_reported", errors_nul_byte_reported},
    {"errors_unknown_id_shape_without_known_set", errors_unknown_id_shape_without_known_set},
    {"errors_limits", errors_limits},
    {"errors_expression_too_long", errors_expression_too_long},
    {"errors_crlf_accepted", errors_crlf_accepted},
};

VMI_TEST_MAIN("trace_errors", cases)
