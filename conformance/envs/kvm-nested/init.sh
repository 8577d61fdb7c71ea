#!/bin/busybox sh
# L1's /init: loads KVM, runs the conformance guest in an L2 QEMU on it,
# reports and powers off.  The per-run cpio, concatenated ahead of the cached
# one, supplies /run/guest.elf, /run/bundle.bin, /run/append, /run/cpu,
# /run/smp and /run/mem (run-l2.sh checked the last three are one word each).
# Channels (L0's serial ports): ttyS0 this console and L2 QEMU's messages,
# ttyS1 the guest's records and nothing else, ttyS2 "vmi-l1 key=value" lines.
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin
mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs tmp /tmp

# Raw: the records and status lines pass byte for byte, no CR added or echo.
stty -F /dev/ttyS1 raw -echo
stty -F /dev/ttyS2 raw -echo
status() { echo "vmi-l1 $*" >/dev/ttyS2; }
# Never returns: should power-off fail, init's exit panics the kernel, and
# panic=-1 with L0's -no-reboot ends L0 all the same.
finish() {
    status "$@"
    sync
    poweroff -f
    exit 1
}
# /proc/uptime has two decimals; the leading 1 keeps "05" from reading as octal.
uptime_ms() { read -r up _ </proc/uptime && echo $((${up%.*} * 1000 + 1${up#*.} * 10 - 1000)); }

status kernel="$(uname -r)" qemu="$(cat /etc/qemu-version)"
# TCG's -cpu max offers SVM, so kvm-amd is the one expected; VMX is tried too.
if grep -qw svm /proc/cpuinfo; then vendor=kvm-amd; else vendor=kvm-intel; fi
modprobe "$vendor" || { dmesg | tail -n 20; finish error="modprobe $vendor failed"; }
[ -c /dev/kvm ] || { dmesg | tail -n 20; finish error="no /dev/kvm after $vendor"; }
status kvm="$vendor" nested="$(cat "/sys/module/$(echo "$vendor" | tr - _)/parameters/nested")"

# What L2's VMI calls cost KVM, for the benchmark (scripts/bench-hv.sh).
# KVM's debugfs counters (/sys/kernel/debug/kvm/exits and the like) sum over
# live VMs only, so they are gone once L2's QEMU has exited; histograms on
# KVM's tracepoints keep their counts.  On kvm_exit: every exit by reason,
# the exits for port 0xe9 (debugcon: an I/O exit's qualification holds the
# port in bits 16..31), and the I/O exits by qualification, for a count per
# port.  They start paused and run only between the guest's markers around
# each call (records.h: a byte to port 0x80 starts them on kvm_pio, a CPUID
# stops them on kvm_cpuid); each end marker's own exit is counted too, so
# the marks are counted on kvm_cpuid and taken off.  For the whole trace
# run, from the guest's run marker on: the VM entries and the hypercalls
# KVM handled.  Triggers are appended: opening a trigger file truncated
# drops its triggers.  Without tracefs the run goes on uncounted.
if [ "$vendor" = kvm-amd ]; then io_exit=123 cpuid_exit=114; else io_exit=30 cpuid_exit=10; fi
run_mark=0x564d4953 call_end=0x564d4945
ev=/sys/kernel/tracing/events/kvm
count_exits() {
    mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null &&
        echo 'hist:keys=exit_reason:sort=exit_reason:pause' >>"$ev/kvm_exit/trigger" &&
        echo "hist:keys=vcpu_id:pause if exit_reason == $io_exit && info1 >= 0xe90000 && info1 < 0xea0000" \
            >>"$ev/kvm_exit/trigger" &&
        echo "hist:keys=info1:pause if exit_reason == $io_exit" >>"$ev/kvm_exit/trigger" &&
        echo "enable_hist:kvm:kvm_exit if rw == 1 && port == 0x80 && val == 0x56" \
            >>"$ev/kvm_pio/trigger" &&
        echo "disable_hist:kvm:kvm_exit if function == $call_end" >>"$ev/kvm_cpuid/trigger" &&
        echo "hist:keys=function if function == $call_end" >>"$ev/kvm_cpuid/trigger" &&
        echo 'hist:keys=vcpu_id:pause' >>"$ev/kvm_entry/trigger" &&
        echo 'hist:keys=nr:pause' >>"$ev/kvm_hypercall/trigger" &&
        echo "enable_hist:kvm:kvm_entry if function == $run_mark" >>"$ev/kvm_cpuid/trigger" &&
        echo "enable_hist:kvm:kvm_hypercall if function == $run_mark" >>"$ev/kvm_cpuid/trigger"
}
# One status line from the histograms: the calls' exits (without the end
# marks), their reasons and I/O ports, and the run's entries and hypercalls.
exits_report() {
    awk -v cpuid="$cpuid_exit" '
        /trigger info:/ {
            h = /keys=exit_reason/ ? "all" : /keys=vcpu_id.*exit_reason/ ? "e9" : \
                /keys=info1/ ? "io" : /keys=function/ ? "marks" : /keys=nr/ ? "hc" : "entries"
        }
        $2 == "exit_reason:" { reason[$3] = $6; order[++nr] = $3 }
        $2 == "info1:" { io[sprintf("0x%x", int($3 / 65536))] += $6 }
        /Hits:/ { n[h] = $2 }
        END {
            reason[cpuid] -= n["marks"]
            for (i = 1; i <= nr; i++)
                if (reason[order[i]] > 0)
                    r = r sprintf("%s0x%x:%d", r == "" ? "" : ",", order[i], reason[order[i]])
            for (p in io)
                ports = ports (ports == "" ? "" : ",") p ":" io[p]
            printf "kvm-exits=%d kvm-exits-port-e9=%d kvm-hypercalls=%d kvm-exit-reasons=%s",
                   n["all"] - n["marks"], n["e9"], n["hc"], r == "" ? "none" : r
            printf " kvm-io-exits=%s kvm-run-entries=%d kvm-calls-marked=%d\n",
                   ports == "" ? "none" : ports, n["entries"], n["marks"]
        }' "$ev/kvm_exit/hist" "$ev/kvm_cpuid/hist" "$ev/kvm_entry/hist" "$ev/kvm_hypercall/hist"
}
counting=no
count_exits && counting=yes || status kvm-exits=unavailable

cpu=$(cat /run/cpu 2>/dev/null) || cpu=host
smp=$(cat /run/smp 2>/dev/null) || smp=2
mem=$(cat /run/mem 2>/dev/null) || mem=128
[ -f /run/guest.elf ] || finish error="no /run/guest.elf in the initramfs"
start=$(uptime_ms)
status l2-start-ms="$start"
# -M pc: the guest's SMP bring-up needs what microvm lacks; ttyS1 is the
# guest's record stream, from a virtio console (a batch of records is one
# exit) or, before the guest found it, debugcon (an exit per byte);
# isa-debug-exit takes its exit value.
qemu-system-x86_64 -accel kvm -M pc -cpu "$cpu" -smp "$smp" -m "$mem" -display none \
    -nodefaults -no-reboot -monitor none -serial none -debugcon /dev/ttyS1 \
    -device virtio-serial-pci -chardev file,id=rec,path=/dev/ttyS1 -device virtconsole,chardev=rec \
    -device isa-debug-exit,iobase=0xf4,iosize=4 -kernel /run/guest.elf \
    -initrd /run/bundle.bin -append "$(cat /run/append)" </dev/null
rc=$?
[ "$counting" = yes ] && status "$(exits_report)"
finish l2-exit="$rc" l2-ms="$(($(uptime_ms) - start))"
