/* The record format: the encoder's exact lines, and the decoder on good and bad streams. */
#include "records_fixture.h"

static void crc32_check_value(void)
{
    VMI_ASSERT_EQ(vmi_rec_crc32(0, "123456789", 9), 0xcbf43926u);
    VMI_ASSERT_EQ(vmi_rec_crc32(0, "", 0), 0);
    /* Continuing a CRC over pieces gives the CRC of the whole. */
    VMI_ASSERT_EQ(vmi_rec_crc32(vmi_rec_crc32(0, "1234", 4), "56789", 5), 0xcbf43926u);
}

/* Pins the wire format: these lines are what the guest writes (zlib's crc32). */
static void encode_exact_lines(void)
{
    struct stream s = {0};

    VMI_ASSERT_EQ(vmi_rec_encode(0x02, 1, "hi", 2, stream_sink, &s), 36);
    VMI_ASSERT_EQ(vmi_rec_encode(0x0f, 0, NULL, 0, stream_sink, &s), 32);
    stream_sink(&s, "", 1);
    VMI_ASSERT_STR(s.bytes, "@VMI 02 00000001 0002 6869 468e68c5\n"
                            "@VMI 0f 00000000 0000  eed1725c\n");
    free(s.bytes);
}

static void encode_refuses_oversize(void)
{
    static uint8_t big[VMI_REC_PAYLOAD_MAX + 1];
    struct stream s = {0};

    VMI_ASSERT_EQ(vmi_rec_encode(1, 0, big, sizeof(big), stream_sink, &s), 0);
    VMI_ASSERT_EQ(s.len, 0);
    VMI_ASSERT_EQ(vmi_rec_encode(1, 0, big, VMI_REC_PAYLOAD_MAX, stream_sink, &s),
                  VMI_REC_LINE_MAX);
    VMI_ASSERT_EQ(s.len, VMI_REC_LINE_MAX);
    free(s.bytes);
}

/* Payload lengths around the encoder's 32-byte pieces and the limit, in
 * every chunking from byte-by-byte to all at once. */
static void roundtrip_lengths(void)
{
    static const size_t lens[] = {0, 1, 31, 32, 33, 200, VMI_REC_PAYLOAD_MAX};
    static uint8_t p[VMI_REC_PAYLOAD_MAX];
    static const size_t chunks[] = {0, 1, 2, 7, 4096};
    struct stream s = {0};
    struct seen_list l;
    size_t i, c;

    for (i = 0; i < sizeof(p); i++)
        p[i] = (uint8_t)(i * 7 + 3);
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
        stream_record(&s, i == 0 ? VMI_REC_HELLO : (uint8_t)(0x40 + i), (uint32_t)i, p, lens[i]);
    for (c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
        decode_chunked(&l, s.bytes, s.len, chunks[c]);
        VMI_ASSERT_EQ(l.count, 7);
        for (i = 0; i < l.count && i < 7; i++) {
            VMI_ASSERT_EQ(l.items[i].ev.kind, VMI_REC_RECORD);
            VMI_ASSERT_EQ(l.items[i].ev.seq, i);
            VMI_ASSERT_EQ(l.items[i].ev.len, lens[i]);
            CU_ASSERT(memcmp(l.items[i].payload, p, lens[i]) == 0);
        }
        free(l.items);
    }
    free(s.bytes);
}

/* Firmware text before the first marker is preamble; after it, garbage. */
static void preamble_and_garbage(void)
{
    struct stream s = {0};
    struct seen_list l;

    stream_text(&s, "SeaBIOS\r\n");
    stream_record(&s, VMI_REC_HELLO, 0, "x", 1);
    stream_text(&s, "noise@VM");
    stream_record(&s, VMI_REC_LOG, 1, "y", 1);
    decode_chunked(&l, s.bytes, s.len, 0);
    VMI_ASSERT_EQ(l.count, 4);
    VMI_ASSERT_EQ(l.items[0].ev.kind, VMI_REC_PREAMBLE);
    VMI_ASSERT_EQ(l.items[0].ev.offset, 0);
    VMI_ASSERT_EQ(l.items[0].ev.length, 9);
    VMI_ASSERT_EQ(l.items[1].ev.kind, VMI_REC_RECORD);
    VMI_ASSERT_EQ(l.items[1].ev.offset, 9);
    VMI_ASSERT_EQ(l.items[2].ev.kind, VMI_REC_ERROR);
    VMI_ASSERT_EQ(l.items[2].ev.error, VMI_REC_EGARBAGE);
    VMI_ASSERT_EQ(l.items[2].ev.offset, 9 + 34);
    VMI_ASSERT_EQ(l.items[2].ev.length, 8);
    VMI_ASSERT_EQ(l.items[3].ev.kind, VMI_REC_RECORD);
    VMI_ASSERT_EQ(l.items[3].ev.seq, 1);
    free(l.items);
    free(s.bytes);
}

/* Decodes `text` and checks the first event is an error e at offset 0. */
static void expect_first_error(const char *text, enum vmi_rec_error e)
{
    struct seen_list l;

    decode_chunked(&l, text, strlen(text), 0);
    CU_ASSERT(l.count >= 1);
    if (l.count >= 1) {
        VMI_ASSERT_STR(vmi_rec_error_name(l.items[0].ev.error), vmi_rec_error_name(e));
        VMI_ASSERT_EQ(l.items[0].ev.offset, 0);
    }
    free(l.items);
}

