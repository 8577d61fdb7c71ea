/* The .vmt steps: call, probe, wait, write and expect. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trace_internal.h"

/* The first field at or after i that is `word`, or p->nf. */
static uint32_t find_field(const struct vmi__parser *p, uint32_t i, const char *word)
{
    for (; i < p->nf; i++)
        if (vmi__field_is(&p->f[i], word))
            return i;
    return p->nf;
}

/* The column of field i, or just past the line's end when i == nf. */
static uint32_t col_of(const struct vmi__parser *p, uint32_t i)
{
    return i < p->nf ? p->f[i].col : vmi__end_col(p);
}

static int bind_out(struct vmi__parser *p, struct vmi_trace_step *s, const struct vmi__field *f)
{
    struct vmi_trace *t = p->t;
    char shown[96];

    if (f->len < 2 || f->s[0] != '$' || !vmi__ident_ok(f->s + 1, f->len - 1)) {
        vmi__error(p, f->col, "expected an output variable like $v, found '%s'",
                   vmi__field_show(f, shown, sizeof(shown)));
        return -1;
    }
    if (vmi__var_find(t, f->s + 1, f->len - 1) >= 0) {
        vmi__error(p, f->col, "expected a new variable, '%s' is already bound",
                   vmi__field_show(f, shown, sizeof(shown)));
        return -1;
    }
    if (t->var_count == VMI_BUNDLE_VARS_MAX) {
        vmi__error(p, f->col, "expected at most %u variables", VMI_BUNDLE_VARS_MAX);
        return -1;
    }
    memcpy(t->vars[t->var_count], f->s + 1, f->len - 1);
    t->vars[t->var_count][f->len - 1] = '\0';
    s->outs[s->out_count++] = t->var_count++;
    return 0;
}

/* "-> $a $b" between fields from (the arrow) and to; none at all is fine. */
static int outs_parse(struct vmi__parser *p, struct vmi_trace_step *s, uint32_t from,
                      uint32_t to, uint32_t want, const char *what)
{
    uint32_t i, n = to - from - 1;
    int rc = 0;

    if (from == to)
        return 0;
    if (n != want) {
        vmi__error(p, col_of(p, n > want ? from + 1 + want : to),
                   "expected %u output variable%s after '->' for %s, found %u", want,
                   want == 1 ? "" : "s", what, n);
        return -1;
    }
    for (i = from + 1; i < to; i++)
        rc |= bind_out(p, s, &p->f[i]);
    return rc;
}

/* "expect status VMI_<NAME>" from field i to the end of the line; none is fine. */
static int status_parse(struct vmi__parser *p, struct vmi_trace_step *s, uint32_t i)
{
    char shown[96];

    if (i == p->nf)
        return 0;
    if (i + 1 == p->nf || !vmi__field_is(&p->f[i + 1], "status")) {
        vmi__error(p, col_of(p, i + 1), "expected 'status' after 'expect'");
        return -1;
    }
    if (i + 2 == p->nf ||
        vmi_trace_status_lookup(p->f[i + 2].s, p->f[i + 2].len, &s->status) != 0) {
        vmi__error(p, col_of(p, i + 2), "expected a status name like VMI_OK or VMI_EINVAL%s%s%s",
                   i + 2 < p->nf ? ", found '" : "",
                   i + 2 < p->nf ? vmi__field_show(&p->f[i + 2], shown, sizeof(shown)) : "",
                   i + 2 < p->nf ? "'" : "");
        return -1;
    }
    if (i + 3 != p->nf) {
        vmi__error(p, p->f[i + 3].col, "expected the end of the line after the status");
        return -1;
    }
    s->has_status = 1;
    return 0;
}

