/* The .vmt expression parser: one argument field into a postfix program. */
#include <string.h>
#include "trace_internal.h"

#define NEST_MAX 16

struct xp {
    struct vmi__parser *p;
    const struct vmi__field *f;
    struct vmi_trace_expr *e;
    uint32_t pos;
    uint32_t depth;   /* evaluation stack depth after the ops so far */
    uint32_t nest;    /* parentheses, bounded so hostile input cannot recurse deeply */
};

static char peek(const struct xp *x)
{
    return x->pos < x->f->len ? x->f->s[x->pos] : '\0';
}

static void skip_space(struct xp *x)
{
    while (peek(x) == ' ' || peek(x) == '\t')
        x->pos++;
}

static int fail(struct xp *x, const char *what)
{
    vmi__error(x->p, x->f->col + x->pos, "%s", what);
    return -1;
}

static int emit(struct xp *x, uint8_t op, uint16_t index, uint64_t value)
{
    int eff = op <= VMI_BUNDLE_X_STR ? 1 : op <= VMI_BUNDLE_X_NEG ? 0 : -1;

    if (x->e->count == VMI_BUNDLE_EXPR_OPS_MAX)
        return fail(x, "expected a shorter expression (at most 32 operations)");
    if (eff == 1 && x->depth == VMI_BUNDLE_STACK_MAX)
        return fail(x, "expected a shallower expression (at most 16 pending operands)");
    x->depth = (uint32_t)((int)x->depth + eff);
    x->e->ops[x->e->count].op = op;
    x->e->ops[x->e->count].index = index;
    x->e->ops[x->e->count].value = value;
    x->e->count++;
    return 0;
}

static uint32_t run_end(const struct xp *x, uint32_t i)
{
    while (i < x->f->len) {
        char c = x->f->s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            break;
        i++;
    }
    return i;
}

static int parse_literal(struct xp *x)
{
    uint32_t end = run_end(x, x->pos);
    uint64_t v;
    int rc = vmi__int_parse(x->f->s + x->pos, end - x->pos, &v);

    if (rc == -1)
        return fail(x, "expected an integer literal (decimal, or hex with 0x)");
    if (rc == -2)
        return fail(x, "expected an integer literal that fits in 64 bits");
    x->pos = end;
    return emit(x, VMI_BUNDLE_X_LIT, 0, v);
}

/* @name or $name. */
static int parse_ref(struct xp *x)
{
    char sigil = peek(x), shown[96];
    uint32_t start = x->pos + 1, end = run_end(x, start);
    const char *s = x->f->s + start;
    int i = sigil == '@' ? vmi__res_find(x->p->t, s, end - start)
                         : vmi__var_find(x->p->t, s, end - start);
    struct vmi__field name = {s, end - start, 0};

    if (i < 0) {
        vmi__field_show(&name, shown, sizeof(shown));
        vmi__error(x->p, x->f->col + x->pos, sigil == '@'
                   ? "expected a resource declared by 'page' or 'va', found '@%s'"
                   : "expected a variable bound by an earlier step, found '$%s'", shown);
        return -1;
    }
    x->pos = end;
    return emit(x, sigil == '@' ? VMI_BUNDLE_X_RES : VMI_BUNDLE_X_VAR, (uint16_t)i, 0);
}

static int parse_binary(struct xp *x, int level);

static int parse_primary(struct xp *x)
{
    char c = peek(x);

    if (c >= '0' && c <= '9')
        return parse_literal(x);
    if (c == '@' || c == '$')
        return parse_ref(x);
    if (c != '(')
        return fail(x, "expected an integer, @resource, $variable, '(', '~' or '-'");
    if (++x->nest > NEST_MAX)
        return fail(x, "expected at most 16 nested parentheses");
    x->pos++;
    if (parse_binary(x, 0) != 0)
        return -1;
    skip_space(x);
    if (peek(x) != ')')
        return fail(x, "expected an operator or ')'");
    x->pos++;
    x->nest--;
    return 0;
}

static int parse_unary(struct xp *x)
{
    char c;

    skip_space(x);
    c = peek(x);
    if (c != '~' && c != '-')
        return parse_primary(x);
    if (++x->nest > NEST_MAX)
        return fail(x, "expected at most 16 nested unary operators");
    x->pos++;
    if (parse_unary(x) != 0)
        return -1;
    x->nest--;
    return emit(x, c == '~' ? VMI_BUNDLE_X_NOT : VMI_BUNDLE_X_NEG, 0, 0);
}

/* The operator at the cursor for precedence `level` (0 loosest), or 0. */
static uint8_t binary_op(const struct xp *x, int level, uint32_t *len)
{
    const char *s = x->f->s + x->pos;
    uint32_t left = x->f->len - x->pos;

    *len = 1;
    switch (level) {
    case 0: return left >= 1 && s[0] == '|' ? VMI_BUNDLE_X_OR : 0;
    case 1: return left >= 1 && s[0] == '^' ? VMI_BUNDLE_X_XOR : 0;
    case 2: return left >= 1 && s[0] == '&' ? VMI_BUNDLE_X_AND : 0;
    case 3:
        *len = 2;
        if (left >= 2 && s[0] == '<' && s[1] == '<') return VMI_BUNDLE_X_SHL;
        return left >= 2 && s[0] == '>' && s[1] == '>' ? VMI_BUNDLE_X_SHR : 0;
    default:
        if (left >= 1 && s[0] == '+') return VMI_BUNDLE_X_ADD;
        return left >= 1 && s[0] == '-' ? VMI_BUNDLE_X_SUB : 0;
    }
}

/* C precedence, loosest first: | ^ & (<< >>) (+ -), all left-associative. */
static int parse_binary(struct xp *x, int level)
{
    uint32_t len, at, end;
    uint8_t op;

    if ((level == 4 ? parse_unary(x) : parse_binary(x, level + 1)) != 0)
        return -1;
    for (;;) {
        skip_space(x);
        if ((op = binary_op(x, level, &len)) == 0)
            return 0;
        at = x->pos;
        x->pos += len;
        if ((level == 4 ? parse_unary(x) : parse_binary(x, level + 1)) != 0)
            return -1;
        end = x->pos;
        x->pos = at; /* an error in emit points at the operator */
        if (emit(x, op, 0, 0) != 0)
            return -1;
        x->pos = end;
    }
}

int vmi__expr_parse(struct vmi__parser *p, const struct vmi__field *f,
                    struct vmi_trace_expr *e)
{
    struct xp x;

    memset(e, 0, sizeof(*e));
    x.p = p;
    x.f = f;
    x.e = e;
    x.pos = 0;
    x.depth = 0;
    x.nest = 0;
    if (parse_binary(&x, 0) != 0)
        return -1;
    if (x.pos != f->len)
        return fail(&x, "expected an operator or the end of the argument");
    return 0;
}
