#!/bin/sh
# Regenerates disc/call-supported-agrees.vmt from include/vmi/calls.h and features.h: one
# call_supported check per call number against its group's feature bitmap.
#
#   conformance/traces/gen_call_supported.sh > conformance/traces/disc/call-supported-agrees.vmt
set -eu

here=$(cd "$(dirname "$0")" && pwd)
inc=$(cd "$here/../../include/vmi" && pwd)

cat <<'HEAD'
vmi-trace 1
# Proves that the per-call query agrees with the feature bitmaps for every call number of
# VMI 1.0 (VMI-DISC-004), and so that call numbers, group numbers and feature bits are the
# ones calls.h and features.h pin (VMI-GEN-009): for each call N, call_supported(N) must be
# bit B of features_get(G), where G and B are the group and bit of the feature calls.h names
# for N.  Generated from include/vmi/calls.h; regenerate if a call is added.
name disc/call-supported-agrees
title call_supported(N) equals the feature bit of N's group bitmap, for every call number
covers VMI-DISC-004 VMI-GEN-009
needs feature DISC_BASE

HEAD

# Groups: X(NAME, number, "description")
groups=$(sed -n 's/^ *X(\([A-Z]*\), *\([0-9]*\), *".*/\1 \2/p' "$inc/features.h")
echo "$groups" | while read -r g n; do
    lg=$(echo "$g" | tr 'A-Z' 'a-z')
    echo "step call features_get $n -> \$f_$lg expect status VMI_OK"
done

# Features: X(GROUP, NAME, bit, "description") -> GROUP_NAME bit
sed -n 's/^ *X(\([A-Z]*\), *\([A-Z0-9]*\), *\([0-9]*\), *".*/\1_\2 \3/p' "$inc/features.h" \
    > "${TMPDIR:-/tmp}/vmi_feat.$$"
# Calls: X( N, GROUP, name, type, attrs, VMI_FEAT_X_Y, ...
sed -n 's/^ *X( *\([0-9]*\), *[A-Z]*, *\([a-z_]*\), *vmi_status_t, *[^,]*, *VMI_FEAT_\([A-Z0-9_]*\),.*/\1 \2 \3/p' \
    "$inc/calls.h" | while read -r num name feat; do
    bit=$(awk -v f="$feat" '$1 == f { print $2 }' "${TMPDIR:-/tmp}/vmi_feat.$$")
    lg=$(echo "${feat%%_*}" | tr 'A-Z' 'a-z')
    echo "step call call_supported $num -> \$s_$name expect status VMI_OK   # $name: $feat"
    echo "step expect \$s_$name == ((\$f_$lg >> $bit) & 1)"
done
rm -f "${TMPDIR:-/tmp}/vmi_feat.$$"
