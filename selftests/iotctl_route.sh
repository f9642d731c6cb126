#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# iotctl_route.sh - iotctl route, neigh, ctx, dev set and monitor against
# the real lowpan_mesh module, on hwsim radios in namespaces of their own.
#
#   scripts/vm-run -- selftests/run.sh iotctl_route
#
# Needs kernel/lowpan_mesh.ko (or LOWPAN_MESH_KO=path) and
# userspace/iotctl/iotctl (or IOTCTL=path). Prints TAP; exit 4 = skip.
#
# The module gains its commands piece by piece: where it answers a command
# with EOPNOTSUPP, iotctl must say "not supported by this lowpan_mesh
# module" (checked), and the points that need the command are SKIPs.
#
# Topology: a (radio 0, 0x0001) <-> b (radio 1, 0x0002), both with mesh0;
# c (radio 2, 0x0003) hears nobody and starts without a mesh interface;
# radio 3 joins c late, for a second mesh interface in one namespace.

. "$(dirname "$0")/lib.sh"

LM_KO=${LOWPAN_MESH_KO:-$LM_KO}
IOTCTL=${IOTCTL:-$LM_ROOT/userspace/iotctl/iotctl}
PLAN=49
A=rt-a-$$
B=rt-b-$$
C=rt-c-$$
UNSUPPORTED="^iotctl: [a-z]+ [a-z]+: not supported by this lowpan_mesh module \(Operation not supported\)$"

require_root_vm
for t in jq iwpan wpan-hwsim ip setpriv; do
	command -v $t >/dev/null || skip_all "$t not installed (scripts/deps.sh)"
done
TMP=$(mktemp -d /tmp/iotctl-route.XXXXXX)
defer "rm -rf $TMP"

# --- helpers ---------------------------------------------------------------

# iot NS ARGS...: iotctl in NS; stdout, stderr and the exit status (rc)
# kept; returns the exit status
iot() {
	local ns=$1
	shift
	nsx "$ns" "$IOTCTL" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	return $rc
}

# as iot, without privileges
iot_user() {
	local ns=$1
	shift
	nsx "$ns" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$IOTCTL" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	return $rc
}

expect_ok() {
	[ "$rc" = 0 ] || { echo "exit $rc"; cat "$TMP/err"; return 1; }
	[ ! -s "$TMP/err" ] || { echo "unexpected stderr:"; cat "$TMP/err"; return 1; }
}

# expect_fail RC PATTERN: exit RC, PATTERN on the first line of stderr,
# nothing on stdout
expect_fail() {
	[ "$rc" = "$1" ] || { echo "exit $rc, want $1"; cat "$TMP/err"; return 1; }
	head -1 "$TMP/err" | grep -Eq -- "$2" || { echo "no /$2/ in:"; cat "$TMP/err"; return 1; }
	[ ! -s "$TMP/out" ] || { echo "unexpected stdout:"; cat "$TMP/out"; return 1; }
}

jq_out() {
	jq -e "$1" "$TMP/out" >/dev/null || { echo "jq '$1' false on:"; cat "$TMP/out"; return 1; }
}

declare -A skip_why

# probe FEATURE NS ARGS...: run a command of FEATURE once; when the module
# lacks it (and iotctl says so clearly), the points of FEATURE are skipped.
# The result stays in rc, out and err for the first point.
probe() {
	local feat=$1
	shift
	iot "$@"
	if [ "$rc" = 1 ] && [ "$(wc -l <"$TMP/err")" = 1 ] &&
	   grep -Eq "$UNSUPPORTED" "$TMP/err"; then
		skip_why[$feat]="module lacks it (iotctl said: $(cat "$TMP/err"))"
		tap_note "$feat: $(cat "$TMP/err")"
	fi
}

# point FEATURE NAME FUNC [ARGS...]: one test point, SKIP when the module
# lacks FEATURE ("" for points that always run)
point() {
	local feat=$1 name=$2
	shift 2
	if [ -n "$feat" ] && [ -n "${skip_why[$feat]:-}" ]; then
		tap_skip "$name" "${skip_why[$feat]}"
		return
	fi
	if "$@" >"$TMP/point" 2>&1; then
		tap_ok "$name"
	else
		tap_fail "$name"
		tail -n 20 "$TMP/point" | sed 's/^/#   /'
	fi
}

