#!/bin/sh
# Per-call overhead of every hot VMI call, in instructions: the conformance
# guest boots under QEMU TCG with -icount shift=0,align=off (its TSC then
# advances one tick per instruction), times each hot call through the
# stubs and the raw instruction(s) the native adapter uses for it, and
# reports BENCH records; this prints them as a table.
# Usage: scripts/bench-guest.sh [IMAGE [DECODER [WORKDIR]]]
#   defaults: build/conformance/guest/vmi-guest.elf, .../vmi-guest-records,
#   a fresh temporary folder (removed afterwards).
# Exit 0 (also on SKIP, when qemu-system-x86_64 is missing), 1 on failure.
set -u
build=${BUILD:-build}
image=${1:-$build/conformance/guest/vmi-guest.elf}
decoder=${2:-$build/conformance/guest/vmi-guest-records}
work=${3:-}

qemu=$(command -v qemu-system-x86_64) || {
    echo "SKIP: guest benchmark: qemu-system-x86_64 not found (scripts/deps.sh qemu)"
    exit 0
}
fail() { echo "bench-guest: $*" >&2; exit 1; }
[ -f "$image" ] || fail "no guest image at $image (build first)"
[ -x "$decoder" ] || fail "no record decoder at $decoder (build first)"
if [ -z "$work" ]; then
    work=$(mktemp -d) || fail "cannot make a temporary folder"
    trap 'rm -rf "$work"' EXIT
else
    mkdir -p "$work" || fail "cannot make $work"
fi

# QEMU gets an argv, never a shell string; `timeout` is the watchdog.
timeout 300 "$qemu" -icount shift=0,align=off -accel tcg -cpu max -smp 2 \
    -display none -nodefaults -no-reboot -serial none -monitor none \
    -debugcon "file:$work/debugcon.log" -device isa-debug-exit,iobase=0xf4,iosize=4 \
    -kernel "$image" -append bench >"$work/qemu.out" 2>&1
status=$?
# isa-debug-exit: VMI_GUEST_EXIT_OK (0x10) makes QEMU exit with 33.
[ "$status" -eq 33 ] || { cat "$work/qemu.out" >&2; fail "QEMU exit status $status, want 33"; }
"$decoder" "$work/debugcon.log" >"$work/records.txt" 2>"$work/decoder.err" ||
    { cat "$work/decoder.err" >&2; fail "the guest's records did not decode"; }
grep -q ' BENCH ' "$work/records.txt" || fail "the guest reported no BENCH record"

# One BENCH line: name="<call>[ / <raw>]" call=N iterations=N stub_ticks=N raw_ticks=N
awk '
function field(key,    m) {
    if (!match($0, " " key "=[0-9]+")) return -1
    return substr($0, RSTART + length(key) + 2, RLENGTH - length(key) - 2) + 0
}
/ LOG text=/ { sub(/^.* LOG text=/, ""); print "note: " $0; next }
/ BENCH / {
    match($0, /name="[^"]*"/)
    name = substr($0, RSTART + 6, RLENGTH - 7)
    raw = "-"
    if ((i = index(name, " / ")) > 0) { raw = substr(name, i + 3); name = substr(name, 1, i - 1) }
    n = field("iterations"); stub = field("stub_ticks"); rawt = field("raw_ticks")
    if (n <= 0) next
    if (name == "empty") { empty = sprintf("%.1f / %.1f", stub / n, rawt / n); next }
    rows[++count] = sprintf("%-20s %10.1f  %-16s %8s %10s", name, stub / n, raw,
        raw == "-" ? "-" : sprintf("%.1f", rawt / n),
        raw == "-" ? "-" : sprintf("%+.1f", (stub - rawt) / n))
}
END {
    printf "%-20s %10s  %-16s %8s %10s\n", "call", "stub", "raw instruction", "raw", "difference"
    for (i = 1; i <= count; i++) print rows[i]
    print "instructions per call (QEMU TCG, -icount shift=0); the timed empty body, " empty \
        " (stub / raw loop), is already subtracted"
}' "$work/records.txt"
