#!/bin/sh
# Proves check_man_subcommands.sh refuses a page that lost a subcommand or an option, that
# documents one the command lacks, or a command that gained a subcommand the page lacks.
# Usage: check_man_subcommands_bites.sh VMI_CONFORM DOCS_RST
set -u
here=$(dirname "$0"); conform=$1; rst=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0

refused() {  # what, command, page, the error expected
    if sh "$here/check_man_subcommands.sh" "$2" "$3" > "$tmp/out" 2>&1; then
        echo "FAIL: check_man_subcommands.sh accepted $1"; status=1
    elif ! grep -q -F -- "$4" "$tmp/out"; then
        echo "FAIL: $1 refused for another reason than '$4':"; cat "$tmp/out"; status=1
    else
        echo "ok: $1 refused: $(grep -F -- "$4" "$tmp/out" | head -1)"
    fi
}

sed 's/^vmi-conform diff$/vmi-conform difference/' "$rst" > "$tmp/renamed.rst"
refused "a page without the diff section" "$conform" "$tmp/renamed.rst" \
    "subcommand 'diff' is in --help"
printf '\nvmi-conform frobnicate\n~~~~~~~~~~~~~~~~~~~~~~\n\nNot a command.\n' |
    cat "$rst" - > "$tmp/extra.rst"
refused "a page documenting a subcommand the command lacks" "$conform" "$tmp/extra.rst" \
    "subcommand 'frobnicate', which --help does not list"
sed '/^\.\. option:: --shard I\/N$/d' "$rst" > "$tmp/nooption.rst"
refused "a page without run's --shard option" "$conform" "$tmp/nooption.rst" \
    "'vmi-conform run --help' has option --shard"
sed 's/^\.\. option:: --quiet$/.. option:: --silent/' "$rst" > "$tmp/badoption.rst"
refused "a page documenting an option run lacks" "$conform" "$tmp/badoption.rst" \
    "documents option --silent of 'run'"
sed 's/^\*\*2\*\*$/**3**/' "$rst" > "$tmp/exit.rst"
refused "a page with another exit code" "$conform" "$tmp/exit.rst" "exit codes differ"

# A command whose --help gained a subcommand.
cat > "$tmp/conform" <<EOS
#!/bin/sh
if [ "\$#" -eq 1 ] && [ "\$1" = --help ]; then
    "$conform" --help | sed 's/^commands:\$/commands:\n  rerun REPORT                             run again/'
else
    exec "$conform" "\$@"
fi
EOS
chmod +x "$tmp/conform"
refused "a command with a subcommand the page lacks" "$tmp/conform" "$rst" \
    "subcommand 'rerun' is in --help"

sh "$here/check_man_subcommands.sh" "$conform" "$rst" > /dev/null ||
    { echo "FAIL: the unchanged page is refused"; status=1; }
exit $status
