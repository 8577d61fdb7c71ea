#!/bin/sh
# Boots the conformance guest under QEMU TCG on a small bundle and checks the trace run.
# Usage: trace_run_test.sh IMAGE DECODER TRACEC TRACES_DIR UD_TRACE WORKDIR
# Exit 0 pass, 1 fail, 77 skip (no qemu-system-x86_64).
set -u
image=$1 decoder=$2 tracec=$3 traces=$4 ud=$5 work=$6

qemu=$(command -v qemu-system-x86_64) || {
    echo "SKIP: qemu-system-x86_64 not found (install the qemu-system-x86 package)"
    exit 77
}
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

# The bundle orders traces by name: the #UD trace (harness/) runs fourth,
# with three traces before it and two after.
"$tracec" -o "$work/bundle.vmb" "$traces/apic/ipi-self.vmt" "$traces/con/write.vmt" \
    "$traces/cpu/cr-read-matches-instruction.vmt" "$ud" "$traces/mmu/pte-clear.vmt" \
    "$traces/pwr/shutdown-invalid-code.vmt" || fail "vmi-tracec could not compile the bundle"

# boot NAME BUNDLE APPEND WANT_STATUS: one QEMU run (an argv, never a shell
# string; `timeout` is the watchdog), decoded into $work/NAME.txt.
boot() {
    timeout 40 "$qemu" -accel tcg -cpu max -smp 2 -m 256 -display none -nodefaults \
        -no-reboot -serial none -monitor none -debugcon "file:$work/$1.log" \
        -device isa-debug-exit,iobase=0xf4,iosize=4 \
        -kernel "$image" -initrd "$2" -append "$3" >"$work/$1.out" 2>&1
    status=$?
    cat "$work/$1.out"
    "$decoder" "$work/$1.log" >"$work/$1.txt" || fail "$1.log: decoder errors"
    cat "$work/$1.txt"
    [ "$status" -eq "$4" ] || fail "$1: QEMU exit status $status, want $4"
    records=$work/$1.txt
}
expect() {
    grep -Eq -- "$1" "$records" || fail "no record matches: $1"
}
count() {
    grep -Ec -- "$1" "$records"
}

# A corrupt bundle is a LOG record and exit 0x15 (status 43), never a crash.
cp "$work/bundle.vmb" "$work/corrupt.vmb"
printf 'X' | dd of="$work/corrupt.vmb" bs=1 seek=100 conv=notrunc 2>/dev/null
boot corrupt "$work/corrupt.vmb" "adapter=native" 43
expect ' LOG text="bundle rejected at offset 0x[0-9a-f]{8}: checksum mismatch"$'
! grep -q ' TRACE_BEGIN ' "$records" || fail "a corrupt bundle ran a trace"
expect ' END exit=0x15 '

# An adapter the image does not hold binds nothing: exit 0x16 (status 45).
boot noadapter "$work/bundle.vmb" "adapter=nosuch" 45
expect ' LOG text="vmi_init failed: the adapter named by adapter= did not bind"$'
! grep -q ' IDENT ' "$records" || fail "IDENT without a bound adapter"
expect ' END exit=0x16 '

# start= and count= select traces 4 .. 4.  No adapter= word: detection
# binds native under TCG, whose signature no other linked adapter claims.
boot count "$work/bundle.vmb" "start=4 count=1" 33
expect ' ARGS flags=0x0 start=4 count=1 '
expect ' IDENT hv_base=0x40000000 .* signature="TCGTCGTCGTCG" .* adapter="native"$'
[ "$(count ' TRACE_BEGIN ')" -eq 1 ] || fail "count=1 ran more than one trace"
expect ' TRACE_END trace=4 end=done '

# shutdown(42) ends its trace and the run: TRACE_END (power) comes before
# the call, which exits QEMU with (42 << 1) | 1; the next trace never starts.
"$tracec" -o "$work/power.vmb" "$traces/pwr/shutdown.vmt" "$traces/tlb/flush-one.vmt" ||
    fail "vmi-tracec could not compile the power bundle"
boot power "$work/power.vmb" "adapter=native" 85
expect ' OBS trace=0 step=0 op=call sub=71 cpu=0 status=-1 '
expect ' TRACE_END trace=0 end=power err_step=setup err_code=0$'
! grep -q ' OBS trace=0 step=5 ' "$records" || fail "the shutdown call was observed: it returned"
! grep -q ' TRACE_BEGIN trace=1 ' "$records" || fail "a trace ran after the power-off"
! grep -q ' END ' "$records" || fail "END after the power-off"
# The run's totals go out just ahead of that TRACE_END: every observed call
# and the shutdown call itself, which returns no observation.
grep -B 1 ' TRACE_END trace=0 end=power ' "$records" | grep -q " STATS traces=1 calls=$(($(count ' op=call ') + 1)) hypercalls=0\$" ||
    fail "no STATS with the calls made just before the power call's TRACE_END"

boot run "$work/bundle.vmb" "adapter=native" 33
expect ' ARGS flags=0x0 start=0 count=0 text="adapter=native filter="$'
expect ' IDENT hv_base=0x40000000 .* signature="TCGTCGTCGTCG" .* adapter="native"$'
# Traces 0, 1, 2, 4 and 5 run to their end, each step observed once.
for t in 0 1 2 4 5; do
    expect " TRACE_BEGIN trace=$t cpus=1\$"
    expect " OBS trace=$t step=0 "
    expect " TRACE_END trace=$t end=done err_step=setup err_code=0\$"
done
[ "$(count ' OBS trace=0 ')" -eq 21 ] || fail "apic/ipi-self: want 21 observations"
[ "$(count ' OBS trace=1 ')" -eq 13 ] || fail "con/write: want 13 observations"
[ "$(count ' OBS trace=2 ')" -eq 18 ] || fail "cpu/cr-read-matches-instruction: want 18 observations"
# Every expectation of the real traces held: the self-IPI was counted once
# by the harness's handler, and probe console counted exactly what
# console_write accepted (31 bytes after the first call).
! grep -E ' OBS .* op=expect ' "$records" | grep -vq ' status=0 ' ||
    fail "an expect step did not hold"
expect ' OBS trace=0 step=9 op=expect sub=1 cpu=0 status=0 line=[0-9]+ values=0x1,0x1$'
expect ' OBS trace=1 step=2 op=probe sub=6 cpu=0 status=0 line=[0-9]+ values=0x1f$'
# The window trace got its pages, va page and table, announced in order.
expect ' ALLOC trace=4 kind=page '
expect ' ALLOC trace=4 kind=va addr=0xffff800000000000$'
expect ' ALLOC trace=4 kind=window '
# The #UD ended trace 3 after its first two steps, and only it.
expect ' OBS trace=3 step=1 op=expect '
expect ' FAULT trace=3 vector=6 fatal=0 cpu=0 '
! grep -q ' OBS trace=3 step=3 ' "$records" || fail "trace 3 went on after its fault"
! grep -q ' TRACE_END trace=3 ' "$records" || fail "a faulted trace has no TRACE_END"
expect ' END exit=0x10 '
# STATS, once before END: six traces started, one call per CALL step (also
# the faulted trace's) and one page-table notice per window, no hypercall
# from the native adapter.
[ "$(count ' STATS ')" -eq 1 ] || fail "want one STATS record"
calls=$(($(count ' op=call ') + $(count ' ALLOC .* kind=window ')))
grep -A 1 ' STATS ' "$records" | grep -q ' END ' || fail "STATS is not the record before END"
expect " STATS traces=6 calls=$calls hypercalls=0\$"
echo "PASS: trace run"
