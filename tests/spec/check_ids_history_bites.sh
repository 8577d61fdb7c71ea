#!/bin/sh
# Proves check_ids_history.sh refuses a registry that dropped an ID an earlier commit
# issued, and accepts one that only grew.
set -u
command -v git >/dev/null 2>&1 || { echo "SKIP: git is not installed"; exit 77; }
here=$(dirname "$0")
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0
g() { git -C "$tmp" -c user.name=t -c user.email=t@t "$@" >/dev/null; }

mkdir "$tmp/spec"
g init -q
printf 'VMI-GEN-001\nVMI-GEN-002\n' > "$tmp/spec/requirements.txt"
g add spec/requirements.txt; g commit -q -m issue
printf 'VMI-GEN-001\nVMI-GEN-002\nVMI-GEN-003\n' > "$tmp/spec/requirements.txt"
if sh "$here/check_ids_history.sh" "$tmp" > "$tmp/out" 2>&1; then
    echo "ok: a registry that grew is accepted"
else
    echo "FAIL: a registry that only grew is refused:"; cat "$tmp/out"; status=1
fi
g commit -q -a -m grow
printf 'VMI-GEN-001\nVMI-GEN-003\n' > "$tmp/spec/requirements.txt"
if sh "$here/check_ids_history.sh" "$tmp" > "$tmp/out" 2>&1; then
    echo "FAIL: a registry without the committed VMI-GEN-002 is accepted"; status=1
elif grep -q 'VMI-GEN-002 was issued' "$tmp/out"; then
    echo "ok: a dropped ID refused: $(head -1 "$tmp/out")"
else
    echo "FAIL: refused for another reason:"; cat "$tmp/out"; status=1
fi
g commit -q -a -m drop
if sh "$here/check_ids_history.sh" "$tmp" > "$tmp/out" 2>&1; then
    echo "FAIL: a dropped ID is accepted once the drop is committed"; status=1
else
    echo "ok: a committed drop is still refused"
fi
exit $status
