#!/bin/sh
# A script environment (kvm-nested, xen) through vmi-conform: a small
# selection runs to the end on the hypervisor's adapter and on native, every
# trace gets a result of its own, and the report's environment names the
# hypervisor the guest saw and the adapter it bound.
# Usage: script_env.sh VMI_CONFORM GUEST TRACES WORKDIR ENV ADAPTER SIGNATURE
# Exit 0 pass, 1 fail, 77 skip (the environment cannot run here).
set -u
conform=$1 guest=$2 traces=$3 work=$4 env=$5 hv=$6 sig=$7
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

# check ADAPTER GLOB: one run over the traces matching GLOB.
check() {
    r=$work/$1
    "$conform" run --env "$env" --adapter "$1" --guest "$guest" --traces "$traces" \
        --filter "$2" --report-dir "$r" --quiet >"$r.out" 2>&1
    rc=$?
    cat "$r.out"
    [ "$rc" -le 1 ] || fail "$env/$1: exit $rc (0 or 1 when the run completes)"
    if grep -q '"SKIP": [1-9]' "$r/report.json" && ! grep -q '"status": "[^S]' "$r/report.json"; then
        echo "SKIP: $env cannot run here"
        exit 77
    fi
    # shellcheck disable=SC2086  # the glob is the point
    want=$(cd "$traces" && ls $2.vmt | sed 's/\.vmt$//' | sort)
    got=$(sed -n 's/^ *"trace": "\(.*\)",$/\1/p' "$r/report.json" | sort)
    [ -n "$want" ] && [ "$got" = "$want" ] || fail "$env/$1: results for [$got], want [$want]"
    ! grep -Eq '"status": "(ERROR|SKIP)"' "$r/report.json" ||
        fail "$env/$1: a trace was not judged: $(grep -A3 '"status": "\(ERROR\|SKIP\)"' "$r/report.json")"
    entry=$(grep -A3 "^      \"name\": \"$env\"," "$r/report.json")
    echo "$entry" | grep -q "\"hypervisor\": \"$sig\"," || fail "$env/$1: environment $entry, want $sig"
    echo "$entry" | grep -q "\"adapter\": \"$1\"," || fail "$env/$1: environment $entry, want adapter $1"
    echo "ok: $env/$1 ran $(echo "$want" | wc -l) traces on $sig"
}
check "$hv" 'disc/*'
check native 'time/monotonic*'
