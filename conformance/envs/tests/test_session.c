/* A boot's record stream into per-trace outcomes, on synthetic streams from the encoder. */
#include <stdlib.h>
#include "cunit_harness.h"
#include "vmi-envs/session.h"

/* A stream under construction: records with consecutive sequence numbers. */
struct stream {
    char buf[65536];
    size_t len;
    uint32_t seq;
};

static void sink(void *ctx, const char *bytes, size_t n)
{
    struct stream *s = ctx;

    if (s->len + n <= sizeof(s->buf)) {
        memcpy(s->buf + s->len, bytes, n);
        s->len += n;
    }
}

static void rec(struct stream *s, uint8_t type, const void *p, size_t n)
{
    vmi_rec_encode(type, s->seq++, p, n, sink, s);
}

static void text(struct stream *s, const char *t)
{
    sink(s, t, strlen(t));
}

static void hello(struct stream *s)
{
    uint8_t p[4] = {1, 0, 0, 0};

    rec(s, VMI_REC_HELLO, p, sizeof(p));
}

static void begin(struct stream *s, uint32_t t)
{
    uint8_t p[VMI_REC_TRACE_BEGIN_SIZE] = {0};

    vmi_rec_put32(p, t);
    rec(s, VMI_REC_TRACE_BEGIN, p, sizeof(p));
}

static void alloc(struct stream *s, uint32_t t, uint32_t kind, uint64_t addr)
{
    uint8_t p[VMI_REC_ALLOC_SIZE];

    vmi_rec_put32(p + VMI_REC_ALLOC_TRACE, t);
    vmi_rec_put32(p + VMI_REC_ALLOC_KIND, kind);
    vmi_rec_put64(p + VMI_REC_ALLOC_ADDR, addr);
    rec(s, VMI_REC_ALLOC, p, sizeof(p));
}

static void obs(struct stream *s, uint32_t t, uint32_t step, uint64_t value)
{
    uint8_t p[VMI_REC_OBS_FIXED + 8] = {0};

    vmi_rec_put32(p + VMI_REC_OBS_TRACE, t);
    vmi_rec_put32(p + VMI_REC_OBS_STEP, step);
    p[VMI_REC_OBS_OP] = VMI_BUNDLE_OP_CALL;
    p[VMI_REC_OBS_VALUE_COUNT] = 1;
    vmi_rec_put16(p + VMI_REC_OBS_SUB, 54);
    vmi_rec_put16(p + VMI_REC_OBS_CPU, 1);
    vmi_rec_put32(p + VMI_REC_OBS_STATUS, (uint32_t)VMI_EINVAL);
    vmi_rec_put32(p + VMI_REC_OBS_LINE, 12);
    vmi_rec_put64(p + VMI_REC_OBS_VALUES, value);
    rec(s, VMI_REC_OBS, p, sizeof(p));
}

static void end(struct stream *s, uint32_t t)
{
    uint8_t p[VMI_REC_TRACE_END_SIZE] = {0};

    vmi_rec_put32(p, t);
    rec(s, VMI_REC_TRACE_END, p, sizeof(p));
}

static void fault(struct stream *s, uint32_t t, uint8_t vector, uint8_t fatal)
{
    uint8_t p[VMI_REC_FAULT_SIZE] = {0};

    vmi_rec_put32(p + VMI_REC_FAULT_TRACE, t);
    p[VMI_REC_FAULT_VECTOR] = vector;
    p[VMI_REC_FAULT_FATAL] = fatal;
    vmi_rec_put64(p + VMI_REC_FAULT_ERROR, 0x18);
    vmi_rec_put64(p + VMI_REC_FAULT_RIP, 0x1234);
    rec(s, VMI_REC_FAULT, p, sizeof(p));
}

/* Feeds the stream in pieces of `chunk` bytes (0: all at once) to a boot over [0, n). */
static void run(struct vmi_env_session *ses, uint32_t n, const struct stream *s, size_t chunk,
                struct vmi_env_boot *b)
{
    size_t off;

