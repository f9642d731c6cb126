#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ctx_tshark.sh - what the mesh sends with IPHC contexts, checked by an
# independent decoder. A line A - B - C - D (mesh-under, short addresses),
# contexts 0 = 2001:db8:1::/64 and 1 = 2001:db8:2::/64 on every node,
# global addresses from both. A fifth radio hears every node (monitor +
# dumpcap), and A and D record the IPv6 packets on their mesh0 (what was
# sent, before compression). A pings D and sends UDP datagrams of a few
# sizes (one fragments) across both contexts. tshark, given the two
# contexts as preferences, decodes every frame on air without errors,
# reassembles the fragments, and the IPv6 packets it decodes (addresses,
# echo id/seq, ports, payload, checksums) are exactly the packets sent.
# Without the preferences it recovers none of them: the addresses really
# travel compressed against the contexts.
source "$(dirname "$0")/lib.sh"
require_root_vm
command -v tshark >/dev/null || skip_all "needs tshark"
command -v socat >/dev/null || skip_all "needs socat"

tap_plan 18
lm_load
hwsim_radios 5 || skip_all "cannot create hwsim radios"
# Line 0 - 1 - 2 - 3; radio 4 hears all four.
radio_link 0 1 && radio_link 1 2 && radio_link 2 3 &&
	for r in 0 1 2 3; do wpan-hwsim edge add $r 4 >/dev/null || exit 1; done &&
	mesh_node A 0 0x000a && mesh_node B 1 0x000b &&
	mesh_node C 2 0x000c && mesh_node D 3 0x000d
check "four nodes on a line and a monitor radio" [ $? = 0 ]

monitor_node M 4
check "monitor interface on the fifth radio" [ $? = 0 ]

route() { nsx "$1" "$IOTCTL" route add "$2" via "$3" dev mesh0; }
route A 0x000c 0x000b && route A 0x000d 0x000b &&
	route B 0x000d 0x000c && route C 0x000a 0x000b &&
	route D 0x000a 0x000c && route D 0x000b 0x000c &&
	for n in A B C D; do
		nsx $n "$IOTCTL" ctx add 0 2001:db8:1::/64 dev mesh0 &&
		nsx $n "$IOTCTL" ctx add 1 2001:db8:2::/64 dev mesh0 || exit 1
	done
check "routes and contexts 0 and 1 on every node" [ $? = 0 ]
for n in A B C D; do
	wait_lladdr $n mesh0
	nsx $n ip -6 addr add 2001:db8:1::${n,,}/64 dev mesh0 nodad
	nsx $n ip -6 addr add 2001:db8:2::${n,,}/64 dev mesh0 nodad
done

TMP=$(mktemp -d)
defer "rm -rf $TMP"
PORT=61616
CAP_PIDS=()
for c in "M mon0 mon" "A mesh0 a" "D mesh0 d"; do
	read -r ns dev f <<<"$c"
	capture_start "$ns" "$dev" "$TMP/$f.pcap"
	CAP_PIDS+=("$CAPTURE_PID")
done

# --- traffic ---------------------------------------------------------------
ping_from() {	# SRC DST SIZE
	nsx A ping -6 -q -c 3 -i 0.5 -W 10 -s "$3" -I "$1" "$2" >/dev/null
}
# udp SRC DST SIZE: one datagram A -> D; D receives the same bytes.
udp() {
	local rpid
	head -c "$3" /dev/urandom >"$TMP/u.$3"
	nsx D timeout 60 socat -u UDP6-RECVFROM:$PORT,bind=["$2"] \
		CREATE:"$TMP/r.$3" &
	rpid=$!
	# Under emulation socat takes a while to bind: wait until it has.
	for _ in $(seq 100); do
		nsx D ss -Hlun "sport = :$PORT" | grep -q . && break
		sleep 0.2
	done
	nsx A socat -u OPEN:"$TMP/u.$3" \
		UDP6-SENDTO:["$2"]:$PORT,bind=["$1"] || return 1
	wait $rpid || return 1
	cmp -s "$TMP/u.$3" "$TMP/r.$3"
}
nsx A ping -6 -q -c 1 -W 20 2001:db8:1::d >/dev/null	# ND out of the way
nsx A ping -6 -q -c 1 -W 20 2001:db8:2::d >/dev/null
# Other traffic from here on is ND and MLD; the monitor's capture must
# hold exactly the echo and UDP packets A and D recorded.
sleep 2
check "ping A -> D, 3 hops, context 0 both ends" \
	ping_from 2001:db8:1::a 2001:db8:1::d 56
check "ping A -> D, 3 hops, context 1 both ends" \
	ping_from 2001:db8:2::a 2001:db8:2::d 56
check "ping A -> D, 3 hops, contexts 0 -> 1, 600 bytes (fragmented)" \
	ping_from 2001:db8:1::a 2001:db8:2::d 600
check "UDP A -> D, 12 bytes, context 1 -> 0, received intact" \
	udp 2001:db8:2::a 2001:db8:1::d 12
check "UDP A -> D, 40 bytes, context 0 -> 1, received intact" \
	udp 2001:db8:1::a 2001:db8:2::d 40
check "UDP A -> D, 1000 bytes (fragmented), context 1 -> 1, received intact" \
	udp 2001:db8:2::a 2001:db8:2::d 1000
sleep 2
for p in "${CAP_PIDS[@]}"; do capture_stop "$p"; done

