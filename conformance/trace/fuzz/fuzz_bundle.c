/* Fuzz target: any bytes as a bundle, as the guest receives one. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "vmi-trace/bundle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Walks everything an executor would touch in a bundle that opened. */
static void walk(const struct vmi_bundle *b)
{
    static const uint64_t zeros[VMI_BUNDLE_VARS_MAX];
    const struct vmi_bundle_env env = {zeros, zeros};
    struct vmi_bundle_trace_view t;
    struct vmi_bundle_step_iter it;
    struct vmi_bundle_step_view s;
    const uint8_t *bytes;
    uint32_t i, a, len;
    uint64_t v;

    for (i = 0; i < b->trace_count; i++) {
        if (vmi_bundle_trace_get(b, i, &t) != 0 || t.name == 0)
            abort();
        vmi_bundle_steps_begin(&it, b, &t);
        while (vmi_bundle_steps_next(&it, &s) == 1)
            for (a = 0; a < s.arg_count; a++)
                if (vmi_bundle_expr_string(b, s.args[a], &bytes, &len) < 0 &&
                    vmi_bundle_expr_eval(s.args[a], &env, &v) != 0)
                    abort();
        if (it.index != t.step_count)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vmi_bundle b;
    uint8_t *copy;
    uint32_t off;

    /* A fuzzer rarely guesses a checksum, so a second pass repairs it and
     * lets mutations reach the checks behind it. */
    if (vmi_bundle_open(&b, data, size, &off) == 0)
        walk(&b);
    if (size < sizeof(struct vmi_bundle_header) || (copy = malloc(size)) == NULL)
        return 0;
    memcpy(copy, data, size);
    {
        const uint8_t *t = copy + offsetof(struct vmi_bundle_header, total_size);
        uint32_t total = (uint32_t)t[0] | (uint32_t)t[1] << 8 | (uint32_t)t[2] << 16 |
                         (uint32_t)t[3] << 24;
        if (total >= sizeof(struct vmi_bundle_header) && total <= size) {
            uint64_t sum = vmi_bundle_checksum(copy, total);
            size_t k, at = offsetof(struct vmi_bundle_header, checksum);
            for (k = 0; k < 8; k++)
                copy[at + k] = (uint8_t)(sum >> (8 * k));
        }
    }
    if (vmi_bundle_open(&b, copy, size, &off) == 0)
        walk(&b);
    free(copy);
    return 0;
}
