#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# coapd_mesh.sh - coapd on node D of a four-node line A - B - C - D answers
# coap-client on node A over 6LoWPAN (three mesh-under hops), and its /mesh
# resources show what iotctl -j shows on D.
#
#   make modules && make -C userspace/coapd && make -C userspace/iotctl
#   scripts/vm-run -- selftests/run.sh coapd_mesh
#
# Prints TAP; exit 4 = skip. A table the module does not implement yet
# (coapd answers 5.01) makes its points SKIPs.
source "$(dirname "$0")/lib.sh"

COAPD=${COAPD:-$LM_ROOT/userspace/coapd/coapd}
CLIENT=
for c in coap-client-openssl coap-client coap-client-gnutls; do
	command -v $c >/dev/null && { CLIENT=$c; break; }
done

require_root_vm
[ -x "$COAPD" ] || skip_all "$COAPD not built (make -C userspace/coapd)"
[ -n "$CLIENT" ] || skip_all "no coap-client (libcoap3-bin)"
for t in jq ss; do
	command -v $t >/dev/null || skip_all "$t not installed (scripts/deps.sh)"
done
TMP=$(mktemp -d /tmp/coapd-mesh.XXXXXX)
chmod 755 "$TMP"
defer "rm -rf $TMP"

tap_plan 17
lm_load
hwsim_radios 4 || skip_all "cannot create hwsim radios"
mesh_line4
check "four nodes on a line A - B - C - D" [ $? = 0 ]

line4_routes
check "static routes configured with iotctl" [ $? = 0 ]

for n in A B C D; do
	wait_lladdr $n mesh0
	nsx $n ip -6 addr add 2001:db8::${n,,}/64 dev mesh0 nodad
done
check "ping A -> D over three hops" ping6_ok A 2001:db8::d

cat >"$TMP/coapd.conf" <<EOT
[server]
interface = mesh0
user = nobody
[dtls]
psk_key = mesh-secret
psk_identity = node-a
[mesh]
poll_interval = 1s
EOT
# not through nsx: $! must be coapd itself (ip netns exec execs it)
ip netns exec D "$COAPD" -c "$TMP/coapd.conf" >"$TMP/coapd.log" 2>&1 &
cpid=$!
defer "kill $cpid"
for _ in $(seq 50); do grep -aq ' ready ' "$TMP/coapd.log" && break; sleep 0.1; done
t_started() { grep -aq ' ready ' "$TMP/coapd.log" && kill -0 $cpid || { cat "$TMP/coapd.log"; false; }; }
check "coapd runs on D" t_started
t_bound() {
	local s
	s=$(nsx D ss -Hulnp | grep "pid=$cpid," | awk '{print $4}' | sort)
	echo "$s"
	echo "$s" | grep -q '^\[2001:db8::d\]:5683$' &&
	echo "$s" | grep -Eq '^\[fe80::[0-9a-f:]+(%mesh0)?\](%mesh0)?:5683$' &&
	echo "$s" | grep -q '^\[2001:db8::d\]:5684$' &&
	! echo "$s" | grep -q '^\*:\|^0\.0\.0\.0:\|^\[::\]:'
}
check "coapd bound to mesh0's addresses only, UDP and DTLS" t_bound
check "coapd dropped root (runs as nobody)" \
	grep -q "^Uid:[[:space:]]*65534[[:space:]]" /proc/$cpid/status

U=coap://[2001:db8::d]
get() { nsx A "$CLIENT" -B 20 "$@"; }
t_disc() {
	get "$U/.well-known/core" >"$TMP/disc"
	cat "$TMP/disc"
	grep -q '</mesh/stats>;ct=50;if="core.rp";rt="lowpan-mesh.stats";obs' "$TMP/disc"
}
check "A discovers D's resources over 6LoWPAN" t_disc

# same_as COAP IOTCTL (JSON arrays of objects, same order): every key coapd
# shows has iotctl's value; keys only iotctl knows (attributes newer than
# coapd) are listed as a note, not a failure
same_as() {
	jq -n --argjson c "$1" --argjson i "$2" -e '
		($c | length) == ($i | length) and ($c | length) > 0 and
		([range(0; $c | length) as $k | $c[$k] | to_entries[] |
		  .value == $i[$k][.key]] | all)' >/dev/null || {
		diff <(echo "$1" | jq -S .) <(echo "$2" | jq -S .)
		return 1
	}
	local extra
	extra=$(jq -n -r --argjson c "$1" --argjson i "$2" \
		'[($i[0] | keys) - ($c[0] | keys)] | flatten | join(" ")')
	[ -z "$extra" ] || tap_note "iotctl shows more than coapd: $extra"
	return 0
}
t_dev() {
	local c i
	c=$(get "$U/mesh/dev") || return 1
	i=$(nsx D "$IOTCTL" -j dev show)
	same_as "$c" "$i"
}
check "/mesh/dev from A equals iotctl -j dev show on D" t_dev

