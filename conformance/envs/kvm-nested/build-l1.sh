#!/bin/sh
# Assembles the kvm-nested environment's L1: a Debian cloud kernel and an
# initramfs holding busybox, the KVM modules, the host's QEMU with every
# library it loads and the firmware an L2 `-M pc` boot reads, and /init.
# Usage: build-l1.sh [CACHE_DIR]     (default: <source>/cache/kvm-nested)
# Leaves CACHE_DIR/l1/{vmlinuz,l1.cpio,busybox,stamp}; rebuilds only when
# the stamp (package versions, QEMU's sha256, this folder's scripts) changes.
# Exit 0 ready, 1 failed, 77 the inputs cannot be had (no QEMU, no packages).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cache=${1:-$here/../../../cache/kvm-nested}
mkdir -p "$cache" && cache=$(cd "$cache" && pwd)
out=$cache/l1
t0=$(date +%s%N)
say() { echo "build-l1: $*" >&2; }
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
skip() { say "SKIP: $*"; exit 77; }

qemu=$(command -v qemu-system-x86_64) || skip "qemu-system-x86_64 not found (sh scripts/deps.sh qemu)"
for tool in apt-get apt-cache dpkg-deb; do
    command -v "$tool" >/dev/null || skip "$tool not found (a Debian host is needed)"
done

# The metapackage names the versioned image package; resolving it through the
# local package lists costs no download, so an unchanged cache is found offline.
# Both from one call (apt-cache is slow): the metapackage's Depends pins the
# image package to an exact version.
info=$(apt-cache show --no-all-versions linux-image-cloud-amd64 busybox-static 2>/dev/null)
if [ -z "$info" ] && [ ! -f "$cache/l1/stamp" ] && [ "$(id -u)" -eq 0 ]; then
    # A fresh container has no package lists; root may fetch them.
    apt-get update -qq >&2 || true
    info=$(apt-cache show --no-all-versions linux-image-cloud-amd64 busybox-static 2>/dev/null)
