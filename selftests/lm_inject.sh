#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lm_inject.sh - the frame injector of the other tests, checked by an
# independent decoder: what selftests/tools/lm-inject sends is what tshark
# sees on the receiving radio (802.15.4 data frames to the given extended
# address, payload byte for byte: uncompressed IPv6/UDP with a good
# checksum, fragments tshark reassembles, mesh headers, whole raw MAC
# frames), and seeded random frames are the same frames every time.
source "$(dirname "$0")/lib.sh"
require_root_vm
INJ=$LM_TOOLS/lm-inject
UDP6=$LM_TOOLS/lm-udp6
[ -x "$INJ" ] && [ -x "$UDP6" ] || skip_all "selftests/tools not built (make -C selftests/tools)"
command -v tshark >/dev/null || skip_all "needs tshark"

tap_plan 10

hwsim_radios 2 || skip_all "cannot create hwsim radios"
radio_link 0 1
node R 0 && node I 1
check "bare wpan devices: receiver R, injector I" [ $? = 0 ]
WR=$(wpan_of R) WI=$(wpan_of I)
DR=$(nsx R cat "/sys/class/net/$WR/address")
SI=$(nsx I cat "/sys/class/net/$WI/address")

TMP=$(mktemp -d)
defer "rm -rf $TMP"
cap=$TMP/lm_inject.pcap
capture_start R "$WR" $cap -P
cap_pid=$CAPTURE_PID

inj() { nsx I "$INJ" -i "$WI" "$@" >/dev/null; }
P=$("$UDP6" fe80::1 fe80::2 4000 5555 -z 150)
S=$(( ${#P} / 2 ))
U=$("$UDP6" fe80::1 fe80::2 4000 5555 hello)
bytes() { echo "${1:$((2 * $2)):$((2 * $3))}"; }
inj -d "$DR" "41$U"
inj -d "$DR" "c0c61234""41$(bytes "$P" 0 96)" "e0c612340c$(bytes "$P" 96 96)" \
	"e0c6123418$(bytes "$P" 192 $((S - 192)))"
inj -d "$DR" "85${SI}${DR}41$U"
# raw: data frame, PAN ID compression, short addresses 0x0001 -> 0xffff
inj -R "418807efbeffff010041$U"
inj -d "$DR" -r 20 -s 7
sleep 1
capture_stop $cap_pid

f=$(tshark -r $cap -o udp.check_checksum:TRUE -T fields -E separator=';' \
	-e wpan.dst64 -e wpan.dst16 -e udp.dstport -e udp.checksum.status \
	-e 6lowpan.mesh.dest64 2>/dev/null)
tap_note "tshark: $(echo "$f" | head -n 6 | tr '\n' ' ')"
check_eq "26 frames on air" 26 "$(echo "$f" | grep -c .)"
check_eq "25 of them to R's extended address" 25 "$(echo "$f" | grep -c "^$DR;")"
check_eq "the raw frame to short address 0xffff" 1 "$(echo "$f" | grep -c '^;0xffff;')"
check_eq "uncompressed IPv6/UDP decoded, checksum good (plain, reassembled, meshed, raw)" \
	4 "$(echo "$f" | grep -c ';5555;1;')"
check_eq "the mesh header's final address decoded" 1 "$(echo "$f" | grep -c ";0x${DR//:/}\$")"
bad=$(tshark -r $cap -c 6 -Y '_ws.malformed || _ws.expert.severity >= "error"' 2>/dev/null | wc -l)
check_eq "no malformed or error frames among the hand-made ones" 0 "$bad"

sent=$("$INJ" -n -r 20 -s 7)
check "seeded random frames: the same seed gives the same frames" \
	[ "$sent" = "$("$INJ" -n -r 20 -s 7)" ]
check "  a different seed gives others" [ "$sent" != "$("$INJ" -n -r 20 -s 8)" ]
check_eq "  and they went on air byte for byte (lm-inject -p reads the capture)" \
	"$sent" "$("$INJ" -n -p $cap | tail -n 20)"

tap_done
