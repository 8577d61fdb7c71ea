#!/bin/sh
# Boots the conformance guest under QEMU TCG and checks its record stream.
# Usage: boot_test.sh MODE IMAGE DECODER WORKDIR
#   MODE selftest: every self test passes, a #UD is recovered on CPU 0 and on
#                  CPU 1 (started through the adapter), exit 0x10 (status 33)
#   MODE panic:    a #UD outside any recovery point stops it, exit 0x12 (status 37)
#   MODE virtio:   selftest with a virtio console too: the records leave through it,
#                  and port 0xe9 carries nothing
# Exit 0 pass, 1 fail, 77 skip (no qemu-system-x86_64).
set -u
mode=$1 image=$2 decoder=$3 work=$4

qemu=$(command -v qemu-system-x86_64) || {
    echo "SKIP: qemu-system-x86_64 not found (install the qemu-system-x86 package)"
    exit 77
}
case $mode in
    selftest) append=selftest want_status=33 ;;
    panic) append="selftest=panic" want_status=37 ;;
    virtio) append=selftest want_status=33 ;;
    *) echo "boot_test.sh: unknown mode '$mode'" >&2; exit 2 ;;
esac
rm -rf "$work" && mkdir -p "$work" || exit 1
printf 'vmi-guest boot-test module\n' >"$work/module.bin"

fail() { echo "FAIL: $*"; exit 1; }

# QEMU gets an argv, never a shell string; `timeout` is the watchdog.
stream=$work/debugcon.log
: >"$work/virtio.log"
set --
if [ "$mode" = virtio ]; then
    stream=$work/virtio.log
    set -- -chardev "file,id=rec,path=$stream" -device virtio-serial-pci \
        -device virtconsole,chardev=rec
fi
start=$(date +%s%N)
timeout 60 "$qemu" -accel tcg -cpu max -smp 2 -m 128 -nographic -no-reboot \
    -display none -monitor none -serial "file:$work/serial.log" \
    -debugcon "file:$work/debugcon.log" "$@" \
    -device isa-debug-exit,iobase=0xf4,iosize=4 \
    -kernel "$image" -initrd "$work/module.bin" -append "$append" \
    >"$work/qemu.out" 2>&1
status=$?
end=$(date +%s%N)
echo "qemu: exit status $status (want $want_status) after $(( (end - start) / 1000000 )) ms"
cat "$work/qemu.out"

# COM1 and the stream (port 0xe9, or the virtio console once there is one)
# carry the same records, and every byte must decode; only COM1 has a
# preamble (SeaBIOS mirrors its screen there under -nographic).
"$decoder" "$work/serial.log" >"$work/records.txt" || fail "serial.log: decoder errors"
"$decoder" "$stream" >"$work/stream.txt" || fail "$stream: decoder errors"
cat "$work/records.txt"
records_only() { grep -v ' PREAMBLE ' "$1" | sed 's/^@[0-9]* //'; }
records_only "$work/records.txt" >"$work/serial.cmp"
records_only "$work/stream.txt" >"$work/stream.cmp"
[ -s "$work/stream.cmp" ] || fail "no records in $stream"
cmp -s "$work/serial.cmp" "$work/stream.cmp" || fail "COM1 and $stream carry different records"
if [ "$mode" = virtio ]; then
    [ ! -s "$work/debugcon.log" ] || fail "port 0xe9 carried bytes beside the virtio console"
else
    [ ! -s "$work/virtio.log" ] || fail "a virtio console that is not there got bytes"
fi
[ "$status" -eq "$want_status" ] || fail "QEMU exit status $status, want $want_status"

expect() {
    grep -Eq -- "$1" "$work/records.txt" || fail "no record matches: $1"
}
expect '^@[0-9]+ #0 HELLO version=1 name="vmi-conformance-guest"$'
expect ' BOOT magic=0x336ec578 version=1 .* lma=1 '
expect " CMDLINE text=\"$append\"\$"
expect ' MEMMAP index=[0-9]+ type=1 addr=0x100000 '
expect ' MODULE index=0 paddr=0x[0-9a-f]+ size=0x1b '
if [ "$mode" != panic ]; then
    expect ' ARGS flags=0x1 start=0 '
    expect ' FAULT trace=none vector=6 fatal=0 '
    expect ' CHECK name="ud-vector" id=2 pass '
    expect ' CHECK name="bp-resumed" id=12 pass '
    # The second CPU, started through the adapter's cpu_start, answers
    # calls and recovers its own #UD (reported with its APIC ID).
    expect ' CHECK name="smp-cpus-online" id=20 pass got=0x2 '
    expect ' CHECK name="smp-cpu-id-get-on-cpu1" id=24 pass got=0x1 '
    expect ' FAULT trace=none vector=6 fatal=0 cpu=1 '
    expect ' CHECK name="smp-cpu1-alive-after-fault" id=28 pass '
    # A call that never returns ends the caller's wait, not the run.
    expect ' CHECK name="smp-probe-on-cpu1-hang-times-out" id=30 pass '
    ! grep -q ' CHECK .* FAIL ' "$work/records.txt" || fail "a self test failed"
    expect ' END exit=0x10 records=[0-9]+ passed=25 failed=0$'
else
    expect ' ARGS flags=0x3 start=0 '
    expect ' FAULT trace=none vector=6 fatal=1 '
    expect ' END exit=0x12 records=[0-9]+ passed=12 failed=0$'
fi
echo "PASS: $mode"
