/* A small report the report tests share, and capture of a writer's output as a string. */
#ifndef VMI_TEST_REPORT_FIXTURE_H
#define VMI_TEST_REPORT_FIXTURE_H

#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cunit_harness.h"
#include "vmi-conform/report.h"

static inline void fixture_result(struct vmi_report *r, const char *trace, const char *env,
                                  const char *adapter, enum vmi_result_status s,
                                  const char *req, const char *detail, uint64_t us)
{
    struct vmi_result res;

    memset(&res, 0, sizeof(res));
    res.trace = (char *)trace;
    res.env = (char *)env;
    res.adapter = (char *)adapter;
    res.status = s;
    res.detail = (char *)detail;
    res.duration_us = us;
    if (req != NULL) {
        res.reqs[0] = (char *)req;
        res.req_count = 1;
    }
    CU_ASSERT_EQUAL_FATAL(vmi_report_add_result(r, &res), 0);
}

static inline void fixture_header(struct vmi_report *r)
{
    CU_ASSERT_EQUAL_FATAL(vmi_report_set_string(&r->suite_version, "1.0.0") |
                              vmi_report_set_string(&r->git_revision, "abc123") |
                              vmi_report_set_string(&r->bundle_sha256, "b0") |
                              vmi_report_set_string(&r->guest_sha256, "g0") |
                              vmi_report_set_string(&r->command_line, "vmi-conform run") |
                              vmi_report_set_string(&r->started, "2026-01-02T03:04:05Z"),
                          0);
}

static inline void fixture_env(struct vmi_report *r, const char *name, const char *adapter)
{
    struct vmi_report_env e = {(char *)name, "", (char *)adapter, "1.0", "MMU_PTE", "", NULL, NULL};

    CU_ASSERT_EQUAL_FATAL(vmi_report_add_env(r, &e), 0);
}

/* Three results of one environment, added out of order on purpose. */
static inline void fixture_small(struct vmi_report *r)
{
    struct vmi_result res;

    vmi_report_init(r);
    fixture_header(r);
    fixture_env(r, "ref", "ref");
    fixture_result(r, "smp/ipi", "ref", "ref", VMI_RESULT_NOT_SUPPORTED, "VMI-SMP-004",
                   "needs SMP_IPI", 0);
    memset(&res, 0, sizeof(res));
    res.trace = "mmu/remap";
    res.env = res.adapter = "ref";
    res.status = VMI_RESULT_FAIL;
    res.reqs[0] = "VMI-MMU-001";
    res.reqs[1] = "VMI-TLB-002";
    res.req_count = 2;
    res.detail = "step 3: read 0x1, expected 0x2";
    res.duration_us = 1500;
    CU_ASSERT_EQUAL_FATAL(vmi_report_add_result(r, &res), 0);
    fixture_result(r, "disc/info", "ref", "ref", VMI_RESULT_PASS, "VMI-DISC-001", "", 20);
}

/* The small report plus a second environment whose results take every
 * other mapping of the derived formats: WAIVED, CRASH, SKIP, TIMEOUT. */
static inline void fixture_wide(struct vmi_report *r)
{
    fixture_small(r);
    fixture_env(r, "tcg", "native");
    fixture_result(r, "smp/ipi", "tcg", "native", VMI_RESULT_WAIVED, "VMI-SMP-004",
                   "issue 12 [FAIL: no IPI]", 5);
    fixture_result(r, "disc/info", "tcg", "native", VMI_RESULT_CRASH, "VMI-DISC-001",
                   "triple fault at step 2", 3000000);
    fixture_result(r, "mmu/remap", "tcg", "native", VMI_RESULT_SKIP, NULL, "needs 4 CPUs", 0);
    fixture_result(r, "time/tsc", "tcg", "native", VMI_RESULT_TIMEOUT, "VMI-TIME-001", "", 1);
}

/* A hostile string: quotes, markup, a control byte, a TAB, invalid UTF-8
 * (a lone continuation byte), valid UTF-8, '#', a backslash and a newline. */
#define FIXTURE_HOSTILE "q\"<script>&'\x01\t\x80\xc3\xa9#\\\nx"

/* A report of one FAIL whose every string is hostile, and one SKIP and one
 * WAIVED whose reasons are, in an environment named like the strings. */
static inline void fixture_hostile(struct vmi_report *r)
{
    vmi_report_init(r);
    fixture_header(r);
    fixture_env(r, FIXTURE_HOSTILE, "a");
    fixture_result(r, FIXTURE_HOSTILE, FIXTURE_HOSTILE, "a", VMI_RESULT_FAIL, FIXTURE_HOSTILE,
                   FIXTURE_HOSTILE, 0);
    fixture_result(r, "s", FIXTURE_HOSTILE, "a", VMI_RESULT_SKIP, NULL, FIXTURE_HOSTILE, 0);
    fixture_result(r, "w", FIXTURE_HOSTILE, "a", VMI_RESULT_WAIVED, NULL, FIXTURE_HOSTILE, 0);
}

/* Whether s is valid UTF-8 without C0 controls other than TAB, LF and CR. */
static inline int fixture_clean_text(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n;

    while (*p) {
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            return 0;
        n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3
          : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0 || (n == 2 && *p < 0xC2))
            return 0;
        for (size_t i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80)
                return 0;
        p += n;
    }
    return 1;
}

static inline char *fixture_capture(int (*write)(const struct vmi_report *, FILE *),
                                    const struct vmi_report *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    CU_ASSERT_EQUAL(write(r, fp), 0);
    fclose(fp);
    return buf;
}

#endif /* VMI_TEST_REPORT_FIXTURE_H */
