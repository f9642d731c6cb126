#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mesh0 and a mainline 6LoWPAN peer (lowpan0) on two radios that hear each
# other: neighbour discovery, pings both ways (link-local, global, 1280-byte
# packets that need fragmentation both ways), a TCP transfer with the same
# checksum on both ends, short addresses, counters, and tshark decoding
# every frame without a malformed or error expert note.
source "$(dirname "$0")/lib.sh"
require_root_vm
command -v tshark >/dev/null || skip_all "needs tshark"

tap_plan 19
lm_load
hwsim_radios 2 || skip_all "cannot create hwsim radios"
radio_link 0 1
mesh_node A 0 && mainline_node M 1 &&
	nsx A "$IOTCTL" dev set mesh0 flood off
check "two nodes: mesh0 on A (flood off: plain multicast), mainline lowpan0 on M" [ $? = 0 ]

wait_lladdr A mesh0 && wait_lladdr M lowpan0
LA=$(lladdr A mesh0)
LM=$(lladdr M lowpan0)
tap_note "A $LA, M $LM"

TMP=$(mktemp -d)
defer "rm -rf $TMP"
cap=$TMP/interop.pcap
capture_start M "$(wpan_of M)" "$cap"
cap_pid=$CAPTURE_PID

check "ping A -> M link-local" ping6_ok A "$LM%mesh0"
check "ping M -> A link-local" ping6_ok M "$LA%lowpan0"
check "ping A -> M 1280-byte packets" ping6_ok A "$LM%mesh0" -s 1232
check "ping M -> A 1280-byte packets" ping6_ok M "$LA%lowpan0" -s 1232

nsx A ip -6 addr add 2001:db8::a/64 dev mesh0 nodad
nsx M ip -6 addr add 2001:db8::b/64 dev lowpan0 nodad
check "ping A -> M global" ping6_ok A 2001:db8::b
check "ping M -> A global, 1280 bytes" ping6_ok M 2001:db8::a -s 1232

check_ge "A reassembled datagrams from mainline" 3 "$(lm_stat A reasm_ok)"
check_ge "A fragmented datagrams for mainline" 3 "$(lm_stat A tx_fragmented)"
check_eq "A dropped nothing as malformed" 0 "$(lm_stat A rx_drop_malformed)"

# TCP both ways through IPv6 on top of us, checksums compared.
dd if=/dev/urandom of=/tmp/blob bs=1k count=128 2>/dev/null
want=$(sha256sum </tmp/blob | cut -d' ' -f1)
nsx M timeout 150 sh -c 'nc -6 -l -p 5001 -N >/tmp/blob.m' &
lpid=$!
tcp_listen_wait M 5001
nsx A timeout 120 nc -6 -N 2001:db8::b 5001 </tmp/blob
wait $lpid
check_eq "128 KiB TCP A -> M, same sha256" "$want" "$(sha256sum </tmp/blob.m | cut -d' ' -f1)"
nsx A timeout 150 sh -c 'nc -6 -l -p 5002 -N >/tmp/blob.a' &
lpid=$!
tcp_listen_wait A 5002
nsx M timeout 120 nc -6 -N 2001:db8::a 5002 </tmp/blob
wait $lpid
check_eq "128 KiB TCP M -> A, same sha256" "$want" "$(sha256sum </tmp/blob.a | cut -d' ' -f1)"

sleep 1
capture_stop $cap_pid
frames=$(tshark -r $cap 2>/dev/null | wc -l)
check_ge "tshark read the capture" 20 "$frames"
bad=$(tshark -r $cap -Y '_ws.malformed || _ws.expert.severity >= "error"' 2>/dev/null | wc -l)
check_eq "no malformed or error frames in the capture" 0 "$bad"
frag=$(tshark -r $cap -Y '6lowpan.frag.size' 2>/dev/null | wc -l)
check_ge "fragments on air, decoded by tshark" 10 "$frag"

# A short address: A picks, per packet, the cheaper of its two link-layer
# addresses. Its kernel-made link-local address (EUI-64 interface id)
# costs nothing inline with the extended address in the frame, 8 bytes
# with the short one; fe80::ff:fe00:1 (interface id from the short
# address) is the other way round.
nsx A ip link set mesh0 down; nsx A ip link set "$(wpan_of A)" down
nsx A iwpan dev "$(wpan_of A)" set short_addr 0x0001
nsx A ip link set "$(wpan_of A)" up; nsx A ip link set mesh0 up
wait_lladdr A mesh0
nsx A ip -6 addr add fe80::ff:fe00:1/64 dev mesh0 nodad
capture_start A "$(wpan_of A)" "$TMP/short.pcap"
cap_pid=$CAPTURE_PID
check "ping M -> A's short-address link-local fe80::ff:fe00:1" \
	ping6_ok M "fe80::ff:fe00:1%lowpan0"
check "ping M -> A's EUI-64 link-local, A on a short address" ping6_ok M "$LA%lowpan0"
sleep 1; capture_stop $cap_pid
replies() {	# tshark fields of A's echo replies from SOURCE
	tshark -r "$TMP/short.pcap" -Y "icmpv6.type == 129 && ipv6.src == $1" \
		-T fields -e "$2" -e 6lowpan.iphc.sam 2>/dev/null | sort -u | tr '\t\n' '  '
}
check_eq "replies from fe80::ff:fe00:1 leave from short address 0x0001, IID elided" \
	"0x0001 0x0003 " "$(replies fe80::ff:fe00:1 wpan.src16)"
check_eq "replies from the EUI-64 address leave from the extended address, IID elided" \
	"$(nsx A cat /sys/class/net/mesh0/address) 0x0003 " "$(replies "$LA" wpan.src64)"

tap_done
