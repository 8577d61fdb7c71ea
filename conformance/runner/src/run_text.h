/* A growing string for result details, and the names the details use. */
#ifndef VMI_CONFORM_RUN_TEXT_H
#define VMI_CONFORM_RUN_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include "vmi-conform/run.h"

struct vmi_run_text {
    char *s;           /* NUL-terminated while !oom */
    size_t len, cap;
    int oom;
};

/* Appends like printf; on failure sets oom and keeps what it had. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void vmi_run_text_add(struct vmi_run_text *t, const char *fmt, ...);
/* The text, handed over (malloc'd), or NULL when memory ran out. */
char *vmi_run_text_take(struct vmi_run_text *t);

/* "VMI_EINVAL", or "status -42" for a value the ABI does not name. */
void vmi_run_text_status(struct vmi_run_text *t, int32_t status);
/* "call cr_read", "probe read", "wait", "write", "expect ==". */
void vmi_run_text_step(struct vmi_run_text *t, uint8_t op, uint16_t sub);
/* "covers VMI-MMU-006 VMI-TLB-003" (nothing for a trace without IDs). */
void vmi_run_text_covers(struct vmi_run_text *t, const struct vmi_bundle *b,
                         const struct vmi_bundle_trace_view *v);

#endif /* VMI_CONFORM_RUN_TEXT_H */
