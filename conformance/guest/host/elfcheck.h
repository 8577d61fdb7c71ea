/* vmi-elfcheck's checks as a library: is this file a PVH image QEMU will boot? */
#ifndef VMI_GUEST_ELFCHECK_H
#define VMI_GUEST_ELFCHECK_H

#include <stddef.h>
#include <stdint.h>

#define VMI_ELFCHECK_NOTE_OWNER "Xen"
#define VMI_ELFCHECK_NOTE_TYPE 18u   /* XEN_ELFNOTE_PHYS32_ENTRY */

struct vmi_elfcheck_info {
    int elf_class;          /* 32 or 64 */
    uint32_t entry;         /* the note's physical entry address */
    size_t size;            /* bytes in the file */
};

/*
 * Checks an image held in memory with libelf: an x86 ELF executable
 * (ELF32 or ELF64, little-endian), no multiboot header in its first 8 KiB
 * (QEMU would prefer it), exactly one PT_NOTE note owned by "Xen" with
 * type 18 and a 4-byte descriptor, the note segment aligned to at most 4
 * (QEMU pads the name to p_align), every segment inside the file and below
 * 4 GiB, and the entry inside an executable PT_LOAD.  max_size 0 means no
 * size limit.  Returns 0, or -1 with a one-line reason in err.
 */
int vmi_elfcheck(const void *image, size_t size, size_t max_size,
                 struct vmi_elfcheck_info *info, char *err, size_t err_cap);

#endif /* VMI_GUEST_ELFCHECK_H */
