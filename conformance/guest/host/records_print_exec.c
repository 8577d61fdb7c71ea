/* The executor's records (IDENT .. BENCH) as text: what ran where, each trace's steps and ends. */
#include "records_print_internal.h"

#define put vmi__rec_put
#define put_text vmi__rec_put_text

/* enum vmi_exec_end and VMI_BUNDLE_OP_*, by the numbers records.h
 * carries (this library does not link the executor). */
static const char *end_name(uint32_t end)
{
    switch (end) {
    case 0: return "done";
    case 1: return "error";
    case 2: return "power";
    default: return NULL;
    }
}

static const char *op_name(uint8_t op)
{
    static const char *const names[] = {NULL, "call", "probe", "wait", "write", "expect"};

    return op < sizeof(names) / sizeof(names[0]) ? names[op] : NULL;
}

static const char *alloc_name(uint32_t kind)
{
    switch (kind) {
    case VMI_REC_ALLOC_PAGE: return "page";
    case VMI_REC_ALLOC_VA: return "va";
    case VMI_REC_ALLOC_WINDOW: return "window";
    default: return NULL;
    }
}

static void put_name(struct vmi__rec_out *o, const char *key, const char *name, uint32_t v)
{
    if (name)
        put(o, " %s=%s", key, name);
    else
        put(o, " %s=%u", key, v);
}

/* n u64 words as one comma-separated field. */
static void put_words(struct vmi__rec_out *o, const char *key, const uint8_t *p, uint32_t n)
{
    uint32_t i;

    put(o, " %s=", key);
    for (i = 0; i < n; i++)
        put(o, "%s0x%llx", i ? "," : "", (unsigned long long)vmi_rec_get64(p + 8 * i));
}

static int put_ident(struct vmi__rec_out *o, const uint8_t *p, size_t n)
{
    uint32_t groups = vmi_rec_get32(p + VMI_REC_IDENT_GROUPS);

    put(o, " hv_base=0x%x hv_max=0x%x", vmi_rec_get32(p + VMI_REC_IDENT_HV_BASE),
        vmi_rec_get32(p + VMI_REC_IDENT_HV_MAX));
    put_text(o, "signature", p + VMI_REC_IDENT_SIGNATURE, 12);
    put(o, " adapter_version=0x%x abi=0x%x cpus=%u groups=%u bundle_crc=0x%08x",
        vmi_rec_get32(p + VMI_REC_IDENT_ADAPTER_VERSION),
        vmi_rec_get32(p + VMI_REC_IDENT_ABI_VERSION), vmi_rec_get32(p + VMI_REC_IDENT_CPUS),
        groups, vmi_rec_get32(p + VMI_REC_IDENT_BUNDLE_CRC));
    if (groups > VMI_REC_IDENT_GROUPS_MAX) {
        put(o, " MALFORMED groups");
        return -1;
    }
    put_words(o, "features", p + VMI_REC_IDENT_FEATURES, groups);
    put_text(o, "adapter", p + VMI_REC_IDENT_FIXED, n - VMI_REC_IDENT_FIXED);
    return 0;
}

static int put_obs(struct vmi__rec_out *o, const uint8_t *p, size_t n)
{
    uint32_t count = p[VMI_REC_OBS_VALUE_COUNT];

    put(o, " trace=%u step=%u", vmi_rec_get32(p + VMI_REC_OBS_TRACE),
        vmi_rec_get32(p + VMI_REC_OBS_STEP));
    put_name(o, "op", op_name(p[VMI_REC_OBS_OP]), p[VMI_REC_OBS_OP]);
    put(o, " sub=%u cpu=%u status=%d line=%u", vmi_rec_get16(p + VMI_REC_OBS_SUB),
        vmi_rec_get16(p + VMI_REC_OBS_CPU), (int32_t)vmi_rec_get32(p + VMI_REC_OBS_STATUS),
        vmi_rec_get32(p + VMI_REC_OBS_LINE));
    if (count > VMI_REC_OBS_VALUES_MAX || n != VMI_REC_OBS_FIXED + 8u * count) {
        put(o, " MALFORMED values=%u payload=%zu bytes", count, n);
        return -1;
    }
    put_words(o, "values", p + VMI_REC_OBS_VALUES, count);
    return 0;
}

