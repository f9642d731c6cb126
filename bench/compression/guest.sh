#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest.sh - the part of the compression benchmark that runs in the VM
#
#   bench/compression/guest.sh [OUTDIR]      (default: results/compression)
#
# Builds two 4-node lines A - B - C - D of mac802154_hwsim radios, one
# after the other, with a fifth radio that hears all four and captures
# every frame on air (monitor interface, dumpcap):
#   (a) mainline: `ip link add ... type lowpan` on every node, extended
#       addresses (the default), IPv6 forwarding at B and C and static
#       routes (route-over), global addresses 2001:db8:1::ff:fe00:X/128;
#   (b) module: mesh0 on every node, short addresses 0x000a..0x000d,
#       static mesh routes (mesh-under), context 0 = 2001:db8:1::/64 and
#       the same global addresses, whose IIDs derive from the short
#       addresses; besides the kernel's EUI-64 link-local address each
#       node also has fe80::ff:fe00:X, derived from its short address.
# Both carry the same traffic (see cmp_traffic) and tshark reads every
# frame of the capture. Per frame: bytes on air (MAC header to FCS),
# upper-layer payload bytes (UDP payload; the whole ICMPv6 message), and
# overhead = the rest. OUTDIR gets frames.tsv (one line per frame),
# summary.tsv (one line per setup and case) and table.txt, the table that
# is also printed.
#
# selftests/compression.sh sources this file and calls cmp_run.

CMP_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
declare -F tap_plan >/dev/null || source "$CMP_HERE/../../selftests/lib.sh"

CMP_N=5			# datagrams (echo requests) per small case
CMP_NBIG=3		# 1280-byte datagrams
# UDP ports in 0xf0b0..0xf0bf: RFC 6282 compresses both to 4 bits each.
CMP_SPORT=61617		# 0xf0b1, every sender
CMP_PORT_NB=61618	# 0xf0b2, 64 bytes to the neighbour B
CMP_PORT_3H=61619	# 0xf0b3, 64 bytes to D, three hops away
CMP_PORT_BIG=61620	# 0xf0b4, 1232 bytes (a 1280-byte IPv6 datagram) to D
CMP_PORT_WARM=61631	# 0xf0bf, warm-up datagrams (not measured)
CMP_PFX=2001:db8:1
CMP_NODES=(A B C D)
CMP_MON=cmpmon

# cmp_gaddr X: the global address of node X (a..d), IID from short 0x000X
cmp_gaddr() { echo "$CMP_PFX::ff:fe00:$1"; }

# The cases: name, packets sent, hops each, floor of the overhead per
# packet and hop (bytes; see README.md), label. A floor of - : none given.
cmp_cases() {
	cat <<EOT
echo-ll	$((2 * CMP_N))	1	17	link-local echo to a neighbour (module: IIDs from short addresses)
echo-ll-eui	$((2 * CMP_N))	1	29	link-local echo to a neighbour, EUI-64 IIDs (kernel default)
udp64-1h	$CMP_N	1	20	global UDP, 64 bytes, to a neighbour
udp64-3h	$CMP_N	3	25	global UDP, 64 bytes, 3 hops
udp1280-3h	$CMP_NBIG	3	260	global UDP, 1280-byte datagram, 3 hops
nd-ns	0	0	-	neighbour solicitation (multicast)
nd-na	0	0	-	neighbour advertisement
other	0	0	-	the rest: warm-up, RS, MLD, NUD probes, redirects, mesh control
EOT
}

# --- topology ----------------------------------------------------------------

