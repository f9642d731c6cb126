#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/routing/vm.sh - the routing benchmark on the real module, in the VM
#
#   bench/routing/vm.sh [SIZES]          default: 16 24 32 (make bench-routing-vm)
#
# For each size N, in one QEMU boot (scripts/vm-run, TCG): N nodes on a
# grid ceil(sqrt(N)) wide, laid out as the simulator lays them out (one
# namespace and one mac802154_hwsim radio per node, only grid neighbours
# hear each other, short addresses), plus a monitor radio that hears every
# node and captures every frame (dumpcap). Routing goes on with the
# module's default timers on every node right after the last interface
# came up (iotctl dev set mesh0 routing on); then:
#   conv_s     until every ordered pair of nodes walks hop by hop along the
#              next hops of the route tables (iotctl -j route show of every
#              node, polled in rounds: +- one round, round_s), checked by a
#              ping of the two far corners;
#   ctrl B/s   routing frames (802.15.4 broadcast, NALP dispatch 0x3c) on
#              air per node per second, over WIN_S s (120) that begin SETTLE_S
#              s (120) after convergence (Trickle at Imax), from the capture:
#              MAC frame plus FCS plus 6 bytes of PHY (as tests/sim counts);
#              domain%: summed over a node and its 4 grid neighbours as a
#              share of 250 kbit/s;
#   reroute_s  a ping every 0.2 s from the west end of row 1 to its east
#              end (W-1 hops straight); the relay in the middle of the
#              path in use loses every edge of its radio; the longest gap
#              between two replies from then on.
# The simulator's figures for the same grid (tests/sim, the same
# lm_route.c; conv from power-on of every node, reroute, B/s per node)
# are printed beside them. Needs make modules tools (LM_KO, LM_IOTCTL pick
# other builds); the guest's log and capture go to results/routing-vm/.
# Environment: SETTLE_S, WIN_S, VM_TIMEOUT (s, default 5400).
#
# Inside the VM this script runs itself with --guest SIZES.
set -u
HERE=$(cd "$(dirname "$0")" && pwd -P)
ROOT=$(cd "$HERE/../.." && pwd -P)
SETTLE_S=${SETTLE_S:-120}
WIN_S=${WIN_S:-120}

# --- the guest ------------------------------------------------------------------

