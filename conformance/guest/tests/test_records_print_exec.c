/* vmi_rec_format of the executor's records and of ARGS' count: what the runner's logs and the guest test read. */
#include "records_fixture.h"

static char line[4096];
static uint8_t p[VMI_REC_PAYLOAD_MAX];

static int format(uint8_t type, size_t n)
{
    struct vmi_rec_event ev;

    memset(&ev, 0, sizeof(ev));
    ev.kind = VMI_REC_RECORD;
    ev.offset = 9;
    ev.type = type;
    ev.seq = 4;
    ev.len = (uint16_t)n;
    ev.payload = p;
    return vmi_rec_format(&ev, line, sizeof(line));
}

static void args_count(void)
{
    memset(p, 0, sizeof(p));
    vmi_rec_put32(p + VMI_REC_ARGS_START, 3);
    vmi_rec_put32(p + VMI_REC_ARGS_COUNT, 7);
    memcpy(p + VMI_REC_ARGS_FIXED, "adapter=native filter=", 22);
    VMI_ASSERT_EQ(format(VMI_REC_ARGS, VMI_REC_ARGS_FIXED + 22), 0);
    VMI_ASSERT_STR(line, "@9 #4 ARGS flags=0x0 start=3 count=7 text=\"adapter=native filter=\"");
    /* The layout before count existed is too short now. */
    VMI_ASSERT_EQ(format(VMI_REC_ARGS, 8), -1);
}

static void ident(void)
{
    memset(p, 0, sizeof(p));
    vmi_rec_put32(p + VMI_REC_IDENT_HV_BASE, 0x40000000);
    vmi_rec_put32(p + VMI_REC_IDENT_HV_MAX, 0x40000001);
    memcpy(p + VMI_REC_IDENT_SIGNATURE, "TCGTCGTCGTCG", 12);
    vmi_rec_put32(p + VMI_REC_IDENT_ADAPTER_VERSION, 0x10000);
    vmi_rec_put32(p + VMI_REC_IDENT_ABI_VERSION, 0x10000);
    vmi_rec_put32(p + VMI_REC_IDENT_CPUS, 2);
    vmi_rec_put32(p + VMI_REC_IDENT_GROUPS, 2);
    vmi_rec_put32(p + VMI_REC_IDENT_BUNDLE_CRC, 0xdeadbeef);
    vmi_rec_put64(p + VMI_REC_IDENT_FEATURES, 0x1);
    vmi_rec_put64(p + VMI_REC_IDENT_FEATURES + 8, 0xff);
    memcpy(p + VMI_REC_IDENT_FIXED, "native", 6);
    VMI_ASSERT_EQ(format(VMI_REC_IDENT, VMI_REC_IDENT_FIXED + 6), 0);
    VMI_ASSERT_STR(line, "@9 #4 IDENT hv_base=0x40000000 hv_max=0x40000001 "
                         "signature=\"TCGTCGTCGTCG\" adapter_version=0x10000 abi=0x10000 "
                         "cpus=2 groups=2 bundle_crc=0xdeadbeef features=0x1,0xff "
                         "adapter=\"native\"");
    vmi_rec_put32(p + VMI_REC_IDENT_GROUPS, 17);
    VMI_ASSERT_EQ(format(VMI_REC_IDENT, VMI_REC_IDENT_FIXED), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "MALFORMED groups"));
    VMI_ASSERT_EQ(format(VMI_REC_IDENT, VMI_REC_IDENT_FIXED - 1), -1);
}