/* An IN argument: an expression, or `len`, the length of the string just before. */
static int in_arg_parse(struct vmi__parser *p, struct vmi_trace_step *s, uint32_t k,
                        const struct vmi__field *f, const char *param)
{
    struct vmi_trace_expr *e = &s->args[k];

    if (f->s[0] == '"') {
        vmi__error(p, f->col, "expected an expression for parameter '%s'; strings "
                   "go only to BUF parameters", param);
        return -1;
    }
    if (!vmi__field_is(f, "len"))
        return vmi__expr_parse(p, f, e);
    if (k == 0 || s->args[k - 1].ops[0].op != VMI_BUNDLE_X_STR) {
        vmi__error(p, f->col, "expected 'len' only right after a string argument");
        return -1;
    }
    memset(e, 0, sizeof(*e));
    e->count = 1;
    e->ops[0].op = VMI_BUNDLE_X_LIT;
    e->ops[0].value = s->args[k - 1].str_len;
    return 0;
}

/* A BUF argument: a "string", or `null` for the null pointer.  A bad one is
 * still marked STR so that a `len` after it adds no second error. */
static int buf_arg_parse(struct vmi__parser *p, struct vmi_trace_step *s, uint32_t k,
                         const struct vmi__field *f, const char *param)
{
    struct vmi_trace_expr *e = &s->args[k];

    memset(e, 0, sizeof(*e));
    e->count = 1;
    if (vmi__field_is(f, "null")) {
        e->ops[0].op = VMI_BUNDLE_X_LIT;
        return 0;
    }
    e->ops[0].op = VMI_BUNDLE_X_STR;
    if (f->s[0] != '"') {
        vmi__error(p, f->col, "expected a string literal or 'null' for parameter '%s'", param);
        return -1;
    }
    return vmi__string_parse(p, f, &e->str, &e->str_len);
}

/* Arguments from field `from` up to `to` (exclusive), `want` of them. */
static int count_check(struct vmi__parser *p, uint32_t from, uint32_t to, uint32_t want,
                       const char *what)
{
    uint32_t n = to - from;

    if (n == want)
        return 0;
    vmi__error(p, col_of(p, n > want ? from + want : to),
               "expected %u argument%s for %s, found %u", want, want == 1 ? "" : "s", what, n);
    return -1;
}

static int call_parse(struct vmi__parser *p, struct vmi_trace_step *s, uint32_t i)
{
    struct vmi_bundle_call_shape shape;
    uint32_t arrow = find_field(p, i + 1, "->"), exp = find_field(p, i + 1, "expect"), k;
    uint32_t args_end = arrow < exp ? arrow : exp;
    char shown[96], what[64];
    int32_t call = i < p->nf ? vmi_trace_call_lookup(p->f[i].s, p->f[i].len) : -1;
    int rc = 0;

    if (call < 0) {
        vmi__error(p, col_of(p, i), "expected a call name from calls.h%s%s%s",
                   i < p->nf ? ", found '" : "",
                   i < p->nf ? vmi__field_show(&p->f[i], shown, sizeof(shown)) : "",
                   i < p->nf ? "'" : "");
        return -1;
    }
    vmi_bundle_call_shape_get((uint32_t)call, &shape);
    s->op = VMI_BUNDLE_OP_CALL;
    s->sub = (uint16_t)call;
    snprintf(what, sizeof(what), "%s (its IN and BUF parameters)", vmi_call_name((uint32_t)call));
    if (count_check(p, i + 1, args_end, shape.in_count, what) != 0)
        return -1;
    for (k = 0; k < shape.in_count; k++, s->arg_count++) {
        const char *param = vmi__call_param_name((uint32_t)call, k);
        rc |= shape.in_kinds[k] == VMI_PARAM_BUF
                  ? buf_arg_parse(p, s, k, &p->f[i + 1 + k], param)
                  : in_arg_parse(p, s, k, &p->f[i + 1 + k], param);
    }
    snprintf(what, sizeof(what), "%s (one per 64 bits of OUT)", vmi_call_name((uint32_t)call));
    if (arrow < exp)
        rc |= outs_parse(p, s, arrow, exp, shape.out_words, what);
    return rc | status_parse(p, s, exp);
}