# measure N: one grid of N nodes; prints "RESULT N conv_s round_s reroute_s
# Bps_node domain_pct frames" and notes.
measure() {
	local n=$1 mon=$1 i t0 conv="" okp total r0 src dst relay path cap w
	local tws twe cut gap e
	lm_load || return 1
	hwsim_radios $((n + 1)) || return 1
	mesh_grid "$n" || return 1
	for ((i = 0; i < n; i++)); do
		wpan-hwsim edge add "$i" "$mon" >/dev/null || return 1
	done
	monitor_node mon "$mon" || return 1
	cap=$OUT/grid$n.pcap
	capture_start mon mon0 "$cap" || return 1
	w=$CAPTURE_PID
	t0=$(date +%s.%N)
	for ((i = 0; i < n; i++)); do
		nsx "g$i" "$IOTCTL" dev set mesh0 routing on || return 1
	done
	tr=$(since "$t0")
	echo "# N=$n: grid ${GRID_W} wide, ${#GRID_EDGES[@]} edges; routing on at every node within $tr s"

	# convergence
	rounds=0 prev=0
	while [ "$(since "$t0" | cut -d. -f1)" -lt 600 ]; do
		r0=$(date +%s.%N)
		read -r okp total <<<"$(grid_walk "$n")"
		rounds=$((rounds + 1))
		if [ "$okp" = "$total" ]; then
			conv=$(since "$t0")
			break
		fi
		prev=$(since "$t0")
		echo "# N=$n: $prev s: $okp of $total pairs walk"
	done
	round=$(since "$r0")
	echo "# N=$n: all $total pairs walk after ${conv:-never} s (not yet after $prev s; $rounds rounds, the last $round s)"
	for ((i = 0; i < n; i++)); do
		wait_lladdr "g$i" mesh0
		LL[i]=$(lladdr "g$i" mesh0)
	done
	for p in "0 $((n - 1))" "$((GRID_W - 1)) $((n - GRID_W))"; do
		read -r i e <<<"$p"
		echo "# N=$n: ping g$i -> g$e: $(nsx "g$i" ping -6 -q -c 3 -i 0.3 -W 5 "${LL[e]}%mesh0" | grep transmitted)"
	done

	# steady state
	sleep "$(awk -v c="${conv:-0}" -v t="$t0" -v s="$SETTLE_S" -v n="$(date +%s.%N)" \
		'BEGIN { d = t + c + s - n; printf "%.1f", (d > 0 ? d : 0) }')"
	tws=$(date +%s.%N)
	sleep "$WIN_S"
	twe=$(date +%s.%N)
	echo "# N=$n: route changes so far, summed over the nodes: $(for ((i = 0; i < n; i++)); do lm_stat "g$i" rt_route_changes; done | awk '{ s += $1 } END { print s }')"

	# reroute
	src=$GRID_W dst=$((2 * GRID_W - 1))
	path=$src
	i=$src
	for ((k = 0; k < n && i != dst; k++)); do
		i=$(nsx "g$i" "$IOTCTL" -j route show dev mesh0 |
			jq -r --arg d "$(grid_short "$dst")" '.[] | select(.dst == $d) | .nexthop')
		[ -n "$i" ] || break
		i=$((i - 0x100))
		path="$path $i"
	done
	read -r -a pa <<<"$path"
	relay=${pa[$((${#pa[@]} / 2))]}
	echo "# N=$n: path g$src -> g$dst: $path; relay killed: $relay"
	nsbg "g$src" ping -6 -D -i 0.2 -c 200 -W 1 "${LL[dst]}%mesh0" >"$OUT/ping$n" 2>&1
	pp=$!
	sleep 5
	cut=$(date +%s.%N)
	for e in "${GRID_EDGES[@]}"; do
		# shellcheck disable=SC2086
		set -- $e
		[ "$1" = "$relay" ] || [ "$2" = "$relay" ] && unlink_radios "$1" "$2"
	done
	wait "$pp"
	# the longest silence between two replies from the cut on (the kill
	# itself takes a while under emulation: timed from its start)
	gap=$(awk -v t="$cut" -F'[][]' '/bytes from/ { s = $2 + 0
			if (last && s > t && s - last > g) g = s - last
			last = s }
		END { if (g) printf "%.1f", g }' "$OUT/ping$n")
	echo "# N=$n: replies $(grep -c 'bytes from' "$OUT/ping$n") of 200; the longest gap in the replies after the cut: ${gap:-none} s"
	capture_stop "$w"

	# control bytes in the steady-state window
	tshark -r "$cap" -T fields -e frame.time_epoch -e frame.len -e wpan.fcs \
		-e wpan.src16 -e data.data -e frame.protocols \
		-Y 'wpan.dst16 == 0xffff' 2>/dev/null |
	awk -F'\t' -v a="$tws" -v b="$twe" -v n="$n" -v w="$GRID_W" -v sz="$n" \
		-v conv="${conv:--1}" -v round="$round" -v gap="${gap:--1}" '
		{ gsub(":", "", $5) }
		$1 >= a && $1 < b && substr($5, 1, 2) == "3c" {
			len = $2 - ($6 ~ /^sll:/ ? 16 : 0) + ($3 == "" ? 2 : 0) + 6
			bytes += len; frames++
			ty = substr($5, 3, 2)
			tb[ty] += len; tf[ty]++
		}
		END {
			secs = b - a
			per = bytes / secs / n
			printf "# N=%d: %d routing frames, %d bytes on air in %.0f s:", n, frames, bytes, secs
			for (t in tb) printf " type %s %d frames %d B;", t, tf[t], tb[t]
			printf "\n"
			# a node and its 4 grid neighbours
			printf "RESULT %d %s %s %s %.1f %.2f %d\n", n, conv, round, gap, per,
			       per * 5 * 8 * 100 / 250000, frames
		}'
	_run_cleanups
	_dmesg_mark=0
}

since() { awk -v a="$(date +%s.%N)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }

if [ "${1:-}" = --guest ]; then
	shift
	# shellcheck source=../../selftests/lib.sh
	source "$ROOT/selftests/lib.sh"
	require_root_vm
	OUT=$ROOT/results/routing-vm
	mkdir -p "$OUT"
	for n in "$@"; do
		s=$(date +%s)
		measure "$n" || echo "# N=$n: setup failed"
		echo "# N=$n: $(( $(date +%s) - s )) s of wall time"
	done
	if dmesg | grep -Eq 'WARNING:|BUG:|Oops|Call Trace|kmemleak|UBSAN|general protection'; then
		echo "# dmesg NOT clean:"
		dmesg | tail -n 40 | sed 's/^/#   /'
	else
		echo "# dmesg clean"
	fi
	exit 0
fi

# --- the host -------------------------------------------------------------------
SIZES=${*:-16 24 32}
KO=${LM_KO:-$ROOT/kernel/lowpan_mesh.ko}
[ -f "$KO" ] || { echo "vm.sh: $KO not built (make modules)" >&2; exit 1; }
make -s -C "$ROOT/tests/sim" sim >/dev/null || exit 1
mkdir -p "$ROOT/results/routing-vm"
LOG=$ROOT/results/routing-vm/guest.log
echo "# the module in the VM (TCG), default timers; the guest's log: $LOG"
"$ROOT"/scripts/vm-run --timeout "${VM_TIMEOUT:-5400}" \
	--env SETTLE_S="$SETTLE_S" --env WIN_S="$WIN_S" -- \
	"$HERE/vm.sh" --guest $SIZES 2>&1 | tee "$LOG" | grep '^#'
echo
echo "# grid: VM (the module) against tests/sim (the same lm_route.c), seed 1"
printf '%5s | %7s %7s %9s %9s %8s | %9s %10s %9s\n' nodes conv_s round_s reroute_s 'B/s/node' 'domain%' sim_conv_s sim_reroute sim_B/s/n
for n in $SIZES; do
	set -- $(awk -v n="$n" '$1 == "RESULT" && $2 == n' "$LOG")
	vm="${3:--} ${4:--} ${5:--} ${6:--} ${7:--}"
	set -- $("$ROOT/tests/sim/build/sim" bench grid "$n" 1)
	# name n: max_degree D converge_ms C reroute_ms R B/s/node X ...
	printf '%5s | %7s %7s %9s %9s %8s | %9s %10s %9s\n' "$n" $vm \
		"$(awk -v v="$6" 'BEGIN { printf "%.1f", v / 1000 }')" \
		"$(awk -v v="$8" 'BEGIN { printf "%.1f", v / 1000 }')" "${10}"
done
