#!/bin/sh
# Runs the per-call benchmark (scripts/bench-guest.sh) twice and checks its table:
# one row per hot call of calls.h, the TSC counting instructions (cli and
# rdtsc are exactly 1.0), every call costing more than its raw instruction,
# and the same figures on both runs.
# Usage: bench_test.sh SCRIPT CALLS_H IMAGE DECODER WORKDIR
# Exit 0 pass, 1 fail, 77 skip (no qemu-system-x86_64).
set -u
script=$1 calls_h=$2 image=$3 decoder=$4 work=$5

command -v qemu-system-x86_64 >/dev/null || {
    echo "SKIP: qemu-system-x86_64 not found (install the qemu-system-x86 package)"
    exit 77
}
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$work" && mkdir -p "$work" || exit 1

sh "$script" "$image" "$decoder" "$work/run1" >"$work/table1.txt" || fail "first run failed"
sh "$script" "$image" "$decoder" "$work/run2" >"$work/table2.txt" || fail "second run failed"
cat "$work/table1.txt"
cmp -s "$work/table1.txt" "$work/table2.txt" || fail "two runs under -icount differ"

hot=$(grep -Ec '^ *X\( *[0-9]+,.*VMI__H[|,]' "$calls_h")
rows=$(awk 'NR > 1 && $1 != "instructions" && $1 != "note:"' "$work/table1.txt" | wc -l)
[ "$hot" -gt 0 ] || fail "no hot call found in $calls_h"
[ "$rows" -eq "$hot" ] || fail "$rows rows for $hot hot calls"
grep -Eq '^irq_disable +[0-9.]+ +cli +1\.0 ' "$work/table1.txt" || fail "cli is not 1.0 instruction"
grep -Eq '^tsc_read +[0-9.]+ +rdtsc +1\.0 ' "$work/table1.txt" || fail "rdtsc is not 1.0 instruction"
! grep -q '^note:' "$work/table1.txt" || fail "a call did not answer VMI_OK"
# The difference column: every raw counterpart is cheaper than the call.
awk 'NR > 1 && $NF ~ /^[-+][0-9]/ && $NF + 0 <= 0 { bad = 1; print "not cheaper: " $0 }
     END { exit bad }' "$work/table1.txt" || fail "a raw instruction cost as much as its call"
echo "PASS: bench"
