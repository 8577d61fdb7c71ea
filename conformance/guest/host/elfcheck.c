/* Validates a PVH guest image with libelf; every malformed input is an error, never a crash. */
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "elfcheck.h"

#define MULTIBOOT_MAGIC 0x1badb002u
#define MULTIBOOT_SEARCH 8192u

struct check {
    Elf *elf;
    size_t size;
    char *err;
    size_t err_cap;
    struct vmi_elfcheck_info *info;
    int notes_found;
};

static int fail(struct check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct check *c, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(c->err, c->err_cap, fmt, ap);
    va_end(ap);
    return -1;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* QEMU tries multiboot before PVH: a stray header would take over. */
static int check_no_multiboot(struct check *c, const unsigned char *image)
{
    size_t off, end = c->size < MULTIBOOT_SEARCH ? c->size : MULTIBOOT_SEARCH;

    for (off = 0; off + 12 <= end; off += 4)
        if (le32(image + off) == MULTIBOOT_MAGIC &&
            le32(image + off) + le32(image + off + 4) + le32(image + off + 8) == 0)
            return fail(c, "a multiboot header at offset %zu: QEMU would boot it as "
                           "multiboot, not PVH", off);
    return 0;
}

/* libelf's own word for a short header is "invalid ELF file data": say more. */
static int check_ident(struct check *c, const unsigned char *image)
{
    size_t need;

    if (c->size < EI_NIDENT || memcmp(image, ELFMAG, SELFMAG) != 0)
        return fail(c, "not an ELF file");
    need = image[EI_CLASS] == ELFCLASS64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
    if (c->size < need)
        return fail(c, "truncated: %zu bytes, shorter than the ELF header", c->size);
    return 0;
}

static int check_header(struct check *c)
{
    GElf_Ehdr eh;
    int cls;

    if (elf_kind(c->elf) != ELF_K_ELF)
        return fail(c, "not an ELF file");
    cls = gelf_getclass(c->elf);
    if (gelf_getehdr(c->elf, &eh) == NULL || (cls != ELFCLASS32 && cls != ELFCLASS64))
        return fail(c, "bad ELF header: %s", elf_errmsg(-1));
    if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(c, "not little-endian");
    if (eh.e_type != ET_EXEC)
        return fail(c, "not an executable (e_type %u)", (unsigned)eh.e_type);
    if ((cls == ELFCLASS64 && eh.e_machine != EM_X86_64) ||
        (cls == ELFCLASS32 && eh.e_machine != EM_386))
        return fail(c, "not an x86 image (e_machine %u)", (unsigned)eh.e_machine);
    c->info->elf_class = cls == ELFCLASS64 ? 64 : 32;
    return 0;
}

/* The segment's bytes lie in the file and its addresses below 4 GiB. */
static int check_segment(struct check *c, size_t i, const GElf_Phdr *ph)
{
    if (ph->p_offset > c->size || ph->p_filesz > c->size - ph->p_offset)
        return fail(c, "segment %zu runs past the end of the file", i);
    if (ph->p_type != PT_LOAD)
        return 0;
    if (ph->p_filesz > ph->p_memsz)
        return fail(c, "segment %zu: file size over memory size", i);
    if (ph->p_paddr > 0xffffffffull || ph->p_memsz > 0x100000000ull - ph->p_paddr)
        return fail(c, "segment %zu is not below 4 GiB: a 32-bit entry cannot reach it", i);
    return 0;
}

/* One note of a PT_NOTE segment; records the entry when it is ours. */
static int check_note(struct check *c, Elf_Data *d, const GElf_Nhdr *nh, size_t name_off,
                      size_t desc_off)
{
    const unsigned char *bytes = d->d_buf;

    if (nh->n_type != VMI_ELFCHECK_NOTE_TYPE || nh->n_namesz != 4 ||
        memcmp(bytes + name_off, VMI_ELFCHECK_NOTE_OWNER, 4) != 0)
        return 0;
    if (nh->n_descsz != 4)
        return fail(c, "the Xen PHYS32_ENTRY note's descriptor is %u bytes, want 4",
                    (unsigned)nh->n_descsz);
    if (++c->notes_found > 1)
        return fail(c, "more than one Xen PHYS32_ENTRY note");
    c->info->entry = le32(bytes + desc_off);
    return 0;
}

static int check_notes(struct check *c, size_t i, const GElf_Phdr *ph)
{
    GElf_Nhdr nh;
    size_t off = 0, next, name_off, desc_off;
    Elf_Data *d;

    if (ph->p_type != PT_NOTE || ph->p_filesz == 0)
        return 0;
    if (ph->p_align > 4)
        return fail(c, "note segment %zu has p_align %llu: QEMU pads the note name to "
                       "p_align, so it must be at most 4", i, (unsigned long long)ph->p_align);
    d = elf_getdata_rawchunk(c->elf, (int64_t)ph->p_offset, ph->p_filesz, ELF_T_NHDR);
    if (d == NULL)
        return fail(c, "note segment %zu cannot be read: %s", i, elf_errmsg(-1));
    while ((next = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > off) {
        if (check_note(c, d, &nh, name_off, desc_off) != 0)
            return -1;
        off = next;
    }
    return 0;
}

/* Walks the program headers twice: segments and notes, then the entry. */
static int check_segments(struct check *c)
{
    size_t n, i;
    GElf_Phdr ph;
    int in_code = 0;

    if (elf_getphdrnum(c->elf, &n) != 0 || n == 0)
        return fail(c, "no program headers");
    for (i = 0; i < n; i++) {
        if (gelf_getphdr(c->elf, (int)i, &ph) == NULL)
            return fail(c, "program header %zu unreadable: %s", i, elf_errmsg(-1));
        if (check_segment(c, i, &ph) != 0 || check_notes(c, i, &ph) != 0)
            return -1;
    }
    if (c->notes_found == 0)
        return fail(c, "no Xen PHYS32_ENTRY note (owner \"Xen\", type 18) in a PT_NOTE segment");
    for (i = 0; i < n && gelf_getphdr(c->elf, (int)i, &ph) != NULL; i++)
        if (ph.p_type == PT_LOAD && (ph.p_flags & PF_X) && c->info->entry >= ph.p_paddr &&
            c->info->entry - ph.p_paddr < ph.p_filesz)
            in_code = 1;
    if (!in_code)
        return fail(c, "entry 0x%x is not inside an executable loadable segment",
                    c->info->entry);
    return 0;
}

int vmi_elfcheck(const void *image, size_t size, size_t max_size,
                 struct vmi_elfcheck_info *info, char *err, size_t err_cap)
{
    struct check c = {NULL, size, err, err_cap, info, 0};
    char *copy;
    int rc;

    memset(info, 0, sizeof(*info));
    info->size = size;
    if (size == 0)
        return fail(&c, "empty file");
    if (max_size != 0 && size > max_size)
        return fail(&c, "%zu bytes, over the limit of %zu", size, max_size);
    if (check_ident(&c, image) != 0 || check_no_multiboot(&c, image) != 0)
        return -1;
    /* libelf wants a writable buffer; never hand it the caller's. */
    copy = malloc(size);
    if (copy == NULL)
        return fail(&c, "out of memory");
    memcpy(copy, image, size);
    elf_version(EV_CURRENT);
    c.elf = elf_memory(copy, size);
    if (c.elf == NULL)
        rc = fail(&c, "not a readable ELF file (libelf: %s)", elf_errmsg(-1));
    else
        rc = check_header(&c) != 0 ? -1 : check_segments(&c);
    if (c.elf != NULL)
        elf_end(c.elf);
    free(copy);
    return rc;
}
