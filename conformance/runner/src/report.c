/* The report model: statuses, results and environments, kept as owned copies. */
#include <stdlib.h>
#include <string.h>
#include "report_internal.h"

static const char *const status_names[] = {
#define VMI__RESULT_NAME(name, desc) #name,
    VMI_RESULT_STATUS_LIST(VMI__RESULT_NAME)
#undef VMI__RESULT_NAME
};

const char *vmi_result_status_name(enum vmi_result_status s)
{
    if ((unsigned)s >= VMI_RESULT_STATUS_COUNT)
        return NULL;
    return status_names[s];
}

static const char *const status_descriptions[] = {
#define VMI__RESULT_DESC(name, desc) desc,
    VMI_RESULT_STATUS_LIST(VMI__RESULT_DESC)
#undef VMI__RESULT_DESC
};

const char *vmi_result_status_description(enum vmi_result_status s)
{
    if ((unsigned)s >= VMI_RESULT_STATUS_COUNT)
        return NULL;
    return status_descriptions[s];
}

int vmi_result_status_parse(const char *name, enum vmi_result_status *s)
{
    unsigned i;

    if (name == NULL)
        return -1;
    for (i = 0; i < VMI_RESULT_STATUS_COUNT; i++) {
        if (strcmp(name, status_names[i]) == 0) {
            *s = (enum vmi_result_status)i;
            return 0;
        }
    }
    return -1;
}

/* Every string of the model is an owned copy; NULL is stored as "" so the
 * writers and comparisons never meet a NULL inside a result. */
static char *dup_str(const char *s)
{
    size_t n;
    char *d;

    if (s == NULL)
        s = "";
    n = strlen(s) + 1;
    d = malloc(n);
    if (d != NULL)
        memcpy(d, s, n);
    return d;
}

void vmi_report_init(struct vmi_report *r)
{
    memset(r, 0, sizeof(*r));
}

static void env_free(struct vmi_report_env *e)
{
    free(e->name);
    free(e->hypervisor);
    free(e->adapter);
    free(e->adapter_version);
    free(e->features);
    free(e->detail);
    free(e->mechanisms);
    free(e->hv_features);
}

static void result_free(struct vmi_result *res)
{
    uint32_t i;

    free(res->trace);
    free(res->env);
    free(res->adapter);
    for (i = 0; i < res->req_count && i < VMI_REPORT_REQS_MAX; i++)
        free(res->reqs[i]);
    free(res->detail);
}

void vmi_report_free(struct vmi_report *r)
{
    size_t i;

    free(r->suite_version);
    free(r->git_revision);
    free(r->bundle_sha256);
    free(r->guest_sha256);
    free(r->command_line);
    free(r->started);
    for (i = 0; i < r->env_count; i++)
        env_free(&r->envs[i]);
    for (i = 0; i < r->result_count; i++)
        result_free(&r->results[i]);
    free(r->envs);
    free(r->results);
    vmi_report_init(r);
}

int vmi_report_set_string(char **field, const char *value)
{
    char *copy = dup_str(value);

    if (copy == NULL)
        return -1;
    free(*field);
    *field = copy;
    return 0;
}

/* Grows an array of `size`-byte items to hold one more; doubles the capacity. */
static int grow(void **items, size_t *cap, size_t count, size_t size)
{
    size_t ncap;
    void *n;

    if (count < *cap)
        return 0;
    ncap = *cap ? *cap * 2 : 8;
    if (ncap > SIZE_MAX / size)
        return -1;
    n = realloc(*items, ncap * size);
    if (n == NULL)
        return -1;
    *items = n;
    *cap = ncap;
    return 0;
}

int vmi_report_add_env(struct vmi_report *r, const struct vmi_report_env *e)
{
    struct vmi_report_env c;

    if (grow((void **)&r->envs, &r->env_cap, r->env_count, sizeof(c)) != 0)
        return -1;
    c.name = dup_str(e->name);
    c.hypervisor = dup_str(e->hypervisor);
    c.adapter = dup_str(e->adapter);
    c.adapter_version = dup_str(e->adapter_version);
    c.features = dup_str(e->features);
    c.detail = dup_str(e->detail);
    c.mechanisms = e->mechanisms ? dup_str(e->mechanisms) : NULL;
    c.hv_features = e->hv_features ? dup_str(e->hv_features) : NULL;
    if (!c.name || !c.hypervisor || !c.adapter || !c.adapter_version || !c.features ||
        !c.detail || (e->mechanisms && !c.mechanisms) || (e->hv_features && !c.hv_features)) {
        env_free(&c);
        return -1;
    }
    r->envs[r->env_count++] = c;
    return 0;
}

/* A req_count above VMI_REPORT_REQS_MAX or an unknown status is refused
 * too: the model never holds a result its writers cannot write. */
int vmi_report_add_result(struct vmi_report *r, const struct vmi_result *res)
{
    struct vmi_result c;
    uint32_t i;
    int bad = 0;

    if (res->req_count > VMI_REPORT_REQS_MAX || vmi_result_status_name(res->status) == NULL)
        return -1;
    if (grow((void **)&r->results, &r->result_cap, r->result_count, sizeof(c)) != 0)
        return -1;
    memset(&c, 0, sizeof(c));
    c.status = res->status;
    c.duration_us = res->duration_us;
    c.req_count = res->req_count;
    c.trace = dup_str(res->trace);
    c.env = dup_str(res->env);
    c.adapter = dup_str(res->adapter);
    c.detail = dup_str(res->detail);
    bad = !c.trace || !c.env || !c.adapter || !c.detail;
    for (i = 0; i < c.req_count; i++)
        bad |= (c.reqs[i] = dup_str(res->reqs[i])) == NULL;
    if (bad) {
        result_free(&c);
        return -1;
    }
    r->results[r->result_count++] = c;
    return 0;
}

int vmi__result_cmp(const struct vmi_result *a, const struct vmi_result *b)
{
    int c;

    if ((c = strcmp(a->trace, b->trace)) != 0)
        return c;
    if ((c = strcmp(a->env, b->env)) != 0)
        return c;
    if ((c = strcmp(a->adapter, b->adapter)) != 0)
        return c;
    if (a->status != b->status)
        return a->status < b->status ? -1 : 1;
    return strcmp(a->detail, b->detail);
}

static int result_qsort_cmp(const void *a, const void *b)
{
    return vmi__result_cmp(a, b);
}

void vmi_report_sort(struct vmi_report *r)
{
    if (r->result_count > 1)
        qsort(r->results, r->result_count, sizeof(r->results[0]), result_qsort_cmp);
}

void vmi_report_summary(const struct vmi_report *r, size_t counts[VMI_RESULT_STATUS_COUNT])
{
    size_t i;

    memset(counts, 0, sizeof(counts[0]) * VMI_RESULT_STATUS_COUNT);
    for (i = 0; i < r->result_count; i++)
        if ((unsigned)r->results[i].status < VMI_RESULT_STATUS_COUNT)
            counts[r->results[i].status]++;
}
