#!/bin/sh
# Sharding partitions the selection: the shards' merge equals the whole run but for times.
set -u
conform=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$conform" run --env ref --quiet --report-dir "$tmp/all" > /dev/null 2>&1 || fail "whole run"
"$conform" run --env ref --quiet --shard 1/2 --report-dir "$tmp/s1" > /dev/null 2>&1 || fail "shard 1/2"
"$conform" run --env ref --quiet --shard 2/2 --report-dir "$tmp/s2" > /dev/null 2>&1 || fail "shard 2/2"
"$conform" merge -o "$tmp/merged.json" "$tmp/s1/report.json" "$tmp/s2/report.json" ||
    fail "merge of two shards"
norm() { grep -v -e '"started"' -e '"duration_us"' -e '"command_line"' "$1"; }
norm "$tmp/all/report.json" > "$tmp/a"
norm "$tmp/merged.json" > "$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || { diff "$tmp/a" "$tmp/b" | head; fail "merged shards differ from the whole run"; }
"$conform" diff "$tmp/all/report.json" "$tmp/merged.json" > /dev/null || fail "diff found regressions between equal runs"
echo "ok: shards partition the run and merge back into it"
