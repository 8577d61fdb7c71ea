#!/bin/sh
# The ref environment end to end: run, four reports, verify accepts, and two runs
# (one single-threaded, one with --jobs 2) give the same reports but for times and
# the command line.
set -u
conform=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$conform" run --env ref --quiet --report-dir "$tmp/a" > "$tmp/a.out" 2>&1 ||
    { cat "$tmp/a.out"; fail "run --env ref did not pass"; }
for f in report.json junit.xml report.tap report.html; do
    [ -s "$tmp/a/$f" ] || fail "$f was not written"
done
grep -q '^summary: PASS ' "$tmp/a.out" || fail "no summary line: $(cat "$tmp/a.out")"
"$conform" verify "$tmp/a/report.json" > "$tmp/v.out" 2>&1 ||
    { cat "$tmp/v.out"; fail "verify refused the report of a passing run"; }

"$conform" run --env ref --quiet --jobs 2 --report-dir "$tmp/b" > /dev/null 2>&1 ||
    fail "run --jobs 2 did not pass"
strip() { sed -e 's/"command_line": "[^"]*"/"command_line": ""/' -e 's/"started": "[^"]*"/"started": ""/' -e 's/"duration_us": [0-9]*/"duration_us": 0/' "$1"; }
strip "$tmp/a/report.json" > "$tmp/a.json"
strip "$tmp/b/report.json" > "$tmp/b.json"
cmp -s "$tmp/a.json" "$tmp/b.json" || { diff "$tmp/a.json" "$tmp/b.json" | head; fail "two runs differ beyond times"; }
cmp -s "$tmp/a/report.tap" "$tmp/b/report.tap" || fail "report.tap differs between runs"
echo "ok: ref run passes, writes four reports, verifies, and is reproducible"
