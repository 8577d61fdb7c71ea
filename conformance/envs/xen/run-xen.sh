#!/bin/sh
# Boots a PVH image as Xen's dom0 under QEMU TCG: one run, one work folder.
# Usage: run-xen.sh [--stream] XEN_IMG GUEST_ELF WORKDIR [GUEST_CMDLINE [MODULE]]
#   --stream the guest's records also on stdout as they come (d0-records.sh
#            as a live filter on Xen's console), for the runner's watchdog
#   XEN_IMG  the uncompressed hypervisor (fetch-xen.sh prints its path)
#   MODULE   becomes the guest's start_info module 0 (e.g. a trace bundle)
# Writes WORKDIR/serial.log (Xen's console: firmware, "(XEN)" and "(d0)"
# lines), WORKDIR/records.log (the guest's port 0xe9 bytes, d0-records.sh)
# and WORKDIR/qemu.out.  Exits with QEMU's status: 2*N+1 when the guest wrote
# N to isa-debug-exit (port 0xf4); 0 when Xen rebooted (dom0 crashed or shut
# down, or Xen panicked; -no-reboot turns the reboot into an exit); 124 when
# the watchdog (VMI_XEN_TIMEOUT seconds, default 120) killed QEMU.
# Environment: QEMU (default qemu-system-x86_64), VMI_XEN_CPUS (2),
# VMI_XEN_DOM0_MEM (64M), VMI_XEN_TIMEOUT.
set -u
stream=no
[ "${1:-}" = --stream ] && { stream=yes; shift; }
[ $# -ge 3 ] || { echo "usage: run-xen.sh XEN_IMG GUEST_ELF WORKDIR [GUEST_CMDLINE [MODULE]]" >&2; exit 2; }
xen=$1 guest=$2 work=$3 cmdline=${4:-} module=${5:-}
here=$(cd "$(dirname "$0")" && pwd)

# QEMU splits the multiboot -initrd list at commas: a comma anywhere in it
# would silently become another module.
case "$guest$cmdline$module" in
    *,*) echo "run-xen.sh: the guest path, its command line and the module may not hold ','" >&2
         exit 2 ;;
esac
mods="$guest${cmdline:+ $cmdline}${module:+,$module}"
mkdir -p "$work" || exit 1
rm -f "$work/serial.log" "$work/records.log"

# dom0=pvh: the image is PVH-only.  dom0-iommu=none: QEMU's pc has no IOMMU,
# and a PVH dom0 without one panics otherwise.  loglvl/guest_loglvl=all: d0's
# port 0xe9 lines are guest debug messages, dropped at the default level.
# No "noreboot": a dom0 crash or a Xen panic then ends QEMU by itself.
# --foreground: QEMU stays in the caller's process group, so a caller that
# kills the group (the runner's watchdog) stops QEMU too.
boot() {
    timeout --foreground "${VMI_XEN_TIMEOUT:-120}" "${QEMU:-qemu-system-x86_64}" \
        -accel tcg -M pc -cpu max -m 512 -smp "${VMI_XEN_CPUS:-2}" \
        -nographic -monitor none -no-reboot -serial "$1" \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -kernel "$xen" \
        -append "console=com1 com1=115200,8n1 dom0=pvh dom0-iommu=none dom0_mem=${VMI_XEN_DOM0_MEM:-64M} loglvl=all guest_loglvl=all" \
        -initrd "$mods" </dev/null
}
if [ "$stream" = yes ]; then
    # A pipeline's status is its last command's: QEMU's comes through a file.
    { boot stdio 2>"$work/qemu.out"; echo $? >"$work/status"; } |
        tee "$work/serial.log" | sh "$here/d0-records.sh"
    status=$(cat "$work/status" 2>/dev/null || echo 126)
else
    boot "file:$work/serial.log" >"$work/qemu.out" 2>&1
    status=$?
fi
[ -f "$work/serial.log" ] && sh "$here/d0-records.sh" "$work/serial.log" >"$work/records.log"
exit $status
