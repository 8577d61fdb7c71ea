/* Internal helpers of the guest stubs: no C library in a freestanding guest. */
#ifndef VMI_STUBS_INTERNAL_H
#define VMI_STUBS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

struct vmi_ops;
/* Every slot answering VMI_ENOTSUP. */
extern const struct vmi_ops vmi__stubs_enotsup;

void vmi__stubs_zero(void *p, size_t n);
/* Non-zero when the NUL-terminated `a` equals the n bytes of `b`. */
int vmi__stubs_name_is(const char *a, const char *b, size_t n);
int vmi__stubs_name_cmp(const char *a, const char *b);
/* The NAME of a `vmi.adapter=NAME` word in cmdline: its start and length,
 * or 0 when there is none (the last such word wins). */
const char *vmi__stubs_cmdline_adapter(const char *cmdline, size_t *len);

#endif /* VMI_STUBS_INTERNAL_H */
