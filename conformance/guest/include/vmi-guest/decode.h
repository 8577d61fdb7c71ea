/* Host side of the guest's record stream: a streaming decoder and a printer. */
#ifndef VMI_GUEST_DECODE_H
#define VMI_GUEST_DECODE_H

/*
 * The decoder takes the console bytes in pieces of any size, as they come
 * from a file or a pipe, and reports each valid record and each error
 * (records.h) through one callback.  It never trusts the bytes: anything
 * that is not a valid frame becomes an ERROR with its byte offset, and it
 * resynchronises on the next "@VMI " marker.  Memory is bounded: one line
 * buffer in the decoder, no allocation.
 */
#include <stddef.h>
#include <stdint.h>
#include "vmi-guest/records.h"

/* Bytes before the stream's first marker are the PREAMBLE: the firmware's
 * own console output (SeaBIOS writes to COM1 under -nographic), not an
 * error.  Once a marker has been seen, every stray byte is an ERROR. */
enum vmi_rec_kind { VMI_REC_RECORD = 0, VMI_REC_ERROR = 1, VMI_REC_PREAMBLE = 2 };

enum vmi_rec_error {
    VMI_REC_ENONE = 0,
    VMI_REC_EGARBAGE,   /* bytes outside any frame */
    VMI_REC_ETRUNCATED, /* a frame cut short: the next marker or the end came first */
    VMI_REC_ECHAR,      /* a byte that no frame may hold */
    VMI_REC_ESYNTAX,    /* misplaced separator or field */
    VMI_REC_ELENGTH,    /* length field over the limit, or not the line's length */
    VMI_REC_ECRC,       /* checksum mismatch */
    VMI_REC_ESEQ        /* records were lost: seq is not the one expected (the
                         * first record must be HELLO with seq 0) */
};

struct vmi_rec_event {
    enum vmi_rec_kind kind;
    enum vmi_rec_error error;   /* VMI_REC_ENONE for a record */
    uint64_t offset;            /* byte offset of the frame's '@' or of the garbage */
    uint64_t length;            /* bytes the record or the error covers */
    uint32_t expected_seq;      /* VMI_REC_ESEQ: the seq that should have come */
    uint8_t type;               /* a record's (and an ESEQ error's) fields */
    uint32_t seq;
    uint16_t len;
    const uint8_t *payload;     /* len bytes, valid during the callback only */
};

typedef void (*vmi_rec_handler)(void *ctx, const struct vmi_rec_event *ev);

struct vmi_rec_decoder {
    vmi_rec_handler handler;
    void *ctx;
    uint64_t offset;            /* bytes consumed */
    uint64_t records, errors;   /* events reported so far */
    int seen_marker;            /* the preamble is over */
    /* Hunting for a marker: how much of it matched, and the garbage run. */
    uint32_t marker_matched;
    uint64_t garbage_start, garbage_len;
    /* Inside a frame: the line from '@', without its newline. */
    int in_frame;
    uint64_t frame_start;
    size_t line_len;
    char line[VMI_REC_LINE_MAX + 1];
    int have_seq;
    uint32_t next_seq;
    uint8_t payload[VMI_REC_PAYLOAD_MAX];
};

void vmi_rec_decoder_init(struct vmi_rec_decoder *d, vmi_rec_handler handler, void *ctx);
/* Consumes n bytes; reports what they complete. */
void vmi_rec_decode(struct vmi_rec_decoder *d, const void *data, size_t n);
/* The end of the stream: a frame in progress is truncated, garbage reported. */
void vmi_rec_decode_end(struct vmi_rec_decoder *d);

const char *vmi_rec_error_name(enum vmi_rec_error e);   /* "bad-crc"; never NULL */
const char *vmi_rec_type_name(uint8_t type);            /* "FAULT", or NULL */

/*
 * One event as one line of text (no newline) for logs and scripts:
 *   "@120 #3 FAULT trace=0 vector=6 fatal=0 cpu=0 error=0x0 rip=0x1012a4 ..."
 *   "@480 ERROR bad-crc length=61"
 *   "@0 PREAMBLE length=284"
 * Returns 0, or -1 when a record's payload is too short for its type (the
 * line then says MALFORMED): a guest bug the caller should count as an error.
 * The output is always NUL-terminated and cut to cap.
 */
int vmi_rec_format(const struct vmi_rec_event *ev, char *out, size_t cap);

#endif /* VMI_GUEST_DECODE_H */
