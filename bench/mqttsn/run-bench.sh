#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Publishes per second through mqttsn-gateway (MQTT-SN over UDP, snbench -M sn)
# against MQTT straight to the same private mosquitto broker (libmosquitto,
# snbench -M mqtt), QoS 0, 1 and 2, 1 and 10 devices, in the same run, plus
# bytes per publish. Each pair runs ROUNDS times back to back (direct, then
# gateway); the ratio printed is the median of the per-round ratios, so load
# from other processes that drifts during the run cancels out as far as it can. Prints figures and ratios; never fails on speed (only when a
# QoS 1/2 run loses a message or cannot run). See README.md.
#
#   bench/mqttsn/run-bench.sh        (MSGS=8000 ROUNDS=5 DEVICES="1 10" QOS="0 1 2"
#                                     SYSCALLS=1: count the gateway's system calls)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
GW=${GW:-$HERE/../../userspace/mqttsn-gateway/mqttsn-gateway}
SNB=$HERE/snbench
MSGS=${MSGS:-8000}
ROUNDS=${ROUNDS:-5}
DEVICES=${DEVICES:-1 10}
QOS=${QOS:-0 1 2}
VERBOSE=${VERBOSE:-0}
SYSCALLS=${SYSCALLS:-1}
for f in "$GW" "$SNB"; do
	[ -x "$f" ] || { echo "missing $f (make -C bench/mqttsn bench builds both)"; exit 1; }
done
T=$(mktemp -d /tmp/mqttsn-bench.XXXXXX)
chmod 755 "$T"
BASE=$((40000 + RANDOM % 10000))
BP=$BASE GP=$((BASE + 1))
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$T"' EXIT

printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\nmax_queued_messages 0\n' "$BP" > "$T/broker.conf"
mosquitto -c "$T/broker.conf" &
PIDS+=($!)
cat > "$T/gw.conf" <<EOC
[gateway]
listen = 127.0.0.1:$GP
log_level = warn
max_queue = 1000
[upstream]
host = 127.0.0.1
port = $BP
client_id = bench-gw
EOC
sleep 0.5
"$GW" -c "$T/gw.conf" 2> "$T/gw.log" &
PIDS+=($!)
sleep 0.7
kill -0 "${PIDS[1]}" 2>/dev/null || { echo "gateway did not start:"; cat "$T/gw.log"; exit 1; }

echo "# bytes per publish (application bytes; then with IPv6+UDP/TCP headers)"
for size in 16 64; do
	"$SNB" -W "$size"
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : 0) }'; }
# CPU time (user + system) of a process so far, in clock ticks
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }

failed=0
start=$SECONDS
echo "# publishes/s, $MSGS messages of 16 bytes per run, median of $ROUNDS rounds"
printf '%-4s %-8s %12s %12s %6s %-10s %8s %8s %6s\n' qos devices gateway/s direct/s ratio range lost_gw lost_dir gw_us
for q in $QOS; do
	for n in $DEVICES; do
		per=$((MSGS / n))
		: > "$T/sn"; : > "$T/mqtt"; : > "$T/ratio"; : > "$T/gwcpu"
		for ((r = 0; r < ROUNDS; r++)); do
			declare -A rate=([sn]= [mqtt]=)
			for mode in mqtt sn; do
				[ "$mode" = sn ] && c0=$(ticks "${PIDS[1]}")
				if out=$("$SNB" -M "$mode" -q "$q" -g "127.0.0.1:$GP" -p "$BP" \
					 -n "$n" -m "$per" -s 16 2>&1); then
					echo "$out" >> "$T/$mode"
					rate[$mode]=$(field rate <<< "$out")
					[ "$mode" = sn ] && awk -v t="$(($(ticks "${PIDS[1]}") - c0))" \
						-v hz="$HZ" -v m="$MSGS" \
						'BEGIN { printf "%.1f\n", t * 1e6 / hz / m }' >> "$T/gwcpu"
				else
					echo "FAILED: $mode qos=$q devices=$n: $out"
					failed=1
				fi
				[ "$VERBOSE" = 1 ] && echo "  $out"
			done
			[ -n "${rate[sn]}" ] && [ -n "${rate[mqtt]}" ] &&
				awk -v s="${rate[sn]}" -v b="${rate[mqtt]}" \
					'BEGIN { if (b > 0) printf "%.4f\n", s / b }' >> "$T/ratio"
		done
		s=$(field rate < "$T/sn" | median)
		b=$(field rate < "$T/mqtt" | median)
		ls=$(field lost < "$T/sn" | median)
		lb=$(field lost < "$T/mqtt" | median)
		ra=$(median < "$T/ratio")
		gc=$(median < "$T/gwcpu")
		rr=$(sort -n "$T/ratio" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }')
		awk -v q="$q" -v n="$n" -v s="$s" -v b="$b" -v ls="$ls" -v lb="$lb" \
		    -v ra="$ra" -v rr="$rr" -v gc="$gc" 'BEGIN {
			printf "%-4d %-8d %12d %12d %6.2f %-10s %8d %8d %6.1f\n", q, n, s, b,
			       ra, rr, ls, lb, gc }'
	done
