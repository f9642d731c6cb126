#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# llsec_keys.sh - IEEE 802.15.4 link-layer security (mac802154 llsec)
# turned on with iotctl alone on a stock kernel. A line A - B - C shares
# key 1 (B and C also hold key 2); a fourth radio E, without any key,
# hears A; a fifth (monitor) hears everyone. The kernel's "802.15.4 MAC"
# family answers only in the initial namespace, so B and C are configured
# there before their radios move into their namespaces; A stays in the
# initial namespace and is switched on through its mesh0. Small pings
# cross one and two secured hops; E gets no reply and its wpan device
# counts none of the secured frames it hears, while A's mesh0 drops E's
# unsecured ones (rx_drop_unsecured); the capture holds no
# plaintext payload and tshark with the key decodes the echo requests.
# key use / key del on A show the grace period of a rotation.
source "$(dirname "$0")/lib.sh"
require_root_vm
for t in iwpan wpan-hwsim tshark jq; do
	command -v $t >/dev/null || skip_all "needs $t"
done

tap_plan 20
lm_load || skip_all "cannot load the module"
dmesg_clean
hwsim_radios 5 || skip_all "cannot create hwsim radios"
radio_link 0 1 && radio_link 1 2 && radio_link 0 3 &&
	for r in 0 1 2 3; do wpan-hwsim edge add $r 4 >/dev/null || exit 1; done

KEY1=000102030405060708090a0b0c0d0e0f
KEY2=f0e0d0c0b0a090807060504030201000
PAT=5ec0de5ec0de5ec0de5ec0de5ec0de5e
PATB=5e:c0:de:5e:c0:de
TMP=$(mktemp -d)
defer "rm -rf $TMP"
iot() { "$IOTCTL" "$@"; }
# the wpan device of each radio, in the initial namespace
W=() EXT=()
for r in 0 1 2 3; do
	W[r]=$(iwpan dev | awk -v p="phy#${PHY[r]#phy}" '$1 == p { f = 1 } f && /Interface/ { print $2; exit }')
	EXT[r]=$(cat /sys/class/net/"${W[r]}"/address)
done
SHORT=(0x000a 0x000b 0x000c 0x000e)
tap_note "radios: ${W[*]}; extended addresses ${EXT[*]}"
for r in 0 1 2; do
	iwpan dev "${W[r]}" set pan_id "$PAN" && iwpan dev "${W[r]}" set short_addr "${SHORT[r]}"
done

check_fail "security on without a key is refused" iot dev set "${W[1]}" security on
out=$(iot dev set "${W[1]}" security on 2>&1)
check_eq "... with a clear message" 1 "$(grep -c 'no key: add one first' <<<"$out")"
check_fail "key add refuses a 120-bit key" iot key add 1 0001020304050607080910111213ab dev "${W[1]}"

ok=0
for r in 0 1 2; do
	iot key add 1 $KEY1 dev "${W[r]}" || ok=1
	[ $r = 0 ] || iot key add 2 $KEY2 dev "${W[r]}" || ok=1
	for p in 0 1 2; do
		[ $p = $r ] && continue
		iot key peer add "${EXT[p]}" short "${SHORT[p]}" dev "${W[r]}" || ok=1
	done
done
iot dev set "${W[1]}" security on && iot dev set "${W[2]}" security on || ok=1
check "keys, peers and security on B and C (initial namespace)" [ $ok = 0 ]

mesh_node B 1 0x000b && mesh_node C 2 0x000c && mesh_node E 3 0x000e &&
	monitor_node M 4
check "B, C, E (no key) in namespaces, monitor M" [ $? = 0 ]
# A stays in the initial namespace
ip link set "${W[0]}" up && iot dev add "${W[0]}" name mesh0 >/dev/null &&
	defer "'$IOTCTL' dev del mesh0" &&
	sysctl -qw net.ipv6.conf.mesh0.dad_transmits=0 && ip link set mesh0 up &&
	iot dev set mesh0 security on
check "A: security on through mesh0" [ $? = 0 ]
iot route add 0x000c via 0x000b dev mesh0 &&
	nsx C "$IOTCTL" route add 0x000a via 0x000b dev mesh0
check_fail "iotctl key in another namespace explains the limit" nsx B "$IOTCTL" key show
tap_note "$(nsx B "$IOTCTL" key show 2>&1)"

