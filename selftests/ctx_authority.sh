#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The context authority on a line A - B - C - D: D holds a global prefix
# context and floods its table; every node shows D's table version within
# one announcement interval, 3-hop pings A -> D take fewer 6LoWPAN header
# bytes with the context and all arrive. Then a renumbering: a second
# prefix gets a context and addresses, ping streams run to the old and the
# new address while the old context's lifetime is cut short and runs out:
# no packet is lost, the old context stops compressing before it expires
# (DRAIN) and is gone from every table afterwards, and no node ever drops
# a frame for an unknown context. iotctl ctx show reports each phase: hold
# right after a context arrives, compress after ctx_hold_ms, drain within
# ctx_hold_ms of its expiry.
source "$(dirname "$0")/lib.sh"
require_root_vm
command -v jq >/dev/null || skip_all "needs jq"

HOLD_MS=10000		# ctx_hold_ms: hold after set, drain before expiry
HOLD=$((HOLD_MS / 1000))
REFRESH=30		# LM_CTX_REFRESH, s: the authority's announcement interval
LIFE=30			# the old context's last lifetime, s
OLD=2001:db8:1		# the prefix being retired (context 0)
NEW=2001:db8:2		# the prefix replacing it (context 1)
NODES="A B C D"

tap_plan 36
dmesg_clean	# from here on
lm_load ctx_hold_ms=$HOLD_MS
hwsim_radios 4 || skip_all "cannot create hwsim radios"
mesh_line4
check "four nodes on a line" [ $? = 0 ]

line4_routes
check "static routes configured with iotctl" [ $? = 0 ]

for n in $NODES; do
	wait_lladdr $n mesh0
	nsx $n ip -6 addr add $OLD::${n,,}/64 dev mesh0 nodad
	# Neighbour entries, once resolved, stay reachable for the whole
	# test: no NUD probe joins the packets whose header bytes are counted.
	nsx $n sysctl -qw net.ipv6.neigh.mesh0.base_reachable_time_ms=3600000
done

# --- helpers ---------------------------------------------------------------

ctx_json() { nsx "$1" "$IOTCTL" -j ctx show dev mesh0; }
# ctx_field NS CID FIELD: a field of context CID, empty when there is none
ctx_field() {
	ctx_json "$1" | jq -r --argjson c "$2" --arg f "$3" \
		'.[] | select(.cid == $c) | .[$f] | tostring'
}
# phases CID: the phase of context CID at A B C D, one line
phases() {
	local n
	for n in $NODES; do echo -n "$(ctx_field $n "$1" phase) "; done |
		sed 's/ $//'
}

# first_phases CID: poll (one announcement interval at most) until every
# node has context CID; each node's phase is taken from the read that
# first showed it there, so within a poll round of its arrival. One line,
# A B C D, "none" for a node that never got it.
first_phases() {
	local t0=$SECONDS n p left=$NODES
	declare -A got
	while [ -n "$left" ] && [ $((SECONDS - t0)) -lt $REFRESH ]; do
		left=
		for n in $NODES; do
			[ -n "${got[$n]:-}" ] && continue
			p=$(ctx_field $n "$1" phase)
			if [ -n "$p" ]; then got[$n]=$p; else left="$left $n"; fi
		done
		[ -n "$left" ] && sleep 0.2
	done
	for n in $NODES; do echo -n "${got[$n]:-none} "; done | sed 's/ $//'
}
# the table version as ctx show prints it (every entry carries it)
version() { ctx_json "$1" | jq -r '.[0].version // "none"'; }

# same_version: poll (one announcement interval at most) until every node
# shows D's version; prints the versions and the seconds it took.
same_version() {
	local t0=$SECONDS want got n
	while :; do
		want=$(version D)
		got=
		for n in $NODES; do got="$got $(version $n)"; done
		[ "$got" = " $want $want $want $want" ] && break
		[ $((SECONDS - t0)) -ge $REFRESH ] && break
		sleep 0.5
	done
	echo "versions$got after $((SECONDS - t0)) s"
	[ "$got" = " $want $want $want $want" ] && [ "$want" != none ]
}

# check_sync NAME: one test point, same_version, with its output as a note
check_sync() {
	local out rc
	out=$(same_version)
	rc=$?
	tap_note "$out"
	check "$1" test "$rc" = 0
}

