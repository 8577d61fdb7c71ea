/* Test helpers for the record stream: encode into memory, decode into a list of events. */
#ifndef GUEST_RECORDS_FIXTURE_H
#define GUEST_RECORDS_FIXTURE_H

#include <stdlib.h>
#include <string.h>
#include "cunit_harness.h"
#include "vmi-guest/decode.h"

/* A byte buffer the encoder's sink appends to. */
struct stream {
    char *bytes;
    size_t len, cap;
};

static inline void stream_sink(void *ctx, const char *bytes, size_t n)
{
    struct stream *s = ctx;

    if (s->len + n > s->cap) {
        s->cap = (s->len + n) * 2 + 64;
        s->bytes = realloc(s->bytes, s->cap);
        if (s->bytes == NULL)
            abort();
    }
    memcpy(s->bytes + s->len, bytes, n);
    s->len += n;
}

static inline void stream_text(struct stream *s, const char *text)
{
    stream_sink(s, text, strlen(text));
}

static inline void stream_record(struct stream *s, uint8_t type, uint32_t seq, const void *p, size_t n)
{
    CU_ASSERT(vmi_rec_encode(type, seq, p, n, stream_sink, s) > 0);
}

/* One event, with a copy of its payload. */
struct seen {
    struct vmi_rec_event ev;
    uint8_t payload[VMI_REC_PAYLOAD_MAX];
};

struct seen_list {
    struct seen *items;
    size_t count, cap;
};

static inline void seen_handler(void *ctx, const struct vmi_rec_event *ev)
{
    struct seen_list *l = ctx;

    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = realloc(l->items, l->cap * sizeof(*l->items));
        if (l->items == NULL)
            abort();
    }
    l->items[l->count].ev = *ev;
    if (ev->payload != NULL)
        memcpy(l->items[l->count].payload, ev->payload, ev->len);
    /* The array moves as it grows: readers use .payload, never ev.payload. */
    l->items[l->count].ev.payload = NULL;
    l->count++;
}

/* Decodes bytes in pieces of `chunk` (0: all at once). */
static inline void decode_chunked(struct seen_list *l, const char *bytes, size_t n, size_t chunk)
{
    static struct vmi_rec_decoder d;
    size_t off = 0;

    memset(l, 0, sizeof(*l));
    vmi_rec_decoder_init(&d, seen_handler, l);
    if (chunk == 0)
        chunk = n ? n : 1;
    for (off = 0; off < n; off += chunk)
        vmi_rec_decode(&d, bytes + off, n - off < chunk ? n - off : chunk);
    vmi_rec_decode_end(&d);
}

static inline size_t count_kind(const struct seen_list *l, enum vmi_rec_kind k)
{
    size_t i, n = 0;

    for (i = 0; i < l->count; i++)
        n += l->items[i].ev.kind == k;
    return n;
}

#endif /* GUEST_RECORDS_FIXTURE_H */
