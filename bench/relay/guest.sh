#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest.sh - the part of the relay benchmark that runs in the VM
#
#   bench/relay/guest.sh [OUTDIR]      (default: results/relay)
#
# The same 4-node line A - B - C - D of mac802154_hwsim radios (only
# neighbours hear each other) is built twice in one boot, with the
# addresses and static routes of bench/compression/guest.sh:
#   (a) route-over: mainline `lowpan` interfaces, IPv6 forwarding at B and C
#       (they reassemble, decompress, route, compress and fragment again);
#   (b) mesh-under: this module's mesh0, short addresses, static mesh
#       routes, dynamic routing off (B and C relay each fragment as it
#       comes, rewriting only the MAC header and the hops-left field).
# A sends BENCH_N echo requests of 1280-byte IPv6 packets to D's global
# address, one every BENCH_I seconds (each request and each reply crosses
# both relays as 11 fragments). Measured per setup, in the same boot:
#   - delivered: echo replies A received (each one is two 1280-byte
#     datagrams delivered across three hops);
#   - CPU: the whole guest's busy time (/proc/stat, all CPUs) during the
#     run, less the idle set-up's own busy time for as long (measured just
#     before, the same line with no traffic), per delivered datagram;
#   - softirq: the part of it spent in softirq context (where relaying
#     happens: hwsim delivers frames from the sender's transmit path);
#   - with BENCH_PERF=1, a cpu-clock profile of the whole guest during the
#     paced run (OUTDIR/perf.SETUP.txt; the CPU figures then include perf);
#   - rate: datagrams per second end to end of a second run that sends
#     BENCH_NF requests with no pause (ping -f -l 4: up to four in flight).
# The two setups alternate BENCH_R times (default 3), each built afresh.
# OUTDIR/relay.tsv gets one line per setup and round; the table, the
# medians and their ratio mesh-under / route-over are printed.

BR_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
source "$BR_HERE/../compression/guest.sh"

BENCH_N=${BENCH_N:-150}
BENCH_I=${BENCH_I:-0.2}
BENCH_NF=${BENCH_NF:-100}
BENCH_R=${BENCH_R:-3}

# jiffies (USER_HZ ticks): busy (all but idle and iowait) and softirq
br_cpu() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $8 }' /proc/stat
}

br_radios() {
	hwsim_radios 4 || return 1
	radio_link 0 1 && radio_link 1 2 && radio_link 2 3
}

# br_measure SETUP IF: the paced run and the fast run; one line of output
br_measure() {
	local setup=$1 ifn=$2 d dur b0 s0 b1 s1 b2 s2 t0 t1 got fgot idle busy sirq
	d=$(cmp_gaddr d)
	# Warm-up: neighbour entries and routes resolved on every hop.
	nsx A ping -6 -c 3 -i 0.5 -W 3 -s 1232 "$d" >/dev/null 2>&1
	sleep 1
	dur=$(awk -v n="$BENCH_N" -v i="$BENCH_I" 'BEGIN { printf "%d", n * i + 0.999 }')
	read -r b0 s0 < <(br_cpu)
	sleep "$dur"
	read -r b1 s1 < <(br_cpu)
	local perf=()
	[ -n "${BENCH_PERF:-}" ] &&
		perf=(perf record -q -e cpu-clock -a -g -o "$BR_OUT/perf.$setup.data" --)
	got=$("${perf[@]}" ip netns exec A ping -6 -q -c "$BENCH_N" -i "$BENCH_I" -W 5 -s 1232 "$d" |
		awk '/received/ { print $4 }')
	read -r b2 s2 < <(br_cpu)
	[ -n "${BENCH_PERF:-}" ] &&
		perf report -q -i "$BR_OUT/perf.$setup.data" --stdio --no-children \
			--sort sym -g none 2>/dev/null | head -n 80 >"$BR_OUT/perf.$setup.txt"
	idle=$((b1 - b0))
	busy=$((b2 - b1 - idle))
	sirq=$((s2 - s1 - (s1 - s0)))
	t0=$(date +%s.%N)
	fgot=$(nsx A ping -6 -q -f -l 4 -c "$BENCH_NF" -W 5 -s 1232 "$d" |
		awk '/received/ { print $4 }')
	t1=$(date +%s.%N)
	awk -v s="$setup" -v g="${got:-0}" -v busy="$busy" -v sirq="$sirq" \
		-v idle="$idle" -v hz="$(getconf CLK_TCK)" -v n="$BENCH_N" \
		-v fg="${fgot:-0}" -v t0="$t0" -v t1="$t1" 'BEGIN {
		dg = 2 * g
		printf "%s\t%d\t%d\t%.3f\t%.3f\t%d\t%.2f\t%.3f\t%.3f\n", s, n, g,
			dg ? busy * 1000 / hz / dg : 0,
			dg ? sirq * 1000 / hz / dg : 0, fg,
			(t1 > t0) ? 2 * fg / (t1 - t0) : 0, idle * 1000 / hz, busy * 1000 / hz
	}'
}

