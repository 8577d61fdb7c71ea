#!/bin/sh
# What the hypervisor adapters cost over the whole trace set, against the native adapter on
# the same environment: kvm-nested (kvm, native) and xen (xen, native), one whole-suite run of
# `vmi-conform run` each.  Per run:
#   wall s      the run's wall time, start to report, every boot included
#   VMI calls   the calls the guest's executor made, hypercalls those the adapter issued
#               (on any CPU): the last STATS record of each boot, summed over the boots
#   VM exits    (kvm-nested) the exits L1's KVM counted during the VMI calls, between the
#               guest's markers around each call (init.sh, records.h), without debugcon's
#               I/O exits (port 0xe9) and the host's own interrupts, summed over the
#               boots; the notes add the whole trace runs' VM entries, harness included
# Usage: scripts/bench-hv.sh [VMI_CONFORM [GUEST_IMAGE [DECODER]]]
#   defaults: build/conformance/runner/vmi-conform, build/conformance/guest/vmi-guest.elf,
#   build/conformance/guest/vmi-guest-records.  BENCH_HV_ENVS="kvm-nested xen" by default;
#   BENCH_HV_FILTER=GLOB runs only the traces it matches (a quick look, not the figures).
# Exit 0 (also when an environment is a SKIP, with the reason), 1 when a run fails.
set -u
build=${BUILD:-build}
conform=${1:-$build/conformance/runner/vmi-conform}
guest=${2:-$build/conformance/guest/vmi-guest.elf}
decoder=${3:-$build/conformance/guest/vmi-guest-records}
envs=${BENCH_HV_ENVS:-kvm-nested xen}

command -v qemu-system-x86_64 >/dev/null || {
    echo "SKIP: hypervisor benchmark: qemu-system-x86_64 not found (scripts/deps.sh qemu)"
    exit 0
}
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# suite ENV ADAPTER: one whole-suite run into $work/ENV-ADAPTER; its wall ms in .ms.  The
# watchdog is make certify's: xen's waived livelock costs one period of it.
suite() {
    d=$work/$1-$2
    watchdog=30
    [ "$1" = xen ] && watchdog=10
    start=$(now_ms)
    "$conform" run --env "$1" --adapter "$2" --guest "$guest" --quiet --mark-calls \
        --timeout "$watchdog" --report-dir "$d" \
        ${BENCH_HV_FILTER:+--filter "$BENCH_HV_FILTER"} >"$d.out" 2>&1
    rc=$?
    echo $(($(now_ms) - start)) >"$d.ms"
    [ "$rc" -le 1 ] || { cat "$d.out" >&2; echo "bench-hv: the $1 $2 run failed" >&2; return 1; }
}

# skip_reason REPORT_DIR: the detail of the first SKIP result.
skip_reason() {
    awk '/"status": "SKIP"/ { s = 1 }
         s && /"detail": / { sub(/^ *"detail": "/, ""); sub(/",?$/, ""); print; exit }' \
        "$1/report.json" 2>/dev/null
}

