#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# frag_reasm.sh - every way a received frame or fragment can fail is
# dropped AND counted under its own name, and good fragments still make
# datagrams whatever order they come in.
#
# Node A runs mesh0; node I is a bare wpan device from which lm-inject
# sends hand-made 6LoWPAN payloads to A's extended address. Every test
# point compares counter deltas (iotctl stats) before and after one burst,
# so a drop that is not counted, or counted under another name, fails.
# Delivery is proved with real UDP datagrams (uncompressed IPv6, dispatch
# 0x41, built by lm-udp6, split into FRAG1/FRAGN by hand) arriving at a
# socat listener in A's namespace.
source "$(dirname "$0")/lib.sh"
require_root_vm
INJ=$LM_TOOLS/lm-inject
UDP6=$LM_TOOLS/lm-udp6
[ -x "$INJ" ] && [ -x "$UDP6" ] || skip_all "selftests/tools not built (make -C selftests/tools)"
command -v socat >/dev/null || skip_all "needs socat"

tap_plan 33

lm_load reasm_timeout_ms=500 reasm_max_entries=4 || skip_all "cannot load the module"
hwsim_radios 2 || skip_all "cannot create hwsim radios"
radio_link 0 1
mesh_node A 0 && node I 1
check "mesh0 on A, bare wpan on I" [ $? = 0 ]
WI=$(wpan_of I)
DA=$(wpan_ext A)
SI=$(nsx I cat "/sys/class/net/$WI/address")
nsx A ip -6 addr add 2001:db8::a/64 dev mesh0 nodad
tap_note "A $DA, I $SI"

# --- helpers ---------------------------------------------------------------

