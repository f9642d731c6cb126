#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# llsec_attack.sh - a keyed mesh against an attacker in radio range who
# has no key. A - B - C share key 1 (link-layer security on, dynamic
# routing on, A the context authority); X, a mesh node without the key,
# hears all three; R, the attacker's second radio (a monitor device),
# hears everyone and transmits whole frames.
#
# X pings A (unicast, fragmented) and all nodes, floods its own context
# table as a would-be authority, runs the mesh routing and sends random
# 6LoWPAN frames as fast as lm-inject can, while A pings C through B:
#  - A, B and C each drop X's frames and count them (rx_drop_unsecured),
#  - A's ICMPv6 stack sees none of X's echo requests,
#  - no context table changes, no route or neighbour entry names X,
#  - at least 99% of A's pings to C are answered meanwhile.
# Then R replays, bit for bit, the frames of a captured A -> C exchange:
# C takes none of A's echo requests again and A none of C's replies
# (mac802154 refuses a frame counter it has seen).
source "$(dirname "$0")/lib.sh"
require_root_vm
for t in iwpan wpan-hwsim jq dumpcap; do
	command -v $t >/dev/null || skip_all "needs $t"
done
INJ=$LM_TOOLS/lm-inject
[ -x "$INJ" ] || skip_all "selftests/tools not built (make -C selftests/tools)"

tap_plan 17
lm_load || skip_all "cannot load the module"
dmesg_clean
hwsim_radios 5 || skip_all "cannot create hwsim radios"
# A(0) - B(1) - C(2); X(3) hears A, B, C; R(4) hears and reaches all
radio_link 0 1 && radio_link 1 2 && radio_link 3 0 && radio_link 3 1 &&
	radio_link 3 2 && for r in 0 1 2 3; do radio_link $r 4 || exit 1; done

KEY=8f1e2d3c4b5a69788796a5b4c3d2e1f0
SHORT=(0x000a 0x000b 0x000c)
TMP=$(mktemp -d)
defer "rm -rf $TMP"
W=() EXT=()
for r in 0 1 2 3; do
	W[r]=$(iwpan dev | awk -v p="phy#${PHY[r]#phy}" '$1 == p { f = 1 } f && /Interface/ { print $2; exit }')
	EXT[r]=$(cat /sys/class/net/"${W[r]}"/address)
done
# The kernel's "802.15.4 MAC" family answers only in the initial
# namespace: keys, peers and the switch go on before the radios move.
ok=0
for r in 0 1 2; do
	iwpan dev "${W[r]}" set pan_id "$PAN" &&
		"$IOTCTL" key add 1 $KEY dev "${W[r]}" || ok=1
	for p in 0 1 2; do
		[ $p = $r ] && continue
		"$IOTCTL" key peer add "${EXT[p]}" short "${SHORT[p]}" dev "${W[r]}" || ok=1
	done
	"$IOTCTL" dev set "${W[r]}" security on || ok=1
done
check "key 1, peers and security on for A, B and C" [ $ok = 0 ]

mesh_node A 0 0x000a && mesh_node B 1 0x000b && mesh_node C 2 0x000c &&
	mesh_node X 3 0x000e && monitor_node R 4
check "A, B, C and X (no key) in namespaces, R a monitor" [ $? = 0 ]
sec=$(for n in A B C X; do nsx $n "$IOTCTL" -j dev show mesh0 | jq -j '.[0].security'; echo -n ' '; done)
check_eq "dev show: security on for A, B, C, off for X" "true true true false" "${sec% }"
for n in A B C X; do
	nsx $n "$IOTCTL" dev set mesh0 routing on || exit 1
done
nsx A "$IOTCTL" ctx authority on dev mesh0 &&
	nsx A "$IOTCTL" ctx add 1 2001:db8:1::/64 dev mesh0

# A's route to C, learned through B over secured hellos and advertisements
route_ac() {
	nsx A "$IOTCTL" -j route show dev mesh0 |
		jq -r '.[] | select(.dst == "0x000c") | .nexthop'
}
for _ in $(seq 60); do
	[ "$(route_ac)" = 0x000b ] && break
	sleep 0.5
done
check_eq "A learned its route to C via B (secured routing frames)" 0x000b "$(route_ac)"
for n in A B C; do wait_lladdr $n mesh0; done
LA=$(lladdr A mesh0) LC=$(lladdr C mesh0)
ctxs() {	# NS: the context table as "cid prefix" pairs
	nsx "$1" "$IOTCTL" -j ctx show dev mesh0 |
		jq -j '[.[] | "\(.cid) \(.prefix)"] | join(",")'
}
for _ in $(seq 40); do
	[ "$(ctxs B) $(ctxs C)" = "1 2001:db8:1::/64 1 2001:db8:1::/64" ] && break
	sleep 0.5
done
check_eq "B and C adopted A's context table (secured control frames)" \
	"1 2001:db8:1::/64 1 2001:db8:1::/64" "$(ctxs B) $(ctxs C)"