static void begin_alloc_end(void)
{
    memset(p, 0, sizeof(p));
    vmi_rec_put32(p + VMI_REC_TRACE_BEGIN_TRACE, 12);
    vmi_rec_put32(p + VMI_REC_TRACE_BEGIN_CPUS, 2);
    VMI_ASSERT_EQ(format(VMI_REC_TRACE_BEGIN, VMI_REC_TRACE_BEGIN_SIZE), 0);
    VMI_ASSERT_STR(line, "@9 #4 TRACE_BEGIN trace=12 cpus=2");
    vmi_rec_put32(p + VMI_REC_ALLOC_KIND, VMI_REC_ALLOC_WINDOW);
    vmi_rec_put64(p + VMI_REC_ALLOC_ADDR, 0x12b000);
    VMI_ASSERT_EQ(format(VMI_REC_ALLOC, VMI_REC_ALLOC_SIZE), 0);
    VMI_ASSERT_STR(line, "@9 #4 ALLOC trace=12 kind=window addr=0x12b000");
    vmi_rec_put32(p + VMI_REC_ALLOC_KIND, 9);
    VMI_ASSERT_EQ(format(VMI_REC_ALLOC, VMI_REC_ALLOC_SIZE), 0);
    VMI_ASSERT_STR(line, "@9 #4 ALLOC trace=12 kind=9 addr=0x12b000");
    memset(p, 0, sizeof(p));
    vmi_rec_put32(p + VMI_REC_TRACE_END_TRACE, 5);
    vmi_rec_put32(p + VMI_REC_TRACE_END_END, 2);
    vmi_rec_put32(p + VMI_REC_TRACE_END_ERR_STEP, 0xffffffffu);
    VMI_ASSERT_EQ(format(VMI_REC_TRACE_END, VMI_REC_TRACE_END_SIZE), 0);
    VMI_ASSERT_STR(line, "@9 #4 TRACE_END trace=5 end=power err_step=setup err_code=0");
    vmi_rec_put32(p + VMI_REC_TRACE_END_END, 1);
    vmi_rec_put32(p + VMI_REC_TRACE_END_ERR_STEP, 3);
    vmi_rec_put32(p + VMI_REC_TRACE_END_ERR_CODE, (uint32_t)-1);
    VMI_ASSERT_EQ(format(VMI_REC_TRACE_END, VMI_REC_TRACE_END_SIZE), 0);
    VMI_ASSERT_STR(line, "@9 #4 TRACE_END trace=5 end=error err_step=3 err_code=-1");
}

static void obs(void)
{
    memset(p, 0, sizeof(p));
    vmi_rec_put32(p + VMI_REC_OBS_TRACE, 1);
    vmi_rec_put32(p + VMI_REC_OBS_STEP, 4);
    p[VMI_REC_OBS_OP] = 1;
    p[VMI_REC_OBS_VALUE_COUNT] = 2;
    vmi_rec_put16(p + VMI_REC_OBS_SUB, 70);
    vmi_rec_put16(p + VMI_REC_OBS_CPU, 1);
    vmi_rec_put32(p + VMI_REC_OBS_STATUS, (uint32_t)-3);
    vmi_rec_put32(p + VMI_REC_OBS_LINE, 17);
    vmi_rec_put64(p + VMI_REC_OBS_VALUES, 0x1f);
    vmi_rec_put64(p + VMI_REC_OBS_VALUES + 8, 0xffffffffffffffffull);
    VMI_ASSERT_EQ(format(VMI_REC_OBS, VMI_REC_OBS_FIXED + 16), 0);
    VMI_ASSERT_STR(line, "@9 #4 OBS trace=1 step=4 op=call sub=70 cpu=1 status=-3 line=17 "
                         "values=0x1f,0xffffffffffffffff");
    /* The count must match the payload exactly, and stay within the limit. */
    VMI_ASSERT_EQ(format(VMI_REC_OBS, VMI_REC_OBS_FIXED + 8), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "MALFORMED values=2 payload=32 bytes"));
    p[VMI_REC_OBS_VALUE_COUNT] = 9;
    VMI_ASSERT_EQ(format(VMI_REC_OBS, VMI_REC_OBS_FIXED + 72), -1);
    p[VMI_REC_OBS_VALUE_COUNT] = 0;
    p[VMI_REC_OBS_OP] = 5;
    VMI_ASSERT_EQ(format(VMI_REC_OBS, VMI_REC_OBS_FIXED), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(line, " op=expect "));
    CU_ASSERT_PTR_NOT_NULL(strstr(line, " values="));
}