# summary REPORT: the statuses the run's results had, "PASS 80, FAIL 3, ...".
summary() {
    awk '/"summary": \{/ { on = 1; next }
         on && /\}/ { exit }
         on { gsub(/[",:]/, ""); if ($2 > 0) r = r (r == "" ? "" : ", ") $1 " " $2 }
         END { print r }' "$1"
}

# stats LOG: "CALLS HYPERCALLS" from the boot's last STATS record, or nothing.
stats() {
    last=$("$decoder" "$1" 2>/dev/null | grep ' STATS ' | tail -n 1)
    [ -n "$last" ] || return 0
    c=${last##* calls=}
    echo "${c%% *} ${last##* hypercalls=}"
}

# exits STATUS_LOG: "EXITS KVM_HYPERCALLS RUN_ENTRIES CALLS_MARKED", or nothing.
# The host's own interrupts (SVM 0x60, VMX 0x1) come with wall time, not
# with calls.
exits() {
    tr -d '\r' <"$1" | awk '
        /^vmi-l1 kvm=/ { intr = /kvm=kvm-amd/ ? "0x60" : "0x1" }
        /^vmi-l1 kvm-exits=[0-9]/ {
            for (i = 2; i <= NF; i++) {
                split($i, kv, "=")
                v[kv[1]] = kv[2]
            }
            n = split(v["kvm-exit-reasons"], rs, ",")
            host = 0
            for (i = 1; i <= n; i++) {
                split(rs[i], rc, ":")
                if (rc[1] == intr)
                    host = rc[2]
            }
            print v["kvm-exits"] - v["kvm-exits-port-e9"] - host, v["kvm-hypercalls"],
                v["kvm-run-entries"], v["kvm-calls-marked"]
        }'
}

# io_ports ENV_DIR: the trace runs' I/O exits per port over every boot, "0xe9:N,...".
io_ports() {
    cat "$1"/boot-*.d/l1-status.log 2>/dev/null | tr -d '\r' | tr ' ' '\n' |
        sed -n 's/^kvm-io-exits=//p' | tr ',' '\n' | grep ':' |
        awk -F: '{ n[$1] += $2 } END { for (p in n) s = s (s == "" ? "" : ", ") p " " n[p]; print s }'
}

# tally ENV_DIR: "BOOTS CALLS HYPERCALLS EXITS KVM_HYPERCALLS RUN_ENTRIES CALLS_MARKED
# NO_STATS NO_EXITS" over every boot.
tally() {
    boots=0 calls=0 hcalls=0 ex=0 kvmhc=0 entries=0 marked=0 nostats=0 noexits=0
    for log in "$1"/boot-*.debugcon; do
        [ -f "$log" ] || continue
        boots=$((boots + 1))
        s=$(stats "$log")
        if [ -n "$s" ]; then
            set -- $s
            calls=$((calls + $1)) hcalls=$((hcalls + $2))
        else
            nostats=$((nostats + 1))
        fi
        e=$(exits "${log%.debugcon}.d/l1-status.log" 2>/dev/null)
        if [ -n "$e" ]; then
            set -- $e
            ex=$((ex + $1)) kvmhc=$((kvmhc + $2)) entries=$((entries + $3)) marked=$((marked + $4))
        else
            noexits=$((noexits + 1))
        fi
    done
    echo "$boots $calls $hcalls $ex $kvmhc $entries $marked $nostats $noexits"
}

rows=$work/rows notes=$work/notes
: >"$rows"
: >"$notes"
for env in $envs; do
    case $env in kvm-nested) adapters="kvm native" ;; xen) adapters="xen native" ;;
        *) echo "bench-hv: unknown environment $env" >&2; exit 1 ;; esac
    for a in $adapters; do
        suite "$env" "$a" || exit 1
        d=$work/$env-$a
        if ! ls "$d/$env"/boot-*.debugcon >/dev/null 2>&1; then
            echo "SKIP: $env --adapter $a: $(skip_reason "$d")" >>"$notes"
            continue
        fi
        set -- $(tally "$d/$env")
        boots=$1 calls=$2 hcalls=$3 ex=$4 kvmhc=$5 entries=$6 marked=$7 nostats=$8 noexits=$9
        sum=$(summary "$d/report.json")
        echo "$env $a: $boots boot(s); $sum" >>"$notes"
        [ "$nostats" -eq 0 ] ||
            echo "  $nostats boot(s) ended without STATS (a hang or crash): their calls are missing" >>"$notes"
        exits_col=-
        if [ "$env" = kvm-nested ] && [ "$noexits" -eq 0 ]; then
            exits_col=$ex
            echo "  KVM handled $kvmhc hypercalls over the trace runs (the guest counted $hcalls);" \
                "$marked calls marked (a power call that ends a boot has no end mark)" >>"$notes"
            echo "  I/O exits in calls by port: $(io_ports "$d/$env")" >>"$notes"
            echo "  VM entries over the whole trace runs (calls, probes, waits, harness):" \
                "$entries, $(awk -v e="$entries" -v c="$calls" \
                    'BEGIN { printf "%.1f", c ? 1000 * e / c : 0 }') per 1000 calls" >>"$notes"
        elif [ "$env" = kvm-nested ]; then
            echo "  VM exits unknown: $noexits boot(s) without L1's count" >>"$notes"
        fi
        echo "$env $a $(cat "$d.ms") $calls $hcalls $exits_col" >>"$rows"
    done
done

awk 'BEGIN {
    printf "%-11s %-7s %7s %9s %10s %11s %9s %11s\n", "env", "adapter", "wall s", "VMI calls",
        "hypercalls", "hc/1000", "VM exits", "exits/1000"
}
{
    per = $4 > 0 ? sprintf("%.1f", 1000 * $5 / $4) : "-"
    eper = $6 != "-" && $4 > 0 ? sprintf("%.1f", 1000 * $6 / $4) : "-"
    printf "%-11s %-7s %7.1f %9d %10d %11s %9s %11s\n", $1, $2, $3 / 1000, $4, $5, per,
        $6, eper
}' "$rows"
echo "whole-suite wall time goals (the KVM and Xen issues): kvm-nested <= 60 s, xen <= 30 s"
cat "$notes"
