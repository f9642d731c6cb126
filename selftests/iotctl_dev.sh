#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# iotctl_dev.sh - iotctl dev add/show/del, stats, JSON output and every error
# path, against the real lowpan_mesh module on a mac802154_hwsim radio.
#
# Runs as root where modules load (inside scripts/vm-run):
#   scripts/vm-run -- selftests/iotctl_dev.sh
# Needs kernel/lowpan_mesh.ko (or LOWPAN_MESH_KO=path) and
# userspace/iotctl/iotctl (or IOTCTL=path). Prints TAP; exit 4 = skip.
#
# A fresh hwsim radio is created and moved into a network namespace of its
# own, so the test leaves other radios, interfaces and namespaces alone and
# also checks that iotctl and the module work per namespace.

ksft_skip=4
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
IOTCTL=${IOTCTL:-$REPO/userspace/iotctl/iotctl}
KO=${LOWPAN_MESH_KO:-$REPO/kernel/lowpan_mesh.ko}
NS=iotctl-dev-$$
TMP=$(mktemp -d /tmp/iotctl-dev.XXXXXX)
PLAN=38

num=0
failed=0
cleanups=()

skip_all() {
	echo "1..0 # SKIP $*"
	exit $ksft_skip
}

ok() {		# ok DESCRIPTION COMMAND...: one result line
	local desc=$1
	shift
	num=$((num + 1))
	if "$@" >"$TMP/ok.out" 2>&1; then
		echo "ok $num - $desc"
	else
		echo "not ok $num - $desc"
		sed 's/^/# /' "$TMP/ok.out"
		failed=$((failed + 1))
	fi
}

skip() {	# skip DESCRIPTION REASON
	num=$((num + 1))
	echo "ok $num - $1 # SKIP $2"
}

