#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark: dnp3-serial-bridge against ser2net on the same pty pair and the
# same load, in the same run (a candidate for bench/; not part of make test).
#   1. TCP, frames written to the pty at once: latency each way, round trips/s
#   2. UDP, bytes written at 9600 baud with a 3 ms pause inside each frame
#      (a slow RTU): datagrams with a partial frame (split) or several frames
#      (merged)
# Prints figures and bridge/ser2net ratios; asserts nothing about time.
# COUNT (default 300) and UDP_COUNT (default 30) set the rounds.
set -u
cd "$(dirname "$0")" || exit 1
OUT=$PWD/out
BRIDGE=${DNP3_BRIDGE:-$PWD/../../userspace/dnp3-serial-bridge/dnp3-serial-bridge}
COUNT=${COUNT:-300}
UDP_COUNT=${UDP_COUNT:-30}
. ./lib.sh

for f in "$BRIDGE" "$OUT/dnp3-bench"; do
	[ -x "$f" ] || { echo "$f not built: make -C userspace/dnp3-serial-bridge test"; exit 1; }
done
if ! command -v ser2net >/dev/null; then
	echo "ser2net is not installed (apt-get install ser2net): no baseline"
	exit 4
fi
bg_tmpdir bench

start_bridge() { # tty proto port (uses $run of the caller)
	cat >"$tmpdir/bridge-$run.conf" <<EOC
[serial rtu]
device = $1
baud = 9600
addresses = 10
[$2]
address = 127.0.0.1
port = $3
EOC
	"$BRIDGE" -c "$tmpdir/bridge-$run.conf" >"$tmpdir/relay-$run.log" 2>&1 &
	relay=$!
	wait_log "$tmpdir/relay-$run.log" ready
}

start_ser2net() { # tty proto port
	# TCP_NODELAY, as the bridge has: no Nagle delay in the baseline
	local acc="tcp(nodelay=true)"
	[ "$2" = udp ] && acc=udp
	cat >"$tmpdir/ser2net-$run.yaml" <<EOC
connection: &bench
  accepter: $acc,127.0.0.1,$3
  connector: serialdev,$1,9600n81,local
  options:
    kickolduser: true
EOC
	ser2net -n -u -c "$tmpdir/ser2net-$run.yaml" -P "$tmpdir/ser2net-$run.pid" \
		>"$tmpdir/relay-$run.log" 2>&1 &
	relay=$!
	sleep 0.5
}

# one_run ID RELAY PROTO PORT BENCH-ARGS...: prints the bench line
one_run() {
	local run=$1 who=$2 proto=$3 port=$4 fd pid
	shift 4
	mkfifo "$tmpdir/go-$run"
	exec {fd}<>"$tmpdir/go-$run"
	"$OUT/dnp3-bench" --name "$who" --link "$tmpdir/tty-$run" \
		--connect 127.0.0.1 --port "$port" "$@" <&$fd >"$tmpdir/out-$run" &
	pid=$!
	bg_track $pid
	wait_file "$tmpdir/tty-$run"
	"start_$who" "$tmpdir/tty-$run" "$proto" "$port"
	bg_track $relay
	echo go >&$fd
	wait $pid
	kill $relay 2>/dev/null
	wait $relay 2>/dev/null
	exec {fd}>&-
	grep -v '^pty ' "$tmpdir/out-$run"
}

field() { # line name
	echo "$1" | tr ' ' '\n' | awk -v k="$2" 'prev == k { print; exit } { prev = $0 }'
}

ratio() { # a b
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3g", a / b; else print "n/a" }'
}

echo "# TCP, $COUNT round trips, frames of 10..260 bytes written to the pty at once"
b=$(one_run 1 bridge tcp-listen 20310 --count "$COUNT")
s=$(one_run 2 ser2net tcp 20311 --count "$COUNT")
echo "$b"
echo "$s"
for k in down_p50_us up_p50_us up_p99_us round_trips_per_s; do
	echo "ratio bridge/ser2net $k $(ratio "$(field "$b" $k)" "$(field "$s" $k)")"
done

echo "# UDP, $UDP_COUNT round trips, 9600 baud byte pacing, 3 ms pause inside each frame"
b=$(one_run 3 bridge udp 20312 --udp --count "$UDP_COUNT" --pace-us 1042 --gap-us 3000)
s=$(one_run 4 ser2net udp 20313 --udp --count "$UDP_COUNT" --pace-us 1042 --gap-us 3000)
echo "$b"
echo "$s"
echo "rounds whose answer never came whole: bridge $(field "$b" lost) of $UDP_COUNT, ser2net $(field "$s" lost) of $UDP_COUNT"
echo "split datagrams: bridge $(field "$b" split) of $(field "$b" datagrams), ser2net $(field "$s" split) of $(field "$s" datagrams)"
