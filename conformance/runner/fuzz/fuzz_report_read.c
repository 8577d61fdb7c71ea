/* Fuzz target: any bytes as report.json; one that reads must survive every writer and check. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vmi-conform/report.h"
#include "vmi-conform/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The JSON of r in a malloc'ed buffer. */
static char *to_json(const struct vmi_report *r, size_t *len)
{
    char *buf = NULL;
    FILE *fp = open_memstream(&buf, len);

    if (fp == NULL || vmi_report_write_json(r, fp) != 0)
        abort();
    fclose(fp);
    return buf;
}

/* What a successful read promises: the canonical form reads back to itself
 * (write -> read -> write is byte-identical), and no writer or check fails. */
static void check_report(const struct vmi_report *r)
{
    struct vmi_report again, merged;
    const struct vmi_report *shards[1] = {r};
    char err[256], *a, *b, *sink = NULL;
    size_t alen, blen, slen;
    FILE *fp;

    a = to_json(r, &alen);
    if (vmi_report_read_json(&again, "again.json", a, alen, err, sizeof(err)) != 0) {
        fprintf(stderr, "canonical output does not read back: %s\n%s", err, a);
        abort();
    }
    b = to_json(&again, &blen);
    if (alen != blen || memcmp(a, b, alen) != 0)
        abort();
    if ((fp = open_memstream(&sink, &slen)) == NULL)
        abort();
    if (vmi_report_write_junit(r, fp) != 0 || vmi_report_write_tap(r, fp) != 0 ||
        vmi_report_write_html(r, fp) != 0)
        abort();
    vmi_verify(r, NULL, fp);
    vmi_report_diff(r, &again, fp, NULL);
    if (vmi_report_merge(&merged, shards, 1, fp) == 0)
        vmi_report_free(&merged);
    fclose(fp);
    free(sink);
    free(a);
    free(b);
    vmi_report_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vmi_report r;
    char err[256];

    if (vmi_report_read_json(&r, "fuzz.json", (const char *)data, size, err, sizeof(err)) == 0) {
        check_report(&r);
        vmi_report_free(&r);
    } else if (strncmp(err, "fuzz.json:", 10) != 0 || strstr(err, ": error: ") == NULL) {
        abort(); /* every failure names its place */
    }
    return 0;
}
