/* Internal to the freestanding decoder: little-endian loads and shared helpers. */
#ifndef VMI_TRACE_BUNDLE_LOAD_H
#define VMI_TRACE_BUNDLE_LOAD_H

#include <stdint.h>

/* The buffer may be unaligned and the host big-endian, so fields are read
 * a byte at a time. */
static inline uint16_t vmi__ld16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t vmi__ld32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static inline uint64_t vmi__ld64(const uint8_t *p)
{
    return (uint64_t)vmi__ld32(p) | ((uint64_t)vmi__ld32(p + 4) << 32);
}

/* [off, off+len) lies inside [0, size), written so that it cannot overflow. */
static inline int vmi__in_range(uint32_t size, uint32_t off, uint32_t len)
{
    return off <= size && len <= size - off;
}

/* The operand bytes after expression opcode `op`, or -1 for an unknown one. */
int vmi__bundle_x_operand_size(uint8_t op);

/* The stack effect of a known expression opcode: +1 operand, 0 unary, -1 binary. */
int vmi__bundle_x_stack_effect(uint8_t op);

struct vmi_bundle;
struct vmi_bundle_trace_view;

/* What is being checked, and where the first problem was found. */
struct vmi__check {
    const struct vmi_bundle *b;
    const struct vmi_bundle_trace_view *t;
    uint32_t err_off;
};

static inline int vmi__bundle_fail(struct vmi__check *c, int code, uint32_t off)
{
    c->err_off = off;
    return code;
}

/* A payload region: after the header and inside the bundle. */
int vmi__bundle_region_ok(const struct vmi_bundle *b, uint32_t off, uint32_t len);

/* Checks every step of c->t, and that each variable is bound once before use. */
int vmi__bundle_steps_check(struct vmi__check *c);

#endif /* VMI_TRACE_BUNDLE_LOAD_H */