injected=0
# inj HEX...: send frames from I to A
inj() {
	nsx I "$INJ" -i "$WI" -d "$DA" "$@" >/dev/null || return 1
	injected=$((injected + $#))
}

# Counters: one iotctl call reads them all (calls are slow under TCG).
declare -A base cur
# read_stats ARRAY: every counter of A's mesh0 into ARRAY
read_stats() {
	local -n _a=$1
	local k v
	_a=()
	while read -r k v; do
		[ -n "$v" ] && _a[$k]=$v
	done < <(nsx A "$IOTCTL" stats mesh0 | tail -n +2)
}
# snap: remember the counters
snap() { read_stats base; }
# d NAME...: sum of the increases of NAME... since the last snap
d() {
	local n sum=0
	read_stats cur
	for n in "$@"; do
		sum=$((sum + ${cur[$n]:-0} - ${base[$n]:-0}))
	done
	echo $sum
}
# settle N: wait (3 s at most) until A's handler saw N frames since snap,
# then a little more for the last one to be through
settle() {
	local i
	for ((i = 0; i < 15; i++)); do
		[ "$(d rx_frames)" -ge "$1" ] && break
		sleep 0.2
	done
	sleep 0.2
}
# wait_d NAME N: wait (3 s at most) until NAME went up by N
wait_d() {
	local i
	for ((i = 0; i < 15; i++)); do
		[ "$(d "$1")" -ge "$2" ] && break
		sleep 0.2
	done
}

# hex helpers: frag1 SIZE TAG, fragn SIZE TAG OFFSET, bytes HEX FROM LEN
frag1() { printf '%02x%02x%04x' $((0xc0 | $1 >> 8)) $(($1 & 255)) "$2"; }
fragn() { printf '%02x%02x%04x%02x' $((0xe0 | $1 >> 8)) $(($1 & 255)) "$2" $(($3 / 8)); }
bytes() { echo "${1:$((2 * $2)):$((2 * $3))}"; }

# A UDP datagram of 198 bytes (40 + 8 + 150) and its three fragments:
# FRAG1 = 0x41 + bytes 0..95, FRAGN at 96 (96 bytes), FRAGN at 192 (6).
PAY=150
P=$("$UDP6" 2001:db8::b 2001:db8::a 4000 5555 -z $PAY)
S=$(( ${#P} / 2 ))
F1() { echo "$(frag1 $S "$1")41$(bytes "$P" 0 96)"; }
F2() { echo "$(fragn $S "$1" 96)$(bytes "$P" 96 96)"; }
F3() { echo "$(fragn $S "$1" 192)$(bytes "$P" 192 $((S - 192)))"; }
want=$(printf '%s' "$(printf 'ABCDEFGHIJKLMNOPQRSTUVWXYZ%.0s' $(seq 6))" | head -c $PAY)

rm -f /tmp/udp.out
nsx A socat -u UDP6-RECV:5555 OPEN:/tmp/udp.out,creat,append &
defer "kill $! 2>/dev/null"
for _ in $(seq 30); do
	nsx A ss -Hlun 2>/dev/null | grep -q ':5555 ' && break
	sleep 0.1
done

# got N: the listener holds N datagrams' worth of bytes
got() {
	local i
	for ((i = 0; i < 30; i++)); do
		[ "$(stat -c %s /tmp/udp.out 2>/dev/null)" = "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# --- delivery --------------------------------------------------------------

snap
inj "41$("$UDP6" 2001:db8::b 2001:db8::a 4000 5555 hello)"
got 5
check "unfragmented 0x41 UDP datagram from lm-inject reaches a socket" \
	[ "$(cat /tmp/udp.out 2>/dev/null)" = hello ]
check_eq "  and counts one rx_packet" 1 "$(d rx_packets)"

snap
inj "$(F3 0x1001)" "$(F2 0x1001)" "$(F1 0x1001)"
got $((5 + PAY))
check "fragments in reverse order (FRAGN, FRAGN, FRAG1) deliver the datagram" \
	[ "$(tail -c $PAY /tmp/udp.out)" = "$want" ]
check_eq "  reasm_ok +1, frag_rx +3" "1 3" "$(d reasm_ok) $(d frag_rx)"

snap
inj "$(F2 0x1002)" "$(F1 0x1002)" "$(F3 0x1002)"
got $((5 + 2 * PAY))
check_eq "fragments out of order (middle, first, last) deliver too" 1 "$(d reasm_ok)"

# --- reassembly failures -------------------------------------------------------

snap
inj "$(F1 0x2001)"
wait_d reasm_drop_timeout 1
check_eq "a FRAG1 alone expires: reasm_drop_timeout +1" 1 "$(d reasm_drop_timeout)"

snap
# one burst: the entry must still be there (it lives 500 ms)
inj "$(F1 0x2002)" "$(fragn $S 0x2002 64)$(bytes "$P" 64 96)" "$(F1 0x2002)" \
	"$(F2 0x2002)" "$(F2 0x2002)"
settle 5
check_eq "overlapping FRAGN, repeated FRAG1, repeated FRAGN: reasm_drop_overlap +3" \
	3 "$(d reasm_drop_overlap)"
wait_d reasm_drop_timeout 1

snap
inj "$(fragn $S 0x2003 192)$(bytes "$P" 96 16)"
settle 1
check_eq "a FRAGN past the datagram end: reasm_drop_bad +1" 1 "$(d reasm_drop_bad)"

# Offset 0 is FRAG1's (headers compressed there): a FRAGN at 0 is forged.
snap
inj "$(fragn $S 0x200a 0)$(bytes "$P" 0 48)"
settle 1
check_eq "a FRAGN at offset 0: rx_drop_malformed +1, not taken as a fragment" \
	"1 0" "$(d rx_drop_malformed) $(d frag_rx)"

snap
inj "$(fragn $S 0x2004 96)$(bytes "$P" 96 20)"
settle 1
check_eq "a non-final FRAGN of 20 bytes (not 8n): reasm_drop_bad +1" 1 "$(d reasm_drop_bad)"

snap
inj "$(frag1 $S 0x2005)41$(bytes "$P" 0 50)"
settle 1
check_eq "a non-final FRAG1 of 50 bytes (not 8n): reasm_drop_bad +1" 1 "$(d reasm_drop_bad)"

snap
inj "$(frag1 0 0x2006)41$(bytes "$P" 0 48)" "$(frag1 30 0x2007)41$(bytes "$P" 0 48)"
settle 2
check_eq "datagram size 30 (< its IPv6 header): reasm_drop_bad +1" 1 "$(d reasm_drop_bad)"
check_eq "datagram size 0 (refused by the header parser): rx_drop_malformed +1" \
	1 "$(d rx_drop_malformed)"

snap
inj "$(frag1 $S 0x2008)41" "$(frag1 $S 0x2009)41$(bytes "$P" 0 24)"
settle 2
check_eq "a FRAG1 with no or half an IPv6 header: reasm_drop_bad +2" 2 "$(d reasm_drop_bad)"

snap
inj "$(fragn $S 0x200a 96)" "$(frag1 $S 0x200b)"
settle 2
# The header parser already refuses a fragment header with nothing after
# it (rx_drop_malformed); reassembly would call it reasm_drop_bad. Either
# is a counted drop of exactly these two frames.
check_eq "empty FRAGN and FRAG1: counted (reasm_drop_bad or rx_drop_malformed) +2" \
	2 "$(d reasm_drop_bad rx_drop_malformed)"

snap
inj "$(frag1 $S 0x200c)7bf355113a"
settle 1
check_eq "a FRAG1 whose IPHC does not decompress: reasm_drop_bad +1" 1 "$(d reasm_drop_bad)"

# reasm_max_entries=4: the fifth datagram at once has no room
snap
inj "$(F1 0x3001)" "$(F1 0x3002)" "$(F1 0x3003)" "$(F1 0x3004)" "$(F1 0x3005)"
settle 5
check_eq "a fifth concurrent datagram (reasm_max_entries=4): reasm_drop_limit +1" \
	1 "$(d reasm_drop_limit)"
wait_d reasm_drop_timeout 4
check_eq "  the four others expire: reasm_drop_timeout +4" 4 "$(d reasm_drop_timeout)"

# reasm_max_bytes: two datagrams of 1000 bytes do not fit in 1500
echo 1500 >/sys/module/lowpan_mesh/parameters/reasm_max_bytes
snap
inj "$(frag1 1000 0x3101)41$(bytes "$P" 0 96)" "$(frag1 1000 0x3102)41$(bytes "$P" 0 96)"
settle 2
check_eq "reasm_max_bytes=1500, two 1000-byte datagrams: reasm_drop_limit +1" \
	1 "$(d reasm_drop_limit)"
echo 32768 >/sys/module/lowpan_mesh/parameters/reasm_max_bytes
wait_d reasm_drop_timeout 1

snap
inj "$(F3 0x3201)" "$(F1 0x3201)" "$(F2 0x3201)"
got $((5 + 3 * PAY))
check_eq "after the limits and timeouts, a datagram reassembles again" 1 "$(d reasm_ok)"

# --- bad headers ---------------------------------------------------------------

snap
inj 85"$SI" 95"$SI"ff 50 c0c6 c0c61001 e0c61001 \
	"$(frag1 $S 0x4001)$(frag1 $S 0x4001)41"
settle 7
check_eq "truncated mesh, BC0, FRAG1, FRAGN headers, FRAG1 twice: rx_drop_malformed +7" \
	7 "$(d rx_drop_malformed)"

snap
inj 00 000102 3fffff 40 4f00 5100
settle 6
check_eq "NALP (00xxxxxx) and reserved dispatches: rx_drop_not_lowpan +6" \
	6 "$(d rx_drop_not_lowpan)"

snap
inj 7a 7b 7bf355113a 7b3d3a 7f33ff00 7b33
settle 6
check_eq "bad IPHC (truncated, unknown context, reserved mode, unknown NHC): rx_drop_decompress/ctx +6" \
	6 "$(d rx_drop_decompress rx_drop_ctx)"

snap
inj 41 41600000000008
settle 2
check_eq "0x41 with no or a truncated IPv6 header: rx_drop_malformed +2" \
	2 "$(d rx_drop_malformed)"

# --- mesh and BC0 headers (forwarding may or may not be there) --------------------

U=$("$UDP6" 2001:db8::b 2001:db8::a 4000 5555 mesh!)
m0=$(lm_stat A mesh_delivered)
snap
inj "85${SI}${DA//:/}41$U"
settle 1
check_eq "mesh header to A: taken (mesh_delivered) or rx_drop_unsupported +1" \
	1 "$(d mesh_delivered rx_drop_unsupported)"

snap
inj "850011223344556677${DA//:/}41$U"
settle 1
check_eq "  with another originator: taken or rx_drop_unsupported +1" \
	1 "$(d mesh_delivered rx_drop_unsupported)"
if [ "$(lm_stat A mesh_delivered)" -gt "${m0:-0}" ]; then
	check_eq "  both meshed UDP datagrams reached the socket" 2 \
		"$(grep -o "mesh!" /tmp/udp.out | wc -l)"
else
	tap_skip "  meshed UDP datagrams reach the socket" "no mesh forwarding in this build"
fi

snap
inj "85${SI}001122334455667741$U" "81${SI}001122334455667741$U"
settle 2
check_eq "mesh header to a stranger: fwd_* or rx_drop_unsupported +2" \
	2 "$(d fwd_frames fwd_drop_hops fwd_drop_no_route fwd_drop_xmit rx_drop_unsupported)"

# A mesh-under relay forwards on the mesh header alone (ARCHITECTURE.md:
# "forward to the next hop untouched"): what follows it, here a NALP
# payload (the dispatch of mesh control frames), is none of its business.
snap
inj "85${SI}0011223344556677""00deadbeef"
settle 1
check_eq "mesh header to a stranger over a NALP payload: fwd_* (or rx_drop_unsupported) +1" \
	1 "$(d fwd_frames fwd_drop_hops fwd_drop_no_route fwd_drop_xmit rx_drop_unsupported)"

snap
inj "95${SI}ffff5007""41$("$UDP6" 2001:db8::b ff02::1 4000 5555 bcast)" "500841$U"
settle 2
check_eq "mesh+BC0 flood, BC0 alone: bc0_delivered or rx_drop_unsupported +2" \
	2 "$(d bc0_delivered rx_drop_unsupported)"

check_eq "A's handler saw every injected frame (rx_frames)" \
	"$injected" "$(lm_stat A rx_frames)"
check "no WARNING, BUG or Oops in dmesg" dmesg_clean

tap_done
