/* Fuzz-style: random, truncated and corrupted streams never crash the decoder or fake a record. */
#include "records_fixture.h"

/* A small deterministic generator: failures reproduce from the seed. */
static uint64_t rng_state;

static uint32_t rng(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 33);
}

/*
 * Every byte of a stream belongs to exactly one event, in order: records,
 * errors and the preamble tile it (a seq gap repeats its record's range and
 * is left out).  This is what lets a runner say where every error is.
 */
static void check_tiling(const struct seen_list *l, size_t total)
{
    uint64_t at = 0;
    size_t i;

    for (i = 0; i < l->count; i++) {
        const struct vmi_rec_event *ev = &l->items[i].ev;
        if (ev->kind == VMI_REC_ERROR && ev->error == VMI_REC_ESEQ)
            continue;
        VMI_ASSERT_EQ(ev->offset, at);
        CU_ASSERT(ev->length > 0);
        at = ev->offset + ev->length;
    }
    VMI_ASSERT_EQ(at, total);
}

/* The printer takes whatever the decoder hands it. */
static void format_all(const struct seen_list *l)
{
    char line[256];
    size_t i;

    for (i = 0; i < l->count; i++) {
        struct vmi_rec_event ev = l->items[i].ev;
        ev.payload = l->items[i].payload;
        vmi_rec_format(&ev, line, sizeof(line));
        CU_ASSERT(strlen(line) < sizeof(line));
    }
}

static void random_bytes(void)
{
    static char buf[8192];
    struct seen_list l;
    size_t i, n, iter;

    rng_state = 1;
    for (iter = 0; iter < 300; iter++) {
        n = rng() % sizeof(buf);
        for (i = 0; i < n; i++) {
            /* Mostly the frame alphabet, so the decoder gets deep into frames. */
            static const char alpha[] = "@VMI 0123456789abcdef\n\r";
            buf[i] = rng() % 4 ? alpha[rng() % (sizeof(alpha) - 1)] : (char)rng();
        }
        decode_chunked(&l, buf, n, 1 + rng() % 64);
        check_tiling(&l, n);
        format_all(&l);
        free(l.items);
    }
}

/* A valid stream of `count` records with random payloads. */
static void make_stream(struct stream *s, size_t count)
{
    uint8_t p[VMI_REC_PAYLOAD_MAX];
    size_t i, j, n;

    for (i = 0; i < count; i++) {
        n = rng() % 4 == 0 ? rng() % VMI_REC_PAYLOAD_MAX : rng() % 48;
        for (j = 0; j < n; j++)
            p[j] = (uint8_t)rng();
        stream_record(s, i == 0 ? VMI_REC_HELLO : (uint8_t)(rng() % 256), (uint32_t)i, p, n);
    }
}

/* Every record decoded from a damaged stream is one the guest sent, unchanged. */
static size_t check_genuine(const struct seen_list *damaged, const struct seen_list *good)
{
    size_t i, records = 0;

    for (i = 0; i < damaged->count; i++) {
        const struct seen *d = &damaged->items[i];
        const struct seen *g;
        if (d->ev.kind != VMI_REC_RECORD)
            continue;
        records++;
        CU_ASSERT_FATAL(d->ev.seq < good->count);
        g = &good->items[d->ev.seq];
        VMI_ASSERT_EQ(d->ev.type, g->ev.type);
        VMI_ASSERT_EQ(d->ev.len, g->ev.len);
        CU_ASSERT(memcmp(d->payload, g->payload, g->ev.len) == 0);
    }
    return records;
}

/* One random change: flip a bit, delete a byte, or (half the time) insert one. */
static size_t mutate(char *b, size_t n, size_t cap)
{
    size_t at = rng() % n;

    switch (rng() % 4) {
    case 0:
        b[at] ^= (char)(1u << (rng() % 8));
        return n;
    case 1:
        memmove(b + at, b + at + 1, n - at - 1);
        return n - 1;
    default:
        if (n == cap)
            return n;
        memmove(b + at + 1, b + at, n - at);
        b[at] = (char)(rng() % 3 ? rng() : (uint32_t)'@');
        return n + 1;
    }
}

/* One change damages at most the two lines around it; everything else
 * decodes, and nothing that decodes was altered. */
static void single_mutations(void)
{
    struct stream s = {0};
    struct seen_list good, bad;
    char *copy;
    size_t iter, n, records;

    rng_state = 2;
    make_stream(&s, 40);
    decode_chunked(&good, s.bytes, s.len, 0);
    VMI_ASSERT_EQ(count_kind(&good, VMI_REC_RECORD), 40);
    copy = malloc(s.len + 1);
    for (iter = 0; iter < 2000; iter++) {
        memcpy(copy, s.bytes, s.len);
        n = mutate(copy, s.len, s.len + 1);
        decode_chunked(&bad, copy, n, 1 + rng() % 200);
        check_tiling(&bad, n);
        records = check_genuine(&bad, &good);
        CU_ASSERT(records >= 38);
        if (records == 40)      /* only a byte inserted between two lines is harmless */
            VMI_ASSERT_EQ(n, s.len + 1);
        free(bad.items);
    }
    free(copy);
    free(good.items);
    free(s.bytes);
}

/* Many changes at once: still no crash, no fake record, full tiling. */
static void heavy_corruption(void)
{
    struct stream s = {0};
    struct seen_list good, bad;
    char *copy;
    size_t iter, k, n;

    rng_state = 3;
    make_stream(&s, 30);
    decode_chunked(&good, s.bytes, s.len, 0);
    copy = malloc(s.len + 64);
    for (iter = 0; iter < 500; iter++) {
        memcpy(copy, s.bytes, s.len);
        n = s.len;
        for (k = rng() % 40; k > 0 && n > 1; k--)
            n = mutate(copy, n, s.len + 64);
        decode_chunked(&bad, copy, n, 1 + rng() % 100);
        check_tiling(&bad, n);
        check_genuine(&bad, &good);
        format_all(&bad);
        free(bad.items);
    }
    free(copy);
    free(good.items);
    free(s.bytes);
}

/* Cut anywhere: the complete lines before the cut decode, the rest is one
 * truncated frame (or a partial marker, as garbage). */
static void every_truncation(void)
{
    struct stream s = {0};
    struct seen_list good, cut;
    size_t n, i, complete;

    rng_state = 4;
    make_stream(&s, 6);
    decode_chunked(&good, s.bytes, s.len, 0);
    for (n = 0; n <= s.len; n++) {
        decode_chunked(&cut, s.bytes, n, 0);
        check_tiling(&cut, n);
        for (complete = 0, i = 0; i < good.count; i++)
            complete += good.items[i].ev.offset + good.items[i].ev.length <= n;
        VMI_ASSERT_EQ(check_genuine(&cut, &good), complete);
        /* A cut inside the very first marker leaves only preamble. */
        VMI_ASSERT_EQ(count_kind(&cut, VMI_REC_ERROR),
                      n < s.len && n >= VMI_REC_MARKER_LEN && s.bytes[n - 1] != '\n');
        free(cut.items);
    }
    free(good.items);
    free(s.bytes);
}

static const struct vmi_test_case cases[] = {
    {"random_bytes", random_bytes},
    {"single_mutations", single_mutations},
    {"heavy_corruption", heavy_corruption},
    {"every_truncation", every_truncation},
};

VMI_TEST_MAIN("guest records fuzz", cases)
