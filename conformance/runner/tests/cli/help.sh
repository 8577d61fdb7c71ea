#!/bin/sh
# Every subcommand documents itself; the top-level help lists the exit codes.
set -u
conform=$1
"$conform" --help | grep -q "exit status" || { echo "FAIL: --help lacks the exit codes"; exit 1; }
for sub in list trace run verify merge diff coverage; do
    out=$("$conform" $sub --help) || { echo "FAIL: $sub --help exited non-zero"; exit 1; }
    echo "$out" | grep -q "usage: vmi-conform $sub" || { echo "FAIL: $sub --help: $out"; exit 1; }
done
echo "ok: every subcommand has --help"
