#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# routing_lossy.sh - dynamic routing on lossy and low-LQI links (issue 12).
# A and D with two 2-hop paths, no direct link:
#
#        B
#      /   \
#     A     D
#      \   /
#        C
#
# Routing on with default timers, no "route add". Shows:
# - tc netem on a wpan device is a per-radio loss model: 30% loss on the
#   relay A's route to D uses makes A see that relay's hellos lost (hello
#   loss between 5% and 75%), and A's route to D moves to the clean relay
#   (the time it took is printed; a generous bound is asserted);
# - with equal losses (netem gone), the path with the higher LQI (set per
#   hwsim edge with wpan-hwsim edge lqi) wins when routing starts, both
#   ways round;
# - tshark decodes the hellos, address lists and advertisements captured
#   on A's wpan device without one malformed frame or error, and what it
#   shows them as is printed;
# - dmesg stays clean.
#
# Per-radio loss hits every link of that radio: netem on both ends of a
# direct link A - D also hits a detour A - B - D at both of its ends, and
# by ETX the direct link stays the better one (2.04 transmissions against
# 2.86 at 30%), so the loss sits on a relay here (docs/routing.md).
source "$(dirname "$0")/lib.sh"
require_root_vm
command -v tc >/dev/null || skip_all "needs tc"
command -v tshark >/dev/null || skip_all "needs tshark"

LOSS_MAX=${LOSS_MAX:-240}	# seconds: bound for the move off the lossy relay
LQI_MAX=${LQI_MAX:-60}	# seconds: bound for a first route after a restart
LOW_LQI=100

tap_plan 10
lm_load
hwsim_radios 4 || skip_all "cannot create hwsim radios"
radio_link 0 1 && radio_link 1 3 && radio_link 0 2 && radio_link 2 3 &&
	mesh_node A 0 0x000a && mesh_node B 1 0x000b &&
	mesh_node C 2 0x000c && mesh_node D 3 0x000d
check "A and D with two 2-hop paths, via B and via C" [ $? = 0 ]

TMP=$(mktemp -d)
defer "rm -rf $TMP"
capture_start A "$(wpan_of A)" "$TMP/a.pcap"
cap=$CAPTURE_PID

for n in A B C D; do
	nsx $n "$IOTCTL" dev set mesh0 routing on || exit 1
done
t0=$(date +%s.%N)

# The next hop of A's learned route to D, or nothing.
via() {
	nsx A "$IOTCTL" -j route show dev mesh0 |
		jq -r '.[] | select(.dst == "0x000d" and .origin == "mesh") | .nexthop'
}
since() { awk -v a="$(date +%s.%N)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }
# wait_via NEXTHOP MAX START: A's route to D goes through NEXTHOP within
# MAX seconds; prints the seconds since START it took.
wait_via() {
	local i
	for ((i = 0; i < $2 * 2; i++)); do
		if [ "$(via)" = "$1" ]; then
			since "$3"
			return 0
		fi
		sleep 0.5
	done
	return 1
}
# lqi_path RELAY LQI: both edges of the path through radio RELAY, both
# directions, get that LQI.
lqi_path() {
	local e
	for e in "0 $1" "$1 0" "3 $1" "$1 3"; do
		# shellcheck disable=SC2086
		wpan-hwsim edge lqi $e "$2" >/dev/null || return 1
	done
}

# --- convergence -------------------------------------------------------------
for ((i = 0; i < 120; i++)); do
	r1=$(via)
	[ -n "$r1" ] && break
	sleep 0.5
done
tap_note "A has a route to D via ${r1:-nothing} after $(since "$t0") s"
check "A learned a route to D through B or C" \
	grep -qx -e 0x000b -e 0x000c <<<"$r1"
# Advertisements keep coming for a while after the first route: let the
# capture hold a few of each kind.
sleep 6
capture_stop "$cap"

# --- 30% loss on the relay in use ------------------------------------------
# radio and namespace of each relay
declare -A RADIO=([0x000b]=1 [0x000c]=2) NS=([0x000b]=B [0x000c]=C)
if [ "$r1" = 0x000b ]; then r2=0x000c; else r2=0x000b; fi
[ -n "$r1" ] || r1=0x000b
lossy=${NS[$r1]}
w=$(wpan_of "$lossy")
t1=$(date +%s.%N)
check "tc qdisc add dev $w root netem loss 30% (relay $lossy)" \
	nsx "$lossy" tc qdisc add dev "$w" root netem loss 30%
moved=$(wait_via "$r2" "$LOSS_MAX" "$t1")
neigh=$(nsx A "$IOTCTL" -j neigh show dev mesh0)
tap_note "A's route to D moved off the lossy relay $lossy ${moved:-not} in $LOSS_MAX s: $moved s after netem went on"
tap_note "A's neighbours: $(jq -c '[.[] | {short_addr, lqi, cost, cost_in, cost_out, hello_loss}]' <<<"$neigh")"
check "A's route to D moved to the clean relay $r2 (within $LOSS_MAX s)" \
	[ -n "$moved" ]
# Hello loss A sees from the lossy relay, sampled 10 times (one sample
# can come from a fresh entry: a neighbour that missed too many hellos in
# a row is forgotten and heard anew).
losses=
for ((i = 0; i < 10; i++)); do
	losses="$losses $(nsx A "$IOTCTL" -j neigh show dev mesh0 |
		jq -r --arg a "$r1" '.[] | select(.short_addr == $a) | .hello_loss')"
	sleep 0.5
