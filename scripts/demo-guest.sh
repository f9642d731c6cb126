#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo-guest.sh - the demo itself; runs inside the VM (scripts/demo).
source "$(dirname "$0")/../selftests/lib.sh"
trap _run_cleanups EXIT

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { echo "\$ $*"; "$@"; }

say "four virtual radios on a line: A - B - C - D (only neighbours hear each other)"
fail() { echo "demo: $* failed" >&2; exit 1; }
lm_load || fail "loading the module"
hwsim_radios 4 || fail "creating the radios"
radio_link 0 1 && radio_link 1 2 && radio_link 2 3 || fail "linking the radios"
mesh_node A 0 0x000a && mesh_node B 1 0x000b && mesh_node C 2 0x000c &&
	mesh_node D 3 0x000d || fail "creating the mesh nodes"
for n in A B C D; do wait_lladdr $n mesh0; done
run nsx A "$IOTCTL" dev show

say "static routes: A and D reach each other through B and C"
run nsx A "$IOTCTL" route add 0x000d via 0x000b dev mesh0
run nsx B "$IOTCTL" route add 0x000d via 0x000c dev mesh0
run nsx C "$IOTCTL" route add 0x000a via 0x000b dev mesh0
run nsx D "$IOTCTL" route add 0x000a via 0x000c dev mesh0
run nsx A "$IOTCTL" route show

TMP=$(mktemp -d)
defer "rm -rf $TMP"
capture_start B "$(wpan_of B)" "$TMP/demo.pcap" || fail "starting the capture at B"
cap=$CAPTURE_PID

say "ping A -> D across three hops (neighbour discovery is flooded with BC0)"
run nsx A ping -6 -c 3 "$(lladdr D mesh0)%mesh0"
say "1280-byte pings: fragments forwarded one by one, reassembled only at D"
nsx A ip -6 addr add 2001:db8::a/64 dev mesh0 nodad
nsx D ip -6 addr add 2001:db8::d/64 dev mesh0 nodad
run nsx A ping -6 -c 2 -s 1232 2001:db8::d

say "relay B forwarded, never decompressed (its IPv6 stack saw none of it)"
run nsx B "$IOTCTL" stats mesh0 | grep -E 'fwd_|rx_packets|reasm_ok|bc0_'
say "the neighbours A has heard, with link quality"
run nsx A "$IOTCTL" neigh show
sleep 1; capture_stop "$cap"
say "what tshark decodes at B: mesh headers (hops left, originator, final)"
tshark -r "$TMP/demo.pcap" -Y '6lowpan.mesh.hops && icmpv6.type == 128' \
	-T fields -e wpan.src16 -e wpan.dst16 -e 6lowpan.mesh.hops \
	-e 6lowpan.mesh.orig16 -e 6lowpan.mesh.dest16 -E header=y 2>/dev/null | head -8
say "the same packet before and after contexts arrive"
# Addresses whose interface ids follow from the short addresses
# (RFC 6282: 0000:00ff:fe00:XXXX), so only the prefix is left to elide.
nsx A ip -6 addr add 2001:db8::ff:fe00:a/64 dev mesh0 nodad
nsx D ip -6 addr add 2001:db8::ff:fe00:d/64 dev mesh0 nodad
hdr_to_b() {	# 6LoWPAN header bytes and packets A sent through B
	nsx A "$IOTCTL" -j neigh show dev mesh0 |
		jq -r '.[] | select(.short_addr == "0x000b") | "\(.hdr_out) \(.tx_packets)"'
}
echo_once() {	# one echo request A -> D, then A's header bytes for it
	local h0 p0 h1 p1
	read -r h0 p0 < <(hdr_to_b)
	nsx A ping -6 -q -c 1 -W 5 -s 16 -p "$1" 2001:db8::ff:fe00:d >/dev/null ||
		echo "(no answer)"
	read -r h1 p1 < <(hdr_to_b)
	echo "6LoWPAN header bytes per packet A -> B: $(( (h1 - h0) / (p1 - p0 ? p1 - p0 : 1) ))"
}
nsx A ping -6 -q -c 1 -W 5 2001:db8::ff:fe00:d >/dev/null	# ND first
capture_start B "$(wpan_of B)" "$TMP/demo-ctx.pcap" || fail "starting the capture at B"
cap2=$CAPTURE_PID
echo "before: no context; one echo request A -> 2001:db8::ff:fe00:d (payload pattern 0xbe)"
echo_once be
say "D becomes the context authority: it assigns context 0 to its prefix and floods it"
run nsx D "$IOTCTL" ctx authority auto dev mesh0
for _ in $(seq 60); do
	nsx A "$IOTCTL" -j ctx show dev mesh0 | jq -e '.[] | select(.origin == "mesh")' \
		>/dev/null 2>&1 && break
	sleep 0.5
done
run nsx A "$IOTCTL" ctx show dev mesh0
echo "(A compresses with it once it has held it ctx_hold_ms, 5 s by default)"
sleep 6
echo "after: the same echo request (payload pattern 0xaf)"
echo_once af
sleep 1; capture_stop "$cap2"
say "both frames A sent, as tshark decodes them with context 0 as a preference"
echo "(sac/dac: 0 = address inline, 1 = context-based; frame length in bytes on air)"
tshark -r "$TMP/demo-ctx.pcap" -o '6lowpan.context0:2001:db8::/64' \
	-Y 'icmpv6.type == 128 && wpan.src16 == 0x000a' -T fields \
	-e frame.len -e 6lowpan.iphc.sac -e 6lowpan.iphc.dac -e ipv6.src -e ipv6.dst -E header=y 2>/dev/null
say "done"
