#!/bin/sh
# One kvm-nested run: QEMU TCG (L0) boots the cached L1 Linux, whose KVM runs
# the conformance guest in an L2 QEMU.
# Usage: run-l2.sh [-n] [-c CACHE_DIR] [-t SECONDS] [-p CPU] [-s CPUS] [-m MIB]
#                  WORK GUEST BUNDLE APPEND
#   -p CPU   L2's -cpu value, one word (default host; e.g. host,hv-relaxed)
#   -s, -m   L2's vCPUs (default 2) and memory in MiB (default 128)
#   -n       use CACHE_DIR's L1 as it is: the caller ran build-l1.sh already
#            (its up-to-date check costs seconds, once per run otherwise)
# stdout: the guest's record stream, byte for byte (L2 port 0xe9), as it comes.
# WORK/l1-console.log: L1's console and L2 QEMU's messages;
# WORK/l1-status.log: "vmi-l1 key=value" lines (kernel=, qemu=, kvm=, l2-exit=).
# Exit: L2 QEMU's own status (isa-debug-exit makes it odd), 124 when L0 timed
# out, 126 when L1 or L0 failed before L2 ended (the reason is on stderr),
# 2 for bad usage, 77 when the L1 cannot be built here (build-l1.sh).
set -u

here=$(cd "$(dirname "$0")" && pwd)
cache=$here/../../../cache/kvm-nested timeout_s=600 cpu=host check=yes smp=2 mem=128
usage() {
    echo "usage: run-l2.sh [-n] [-c CACHE_DIR] [-t SECONDS] [-p CPU] [-s CPUS] [-m MIB]" \
        "WORK GUEST BUNDLE APPEND" >&2
    exit 2
}
while getopts nc:t:p:s:m: opt; do
    case $opt in
        s) smp=$OPTARG ;;
        m) mem=$OPTARG ;;
        n) check=no ;;
        c) cache=$OPTARG ;;
        t) timeout_s=$OPTARG ;;
        p) cpu=$OPTARG ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 4 ] || usage
work=$1 guest=$2 bundle=$3 append=$4
case $cpu in *[!A-Za-z0-9,=_.-]*|'') echo "run-l2.sh: -p takes one word of [A-Za-z0-9,=_.-]" >&2; exit 2 ;; esac
for n in "$smp" "$mem" "$timeout_s"; do
    case $n in *[!0-9]*|'') echo "run-l2.sh: -s, -m and -t take numbers" >&2; exit 2 ;; esac
done
say() { echo "run-l2: $*" >&2; }

if [ "$check" = yes ]; then
    sh "$here/build-l1.sh" "$cache" || exit $?
fi
l1=$(cd "$cache" && pwd)/l1
[ -f "$l1/stamp" ] || { say "no L1 in $l1 (run build-l1.sh)"; exit 126; }

# The per-run files travel as a small cpio ahead of the cached one (as early
# microcode does): the kernel unpacks each archive in turn into one rootfs.
mkdir -p "$work" || exit 126
rm -rf "$work/pack" && mkdir -p "$work/pack/run" || exit 126
cp "$guest" "$work/pack/run/guest.elf" && cp "$bundle" "$work/pack/run/bundle.bin" || exit 126
printf '%s' "$append" >"$work/pack/run/append"
printf '%s' "$cpu" >"$work/pack/run/cpu"
printf '%s' "$smp" >"$work/pack/run/smp"
printf '%s' "$mem" >"$work/pack/run/mem"
if ! (cd "$work/pack" && find run | "$l1/busybox" cpio -o -H newc 2>/dev/null) >"$work/run.cpio" ||
    ! cat "$work/run.cpio" "$l1/l1.cpio" >"$work/initrd"; then
    say "cannot pack the run"
    exit 126
fi
rm -rf "$work/pack" "$work/run.cpio"

# L0: -cpu max offers SVM with nested paging; COM1, COM2, COM3 are L1's
# ttyS0 (console), ttyS1 (records, to our stdout), ttyS2 (status lines).
# One L1 CPU: two made whole runs slower here (2 host cores, shared). L1
# itself needs ~200 MiB beside L2's memory (the rootfs is in RAM).
l0_mem=$((mem + 768))
# --foreground: L0 stays in the caller's process group, so a caller that
# kills the group (the runner's watchdog) stops it too.
: >"$work/l1-status.log"
timeout --foreground "$timeout_s" qemu-system-x86_64 -accel tcg -M pc -cpu max -smp 1 -m "$l0_mem" \
    -display none -nodefaults -no-reboot -monitor none \
    -serial "file:$work/l1-console.log" -serial stdio -serial "file:$work/l1-status.log" \
    -kernel "$l1/vmlinuz" -initrd "$work/initrd" \
    -append "console=ttyS0 quiet panic=-1 mitigations=off" </dev/null
l0=$?
rm -f "$work/initrd"
[ "$l0" -eq 124 ] && { say "L0 timed out after ${timeout_s}s"; exit 124; }
rc=$(tr -d '\r' <"$work/l1-status.log" | sed -n 's/^vmi-l1 l2-exit=\([0-9]*\).*/\1/p' | tail -n 1)
if [ -z "$rc" ]; then
    why=$(tr -d '\r' <"$work/l1-status.log" | sed -n 's/^vmi-l1 error=//p' | tail -n 1)
    say "L2 did not end (L0 exit $l0): ${why:-see $work/l1-console.log}"
    exit 126
fi
exit "$rc"