# Five radios: 0-1-2-3 on a line, radio 4 hears them all and captures.
cmp_radios() {
	local i w
	hwsim_radios 5 || return 1
	radio_link 0 1 && radio_link 1 2 && radio_link 2 3 || return 1
	for i in 0 1 2 3; do
		radio_link "$i" 4 || return 1
	done
	w=$(iwpan dev | awk -v p="phy#${PHY[4]#phy}" '$1 == p {f = 1; next}
		/^phy#/ {f = 0} f && $1 == "Interface" {print $2}')
	[ -n "$w" ] && iwpan dev "$w" del
	iwpan phy "${PHY[4]}" interface add "$CMP_MON" type monitor || return 1
	ip link set "$CMP_MON" up
}

_cmp_cap_pid=
cmp_capture_start() {	# FILE
	rm -f "$1"
	dumpcap -q -i "$CMP_MON" -w "$1" >/dev/null 2>&1 &
	_cmp_cap_pid=$!
	defer "kill $_cmp_cap_pid"
	for _ in $(seq 100); do [ -s "$1" ] && return 0; sleep 0.2; done
	return 1
}

cmp_capture_stop() {
	sleep 2
	kill "$_cmp_cap_pid" 2>/dev/null
	wait "$_cmp_cap_pid" 2>/dev/null
}

# (a) mainline 6LoWPAN, route-over.
cmp_setup_mainline() {
	local i n x
	for i in 0 1 2 3; do
		mainline_node "${CMP_NODES[$i]}" "$i" || return 1
	done
	for n in "${CMP_NODES[@]}"; do
		wait_lladdr "$n" lowpan0 || return 1
		x=${n,,}
		nsx "$n" ip -6 addr add "$(cmp_gaddr "$x")/128" dev lowpan0 nodad ||
			return 1
	done
	nsx B sysctl -qw net.ipv6.conf.all.forwarding=1 &&
	nsx C sysctl -qw net.ipv6.conf.all.forwarding=1 || return 1
	# The relays forward out of the interface a packet came in on, so
	# they send ICMPv6 redirects ("the destination is on-link"). On a
	# radio line it is not: a node that took the redirect would send
	# straight to a node it cannot hear (6.12 does take them here).
	for n in "${CMP_NODES[@]}"; do
		nsx "$n" sysctl -qw net.ipv6.conf.lowpan0.accept_redirects=0 ||
			return 1
	done
	_r() {	# NODE DEST [VIA-NODE]
		if [ -n "${3:-}" ]; then
			nsx "$1" ip -6 route add "$(cmp_gaddr "$2")/128" \
				via "$(lladdr "$3" lowpan0)" dev lowpan0
		else
			nsx "$1" ip -6 route add "$(cmp_gaddr "$2")/128" dev lowpan0
		fi
	}
	_r A b && _r A c B && _r A d B &&
	_r B a && _r B c && _r B d C &&
	_r C b && _r C d && _r C a B &&
	_r D c && _r D a C && _r D b C
}

# (b) this module, mesh-under.
cmp_setup_module() {
	local i n x
	for i in 0 1 2 3; do
		x=${CMP_NODES[$i],,}
		mesh_node "${CMP_NODES[$i]}" "$i" "0x000$x" || return 1
	done
	_r() { nsx "$1" "$IOTCTL" route add "$2" via "$3" dev mesh0; }
	_r A 0x000c 0x000b && _r A 0x000d 0x000b && _r B 0x000d 0x000c &&
	_r C 0x000a 0x000b && _r D 0x000a 0x000c && _r D 0x000b 0x000c ||
		return 1
	for n in "${CMP_NODES[@]}"; do
		x=${n,,}
		wait_lladdr "$n" mesh0 || return 1
		nsx "$n" "$IOTCTL" ctx add 0 "$CMP_PFX::/64" dev mesh0 >/dev/null &&
		nsx "$n" ip -6 addr add "$(cmp_gaddr "$x")/64" dev mesh0 nodad &&
		nsx "$n" ip -6 addr add "fe80::ff:fe00:$x/64" dev mesh0 nodad ||
			return 1
	done
}

# --- traffic -------------------------------------------------------------------

# The link-local address of NS on IF with an EUI-64 IID (not ff:fe00:X).
cmp_lleui() {
	nsx "$1" ip -6 -o addr show dev "$2" scope link |
		awk '{print $4}' | cut -d/ -f1 | grep -v ':ff:fe00:' | head -n1
}

# cmp_udp NS DEST PORT FILE: one datagram, FILE's bytes, from port 0xf0b1
cmp_udp() {
	nsx "$1" socat -u "OPEN:$4" \
		"UDP6-SENDTO:[$2]:$3,sourceport=$CMP_SPORT,reuseaddr" 2>/dev/null
}

# cmp_warm IF: resolve every neighbour entry the measured traffic needs
cmp_warm() {
	local ifn=$1 d
	echo w >/tmp/cmp.warm
	nsx A ping -6 -c 2 -i 0.5 -W 2 -s 8 -I "$(cmp_lleui A "$ifn")%$ifn" \
		"$(cmp_lleui B "$ifn")%$ifn" >/dev/null 2>&1
	if [ "$ifn" = mesh0 ]; then
		nsx A ping -6 -c 2 -i 0.5 -W 2 -s 8 -I "fe80::ff:fe00:a%$ifn" \
			"fe80::ff:fe00:b%$ifn" >/dev/null 2>&1
	fi
	for d in b d; do
		cmp_udp A "$(cmp_gaddr $d)" "$CMP_PORT_WARM" /tmp/cmp.warm
		sleep 2
		cmp_udp A "$(cmp_gaddr $d)" "$CMP_PORT_WARM" /tmp/cmp.warm
		sleep 1
	done
}

# cmp_traffic IF OUT: every case once; OUT gets "what value" lines of
# what arrived (pings answered, bytes received).
cmp_traffic() {
	local ifn=$1 out=$2 i got pids=() rx=/tmp/cmp.rx
	: >"$out"
	head -c 64 /dev/zero | tr '\0' p >/tmp/cmp.p64
	head -c 1232 /dev/zero | tr '\0' q >/tmp/cmp.p1232

	# Warm-up: neighbour discovery runs before the measured packets
	# (an 8-byte echo, a datagram to port 0xf0bf: counted as "other").
	cmp_warm "$ifn"

	got=$(nsx A ping -6 -c "$CMP_N" -i 0.3 -W 5 -s 56 \
		-I "$(cmp_lleui A "$ifn")%$ifn" "$(cmp_lleui B "$ifn")%$ifn" |
		awk '/received/ {print $4}')
	echo "echo-ll-eui ${got:-0}" >>"$out"
	if [ "$ifn" = mesh0 ]; then
		got=$(nsx A ping -6 -c "$CMP_N" -i 0.3 -W 5 -s 56 \
			-I "fe80::ff:fe00:a%$ifn" "fe80::ff:fe00:b%$ifn" |
			awk '/received/ {print $4}')
		echo "echo-ll ${got:-0}" >>"$out"
	fi

	rm -f "$rx".*
	nsx B socat -u "UDP6-RECV:$CMP_PORT_NB,reuseaddr" "OPEN:$rx.nb,creat,append" &
	pids+=($!)
	nsx D socat -u "UDP6-RECV:$CMP_PORT_3H,reuseaddr" "OPEN:$rx.3h,creat,append" &
	pids+=($!)
	nsx D socat -u "UDP6-RECV:$CMP_PORT_BIG,reuseaddr" "OPEN:$rx.big,creat,append" &
	pids+=($!)
	for p in "${pids[@]}"; do defer "kill $p"; done
	sleep 1
	for ((i = 0; i < CMP_N; i++)); do
		cmp_udp A "$(cmp_gaddr b)" "$CMP_PORT_NB" /tmp/cmp.p64
		sleep 0.3
	done
	for ((i = 0; i < CMP_N; i++)); do
		cmp_udp A "$(cmp_gaddr d)" "$CMP_PORT_3H" /tmp/cmp.p64
		sleep 0.5
	done
	for ((i = 0; i < CMP_NBIG; i++)); do
		cmp_udp A "$(cmp_gaddr d)" "$CMP_PORT_BIG" /tmp/cmp.p1232
		sleep 1.5
	done
	sleep 2
	kill "${pids[@]}" 2>/dev/null
	wait "${pids[@]}" 2>/dev/null
	echo "udp64-1h $(( $(stat -c %s $rx.nb 2>/dev/null || echo 0) / 64 ))" >>"$out"
	echo "udp64-3h $(( $(stat -c %s $rx.3h 2>/dev/null || echo 0) / 64 ))" >>"$out"
	echo "udp1280-3h $(( $(stat -c %s $rx.big 2>/dev/null || echo 0) / 1232 ))" >>"$out"
}

# --- analysis ------------------------------------------------------------------

# cmp_frames SETUP PCAP: one line per 802.15.4 data frame:
#   setup frame case kind bytes mac 6lowpan-prefix payload overhead origin
# kind: whole, frag1, fragn; prefix: mesh + BC0 header bytes; origin: 1 if
# the frame's MAC source is the packet's originator (no mesh header, or
# mesh originator = MAC source). FRAG1 payload is what the datagram's
# payload leaves after its FRAGNs (per hop).
cmp_frames() {
	tshark -r "$2" -n -o "6lowpan.context0:$CMP_PFX::/64" \
		-Y 'wpan.frame_type == 1' -T fields -E separator=/t -E occurrence=f \
		-e frame.number -e frame.len -e wpan.fcs \
		-e wpan.dst_addr_mode -e wpan.src_addr_mode -e wpan.pan_id_compression \
		-e wpan.src16 -e wpan.src64 \
		-e 6lowpan.mesh.orig16 -e 6lowpan.mesh.orig64 \
		-e 6lowpan.mesh.dest16 -e 6lowpan.mesh.dest64 -e 6lowpan.mesh.hops8 \
		-e 6lowpan.bcast.seqnum \
		-e 6lowpan.frag.size -e 6lowpan.frag.tag -e 6lowpan.frag.offset \
		-e 6lowpan.src -e 6lowpan.dst -e 6lowpan.udp.dst -e udp.dstport \
		-e udp.length -e icmpv6.type -e ipv6.plen -e frame.protocols 2>/dev/null |
	awk -F'\t' -v setup="$1" -v pnb="$CMP_PORT_NB" -v p3h="$CMP_PORT_3H" \
		-v pbig="$CMP_PORT_BIG" '
	function mode(s) { return substr(s, length(s)) + 0 }
	{
		n++
		num[n] = $1
		# on air: the MAC frame from frame control to FCS, without the
		# cooked header of the capture (Linux SLL, 16 bytes)
		bytes[n] = $2 - ($25 ~ /^sll:/ ? 16 : 0) + ($3 == "" ? 2 : 0)
		mh = 3
		dm = mode($4); sm = mode($5)
		if (dm == 2) mh += 4; else if (dm == 3) mh += 10
		if (sm == 2 || sm == 3) {
			if ($6 != "1" && $6 != "True") mh += 2
			mh += sm == 2 ? 2 : 8
		}
		mac[n] = mh
		msrc = $7 != "" ? $7 : $8
		pre = 0; orig = msrc
		if ($9 != "" || $10 != "") {
			orig = $9 != "" ? $9 : $10
			pre = 1 + ($9 != "" ? 2 : 8) + ($11 != "" ? 2 : 8) + ($13 != "" ? 1 : 0)
		}
		if ($14 != "") pre += 2
		prefix[n] = pre
		origin[n] = (orig == msrc)
		port = $20 != "" ? $20 : $21
		if ($15 != "") {
			key[n] = orig "|" $16 "|" $15
			if ($17 == "") {
				kind[n] = "frag1"
				c = "other"
				if (port == pbig) c = "udp1280-3h"
				else if (port == pnb) c = "udp64-1h"
				else if (port == p3h) c = "udp64-3h"
				gcase[key[n]] = c
				gn1[key[n]]++
				gpay[key[n]] += $15 - 40 - (port != "" ? 8 : 0)
			} else {
				kind[n] = "fragn"
				c = (key[n] in gcase) ? gcase[key[n]] : "other"
				payload[n] = bytes[n] - 2 - mh - pre - 5
				gpay[key[n]] -= payload[n]
			}
			cs[n] = c
			next
		}
		kind[n] = "whole"
		c = "other"
		if (port == pnb) c = "udp64-1h"
		else if (port == p3h) c = "udp64-3h"
		else if (($23 == 128 || $23 == 129) && $24 == 64) {
			if ($18 ~ /^fe80::ff:fe00:/) c = "echo-ll"
			else if ($18 ~ /^fe80:/) c = "echo-ll-eui"
		} else if ($23 == 135 && $19 ~ /^ff02:/) c = "nd-ns"
		else if ($23 == 136) c = "nd-na"
		cs[n] = c
		if (port != "" && $22 != "") payload[n] = $22 - 8
		else if ($23 != "" && $24 != "") payload[n] = $24
		else payload[n] = 0
	}
	END {
		for (i = 1; i <= n; i++) {
			if (kind[i] == "frag1")
				payload[i] = gpay[key[i]] / gn1[key[i]]
			printf "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\n", setup,
				num[i], cs[i], kind[i], bytes[i], mac[i], prefix[i],
				payload[i], bytes[i] - payload[i], origin[i]
		}
	}'
}

# cmp_summary FRAMES DELIVERED: one line per case of the setup:
#   setup case packets packet_hops frames bytes payload overhead/packet-hop
#   frames/packet delivered
# packets: sent (the echo cases count requests and replies) or, for ND,
# originated on air; a packet-hop is a whole frame or a FRAG1 on air.
cmp_summary() {
	local setup
	setup=$(head -n1 "$1" | cut -f1)
	cmp_cases | awk -F'\t' -v setup="$setup" -v del="$2" '
	FILENAME == "-" { sent[$1] = $2; order[++nc] = $1; next }
	FILENAME == del { split($0, a, " "); got[a[1]] = a[2]; next }
	{
		c = $3
		fr[c]++; by[c] += $5; pl[c] += $8
		if ($4 != "fragn") { ph[c]++; if ($10) orig[c]++ }
	}
	END {
		for (i = 1; i <= nc; i++) {
			c = order[i]
			p = sent[c] > 0 ? sent[c] : orig[c]
			if (!fr[c] || !p) {
				printf "%s\t%s\t0\t0\t0\t0\t0\t-\t-\t%s\n", setup, c,
					(c in got) ? got[c] : "-"
				continue
			}
			printf "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%.1f\t%.1f\t%s\n", setup, c,
				p, ph[c], fr[c], by[c], pl[c], (by[c] - pl[c]) / ph[c],
				fr[c] / p, (c in got) ? got[c] * (c ~ /^echo/ ? 2 : 1) : "-"
		}
	}' - "$2" "$1"
}

# cmp_table SUMMARY: the comparison table
cmp_table() {
	cmp_cases | awk -F'\t' '
	FILENAME == "-" { order[++nc] = $1; floor[$1] = $4; label[$1] = $5; next }
	{ split($0, a, "\t"); ovh[a[1], a[2]] = a[8]; fpp[a[1], a[2]] = a[9] }
	END {
		printf "%-13s %9s %9s %6s %6s %12s  %s\n", "case", "mainline",
			"module", "ratio", "floor", "frames/pkt", "what"
		for (i = 1; i <= nc; i++) {
			c = order[i]
			# mainline has EUI-64 link-local addresses only
			mc = (c == "echo-ll") ? "echo-ll-eui" : c
			m = ((("mainline", mc) in ovh)) ? ovh["mainline", mc] : "-"
			o = ((("module", c) in ovh)) ? ovh["module", c] : "-"
			r = (m != "-" && o != "-" && m > 0) ? sprintf("%.2f", o / m) : "-"
			f = sprintf("%s/%s", (("mainline", mc) in fpp) ? fpp["mainline", mc] : "-",
				(("module", c) in fpp) ? fpp["module", c] : "-")
			printf "%-13s %9s %9s %6s %6s %12s  %s\n", c, m, o, r,
				floor[c], f, label[c]
		}
		print "overhead: bytes on air per packet and hop that are not upper-layer"
		print "payload (MAC header, 6LoWPAN headers, FCS); ratio = module/mainline;"
		print "frames/pkt = mainline/module frames on air per packet (all hops)"
	}' - "$1"
}

# --- the whole run -------------------------------------------------------------

# cmp_one SETUP OUTDIR: build SETUP's line, run the traffic, analyse.
cmp_one() {
	local setup=$1 out=$2 ifn=lowpan0
	[ "$setup" = module ] && ifn=mesh0
	cmp_radios || { echo "# $setup: cannot set up the radios" >&2; return 1; }
	if [ "$setup" = module ]; then
		cmp_setup_module
	else
		cmp_setup_mainline
	fi || { echo "# $setup: cannot build the line" >&2; return 1; }
	cmp_capture_start "/tmp/cmp.$setup.pcap" ||
		{ echo "# $setup: no capture" >&2; return 1; }
	cmp_traffic "$ifn" "$out/delivered.$setup"
	cmp_capture_stop
	cp "/tmp/cmp.$setup.pcap" "$out/$setup.pcap"
	cmp_frames "$setup" "/tmp/cmp.$setup.pcap" >"$out/frames.$setup.tsv"
	cmp_summary "$out/frames.$setup.tsv" "$out/delivered.$setup" \
		>"$out/summary.$setup.tsv"
}

# cmp_run OUTDIR: both setups in one run; OUTDIR/summary.tsv, table.txt
cmp_run() {
	local out=$1
	mkdir -p "$out" || return 1
	rm -f "$out"/*.tsv "$out"/delivered.* "$out"/table.txt
	lm_load || { echo "# cannot load the module" >&2; return 1; }
	modprobe ieee802154_6lowpan || return 1
	cmp_one mainline "$out" || return 1
	_run_ns_cleanup
	cmp_one module "$out" || return 1
	cat "$out"/frames.mainline.tsv "$out"/frames.module.tsv >"$out/frames.tsv"
	cat "$out"/summary.mainline.tsv "$out"/summary.module.tsv >"$out/summary.tsv"
	cmp_table "$out/summary.tsv" >"$out/table.txt"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	[ "$(id -u)" = 0 ] || { echo "guest.sh: run it as root in the VM (bench/compression/run)" >&2; exit 1; }
	command -v tshark >/dev/null && command -v dumpcap >/dev/null &&
		command -v socat >/dev/null ||
		{ echo "guest.sh: needs tshark, dumpcap and socat" >&2; exit 1; }
	OUT=${1:-$LM_ROOT/results/compression}
	cmp_run "$OUT" || exit 1
	cat "$OUT/table.txt"
fi