static const char *const probe_names[VMI_BUNDLE_PROBE_KIND_MAX + 1] = {
    NULL, "read", "phys64", "cr", "irqcount", "if", "console", "power", "ud",
};

/* probe read and step write take a width that must be known before the run. */
static int width_check(struct vmi__parser *p, const struct vmi_trace_expr *e,
                       const struct vmi__field *f)
{
    uint64_t w = e->ops[0].value;

    if (e->count == 1 && e->ops[0].op == VMI_BUNDLE_X_LIT && (w == 1 || w == 2 || w == 4 || w == 8))
        return 0;
    vmi__error(p, f->col, "expected a width of 1, 2, 4 or 8");
    return -1;
}

/* Expression arguments from field `from`; `width_at` names the width argument or -1. */
static int exprs_parse(struct vmi__parser *p, struct vmi_trace_step *s, uint32_t from,
                       uint32_t n, int width_at)
{
    uint32_t k;
    int rc = 0;

    for (k = 0; k < n; k++, s->arg_count++) {
        if (in_arg_parse(p, s, k, &p->f[from + k], "?") != 0)
            rc = -1;
        else if ((int)k == width_at)
            rc |= width_check(p, &s->args[k], &p->f[from + k]);
    }
    return rc;
}

static int probe_parse(struct vmi__parser *p, struct vmi_trace_step *s, uint32_t i)
{
    uint32_t arrow = find_field(p, i + 1, "->"), exp = find_field(p, i + 1, "expect"), kind;
    uint32_t args_end = arrow < exp ? arrow : exp;
    char what[64];
    int rc;

    for (kind = 1; kind <= VMI_BUNDLE_PROBE_KIND_MAX; kind++)
        if (i < p->nf && vmi__field_is(&p->f[i], probe_names[kind]))
            break;
    if (kind > VMI_BUNDLE_PROBE_KIND_MAX) {
        vmi__error(p, col_of(p, i), "expected a probe kind: read, phys64, cr, irqcount, "
                   "if, console, power or ud");
        return -1;
    }
    s->op = VMI_BUNDLE_OP_PROBE;
    s->sub = (uint16_t)kind;
    snprintf(what, sizeof(what), "probe %s", probe_names[kind]);
    if (count_check(p, i + 1, args_end, (uint32_t)vmi_bundle_probe_arity(kind), what) != 0)
        return -1;
    rc = exprs_parse(p, s, i + 1, args_end - i - 1, kind == VMI_BUNDLE_PROBE_READ ? 1 : -1);
    if (arrow < exp)
        rc |= outs_parse(p, s, arrow, exp, 1, what);
    return rc | status_parse(p, s, exp);
}

static int relation_lookup(const struct vmi__field *f)
{
    static const char *const rel[] = {NULL, "==", "!=", "<", "<=", ">", ">="};
    int r;

    for (r = VMI_BUNDLE_REL_EQ; r <= (int)VMI_BUNDLE_REL_GE; r++)
        if (vmi__field_is(f, rel[r]))
            return r;
    return -1;
}

static int expect_parse(struct vmi__parser *p, struct vmi_trace_step *s, uint32_t i)
{
    int rel;

    s->op = VMI_BUNDLE_OP_EXPECT;
    if (count_check(p, i, p->nf, 3, "expect (left, relation, right)") != 0)
        return -1;
    if ((rel = relation_lookup(&p->f[i + 1])) < 0) {
        vmi__error(p, p->f[i + 1].col, "expected a relation: == != < <= > >=");
        return -1;
    }
    s->sub = (uint16_t)rel;
    if (in_arg_parse(p, s, 0, &p->f[i], "left") != 0)
        return -1;
    s->arg_count = 1;
    if (in_arg_parse(p, s, 1, &p->f[i + 2], "right") != 0)
        return -1;
    s->arg_count = 2;
    return 0;
}