lost=$(ping_lost A "$LC%mesh0" 1200)
check_eq "1280-byte pings A -> C (two secured hops, fragments) all answered" 0 "${lost:-20}"
check_eq "... no frame failed encryption (frame sizing counts the MIC)" 0 \
	"$(dmesg | grep -c 'encryption failed')"

# --- the attack ----------------------------------------------------------------

before=""
for n in A B C; do before+="$(ctxs $n);"; done
echos() {	# NS [COUNTER]: an ICMPv6 counter of NS (Icmp6InEchos)
	nsx "$1" awk -v c="${2:-Icmp6InEchos}" '$1 == c { print $2 }' /proc/net/snmp6
}
echo_a0=$(echos A)
u0=() u1=()
for n in A B C; do u0+=("$(lm_count $n rx_drop_unsecured)"); done
# X knows A's address (a permanent neighbour entry: A answers no NS of X)
nsx X ip -6 neigh replace "$LA" lladdr "${EXT[0]}" dev mesh0 nud permanent
nsx X "$IOTCTL" ctx authority on dev mesh0 &&
	nsx X "$IOTCTL" ctx add 1 2001:db8:bad::/64 dev mesh0 &&
	nsx X "$IOTCTL" ctx add 2 2001:db8:bad:2::/64 dev mesh0
pids=()
nsbg X ping -6 -q -f -c 1500 "$LA%mesh0" >/dev/null 2>&1; pids+=($!)
nsbg X ping -6 -q -c 40 -i 0.2 -s 1000 "$LA%mesh0" >/dev/null 2>&1; pids+=($!)
nsbg X ping -6 -q -c 40 -i 0.2 "ff02::1%mesh0" >/dev/null 2>&1; pids+=($!)
WX=$(wpan_of X)
nsbg X "$INJ" -i "$WX" -d "${EXT[0]}" -r 3000 -s 7 >/dev/null; pids+=($!)
nsbg X "$INJ" -i "$WX" -d "${EXT[1]}" -r 3000 -s 8 >/dev/null; pids+=($!)
nsx A ping -6 -q -c 200 -i 0.05 -W 2 "$LC%mesh0" >"$TMP/ping" 2>&1
got=$(awk '/transmitted/ { print $4 }' "$TMP/ping")
for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
tap_note "A -> C while X transmits: ${got:-0} of 200 answered"
check_ge "at least 99% of A's pings to C answered during the attack" 198 "${got:-0}"

for n in A B C; do u1+=("$(lm_count $n rx_drop_unsecured)"); done
tap_note "rx_drop_unsecured A B C: ${u0[*]} -> ${u1[*]}"
check "A, B and C each dropped and counted X's frames (rx_drop_unsecured)" \
	test $((u1[0] - u0[0])) -gt 1000 -a $((u1[1] - u0[1])) -gt 1000 -a \
	$((u1[2] - u0[2])) -gt 10
check_eq "A's ICMPv6 took none of X's echo requests (Icmp6InEchos delta)" 0 \
	$(($(echos A) - echo_a0))
after=""
for n in A B C; do after+="$(ctxs $n);"; done
check_eq "no context table changed (X, a would-be authority, was ignored)" \
	"$before" "$after"
names_x=0
for n in A B C; do
	nsx $n "$IOTCTL" -j route show dev mesh0 |
		jq -e '.[] | select(.dst == "0x000e" or .nexthop == "0x000e")' \
		>/dev/null && names_x=$((names_x + 1))
	nsx $n "$IOTCTL" -j neigh show dev mesh0 |
		jq -e --arg x "${EXT[3]}" '.[] | select(.short_addr == "0x000e" or .ext_addr == $x)' \
		>/dev/null && names_x=$((names_x + 1))
done
check_eq "no route and no neighbour entry on A, B or C names X" 0 $names_x
check_eq "A's route to C still goes via B" 0x000b "$(route_ac)"

# --- replay ----------------------------------------------------------------------

capture_start R mon0 "$TMP/air.pcap" -P
nsx A ping -6 -q -c 10 -i 0.2 -W 2 -s 200 "$LC%mesh0" >/dev/null
sleep 1
capture_stop "$CAPTURE_PID"
n_cap=$(tshark -r "$TMP/air.pcap" -Y 'wpan.security == 1' 2>/dev/null | wc -l)
echo_c0=$(echos C)
reply_a0=$(echos A Icmp6InEchoReplies)
out=$(nsx R "$INJ" -i mon0 -R -p "$TMP/air.pcap" -g 2000)
sent=$(awk '/^sent/ { print $2 }' <<<"$out")
sleep 2
tap_note "replayed $sent captured frames ($n_cap of them secured)"
check "R sent the captured exchange again, bit for bit" test "${sent:-0}" -ge 40
check_eq "C answered none of the replayed echo requests (Icmp6InEchos delta)" \
	0 $(($(echos C) - echo_c0))
check_eq "A took none of the replayed echo replies (Icmp6InEchoReplies delta)" \
	0 $(($(echos A Icmp6InEchoReplies) - reply_a0))
check "dmesg clean" dmesg_clean
tap_done