fi
dep=$(echo "$info" | sed -n 's/^Depends: \(linux-image-[^ ,]*\) (= \([^)]*\)).*/\1 \2/p' | head -n 1)
kpkg=${dep% *} kver=${dep#* }
bver=$(echo "$info" | sed -n '/^Package: busybox-static$/,/^$/s/^Version: //p' | head -n 1)
qsum=$(sha256sum "$qemu" | cut -d' ' -f1)
ssum=$(cat "$here/build-l1.sh" "$here/init.sh" | sha256sum | cut -d' ' -f1)
stamp="kernel=$kpkg $kver busybox=$bver qemu=$qsum scripts=$ssum"

if [ -z "$kpkg" ] || [ -z "$kver" ] || [ -z "$bver" ]; then
    # No package lists (a fresh container): a cache built earlier still serves.
    [ -f "$out/stamp" ] && { say "package lists unavailable; using $out"; exit 0; }
    skip "linux-image-cloud-amd64 or busybox-static unknown to apt (run apt-get update)"
fi
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp" ]; then
    say "up to date ($(ms_since "$t0") ms): $out"
    exit 0
fi
# One builder at a time per cache; a second caller waits, then finds it built.
lock=$cache/.building
n=0
until mkdir "$lock" 2>/dev/null; do
    n=$((n + 1))
    [ "$n" -le 300 ] || { say "$lock held for 300 s (remove it if no build runs)"; exit 1; }
    sleep 1
done
trap 'rmdir "$lock"' EXIT
trap 'exit 1' INT TERM
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp" ]; then
    say "built by another caller: $out"
    exit 0
fi
say "building: $stamp"

# Downloads stay in the cache, keyed by name and version, and are reused.
debs=$cache/debs
mkdir -p "$debs"
fetch() {
    d=$debs/$1_$2
    for f in "$d"/*.deb; do [ -f "$f" ] && return 0; done
    rm -rf "$d.part" && mkdir -p "$d.part"
    (cd "$d.part" && apt-get download -q -o "APT::Sandbox::User=$(id -un)" "$1=$2") >&2 ||
        skip "apt-get download $1=$2 failed (no network?)"
    mv "$d.part" "$d"
}
t=$(date +%s%N)
fetch "$kpkg" "$kver"
fetch busybox-static "$bver"
say "packages ready ($(ms_since "$t") ms)"

work=$cache/work
rm -rf "$work" && mkdir -p "$work/kernel" "$work/busybox" "$work/root"
t=$(date +%s%N)
dpkg-deb -x "$debs/${kpkg}_$kver"/*.deb "$work/kernel"
dpkg-deb -x "$debs/busybox-static_$bver"/*.deb "$work/busybox"
bb=$work/busybox/bin/busybox
say "unpacked ($(ms_since "$t") ms)"

root=$work/root
uname_r=${kpkg#linux-image-}
mods=lib/modules/$uname_r
mkdir -p "$root/bin" "$root/etc" "$root/$mods" "$root/usr/bin" "$root/run" "$root/dev" \
    "$root/proc" "$root/sys" "$root/tmp"
cp "$bb" "$root/bin/busybox"
cp "$here/init.sh" "$root/init"
chmod 755 "$root/init"

# The package ships no modules.dep: busybox depmod writes one, which names
# each KVM module's dependencies; the closure of both vendors' modules goes in.
"$bb" depmod -b "$work/kernel" "$uname_r"
deps=$work/kernel/$mods/modules.dep
want=$(grep -E '^[^:]*/kvm-(amd|intel)\.ko[^:]*:' "$deps" | tr -d ':' | tr ' ' '\n' | sort -u)
[ -n "$want" ] || { say "no kvm-amd/kvm-intel module in $kpkg"; exit 1; }
for m in $want; do
    mkdir -p "$root/$mods/$(dirname "$m")"
    case $m in
        *.xz) xz -dc "$work/kernel/$mods/$m" >"$root/$mods/${m%.xz}" ;;
        *.zst) zstd -qdc "$work/kernel/$mods/$m" >"$root/$mods/${m%.zst}" ;;
        *) cp "$work/kernel/$mods/$m" "$root/$mods/$m" ;;
    esac
done
"$bb" depmod -b "$root" "$uname_r"
say "modules: $(echo "$want" | sed 's,.*/,,' | tr '\n' ' ')"

# QEMU at its host path, so its firmware search (<bin>/../share/...) finds
# the same files; `ldd` names every library, the loader included.
cp "$qemu" "$root/usr/bin/qemu-system-x86_64"
ldd "$qemu" | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p' |
    while read -r lib; do
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
    done
qdir=$(dirname "$qemu")/..
for fw in share/seabios/bios-256k.bin share/qemu/pvh.bin share/qemu/linuxboot_dma.bin \
    share/qemu/kvmvapic.bin; do
    mkdir -p "$root/usr/$(dirname "$fw")"
    cp -L "$qdir/$fw" "$root/usr/$fw"
done
"$qemu" --version | head -n 1 >"$root/etc/qemu-version"
say "qemu: $(cat "$root/etc/qemu-version"), $(ldd "$qemu" | wc -l) libraries"

# Uncompressed: inflating 19 MB of gzip under TCG cost L1 0.5-2 s per boot,
# more than loading the 55 MB through fw_cfg DMA.
t=$(date +%s%N)
mkdir -p "$out"
rm -f "$out/stamp" "$out/l1.cpio.gz"
(cd "$root" && find . | LC_ALL=C sort | "$bb" cpio -o -H newc 2>/dev/null) >"$out/l1.cpio.new"
mv "$out/l1.cpio.new" "$out/l1.cpio"
cp "$work/kernel/boot/vmlinuz-$uname_r" "$out/vmlinuz"
cp "$bb" "$out/busybox"
echo "$stamp" >"$out/stamp"
say "packed $(du -k "$out/l1.cpio" | cut -f1) KiB ($(ms_since "$t") ms)"
rm -rf "$work"
say "built in $(ms_since "$t0") ms: $out"
