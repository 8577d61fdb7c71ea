/* The bundle compiler: an error-free trace set into the little-endian bundle of bundle.h. */
#include <stdlib.h>
#include <string.h>
#include "vmi/version.h"
#include "trace_internal.h"

/* A growing byte buffer; a failed allocation is remembered, not checked per write. */
struct out {
    uint8_t *p;
    size_t len;
    size_t cap;
    int nomem;
};

static void put(struct out *o, const void *src, size_t n)
{
    if (o->nomem || n == 0)
        return;
    if (o->len + n > o->cap) {
        size_t cap = o->cap ? o->cap : 4096;
        uint8_t *np;
        while (cap < o->len + n)
            cap *= 2;
        if ((np = realloc(o->p, cap)) == NULL) {
            o->nomem = 1;
            return;
        }
        o->p = np;
        o->cap = cap;
    }
    memcpy(o->p + o->len, src, n);
    o->len += n;
}

static void set_le(struct out *o, size_t off, uint64_t v, int bytes)
{
    int i;

    for (i = 0; i < bytes && !o->nomem; i++)
        o->p[off + (size_t)i] = (uint8_t)(v >> (8 * i));
}

static void put_le(struct out *o, uint64_t v, int bytes)
{
    static const uint8_t zero[8];
    size_t at = o->len;

    put(o, zero, (size_t)bytes);
    set_le(o, at, v, bytes);
}

/* The string table, interned through an open-addressing hash so that equal
 * strings (requirement IDs, resource names) are stored once. */
struct strtab {
    struct out bytes;
    uint32_t *slots;   /* offset + 1; 0 is empty */
    uint32_t *lens;
    size_t nslots;
    size_t used;
};

static int strtab_grow(struct strtab *st)
{
    size_t n = st->nslots ? st->nslots * 2 : 256, i, j;
    uint32_t *slots = calloc(n, sizeof(*slots)), *lens = calloc(n, sizeof(*lens));

    if (slots == NULL || lens == NULL) {
        free(slots);
        free(lens);
        return -1;
    }
    for (i = 0; i < st->nslots; i++) {
        if (st->slots[i] == 0)
            continue;
        j = vmi_bundle_fnv1a64(VMI_BUNDLE_FNV_BASIS, st->bytes.p + st->slots[i] - 1,
                               st->lens[i]) & (n - 1);
        while (slots[j] != 0)
            j = (j + 1) & (n - 1);
        slots[j] = st->slots[i];
        lens[j] = st->lens[i];
    }
    free(st->slots);
    free(st->lens);
    st->slots = slots;
    st->lens = lens;
    st->nslots = n;
    return 0;
}

/* The table offset of (s, n) followed by a NUL, added when new; 0 on failure
 * (offset 0 is the empty string the table starts with). */
static uint32_t strtab_add(struct strtab *st, const char *s, size_t n)
{
    size_t j;

    if (n == 0)
        return 0;
    if ((st->used + 1) * 2 > st->nslots && strtab_grow(st) != 0) {
        st->bytes.nomem = 1;
        return 0;
    }
    j = vmi_bundle_fnv1a64(VMI_BUNDLE_FNV_BASIS, (const uint8_t *)s, (uint32_t)n) & (st->nslots - 1);
    for (; st->slots[j] != 0; j = (j + 1) & (st->nslots - 1))
        if (st->lens[j] == n && memcmp(st->bytes.p + st->slots[j] - 1, s, n) == 0)
            return st->slots[j] - 1;
    st->slots[j] = (uint32_t)st->bytes.len + 1;
    st->lens[j] = (uint32_t)n;
    st->used++;
    put(&st->bytes, s, n);
    put(&st->bytes, "", 1);
    return st->slots[j] - 1;
}

static void expr_emit(struct out *o, struct strtab *st, const struct vmi_trace_expr *e)
{
    uint8_t i;

    put_le(o, e->count, 1);
    for (i = 0; i < e->count; i++) {
        const struct vmi_trace_op *op = &e->ops[i];
        put_le(o, op->op, 1);
        if (op->op == VMI_BUNDLE_X_LIT)
            put_le(o, op->value, 8);
        else if (op->op == VMI_BUNDLE_X_RES || op->op == VMI_BUNDLE_X_VAR)
            put_le(o, op->index, 2);
        else if (op->op == VMI_BUNDLE_X_STR) {
            put_le(o, strtab_add(st, e->str, e->str_len), 4);
            put_le(o, e->str_len, 4);
        }
    }
}

static void step_emit(struct out *o, struct strtab *st, const struct vmi_trace_step *s)
{
    uint8_t i;

    put_le(o, s->op, 1);
    put_le(o, s->has_status ? VMI_BUNDLE_STEP_STATUS : 0, 1);
    put_le(o, s->arg_count, 1);
    put_le(o, s->out_count, 1);
    put_le(o, s->cpu, 2);
    put_le(o, s->sub, 2);
    put_le(o, (uint32_t)(s->has_status ? s->status : 0), 4);
    put_le(o, s->line, 4);
    for (i = 0; i < s->arg_count; i++)
        expr_emit(o, st, &s->args[i]);
    for (i = 0; i < s->out_count; i++)
        put_le(o, s->outs[i], 2);
}

/* The record's offset fields, patched once the tables after it are written. */
struct trace_offsets {
    size_t covers, resources, vars, steps, steps_end;
};

