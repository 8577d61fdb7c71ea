/* Streaming decoder of the guest's record lines: every byte is a record or an ERROR. */
#include <string.h>
#include "vmi-guest/decode.h"

/* The fixed columns of a line (records.h). */
enum { COL_TYPE = 5, COL_SEQ = 8, COL_LEN = 17, COL_PAYLOAD = 22 };

void vmi_rec_decoder_init(struct vmi_rec_decoder *d, vmi_rec_handler handler, void *ctx)
{
    memset(d, 0, sizeof(*d));
    d->handler = handler;
    d->ctx = ctx;
    d->have_seq = 1;            /* a stream starts with HELLO, seq 0 */
}

static void report_error(struct vmi_rec_decoder *d, enum vmi_rec_error e, uint64_t offset,
                         uint64_t length)
{
    struct vmi_rec_event ev;

    memset(&ev, 0, sizeof(ev));
    ev.kind = VMI_REC_ERROR;
    ev.error = e;
    ev.offset = offset;
    ev.length = length;
    d->errors++;
    d->handler(d->ctx, &ev);
}

static void flush_garbage(struct vmi_rec_decoder *d)
{
    struct vmi_rec_event ev;

    if (d->garbage_len > 0 && d->seen_marker) {
        report_error(d, VMI_REC_EGARBAGE, d->garbage_start, d->garbage_len);
    } else if (d->garbage_len > 0) {
        memset(&ev, 0, sizeof(ev));
        ev.kind = VMI_REC_PREAMBLE;
        ev.offset = d->garbage_start;
        ev.length = d->garbage_len;
        d->handler(d->ctx, &ev);
    }
    d->garbage_len = 0;
}

