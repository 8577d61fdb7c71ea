/* Reads report.json into the report model: the tree's shape checked key by key, with line:col. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "vmi-conform/json.h"
#include "report_internal.h"

struct rd {
    const char *file;
    char *err;
    size_t err_len;
};

static int rd_fail(struct rd *c, const struct vmi_json *at, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (c->err_len == 0)
        return -1;
    n = snprintf(c->err, c->err_len, "%s:%lu:%lu: error: ", c->file, (unsigned long)at->line,
                 (unsigned long)at->col);
    if (n >= 0 && (size_t)n < c->err_len) {
        va_start(ap, fmt);
        vsnprintf(c->err + n, c->err_len - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/*
 * The member `key` of `obj`, of type t.  Unknown keys are never looked at,
 * so a later minor addition reads fine; a known key twice is an error, as
 * the two values could disagree.  *out is NULL for an absent optional key.
 */
static int member(struct rd *c, const struct vmi_json *obj, const char *key,
                  enum vmi_json_type t, int required, const struct vmi_json **out)
{
    const struct vmi_json *dup, *v = vmi_json_get(obj, key, &dup);

    *out = v;
    if (dup != NULL)
        return rd_fail(c, dup, "duplicate key \"%s\"", key);
    if (v == NULL)
        return required ? rd_fail(c, obj, "missing key \"%s\" in this object", key) : 0;
    if (v->type != t)
        return rd_fail(c, v, "expected %s for \"%s\", got %s", vmi_json_type_name(t), key,
                       vmi_json_type_name(v->type));
    return 0;
}

static int str_member(struct rd *c, const struct vmi_json *obj, const char *key,
                      const char **out)
{
    const struct vmi_json *v;

    if (member(c, obj, key, VMI_JSON_STRING, 1, &v) != 0)
        return -1;
    *out = v->text;
    return 0;
}

static int u64_of(struct rd *c, const struct vmi_json *v, const char *key, uint64_t *out)
{
    int rc = vmi_json_u64(v, out);

    if (rc == -2)
        return rd_fail(c, v, "\"%s\" %s is out of range", key, v->text);
    if (rc != 0)
        return rd_fail(c, v, "expected a non-negative integer for \"%s\", got %s", key, v->text);
    return 0;
}

static int oom(struct rd *c, const struct vmi_json *at)
{
    return rd_fail(c, at, "out of memory");
}

/* The format and its version are checked before anything else: a file of
 * another format or a later version has rules this reader does not know. */
static int read_format(struct rd *c, const struct vmi_json *root)
{
    const struct vmi_json *v;
    uint64_t version;

    if (member(c, root, "format", VMI_JSON_STRING, 1, &v) != 0)
        return -1;
    if (strcmp(v->text, VMI_REPORT_FORMAT) != 0)
        return rd_fail(c, v, "unknown format \"%s\" (expected \"%s\")", v->text,
                       VMI_REPORT_FORMAT);
    if (member(c, root, "format_version", VMI_JSON_NUMBER, 1, &v) != 0)
        return -1;
    if (vmi_json_u64(v, &version) != 0 || version != VMI_REPORT_FORMAT_VERSION)
        return rd_fail(c, v, "format_version %s is not one this reader knows (%d)", v->text,
                       VMI_REPORT_FORMAT_VERSION);
    return 0;
}

static int read_header(struct rd *c, const struct vmi_json *root, struct vmi_report *r)
{
    static const char *const keys[] = {"suite_version", "git_revision", "bundle_sha256",
                                       "guest_sha256", "command_line", "started"};
    char **fields[] = {&r->suite_version, &r->git_revision, &r->bundle_sha256,
                       &r->guest_sha256, &r->command_line, &r->started};
    const char *s;
    size_t i;

    if (read_format(c, root) != 0)
        return -1;
    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        if (str_member(c, root, keys[i], &s) != 0)
            return -1;
        if (vmi_report_set_string(fields[i], s) != 0)
            return oom(c, root);
    }
    return 0;
}

/* Reads string members keys[0..n) of o into v[]. */
static int str_members(struct rd *c, const struct vmi_json *o, const char *const *keys,
                       size_t n, const char **v)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (str_member(c, o, keys[i], &v[i]) != 0)
            return -1;
    return 0;
}

static int read_env(struct rd *c, const struct vmi_json *o, struct vmi_report *r)
{
    static const char *const keys[] = {"name", "hypervisor", "adapter", "adapter_version",
                                       "features", "detail"};
    const char *v[6];
    const struct vmi_json *mech, *hvf;
    struct vmi_report_env e;

    if (o->type != VMI_JSON_OBJECT)
        return rd_fail(c, o, "expected an object for an environment, got %s",
                       vmi_json_type_name(o->type));
    if (str_members(c, o, keys, 6, v) != 0)
        return -1;
    /* Optional: a report from before them, or of the reference model. */
    if (member(c, o, "mechanisms", VMI_JSON_STRING, 0, &mech) != 0 ||
        member(c, o, "hv_features", VMI_JSON_STRING, 0, &hvf) != 0)
        return -1;
    /* add_env copies the strings; the casts only meet its non-const fields. */
    e.name = (char *)v[0];
    e.hypervisor = (char *)v[1];
    e.adapter = (char *)v[2];
    e.adapter_version = (char *)v[3];
    e.features = (char *)v[4];
    e.detail = (char *)v[5];
    e.mechanisms = mech ? (char *)mech->text : NULL;
    e.hv_features = hvf ? (char *)hvf->text : NULL;
    return vmi_report_add_env(r, &e) == 0 ? 0 : oom(c, o);
}

