/* The guest's record stream: numbers each record, frames it and sends it to the console. */
#include "guest.h"

/*
 * Records go out a line or a batch at a time: each console write costs a
 * hypervisor exit per string, not per byte.  Within a trace they are held
 * back until it ends, so writing them (milliseconds per line on a nested
 * hypervisor) does not stretch the time between the trace's steps, which
 * timer traces measure.  Room for the largest trace; a fuller buffer is
 * sent early rather than lost.
 */
#define REC_BATCH_BYTES (64u * 1024u)

static uint32_t next_seq;
static char batch[REC_BATCH_BYTES];
static size_t batch_len;
static int holding;

static void to_batch(void *ctx, const char *bytes, size_t n)
{
    (void)ctx;
    memcpy(batch + batch_len, bytes, n);
    batch_len += n;
}

static void flush(void)
{
    console_write(batch, batch_len);
    batch_len = 0;
}

/* The last record of a trace or of the guest must reach the host even if
 * nothing follows it. */
static int ends_something(uint8_t type)
{
    return type == VMI_REC_TRACE_END || type == VMI_REC_FAULT || type == VMI_REC_END;
}

/* One CPU emits at a time: the others' steps run while CPU 0 waits. */
void rec_emit(uint8_t type, const void *payload, size_t len)
{
    if (len > VMI_REC_PAYLOAD_MAX)
        len = VMI_REC_PAYLOAD_MAX;
    if (batch_len + VMI_REC_LINE_MAX > sizeof(batch))
        flush();
    vmi_rec_encode(type, next_seq++, payload, len, to_batch, NULL);
    if (!holding || ends_something(type))
        flush();
}

void rec_hold(void)
{
    holding = 1;
}

void rec_release(void)
{
    holding = 0;
    flush();
}

size_t rec_text(uint8_t *buf, size_t fixed, size_t cap, const char *text)
{
    size_t n = strnlen_bounded(text, cap - fixed);

    memcpy(buf + fixed, text, n);
    return fixed + n;
}

void rec_log(const char *text)
{
    uint8_t buf[256];

    rec_emit(VMI_REC_LOG, buf, rec_text(buf, 0, sizeof(buf), text));
}

uint32_t rec_count(void)
{
    return next_seq;
}
