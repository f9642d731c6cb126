#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# relay_hdr.sh - relays whose MAC header is longer than the originator's
# (issue 14, defect 3).
#
# A relay sends a mesh frame on under a MAC header of its own. On the line
# A(0x000a) - B(0x000b) - C - D, where C and D have no short address, A
# sends to B with short addresses on both ends (9 bytes of MAC header), B
# to C with a short source and an extended destination (15), C to D with
# extended addresses on both ends (21). A frame A filled up for its own
# header would not fit C's: the originator of a packet to an extended
# address (and of a flood) leaves room for the longest header a relay may
# need. 1280-byte pings both ways and a run of sizes lose nothing, and no
# relay counts fwd_drop_xmit. (Between short addresses the originator
# leaves no room: selftests/compression.sh counts those frames.)
source "$(dirname "$0")/lib.sh"
require_root_vm

tap_plan 8

lm_load || skip_all "cannot load the module"
hwsim_radios 4 || skip_all "cannot create hwsim radios"
radio_link 0 1 && radio_link 1 2 && radio_link 2 3
mesh_node A 0 0x000a && mesh_node B 1 0x000b && mesh_node C 2 && mesh_node D 3
check "line A(0x000a) - B(0x000b) - C - D (no short addresses)" [ $? = 0 ]

EC=$(wpan_ext C) ED=$(wpan_ext D)
route() { nsx "$1" "$IOTCTL" route add "$2" via "$3" dev mesh0; }
route A "$ED" 0x000b && route A "$EC" 0x000b &&
	route B "$ED" "$EC" &&
	route C 0x000a 0x000b &&
	route D 0x000a "$EC" && route D 0x000b "$EC"
check "static routes by short and extended address" [ $? = 0 ]

for n in A B C D; do
	wait_lladdr $n mesh0
	nsx $n ip -6 addr add 2001:db8::${n,,}/64 dev mesh0 nodad
done

check "ping A -> D (3 hops)" ping6_ok A 2001:db8::d
check_eq "20 pings A -> D of 1280 bytes: none lost" 0 "$(ping_lost A 2001:db8::d 1232)"
check_eq "20 pings D -> A of 1280 bytes: none lost" 0 "$(ping_lost D 2001:db8::a 1232)"
# sizes around one full frame and one full fragment, where the MAC header
# makes the difference
lost=0
for s in 40 50 56 60 64 70 80 90 100 120 150 200 400 800; do
	lost=$((lost + $(ping_lost A 2001:db8::d $s)))
done
check_eq "20 pings A -> D of each of 14 sizes (40..800): none lost" 0 "$lost"
check_eq "no relay dropped a frame that did not fit (fwd_drop_xmit of B and C)" \
	"0 0" "$(lm_count B fwd_drop_xmit) $(lm_count C fwd_drop_xmit)"
check "no WARNING, BUG or Oops in dmesg" dmesg_clean
tap_done
