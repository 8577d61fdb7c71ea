#!/bin/sh
# Proves check_ids.sh refuses a duplicated ID, a removed ID and an unregistered one.
set -u
here=$(dirname "$0"); spec=$1; calls=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0

mutate() {  # name, then a command that changes $tmp/spec
    rm -rf "$tmp/spec"; cp -r "$spec" "$tmp/spec"
    eval "$2"
    if sh "$here/check_ids.sh" "$tmp/spec" "$calls" > "$tmp/out" 2>&1; then
        echo "FAIL: check_ids.sh accepted a spec with $1"; status=1
    else
        echo "ok: $1 refused: $(grep error "$tmp/out" | head -1)"
    fi
}

first=$(grep -h '^\.\. vmi:req::' "$spec"/*.rst | head -1 | sed 's/.*:: //')
file=$(grep -l -m1 "^\.\. vmi:req:: $first\$" "$spec"/*.rst | head -1)
base=$(basename "$file")
mutate "a duplicated ID" "printf '\n.. vmi:req:: $first\n\n   Duplicate MUST fail.\n' >> \$tmp/spec/$base"
mutate "a removed ID" "sed -i '/^\.\. vmi:req:: $first\$/d' \$tmp/spec/$base"
mutate "an unregistered ID" "printf '\n.. vmi:req:: VMI-ZZZ-999\n\n   New MUST fail.\n' >> \$tmp/spec/$base"
mutate "a malformed ID" "printf '\n.. vmi:req:: VMI-cpu-1\n\n   Bad MUST fail.\n' >> \$tmp/spec/$base"
mutate "a call without a section" "sed -i 's/^\`\`cr_read\`\`\$/cr read/' \$tmp/spec/*.rst"
rm -rf "$tmp/spec"; cp -r "$spec" "$tmp/spec"
sh "$here/check_ids.sh" "$tmp/spec" "$calls" >/dev/null || { echo "FAIL: the unchanged spec is refused"; status=1; }
exit $status