done
tap_note "hello loss (%) A sees from $lossy, 10 samples:$losses (netem: 30%)"
check "netem is a loss model: A sees 5..75% of $lossy's hellos lost" \
	sh -c "echo '$losses' | tr ' ' '\n' | awk '\$1 >= 5 && \$1 <= 75 { f = 1 } END { exit !f }'"
nsx "$lossy" tc -s qdisc show dev "$w" | sed -n 's/^ *Sent/# netem on '"$w"': Sent/p'
nsx "$lossy" tc qdisc del dev "$w" root

# --- equal losses, different LQI -----------------------------------------------
# No loss anywhere now. Routing starts over on every node (off, then on)
# with a low LQI on one path: the other one wins, then the other way
# round. (A change of LQI on links already up lands only after 16 hellos
# on the same side of the cost in use: docs/routing.md.)
# restart_with LOW HIGH: LQI LOW on the path via relay LOW, 255 via HIGH,
# routing off and on again everywhere; prints the seconds to A's first
# route to D, and that route's next hop.
restart_with() {
	local n i r t ts
	lqi_path "${RADIO[$1]}" $LOW_LQI && lqi_path "${RADIO[$2]}" 255 || return 1
	for n in A B C D; do nsx $n "$IOTCTL" dev set mesh0 routing off; done
	ts=$(date +%s.%N)
	for n in A B C D; do nsx $n "$IOTCTL" dev set mesh0 routing on; done
	for ((i = 0; i < LQI_MAX * 2; i++)); do
		r=$(via)
		if [ -n "$r" ]; then
			t=$(since "$ts")
			# the first route may come before every link is known
			sleep 5
			echo "$t $(via)"
			return 0
		fi
		sleep 0.5
	done
}
for lo in "$r2" "$r1"; do
	if [ "$lo" = "$r1" ]; then hi=$r2; else hi=$r1; fi
	read -r t r <<<"$(restart_with "$lo" "$hi")"
	tap_note "LQI $LOW_LQI on the path via ${NS[$lo]}, 255 via ${NS[$hi]}: A's route to D via ${r:-nothing} (first route after ${t:-never} s); routes: $(nsx A "$IOTCTL" -j route show dev mesh0 | jq -c '[.[] | {dst, nexthop, metric}]')"
	check_eq "LQI 255 against $LOW_LQI, equal losses: A's route to D via ${NS[$hi]}" \
		"$hi" "$r"
done

# --- tshark -----------------------------------------------------------------------
# Routing frames: 802.15.4 data frames to the broadcast address, short
# addresses (PAN ID compressed: a 9-byte MAC header), payload dispatch
# 0x3c (NALP) then the type: 3 hello, 4 address list, 5 advertisement.
T=(tshark -r "$TMP/a.pcap")
"${T[@]}" -Y 'wpan.dst16 == 0xffff && frame[9:1] == 3c' -T fields \
	-e data.data -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info \
	2>/dev/null >"$TMP/ctl"
count() {	# TYPE: frames of that type (data: 3c TYPE ...)
	awk -F'\t' -v t="3c$1" '{ gsub(":", "", $1) } substr($1, 1, 4) == t' \
		"$TMP/ctl" | wc -l
}
nh=$(count 03)
nd=$(count 04)
na=$(count 05)
tap_note "captured on A's $(wpan_of A): hellos $nh, address lists $nd, advertisements $na"
tap_note "tshark shows them as: $(cut -f2- "$TMP/ctl" | sed 's/Src: [^\t]*//' |
	sort | uniq -c | sort -rn | head -n 3 | tr '\t\n' '  ')"
check "the capture holds hellos, address lists and advertisements" \
	test "$nh" -ge 3 -a "$nd" -ge 1 -a "$na" -ge 1
check_eq "tshark: not one malformed frame or error" 0 \
	"$("${T[@]}" -Y '_ws.malformed || _ws.expert.severity >= "error"' 2>/dev/null | wc -l)"

check "dmesg clean" dmesg_clean
tap_done
