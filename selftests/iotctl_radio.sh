#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# iotctl radio on hwsim radios: every setting set with iotctl and read back
# both with "iotctl -j radio show" and with iwpan (the independent peer);
# the settings the kernel takes only while the device is down, and values
# the radio does not support, refused with a clear message and nothing
# changed; two nodes whose radios are configured with iotctl alone (no
# iwpan) ping each other over mesh0, once their channels agree.
source "$(dirname "$0")/lib.sh"
require_root_vm
for t in iwpan jq wpan-hwsim; do
	command -v $t >/dev/null || skip_all "needs $t"
done

tap_plan 23
lm_load || skip_all "cannot load the module"
dmesg_clean	# from here on
hwsim_radios 2 || skip_all "cannot create hwsim radios"
radio_link 0 1

iot() { local ns=$1; shift; nsx "$ns" "$IOTCTL" "$@"; }

# A namespace holding radio R. Moving the PHY there is the test's
# topology; the node's radio is then configured with iotctl only.
radio_ns() {
	ip netns add "$1" || return 1
	_NS+=("$1")
	iwpan phy "${PHY[$2]}" set netns name "$1" && nsx "$1" ip link set lo up
}
radio_ns A 0 && radio_ns B 1
check "two radios in namespaces A and B" [ $? = 0 ]
WA=$(iot A -j radio show | jq -r '.[0].ifname')
PA=$(iot A -j radio show | jq -r '.[0].phy')
WB=$(iot B -j radio show | jq -r '.[0].ifname')
tap_note "A: $WA on $PA, B: $WB"
nsx A ip link set "$WA" down

# --- every setting, read back two ways -----------------------------------
# mac802154_hwsim fixes the CSMA parameters (4 backoffs, BE 3 to 5), the
# retries (3) and lbt (off): those are set to the only values it takes.
check "A: radio set with every setting" iot A radio set "$WA" \
	channel 15 page 0 pan_id 0xbeef short_addr 0x000a ackreq on \
	max_frame_retries 3 csma_backoffs 4 min_be 3 max_be 5 lbt off
j=$(iot A -j radio show "$WA")
check "radio show -j reads every setting back" jq -e '.[0] |
	.channel == 15 and .page == 0 and .pan_id == "0xbeef" and
	.short_addr == "0x000a" and .ackreq == true and
	.max_frame_retries == 3 and .csma_backoffs == 4 and .min_be == 3 and
	.max_be == 5 and .lbt == false and .state == "down" and
	.type == "node" and (has("tx_power_mbm") | not)' <<<"$j"

iw_dev() {	# the settings as iwpan reads them, one "key=value" per word
	nsx A iwpan dev "$WA" info | awk '$1 ~ /^(pan_id|short_addr|ackreq_default|max_frame_retries|min_be|max_be|max_csma_backoffs|lbt)$/ { print $1 "=" $2 }' |
		sort | tr '\n' ' '
}
iw_phy() {	# "page/channel" as iwpan phy reads them
	nsx A iwpan phy "$PA" info | awk -F'[:,]' '
		/current_page/ { p = $2 + 0 } /current_channel/ { c = $2 + 0 }
		END { print p "/" c }'
}
check_eq "iwpan dev info agrees" \
	"ackreq_default=1 lbt=0 max_be=5 max_csma_backoffs=4 max_frame_retries=3 min_be=3 pan_id=0xbeef short_addr=0x000a " \
	"$(iw_dev)"
check_eq "iwpan phy agrees on page and channel" "0/15" "$(iw_phy)"
check_eq "the extended address is iwpan's" \
	"$(nsx A iwpan dev "$WA" info | awk '$1 == "extended_addr" { print $2 }')" \
	"0x$(jq -r '.[0].ext_addr' <<<"$j" | tr -d :)"
check_eq "text form: the MAC settings line" \
	"    ackreq on max_frame_retries 3 min_be 3 max_be 5 csma_backoffs 4 lbt off" \
	"$(iot A radio "$WA" | sed -n 3p)"