# lifetimes_within MAX NS...: each NS has context 0 with an expiry, at most
# MAX seconds left
lifetimes_within() {
	local max=$1 n l
	shift
	for n in "$@"; do
		l=$(ctx_field "$n" 0 lifetime)
		[ "$(ctx_field "$n" 0 expires)" = true ] &&
			[ "$l" -ge 1 ] && [ "$l" -le "$max" ] || return 1
	done
}

# hdr NS SHORT: "hdr_out tx_packets" of NS's per-neighbour counters
# towards its neighbour SHORT (packets it originated through it)
hdr() {
	nsx "$1" "$IOTCTL" -j neigh show dev mesh0 |
		jq -r --arg s "$2" '.[] | select(.short_addr == $s) |
			"\(.hdr_out // 0) \(.tx_packets // 0)"'
}

# per_packet NS FIRST_HOP DEST: the 6LoWPAN header bytes of one echo
# request NS sends to DEST through FIRST_HOP. Single pings until one is
# the only packet NS sent through FIRST_HOP in the meantime (ND may send
# one along), so the figure is exact, not an average; 0 when none was.
per_packet() {
	local ns=$1 hop=$2 dst=$3 i o1 p1 o2 p2
	for ((i = 0; i < 6; i++)); do
		read -r o1 p1 < <(hdr "$ns" "$hop")
		nsx "$ns" ping -6 -q -c 1 -W 3 -s 16 "$dst" >/dev/null
		read -r o2 p2 < <(hdr "$ns" "$hop")
		if [ "$((p2 - p1))" = 1 ]; then
			echo $((o2 - o1))
			return
		fi
	done
	echo 0
}

# received FILE: "transmitted received" of a finished ping's output
received() {
	sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1 \2/p' "$1"
}

# --- before any context ----------------------------------------------------

check "ping A -> D global, 3 hops, no context" ping6_ok A $OLD::d
check "ping B -> D global, 2 hops, no context" ping6_ok B $OLD::d
a_plain=$(per_packet A 0x000b $OLD::d)
b_plain=$(per_packet B 0x000c $OLD::d)
tap_note "header bytes per packet without a context: A->D $a_plain, B->D $b_plain"
check_eq "no node has a context yet" "0 0 0 0" \
	"$(for n in $NODES; do ctx_json $n | jq -j 'length'; echo -n ' '; done | sed 's/ $//')"

# --- D, the authority, gets a context for the global prefix ----------------

nsx D "$IOTCTL" ctx authority on dev mesh0 &&
	nsx D "$IOTCTL" ctx add 0 $OLD::/64 dev mesh0
t_set=$SECONDS
# Each node's phase of context 0 as soon as it has it, well within the
# hold (D is the authority: its own context holds too, the others have
# to learn it first).
ph=$(first_phases 0)
tap_note "context 0 at A B C D, each as it arrived (all within $((SECONDS - t_set)) s of D setting it): $ph"
check_eq "D holds context 0 for $OLD::/64" "$OLD::/64 configured" \
	"$(ctx_field D 0 prefix) $(ctx_field D 0 origin)"
check_sync "every node shows D's table version within ${REFRESH}s"
check_eq "A, B and C learned context 0 from the mesh" \
	"$OLD::/64 mesh $OLD::/64 mesh $OLD::/64 mesh" \
	"$(for n in A B C; do echo -n "$(ctx_field $n 0 prefix) $(ctx_field $n 0 origin) "; done | sed 's/ $//')"
check_eq "A, B, C and D show context 0 in phase hold right after it arrived" \
	"hold hold hold hold" "$ph"

sleep $((HOLD + 2))	# past the hold on every node
check_eq "... and in phase compress after ctx_hold_ms" \
	"compress compress compress compress" "$(phases 0)"
a_ctx=$(per_packet A 0x000b $OLD::d)
b_ctx=$(per_packet B 0x000c $OLD::d)
tap_note "with context 0: A->D $a_ctx, B->D $b_ctx"
check "3-hop pings A -> D take fewer header bytes with the context" \
	test "$a_ctx" -gt 0 -a "$a_ctx" -lt "$a_plain"
