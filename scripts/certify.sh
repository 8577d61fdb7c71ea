#!/bin/sh
# The certification job: every ENV:ADAPTER pair runs the whole suite into
# REPORT_DIR/ENV-ADAPTER/ and its report is verified, with the environment's
# waivers file (conformance/envs/ENV/waivers.txt) when it has one.  An
# environment that cannot run on this machine (every result SKIP) is listed
# with its reason and does not fail the job; anything else that does not
# verify does.  A table of the outcomes ends the output.
# Usage: scripts/certify.sh VMI_CONFORM REPORT_DIR ENV:ADAPTER[:WATCHDOG_S]... [-- RUN_OPTION...]
#   e.g. scripts/certify.sh build/conformance/runner/vmi-conform build/report \
#            ref:ref tcg:native:15 kvm-nested:kvm:30 -- --seed 1
# Exit 0 when every pair that ran certifies, 1 otherwise, 2 on bad usage.
set -u
[ $# -ge 3 ] || { echo "usage: certify.sh VMI_CONFORM REPORT_DIR ENV:ADAPTER[:WATCHDOG_S]... [-- OPTION...]" >&2; exit 2; }
conform=$1 reports=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
envs=$(cd "$here/../conformance/envs" && pwd)

pairs=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
    case $1 in
        *:*) pairs="$pairs $1" ;;
        *) echo "certify.sh: $1 is not ENV:ADAPTER" >&2; exit 2 ;;
    esac
    shift
done
[ $# -gt 0 ] && shift    # "$@" is now what every run is given
mkdir -p "$reports" || exit 2
table=$reports/certify.txt
: >"$table"
failed=0

# The summary line `run` printed, e.g. "PASS 108, NOT_SUPPORTED 2".
summary_of() {
    sed -n 's/^summary: //p' "$1" | tail -n 1
}

for pair in $pairs; do
    env=${pair%%:*} adapter=${pair#*:} watchdog=
    case $adapter in *:*) watchdog=${adapter#*:} adapter=${adapter%%:*} ;; esac
    dir=$reports/$env-$adapter
    mkdir -p "$dir" || exit 2
    case $env$adapter$watchdog in
        *[!a-z0-9-]*) echo "certify.sh: $pair: names are [a-z0-9-], the watchdog digits" >&2; exit 2 ;;
    esac
    # ref binds the model: --adapter is for the environments that boot a guest.
    which="--env $env"
    [ "$env" = ref ] || which="$which --adapter $adapter"
    [ -n "$watchdog" ] && which="$which --timeout $watchdog"
    start=$(date +%s)
    # shellcheck disable=SC2086  # $which is words checked above
    "$conform" run $which "$@" --report-dir "$dir" >"$dir/run.log" 2>&1
    rc=$?
    secs=$(($(date +%s) - start))
    cat "$dir/run.log"
    summary=$(summary_of "$dir/run.log")
    if [ "$rc" -gt 1 ] || [ ! -f "$dir/report.json" ]; then
        outcome="ERROR: the run failed (exit $rc; $dir/run.log)"
        failed=1
    elif [ -n "$summary" ] && [ -z "$(echo "$summary" | sed 's/SKIP [0-9]*//; s/[ ,]//g')" ]; then
        reason=$(sed -n 's/^ok .* # SKIP [^ :]*: //p' "$dir/report.tap" | head -n 1)
        outcome="SKIP: cannot run here: ${reason:-no reason given}"
    else
        waivers=/dev/null
        [ -f "$envs/$env/waivers.txt" ] && waivers=$envs/$env/waivers.txt
        if "$conform" verify "$dir/report.json" --waivers "$waivers" >"$dir/verify.log" 2>&1; then
            outcome="CERTIFIED"
            waived=$(grep -c ' waived by ' "$dir/verify.log")
            [ "$waived" -gt 0 ] && summary="$summary ($waived waived)"
        else
            outcome="NOT CERTIFIED (see $dir/verify.log)"
            failed=1
        fi
        cat "$dir/verify.log"
    fi
    printf '%-20s %5s s  %-50s %s\n' "$env/$adapter" "$secs" "$summary" "$outcome" >>"$table"
done

echo "certify: reports in $reports/<env>-<adapter>/"
printf '%-20s %7s  %-50s %s\n' "environment/adapter" "wall" "results" "outcome"
cat "$table"
exit $failed
