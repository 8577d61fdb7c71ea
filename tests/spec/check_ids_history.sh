#!/bin/sh
# IDs are never withdrawn: every ID that any committed version of spec/requirements.txt
# issued is still in the registry (check_ids.sh then requires it in the spec). This catches
# an ID deleted from the spec and the registry together, which check_ids.sh cannot see.
# Usage: check_ids_history.sh SOURCE_DIR   (outside a git checkout there is no history:
# the check reports SKIP, exit 77)
set -u
root=$1
reg=spec/requirements.txt
if ! git -C "$root" rev-parse --verify -q HEAD >/dev/null 2>&1; then
    echo "SKIP: no git history at $root to compare the registry with; only check_ids.sh applies"
    exit 77
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
ids() { sed -e 's/#.*//' | awk 'NF { print $1 }'; }

: > "$tmp/issued"
revs=$(git -C "$root" rev-list HEAD -- "$reg")
for rev in $revs; do
    git -C "$root" show "$rev:$reg" 2>/dev/null | ids >> "$tmp/issued"
done
sort -u "$tmp/issued" -o "$tmp/issued"
ids < "$root/$reg" | sort -u > "$tmp/now"
missing=$(comm -23 "$tmp/issued" "$tmp/now")
if [ -n "$missing" ]; then
    for id in $missing; do
        echo "error: $id was issued in a committed $reg and is gone (IDs are never removed or renumbered)"
    done
    exit 1
fi
echo "ok: $(wc -l < "$tmp/issued") IDs issued in $(echo "$revs" | grep -c .) commits of $reg, all still registered"
