#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nd_first.sh - the first packet to a node three hops away, the one that
# waits on the neighbour entry while neighbour discovery resolves the node,
# arrives.
#
# ndisc_update() sends the packets queued on a neighbour (neigh_update())
# before the 6LoWPAN ND code stores the neighbour's short address, so that
# packet would go to the extended address, for which there is no mesh route
# (the routes name short addresses): a plain frame to a node three hops
# away that never hears it. A line A - B - C - D, routes by short address,
# and nodes that send no router solicitations, so that nothing but the ND
# exchange of the test itself tells A about D. A gets a fresh mesh0 for
# every case: no neighbour entry and nothing learned before.
source "$(dirname "$0")/lib.sh"
require_root_vm
command -v socat >/dev/null || skip_all "needs socat"

tap_plan 13
lm_load
hwsim_radios 4 || skip_all "cannot create hwsim radios"
radio_link 0 1 && radio_link 1 2 && radio_link 2 3

# mesh_up NS: mesh0 on the node's wpan device, up, no DAD, no RS.
mesh_up() {
	nsx "$1" "$IOTCTL" dev add "$(wpan_of "$1")" name mesh0 >/dev/null || return 1
	nsx "$1" sysctl -qw net.ipv6.conf.mesh0.dad_transmits=0 &&
	nsx "$1" sysctl -qw net.ipv6.conf.mesh0.router_solicitations=0 &&
	nsx "$1" ip link set mesh0 up
}
route() { nsx "$1" "$IOTCTL" route add "$2" via "$3" dev mesh0; }
# addrs NS: the node's global address, once its link-local one is usable.
addrs() {
	wait_lladdr "$1" mesh0 &&
	nsx "$1" ip -6 addr add "2001:db8::${1,,}/64" dev mesh0 nodad
}
# fresh_a: A's mesh0 deleted and made again, with its routes and address.
fresh_a() {
	nsx A "$IOTCTL" dev del mesh0 >/dev/null 2>&1
	mesh_up A && route A 0x000c 0x000b && route A 0x000d 0x000b && addrs A
}

node A 0 0x000a && node B 1 0x000b && node C 2 0x000c && node D 3 0x000d &&
	mesh_up A && mesh_up B && mesh_up C && mesh_up D
check "four nodes on a line, no router solicitations" [ $? = 0 ]
route A 0x000c 0x000b && route A 0x000d 0x000b && route B 0x000d 0x000c &&
	route C 0x000a 0x000b && route D 0x000a 0x000c && route D 0x000b 0x000c
check "static routes by short address" [ $? = 0 ]
addrs A && addrs B && addrs C && addrs D
check "addresses" [ $? = 0 ]
LD=$(lladdr D mesh0)

# A UDP listener on D that keeps every datagram, from anyone.
RCV=/tmp/nd_first.rcv
: >$RCV
nsx D socat -u UDP6-RECV:5002 - >>$RCV 2>/dev/null &
defer "kill $!"
sleep 1

# first_datagram NAME DEST TOKEN: A holds no neighbour entry for DEST,
# sends exactly one datagram carrying TOKEN, and D gets it.
first_datagram() {
	local name=$1 dst=$2 tok=$3 i n
	nsx A ip -6 neigh flush dev mesh0
	n=$(nsx A ip -6 neigh show dev mesh0 to "${dst%%%*}" | grep -c .)
	check_eq "$name: A has no neighbour entry for D" 0 "$n"
	printf '%s' "$tok" | nsx A nc -6 -u -w 1 "$dst" 5002
	for ((i = 0; i < 25; i++)); do
		grep -q "$tok" $RCV && break
		sleep 0.2
	done
	check_eq "$name: the one datagram sent arrived at D" 1 \
		"$(grep -o "$tok" $RCV | grep -c .)"
	n=$(nsx A ip -6 neigh show dev mesh0 to "${dst%%%*}" |
		grep -cE 'REACHABLE|STALE|DELAY|PROBE')
	check_eq "$name: A resolved D" 1 "$n"
}

fresh_a
check "A: a fresh mesh0" [ $? = 0 ]
first_datagram "global" 2001:db8::d tok-global-1

fresh_a
check "A: a fresh mesh0 again" [ $? = 0 ]
first_datagram "link-local" "$LD%mesh0" tok-linklocal-1

# And a ping, one echo request, once more with an empty neighbour table.
nsx A ip -6 neigh flush dev mesh0
check "one echo request to D right after a flush is answered" \
	nsx A ping -6 -q -c 1 -W 5 2001:db8::d

check "no WARNING, BUG or leak report in dmesg" dmesg_clean

tap_done
