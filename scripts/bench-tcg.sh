#!/bin/sh
# Whole-suite wall time on the tcg environment: one guest boot for the whole bundle (a new
# one after a crash or hang) against one boot per trace (--isolate per-trace), from one run
# of each, and their ratio: what isolating every trace costs.
# Usage: scripts/bench-tcg.sh [VMI_CONFORM [GUEST_IMAGE [TIMEOUT_S]]]
#   defaults: build/conformance/runner/vmi-conform, build/conformance/guest/vmi-guest.elf,
#   a watchdog of 10 s (a hanging trace costs that much in both modes).
# Exit 0 (also on SKIP, when qemu-system-x86_64 is missing), 1 when a run fails to complete.
set -u
build=${BUILD:-build}
conform=${1:-$build/conformance/runner/vmi-conform}
guest=${2:-$build/conformance/guest/vmi-guest.elf}
timeout=${3:-10}

command -v qemu-system-x86_64 >/dev/null || {
    echo "SKIP: tcg benchmark: qemu-system-x86_64 not found (scripts/deps.sh qemu)"
    exit 0
}
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# run MODE: prints "MS BOOTS" for one whole-suite run.
run() {
    start=$(now_ms)
    "$conform" run --env tcg --guest "$guest" --isolate "$1" --timeout "$timeout" --quiet \
        --report-dir "$work/$1" >"$work/$1.out" 2>&1
    [ $? -le 1 ] || { cat "$work/$1.out" >&2; echo "bench-tcg: the $1 run failed" >&2; exit 1; }
    end=$(now_ms)
    boots=$(grep -o '[0-9]* boot(s)' "$work/$1/report.json" | head -n 1 | cut -d' ' -f1)
    echo "$((end - start)) ${boots:-?}"
}

single=$(run boot) || exit 1
isolated=$(run per-trace) || exit 1
traces=$(grep -c '^      "trace": ' "$work/boot/report.json")
set -- $single $isolated
awk -v n="$traces" -v s="$1" -v sb="$2" -v p="$3" -v pb="$4" -v t="$timeout" 'BEGIN {
    printf "tcg whole suite, %d traces, watchdog %d s:\n", n, t
    printf "  single boot   %8.1f s  (%s boots)\n", s / 1000, sb
    printf "  per-trace     %8.1f s  (%s boots)\n", p / 1000, pb
    printf "  per-trace / single boot = %.2f\n", p / s
}'
