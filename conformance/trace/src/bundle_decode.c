/* The freestanding bundle decoder: validates untrusted bytes, then iterates them. */
#include <stddef.h>
#include <stdint.h>
#include "vmi-trace/bundle.h"
#include "vmi/version.h"
#include "bundle_load.h"

#define HDR_SIZE ((uint32_t)sizeof(struct vmi_bundle_header))
#define TRACE_SIZE ((uint32_t)sizeof(struct vmi_bundle_trace))
#define STEP_SIZE ((uint32_t)sizeof(struct vmi_bundle_step))
#define HF(f) ((uint32_t)offsetof(struct vmi_bundle_header, f))
#define TF(f) ((uint32_t)offsetof(struct vmi_bundle_trace, f))
#define SF(f) ((uint32_t)offsetof(struct vmi_bundle_step, f))

static int fail(struct vmi__check *c, int code, uint32_t off)
{
    return vmi__bundle_fail(c, code, off);
}

uint64_t vmi_bundle_fnv1a64(uint64_t h, const uint8_t *p, uint32_t n)
{
    uint32_t i;

    for (i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3u;
    }
    return h;
}

/* The header is covered too, so that no flipped bit anywhere goes unnoticed
 * (a minor ABI version, say, that no other check would catch). */
uint64_t vmi_bundle_checksum(const uint8_t *p, uint32_t total)
{
    uint64_t h = vmi_bundle_fnv1a64(VMI_BUNDLE_FNV_BASIS, p, HF(checksum));

    return vmi_bundle_fnv1a64(h, p + HDR_SIZE, total - HDR_SIZE);
}

const char *vmi_bundle_strerror(int code)
{
    switch (code) {
#define VMI__BUNDLE_ERR_DESC(name, value, desc) case (value): return desc;
    VMI_BUNDLE_ERROR_LIST(VMI__BUNDLE_ERR_DESC)
#undef VMI__BUNDLE_ERR_DESC
    default: return 0;
    }
}

/* A payload region: after the header and inside the bundle. */
int vmi__bundle_region_ok(const struct vmi_bundle *b, uint32_t off, uint32_t len)
{
    return off >= HDR_SIZE && vmi__in_range(b->size, off, len);
}

/* The table's last byte is NUL (checked at open), so any offset inside it
 * starts a terminated string. */
static int string_ok(const struct vmi_bundle *b, uint32_t s)
{
    return s < b->strings_size;
}

static const char *string_at(const struct vmi_bundle *b, uint32_t s)
{
    return string_ok(b, s) ? (const char *)(b->data + b->strings_offset + s) : 0;
}

/* ---- Header ---- */

static int magic_ok(const uint8_t *p)
{
    return p[0] == VMI_BUNDLE_MAGIC0 && p[1] == VMI_BUNDLE_MAGIC1 &&
           p[2] == VMI_BUNDLE_MAGIC2 && p[3] == VMI_BUNDLE_MAGIC3;
}

static int header_fields(struct vmi__check *c, struct vmi_bundle *b)
{
    const uint8_t *p = b->data;

    if (!magic_ok(p))
        return fail(c, VMI_BUNDLE_EMAGIC, 0);
    if (vmi__ld16(p + HF(version)) != VMI_BUNDLE_VERSION)
        return fail(c, VMI_BUNDLE_EVERSION, HF(version));
    if (vmi__ld16(p + HF(header_size)) != HDR_SIZE)
        return fail(c, VMI_BUNDLE_EHEADER, HF(header_size));
    if (VMI_ABI_VERSION_MAJOR(vmi__ld32(p + HF(abi_version))) != VMI_ABI_MAJOR)
        return fail(c, VMI_BUNDLE_EHEADER, HF(abi_version));
    if (vmi__ld16(p + HF(reserved0)) != 0 || vmi__ld32(p + HF(reserved1)) != 0)
        return fail(c, VMI_BUNDLE_ERESERVED, HF(reserved0));
    return 0;
}

/* Sets b->size from total_size and checks the checksum over the payload. */
static int header_size_sum(struct vmi__check *c, struct vmi_bundle *b, size_t size)
{
    uint32_t total = vmi__ld32(b->data + HF(total_size));

    if (total < HDR_SIZE)
        return fail(c, VMI_BUNDLE_EHEADER, HF(total_size));
    if (total > size)
        return fail(c, VMI_BUNDLE_ETRUNCATED, (uint32_t)size);
    b->size = total;
    if (vmi_bundle_checksum(b->data, total) != vmi__ld64(b->data + HF(checksum)))
        return fail(c, VMI_BUNDLE_ECHECKSUM, HF(checksum));
    return 0;
}

