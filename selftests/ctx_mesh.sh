#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IPHC contexts on a line A - B - C, configured with iotctl: the same
# packet costs fewer 6LoWPAN header bytes once the context is there (the
# per-neighbour statistics show it), an unknown context id in a received
# frame is a counted drop and never a misdelivery, a context with a
# lifetime expires, and bad input is refused with a clear error.
source "$(dirname "$0")/lib.sh"
require_root_vm
command -v jq >/dev/null || skip_all "needs jq"

tap_plan 17
lm_load ctx_hold_ms=1000
hwsim_radios 3 || skip_all "cannot create hwsim radios"
radio_link 0 1 && radio_link 1 2
mesh_node A 0 0x000a && mesh_node B 1 0x000b && mesh_node C 2 0x000c
check "three nodes on a line" [ $? = 0 ]
nsx A "$IOTCTL" route add 0x000c via 0x000b dev mesh0
nsx C "$IOTCTL" route add 0x000a via 0x000b dev mesh0
for n in A B C; do
	wait_lladdr $n mesh0
	nsx $n ip -6 addr add 2001:db8:1::${n,,}/64 dev mesh0 nodad
done

# 6LoWPAN header bytes C sent towards its first hop B, and packets.
neigh_b() {	# NS FIELD
	nsx "$1" "$IOTCTL" -j neigh show dev mesh0 |
		jq -r --arg f "$2" '.[] | select(.short_addr == "0x000b") | .[$f] // 0'
}
ping1() { nsx C ping -6 -q -c 1 -W 5 -s 16 2001:db8:1::a >/dev/null; }

# Header bytes per packet C sent to B over a few echo requests (ND may
# add a probe now and then: the average is per packet either way).
per_packet() {
	local o p
	o=$(neigh_b C hdr_out)
	p=$(neigh_b C tx_packets)
	ping1; ping1; ping1
	echo $(( ($(neigh_b C hdr_out) - o) / ($(neigh_b C tx_packets) - p) ))
}
ping1	# neighbour discovery out of the way
p0=$(neigh_b C tx_packets)
ping1
check_ge "C's packets through neighbour B are counted" $((p0 + 1)) \
	"$(neigh_b C tx_packets)"
before=$(per_packet)
tap_note "6LoWPAN header bytes per packet without a context: $before"

for n in A B C; do
	nsx $n "$IOTCTL" ctx add 0 2001:db8:1::/64 dev mesh0
done
check_eq "iotctl ctx show lists the configured context" "2001:db8:1::/64 configured" \
	"$(nsx C "$IOTCTL" -j ctx show dev mesh0 | jq -r '.[0] | "\(.prefix) \(.origin)"')"

after=$(per_packet)
tap_note "the same packets with context 0: $after"
check "the same packet takes fewer header bytes with the context" \
	[ "$after" -lt "$before" ]
check "ping C -> A global, compressed with the context" ping6_ok C 2001:db8:1::a
check_eq "nothing dropped for a context at A" 0 "$(lm_stat A rx_drop_ctx)"

# A context id C does not know: a counted drop, never a misdelivery.
nsx C "$IOTCTL" ctx del 0 dev mesh0
d0=$(lm_stat C rx_drop_ctx)
check_fail "A -> C fails while C lacks the context" \
	nsx A ping -6 -q -c 2 -W 2 2001:db8:1::c
check_ge "C dropped and counted frames with an unknown context id" \
	$((d0 + 1)) "$(lm_stat C rx_drop_ctx)"
nsx C "$IOTCTL" ctx add 0 2001:db8:1::/64 dev mesh0
check "with the context back, A -> C works" ping6_ok A 2001:db8:1::c

# Lifetimes.
nsx B "$IOTCTL" ctx add 5 2001:db8:5::/64 dev mesh0 lifetime 2
check_eq "B has context 5" 1 \
	"$(nsx B "$IOTCTL" -j ctx show dev mesh0 | jq '[.[] | select(.cid == 5)] | length')"
sleep 4
check_eq "context 5 is gone after its 2 s lifetime" 0 \
	"$(nsx B "$IOTCTL" -j ctx show dev mesh0 | jq '[.[] | select(.cid == 5)] | length')"

# Bad input: a clear error, non-zero exit.
check_fail "a prefix with bits past its length is refused" \
	nsx B "$IOTCTL" ctx add 3 2001:db8::1/64 dev mesh0

# The mesh's context authority: A assigns a context to its prefix and
# floods the table; B and C drop theirs and adopt A's.
for n in B C; do nsx $n "$IOTCTL" ctx del 0 dev mesh0; done
nsx A "$IOTCTL" ctx del 0 dev mesh0
nsx A "$IOTCTL" ctx authority auto dev mesh0
learned() {	# NS: origin of context 0
	nsx "$1" "$IOTCTL" -j ctx show dev mesh0 |
		jq -r '.[] | select(.cid == 0) | .origin'
}
for _ in $(seq 40); do
	[ "$(learned C)" = mesh ] && [ "$(learned B)" = mesh ] && break
	sleep 0.5
done
check_eq "A (authority auto) assigned context 0 to its prefix" \
	"2001:db8:1::/64 auto" \
	"$(nsx A "$IOTCTL" -j ctx show dev mesh0 | jq -r '.[] | select(.cid == 0) | "\(.prefix) \(.origin)"')"
check_eq "B and C learned it from the mesh" "mesh mesh" "$(learned B) $(learned C)"
check_eq "C has A's table version" \
	"$(nsx A "$IOTCTL" -j dev show mesh0 | jq -r '.[0].ctx_version')" \
	"$(nsx C "$IOTCTL" -j dev show mesh0 | jq -r '.[0].ctx_version')"
check_ge "C received control frames, relayed by B" 1 "$(lm_stat C ctrl_rx)"
sleep 2	# past ctx_hold_ms
check "ping C -> A global with the learned context" ping6_ok C 2001:db8:1::a

tap_done
