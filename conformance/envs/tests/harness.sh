#!/bin/sh
# An environment with the real guest, over the test-only traces: a #UD is a CRASH with
# vector 6, a hang a TIMEOUT (the watchdog stops the boot, whatever levels it has), and every
# other trace still gets its own PASS in the boots that follow.
# Usage: harness.sh VMI_CONFORM GUEST_IMAGE TRACES_TEST WORKDIR ENV ADAPTER SIGNATURE WATCHDOG_S
# Exit 0 pass, 1 fail, 77 skip (the environment cannot run here).
set -u
conform=$1 guest=$2 traces=$3 work=$4 env=$5 adapter=$6 sig=$7 watchdog=$8
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; cat "$work/out"; exit 1; }

"$conform" run --env "$env" --adapter "$adapter" --guest "$guest" --traces "$traces" \
    --report-dir "$work/r" --timeout "$watchdog" --quiet >"$work/out" 2>&1
rc=$?
cat "$work/out"
if grep -q '"SKIP": [1-9]' "$work/r/report.json" && ! grep -q '"status": "[^S]' "$work/r/report.json"; then
    echo "SKIP: $env cannot run here (see above)"
    exit 77
fi
[ "$rc" -eq 1 ] || fail "exit $rc, want 1 (a CRASH and a TIMEOUT are not certifiable)"
field() {
    awk -v t="\"$1\"," -v f="\"$2\":" '$1 == "\"trace\":" { tr = $2 } $1 == f && tr == t {
        sub(/^[^:]*: /, ""); print; exit }' "$work/r/report.json"
}
expect() {
    got=$(field "$1" status)
    [ "$got" = "\"$2\"," ] || fail "$1 is $got, want $2: $(field "$1" detail)"
}
expect harness/a-before PASS
expect harness/b-ud CRASH
field harness/b-ud detail | grep -q "vector 6 #UD" || fail "b-ud: $(field harness/b-ud detail)"
expect harness/c-between PASS
expect harness/d-hang TIMEOUT
expect harness/e-after PASS
grep -q "\"hypervisor\": \"$sig\"" "$work/r/report.json" || fail "the guest's CPUID signature $sig is missing"
echo "ok: a fault and a hang each cost one trace on $env/$adapter"
