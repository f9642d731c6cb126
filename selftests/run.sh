#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - run the kernel selftests (inside the VM: scripts/vm-run)
#
#   selftests/run.sh [TEST...]      default: every selftests/*.sh but lib.sh
#
# Prints each test's TAP output, then a summary line counting test points
# (a script that fails without a failing point counts as one). A test that
# leaves a WARNING, BUG or leak report in dmesg fails, whatever it printed.
# A test that runs longer than LM_TEST_TIMEOUT seconds (default 600) is
# stopped and fails; if the guest cannot configure its network after that
# (a task stuck in the kernel), the remaining tests fail without running.
cd "$(dirname "$0")" || exit 1

if [ $# -gt 0 ]; then
	tests=("$@")
else
	# A test that says "lm-selftest: long" in its first lines runs only
	# when named (its own make target): make test keeps to its budget.
	mapfile -t tests < <(ls -1 ./*.sh | grep -v -e '/lib.sh$' -e '/run.sh$' |
		while read -r f; do
			head -n 30 "$f" | grep -q 'lm-selftest: long' || echo "$f"
		done | sort)
fi

# Seconds one test may take before it is stopped and counted as failed.
TEST_TIMEOUT=${LM_TEST_TIMEOUT:-600}

# After a timeout: what the blocked tasks were doing (into dmesg, which the
# dmesg check below then prints), and the test's leftovers killed.
sweep_after_timeout() {
	local ns
	[ -w /proc/sysrq-trigger ] && echo w >/proc/sysrq-trigger
	for ns in $(ip netns list 2>/dev/null | cut -d' ' -f1); do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
		timeout 10 ip netns del "$ns" 2>/dev/null
	done
}

# Can the guest still configure its network? A task stuck in the kernel
# holding RTNL stops every later test; they are reported, not waited for.
guest_alive() {
	timeout 30 ip link show >/dev/null 2>&1
}

pass=0 fail=0 skip=0 failed= wedged=
points_pass=0 points_fail=0 points_skip=0
for t in "${tests[@]}"; do
	t=./$(basename "$t" .sh).sh
	name=$(basename "$t" .sh)
	if [ -n "$wedged" ]; then
		fail=$((fail + 1)) failed="$failed $name"
		points_fail=$((points_fail + 1))
		echo "not ok - $name (not run: the guest's network stack hangs since $wedged)"
		continue
	fi
	echo "# ---- $name"
	mark=$(dmesg | wc -l)
	start=$(date +%s)
	out=$(mktemp)
	# The test writes to a file, not a pipe: a process it leaves behind
	# (in a namespace, or stuck in the kernel) would hold a pipe open and
	# stall the run; tail follows the file only as long as the test lives.
	timeout -k 10 "$TEST_TIMEOUT" bash "$t" >"$out" 2>&1 &
	tpid=$!
	tail -n +1 -s 0.5 -F --pid="$tpid" "$out" 2>/dev/null | sed -u 's/^/  /'
	wait "$tpid"
	rc=$?
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		echo "# $name: timed out after ${TEST_TIMEOUT}s"
		sweep_after_timeout
		if ! guest_alive; then
			wedged=$name
		fi
	fi
	p=$(grep -cE '^ok [0-9]+' "$out" | head -1)
	s=$(grep -cE '^ok [0-9]+ .*# SKIP' "$out" | head -1)
	f=$(grep -cE '^not ok [0-9]+' "$out" | head -1)
	rm -f "$out"
	points_pass=$((points_pass + p - s)) points_skip=$((points_skip + s))
	points_fail=$((points_fail + f))
	if dmesg | tail -n +"$((mark + 1))" |
		grep -Eq 'WARNING:|BUG:|Oops|Call Trace|kmemleak|UBSAN|general protection'; then
		echo "# dmesg after $name:"
		dmesg | tail -n +"$((mark + 1))" | sed 's/^/#   /' | tail -n 40
		rc=1
	fi
	case $rc in
	0) pass=$((pass + 1)); echo "ok - $name ($(( $(date +%s) - start ))s)" ;;
	4) skip=$((skip + 1)); echo "ok - $name # SKIP" ;;
	*) fail=$((fail + 1)); failed="$failed $name"
	   [ "$f" = 0 ] && points_fail=$((points_fail + 1))
	   echo "not ok - $name (exit $rc, $(( $(date +%s) - start ))s)" ;;
	esac
done
[ -n "$failed" ] && echo "# failed:$failed"
echo "# scripts: $pass passed, $fail failed, $skip skipped"
echo "selftests: $points_pass passed, $points_fail failed, $points_skip skipped"
[ "$fail" = 0 ]
