#!/bin/sh
# Prints the path of a Xen hypervisor image QEMU can boot with -kernel,
# fetching Debian's xen-hypervisor package into a cache on first use.
# Usage: fetch-xen.sh [CACHE_DIR]   (default: $VMI_XEN_CACHE, else <source>/cache/xen,
# which git ignores)
# Environment: VMI_XEN_PACKAGE overrides the package (xen-hypervisor-4.17-amd64).
# Exit 0 with the path on stdout; 77 when the package cannot be had (no apt,
# not in the lists and not root to refresh them, download failed); 1 otherwise.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cache=${1:-${VMI_XEN_CACHE:-$here/../../../cache/xen}}
pkg=${VMI_XEN_PACKAGE:-xen-hypervisor-4.17-amd64}

unavailable() { echo "fetch-xen.sh: $*" >&2; exit 77; }

candidate() {
    apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: *//p' | grep -v '^(none)$' || true
}

if ! command -v apt-cache >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
    unavailable "apt-cache and dpkg are needed to fetch $pkg"
fi
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

version=$(candidate)
if [ -z "$version" ] && [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq >&2 || true
    version=$(candidate)
fi
if [ -z "$version" ]; then
    # Offline and unlisted: an image fetched earlier still serves.
    old=$(ls -d "$cache"/*/xen.img 2>/dev/null | tail -n 1 || true)
    [ -n "$old" ] || unavailable "no candidate version of $pkg (run apt-get update as root)"
    echo "$old"
    exit 0
fi

# One folder per package version, so an upgrade never mixes images; the
# version's ':' (an epoch) stays out of the folder name.
key=$(printf '%s' "$version" | tr ':/' '__')
dir=$cache/$key
if [ -s "$dir/xen.img" ]; then
    echo "$dir/xen.img"
    exit 0
fi

work=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
# apt-get download writes into the current folder; as root it warns that the
# _apt user cannot write there, which is harmless.
(cd "$work" && apt-get download -q "$pkg=$version" >&2) ||
    unavailable "apt-get download $pkg=$version failed"
deb=$(ls "$work"/*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || unavailable "apt-get download left no .deb"
dpkg -x "$deb" "$work/x"
gz=$(ls "$work"/x/boot/xen-*.gz 2>/dev/null | head -n 1)
[ -n "$gz" ] || { echo "fetch-xen.sh: no boot/xen-*.gz in $deb" >&2; exit 1; }
# QEMU's multiboot loader cannot boot the gzip'd image ("linux kernel too old
# to load a ram disk"): it needs the plain ELF.
gzip -dc "$gz" >"$work/xen.img"
mkdir -p "$dir"
cp "$deb" "$dir/"
# A rename, so a concurrent reader never sees half an image.
mv "$work/xen.img" "$dir/xen.img"
echo "$dir/xen.img"
