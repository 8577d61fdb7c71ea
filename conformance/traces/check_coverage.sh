#!/bin/sh
# Lists the requirement IDs of spec/requirements.txt that no trace under conformance/traces
# covers (names them on a `covers` line), and exits non-zero if there is any.
#
#   conformance/traces/check_coverage.sh [REQUIREMENTS] [TRACE_DIR]
#
# Defaults: spec/requirements.txt and conformance/traces of the source tree this script is
# in.  Also reports covered IDs that the registry does not know (the trace compiler rejects
# those too).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
reqs=${1:-$root/spec/requirements.txt}
dir=${2:-$here}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Known IDs: the first word of each line, '#' lines and blank lines ignored.
sed -e 's/#.*//' "$reqs" | awk 'NF { print $1 }' | sort -u > "$tmp/known"

# Covered IDs: every word after 'covers' on a covers line, comments stripped.
find "$dir" -name '*.vmt' -type f | sort > "$tmp/files"
if [ ! -s "$tmp/files" ]; then
    echo "check_coverage: no .vmt files under $dir" >&2
    exit 2
fi
while IFS= read -r f; do
    sed -e 's/#.*//' "$f" | awk '$1 == "covers" { for (i = 2; i <= NF; i++) print $i }'
done < "$tmp/files" | sort -u > "$tmp/covered"

missing=$(comm -23 "$tmp/known" "$tmp/covered")
unknown=$(comm -13 "$tmp/known" "$tmp/covered")

traces=$(wc -l < "$tmp/files" | tr -d ' ')
known=$(wc -l < "$tmp/known" | tr -d ' ')
covered=$(comm -12 "$tmp/known" "$tmp/covered" | wc -l | tr -d ' ')
echo "check_coverage: $traces traces cover $covered of $known requirements"

status=0
if [ -n "$unknown" ]; then
    echo "covered but not in $reqs:"
    echo "$unknown" | sed 's/^/  /'
    status=1
fi
if [ -n "$missing" ]; then
    echo "requirements with no trace:"
    echo "$missing" | sed 's/^/  /'
    status=1
fi
exit $status