/* wait NS, or write ADDR WIDTH VALUE: fixed expression arguments, nothing after. */
static int fixed_parse(struct vmi__parser *p, struct vmi_trace_step *s, uint32_t i,
                       uint8_t op)
{
    uint32_t n = op == VMI_BUNDLE_OP_WAIT ? 1 : 3;

    s->op = op;
    if (count_check(p, i, p->nf, n, op == VMI_BUNDLE_OP_WAIT ? "wait (nanoseconds)"
                                                            : "write (address, width, value)") != 0)
        return -1;
    return exprs_parse(p, s, i, n, op == VMI_BUNDLE_OP_WRITE ? 1 : -1);
}

/* "on cpu N" before the action; returns the index after it, or 0 after an error. */
static uint32_t on_cpu_parse(struct vmi__parser *p, struct vmi_trace_step *s)
{
    uint64_t cpu;

    if (p->nf < 2 || !vmi__field_is(&p->f[1], "on"))
        return 1;
    if (p->nf < 4 || !vmi__field_is(&p->f[2], "cpu") ||
        vmi__int_parse(p->f[3].s, p->f[3].len, &cpu) != 0) {
        vmi__error(p, col_of(p, p->nf < 3 ? 2 : 3), "expected 'on cpu N' with a CPU number");
        return 0;
    }
    if (cpu >= p->t->cpus) {
        vmi__error(p, p->f[3].col, "expected a CPU number below %u ('needs cpus %u')",
                   p->t->cpus, p->t->cpus);
        return 0;
    }
    s->cpu = (uint16_t)cpu;
    return 4;
}

static int action_parse(struct vmi__parser *p, struct vmi_trace_step *s, uint32_t i)
{
    const struct vmi__field *a = &p->f[i];

    if (i < p->nf && vmi__field_is(a, "call"))
        return call_parse(p, s, i + 1);
    if (i < p->nf && vmi__field_is(a, "probe"))
        return probe_parse(p, s, i + 1);
    if (i < p->nf && vmi__field_is(a, "wait"))
        return fixed_parse(p, s, i + 1, VMI_BUNDLE_OP_WAIT);
    if (i > 1 && i < p->nf && (vmi__field_is(a, "write") || vmi__field_is(a, "expect"))) {
        vmi__error(p, p->f[1].col, "expected 'on cpu' only before call, probe or wait");
        return -1;
    }
    if (i < p->nf && vmi__field_is(a, "write"))
        return fixed_parse(p, s, i + 1, VMI_BUNDLE_OP_WRITE);
    if (i < p->nf && vmi__field_is(a, "expect"))
        return expect_parse(p, s, i + 1);
    vmi__error(p, col_of(p, i), "expected call, probe, wait, write or expect");
    return -1;
}

static int step_append(struct vmi__parser *p, const struct vmi_trace_step *s)
{
    struct vmi_trace *t = p->t;

    if (t->step_count == VMI_BUNDLE_STEPS_MAX) {
        vmi__error(p, p->f[0].col, "expected at most %u steps", VMI_BUNDLE_STEPS_MAX);
        return -1;
    }
    if (t->step_count == t->step_cap) {
        uint32_t cap = t->step_cap ? t->step_cap * 2 : 16;
        struct vmi_trace_step *ns = realloc(t->steps, cap * sizeof(*ns));
        if (ns == NULL) {
            vmi__error(p, p->f[0].col, "out of memory");
            return -1;
        }
        t->steps = ns;
        t->step_cap = cap;
    }
    t->steps[t->step_count++] = *s;
    return 0;
}

int vmi__step_parse(struct vmi__parser *p)
{
    struct vmi_trace_step s;
    uint32_t i, k;

    memset(&s, 0, sizeof(s));
    s.line = p->line;
    p->steps_seen = 1;
    i = on_cpu_parse(p, &s);
    if (i != 0 && action_parse(p, &s, i) == 0 && step_append(p, &s) == 0)
        return 0;
    for (k = 0; k < s.arg_count; k++)
        free(s.args[k].str);
    return -1;
}