# The events group's id, and whether a generic netlink socket of NS joined
# it (/proc/net/netlink shows the first 32 groups of each socket).
events_group() {
	genl ctrl get name lowpan_mesh 2>/dev/null |
		sed -n 's/.*ID-\(0x[0-9a-f]*\) *name: events.*/\1/p' | head -1
}

# monitor_start NS OUTFILE ARGS...: iotctl monitor in the background, back
# once it has joined the group
monitor_start() {
	local ns=$1 file=$2 grp bit i
	shift 2
	# not through nsx (a function: $! would be a subshell): ip execs iotctl
	ip netns exec "$ns" "$IOTCTL" "$@" >"$file" 2>"$file.err" &
	MON=$!
	defer "kill $MON"
	grp=$(events_group)
	if [ -z "$grp" ] || [ $((grp)) -gt 32 ]; then
		sleep 1
		return 0
	fi
	bit=$((1 << (grp - 1)))
	for ((i = 0; i < 100; i++)); do
		joined "$ns" "$bit" && return 0
		sleep 0.1
	done
	return 0	# let the test point tell
}

# joined NS BIT: a generic netlink socket (protocol 16) of NS has BIT set in
# its groups
joined() {
	local sk eth pid groups rest
	while read -r sk eth pid groups rest; do
		[ "$eth" = 16 ] && (( 0x$groups & $2 )) && return 0
	done < <(nsx "$1" cat /proc/net/netlink | tail -n +2)
	return 1
}

# monitor_wait: the background monitor exited (10 s at most) with status 0
monitor_wait() {
	local i
	for ((i = 0; i < 100; i++)); do
		kill -0 "$MON" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$MON" 2>/dev/null; then
		echo "monitor still running"
		kill "$MON"
		return 1
	fi
	wait "$MON"
}

# --- topology --------------------------------------------------------------

# Routing off: the route points below check the exact list of static
# routes (lengths, one line of text); with routing on, A and B would also
# list the routes they learn to each other (origin mesh).
routing_off
lm_load || skip_all "cannot load $LM_KO"
hwsim_radios 4 || skip_all "cannot create hwsim radios"
mesh_node "$A" 0 0x0001 || { echo "# node a failed"; exit 1; }
mesh_node "$B" 1 0x0002 || { echo "# node b failed"; exit 1; }
node "$C" 2 0x0003 || { echo "# node c failed"; exit 1; }
radio_link 0 1 || { echo "# radio link failed"; exit 1; }
WPAN_C=$(wpan_of "$C")
dmesg_clean	# from here on

tap_plan $PLAN

# --- monitor: interfaces (the module sends DEV_ADD and DEV_DEL) --------------

monitor_start "$C" "$TMP/mon.dev" -j monitor count 2
iot "$C" dev add "$WPAN_C" name mesh0
iot "$C" dev del mesh0
t_mon_exit() { monitor_wait; }
point "" "monitor count 2 exits 0 after two events" t_mon_exit
t_mon_json() {
	cat "$TMP/mon.dev" "$TMP/mon.dev.err"
	[ "$(wc -l <"$TMP/mon.dev")" = 2 ] &&
	[ "$(jq -s length "$TMP/mon.dev")" = 2 ] &&
	jq -se ".[0].event == \"dev_add\" and .[0].ifname == \"mesh0\" and
		(.[0].ifindex | type) == \"number\" and
		.[0].wpan_ifname == \"$WPAN_C\"" "$TMP/mon.dev" >/dev/null &&
	jq -se '.[1].event == "dev_del" and .[1].ifname == "mesh0" and
		.[1].ifindex == .[0].ifindex' "$TMP/mon.dev" >/dev/null
}
point "" "-j monitor: dev_add then dev_del, one JSON object per line" t_mon_json

monitor_start "$C" "$TMP/mon.text" monitor count 1
iot "$C" dev add "$WPAN_C" name mesh0
t_mon_text() {
	monitor_wait && cat "$TMP/mon.text" &&
	grep -Eq "^dev add mesh0 ifindex [0-9]+ wpan $WPAN_C\$" "$TMP/mon.text" &&
	[ "$(wc -l <"$TMP/mon.text")" = 1 ]
}
point "" "monitor text: \"dev add mesh0 ifindex N wpan $WPAN_C\"" t_mon_text

