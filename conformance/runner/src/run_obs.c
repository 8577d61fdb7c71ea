/* An observed stream, recorded as the executor reports it. */
#include <stdlib.h>
#include "vmi-conform/run.h"

void vmi_obs_list_record(void *ctx, const struct vmi_exec_obs *obs)
{
    struct vmi_obs_list *l = ctx;

    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        struct vmi_exec_obs *v = realloc(l->v, cap * sizeof(*v));

        if (!v) {
            /* The hook cannot fail the executor: remember and let the
             * caller turn the run into an ERROR. */
            l->oom = 1;
            return;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->count++] = *obs;
}

void vmi_obs_list_free(struct vmi_obs_list *l)
{
    free(l->v);
    l->v = NULL;
    l->count = l->cap = 0;
    l->oom = 0;
}
