#!/bin/sh
# Runs every libFuzzer target for a bounded time, starting from its seed corpus.
# Usage: scripts/fuzz.sh BUILD_DIR SECONDS
# New inputs go to a scratch folder, so the committed seed corpora stay as they are.
set -eu
build=$1; seconds=$2
top=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d) || exit 2
trap 'rm -rf "$scratch"' EXIT
status=0

run() {  # target, seed folder, extra libFuzzer flags
    target=$1; seeds=$2; shift 2
    mkdir -p "$scratch/$target"
    echo "fuzz: $target for ${seconds}s"
    if ! "$build/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
           -print_final_stats=1 "$@" "$scratch/$target" "$seeds" > "$scratch/$target.log" 2>&1; then
        tail -40 "$scratch/$target.log"
        echo "fuzz: $target FOUND A PROBLEM (reproducer above)"
        status=1
    else
        grep -E 'stat::number_of_executed_units' "$scratch/$target.log" | sed "s|^|fuzz: $target |"
    fi
}

run conformance/trace/fuzz_trace_parse "$top/conformance/trace/fuzz/corpus-parse" \
    -dict="$top/conformance/trace/fuzz/vmt.dict"
run conformance/trace/fuzz_trace_bundle "$top/conformance/trace/fuzz/corpus-bundle"
run conformance/runner/fuzz_report_read "$top/conformance/runner/fuzz/corpus-report"
run conformance/guest/fuzz_guest_records "$top/conformance/guest/fuzz/corpus-records"
run conformance/envs/fuzz_envs_session "$top/conformance/envs/fuzz/corpus-session"
exit $status
