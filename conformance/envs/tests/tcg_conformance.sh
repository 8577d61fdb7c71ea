#!/bin/sh
# The whole conformance suite on tcg (QEMU TCG, the native adapter): the run completes,
# every trace has a result of its own, and the report certifies with the tcg waivers (the
# places where QEMU's TCG does not fault as hardware does); every result that is not a PASS
# is printed.
# Usage: tcg_conformance.sh VMI_CONFORM GUEST_IMAGE TRACES WAIVERS WORKDIR
# Exit 0 pass, 1 fail, 77 skip (no qemu-system-x86_64).
set -u
conform=$1 guest=$2 traces=$3 waivers=$4 work=$5
command -v qemu-system-x86_64 >/dev/null || {
    echo "SKIP: qemu-system-x86_64 not found (sh scripts/deps.sh qemu installs it)"
    exit 77
}
rm -rf "$work" && mkdir -p "$work" || exit 1
"$conform" run --env tcg --guest "$guest" --traces "$traces" --report-dir "$work/r" --quiet \
    --timeout 15 \
    >"$work/out" 2>&1
rc=$?
cat "$work/out"
[ "$rc" -le 1 ] || { echo "FAIL: vmi-conform exited $rc"; exit 1; }
want=$(find "$traces" -name '*.vmt' | wc -l)
got=$(grep -c '^      "trace": ' "$work/r/report.json")
[ "$got" -eq "$want" ] || { echo "FAIL: $got results for $want traces"; exit 1; }
awk '$1 == "\"trace\":" { t = $2 } $1 == "\"status\":" { s = $2 }
     $1 == "\"detail\":" && t != "" && s != "\"PASS\"," { sub(/^ *"detail": /, ""); print s, $0 }' \
    "$work/r/report.json"
"$conform" verify "$work/r/report.json" --waivers "$waivers" ||
    { echo "FAIL: the tcg report does not certify (see above)"; exit 1; }
echo "ok: $got traces, each with its own result, and the report certifies (report: $work/r/report.json)"