cleanup() {
	local i
	for ((i = ${#cleanups[@]} - 1; i >= 0; i--)); do
		eval "${cleanups[i]}" >/dev/null 2>&1
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
on_exit() { cleanups+=("$*"); }

# in our namespace
nsx() { ip netns exec "$NS" "$@"; }
iot() { nsx "$IOTCTL" "$@"; }

# run iotctl in the namespace; keep stdout, stderr and exit status
run() {
	iot "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
}

# expect_fail RC PATTERN: the last run() exited RC, said PATTERN on stderr
# (one line, starting with "iotctl: ") and printed nothing on stdout
expect_fail() {
	[ "$rc" = "$1" ] || { echo "exit $rc, want $1"; cat "$TMP/err"; return 1; }
	# one line; a usage error (2) may add the command's synopsis
	local lines=1
	[ "$1" = 2 ] && grep -q '^usage: iotctl ' "$TMP/err" && lines=2
	[ "$(wc -l <"$TMP/err")" = $lines ] || { echo "want $lines line(s):"; cat "$TMP/err"; return 1; }
	head -1 "$TMP/err" | grep -q '^iotctl: ' || { cat "$TMP/err"; return 1; }
	head -1 "$TMP/err" | grep -Eq -- "$2" || { echo "no /$2/ in:"; cat "$TMP/err"; return 1; }
	[ ! -s "$TMP/out" ] || { echo "unexpected stdout:"; cat "$TMP/out"; return 1; }
}

expect_ok() {
	[ "$rc" = 0 ] || { echo "exit $rc"; cat "$TMP/err"; return 1; }
	[ ! -s "$TMP/err" ] || { echo "unexpected stderr:"; cat "$TMP/err"; return 1; }
}

jq_out() {	# jq_out FILTER: the filter is true on the last stdout
	jq -e "$1" "$TMP/out" >/dev/null || { echo "jq '$1' false on:"; cat "$TMP/out"; return 1; }
}

[ "$(id -u)" = 0 ] || skip_all "needs root (run it in scripts/vm-run)"
[ -x "$IOTCTL" ] || skip_all "$IOTCTL not built (make -C userspace/iotctl)"
[ -f "$KO" ] || skip_all "$KO not built"
for t in jq iwpan wpan-hwsim ip setpriv; do
	command -v $t >/dev/null || skip_all "$t not installed (scripts/deps.sh)"
done
modprobe mac802154_hwsim 2>/dev/null || skip_all "cannot load mac802154_hwsim"

echo "1..$PLAN"

# 1: before the module is there, iotctl says so
if [ -d /sys/module/lowpan_mesh ]; then
	skip "missing module reported" "lowpan_mesh already loaded"
else
	t_missing() {
		"$IOTCTL" dev show >"$TMP/out" 2>"$TMP/err"
		rc=$?
		expect_fail 1 '^iotctl: lowpan_mesh module not loaded \(modprobe/insmod lowpan_mesh.ko\)$'
	}
	ok "missing module reported, exit 1" t_missing
	modprobe ieee802154 2>/dev/null
	modprobe 6lowpan 2>/dev/null
	if ! insmod "$KO" 2>"$TMP/insmod"; then
		sed 's/^/# /' "$TMP/insmod"
		echo "# cannot load $KO"
		exit 1
	fi
	on_exit rmmod lowpan_mesh
fi

# a radio of our own, in a namespace of our own
phys() { find /sys/class/ieee802154/ -mindepth 1 -maxdepth 1 -printf '%f\n' | sort; }
phys >"$TMP/phys.before"
wpan-hwsim add >/dev/null || { echo "# wpan-hwsim add failed"; exit 1; }
phys >"$TMP/phys.after"
PHY=$(comm -13 "$TMP/phys.before" "$TMP/phys.after" | head -1)
[ -n "$PHY" ] || { echo "# no new phy after wpan-hwsim add"; exit 1; }
on_exit "wpan-hwsim del ${PHY#phy}"
ip netns add "$NS" || exit 1
on_exit "ip netns del $NS"
iwpan phy "$PHY" set netns name "$NS" || { echo "# cannot move $PHY to $NS"; exit 1; }
on_exit "ip netns exec $NS $IOTCTL dev del lm-test"
on_exit "ip netns exec $NS $IOTCTL dev del mesh0"
WPAN=
for d in $(nsx ls /sys/class/net); do
	[ "$(nsx cat /sys/class/net/"$d"/type)" = 804 ] && WPAN=$d
done
[ -n "$WPAN" ] || { echo "# no wpan device in $NS"; exit 1; }
nsx ip link set "$WPAN" up
EXT=$(nsx iwpan dev "$WPAN" info | awk '/extended_addr/ { print $2 }')
echo "# radio $PHY, device $WPAN ($EXT) in namespace $NS"

t_empty() { run dev show && expect_ok && [ ! -s "$TMP/out" ]; }
ok "dev show with no mesh interface prints nothing" t_empty
t_empty_json() { run -j dev show && expect_ok && [ "$(cat "$TMP/out")" = "[]" ]; }
ok "-j dev show with no mesh interface prints []" t_empty_json
t_empty_stats() { run -j stats && expect_ok && [ "$(cat "$TMP/out")" = "[]" ]; }
ok "-j stats with no mesh interface prints []" t_empty_stats

t_add() {
	run dev add "$WPAN" && expect_ok &&
	grep -Eq "^mesh0: ifindex [0-9]+ wpan $WPAN \(ifindex [0-9]+\)" "$TMP/out"
}
ok "dev add $WPAN creates mesh0 and prints it" t_add
ok "mesh0 is a network interface" nsx ip link show mesh0

t_show_json() {
	run -j dev show && expect_ok &&
	jq_out 'length == 1' && jq_out '.[0].ifname == "mesh0"' &&
	jq_out ".[0].wpan_ifname == \"$WPAN\"" &&
	jq_out '(.[0].ifindex | type) == "number"' &&
	jq_out '(.[0].wpan_ifindex | type) == "number"' &&
	jq_out '(.[0].mtu | type) == "number"' &&
	jq_out '.[0].operstate == "up" or .[0].operstate == "down"' &&
	jq_out '.[0].short_addr | test("^0x[0-9a-f]{4}$")' &&
	jq_out '.[0].pan_id | test("^0x[0-9a-f]{4}$")' &&
	jq_out '.[0].ext_addr | test("^([0-9a-f]{2}:){7}[0-9a-f]{2}$")'
}
ok "-j dev show: one object with every field typed" t_show_json
t_ifindex() {
	run -j dev show mesh0 && expect_ok &&
	jq_out ".[0].ifindex == $(nsx cat /sys/class/net/mesh0/ifindex)" &&
	jq_out ".[0].wpan_ifindex == $(nsx cat /sys/class/net/"$WPAN"/ifindex)"
}
ok "interface indexes match sysfs" t_ifindex
t_ext() {
	# iwpan prints 0x0011223344556677; iotctl 00:11:22:33:44:55:66:77
	local want
	want=$(echo "${EXT#0x}" | sed 's/../&:/g; s/:$//')
	run -j dev show mesh0 && jq_out ".[0].ext_addr == \"$want\""
}
ok "ext_addr matches iwpan's extended_addr ($EXT)" t_ext
t_mtu() { run -j dev show mesh0 && jq_out ".[0].mtu == $(nsx cat /sys/class/net/mesh0/mtu)"; }
ok "mtu matches the interface's MTU" t_mtu
t_show_text() {
	run dev show mesh0 && expect_ok && [ "$(wc -l <"$TMP/out")" = 2 ] &&
	grep -Eq '^    ext_addr ([0-9a-f]{2}:){7}[0-9a-f]{2} short_addr 0x[0-9a-f]{4} pan_id 0x[0-9a-f]{4}$' "$TMP/out"
}
ok "dev show mesh0: two lines of text" t_show_text
t_pretty() {
	run -p dev show && expect_ok && [ "$(wc -l <"$TMP/out")" -gt 5 ] &&
	jq_out '.[0].ifname == "mesh0"'
}
ok "-p prints indented JSON that parses" t_pretty
t_default() { run dev && expect_ok && grep -q '^mesh0: ' "$TMP/out"; }
ok "dev without a command shows" t_default

t_stats_text() {
	run stats && expect_ok && grep -q '^mesh0 (ifindex [0-9]*):$' "$TMP/out" &&
	grep -Eq '^    rx_frames +[0-9]+$' "$TMP/out" &&
	grep -Eq '^    tx_drop_xmit +[0-9]+$' "$TMP/out"
}
ok "stats: heading and one counter per line" t_stats_text
t_stats_json() {
	run -j stats mesh0 && expect_ok && jq_out 'length == 1' &&
	jq_out '.[0].ifname == "mesh0"' &&
	jq_out '.[0].stats | length > 0' &&
	jq_out '[.[0].stats[] | type == "number" and . >= 0] | all' &&
	jq_out '.[0].stats | has("rx_frames") and has("tx_packets") and has("reasm_drop_timeout")'
}
ok "-j stats mesh0: every counter a number, kernel names" t_stats_json
t_stats_same() {
	local text json
	run stats mesh0 && text=$(awk 'NR > 1 { print $1 }' "$TMP/out")
	run -j stats mesh0 && json=$(jq -r '.[0].stats | keys_unsorted[]' "$TMP/out")
	[ -n "$text" ] && [ "$text" = "$json" ]
}
ok "stats text and JSON list the same counters in the same order" t_stats_same
t_stats_rise() {
	local before after
	run -j stats mesh0 && before=$(jq '.[0].stats.tx_packets' "$TMP/out")
	nsx ip link set mesh0 up
	nsx ping -6 -c 2 -i 0.3 -W 1 ff02::1%mesh0 >/dev/null 2>&1
	run -j stats mesh0 && after=$(jq '.[0].stats.tx_packets' "$TMP/out")
	echo "tx_packets $before -> $after"
	[ "$after" -gt "$before" ]
}
ok "tx_packets rises after sending on mesh0" t_stats_rise

t_dup() { run dev add "$WPAN"; expect_fail 1 "^iotctl: dev add: $WPAN: .+ \((File exists|Device or resource busy)\)$"; }
ok "duplicate dev add: kernel message and errno, exit 1" t_dup
t_no_wpan() { run dev add nosuchwpan0; expect_fail 1 '^iotctl: dev add: wpan device "nosuchwpan0" not found$'; }
ok "dev add of an unknown device: not found, exit 1" t_no_wpan
t_not_wpan() { run dev add lo; expect_fail 1 '^iotctl: dev add: lo: .+ \(.+\)$'; }
ok "dev add on a non-wpan device: kernel message, exit 1" t_not_wpan
t_no_dev() { run dev del nosuchmesh0; expect_fail 1 '^iotctl: dev del: device "nosuchmesh0" not found$'; }
ok "dev del of an unknown device: not found, exit 1" t_no_dev
t_not_mesh() { run dev del lo; expect_fail 1 '^iotctl: dev del: lo: .+ \(.+\)$'; }
ok "dev del of a non-mesh device: kernel message, exit 1" t_not_mesh
t_show_not_mesh() { run -j dev show lo; expect_fail 1 '^iotctl: dev show: lo: .+ \(.+\)$'; }
ok "-j dev show of a non-mesh device: no JSON, exit 1" t_show_not_mesh
t_stats_not_mesh() { run stats lo; expect_fail 1 '^iotctl: stats show: lo: .+ \(.+\)$'; }
ok "stats of a non-mesh device: kernel message, exit 1" t_stats_not_mesh
t_missing_args() {
	run dev add; expect_fail 2 'dev add: missing WPANDEV' || return 1
	run dev del; expect_fail 2 'dev del: missing NAME' || return 1
	run dev add "$WPAN" name; expect_fail 2 'name needs a NAME' || return 1
	run dev show a b; expect_fail 2 'unexpected argument' || return 1
	run frob; expect_fail 2 'unknown object'
}
ok "missing and extra arguments: usage errors, exit 2" t_missing_args
t_help() { run dev help && expect_ok && grep -q 'dev add WPANDEV' "$TMP/out"; }
ok "dev help" t_help

t_perm() {
	nsx setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$IOTCTL" dev add "$WPAN" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	expect_fail 1 "^iotctl: dev add: $WPAN: Operation not permitted"
}
ok "dev add without CAP_NET_ADMIN: permission error, exit 1" t_perm
t_perm_del() {
	nsx setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$IOTCTL" dev del mesh0 >"$TMP/out" 2>"$TMP/err"
	rc=$?
	expect_fail 1 "^iotctl: dev del: mesh0: Operation not permitted" &&
	nsx ip link show mesh0 >/dev/null
}
ok "dev del without CAP_NET_ADMIN: refused, interface kept" t_perm_del
t_user_read() {
	nsx setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$IOTCTL" -j dev show >"$TMP/out" 2>"$TMP/err"
	rc=$?
	expect_ok && jq_out '.[0].ifname == "mesh0"'
}
ok "dev show works without privileges" t_user_read

t_batch() {
	printf '# batch\ndev show\n\nstats mesh0 # one interface\n' >"$TMP/ok.batch"
	run -j -b "$TMP/ok.batch" && expect_ok &&
	[ "$(jq -s length "$TMP/out")" = 2 ]
}
ok "-j -b FILE: one JSON document per command" t_batch
t_batch_err() {
	printf 'dev show\ndev add %s\ndev del mesh0\n' "$WPAN" >"$TMP/bad.batch"
	run -b "$TMP/bad.batch"
	[ "$rc" = 1 ] && grep -Eq "^iotctl: $TMP/bad.batch:2: dev add: $WPAN: " "$TMP/err" &&
	nsx ip link show mesh0 >/dev/null
}
ok "-b stops at the failing line 2 and names it" t_batch_err

t_del() { run dev del mesh0 && expect_ok && [ ! -s "$TMP/out" ] && ! nsx ip link show mesh0 >/dev/null 2>&1; }
ok "dev del mesh0 removes the interface" t_del
t_gone() { run -j dev show && [ "$(cat "$TMP/out")" = "[]" ]; }
ok "dev show empty again" t_gone
t_stats_gone() { run stats mesh0; expect_fail 1 'stats show: device "mesh0" not found'; }
ok "stats of the deleted interface: not found, exit 1" t_stats_gone

t_named() {
	run -j dev add "$WPAN" name lm-test && expect_ok &&
	jq_out '.[0].ifname == "lm-test"' && jq_out ".[0].wpan_ifname == \"$WPAN\"" &&
	nsx ip link show lm-test >/dev/null
}
ok "-j dev add WPAN name lm-test prints the new interface as JSON" t_named
t_named_stats() { run stats lm-test && expect_ok && grep -q '^lm-test (ifindex' "$TMP/out"; }
ok "stats lm-test" t_named_stats
t_other_ns() { "$IOTCTL" -j dev show >"$TMP/out" 2>&1 && ! jq -e '.[] | select(.ifname == "lm-test")' "$TMP/out" >/dev/null; }
ok "the init namespace does not list our namespace's interface" t_other_ns
t_del_named() { run dev del lm-test && expect_ok && ! nsx ip link show lm-test >/dev/null 2>&1; }
ok "dev del lm-test" t_del_named

[ "$num" = "$PLAN" ] || echo "# ran $num tests, planned $PLAN"
echo "# $((num - failed)) passed, $failed failed"
[ "$failed" = 0 ] && [ "$num" = "$PLAN" ]
