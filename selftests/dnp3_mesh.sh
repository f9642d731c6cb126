#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The DNP3 serial bridge over the 6LoWPAN mesh (issue 5): a line
# A - B - C - D as in mesh_line.sh, the bridge on D with the project's test
# outstation on a pty, listening on D's global address; the test master on
# A reaches it across three hops over TCP and UDP and checks every answer
# byte-exact. The bridge counts frames each way; the relays B and C forward
# the traffic.
source "$(dirname "$0")/lib.sh"
require_root_vm

DNP3_OUT=$LM_ROOT/tests/dnp3/out
BRIDGE=${DNP3_BRIDGE:-$LM_ROOT/userspace/dnp3-serial-bridge/dnp3-serial-bridge}
for f in "$BRIDGE" "$DNP3_OUT/dnp3-test-outstation" "$DNP3_OUT/dnp3-test-master"; do
	[ -x "$f" ] || skip_all "$f not built: make -C userspace/dnp3-serial-bridge test"
done
command -v socat >/dev/null || skip_all "needs socat"

tap_plan 17
lm_load
hwsim_radios 4 || skip_all "cannot create hwsim radios"
mesh_line4
check "four nodes on a line" [ $? = 0 ]

line4_routes
check "static routes configured with iotctl" [ $? = 0 ]

for n in A B C D; do
	wait_lladdr $n mesh0
	nsx $n ip -6 addr add 2001:db8::${n,,}/64 dev mesh0 nodad
done
check "ping A -> D global (3 hops)" ping6_ok A 2001:db8::d

dir=$(mktemp -d /tmp/dnp3_mesh.XXXXXX)
defer "rm -rf $dir"

# a minimal guest may have devtmpfs without devpts: openpty needs it
if ! grep -q ' /dev/pts devpts ' /proc/mounts; then
	mkdir -p /dev/pts
	mount -t devpts -o ptmxmode=0666 devpts /dev/pts && defer "umount /dev/pts"
fi

nsx D "$DNP3_OUT/dnp3-test-outstation" --link "$dir/tty" --address 10 \
	--seconds 300 >"$dir/outstation.log" 2>&1 &
os_pid=$!
defer "kill $os_pid"
for _ in $(seq 50); do [ -e "$dir/tty" ] && break; sleep 0.1; done
check "test outstation on a pty in D" [ -e "$dir/tty" ]

# Master 1 talks over both endpoints: route pinning (dnp3-serial-bridge(8))
# accepts its frames only on the endpoints that list it.
cat >"$dir/bridge.conf" <<EOC
keepalive 2s
keepalive-timeout 1s
stats-socket $dir/stats.sock
[serial rtu]
device $dir/tty
addresses 10
[tcp-listen]
address 2001:db8::d
port 20000
remote-addresses 1
[udp]
address 2001:db8::d
port 20000
remote-addresses 1
EOC
nsx D "$BRIDGE" -c "$dir/bridge.conf" >"$dir/bridge.log" 2>&1 &
bridge_pid=$!
defer "kill $bridge_pid"
for _ in $(seq 100); do grep -q ready "$dir/bridge.log" && break; sleep 0.1; done
if grep -q ready "$dir/bridge.log"; then
	tap_ok "bridge ready on D"
else
	tap_fail "bridge ready on D" "$(tr '\n' ' ' <"$dir/bridge.log")"
fi
check_eq "bridge listens on [2001:db8::d]:20000 (TCP) only" "[2001:db8::d]:20000" \
	"$(nsx D ss -Hltn 'sport = :20000' | awk '{print $4}' | xargs)"

b0=$(lm_stat B fwd_frames)
c0=$(lm_stat C fwd_frames)

# master_points LOG PREFIX: one TAP point per "ok - master: ..." line of
# the test master (3 expected), "not ok" when a line is missing or failed.
master_points() {
	local log=$1 pfx=$2 what line
	for what in "RESET_LINK_STATES answered by ACK" \
		"REQUEST_LINK_STATUS answered by LINK_STATUS" \
		"user data echoes byte-exact"; do
		line=$(grep -F "master: " "$log" | grep -F "$what" | head -n1)
		case $line in
		"ok - "*) tap_ok "$pfx: ${line#ok - master: }" ;;
		*) tap_fail "$pfx: $what" "master said: ${line:-nothing}"
		   sed 's/^/#   /' "$log" | tail -n 10 ;;
		esac
	done
}

nsx A timeout 90 "$DNP3_OUT/dnp3-test-master" --connect 2001:db8::d \
	--port 20000 --count 20 >"$dir/master-tcp.log" 2>&1
master_points "$dir/master-tcp.log" "A -> D over TCP, 3 hops"
nsx A timeout 60 "$DNP3_OUT/dnp3-test-master" --connect 2001:db8::d \
	--port 20000 --udp --count 10 >"$dir/master-udp.log" 2>&1
master_points "$dir/master-udp.log" "A -> D over UDP, 3 hops"

stats=$(nsx D socat -u "UNIX-CONNECT:$dir/stats.sock" - 2>/dev/null)
st() { echo "$stats" | awk -v n="$1" '$1 == n {print $2; exit}'; }
# 22 + 12 requests from the master, each answered by the outstation
check_eq "bridge: every master frame went to the serial line" 34 "$(st frames_ip_to_serial)"
check_eq "bridge: every outstation frame came back to IP" 34 "$(st frames_serial_to_ip)"
check_eq "bridge: no CRC errors on the serial line" 0 "$(st crc_errors_serial)"
[ "$_tap_fail" -gt 0 ] && echo "$stats" | sed 's/^/#   /'

check_ge "relay B forwarded frames" $((b0 + 68)) "$(lm_stat B fwd_frames)"
check_ge "relay C forwarded frames" $((c0 + 68)) "$(lm_stat C fwd_frames)"

tap_done
