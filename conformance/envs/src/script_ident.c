/* What a script environment's boot ran on, from the logs its script left. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vmi-envs/script.h"

/* The text after the first occurrence of key in the file's last line that
 * holds it, up to the line's end (or the next space when word is set).
 * Bytes, not strings: firmware may leave a NUL on Xen's first line. */
static void find(const char *path, const char *key, int word, char *out, size_t cap)
{
    char *line = NULL, *p;
    size_t size = 0, k = strlen(key);
    ssize_t n;
    FILE *f = fopen(path, "r");

    snprintf(out, cap, "unknown");
    if (!f)
        return;
    while ((n = getline(&line, &size, f)) > 0) {
        if (!(p = memmem(line, (size_t)n, key, k)))
            continue;
        p += k;
        p[strcspn(p, word ? " \r\n" : "\r\n")] = '\0';
        snprintf(out, cap, "%.300s", p);
    }
    free(line);
    fclose(f);
}

void vmi_env_script_ident(const struct vmi_env_script *sc, const char *boot, char *out,
                          size_t cap)
{
    char path[4200], a[320], b[320];

    if (strcmp(sc->env, "xen") == 0) {
        snprintf(path, sizeof(path), "%s.d/serial.log", boot);
        find(path, "(XEN) Xen version ", 0, a, sizeof(a));
        find(path, "(XEN) Command line: ", 0, b, sizeof(b));
        a[strcspn(a, ")") + (a[strcspn(a, ")")] ? 1 : 0)] = '\0';  /* not who built it */
        snprintf(out, cap, "Xen %s; Xen command line: %s", a, b);
        return;
    }
    snprintf(path, sizeof(path), "%s.d/l1-status.log", boot);
    find(path, "vmi-l1 kernel=", 1, a, sizeof(a));
    find(path, " qemu=", 0, b, sizeof(b));
    snprintf(out, cap, "L1 Linux %s with KVM, L2 %s", a, b);
}