static int header_tables(struct vmi__check *c, struct vmi_bundle *b)
{
    const uint8_t *p = b->data;

    b->abi_version = vmi__ld32(p + HF(abi_version));
    b->trace_count = vmi__ld32(p + HF(trace_count));
    b->index_offset = vmi__ld32(p + HF(index_offset));
    b->strings_offset = vmi__ld32(p + HF(strings_offset));
    b->strings_size = vmi__ld32(p + HF(strings_size));
    b->feature_groups = vmi__ld16(p + HF(feature_groups));
    if (b->feature_groups == 0 || b->feature_groups > VMI_BUNDLE_FEATURE_GROUPS_MAX)
        return fail(c, VMI_BUNDLE_ELIMIT, HF(feature_groups));
    if (b->trace_count > VMI_BUNDLE_TRACES_MAX)
        return fail(c, VMI_BUNDLE_ELIMIT, HF(trace_count));
    if (b->strings_size == 0 || !vmi__bundle_region_ok(b, b->strings_offset, b->strings_size))
        return fail(c, VMI_BUNDLE_ERANGE, HF(strings_offset));
    if (p[b->strings_offset + b->strings_size - 1] != 0)
        return fail(c, VMI_BUNDLE_ESTRING, b->strings_offset + b->strings_size - 1);
    if (!vmi__bundle_region_ok(b, b->index_offset, b->trace_count * 4u))
        return fail(c, VMI_BUNDLE_ERANGE, HF(index_offset));
    return 0;
}

/* ---- Trace records ---- */

static void trace_fill(const struct vmi_bundle *b, uint32_t off,
                       struct vmi_bundle_trace_view *t)
{
    const uint8_t *p = b->data + off;

    t->offset = off;
    t->name = string_at(b, vmi__ld32(p + TF(name)));
    t->title = string_at(b, vmi__ld32(p + TF(title)));
    t->covers_offset = vmi__ld32(p + TF(covers_offset));
    t->resources_offset = vmi__ld32(p + TF(resources_offset));
    t->vars_offset = vmi__ld32(p + TF(vars_offset));
    t->steps_offset = vmi__ld32(p + TF(steps_offset));
    t->steps_size = vmi__ld32(p + TF(steps_size));
    t->step_count = vmi__ld32(p + TF(step_count));
    t->covers_count = vmi__ld16(p + TF(covers_count));
    t->cpus = vmi__ld16(p + TF(cpus));
    t->resource_count = vmi__ld16(p + TF(resource_count));
    t->var_count = vmi__ld16(p + TF(var_count));
    t->features_offset = off + TRACE_SIZE;
}

/* A table of `count` entries of `width` bytes whose first u32 is a string. */
static int names_check(struct vmi__check *c, uint32_t field, uint32_t off,
                       uint32_t count, uint32_t max, uint32_t width)
{
    uint32_t i;

    if (count > max)
        return fail(c, VMI_BUNDLE_ELIMIT, field);
    if (!vmi__bundle_region_ok(c->b, off, count * width))
        return fail(c, VMI_BUNDLE_ERANGE, field);
    for (i = 0; i < count; i++)
        if (!string_ok(c->b, vmi__ld32(c->b->data + off + i * width)))
            return fail(c, VMI_BUNDLE_ESTRING, off + i * width);
    return 0;
}

static int resources_check(struct vmi__check *c)
{
    const struct vmi_bundle_trace_view *t = c->t;
    uint32_t i, field = t->offset + TF(resources_offset);
    int code = names_check(c, field, t->resources_offset, t->resource_count,
                           VMI_BUNDLE_RESOURCES_MAX, 8u);

    for (i = 0; code == 0 && i < t->resource_count; i++) {
        const uint8_t *r = c->b->data + t->resources_offset + i * 8u;
        if (r[4] != VMI_BUNDLE_RES_PAGE && r[4] != VMI_BUNDLE_RES_VA &&
            r[4] != VMI_BUNDLE_RES_WINDOW)
            return fail(c, VMI_BUNDLE_EOPCODE, t->resources_offset + i * 8u + 4u);
        if (r[5] != 0 || r[6] != 0 || r[7] != 0)
            return fail(c, VMI_BUNDLE_ERESERVED, t->resources_offset + i * 8u + 5u);
    }
    return code;
}

