#!/bin/sh
# Installs the Debian packages a job needs, or prints the exact line to do it.
# Usage: scripts/deps.sh JOB   (JOB: build, fuzz, qemu or docs)
set -eu

packages_for() {
    case $1 in
        build) echo "cmake make gcc g++ libcunit1-dev libelf-dev libssl-dev" ;;
        fuzz) echo "clang libclang-rt-14-dev" ;;
        qemu) echo "qemu-system-x86" ;;
        docs) echo "python3-sphinx" ;;
        *) echo "scripts/deps.sh: unknown job '$1'" >&2; exit 2 ;;
    esac
}

missing=""
for p in $(packages_for "${1:-build}"); do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing
else
    echo "missing Debian packages; install them with:" >&2
    echo "  sudo apt-get install -y$missing" >&2
    exit 1
fi
