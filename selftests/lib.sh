#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lib.sh - shared helpers of the lowpan_mesh selftests (kselftest style)
#
# A test sources this file, declares its plan, builds its topology with
# the helpers below (every resource it makes registers its own cleanup),
# checks what a user would check and ends with tap_done. Output is TAP;
# exit 0 = pass, 1 = fail, 4 = skip.

ksft_pass=0
ksft_fail=1
ksft_skip=4

LM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
LM_KO=${LM_KO:-$LM_ROOT/kernel/lowpan_mesh.ko}	# another build: make test-6.12
IOTCTL=${LM_IOTCTL:-$LM_ROOT/userspace/iotctl/iotctl}	# ... test-arm64
LM_TOOLS=${LM_TOOLS:-$LM_ROOT/selftests/tools}	# ... test-arm64
PAN=0xbeef
# Wireshark 4.4 (Debian 13; not 4.0) tries an RF4CE heuristic on
# 802.15.4 data before 6LoWPAN's, and it claims a mesh frame whose first
# byte is 0xbe (mesh header, 14 hops left) when it is the first frame of a
# capture. This configuration directory turns that one heuristic off.
export WIRESHARK_CONFIG_DIR=$LM_ROOT/scripts/wireshark

_tap_n=0
_tap_fail=0
_tap_skip=0
_cleanups=()

# --- TAP -----------------------------------------------------------------

tap_plan() { echo "1..$1"; }
tap_note() { echo "# $*"; }

_tap_t0=$(date +%s)
tap_ok() {	# name
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $* [$(( $(date +%s) - _tap_t0 ))s]"
}

tap_fail() {	# name [detail]
	_tap_n=$((_tap_n + 1))
	_tap_fail=$((_tap_fail + 1))
	echo "not ok $_tap_n - $1"
	[ $# -gt 1 ] && echo "#   $2"
	return 0
}

tap_skip() {	# name reason
	_tap_n=$((_tap_n + 1))
	_tap_skip=$((_tap_skip + 1))
	echo "ok $_tap_n - $1 # SKIP $2"
}

# check NAME CMD...: one test point, passes when CMD succeeds. The command's
# output is shown (as comments) only when it fails.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		tap_ok "$name"
	else
		tap_fail "$name" "command: $*"
		echo "$out" | tail -n 15 | sed 's/^/#   /'
	fi
}

# check_fail NAME CMD...: passes when CMD fails.
check_fail() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		tap_fail "$name" "unexpected success: $*"
		echo "$out" | tail -n 5 | sed 's/^/#   /'
	else
		tap_ok "$name"
	fi
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		tap_ok "$1"
	else
		tap_fail "$1" "expected '$2', got '$3'"
	fi
}

# check_ge NAME MIN ACTUAL (integers)
check_ge() {
	if [ -n "$3" ] && [ "$3" -ge "$2" ] 2>/dev/null; then
		tap_ok "$1 ($3 >= $2)"
	else
		tap_fail "$1" "expected >= $2, got '$3'"
	fi
}

# On failure, the nonzero counters of every node, for the log.
_dump_nodes() {
	local ns
	for ns in "${_NS[@]}"; do
		echo "# counters of $ns:"
		nsx "$ns" "$IOTCTL" stats 2>/dev/null | awk 'NR > 1 && $2 != 0' |
			sed 's/^ */#   /'
	done
}

tap_done() {
	if [ "$_tap_fail" -gt 0 ]; then
		_dump_nodes
		exit $ksft_fail
	fi
	exit $ksft_pass
}

skip_all() {	# reason
	echo "1..0 # SKIP $*"
	exit $ksft_skip
}

# --- cleanup ---------------------------------------------------------------

defer() { _cleanups+=("$*"); }

