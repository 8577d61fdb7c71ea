/* The freestanding half of the bundle that knows calls and expressions:
 * call shapes derived from the call list, probe arities, expression evaluation. */
#include <stddef.h>
#include <stdint.h>
#include "vmi-trace/bundle.h"
#include "bundle_load.h"

/* ---- Call shapes, derived from the one call list. ---- */

/* Per call: its parameter kinds and sizes, each list ended by a sentinel so
 * that a call without parameters still has a valid (non-empty) array. */
#define VMI__SHAPE_ARRAYS(num, group, name, ret, attrs, feat, n, params)       \
    static const uint8_t vmi__kinds_##name[] = {                              \
        VMI_PARAM_KINDS(n, params) VMI_PARAM_COMMA(n) 0xffu};                 \
    static const uint32_t vmi__sizes_##name[] = {                             \
        VMI_PARAM_SIZES(n, params) VMI_PARAM_COMMA(n) 0u};
VMI_CALL_LIST(VMI__SHAPE_ARRAYS)
#undef VMI__SHAPE_ARRAYS

struct vmi__shape_row {
    uint8_t n;
    const uint8_t *kinds;
    const uint32_t *sizes;
};

static const struct vmi__shape_row vmi__shapes[VMI_CALL_COUNT] = {
#define VMI__SHAPE_ROW(num, group, name, ret, attrs, feat, n, params) \
    [num] = {(n), vmi__kinds_##name, vmi__sizes_##name},
    VMI_CALL_LIST(VMI__SHAPE_ROW)
#undef VMI__SHAPE_ROW
};

int vmi_bundle_call_shape_get(uint32_t call, struct vmi_bundle_call_shape *shape)
{
    const struct vmi__shape_row *row;
    uint32_t i;

    if (call >= VMI_CALL_COUNT || vmi__shapes[call].kinds == 0)
        return VMI_BUNDLE_ECALL;
    row = &vmi__shapes[call];
    shape->in_count = 0;
    shape->out_words = 0;
    for (i = 0; i < row->n; i++) {
        if (row->kinds[i] == VMI_PARAM_OUT)
            shape->out_words = (uint8_t)(shape->out_words +
                                         (VMI_BUNDLE_OUT_SIZE(call, row->sizes[i]) + 7u) / 8u);
        else
            shape->in_kinds[shape->in_count++] = row->kinds[i];
    }
    return 0;
}

int vmi_bundle_probe_arity(uint32_t kind)
{
    switch (kind) {
    case VMI_BUNDLE_PROBE_READ: return 2;
    case VMI_BUNDLE_PROBE_PHYS64: return 1;
    case VMI_BUNDLE_PROBE_CR: return 1;
    case VMI_BUNDLE_PROBE_IRQCOUNT: return 1;
    case VMI_BUNDLE_PROBE_IF: return 0;
    case VMI_BUNDLE_PROBE_CONSOLE: return 0;
    case VMI_BUNDLE_PROBE_POWER: return 0;
    case VMI_BUNDLE_PROBE_UD: return 0;
    default: return -1;
    }
}

/* ---- Expressions ---- */

/* Declared in bundle_load.h. */
int vmi__bundle_x_operand_size(uint8_t op)
{
    switch (op) {
    case VMI_BUNDLE_X_LIT: return 8;
    case VMI_BUNDLE_X_RES: case VMI_BUNDLE_X_VAR: return 2;
    case VMI_BUNDLE_X_STR: return 8;
    case VMI_BUNDLE_X_NOT: case VMI_BUNDLE_X_NEG: return 0;
    case VMI_BUNDLE_X_OR: case VMI_BUNDLE_X_XOR: case VMI_BUNDLE_X_AND:
    case VMI_BUNDLE_X_SHL: case VMI_BUNDLE_X_SHR: case VMI_BUNDLE_X_ADD:
    case VMI_BUNDLE_X_SUB: return 0;
    default: return -1;
    }
}

int vmi__bundle_x_stack_effect(uint8_t op)
{
    if (op <= VMI_BUNDLE_X_STR)
        return 1;
    return op <= VMI_BUNDLE_X_NEG ? 0 : -1;
}

static uint64_t x_binary(uint8_t op, uint64_t a, uint64_t b)
{
    switch (op) {
    case VMI_BUNDLE_X_OR: return a | b;
    case VMI_BUNDLE_X_XOR: return a ^ b;
    case VMI_BUNDLE_X_AND: return a & b;
    case VMI_BUNDLE_X_SHL: return b >= 64 ? 0 : a << b;
    case VMI_BUNDLE_X_SHR: return b >= 64 ? 0 : a >> b;
    case VMI_BUNDLE_X_ADD: return a + b;
    default: return a - b;
    }
}

/* Pushes the value of an operand op at p (opcode byte). */
static uint64_t x_operand(const uint8_t *p, const struct vmi_bundle_env *env)
{
    if (p[0] == VMI_BUNDLE_X_LIT)
        return vmi__ld64(p + 1);
    if (p[0] == VMI_BUNDLE_X_RES)
        return env->resources[vmi__ld16(p + 1)];
    return env->vars[vmi__ld16(p + 1)];
}

int vmi_bundle_expr_eval(const uint8_t *expr, const struct vmi_bundle_env *env,
                         uint64_t *value)
{
    uint64_t stack[VMI_BUNDLE_STACK_MAX];
    uint32_t sp = 0, i, n = expr[0];
    const uint8_t *p = expr + 1;

    for (i = 0; i < n; i++) {
        int eff = vmi__bundle_x_stack_effect(p[0]);
        uint32_t need = eff == 1 ? 0u : eff == 0 ? 1u : 2u;
        if (p[0] == VMI_BUNDLE_X_STR || vmi__bundle_x_operand_size(p[0]) < 0 || sp < need ||
            (eff == 1 && sp >= VMI_BUNDLE_STACK_MAX))
            return VMI_BUNDLE_EEXPR;
        if (eff == 1)
            stack[sp++] = x_operand(p, env);
        else if (eff == 0)
            stack[sp - 1] = p[0] == VMI_BUNDLE_X_NOT ? ~stack[sp - 1] : 0u - stack[sp - 1];
        else {
            sp--;
            stack[sp - 1] = x_binary(p[0], stack[sp - 1], stack[sp]);
        }
        p += 1 + vmi__bundle_x_operand_size(p[0]);
    }
    if (sp != 1)
        return VMI_BUNDLE_EEXPR;
    *value = stack[0];
    return 0;
}

int vmi_bundle_expr_string(const struct vmi_bundle *b, const uint8_t *expr,
                           const uint8_t **bytes, uint32_t *len)
{
    if (expr[0] != 1)
        return -1;
    if (expr[1] == VMI_BUNDLE_X_LIT && vmi__ld64(expr + 2) == 0)
        return 0;
    if (expr[1] != VMI_BUNDLE_X_STR)
        return -1;
    *bytes = b->data + b->strings_offset + vmi__ld32(expr + 2);
    *len = vmi__ld32(expr + 6);
    return 1;
}
