#!/bin/sh
# The tcg environment end to end with vmi-fake-qemu in QEMU's place: statuses, restarts,
# damaged streams, a missing QEMU or guest image, and the options' errors.
# Usage: tcg_fake.sh VMI_CONFORM FAKE_QEMU GUEST_IMAGE TRACES_TEST WORKDIR
set -u
conform=$1 fake=$2 guest=$3 traces=$4 work=$5
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

# run SCENARIO [OPTIONS]: one tcg run of the test traces; sets $rc.
run() {
    scenario=$1; shift
    VMI_FAKE_QEMU=$scenario "$conform" run --env tcg --qemu "$fake" --guest "$guest" \
        --traces "$traces" --report-dir "$work/r" --timeout 2 --quiet "$@" >"$work/out" 2>&1
    rc=$?
}
# status TRACE: its status in the last report; detail TRACE: its detail.
field() {
    awk -v t="\"$1\"," -v f="\"$2\":" '$1 == "\"trace\":" { tr = $2 } $1 == f && tr == t {
        sub(/^[^:]*: /, ""); print; exit }' "$work/r/report.json"
}
expect() {
    got=$(field "$1" status)
    [ "$got" = "\"$2\"," ] || fail "$label: $1 is $got, want $2"
}
expect_detail() {
    field "$1" detail | grep -q -- "$2" || fail "$label: $1's detail lacks '$2': $(field "$1" detail)"
}

label=plain
run ""
[ "$rc" -eq 1 ] || fail "$label: exit $rc, want 1"
expect harness/a-before PASS
expect harness/b-ud CRASH
expect_detail harness/b-ud "vector 6 #UD, error code 0x0, RIP 0x101234"
expect harness/c-between PASS
expect harness/d-hang TIMEOUT
expect_detail harness/d-hang "no record for 2 s"
expect harness/e-after PASS
grep -q '"hypervisor": "TCGTCGTCGTCG"' "$work/r/report.json" || fail "$label: no hypervisor"
grep -q '"guest_sha256": "[0-9a-f]\{64\}"' "$work/r/report.json" || fail "$label: no guest hash"
grep -q '2 boot(s)' "$work/r/report.json" || fail "$label: want 2 boots (one restart after the hang)"
[ -s "$work/r/tcg/boot-001.debugcon" ] || fail "$label: the boot's stream was not kept"

label=per-trace
run "" --isolate per-trace
expect harness/a-before PASS
expect harness/b-ud CRASH
expect harness/d-hang TIMEOUT
expect harness/e-after PASS
grep -q '5 boot(s)' "$work/r/report.json" || fail "$label: want 5 boots"

label=damaged
run "crc@0,gap@2,text@4"
expect harness/a-before ERROR
expect_detail harness/a-before "bad-crc"
expect harness/c-between ERROR
expect_detail harness/c-between "records were lost"
expect harness/e-after PASS

label=died
run "die@2,fatal@0"
expect harness/a-before CRASH
expect_detail harness/a-before "vector 13 #GP"
expect harness/b-ud CRASH
expect harness/c-between CRASH
expect_detail harness/c-between "QEMU exited with status 1"
expect harness/e-after PASS

label=other-bundle
run "otherbundle"
expect harness/a-before ERROR
expect_detail harness/a-before "not the one sent"

label=no-qemu
run "" --qemu "$work/no-such-qemu"
[ "$rc" -eq 1 ] || fail "$label: exit $rc, want 1"
expect harness/a-before SKIP
expect_detail harness/a-before "not found (install the qemu-system-x86 package"
grep -q "every trace is SKIP" "$work/out" || fail "$label: the run does not say so: $(cat "$work/out")"

label=no-guest
run "" --guest "$work/no-such-image"
expect harness/a-before ERROR
expect_detail harness/a-before "cannot be read"
printf 'not an ELF\n' >"$work/bad.elf"
label=bad-guest
run "" --guest "$work/bad.elf"
expect harness/e-after ERROR
expect_detail harness/e-after "not a bootable PVH image"

label=ref+tcg
run "" --env ref --filter 'harness/[ace]*'
grep -q '"env": "ref"' "$work/r/report.json" || fail "$label: no ref results"
grep -q 'summary: PASS 6$' "$work/out" || fail "$label: $(cat "$work/out")"

for bad in "--isolate none" "--timeout 0" "--env tcg,nope"; do
    # shellcheck disable=SC2086
    "$conform" run --env tcg $bad --traces "$traces" >"$work/out" 2>&1
    [ $? -eq 2 ] || fail "'$bad' is not a usage error"
done
echo "ok: tcg with a fake QEMU"