    CU_ASSERT_EQUAL(vmi_env_session_init(ses, n), 0);
    vmi_env_boot_init(b, ses, 0, n);
    for (off = 0; off < s->len; off += chunk ? chunk : s->len)
        vmi_env_boot_feed(b, s->buf + off,
                          chunk && s->len - off > chunk ? chunk : s->len - off);
    vmi_env_boot_finish(b);
}

static void complete_traces(void)
{
    static struct stream s;
    static const size_t chunks[] = {0, 1, 7};
    struct vmi_env_session ses;
    struct vmi_env_boot b;
    size_t c;

    memset(&s, 0, sizeof(s));
    hello(&s);
    text(&s, "adapter console text between records\n");
    begin(&s, 0);
    alloc(&s, 0, VMI_REC_ALLOC_PAGE, 0x200000);
    alloc(&s, 0, VMI_REC_ALLOC_VA, 0xffff800000003000);
    obs(&s, 0, 0, 0x1122334455667788);
    obs(&s, 0, 1, 7);
    end(&s, 0);
    begin(&s, 1);
    end(&s, 1);
    for (c = 0; c < 3; c++) {
        run(&ses, 2, &s, chunks[c], &b);
        VMI_ASSERT_EQ(ses.traces[0].outcome, VMI_ENV_ENDED);
        VMI_ASSERT_EQ(ses.traces[0].alloc_count, 2);
        VMI_ASSERT_EQ(ses.traces[0].allocs[1].kind, VMI_REC_ALLOC_VA);
        VMI_ASSERT_EQ(ses.traces[0].allocs[1].addr, 0xffff800000003000);
        VMI_ASSERT_EQ(ses.traces[0].obs_count, 2);
        VMI_ASSERT_EQ(ses.traces[0].obs[0].values[0], 0x1122334455667788);
        VMI_ASSERT_EQ(ses.traces[0].obs[0].cpu, 1);
        VMI_ASSERT_EQ(ses.traces[0].obs[0].sub, 54);
        VMI_ASSERT_EQ(ses.traces[0].obs[0].status, VMI_EINVAL);
        VMI_ASSERT_EQ(ses.traces[0].obs[1].step, 1);
        VMI_ASSERT_EQ(ses.traces[1].outcome, VMI_ENV_ENDED);
        VMI_ASSERT_EQ(b.next, 2);
        VMI_ASSERT_EQ(b.closed, 2);
        vmi_env_session_free(&ses);
    }
}

/* A record whose CRC fails makes its trace an ERROR; the next is unharmed. */
static void bad_crc_damages_its_trace(void)
{
    static struct stream s;
    struct vmi_env_session ses;
    struct vmi_env_boot b;
    size_t at;

    memset(&s, 0, sizeof(s));
    hello(&s);
    begin(&s, 0);
    at = s.len;
    obs(&s, 0, 0, 1);
    s.buf[at + VMI_REC_HEADER_LEN] ^= 1;    /* '0' <-> '1' in the payload */
    end(&s, 0);
    begin(&s, 1);
    obs(&s, 1, 0, 1);
    end(&s, 1);
    run(&ses, 2, &s, 0, &b);
    VMI_ASSERT_EQ(ses.traces[0].outcome, VMI_ENV_DAMAGED);
    CU_ASSERT(strstr(ses.traces[0].why, "bad-crc") != NULL);
    VMI_ASSERT_EQ(ses.traces[1].outcome, VMI_ENV_ENDED);
    VMI_ASSERT_EQ(ses.traces[1].obs_count, 1);
    vmi_env_session_free(&ses);
}

