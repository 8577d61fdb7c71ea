#!/bin/sh
# The whole conformance suite on one environment, through the certification job itself
# (scripts/certify.sh): for each ENV:ADAPTER[:WATCHDOG] pair the run completes, every trace
# has a result of its own, the report certifies (with the environment's waivers, if any),
# and its environment entry names the hypervisor signature the guest saw and the adapter it
# bound, and its detail matches DETAIL (an extended regular expression: the hypervisor's
# version, as the report records it).  Every result that is not a PASS is printed.
# Usage: certify_env.sh VMI_CONFORM GUEST_IMAGE TRACES WORKDIR SIGNATURE DETAIL PAIR...
# Exit 0 pass, 1 fail, 77 skip (the environment cannot run here: no QEMU, no packages).
set -u
conform=$1 guest=$2 traces=$3 work=$4 sig=$5 detail=$6
shift 6
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

sh "$here/../../../scripts/certify.sh" "$conform" "$work" "$@" -- --guest "$guest" \
    --traces "$traces" --quiet
rc=$?
if grep -q ' SKIP: cannot run here' "$work/certify.txt"; then
    grep -q -v ' SKIP: cannot run here' "$work/certify.txt" ||
        { echo "SKIP: the environment cannot run here (see above)"; exit 77; }
fi
want=$(find "$traces" -name '*.vmt' | wc -l)
for pair in "$@"; do
    env=${pair%%:*} adapter=${pair#*:}
    adapter=${adapter%%:*}
    r=$work/$env-$adapter/report.json
    [ -f "$r" ] || fail "$env/$adapter: no report"
    awk '$1 == "\"trace\":" { t = $2 } $1 == "\"status\":" { s = $2 }
         $1 == "\"detail\":" && t != "" && s != "\"PASS\"," { sub(/^ *"detail": /, ""); print s, $0 }' "$r"
    got=$(grep -c '^      "trace": ' "$r")
    [ "$got" -eq "$want" ] || fail "$env/$adapter: $got results for $want traces"
    entry=$(grep -A12 "^      \"name\": \"$env\"," "$r")
    echo "$entry" | grep -q "\"hypervisor\": \"$sig\"," || fail "$env/$adapter: $entry, want $sig"
    echo "$entry" | grep -q "\"adapter\": \"$adapter\"," || fail "$env/$adapter: $entry, want adapter $adapter"
    echo "$entry" | grep -Eq "\"detail\": \".*$detail" || fail "$env/$adapter: $entry, want a detail matching $detail"
done
[ "$rc" -eq 0 ] || fail "a pair does not certify (see the table above)"
echo "ok: $want traces on each of $*, each with its own result; every report certifies" \
    "and names $sig and $detail"
