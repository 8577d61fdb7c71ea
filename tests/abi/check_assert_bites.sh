#!/bin/sh
# A wrong size claim must fail to compile; the right one must compile.
cc=$1; inc=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
printf '#include <vmi/vmi.h>\nVMI_STATIC_ASSERT(sizeof(struct vmi_adapter_info) == 512, ok_size);\n' > "$tmp/good.c"
printf '#include <vmi/vmi.h>\nVMI_STATIC_ASSERT(sizeof(struct vmi_adapter_info) == 513, bad_size);\n' > "$tmp/bad.c"
"$cc" -std=c99 -ffreestanding -fsyntax-only -I"$inc" "$tmp/good.c" || { echo "correct assertion failed"; exit 1; }
if "$cc" -std=c99 -ffreestanding -fsyntax-only -I"$inc" "$tmp/bad.c" 2>/dev/null; then
    echo "a false static assertion compiled"
    exit 1
fi
echo "ok: a false layout assertion stops the build"
