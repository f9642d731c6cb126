#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# addr_change.sh - the wpan device's addresses change under a mesh
# interface (issue 14, defect 5).
#
#  - A new extended address is refused while mesh0 is up (it is mesh0's
#    address and the root of its SLAAC addresses); with mesh0 down it is
#    taken over: mesh0 shows it, and once up has the link-local address
#    derived from it, which B reaches.
#  - A new short address (nl802154 allows it only with the wpan device
#    down) needs nothing of the module: the wpan device's down and up
#    take mesh0's carrier down and up, and with ndisc_notify on the IPv6
#    stack announces the node again (an unsolicited neighbour
#    advertisement from the new short address); B answers A's next ping.
#    The same holds for a new PAN ID.
source "$(dirname "$0")/lib.sh"
require_root_vm
command -v tshark >/dev/null || skip_all "needs tshark"

tap_plan 11

lm_load || skip_all "cannot load the module"
hwsim_radios 2 || skip_all "cannot create hwsim radios"
radio_link 0 1
mesh_node A 0 0x000a && mesh_node B 1 0x000b
check "mesh nodes A (0x000a) and B (0x000b)" [ $? = 0 ]
WA=$(wpan_of A)
wait_lladdr A mesh0 && wait_lladdr B mesh0
LB=$(lladdr B mesh0)
check "B pings A" ping6_ok B "$(lladdr A mesh0)%mesh0"

mesh_a() { nsx A cat /sys/class/net/mesh0/address; }
NEW=02:00:00:00:00:00:aa:01
old=$(wpan_ext A)

# --- extended address ------------------------------------------------------------------------

nsx A ip link set "$WA" down
check_fail "a new extended address is refused while mesh0 is up" \
	nsx A ip link set "$WA" address "$NEW"
check_eq "  the wpan device keeps its address" "$old" "$(wpan_ext A)"
nsx A ip link set mesh0 down
check "with mesh0 down it is taken" nsx A ip link set "$WA" address "$NEW"
check_eq "  mesh0's address follows" "$NEW" "$(mesh_a)"
nsx A ip link set "$WA" up
nsx A ip link set mesh0 up
wait_lladdr A mesh0
lls() { nsx A ip -6 -o addr show dev mesh0 scope link | awk '{print $4}' | tr '\n' ' '; }
check "  mesh0 has the link-local address derived from it ($(lls))" \
	grep -qw fe80::aa01/64 <<<"$(lls)"
check "  and B reaches it" ping6_ok B "fe80::aa01%mesh0"

# --- short address ---------------------------------------------------------------------------

ping6_ok A "$LB%mesh0"		# B knows A's short address 0x000a now
nsx A sysctl -qw net.ipv6.conf.mesh0.ndisc_notify=1
TMP=$(mktemp -d)
defer "rm -rf $TMP"
capture_start B "$(wpan_of B)" "$TMP/b.pcap"
cap_pid=$CAPTURE_PID
nsx A ip link set "$WA" down
nsx A iwpan dev "$WA" set short_addr 0x001a
nsx A ip link set "$WA" up
sleep 2
capture_stop $cap_pid
na=$(tshark -r "$TMP/b.pcap" -Y 'icmpv6.type == 136 && icmpv6.nd.na.flag.o == 1 &&
	wpan.src16 == 0x001a' 2>/dev/null | wc -l)
check_ge "a new short address: A announces it at once (unsolicited NA from 0x001a)" 1 "$na"
check "  and A's ping to B is answered" nsx A ping -6 -q -c 1 -W 3 "$LB%mesh0"
check "no WARNING, BUG or Oops in dmesg" dmesg_clean
tap_done