/* A lost record is a sequence gap: ERROR, never PASS. */
static void sequence_gap_damages_its_trace(void)
{
    static struct stream s;
    struct vmi_env_session ses;
    struct vmi_env_boot b;

    memset(&s, 0, sizeof(s));
    hello(&s);
    begin(&s, 0);
    obs(&s, 0, 0, 1);
    s.seq++;                                /* one record never arrives */
    obs(&s, 0, 2, 1);
    end(&s, 0);
    run(&ses, 1, &s, 0, &b);
    VMI_ASSERT_EQ(ses.traces[0].outcome, VMI_ENV_DAMAGED);
    CU_ASSERT(strstr(ses.traces[0].why, "records were lost") != NULL);
    vmi_env_session_free(&ses);
}

/* A lost TRACE_BEGIN: the trace's records arrive outside it. */
static void lost_begin_damages_the_trace(void)
{
    static struct stream s;
    struct vmi_env_session ses;
    struct vmi_env_boot b;

    memset(&s, 0, sizeof(s));
    hello(&s);
    begin(&s, 0);
    end(&s, 0);
    s.seq++;                                /* trace 1's TRACE_BEGIN */
    obs(&s, 1, 0, 1);
    obs(&s, 1, 1, 1);
    end(&s, 1);
    begin(&s, 2);
    end(&s, 2);
    run(&ses, 3, &s, 0, &b);
    VMI_ASSERT_EQ(ses.traces[0].outcome, VMI_ENV_ENDED);
    VMI_ASSERT_EQ(ses.traces[1].outcome, VMI_ENV_DAMAGED);
    VMI_ASSERT_EQ(ses.traces[2].outcome, VMI_ENV_ENDED);
    vmi_env_session_free(&ses);
}

/* A recovered fault ends its trace only; a fatal one stops the guest. */
static void faults(void)
{
    static struct stream s;
    struct vmi_env_session ses;
    struct vmi_env_boot b;

    memset(&s, 0, sizeof(s));
    hello(&s);
    begin(&s, 0);
    obs(&s, 0, 0, 1);
    fault(&s, 0, 6, 0);
    begin(&s, 1);
    end(&s, 1);
    begin(&s, 2);
    fault(&s, 2, 14, 1);
    run(&ses, 4, &s, 0, &b);
    VMI_ASSERT_EQ(ses.traces[0].outcome, VMI_ENV_FAULTED);
    VMI_ASSERT_EQ(ses.traces[0].fault.vector, 6);
    VMI_ASSERT_EQ(ses.traces[0].fault.error, 0x18);
    VMI_ASSERT_EQ(ses.traces[0].fault.rip, 0x1234);
    VMI_ASSERT_EQ(ses.traces[1].outcome, VMI_ENV_ENDED);
    VMI_ASSERT_EQ(ses.traces[2].outcome, VMI_ENV_FAULTED);
    VMI_ASSERT_EQ(b.fatal, 1);
    VMI_ASSERT_EQ(b.next, 3);
    VMI_ASSERT_EQ(ses.traces[3].outcome, VMI_ENV_NOT_RUN);
    vmi_env_session_free(&ses);
}

/* A guest cut off mid-record: the trace is left running for the caller to
 * blame (CRASH), and the cut record damages nothing else. */
static void truncated_stream(void)
{
    static struct stream s;
    struct vmi_env_session ses;
    struct vmi_env_boot b;

    memset(&s, 0, sizeof(s));
    hello(&s);
    begin(&s, 0);
    obs(&s, 0, 0, 1);
    s.len -= 10;
    run(&ses, 1, &s, 0, &b);
    VMI_ASSERT_EQ(ses.traces[0].outcome, VMI_ENV_DAMAGED);
    VMI_ASSERT_EQ(b.current, -1);
    vmi_env_session_free(&ses);
}

