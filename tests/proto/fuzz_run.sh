#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Bounded libFuzzer run of one fuzzer (fuzz_lowpan, fuzz_ctrl): FUZZ_TIME
# seconds (default 20),
# seeds from the committed corpus, new inputs and crash artifacts under
# the build directory (the committed corpus is never written to).
#
# usage: fuzz_run.sh FUZZER SEED_CORPUS BUILDDIR
set -u

fuzzer=$1
seeds=$2
dir=$3
name=$(basename "$fuzzer")
t=${FUZZ_TIME:-20}
work=$dir/fuzz-corpus
log=$dir/fuzz.log

mkdir -p "$work" "$dir/artifacts"
"$fuzzer" -max_total_time="$t" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
	"$work" "$seeds" >"$log" 2>&1
rc=$?
runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 runs in \2 s/p' "$log")
cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
if [ "$rc" -eq 0 ]; then
	echo "ok - $name ${t}s: ${runs:-?}, $cov, corpus $(ls "$work" | wc -l)"
else
	echo "# $name exited with $rc, log in $log"
	grep -E 'FUZZ_CHECK|ERROR|SUMMARY|artifact|Test unit written' "$log" |
		head -n 20 | sed 's/^/# /'
	echo "not ok - $name ${t}s"
fi
exit "$rc"
