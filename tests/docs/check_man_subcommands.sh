#!/bin/sh
# Keeps the manual page in step with the command: every subcommand `vmi-conform --help`
# lists has a section "vmi-conform SUB" in docs/vmi-conform.rst and vice versa, each
# subcommand's options (from `vmi-conform SUB --help`) are the `.. option::` entries of its
# section and vice versa, and the exit codes of `--help` are those of "Exit status".
# Usage: check_man_subcommands.sh VMI_CONFORM DOCS_RST
set -u
conform=$1; rst=$2
fail=0
err() { echo "error: $*"; fail=1; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

"$conform" --help > "$tmp/help" 2>&1 || { echo "error: $conform --help failed"; exit 1; }
[ -f "$rst" ] || { echo "error: $rst is missing"; exit 1; }

# Subcommands: the first word of each line of the "commands:" block of --help.
awk '/^commands:/ { on = 1; next } on && /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }' \
    "$tmp/help" | sort -u > "$tmp/help.subs"
# Sections of the page: a line "vmi-conform SUB" underlined with ~.
awk 'prev ~ /^vmi-conform [a-z]+$/ && /^~+$/ { split(prev, w, " "); print w[2] } { prev = $0 }' \
    "$rst" | sort -u > "$tmp/rst.subs"
[ -s "$tmp/help.subs" ] || err "no subcommands found in '$conform --help'"
comm -23 "$tmp/help.subs" "$tmp/rst.subs" | while read -r s; do
    echo "error: subcommand '$s' is in --help but has no section 'vmi-conform $s' in $rst"
done | grep . && fail=1
comm -13 "$tmp/help.subs" "$tmp/rst.subs" | while read -r s; do
    echo "error: $rst documents subcommand '$s', which --help does not list"
done | grep . && fail=1

# Options of one subcommand: in its --help, and in the .. option:: lines of its section.
options_help() {
    "$conform" "$1" --help 2>&1 |
        grep -oE -- '(^|[^A-Za-z0-9-])--?[a-z][a-z0-9-]*' | sed -E 's/^[^-]*//' |
        grep -v -x -e '--help' -e '-h' | sort -u
}
options_rst() {
    awk -v want="$1" '
        prev ~ /^vmi-conform [a-z]+$/ && /^~+$/ { split(prev, w, " "); cur = w[2] }
        /^-+$/ && prev !~ /^vmi-conform / { cur = "" }
        cur == want && /^\.\. option:: / { print $3 }
        { prev = $0 }' "$rst" | sort -u
}
for s in $(comm -12 "$tmp/help.subs" "$tmp/rst.subs"); do
    options_help "$s" > "$tmp/h.$s"
    options_rst "$s" > "$tmp/r.$s"
    comm -23 "$tmp/h.$s" "$tmp/r.$s" | while read -r o; do
        echo "error: 'vmi-conform $s --help' has option $o, the page's section does not"
    done | grep . && fail=1
    comm -13 "$tmp/h.$s" "$tmp/r.$s" | while read -r o; do
        echo "error: the page documents option $o of '$s', which '$s --help' does not list"
    done | grep . && fail=1
done

# Exit codes: "  N  meaning" lines under "exit status:", and **N** under "Exit status".
awk '/^exit status:/ { on = 1; next } on && /^  [0-9]/ { print $1 }' "$tmp/help" |
    sort -u > "$tmp/help.exit"
awk '/^Exit status$/ { on = 1; next } on && /^[A-Z][a-z]+$/ { on = 0 }
     on && /^\*\*[0-9]+\*\*$/ { gsub(/\*/, ""); print }' "$rst" | sort -u > "$tmp/rst.exit"
[ -s "$tmp/help.exit" ] || err "no exit codes found in '$conform --help'"
cmp -s "$tmp/help.exit" "$tmp/rst.exit" ||
    err "exit codes differ: --help has $(tr '\n' ' ' < "$tmp/help.exit")but the page has $(tr '\n' ' ' < "$tmp/rst.exit")"

[ "$fail" -eq 0 ] && echo "ok: $(wc -l < "$tmp/help.subs") subcommands, their options and exit codes agree with $rst"
exit "$fail"