# --- what tshark makes of it -------------------------------------------------
PREFS=(-o 6lowpan.context0:2001:db8:1::/64 -o 6lowpan.context1:2001:db8:2::/64
       -o udp.check_checksum:TRUE)
OURS="icmpv6.type == 128 || icmpv6.type == 129 || udp.dstport == $PORT"
# One line per IPv6 packet: addresses, length, echo id and sequence, UDP
# ports, sha256 of the payload; checksum status last when $2 is "ck".
packets() {	# PCAP [ck] [tshark options...]
	local f=$1 ck=$2 src dst plen id seq sp dp data cs
	shift 2
	tshark -r "$f" "$@" -Y "$OURS" -T fields -E separator=';' \
		-e ipv6.src -e ipv6.dst -e ipv6.plen -e icmpv6.echo.identifier \
		-e icmpv6.echo.sequence_number -e udp.srcport -e udp.dstport \
		-e data.data -e icmpv6.checksum.status -e udp.checksum.status \
		2>/dev/null |
	while IFS=';' read -r src dst plen id seq sp dp data cs us; do
		data=$(printf %s "$data" | sha256sum | cut -c1-16)
		if [ "$ck" = ck ]; then
			echo "$src $dst $plen ${id:--} ${seq:--} ${sp:--} ${dp:--} $data ${cs}${us}"
		else
			echo "$src $dst $plen ${id:--} ${seq:--} ${sp:--} ${dp:--} $data"
		fi
	done
}
{ packets "$TMP/a.pcap" -; packets "$TMP/d.pcap" -; } | sort -u >"$TMP/sent"
packets "$TMP/mon.pcap" ck "${PREFS[@]}" | sort -u >"$TMP/air.ck"
sed 's/ [^ ]*$//' "$TMP/air.ck" | sort -u >"$TMP/air"
tap_note "distinct IPv6 packets sent (A's and D's mesh0): $(wc -l <"$TMP/sent"), decoded on air: $(wc -l <"$TMP/air")"
# 18 echo packets and 3 datagrams, and what the first two pings (ND out
# of the way) left in the captures.
check_ge "A and D recorded the 18 echo packets and 3 datagrams" 21 \
	"$(wc -l <"$TMP/sent")"
if diff "$TMP/sent" "$TMP/air" >"$TMP/diff"; then
	tap_ok "tshark with the contexts: the IPv6 packets on air are exactly those sent (addresses, id/seq, ports, payload)"
else
	tap_fail "tshark with the contexts: the IPv6 packets on air are exactly those sent" \
		"diff sent air:"
	sed 's/^/#   /' "$TMP/diff" | head -n 20
fi
check_eq "  and every one's ICMPv6/UDP checksum is good (over the decompressed addresses)" \
	"" "$(awk '$NF != 1' "$TMP/air.ck" | head -n 3)"

T=(tshark -r "$TMP/mon.pcap" "${PREFS[@]}")
nwpan=$("${T[@]}" -Y 'wpan.frame_type == 1' 2>/dev/null | wc -l)
nlow=$("${T[@]}" -Y 'wpan.frame_type == 1 && 6lowpan' 2>/dev/null | wc -l)
tap_note "802.15.4 data frames on air: $nwpan, with 6LoWPAN: $nlow"
check_eq "tshark: not one malformed frame or error in $nwpan frames" 0 \
	"$("${T[@]}" -Y '_ws.malformed || _ws.expert.severity >= "error"' 2>/dev/null | wc -l)"
# 600-byte echo requests and replies and the 1000-byte datagram, each
# reassembled on each of its 3 hops.
nreasm=$("${T[@]}" -Y "6lowpan.fragment.count && ($OURS)" 2>/dev/null | wc -l)
check_ge "tshark reassembled the fragmented packets on each hop" 21 "$nreasm"
# Unfragmented packets only: tshark shows the IPHC fields in a fragmented
# packet's first frame and its ICMPv6/UDP in the last. A context id tshark
# leaves out (no CID extension) is 0.
ctxs=$("${T[@]}" -Y "($OURS) && 6lowpan.iphc.sac == 1 && 6lowpan.iphc.dac == 1" \
	-T fields -E separator=, -e 6lowpan.iphc.sci -e 6lowpan.iphc.dci \
	2>/dev/null | sed 's/^,/0x00,/; s/,$/,0x00/' | sort -u | tr '\n' ' ')
check_eq "addresses compressed against contexts in every combination sent (sci/dci)" \
	"0x00,0x00 0x00,0x01 0x01,0x00 0x01,0x01 " "$ctxs"

# Without the preferences: the same frames, but tshark cannot restore the
# prefixes, so not one packet comes out as it was sent.
packets "$TMP/mon.pcap" ck -o udp.check_checksum:TRUE | sort -u >"$TMP/blind.ck"
sed 's/ [^ ]*$//' "$TMP/blind.ck" | sort -u >"$TMP/blind"
tap_note "without the contexts tshark decodes e.g.: $(head -n 1 "$TMP/blind")"
check_eq "without the context preferences tshark recovers none of the sent packets" \
	0 "$(comm -12 "$TMP/sent" "$TMP/blind" | wc -l)"
check_eq "  nor any 2001:db8:1::/64 or 2001:db8:2::/64 address" 0 \
	"$(tshark -r "$TMP/mon.pcap" -Y 'ipv6.addr == 2001:db8:1::/64 || ipv6.addr == 2001:db8:2::/64' 2>/dev/null | wc -l)"

check "no WARNING, BUG or Oops in the kernel log" dmesg_clean

tap_done
