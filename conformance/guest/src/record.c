/* The guest's record stream: numbers each record and frames it onto the console. */
#include "guest.h"

static uint32_t next_seq;

static void to_console(void *ctx, const char *bytes, size_t n)
{
    (void)ctx;
    console_write(bytes, n);
}

/* One CPU emits today; with SMP, records must be sent under a lock so two
 * lines never interleave (the decoder would call both truncated). */
void rec_emit(uint8_t type, const void *payload, size_t len)
{
    if (len > VMI_REC_PAYLOAD_MAX)
        len = VMI_REC_PAYLOAD_MAX;
    vmi_rec_encode(type, next_seq++, payload, len, to_console, NULL);
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
