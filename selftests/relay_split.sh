#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# relay_split.sh - a relay cuts a fragment that its longer MAC header
# leaves no room for (issue 14, defect 3, the case relay_hdr.sh leaves).
#
# On the line A(0x000a) - B(0x000b) - C - D(0x000d), C has no short
# address. A sends to D between short addresses through a short next hop,
# so it fills every frame for its own 9-byte MAC header (short to short:
# the originator leaves no room there, see tx.c lm_tx_relay_growth()).
# B must send on to C by C's extended address, 6 bytes more: a full
# non-first fragment no longer fits. B cuts it at an 8-byte boundary into
# fragments of the same datagram behind the same mesh header (fwd_split)
# instead of dropping it (fwd_drop_xmit). Before the split, every
# 1280-byte ping A -> D was lost. C's capture of what B sends decodes in
# tshark, reassembled, without a malformed frame.
source "$(dirname "$0")/lib.sh"
require_root_vm
for t in tshark dumpcap; do
	command -v $t >/dev/null || skip_all "needs $t"
done

tap_plan 10

lm_load || skip_all "cannot load the module"
dmesg_clean
hwsim_radios 4 || skip_all "cannot create hwsim radios"
radio_link 0 1 && radio_link 1 2 && radio_link 2 3
mesh_node A 0 0x000a && mesh_node B 1 0x000b && mesh_node C 2 &&
	mesh_node D 3 0x000d
check "line A(0x000a) - B(0x000b) - C - D(0x000d), C without a short address" \
	[ $? = 0 ]

EC=$(wpan_ext C)
route() { nsx "$1" "$IOTCTL" route add "$2" via "$3" dev mesh0; }
route A 0x000d 0x000b && route A "$EC" 0x000b &&
	route B 0x000d "$EC" &&
	route C 0x000a 0x000b &&
	route D 0x000a "$EC" && route D 0x000b "$EC"
check "static routes, B -> D through C's extended address" [ $? = 0 ]

for n in A B C D; do
	wait_lladdr $n mesh0
	nsx $n ip -6 addr add 2001:db8::${n,,}/64 dev mesh0 nodad
done
TMP=$(mktemp -d)
defer "rm -rf $TMP"

check "ping A -> D (3 hops)" ping6_ok A 2001:db8::d
capture_start C "$(wpan_of C)" "$TMP/c.pcap"
check_eq "20 pings A -> D of 1280 bytes: none lost" 0 "$(ping_lost A 2001:db8::d 1232)"
check_eq "20 pings D -> A of 1280 bytes: none lost" 0 "$(ping_lost D 2001:db8::a 1232)"
capture_stop "$CAPTURE_PID"
tap_note "B: fwd_frames $(lm_count B fwd_frames), fwd_split $(lm_count B fwd_split), fwd_drop_xmit $(lm_count B fwd_drop_xmit)"
split_ok() { [ "$(lm_count B fwd_split)" -gt 0 ] && [ "$(lm_count B fwd_drop_xmit)" = 0 ]; }
check "B cut fragments (fwd_split > 0) and dropped none (fwd_drop_xmit 0)" split_ok
check_eq "C and D dropped nothing to send on (fwd_drop_xmit)" "0 0" \
	"$(lm_count C fwd_drop_xmit) $(lm_count D fwd_drop_xmit)"
T=(tshark -r "$TMP/c.pcap")
n=$("${T[@]}" -Y 'wpan.src16 == 0x000b && icmpv6.type == 128' 2>/dev/null | wc -l)
tap_note "echo requests B sent to C, reassembled by tshark: $n"
check_ge "tshark reassembles at least the 20 big echo requests from B's frames" 20 "$n"
check_eq "tshark: not one malformed frame or error" 0 \
	"$("${T[@]}" -Y '_ws.malformed || _ws.expert.severity >= "error"' 2>/dev/null | wc -l)"
check "no WARNING, BUG or Oops in dmesg" dmesg_clean
tap_done
