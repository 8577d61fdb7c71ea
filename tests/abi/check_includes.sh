#!/bin/sh
# Fails when a public header includes anything but <stddef.h>, <stdint.h> or a sibling header.
dir=$1
bad=$(grep -Hn '^[[:space:]]*#[[:space:]]*include' "$dir"/*.h |
      grep -v -E '#[[:space:]]*include[[:space:]]*(<stddef\.h>|<stdint\.h>|"[a-z_]+\.h")')
if [ -n "$bad" ]; then
    echo "non-freestanding include in the ABI headers:"
    echo "$bad"
    exit 1
fi
n=$(grep -c '#include' "$dir"/*.h | awk -F: '{s += $2} END {print s}')
echo "ok: $n includes, all freestanding or sibling"