static void skip_and_ident(void)
{
    static struct stream s;
    uint8_t id[VMI_REC_IDENT_FIXED + 6] = {0}, sk[VMI_REC_TRACE_SKIP_MISSING + 16] = {0};
    uint8_t mech[VMI_REC_MECH_FIXED + 24] = {0};
    struct vmi_env_session ses;
    struct vmi_env_boot b;

    memset(&s, 0, sizeof(s));
    hello(&s);
    memcpy(id + VMI_REC_IDENT_SIGNATURE, "TCGTCGTCGTCG", 12);
    vmi_rec_put32(id + VMI_REC_IDENT_ADAPTER_VERSION, 0x10002);
    vmi_rec_put32(id + VMI_REC_IDENT_CPUS, 2);
    vmi_rec_put32(id + VMI_REC_IDENT_GROUPS, 2);
    vmi_rec_put64(id + VMI_REC_IDENT_FEATURES + 8, 0x5);
    memcpy(id + VMI_REC_IDENT_FIXED, "native", 6);
    rec(&s, VMI_REC_IDENT, id, sizeof(id));
    vmi_rec_put32(mech + VMI_REC_MECH_INFO_SIZE, 512);
    vmi_rec_put64(mech + VMI_REC_MECH_HV_FEATURES, 0x28);
    memcpy(mech + VMI_REC_MECH_FIXED, "TIME_MONOTONIC=kvmclock\x01", 24);
    rec(&s, VMI_REC_MECH, mech, sizeof(mech));
    vmi_rec_put32(sk + VMI_REC_TRACE_SKIP_GROUPS, 2);
    vmi_rec_put64(sk + VMI_REC_TRACE_SKIP_MISSING + 8, 0x4);
    rec(&s, VMI_REC_TRACE_SKIP, sk, sizeof(sk));
    run(&ses, 1, &s, 0, &b);
    VMI_ASSERT_EQ(ses.ident.seen, 1);
    VMI_ASSERT_STR(ses.ident.signature, "TCGTCGTCGTCG");
    VMI_ASSERT_STR(ses.ident.adapter, "native");
    VMI_ASSERT_EQ(ses.ident.adapter_version, 0x10002);
    VMI_ASSERT_EQ(ses.ident.features[1], 0x5);
    /* MECH after IDENT: kept, with an unprintable byte shown as '.'. */
    VMI_ASSERT_EQ(ses.ident.mech_seen, 1);
    VMI_ASSERT_EQ(ses.ident.hv_features, 0x28);
    VMI_ASSERT_STR(ses.ident.mechanisms, "TIME_MONOTONIC=kvmclock.");
    VMI_ASSERT_EQ(ses.traces[0].outcome, VMI_ENV_SKIPPED);
    VMI_ASSERT_EQ(ses.traces[0].groups, 2);
    VMI_ASSERT_EQ(ses.traces[0].missing[1], 0x4);
    vmi_env_session_free(&ses);
}

/* Any bytes at all: no crash, and no trace ends up ENDED from garbage. */
static void garbage_never_passes(void)
{
    static struct stream s;
    struct vmi_env_session ses;
    struct vmi_env_boot b;
    uint32_t i, x = 12345;

    memset(&s, 0, sizeof(s));
    hello(&s);
    for (i = 0; i < 20000; i++) {
        x = x * 1103515245u + 12345u;
        s.buf[s.len++] = (char)(i % 97 == 0 ? '@' : (x >> 16));
    }
    run(&ses, 3, &s, 3, &b);
    for (i = 0; i < 3; i++)
        CU_ASSERT(ses.traces[i].outcome != VMI_ENV_ENDED);
    vmi_env_session_free(&ses);
}

static const struct vmi_test_case cases[] = {
    {"complete traces, any chunking", complete_traces},
    {"a bad CRC damages its trace only", bad_crc_damages_its_trace},
    {"a sequence gap damages its trace", sequence_gap_damages_its_trace},
    {"a lost TRACE_BEGIN damages the trace", lost_begin_damages_the_trace},
    {"faults: recovered and fatal", faults},
    {"a stream cut mid-record", truncated_stream},
    {"TRACE_SKIP and IDENT", skip_and_ident},
    {"garbage never passes", garbage_never_passes},
};

VMI_TEST_MAIN("envs_session", cases)
