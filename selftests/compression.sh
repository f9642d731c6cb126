#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Header overhead on air (issue 4): mainline 6LoWPAN on a 4-node line
# (route-over) against this module on a 4-node line (mesh-under, short
# addresses, an IPHC context), the same traffic, every frame captured by a
# monitor radio and decoded by tshark (bench/compression/guest.sh does the
# work; bench/compression/README.md explains the numbers). Byte and frame
# counts only, never time. Targets:
#   - global 64-byte UDP 3 hops away: at most half of mainline's overhead,
#     and within 2 bytes of the RFC 4944/6282 floor;
#   - link-local echo to a neighbour: no more overhead than mainline;
#   - a 1280-byte datagram 3 hops away: no more frames than mainline.
source "$(dirname "$0")/lib.sh"
require_root_vm
for t in tshark dumpcap socat; do
	command -v $t >/dev/null || skip_all "needs $t"
done
source "$LM_ROOT/bench/compression/guest.sh"

tap_plan 13
OUT=/tmp/compression
cmp_run "$OUT"
check "both lines built, traffic sent and captured, frames decoded" [ $? = 0 ]
sed 's/^/# /' "$OUT/table.txt" 2>/dev/null

# val SETUP CASE FIELD: 3 packets, 4 packet-hops, 5 frames, 6 bytes,
# 7 payload, 8 overhead per packet-hop, 9 frames per packet, 10 delivered
val() {
	awk -F'\t' -v s="$1" -v c="$2" -v f="$3" '$1 == s && $2 == c {print $f}' \
		"$OUT/summary.tsv" 2>/dev/null
}
# le A B: A <= B for decimals
le() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a != "" && b != "" && a + 0 <= b + 0)}'; }
floor() { cmp_cases | awk -F'\t' -v c="$1" '$1 == c {print $4}'; }

want="10 5 5 3"
check_eq "mainline: every echo answered, every datagram arrived" "$want" \
	"$(val mainline echo-ll-eui 10) $(val mainline udp64-1h 10) $(val mainline udp64-3h 10) $(val mainline udp1280-3h 10)"
check_eq "module: every echo answered, every datagram arrived" "10 $want" \
	"$(val module echo-ll 10) $(val module echo-ll-eui 10) $(val module udp64-1h 10) $(val module udp64-3h 10) $(val module udp1280-3h 10)"

# The monitor heard every hop of every measured packet.
hops_ok() {	# SETUP
	[ "$(val "$1" udp64-1h 4)" = "$CMP_N" ] &&
	[ "$(val "$1" udp64-3h 4)" = $((3 * CMP_N)) ] &&
	[ "$(val "$1" udp1280-3h 4)" = $((3 * CMP_NBIG)) ]
}
check "mainline capture: every packet seen on every hop" hops_ok mainline
check "module capture: every packet seen on every hop" hops_ok module

bad=0
for s in mainline module; do
	n=$(tshark -r "$OUT/$s.pcap" -o "6lowpan.context0:$CMP_PFX::/64" \
		-Y '_ws.malformed || _ws.expert.severity >= "error"' 2>/dev/null | wc -l)
	bad=$((bad + n))
done
check_eq "tshark finds no malformed frame in either capture" 0 "$bad"

# A frame to a direct neighbour carries no mesh header (plain RFC 4944).
mesh_nb=$(awk -F'\t' '$1 == "module" && $3 == "udp64-1h" && $7 != 0' \
	"$OUT/frames.tsv" 2>/dev/null | wc -l)
check_eq "module: no mesh or BC0 header on frames to a direct neighbour" 0 "$mesh_nb"

m3=$(val mainline udp64-3h 8)
o3=$(val module udp64-3h 8)
tap_note "64-byte UDP 3 hops: mainline $m3, module $o3 bytes per packet and hop, floor $(floor udp64-3h)"
check "64-byte UDP 3 hops: module overhead at most half of mainline's" \
	le "$(awk -v o="$o3" 'BEGIN {if (o != "") print 2 * o}')" "$m3"
check "64-byte UDP 3 hops: module overhead within 2 bytes of the floor" \
	le "$o3" "$(( $(floor udp64-3h) + 2 ))"

ml=$(val mainline echo-ll-eui 8)
ol=$(val module echo-ll 8)
tap_note "link-local echo: mainline $ml, module $ol bytes per packet"
check "link-local echo to a neighbour: module overhead <= mainline" le "$ol" "$ml"
# The same between the kernel's own link-local addresses (EUI-64 interface
# ids): the module sends those from and to the extended addresses.
oe=$(val module echo-ll-eui 8)
tap_note "link-local echo, EUI-64 addresses: mainline $ml, module $oe bytes per packet"
check "link-local echo, kernel-default EUI-64 addresses: module overhead <= mainline" \
	le "$oe" "$ml"

mf=$(val mainline udp1280-3h 9)
of=$(val module udp1280-3h 9)
tap_note "1280-byte datagram 3 hops: mainline $mf, module $of frames per packet"
check "1280-byte datagram 3 hops: module needs no more frames than mainline" \
	le "$of" "$mf"

check "no WARNING, BUG or leak report in dmesg" dmesg_clean

tap_done
