#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rx_fuzz.sh - thousands of random and mutated frames at a mesh node: it
# keeps working, the kernel stays quiet, and every frame is accounted for.
#
# Seeds: the frames of real traffic between two mesh nodes A and B
# (IPHC unicast, UDP with NHC, 1280-byte pings in FRAG1/FRAGN, multicast
# ND/MLD under mesh and BC0 headers), captured on a third radio I. Then B is
# cut off and lm-inject sends, from I to A's address, FUZZ_N structure-aware
# random frames and FUZZ_N mutations of the captured frames (seeded:
# FUZZ_SEED; the same seed sends the same frames: lm-inject -n prints them).
# A run that fails keeps its input: the capture goes to
# results/rx_fuzz-SEED.pcap, and FUZZ_SEED=SEED FUZZ_PCAP=that-file replays
# exactly the frames of that run (the capture step is skipped) at nodes
# of the same addresses (FUZZ_ADDRS, printed with the command).
#
# What is proved, exactly:
#  - A's receive handler ran once per injected frame (rx_frames went up by
#    exactly the number injected: nothing else talks to A meanwhile), and
#  - each frame ended in exactly one outcome counter:
#      rx_frames = sum(rx_drop_*) + bc0_duplicate + fwd_drop_hops
#                + fwd_drop_no_route + fwd_frames + fwd_drop_xmit
#                - bc0_flooded + ctrl_rx + ctrl_drop + frag_rx
#                + rx_packets - reasm_ok
#    (a flooded BC0 frame is both sent on - its copy counts in fwd_* and in
#    bc0_flooded - and taken; a fragment is counted in frag_rx, whatever
#    becomes of it; rx_packets - reasm_ok are whole packets delivered),
#  - the reassembly drops are a part of frag_rx,
#  - afterwards A still answers pings (small and fragmented), with no
#    WARNING, BUG or Oops in dmesg.
source "$(dirname "$0")/lib.sh"
require_root_vm
INJ=$LM_TOOLS/lm-inject
[ -x "$INJ" ] || skip_all "selftests/tools not built (make -C selftests/tools)"
command -v dumpcap >/dev/null || skip_all "needs dumpcap"
FUZZ_N=${FUZZ_N:-5000}
FUZZ_SEED=${FUZZ_SEED:-$(date +%s)}

tap_plan 11

lm_load reasm_timeout_ms=1000 || skip_all "cannot load the module"
hwsim_radios 3 || skip_all "cannot create hwsim radios"
radio_link 0 1 && radio_link 0 2 && radio_link 1 2
# FUZZ_ADDRS="A B I": the extended addresses of a run to replay (the
# frames of a capture name the nodes of their run)
if [ -n "${FUZZ_ADDRS:-}" ]; then
	read -r xa xb xi <<<"$FUZZ_ADDRS"
	node A 0 && wpan_set_ext A "$xa" && mesh_up A &&
	node B 1 && wpan_set_ext B "$xb" && mesh_up B &&
	node I 2 && wpan_set_ext I "$xi"
else
	mesh_node A 0 && mesh_node B 1 && node I 2
fi
check "mesh nodes A and B, bare wpan I hearing both" [ $? = 0 ]
# Routing off on B: A's rx_frames must grow by exactly the injected frames,
# and B's hellos and advertisements (every second) would add to them. A
# keeps it on, so routing frames are among the seeds and the mutated
# frames reach A's routing code.
nsx B "$IOTCTL" dev set mesh0 routing off
WI=$(wpan_of I)
DA=$(wpan_ext A)
ADDRS="$DA $(wpan_ext B) $(wpan_ext I)"
wait_lladdr A mesh0 && wait_lladdr B mesh0
LA=$(lladdr A mesh0) LB=$(lladdr B mesh0)
nsx A ip -6 addr add 2001:db8::a/64 dev mesh0 nodad
nsx B ip -6 addr add 2001:db8::b/64 dev mesh0 nodad
tap_note "seed $FUZZ_SEED, $FUZZ_N random + $FUZZ_N mutated frames (FUZZ_SEED=, FUZZ_N= to repeat)"

# --- seeds: real frames ----------------------------------------------------------------

TMP=$(mktemp -d)
defer "rm -rf $TMP"
cap=$TMP/rx_fuzz.pcap
if [ -n "${FUZZ_PCAP:-}" ]; then
	cp "$FUZZ_PCAP" "$cap" || { echo "Bail out! cannot read FUZZ_PCAP=$FUZZ_PCAP"; exit 1; }
	tap_note "replaying the capture $FUZZ_PCAP"
	ping6_ok A "$LB%mesh0"	# A knows B, as after a capture
else
	capture_start I "$WI" "$cap" -P
	cap_pid=$CAPTURE_PID
	ping6_ok A "$LB%mesh0"
	ping6_ok B "$LA%mesh0" -s 1232
	ping6_ok A 2001:db8::b -c 1
	echo seed | nsx A timeout 5 nc -6 -u -w1 2001:db8::b 5683 >/dev/null 2>&1
	nsx B ping -6 -c 1 -W 2 -I mesh0 ff02::1 >/dev/null 2>&1
	sleep 1
	capture_stop $cap_pid
