/* vmi_rec_format: one line per event, as the boot test and people read them. */
#include "records_fixture.h"

static char line[4096];

/* Formats a record event of `type` carrying p[0..n). */
static int format(uint8_t type, uint32_t seq, const uint8_t *p, size_t n)
{
    struct vmi_rec_event ev;

    memset(&ev, 0, sizeof(ev));
    ev.kind = VMI_REC_RECORD;
    ev.offset = 7;
    ev.type = type;
    ev.seq = seq;
    ev.len = (uint16_t)n;
    ev.payload = p;
    return vmi_rec_format(&ev, line, sizeof(line));
}

static void fault_and_check(void)
{
    uint8_t p[VMI_REC_FAULT_SIZE] = {0};

    vmi_rec_put32(p + VMI_REC_FAULT_TRACE, 3);
    p[VMI_REC_FAULT_VECTOR] = 6;
    vmi_rec_put64(p + VMI_REC_FAULT_RIP, 0x101da9);
    vmi_rec_put64(p + VMI_REC_FAULT_CR2, 0x4000000000ull);
    VMI_ASSERT_EQ(format(VMI_REC_FAULT, 5, p, VMI_REC_FAULT_SIZE), 0);
    VMI_ASSERT_STR(line, "@7 #5 FAULT trace=3 vector=6 fatal=0 cpu=0 error=0x0 "
                         "rip=0x101da9 cr2=0x4000000000 rsp=0x0");
    memset(p, 0, sizeof(p));
    vmi_rec_put32(p + VMI_REC_CHECK_ID, 2);
    vmi_rec_put32(p + VMI_REC_CHECK_PASSED, 1);
    vmi_rec_put64(p + VMI_REC_CHECK_GOT, 6);
    vmi_rec_put64(p + VMI_REC_CHECK_WANT, 6);
    memcpy(p + VMI_REC_CHECK_FIXED, "ud", 2);
    VMI_ASSERT_EQ(format(VMI_REC_CHECK, 6, p, VMI_REC_CHECK_FIXED + 2), 0);
    VMI_ASSERT_STR(line, "@7 #6 CHECK name=\"ud\" id=2 pass got=0x6 want=0x6");
}

static void hello_end_and_text(void)
{
    uint8_t p[32] = {1, 0, 0, 0, 'g', '"', '\\', 0x01};

    VMI_ASSERT_EQ(format(VMI_REC_HELLO, 0, p, 8), 0);
    VMI_ASSERT_STR(line, "@7 #0 HELLO version=1 name=\"g\\\"\\\\\\x01\"");
    memset(p, 0, sizeof(p));
    vmi_rec_put32(p + VMI_REC_END_EXIT, 0x10);
    vmi_rec_put32(p + VMI_REC_END_RECORDS, 28);
    vmi_rec_put32(p + VMI_REC_END_PASSED, 12);
    VMI_ASSERT_EQ(format(VMI_REC_END, 28, p, VMI_REC_END_SIZE), 0);
    VMI_ASSERT_STR(line, "@7 #28 END exit=0x10 records=28 passed=12 failed=0");
    VMI_ASSERT_EQ(format(0x77, 1, (const uint8_t *)"abc", 3), 0);
    VMI_ASSERT_STR(line, "@7 #1 TYPE-0x77 text=\"abc\"");
}

/* A payload shorter than its type's fixed fields is a guest bug. */
static void short_payload_is_malformed(void)
{
    uint8_t p[8] = {0};

    VMI_ASSERT_EQ(format(VMI_REC_BOOT, 1, p, 8), -1);
    VMI_ASSERT_STR(line, "@7 #1 BOOT MALFORMED payload=8 bytes");
}

static void errors_and_preamble(void)
{
    struct vmi_rec_event ev;

    memset(&ev, 0, sizeof(ev));
    ev.kind = VMI_REC_ERROR;
    ev.error = VMI_REC_ESEQ;
    ev.offset = 99;
    ev.length = 34;
    ev.seq = 5;
    ev.expected_seq = 3;
    VMI_ASSERT_EQ(vmi_rec_format(&ev, line, sizeof(line)), 0);
    VMI_ASSERT_STR(line, "@99 ERROR seq-gap length=34 seq=5 expected=3");
    ev.kind = VMI_REC_PREAMBLE;
    vmi_rec_format(&ev, line, sizeof(line));
    VMI_ASSERT_STR(line, "@99 PREAMBLE length=34");
    VMI_ASSERT_STR(vmi_rec_error_name((enum vmi_rec_error)99), "unknown");
}

/* The output is cut to the buffer and always terminated. */
static void small_buffers(void)
{
    struct vmi_rec_event ev;
    char small[8];

    memset(&ev, 0, sizeof(ev));
    ev.kind = VMI_REC_ERROR;
    ev.error = VMI_REC_ECRC;
    ev.offset = 123456;
    VMI_ASSERT_EQ(vmi_rec_format(&ev, small, sizeof(small)), 0);
    VMI_ASSERT_STR(small, "@123456");
    VMI_ASSERT_EQ(vmi_rec_format(&ev, small, 1), 0);
    VMI_ASSERT_STR(small, "");
    VMI_ASSERT_EQ(vmi_rec_format(&ev, small, 0), 0);
}

static const struct vmi_test_case cases[] = {
    {"fault_and_check", fault_and_check},
    {"hello_end_and_text", hello_end_and_text},
    {"short_payload_is_malformed", short_payload_is_malformed},
    {"errors_and_preamble", errors_and_preamble},
    {"small_buffers", small_buffers},
};

VMI_TEST_MAIN("guest records print", cases)
