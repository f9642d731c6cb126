#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run test programs, number their "ok - name" / "not ok - name" lines,
# pass "# ..." lines through, and end with "N passed, N failed".
# A program that exits non-zero without reporting a failure (a sanitizer
# abort, a crash) counts as one failed test.
#
# usage: run.sh BUILDDIR "COMMAND" ...
set -u

dir=$1
shift
log=$dir/run.log
: >"$log"
n=0
pass=0
fail=0
skip=0

for cmd in "$@"; do
	out=$dir/run.out
	$cmd >"$out" 2>"$dir/run.err"
	rc=$?
	nfail=0
	while IFS= read -r line; do
		case $line in
		"not ok"*)
			n=$((n + 1)); fail=$((fail + 1)); nfail=$((nfail + 1))
			echo "not ok $n ${line#not ok }";;
		"ok"*)
			n=$((n + 1)); pass=$((pass + 1))
			case $line in *"# SKIP"*) skip=$((skip + 1));; esac
			echo "ok $n ${line#ok }";;
		*)
			echo "$line";;
		esac
	done <"$out"
	cat "$dir/run.err" >>"$log"
	if [ "$rc" -ne 0 ] && [ "$nfail" -eq 0 ]; then
		n=$((n + 1)); fail=$((fail + 1))
		echo "not ok $n - $cmd exited with status $rc"
		tail -n 30 "$dir/run.err" | sed 's/^/# /'
	fi
done

[ "$skip" -gt 0 ] && echo "# $skip skipped (counted as passed)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
