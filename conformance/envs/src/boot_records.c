/* One boot's record stream: each record lands in the trace it belongs to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "session_internal.h"

/*
 * The guest runs its range in order: TRACE_BEGIN, ALLOCs, OBSs, then
 * TRACE_END, or TRACE_SKIP, or a FAULT naming the trace.  Anything that
 * breaks that shape, and any record the decoder rejects, damages the trace
 * it happened in: that trace becomes an ERROR, never a PASS.  Damage
 * between traces (a lost TRACE_BEGIN, say) is held for the next trace
 * that shows up.  Text outside frames is the adapter's own console output
 * and harmless.
 */

static struct vmi_env_trace *current(struct vmi_env_boot *b)
{
    return b->current >= 0 ? &b->s->traces[b->current] : NULL;
}

static uint64_t now_us(const struct vmi_env_boot *b)
{
    return b->clock_us ? b->clock_us() : 0;
}

/* Marks the running trace damaged, or keeps the reason for the next one. */
static void damage(struct vmi_env_boot *b, const char *why)
{
    struct vmi_env_trace *t = current(b);

    if (t) {
        vmi_env_trace_close(t, VMI_ENV_DAMAGED, "%s", why);
        vmi__env_boot_close(b, VMI_ENV_DAMAGED);
    } else if (!b->pending[0]) {
        snprintf(b->pending, sizeof(b->pending), "%s", why);
    }
}

/* The trace a record names, if it is the one running; damage otherwise. */
static struct vmi_env_trace *owner(struct vmi_env_boot *b, uint32_t trace, const char *what)
{
    char why[160];

    if (b->current >= 0 && (uint32_t)b->current == trace)
        return current(b);
    /* The rest of a trace already found damaged adds nothing. */
    if (b->current < 0 && trace < b->next && trace >= b->first &&
        b->s->traces[trace].outcome == VMI_ENV_DAMAGED)
        return NULL;
    snprintf(why, sizeof(why), "a %s record of trace %u arrived outside it", what, trace);
    if (b->current < 0 && trace >= b->next && trace < b->stop) {
        /* Its TRACE_BEGIN was lost: the trace cannot be trusted, and the
         * loss seen between traces was this one. */
        b->current = trace;
        b->s->traces[trace].begin_us = now_us(b);
        b->next = trace;
        if (b->pending[0])
            snprintf(why, sizeof(why), "%.150s", b->pending);
        b->pending[0] = '\0';
    }
    damage(b, why);
    return NULL;
}

void vmi__env_boot_close(struct vmi_env_boot *b, enum vmi_env_outcome o)
{
    struct vmi_env_trace *t = current(b);

    uint32_t index = (uint32_t)b->current;

    t->duration_us = now_us(b) - t->begin_us;
    vmi_env_trace_close(t, o, NULL);
    b->next = index + 1;
    b->current = -1;
    b->closed++;
    if (b->on_close)
        b->on_close(b->on_close_ctx, index);
}

static void on_begin(struct vmi_env_boot *b, const uint8_t *p, uint16_t len)
{
    uint32_t trace = len >= VMI_REC_TRACE_BEGIN_SIZE ? vmi_rec_get32(p) : UINT32_MAX;
    struct vmi_env_trace *t;

    if (b->current >= 0)
        damage(b, "the next trace began before this one ended");
    if (trace < b->next || trace >= b->stop) {
        damage(b, "a TRACE_BEGIN outside the range the guest was given");
        return;
    }
    b->current = trace;
    t = current(b);
    t->begin_us = now_us(b);
    if (b->pending[0]) {
        damage(b, b->pending);
        b->pending[0] = '\0';
    }
}

