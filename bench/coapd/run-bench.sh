#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-bench.sh - GET throughput and latency of coapd against libcoap's own
# example server (coap-server from libcoap3-bin) serving a resource of the
# same size, in the same run, on loopback. Prints figures and ratios; never
# an assertion on time.
#
#   bench/coapd/run-bench.sh [SIZE] [COUNT]     (default 64 bytes, 10000)
#
# Both servers hold a value stored by PUT (coapd: /ps/bench, coap-server
# -d: /bench) and are asked for it by the same load generator (coapbench.c)
# with 1 and with 8 requests outstanding; each figure is the median of 3
# rounds, the servers taking turns.
set -u
HERE=$(cd "$(dirname "$0")" && pwd -P)
ROOT=$(cd "$HERE/../.." && pwd -P)
SIZE=${1:-64}
COUNT=${2:-10000}
COAPD=$ROOT/userspace/coapd/coapd
SERVER=$(command -v coap-server-notls || command -v coap-server-openssl || command -v coap-server)
CLIENT=$(command -v coap-client-notls || command -v coap-client-openssl || command -v coap-client)
T=$(mktemp -d /tmp/coapd-bench.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT

[ -x "$COAPD" ] || make -C "$ROOT/userspace/coapd" >/dev/null || exit 1
[ -n "$SERVER" ] && [ -n "$CLIENT" ] || { echo "bench: needs libcoap3-bin" >&2; exit 1; }
make -C "$HERE" >/dev/null || exit 1

port_free() { ! ss -Hlun 2>/dev/null | awk '{print $4}' | grep -qE "[:.]$1\$"; }
pick_port() {
	local p
	while :; do p=$((30000 + RANDOM % 20000)); port_free "$p" && { echo "$p"; return; }; done
}
P1=$(pick_port)
P2=$(pick_port)
cat >"$T/coapd.conf" <<EOT
[server]
listen = 127.0.0.1
port = $P1
log_level = warn
[pubsub]
max_payload = 65536
[mesh]
enable = no
EOT
"$COAPD" -c "$T/coapd.conf" >"$T/coapd.log" 2>&1 &
pids+=($!)
"$SERVER" -A 127.0.0.1 -p "$P2" -d 4 >"$T/server.log" 2>&1 &
pids+=($!)
sleep 0.5
head -c "$SIZE" /dev/zero | tr '\0' v >"$T/payload"
"$CLIENT" -B 3 -m put -f "$T/payload" "coap://127.0.0.1:$P1/ps/bench" >/dev/null
"$CLIENT" -B 3 -m put -f "$T/payload" "coap://127.0.0.1:$P2/bench" >/dev/null
for u in "127.0.0.1:$P1/ps/bench" "127.0.0.1:$P2/bench"; do
	got=$("$CLIENT" -B 3 "coap://$u" | tr -d '\n' | wc -c)
	[ "$got" = "$SIZE" ] || { echo "bench: coap://$u serves $got bytes, not $SIZE" >&2; exit 1; }
done

# warm up both
"$HERE/coapbench" 127.0.0.1 "$P1" /ps/bench 1000 1 >/dev/null
"$HERE/coapbench" 127.0.0.1 "$P2" /bench 1000 1 >/dev/null

field() { awk -v k="$1" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}'; }
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

echo "coapd vs libcoap coap-server $(dpkg-query -W -f='${Version}' libcoap3-bin 2>/dev/null): GET of a ${SIZE}-byte value on loopback, $COUNT requests per round, median of 3"
printf '%-8s %-12s %10s %10s %10s %10s\n' window server req/s p50_us p99_us timeouts
for w in 1 8; do
	for r in 1 2 3; do
		"$HERE/coapbench" 127.0.0.1 "$P1" /ps/bench "$COUNT" "$w" >>"$T/a.$w"
		"$HERE/coapbench" 127.0.0.1 "$P2" /bench "$COUNT" "$w" >>"$T/b.$w"
	done
	for s in a b; do
		name=coapd
		[ $s = b ] && name=coap-server
		rps=$(field rps <"$T/$s.$w" | median)
		p50=$(field p50_us <"$T/$s.$w" | median)
		p99=$(field p99_us <"$T/$s.$w" | median)
		to=$(field timeouts <"$T/$s.$w" | awk '{s += $1} END {print s}')
		printf '%-8s %-12s %10s %10s %10s %10s\n' "$w" "$name" "$rps" "$p50" "$p99" "$to"
		eval "${s}_rps=$rps ${s}_p50=$p50 ${s}_p99=$p99"
	done
	# shellcheck disable=SC2154
	awk -v ar="$a_rps" -v br="$b_rps" -v a5="$a_p50" -v b5="$b_p50" -v a9="$a_p99" -v b9="$b_p99" -v w="$w" \
		'BEGIN {printf "window %s ratio coapd/coap-server: req/s %.2f, p50 %.2f, p99 %.2f (req/s above 1 and latency below 1: coapd faster)\n", w, ar / br, a5 / b5, a9 / b9}'
done