static void skip_and_bench(void)
{
    memset(p, 0, sizeof(p));
    vmi_rec_put32(p + VMI_REC_TRACE_SKIP_TRACE, 88);
    vmi_rec_put32(p + VMI_REC_TRACE_SKIP_GROUPS, 2);
    vmi_rec_put64(p + VMI_REC_TRACE_SKIP_MISSING + 8, 0x2);
    VMI_ASSERT_EQ(format(VMI_REC_TRACE_SKIP, VMI_REC_TRACE_SKIP_MISSING + 16), 0);
    VMI_ASSERT_STR(line, "@9 #4 TRACE_SKIP trace=88 groups=2 missing=0x0,0x2");
    VMI_ASSERT_EQ(format(VMI_REC_TRACE_SKIP, VMI_REC_TRACE_SKIP_MISSING + 8), -1);
    memset(p, 0, sizeof(p));
    vmi_rec_put32(p + VMI_REC_BENCH_CALL, 0xffffffffu);
    vmi_rec_put32(p + VMI_REC_BENCH_ITERATIONS, 1000);
    vmi_rec_put64(p + VMI_REC_BENCH_STUB_TICKS, 5000);
    memcpy(p + VMI_REC_BENCH_FIXED, "loop", 4);
    VMI_ASSERT_EQ(format(VMI_REC_BENCH, VMI_REC_BENCH_FIXED + 4), 0);
    VMI_ASSERT_STR(line, "@9 #4 BENCH name=\"loop\" call=none iterations=1000 stub_ticks=5000 "
                         "raw_ticks=0");
    vmi_rec_put32(p + VMI_REC_BENCH_CALL, 4);
    VMI_ASSERT_EQ(format(VMI_REC_BENCH, VMI_REC_BENCH_FIXED), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(line, " call=4 "));
}

static void stats(void)
{
    memset(p, 0, sizeof(p));
    vmi_rec_put32(p + VMI_REC_STATS_TRACES, 114);
    vmi_rec_put64(p + VMI_REC_STATS_CALLS, 0x100000002ull);
    vmi_rec_put64(p + VMI_REC_STATS_HYPERCALLS, 612);
    VMI_ASSERT_EQ(format(VMI_REC_STATS, VMI_REC_STATS_SIZE), 0);
    VMI_ASSERT_STR(line, "@9 #4 STATS traces=114 calls=4294967298 hypercalls=612");
    VMI_ASSERT_EQ(format(VMI_REC_STATS, VMI_REC_STATS_SIZE - 1), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "MALFORMED payload=23 bytes"));
}

static void mech(void)
{
    static const char text[] = "TIME_MONOTONIC=kvmclock TIME_STEAL=steal-time";

    memset(p, 0, sizeof(p));
    vmi_rec_put32(p + VMI_REC_MECH_INFO_SIZE, 512);
    vmi_rec_put64(p + VMI_REC_MECH_HV_FEATURES, 0x2a28);
    memcpy(p + VMI_REC_MECH_FIXED, text, sizeof(text) - 1);
    VMI_ASSERT_EQ(format(VMI_REC_MECH, VMI_REC_MECH_FIXED + sizeof(text) - 1), 0);
    VMI_ASSERT_STR(line, "@9 #4 MECH info_size=512 hv_features=0x2a28 "
                         "mechanisms=\"TIME_MONOTONIC=kvmclock TIME_STEAL=steal-time\"");
    /* An adapter that uses nothing of a hypervisor: empty text. */
    VMI_ASSERT_EQ(format(VMI_REC_MECH, VMI_REC_MECH_FIXED), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(line, " mechanisms=\"\""));
    VMI_ASSERT_EQ(format(VMI_REC_MECH, VMI_REC_MECH_FIXED - 1), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "MALFORMED payload=15 bytes"));
}

static const struct vmi_test_case cases[] = {
    {"args_count", args_count},
    {"ident", ident},
    {"begin_alloc_end", begin_alloc_end},
    {"obs", obs},
    {"skip_and_bench", skip_and_bench},
    {"stats", stats},
    {"mech", mech},
};

VMI_TEST_MAIN("guest records print exec", cases)
