#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench/routing/run.sh - the mesh routing benchmark, in the simulator of
# tests/sim (the same kernel/proto/lm_route.c as the module), with the
# same control-traffic figure computed for batman IV and Thread.
#
#   bench/routing/run.sh [SIZES]      default sizes: 16 32 64 256 1000
#
# Environment: TOPOS (default "grid rgg-clean rgg"), RGG_MAX (largest
# random graph run, default 256: lossy random graphs of 1000 take long),
# SEED (default 1), and the simulator's SIM_HELLO_MS / SIM_COST_HYST.
set -eu
cd "$(dirname "$0")/../.."
make -s -C tests/sim sim >/dev/null
SIM=tests/sim/build/sim
SIZES=${*:-16 32 64 256 1000}
TOPOS=${TOPOS:-grid rgg-clean rgg}
RGG_MAX=${RGG_MAX:-256}
SEED=${SEED:-1}

echo "# lm_route in tests/sim; hello ${SIM_HELLO_MS:-1000} ms, Trickle 1..32 s; 250 kbit/s = 31250 B/s"
echo "# domain: bytes/s summed over the busiest node and its neighbours (one collision domain)"
printf '%-10s %5s %4s %9s %9s %9s %9s %7s %7s %6s\n' topo nodes deg conv_ms reroute_ms B/s/node domainB/s domain% state/dst loops
for topo in $TOPOS; do
	for n in $SIZES; do
		t=$topo
		env=
		case $topo in
		rgg*) [ "$n" -le "$RGG_MAX" ] || continue; t=rgg ;;
		esac
		[ "$topo" = rgg-clean ] && env="SIM_NOLOSS=1"
		line=$(env $env $SIM bench "$t" "$n" "$SEED")
		set -- $line
		# fields: name n: max_degree D converge_ms C reroute_ms R
		#   B/s/node X domain_B/s Y domain_pct P state_B/dst S
		#   map_B/nb/dst M loops L cpu_s T
		printf '%-10s %5s %4s %9s %9s %9s %9s %7s %4s+%sd %6s\n' \
			"$topo" "$n" "$4" "$6" "$8" "${10}" "${12}" "${14}" \
			"${16}" "${18}" "${20}"
	done
done

# The same steady-state figure for the anchors, per node and per
# collision domain of D+1 nodes, from their frame formats:
#  batman IV: every node originates one OGM per second and rebroadcasts
#   every other originator's once: N OGMs of 24 bytes (struct
#   batadv_ogm_packet) per node per second, aggregated 4 to an 802.15.4
#   frame of 17 bytes of PHY/MAC overhead (as counted for lm_route).
#  Thread: one MLE Advertisement per router per 22 s (Trickle, 12-32 s):
#   6LoWPAN IPHC 3 + UDP NHC 7 + MLE security 11 + command 1 + Source
#   Address TLV 4 + Leader Data TLV 10 + Route64 TLV 11 + N + MIC 4
#   = 51 + N bytes of payload, fragmented at 100 bytes (4 more each).
echo
echo "# anchors at the same sizes (D: the degree of the grid, 4, and of the random graphs, 13 at 64)"
printf '%-10s %5s %9s %12s %12s\n' anchor nodes B/s/node 'domain%(D=4)' 'domain%(D=13)'
for n in $SIZES; do
	awk -v n="$n" 'BEGIN {
		b = n * 24 + int((n + 3) / 4) * 17
		printf "%-10s %5d %9.1f %12.2f %12.2f\n", "batmanIV", n, b,
		       b * 5 * 800 / 250000, b * 14 * 800 / 250000
		app = 51 + n; fr = int((app + 99) / 100)
		t = (app + fr * 17 + (fr > 1 ? fr * 4 : 0)) / 22
		printf "%-10s %5d %9.1f %12.2f %12.2f\n", "thread", n, t,
		       t * 5 * 800 / 250000, t * 14 * 800 / 250000
	}'
done