static void on_alloc(struct vmi_env_boot *b, const uint8_t *p, uint16_t len)
{
    struct vmi_env_trace *t;

    if (len != VMI_REC_ALLOC_SIZE) {
        damage(b, "an ALLOC record of the wrong size");
        return;
    }
    if (!(t = owner(b, vmi_rec_get32(p + VMI_REC_ALLOC_TRACE), "ALLOC")))
        return;
    if (t->alloc_count == t->alloc_cap) {
        uint32_t cap = t->alloc_cap ? 2 * t->alloc_cap : 16;
        struct vmi_env_alloc *v = realloc(t->allocs, cap * sizeof(*v));

        if (!v) {
            b->s->oom = 1;
            damage(b, "out of memory keeping the trace's allocations");
            return;
        }
        t->allocs = v;
        t->alloc_cap = cap;
    }
    t->allocs[t->alloc_count].kind = (uint8_t)vmi_rec_get32(p + VMI_REC_ALLOC_KIND);
    t->allocs[t->alloc_count++].addr = vmi_rec_get64(p + VMI_REC_ALLOC_ADDR);
}

/* OBS: struct vmi_exec_obs field by field. */
static int obs_decode(const uint8_t *p, uint16_t len, struct vmi_exec_obs *o)
{
    uint32_t i;

    if (len < VMI_REC_OBS_FIXED)
        return -1;
    memset(o, 0, sizeof(*o));
    o->trace = vmi_rec_get32(p + VMI_REC_OBS_TRACE);
    o->step = vmi_rec_get32(p + VMI_REC_OBS_STEP);
    o->op = p[VMI_REC_OBS_OP];
    o->value_count = p[VMI_REC_OBS_VALUE_COUNT];
    o->sub = vmi_rec_get16(p + VMI_REC_OBS_SUB);
    o->cpu = vmi_rec_get16(p + VMI_REC_OBS_CPU);
    o->reserved = vmi_rec_get16(p + VMI_REC_OBS_RESERVED);
    o->status = (int32_t)vmi_rec_get32(p + VMI_REC_OBS_STATUS);
    o->line = vmi_rec_get32(p + VMI_REC_OBS_LINE);
    if (o->value_count > VMI_REC_OBS_VALUES_MAX || o->value_count > VMI_EXEC_VALUES_MAX ||
        len != VMI_REC_OBS_FIXED + 8u * o->value_count)
        return -1;
    for (i = 0; i < o->value_count; i++)
        o->values[i] = vmi_rec_get64(p + VMI_REC_OBS_VALUES + 8 * i);
    return 0;
}

static void on_obs(struct vmi_env_boot *b, const uint8_t *p, uint16_t len)
{
    struct vmi_exec_obs o;
    struct vmi_env_trace *t;

    if (obs_decode(p, len, &o) != 0) {
        damage(b, "an OBS record of the wrong size");
        return;
    }
    if (!(t = owner(b, o.trace, "OBS")))
        return;
    if (t->obs_count == t->obs_cap) {
        size_t cap = t->obs_cap ? 2 * t->obs_cap : 32;
        struct vmi_exec_obs *v = realloc(t->obs, cap * sizeof(*v));

        if (!v) {
            b->s->oom = 1;
            damage(b, "out of memory keeping the trace's observations");
            return;
        }
        t->obs = v;
        t->obs_cap = cap;
    }
    t->obs[t->obs_count++] = o;
}

static void on_end(struct vmi_env_boot *b, const uint8_t *p, uint16_t len)
{
    struct vmi_env_trace *t;

    if (len != VMI_REC_TRACE_END_SIZE) {
        damage(b, "a TRACE_END record of the wrong size");
        return;
    }
    if (!(t = owner(b, vmi_rec_get32(p + VMI_REC_TRACE_END_TRACE), "TRACE_END")))
        return;
    t->end = vmi_rec_get32(p + VMI_REC_TRACE_END_END);
    t->err_step = vmi_rec_get32(p + VMI_REC_TRACE_END_ERR_STEP);
    t->err_code = (int32_t)vmi_rec_get32(p + VMI_REC_TRACE_END_ERR_CODE);
    vmi__env_boot_close(b, VMI_ENV_ENDED);
}