done
echo "# gateway/s, direct/s: medians; ratio: median of the per-round gateway/direct ratios"
echo "# (range: lowest-highest round); QoS 1 target 0.80; lost: median per run (QoS 0 only)"
echo "# gw_us: CPU time (user+system) the gateway spent per publish, median, microseconds"
echo "# $((SECONDS - start)) s, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# System calls the gateway makes per publish, counted by perf on one more run
# of MSGS messages per QoS and device count (not one of the timed rounds).
# "write!" is the part of the writes that failed (libmosquitto's wake-up byte
# to its own socket pair once that is full); "other" is every call not listed.
SC="read write sendto recvmsg recvmmsg sendmmsg poll"
if [ "$SYSCALLS" != 1 ]; then
	echo "# system calls per publish: not counted (SYSCALLS=$SYSCALLS)"
elif ! perf stat -e raw_syscalls:sys_enter -e syscalls:sys_enter_poll -- true >/dev/null 2>&1; then
	echo "# system calls per publish: not counted (perf cannot count syscall tracepoints here)"
else
	echo "# gateway system calls per publish (perf stat, one run of $MSGS messages each)"
	printf '%-4s %-8s %6s' qos devices total
	printf ' %8s' $SC write! other
	echo
	ev=raw_syscalls:sys_enter
	for c in $SC; do ev=$ev,syscalls:sys_enter_$c; done
	for q in $QOS; do
		for n in $DEVICES; do
			perf stat -x, -o "$T/perf" -e "$ev" -e syscalls:sys_exit_write \
				--filter 'ret < 0' -p "${PIDS[1]}" &
			pp=$!
			sleep 0.5
			"$SNB" -M sn -q "$q" -g "127.0.0.1:$GP" -p "$BP" -n "$n" \
				-m $((MSGS / n)) -s 16 > /dev/null 2>&1 || failed=1
			kill -INT "$pp"
			wait "$pp"
			awk -F, -v q="$q" -v n="$n" -v m="$MSGS" -v sc="$SC" '
				$1 ~ /^[0-9]+$/ { v[$3] = $1 }
				END {
					k = split(sc, c, " ")
					tot = v["raw_syscalls:sys_enter"]
					printf "%-4d %-8d %6.2f", q, n, tot / m
					for (i = 1; i <= k; i++) {
						x = v["syscalls:sys_enter_" c[i]]
						tot -= x
						printf " %8.2f", x / m
					}
					printf " %8.2f %8.2f\n", v["syscalls:sys_exit_write"] / m, tot / m
				}' "$T/perf"
		done
	done
fi
grep -v '^$' "$T/gw.log" | head -5 | sed 's/^/# gateway log: /'
exit $failed