t_mon_sigint() {
	monitor_start "$C" "$TMP/mon.int" monitor
	kill -INT "$MON"
	monitor_wait && [ ! -s "$TMP/mon.int" ] && [ ! -s "$TMP/mon.int.err" ]
}
point "" "monitor without count: SIGINT ends it with status 0, silently" t_mon_sigint
t_mon_filter() {
	# c's events only; an interface created in c, a route event (if any) in a
	monitor_start "$C" "$TMP/mon.f" -j monitor dev mesh0 count 1
	iot "$C" dev set mesh0 hops 3	# no event, whatever the module
	iot "$C" dev del mesh0
	monitor_wait && jq -e '.event == "dev_del"' "$TMP/mon.f"
}
point "" "monitor dev mesh0 count 1: the interface's deletion" t_mon_filter
t_mon_usage() { iot "$C" monitor count 0; expect_fail 2 'invalid count "0"'; }
point "" "monitor count 0: usage error, exit 2" t_mon_usage

# --- dev set: hops left, flood -----------------------------------------------

probe dev_set "$A" dev set mesh0 hops 5
t_set() { expect_ok && [ ! -s "$TMP/out" ]; }
point dev_set "dev set mesh0 hops 5" t_set
t_hops() { iot "$A" -j dev show mesh0 && expect_ok && jq_out '.[0].hops_left == 5'; }
point dev_set "dev show: hops_left 5" t_hops
t_hops_text() { iot "$A" dev show mesh0 && expect_ok && grep -q ' hops_left 5' "$TMP/out"; }
point dev_set "dev show text: hops_left 5" t_hops_text
t_flood() {
	iot "$A" dev set mesh0 flood off && expect_ok &&
	iot "$A" -j dev show mesh0 && jq_out '.[0].flood == false' &&
	iot "$A" dev set mesh0 flood on hops 14 && expect_ok &&
	iot "$A" -j dev show mesh0 && jq_out '.[0].flood == true and .[0].hops_left == 14'
}
point dev_set "dev set flood off/on, hops 14: dev show follows" t_flood
t_set_range() {
	iot "$A" dev set mesh0 hops 0; expect_fail 2 'invalid hops "0" \(1 to 255\)' || return 1
	iot "$A" dev set mesh0 hops 256; expect_fail 2 'invalid hops "256"'
}
point "" "dev set hops 0 and 256: usage errors, exit 2" t_set_range
t_set_user() {
	iot_user "$A" dev set mesh0 hops 3
	expect_fail 1 '^iotctl: dev set: mesh0: Operation not permitted'
}
point dev_set "dev set without CAP_NET_ADMIN: refused" t_set_user
t_set_lo() { iot "$A" dev set lo hops 3; expect_fail 1 '^iotctl: dev set: lo: .+ \(.+\)$'; }
point dev_set "dev set on a non-mesh device: kernel message, exit 1" t_set_lo

# --- routes --------------------------------------------------------------------