/* Counts bytes at `offset` as garbage, starting a run if none is open. */
static void add_garbage(struct vmi_rec_decoder *d, uint64_t offset, uint64_t n)
{
    if (n == 0)
        return;
    if (d->garbage_len == 0)
        d->garbage_start = offset;
    d->garbage_len += n;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Reads `digits` lowercase hex digits; -1 on any other character. */
static int parse_hex(const char *s, unsigned digits, uint32_t *out)
{
    uint32_t v = 0;
    unsigned i;

    for (i = 0; i < digits; i++) {
        int h = hex_value(s[i]);
        if (h < 0)
            return -1;
        v = (v << 4) | (uint32_t)h;
    }
    *out = v;
    return 0;
}

/* Checks the line's columns; fills type, seq and len. */
static enum vmi_rec_error parse_header(const char *l, size_t n, struct vmi_rec_event *ev)
{
    uint32_t type, seq, len;

    if (n < VMI_REC_HEADER_LEN + VMI_REC_TRAILER_LEN - 1)
        return VMI_REC_ELENGTH;
    if (l[COL_SEQ - 1] != ' ' || l[COL_LEN - 1] != ' ' || l[COL_PAYLOAD - 1] != ' ')
        return VMI_REC_ESYNTAX;
    if (parse_hex(l + COL_TYPE, 2, &type) || parse_hex(l + COL_SEQ, 8, &seq) ||
        parse_hex(l + COL_LEN, 4, &len))
        return VMI_REC_ESYNTAX;
    if (len > VMI_REC_PAYLOAD_MAX ||
        n != VMI_REC_HEADER_LEN + 2u * len + VMI_REC_TRAILER_LEN - 1)
        return VMI_REC_ELENGTH;
    if (l[n - 9] != ' ')
        return VMI_REC_ESYNTAX;
    ev->type = (uint8_t)type;
    ev->seq = seq;
    ev->len = (uint16_t)len;
    return VMI_REC_ENONE;
}

/* Checks the CRC and decodes the payload hex into d->payload. */
static enum vmi_rec_error parse_body(struct vmi_rec_decoder *d, size_t n,
                                     const struct vmi_rec_event *ev)
{
    const char *l = d->line;
    uint32_t crc, byte;
    size_t i;

    if (parse_hex(l + n - 8, 8, &crc))
        return VMI_REC_ESYNTAX;
    if (vmi_rec_crc32(0, l, n - 8) != crc)
        return VMI_REC_ECRC;
    for (i = 0; i < ev->len; i++) {
        if (parse_hex(l + COL_PAYLOAD + 2 * i, 2, &byte))
            return VMI_REC_ESYNTAX;
        d->payload[i] = (uint8_t)byte;
    }
    return VMI_REC_ENONE;
}

/* A gap is an error of its own; the record itself is still good.  A HELLO
 * with seq 0 starts a new boot, so a restarted guest is not a gap. */
static void check_seq(struct vmi_rec_decoder *d, const struct vmi_rec_event *ev)
{
    int restart = ev->type == VMI_REC_HELLO && ev->seq == 0;

    if (d->have_seq && !restart && ev->seq != d->next_seq) {
        struct vmi_rec_event gap = *ev;
        gap.kind = VMI_REC_ERROR;
        gap.error = VMI_REC_ESEQ;
        gap.expected_seq = d->next_seq;
        gap.payload = NULL;
        d->errors++;
        d->handler(d->ctx, &gap);
    }
    d->have_seq = 1;
    d->next_seq = ev->seq + 1;
}

/* A complete line (without "\n", and without a "\r" before it). */
static void finish_line(struct vmi_rec_decoder *d, uint64_t length)
{
    struct vmi_rec_event ev;
    enum vmi_rec_error e;
    size_t n = d->line_len;

    if (n > 0 && d->line[n - 1] == '\r')
        n--;
    memset(&ev, 0, sizeof(ev));
    e = parse_header(d->line, n, &ev);
    if (e == VMI_REC_ENONE)
        e = parse_body(d, n, &ev);
    if (e != VMI_REC_ENONE) {
        report_error(d, e, d->frame_start, length);
        return;
    }
    ev.kind = VMI_REC_RECORD;
    ev.offset = d->frame_start;
    ev.length = length;
    ev.payload = d->payload;
    check_seq(d, &ev);
    d->records++;
    d->handler(d->ctx, &ev);
}

static int frame_char(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ' ' || c == '\r';
}

/* One byte inside a frame.  Returns 0 when the byte was used, 1 when the
 * frame ended without it and the byte must be looked at again as hunting. */
static int frame_byte(struct vmi_rec_decoder *d, unsigned char c)
{
    uint64_t so_far = d->offset - d->frame_start;

    if (c == '\n') {
        finish_line(d, so_far + 1);
        d->in_frame = 0;
        return 0;
    }
    if (!frame_char(c) || d->line_len >= sizeof(d->line)) {
        enum vmi_rec_error e = VMI_REC_ECHAR;
        if (c == '@')
            e = VMI_REC_ETRUNCATED;
        else if (d->line_len >= sizeof(d->line))
            e = VMI_REC_ELENGTH;
        report_error(d, e, d->frame_start, so_far);
        d->in_frame = 0;
        return 1;
    }
    d->line[d->line_len++] = (char)c;
    return 0;
}

/* One byte while hunting for the marker. */
static void hunt_byte(struct vmi_rec_decoder *d, unsigned char c)
{
    if ((char)c == VMI_REC_MARKER[d->marker_matched]) {
        if (++d->marker_matched < VMI_REC_MARKER_LEN)
            return;
        flush_garbage(d);
        d->seen_marker = 1;
        d->in_frame = 1;
        d->frame_start = d->offset + 1 - VMI_REC_MARKER_LEN;
        memcpy(d->line, VMI_REC_MARKER, VMI_REC_MARKER_LEN);
        d->line_len = VMI_REC_MARKER_LEN;
        d->marker_matched = 0;
        return;
    }
    /* The marker's only '@' is its first byte, so a failed partial match is
     * all garbage and this byte may start a new one. */
    add_garbage(d, d->offset - d->marker_matched, d->marker_matched);
    d->marker_matched = c == '@';
    if (!d->marker_matched)
        add_garbage(d, d->offset, 1);
}

void vmi_rec_decode(struct vmi_rec_decoder *d, const void *data, size_t n)
{
    const unsigned char *p = data;
    size_t i;

    for (i = 0; i < n; i++, d->offset++) {
        if (d->in_frame && frame_byte(d, p[i]) == 0)
            continue;
        hunt_byte(d, p[i]);
    }
}

void vmi_rec_decode_end(struct vmi_rec_decoder *d)
{
    if (d->in_frame)
        report_error(d, VMI_REC_ETRUNCATED, d->frame_start, d->offset - d->frame_start);
    d->in_frame = 0;
    add_garbage(d, d->offset - d->marker_matched, d->marker_matched);
    d->marker_matched = 0;
    flush_garbage(d);
}

const char *vmi_rec_error_name(enum vmi_rec_error e)
{
    static const char *const names[] = {
        "none", "garbage", "truncated", "bad-char", "bad-syntax",
        "bad-length", "bad-crc", "seq-gap",
    };

    if ((unsigned)e < sizeof(names) / sizeof(names[0]))
        return names[e];
    return "unknown";
}
