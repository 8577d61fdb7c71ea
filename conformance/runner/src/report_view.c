/* Sorted views of a report for the writers: results in order, (env, adapter) pairs. */
#include <stdlib.h>
#include <string.h>
#include "report_internal.h"

static int ptr_cmp(const void *a, const void *b)
{
    return vmi__result_cmp(*(const struct vmi_result *const *)a,
                           *(const struct vmi_result *const *)b);
}

/* Writers take a const report, so they sort pointers rather than the report;
 * the output is then the same whatever order the caller added results in. */
const struct vmi_result **vmi__results_sorted(const struct vmi_report *r)
{
    const struct vmi_result **v = malloc((r->result_count + 1) * sizeof(*v));
    size_t i;

    if (v == NULL)
        return NULL;
    for (i = 0; i < r->result_count; i++)
        v[i] = &r->results[i];
    if (r->result_count > 1)
        qsort(v, r->result_count, sizeof(*v), ptr_cmp);
    return v;
}

static int pair_cmp(const void *a, const void *b)
{
    const struct vmi__pair *x = a, *y = b;
    int c = strcmp(x->env, y->env);

    return c != 0 ? c : strcmp(x->adapter, y->adapter);
}

/* Sorts and removes repeats in place; returns the new count. */
static size_t pairs_unique(struct vmi__pair *p, size_t n)
{
    size_t i, out = 0;

    if (n == 0)
        return 0;
    qsort(p, n, sizeof(*p), pair_cmp);
    for (i = 1; i < n; i++)
        if (pair_cmp(&p[out], &p[i]) != 0)
            p[++out] = p[i];
    return out + 1;
}

/* An environment described with no result still is a column: a mustpass
 * check or a reader of the matrix must see that nothing ran there. */
struct vmi__pair *vmi__pairs_collect(const struct vmi_report *r, size_t *count)
{
    size_t n = r->result_count + r->env_count, i, k = 0;
    struct vmi__pair *p = malloc((n + 1) * sizeof(*p));

    if (p == NULL)
        return NULL;
    for (i = 0; i < r->result_count; i++) {
        p[k].env = r->results[i].env;
        p[k++].adapter = r->results[i].adapter;
    }
    for (i = 0; i < r->env_count; i++) {
        p[k].env = VMI__STR(r->envs[i].name);
        p[k++].adapter = VMI__STR(r->envs[i].adapter);
    }
    *count = pairs_unique(p, k);
    return p;
}

int vmi__pair_match(const struct vmi__pair *p, const struct vmi_result *res)
{
    return strcmp(p->env, res->env) == 0 && strcmp(p->adapter, res->adapter) == 0;
}

int vmi__status_is_error(enum vmi_result_status s)
{
    return s == VMI_RESULT_ERROR || s == VMI_RESULT_CRASH || s == VMI_RESULT_TIMEOUT;
}

int vmi__status_is_skip(enum vmi_result_status s)
{
    return s == VMI_RESULT_SKIP || s == VMI_RESULT_NOT_SUPPORTED;
}
