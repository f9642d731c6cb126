#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo` shows what the README says it shows: the demo script, run as
# the demo runs it, gets its pings across three hops, and the same echo
# request costs fewer 6LoWPAN header bytes once context 0 has arrived from
# the authority, with tshark decoding both frames to the same addresses
# (inline before, from the context after).
source "$(dirname "$0")/lib.sh"
require_root_vm
command -v jq >/dev/null || skip_all "needs jq"
command -v tshark >/dev/null || skip_all "needs tshark"

tap_plan 6
out=$(mktemp)
defer "rm -f $out"
bash "$(dirname "$0")/../scripts/demo-guest.sh" >"$out" 2>&1
rc=$?
# tshark 4.0 prints the IPHC flags as 0/1, 4.4 (Debian 13) as False/True.
sed -i -E 's/\t(False)\b/\t0/g; s/\t(True)\b/\t1/g' "$out"
sed 's/^/# | /' "$out" | tail -n 45
check_eq "the demo runs to its end" "0 1" "$rc $(grep -c '== done' "$out")"
received() {	# the N-th "N received" of ping's statistics
	grep -oE '[0-9]+ received' "$out" | sed -n "$1p" | cut -d' ' -f1
}
check_ge "ping A -> D link-local across three hops answered" 1 "$(received 1)"
check_ge "1280-byte pings A -> D answered (fragments)" 1 "$(received 2)"
mapfile -t hdr < <(sed -n 's/^6LoWPAN header bytes per packet A -> B: //p' "$out")
tap_note "header bytes of the echo request before / after the context: ${hdr[*]}"
fewer() { [ "${#hdr[@]}" = 2 ] && [ "${hdr[1]}" -lt "${hdr[0]}" ]; }
check "fewer header bytes after the context arrived" fewer
frames=$(grep -P '^\d+\t[01]\t[01]\t2001:db8::ff:fe00:a\t2001:db8::ff:fe00:d$' "$out" |
	cut -f2,3 | tr '\t\n' ' ')
check_eq "tshark: the frame before has both addresses inline, the one after both from context 0" \
	"0 0 1 1 " "$frames"
lens=$(grep -P '^\d+\t[01]\t[01]\t2001:db8::ff:fe00:a' "$out" | cut -f1 | tr '\n' ' ')
tap_note "frame lengths on air before / after: $lens"
read -r l0 l1 _ <<<"$lens"
check "the frame after is shorter on air" [ "${l1:-999}" -lt "${l0:-0}" ]
tap_done
