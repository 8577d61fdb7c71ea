/* A small layer over CUnit for the trace tests: each test file lists its cases and runs them. */
#ifndef VMI_TRACE_TEST_HARNESS_H
#define VMI_TRACE_TEST_HARNESS_H

#include "cunit_harness.h"
#include "vmi/vmi.h"
#include "vmi-trace/trace.h"

/* The test requirement IDs (tests/data/requirements.txt), loaded once. */
const struct vmi_trace_ids *vmi_test_ids(void);

/* Parses `text` as file `name` into a fresh set with the test IDs. */
void vmi_test_parse(struct vmi_trace_set *set, const char *name, const char *text);

/* A path under tests/data; the result is static, valid until the next call. */
const char *vmi_test_data(const char *rel);

/* Reads a whole file into a malloc'd NUL-terminated buffer; NULL on failure. */
char *vmi_test_read(const char *path, size_t *len);

/* Prints every diagnostic of the set to stderr, to explain a failure. */
void vmi_test_print_diags(const struct vmi_trace_set *set);

#endif /* VMI_TRACE_TEST_HARNESS_H */
