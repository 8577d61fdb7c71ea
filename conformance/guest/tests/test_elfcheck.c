/* vmi-elfcheck's checks: the built guest image passes; corrupted copies fail clearly, never crash. */
#include <elf.h>
#include <stdlib.h>
#include "cunit_harness.h"
#include "elfcheck.h"

#define MAX_SIZE (256u * 1024u)

static unsigned char *image;
static size_t image_size;

static int load_image(void)
{
    FILE *fp = fopen(VMI_GUEST_IMAGE, "rb");

    if (fp == NULL)
        return -1;
    image = malloc(MAX_SIZE + 1);
    image_size = image ? fread(image, 1, MAX_SIZE + 1, fp) : 0;
    fclose(fp);
    return image_size > 0 ? 0 : -1;
}

/* A private copy to damage. */
static unsigned char *copy_image(void)
{
    unsigned char *c = malloc(image_size);

    CU_ASSERT_FATAL(c != NULL);
    memcpy(c, image, image_size);
    return c;
}

/* Runs the check and asserts it fails with `want` in its message. */
static void expect_error(const unsigned char *buf, size_t size, const char *want)
{
    struct vmi_elfcheck_info info;
    char err[256] = "";
    int rc = vmi_elfcheck(buf, size, MAX_SIZE, &info, err, sizeof(err));

    VMI_ASSERT_EQ(rc, -1);
    if (strstr(err, want) == NULL)
        fprintf(stderr, "error \"%s\" lacks \"%s\"\n", err, want);
    CU_ASSERT(strstr(err, want) != NULL);
}

static Elf64_Phdr *phdr_of(unsigned char *buf, uint32_t type)
{
    Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
    Elf64_Phdr *ph = (Elf64_Phdr *)(buf + eh->e_phoff);
    int i;

    for (i = 0; i < eh->e_phnum; i++)
        if (ph[i].p_type == type)
            return &ph[i];
    CU_FAIL_FATAL("no such program header");
    return NULL;
}

/* The note: namesz, descsz, type, "Xen\0", entry. */
static uint32_t *note_of(unsigned char *buf)
{
    return (uint32_t *)(buf + phdr_of(buf, PT_NOTE)->p_offset);
}

static void built_image_passes(void)
{
    struct vmi_elfcheck_info info;
    char err[256] = "";

    VMI_ASSERT_EQ(vmi_elfcheck(image, image_size, MAX_SIZE, &info, err, sizeof(err)), 0);
    VMI_ASSERT_STR(err, "");
    VMI_ASSERT_EQ(info.elf_class, 64);
    VMI_ASSERT_EQ(info.entry, 0x100000);    /* pvh_start32 opens .text at 1 MiB */
    CU_ASSERT(image_size < MAX_SIZE);
}

static void size_and_shape(void)
{
    struct vmi_elfcheck_info info;
    char err[256];

    VMI_ASSERT_EQ(vmi_elfcheck(image, image_size, 1000, &info, err, sizeof(err)), -1);
    CU_ASSERT(strstr(err, "over the limit of 1000") != NULL);
    expect_error(image, 0, "empty file");
    expect_error((const unsigned char *)"#!/bin/sh\necho hi\n", 18, "not an ELF file");
    expect_error(image, 40, "truncated: 40 bytes");
    expect_error(image, 0x1000, "runs past the end of the file");
}

static void header_fields(void)
{
    unsigned char *c = copy_image();
    Elf64_Ehdr *eh = (Elf64_Ehdr *)c;

    c[EI_MAG1] = 'X';
    expect_error(c, image_size, "not an ELF file");
    memcpy(c, image, image_size);
    eh->e_machine = EM_AARCH64;
    expect_error(c, image_size, "not an x86 image");
    memcpy(c, image, image_size);
    eh->e_type = ET_DYN;
    expect_error(c, image_size, "not an executable");
    memcpy(c, image, image_size);
    c[EI_DATA] = ELFDATA2MSB;
    expect_error(c, image_size, "");
    memcpy(c, image, image_size);
    eh->e_phoff = 0xfffffff0;
    expect_error(c, image_size, "");
    memcpy(c, image, image_size);
    eh->e_phnum = 0;
    expect_error(c, image_size, "no program headers");
    free(c);
}

static void note_fields(void)
{
    unsigned char *c = copy_image();

    note_of(c)[2] = 17;
    expect_error(c, image_size, "no Xen PHYS32_ENTRY note");
    memcpy(c, image, image_size);
    memcpy(note_of(c) + 3, "Xem", 4);
    expect_error(c, image_size, "no Xen PHYS32_ENTRY note");
    memcpy(c, image, image_size);
    note_of(c)[4] = 0x200000;
    expect_error(c, image_size, "entry 0x200000 is not inside an executable");
    memcpy(c, image, image_size);
    phdr_of(c, PT_NOTE)->p_align = 8;
    expect_error(c, image_size, "p_align 8");
    memcpy(c, image, image_size);
    note_of(c)[1] = 8;
    expect_error(c, image_size, "no Xen PHYS32_ENTRY note");
    free(c);
}

static void multiboot_header_refused(void)
{
    unsigned char *c = copy_image();
    uint32_t mb[3] = {0x1badb002u, 0, 0u - 0x1badb002u};

    memcpy(c + 0x1000, mb, sizeof(mb));
    expect_error(c, image_size, "multiboot");
    free(c);
}

static void segment_fields(void)
{
    unsigned char *c = copy_image();

    phdr_of(c, PT_LOAD)->p_paddr = 0xfffff000;
    expect_error(c, image_size, "not below 4 GiB");
    memcpy(c, image, image_size);
    phdr_of(c, PT_LOAD)->p_offset = image_size;
    expect_error(c, image_size, "runs past the end");
    memcpy(c, image, image_size);
    phdr_of(c, PT_NOTE)->p_filesz = 0x100000;
    expect_error(c, image_size, "runs past the end");
    free(c);
}

/* Random damage anywhere in the headers, the note or the file: an answer
 * every time, never a crash (this test also runs under ASan). */
static void random_damage(void)
{
    struct vmi_elfcheck_info info;
    unsigned char *c = copy_image();
    uint64_t state = 5;
    size_t iter, k, n;
    char err[256];

    for (iter = 0; iter < 3000; iter++) {
        memcpy(c, image, image_size);
        for (k = 0; k < 1 + iter % 8; k++) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            n = (size_t)(state >> 33) % (iter % 2 ? 0x140 : image_size);
            c[n] ^= (unsigned char)(state >> 20);
        }
        n = iter % 5 ? image_size : (size_t)(state >> 40) % image_size;
        if (vmi_elfcheck(c, n, MAX_SIZE, &info, err, sizeof(err)) != 0)
            CU_ASSERT(err[0] != '\0');
    }
    free(c);
}

static const struct vmi_test_case cases[] = {
    {"built_image_passes", built_image_passes},
    {"size_and_shape", size_and_shape},
    {"header_fields", header_fields},
    {"note_fields", note_fields},
    {"multiboot_header_refused", multiboot_header_refused},
    {"segment_fields", segment_fields},
    {"random_damage", random_damage},
};

int main(void)
{
    if (load_image() != 0) {
        fprintf(stderr, "cannot read the guest image %s\n", VMI_GUEST_IMAGE);
        return 1;
    }
    return vmi_test_run("guest elfcheck", cases, sizeof(cases) / sizeof(cases[0]));
}