br_one() {	# SETUP
	local setup=$1 ifn=lowpan0 n
	br_radios || { echo "# $setup: cannot set up the radios" >&2; return 1; }
	if [ "$setup" = mesh-under ]; then
		ifn=mesh0
		cmp_setup_module || return 1
		for n in "${CMP_NODES[@]}"; do
			nsx "$n" "$IOTCTL" dev set mesh0 routing off || return 1
		done
	else
		cmp_setup_mainline || return 1
	fi
	br_measure "$setup" "$ifn"
}

# br_run OUTDIR: both setups; OUTDIR/relay.tsv and table.txt
br_run() {
	local out=$1 r
	mkdir -p "$out" || return 1
	BR_OUT=$out
	lm_load || { echo "# cannot load the module" >&2; return 1; }
	modprobe ieee802154_6lowpan || return 1
	: >"$out/relay.tsv"
	for ((r = 1; r <= BENCH_R; r++)); do
		echo "# round $r of $BENCH_R" >&2
		br_one route-over >>"$out/relay.tsv" || return 1
		_run_ns_cleanup
		br_one mesh-under >>"$out/relay.tsv" || return 1
		_run_ns_cleanup
	done
	# Every round, then the medians and the ratio of the medians: a TCG
	# guest on a busy host runs at the host's mercy, one round can be off
	# by a factor of two or more.
	awk -F'\t' '
	function median(a, n,    i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	BEGIN {
		printf "%-11s %5s %9s %12s %12s %6s %8s\n", "setup", "sent",
			"delivered", "cpu_ms/dg", "softirq/dg", "fast", "dg/s"
	} {
		printf "%-11s %5d %9d %12.3f %12.3f %6d %8.2f\n", $1, $2, 2 * $3,
			$4, $5, 2 * $6, $7
		k = ++n[$1]; cpu[$1, k] = $4; sirq[$1, k] = $5; rate[$1, k] = $7
		del[$1] += 2 * $3; sent[$1] += 2 * $2
	} END {
		for (s in n) {
			for (k = 1; k <= n[s]; k++) {
				c[k] = cpu[s, k]; q[k] = sirq[s, k]; d[k] = rate[s, k]
			}
			mc[s] = median(c, n[s]); mq[s] = median(q, n[s]); md[s] = median(d, n[s])
			printf "median %-11s cpu_ms/dg %.3f, softirq/dg %.3f, dg/s %.2f, delivered %d/%d\n",
				s, mc[s], mq[s], md[s], del[s], sent[s]
		}
		if (mc["route-over"] > 0 && md["route-over"] > 0)
			printf "ratio mesh-under / route-over (medians): cpu per datagram %.2f, softirq per datagram %.2f, dg/s %.2f\n",
				mc["mesh-under"] / mc["route-over"],
				(mq["route-over"] > 0 ? mq["mesh-under"] / mq["route-over"] : 0),
				md["mesh-under"] / md["route-over"]
	}' "$out/relay.tsv" >"$out/table.txt"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	[ "$(id -u)" = 0 ] || { echo "guest.sh: run it as root in the VM (bench/relay/run)" >&2; exit 1; }
	OUT=${1:-$LM_ROOT/results/relay}
	dmesg_clean
	br_run "$OUT" || exit 1
	cat "$OUT/table.txt"
	dmesg_clean || { echo "# dmesg: a WARNING, BUG or leak report"; dmesg | tail -40; exit 1; }
	exit 0
fi
