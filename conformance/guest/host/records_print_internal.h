/* What the printer's files share: the line under construction and how to append to it. */
#ifndef VMI_GUEST_RECORDS_PRINT_INTERNAL_H
#define VMI_GUEST_RECORDS_PRINT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "vmi-guest/decode.h"

/* An output line under construction; appends stop quietly at the end. */
struct vmi__rec_out {
    char *p;
    size_t cap, len;
};

void vmi__rec_put(struct vmi__rec_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A text field of the guest's, quoted, with what is not printable escaped. */
void vmi__rec_put_text(struct vmi__rec_out *o, const char *key, const uint8_t *s, size_t n);

/* The executor's records (0x10..0x16), whose fixed part is checked
 * already: their fields, or -1 (after " MALFORMED ...") when a count in
 * the payload claims more bytes than it has. */
int vmi__rec_put_exec(struct vmi__rec_out *o, uint8_t type, const uint8_t *p, size_t n);

#endif /* VMI_GUEST_RECORDS_PRINT_INTERNAL_H */
