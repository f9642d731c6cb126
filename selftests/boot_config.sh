#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot-time configuration (issue 15, lowpan-mesh.conf(5)): four nodes in a
# line, A - B - C - D (hwsim edges between neighbours only), each set up by
# nothing but its config file, applied with "iotctl config apply" as the
# unit lowpan-mesh@.service does at boot: no iwpan settings, no "iotctl
# radio set", no "route add", no hand-made addresses; routing is switched
# on in the file. iwpan only moves each radio into its node's network
# namespace (what a separate machine is). Shows: the files pass "config
# check"; after "config apply" the radio has the file's PAN ID and short
# address and the mesh defaults (ackreq on, 3 retries), mesh0 is up with
# routing on, A's context and D's static route are in place; A pings D's
# link-local address (three hops) within PING_MAX seconds; A's route to D
# was learned through B; a copy of B's file with an error is refused with
# its FILE:LINE by config check and by config apply, which changes nothing;
# applying B's file again rebuilds B and A reaches D again; config down
# deletes mesh0; dmesg stays clean.
source "$(dirname "$0")/lib.sh"
require_root_vm

PING_MAX=${PING_MAX:-90}	# seconds after the last apply: the bound asserted

tap_plan 17
dmesg_clean >/dev/null
lm_load
hwsim_radios 4 || skip_all "cannot create hwsim radios"
radio_link 0 1 && radio_link 1 2 && radio_link 2 3
ok=$?

CONF=$(mktemp -d /tmp/boot_config.XXXXXX)
defer "rm -rf $CONF"
names=(A B C D)
shorts=(0x000a 0x000b 0x000c 0x000d)

# bare_node NS RADIO: a namespace holding radio RADIO, nothing set on it
bare_node() {
	ip netns add "$1" || return 1
	_NS+=("$1")
	iwpan phy "${PHY[$2]}" set netns name "$1" || return 1
	nsx "$1" ip link set lo up
}

# the wpan device of a namespace (its only link besides lo, before mesh0)
wpan_name() { nsx "$1" ls /sys/class/net | grep -vx lo | head -n1; }
W=()

for i in 0 1 2 3; do
	n=${names[$i]}
	bare_node "$n" "$i" || ok=1
	w=$(wpan_name "$n")
	W[$i]=$w
	{
		echo "# node $n: the only configuration it gets"
		echo "[radio]"
		echo "device = $w"
		echo "pan_id = $PAN"
		echo "short_addr = ${shorts[$i]}"
		echo
		echo "[mesh]"
		echo "name = mesh0"
		echo "routing = on"
		echo "hello_ms = 500"
		if [ "$n" = A ]; then
			echo
			echo "[context 1]"
			echo "prefix = 2001:db8:1::/64"
			echo "lifetime = forever"
		fi
		if [ "$n" = D ]; then
			echo
			echo "[routes]"
			echo "route = 0x000a via 0x000c"
		fi
	} >"$CONF/$n.conf"
done
check "four namespaces, radios in a line, nothing configured" [ $ok = 0 ]

bad=0
for n in "${names[@]}"; do
	out=$(nsx "$n" "$IOTCTL" config check "$CONF/$n.conf" 2>&1) || {
		bad=1
		tap_note "$n: $out"
	}
done
check "config check passes each node's file" [ $bad = 0 ]

bad=0
first=$(date +%s.%N)
for n in "${names[@]}"; do
	out=$(nsx "$n" "$IOTCTL" config apply "$CONF/$n.conf" wait 5 2>&1) || {
		bad=1
		tap_note "$n: $out"
	}
done
t0=$(date +%s.%N)	# the last node is up
tap_note "the four applies took $(awk -v a="$t0" -v b="$first" 'BEGIN { printf "%.1f", a - b }') s"
check "config apply sets up each node" [ $bad = 0 ]

radio=$(nsx A "$IOTCTL" -j radio show "${W[0]}")
tap_note "A's radio: $radio"
check_eq "A's radio: the file's PAN ID and short address, ackreq on, 3 retries" \
	"$PAN 0x000a true 3" \
	"$(echo "$radio" | jq -r '.[0] | "\(.pan_id) \(.short_addr) \(.ackreq) \(.max_frame_retries)"')"
dev=$(nsx D "$IOTCTL" -j dev show mesh0)
check_eq "D's mesh0: up, routing on, hello_ms 500" "up true 500" \
	"$(echo "$dev" | jq -r '.[0] | "\(.operstate) \(.routing) \(.hello_ms)"')"
