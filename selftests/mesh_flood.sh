#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# BC0 flooding on a ring A - B - C - D - A: multicast from A reaches every
# node exactly once although C hears it from both B and D; the copies are
# counted as duplicates, A drops its own frames heard back, and neighbour
# discovery works across hops (a link-local address two hops away answers).
source "$(dirname "$0")/lib.sh"
require_root_vm
command -v socat >/dev/null || skip_all "needs socat"

tap_plan 11
lm_load
hwsim_radios 4 || skip_all "cannot create hwsim radios"
radio_link 0 1 && radio_link 1 2 && radio_link 2 3 && radio_link 3 0
mesh_node A 0 0x000a && mesh_node B 1 0x000b &&
	mesh_node C 2 0x000c && mesh_node D 3 0x000d
check "four nodes on a ring" [ $? = 0 ]
for n in A B C D; do wait_lladdr $n mesh0; done

for n in B C D; do
	nsx $n socat -u UDP6-RECV:9999 OPEN:/tmp/mc.$n,creat,trunc &
	defer "kill $!"
done
sleep 1
dup0=$(lm_stat C bc0_duplicate)
own0=$(lm_stat A rx_drop_own)
# Five datagrams, five frames: one nc each.
for i in 1 2 3 4 5; do
	echo "flood $i" | nsx A nc -6 -u -w 0 "ff02::1%mesh0" 9999
	sleep 0.2
done
sleep 3
for n in B C D; do
	got=$(wc -l </tmp/mc.$n)
	uniq=$(sort -u /tmp/mc.$n | wc -l)
	check_eq "node $n got the 5 datagrams exactly once" "5 5" "$got $uniq"
done
check_ge "C counted the copies it heard twice as duplicates" $((dup0 + 5)) \
	"$(lm_stat C bc0_duplicate)"
check_ge "A dropped its own flood heard back" $((own0 + 5)) \
	"$(lm_stat A rx_drop_own)"
check_ge "B flooded on" 5 "$(lm_stat B bc0_flooded)"
check_ge "D flooded on" 5 "$(lm_stat D bc0_flooded)"

# Neighbour discovery across two hops: C answers A's link-local ping once
# A and C know a route to each other.
nsx A "$IOTCTL" route add 0x000c via 0x000b dev mesh0
nsx C "$IOTCTL" route add 0x000a via 0x000b dev mesh0
check "ping A -> C link-local, two hops, resolved by flooded ND" \
	ping6_ok A "$(lladdr C mesh0)%mesh0"
r=$(nsx A ping -6 -i 0.5 -w 4 "ff02::1%mesh0" |
	awk '/bytes from/ {print $4}' | sort -u | wc -l)
check_eq "a multicast ping from A is answered by all 4 nodes" 4 "$r"
# Routing is on: C also lists the routes it learned (to B and D, origin
# mesh); its route to A is the static one alone (a learned route to a
# destination with a static route is not listed).
check_eq "C has A's route in iotctl route show: one, via B, static" \
	"1 0x000b static" \
	"$(nsx C "$IOTCTL" route show dev mesh0 |
	   awk '$1 == "0x000a" {n++; v = $3; o = $NF} END {print n + 0, v, o}')"

tap_done
