/* vmi-guest-records: decodes a guest console log into one line per record or error. */
#include <stdio.h>
#include <string.h>
#include "vmi-guest/decode.h"

struct tally {
    unsigned long records, errors;
};

static void print_event(void *ctx, const struct vmi_rec_event *ev)
{
    struct tally *t = ctx;
    char line[4 * VMI_REC_PAYLOAD_MAX + 256];

    /* A malformed payload passed its checksum but is still a guest bug. */
    if (vmi_rec_format(ev, line, sizeof(line)) != 0 || ev->kind == VMI_REC_ERROR)
        t->errors++;
    else if (ev->kind == VMI_REC_RECORD)
        t->records++;
    puts(line);
}

static int decode_file(const char *path, struct tally *t)
{
    static struct vmi_rec_decoder d;   /* ~3 KiB of line buffer: keep it off the stack */
    unsigned char buf[4096];
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    size_t n;

    if (fp == NULL) {
        fprintf(stderr, "vmi-guest-records: %s: cannot open\n", path);
        return -1;
    }
    vmi_rec_decoder_init(&d, print_event, t);
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
        vmi_rec_decode(&d, buf, n);
    vmi_rec_decode_end(&d);
    if (fp != stdin)
        fclose(fp);
    return 0;
}

/* Exit status: 0 every byte after the preamble was a good record, 1 some
 * were not (or there were no records), 2 usage or I/O. */
int main(int argc, char **argv)
{
    struct tally t = {0, 0};
    int i;

    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fprintf(stderr, "usage: vmi-guest-records FILE|- ...\n"
                        "  prints one line per record or error; exit 1 on any error or no record\n");
        return 2;
    }
    for (i = 1; i < argc; i++)
        if (decode_file(argv[i], &t) != 0)
            return 2;
    fprintf(stderr, "vmi-guest-records: %lu records, %lu errors\n", t.records, t.errors);
    /* A guest that never said a word did not run: that is no clean log. */
    return t.errors || t.records == 0 ? 1 : 0;
}