static void record_emit(struct out *o, struct strtab *st, const struct vmi_trace *t,
                        const struct trace_offsets *to)
{
    uint32_t i;

    put_le(o, strtab_add(st, t->name, strlen(t->name)), 4);
    put_le(o, t->title ? strtab_add(st, t->title, strlen(t->title)) : 0, 4);
    put_le(o, to->covers, 4);
    put_le(o, to->resources, 4);
    put_le(o, to->vars, 4);
    put_le(o, to->steps, 4);
    put_le(o, to->steps_end - to->steps, 4);
    put_le(o, t->step_count, 4);
    put_le(o, t->covers_count, 2);
    put_le(o, t->cpus, 2);
    put_le(o, t->resource_count, 2);
    put_le(o, t->var_count, 2);
    for (i = 0; i < VMI_GROUP_COUNT; i++)
        put_le(o, t->features[i], 8);
}

/* The tables of one trace, then its record; returns the record's offset. */
static size_t trace_emit(struct out *o, struct strtab *st, const struct vmi_trace *t)
{
    struct trace_offsets to;
    uint32_t i;

    to.covers = o->len;
    for (i = 0; i < t->covers_count; i++)
        put_le(o, strtab_add(st, t->covers[i], strlen(t->covers[i])), 4);
    to.resources = o->len;
    for (i = 0; i < t->resource_count; i++) {
        put_le(o, strtab_add(st, t->resources[i].name, strlen(t->resources[i].name)), 4);
        put_le(o, t->resources[i].kind, 4); /* kind and three reserved zero bytes */
    }
    to.vars = o->len;
    for (i = 0; i < t->var_count; i++)
        put_le(o, strtab_add(st, t->vars[i], strlen(t->vars[i])), 4);
    to.steps = o->len;
    for (i = 0; i < t->step_count; i++)
        step_emit(o, st, &t->steps[i]);
    to.steps_end = o->len;
    i = (uint32_t)o->len;
    record_emit(o, st, t, &to);
    return i;
}

static void header_emit(struct out *o, size_t count, size_t strings_offset, size_t strings_size)
{
    static const uint8_t magic[4] = {VMI_BUNDLE_MAGIC0, VMI_BUNDLE_MAGIC1,
                                     VMI_BUNDLE_MAGIC2, VMI_BUNDLE_MAGIC3};
    const size_t hdr = sizeof(struct vmi_bundle_header);

    memcpy(o->p, magic, 4);
    set_le(o, offsetof(struct vmi_bundle_header, version), VMI_BUNDLE_VERSION, 2);
    set_le(o, offsetof(struct vmi_bundle_header, header_size), hdr, 2);
    set_le(o, offsetof(struct vmi_bundle_header, abi_version), VMI_ABI_VERSION, 4);
    set_le(o, offsetof(struct vmi_bundle_header, total_size), o->len, 4);
    set_le(o, offsetof(struct vmi_bundle_header, trace_count), count, 4);
    set_le(o, offsetof(struct vmi_bundle_header, index_offset), hdr, 4);
    set_le(o, offsetof(struct vmi_bundle_header, strings_offset), strings_offset, 4);
    set_le(o, offsetof(struct vmi_bundle_header, strings_size), strings_size, 4);
    set_le(o, offsetof(struct vmi_bundle_header, feature_groups), VMI_GROUP_COUNT, 2);
    set_le(o, offsetof(struct vmi_bundle_header, checksum),
           vmi_bundle_checksum(o->p, (uint32_t)o->len), 8);
}

static int trace_ptr_cmp(const void *a, const void *b)
{
    return strcmp((*(struct vmi_trace *const *)a)->name, (*(struct vmi_trace *const *)b)->name);
}

/* Name order makes the bundle independent of the order files were given in;
 * names are unique, so the unstable qsort cannot reorder equal keys. */
static struct vmi_trace **sorted_traces(const struct vmi_trace_set *set)
{
    struct vmi_trace **v = malloc((set->count ? set->count : 1) * sizeof(*v));
    size_t i;

    if (v == NULL)
        return NULL;
    if (set->count > 0)
        memcpy(v, set->traces, set->count * sizeof(*v));
    qsort(v, set->count, sizeof(*v), trace_ptr_cmp);
    for (i = 1; i < set->count; i++)
        if (strcmp(v[i - 1]->name, v[i]->name) == 0) {
            free(v);
            return NULL;
        }
    return v;
}

static void emit_all(struct out *o, struct strtab *st, struct vmi_trace **v, size_t count)
{
    const size_t hdr = sizeof(struct vmi_bundle_header);
    size_t i, strings;

    put(&st->bytes, "", 1);
    for (i = 0; i < hdr + 4 * count; i++)
        put_le(o, 0, 1);
    for (i = 0; i < count; i++)
        set_le(o, hdr + 4 * i, trace_emit(o, st, v[i]), 4);
    strings = o->len;
    put(o, st->bytes.p, st->bytes.len);
    o->nomem |= st->bytes.nomem;
    if (!o->nomem && o->len <= UINT32_MAX)
        header_emit(o, count, strings, st->bytes.len);
}

int vmi_trace_compile(const struct vmi_trace_set *set, uint8_t **out, size_t *out_len)
{
    struct out o = {NULL, 0, 0, 0};
    struct strtab st;
    struct vmi_trace **v;

    *out = NULL;
    *out_len = 0;
    if (set->error_count != 0 || set->count > VMI_BUNDLE_TRACES_MAX ||
        (v = sorted_traces(set)) == NULL)
        return -1;
    memset(&st, 0, sizeof(st));
    emit_all(&o, &st, v, set->count);
    free(v);
    free(st.bytes.p);
    free(st.slots);
    free(st.lens);
    if (o.nomem || o.len > UINT32_MAX) {
        free(o.p);
        return -1;
    }
    *out = o.p;
    *out_len = o.len;
    return 0;
}
