/* The .vmt declarations: name, title, covers, needs, page and va. */
#include <stdlib.h>
#include <string.h>
#include "trace_internal.h"

static int lower_or_digit(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* group/behaviour: '/'-separated segments of [a-z0-9][a-z0-9_-]*. */
static int trace_name_ok(const struct vmi__field *f)
{
    uint32_t i;

    if (f->len == 0 || f->len >= VMI_TRACE_NAME_MAX)
        return 0;
    for (i = 0; i < f->len; i++) {
        char c = f->s[i];
        int seg_start = i == 0 || f->s[i - 1] == '/';
        if (seg_start ? !lower_or_digit(c)
                      : !(lower_or_digit(c) || c == '_' || c == '-' || c == '/'))
            return 0;
    }
    return f->s[f->len - 1] != '/';
}

static void decl_name(struct vmi__parser *p)
{
    struct vmi_trace *t = p->t;

    if (p->nf != 2) {
        vmi__error(p, p->nf < 2 ? vmi__end_col(p) : p->f[2].col,
                   "expected one trace name after 'name'");
        return;
    }
    if (t->name[0] != '\0') {
        vmi__error(p, p->f[0].col, "expected one 'name' line; the first is at line %u",
                   t->name_line);
        return;
    }
    if (!trace_name_ok(&p->f[1])) {
        vmi__error(p, p->f[1].col, "expected a trace name like 'mmu/remap-stale' "
                   "(lower-case letters, digits, '_', '-', '/'; under %u bytes)",
                   VMI_TRACE_NAME_MAX);
        return;
    }
    memcpy(t->name, p->f[1].s, p->f[1].len);
    t->name[p->f[1].len] = '\0';
    t->name_line = p->line;
    t->name_col = p->f[1].col;
}

/* The title is the raw text after the keyword, up to a comment. */
static void decl_title(struct vmi__parser *p)
{
    const struct vmi__field *last = &p->f[p->nf - 1];
    size_t n;

    if (p->nf < 2) {
        vmi__error(p, vmi__end_col(p), "expected a title after 'title'");
        return;
    }
    if (p->t->title != NULL) {
        vmi__error(p, p->f[0].col, "expected one 'title' line");
        return;
    }
    n = (size_t)(last->s + last->len - p->f[1].s);
    p->t->title = malloc(n + 1);
    if (p->t->title == NULL) {
        vmi__error(p, p->f[1].col, "out of memory");
        return;
    }
    memcpy(p->t->title, p->f[1].s, n);
    p->t->title[n] = '\0';
}

/* VMI-<GROUP>-<NNN>: the shape every requirement ID has. */
static int req_id_shape_ok(const struct vmi__field *f)
{
    uint32_t i = 4, g;

    if (f->len < 10 || f->len >= VMI_TRACE_ID_MAX || memcmp(f->s, "VMI-", 4) != 0)
        return 0;
    for (g = i; i < f->len && f->s[i] >= 'A' && f->s[i] <= 'Z'; i++)
        ;
    if (i == g || i + 4 != f->len || f->s[i] != '-')
        return 0;
    for (i++; i < f->len; i++)
        if (f->s[i] < '0' || f->s[i] > '9')
            return 0;
    return 1;
}

static int cover_known(const struct vmi__parser *p, const char *id)
{
    uint16_t i;

    for (i = 0; i < p->t->covers_count; i++)
        if (strcmp(p->t->covers[i], id) == 0)
            return 1;
    return 0;
}

static void cover_add(struct vmi__parser *p, const struct vmi__field *f)
{
    struct vmi_trace *t = p->t;
    char id[VMI_TRACE_ID_MAX];

    if (!req_id_shape_ok(f)) {
        vmi__error(p, f->col, "expected a requirement ID like VMI-MMU-006");
        return;
    }
    memcpy(id, f->s, f->len);
    id[f->len] = '\0';
    if (p->set->known != NULL && !vmi_trace_ids_has(p->set->known, id))
        vmi__error(p, f->col, "expected a requirement ID the specification defines, found '%s'", id);
    else if (cover_known(p, id))
        vmi__error(p, f->col, "expected each requirement ID once, '%s' is repeated", id);
    else if (t->covers_count == VMI_BUNDLE_COVERS_MAX)
        vmi__error(p, f->col, "expected at most %u requirement IDs", VMI_BUNDLE_COVERS_MAX);
    else
        memcpy(t->covers[t->covers_count++], id, f->len + 1);
}

static void decl_covers(struct vmi__parser *p)
{
    uint32_t i;

    if (p->nf < 2)
        vmi__error(p, vmi__end_col(p), "expected requirement IDs after 'covers'");
    for (i = 1; i < p->nf; i++)
        cover_add(p, &p->f[i]);
}

static void needs_features(struct vmi__parser *p)
{
    char shown[96];
    uint32_t i;

    if (p->nf < 3)
        vmi__error(p, vmi__end_col(p), "expected feature names after 'needs feature'");
    for (i = 2; i < p->nf; i++) {
        int32_t feat = vmi_trace_feature_lookup(p->f[i].s, p->f[i].len);
        if (feat < 0) {
            vmi__error(p, p->f[i].col, "expected a feature name like MMU_PTE, found '%s'",
                       vmi__field_show(&p->f[i], shown, sizeof(shown)));
            continue;
        }
        p->t->features[VMI_FEATURE_GROUP(feat)] |= VMI_FEATURE_MASK(feat);
    }
}

static void needs_cpus(struct vmi__parser *p)
{
    uint64_t n;

    if (p->nf != 3) {
        vmi__error(p, p->nf < 3 ? vmi__end_col(p) : p->f[3].col,
                   "expected one CPU count after 'needs cpus'");
        return;
    }
    if (p->cpus_seen) {
        vmi__error(p, p->f[0].col, "expected one 'needs cpus' line");
        return;
    }
    if (vmi__int_parse(p->f[2].s, p->f[2].len, &n) != 0 || n == 0 ||
        n > VMI_BUNDLE_CPUS_MAX) {
        vmi__error(p, p->f[2].col, "expected a CPU count from 1 to %u", VMI_BUNDLE_CPUS_MAX);
        return;
    }
    p->cpus_seen = 1;
    p->t->cpus = (uint16_t)n;
}

static void decl_needs(struct vmi__parser *p)
{
    if (p->nf >= 2 && vmi__field_is(&p->f[1], "feature"))
        needs_features(p);
    else if (p->nf >= 2 && vmi__field_is(&p->f[1], "cpus"))
        needs_cpus(p);
    else
        vmi__error(p, p->nf < 2 ? vmi__end_col(p) : p->f[1].col,
                   "expected 'feature' or 'cpus' after 'needs'");
}

static void resource_add(struct vmi__parser *p, const struct vmi__field *f, uint8_t kind)
{
    struct vmi_trace *t = p->t;
    char shown[96];

    if (!vmi__ident_ok(f->s, f->len))
        vmi__error(p, f->col, "expected a resource name [A-Za-z_][A-Za-z0-9_]* under %u bytes, "
                   "found '%s'", VMI_TRACE_IDENT_MAX, vmi__field_show(f, shown, sizeof(shown)));
    else if (vmi__res_find(t, f->s, f->len) >= 0)
        vmi__error(p, f->col, "expected a new resource name, '%s' is already declared",
                   vmi__field_show(f, shown, sizeof(shown)));
    else if (t->resource_count == VMI_BUNDLE_RESOURCES_MAX)
        vmi__error(p, f->col, "expected at most %u resources", VMI_BUNDLE_RESOURCES_MAX);
    else {
        memcpy(t->resources[t->resource_count].name, f->s, f->len);
        t->resources[t->resource_count].name[f->len] = '\0';
        t->resources[t->resource_count++].kind = kind;
    }
}

static void decl_resources(struct vmi__parser *p, uint8_t kind)
{
    uint32_t i;

    if (p->nf < 2)
        vmi__error(p, vmi__end_col(p), "expected resource names after '%s'",
                   kind == VMI_BUNDLE_RES_PAGE ? "page" : kind == VMI_BUNDLE_RES_VA ? "va"
                                                                             : "window");
    for (i = 1; i < p->nf; i++)
        resource_add(p, &p->f[i], kind);
}

/* There is one window, so one name for its page table (spec/trace-format.rst). */
static void decl_window(struct vmi__parser *p)
{
    uint32_t i;

    for (i = 0; i < p->t->resource_count; i++)
        if (p->t->resources[i].kind == VMI_BUNDLE_RES_WINDOW) {
            vmi__error(p, p->f[0].col, "expected at most one 'window' declaration");
            return;
        }
    if (p->nf > 2) {
        vmi__error(p, p->f[2].col, "expected one name after 'window'");
        return;
    }
    decl_resources(p, VMI_BUNDLE_RES_WINDOW);
}

int vmi__decl_parse(struct vmi__parser *p)
{
    char shown[96];
    size_t before = p->errors;

    if (vmi__field_is(&p->f[0], "name"))
        decl_name(p);
    else if (vmi__field_is(&p->f[0], "title"))
        decl_title(p);
    else if (vmi__field_is(&p->f[0], "covers"))
        decl_covers(p);
    else if (vmi__field_is(&p->f[0], "needs"))
        decl_needs(p);
    else if (vmi__field_is(&p->f[0], "page"))
        decl_resources(p, VMI_BUNDLE_RES_PAGE);
    else if (vmi__field_is(&p->f[0], "va"))
        decl_resources(p, VMI_BUNDLE_RES_VA);
    else if (vmi__field_is(&p->f[0], "window"))
        decl_window(p);
    else
        vmi__error(p, p->f[0].col, "expected a directive (name, title, covers, needs, page, "
                   "va, window or step), found '%s'",
                   vmi__field_show(&p->f[0], shown, sizeof(shown)));
    return p->errors == before ? 0 : -1;
}
