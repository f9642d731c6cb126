#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tshark, an independent DNP3 decoder, checks what the bridge puts on the
# wire: capture TCP and UDP port 20000 on loopback while the test master
# talks to a pty outstation through the bridge, then require DNP3 frames
# with no CRC errors and no malformed packets. tshark does not dissect a
# frame whose header CRC is wrong at all, so the frame count matters too.
# Prints "ok - ..." lines.
set -u
cd "$(dirname "$0")" || exit 1
OUT=$PWD/out
BRIDGE=${DNP3_BRIDGE_ASAN:-$OUT/dnp3-serial-bridge-asan}

if ! command -v tshark >/dev/null 2>&1; then
	echo "ok - tshark: # SKIP tshark is not installed (apt-get install tshark)"
	exit 0
fi

. ./lib.sh
bg_tmpdir tshark
dir=$tmpdir

"$OUT/dnp3-test-outstation" --link "$dir/tty" --address 10 --seconds 60 \
	>"$dir/outstation.log" 2>&1 &
bg_track $!
wait_file "$dir/tty"

cat >"$dir/bridge.conf" <<EOC
[serial rtu]
device = $dir/tty
addresses = 10
[tcp-listen]
address = 127.0.0.1
port = 20000
[udp]
address = 127.0.0.1
port = 20000
EOC

# dumpcap itself (what tshark -w would start): no dissectors to load first.
# Under load it can take many seconds to open lo; the exchange waits for it,
# or a capture that began after it reads as "0 frames".
dumpcap -i lo -f 'port 20000' -w "$dir/dnp3.pcap" >"$dir/tshark.log" 2>&1 &
tshark_pid=$!
bg_track $tshark_pid
if ! wait_log "$dir/tshark.log" 'Capturing on' 600; then
	echo "not ok - tshark: dumpcap did not start capturing on lo within 60 s"
	sed 's/^/# /' "$dir/tshark.log"
fi

"$BRIDGE" -c "$dir/bridge.conf" >"$dir/bridge.log" 2>&1 &
bg_track $!
wait_log "$dir/bridge.log" ready

"$OUT/dnp3-test-master" --connect 127.0.0.1 --port 20000 --count 30 \
	>"$dir/master-tcp.log" 2>&1
tcp_rc=$?
# another master address: the route of master 1 is pinned to the TCP listener
"$OUT/dnp3-test-master" --connect 127.0.0.1 --port 20000 --udp --address 2 --count 10 \
	>"$dir/master-udp.log" 2>&1
udp_rc=$?
sleep 0.5
kill -INT $tshark_pid
wait $tshark_pid 2>/dev/null

if [ $tcp_rc -eq 0 ] && [ $udp_rc -eq 0 ]; then
	echo "ok - tshark: test master exchanged 32 frames over TCP and 12 over UDP"
else
	echo "not ok - tshark: test master exchange failed"
	sed 's/^/# /' "$dir"/master-*.log "$dir/bridge.log"
fi

count() {
	tshark -r "$dir/dnp3.pcap" -Y "$1" -T fields -e frame.number 2>/dev/null |
		wc -l
}

frames=$(tshark -r "$dir/dnp3.pcap" -Y dnp3 -T fields -e dnp3.start 2>/dev/null |
	tr ',' '\n' | grep -c .)
tcp=$(count 'dnp3 && tcp')
udp=$(count 'dnp3 && udp')
bad=$(count 'dnp3.hdr.CRC.incorrect || dnp3.data_chunk.CRC.incorrect')
malformed=$(count '_ws.malformed || (dnp3 && _ws.expert.severity >= "Warning")')
# 32 requests + 32 answers on TCP, 12 + 12 on UDP
if [ "$frames" -ge 88 ] && [ "$tcp" -gt 0 ] && [ "$udp" -gt 0 ]; then
	echo "ok - tshark: decodes $frames DNP3 link frames on port 20000 (TCP and UDP)"
else
	echo "not ok - tshark: decodes DNP3 on port 20000 ($frames frames, $tcp TCP, $udp UDP packets)"
fi
if [ "$bad" -eq 0 ] && [ "$frames" -gt 0 ]; then
	echo "ok - tshark: no dnp3.hdr.CRC.incorrect or dnp3.data_chunk.CRC.incorrect"
else
	echo "not ok - tshark: $bad packets with incorrect DNP3 CRCs"
fi
if [ "$malformed" -eq 0 ] && [ "$frames" -gt 0 ]; then
	echo "ok - tshark: no malformed packets or DNP3 expert warnings"
else
	echo "not ok - tshark: $malformed malformed packets or warnings"
	tshark -r "$dir/dnp3.pcap" -Y '_ws.malformed || (dnp3 && _ws.expert.severity >= "Warning")' \
		2>/dev/null | head -5 | sed 's/^/# /'
fi
