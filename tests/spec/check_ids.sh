#!/bin/sh
# Keeps the specification honest: requirement IDs are well formed, unique and never
# removed or renumbered, and every call in the ABI's list has a section in the spec.
# Usage: check_ids.sh SPEC_DIR CALLS_H
set -u
spec=$1; calls=$2
fail=0
err() { echo "error: $*"; fail=1; }

ids=$(mktemp) || exit 2
trap 'rm -f "$ids"' EXIT
# Every directive line, with the file it is in, for messages.
grep -Hn '^\.\. vmi:req::' "$spec"/*.rst > "$ids"

# Well formed: exactly ".. vmi:req:: VMI-<GROUP>-<NNN>".
grep -v -E ':[0-9]+:\.\. vmi:req:: VMI-[A-Z]+-[0-9]{3}$' "$ids" | while IFS= read -r line; do
    echo "error: malformed requirement directive: $line"
done | grep . && fail=1

sed -E 's/.*vmi:req:: //' "$ids" | sort | uniq -d > "$ids.dup"
while IFS= read -r id; do
    err "$id is defined more than once: $(grep -E ":: $id\$" "$ids" | cut -d: -f1,2 | tr '\n' ' ')"
done < "$ids.dup"
rm -f "$ids.dup"

# The registry lists every ID ever issued: none may vanish, none may appear unregistered.
reg="$spec/requirements.txt"
if [ ! -f "$reg" ]; then
    err "$reg is missing"
else
    while IFS= read -r id; do
        case $id in ''|'#'*) continue ;; esac
        grep -q -E ":: $id\$" "$ids" || err "$id is in requirements.txt but no longer in the spec (IDs are never removed or renumbered)"
    done < "$reg"
    sed -E 's/.*vmi:req:: //' "$ids" | while IFS= read -r id; do
        grep -q -x "$id" "$reg" || echo "error: $id is not registered in requirements.txt"
    done | grep . && fail=1
fi

# Every call of the list has its own section titled ``name``.
for name in $(sed -n -E 's/^[[:space:]]*X\([[:space:]]*[0-9]+,[[:space:]]*[A-Z]+,[[:space:]]*([a-z_0-9]+),.*/\1/p' "$calls"); do
    grep -q -x "\`\`$name\`\`" "$spec"/*.rst || err "call $name has no section in the spec"
done

n=$(wc -l < "$ids")
[ "$fail" -eq 0 ] && echo "ok: $n requirement IDs, unique, registered; every call has a section"
exit "$fail"