# Counters move with the request itself: each value read over CoAP must lie
# between iotctl's reading just before and just after, with the same names
# in the same order.
stats_between() {	# stats_between BEFORE COAP AFTER (files)
	jq -n --slurpfile b "$1" --slurpfile c "$2" --slurpfile a "$3" '
		($b[0]) as $b | ($c[0]) as $c | ($a[0]) as $a |
		($c | length) == ($a | length) and ($c | length) > 0 and
		([range(0; $c | length) as $i |
		  $c[$i].ifname == $a[$i].ifname and
		  $c[$i].ifindex == $a[$i].ifindex and
		  ($c[$i].stats | keys_unsorted) == ($a[$i].stats | keys_unsorted) and
		  ([$c[$i].stats | to_entries[] | .key as $k |
		    .value >= $b[$i].stats[$k] and .value <= $a[$i].stats[$k]] | all)
		 ] | all)' | grep -qx true
}
t_stats() {
	nsx D "$IOTCTL" -j stats >"$TMP/before"
	get "$U/mesh/stats" >"$TMP/coap" || return 1
	nsx D "$IOTCTL" -j stats >"$TMP/after"
	head -c 300 "$TMP/coap"; echo
	stats_between "$TMP/before" "$TMP/coap" "$TMP/after"
}
check "/mesh/stats from A matches iotctl -j stats on D" t_stats
t_block() {
	nsx D "$IOTCTL" -j stats >"$TMP/before"
	get -b 64 -v 7 -o "$TMP/coap" "$U/mesh/stats" >"$TMP/blk.log" 2>&1
	nsx D "$IOTCTL" -j stats >"$TMP/after"
	local n
	n=$(grep -c 'c:2.05 .*Block2:[0-9]*/[M_]/64' "$TMP/blk.log")
	echo "$n blocks of 64 bytes"
	[ "$n" -ge 10 ] && stats_between "$TMP/before" "$TMP/coap" "$TMP/after"
}
check "/mesh/stats block-wise in 64-byte blocks over 6LoWPAN" t_block

# tables the module may not implement yet: 5.01 from coapd
table_ok() {	# table_ok NAME: 0 when coapd serves it (2.05)
	get "$U/mesh/$1" >"$TMP/$1.json" 2>"$TMP/$1.err"
	! grep -q '5.01' "$TMP/$1.err" "$TMP/$1.json"
}
if table_ok routes; then
	t_routes() {
		local c i
		c=$(jq -c 'sort_by(.dst)' "$TMP/routes.json") || return 1
		i=$(nsx D "$IOTCTL" -j route show | jq -c 'sort_by(.dst)')
		same_as "$c" "$i"
	}
	check "/mesh/routes from A equals iotctl -j route show on D" t_routes
	t_observe() {
		nsx A "$CLIENT" -s 15 -B 20 -w "$U/mesh/routes" >"$TMP/obs" 2>&1 &
		local p=$! i
		sleep 3
		nsx D "$IOTCTL" route add 0x00ee via 0x000c dev mesh0
		for ((i = 0; i < 50; i++)); do
			grep -q '"0x00ee"' "$TMP/obs" && break
			sleep 0.2
		done
		kill $p 2>/dev/null
		wait $p 2>/dev/null
		cat "$TMP/obs"
		grep -q '"0x00ee"' "$TMP/obs" && [ "$(grep -c '"dst"' "$TMP/obs")" -ge 2 ]
	}
	check "observing /mesh/routes: a route added on D is notified to A" t_observe
else
	tap_skip "/mesh/routes equals iotctl -j route show" "module lacks ROUTE_GET: $(cat "$TMP/routes.err")"
	tap_skip "observing /mesh/routes" "module lacks ROUTE_GET"
fi
if table_ok neigh; then
	t_neigh() {
		local c i
		c=$(jq -S '[.[] | {short_addr, ext_addr, ifname}] | sort_by(.short_addr)' "$TMP/neigh.json") || return 1
		i=$(nsx D "$IOTCTL" -j neigh show | jq -S '[.[] | {short_addr, ext_addr, ifname}] | sort_by(.short_addr)')
		echo "coap: $c"; echo "iotctl: $i"
		[ "$c" = "$i" ] && [ "$(echo "$c" | jq length)" -ge 1 ]
	}
	check "/mesh/neigh lists D's neighbours as iotctl -j neigh show does" t_neigh
else
	tap_skip "/mesh/neigh" "module lacks NEIGH_GET: $(cat "$TMP/neigh.err")"
fi
if table_ok ctx; then
	t_ctx() {
		nsx D "$IOTCTL" ctx add 3 2001:db8:99::/64 dev mesh0 compress off || return 1
		sleep 0.3
		local c i
		c=$(get "$U/mesh/ctx" | jq -c '[.[] | del(.lifetime)] | sort_by(.cid)') || return 1
		i=$(nsx D "$IOTCTL" -j ctx show | jq -c '[.[] | del(.lifetime)] | sort_by(.cid)')
		same_as "$c" "$i"
	}
	check "/mesh/ctx equals iotctl -j ctx show on D" t_ctx
else
	tap_skip "/mesh/ctx" "module lacks CTX_GET: $(cat "$TMP/ctx.err")"
fi

t_dtls() {
	local c
	c=$(nsx A "$CLIENT" -B 20 -u node-a -k mesh-secret "coaps://[2001:db8::d]/mesh/dev" | jq -r '.[0].ifname')
	[ "$c" = mesh0 ]
}
check "DTLS PSK from A to D over the mesh" t_dtls
t_counts() {
	get "$U/stats" | jq -e '.requests.total >= 5 and .dtls.handshakes >= 1 and .mesh.errors == 0'
}
check "D's /stats counted the requests and the handshake" t_counts
check "coapd still running" kill -0 $cpid

tap_done
