/* String and memory helpers the stubs need without a C library, and the command line. */
#include "stubs_internal.h"

#define OVERRIDE_KEY "vmi.adapter="
#define OVERRIDE_KEY_LEN 12u

void vmi__stubs_zero(void *p, size_t n)
{
    volatile uint8_t *b = (volatile uint8_t *)p;   /* not turned into memset */

    while (n--)
        *b++ = 0;
}

int vmi__stubs_name_is(const char *a, const char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (a[i] != b[i] || a[i] == 0)
            return 0;
    return a[n] == 0;
}

int vmi__stubs_name_cmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

static int word_is_key(const char *w)
{
    size_t i;

    for (i = 0; i < OVERRIDE_KEY_LEN; i++)
        if (w[i] != OVERRIDE_KEY[i])
            return 0;
    return 1;
}

const char *vmi__stubs_cmdline_adapter(const char *cmdline, size_t *len)
{
    const char *p = cmdline, *found = 0;

    while (p && *p) {
        const char *w;

        while (*p == ' ' || *p == '\t')
            p++;
        w = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        if ((size_t)(p - w) > OVERRIDE_KEY_LEN && word_is_key(w)) {
            found = w + OVERRIDE_KEY_LEN;
            *len = (size_t)(p - found);
        }
    }
    return found;
}
