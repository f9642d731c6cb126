#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The MQTT-SN gateway over the 6LoWPAN mesh (issue 7): a line A - B - C - D
# as in mesh_line.sh; on D a private mosquitto broker on D's loopback, the
# gateway listening on [2001:db8::d]:1884 with that broker upstream, and
# mosquitto_sub watching the topic. The project's test device (snclient) on
# A connects across three hops, registers a topic and publishes QoS 0 and
# QoS 1; mosquitto_sub gets exactly those payloads, and the relays B and C
# forward the traffic.
source "$(dirname "$0")/lib.sh"
require_root_vm

GW=${MQTTSN_GW:-$LM_ROOT/userspace/mqttsn-gateway/mqttsn-gateway}
SNC=$LM_ROOT/tests/mqttsn/build/snclient
[ -x "$GW" ] || skip_all "$GW not built: make tools"
[ -x "$SNC" ] || skip_all "$SNC not built: make -C tests/mqttsn build/snclient"
for t in mosquitto mosquitto_sub mosquitto_pub socat; do
	command -v $t >/dev/null || skip_all "needs $t"
done

BP=18830	# broker port on D's loopback (D's namespace is ours alone)
GWP=1884

tap_plan 14
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

dir=$(mktemp -d /tmp/mqttsn_mesh.XXXXXX)
chmod 755 "$dir"
defer "rm -rf $dir"

cat >"$dir/broker.conf" <<EOC
persistence false
log_dest stdout
log_type error
log_type warning
log_type notice
listener $BP 127.0.0.1
allow_anonymous true
EOC
nsx D mosquitto -c "$dir/broker.conf" >"$dir/broker.log" 2>&1 &
broker_pid=$!
defer "kill $broker_pid"
up=1
for _ in $(seq 50); do
	nsx D mosquitto_pub -h 127.0.0.1 -p $BP -t probe -n 2>/dev/null && up=0 && break
	sleep 0.1
done
check "mosquitto on D's loopback port $BP" [ $up = 0 ]
[ $up = 0 ] || sed 's/^/#   /' "$dir/broker.log"

nsx D mosquitto_sub -h 127.0.0.1 -p $BP -t 'mesh/#' -v -q 1 >"$dir/sub.out" 2>"$dir/sub.err" &
sub_pid=$!
defer "kill $sub_pid"

cat >"$dir/gw.conf" <<EOC
[gateway]
listen = [2001:db8::d]:$GWP
gw_id = 4
topic_prefix = mesh/
retry_interval = 3s
retry_count = 3
state_file = $dir/gw.state
stats_socket = $dir/gw.sock
log_level = debug

[upstream]
host = 127.0.0.1
port = $BP
client_id = gw-mesh-d
queue_file = $dir/gw.queue
reconnect_min = 200ms
reconnect_max = 1s
keepalive = 30
EOC
nsx D "$GW" -c "$dir/gw.conf" >"$dir/gw.log" 2>&1 &
gw_pid=$!
defer "kill $gw_pid"

gwstat() { nsx D socat -u "UNIX-CONNECT:$dir/gw.sock" - 2>/dev/null; }
up=1
for _ in $(seq 100); do
	[ "$(gwstat | awk '$1 == "upstream.connected" {print $2}')" = 1 ] && up=0 && break
	sleep 0.1
done
check "gateway on D connected upstream to mosquitto" [ $up = 0 ]
[ $up = 0 ] || sed 's/^/#   /' "$dir/gw.log" | tail -n 15
check_eq "gateway listens on [2001:db8::d]:$GWP (UDP) only" "[2001:db8::d]:$GWP" \
	"$(nsx D ss -Hlun "sport = :$GWP" | awk '{print $4}' | xargs)"

b0=$(lm_stat B fwd_frames)
c0=$(lm_stat C fwd_frames)

# The device on A: CONNECT/CONNACK, REGISTER/REGACK, PUBLISH QoS 0,
# PUBLISH QoS 1/PUBACK, DISCONNECT, each answer awaited across the mesh.
if nsx A timeout 60 "$SNC" -s "[2001:db8::d]:$GWP" >"$dir/dev.out" 2>&1 <<EOS
connect dev-a keepalive=60
register sensors/a/temp
publish n:sensors/a/temp 0 temp-q0-21.5
publish n:sensors/a/temp 1 temp-q1-22.0
disconnect
EOS
then
	tap_ok "device on A: connect, register, publish QoS 0 and QoS 1 (PUBACK) over 3 hops"
else
	tap_fail "device on A: connect, register, publish QoS 0 and QoS 1 (PUBACK) over 3 hops" \
		"snclient exit $?"
	sed 's/^/#   /' "$dir/dev.out" | tail -n 10
fi

for _ in $(seq 50); do [ "$(wc -l <"$dir/sub.out")" -ge 2 ] && break; sleep 0.1; done
sleep 0.5
check "mosquitto_sub got the QoS 0 payload" grep -qxF "mesh/sensors/a/temp temp-q0-21.5" "$dir/sub.out"
check "mosquitto_sub got the QoS 1 payload" grep -qxF "mesh/sensors/a/temp temp-q1-22.0" "$dir/sub.out"
check_eq "mosquitto_sub got exactly those two messages" 2 "$(wc -l <"$dir/sub.out")"
[ "$_tap_fail" -gt 0 ] && sed 's/^/#   sub: /' "$dir/sub.out"

stats=$(gwstat)
check "gateway saw the device at A's global address" \
	grep -q "^client dev-a .*addr=\[\?2001:db8::a\]\?" <<<"$stats"
check_eq "gateway counted 2 PUBLISH from the mesh" 2 \
	"$(awk '$1 == "rx.PUBLISH" {print $2}' <<<"$stats")"
[ "$_tap_fail" -gt 0 ] && echo "$stats" | awk '$2 != 0' | sed 's/^/#   /'

# CONNECT, CONNACK, REGISTER, REGACK, 2 PUBLISH, PUBACK, 2 DISCONNECT: one
# frame each, through both relays.
check_ge "relay B forwarded frames" $((b0 + 9)) "$(lm_stat B fwd_frames)"
check_ge "relay C forwarded frames" $((c0 + 9)) "$(lm_stat C fwd_frames)"

tap_done
