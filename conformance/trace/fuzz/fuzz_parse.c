/* Fuzz target: any bytes as a .vmt file; valid ones are compiled and decoded again. */
#include <stdint.h>
#include <stdlib.h>
#include "vmi-trace/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks what a successful parse promises: the bundle it compiles to passes
 * the untrusted-bytes decoder and holds every step. */
static void compile_and_decode(const struct vmi_trace_set *set)
{
    struct vmi_bundle b;
    struct vmi_bundle_trace_view t;
    struct vmi_bundle_step_iter it;
    struct vmi_bundle_step_view s;
    uint8_t *bundle;
    size_t len;
    uint32_t n = 0, off;

    if (vmi_trace_compile(set, &bundle, &len) != 0)
        abort();
    if (vmi_bundle_open(&b, bundle, len, &off) != 0 || b.trace_count != set->count)
        abort();
    if (b.trace_count == 1 && vmi_bundle_trace_get(&b, 0, &t) == 0) {
        vmi_bundle_steps_begin(&it, &b, &t);
        while (vmi_bundle_steps_next(&it, &s) == 1)
            n++;
        if (n != set->traces[0]->step_count)
            abort();
    }
    free(bundle);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vmi_trace_set set;

    vmi_trace_set_init(&set, NULL);
    vmi_trace_parse_buffer(&set, "fuzz.vmt", (const char *)data, size);
    if (set.error_count == 0)
        compile_and_decode(&set);
    vmi_trace_set_free(&set);
    return 0;
}