probe route "$A" route add 0x0003 via 0x0002 dev mesh0 metric 5
t_radd() { expect_ok && [ ! -s "$TMP/out" ]; }
point route "route add 0x0003 via 0x0002 dev mesh0 metric 5" t_radd
t_rshow() {
	iot "$A" -j route show && expect_ok && jq_out 'length == 1' &&
	jq_out '.[0].dst == "0x0003" and .[0].nexthop == "0x0002"' &&
	jq_out '.[0].ifname == "mesh0" and (.[0].ifindex | type) == "number"' &&
	jq_out '.[0].metric == 5 and .[0].origin == "static"'
}
point route "-j route show: dst, nexthop, ifname, metric 5, origin static" t_rshow
t_rtext() {
	iot "$A" route show && expect_ok &&
	[ "$(cat "$TMP/out")" = "0x0003 via 0x0002 dev mesh0 metric 5 origin static" ]
}
point route "route show text: one line" t_rtext
t_rreplace() {
	iot "$A" route add 0x3 via 0x2 metric 7
	expect_fail 1 '^iotctl: route add: mesh0: a route to this destination exists \(File exists\)$' &&
	iot "$A" -j route show dev mesh0 && jq_out 'length == 1 and .[0].metric == 5' &&
	iot "$A" route replace 0x3 via 0x2 metric 7 && expect_ok &&
	iot "$A" -j route show dev mesh0 && jq_out 'length == 1 and .[0].metric == 7'
}
point route "route add again: File exists, route kept; route replace (no dev, the only mesh0): metric 7" t_rreplace
t_ralias() {
	iot "$A" route replace 0x0003 via 0x0002 dev mesh0 && expect_ok &&
	iot "$A" -j route show && jq_out 'length == 1 and .[0].metric == 1'
}
point route "route replace without metric: the module's default 1" t_ralias
t_rext() {
	iot "$A" route add 00:11:22:33:44:55:66:77 via 0x0002 dev mesh0 metric 3 &&
	expect_ok && iot "$A" -j route show &&
	jq_out 'length == 2' &&
	jq_out 'map(select(.dst == "00:11:22:33:44:55:66:77"))[0].metric == 3'
}
point route "route to an extended address: two routes" t_rext
t_rext16() {
	iot "$A" route replace 0011223344556677 via 0x2 metric 4 && expect_ok &&
	iot "$A" route show && grep -qx '00:11:22:33:44:55:66:77 via 0x0002 dev mesh0 metric 4 origin static' "$TMP/out"
}
point route "extended address as 16 hex digits: the same route, replaced" t_rext16
t_rother() {
	iot "$B" -j route show && expect_ok && jq_out 'length == 0' &&
	iot "$A" -j route show dev mesh0 && jq_out 'length == 2' &&
	iot "$A" -j route show dev lo && jq_out 'length == 0'
}
point route "route show per namespace and per interface" t_rother
t_rself() {
	iot "$A" route add 0x0001 via 0x0002 dev mesh0
	expect_fail 1 '^iotctl: route add: mesh0: .+ \(Invalid argument\)$'
}
point route "route to this node itself: kernel message, exit 1" t_rself
t_ruser() {
	iot_user "$A" route add 0x0004 via 0x0002 dev mesh0
	expect_fail 1 '^iotctl: route add: mesh0: Operation not permitted' || return 1
	iot_user "$A" -j route show && expect_ok && jq_out 'length == 2'
}
point route "route add without CAP_NET_ADMIN refused; route show works" t_ruser
t_rmon() {
	monitor_start "$A" "$TMP/mon.route" -j monitor dev mesh0 count 1
	iot "$A" route add 0x0004 via 0x0002 metric 2 || return 1
	monitor_wait && cat "$TMP/mon.route" &&
	jq -e '.event == "route" and .ifname == "mesh0"' "$TMP/mon.route"
}
point route "monitor: a route event when a route is added" t_rmon
t_rdel() {
	iot "$A" route del 0x0003 dev mesh0 && expect_ok &&
	iot "$A" -j route show && jq_out 'length == 2 and all(.[]; .dst != "0x0003")'
}
point route "route del 0x0003" t_rdel
t_rdel_again() {
	iot "$A" route del 0x0003 dev mesh0
	expect_fail 1 '^iotctl: route del: mesh0: .+ \(No such file or directory\)$'
}
point route "route del of a route that is not there: kernel message, exit 1" t_rdel_again
t_rdel_all() {
	iot "$A" route del 00:11:22:33:44:55:66:77 && expect_ok &&
	iot "$A" route del 0x4 dev mesh0 && expect_ok &&
	iot "$A" -j route show && [ "$(cat "$TMP/out")" = "[]" ]
}
point route "route del the rest: -j route show prints []" t_rdel_all
t_rusage() {
	iot "$A" route add 0xffff via 0x0002 dev mesh0; expect_fail 2 'not a node address' || return 1
	iot "$A" route add 0x0003 dev mesh0; expect_fail 2 'missing via NEXTHOP'
}
point "" "route add with a broadcast DEST or no via: usage errors" t_rusage

# --- neighbours ----------------------------------------------------------------

