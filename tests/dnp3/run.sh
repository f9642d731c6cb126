#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run every host test of dnp3-serial-bridge: one "ok N - name" or
# "not ok N - name" line per test, then "N passed, N failed".
# FUZZ_SECONDS (default 20) bounds each libFuzzer run.
set -u
cd "$(dirname "$0")" || exit 1
OUT=$PWD/out
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
export DNP3_BRIDGE=${DNP3_BRIDGE:-$PWD/../../userspace/dnp3-serial-bridge/dnp3-serial-bridge}
export DNP3_BRIDGE_ASAN=${DNP3_BRIDGE_ASAN:-$OUT/dnp3-serial-bridge-asan}
TMP=$(mktemp -d /tmp/dnp3-tests.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
. ../lib/tap.sh

run_fuzz() {
	local name=$1 corpus=$TMP/corpus-$1
	mkdir -p "$corpus"
	cp corpus/"$name"/* "$corpus"/ 2>/dev/null
	"$OUT/fuzz_$name" -max_total_time="$FUZZ_SECONDS" -max_len=4096 -timeout=5 \
		-print_final_stats=1 "$corpus" >"$TMP/fuzz-$name.log" 2>&1
	echo $? >"$TMP/fuzz-$name.rc"
}

# the fuzzers run in the background while the other tests run
run_fuzz frame &
fz1=$!
run_fuzz config &
fz2=$!

# a hang becomes a failure (status 124), never a stuck run
tap_prog "" timeout 60 "$OUT/unit"
tap_prog "" timeout 150 "$OUT/itest"
tap_prog "" timeout 90 ./tshark.sh

wait $fz1 $fz2
for f in frame config; do
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$TMP/fuzz-$f.log")
	if [ "$(cat "$TMP/fuzz-$f.rc")" = 0 ]; then
		tap_ok "fuzz: $f parser, ${FUZZ_SECONDS}s, ${runs:-?} inputs, no crash"
	else
		grep -E 'ERROR|SUMMARY|Test unit written' "$TMP/fuzz-$f.log" |
			sed 's/^/# /' | head -n 10
		tap_not_ok "fuzz: $f parser found a crash (see above)"
	fi
done

tap_done
