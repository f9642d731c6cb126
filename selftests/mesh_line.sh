#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Mesh-under forwarding on a line A - B - C - D where only neighbours hear
# each other: one IPv6 link across three hops. Pings both ways with
# link-local and global addresses and 1280-byte packets, a 1 MiB TCP
# transfer with the same checksum at both ends, relays that forward without
# ever passing a packet to their IPv6 stack, hops-left exhaustion, a route
# loop that dies out, and tshark decoding the mesh frames.
source "$(dirname "$0")/lib.sh"
require_root_vm

tap_plan 23
lm_load
hwsim_radios 4 || skip_all "cannot create hwsim radios"
radio_link 0 1 && radio_link 1 2 && radio_link 2 3
mesh_node A 0 0x000a && mesh_node B 1 0x000b &&
	mesh_node C 2 0x000c && mesh_node D 3 0x000d
check "four nodes on a line" [ $? = 0 ]

route() { nsx "$1" "$IOTCTL" route add "$2" via "$3" dev mesh0; }
route A 0x000c 0x000b && route A 0x000d 0x000b &&
	route B 0x000d 0x000c &&
	route C 0x000a 0x000b &&
	route D 0x000a 0x000c && route D 0x000b 0x000c
check "static routes configured with iotctl" [ $? = 0 ]

for n in A B C D; do
	wait_lladdr $n mesh0
	nsx $n ip -6 addr add 2001:db8::${n,,}/64 dev mesh0 nodad
done
LA=$(lladdr A mesh0)
LD=$(lladdr D mesh0)

TMP=$(mktemp -d)
defer "rm -rf $TMP"
cap=$TMP/line.pcap
capture_start B "$(wpan_of B)" "$cap"
cap_pid=$CAPTURE_PID

b_rx0=$(nsx B cat /sys/class/net/mesh0/statistics/rx_packets)
c_rx0=$(nsx C cat /sys/class/net/mesh0/statistics/rx_packets)

check "ping A -> D link-local (3 hops)" ping6_ok A "$LD%mesh0"
check "ping D -> A link-local (3 hops)" ping6_ok D "$LA%mesh0"
check "ping A -> D global" ping6_ok A 2001:db8::d
check "ping D -> A global" ping6_ok D 2001:db8::a
check "ping A -> D 1280-byte packets" ping6_ok A 2001:db8::d -s 1232
check "ping D -> A 1280-byte packets" ping6_ok D 2001:db8::a -s 1232

sleep 1
capture_stop $cap_pid
n=$(tshark -r $cap -Y '6lowpan.mesh.hops' 2>/dev/null | wc -l)
check_ge "tshark decodes mesh headers at B" 20 "$n"
bad=$(tshark -r $cap -Y '_ws.malformed || _ws.expert.severity >= "error"' 2>/dev/null | wc -l)
check_eq "no malformed frames at B" 0 "$bad"

dd if=/dev/urandom of=/tmp/blob bs=1k count=1024 2>/dev/null
want=$(sha256sum </tmp/blob | cut -d' ' -f1)
nsx D timeout 300 sh -c 'nc -6 -l -p 5001 -N >/tmp/blob.d' &
lpid=$!
tcp_listen_wait D 5001
nsx A timeout 290 nc -6 -N 2001:db8::d 5001 </tmp/blob
wait $lpid
check_eq "1 MiB TCP A -> D, same sha256" "$want" \
	"$(sha256sum </tmp/blob.d | cut -d' ' -f1)"

check_ge "B forwarded frames" 700 "$(lm_stat B fwd_frames)"
check_ge "C forwarded frames" 700 "$(lm_stat C fwd_frames)"
b_rx1=$(nsx B cat /sys/class/net/mesh0/statistics/rx_packets)
c_rx1=$(nsx C cat /sys/class/net/mesh0/statistics/rx_packets)
# Their own ND and MLD traffic is a handful of packets; the transfer was
# thousands of frames. None of it went up their stacks.
check "B's IPv6 stack saw none of the transfer ($((b_rx1 - b_rx0)) packets)" \
	[ $((b_rx1 - b_rx0)) -lt 40 ]
check "C's IPv6 stack saw none of the transfer ($((c_rx1 - c_rx0)) packets)" \
	[ $((c_rx1 - c_rx0)) -lt 40 ]
check_eq "B reassembled nothing" 0 "$(lm_stat B reasm_ok)"
check_ge "D took mesh frames addressed to it" 700 "$(lm_stat D mesh_delivered)"
check_ge "A sent mesh headers" 700 "$(lm_stat A tx_mesh)"

# What compression saved, as iotctl stats sums it up: the interface totals
# cover every neighbour's line of neigh show (and multicast besides). Here
# the saving may be negative: 1280-byte TCP segments carry a mesh and a
# fragment header in each of their frames, and IPHC saves at most 40 bytes.
t_saved() {
	local txt in out nin nout
	# neighbours first: counters only grow, so theirs stay within the totals
	read -r nin nout < <(nsx A "$IOTCTL" -j neigh show dev mesh0 |
		jq -r '[(map(.hdr_in) | add), (map(.hdr_out) | add)] | join(" ")')
	txt=$(nsx A "$IOTCTL" stats mesh0)
	in=$(awk '$1 == "tx_hdr_in" { print $2 }' <<<"$txt")
	out=$(awk '$1 == "tx_hdr_out" { print $2 }' <<<"$txt")
	echo "$txt" | tail -n 3
	echo "neighbours: hdr_in $nin hdr_out $nout"
	[ "${out:-0}" -gt 0 ] && [ "${in:-0}" -gt 0 ] && [ "$nin" -gt 0 ] &&
		[ "$in" -ge "$nin" ] && [ "$out" -ge "$nout" ] &&
		grep -q "header compression: $in bytes of IPv6/UDP headers sent in $out, saved $((in - out)) bytes" <<<"$txt"
}
check "iotctl stats: A's header bytes before and after compression, and the saving" t_saved

# Hops left: 2 hops of budget do not reach D, three hops away.
nsx A "$IOTCTL" dev set mesh0 hops 2
h0=$(lm_stat C fwd_drop_hops)
check_fail "hops 2: D is out of reach" ping6_ok A 2001:db8::d -c 2
check_ge "C dropped and counted frames with no hops left" $((h0 + 2)) \
	"$(lm_stat C fwd_drop_hops)"
nsx A "$IOTCTL" dev set mesh0 hops 14

# A loop on purpose: B and C send D's frames to each other.
nsx C "$IOTCTL" route add 0x000d via 0x000b dev mesh0
l0=$(( $(lm_stat B fwd_drop_hops) + $(lm_stat C fwd_drop_hops) ))
f0=$(( $(lm_stat B fwd_frames) + $(lm_stat C fwd_frames) ))
nsx A ping -6 -q -c 3 -i 0.3 -W 2 2001:db8::d >/dev/null
sleep 2
l1=$(( $(lm_stat B fwd_drop_hops) + $(lm_stat C fwd_drop_hops) ))
f1=$(( $(lm_stat B fwd_frames) + $(lm_stat C fwd_frames) ))
check_ge "the loop dies out by hops left" $((l0 + 3)) "$l1"
# A few packets (3 pings, a few ND probes), 13 forwards each at most:
# bounded, no storm.
check "the loop forwarded a bounded number of frames ($((f1 - f0)))" \
	[ $((f1 - f0)) -le 150 ]

tap_done
