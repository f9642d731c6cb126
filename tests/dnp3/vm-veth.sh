#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The bridge and a pty outstation in one network namespace, the test master
# in another, joined by a veth pair over IPv6 (the stand-in for the 6LoWPAN
# mesh until mesh-under lands). Runs as root in the QEMU guest or on a host
# where `ip netns` works. Prints TAP; exit 4 means skipped.
#
# Needs the build outputs: make -C userspace/dnp3-serial-bridge test
# (or at least `make -C userspace/dnp3-serial-bridge && make -C tests/dnp3`).
set -u
cd "$(dirname "$0")" || exit 1
OUT=$PWD/out
BRIDGE=${DNP3_BRIDGE:-$PWD/../../userspace/dnp3-serial-bridge/dnp3-serial-bridge}
KSFT_SKIP=4
PLAN=7
n=0
failed=0

echo "TAP version 13"
echo "1..$PLAN"

tap() {
	n=$((n + 1))
	if [ "$1" = ok ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

skip_all() {
	local i
	for i in $(seq $PLAN); do echo "ok $i # SKIP $1"; done
	exit $KSFT_SKIP
}

[ "$(id -u)" -eq 0 ] || skip_all "needs root"
command -v ip >/dev/null || skip_all "needs iproute2"
for f in "$BRIDGE" "$OUT/dnp3-test-outstation" "$OUT/dnp3-test-master"; do
	[ -x "$f" ] || skip_all "$f not built: make -C userspace/dnp3-serial-bridge test"
done

id=$$
NS_B=dnp3-bridge-$id
NS_M=dnp3-master-$id
VETH_B=d3b$id
VETH_M=d3m$id
ADDR_B=fd00:d3::1
ADDR_M=fd00:d3::2
. ./lib.sh
bg_tmpdir veth
dir=$tmpdir

del_namespaces() {
	ip netns del "$NS_B" 2>/dev/null
	ip netns del "$NS_M" 2>/dev/null
}
bg_hooks+=(del_namespaces)

setup() {
	ip netns add "$NS_B" &&
	ip netns add "$NS_M" &&
	ip link add "$VETH_B" type veth peer name "$VETH_M" &&
	ip link set "$VETH_B" netns "$NS_B" &&
	ip link set "$VETH_M" netns "$NS_M" &&
	ip -n "$NS_B" link set lo up &&
	ip -n "$NS_M" link set lo up &&
	ip -n "$NS_B" addr add "$ADDR_B/64" dev "$VETH_B" nodad &&
	ip -n "$NS_M" addr add "$ADDR_M/64" dev "$VETH_M" nodad &&
	ip -n "$NS_B" link set "$VETH_B" up &&
	ip -n "$NS_M" link set "$VETH_M" up
}

if setup; then
	tap ok "namespaces $NS_B and $NS_M joined by veth over IPv6"
else
	tap fail "namespaces and veth pair"
	exit 1
fi

# a minimal guest may have devtmpfs without devpts: openpty needs it
if ! grep -q ' /dev/pts devpts ' /proc/mounts; then
	mkdir -p /dev/pts
	mount -t devpts -o ptmxmode=0666 devpts /dev/pts && echo "# mounted devpts"
fi
ip netns exec "$NS_B" "$OUT/dnp3-test-outstation" --link "$dir/tty" \
	--address 10 --seconds 120 >"$dir/outstation.log" 2>&1 &
bg_track $!
if ! wait_file "$dir/tty"; then
	echo "# the test outstation did not create its pty:"
	sed 's/^/#   /' "$dir/outstation.log"
fi

cat >"$dir/bridge.conf" <<EOC
[global]
keepalive = 2s
keepalive-timeout = 1s
stats-socket = $dir/stats.sock
[serial rtu]
device = $dir/tty
addresses = 10
[tcp-listen]
address = $ADDR_B
port = 20000
[udp]
address = $ADDR_B
port = 20000
EOC

ip netns exec "$NS_B" "$BRIDGE" -c "$dir/bridge.conf" >"$dir/bridge.log" 2>&1 &
bridge_pid=$!
bg_track $bridge_pid
if wait_log "$dir/bridge.log" ready 100; then
	tap ok "bridge ready in $NS_B with a pty outstation"
else
	tap fail "bridge ready"
	sed 's/^/# /' "$dir/bridge.log"
fi

listeners=$(ip netns exec "$NS_B" ss -Hltn 'sport = :20000' | awk '{print $4}')
if [ "$listeners" = "[$ADDR_B]:20000" ]; then
	tap ok "bridge listens on [$ADDR_B]:20000 only"
else
	tap fail "bridge listens on [$ADDR_B]:20000 only (got: $listeners)"
fi

# wait for DAD-free addresses to be usable, then run the master
for _ in $(seq 30); do
	ip netns exec "$NS_M" ping -6 -c1 -W1 "$ADDR_B" >/dev/null 2>&1 && break
	sleep 0.2
done
if ip netns exec "$NS_M" "$OUT/dnp3-test-master" --connect "$ADDR_B" \
	--port 20000 --count 40 >"$dir/master-tcp.log" 2>&1; then
	tap ok "master in $NS_M: 42 frames over TCP/IPv6 answered byte-exact"
else
	tap fail "master over TCP/IPv6"
	sed 's/^/# /' "$dir/master-tcp.log"
fi
if ip netns exec "$NS_M" "$OUT/dnp3-test-master" --connect "$ADDR_B" \
	--port 20000 --udp --count 20 >"$dir/master-udp.log" 2>&1; then
	tap ok "master in $NS_M: 22 frames over UDP/IPv6 answered byte-exact"
else
	tap fail "master over UDP/IPv6"
	sed 's/^/# /' "$dir/master-udp.log"
fi

stats=$(ip netns exec "$NS_B" socat -u "UNIX-CONNECT:$dir/stats.sock" - 2>/dev/null ||
	python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); print(s.makefile().read())' "$dir/stats.sock" 2>/dev/null)
to_serial=$(echo "$stats" | awk '$1 == "frames_ip_to_serial" {print $2}')
crc=$(echo "$stats" | awk '$1 == "crc_errors_serial" {print $2}')
if [ "${to_serial:-0}" -eq 64 ] && [ "${crc:-1}" -eq 0 ]; then
	tap ok "bridge stats: 64 frames to serial, 0 CRC errors"
else
	tap fail "bridge stats: 64 frames to serial, 0 CRC errors (got ${to_serial:-?}, ${crc:-?})"
	echo "$stats" | sed 's/^/# /'
fi

kill -TERM $bridge_pid
wait $bridge_pid
rc=$?
if [ $rc -eq 0 ]; then
	tap ok "bridge exits 0 on SIGTERM"
else
	tap fail "bridge exits 0 on SIGTERM (status $rc)"
	sed 's/^/# /' "$dir/bridge.log"
fi
bg_forget $bridge_pid

echo "# $((PLAN - failed)) passed, $failed failed"
[ $failed -eq 0 ]
