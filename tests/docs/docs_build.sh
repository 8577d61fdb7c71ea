#!/bin/sh
# Builds the documentation site as the docs target does (HTML and the manual page, warnings
# as errors) into a temporary folder, then checks that it holds what it promises: every
# requirement ID as an anchor of its chapter and in the index and the matrix, an API entry
# for every call of the header's list, the man page; and, built again with a report, the
# matrix shows its statuses.
# Exit 77 (SKIP) when Sphinx is missing and this is not root; as root it is installed.
# Usage: docs_build.sh SPHINX_BUILD SOURCE_DIR FIXTURE_REPORT
set -u
sphinx=$1; root=$2; fixture=$3
if [ ! -x "$sphinx" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "SKIP: $sphinx not found; it comes from Debian's python3-sphinx:"
        echo "  sudo apt-get install -y python3-sphinx   (or run 'make docs' as root)"
        exit 77
    fi
    sh "$root/scripts/deps.sh" docs || { echo "FAIL: cannot install python3-sphinx"; exit 1; }
    [ -x "$sphinx" ] || { echo "FAIL: python3-sphinx is installed but $sphinx is not there"; exit 1; }
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
err() { echo "error: $*"; fail=1; }

build() {  # builder, then the report for the matrix ('' for none)
    if ! VMI_DOCS_REPORT=$2 "$sphinx" -W --keep-going -q -b "$1" -d "$tmp/doctrees" \
            "$root/docs" "$tmp/$1" > "$tmp/log" 2>&1; then
        cat "$tmp/log"; echo "FAIL: sphinx-build -W -b $1"; exit 1
    fi
    cat "$tmp/log"
}
build html ''
build man ''
html=$tmp/html

# Every issued requirement ID is an anchor (id="VMI-...") of a spec page, linked from the
# requirements index and listed in the matrix.
sed -e 's/#.*//' "$root/spec/requirements.txt" | awk 'NF { print $1 }' | sort -u > "$tmp/ids"
cat "$html"/spec/*.html | grep -o 'id="VMI-[A-Z]*-[0-9]*"' | sed 's/id="//; s/"//' |
    sort -u > "$tmp/anchors"
comm -23 "$tmp/ids" "$tmp/anchors" | while read -r id; do
    echo "error: $id has no anchor in the spec pages"; done | grep . && fail=1
grep -q 'id="VMI-MMU-004"' "$html/spec/mmu.html" || err "spec/mmu.html has no anchor VMI-MMU-004"
grep -o 'href="spec/[a-z-]*\.html#VMI-[A-Z]*-[0-9]*"' "$html/requirements.html" |
    sed 's/.*#//; s/"//' | sort -u > "$tmp/indexed"
cmp -s "$tmp/ids" "$tmp/indexed" || err "requirements.html does not link exactly the issued IDs"
for id in $(cat "$tmp/ids"); do
    grep -q "#$id\"" "$html/traceability.html" || err "traceability.html does not list $id"
done

# Every call of VMI_CALL_LIST has its API entry, linked to its spec section.
for name in $(sed -n -E 's/^[[:space:]]*X\([[:space:]]*[0-9]+,[[:space:]]*[A-Z]+,[[:space:]]*([a-z_0-9]+),.*/\1/p' \
        "$root/include/vmi/calls.h"); do
    grep -q "id=\"c.vmi_$name\"" "$html/api/calls.html" || err "api/calls.html has no entry vmi_$name"
done
grep -q 'href="../spec/mmu.html#pte-set"' "$html/api/calls.html" ||
    err "api/calls.html does not link pte_set to its spec section"
for page in index guide-guest guide-adapter traceability requirements vmi-conform; do
    [ -f "$html/$page.html" ] || err "$page.html is missing"
done

# The manual page: usage, every subcommand, the exit status.
man1=$tmp/man/vmi-conform.1
if [ -f "$man1" ]; then
    for want in '^\.SH SYNOPSIS' '^\.SH COMMANDS' '^\.SH EXIT STATUS' 'vmi\\-conform run'; do
        grep -q "$want" "$man1" || err "vmi-conform.1 lacks $want"
    done
else
    err "the man builder wrote no vmi-conform.1"
fi

# With a report, the matrix shows the latest status per environment and adapter.
build html "$fixture"
grep -q 'tcg / native' "$html/traceability.html" || err "the matrix has no column tcg / native"
grep -q 'vmi-status-pass' "$html/traceability.html" || err "the matrix shows no PASS"
grep -q 'vmi-status-fail' "$html/traceability.html" || err "the matrix shows no FAIL"
grep -q 'gone/no-longer-in-the-suite' "$html/traceability.html" ||
    err "the matrix does not name the report's result for a trace the suite lacks"

[ "$fail" -eq 0 ] && echo "ok: the site builds with -W; $(wc -l < "$tmp/ids") IDs anchored, indexed and in the matrix; every call has its API entry; man page and report matrix as expected"
exit "$fail"
