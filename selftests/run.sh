#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - run the kernel selftests (inside the VM: scripts/vm-run)
#
#   selftests/run.sh [TEST...]      default: every selftests/*.sh but lib.sh
#
# Prints each test's TAP output, then a summary line counting test points
# (a script that fails without a failing point counts as one). A test that
# leaves a
# WARNING, BUG or leak report in dmesg fails, whatever it printed.
cd "$(dirname "$0")" || exit 1

if [ $# -gt 0 ]; then
	tests=("$@")
else
	mapfile -t tests < <(ls -1 ./*.sh | grep -v -e '/lib.sh$' -e '/run.sh$' | sort)
fi

pass=0 fail=0 skip=0 failed=
points_pass=0 points_fail=0 points_skip=0
for t in "${tests[@]}"; do
	t=./$(basename "$t" .sh).sh
	name=$(basename "$t" .sh)
	echo "# ---- $name"
	mark=$(dmesg | wc -l)
	start=$(date +%s)
	out=$(mktemp)
	timeout -k 10 600 bash "$t" 2>&1 | tee "$out" | sed -u 's/^/  /'
	rc=${PIPESTATUS[0]}
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