static int read_envs(struct rd *c, const struct vmi_json *root, struct vmi_report *r)
{
    const struct vmi_json *a;
    size_t i;

    if (member(c, root, "environments", VMI_JSON_ARRAY, 1, &a) != 0)
        return -1;
    for (i = 0; i < a->count; i++)
        if (read_env(c, &a->items[i], r) != 0)
            return -1;
    return 0;
}

static int read_reqs(struct rd *c, const struct vmi_json *o, struct vmi_result *res)
{
    const struct vmi_json *a;
    size_t i;

    if (member(c, o, "requirements", VMI_JSON_ARRAY, 1, &a) != 0)
        return -1;
    if (a->count > VMI_REPORT_REQS_MAX)
        return rd_fail(c, a, "more than %u requirements", VMI_REPORT_REQS_MAX);
    for (i = 0; i < a->count; i++) {
        if (a->items[i].type != VMI_JSON_STRING)
            return rd_fail(c, &a->items[i], "expected a string for a requirement, got %s",
                           vmi_json_type_name(a->items[i].type));
        res->reqs[i] = a->items[i].text;
    }
    res->req_count = (uint32_t)a->count;
    return 0;
}

static int read_status(struct rd *c, const struct vmi_json *o, struct vmi_result *res)
{
    const struct vmi_json *v;

    if (member(c, o, "status", VMI_JSON_STRING, 1, &v) != 0)
        return -1;
    if (vmi_result_status_parse(v->text, &res->status) != 0)
        return rd_fail(c, v, "unknown status \"%s\"", v->text);
    return 0;
}

/* duration_us is optional: a report written with VMI_REPORT_NO_TIMES has none. */
static int read_result(struct rd *c, const struct vmi_json *o, struct vmi_report *r)
{
    static const char *const keys[] = {"trace", "env", "adapter"};
    const char *s[3], *detail;
    struct vmi_result res;
    const struct vmi_json *v;

    memset(&res, 0, sizeof(res));
    if (o->type != VMI_JSON_OBJECT)
        return rd_fail(c, o, "expected an object for a result, got %s",
                       vmi_json_type_name(o->type));
    if (str_members(c, o, keys, 3, s) != 0 || read_status(c, o, &res) != 0 ||
        read_reqs(c, o, &res) != 0 || str_member(c, o, "detail", &detail) != 0 ||
        member(c, o, "duration_us", VMI_JSON_NUMBER, 0, &v) != 0)
        return -1;
    res.trace = (char *)s[0];
    res.env = (char *)s[1];
    res.adapter = (char *)s[2];
    res.detail = (char *)detail;
    if (v != NULL && u64_of(c, v, "duration_us", &res.duration_us) != 0)
        return -1;
    return vmi_report_add_result(r, &res) == 0 ? 0 : oom(c, o);
}

static int read_results(struct rd *c, const struct vmi_json *root, struct vmi_report *r)
{
    const struct vmi_json *a;
    size_t i;

    if (member(c, root, "results", VMI_JSON_ARRAY, 1, &a) != 0)
        return -1;
    for (i = 0; i < a->count; i++)
        if (read_result(c, &a->items[i], r) != 0)
            return -1;
    return 0;
}

/* The summary is derived data; one that disagrees with the results means
 * the file was edited by hand or truncated and re-closed, so it is refused. */
static int check_summary(struct rd *c, const struct vmi_json *root, const struct vmi_report *r)
{
    size_t counts[VMI_RESULT_STATUS_COUNT];
    const struct vmi_json *o, *v;
    enum vmi_result_status s;
    uint64_t n;
    size_t i;

    if (member(c, root, "summary", VMI_JSON_OBJECT, 1, &o) != 0)
        return -1;
    for (i = 0; i < o->count; i++)
        if (vmi_result_status_parse(o->items[i].key, &s) != 0)
            return rd_fail(c, &o->items[i], "unknown status \"%s\" in the summary",
                           o->items[i].key);
    vmi_report_summary(r, counts);
    for (i = 0; i < VMI_RESULT_STATUS_COUNT; i++) {
        const char *name = vmi_result_status_name((enum vmi_result_status)i);
        if (member(c, o, name, VMI_JSON_NUMBER, 1, &v) != 0 || u64_of(c, v, name, &n) != 0)
            return -1;
        if (n != counts[i])
            return rd_fail(c, v, "the summary counts %s %s results, the report holds %lu",
                           v->text, name, (unsigned long)counts[i]);
    }
    return 0;
}

int vmi_report_read_json(struct vmi_report *r, const char *file, const char *text,
                         size_t len, char *err, size_t err_len)
{
    struct rd c = {file != NULL ? file : "<input>", err, err_len};
    struct vmi_json root;
    int rc = -1;

    vmi_report_init(r);
    if (err_len > 0)
        err[0] = '\0';
    if (vmi_json_parse(&root, c.file, text, len, err, err_len) != 0)
        return -1;
    if (root.type != VMI_JSON_OBJECT)
        rd_fail(&c, &root, "expected an object at the top level, got %s",
                vmi_json_type_name(root.type));
    else if (read_header(&c, &root, r) == 0 && read_envs(&c, &root, r) == 0 &&
             read_results(&c, &root, r) == 0 && check_summary(&c, &root, r) == 0)
        rc = 0;
    vmi_json_free(&root);
    if (rc != 0)
        vmi_report_free(r);
    return rc;
}
