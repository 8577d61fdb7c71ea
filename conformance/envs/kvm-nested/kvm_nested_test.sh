#!/bin/sh
# The guest on real Linux KVM, nested in QEMU TCG: its self tests pass in L2,
# a small bundle run's IDENT names KVM's CPUID signature, and L1 counts the
# run's VM exits.
# Usage: kvm_nested_test.sh GUEST DECODER TRACEC TRACES CACHE_DIR WORKDIR
# Exit 0 pass, 1 fail, 77 skip (no QEMU, or the L1's packages cannot be had).
set -u
guest=$1 decoder=$2 tracec=$3 traces=$4 cache=$5 work=$6
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v qemu-system-x86_64 >/dev/null && [ "$(id -u)" -eq 0 ]; then
    sh "$here/../../../scripts/deps.sh" qemu || true
fi
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
ms() { echo $((($(date +%s%N) - $1) / 1000000)); }

# Built (or found current) once, before any timing.
sh "$here/build-l1.sh" "$cache"
rc=$?
[ "$rc" -eq 77 ] && { echo "SKIP: the L1 cannot be built here (see above)"; exit 77; }
[ "$rc" -eq 0 ] || fail "build-l1.sh exit $rc"

# boot NAME BUNDLE APPEND WANT_STATUS: one L0 run, its records decoded into
# $work/NAME.txt; prints when the first record byte came and the whole time.
boot() {
    start=$(date +%s%N)
    sh "$here/run-l2.sh" -n -c "$cache" -t 500 "$work/$1" "$guest" "$2" "$3" |
        { dd bs=1 count=1 2>/dev/null && date +%s%N >"$work/$1.first"; cat; } >"$work/$1.log"
    status=$(tr -d '\r' <"$work/$1/l1-status.log" | sed -n 's/^vmi-l1 l2-exit=\([0-9]*\).*/\1/p')
    first=$(cat "$work/$1.first" 2>/dev/null || echo "$start")
    echo "$1: L2 exit ${status:-none}, first record after $(((first - start) / 1000000)) ms," \
        "whole run $(ms "$start") ms"
    cat "$work/$1/l1-status.log"
    "$decoder" "$work/$1.log" >"$work/$1.txt" || { tail -n 30 "$work/$1/l1-console.log"; fail "$1.log: decoder errors"; }
    cat "$work/$1.txt"
    [ "${status:-none}" = "$4" ] || { tail -n 30 "$work/$1/l1-console.log"; fail "$1: L2 exit ${status:-none}, want $4"; }
    records=$work/$1.txt
}
expect() {
    grep -Eq -- "$1" "$records" || fail "no record matches: $1"
}

boot selftest "$guest" selftest 33
! grep -q ' CHECK .* FAIL ' "$records" || fail "a self test failed on KVM"
expect ' END exit=0x10 records=[0-9]+ passed=[0-9]+ failed=0$'

"$tracec" -o "$work/bundle.vmb" "$traces/con/write.vmt" \
    "$traces/cpu/cr-read-matches-instruction.vmt" "$traces/apic/ipi-self.vmt" ||
    fail "vmi-tracec could not compile the bundle"
boot native "$work/bundle.vmb" "adapter=native marks" 33
expect ' IDENT hv_base=0x40000000 .* signature="KVMKVMKVM(\\x00)*" .* adapter="native"$'
expect ' END exit=0x10 '
# L1 counted the calls' exits between the guest's markers, one pair for
# each call STATS counts (debugcon's exits are a part of them, none once the
# virtio console carries the records), fewer than the whole run's entries;
# the native adapter made no hypercall KVM saw, as STATS says it made none.
expect ' STATS traces=3 calls=[0-9]+ hypercalls=0$'
calls=$(sed -n 's/.* STATS traces=3 calls=\([0-9]*\) .*/\1/p' "$records")
line=$(tr -d '\r' <"$work/native/l1-status.log" | grep '^vmi-l1 kvm-exits=') ||
    fail "no kvm-exits status line"
echo "$line" | grep -Eq ' kvm-io-exits=(none|0x[0-9a-f]+:[0-9]+(,0x[0-9a-f]+:[0-9]+)*) ' ||
    fail "no I/O exits per port: $line"
set -- $(echo "$line" | sed 's/[a-z0-9-]*=/ /g')
[ "$2" -gt 0 ] && [ "$3" -le "$2" ] && [ "$4" -eq 0 ] && [ "$7" -gt "$2" ] &&
    [ "$8" -eq "$calls" ] ||
    fail "want 0 < exits < run entries, port-e9 exits <= exits, no hypercall, $calls calls marked: $line"
echo "PASS: the guest ran on nested KVM and saw KVMKVMKVM"
