#!/bin/sh
# Turns Xen's serial console into the PVH dom0's own port 0xe9 stream, for
# the record decoder.  Usage: d0-records.sh [SERIAL_LOG]   (else stdin)
#
# Xen 4.17 prints what d0 writes to port 0xe9 a line at a time, as
# "(d0) TEXT\r\n", and flushes its 200-byte line buffer early: a line of
# more than 199 characters comes out as "(d0) " + 199 characters, then the
# rest on further "(d0) " lines (one exactly 199 long is followed by an
# empty "(d0) " line).  So: keep only "(d0) " lines, drop the prefix and the
# \r, and join a 199-character piece to what follows.  Xen's own "(XEN)"
# lines and the firmware's output never start with "(d0) "; they may fall
# between the pieces of one record and are dropped with the rest.
# What dom0 hands console_io (the xen adapter's console_write) comes out
# raw and needs no newline at its end, so a "(d0) " line may follow it on
# the same line: such a line is taken from its first "(d0) ".
# mawk (Debian's awk) reads a pipe until its buffer is full before it
# hands on a line: as a live filter it would sit on finished records until
# more output came.  -W interactive makes it read a line at a time, but
# then a NUL ends its line, and console_io's NULs (con/limits) would hide
# the "(d0) " text after them: tr drops them first, unbuffered.
live=
case $(awk -W version 2>&1 | head -n 1) in
    mawk*) live="-W interactive" ;;
esac
cat "$@" | stdbuf -o0 tr -d '\000' |
# shellcheck disable=SC2086  # $live is zero or two words
awk $live '
{ sub(/\r$/, "") }
/^\(XEN\)/ { next }
(i = index($0, "(d0) ")) > 0 {
    s = substr($0, i + 5)
    if (length(s) == 199) printf "%s", s
    else print s
    fflush()    # a live filter: each record out as soon as it is whole
}'
