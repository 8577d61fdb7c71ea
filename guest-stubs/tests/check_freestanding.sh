#!/bin/sh
# Builds the guest's VMI objects with the guest's flags, links them partially, checks the result.
# usage: check_freestanding.sh CC OUTDIR INCLUDE... -- SOURCE...
set -e
cc=$1
out=$2
shift 2
incs=""
while [ "$1" != "--" ]; do
    incs="$incs -I$1"
    shift
done
shift
rm -rf "$out"
mkdir -p "$out"
# A kernel linked below 2 GiB: no PIC, small code model, no red zone (an
# interrupt would clobber it), no SSE state, no stack protector runtime.
flags="-std=c11 -O2 -ffreestanding -nostdlib -fno-pic -fno-pie -mcmodel=small -mno-red-zone
       -mgeneral-regs-only -fno-stack-protector -Wall -Wextra -Werror -pedantic"
for src in "$@"; do
    name=$(basename "$(dirname "$(dirname "$src")")")_$(basename "$src" .c)
    # shellcheck disable=SC2086
    $cc $flags $incs -c "$src" -o "$out/$name.o"
done
ld -r -o "$out/vmi_guest.o" "$out"/*.o
fail=0
for section in vmi_adapters vmi_x86_extable vmi_callsites; do
    if ! objdump -h "$out/vmi_guest.o" | grep -q " $section "; then
        echo "missing section $section"
        fail=1
    fi
done
# GCC may call these four even in freestanding code; anything else is a
# dependency the guest would not have.
undef=$(nm -u "$out/vmi_guest.o" | awk '{print $2}' |
        grep -v -E '^(memcpy|memset|memmove|memcmp|__start_vmi_[a-z0-9_]+|__stop_vmi_[a-z0-9_]+)$' || true)
if [ -n "$undef" ]; then
    echo "undefined symbols:"
    echo "$undef"
    fail=1
fi
sites=$(objdump -h "$out/vmi_guest.o" | awk '$2 == "vmi_callsites" {print $3}')
echo "ok: $# files; vmi_callsites 0x${sites:-0} bytes; undefined: $(nm -u "$out/vmi_guest.o" | awk '{printf "%s ", $2}')"
exit $fail
