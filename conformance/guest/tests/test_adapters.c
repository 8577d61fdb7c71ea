/* The guest image registers every adapter: native, kvm and xen, each found through `vmi_adapters`. */
#include <elf.h>
#include <stdlib.h>
#include "cunit_harness.h"

/* The stubs find an adapter through its pointer in the section alone; an
 * adapter left out of the link (or a section the linker script dropped)
 * would make the guest bind native under a hypervisor without a word. */
static const char *const wanted[] = {
    "vmi__adapter_ptr_vmi_native_adapter",
    "vmi__adapter_ptr_vmi_kvm_adapter",
    "vmi__adapter_ptr_vmi_xen_adapter",
};
#define WANTED (sizeof(wanted) / sizeof(wanted[0]))

static unsigned char *image;
static size_t image_size;

static int load_image(void)
{
    FILE *fp = fopen(VMI_GUEST_IMAGE, "rb");
    long n;

    if (fp == NULL)
        return -1;
    if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) > 0 && fseek(fp, 0, SEEK_SET) == 0) {
        image = malloc((size_t)n);
        image_size = image ? fread(image, 1, (size_t)n, fp) : 0;
    }
    fclose(fp);
    return image_size >= sizeof(Elf64_Ehdr) ? 0 : -1;
}

static const Elf64_Shdr *section(uint32_t i)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)image;

    CU_ASSERT_FATAL(i < eh->e_shnum);
    CU_ASSERT_FATAL(eh->e_shoff + (uint64_t)(i + 1) * sizeof(Elf64_Shdr) <= image_size);
    return (const Elf64_Shdr *)(image + eh->e_shoff) + i;
}

static const char *section_name(const Elf64_Shdr *sh)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)image;
    const Elf64_Shdr *names = section(eh->e_shstrndx);

    CU_ASSERT_FATAL(names->sh_offset + sh->sh_name < image_size);
    return (const char *)image + names->sh_offset + sh->sh_name;
}

static uint32_t section_find(const char *name)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)image;
    uint32_t i;

    for (i = 1; i < eh->e_shnum; i++)
        if (strcmp(section_name(section(i)), name) == 0)
            return i;
    return 0;
}

/* One pointer per adapter, and nothing else, in the section. */
static void section_holds_three(void)
{
    uint32_t i = section_find("vmi_adapters");

    CU_ASSERT_FATAL(i != 0);
    CU_ASSERT_EQUAL(section(i)->sh_size, WANTED * sizeof(uint64_t));
}

/* Each adapter's pointer symbol, defined in that section. */
static void each_adapter_registered(void)
{
    uint32_t sec = section_find("vmi_adapters"), symi = section_find(".symtab"), k;
    const Elf64_Shdr *symtab, *strtab;
    const Elf64_Sym *syms;
    size_t n, j;

    CU_ASSERT_FATAL(sec != 0 && symi != 0);
    symtab = section(symi);
    strtab = section(symtab->sh_link);
    CU_ASSERT_FATAL(symtab->sh_offset + symtab->sh_size <= image_size);
    syms = (const Elf64_Sym *)(image + symtab->sh_offset);
    n = symtab->sh_size / sizeof(Elf64_Sym);
    for (k = 0; k < WANTED; k++) {
        int found = 0;

        for (j = 0; j < n && !found; j++) {
            const char *name = (const char *)image + strtab->sh_offset + syms[j].st_name;

            if (strtab->sh_offset + syms[j].st_name < image_size && strcmp(name, wanted[k]) == 0)
                found = syms[j].st_shndx == sec;
        }
        if (!found)
            fprintf(stderr, "not in vmi_adapters: %s\n", wanted[k]);
        CU_ASSERT(found);
    }
}

static const struct vmi_test_case cases[] = {
    {"section_holds_three", section_holds_three},
    {"each_adapter_registered", each_adapter_registered},
};

int main(void)
{
    if (load_image() != 0) {
        fprintf(stderr, "cannot read the guest image %s\n", VMI_GUEST_IMAGE);
        return 1;
    }
    return vmi_test_run("guest adapters", cases, sizeof(cases) / sizeof(cases[0]));
}