static void put_trace_end(struct vmi__rec_out *o, const uint8_t *p)
{
    uint32_t step = vmi_rec_get32(p + VMI_REC_TRACE_END_ERR_STEP);

    put(o, " trace=%u", vmi_rec_get32(p + VMI_REC_TRACE_END_TRACE));
    put_name(o, "end", end_name(vmi_rec_get32(p + VMI_REC_TRACE_END_END)),
             vmi_rec_get32(p + VMI_REC_TRACE_END_END));
    if (step == 0xffffffffu)    /* VMI_EXEC_STEP_SETUP */
        put(o, " err_step=setup");
    else
        put(o, " err_step=%u", step);
    put(o, " err_code=%d", (int32_t)vmi_rec_get32(p + VMI_REC_TRACE_END_ERR_CODE));
}

static int put_skip(struct vmi__rec_out *o, const uint8_t *p, size_t n)
{
    uint32_t groups = vmi_rec_get32(p + VMI_REC_TRACE_SKIP_GROUPS);

    put(o, " trace=%u groups=%u", vmi_rec_get32(p + VMI_REC_TRACE_SKIP_TRACE), groups);
    if (groups > VMI_REC_IDENT_GROUPS_MAX || n != VMI_REC_TRACE_SKIP_MISSING + 8u * groups) {
        put(o, " MALFORMED payload=%zu bytes", n);
        return -1;
    }
    put_words(o, "missing", p + VMI_REC_TRACE_SKIP_MISSING, groups);
    return 0;
}

static void put_bench(struct vmi__rec_out *o, const uint8_t *p, size_t n)
{
    uint32_t call = vmi_rec_get32(p + VMI_REC_BENCH_CALL);

    put_text(o, "name", p + VMI_REC_BENCH_FIXED, n - VMI_REC_BENCH_FIXED);
    if (call == 0xffffffffu)
        put(o, " call=none");
    else
        put(o, " call=%u", call);
    put(o, " iterations=%u stub_ticks=%llu raw_ticks=%llu",
        vmi_rec_get32(p + VMI_REC_BENCH_ITERATIONS),
        (unsigned long long)vmi_rec_get64(p + VMI_REC_BENCH_STUB_TICKS),
        (unsigned long long)vmi_rec_get64(p + VMI_REC_BENCH_RAW_TICKS));
}

int vmi__rec_put_exec(struct vmi__rec_out *o, uint8_t type, const uint8_t *p, size_t n)
{
    switch (type) {
    case VMI_REC_IDENT: return put_ident(o, p, n);
    case VMI_REC_TRACE_BEGIN:
        put(o, " trace=%u cpus=%u", vmi_rec_get32(p + VMI_REC_TRACE_BEGIN_TRACE),
            vmi_rec_get32(p + VMI_REC_TRACE_BEGIN_CPUS));
        return 0;
    case VMI_REC_ALLOC:
        put(o, " trace=%u", vmi_rec_get32(p + VMI_REC_ALLOC_TRACE));
        put_name(o, "kind", alloc_name(vmi_rec_get32(p + VMI_REC_ALLOC_KIND)),
                 vmi_rec_get32(p + VMI_REC_ALLOC_KIND));
        put(o, " addr=0x%llx", (unsigned long long)vmi_rec_get64(p + VMI_REC_ALLOC_ADDR));
        return 0;
    case VMI_REC_OBS: return put_obs(o, p, n);
    case VMI_REC_TRACE_END: put_trace_end(o, p); return 0;
    case VMI_REC_TRACE_SKIP: return put_skip(o, p, n);
    case VMI_REC_BENCH: put_bench(o, p, n); return 0;
    default: return 0;
    }
}
