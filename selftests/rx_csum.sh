#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rx_csum.sh - a mesh node checks the transport checksum of what it hears.
#
# mac802154 marks every frame it delivers CHECKSUM_UNNECESSARY (the radio
# checked the frame's FCS); that says nothing about the ICMPv6 or UDP
# checksum of the packet inside, which is the only check a forged or
# mangled packet from the air meets. Before this test, the mark reached the
# IPv6 stack, which then skipped those checksums: a neighbour advertisement
# with a wrong checksum re-pointed a neighbour entry to any link-layer
# address (rx_fuzz hit it, as "A no longer answers B" for a minute).
#
# A bare wpan I sends to mesh node A, in uncompressed IPv6 (dispatch 0x41),
# each packet once with its right checksum (the control: A takes it) and
# once with it off by one (A counts a checksum error and nothing else):
#  - an ICMPv6 echo request (Icmp6InEchos, Icmp6InCsumErrors),
#  - a UDP datagram to a closed port (Udp6NoPorts, Udp6InCsumErrors),
#  - a neighbour advertisement with the override flag that re-points A's
#    entry for 2001:db8::b (ip -6 neigh; the bad one must not).
source "$(dirname "$0")/lib.sh"
require_root_vm
INJ=$LM_TOOLS/lm-inject
UDP6=$LM_TOOLS/lm-udp6
[ -x "$INJ" ] && [ -x "$UDP6" ] || skip_all "selftests/tools not built (make -C selftests/tools)"

tap_plan 10

lm_load || skip_all "cannot load the module"
hwsim_radios 2 || skip_all "cannot create hwsim radios"
radio_link 0 1
mesh_node A 0 && node I 1
check "mesh node A, bare wpan I" [ $? = 0 ]
WI=$(wpan_of I)
DA=$(wpan_ext A)
wait_lladdr A mesh0
LA=$(lladdr A mesh0)
LI=fe80::1:2:3:4

# hex16 ADDR: an IPv6 address as 32 hex digits
hex16() {
	local a=$1 head tail fill i out=
	head=${a%%::*} tail=${a#*::}
	[ "$head" = "$a" ] && tail=
	IFS=: read -ra h <<<"$head"
	IFS=: read -ra t <<<"$tail"
	fill=$((8 - ${#h[@]} - ${#t[@]}))
	for i in "${h[@]}"; do out+=$(printf '%04x' "0x${i:-0}"); done
	for ((i = 0; i < fill; i++)); do out+=0000; done
	for i in "${t[@]}"; do out+=$(printf '%04x' "0x${i:-0}"); done
	echo "$out"
}

# icmp6 SRC DST HEX [BAD]: dispatch 0x41, IPv6 header (hop limit 255) and
# the ICMPv6 message HEX (its checksum field 0000) with its checksum
# filled in; plus one when BAD is given.
icmp6() {
	local s d m=$3 len sum=0 i ph
	s=$(hex16 "$1") d=$(hex16 "$2")
	len=$(( ${#m} / 2 ))
	ph=$s$d$(printf '%08x' "$len")0000003a$m
	((len % 2)) && ph+=00	# an odd last byte is the high half of a word
	for ((i = 0; i < ${#ph}; i += 4)); do sum=$((sum + 16#${ph:i:4})); done
	while ((sum >> 16)); do sum=$(( (sum & 0xffff) + (sum >> 16) )); done
	sum=$(( ~sum & 0xffff ))
	[ -n "${4:-}" ] && sum=$(( (sum + 1) & 0xffff ))
	printf '4160000000%04x3aff%s%s%s%04x%s\n' "$len" "$s" "$d" \
		"${m:0:4}" "$sum" "${m:8}"
}

snmp() { nsx A awk -v k="$1" '$1 == k {print $2}' /proc/net/snmp6; }
inj() { nsx I "$INJ" -i "$WI" -d "$DA" "$@" >/dev/null; }
# delta COUNTER CMD...: how much COUNTER of A went up while CMD ran
delta() {
	local k=$1 v0
	shift
	v0=$(snmp "$k")
	"$@"
	sleep 0.5
	echo $(( $(snmp "$k") - v0 ))
}

# --- ICMPv6 echo request ---------------------------------------------------------------------

echo_req=80000000abcd000168656c6c6f
e0=$(snmp Icmp6InCsumErrors)
check_eq "echo request, right checksum: A takes it" 1 \
	"$(delta Icmp6InEchos inj "$(icmp6 "$LI" "$LA" "$echo_req")")"
check_eq "echo request, wrong checksum: A does not" 0 \
	"$(delta Icmp6InEchos inj "$(icmp6 "$LI" "$LA" "$echo_req" bad)")"
check_eq "  and counts it in Icmp6InCsumErrors" 1 $(( $(snmp Icmp6InCsumErrors) - e0 ))

# --- UDP -------------------------------------------------------------------------------------

U=$("$UDP6" "$LI" "$LA" 4000 9 hello)
# the UDP checksum is the last 2 bytes of the header, before "hello"
ck=${U: -14:4}
Ubad=${U:0:${#U}-14}$(printf '%04x' $(( (16#$ck + 1) & 0xffff )))${U: -10}
e0=$(snmp Udp6InCsumErrors)
check_eq "UDP, right checksum: A takes it (port unreachable)" 1 \
	"$(delta Udp6NoPorts inj "41$U")"
check_eq "UDP, wrong checksum: A does not" 0 "$(delta Udp6NoPorts inj "41$Ubad")"
check_eq "  and counts it in Udp6InCsumErrors" 1 $(( $(snmp Udp6InCsumErrors) - e0 ))

# --- neighbour advertisement -----------------------------------------------------------------

real=02:00:00:00:00:00:00:0b forged=02:66:66:66:66:66:66:66
nsx A ip -6 addr add 2001:db8::a/64 dev mesh0 nodad
nsx A ip -6 neigh replace 2001:db8::b lladdr "$real" nud stale dev mesh0
# NA: flags override, target 2001:db8::b, target link-layer address option
# (type 2, 2 units: 8-byte extended address, 6 bytes of padding)
na=8800000020000000$(hex16 2001:db8::b)0202${forged//:/}000000000000
lladdr_b() { nsx A ip -6 neigh show 2001:db8::b dev mesh0 | awk '{print $3}'; }
inj "$(icmp6 "$LI" 2001:db8::a "$na" bad)"
sleep 0.5
check_eq "advertisement, wrong checksum: A's entry for 2001:db8::b stays" "$real" "$(lladdr_b)"
inj "$(icmp6 "$LI" 2001:db8::a "$na")"
sleep 0.5
check_eq "advertisement, right checksum: A takes it (the control)" "$forged" "$(lladdr_b)"

check "no WARNING, BUG or Oops in dmesg" dmesg_clean
tap_done