static int trace_check(struct vmi__check *c, struct vmi_bundle_trace_view *t, uint32_t i)
{
    const struct vmi_bundle *b = c->b;
    uint32_t field = b->index_offset + i * 4u, off = vmi__ld32(b->data + field);
    int code;

    if (!vmi__bundle_region_ok(b, off, TRACE_SIZE + 8u * b->feature_groups))
        return fail(c, VMI_BUNDLE_ERANGE, field);
    trace_fill(b, off, t);
    c->t = t;
    if (t->name == 0 || t->name[0] == 0)
        return fail(c, VMI_BUNDLE_ESTRING, off + TF(name));
    if (t->title == 0)
        return fail(c, VMI_BUNDLE_ESTRING, off + TF(title));
    if (t->cpus == 0 || t->cpus > VMI_BUNDLE_CPUS_MAX)
        return fail(c, VMI_BUNDLE_ELIMIT, off + TF(cpus));
    code = names_check(c, off + TF(covers_offset), t->covers_offset, t->covers_count,
                       VMI_BUNDLE_COVERS_MAX, 4u);
    if (code == 0)
        code = resources_check(c);
    if (code == 0)
        code = names_check(c, off + TF(vars_offset), t->vars_offset, t->var_count,
                           VMI_BUNDLE_VARS_MAX, 4u);
    if (code == 0 && t->step_count > VMI_BUNDLE_STEPS_MAX)
        code = fail(c, VMI_BUNDLE_ELIMIT, off + TF(step_count));
    if (code == 0 && !vmi__bundle_region_ok(b, t->steps_offset, t->steps_size))
        code = fail(c, VMI_BUNDLE_ERANGE, off + TF(steps_offset));
    return code == 0 ? vmi__bundle_steps_check(c) : code;
}

/* ---- Public entry points ---- */

int vmi_bundle_open(struct vmi_bundle *b, const void *data, size_t size,
                    uint32_t *err_offset)
{
    struct vmi__check c = {0, 0, 0};
    struct vmi_bundle_trace_view t;
    uint32_t i;
    int code;

    c.b = b;
    b->data = (const uint8_t *)data;
    b->size = 0;
    b->trace_count = 0;
    if (data == 0 || size < HDR_SIZE)
        code = fail(&c, size >= 4 && !magic_ok(b->data) ? VMI_BUNDLE_EMAGIC
                                                       : VMI_BUNDLE_ETRUNCATED,
                    size >= 4 ? 0u : (uint32_t)size);
    else if ((code = header_fields(&c, b)) == 0 && (code = header_size_sum(&c, b, size)) == 0)
        code = header_tables(&c, b);
    for (i = 0; code == 0 && i < b->trace_count; i++)
        code = trace_check(&c, &t, i);
    if (code != 0)
        b->trace_count = 0; /* an unusable bundle yields no traces */
    if (err_offset != 0)
        *err_offset = code == 0 ? 0 : c.err_off;
    return code;
}

int vmi_bundle_trace_get(const struct vmi_bundle *b, uint32_t index,
                         struct vmi_bundle_trace_view *t)
{
    if (index >= b->trace_count)
        return VMI_BUNDLE_EINDEX;
    trace_fill(b, vmi__ld32(b->data + b->index_offset + index * 4u), t);
    return 0;
}

const char *vmi_bundle_trace_cover(const struct vmi_bundle *b,
                                   const struct vmi_bundle_trace_view *t, uint32_t i)
{
    if (i >= t->covers_count)
        return 0;
    return string_at(b, vmi__ld32(b->data + t->covers_offset + i * 4u));
}

uint64_t vmi_bundle_trace_features(const struct vmi_bundle *b,
                                   const struct vmi_bundle_trace_view *t, uint32_t group)
{
    if (group >= b->feature_groups)
        return 0;
    return vmi__ld64(b->data + t->features_offset + group * 8u);
}

uint8_t vmi_bundle_trace_resource(const struct vmi_bundle *b,
                                  const struct vmi_bundle_trace_view *t, uint32_t i,
                                  const char **name)
{
    const uint8_t *r;

    if (i >= t->resource_count)
        return 0;
    r = b->data + t->resources_offset + i * 8u;
    if (name != 0)
        *name = string_at(b, vmi__ld32(r));
    return r[4];
}

const char *vmi_bundle_trace_var(const struct vmi_bundle *b,
                                 const struct vmi_bundle_trace_view *t, uint32_t i)
{
    if (i >= t->var_count)
        return 0;
    return string_at(b, vmi__ld32(b->data + t->vars_offset + i * 4u));
}