_run_cleanups() {
	local i
	for ((i = ${#_cleanups[@]} - 1; i >= 0; i--)); do
		eval "${_cleanups[$i]}" >/dev/null 2>&1
	done
	_cleanups=()
}
trap _run_cleanups EXIT

# --- environment -----------------------------------------------------------

require_root_vm() {
	[ "$(id -u)" = 0 ] || skip_all "needs root"
	[ -e /proc/sys/net/ipv6 ] || skip_all "needs IPv6"
	modinfo mac802154_hwsim >/dev/null 2>&1 || skip_all "needs mac802154_hwsim"
	[ -f "$LM_KO" ] || skip_all "kernel/lowpan_mesh.ko not built"
	[ -x "$IOTCTL" ] || skip_all "userspace/iotctl/iotctl not built"
}

# routing_off: the next lm_load loads the module with routing=0, so that
# mesh interfaces start without dynamic routing (it is on by default). For
# a test that counts frames on the air or per-frame counters exactly, where
# hellos and advertisements (one or more per node and second) would change
# the count; the caller says why in a comment.
routing_off() { LM_ROUTING_OFF=1; }

# lm_load [PARAM=VALUE...]: load the module fresh for this test.
lm_load() {
	rmmod lowpan_mesh 2>/dev/null
	# insmod does not resolve dependencies: the ones we link against.
	modprobe -a 6lowpan ieee802154 mac802154 || return 1
	insmod "$LM_KO" ${LM_ROUTING_OFF:+routing=0} "$@" || return 1
	defer "rmmod lowpan_mesh"
}

# hwsim_radios N: N fresh radios with no edges at all. Sets PHY[i] to the
# phy of radio i (wpan-hwsim index i).
hwsim_radios() {
	local n=$1 i
	_run_ns_cleanup
	rmmod mac802154_hwsim 2>/dev/null
	modprobe mac802154_hwsim || return 1
	defer "_run_ns_cleanup; rmmod mac802154_hwsim"
	for ((i = 2; i < n; i++)); do
		wpan-hwsim add >/dev/null || return 1
	done
	mapfile -t PHY < <(ls /sys/class/ieee802154 | sort -V)
	[ "${#PHY[@]}" -ge "$n" ] || return 1
	wpan-hwsim edge del 0 1 >/dev/null
	wpan-hwsim edge del 1 0 >/dev/null
	return 0
}

# radio_link A B [LQI]: radios A and B hear each other.
radio_link() {
	wpan-hwsim edge add "$1" "$2" >/dev/null &&
	wpan-hwsim edge add "$2" "$1" >/dev/null || return 1
	if [ -n "${3:-}" ]; then
		wpan-hwsim edge lqi "$1" "$2" "$3" >/dev/null
		wpan-hwsim edge lqi "$2" "$1" "$3" >/dev/null
	fi
	return 0
}

unlink_radios() {
	wpan-hwsim edge del "$1" "$2" >/dev/null
	wpan-hwsim edge del "$2" "$1" >/dev/null
}

_NS=()
_run_ns_cleanup() {
	local ns
	for ns in "${_NS[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	_NS=()
	# Namespaces go away asynchronously; their phys come back to init_net.
	sleep 0.5
}

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# nsbg NS CMD...: CMD in namespace NS in the background; $! is CMD itself
# (ip execs it), so that kill reaches it. "nsx NS CMD &" would make $! a
# subshell running nsx, and kill would leave CMD running.
nsbg() { local ns=$1; shift; ip netns exec "$ns" "$@" & }

# wpan_of NS: the wpan interface of the (single) phy in namespace NS.
wpan_of() { nsx "$1" iwpan dev | awk '/Interface/{print $2; exit}'; }

# node NS RADIO [SHORT]: namespace NS holds radio RADIO, its wpan device up
# on our PAN (with short address SHORT if given).
node() {
	local ns=$1 r=$2 short=${3:-} w
	ip netns add "$ns" || return 1
	_NS+=("$ns")
	iwpan phy "${PHY[$r]}" set netns name "$ns" || return 1
	nsx "$ns" ip link set lo up
	w=$(wpan_of "$ns")
	nsx "$ns" iwpan dev "$w" set pan_id "$PAN" || return 1
	if [ -n "$short" ]; then
		nsx "$ns" iwpan dev "$w" set short_addr "$short" || return 1
	fi
	nsx "$ns" ip link set "$w" up
}

# wpan_ext NS: the extended address of the wpan device of NS (aa:bb:...).
wpan_ext() { nsx "$1" cat "/sys/class/net/$(wpan_of "$1")/address"; }

# wpan_set_ext NS ADDR: give the wpan device of NS the extended address
# ADDR (aa:bb:...:hh); before a mesh interface is made on it.
wpan_set_ext() {
	local w
	w=$(wpan_of "$1")
	nsx "$1" ip link set "$w" down &&
	nsx "$1" ip link set "$w" address "$2" &&
	nsx "$1" ip link set "$w" up
}

# mesh_up NS: a mesh0 interface up on the wpan device of NS.
mesh_up() {
	nsx "$1" "$IOTCTL" dev add "$(wpan_of "$1")" name mesh0 >/dev/null || return 1
	nsx "$1" sysctl -qw net.ipv6.conf.mesh0.dad_transmits=0 2>/dev/null
	nsx "$1" ip link set mesh0 up
}

# mesh_node NS RADIO [SHORT]: a node with a mesh0 interface up.
mesh_node() {
	node "$@" && mesh_up "$1"
}

# mesh_line4: the usual four-node line A - B - C - D, radios 0-3 (made
# with hwsim_radios 4 first), short addresses 0x000a..0x000d, mesh0 up on
# each; only neighbours hear each other.
mesh_line4() {
	radio_link 0 1 && radio_link 1 2 && radio_link 2 3 &&
	mesh_node A 0 0x000a && mesh_node B 1 0x000b &&
	mesh_node C 2 0x000c && mesh_node D 3 0x000d
}

# line4_routes: static mesh routes along mesh_line4, so that A and D reach
# every node (B and C reach their neighbours directly).
line4_routes() {
	local r
	for r in "A 0x000c 0x000b" "A 0x000d 0x000b" "B 0x000d 0x000c" \
		 "C 0x000a 0x000b" "D 0x000a 0x000c" "D 0x000b 0x000c"; do
		# shellcheck disable=SC2086
		set -- $r
		nsx "$1" "$IOTCTL" route add "$2" via "$3" dev mesh0 || return 1
	done
}

# mainline_node NS RADIO [SHORT]: a node running mainline 6LoWPAN (lowpan0).
mainline_node() {
	node "$@" || return 1
	modprobe ieee802154_6lowpan || return 1
	nsx "$1" ip link add link "$(wpan_of "$1")" name lowpan0 type lowpan || return 1
	nsx "$1" sysctl -qw net.ipv6.conf.lowpan0.dad_transmits=0 2>/dev/null
	nsx "$1" ip link set lowpan0 up
}

# monitor_node NS RADIO: namespace NS holds radio RADIO with a monitor
# interface mon0 up, hearing every frame its radio hears.
monitor_node() {
	ip netns add "$1" || return 1
	_NS+=("$1")
	iwpan phy "${PHY[$2]}" set netns name "$1" &&
	nsx "$1" iwpan phy "${PHY[$2]}" interface add mon0 type monitor &&
	nsx "$1" ip link set mon0 up
}

# capture_start NS IF FILE [DUMPCAP-OPTION...]: dumpcap records what IF
# of NS sees into FILE (pcapng; -P for pcap), its messages in FILE.log.
# An old FILE goes first, then this waits until dumpcap has written the
# file header, which it does once the interface is open. CAPTURE_PID is
# the capture's pid for capture_stop; cleanup stops it in any case.
capture_start() {
	local ns=$1 dev=$2 file=$3
	shift 3
	rm -f "$file" "$file.log"
	nsbg "$ns" dumpcap -q "$@" -i "$dev" -w "$file" >"$file.log" 2>&1
	CAPTURE_PID=$!
	defer "kill $CAPTURE_PID 2>/dev/null"
	for _ in $(seq 150); do
		[ -s "$file" ] && return 0
		kill -0 "$CAPTURE_PID" 2>/dev/null || break
		sleep 0.2
	done
	echo "# capture_start $ns $dev: $(tail -n 1 "$file.log")"
	return 1
}

# capture_stop PID: stop that capture, return once its file is complete.
capture_stop() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# lladdr NS IF: the link-local address of IF.
lladdr() {
	nsx "$1" ip -6 -o addr show dev "$2" scope link |
		awk '{print $4}' | cut -d/ -f1 | head -n1
}

# wait_lladdr NS IF: wait (10 s at most) for a usable link-local address.
wait_lladdr() {
	local i
	for ((i = 0; i < 50; i++)); do
		if nsx "$1" ip -6 -o addr show dev "$2" scope link |
			grep -qv tentative && [ -n "$(lladdr "$1" "$2")" ]; then
			return 0
		fi
		sleep 0.2
	done
	return 1
}

# tcp_listen_wait NS PORT: wait (20 s at most) until a TCP socket listens
# on PORT in NS; a client started before that gets "connection refused".
tcp_listen_wait() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ -n "$(nsx "$1" ss -Hltn "sport = :$2")" ] && return 0
		sleep 0.2
	done
	return 1
}

# lm_stat NS NAME [IF]: one counter of a mesh interface.
lm_stat() {
	nsx "$1" "$IOTCTL" stats "${3:-mesh0}" | awk -v n="$2" '$1 == n {print $2}'
}

# ping6_ok NS DEST [ARGS...]: DEST answers every ping (3 by default).
ping6_ok() {
	local ns=$1 dst=$2
	shift 2
	nsx "$ns" ping -6 -q -c 3 -i 0.3 -W 5 "$@" "$dst" >/dev/null
}

# lm_count NS NAME [IF]: counter NAME, 0 when iotctl stats does not list it
# (it leaves counters at zero out).
lm_count() { local v; v=$(lm_stat "$@"); echo "${v:-0}"; }

# ping_lost NS DST SIZE: of 20 pings of SIZE payload bytes, how many lost
ping_lost() {
	nsx "$1" ping -6 -q -c 20 -i 0.1 -W 3 -s "$3" "$2" |
		awk '/transmitted/ { print $1 - $4 }'
}

# dmesg_clean: no WARNING, BUG, Oops or leak report since the last call.
_dmesg_mark=0
dmesg_clean() {
	local out
	out=$(dmesg | tail -n +"$((_dmesg_mark + 1))")
	_dmesg_mark=$(dmesg | wc -l)
	! echo "$out" | grep -Eq 'WARNING:|BUG:|Oops|Call Trace|kmemleak|UBSAN|general protection'
}

# --- grids (routing_scale, bench/routing/vm.sh) --------------------------------

# grid_short I: the short address of grid node I (0x0100 + I).
grid_short() { printf '0x%04x' $((0x100 + $1)); }

# mesh_grid N: N nodes g0..gN-1 on radios 0..N-1 (hwsim_radios N first),
# node I at column I % W, row I / W of a grid W = ceil(sqrt(N)) wide (as
# tests/sim places them), short address grid_short I, mesh0 up on each;
# only grid neighbours hear each other. Sets GRID_W and GRID_EDGES (the
# radio pairs "I J" that hear each other, I < J).
mesh_grid() {
	local n=$1 i e
	GRID_W=1
	while ((GRID_W * GRID_W < n)); do GRID_W=$((GRID_W + 1)); done
	GRID_EDGES=()
	for ((i = 0; i < n; i++)); do
		(((i + 1) % GRID_W && i + 1 < n)) && GRID_EDGES+=("$i $((i + 1))")
		((i + GRID_W < n)) && GRID_EDGES+=("$i $((i + GRID_W))")
	done
	for e in "${GRID_EDGES[@]}"; do
		# shellcheck disable=SC2086
		radio_link $e || return 1
	done
	for ((i = 0; i < n; i++)); do
		mesh_node "g$i" "$i" "$(grid_short "$i")" || return 1
	done
}

# grid_walk N: how many ordered pairs of grid nodes g0..gN-1 reach each
# other hop by hop along the next hops of their route tables (iotctl -j
# route show, learned and static), as "OK TOTAL".
grid_walk() {
	local n=$1 i
	for ((i = 0; i < n; i++)); do
		nsx "g$i" "$IOTCTL" -j route show dev mesh0 2>/dev/null |
			jq -r --arg i "$i" '.[] | "\($i) \(.dst) \(.nexthop)"'
	done | awk -v n="$n" '
		function idx(a,	v, k) {	# 0x01XX -> XX
			v = 0
			for (k = 3; k <= length(a); k++)
				v = v * 16 + index("0123456789abcdef",
						   substr(a, k, 1)) - 1
			return v - 256
		}
		{ nh[$1 " " idx($2)] = idx($3) }
		END {
			for (s = 0; s < n; s++)
				for (d = 0; d < n; d++) {
					if (s == d) continue
					total++
					c = s
					for (k = 0; c != d && k < n; k++) {
						if (!((c " " d) in nh)) break
						c = nh[c " " d]
					}
					if (c == d) ok++
				}
			print ok + 0, total + 0
		}'
}