# --- what the radio does not support ----------------------------------------
# refused before anything is sent: the earlier settings of the line stay
# as they were too
refused() {	# refused MESSAGE ARGS...: exit 1, MESSAGE, nothing changed
	local want=$1 before out
	shift
	before="$(iw_dev) $(iw_phy)"
	out=$(iot A radio set "$WA" "$@" 2>&1)
	[ $? = 1 ] || { echo "exit $?: $out"; return 1; }
	[ "$out" = "iotctl: radio set: $want" ] || { echo "got: $out"; return 1; }
	[ "$before" = "$(iw_dev) $(iw_phy)" ] || { echo "changed: $(iw_dev) $(iw_phy)"; return 1; }
}
check "retries the radio fixes: refused with its limits" refused \
	"$WA: max_frame_retries 5 is not supported by $PA (3 to 3)" \
	pan_id 0x1234 max_frame_retries 5
check "a channel the page lacks: refused with the page's channels" refused \
	"$WA: channel 11 on page 2 is not supported by $PA (page 2: 0-10)" \
	ackreq off page 2 channel 11
check "tx_power on a radio without a power setting" refused \
	"$WA: $PA has no transmit power setting" short_addr 0x0001 tx_power 3
check "lbt on where only off is supported" refused \
	"$WA: lbt on is not supported by $PA (only off)" lbt on
# down, but a mainline 6LoWPAN interface on it up: nl802154 says EBUSY
modprobe ieee802154_6lowpan 2>/dev/null
nsx A ip link add link "$WA" name lowpan0 type lowpan &&
	nsx A ip link set lowpan0 up
check "down, but lowpan0 on it up: refused, naming lowpan0" refused \
	"$WA is down, but lowpan0 on it is up: short_addr can only be set while both are down (ip link set lowpan0 down)" \
	short_addr 0x0001
nsx A ip link del lowpan0

# --- up: the PHY settings go, the others are refused -------------------------
nsx A ip link set "$WA" up
check "channel and page change while up" iot A radio set "$WA" page 2 channel 3
check_eq "iwpan phy sees page 2 channel 3" "2/3" "$(iw_phy)"
check "up: pan_id and ackreq refused, naming what to do" refused \
	"$WA is up: pan_id, ackreq can only be set while it is down (ip link set $WA down)" \
	channel 15 page 0 pan_id 0x1234 ackreq off
check "up: mesh-defaults refused the same way" refused \
	"$WA is up: ackreq, max_frame_retries can only be set while it is down (ip link set $WA down)" \
	mesh-defaults

# --- two nodes configured with iotctl radio alone ------------------------------
# B on another channel first: A and B must not hear each other then
iot B radio set "$WB" channel 16 pan_id 0xbeef short_addr 0x000b mesh-defaults
check "B: mesh-defaults gives ackreq on, 3 retries" jq -e '.[0] |
	.ackreq == true and .max_frame_retries == 3 and .channel == 16' \
	<<<"$(iot B -j radio show)"
nsx A ip link set "$WA" down
iot A radio set "$WA" page 0 channel 15 mesh-defaults
mesh_up() {	# mesh_up NS WPAN: wpan up, mesh0 on it up
	nsx "$1" ip link set "$2" up &&
	iot "$1" dev add "$2" name mesh0 >/dev/null &&
	nsx "$1" sysctl -qw net.ipv6.conf.mesh0.dad_transmits=0 &&
	nsx "$1" ip link set mesh0 up
}
mesh_up A "$WA" && mesh_up B "$WB"
check "mesh0 up on both" [ $? = 0 ]
wait_lladdr A mesh0 && wait_lladdr B mesh0
LLB=$(lladdr B mesh0)
check_fail "channels 15 and 16: A does not reach B" \
	nsx A ping -6 -q -c 1 -W 1 "$LLB%mesh0"
check "B moves to channel 15 while up" iot B radio set "$WB" channel 15
check "ping A -> B over mesh0, radios set by iotctl alone" \
	ping6_ok A "$LLB%mesh0"
check "ping B -> A" ping6_ok B "$(lladdr A mesh0)%mesh0"
check "no kernel warnings" dmesg_clean

tap_done
