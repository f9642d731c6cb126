#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# routing_scale.sh - dynamic mesh routing on a 16-node grid whose edges
# flap (issue 12). lm-selftest: long (8-16 minutes under TCG: not in the
# default suite; make test-routing-scale runs it). One namespace per node, mac802154_hwsim radios, only
# grid neighbours hear each other (4x4: 24 edges, diameter 6 hops), short
# addresses 0x0100 + i, routing switched on with iotctl dev set, default
# timers, no "route add" anywhere. Shows:
# - every node's route table walks hop by hop to every other node within
#   a generous bound of routing going on, and then every node pings two
#   far nodes (its mirror image through the centre and the node half the
#   grid away; the times are printed);
# - churn: every SCALE_FLAP_EVERY s (2) one grid edge goes down (a random
#   one, seeded, that leaves the grid connected) and comes back up after
#   SCALE_DOWN s (6), for SCALE_FLAP_S s (30; make test-routing-scale:
#   60), while two corner-to-corner
#   pings run: the hops-left exhaustion counter (fwd_drop_hops: a frame
#   forwarded in a loop until its hops left ran out) stays 0 on every node;
# - delivery during churn: a 3-hop flow of 1280-byte UDP datagrams (1232
#   payload bytes, SCALE_FLOW_MS apart) from g5 (1,1) to g11 (3,2), three
#   shortest paths, measured first over the static grid, then during the
#   churn in the same run; both figures are printed and the churn one must
#   reach SCALE_DELIVERY_PCT (95) percent of the static one;
# - dmesg stays clean.
# Environment: SCALE_N (16: nodes), SCALE_SEED (1), and the settings above;
# SCALE_HELLO_MS sets hello_ms on every node (default: the module's).
source "$(dirname "$0")/lib.sh"
require_root_vm
command -v jq >/dev/null || skip_all "needs jq"
[ -x "$LM_TOOLS/lm-udpflow" ] || skip_all "selftests/tools not built"

N=${SCALE_N:-16}
SEED=${SCALE_SEED:-1}
FLAP_S=${SCALE_FLAP_S:-30}
FLAP_EVERY=${SCALE_FLAP_EVERY:-2}
DOWN_S=${SCALE_DOWN:-6}
FLOW_MS=${SCALE_FLOW_MS:-250}
PCT=${SCALE_DELIVERY_PCT:-95}
CONV_MAX=${SCALE_CONV_MAX:-300}	# seconds: bound for the routes
PING_MAX=${SCALE_PING_MAX:-180}	# seconds after that: bound for the pings
PORT=61630

tap_plan 9
lm_load
hwsim_radios "$N" || skip_all "cannot create $N hwsim radios"
mesh_grid "$N"
ok=$?
t0=$(date +%s.%N)
for ((i = 0; i < N; i++)); do
	nsx "g$i" "$IOTCTL" dev set mesh0 routing on || ok=1
	if [ -n "${SCALE_HELLO_MS:-}" ]; then
		nsx "g$i" "$IOTCTL" dev set mesh0 hello_ms "$SCALE_HELLO_MS" || ok=1
	fi