wait_lladdr "$A" mesh0
wait_lladdr "$B" mesh0
LL_B=$(lladdr "$B" mesh0)
nsx "$A" ping -6 -c 3 -i 0.3 -W 2 "$LL_B%mesh0" >/dev/null 2>&1
probe neigh "$A" -j neigh show
t_nshow() {
	expect_ok && cat "$TMP/out" &&
	jq_out 'length >= 1' &&
	jq_out 'map(select(.short_addr == "0x0002" or .ext_addr != null)) | length >= 1'
}
point neigh "-j neigh show after a ping: b is a neighbour of a" t_nshow
t_nfields() {
	iot "$A" -j neigh show dev mesh0 && expect_ok &&
	jq_out '.[0].ifname == "mesh0"' &&
	jq_out 'all(.[]; (.lqi | type) == "number" and .lqi <= 255)' &&
	jq_out 'all(.[]; (.last_seen_ms | type) == "number")' &&
	jq_out 'any(.[]; .rx_frames >= 1 and .last_seen_ms < 60000)'
}
point neigh "neigh: lqi, last_seen_ms, rx_frames typed and plausible" t_nfields
t_nsaved() {
	iot "$A" -j neigh show && expect_ok &&
	jq_out 'all(.[]; .hdr_saved == .hdr_in - .hdr_out)' &&
	jq_out 'all(.[]; (.tx_packets | type) == "number")'
}
point neigh "neigh: hdr_saved is hdr_in - hdr_out" t_nsaved
t_ntext() {
	iot "$A" neigh && expect_ok && cat "$TMP/out" &&
	grep -Eq '^(0x[0-9a-f]{4}|([0-9a-f]{2}:){7}[0-9a-f]{2}).* dev mesh0 lqi [0-9]+ seen ([0-9.]+s|[0-9]+m[0-9]+s) ago rx_frames [0-9]+$' "$TMP/out" &&
	grep -Eq '^    tx_packets [0-9]+ hdr_in [0-9]+ hdr_out [0-9]+ saved -?[0-9]+ bytes' "$TMP/out"
}
point neigh "neigh text: address, lqi, \"seen ... ago\", savings line" t_ntext
t_nuser() { iot_user "$A" -j neigh show && expect_ok && jq_out 'length >= 1'; }
point neigh "neigh show works without privileges" t_nuser
t_nnone() { iot "$B" -j neigh show dev lo && expect_ok && jq_out 'length == 0'; }
point neigh "neigh show dev lo: none" t_nnone

# --- contexts ------------------------------------------------------------------

probe ctx "$A" ctx add 1 2001:db8:1::/64 dev mesh0 compress on lifetime 300
t_cadd() { expect_ok && [ ! -s "$TMP/out" ]; }
point ctx "ctx add 1 2001:db8:1::/64 dev mesh0 compress on lifetime 300" t_cadd
t_cshow() {
	iot "$A" -j ctx show && expect_ok && cat "$TMP/out" &&
	jq_out 'map(select(.cid == 1)) | length == 1' &&
	jq_out 'map(select(.cid == 1))[0] | .prefix == "2001:db8:1::/64" and
		.ifname == "mesh0" and .compress == true and .expires == true and
		.lifetime > 0 and .lifetime <= 300 and .origin == "configured" and
		(.version | type) == "number" and .phase == "compress"'
}
# (configured on a node that is not the authority: no hold, compresses at once)
point ctx "-j ctx show: prefix, compress, phase, lifetime left, origin, version" t_cshow
t_cforever() {
	iot "$A" ctx add 2 fd00::/8 compress off lifetime forever && expect_ok &&
	iot "$A" -j ctx show dev mesh0 &&
	jq_out 'map(select(.cid == 2))[0] | .lifetime == 0 and .expires == false and .compress == false' &&
	iot "$A" ctx show && grep -Eq '^cid 2 prefix fd00::/8 dev mesh0 compress off phase compress lifetime forever origin configured version [0-9]+$' "$TMP/out"
}
# (compress off shows the phase of the context's timing next to the flag)
point ctx "ctx add without dev, lifetime forever: text says forever, compress off, its phase" t_cforever
probe ctx_authority "$A" ctx authority on dev mesh0
t_cauth() {
	expect_ok && iot "$A" -j dev show mesh0 && jq_out '.[0].ctx_authority == "on"' &&
	iot "$A" ctx authority auto && expect_ok &&
	iot "$A" dev show mesh0 && grep -q ' ctx_authority auto' "$TMP/out" &&
	iot "$A" ctx authority off dev mesh0 && expect_ok
}
point ctx_authority "ctx authority on, auto, off: dev show follows" t_cauth
t_cversion() {
	# the table is versioned by its authority: the version grows there
	local v1 v2
	iot "$A" ctx authority on dev mesh0 && expect_ok || return 1
	iot "$A" -j dev show mesh0 && v1=$(jq '.[0].ctx_version' "$TMP/out")
	iot "$A" ctx add 3 2001:db8:3::/48 && expect_ok || return 1
	iot "$A" -j ctx show && v2=$(jq 'map(select(.cid == 3))[0].version' "$TMP/out")
	echo "version $v1 -> $v2"
	[ "$v2" -gt "$v1" ] &&
	iot "$A" -j dev show mesh0 && jq_out ".[0].ctx_version == $v2" &&
	iot "$A" ctx authority off && expect_ok
}
point ctx_authority "as authority, the table version grows when a context is added; dev show has it" t_cversion
t_cdel() {
	iot "$A" ctx del 1 dev mesh0 && expect_ok &&
	iot "$A" -j ctx show && jq_out 'all(.[]; .cid != 1)'
}
point ctx "ctx del 1" t_cdel
t_cuser() {
	iot_user "$A" ctx add 4 2001:db8:4::/64 dev mesh0
	expect_fail 1 '^iotctl: ctx add: mesh0: Operation not permitted'
}
point ctx "ctx add without CAP_NET_ADMIN: refused" t_cuser
t_cmon() {
	monitor_start "$A" "$TMP/mon.ctx" -j monitor dev mesh0 count 1
	iot "$A" ctx del 2 || return 1
	monitor_wait && cat "$TMP/mon.ctx" && jq -e '.event == "ctx"' "$TMP/mon.ctx"
}
point ctx "monitor: a ctx event when a context is deleted" t_cmon