fi
nseeds=$("$INJ" -n -p "$cap" | wc -l)
check_ge "captured seed frames" 10 "$nseeds"
nfrag=$("$INJ" -n -p "$cap" | grep -Ec '^(c|d|e)' )
tap_note "$nseeds seed frames, $nfrag of them fragments"

# --- fuzz: A hears only I now ----------------------------------------------------------------

unlink_radios 0 1
declare -A s0 s1
read_stats() {	# ARRAY: all counters of A's mesh0
	local -n _a=$1
	local k v
	_a=()
	while read -r k v; do
		[ -n "$v" ] && _a[$k]=$v
	done < <(nsx A "$IOTCTL" stats mesh0 | tail -n +2)
}
sleep 1		# frames from B still in flight
read_stats s0
check "dmesg clean before the fuzz" dmesg_clean

t0=$(date +%s)
out=$(nsx I "$INJ" -i "$WI" -d "$DA" -r "$FUZZ_N" -s "$FUZZ_SEED")
check_eq "lm-inject sent $FUZZ_N random frames" "sent $FUZZ_N frames" "$out"
out=$(nsx I "$INJ" -i "$WI" -d "$DA" -m "$FUZZ_N" -s "$FUZZ_SEED" -p "$cap")
check_eq "lm-inject sent $FUZZ_N mutated captured frames" "sent $FUZZ_N frames" "$out"
n=$((2 * FUZZ_N))
# wait until A has seen them all (or stopped seeing any)
last=-1
for _ in $(seq 100); do
	read_stats s1
	got=$(( ${s1[rx_frames]} - ${s0[rx_frames]} ))
	[ "$got" -ge "$n" ] || [ "$got" = "$last" ] && break
	last=$got
	sleep 1
done
sleep 1
read_stats s1
tap_note "injected $n frames in $(( $(date +%s) - t0 )) s"

dl() { echo $(( ${s1[$1]:-0} - ${s0[$1]:-0} )); }
check_eq "A's handler ran once per injected frame (rx_frames +$n)" "$n" "$(dl rx_frames)"

sum=0 detail=
for k in "${!s1[@]}"; do
	case $k in
	rx_drop_*|bc0_duplicate|fwd_drop_hops|fwd_drop_no_route|fwd_frames|\
	fwd_drop_xmit|ctrl_rx|ctrl_drop|frag_rx|rx_packets)
		sum=$((sum + $(dl "$k"))) ;;
	bc0_flooded|reasm_ok)
		sum=$((sum - $(dl "$k"))) ;;
	*) continue ;;
	esac
	[ "$(dl "$k")" != 0 ] && detail="$detail $k=$(dl "$k")"
done
tap_note "outcomes:$detail"
check_eq "every frame ended in exactly one outcome counter" "$(dl rx_frames)" "$sum"
reasm_drops=$(( $(dl reasm_drop_bad) + $(dl reasm_drop_overlap) + $(dl reasm_drop_limit) ))
check "reassembly drops ($reasm_drops) are part of frag_rx ($(dl frag_rx))" \
	[ "$reasm_drops" -le "$(dl frag_rx)" ]

# --- A still works ----------------------------------------------------------------------------

radio_link 0 1
sleep 1.5	# partial datagrams of the fuzz expire (reasm_timeout_ms=1000)
# A may still be resolving the random sources the fuzz made it answer:
# give it three tries.
ping_a() {
	local i
	for i in 1 2 3; do ping6_ok B "$LA%mesh0" && return 0; sleep 2; done
	# what a user would look at next
	echo "A's neighbours:"; nsx A ip -6 neigh show dev mesh0 | grep -v FAILED
	echo "B's neighbours:"; nsx B ip -6 neigh show dev mesh0 | grep -v FAILED
	echo "A's mesh neighbours:"; nsx A "$IOTCTL" neigh show 2>&1 | head -n 6
	return 1
}
check "after the fuzz: B pings A" ping_a
check "  and with 1280-byte (fragmented) packets both ways" \
	bash -c "ip netns exec B ping -6 -q -c 3 -i 0.3 -W 5 -s 1232 '$LA%mesh0' &&
		 ip netns exec A ping -6 -q -c 3 -i 0.3 -W 5 -s 1232 '$LB%mesh0'" 
check "no WARNING, BUG or Oops in dmesg" dmesg_clean

# Keep the input of a failing run, so that it can be replayed.
if [ "$_tap_fail" -gt 0 ]; then
	keep=$LM_ROOT/results/rx_fuzz-$FUZZ_SEED.pcap
	mkdir -p "$LM_ROOT/results" && cp "$cap" "$keep" &&
		tap_note "replay: FUZZ_SEED=$FUZZ_SEED FUZZ_PCAP=$keep FUZZ_ADDRS='$ADDRS' selftests/run.sh rx_fuzz"
	tap_note "the frames: $INJ -n -m $FUZZ_N -s $FUZZ_SEED -p $keep"
fi

tap_done