static void each_error_kind(void)
{
    /* The good line is "@VMI 02 00000001 0002 6869 468e68c5\n". */
    expect_first_error("@VMI 02 00000001 0002 6869 468e68c6\n", VMI_REC_ECRC);
    expect_first_error("@VMI 02 00000001 0002 6869 468e68C5\n", VMI_REC_ECHAR);
    expect_first_error("@VMI 02 00000001 0003 6869 468e68c5\n", VMI_REC_ELENGTH);
    expect_first_error("@VMI 02 00000001 0802 6869 468e68c5\n", VMI_REC_ELENGTH);
    expect_first_error("@VMI 02 000000010 002 6869 468e68c5\n", VMI_REC_ESYNTAX);
    expect_first_error("@VMI 02 00000001 0002 686 9468e68c5\n", VMI_REC_ESYNTAX);
    expect_first_error("@VMI 02 00000001 0002 6869 468e6\n", VMI_REC_ELENGTH);
    expect_first_error("@VMI 02 00000001 0002 68@VMI ", VMI_REC_ETRUNCATED);
    expect_first_error("@VMI 02 00000001 0002 6869 468e68", VMI_REC_ETRUNCATED);
    expect_first_error("@VMI 02 00000001 0002 6869 468e68c5\n", VMI_REC_ESEQ);
}

static void crlf_is_accepted(void)
{
    const char *text = "@VMI 0f 00000000 0000  eed1725c\r\n";
    struct seen_list l;

    decode_chunked(&l, text, strlen(text), 0);
    VMI_ASSERT_EQ(l.count, 1);
    VMI_ASSERT_EQ(count_kind(&l, VMI_REC_RECORD), 1);
    VMI_ASSERT_EQ(l.items[0].ev.length, 33);
    free(l.items);
}

/* A bad record costs itself and a seq gap; the stream resyncs after it. */
static void resync_after_bad_crc(void)
{
    struct stream s = {0};
    struct seen_list l;

    stream_record(&s, VMI_REC_HELLO, 0, "a", 1);
    stream_record(&s, VMI_REC_LOG, 1, "b", 1);
    stream_record(&s, VMI_REC_LOG, 2, "c", 1);
    s.bytes[34 + 23] ^= 0x01;       /* '2' -> '3' in record 1's payload */
    decode_chunked(&l, s.bytes, s.len, 3);
    VMI_ASSERT_EQ(l.count, 4);
    VMI_ASSERT_EQ(l.items[1].ev.error, VMI_REC_ECRC);
    VMI_ASSERT_EQ(l.items[1].ev.offset, 34);
    VMI_ASSERT_EQ(l.items[1].ev.length, 34);
    VMI_ASSERT_EQ(l.items[2].ev.error, VMI_REC_ESEQ);
    VMI_ASSERT_EQ(l.items[2].ev.expected_seq, 1);
    VMI_ASSERT_EQ(l.items[3].ev.kind, VMI_REC_RECORD);
    VMI_ASSERT_EQ(l.items[3].ev.seq, 2);
    free(l.items);
    free(s.bytes);
}

/* A guest that restarts begins again with HELLO 0: not a gap. */
static void hello_zero_restarts_seq(void)
{
    struct stream s = {0};
    struct seen_list l;

    stream_record(&s, VMI_REC_HELLO, 0, "a", 1);
    stream_record(&s, VMI_REC_LOG, 1, "b", 1);
    stream_record(&s, VMI_REC_HELLO, 0, "a", 1);
    stream_record(&s, VMI_REC_LOG, 1, "b", 1);
    decode_chunked(&l, s.bytes, s.len, 0);
    VMI_ASSERT_EQ(l.count, 4);
    VMI_ASSERT_EQ(count_kind(&l, VMI_REC_ERROR), 0);
    free(l.items);
    free(s.bytes);
}

static void overlong_line(void)
{
    struct stream s = {0};
    struct seen_list l;
    size_t i;

    stream_text(&s, "@VMI ");
    for (i = 0; i < VMI_REC_LINE_MAX + 10; i++)
        stream_text(&s, "0");
    stream_text(&s, "\n");
    decode_chunked(&l, s.bytes, s.len, 0);
    VMI_ASSERT_EQ(l.count, 2);
    VMI_ASSERT_EQ(l.items[0].ev.error, VMI_REC_ELENGTH);
    VMI_ASSERT_EQ(l.items[1].ev.error, VMI_REC_EGARBAGE);
    VMI_ASSERT_EQ(l.items[0].ev.length + l.items[1].ev.length, s.len);
    free(l.items);
    free(s.bytes);
}

static const struct vmi_test_case cases[] = {
    {"crc32_check_value", crc32_check_value},
    {"encode_exact_lines", encode_exact_lines},
    {"encode_refuses_oversize", encode_refuses_oversize},
    {"roundtrip_lengths", roundtrip_lengths},
    {"preamble_and_garbage", preamble_and_garbage},
    {"each_error_kind", each_error_kind},
    {"crlf_is_accepted", crlf_is_accepted},
    {"resync_after_bad_crc", resync_after_bad_crc},
    {"hello_zero_restarts_seq", hello_zero_restarts_seq},
    {"overlong_line", overlong_line},
};

VMI_TEST_MAIN("guest records", cases)