t_cauth_bad() { iot "$A" ctx authority maybe; expect_fail 2 'invalid role "maybe"'; }
point "" "ctx authority maybe: usage error, exit 2" t_cauth_bad
t_cusage() { iot "$A" ctx add 16 2001:db8::/64; expect_fail 2 'invalid context id "16"'; }
point "" "ctx add 16: usage error, exit 2" t_cusage

# --- defaulting to the only mesh interface ------------------------------------

t_one() {
	iot "$C" dev add "$WPAN_C" name mesh0 || return 1
	iot "$C" ctx del 5
	# the request reached the module: any answer but ours
	cat "$TMP/err"
	! grep -q 'name one with "dev NAME"' "$TMP/err"
}
point "" "ctx del without dev in a namespace with one mesh interface uses it" t_one
t_several() {
	# a second radio in c, a second mesh interface on it
	local w2
	iwpan phy "${PHY[3]}" set netns name "$C" || return 1
	w2=$(nsx "$C" iwpan dev | awk '/Interface/ { print $2 }' | grep -vx "$WPAN_C" | head -1)
	[ -n "$w2" ] || { echo "no second wpan device in c"; return 1; }
	iot "$C" dev add "$w2" name mesh1 || { cat "$TMP/err"; return 1; }
	iot "$C" route add 0x0005 via 0x0002
	expect_fail 1 '^iotctl: route add: several mesh interfaces: name one with "dev NAME"$' || return 1
	iot "$C" -j route show && jq_out 'length == 0' &&
	iot "$C" dev del mesh1
}
point "" "route add without dev and two mesh interfaces: clear error, nothing added" t_several
t_none() {
	iot "$C" dev del mesh0
	iot "$C" route del 0x0002
	expect_fail 1 '^iotctl: route del: no mesh interface: name one with "dev NAME"$'
}
point "" "route del without dev and no mesh interface: clear error" t_none
t_unsupported_text() {
	# whatever the module lacks, iotctl's message is one clear line
	local f
	for f in dev_set route neigh ctx ctx_authority; do
		[ -n "${skip_why[$f]:-}" ] || continue
		echo "${skip_why[$f]}" | grep -Eq "not supported by this lowpan_mesh module" || return 1
	done
}
point "" "unsupported commands, if any, said \"not supported by this lowpan_mesh module\"" t_unsupported_text
point "" "no kernel warning" dmesg_clean

[ "$_tap_n" = "$PLAN" ] || { echo "# ran $_tap_n points, planned $PLAN"; exit 1; }
tap_done
