/* Frames one record as a checksummed text line (records.h); freestanding, guest and host. */
#include "vmi-guest/records.h"

static const char hex_digits[] = "0123456789abcdef";

/* Bitwise, without a table: the guest has few records per second to send
 * and 1 KiB of table is not worth it. */
uint32_t vmi_rec_crc32(uint32_t crc, const void *data, size_t n)
{
    const uint8_t *p = data;
    size_t i;
    int bit;

    crc = ~crc;
    for (i = 0; i < n; i++) {
        crc ^= p[i];
        for (bit = 0; bit < 8; bit++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

static char *put_hex(char *out, uint32_t value, unsigned digits)
{
    while (digits-- > 0)
        *out++ = hex_digits[(value >> (4 * digits)) & 0xf];
    return out;
}

/* Sends a piece of the line and folds it into the running checksum. */
static void emit(vmi_rec_sink sink, void *ctx, uint32_t *crc, const char *s, size_t n)
{
    *crc = vmi_rec_crc32(*crc, s, n);
    sink(ctx, s, n);
}

size_t vmi_rec_encode(uint8_t type, uint32_t seq, const void *payload, size_t len,
                      vmi_rec_sink sink, void *ctx)
{
    const uint8_t *p = payload;
    char buf[64], *o;
    uint32_t crc = 0;
    size_t i;

    if (len > VMI_REC_PAYLOAD_MAX)
        return 0;
    o = buf;
    for (i = 0; i < VMI_REC_MARKER_LEN; i++)
        *o++ = VMI_REC_MARKER[i];
    o = put_hex(o, type, 2);
    *o++ = ' ';
    o = put_hex(o, seq, 8);
    *o++ = ' ';
    o = put_hex(o, (uint32_t)len, 4);
    *o++ = ' ';
    emit(sink, ctx, &crc, buf, (size_t)(o - buf));
    /* The payload in pieces of 32 bytes, so the stack buffer stays small. */
    for (i = 0; i < len; i += 32) {
        size_t j, end = len - i < 32 ? len : i + 32;
        for (o = buf, j = i; j < end; j++)
            o = put_hex(o, p[j], 2);
        emit(sink, ctx, &crc, buf, (size_t)(o - buf));
    }
    emit(sink, ctx, &crc, " ", 1);
    o = put_hex(buf, crc, 8);
    *o++ = '\n';
    sink(ctx, buf, (size_t)(o - buf));
    return VMI_REC_HEADER_LEN + 2 * len + VMI_REC_TRAILER_LEN;
}
