#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Publishes per second through mqttsn-gateway vs straight MQTT to the same
# private mosquitto broker, measured in the same run, plus bytes per publish.
# Prints figures and ratios; never fails on speed. Note: the gateway answers
# PUBACK once the message is handed to its upstream client (or its disk
# queue), so the device-side flow does not wait for the broker round trip;
# the clock stops when the subscriber has every message.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
GW=$HERE/../../userspace/mqttsn-gateway/mqttsn-gateway
MSGS=${MSGS:-10000}
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

for size in 8 64; do
	"$HERE/snbench" -W "$size"
done
for n in 1 10; do
	per=$((MSGS / n))
	base=$("$HERE/snbench" -M mqtt -p "$BP" -n "$n" -m "$per" -s 16) || { echo "baseline run failed: $base"; exit 1; }
	sn=$("$HERE/snbench" -M sn -g "127.0.0.1:$GP" -p "$BP" -n "$n" -m "$per" -s 16) || { echo "gateway run failed"; exit 1; }
	echo "$base"
	echo "$sn"
	b=$(sed 's/.*rate=//' <<< "$base")
	s=$(sed 's/.*rate=//' <<< "$sn")
	awk -v n="$n" -v b="$b" -v s="$s" 'BEGIN { printf "devices=%d publishes/s: mqtt-sn via gateway %d, mqtt direct (baseline) %d, ratio %.2f\n", n, s, b, (b > 0 ? s / b : 0) }'
done
