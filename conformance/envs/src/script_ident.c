/* What a script environment's boot ran on, from the logs its script left. */
#include <stdio.h>
#include <string.h>
#include "vmi-envs/script.h"

/* The text after the first occurrence of key in the file's last line that
 * holds it, up to the line's end (or the next space when word is set). */
static void find(const char *path, const char *key, int word, char *out, size_t cap)
{
    char buf[1024], *p;
    FILE *f = fopen(path, "r");

    snprintf(out, cap, "unknown");
    if (!f)
        return;
    while (fgets(buf, sizeof(buf), f)) {
        buf[strcspn(buf, "\r\n")] = '\0';
        if (!(p = strstr(buf, key)))
            continue;
        p += strlen(key);
        if (word)
            p[strcspn(p, " ")] = '\0';
        snprintf(out, cap, "%.300s", p);
    }
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