check_eq "A's context 1 from the file" "2001:db8:1::/64" \
	"$(nsx A "$IOTCTL" -j ctx show dev mesh0 | jq -r '.[] | select(.cid == 1) | .prefix')"
check_eq "D's static route to A from the file" "0x000c static" \
	"$(nsx D "$IOTCTL" -j route show dev mesh0 |
	   jq -r '.[] | select(.dst == "0x000a") | "\(.nexthop) \(.origin)"')"

# --- A -> D, three hops -----------------------------------------------------------
# ping_within LABEL: ping D's link-local address from A until PING_MAX
# seconds after t0; sets WITHIN to the seconds it took ("" if never)
ping_within() {
	local i
	WITHIN=
	for ((i = 0; i < PING_MAX * 2; i++)); do
		if nsx A ping -6 -q -c 1 -W 1 "$LD%mesh0" >/dev/null 2>&1; then
			WITHIN=$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.1f", a - b }')
			break
		fi
		awk -v a="$(date +%s.%N)" -v b="$t0" -v m="$PING_MAX" \
			'BEGIN { exit !(a - b > m) }' && break
		sleep 0.5
	done
	tap_note "$1: A reached D ($LD) ${WITHIN:-never} s after the (last) apply"
}
wait_lladdr D mesh0
LD=$(lladdr D mesh0)
ping_within "files applied"
check "ping A -> D link-local (3 hops) within $PING_MAX s, nothing but the files" \
	[ -n "$WITHIN" ]
check "ping A -> D again (5 of 5)" nsx A ping -6 -q -c 5 -i 0.3 -W 2 "$LD%mesh0"
check_eq "A's route to D learned through B" "0x000b mesh" \
	"$(nsx A "$IOTCTL" -j route show dev mesh0 |
	   jq -r '.[] | select(.dst == "0x000d") | "\(.nexthop) \(.origin)"')"

# --- files with an error ---------------------------------------------------------------
line=$(grep -n '^short_addr' "$CONF/B.conf" | cut -d: -f1)
sed 's/^short_addr = .*/short_addr = 0xfffe/' "$CONF/B.conf" >"$CONF/B-bad.conf"
out=$(nsx B "$IOTCTL" config check "$CONF/B-bad.conf" 2>&1)
rc=$?
tap_note "config check: $(echo "$out" | head -n1)"
check_eq "config check refuses B's file with short_addr 0xfffe: exit 1, at B-bad.conf:$line" \
	"1 iotctl: $CONF/B-bad.conf:$line: radio set: invalid short_addr" \
	"$rc $(echo "$out" | head -n1 | grep -o "^iotctl: .*invalid short_addr")"
before=$(nsx B "$IOTCTL" -j dev show mesh0 | jq -r '.[0].ifindex')
out=$(nsx B "$IOTCTL" config apply "$CONF/B-bad.conf" 2>&1)
rc=$?
after=$(nsx B "$IOTCTL" -j dev show mesh0 | jq -r '.[0].ifindex')
check_eq "config apply refuses it too, at its line, and B's mesh0 stays as it was" \
	"1 $CONF/B-bad.conf:$line: ifindex $before" \
	"$rc $(echo "$out" | head -n1 | grep -o "$CONF/B-bad.conf:$line:") ifindex $after"
printf '[radio]\ndevice = %s\n[mesh]\nrouting = on\nroute = 0x000d via 0x000c\n' \
	"${W[1]}" >"$CONF/B-key.conf"
out=$(nsx B "$IOTCTL" config check "$CONF/B-key.conf" 2>&1)
tap_note "config check: $(echo "$out" | head -n1)"
check_eq "config check: a route in [mesh] (not [routes]) is refused at its line, 5" \
	"iotctl: $CONF/B-key.conf:5:" "$(echo "$out" | head -n1 | grep -o "^iotctl: $CONF/B-key.conf:5:")"

# --- applying again, down ----------------------------------------------------------
t0=$(date +%s.%N)
check "config apply B's file again (B's mesh0 rebuilt)" \
	nsx B "$IOTCTL" config apply "$CONF/B.conf"
ping_within "B's file applied again"
check "ping A -> D after B was rebuilt, within $PING_MAX s" [ -n "$WITHIN" ]
nsx D "$IOTCTL" config down "$CONF/D.conf"
rc=$?
check_eq "config down deletes D's mesh0" "0 gone" \
	"$rc $(nsx D ip link show mesh0 >/dev/null 2>&1 && echo there || echo gone)"
check "dmesg clean" dmesg_clean
tap_done
