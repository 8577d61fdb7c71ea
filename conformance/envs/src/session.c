/* The per-trace outcomes of one environment run. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vmi-envs/session.h"

int vmi_env_session_init(struct vmi_env_session *s, uint32_t count)
{
    memset(s, 0, sizeof(*s));
    s->traces = calloc(count ? count : 1, sizeof(*s->traces));
    s->count = count;
    return s->traces ? 0 : -1;
}

void vmi_env_session_free(struct vmi_env_session *s)
{
    uint32_t i;

    for (i = 0; s->traces && i < s->count; i++) {
        free(s->traces[i].allocs);
        free(s->traces[i].obs);
    }
    free(s->traces);
    memset(s, 0, sizeof(*s));
}

void vmi_env_trace_close(struct vmi_env_trace *t, enum vmi_env_outcome o, const char *fmt, ...)
{
    va_list ap;

    if (t->outcome != VMI_ENV_NOT_RUN)
        return;
    t->outcome = o;
    if (!fmt)
        return;
    va_start(ap, fmt);
    vsnprintf(t->why, sizeof(t->why), fmt, ap);
    va_end(ap);
}
