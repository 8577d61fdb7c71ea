/* libFuzzer entry point: the record decoder and printer on any console bytes. */
#include <stdlib.h>
#include "vmi-guest/decode.h"

struct walk {
    uint64_t at;        /* where the next event must start */
};

/* Besides not crashing: events tile the input (a seq gap repeats its record's range). */
static void on_event(void *ctx, const struct vmi_rec_event *ev)
{
    struct walk *w = ctx;
    char line[512];

    vmi_rec_format(ev, line, sizeof(line));
    if (ev->kind == VMI_REC_ERROR && ev->error == VMI_REC_ESEQ)
        return;
    if (ev->offset != w->at || ev->length == 0)
        abort();
    w->at = ev->offset + ev->length;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct vmi_rec_decoder d;
    struct walk w = {0};
    size_t split = size ? data[0] % (size + 1) : 0;

    /* Two pieces, split where the first byte says: frames cross feeds too. */
    vmi_rec_decoder_init(&d, on_event, &w);
    vmi_rec_decode(&d, data, split);
    vmi_rec_decode(&d, data + split, size - split);
    vmi_rec_decode_end(&d);
    if (w.at != size)
        abort();
    return 0;
}