/* TRACE_SKIP may come with or without a TRACE_BEGIN before it. */
static void on_skip(struct vmi_env_boot *b, const uint8_t *p, uint16_t len)
{
    uint32_t trace, groups, g;
    struct vmi_env_trace *t;

    if (len < VMI_REC_TRACE_SKIP_MISSING) {
        damage(b, "a TRACE_SKIP record of the wrong size");
        return;
    }
    trace = vmi_rec_get32(p + VMI_REC_TRACE_SKIP_TRACE);
    groups = vmi_rec_get32(p + VMI_REC_TRACE_SKIP_GROUPS);
    if (groups > VMI_REC_IDENT_GROUPS_MAX || len != VMI_REC_TRACE_SKIP_MISSING + 8 * groups) {
        damage(b, "a TRACE_SKIP record of the wrong size");
        return;
    }
    if (b->current < 0 && trace >= b->next && trace < b->stop) {
        b->current = trace;
        b->s->traces[trace].begin_us = now_us(b);
    }
    if (!(t = owner(b, trace, "TRACE_SKIP")))
        return;
    t->groups = groups;
    for (g = 0; g < groups; g++)
        t->missing[g] = vmi_rec_get64(p + VMI_REC_TRACE_SKIP_MISSING + 8 * g);
    vmi__env_boot_close(b, VMI_ENV_SKIPPED);
}

static void on_record(struct vmi_env_boot *b, const struct vmi_rec_event *ev)
{
    b->records++;
    b->resync = 0;
    switch (ev->type) {
    case VMI_REC_IDENT: vmi__env_boot_ident(b, ev->payload, ev->len); break;
    case VMI_REC_MECH: vmi__env_boot_mech(b, ev->payload, ev->len); break;
    case VMI_REC_TRACE_BEGIN: on_begin(b, ev->payload, ev->len); break;
    case VMI_REC_ALLOC: on_alloc(b, ev->payload, ev->len); break;
    case VMI_REC_OBS: on_obs(b, ev->payload, ev->len); break;
    case VMI_REC_TRACE_END: on_end(b, ev->payload, ev->len); break;
    case VMI_REC_TRACE_SKIP: on_skip(b, ev->payload, ev->len); break;
    case VMI_REC_FAULT: vmi__env_boot_fault(b, ev->payload, ev->len); break;
    case VMI_REC_END:
        b->ended = 1;
        b->exit_value = ev->len >= VMI_REC_END_SIZE ? vmi_rec_get32(ev->payload) : 0;
        break;
    default: break;             /* HELLO, LOG, BOOT, ...: for people */
    }
}

static void on_event(void *ctx, const struct vmi_rec_event *ev)
{
    struct vmi_env_boot *b = ctx;
    char why[160];

    if (ev->kind == VMI_REC_RECORD) {
        on_record(b, ev);
        return;
    }
    if (ev->kind != VMI_REC_ERROR || ev->error == VMI_REC_EGARBAGE)
        return;                 /* firmware preamble, the adapter's console text */
    /* A rejected record leaves its sequence number unused, so the gap
     * right after it is the same loss, already counted. */
    if (ev->error == VMI_REC_ESEQ && b->resync)
        return;
    b->resync = 1;
    if (ev->error == VMI_REC_ESEQ)
        snprintf(why, sizeof(why), "records were lost: record %u came where %u was due",
                 ev->seq, ev->expected_seq);
    else
        snprintf(why, sizeof(why), "a damaged record (%s) at byte %llu of the stream",
                 vmi_rec_error_name(ev->error), (unsigned long long)ev->offset);
    damage(b, why);
}

void vmi_env_boot_init(struct vmi_env_boot *b, struct vmi_env_session *s, uint32_t first,
                       uint32_t stop)
{
    memset(b, 0, sizeof(*b));
    b->s = s;
    b->first = b->next = first;
    b->stop = stop <= s->count ? stop : s->count;
    b->current = -1;
    vmi_rec_decoder_init(&b->dec, on_event, b);
}

void vmi_env_boot_feed(struct vmi_env_boot *b, const void *data, size_t n)
{
    vmi_rec_decode(&b->dec, data, n);
}

void vmi_env_boot_finish(struct vmi_env_boot *b)
{
    vmi_rec_decode_end(&b->dec);
}
