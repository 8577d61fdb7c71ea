/* report.html's two cross tables: traces by environment, and requirement coverage. */
#include <stdlib.h>
#include <string.h>
#include "report_internal.h"

static void write_pair_label(FILE *out, const char *env, const char *adapter)
{
    vmi__xml_write(out, env, 0);
    fputc('/', out);
    vmi__xml_write(out, adapter, 0);
}

/* The cell of one trace (results v[0..n), all of that trace) in one column;
 * a duplicated result shows all its statuses rather than hiding one. */
static void write_cell(FILE *out, const struct vmi_result **v, size_t n,
                       const struct vmi__pair *p)
{
    size_t i, hits = 0;

    fputs("<td>", out);
    for (i = 0; i < n; i++) {
        if (!vmi__pair_match(p, v[i]))
            continue;
        fputs(hits++ ? " " : "", out);
        vmi__html_status(out, NULL, NULL, v[i]->status);
    }
    fputs(hits ? "</td>" : "&#8212;</td>", out);
}

void vmi__html_matrix(FILE *out, const struct vmi_result **v, size_t n,
                      const struct vmi__pair *pairs, size_t pair_count)
{
    size_t i, j, end;

    fputs("<h2>Results</h2>\n<table>\n<tr><th>trace</th>", out);
    for (j = 0; j < pair_count; j++) {
        fputs("<th>", out);
        write_pair_label(out, pairs[j].env, pairs[j].adapter);
        fputs("</th>", out);
    }
    fputs("</tr>\n", out);
    for (i = 0; i < n; i = end) {
        for (end = i + 1; end < n && strcmp(v[end]->trace, v[i]->trace) == 0; end++)
            ;
        fputs("<tr><th>", out);
        vmi__xml_write(out, v[i]->trace, 0);
        fputs("</th>", out);
        for (j = 0; j < pair_count; j++)
            write_cell(out, v + i, end - i, &pairs[j]);
        fputs("</tr>\n", out);
    }
    fputs("</table>\n", out);
}

/* One (requirement, result) link of the coverage table. */
struct cov {
    const char *req;
    const struct vmi_result *res;
};

static int cov_cmp(const void *a, const void *b)
{
    const struct cov *x = a, *y = b;
    int c = strcmp(x->req, y->req);

    return c != 0 ? c : vmi__result_cmp(x->res, y->res);
}

static struct cov *cov_collect(const struct vmi_result **v, size_t n, size_t *count)
{
    size_t i, k = 0, total = 0;
    struct cov *c;
    uint32_t j;

    for (i = 0; i < n; i++)
        total += v[i]->req_count;
    if ((c = malloc((total + 1) * sizeof(*c))) == NULL)
        return NULL;
    for (i = 0; i < n; i++)
        for (j = 0; j < v[i]->req_count; j++)
            c[k++] = (struct cov){v[i]->reqs[j], v[i]};
    qsort(c, k, sizeof(*c), cov_cmp);
    *count = k;
    return c;
}

/* One row per (requirement, trace): every environment's status for it. */
static size_t write_cov_row(FILE *out, const struct cov *c, size_t n)
{
    size_t end;

    fputs("<tr><td>", out);
    vmi__xml_write(out, c[0].req, 0);
    fputs("</td><td>", out);
    vmi__xml_write(out, c[0].res->trace, 0);
    fputs("</td><td>", out);
    for (end = 0; end < n && strcmp(c[end].req, c[0].req) == 0 &&
                  strcmp(c[end].res->trace, c[0].res->trace) == 0;
         end++) {
        fputs(end ? " " : "", out);
        vmi__html_status(out, c[end].res->env, c[end].res->adapter, c[end].res->status);
    }
    fputs("</td></tr>\n", out);
    return end;
}

int vmi__html_coverage(FILE *out, const struct vmi_result **v, size_t n)
{
    size_t count = 0, i;
    struct cov *c = cov_collect(v, n, &count);

    if (c == NULL)
        return -1;
    fputs("<h2>Requirement coverage</h2>\n<table>\n"
          "<tr><th>requirement</th><th>trace</th><th>statuses</th></tr>\n",
          out);
    for (i = 0; i < count;)
        i += write_cov_row(out, c + i, count - i);
    fputs("</table>\n", out);
    free(c);
    return 0;
}
