/* vmi-elfcheck [--max-size BYTES] IMAGE: is IMAGE a PVH ELF that QEMU boots with -kernel? */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "elfcheck.h"

/* Larger files are refused before they are read: no guest image is close. */
#define READ_LIMIT (64u << 20)

static unsigned char *read_file(const char *path, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    unsigned char *buf;

    if (fp == NULL)
        return NULL;
    buf = malloc(READ_LIMIT + 1);
    if (buf != NULL)
        *size = fread(buf, 1, READ_LIMIT + 1, fp);
    if (buf != NULL && (ferror(fp) || *size > READ_LIMIT)) {
        int err = ferror(fp) ? errno : EFBIG;
        free(buf);
        buf = NULL;
        errno = err;
    }
    fclose(fp);
    return buf;
}

static int parse_args(int argc, char **argv, size_t *max_size, const char **path)
{
    char *end;

    if (argc == 4 && strcmp(argv[1], "--max-size") == 0) {
        *max_size = (size_t)strtoull(argv[2], &end, 0);
        *path = argv[3];
        return *end == '\0' && argv[2][0] != '\0' ? 0 : -1;
    }
    *path = argv[1];
    return argc == 2 && argv[1][0] != '-' ? 0 : -1;
}

int main(int argc, char **argv)
{
    struct vmi_elfcheck_info info;
    size_t max_size = 0, size = 0;
    const char *path;
    unsigned char *image;
    char err[256];

    if (parse_args(argc, argv, &max_size, &path) != 0) {
        fprintf(stderr, "usage: vmi-elfcheck [--max-size BYTES] IMAGE\n");
        return 2;
    }
    image = read_file(path, &size);
    if (image == NULL) {
        fprintf(stderr, "vmi-elfcheck: %s: cannot read: %s\n", path, strerror(errno));
        return 1;
    }
    if (vmi_elfcheck(image, size, max_size, &info, err, sizeof(err)) != 0) {
        fprintf(stderr, "vmi-elfcheck: %s: %s\n", path, err);
        free(image);
        return 1;
    }
    printf("vmi-elfcheck: %s: ok: ELF%d, PVH entry 0x%x, %zu bytes\n", path, info.elf_class,
           info.entry, info.size);
    free(image);
    return 0;
}
