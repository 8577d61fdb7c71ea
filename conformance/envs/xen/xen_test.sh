#!/bin/sh
# The conformance guest as Xen 4.17's PVH dom0 under QEMU TCG: it boots, its
# records survive Xen's console, it sees Xen, and a bundle given as the
# second multiboot module reaches it as start_info module 0.
# Usage: xen_test.sh GUEST_ELF DECODER TRACEC TRACE WORKDIR [CACHE_DIR]
# Exit 0 pass, 1 fail, 77 skip (no QEMU, or the Xen package cannot be had).
set -u
guest=$1 decoder=$2 tracec=$3 trace=$4 work=$5 cache=${6:-}
here=$(cd "$(dirname "$0")" && pwd)

command -v "${QEMU:-qemu-system-x86_64}" >/dev/null 2>&1 || {
    echo "SKIP: qemu-system-x86_64 not found (install the qemu-system-x86 package)"
    exit 77
}
xen=$(sh "$here/fetch-xen.sh" ${cache:+"$cache"})
case $? in
    0) ;;
    77) echo "SKIP: the Xen hypervisor package cannot be fetched (see above)"; exit 77 ;;
    *) echo "FAIL: fetch-xen.sh failed"; exit 1 ;;
esac
echo "xen: $xen"
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

# boot NAME CMDLINE MODULE: one run into $work/NAME, decoded to NAME.txt.
boot() {
    start=$(date +%s%N)
    sh "$here/run-xen.sh" "$xen" "$guest" "$work/$1" "$2" "$3"
    status=$?
    echo "$1: QEMU exit status $status after $(( ($(date +%s%N) - start) / 1000000 )) ms"
    records=$work/$1/records.log
    if ! grep -q '^@VMI ' "$records" 2>/dev/null; then
        # What Xen said last is the best clue: a dom0 triple fault, a panic.
        grep -E '^\(XEN\) (.*(Triple fault|Panic|panic|MMIO emulation failed|Error creating)|RIP:|rsp:)' \
            "$work/$1/serial.log" | tail -n 8
        # Dead at 0xffffffff with %esp 0: an entry that called before it
        # set a stack (Xen starts a PVH dom0 with %esp = 0, QEMU does not).
        grep -q 'RIP: .*<00000000ffffffff>' "$work/$1/serial.log" &&
            echo "dom0 died in its 32-bit entry: a ret with no stack (%esp = 0)"
        fail "$1: no record from dom0 (Xen's console is $work/$1/serial.log)"
    fi
    "$decoder" "$records" >"$work/$1.txt" || { cat "$work/$1.txt"; fail "$1: decoder errors"; }
    cat "$work/$1.txt"
    end=$(sed -n 's/.* END exit=\(0x[0-9a-f]*\) .*/\1/p' "$work/$1.txt")
    [ -n "$end" ] || fail "$1: no END record"
    # The guest's exit code went out through isa-debug-exit as 2*N+1.
    [ "$status" -eq $(( end * 2 + 1 )) ] || fail "$1: QEMU exit status $status, END says $end"
}
expect() {
    grep -Eq -- "$2" "$work/$1.txt" || fail "$1: no record matches: $2"
}

# The self tests, on CPU 0 and 1.  Xen's start_info is version 0 (no memory map).
boot selftest selftest ""
expect selftest '^@[0-9]+ #0 HELLO version=1 name="vmi-conformance-guest"$'
expect selftest ' BOOT magic=0x336ec578 version=0 .* lma=1 '
expect selftest ' CMDLINE text="selftest"$'
for check in long-mode ud-vector ud-rip gp-vector gp-error pf-vector pf-cr2 pf-error \
             de-vector nested-outer-returns nested-inner-vector bp-resumed; do
    expect selftest " CHECK name=\"$check\" id=[0-9]+ pass "
done
# CPU 1 is dom0's second vCPU (APIC ID 2), named only by the MADT Xen builds
# for dom0 and reached through start_info's rsdp_paddr.
expect selftest ' CHECK name="smp-cpus-online" id=[0-9]+ pass got=0x2 '
! grep -q ' CHECK .* FAIL ' "$work/selftest.txt" || fail "selftest: a self test failed"
expect selftest ' END exit=0x10 '

# One trace from a bundle: IDENT names the hypervisor the guest detected.
"$tracec" -o "$work/bundle.vmb" "$trace" || fail "vmi-tracec could not compile the bundle"
size=$(printf '0x%x' "$(wc -c <"$work/bundle.vmb")")
boot trace "adapter=native" "$work/bundle.vmb"
expect trace " MODULE index=0 paddr=0x[0-9a-f]+ size=$size "
expect trace ' IDENT hv_base=0x40000000 .* signature="XenVMMXenVMM" '
expect trace ' TRACE_END trace=0 end=done '
echo "PASS: xen"
