#!/bin/sh
# Every call's reference function cites requirement IDs, and every ID the model cites exists.
# Usage: check_citations.sh SPEC_DIR CALLS_H REF_SRC_DIR
set -u
spec=$1; calls=$2; src=$3
fail=0
known=$(grep -h '^\.\. vmi:req::' "$spec"/*.rst | sed 's/.*:: //')

for name in $(sed -n -E 's/^[[:space:]]*X\([[:space:]]*[0-9]+,[[:space:]]*[A-Z]+,[[:space:]]*([a-z_0-9]+),.*/\1/p' "$calls"); do
    file=$(grep -l -E "^vmi_status_t vmi_ref_$name\(" "$src"/*.c | head -1)
    if [ -z "$file" ]; then
        echo "error: call $name has no reference function vmi_ref_$name in $src"; fail=1; continue
    fi
    # The function's leading comment and body: from the definition line to its closing brace,
    # plus the comment block just above it.
    cited=$(awk -v fn="vmi_ref_$name(" '
        /^\/\*/ { buf = "" ; inc = 1 }
        inc { buf = buf $0 "\n" }
        /\*\// { inc = 0 }
        index($0, "vmi_status_t " fn) == 1 { print buf; body = 1 }
        body { print }
        body && /^}/ { exit }
        !inc && !body && !/^\/\*/ && !/^ \*/ && $0 != "" { buf = "" }
    ' "$file" | grep -o -E 'VMI-[A-Z]+-[0-9]{3}' | sort -u)
    if [ -z "$cited" ]; then
        echo "error: vmi_ref_$name ($file) cites no requirement ID"; fail=1
    fi
done
for id in $(grep -h -o -E 'VMI-[A-Z]+-[0-9]{3}' "$src"/*.c "$src"/*.h | sort -u); do
    echo "$known" | grep -q -x "$id" || { echo "error: the model cites $id, which the spec does not define"; fail=1; }
done
[ "$fail" -eq 0 ] && echo "ok: every call's reference function cites the spec; every citation exists"
exit "$fail"
