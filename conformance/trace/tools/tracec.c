/* vmi-tracec: checks .vmt traces and compiles them into one bundle.
 *
 *   vmi-tracec [-r requirements.txt] [-o out.vmb] FILE.vmt...
 *
 * Diagnostics go to stderr as FILE:LINE:COL: error: ...; the exit status is
 * 0 when every file is valid (and the bundle was written), 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vmi-trace/trace.h"

static int usage(void)
{
    fprintf(stderr, "usage: vmi-tracec [-r requirements.txt] [-o out.vmb] FILE.vmt...\n");
    return 2;
}

static int bundle_write(const struct vmi_trace_set *set, const char *path)
{
    uint8_t *bundle;
    size_t len;
    FILE *fp;
    int ok;

    if (vmi_trace_compile(set, &bundle, &len) != 0) {
        fprintf(stderr, "vmi-tracec: cannot compile the traces\n");
        return 1;
    }
    fp = fopen(path, "wb");
    ok = fp != NULL && fwrite(bundle, 1, len, fp) == len;
    if (fp != NULL && fclose(fp) != 0)
        ok = 0;
    free(bundle);
    if (!ok)
        fprintf(stderr, "vmi-tracec: cannot write %s\n", path);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *ids_path = NULL, *out_path = NULL;
    struct vmi_trace_ids ids;
    struct vmi_trace_set set;
    int i, rc;
    size_t d;

    for (i = 1; i < argc && argv[i][0] == '-'; i += 2) {
        if (i + 1 >= argc)
            return usage();
        if (strcmp(argv[i], "-r") == 0)
            ids_path = argv[i + 1];
        else if (strcmp(argv[i], "-o") == 0)
            out_path = argv[i + 1];
        else
            return usage();
    }
    if (i == argc)
        return usage();
    if (ids_path != NULL && vmi_trace_ids_load(&ids, ids_path) != 0) {
        fprintf(stderr, "vmi-tracec: cannot read %s\n", ids_path);
        return 1;
    }
    vmi_trace_set_init(&set, ids_path ? &ids : NULL);
    for (; i < argc; i++)
        vmi_trace_parse_file(&set, argv[i]);
    vmi_trace_set_validate(&set);
    for (d = 0; d < set.diag_count; d++)
        fprintf(stderr, "%s\n", set.diags[d].text);
    rc = set.error_count != 0 ? 1 : out_path ? bundle_write(&set, out_path) : 0;
    vmi_trace_set_free(&set);
    if (ids_path != NULL)
        vmi_trace_ids_free(&ids);
    return rc;
}