done
check "$N nodes on a ${GRID_W}-wide grid (${#GRID_EDGES[@]} edges), routing on" [ $ok = 0 ]
since() { awk -v a="$(date +%s.%N)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }

TMP=$(mktemp -d)
defer "rm -rf $TMP"

# --- convergence --------------------------------------------------------------
conv=
for ((k = 0; k < CONV_MAX; k++)); do
	read -r okp total <<<"$(grid_walk "$N")"
	if [ "$okp" = "$total" ]; then
		conv=$(since "$t0")
		break
	fi
	[ "$(since "$t0" | cut -d. -f1)" -ge "$CONV_MAX" ] && break
	sleep 1
done
tap_note "route tables: $okp of $total pairs walk hop by hop after ${conv:-more than $CONV_MAX} s (polled: one round reads $N route tables)"
check "every node's routes lead to every other node (within $CONV_MAX s)" \
	[ -n "$conv" ]

for ((i = 0; i < N; i++)); do
	wait_lladdr "g$i" mesh0
	LL[i]=$(lladdr "g$i" mesh0)
done
# Far nodes: the mirror image through the grid's centre, and the node
# half the grid further on.
declare -A PEND
for ((i = 0; i < N; i++)); do
	for j in $((N - 1 - i)) $(((i + N / 2) % N)); do
		[ "$j" != "$i" ] && PEND["$i $j"]=1
	done
done
npairs=${#PEND[@]}
tp=$(date +%s.%N)
while [ ${#PEND[@]} -gt 0 ] && [ "$(since "$tp" | cut -d. -f1)" -lt "$PING_MAX" ]; do
	pids=()
	for p in "${!PEND[@]}"; do
		read -r i j <<<"$p"
		( nsx "g$i" ping -6 -q -c 1 -W 10 "${LL[j]}%mesh0" >/dev/null 2>&1 &&
		  touch "$TMP/ok.$i.$j" ) &
		pids+=($!)
	done
	wait "${pids[@]}"
	for p in "${!PEND[@]}"; do
		read -r i j <<<"$p"
		[ -e "$TMP/ok.$i.$j" ] && unset "PEND[$p]"
	done
done
tap_note "pings to two far nodes each: $((npairs - ${#PEND[@]})) of $npairs pairs answered, the last $(since "$t0") s after routing went on, $(since "$tp") s after the routes were complete${PEND[*]:+; unanswered: ${!PEND[*]}}"
check_eq "every node pings two far nodes (within $PING_MAX s of complete routes)" 0 "${#PEND[@]}"
check_eq "no static route anywhere" 0 \
	"$(for ((i = 0; i < N; i++)); do nsx "g$i" "$IOTCTL" -j route show dev mesh0; done |
	   jq -s '[.[][] | select(.origin != "mesh")] | length')"

# --- the flow -----------------------------------------------------------------
SRC=$((GRID_W + 1))		# (1,1)
DST=$((2 * GRID_W + 3))		# (3,2): 3 hops, three shortest paths
COUNT=$((FLAP_S * 1000 / FLOW_MS))
# flow FILE: COUNT datagrams g$SRC -> g$DST; FILE gets the receiver's and
# the sender's lines.
flow() {
	local r
	nsbg "g$DST" "$LM_TOOLS/lm-udpflow" recv $PORT $((FLAP_S + 60)) >"$1" 2>&1
	r=$!
	for _ in $(seq 50); do
		grep -q listening "$1" && break
		sleep 0.2
	done
	nsx "g$SRC" "$LM_TOOLS/lm-udpflow" send "${LL[DST]}%mesh0" $PORT 1232 \
		"$COUNT" "$FLOW_MS" >>"$1.tx"
	sleep 5		# the last fragments
	kill "$r"
	wait "$r"
}
got() { awk '/^received/ { print $2 }' "$1"; }
ping6_ok "g$SRC" "${LL[DST]}%mesh0"	# neighbour discovery out of the way
flow "$TMP/static"
s_rx=$(got "$TMP/static")
tap_note "static grid: g$SRC -> g$DST, $s_rx of $COUNT datagrams of 1280 bytes delivered; $(grep lost "$TMP/static")"
check_ge "static grid: the flow delivers (at least half)" $((COUNT / 2)) "$s_rx"

# --- churn ----------------------------------------------------------------------
# connected DOWN...: the grid without the edges DOWN ("i-j") is connected
connected() {
	printf '%s\n' "${GRID_EDGES[@]}" | awk -v n="$N" -v down=" $* " '
		{ if (index(down, " " $1 "-" $2 " ")) next
		  adj[$1] = adj[$1] " " $2; adj[$2] = adj[$2] " " $1 }
		END {
			seen[0] = 1; q[0] = 0; h = 0; t = 1
			while (h < t) {
				c = q[h++]; m = split(adj[c], a, " ")
				for (k = 1; k <= m; k++)
					if (!(a[k] in seen)) { seen[a[k]] = 1; q[t++] = a[k] }
			}
			exit t != n
		}'
}
# churn: the flaps, a line per change into $TMP/flaps; for FLAP_S s of
# wall time from $tc (a step late under a loaded emulator is not made up)
churn() {
	local step=0 now e k down=() until=() keep keepu tries
	RANDOM=$SEED
	while now=$(since "$tc" | cut -d. -f1); [ "$now" -lt "$FLAP_S" ]; do
		keep=() keepu=()
		for k in "${!down[@]}"; do
			if [ "${until[k]}" -le "$now" ]; then
				# shellcheck disable=SC2086
				radio_link ${down[k]/-/ }
				echo "$(since "$tc") up ${down[k]}"
			else
				keep+=("${down[k]}") keepu+=("${until[k]}")
			fi
		done
		down=("${keep[@]}") until=("${keepu[@]}")
		for ((tries = 0; tries < 10; tries++)); do
			e=${GRID_EDGES[RANDOM % ${#GRID_EDGES[@]}]}
			e=${e/ /-}
			[[ " ${down[*]} " == *" $e "* ]] && continue
			connected "${down[@]}" "$e" || continue
			# shellcheck disable=SC2086
			unlink_radios ${e/-/ }
			down+=("$e") until+=($((now + DOWN_S)))
			echo "$(since "$tc") down $e"
			break
		done
		step=$((step + 1))
		sleep "$(awk -v t="$tc" -v s=$((step * FLAP_EVERY)) -v n="$(date +%s.%N)" \
			'BEGIN { d = t + s - n; printf "%.2f", (d > 0 ? d : 0) }')"
	done
	for e in "${down[@]}"; do
		# shellcheck disable=SC2086
		radio_link ${e/-/ }
		echo "$(since "$tc") up $e"
	done
}
pp=()
for p in "0 $((N - 1))" "$((GRID_W - 1)) $((N - GRID_W))"; do
	read -r i j <<<"$p"
	nsbg "g$i" ping -6 -q -i 0.5 -w $((FLAP_S + 10)) -W 2 "${LL[j]}%mesh0" \
		>"$TMP/ping.$i" 2>&1
	pp+=($!)
done
tc=$(date +%s.%N)
churn >"$TMP/flaps" 2>&1 &
cpid=$!
flow "$TMP/churn"
wait "$cpid"
wait "${pp[@]}"
c_rx=$(got "$TMP/churn")
tap_note "flaps: $(grep -c down "$TMP/flaps") edges went down in $FLAP_S s: $(tr '\n' ';' <"$TMP/flaps" | head -c 900)"
tap_note "churn: g$SRC -> g$DST, $c_rx of $COUNT datagrams delivered; $(grep lost "$TMP/churn")"
for i in 0 $((GRID_W - 1)); do
	tap_note "ping from g$i during the churn: $(grep -h 'packets transmitted' "$TMP/ping.$i")"
done
pct=$(awk -v c="${c_rx:-0}" -v s="${s_rx:-0}" 'BEGIN { printf "%d", s ? 100 * c / s : 0 }')
tap_note "delivery during churn: ${pct}% of the static figure (${c_rx:-0} against ${s_rx:-0})"
hops=0 hopsn=
for ((i = 0; i < N; i++)); do
	h=$(lm_stat "g$i" fwd_drop_hops)
	hops=$((hops + ${h:-1}))
	[ "${h:-1}" != 0 ] && hopsn="$hopsn g$i:${h:-?}"
done
tap_note "route changes: $(for ((i = 0; i < N; i++)); do lm_stat "g$i" rt_route_changes; done | awk '{ s += $1 } END { print s }') summed over the nodes; neighbours gone: $(for ((i = 0; i < N; i++)); do lm_stat "g$i" rt_neigh_gone; done | awk '{ s += $1 } END { print s }')"
check_eq "fwd_drop_hops (hops left exhausted) 0 on every node$hopsn" 0 "$hops"
check_ge "the churn flow delivers ${PCT}% of the static one (${c_rx:-0}/${s_rx:-0} = ${pct}%)" \
	"$PCT" "$pct"
tw=$(date +%s.%N)
for ((k = 0; k < 60; k++)); do
	read -r okp total <<<"$(grid_walk "$N")"
	[ "$okp" = "$total" ] && break
	sleep 1
done
tap_note "after the churn: $okp of $total pairs walk, $(since "$tw") s after the last edge came back"
check_eq "after the churn, every node's routes lead to every other node again" "$total" "$okp"
check "dmesg clean" dmesg_clean
tap_done