check "2-hop pings B -> D too" test "$b_ctx" -gt 0 -a "$b_ctx" -lt "$b_plain"
nsx A ping -6 -q -c 20 -i 0.2 -w 40 $OLD::d >/tmp/ctxa.ping 2>&1
check_eq "20 compressed pings A -> D: all decoded, all answered" "20 20" \
	"$(received /tmp/ctxa.ping)"

# --- renumbering: a new prefix next to the old one ---------------------------

nsx D "$IOTCTL" ctx add 1 $NEW::/64 dev mesh0
for n in $NODES; do
	nsx $n ip -6 addr add $NEW::${n,,}/64 dev mesh0 nodad
done
check_sync "every node shows D's version after context 1 was added"
check_eq "A, B and C have context 1 for $NEW::/64" \
	"$NEW::/64 $NEW::/64 $NEW::/64" \
	"$(for n in A B C; do echo -n "$(ctx_field $n 1 prefix) "; done | sed 's/ $//')"
sleep $((HOLD + 2))
check "ping A -> D at the new address" ping6_ok A $NEW::d
a_new=$(per_packet A 0x000b $NEW::d)
tap_note "A->D at the new prefix: $a_new bytes per packet"
check "A -> D at the new address is compressed with context 1" \
	test "$a_new" -gt 0 -a "$a_new" -lt "$a_plain"
a_old=$(per_packet A 0x000b $OLD::d)
check "context 0 still compresses next to context 1" \
	test "$a_old" -gt 0 -a "$a_old" -lt "$a_plain"

# Ping streams to both addresses, through the end of the old context:
# A -> D (to the authority) and, every 0.2 s, A -> C at the old address
# (two nodes that learned the context and expire it each on its own tick).
COUNT=$(( (LIFE + 16) * 2 ))	# every 0.5 s
COUNT_AC=$(( (LIFE + 16) * 5 ))	# every 0.2 s
check "ping A -> C at the old address" ping6_ok A $OLD::c
for p in old new ac; do
	case $p in
	old) args="-c $COUNT -i 0.5 -w $((COUNT + 60)) $OLD::d" ;;
	new) args="-c $COUNT -i 0.5 -w $((COUNT + 60)) $NEW::d" ;;
	ac) args="-c $COUNT_AC -i 0.2 -w $((COUNT + 60)) $OLD::c" ;;
	esac
	nsbg A ping -6 -q $args >/tmp/ctx_$p.ping 2>&1
	eval "pid_$p=$!"
	defer "kill $! 2>/dev/null"
done
sleep 2

nsx D "$IOTCTL" ctx add 0 $OLD::/64 dev mesh0 lifetime $LIFE
t_cut=$SECONDS
check_sync "every node shows D's version after the lifetime change"
lifes=$(for n in A B C; do echo -n "$(ctx_field $n 0 lifetime) "; done)
tap_note "old context's lifetime left at A B C: $lifes"
check "A, B and C took the old context's new lifetime" \
	lifetimes_within $((LIFE + 1)) A B C

# DRAIN: B stops compressing with context 0 ctx_hold_ms before it expires.
# One echo request B -> D once B's context 0 has at most HOLD - 2 s left
# (the 1 s tick has cleared its compression flag by then), sent right
# after reading that it still has 2 s or more (so it is still there).
b_drain=0 l_at=
for _ in $(seq $((LIFE * 4))); do
	l=$(ctx_field B 0 lifetime)
	[ -z "$l" ] || [ "$l" -lt 2 ] && break
	if [ "$l" -gt $((HOLD - 2)) ]; then
		sleep 0.2
		continue
	fi
	read -r o1 p1 < <(hdr B 0x000c)
	read -r l_at ph_at < <(ctx_json B | jq -r \
		'.[] | select(.cid == 0) | "\(.lifetime) \(.phase)"')
	[ -n "$l_at" ] && [ "$l_at" -ge 2 ] || break
	nsx B ping -6 -q -c 1 -W 3 -s 16 $OLD::d >/dev/null
	read -r o2 p2 < <(hdr B 0x000c)
	if [ "$((p2 - p1))" = 1 ]; then
		b_drain=$((o2 - o1))
		break
	fi
done
tap_note "B->D at the old prefix with $l_at s of the context left: $b_drain header bytes"
check "B stops compressing with the old context before it expires" \
	test "$b_drain" -gt "$b_ctx"
