/* Small helpers of the list files and checks: lines, whole files, messages. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "report_internal.h"

/* List files are small; a bound keeps a wrong path (a disk image, say)
 * from being read whole into memory. */
#define LIST_FILE_MAX (16u << 20)

int vmi__line_next(const char *text, size_t len, size_t *pos, const char **line,
                   size_t *line_len)
{
    const char *nl;
    size_t n;

    if (*pos >= len)
        return 0;
    *line = text + *pos;
    nl = memchr(*line, '\n', len - *pos);
    n = nl != NULL ? (size_t)(nl - *line) : len - *pos;
    *pos += n + (nl != NULL);
    if (n > 0 && (*line)[n - 1] == '\r')
        n--;
    *line_len = n;
    return 1;
}

int vmi__file_read(const char *path, char **text, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0;
    long size;

    if (fp == NULL)
        return -1;
    errno = 0;
    if (fseek(fp, 0, SEEK_END) == 0 && (size = ftell(fp)) >= 0 && (size_t)size <= LIST_FILE_MAX &&
        fseek(fp, 0, SEEK_SET) == 0 && (buf = malloc((size_t)size + 1)) != NULL) {
        n = fread(buf, 1, (size_t)size, fp);
        if (ferror(fp) || n != (size_t)size) {
            free(buf);
            buf = NULL;
        }
    } else if (errno == 0) {
        errno = EFBIG;
    }
    fclose(fp);
    if (buf == NULL)
        return -1;
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}

void vmi__msg(FILE *msgs, const char *fmt, ...)
{
    va_list ap;

    if (msgs == NULL)
        return;
    va_start(ap, fmt);
    vfprintf(msgs, fmt, ap);
    va_end(ap);
}

char *vmi__strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);

    if (d != NULL) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}