capture_start M mon0 "$TMP/mon.pcap"
ll() { ip -6 -o addr show dev mesh0 scope link | awk '{print $4}' | cut -d/ -f1 | head -n1; }
for n in B C E; do wait_lladdr $n mesh0; done
LA=$(ll) LB=$(lladdr B mesh0) LC=$(lladdr C mesh0)
sleep 1
check "A pings B (one secured hop)" ping -6 -q -c 5 -i 0.3 -W 5 -p $PAT "$LB%mesh0"
check "A pings C (two secured hops, through B)" ping -6 -q -c 5 -i 0.3 -W 5 -p $PAT "$LC%mesh0"
big=$(ping -6 -q -c 3 -i 0.3 -W 3 -s 300 "$LB%mesh0" | awk '/received/ {print $4}')
tap_note "fragmented pings (-s 300) with security on: ${big:-0} of 3 answered; encryption failures in dmesg: $(dmesg | grep -c 'encryption failed')"

erx0=$(nsx E cat /sys/class/net/"$(wpan_of E)"/statistics/rx_packets)
arx0=$(cat /sys/class/net/"${W[0]}"/statistics/rx_packets)
uns() { iot stats mesh0 | awk '$1 == "rx_drop_unsecured" {print $2; f = 1} END {if (!f) print 0}'; }
uns0=$(uns)
check_fail "E (no key) gets no answer from A" nsx E ping -6 -q -c 5 -i 0.3 -W 2 "$LA%mesh0"
ping -6 -q -c 3 -i 0.3 -W 2 "ff02::1%mesh0" >/dev/null 2>&1
erx1=$(nsx E cat /sys/class/net/"$(wpan_of E)"/statistics/rx_packets)
arx1=$(cat /sys/class/net/"${W[0]}"/statistics/rx_packets)
check_eq "E's wpan device accepts none of A's secured frames (rx_packets delta)" 0 $((erx1 - erx0))
tap_note "A's wpan accepted $((arx1 - arx0)) frames meanwhile: mac802154 takes E's unsecured frames even with security on"
# E never learns A's link-layer address: what reaches A is E's neighbour
# solicitations, three of them (mcast_solicit).
check_ge "A's mesh0 dropped and counted them (rx_drop_unsecured)" 3 \
	$(($(uns) - uns0))

j=$(iot -j key show dev mesh0)
check "key show -j: security on, enc-mic-32, key 1 in use, counters moving" jq -e '.[0] |
	.security == true and .level == 5 and .level_name == "enc-mic-32" and
	.key_in_use == 1 and .frame_counter > 0 and ([.keys[].id] == [1]) and
	(.peers | length) == 2 and ([.peers[].frame_counter] | max) > 0' <<<"$j"
txt="$(iot key show) $j"
check_eq "key show never prints key bytes" 0 "$(grep -ci -e $KEY1 -e 0001020304 -e 00:01:02:03 <<<"$txt")"
check_fail "key del of the key in use is refused" iot key del 1 dev mesh0

# rotation on A: B and C still send with key 1
iot key add 2 $KEY2 dev mesh0 && iot key use 2 dev mesh0
check "after key use 2 on A, B (still on key 1) is understood: grace period" \
	ping -6 -q -c 3 -i 0.3 -W 5 "$LB%mesh0"
iot key del 1 dev mesh0
check_fail "after key del 1 on A, B's key-1 frames are refused" \
	ping -6 -q -c 3 -i 0.3 -W 2 "$LB%mesh0"
capture_stop "$CAPTURE_PID"
# kept for a look with the key (results/ is not in git)
mkdir -p "$LM_ROOT/results" && cp "$TMP/mon.pcap" "$LM_ROOT/results/llsec_keys.pcap"

# --- the capture -------------------------------------------------------------
n_sec=$(tshark -r "$TMP/mon.pcap" -Y 'wpan.security == 1' 2>/dev/null | wc -l)
n_plain=$(tshark -r "$TMP/mon.pcap" -Y "frame contains $PATB" 2>/dev/null | wc -l)
n_blind=$(tshark -r "$TMP/mon.pcap" -Y 'icmpv6.type == 128' 2>/dev/null | wc -l)
tap_note "secured frames on air: $n_sec; with the pattern in clear: $n_plain; echo requests tshark reads without the key: $n_blind"
check_eq "no payload in clear, no echo request readable without the key" "0 0" "$n_plain $n_blind"
PREFS=(-o "uat:ieee802154_keys:\"$KEY1\",\"1\",\"No hash\""
       -o "uat:ieee802154_keys:\"$KEY2\",\"2\",\"No hash\"")
for r in 0 1 2; do
	# tshark takes an EUI-64 as bare hex, unquoted
	PREFS+=(-o "uat:802154_addresses:\"${SHORT[r]}\",\"$PAN\",${EXT[r]//:/}")
done
n_dec=$(tshark -r "$TMP/mon.pcap" "${PREFS[@]}" -Y "icmpv6.type == 128 && data.data contains $PATB" 2>/dev/null | wc -l)
check_ge "tshark with the key decodes the echo requests and their payload (5 + 2 x 5 sent)" 15 "$n_dec"
check "dmesg clean" dmesg_clean
tap_done