check "... an echo request sent while B still had it (>= 2 s left)" \
	test "${l_at:-0}" -ge 2
check_eq "... and B showed it in phase drain then" drain "${ph_at:-}"

# Expiry: gone everywhere, the streams unaffected.
for _ in $(seq $(( (LIFE + 10) * 2 ))); do
	left=
	for n in $NODES; do [ -n "$(ctx_field $n 0 prefix)" ] && left="$left $n"; done
	[ -z "$left" ] && break
	sleep 0.5
done
tap_note "old context gone $((SECONDS - t_cut)) s after its lifetime was set to $LIFE s"
check_eq "the old context is gone from every node's table" "" "$left"
check_sync "every node shows D's version after the expiry"
check_eq "context 1 stays on every node" "$NEW::/64 $NEW::/64 $NEW::/64 $NEW::/64" \
	"$(for n in $NODES; do echo -n "$(ctx_field $n 1 prefix) "; done | sed 's/ $//')"

wait $pid_old $pid_new $pid_ac
check_eq "ping stream to the old address: $COUNT sent, 0 lost" "$COUNT $COUNT" \
	"$(received /tmp/ctx_old.ping)"
check_eq "ping stream to the new address: $COUNT sent, 0 lost" "$COUNT $COUNT" \
	"$(received /tmp/ctx_new.ping)"
check_eq "ping stream A -> C at the old address: $COUNT_AC sent, 0 lost" \
	"$COUNT_AC $COUNT_AC" "$(received /tmp/ctx_ac.ping)"
check_eq "no node dropped a frame for an unknown context (rx_drop_ctx)" \
	"0 0 0 0" "$(for n in $NODES; do echo -n "$(lm_stat $n rx_drop_ctx) "; done | sed 's/ $//')"

a_after=$(per_packet A 0x000b $OLD::d)
tap_note "A->D at the old prefix after the expiry: $a_after bytes per packet"
check_eq "the old address still answers, its prefix inline again" \
	"$a_plain" "$a_after"
# --- mesh0 down and up on the authority, a relay and a leaf ----------------
# Mainline's 6LoWPAN notifier clears the active flag of every context of a
# 6LoWPAN interface that goes down, ours too: the contexts must come back
# with the interface. A stream A -> D at the new address runs meanwhile;
# afterwards every node compresses as before and nothing is dropped for an
# unknown context.
for n in $NODES; do
	nsx $n sysctl -qw net.ipv6.conf.mesh0.keep_addr_on_down=1
done
a_pre=$(per_packet A 0x000b $NEW::d)
b_pre=$(per_packet B 0x000c $NEW::d)
d_pre=$(per_packet D 0x000c $NEW::a)
tap_note "header bytes per echo request at the new prefix before down/up: A->D $a_pre, B->D $b_pre, D->A $d_pre"
nsbg A ping -6 -q -c 100 -i 0.2 -w 40 $NEW::d >/tmp/ctx_updown.ping 2>&1
pid_ud=$!
defer "kill $pid_ud 2>/dev/null"
t_ud=$SECONDS
for n in D B A; do	# the authority, a relay, a leaf
	sleep 2
	nsx $n ip link set mesh0 down
	sleep 1
	nsx $n ip link set mesh0 up
done
sleep 3
kill -INT $pid_ud 2>/dev/null
wait $pid_ud
tap_note "stream A -> D during down/up of D, B and A ($((SECONDS - t_ud)) s): $(received /tmp/ctx_updown.ping) (sent received)"
check "after down/up of D, B and A: 10 pings A -> D at the new address all answered" \
	ping6_ok A $NEW::d -c 10 -i 0.2
a_post=$(per_packet A 0x000b $NEW::d)
b_post=$(per_packet B 0x000c $NEW::d)
d_post=$(per_packet D 0x000c $NEW::a)
check_eq "... and A, B and D compress as before (header bytes A->D B->D D->A)" \
	"$a_pre $b_pre $d_pre" "$a_post $b_post $d_post"
check_eq "... and no node dropped a frame for an unknown context (rx_drop_ctx)" \
	"0 0 0 0" "$(for n in $NODES; do echo -n "$(lm_stat $n rx_drop_ctx) "; done | sed 's/ $//')"

check "no WARNING or BUG in dmesg" dmesg_clean

tap_done
