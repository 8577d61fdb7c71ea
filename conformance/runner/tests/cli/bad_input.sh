#!/bin/sh
# Malformed traces and reports are bad input: a FILE:LINE:COL error and exit status 2.
set -u
conform=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

expect2() {  # what, then the command
    what=$1; shift
    "$@" > "$tmp/out" 2>&1
    rc=$?
    [ $rc -eq 2 ] || { cat "$tmp/out"; fail "$what: exit $rc, expected 2"; }
}

printf 'vmi-trace 1\nname bad/one\ncovers VMI-GEN-001\nstep call no_such_call 1\n' > "$tmp/bad.vmt"
expect2 "trace check of a bad trace" "$conform" trace check "$tmp/bad.vmt"
grep -q "bad.vmt:4:11: error: " "$tmp/out" || { cat "$tmp/out"; fail "no FILE:LINE:COL for the bad call"; }

mkdir "$tmp/traces" && cp "$tmp/bad.vmt" "$tmp/traces/"
expect2 "run over a bad trace folder" "$conform" run --env ref --quiet --traces "$tmp/traces" --report-dir "$tmp/r"

printf '{\n  "format": "vmi-conform-report",\n  "format_version": 1,\n  "results": [ { "trace": 5 } ]\n}\n' > "$tmp/bad.json"
expect2 "verify of a malformed report" "$conform" verify "$tmp/bad.json"
grep -q "bad.json:[0-9]*:[0-9]*: error: " "$tmp/out" || { cat "$tmp/out"; fail "no FILE:LINE:COL for the bad report"; }
head -c 100 /dev/urandom > "$tmp/noise.json"
expect2 "verify of random bytes" "$conform" verify "$tmp/noise.json"

# A test-only trace (probe ud) never counts towards coverage.
mkdir "$tmp/ud" && printf 'vmi-trace 1\nname t/ud\ncovers VMI-IO-004\nstep probe ud\n' > "$tmp/ud/ud.vmt"
expect2 "coverage over a test-only trace" "$conform" coverage --traces "$tmp/ud"
grep -q "t/ud uses the test-only 'probe ud'" "$tmp/out" || { cat "$tmp/out"; fail "no reason"; }

expect2 "no command" "$conform"
expect2 "an unknown command" "$conform" frobnicate
expect2 "run without --env" "$conform" run
expect2 "an unknown environment" "$conform" run --env nowhere
expect2 "a bad shard" "$conform" run --env ref --shard 3/2
echo "ok: bad traces, bad reports and bad usage exit 2 with a located message"
